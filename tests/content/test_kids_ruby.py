"""The children's page (docs/kids/index.md) has furigana on every kanji.

The page is written in やさしい日本語 for children who cannot yet read every
kanji, so each kanji must sit inside a ``<ruby>…<rt>…</rt></ruby>`` element.
This test builds nothing: it reads the Markdown file, removes every ruby
element, HTML comment (which includes the ``<!-- md:… -->`` markers, replaced by
numbers at build time) and the link targets, and asserts that no kanji (CJK
Unified Ideographs, including extension A and the compatibility block) is left.

The front matter is checked the same way: its ``title`` and ``description``
cannot hold ruby markup, so they must be written in kana (the ruby version of
the title is the page's ``# `` heading).
"""

from __future__ import annotations

import re
from pathlib import Path

KIDS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "kids" / "index.md"

# CJK Unified Ideographs, Extension A, and Compatibility Ideographs.
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
RUBY = re.compile(r"<ruby>.*?</ruby>", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# The address part of a Markdown link, e.g. "](../calculator/index.md)", is not read aloud or shown.
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


def kanji_outside_ruby(text: str) -> list[tuple[int, str]]:
    """Return (line number, line) for each line of TEXT with a kanji outside <ruby>.

    Ruby elements and comments are blanked out with spaces and newlines kept, so
    that line numbers still match the file.
    """

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    stripped = LINK_TARGET.sub(blank, COMMENT.sub(blank, RUBY.sub(blank, text)))
    return [
        (number, original)
        for number, (line, original) in enumerate(
            zip(stripped.splitlines(), text.splitlines(), strict=True), start=1
        )
        if KANJI.search(line)
    ]


def test_every_kanji_on_the_kids_page_has_ruby() -> None:
    """No kanji in docs/kids/index.md (front matter, headings, body, sources) is outside <ruby>."""
    text = KIDS_PAGE.read_text(encoding="utf-8")

    bare = kanji_outside_ruby(text)

    message = "\n".join(
        f"docs/kids/index.md:{number}: ふりがなのない漢字があります"
        f"（<ruby>漢字<rt>かんじ</rt></ruby> と書くか、かなで書いてください）: {line.strip()}"
        for number, line in bare
    )
    assert bare == [], message


def test_the_check_finds_a_bare_kanji_and_names_its_line() -> None:
    """The checker itself: ruby and comments pass, a bare kanji is reported with its line."""
    sample = (
        "---\ntitle: ちきゅう\n---\n"
        "<ruby>地球<rt>ちきゅう</rt></ruby>\n"
        "<!-- md:value trees.sugi_per_tree -->\n"
        "木は すいこむ\n"
    )

    found = kanji_outside_ruby(sample)

    assert found == [(6, "木は すいこむ")]
