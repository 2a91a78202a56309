"""The checks can fail: deliberately broken pages produce messages a staff member understands.

Each test writes a broken page into a temporary copy (never into docs/) and runs
the same check functions the real tests use, then asserts the Japanese message
names the file (and the line where there is one) and says what to do.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import quality_checks as q

GOOD_PAGE = """---
title: クレジット
description: クレジットの説明です。
---

# クレジット

カーボン・オフセットには、J-クレジットなどのクレジットを使います。
2013年に制度が始まりました。

## 出典

- 経済産業省「[J-クレジット制度](https://japancredit.go.jp/)」（2013年）
"""

GOOD_PAGE_EN = """---
title: Credits
description: About credits.
---

# Credits

Carbon offsetting uses credits such as J-Credits.
The scheme started in 2013.

## Sources

- Ministry of Economy, Trade and Industry, “[J-Credit Scheme](https://japancredit.go.jp/)” (2013)
"""


def make_docs(tmp_path: Path) -> Path:
    """A docs/ folder with one good page pair: credits/index.md and credits/index.en.md."""
    docs = tmp_path / "docs"
    (docs / "credits").mkdir(parents=True)
    (docs / "credits" / "index.md").write_text(GOOD_PAGE, encoding="utf-8")
    (docs / "credits" / "index.en.md").write_text(GOOD_PAGE_EN, encoding="utf-8")
    return docs


def test_good_pages_pass_every_markdown_check(tmp_path: Path) -> None:
    """Baseline: the good pair passes, so the failures below come from the breakage alone."""
    docs = make_docs(tmp_path)
    assert q.check_counterparts(docs, tmp_path) == []
    assert list(q.iter_docs_problems(docs, tmp_path)) == []
    assert q.textlint_problems([docs / "credits" / "index.md"], base=tmp_path) == []


def test_missing_translation_is_reported_with_the_file_to_create(tmp_path: Path) -> None:
    """Deleting index.en.md gives: docs/credits/index.md: 英語のページ docs/credits/index.en.md がありません…"""
    docs = make_docs(tmp_path)
    (docs / "credits" / "index.en.md").unlink()
    problems = [str(p) for p in q.check_counterparts(docs, tmp_path)]
    assert problems == [
        "docs/credits/index.md: 英語のページ docs/credits/index.en.md がありません。"
        "翻訳を index.en.md という名前で同じフォルダに置いてください"
    ]


def test_different_figure_or_source_in_the_translation_is_reported(tmp_path: Path) -> None:
    """An English page that says 2014 and links another source is named with both differences."""
    docs = make_docs(tmp_path)
    english = docs / "credits" / "index.en.md"
    english.write_text(
        GOOD_PAGE_EN.replace("started in 2013", "started in 2014").replace(
            "japancredit.go.jp", "example.org"
        ),
        encoding="utf-8",
    )
    text = "\n".join(str(p) for p in q.check_counterparts(docs, tmp_path))
    assert "日本語と英語のページで数値が合いません（日本語だけ: 2013／英語だけ: 2014）" in text
    assert (
        "日本語のページにある出典 https://japancredit.go.jp が、英語のページの「## Sources」にありません"
        in text
    )


def test_wrong_term_is_reported_by_textlint_with_file_line_and_the_right_form(
    tmp_path: Path,
) -> None:
    """カーボンオフセット on line 8 gives: docs/credits/index.md:8: 「カーボンオフセット」は「カーボン・オフセット」と書きます…(prh)"""
    docs = make_docs(tmp_path)
    page = docs / "credits" / "index.md"
    page.write_text(
        GOOD_PAGE.replace(
            "カーボン・オフセットには、J-クレジット", "カーボンオフセットには、Jクレジット"
        ),
        encoding="utf-8",
    )
    problems = [str(p) for p in q.textlint_problems([page], base=tmp_path)]
    assert any(
        p.startswith(
            "docs/credits/index.md:8: 「カーボンオフセット」は「カーボン・オフセット」と書きます"
        )
        for p in problems
    ), problems
    assert any(
        p.startswith("docs/credits/index.md:8: 「Jクレジット」は「J-クレジット」と書きます")
        for p in problems
    ), problems
    assert all(p.endswith("(prh)") for p in problems)


def test_image_without_alt_text_is_reported_with_file_and_line(tmp_path: Path) -> None:
    """![](chart.png) on line 10 and <img src="map.png"> on line 11 are both named with what to write."""
    docs = make_docs(tmp_path)
    page = docs / "credits" / "index.md"
    page.write_text(
        GOOD_PAGE.replace(
            "2013年に制度が始まりました。\n",
            '2013年に制度が始まりました。\n![](chart.png)\n<img src="map.png">\n',
        ),
        encoding="utf-8",
    )
    problems = [str(p) for p in q.check_images(page, tmp_path)]
    assert problems == [
        "docs/credits/index.md:10: 画像「chart.png」に代わりの文章がありません。![ここに画像の内容を書く](chart.png) のように書いてください",
        'docs/credits/index.md:11: 画像（<img>）に代わりの文章がありません。alt="画像の内容" を書いてください',
    ]


def test_script_front_matter_and_missing_sources_are_reported(tmp_path: Path) -> None:
    """<script>, onclick=, an unknown front matter key and a missing ## 出典 are each named with file (and line)."""
    docs = make_docs(tmp_path)
    page = docs / "credits" / "index.md"
    broken = GOOD_PAGE.replace("title: クレジット\n", "title: クレジット\nauthor: 区役所\n")
    broken = broken.replace(
        "## 出典", '<script>alert(1)</script>\n<a href="#" onclick="x()">押す</a>\n\n## 参考'
    )
    page.write_text(broken, encoding="utf-8")
    found = {kind: str(p) for kind, p in q.iter_docs_problems(docs, tmp_path)}
    assert (
        found["front matter"]
        == "docs/credits/index.md:3: ページ冒頭の設定に「author」は使えません。使えるのは description、hide、title だけです"
    )
    assert (
        found["script"].startswith("docs/credits/index.md:13: ")
        or "docs/credits/index.md:14: " in found["script"]
    )
    assert found["sources"].startswith("docs/credits/index.md: 出典の見出し「## 出典」がありません")


def test_dead_internal_link_in_the_built_html_is_reported(built_site: Path, tmp_path: Path) -> None:
    """A built page that links to a missing page and a missing anchor is named with its line and both targets."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pyodide", "*.map", "lunr"))
    base = q.built_site_url(built_site)
    assert q.check_internal_links(site, base) == [], "the unmodified copy must pass"
    page = site / "credits" / "index.html"
    html = page.read_text(encoding="utf-8")
    html, n = re.subn(
        r"(<article[^>]*>)",
        r'\1\n<p><a href="../no-such-page/">壊れたリンク</a> <a href="../glossary/#no-such-heading">壊れたアンカー</a></p>',
        html,
        count=1,
    )
    assert n == 1
    page.write_text(html, encoding="utf-8")
    problems = [str(p) for p in q.check_internal_links(site, base)]
    line = html[: html.index("no-such-page")].count("\n") + 1
    assert problems == [
        f"site/credits/index.html:{line}: リンク先 ../no-such-page/ のページやファイルがありません（href）。リンクを直すか、リンク先を作ってください",
        f"site/credits/index.html:{line}: リンク先 ../glossary/#no-such-heading の「#no-such-heading」という見出し（アンカー）が "
        "glossary/index.html にありません。見出しの名前が変わっていないか確かめてください",
    ]
