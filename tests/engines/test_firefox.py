"""The calculator and the diary in Firefox ESR, driven over WebDriver BiDi by puppeteer-core.

One Firefox session (firefox_check.mjs) opens the golden household's share link
in Japanese and English, reads what a reader sees, and types a new kWh figure;
the tests then compare each part with the command line. Another
(firefox_diary.mjs) uses the diary without consent and with it, reloading each
time. BiDi reports console messages and uncaught errors of the page and of its
Web Worker, so both are checked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import engine_checks as e
import pytest

SCRIPT = Path(__file__).with_name("firefox_check.mjs")
DIARY_SCRIPT = Path(__file__).with_name("firefox_diary.mjs")


def firefox_path() -> str | None:
    return os.environ.get("FIREFOX_PATH") or shutil.which("firefox-esr") or shutil.which("firefox")


@pytest.fixture(scope="module")
def visits(site_url: str) -> dict[str, dict[str, Any]]:
    """Both share links, visited once in one Firefox session: {lang: what was read}."""
    firefox = firefox_path()
    if not firefox:
        e.missing("Firefox ESR is not installed (Debian package firefox-esr)")
    node = shutil.which("node")
    if not node or not (e.ROOT / "node_modules" / "puppeteer-core").is_dir():
        e.missing("node and node_modules/puppeteer-core are needed (npm ci)")
    config = {
        "firefox": firefox,
        "timeoutMs": e.READY_TIMEOUT_S * 1000,
        "visits": [
            {"lang": lang, "url": e.share_link(site_url, prefix), "edit": e.EDIT}
            for lang, prefix in e.VISITS
        ],
    }
    done = subprocess.run(
        [str(node), str(SCRIPT), json.dumps(config)],
        cwd=e.ROOT,
        capture_output=True,
        text=True,
        timeout=3 * e.READY_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"firefox_check.mjs failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    version, *results = json.loads(done.stdout)
    print(f"Firefox: {version['version']}")
    return {result["lang"]: result for result in results}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_share_link_shows_the_command_line_figures_in_firefox(
    visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """The golden household's link shows the CLI's total, per person and per source."""
    e.check_share_link(visits[lang], lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_typing_recomputes_in_firefox(visits: dict[str, dict[str, Any]], lang: str) -> None:
    """Typing a new kWh figure shows the CLI's new figures and rewrites the link."""
    e.check_typing_recomputes(visits[lang], lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_error_in_page_or_worker_in_firefox(
    visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """No console error and no uncaught error, in the page or in the calculator's worker."""
    e.check_no_errors(visits[lang])


def run_node(script: Path, config: dict[str, Any]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if not node or not (e.ROOT / "node_modules" / "puppeteer-core").is_dir():
        e.missing("node and node_modules/puppeteer-core are needed (npm ci)")
    done = subprocess.run(
        [str(node), str(script), json.dumps(config)],
        cwd=e.ROOT,
        capture_output=True,
        text=True,
        timeout=3 * e.READY_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"{script.name} failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


@pytest.fixture(scope="module")
def diary_visits(site_url: str) -> dict[str, dict[str, Any]]:
    """The diary in both languages, each in a fresh Firefox context: {lang: what was read}."""
    firefox = firefox_path()
    if not firefox:
        e.missing("Firefox ESR is not installed (Debian package firefox-esr)")
    config = {
        "firefox": firefox,
        "timeoutMs": e.READY_TIMEOUT_S * 1000,
        "visits": [{"lang": lang, "url": f"{site_url}{prefix}/log/"} for lang, prefix in e.VISITS],
        "months": e.DIARY_MONTHS,
        "mark": e.DIARY_MARK,
        "storageJs": e.DIARY_STORAGE_JS,
    }
    version, *results = run_node(DIARY_SCRIPT, config)
    print(f"Firefox: {version['version']}")
    return {result["lang"]: result for result in results}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_diary_keeps_three_months_over_a_reload_with_consent_in_firefox(
    diary_visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """Consent, three months, reload: the same rows and the engine's 12-month total."""
    e.check_diary_with_consent(diary_visits[lang], lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_diary_keeps_nothing_without_consent_in_firefox(
    diary_visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """Without consent: a reload shows no month, and the site's storage holds nothing."""
    e.check_diary_without_consent(diary_visits[lang])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_diary_raises_no_error_in_firefox(
    diary_visits: dict[str, dict[str, Any]], lang: str
) -> None:
    e.check_no_errors(diary_visits[lang])
