"""How long the Python exercises take to answer: the first Run on /python/, and the next ones.

    .venv/bin/python benchmarks/exercise_first_run.py --site /tmp/site-a [--site /tmp/site-b …]

Prints figures; never fails. For each built site (a `tools/dev build` or
`mkdocs build --site-dir …` output), served on 127.0.0.1 by a plain Python server
with deploy/nginx.conf's CSP header, and in real Chromium (Debian's, as the tests
use it):

- first run: a fresh browser context opens /python/ (cold HTTP cache), waits for
  the load event, clicks exercise 1's Run and waits for its output: milliseconds
  from the click to the answer (what a pupil waits for on the first press);
- next run: in the same page, Run again as soon as the first answer is there;
- third run: Run again 3 s after the second answer (time enough for a fresh
  interpreter to be ready when the page prepares one in the background).

Each figure is the median of --runs (default 3) fresh contexts; every run is
listed. The machine's load average is printed before and after: on a shared
machine the figures are only comparable within one invocation.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import statistics
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]


def csp() -> str:
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    return re.findall(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"', text, re.M)[0]


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - read by the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }
    policy = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(type("H", (Handler,), {"policy": csp()}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def press_run(page: Any) -> float:
    """Click exercise 1's Run; milliseconds until it is no longer running."""
    page.evaluate(
        "() => { document.querySelector('#exercise-1 [data-exercise-output]').textContent = ''; }"
    )
    started = time.perf_counter()
    page.click("#exercise-1 [data-exercise-action='run']")
    page.wait_for_function(
        "() => { const r = document.querySelector('#exercise-1');"
        " return r.dataset.exerciseState !== 'running' &&"
        " r.querySelector('[data-exercise-output]').textContent !== ''; }",
        timeout=300_000,
        polling=50,
    )
    elapsed = (time.perf_counter() - started) * 1000
    state = page.get_attribute("#exercise-1", "data-exercise-state")
    if state != "idle":
        raise RuntimeError(f"exercise 1 ended in {state!r}")
    return elapsed


def measure(browser: Any, url: str) -> tuple[float, float, float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "/python/", wait_until="load")
    first = press_run(page)
    second = press_run(page)
    page.wait_for_timeout(3000)
    third = press_run(page)
    context.close()
    return first, second, third


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", action="append", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        print(f"Chromium {browser.version}")
        for site in args.site:
            server, url = serve(site)
            rows = [measure(browser, url) for _ in range(args.runs)]
            server.shutdown()
            print(f"\n{site}")
            for name, index in (("first run", 0), ("next run at once", 1), ("run after 3 s", 2)):
                values = [row[index] for row in rows]
                listed = ", ".join(f"{v:.0f}" for v in values)
                print(f"  {name:17} median {statistics.median(values):6.0f} ms  ({listed})")
        browser.close()
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
