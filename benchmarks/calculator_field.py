"""The calculator in the field: every figure of issue 9, side by side, from one command.

    .venv/bin/python benchmarks/calculator_field.py            # about 10 minutes on 2 busy cores
    .venv/bin/python benchmarks/calculator_field.py --quick    # 1 run per link, no Firefox/WebKit
    .venv/bin/python benchmarks/calculator_field.py --site /tmp/site-x   # an existing build

Prints figures; never fails on a target (targets are in the last column).

How it serves the site, as deploy/ serves it:
- a fresh strict build (or --site), copied, then `deploy/precompress` on the
  copy; every .gz then gets a .br beside it with the `brotli` package if
  precompress did not write one (so this works before and after .br lands);
- a small Python HTTPS server on 127.0.0.1 that sends file.br or file.gz when
  the browser's Accept-Encoding allows it (Chromium asks for br over HTTPS only),
  with the Cache-Control rules read from deploy/nginx.conf's map, ETags and 304s;
- a throwaway self-signed certificate (the `cryptography` package), trusted by
  Chromium through --ignore-certificate-errors-spki-list, so the HTTP cache
  works as for a real site (ignoring all certificate errors would disable it);
- the link is emulated in the server, so the worker's fetches are limited too:
  one shared bandwidth for all responses, one RTT per request and two per new
  connection (TCP + TLS). HTTP/1.1, six connections: a real HTTP/2 server
  would do a little better on the slow links.

The stock runtime: node_modules/pyodide's own files (not the site's copy) in a
separate folder, served the same way under /stock/, with a page that only
calls loadPyodide(). Its ratio is what the calculator costs over a bare Pyodide.

Figures, per link profile (localhost; 10 Mbit/s with 40 ms RTT; 1.6 Mbit/s
with 150 ms RTT, optionally with the page's CPU slowed via --cpu-slowdown 4,
CDP Emulation.setCPUThrottlingRate, which does not slow the worker):
- bytes to ready: bytes the server sent between navigation and `ready`
  (page, assets, worker, runtime), for the calculator and the bare page;
- time to ready: navigation start to the `calculator-ready` mark (or to
  data-state="ready" if the mark is gone), and to the bare page's own mark;
- repeat visit: the same browser context opens the calculator again (warm cache);
- offline repeat visit: after that, the context goes offline and reloads;
  "n/a" when the page does not reach ready without a network;
and once: the recalculation median (typing to result, localhost), the
compressed bytes of a content page (and how many of them are runtime bytes),
and the time to ready in Firefox ESR (puppeteer-core, BiDi) and WebKitGTK
(Selenium, Xvfb) on localhost. Medians over the runs; every run is listed.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import email.utils
import hashlib
import http.server
import ipaddress
import json
import mimetypes
import os
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYODIDE = ROOT / "node_modules" / "pyodide"
BROTLI_CACHE = ROOT / ".cache" / "benchmark-brotli"
STOCK_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide (stock runtime)</title></head>
<body><script type="module">
import { loadPyodide } from "./pyodide.mjs";
const base = new URL("./", location.href).href;
await loadPyodide({ indexURL: base, lockFileURL: base + "pyodide-lock.json" });
performance.mark("bare-ready");
window.bareReady = true;
</script></body></html>
"""
# What counts as runtime bytes on a content page (whatever the runtime's URLs look like).
RUNTIME_FILE = re.compile(r"(\.wasm|\.whl|\.zip|pyodide[^/]*\.m?js|pyodide-lock[^/]*\.json)$")
CALCULATOR_READY = """() => {
  const root = document.querySelector('[data-calculator="household"]');
  if (!root || root.dataset.state !== "ready") return null;
  const mark = performance.getEntriesByName("calculator-ready")[0];
  return mark ? mark.startTime : performance.now();
}"""
BARE_READY = """() => window.bareReady === true
  ? performance.getEntriesByName("bare-ready")[0].startTime : null"""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Profile:
    name: str
    bits_per_s: float | None  # None: unlimited
    rtt_s: float
    cpu: float = 1.0

    @property
    def label(self) -> str:
        if self.bits_per_s is None:
            return "localhost"
        mbit = self.bits_per_s / 1e6
        cpu = f", CPU ÷{self.cpu:g}" if self.cpu != 1 else ""
        return f"{mbit:g} Mbit/s {self.rtt_s * 1000:.0f} ms{cpu}"


