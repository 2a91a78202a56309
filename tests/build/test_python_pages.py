"""The built /python/ page and its teachers' page /schools/python/.

The model answers are written once, in docs/python/ (``~~~python answer``). The
pupils' page must carry none of them; the teachers' page carries every one, with
the task, in both languages. The answers are read here with the build hook's own
parser, so nothing here repeats the pages' content.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"ja": ("python/index.md", ""), "en": ("python/index.en.md", "en/")}


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "exercises_hook_build", ROOT / "overrides" / "hooks" / "exercises.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def answers(lang: str) -> list[str]:
    source, _ = PAGES[lang]
    text = (ROOT / "docs" / source).read_text(encoding="utf-8")
    _, exercises = load_hook().parse(text, source)
    assert len(exercises) == 6
    return [ex.answer for ex in exercises]


def text_of(page: str) -> str:
    """The page's HTML with tags removed and entities decoded (code blocks become plain text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_pupils_page_carries_no_model_answer(built_site: Path) -> None:
    for lang, (_, prefix) in PAGES.items():
        page = (built_site / prefix / "python" / "index.html").read_text(encoding="utf-8")
        shown = text_of(page)
        for n, answer in enumerate(answers(lang), 1):
            # The lines that make an answer an answer (the ones the starting code lacks).
            assert answer.strip() not in shown, f"{lang}: exercise {n}'s answer is on /python/"
        assert "exercise__answer" not in page and "<details class=\"exercise__answer" not in page


def test_the_teachers_page_has_every_answer_from_the_same_markdown(built_site: Path) -> None:
    for lang, (_, prefix) in PAGES.items():
        page = (built_site / prefix / "schools" / "python" / "index.html").read_text(encoding="utf-8")
        blocks = [
            text_of(block)
            for block in re.findall(r'<div class="highlight"><pre.*?</pre>', page, re.S)
        ]
        assert [block.strip() for block in blocks] == [a.strip() for a in answers(lang)], lang
        for n in range(1, 7):
            assert f'href="../../python/#exercise-{n}"' in page, (lang, n)
        # The 情報Ⅰ plan cites MEXT's page for the Course of Study.
        assert "https://www.mext.go.jp/a_menu/shotou/new-cs/1384661.htm" in page


def test_the_output_is_a_named_region_and_python_s_own_words_have_a_box(built_site: Path) -> None:
    """A <pre> may carry aria-labelledby only with a role (Nu HTML Checker): region."""
    page = (built_site / "python" / "index.html").read_text(encoding="utf-8")
    outputs = re.findall(r"<pre [^>]*data-exercise-output[^>]*>", page)
    assert len(outputs) == 6
    for n, tag in enumerate(outputs, 1):
        assert 'role="region"' in tag and f'aria-labelledby="exercise-{n}-output"' in tag
        assert f'id="exercise-{n}-output">演習{n}の出力</p>' in page
    assert page.count("data-exercise-detail hidden") == 6
    assert page.count("<summary>Pythonのもとのメッセージ（英語）</summary>") == 6
