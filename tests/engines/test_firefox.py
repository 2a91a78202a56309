"""The calculator in Firefox ESR, driven over WebDriver BiDi by puppeteer-core (firefox_check.mjs).

One Firefox session opens the golden household's share link in Japanese and
English, reads what a reader sees, and types a new kWh figure; the tests then
compare each part with the command line. BiDi reports console messages and
uncaught errors of the page and of its Web Worker, so both are checked.
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
