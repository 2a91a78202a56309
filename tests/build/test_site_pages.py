"""The site's own pages and files around the content (issue 20): titles, 404 pages,
robots.txt and sitemap dates, the search dialog's name, which stylesheets each page
loads, table headers and captions, and the publishing build's SITE_URL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def title(html: str) -> str:
    found = re.findall(r"<title>([^<]*)</title>", html)
    assert len(found) == 1, found
    return found[0]


def test_home_titles_name_the_site_once(built_site: Path) -> None:
    """The home pages' title is the site name alone; other pages are "page - site"."""
    assert title(read(built_site, "index.html")) == "カーボン・オフセット ガイド（足立区）"
    assert title(read(built_site, "en/index.html")) == "Carbon Offset Guide (Adachi City)"
    assert title(read(built_site, "en/credits/index.html")).endswith(
        " - Carbon Offset Guide (Adachi City)"
    )
    for page in built_site.rglob("index.html"):
        text = title(page.read_text(encoding="utf-8"))
        name = text.rsplit(" - ", 1)[-1]
        assert text.count(name.split("（")[0].split(" (")[0]) == 1, f"{page}: {text}"


def links(html: str) -> set[str]:
    return set(re.findall(r'<a href="([^"]+)"', html))


def language_menu(html: str) -> dict[str, str]:
    return dict(
        (lang, href)
        for href, lang in re.findall(
            r'<a href="([^"]+)" hreflang="([^"]+)" class="md-select__link">', html
        )
    )


@pytest.mark.parametrize(
    ("path", "lang", "home", "other", "heading"),
    [
        ("404.html", "ja", "/", "/en/404.html", "ページが見つかりません"),
        ("en/404.html", "en", "/en/", "/404.html", "Page not found"),
    ],
)
def test_each_language_has_its_own_404_page(
    built_site: Path, path: str, lang: str, home: str, other: str, heading: str
) -> None:
    """/404.html is Japanese, /en/404.html English: home, search, the other 404, and a matching language menu."""
    html = read(built_site, path)
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{heading}</h1>" in html
    assert {home, f"{home}?q=", other} <= links(html), links(html)
    assert language_menu(html) == {"ja": "/404.html", "en": "/en/404.html"}
    assert title(html).startswith(heading)


def test_robots_txt_names_the_sitemap(built_site: Path) -> None:
    robots = read(built_site, "robots.txt")
    assert re.search(r"^User-agent: \*$", robots, re.MULTILINE)
    assert re.search(r"^Disallow:$", robots, re.MULTILINE)
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def git_date(src: str) -> str | None:
    """What the sitemap must say for a docs/ file: its last commit, or today if changed since;
    in a shallow clone (CI may make one), nothing for a file last changed by the boundary commit."""
    if git("status", "--porcelain", "--", src):
        return date.today().isoformat()
    last = git("log", "-1", "--format=%H %cs", "--", src)
    if not last:
        return date.today().isoformat()
    commit, day = last.split()
    shallow = ROOT / git("rev-parse", "--git-path", "shallow")
    if shallow.is_file() and commit in shallow.read_text().split():
        return None
    return day


def test_sitemap_dates_each_page_by_its_own_last_change(built_site: Path) -> None:
    """<lastmod> is the date of the last commit that changed the page's Markdown, not the build date."""
    tree = ElementTree.parse(built_site / "sitemap.xml")
    urls = tree.findall("s:url", SITEMAP_NS)
    assert len(urls) >= 40
    for url in urls:
        loc = url.findtext("s:loc", namespaces=SITEMAP_NS) or ""
        path = loc.removeprefix("http://127.0.0.1:8000/")
        english = path.startswith("en/")
        folder = path.removeprefix("en/")
        src = f"docs/{folder}index{'.en' if english else ''}.md"
        assert url.findtext("s:lastmod", namespaces=SITEMAP_NS) == git_date(src), loc


def test_a_shallow_clone_leaves_unknown_dates_out(tmp_path: Path) -> None:
    """In a shallow clone the boundary commit's files get no date (None); a later commit's files get theirs."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone)],
        check=True,
        capture_output=True,
    )
    # The hook as it is in this checkout (it may not be committed yet).
    shutil.copy(ROOT / "overrides" / "hooks" / "crawl.py", clone / "overrides" / "hooks")
    page = clone / "docs" / "credits" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2030-01-02T03:04:05",
        "GIT_COMMITTER_DATE": "2030-01-02T03:04:05",
    }
    for command in (
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "commit",
            "-qam",
            "edit",
        ],
    ):
        subprocess.run(command, cwd=clone, check=True, capture_output=True, env=env)
    probe = (
        "import sys; sys.path.insert(0, 'overrides/hooks'); import crawl; "
        "print(crawl.last_changed('docs/credits/index.md'), crawl.last_changed('docs/kids/index.md'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=clone, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["2030-01-02", "None"], done.stdout + done.stderr


def test_search_dialog_has_a_name_in_the_page_language(built_site: Path) -> None:
    """Material's search dialog gets aria-label (axe/Lighthouse aria-dialog-name), in each language."""
    for path, name in (
        ("index.html", "検索"),
        ("en/credits/index.html", "Search"),
        ("404.html", "検索"),
    ):
        dialogs = re.findall(
            r'<div class="md-search"[^>]*role="dialog"[^>]*>', read(built_site, path)
        )
        assert dialogs == [
            f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{name}">'
        ], path


