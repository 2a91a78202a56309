"""Content checks on the Markdown in docs/, reported in Japanese with file and line.

Each failure message lists ``docs/<page>/index.md:<line>: <what to do> (<rule>)``
so a staff member can fix the page without a developer. The same functions run
on deliberately broken pages in test_checks_fail.py, which proves they can fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import quality_checks as q

JAPANESE_PAGES = [p for p in q.markdown_pages() if not q.is_english(p)]
ENGLISH_PAGES = [p for p in q.markdown_pages() if q.is_english(p)]


def english_terms_config(tmp_path: Path) -> Path:
    """A textlint config with only the terminology rule and the English dictionary (prh.en.yml)."""
    settings = json.loads((q.ROOT / ".textlintrc.json").read_text(encoding="utf-8"))
    config = {
        "filters": settings["filters"],
        "rules": {"prh": {"rulePaths": [str(q.ROOT / "prh.en.yml")]}},
    }
    path = tmp_path / "textlintrc.en.json"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


def test_japanese_prose_passes_textlint() -> None:
    """Japanese pages pass textlint (ja-technical-writing, jtf-style, prh.yml) as configured in .textlintrc.json."""
    assert len(JAPANESE_PAGES) >= 3
    problems = q.textlint_problems(JAPANESE_PAGES)
    assert problems == [], q.report(
        problems, "日本語の文章の検査（textlint）で直してほしい箇所があります"
    )


def test_english_pages_use_the_site_terms(tmp_path: Path) -> None:
    """English pages use the English terms in prh.en.yml (J-Credit, CO₂, t-CO₂, emission factor…)."""
    problems = q.textlint_problems(ENGLISH_PAGES, config=english_terms_config(tmp_path))
    assert problems == [], q.report(
        problems, "英語のページの用語（prh.en.yml）で直してほしい箇所があります"
    )


def test_every_page_has_a_translation_with_the_same_sources_and_figures() -> None:
    """Each index.md has an index.en.md (and the reverse) with the same source links and the same figures."""
    problems = q.check_counterparts()
    assert problems == [], q.report(problems, "日本語と英語のページがそろっていません")


@pytest.mark.parametrize(
    "kind,what",
    [
        ("front matter", "ページ冒頭の設定（front matter）に使えないキーがあります"),
        ("script", "ページにスクリプトが書かれています"),
        ("image", "代わりの文章（alt）がない画像があります"),
        ("sources", "出典の見出しがないページがあります"),
        ("typed figure", "データの数値がマーカーを使わずに直接書かれています"),
    ],
)
def test_markdown_rules(kind: str, what: str) -> None:
    """Front matter keys are title/description/hide; no <script> or on…= handler; every image has alt text;
    every page has a sources section (## 出典 / ## Sources); no figure of calculators/data/ is typed
    (same value and unit) where its marker belongs."""
    problems = [p for k, p in q.iter_docs_problems() if k == kind]
    assert problems == [], q.report(problems, what)


def test_prh_dictionaries_are_self_consistent(tmp_path: Path) -> None:
    """prh runs each dictionary's own specs when it loads; a broken rule stops textlint with an error."""
    sample = tmp_path / "sample.md"
    sample.write_text("カーボンオフセットとJクレジットでCO2を減らします。\n", encoding="utf-8")
    found = q.textlint_problems([sample], base=tmp_path)
    assert {p.message.split("」")[0] for p in found if p.message.endswith("(prh)")} >= {
        "「カーボンオフセット",
        "「Jクレジット",
        "「CO2",
    }
    english = tmp_path / "sample.en.md"
    english.write_text("Buy J-credits to offset 2 tCO2.\n", encoding="utf-8")
    found_en = q.textlint_problems([english], base=tmp_path, config=english_terms_config(tmp_path))
    assert len([p for p in found_en if p.message.endswith("(prh)")]) == 2
