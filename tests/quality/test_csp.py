"""deploy/nginx.conf, proven with the real nginx: syntax, headers, MIME types, precompressed bodies, CSP.

The config is copied with only the listen address, the root and the CSP report
address swapped for the test, checked with ``nginx -t`` and started as a
subprocess on 127.0.0.1 with a temporary prefix (pid, temp folders and error log
in a temporary folder). It serves a copy of the built site that
``deploy/precompress`` has compressed (``.br`` and ``.gz`` beside each file).
Over plain HTTP the tests check every response's security headers, the MIME
types the runtime needs (wasm, mjs, whl), that the precompressed ``.br`` and
``.gz`` files themselves are sent, and the cache rules. Then Chromium loads
every page through nginx and runs the calculator until ``data-state="ready"``.
A CSP violation is caught three ways: the page's ``securitypolicyviolation``
events, the console ("Refused to …"), and the browser's own violation reports
(a ``report-uri`` added by this test only, proxied by nginx to a small collector,
so violations inside the calculator's Web Worker count too).

nginx comes from Debian (``nginx-light`` and ``libnginx-mod-http-brotli-static``;
``tools/dev`` installs them). Without it these tests fail in CI and skip elsewhere.
"""

from __future__ import annotations

import gzip
import http.client
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import quality_checks as q

NGINX_CONF = q.ROOT / "deploy" / "nginx.conf"
CSP_HASHES = q.ROOT / "deploy" / "csp-hashes"
PRECOMPRESS = q.ROOT / "deploy" / "precompress"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
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


def nginx_binary() -> str:
    """Debian's nginx with the brotli_static module, or fail (CI) / skip (elsewhere)."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    missing = []
    if found is None:
        missing.append("nginx (apt-get install nginx-light)")
    if not BROTLI_MODULE.exists():
        missing.append(f"{BROTLI_MODULE} (apt-get install libnginx-mod-http-brotli-static)")
    if missing:
        message = (
            "deploy/nginx.conf cannot be tested without "
            + " and ".join(missing)
            + "; tools/dev installs them"
        )
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    assert found is not None
    return found


def site_config(root: Path, port: int, report_port: int) -> str:
    """deploy/nginx.conf with the test's listen address, root and CSP report address (nothing else)."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    swaps = [
        (r"^[ \t]*listen \[::\]:80;\n", ""),
        (r"^([ \t]*)listen 80;", rf"\1listen 127.0.0.1:{port};"),
        (r"^([ \t]*)root /srv/carbon-offset-guide/site;", rf"\1root {root};"),
        (
            r'^([ \t]*add_header\s+Content-Security-Policy\s+"[^"]+)"',
            rf'\1; report-uri {REPORT_PATH}"',
        ),
        (
            r"^([ \t]*)error_page 404",
            rf"\1location = {REPORT_PATH} {{ proxy_pass http://127.0.0.1:{report_port}; }}\n\1error_page 404",
        ),
    ]
    for pattern, replacement in swaps:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"deploy/nginx.conf: the test could not find {pattern!r} to swap"
    return text


def main_config(prefix: Path) -> str:
    """The top-level nginx.conf around the site's http-level snippet (as Debian's /etc/nginx/nginx.conf)."""
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\nload_module {BROTLI_MODULE};\n"
        "events { worker_connections 256; }\n"
        "http {\n    sendfile on;\n    default_type application/octet-stream;\n"
        f"    access_log {prefix / 'access.log'};\n{temps}\n    include {prefix / 'site.conf'};\n}}\n"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def precompressed_copy(built_site: Path, into: Path) -> Path:
    """A copy of the built site with deploy/precompress run on it (.br and .gz beside each file).

    When deploy/precompress writes no .br (an older version of it), the .br files are
    written here with the brotli package, beside every file that got a .gz."""
    site = into / "site"
    shutil.copytree(built_site, site)
    subprocess.run(["bash", str(PRECOMPRESS), str(site)], check=True, capture_output=True)
    if not any(site.rglob("*.br")):
        import brotli  # the PyPI package (pinned in pyproject.toml)

        for compressed in site.rglob("*.gz"):
            original = compressed.with_suffix("")
            original.with_name(original.name + ".br").write_bytes(
                brotli.compress(original.read_bytes(), quality=5)
            )
    return site


