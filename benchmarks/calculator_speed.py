"""Measure how fast the calculator gets ready and recalculates (prints figures, never fails).

Targets from the issue "The calculator in the browser":
- time to `ready` ≤ 1.2 × a bare `loadPyodide()` of the same files in the same browser;
- recalculation ≤ 50 ms median.

Everything runs in one Chromium session against one build of the site:
- "calculator": the real /calculator/ page, from navigation start to the
  `calculator-ready` performance mark (worker started, Pyodide loaded, the
  calculators wheel loaded and imported);
- "bare": a page that only calls `loadPyodide()` on the same runtime folder,
  from navigation start to its own mark;
- "recalculation": from the `calculator-run-N` mark (input debounced, sent to
  the worker) to the result shown (`calculator-recalculation` measure).

Each round uses a fresh browser context (empty cache), alternating the two
pages so both see the same machine load. Usage:

    .venv/bin/python benchmarks/calculator_speed.py [--rounds 7] [--recalcs 40]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide</title></head>
<body><script type="module">
import { loadPyodide } from "./assets/pyodide/VERSION/pyodide.mjs";
const base = new URL("./assets/pyodide/VERSION/", location.href).href;
await loadPyodide({ indexURL: base, lockFileURL: base + "pyodide-lock.json" });
performance.mark("bare-ready");
window.bareReady = true;
</script></body></html>
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


def build(out: Path) -> str:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    version = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    # The runtime folder carries a content hash (<version>-<hash>), so find it.
    folder = next((out / "assets" / "pyodide").glob(f"{version}-*")).name
    (out / "bench-bare.html").write_text(BARE_PAGE.replace("VERSION", folder), encoding="utf-8")
    return version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--recalcs", type=int, default=40)
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        version = build(site)
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"

        ready_ms: list[float] = []
        bare_ms: list[float] = []
        recalc_ms: list[float] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for _ in range(args.rounds):
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{url}/calculator/")
                page.wait_for_selector('[data-state="ready"]', timeout=180_000)
                ready_ms.append(
                    page.evaluate(
                        "() => performance.getEntriesByName('calculator-ready')[0].startTime"
                    )
                )
                context.close()

                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{url}/bench-bare.html")
                page.wait_for_function("() => window.bareReady === true", timeout=180_000)
                bare_ms.append(
                    page.evaluate("() => performance.getEntriesByName('bare-ready')[0].startTime")
                )
                context.close()

            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{url}/calculator/?household_size=3&city_gas_m3=30&gasoline_l=40")
            page.wait_for_selector('[data-state="ready"]', timeout=180_000)
            for i in range(args.recalcs):
                before = page.evaluate(
                    "() => performance.getEntriesByName('calculator-recalculation').length"
                )
                page.fill('[name="electricity_kwh"]', str(200 + 7 * i))
                page.wait_for_function(
                    "n => performance.getEntriesByName('calculator-recalculation').length > n",
                    arg=before,
                )
            recalc_ms = page.evaluate(
                "() => performance.getEntriesByName('calculator-recalculation')"
                ".map(e => e.duration)"
            )
            context.close()
            browser.close()
        server.shutdown()

    ready, bare = statistics.median(ready_ms), statistics.median(bare_ms)
    recalc, p90 = statistics.median(recalc_ms), statistics.quantiles(recalc_ms, n=10)[-1]

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v:.0f}" for v in values)

    where = chromium or "Playwright's default"
    print(f"Pyodide {version}, Chromium at {where}, {args.rounds} rounds")
    print(f"time to ready, calculator page : median {ready:7.0f} ms  (all: {runs(ready_ms)})")
    print(f"time to ready, bare loadPyodide: median {bare:7.0f} ms  (all: {runs(bare_ms)})")
    print(f"ratio calculator / bare        : {ready / bare:.2f}   (target ≤ 1.20)")
    print(
        f"recalculation (input → result) : median {recalc:7.1f} ms, p90 {p90:.1f} ms,"
        f" {len(recalc_ms)} runs (target ≤ 50 ms median)"
    )


if __name__ == "__main__":
    main()
