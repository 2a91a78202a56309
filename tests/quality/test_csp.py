"""The site works under the Content-Security-Policy of deploy/nginx.conf.

The header is read from deploy/nginx.conf (one source), the built site is served
with it on 127.0.0.1, and Chromium loads every page and runs the calculator until
``data-state="ready"``. A violation is caught three ways: the page's
``securitypolicyviolation`` events, the console ("Refused to …"), and the
browser's own violation reports (a ``report-uri`` added by this test only, so
violations inside the calculator's Web Worker count too).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import quality_checks as q

pytestmark = pytest.mark.browser

NGINX_CONF = q.ROOT / "deploy" / "nginx.conf"
CSP_HASHES = q.ROOT / "deploy" / "csp-hashes"
READY = '[data-calculator][data-state="ready"]'
REPORT_PATH = "/__csp-report"


def csp_from_nginx() -> str:
    """The value of `add_header Content-Security-Policy "…"` in deploy/nginx.conf."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    found = re.findall(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"', text, re.MULTILINE)
    assert len(found) == 1, (
        "deploy/nginx.conf には Content-Security-Policy の add_header が1行だけ必要です"
    )
    return found[0]


class _CSPHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - read by the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }
    policy = ""
    reports: list[dict[str, Any]] = []  # noqa: RUF012 - shared with the test

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def do_POST(self) -> None:  # the browser's violation reports
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        try:
            self.reports.append(json.loads(body or b"{}"))
        except ValueError:
            self.reports.append({"raw": body.decode("utf-8", "replace")})
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def csp_site(built_site: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The built site on 127.0.0.1 with nginx.conf's CSP (+ report-uri for this test)."""
    reports: list[dict[str, Any]] = []
    handler = type(
        "Handler",
        (_CSPHandler,),
        {"policy": f"{csp_from_nginx()}; report-uri {REPORT_PATH}", "reports": reports},
    )
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", reports
    server.shutdown()


WATCH_JS = """() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e =>
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`));
}"""


def test_csp_in_nginx_conf_is_strict() -> None:
    """No 'unsafe-inline' or 'unsafe-eval' for scripts, nothing from other hosts, framing and forms limited to the site."""
    directives = {d.split()[0]: d.split()[1:] for d in csp_from_nginx().split(";") if d.strip()}
    assert (
        "'unsafe-inline'" not in directives["script-src"]
        and "'unsafe-eval'" not in directives["script-src"]
    )
    assert "'wasm-unsafe-eval'" in directives["script-src"]
    for name in (
        "default-src",
        "connect-src",
        "worker-src",
        "font-src",
        "base-uri",
        "form-action",
        "frame-ancestors",
    ):
        assert directives[name] == ["'self'"], f"{name}: {directives[name]}"
    assert not [s for values in directives.values() for s in values if s.startswith(("http", "*"))]


def test_every_inline_script_is_allowed_by_hash(built_site: Path) -> None:
    """Each inline <script> Material writes has its sha256 in script-src (deploy/csp-hashes prints them)."""
    namespace: dict[str, Any] = {"__name__": "csp_hashes"}
    exec(compile(CSP_HASHES.read_text(encoding="utf-8"), str(CSP_HASHES), "exec"), namespace)
    needed: dict[str, list[str]] = namespace["inline_hashes"](built_site)
    allowed = set(re.split(r"[\s;]+", csp_from_nginx()))
    missing = {h: pages[:3] for h, pages in needed.items() if h not in allowed}
    assert missing == {}, (
        "deploy/nginx.conf の script-src に足りないハッシュがあります。"
        f"`tools/dev build && deploy/csp-hashes site` の出力を貼ってください: {missing}"
    )


def test_every_page_and_the_calculator_work_under_the_csp(
    browser: Any, csp_site: tuple[str, list[dict[str, Any]]], built_site: Path
) -> None:
    """Every page loads, and the calculator (ja and en) reaches data-state="ready", with no CSP violation anywhere."""
    base, reports = csp_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda m: (
            console.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text
            else None
        ),
    )
    found: list[str] = []
    try:
        for path in q.content_pages(built_site):
            page.goto(base + path, wait_until="load")
            page.evaluate(WATCH_JS)
            if page.locator("[data-calculator]").count():
                page.wait_for_selector(READY, timeout=180_000)
                page.fill('[name="electricity_kwh"]', "300")
                page.wait_for_function(
                    "() => /[0-9]/.test(document.querySelector('[data-output=\"total_kg_per_year\"]').textContent)"
                )
            if path == "/":
                # The search box (Material's search worker) under the same policy.
                page.keyboard.press("/")
                page.keyboard.type("CO2")
                page.wait_for_selector(".md-search-result__item", timeout=15_000)
            page.wait_for_timeout(100)
            found += [f"{path}: {v}" for v in page.evaluate("() => window.__cspViolations")]
            found += [f"{path}: {m}" for m in console]
            console.clear()
        page.goto(base + "/")  # let pending reports arrive
        page.wait_for_timeout(500)
    finally:
        context.close()
    found += [f"report: {json.dumps(r, ensure_ascii=False)[:300]}" for r in reports]
    found = list(dict.fromkeys(found))  # each distinct violation once
    assert found == [], "CSP（deploy/nginx.conf）の下で止められたものがあります:\n" + "\n".join(
        found
    )