class _ReportCollector(http.server.BaseHTTPRequestHandler):
    reports: list[dict[str, Any]] = []  # noqa: RUF012 - shared with the test

    def do_POST(self) -> None:  # the browser's violation reports, proxied by nginx
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            self.reports.append(json.loads(body or b"{}"))
        except ValueError:
            self.reports.append({"raw": body.decode("utf-8", "replace")})
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Nginx:
    base: str
    port: int
    site: Path
    reports: list[dict[str, Any]]
    error_log: Path

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, list[str]], bytes]:
        """GET path from nginx; (status, headers by lower-case name, raw body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        found: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        connection.close()
        return response.status, found, body


@pytest.fixture(scope="module")
def nginx(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    """deploy/nginx.conf in the real nginx, serving a precompressed copy of the built site."""
    binary = nginx_binary()
    prefix = tmp_path_factory.mktemp("nginx")
    site = precompressed_copy(built_site, prefix)
    reports: list[dict[str, Any]] = []
    collector = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), type("Collector", (_ReportCollector,), {"reports": reports})
    )
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    port = free_port()
    (prefix / "site.conf").write_text(
        site_config(site, port, collector.server_address[1]), encoding="utf-8"
    )
    (prefix / "nginx.conf").write_text(main_config(prefix), encoding="utf-8")
    error_log = prefix / "error.log"
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(error_log)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and "[warn]" not in checked.stderr, (
        f"nginx -t rejects deploy/nginx.conf:\n{checked.stderr}"
    )
    server = subprocess.Popen(
        [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = error_log.read_text(encoding="utf-8") if error_log.exists() else ""
                    pytest.fail(f"nginx did not start:\n{log}", pytrace=False)
                time.sleep(0.1)
        yield Nginx(f"http://127.0.0.1:{port}", port, site, reports, error_log)
    finally:
        server.terminate()
        server.wait(timeout=20)
        collector.shutdown()


@pytest.mark.slow
def test_nginx_accepts_the_config_without_warnings(nginx: Nginx) -> None:
    """`nginx -t` passes on deploy/nginx.conf (checked in the fixture) and the running server logs no error."""
    log = nginx.error_log.read_text(encoding="utf-8") if nginx.error_log.exists() else ""
    assert not re.search(r"\[(emerg|alert|crit|error|warn)\]", log), log


@pytest.mark.slow
def test_every_response_carries_the_security_headers(nginx: Nginx) -> None:
    """HTML, assets and the 404 page all carry the CSP, nosniff, no-referrer and the permissions policy; no version."""
    pyodide = next(nginx.site.glob("assets/pyodide/*/pyodide.mjs")).relative_to(nginx.site)
    for path, status in (
        ("/", 200),
        ("/en/credits/", 200),
        (f"/{pyodide}", 200),
        ("/no-such-page/", 404),
    ):
        got, headers, _ = nginx.get(path)
        assert got == status, path
        assert headers["content-security-policy"] == [
            f"{csp_from_nginx()}; report-uri {REPORT_PATH}"
        ], path
        assert headers["x-content-type-options"] == ["nosniff"], path
        assert headers["referrer-policy"] == ["no-referrer"], path
        assert headers["permissions-policy"] == ["camera=(), microphone=(), geolocation=()"], path
        assert headers["server"] == ["nginx"], f"{path}: server_tokens off hides the version"
        assert len(headers["cache-control"]) == 1, path
    _, _, missing = nginx.get("/no-such-page/")
    assert b"<html" in missing.lower() and b"nginx/" not in missing


@pytest.mark.slow
def test_the_runtime_gets_its_mime_types(nginx: Nginx) -> None:
    """wasm is application/wasm, mjs is JavaScript, the wheel a zip (not text/plain), HTML UTF-8."""
    runtime = next(nginx.site.glob("assets/pyodide/*/pyodide.asm.wasm")).parent.relative_to(
        nginx.site
    )
    wheel = next(nginx.site.glob("assets/pyodide/*/calculators-*.whl")).relative_to(nginx.site)
    expected = {
        f"/{runtime}/pyodide.asm.wasm": "application/wasm",
        f"/{runtime}/pyodide.mjs": "text/javascript",
        f"/{runtime}/pyodide-lock.json": "application/json",
        f"/{wheel}": "application/zip",
        "/": "text/html; charset=utf-8",
    }
    for path, mime in expected.items():
        status, headers, _ = nginx.get(path)
        assert status == 200, path
        assert headers["content-type"] == [mime], path


@pytest.mark.slow
@pytest.mark.parametrize(("encoding", "suffix"), [("br", ".br"), ("gzip", ".gz")])
def test_precompressed_files_are_sent_as_they_are(nginx: Nginx, encoding: str, suffix: str) -> None:
    """With Accept-Encoding br (or gzip), nginx sends the .br (.gz) file beside the original, byte for byte."""
    runtime = next(nginx.site.glob("assets/pyodide/*/pyodide.asm.wasm")).parent
    for file in (nginx.site / "index.html", runtime / "pyodide.asm.wasm", runtime / "pyodide.mjs"):
        packed = file.with_name(file.name + suffix)
        assert packed.exists(), f"deploy/precompress wrote no {packed.name}"
        path = "/" + file.relative_to(nginx.site).as_posix()
        status, headers, body = nginx.get(path, **{"Accept-Encoding": encoding})
        assert status == 200, path
        assert headers.get("content-encoding") == [encoding], path
        assert body == packed.read_bytes(), f"{path}: not the precompressed {packed.name}"
        assert "Accept-Encoding" in headers.get("vary", [""])[0], path
    status, headers, body = nginx.get("/")
    assert "content-encoding" not in headers and body == (nginx.site / "index.html").read_bytes()
    assert gzip.decompress((nginx.site / "index.html.gz").read_bytes()) == body


@pytest.mark.slow
def test_versioned_files_are_cached_for_a_year_and_pages_briefly(nginx: Nginx) -> None:
    """The runtime folder and Material's hashed bundles are immutable; HTML revalidates after 5 minutes."""
    runtime = next(nginx.site.glob("assets/pyodide/*/pyodide.mjs")).relative_to(nginx.site)
    bundle = next(nginx.site.glob("assets/javascripts/bundle.*.min.js")).relative_to(nginx.site)
    year = "public, max-age=31536000, immutable"
    assert nginx.get(f"/{runtime}")[1]["cache-control"] == [year]
    assert nginx.get(f"/{bundle}")[1]["cache-control"] == [year]
    assert nginx.get("/")[1]["cache-control"] == ["public, max-age=300, must-revalidate"]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["/calculator/", "/en/calculator/", "/log/"])