# Serving -------------------------------------------------------------------


def build_site(out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def precompress(folder: Path) -> tuple[int, int]:
    """Run deploy/precompress, then make any missing .br from the same files; return counts."""
    subprocess.run(["bash", str(ROOT / "deploy" / "precompress"), str(folder)], check=True)
    import brotli

    made = 0
    for gz in folder.rglob("*.gz"):
        original = gz.with_suffix("")
        br = original.with_name(original.name + ".br")
        if original.is_file() and not br.exists():
            # Quality 11 takes minutes for the runtime on a busy machine: keep each result.
            data = original.read_bytes()
            cached = BROTLI_CACHE / f"{hashlib.sha256(data).hexdigest()}.br"
            if not cached.exists():
                BROTLI_CACHE.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(brotli.compress(data, quality=11))
            shutil.copyfile(cached, br)
            made += 1
    return len(list(folder.rglob("*.br"))), made


def make_stock(folder: Path) -> None:
    """The npm package's own runtime files and the bare page, in a folder of their own."""
    folder.mkdir(parents=True)
    for name in STOCK_FILES:
        shutil.copy2(PYODIDE / name, folder / name)
    (folder / "index.html").write_text(BARE_PAGE, encoding="utf-8")


def cache_rules() -> tuple[list[tuple[re.Pattern[str], str]], str]:
    """deploy/nginx.conf's Cache-Control map: [(uri regex, value)], default."""
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    rules = [
        (re.compile(m.group(1)), m.group(2))
        for m in re.finditer(r'^\s*~(\S+)\s+"([^"]+)";', text, re.MULTILINE)
    ]
    default = re.search(r'^\s*default\s+"([^"]+)";', text, re.MULTILINE)
    return rules, default.group(1) if default else "public, max-age=300, must-revalidate"


def certificate(folder: Path) -> tuple[Path, Path, str]:
    """A throwaway self-signed certificate for 127.0.0.1: cert, key, base64 SPKI sha256."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return cert_path, key_path, base64.b64encode(hashlib.sha256(spki).digest()).decode()


@dataclass
class Link:
    """One shared emulated link: bandwidth shared by every response, plus latency."""

    profile: Profile = field(default_factory=lambda: Profile("localhost", None, 0.0))
    lock: threading.Lock = field(default_factory=threading.Lock)
    free_at: float = 0.0
    sent: int = 0
    log: list[tuple[str, int]] = field(default_factory=list)

    def reset(self) -> None:
        with self.lock:
            self.sent = 0
            self.log = []

    def wait(self, rtts: float) -> None:
        if self.profile.rtt_s:
            time.sleep(self.profile.rtt_s * rtts)

    def send(self, out: Any, data: bytes) -> None:
        """Write data at the link's rate (16 KiB slices queue behind every other response)."""
        rate = self.profile.bits_per_s
        for start in range(0, len(data), 16384):
            piece = data[start : start + 16384]
            if rate:
                with self.lock:
                    begin = max(time.monotonic(), self.free_at)
                    self.free_at = begin + len(piece) * 8 / rate
                    done = self.free_at
                time.sleep(max(0.0, done - time.monotonic()))
            out.write(piece)
            with self.lock:
                self.sent += len(piece)


class Handler(http.server.BaseHTTPRequestHandler):
    """Static files as nginx with gzip_static/brotli_static would send them."""

    protocol_version = "HTTP/1.1"
    site: Path
    stock: Path
    link: Link
    tls: ssl.SSLContext
    rules: list[tuple[re.Pattern[str], str]]
    default_cache: str

    def setup(self) -> None:
        self.link.wait(2)  # TCP and TLS handshakes
        self.request = self.tls.wrap_socket(self.request, server_side=True)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def resolve(self, uri: str) -> Path | None:
        base, rel = (
            (self.stock, uri[len("/stock/") :])
            if uri.startswith("/stock/")
            else (
                self.site,
                uri.lstrip("/"),
            )
        )
        path = (base / rel).resolve()
        if not path.is_relative_to(base.resolve()):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def cache_control(self, uri: str) -> str:
        if uri.startswith("/stock/") and not uri.endswith("/"):
            return "public, max-age=31536000, immutable"
        for pattern, value in self.rules:
            if pattern.search(uri):
                return value
        return self.default_cache

    def do_GET(self) -> None:
        self.link.wait(1)
        uri = unquote(urlsplit(self.path).path)
        path = self.resolve(uri)
        if path is None:
            self.reply(404, b"not found", {"Content-Type": "text/plain"})
            return
        accepted = {
            part.split(";")[0].strip()
            for part in self.headers.get("Accept-Encoding", "").split(",")
        }
        body_path, encoding = path, None
        for enc, suffix in (("br", ".br"), ("gzip", ".gz")):
            candidate = path.with_name(path.name + suffix)
            if enc in accepted and candidate.is_file():
                body_path, encoding = candidate, enc
                break
        stat = body_path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        headers = {
            "Content-Type": content_type(path),
            "Cache-Control": self.cache_control(uri),
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
            "Vary": "Accept-Encoding",
        }
        if encoding:
            headers["Content-Encoding"] = encoding
        if self.headers.get("If-None-Match") == etag:
            self.reply(304, b"", headers, body=False)
            return
        self.reply(200, body_path.read_bytes(), headers)

    def reply(self, status: int, data: bytes, headers: dict[str, str], body: bool = True) -> None:
        self.link.log.append((urlsplit(self.path).path, len(data) if body else 0))
        head = [f"HTTP/1.1 {status} {self.responses[status][0]}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            head.append(f"Content-Length: {len(data)}")
        else:
            head.append("Content-Length: 0")
        payload = ("\r\n".join(head) + "\r\n\r\n").encode() + (data if body else b"")
        try:
            self.link.send(self.wfile, payload)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True


def content_type(path: Path) -> str:
    special = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript"}
    kind = (
        special.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser dropping a connection mid-benchmark is normal


def serve(site: Path, stock: Path, cert: Path, key: Path) -> tuple[Server, Link, str]:
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    tls.set_alpn_protocols(["http/1.1"])
    rules, default = cache_rules()
    link = Link()
    handler = type(
        "SiteHandler",
        (Handler,),
        {
            "site": site,
            "stock": stock,
            "link": link,
            "tls": tls,
            "rules": rules,
            "default_cache": default,
        },
    )
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, link, f"https://127.0.0.1:{server.server_address[1]}"


# Measuring (Chromium) --------------------------------------------------------------


@dataclass
class Visit:
    ms: float | None
    bytes: int


def wait_ready(page: Any, script: str, timeout_s: float) -> float | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            value = page.evaluate(script)
            if value is not None:
                return float(value)
        page.wait_for_timeout(100)
    return None


def visit(
    page: Any, link: Link, url: str, script: str, timeout_s: float, reload: bool = False
) -> Visit:
    link.reset()
    with contextlib.suppress(Exception):
        if reload:
            page.reload(wait_until="commit", timeout=int(timeout_s * 1000))
        else:
            page.goto(url, wait_until="commit", timeout=int(timeout_s * 1000))
    ms = wait_ready(page, script, timeout_s)
    return Visit(ms, link.sent)


def new_page(browser: Any, profile: Profile) -> tuple[Any, Any]:
    context = browser.new_context()
    page = context.new_page()
    if profile.cpu != 1:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu})
    return context, page


@dataclass
class Results:
    first: list[Visit] = field(default_factory=list)
    bare: list[Visit] = field(default_factory=list)
    repeat: list[Visit] = field(default_factory=list)
    offline: list[Visit] = field(default_factory=list)


def measure_profile(browser: Any, link: Link, base: str, profile: Profile, runs: int) -> Results:
    link.profile = profile
    # Generous: a busy machine can take a minute to start Pyodide even on localhost.
    timeout = 180 + (2 * 8 * 8e6 / profile.bits_per_s if profile.bits_per_s else 0) * profile.cpu
    out = Results()
    for _ in range(runs):
        context, page = new_page(browser, profile)
        out.first.append(visit(page, link, f"{base}/calculator/", CALCULATOR_READY, timeout))
        page.wait_for_timeout(1000)  # let a service worker finish caching, as a reader would linger
        out.repeat.append(visit(page, link, f"{base}/calculator/", CALCULATOR_READY, timeout))
        context.set_offline(True)
        out.offline.append(visit(page, link, "", CALCULATOR_READY, 15, reload=True))
        context.close()
        context, page = new_page(browser, profile)
        out.bare.append(visit(page, link, f"{base}/stock/", BARE_READY, timeout))
        context.close()
    link.profile = Profile("localhost", None, 0.0)
    return out


def recalculation(browser: Any, base: str, count: int) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/calculator/?household_size=3&city_gas_m3=30&gasoline_l=40")
    page.wait_for_selector('[data-state="ready"]', timeout=300_000)
    for i in range(count):
        before = page.evaluate(
            "() => performance.getEntriesByName('calculator-recalculation').length"
        )
        page.fill('[name="electricity_kwh"]', str(200 + 7 * i))
        page.wait_for_function(
            "n => performance.getEntriesByName('calculator-recalculation').length > n", arg=before
        )
    values: list[float] = page.evaluate(
        "() => performance.getEntriesByName('calculator-recalculation').map(e => e.duration)"
    )
    context.close()
    return values


def content_page(browser: Any, link: Link, base: str, path: str) -> tuple[int, int, int, int]:
    """A content page, fresh cache, until the network is quiet.

    Returns the bytes sent, the runtime bytes among them, the responses, and the bytes
    of what the page itself asked for (the rest is the service worker's background
    copies for visits with no network: the offline pages and worksheets).
    """
    context = browser.new_context()
    page = context.new_page()
    asked: set[str] = set()
    page.on("request", lambda request: asked.add(urlsplit(request.url).path))
    link.reset()
    page.goto(f"{base}{path}", wait_until="networkidle")
    page.wait_for_timeout(1500)
    log, sent = list(link.log), link.sent
    context.close()
    runtime = sum(size for uri, size in log if RUNTIME_FILE.search(uri))
    own = sum(size for uri, size in log if uri in asked)
    return sent, runtime, len(log), own


def gzip_only_bytes(log: list[tuple[str, int]], site: Path, stock: Path) -> int:
    """What the same responses would weigh with .gz instead of .br (the issue's 'now')."""
    total = 0
    for uri, size in log:
        base, rel = (
            (stock, uri[len("/stock/") :]) if uri.startswith("/stock/") else (site, uri.lstrip("/"))
        )
        path = base / rel
        if path.is_dir():
            path = path / "index.html"
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        total += gz.stat().st_size if size and br.is_file() and gz.is_file() else size
    return total


# Other engines (localhost) --------------------------------------------------


def firefox_ready(base: str, runs: int) -> list[float] | str:
    firefox = shutil.which("firefox-esr") or shutil.which("firefox")
    if not firefox or not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        return "firefox-esr or puppeteer-core missing"
    config = {"firefox": firefox, "url": f"{base}/calculator/", "runs": runs}
    done = subprocess.run(
        ["node", str(Path(__file__).with_name("firefox_ready.mjs")), json.dumps(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        return f"failed: {done.stderr.strip()[-300:]}"
    return [float(v) for v in json.loads(done.stdout)]


def webkit_ready(base: str, runs: int) -> list[float] | str:
    driver_path, xvfb = shutil.which("WebKitWebDriver"), shutil.which("Xvfb")
    if not driver_path or not xvfb:
        return "WebKitWebDriver or Xvfb missing"
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.service import Service

    display = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert display.stdout is not None
    env = {**os.environ, "DISPLAY": ":" + display.stdout.readline().decode().strip()}
    values: list[float] = []
    try:
        for _ in range(runs):  # a new session each run: an empty cache
            options = webdriver.WebKitGTKOptions()
            options.add_argument("--automation")
            options.set_capability("acceptInsecureCerts", True)
            driver = webdriver.WebKitGTK(
                options=options, service=Service(executable_path=driver_path, env=env)
            )
            try:
                driver.get(f"{base}/calculator/")
                deadline = time.monotonic() + 300
                value = None
                while value is None and time.monotonic() < deadline:
                    value = driver.execute_script("return (" + CALCULATOR_READY + ")()")
                    time.sleep(0.1)
                if value is None:
                    return "not ready within 300 s"
                values.append(float(value))
            finally:
                driver.quit()
    finally:
        display.terminate()
    return values


# Report ---------------------------------------------------------------------


def median(values: list[float | None]) -> float | None:
    """Median of the runs that got there; None if none did."""
    real = [v for v in values if v is not None]
    return statistics.median(real) if real else None


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value / 1000:.2f} s"


def mb(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1e6:.2f} MB" if value >= 1e5 else f"{value / 1e3:.1f} KB"


def ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def runs_text(values: list[float | None]) -> str:
    return ", ".join("n/a" if v is None else f"{v / 1000:.1f}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build now)")
    parser.add_argument("--runs", type=int, default=3, help="runs on localhost")
    parser.add_argument("--runs-fast", type=int, default=2, help="runs at 10 Mbit/s")
    parser.add_argument("--runs-slow", type=int, default=1, help="runs at 1.6 Mbit/s")
    parser.add_argument("--cpu-slowdown", type=float, default=1.0, help="CPU ÷N on the slow link")
    parser.add_argument("--recalcs", type=int, default=40)
    parser.add_argument("--engine-runs", type=int, default=2, help="Firefox/WebKit runs")
    parser.add_argument("--quick", action="store_true", help="1 run per link, no Firefox/WebKit")
    args = parser.parse_args()
    if args.quick:
        args.runs = args.runs_fast = args.runs_slow = 1
        args.engine_runs = 0

    from playwright.sync_api import sync_playwright

    load_start = os.getloadavg()[0]

    profiles = [
        (Profile("localhost", None, 0.0), args.runs),
        (Profile("10 Mbit/s", 10e6, 0.040), args.runs_fast),
        (Profile("1.6 Mbit/s", 1.6e6, 0.150, args.cpu_slowdown), args.runs_slow),
    ]
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        site = tmp / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            build_site(site)
        for old in [*site.rglob("*.gz"), *site.rglob("*.br")]:
            old.unlink()
        stock = tmp / "stock"
        make_stock(stock)
        br_site, br_made = precompress(site)
        precompress(stock)
        cert, key, spki = certificate(tmp)
        server, link, base = serve(site, stock, cert, key)
        print(
            f"Serving {base} (HTTPS, .br {br_site} files, {br_made} made here with brotli)",
            file=sys.stderr,
        )

        table: dict[str, Results] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={spki}"],
            )
            for profile, runs in profiles:
                print(f"… {profile.label}: {runs} run(s)", file=sys.stderr)
                table[profile.label] = measure_profile(browser, link, base, profile, runs)
            # One more localhost visit, to price the same responses in gzip.
            context, page = new_page(browser, profiles[0][0])
            visit(page, link, f"{base}/calculator/", CALCULATOR_READY, 300)
            gzip_bytes = gzip_only_bytes(list(link.log), site, stock)
            context.close()
            print("… recalculation, content page", file=sys.stderr)
            recalcs = recalculation(browser, base, args.recalcs)
            content_ja = content_page(browser, link, base, "/")
            content_en = content_page(browser, link, base, "/en/")
            chromium_version = browser.version
            browser.close()
        firefox: list[float] | str = "skipped (--quick)"
        webkit: list[float] | str = "skipped (--quick)"
        if args.engine_runs:
            print("… Firefox ESR, WebKitGTK", file=sys.stderr)
            firefox = firefox_ready(base, args.engine_runs)
            webkit = webkit_ready(base, args.engine_runs)
        server.shutdown()

    version = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    print()
    print(f"Chromium {chromium_version} · Pyodide {version} · HTTPS, br/gz as deploy serves")
    # Times depend on what else runs: say how busy the machine was.
    print(f"load average at start {load_start:.1f}, at end {os.getloadavg()[0]:.1f}")
    print_table(table)
    recalc = statistics.median(recalcs)
    p90 = statistics.quantiles(recalcs, n=10)[-1] if len(recalcs) > 1 else recalc
    print()
    print(f"bytes to ready, calculator, gzip only (localhost): {mb(gzip_bytes)}")
    print(
        f"recalculation median (localhost): {recalc:.1f} ms, p90 {p90:.1f} ms,"
        f" {len(recalcs)} runs   (target ≤ 10 ms)"
    )
    for path, (total, runtime, requests, own) in (("/", content_ja), ("/en/", content_en)):
        print(
            f"content page {path}, compressed: {total / 1000:.0f} KB in {requests} responses"
            f" (the page itself {own / 1000:.0f} KB, the service worker's offline copies"
            f" {(total - own) / 1000:.0f} KB), {runtime} runtime bytes"
            "   (target ≤ 150 KB, 0 runtime bytes)"
        )
    for name, values in (("Firefox ESR", firefox), ("WebKitGTK", webkit)):
        if isinstance(values, str):
            print(f"time to ready, {name} (localhost): {values}")
        else:
            print(
                f"time to ready, {name} (localhost): {ms(statistics.median(values))}"
                f" (runs: {runs_text(list(values))} s)"
            )
    print()
    for label, r in table.items():
        print(
            f"runs, {label}: calculator [{runs_text([v.ms for v in r.first])}] s,"
            f" bare [{runs_text([v.ms for v in r.bare])}] s,"
            f" repeat [{runs_text([v.ms for v in r.repeat])}] s,"
            f" offline [{runs_text([v.ms for v in r.offline])}] s"
        )


def print_table(table: dict[str, Results]) -> None:
    """The per-link figures: one column per link profile, medians over the runs."""
    labels = list(table)

    def med(label: str, kind: str) -> tuple[float | None, float | None]:
        visits: list[Visit] = getattr(table[label], kind)
        return median([v.ms for v in visits]), median([float(v.bytes) for v in visits])

    def offline(label: str) -> str:
        times = [v.ms for v in table[label].offline]
        return ms(median(times)) if all(t is not None for t in times) else "n/a"

    rows = [
        ("bytes to ready, calculator", [mb(med(x, "first")[1]) for x in labels], "≤ 3.6 MB"),
        ("bytes to ready, bare (stock)", [mb(med(x, "bare")[1]) for x in labels], ""),
        ("time to ready, calculator", [ms(med(x, "first")[0]) for x in labels], ""),
        ("time to ready, bare (stock)", [ms(med(x, "bare")[0]) for x in labels], ""),
        (
            "ratio calculator / bare",
            [ratio(med(x, "first")[0], med(x, "bare")[0]) for x in labels],
            "≤ 1.0 / 0.75 / 0.70",
        ),
        ("repeat visit, time to ready", [ms(med(x, "repeat")[0]) for x in labels], ""),
        ("repeat visit, bytes", [mb(med(x, "repeat")[1]) for x in labels], ""),
        (
            "repeat / first visit",
            [ratio(med(x, "repeat")[0], med(x, "first")[0]) for x in labels],
            "≤ 0.5 at 10 Mbit/s",
        ),
        ("offline repeat visit, ready", [offline(x) for x in labels], "reaches ready"),
    ]
    width = max(len(name) for name, _, _ in rows) + 2
    col = max(14, *(len(x) + 2 for x in labels))
    print("figure".ljust(width) + "".join(x.rjust(col) for x in labels) + "   target")
    for name, values, target in rows:
        cells = "".join(v.rjust(col) for v in values)
        print(name.ljust(width) + cells + (f"   {target}" if target else ""))


if __name__ == "__main__":
    main()
