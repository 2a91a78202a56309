"""Validators nobody here wrote, on the built site: Nu HTML Checker, pa11y, Lighthouse.

- **Nu HTML Checker** (npm ``vnu-jar``, run as ``java -jar``; Debian's Java from
  ``tools/dev``) on every built page in both languages, the 404 pages included.
  Only the theme-owned messages in ``THEME_MESSAGES`` are allowed, each matched by
  its message and the markup it is reported on, and tied to the Material version
  they were read on: after a Material upgrade the list must be read again.
- **pa11y** (HTML_CodeSniffer runner, WCAG2AA; ``pa11y_run.mjs``) on the seven page
  types in both languages: no error the project owns (``PA11Y_THEME`` lists the
  theme's one, with its reason).
- **Lighthouse** 12 (mobile; ``lighthouse_run.mjs``) on the seven page types:
  Accessibility, Best Practices and SEO are floors of 100. Performance and Total
  Blocking Time depend on the machine, so they are figures printed by
  ``benchmarks/lighthouse.py``, not pass/fail here.

The browsers are Debian's Chromium (``CHROMIUM_PATH`` from ``tools/dev``, or
``chromium`` on PATH); no npm package downloads one (``.puppeteerrc.cjs`` and
``allowScripts`` in package.json). Without Java or Chromium these tests fail in CI
and skip elsewhere, saying what to install.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import quality_checks as q

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
VNU_JAR = q.ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y_RUN = Path(__file__).with_name("pa11y_run.mjs")
LIGHTHOUSE_RUN = Path(__file__).with_name("lighthouse_run.mjs")

#: The seven page types: home, a long content page (tables, 84 glossary tooltips), the
#: calculator, the Python exercises, the class results tool, the CO₂ diary, and a plain
#: content page in English. benchmarks/lighthouse.py measures the same list.
PAGE_TYPES = [
    "/",
    "/methodology/",
    "/calculator/",
    "/python/",
    "/schools/class/",
    "/log/",
    "/en/credits/",
]
#: pa11y is quick: the seven types in both languages, and both 404 pages.
PA11Y_PAGES = sorted(
    {*PAGE_TYPES, *("/en" + p if not p.startswith("/en/") else p[3:] for p in PAGE_TYPES)}
    | {"/404.html", "/en/404.html"}
)
#: Lighthouse categories whose score must be 100 on every page type.
LIGHTHOUSE_FLOORS = {"accessibility": 100, "best-practices": 100, "seo": 100}


# Nu HTML Checker ---------------------------------------------------------------

#: The Material version the theme's messages below were read on.
THEME_MATERIAL_VERSION = "9.8.1"


@dataclass(frozen=True)
class Allowed:
    """A Nu checker error the theme writes, which the project cannot change without a fork."""

    message: str  # regular expression on the message
    extract: str  # regular expression on the markup it is reported on
    why: str


THEME_MESSAGES = [
    Allowed(
        r"Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        "Material's drawer and search toggles (partials in base.html, no block around them): "
        "autocomplete=off on a checkbox keeps Firefox from restoring a checked state on reload.",
    ),
    Allowed(
        r"Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link" for="__nav_\d+" id="__nav_\d+_label" tabindex="">',
        "Material's section labels with navigation.sections (partials/nav-item.html): an "
        "empty tabindex takes them out of the tab order only on wide screens.",
    ),
    Allowed(
        r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        r'<label class="md-nav__title" for="__toc">',
        "Material's table-of-contents title on a page outside the navigation (the offline "
        "page, not_in_nav): partials/toc.html names the __toc toggle that only nav pages have.",
    ),
]


def java() -> str:
    """A Java 11+ for vnu.jar, or fail (CI) / skip (elsewhere) naming what to install."""
    found = shutil.which("java")
    if found:
        shown = subprocess.run([found, "-version"], capture_output=True, text=True, check=False)
        match = re.search(r'version "(\d+)', shown.stderr + shown.stdout)
        if match and int(match.group(1)) >= 11:
            return found
    message = "The Nu HTML Checker needs Java 11 or newer: apt-get install default-jre-headless (tools/dev test does)"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium() -> str:
    found = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if found:
        return found
    message = "pa11y and Lighthouse need Debian's chromium (tools/dev test installs it)"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def run_vnu(folder: Path) -> list[dict[str, Any]]:
    """Every message of the Nu HTML Checker on the .html files under folder (JSON format)."""
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run tools/dev setup (npm ci)"
    done = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages: list[dict[str, Any]] = json.loads(done.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar printed no JSON (exit {done.returncode}):\n{done.stderr[:2000]}")
    return messages


def theme_owned(message: dict[str, Any]) -> Allowed | None:
    text, extract = message.get("message", ""), message.get("extract", "")
    for allowed in THEME_MESSAGES:
        if re.search(allowed.message, text) and re.search(allowed.extract, extract):
            return allowed
    return None


def page_of(url: str, site: Path) -> str:
    """file:/…/site/en/credits/index.html → /en/credits/ (and 404.html as it is)."""
    path = Path(url.removeprefix("file:")).resolve().relative_to(site.resolve()).as_posix()
    return "/" + path.removesuffix("index.html")


def problems_outside_the_theme(messages: list[dict[str, Any]], site: Path) -> list[str]:
    return sorted(
        f"{page_of(m['url'], site)} line {m.get('lastLine', '?')}: {m['message']}"
        f"\n      {m.get('extract', '').strip()[:160]}"
        for m in messages
        if m.get("type") == "error" and theme_owned(m) is None
    )


@pytest.mark.slow
def test_nu_html_checker_finds_nothing_outside_the_theme_list(built_site: Path) -> None:
    """Every built page (ja and en, 404 pages too) is valid HTML but for the theme's listed messages."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 40 and (built_site / "en").is_dir()
    messages = run_vnu(built_site)
    checked = {page_of(m["url"], built_site) for m in messages}
    found = problems_outside_the_theme(messages, built_site)
    assert found == [], (
        f"Nu HTML Checker: {len(found)} errors outside the theme's list "
        f"(tests/quality/test_validators.py THEME_MESSAGES):\n" + "\n".join(found)
    )
    # The allow list is not stale: each entry still matches something the theme writes.
    unused = [a.message for a in THEME_MESSAGES if not any(theme_owned(m) is a for m in messages)]
    assert unused == [], f"theme messages no longer reported (remove them): {unused}"
    assert checked, "vnu.jar reported nothing at all: did it check the folder?"


