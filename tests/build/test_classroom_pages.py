"""The built classroom pages: furigana on every kanji of the children's pages (their own
text and the theme's), answer keys computed by the engine, and the diagrams."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

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
