"""What search engines read: robots.txt, and each page's own date in the sitemap (MkDocs hook).

- ``robots.txt`` at the site's root allows everything and names the sitemap at
  ``SITE_URL``. (Crawlers read robots.txt only at the root of a host: on a site
  published under a path, such as a GitHub project page, it is written but unread.)
- ``sitemap.xml`` (mkdocs-static-i18n's template) writes ``page.update_date`` as
  ``<lastmod>``; MkDocs sets it to the build date for every page. This hook sets it
  to the date of the last commit that changed the page's own Markdown file:
  * a file with uncommitted changes, or none in git yet: the build date (the
    page is being published as it is now);
  * in a shallow clone, a page whose last commit found is the clone's boundary
    commit has an unknown date (git shows the boundary as adding every file):
    no ``<lastmod>`` for it rather than a wrong one, and the build says so.
    CI's example workflow (deploy/github-pages.yml) clones the full history.

Test: tests/build/test_site_pages.py.
"""

from __future__ import annotations

import logging
import subprocess
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("mkdocs.hooks.crawl")

ROBOTS = """# Carbon Offset Guide (Adachi City): every page may be read and indexed.
User-agent: *
Disallow:

Sitemap: {sitemap}
"""


def git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout if done.returncode == 0 else ""


@cache
def git_dates() -> tuple[dict[str, str], frozenset[str], bool]:
    """({docs path: last commit date}, {paths with changes not committed}, shallow clone?).

    In a shallow clone, a path whose last commit found is a boundary commit is left out."""
    shallow_file = git("rev-parse", "--git-path", "shallow").strip()
    boundary: set[str] = set()
    if shallow_file and (ROOT / shallow_file).exists():
        boundary = set((ROOT / shallow_file).read_text(encoding="utf-8").split())
    dates: dict[str, str] = {}
    seen: set[str] = set()
    commit, day = "", ""
    for line in git("log", "--format=commit %H %cs", "--name-only", "--", "docs").splitlines():
        if line.startswith("commit "):
            commit, day = line[7:].split(" ", 1)
        elif line and line not in seen:
            seen.add(line)
            if commit not in boundary:
                dates[line] = day
    changed = frozenset(
        line[3:].strip() for line in git("status", "--porcelain", "--", "docs").splitlines()
    )
    return dates, changed, bool(boundary)


def last_changed(src: str) -> str | None:
    """The date a docs/ file last changed (YYYY-MM-DD), or None when git cannot tell."""
    dates, changed, shallow = git_dates()
    if src in changed:
        return date.today().isoformat()
    if src in dates:
        return dates[src]
    if shallow:
        return None  # committed before the shallow clone's boundary: unknown
    return date.today().isoformat()  # not in git yet


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    git_dates.cache_clear()  # `mkdocs serve` keeps the module between rebuilds
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # After every page is read and before sitemap.xml is rendered (MkDocs' build order).
    unknown = []
    for file in files.documentation_pages():
        if file.page is None:
            continue
        src = f"docs/{file.src_uri}"
        day = last_changed(src)
        file.page.update_date = day or ""
        if day is None:
            unknown.append(src)
    if unknown:
        log.info(
            "Shallow git clone: %d pages have no <lastmod> in sitemap.xml (their last change "
            "is older than the clone). Clone with the full history (fetch-depth: 0) to date them.",
            len(unknown),
        )
    return env


def on_post_build(config: MkDocsConfig) -> None:
    site_url = str(config.site_url or "/")
    if not site_url.endswith("/"):
        site_url += "/"
    robots = Path(config.site_dir) / "robots.txt"
    robots.write_text(ROBOTS.format(sitemap=f"{site_url}sitemap.xml"), encoding="utf-8")
