"""Internal links and anchors in the BUILT site resolve.

Checked on the HTML, so links written in templates (overrides/, the theme, the
calculator partial) count as much as links in the Markdown. External links are
not checked here (government sites move; CI must not depend on them): run
``tools/check-links`` for those.
"""

from __future__ import annotations

from pathlib import Path

import quality_checks as q


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    """Every href/src to this site (relative or absolute to site_url) names a built file, and every #id exists."""
    pages = q.html_pages(built_site)
    assert len(pages) >= 10
    problems = q.check_internal_links(built_site, q.built_site_url(built_site))
    hint = "（site/… はビルドしたページです。元のファイルは docs/ の同じ場所の index.md / index.en.md です）"
    assert problems == [], q.report(problems, "リンク切れがあります" + hint)


def test_every_docs_page_was_built_in_both_languages(built_site: Path) -> None:
    """Each docs/x/index.md becomes /x/ and each index.en.md /en/x/: the page list the browser tests walk."""
    built = set(q.content_pages(built_site))
    expected = set()
    for page in q.markdown_pages():
        folder = page.parent.relative_to(q.DOCS).as_posix()
        folder = "" if folder == "." else folder + "/"
        expected.add(("/en/" if q.is_english(page) else "/") + folder)
    missing = sorted(expected - built)
    assert missing == [], (
        f"ビルドされていないページがあります（mkdocs.yml の nav を確かめてください）: {missing}"
    )
