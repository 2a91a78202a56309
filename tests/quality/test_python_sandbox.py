"""The Python exercises' sandbox through the real nginx with deploy/nginx.conf (Chromium).

The nginx of tests/quality/test_csp.py (its fixture, the same config, a CSP report
collector) serves the precompressed site. A model answer passes with no policy
violation anywhere (the page, the sandboxed frame and its worker report to the
collector); then learner code tries the caches, IndexedDB, fetch and XHR to another
origin and to the site, and nothing arrives and nothing is stored in the site's origin.
"""

from __future__ import annotations

import http.server
import importlib.util
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_csp import Nginx, nginx  # noqa: F401 - the fixture, with its report collector

ROOT = Path(__file__).resolve().parents[2]


def browser_test_module() -> Any:
    """tests/browser/test_python_exercises.py, for its probe and helpers (one copy of them)."""
    spec = importlib.util.spec_from_file_location(
        "python_exercises_browser", ROOT / "tests" / "browser" / "test_python_exercises.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class _Foreign(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - per server

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"reached")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def foreign() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("F", (_Foreign,), {"hits": hits}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.mark.browser
@pytest.mark.slow
def test_exercises_run_sandboxed_under_the_real_nginx(
    browser: Any,
    nginx: Nginx,  # noqa: F811 - the fixture imported above
    foreign: tuple[str, list[str]],
) -> None:
    helpers = browser_test_module()
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(nginx.base + "/python/")
        out = helpers.run(page, 1, helpers.model_answer(page, 1), "check")
        assert out["state"] == "pass", out
        time.sleep(1)  # reports arrive on their own
        assert refused == [] and nginx.reports == [], (refused, nginx.reports)
        foreign_url, hits = foreign
        code = helpers.PROBE.format(
            foreign=foreign_url, site=nginx.base, ws=foreign_url.replace("http", "ws")
        )
        probe = helpers.run(page, 2, code)
        time.sleep(1)
        assert probe["state"] == "idle", probe
        for name in ("xhr", "site", "import"):
            assert f"('{name}', 'refused')" in probe["output"], (name, probe)
        assert hits == []
        assert page.evaluate(helpers.SITE_STORAGE) == {
            "caches": [],
            "databases": [],
            "local": [],
            "cookie": "",
        }
        access = (nginx.site.parent / "access.log").read_text(encoding="utf-8")
        assert "sandbox-probe" not in access
    finally:
        context.close()