def stylesheet_classes() -> set[str]:
    css = (ROOT / "overrides" / "assets" / "stylesheets" / "classroom.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return {c for c in re.findall(r"\.([a-z][a-z0-9_-]*)", css) if not c.startswith("md-")}


def test_print_css_is_print_media_and_classroom_css_only_where_used(built_site: Path) -> None:
    """print.css never blocks rendering on screen; classroom.css loads only on pages that use its classes."""
    pages = {
        page.relative_to(built_site).as_posix(): page.read_text(encoding="utf-8")
        for page in sorted(built_site.rglob("*.html"))
    }

    def classes_in(html: str) -> set[str]:
        body = html[html.index("<body") :]
        return {c for attr in re.findall(r'class="([^"]*)"', body) for c in attr.split()}

    # The template's own classes (page-meta, page-calculator-link, on nearly every page) are
    # no reason to load it: classroom.css names them only inside rules for its own (:has(…)).
    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    own = {c for attr in re.findall(r'class="([^"{]*)"', template) for c in attr.split()}
    classes = stylesheet_classes() - own
    with_classroom = set()
    for where, html in pages.items():
        prints = re.findall(r'<link rel="stylesheet" href="[^"]*print\.css"([^>]*)>', html)
        assert prints == [' media="print"'], where
        classroom = re.findall(r'<link rel="stylesheet" href="[^"]*classroom\.css"([^>]*)>', html)
        used = bool(classes & classes_in(html))
        assert classroom == ([""] if used else []), where
        if classroom:
            with_classroom.add(where)
    assert {
        "schools/class/index.html",
        "calculator/index.html",
        "kids/index.html",
    } <= with_classroom
    assert (
        "credits/index.html" not in with_classroom
        and "methodology/index.html" not in with_classroom
    )


def test_tables_have_row_headers_and_captions(built_site: Path) -> None:
    """The two-way table on /methodology/ has a caption, an empty corner cell and row headers."""
    for path, caption, first_row in (
        ("methodology/index.html", "家庭のCO₂の平均を出している統計のちがい", "単位"),
        ("en/methodology/index.html", "How the statistics on average household CO₂ differ", "Unit"),
    ):
        html = read(built_site, path)
        tables = re.findall(r"<table.*?</table>", html, re.DOTALL)
        table = next(t for t in tables if ">調べ方<" in t or ">Method<" in t)
        assert f"<caption>{caption}</caption>" in table, path
        assert "<th></th>" not in table and re.search(r"<thead>\s*<tr>\s*<td></td>", table), path
        assert f'<th scope="row">{first_row}</th>' in table, path
        assert "<p>表：" not in html and "<p>Table:" not in html, path
    # Every table in the site: no empty header cell anywhere.
    for page in built_site.rglob("*.html"):
        assert not re.search(r"<th[^>]*>\s*</th>", page.read_text(encoding="utf-8")), page


# The publishing build: SITE_URL ---------------------------------------------------------


def dev_build(*args: str, site_url: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        ["bash", str(ROOT / "tools" / "dev"), "build", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_a_publishing_build_refuses_to_run_without_site_url(tmp_path: Path) -> None:
    """tools/dev build without SITE_URL (or with a bare host name) stops before building, saying what to set."""
    done = dev_build("--site-dir", str(tmp_path / "site"), site_url=None)
    assert done.returncode != 0
    assert "SITE_URL" in done.stderr and "tools/dev build --local" in done.stderr
    done = dev_build("--site-dir", str(tmp_path / "site"), site_url="carbon-offset.example.jp")
    assert done.returncode != 0 and "https://" in done.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_a_publishing_build_uses_site_url_everywhere(tmp_path: Path) -> None:
    """With SITE_URL (under a path, as a GitHub project page), canonical links, sitemap, robots.txt and the 404 links use it."""
    site = tmp_path / "site"
    done = dev_build("--site-dir", str(site), site_url="https://example.github.io/guide/")
    assert done.returncode == 0, done.stderr[-3000:]
    assert '<link rel="canonical" href="https://example.github.io/guide/en/credits/">' in read(
        site, "en/credits/index.html"
    )
    assert "Sitemap: https://example.github.io/guide/sitemap.xml" in read(site, "robots.txt")
    assert "<loc>https://example.github.io/guide/en/</loc>" in read(site, "sitemap.xml")
    assert "127.0.0.1" not in read(site, "sitemap.xml") + read(site, "index.html")
    assert {"/guide/", "/guide/?q=", "/guide/en/404.html"} <= links(read(site, "404.html"))
    assert language_menu(read(site, "en/404.html")) == {
        "ja": "/guide/404.html",
        "en": "/guide/en/404.html",
    }


@pytest.mark.slow
def test_local_build_keeps_the_localhost_default(tmp_path: Path) -> None:
    """tools/dev build --local builds without SITE_URL (http://127.0.0.1:8000/, as serve, check and test)."""
    done = dev_build("--local", "--site-dir", str(tmp_path / "site"), site_url=None)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in read(tmp_path / "site", "robots.txt")


#: The lines a good build prints (MkDocs' and the i18n plugin's progress); anything else is a
#: notice somebody would have to read past, every time they preview.
QUIET = re.compile(
    r"^INFO\s+-\s+(Cleaning site directory|Building documentation to directory: .*|"
    r"Documentation built in [0-9.]+ seconds|mkdocs_static_i18n: .*)$"
)


def test_the_build_prints_no_notice(built_site: Path) -> None:
    """The whole build's output is progress lines only: no WARNING, and no INFO about a link or
    an anchor (the teachers' page links to each exercise's #exercise-N, an id the exercises
    hook writes: MkDocs saw none and printed one notice per exercise on every build)."""
    said = built_site.with_name(built_site.name + ".log").read_text(encoding="utf-8")
    lines = [line for line in said.splitlines() if line.strip()]
    assert lines, "the build printed nothing: was the log written?"
    noise = [line for line in lines if not QUIET.match(line)]
    assert noise == [], "\n".join(noise)
