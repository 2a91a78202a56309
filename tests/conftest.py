"""Shared fixtures: one real MkDocs build per session, a local server, real Chromium.

Layers (folders): engine/ and data/ test the Python package, build/ the built
site, content/ the Markdown, browser/ the pages in Chromium through Playwright.
Browser tests are marked ``browser``; they skip only outside CI when no
Chromium can be found, and fail in CI (CI=true) instead of skipping.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    # The flags that keep Chromium from calling home on a closed network.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_report_header(config: pytest.Config) -> str:
    return f"CI={IN_CI}; CHROMIUM_PATH={os.environ.get('CHROMIUM_PATH') or '(auto)'}"


# Build ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the whole site once, strictly, into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    # What the build said, for tests/build/test_site_pages.py (a quiet build: every line read).
    out.with_name(out.name + ".log").write_text(result.stderr, encoding="utf-8")
    return out


# The command line ----------------------------------------------------------------


def cli_estimate(raw: dict[str, str], lang: str) -> dict[str, Any]:
    """The result of `python -m calculators estimate --lang …` for raw form inputs, as a
    teacher would run it: what every engine's page must show for the same inputs."""
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "estimate", "--lang", lang],
        input=json.dumps(raw),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# Server -----------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types the runtime needs; quiet logs."""

    extensions_map = {  # noqa: RUF012 - class attribute used by the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 at a free port."""
    handler = functools.partial(_Handler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# Browser --------------------------------------------------------------------


def _chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A real headless Chromium driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the machine
        if IN_CI:
            pytest.fail(f"Playwright is not installed: {exc}", pytrace=False)
        pytest.skip("Playwright is not installed (run tools/dev test)")
    path = _chromium_path()
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:
            if IN_CI:
                pytest.fail(f"Chromium could not start ({path or 'Playwright default'}): {exc}", pytrace=False)
            pytest.skip(f"No Chromium available: {exc}")
        yield launched
        launched.close()


class RequestLog:
    """Every request a page makes, to prove nothing leaves 127.0.0.1."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request: Any) -> None:
        self.urls.append(request.url)

    def foreign(self) -> list[str]:
        """Requests to anything but 127.0.0.1 (data: and blob: URLs stay in the page)."""
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"}:
                continue
            if parts.hostname != "127.0.0.1":
                out.append(url)
        return out


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and page, with every request recorded on ``page.requests``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    log = RequestLog()
    new_page.on("request", log.record)
    new_page.requests = log
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    new_page.page_errors = errors
    yield new_page
    context.close()


def wait_for_transitions(page: Any) -> None:
    """Wait until every CSS transition or animation that has an end is over, as a reader
    sees the page once things have come in (Material fades the back-to-top button and the
    tabs in and out on scroll; axe judges the colours it sees, half-transparent mid-fade).
    A cancelled one rejects its promise with AbortError: that counts as over. A cancelled one
    may give way to a new one: look again until none is running."""
    page.evaluate(
        """async () => {
          for (let round = 0; round < 20; round++) {
            const running = document.getAnimations().filter((a) => a.playState === "running"
              && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            if (!running.length) return;
            await Promise.all(running.map((a) => a.finished.catch(() => null)));
          }
        }"""
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/browser/ drives Chromium: mark it so it can be selected."""
    for item in items:
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)
