"""The model answers of the Python exercises, on the teachers' page (MkDocs hook).

``<!-- md:exercise-answers -->`` (on ``docs/schools/python/``) becomes, for each
exercise of ``docs/python/index.md`` (``index.en.md`` on the English page), its
heading, its task, a link to it on the pupils' page and its model answer
(``~~~python answer``) as a plain code block.

The answers are read from the same Markdown as the exercises, with the parser of
``exercises.py``, so the two pages cannot drift apart; the build's check that each
answer passes (``exercises.py``, in real Pyodide) still runs on the pupils' page.
The pupils' page itself shows no answer.

Runs before ``markers.py``, which rejects markers it does not know and then fills
in the figures of the task text.
"""

from __future__ import annotations

import importlib.util
import posixpath
import re
import sys
from pathlib import Path
from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

DOCS = Path(__file__).resolve().parents[2] / "docs"
MARKER = re.compile(r"<!--\s*md:exercise-answers\s*-->")
SOURCE = {"ja": "python/index.md", "en": "python/index.en.md"}
LINK = re.compile(r"\]\((?!https?:|mailto:|#|/)([^)\s]+)\)")
OPEN = {
    "ja": "「Pythonで確かめよう」の演習{n}を開く",
    "en": "Open exercise {n} on Try it in Python",
}


def _exercises_hook() -> ModuleType:
    """exercises.py, which sits beside this file (MkDocs loads hooks by path, not as a package)."""
    name = "_exercises_hook_for_answers"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("exercises.py"))
    if spec is None or spec.loader is None:  # pragma: no cover - the file sits beside this one
        raise PluginError("overrides/hooks/exercises.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def _relink(markdown: str, source: str, page: str) -> str:
    """Relative links of ``source`` (a path under docs/) rewritten to work from ``page``."""

    def swap(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), match.group(1)))
        return "](" + posixpath.relpath(target, posixpath.dirname(page)) + ")"

    return LINK.sub(swap, markdown)


def answers_markdown(lang: str, page_uri: str) -> str:
    """Heading, task, link and model answer of every exercise, as Markdown for ``page_uri``."""
    source = SOURCE[lang]
    text = (DOCS / source).read_text(encoding="utf-8")
    _, exercises = _exercises_hook().parse(text, source)
    if not exercises:
        raise PluginError(
            f"docs/{page_uri}: <!-- md:exercise-answers --> で解答例を出す docs/{source} に、"
            "演習（~~~python exercise のブロック）が1つもありません。"
            "演習を足すか、このマーカーを消してください"
        )
    pupils = posixpath.relpath("python/index.md", posixpath.dirname(page_uri))
    parts: list[str] = []
    for n, ex in enumerate(exercises, 1):
        parts += [f"### {ex.heading}", ""]
        if ex.task:
            parts += [_relink(ex.task, source, page_uri), ""]
        parts += [f"[{OPEN[lang].format(n=n)}]({pupils}#exercise-{n})", ""]
        # Plain text, as in the exercise's own editor: the theme's syntax colours fall
        # short of AA contrast for comments (axe, tests/quality/test_pages_in_browser.py).
        parts += ["```text", ex.answer.rstrip("\n"), "```", ""]
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not MARKER.search(markdown):
        return markdown
    lang = str(getattr(page.file, "locale", None) or config.theme["language"])
    lang = "en" if lang == "en" else "ja"
    block = answers_markdown(lang, page.file.src_uri)
    return MARKER.sub(lambda _: block, markdown)