@pytest.mark.slow
def test_nu_html_checker_reports_a_new_error_with_page_line_and_message(
    built_site: Path, tmp_path: Path
) -> None:
    """A page with an error the theme does not make fails with its page, line and message."""
    (tmp_path / "en" / "broken").mkdir(parents=True)
    good = (built_site / "en" / "credits" / "index.html").read_text(encoding="utf-8")
    broken = good.replace("<main", '<main aria-labelledby="x" role="banana"', 1)
    (tmp_path / "en" / "broken" / "index.html").write_text(broken, encoding="utf-8")
    found = problems_outside_the_theme(run_vnu(tmp_path), tmp_path)
    line = broken[: broken.index("<main")].count("\n") + 1
    assert found and all(f.startswith(f"/en/broken/ line {line}: ") for f in found), found
    assert any("banana" in f for f in found), found


def test_theme_messages_are_tied_to_the_installed_material() -> None:
    """After a Material upgrade, THEME_MESSAGES must be read again (and this version bumped)."""
    assert version("mkdocs-material") == THEME_MATERIAL_VERSION, (
        "mkdocs-material changed: run the Nu checker test, check that each THEME_MESSAGES entry "
        "is still the theme's, then set THEME_MATERIAL_VERSION"
    )
    assert len(THEME_MESSAGES) <= 5 and all(a.why for a in THEME_MESSAGES)


