"""Lighthouse Performance and Total Blocking Time on the seven page types, as figures.

    .venv/bin/python benchmarks/lighthouse.py                  # build now, 3 runs per page
    .venv/bin/python benchmarks/lighthouse.py --site /tmp/s    # an existing build
    .venv/bin/python benchmarks/lighthouse.py --features       # what each Material feature costs

Prints figures; never fails on a target. The pass/fail floors (Accessibility,
Best Practices and SEO at 100) are in tests/quality/test_validators.py; speed
is measured here because it depends on the machine (the figures below move with
the load average, printed at the start and the end).

How: Lighthouse 12 (tests/quality/lighthouse_run.mjs: mobile, simulated
throttling, a fresh Debian Chromium per run) against the site served as deploy/
serves it: a copy with deploy/precompress run on it, sent over HTTPS with brotli
and deploy/nginx.conf's cache rules by benchmarks/calculator_field.py's server
(no emulated link: Lighthouse simulates a slow 4G phone itself). Each page runs
--runs times; the median of each figure is printed with every run beside it.
Then the main thread's CPU time to load and settle for the same pages (see
--features below), which a busy machine does not inflate.

--features builds the site again with one Material feature changed at a time
(a temporary copy of mkdocs.yml in the repository root, removed afterwards) and
measures / and the longest page, /methodology/, to decide which features earn
their cost: content.tooltips (84 glossary <abbr> on /methodology/), navigation.instant
(off today) and search.suggest with search.highlight. These builds are served
without precompression (compressing the runtime again for each would take minutes
and the variants differ in main-thread work, not bytes): compare the variants
with each other, not with the figures of the default mode. For each variant it
prints the main thread's CPU time to load and settle (CDP ThreadTime, median of 5,
with layout and style-recalculation counts): CPU time does not grow when other
processes hold the cores, which on a shared machine swamps Lighthouse's
wall-clock Total Blocking Time (add --lighthouse for that too).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import calculator_field as field  # the HTTPS server with precompressed files

ROOT = field.ROOT
RUNNER = ROOT / "tests" / "quality" / "lighthouse_run.mjs"
#: The seven page types (the same list as tests/quality/test_validators.py).
PAGES = [
    "/",
    "/methodology/",
    "/calculator/",
    "/python/",
    "/schools/class/",
    "/log/",
    "/en/credits/",
]
FEATURE_PAGES = ["/", "/methodology/"]

#: Variants of mkdocs.yml for --features: (name, [(line as written, replacement)]).
VARIANTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("as configured", []),
    ("no content.tooltips", [("    - content.tooltips", "    # - content.tooltips")]),
    ("with navigation.instant", [("    # - navigation.instant", "    - navigation.instant")]),
    (
        "no search.suggest/highlight",
        [
            ("    - search.highlight", "    # - search.highlight"),
            ("    - search.suggest", "    # - search.suggest"),
        ],
    ),
]


def lighthouse(base: str, spki: str, paths: list[str]) -> dict[str, Any]:
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "chromium"
    done = subprocess.run(
        [
            "node",
            str(RUNNER),
            f"--chrome-flag=--ignore-certificate-errors-spki-list={spki}",
            chromium,
            base,
            *paths,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"lighthouse_run.mjs failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(
    site: Path, paths: list[str], runs: int, compress: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """{path: [metrics of run 1, run 2, …]} for a built site (precompressed and served here)."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        served = tmp / "site"
        shutil.copytree(site, served)
        for old in [*served.rglob("*.gz"), *served.rglob("*.br")]:
            old.unlink()
        if compress:
            field.precompress(served)
        stock = tmp / "stock"
        stock.mkdir()
        cert, key, spki = field.certificate(tmp)
        server, _link, base = field.serve(served, stock, cert, key)
        try:
            found: dict[str, list[dict[str, Any]]] = {path: [] for path in paths}
            for _ in range(runs):
                for path, result in lighthouse(base, spki, paths).items():
                    found[path].append(result["metrics"])
            return found
        finally:
            server.shutdown()


