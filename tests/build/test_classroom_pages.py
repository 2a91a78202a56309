"""The built classroom pages: furigana on every kanji of the children's pages (their own
text and the theme's), answer keys computed by the engine, and the diagrams."""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from mkdocs.exceptions import PluginError

from calculators import web

# CJK Unified Ideographs, Extension A, and Compatibility Ideographs.
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Attributes read aloud or shown as tooltips.
SPOKEN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
# Elements whose text is never shown or read.
SILENT = {"script", "style", "template"}


class ArticleText(HTMLParser):
    """Text of <article> outside <ruby>, and its spoken attributes, with line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_ruby = 0
        self.silent = 0
        self.bare: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if tag == "ruby":
            self.in_ruby += 1
        if tag in SILENT:
            self.silent += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value and KANJI.search(value):
                self.bare.append((self.getpos()[0], f'{tag} {name}="{value}"'))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if not self.in_article:
            return
        if tag == "ruby":
            self.in_ruby -= 1
        if tag in SILENT:
            self.silent -= 1

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.in_ruby and not self.silent and KANJI.search(data):
            self.bare.append((self.getpos()[0], data.strip()))


def bare_kanji(html: str) -> list[tuple[int, str]]:
    parser = ArticleText()
    parser.feed(html)
    return parser.bare


@pytest.mark.parametrize("page", ["kids/index.html", "schools/sheet/index.html"])
def test_every_kanji_in_the_children_s_pages_is_in_ruby(built_site: Path, page: str) -> None:
    """The main text, including the theme's own (calculate button, 最終更新日, feedback
    link, heading links), has furigana on every kanji."""
    html = (built_site / page).read_text(encoding="utf-8")
    assert "<article" in html and "最終更新日" in html
    bare = bare_kanji(html)
    assert bare == [], "\n".join(
        f"{page}:{line}: ふりがなのない漢字: {text}" for line, text in bare
    )


def test_the_ruby_check_finds_bare_theme_text() -> None:
    """The checker itself: ruby passes, bare text and a kanji tooltip are reported."""
    html = (
        '<body><p>外</p><article class="md-content__inner">'
        "<p><ruby>地球<rt>ちきゅう</rt></ruby></p><p>最終更新日: 2026</p>"
        '<a title="この見出しへのリンク">¶</a></article></body>'
    )
    found = [text for _, text in bare_kanji(html)]
    assert found == ["最終更新日: 2026", 'a title="この見出しへのリンク"']


# Answer keys and example households -------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def load_hook(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "overrides" / "hooks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def engine_result(letter: str) -> dict:  # type: ignore[type-arg]
    examples = tomllib.loads((ROOT / "docs" / "schools" / "examples.toml").read_text("utf-8"))
    raw = {k: str(v) for k, v in examples[letter].items()}
    return json.loads(web.run(json.dumps(raw), "ja"))["result"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("page", ["schools/index.html", "en/schools/index.html"])
def test_answer_key_shows_the_engine_s_numbers(built_site: Path, page: str) -> None:
    """The teachers' answers (totals, per person, quiz question 3, class codes) are the engine's."""
    html = (built_site / page).read_text(encoding="utf-8")
    for letter in "ABC":
        result = engine_result(letter)
        assert f"{result['total_kg_per_year']:,.0f}" in html
        assert f"{result['per_person_kg_per_year']:,.0f}" in html
        assert result["class_code"] in html
        electricity_month = result["by_source_kg_per_year"]["electricity"] / 12
        assert f"{electricity_month:,.1f}" in html
    # Quiz question 3 gives the number, not only the formula.
    a_electricity = engine_result("A")["by_source_kg_per_year"]["electricity"]
    assert html.count(f"{a_electricity:,.0f}") >= 3
    # The share links open the calculator with the example's inputs.
    assert "calculator/?household_size=5&amp;electricity_kwh=450&amp;lpg_m3=15" in html


def test_unknown_example_or_path_stops_the_build_with_file_and_line() -> None:
    hook = load_hook("classroom")

    class Page:
        url = "schools/"

        class file:  # mimics mkdocs' page.file
            src_uri = "schools/index.md"
            locale = "ja"

    class Config:
        theme: ClassVar[dict[str, str]] = {"language": "ja"}

    for marker, expected in [
        ("<!-- md:example Z electricity_kwh -->", "unknown example"),
        ("<!-- md:example A electricity_kw -->", "KEY one of"),
        ("<!-- md:answer A total_kg -->", "has no 'total_kg'"),
        ("<!-- md:answer A monthly.coal 1 -->", "unknown source 'coal'"),
    ]:
        with pytest.raises(PluginError) as caught:
            hook.on_page_markdown(f"# T\n\n{marker}\n", Page(), Config(), None)
        assert "docs/schools/index.md, line 3" in str(caught.value)
        assert expected in str(caught.value)
    diagrams = load_hook("diagrams")
    with pytest.raises(PluginError, match=r"line 1: unknown diagram 'tree'"):
        diagrams.on_page_markdown("<!-- md:diagram tree -->", Page(), Config(), None)