# pa11y -------------------------------------------------------------------------

#: pa11y errors on the theme's markup, each with its reason. Matched by code and context.
PA11Y_THEME = [
    (
        "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2",
        '<form class="md-search__form" name="search">',
        "Material's search form (partials/search.html) searches as one types and has no "
        "submit button; no block reaches inside it.",
    ),
]


def run_pa11y(base: str, paths: list[str]) -> dict[str, list[dict[str, Any]]]:
    done = subprocess.run(
        ["node", str(PA11Y_RUN), chromium(), base, *paths],
        capture_output=True,
        text=True,
        cwd=q.ROOT,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"pa11y_run.mjs failed:\n{done.stderr[-3000:]}"
    result: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    return result


def pa11y_theme_owned(issue: dict[str, Any]) -> bool:
    return any(
        issue["code"] == code and issue.get("context", "").startswith(context)
        for code, context, _ in PA11Y_THEME
    )


@pytest.mark.browser
@pytest.mark.slow
def test_pa11y_finds_no_error_the_project_owns(site_url: str) -> None:
    """HTML_CodeSniffer (WCAG2AA) on the seven page types in ja and en and both 404 pages: 0 project errors."""
    found = run_pa11y(site_url, PA11Y_PAGES)
    assert sorted(found) == PA11Y_PAGES
    errors = [
        f"{path}: {issue['code']}\n      {issue['message']}\n      {issue.get('context', '')[:160]}"
        for path, issues in found.items()
        for issue in issues
        if issue["type"] == "error" and not pa11y_theme_owned(issue)
    ]
    assert errors == [], "pa11y (WCAG2AA):\n" + "\n".join(errors)


# Lighthouse ---------------------------------------------------------------------


def run_lighthouse(base: str, paths: list[str]) -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        ["node", str(LIGHTHOUSE_RUN), chromium(), base, *paths],
        capture_output=True,
        text=True,
        cwd=q.ROOT,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, f"lighthouse_run.mjs failed:\n{done.stderr[-3000:]}"
    result: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return result


@pytest.mark.browser
@pytest.mark.slow
def test_lighthouse_accessibility_best_practices_and_seo_are_100(site_url: str) -> None:
    """Lighthouse (mobile) on the seven page types: Accessibility, Best Practices and SEO at 100."""
    found = run_lighthouse(site_url, PAGE_TYPES)
    below = [
        f"{path}: {category} {result['scores'][category]} < {floor}\n      "
        + "\n      ".join(result["failed"][category])
        for path, result in found.items()
        for category, floor in LIGHTHOUSE_FLOORS.items()
        if (result["scores"][category] or 0) < floor
    ]
    assert sorted(found) == sorted(PAGE_TYPES)
    assert below == [], "Lighthouse below its floor:\n" + "\n".join(below)


# The calculator form's submit button (pa11y H32.2) -------------------------------------


@pytest.mark.browser
def test_the_calculator_form_puts_its_inputs_in_the_address_without_its_script(
    page: Any, site_url: str
) -> None:
    """Where calculator.js cannot run, the submit button reloads the page with the inputs in its address: a working share link."""
    page.route("**/assets/javascripts/calculator.js", lambda route: route.abort())
    page.goto(site_url + "/en/calculator/")
    page.fill('[name="household_size"]', "3")
    page.fill('[name="electricity_kwh"]', "300")
    page.click('[data-calculator-form] button[type="submit"]')
    page.wait_for_url(re.compile(r"electricity_kwh=300"))
    link = page.url
    assert "household_size=3" in link and link.startswith(site_url + "/en/calculator/?")
    page.unroute("**/assets/javascripts/calculator.js")
    page.goto(link)
    page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=180_000)
    assert page.input_value('[name="electricity_kwh"]') == "300"
    assert page.input_value('[name="household_size"]') == "3"
