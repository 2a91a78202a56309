"""Japanese pages show no space between sentences written on separate source lines
(overrides/hooks/cjk.py joins them at build time; the source keeps one sentence per line)."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

from cjk import join_cjk_lines  # noqa: E402 - the hook is not a package

JAPANESE = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]"
#: 「。」 then white space (a space on screen) then a Japanese character.
SPACE_AFTER_MARU = re.compile(rf"。[ \t\r\n\u00a0]+(?={JAPANESE})")


class _VisibleText(HTMLParser):
    """The text a browser lays out, with white space kept (pre, code, script and style
    dropped). A block boundary becomes "¦": white space next to it is not shown."""

    SKIP = frozenset({"pre", "code", "script", "style", "textarea", "template"})
    INLINE = frozenset(
        {
            "a",
            "abbr",
            "b",
            "strong",
            "em",
            "i",
            "span",
            "ruby",
            "rt",
            "rp",
            "small",
            "sup",
            "sub",
            "mark",
            "output",
            "time",
            "q",
            "s",
            "u",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1
        if tag not in self.INLINE:
            self.chunks.append("¦")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.depth:
            self.depth -= 1
        if tag not in self.INLINE:
            self.chunks.append("¦")

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "".join(parser.chunks)


def japanese_pages(site: Path) -> list[Path]:
    return [
        p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in {"en", "assets"}
    ]


def test_no_space_after_maru_on_any_japanese_page(built_site: Path) -> None:
    """No built Japanese page shows 「。 」 followed by a Japanese character."""
    pages = japanese_pages(built_site)
    assert len(pages) >= 10
    problems = []
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        for match in SPACE_AFTER_MARU.finditer(text):
            around = text[max(0, match.start() - 15) : match.end() + 10].replace("\n", "⏎")
            problems.append(f"{page.relative_to(built_site)}: …{around}…")
    assert problems == [], "「。」のあとに空白があります:\n" + "\n".join(problems[:20])


def test_the_check_finds_a_space_after_maru() -> None:
    """The check above would fail on a page built without the hook."""
    assert SPACE_AFTER_MARU.search(visible_text("<p>考え方です。\n埋め合わせには</p>"))
    assert not SPACE_AFTER_MARU.search(
        visible_text(join_cjk_lines("<p>考え方です。\n埋め合わせには</p>"))
    )


def test_joining_keeps_links_ruby_code_and_english() -> None:
    """Inline tags stay; line breaks in <pre> stay; English words keep their space."""
    html = (
        '<p>文です。\n<a href="x">リンク</a>です。\n<ruby>漢<rt>かん</rt></ruby>\n字。\nCO₂ is\nfine</p>'
        "<pre>一。\n二</pre>"
    )
    assert join_cjk_lines(html) == (
        '<p>文です。<a href="x">リンク</a>です。<ruby>漢<rt>かん</rt></ruby>字。CO₂ is\nfine</p>'
        "<pre>一。\n二</pre>"
    )