CPU_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main_thread_cpu(site: Path, paths: list[str], runs: int) -> dict[str, list[dict[str, float]]]:
    """The page's main-thread CPU time to load and settle (CDP Performance.getMetrics ThreadTime),
    with its layout and style-recalculation counts, on a phone-sized viewport.

    CPU time, unlike Lighthouse's wall-clock task lengths, does not grow when other
    processes hold the cores, so it compares variants even on a shared machine."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or None
    found: dict[str, list[dict[str, float]]] = {path: [] for path in paths}
    with tempfile.TemporaryDirectory() as tmp_name:
        stock = Path(tmp_name) / "stock"
        stock.mkdir()
        cert, key, spki = field.certificate(Path(tmp_name))
        server, _link, base = field.serve(site, stock, cert, key)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=[*CPU_CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={spki}"],
            )
            for _ in range(runs):
                for path in paths:
                    context = browser.new_context(viewport={"width": 412, "height": 823})
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(2000)
                    metrics = {
                        m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                    }
                    found[path].append(
                        {
                            "cpu_ms": metrics["ThreadTime"] * 1000,
                            "script_ms": metrics["ScriptDuration"] * 1000,
                            "layouts": metrics["LayoutCount"],
                            "styles": metrics["RecalcStyleCount"],
                        }
                    )
                    context.close()
            browser.close()
        server.shutdown()
    return found


def cpu_table(found: dict[str, list[dict[str, float]]], label: str) -> None:
    print(f"\n{label} (main-thread CPU, median of {len(next(iter(found.values())))})")
    print(f"{'page':<18} {'CPU ms':>8} {'layouts':>8} {'styles':>8}   runs (CPU ms)")
    for path, runs in found.items():
        cpu = med([r["cpu_ms"] for r in runs])
        layouts = med([r["layouts"] for r in runs])
        styles = med([r["styles"] for r in runs])
        each = ", ".join(f"{r['cpu_ms']:.0f}" for r in runs)
        print(f"{path:<18} {cpu:>8.0f} {layouts:>8.0f} {styles:>8.0f}   {each}")


def build(out: Path, config: Path | None = None) -> None:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--site-dir",
        str(out),
    ]
    if config is not None:
        command += ["--config-file", str(config)]
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def med(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def table(found: dict[str, list[dict[str, Any]]], label: str = "") -> None:
    head = (
        f"{'page':<18} {'Performance':>11} {'TBT ms':>8} {'FCP ms':>8} {'LCP ms':>8}"
        "   runs (Performance / TBT)"
    )
    print(f"\n{label}" if label else "")
    print(head)
    for path, runs in found.items():
        perf = med([r["performance"] for r in runs])
        tbt = med([r["total-blocking-time"] for r in runs])
        fcp = med([r["first-contentful-paint"] for r in runs])
        lcp = med([r["largest-contentful-paint"] for r in runs])
        each = ", ".join(f"{r['performance']}/{r['total-blocking-time']:.0f}" for r in runs)
        print(f"{path:<18} {perf:>11.0f} {tbt:>8.0f} {fcp:>8.0f} {lcp:>8.0f}   {each}")


def features(runs: int, lighthouse_too: bool) -> None:
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name, swaps in VARIANTS:
        text = original
        for old, new in swaps:
            if old not in text:
                print(f"\n{name}: skipped (mkdocs.yml has no line {old.strip()!r})")
                break
            text = text.replace(old, new, 1)
        else:
            config = ROOT / ".mkdocs-benchmark.yml"
            with tempfile.TemporaryDirectory() as tmp_name:
                try:
                    config.write_text(text, encoding="utf-8")
                    build(Path(tmp_name) / "site", config)
                finally:
                    config.unlink(missing_ok=True)
                built = Path(tmp_name) / "site"
                cpu_table(main_thread_cpu(built, FEATURE_PAGES, max(runs, 5)), f"{name}:")
                if lighthouse_too:
                    table(measure(built, FEATURE_PAGES, runs, compress=False), f"{name}:")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build now)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument(
        "--features", action="store_true", help="one build per Material feature variant"
    )
    parser.add_argument(
        "--lighthouse", action="store_true", help="with --features: Lighthouse too (slow)"
    )
    args = parser.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start: {load} ({os.cpu_count()} cores)")
    if args.features:
        features(args.runs, args.lighthouse)
    elif args.site:
        # An older build (a "before" figure) may lack pages added since: measure those it has.
        pages = [page for page in PAGES if (args.site / page.strip("/") / "index.html").is_file()]
        for page in sorted(set(PAGES) - set(pages)):
            print(f"{page} is not in {args.site}: left out")
        table(measure(args.site, pages, args.runs))
        cpu_table(main_thread_cpu(args.site, pages, max(args.runs, 5)), "the same pages")
    else:
        with tempfile.TemporaryDirectory() as tmp_name:
            build(Path(tmp_name) / "site")
            table(measure(Path(tmp_name) / "site", PAGES, args.runs))
            cpu_table(
                main_thread_cpu(Path(tmp_name) / "site", PAGES, max(args.runs, 5)), "the same pages"
            )
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("Lighthouse 12, mobile, simulated throttling; medians; the machine may be shared.")


if __name__ == "__main__":
    main()
