"""After a redeploy, a returning reader gets the new numbers, even with a warm cache.

The runtime folder is cached for a year (``immutable``). This test serves the
session's build like deploy/nginx.conf caches it (runtime immutable, pages
revalidated), opens the calculator in one browser context, then swaps the served
site for a second build whose electricity factor differs (a copy of the
repository with one value changed in calculators/data/factors.toml). The same
context, with its HTTP cache and service worker still warm, must show the new total.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from calculators import load_figures
from tests.browser.test_offline import wait_until_cached

ROOT = Path(__file__).resolve().parents[2]
READY = '[data-calculator="household"][data-state="ready"]'
#: The live default factor (whatever this year's data says) and another one.
FACTOR = load_figures()["electricity.national_average"].value
OTHER = 0.5 if FACTOR != 0.5 else 0.6


def build_with_other_factor(out: Path) -> Path:
    """Build the site from a copy of the repository whose default electricity factor is OTHER."""
    copy = out / "repo"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "site", "*.egg-info", "wheels", "runtime"
        ),
    )
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    factors = copy / "calculators" / "data" / "factors.toml"
    text, count = re.subn(
        r"(?m)^(\[electricity\.national_average\]\nvalue = ).*$",
        rf"\g<1>{OTHER}",
        factors.read_text(encoding="utf-8"),
    )
    assert count == 1
    factors.write_text(text, encoding="utf-8")
    site = out / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return site


class _Switchable(http.server.SimpleHTTPRequestHandler):
    """Serves whichever site ``root[0]`` names, with nginx.conf's cache lifetimes."""

    root: list[Path] = []  # noqa: RUF012 - set per server
    extensions_map = {  # noqa: RUF012 - read by the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def translate_path(self, path: str) -> str:
        self.directory = str(self.root[0])
        return super().translate_path(path)

    def end_headers(self) -> None:
        if self.path.startswith("/assets/pyodide/"):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def switchable(built_site: Path) -> Iterator[tuple[str, list[Path]]]:
    root = [built_site]
    handler = type("Handler", (_Switchable,), {"root": root})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def total(page: Any) -> int:
    page.wait_for_function(
        "() => /[0-9]/.test(document.querySelector('[data-output=\"total_kg_per_year\"]').textContent)"
    )
    return int(re.sub(r"[^\d]", "", page.inner_text('[data-output="total_kg_per_year"]')))


def test_warm_browser_gets_the_new_wheel_after_a_redeploy(
    page: Any, switchable: tuple[str, list[Path]], tmp_path: Path
) -> None:
    """3,600 kWh a year: 3,600 × the data's factor (1,523 kg with 0.423), then 3,600 × OTHER once the
    site is rebuilt with it."""
    base, root = switchable
    page.goto(f"{base}/calculator/?electricity_kwh=300")
    page.wait_for_selector(READY, timeout=180_000)
    assert total(page) == round(3600 * FACTOR)
    # The service worker has kept this runtime too (so both caches are warm).
    wait_until_cached(page, ".wasm")
    first_runtime = page.get_attribute('meta[name="calculator-runtime"]', "content")

    root[0] = build_with_other_factor(tmp_path)
    page.goto(f"{base}/calculator/?electricity_kwh=300")
    page.wait_for_selector(READY, timeout=180_000)
    assert page.get_attribute('meta[name="calculator-runtime"]', "content") != first_runtime
    assert total(page) == round(3600 * OTHER)
    assert page.page_errors == []
