"""Reader pages speak to readers: no repository paths or developer file names in the text.

Issue 23 found 'README' and script paths on the privacy and methodology pages; they were
rewritten by hand (the scripts are named by the address the site serves them at). This
reads the visible text of every built page's article (comments, scripts, styles and
templates left out) and allows repository paths only on the editing guide, which is for
the staff who edit the repository.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

STAFF_PAGES = {"editing-guide/index.html", "en/editing-guide/index.html"}
DEVELOPER_WORDS = re.compile(
    r"\b(?:overrides|calculators|tests|tools|benchmarks|deploy)/"
    r"|\b(?:README|CONTRIBUTING|pyproject\.toml|mkdocs\.yml|tools/dev)\b"
    r"|\b[\w-]+\.py\b"
)


HIDDEN = frozenset({"script", "style", "template", "noscript"})


class ArticleText(HTMLParser):
    """The text a reader sees in <article>: no comments, scripts, styles or templates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif tag in HIDDEN:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = ArticleText()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_check_finds_a_path_and_ignores_comments_and_scripts() -> None:
    html = (
        "<article><p>Edit calculators/data/factors.toml</p><!-- overrides/hooks/x.py -->"
        "<script>// tools/dev</script><template>README</template><p>See README.</p></article>"
    )
    assert [m.group(0) for m in DEVELOPER_WORDS.finditer(article_text(html))] == [
        "calculators/",
        "README",
    ]


def test_no_reader_page_shows_repository_paths(built_site: Path) -> None:
    found = []
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site).as_posix()
        if rel in STAFF_PAGES or rel.startswith("assets/"):
            continue
        text = article_text(page.read_text(encoding="utf-8"))
        words = sorted({m.group(0) for m in DEVELOPER_WORDS.finditer(text)})
        if words:
            found.append(f"{rel}: {', '.join(words)}")
    assert found == [], "ページに開発者向けのファイル名があります:\n" + "\n".join(found)