def test_an_address_with_inputs_is_never_stored_by_a_cache(nginx: Nginx, page: str) -> None:
    """A calculator link carries the reader's figures in its query: no-store, so neither the
    browser's HTTP cache nor a proxy keeps them; the clean address is cached as before."""
    status, headers, _ = nginx.get(f"{page}?household_size=4&electricity_kwh=777")
    assert status == 200 and headers["cache-control"] == ["no-store"]
    assert nginx.get(page)[1]["cache-control"] == ["public, max-age=300, must-revalidate"]


@pytest.mark.slow
def test_data_files_get_their_own_types_and_compression(nginx: Nginx) -> None:
    """CSV, TOML, source maps and the compressed sitemap are not application/octet-stream; CSV is gzipped."""
    csv = next(nginx.site.glob("global-warming/*.csv")).relative_to(nginx.site)
    source_map = next(nginx.site.glob("assets/javascripts/bundle.*.min.js.map")).relative_to(nginx.site)
    expected = {
        f"/{csv}": "text/csv; charset=utf-8",
        "/schools/examples.toml": "application/toml; charset=utf-8",
        f"/{source_map}": "application/json",
        "/sitemap.xml.gz": "application/gzip",
    }
    for path, mime in expected.items():
        status, headers, _ = nginx.get(path)
        assert status == 200, path
        assert headers["content-type"] == [mime], path
    # gzip_types applies to CSV now that nginx knows its type: a CSV without a .gz beside it
    # is compressed on the fly.
    fresh = nginx.site / "global-warming" / "test-only-not-precompressed.csv"
    fresh.write_text("year,value\n" + "".join(f"{y},{y % 7}\n" for y in range(1900, 2000)))
    status, headers, body = nginx.get(f"/{fresh.relative_to(nginx.site)}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == ["gzip"], headers
    assert gzip.decompress(body).decode() == fresh.read_text()


@pytest.mark.slow
def test_only_found_files_are_cached_as_immutable(nginx: Nginx) -> None:
    """A 403 or 404 inside the runtime folder is not immutable (only a found file is)."""
    runtime = next(nginx.site.glob("assets/pyodide/*/pyodide.mjs")).parent.relative_to(nginx.site)
    status, headers, _ = nginx.get(f"/{runtime}/")  # the folder itself: no index, so 403
    assert status == 403 and headers["cache-control"] == ["no-cache"], (status, headers)
    status, headers, _ = nginx.get(f"/{runtime}/no-such-file.wasm")
    assert status == 404 and headers["cache-control"] == ["no-cache"], (status, headers)
    status, headers, _ = nginx.get(f"/{runtime}/pyodide.mjs")
    assert status == 200 and headers["cache-control"] == ["public, max-age=31536000, immutable"]


@pytest.mark.slow
def test_a_missing_page_gets_the_404_page_in_its_language(nginx: Nginx) -> None:
    """Under /en/ the English 404 page, elsewhere the Japanese one, each with status 404."""
    for path, lang in (
        ("/no-such-page/", "ja"),
        ("/schools/no-such-page/", "ja"),
        ("/en/no-such-page/", "en"),
        ("/en/schools/nothing.html", "en"),
    ):
        status, _, body = nginx.get(path)
        assert status == 404, path
        assert f'<html lang="{lang}"'.encode() in body, f"{path}: not the {lang} 404 page"
    for page in ("/404.html", "/en/404.html"):
        assert nginx.get(page)[0] == 404, f"{page} is internal: only shown for a missing address"


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
    # blob: workers only: the Python exercises' sandboxed frame starts each run's worker so.
    assert directives["worker-src"] == ["'self'", "blob:"], directives["worker-src"]
    for name in (
        "default-src",
        "connect-src",
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


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_and_the_calculator_work_under_the_csp(
    browser: Any, nginx: Nginx, built_site: Path
) -> None:
    """Through nginx, every page loads and the calculator (ja and en) reaches data-state="ready", with no CSP violation anywhere."""
    base, reports = nginx.base, nginx.reports
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
                    "() => /[0-9]/.test(document.querySelector('[data-results] [data-output=\"total_kg_per_year\"]').textContent)"
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


# The same policy as a <meta http-equiv> (overrides/hooks/csp.py), for hosts without headers ----

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
NOT_IN_META = {"frame-ancestors", "report-uri", "report-to", "sandbox"}


def test_every_page_carries_the_nginx_policy_as_a_meta_element(built_site: Path) -> None:
    """Each page's meta policy is nginx.conf's, less what a meta policy cannot hold, with the page's own script hashes, before any script or style."""
    namespace: dict[str, Any] = {"__name__": "csp_hashes"}
    exec(compile(CSP_HASHES.read_text(encoding="utf-8"), str(CSP_HASHES), "exec"), namespace)
    own: dict[str, set[str]] = {}
    for digest, pages_with_it in namespace["inline_hashes"](built_site).items():
        for where in pages_with_it:
            own.setdefault(where, set()).add(digest)
    header = {d.split()[0]: d.split()[1:] for d in csp_from_nginx().split(";") if d.strip()}
    pages = sorted(built_site.rglob("*.html"))
    assert (built_site / "404.html") in pages and (built_site / "en" / "404.html") in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # A <template>'s policy is the exercise sandbox frame's own (overrides/hooks/exercises.py),
        # inert in the page: the page's policy is the one outside templates.
        found = META_CSP.findall(re.sub(r"<template\b.*?</template>", "", html, flags=re.DOTALL))
        where = page.relative_to(built_site).as_posix()
        assert len(found) == 1, f"{where}: {len(found)} meta policies"
        meta = {d.split()[0]: d.split()[1:] for d in found[0].split(";") if d.strip()}
        assert set(meta) == set(header) - NOT_IN_META, where
        for name, sources in header.items():
            if name not in NOT_IN_META and name != "script-src":
                assert meta[name] == sources, f"{where}: {name}"
        hashes = {s for s in meta["script-src"] if s.startswith("'sha256-")}
        assert hashes == own.get(where, set()), f"{where}: script-src hashes"
        assert [s for s in meta["script-src"] if s not in hashes] == [
            s for s in header["script-src"] if not s.startswith("'sha256-")
        ], where
        head = html[: html.index("</head>")]
        starts = [head.find(tag) for tag in ("<script", '<link rel="stylesheet"', "<style")]
        assert head.index(found[0]) < min(i for i in starts if i >= 0), (
            f"{where}: the meta policy must come before scripts and styles"
        )


@pytest.mark.browser
def test_the_meta_policy_blocks_an_injected_script_without_any_header(
    browser: Any, site_url: str
) -> None:
    """Served with no CSP header (tests' plain server, as a static host), an injected inline script is refused."""
    context = browser.new_context()
    page = context.new_page()
    try:
        response = page.goto(site_url + "/en/credits/")
        assert response is not None
        assert "content-security-policy" not in {k.lower() for k in response.headers}
        outcome = page.evaluate(
            """() => new Promise(done => {
              const seen = [];
              document.addEventListener('securitypolicyviolation', e => seen.push(e.effectiveDirective));
              const s = document.createElement('script');
              s.textContent = 'window.__injected = true';
              document.body.append(s);
              setTimeout(() => done({ran: window.__injected === true, seen}), 300);
            })"""
        )
        assert outcome == {"ran": False, "seen": ["script-src-elem"]}, outcome
    finally:
        context.close()
