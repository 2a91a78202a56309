"""Serve the Python runtime from this site itself (MkDocs hook).

Why: pupils on school networks often cannot reach a CDN, and residents must not
be tracked by one. So the build copies the Pyodide core files from the npm
package pinned in ``package.json`` (the one place the version is written),
builds the ``calculators`` wheel from this repository, writes a
``pyodide-lock.json`` that lists that wheel (with its sha256) and nothing the
site does not serve, and ships a standard library trimmed to what the
calculator imports.

Every runtime file lives under ``site/assets/pyodide/<version>-<hash>/``, where
``<hash>`` is taken from the content of all the files in that folder. A new
wheel, lock or stdlib therefore gets a new address, so browsers may cache the
folder for a year (``immutable``) and still get the new numbers after a redeploy.

The trimmed standard library (``python_stdlib.zip``): ``trace_imports.mjs``
starts the real Pyodide under Node the way the page's worker does, runs the
calculator on households built from the form definition (every field, every
choice, errors) in both languages, and lists the stdlib files that were
imported. The zip keeps only those. The same script then runs again on the
trimmed zip, and the build stops unless every answer is identical. No list of
modules is kept by hand. The result is cached by a hash of its inputs.

Steps, in MkDocs event order:
- ``on_config``: read the pin, check ``node_modules`` matches it, prepare the
  runtime folder in ``.cache/runtime/`` (wheel, lock, trimmed stdlib; cached),
  and expose ``config.extra.pyodide`` (version, path, bytes) to templates.
- ``on_post_build``: copy the prepared folder into the site, and write the
  service worker (``sw.js``) with this runtime's address.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "calculators"
CACHE_DIR = ROOT / ".cache" / "wheels"
STAGE_DIR = ROOT / ".cache" / "runtime"
STDLIB_DIR = ROOT / ".cache" / "stdlib"
TRACE_SCRIPT = Path(__file__).with_name("trace_imports.mjs")
COMPILE_SCRIPT = Path(__file__).with_name("compile_stdlib.mjs")
# The runtime files copied unchanged from the npm package.
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"


def pinned_version() -> str:
    """Return the exact Pyodide version pinned in package.json."""
    spec = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = str(spec["dependencies"]["pyodide"])
    if not version[:1].isdigit():
        raise PluginError(f"package.json: pin pyodide to an exact version, not {version!r}")
    return version


def runtime_source(version: str) -> Path:
    """Return node_modules/pyodide after checking it holds the pinned version."""
    source = ROOT / "node_modules" / "pyodide"
    manifest = source / "package.json"
    if not manifest.exists():
        raise PluginError("node_modules/pyodide is missing: run `npm ci` (tools/dev does this).")
    installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if installed != version:
        raise PluginError(
            f"package.json pins pyodide {version} but node_modules has {installed}: run `npm ci`."
        )
    return source


def _digest(paths: list[Path], *extra: bytes) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(item)
    return digest.hexdigest()[:16]


def _package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE_DIR.rglob("*"), ROOT / "pyproject.toml"]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_tool(command: list[str], cwd: Path, what: str) -> str:
    """Run a build tool; stop the build with its output if it fails. Returns stdout."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"{what} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def copy_if_changed(source: Path, dest: Path) -> None:
    """Copy with timestamps, skipping a destination that is already the same file."""
    if dest.exists():
        a, b = source.stat(), dest.stat()
        if a.st_size == b.st_size and a.st_mtime == b.st_mtime:
            return
    shutil.copy2(source, dest)


def build_wheel() -> Path:
    """Build the calculators wheel with pypa ``build`` (cached by content hash)."""
    out = CACHE_DIR / _package_hash()
    wheels = sorted(out.glob("calculators-*.whl"))
    if wheels:
        store_uncompressed(wheels[-1])
        return wheels[-1]
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        # Build from a copy so the source tree gets no build/ or egg-info litter.
        src = Path(work) / "src"
        shutil.copytree(
            ROOT,
            src,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "node_modules", "site", ".cache", "docs", "tests", "*.egg-info"
            ),
        )
        run_tool(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
            cwd=src,
            what="Building the calculators wheel",
        )
    wheel = sorted(out.glob("calculators-*.whl"))[-1]
    store_uncompressed(wheel)
    return wheel


def store_uncompressed(archive: Path) -> None:
    """Rewrite a zip (the wheel) with its members stored, not deflated.

    deploy/precompress then compresses the whole file with brotli, which does far
    better on Python source and TOML than zip's per-member deflate (55 KB against
    78 KB for the wheel). A wheel's RECORD lists the members' own hashes, so it
    stays valid; the lock file's sha256 is taken afterwards.
    """
    with zipfile.ZipFile(archive) as src:
        if all(info.compress_type == zipfile.ZIP_STORED for info in src.infolist()):
            return
    stored = archive.with_suffix(".stored")
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info), compress_type=zipfile.ZIP_STORED)
    stored.replace(archive)


def write_lock(source: Path, dest: Path, wheel: Path) -> None:
    """Write dest/pyodide-lock.json: the runtime's info plus only our wheel."""
    base = json.loads((source / "pyodide-lock.json").read_text(encoding="utf-8"))
    base["packages"] = {}
    with tempfile.TemporaryDirectory() as work:
        empty = Path(work) / "empty-lock.json"
        empty.write_text(json.dumps(base), encoding="utf-8")
        cli = Path(sys.executable).with_name("pyodide")
        run_tool(
            [
                str(cli),
                "lockfile",
                "add-wheels",
                "--input",
                str(empty),
                "--output",
                str(dest / "pyodide-lock.json"),
                "--base-path",
                str(dest),
                str(dest / wheel.name),
            ],
            cwd=Path(work),
            what="`pyodide lockfile add-wheels`",
        )


# Trimmed standard library ------------------------------------------------------


def run_cases() -> list[Any]:
    """Raw inputs that walk every code path a reader can reach, built from the form itself.

    Every field alone with a plain value, full-width digits, a yen amount, letters,
    a negative and a far too large value; every choice; one household with every
    field and every action; and requests that are not a JSON object at all.
    """
    from calculators import action_ids, form_definition

    fields = [f for group in form_definition("ja")["groups"] for f in group["fields"]]
    cases: list[Any] = [{}, [], "not an object", {"unknown_field": "1"}]
    everything: dict[str, str] = {"actions": ",".join(action_ids())}
    for field in fields:
        key = field["key"]
        if field["options"]:
            for option in field["options"]:
                cases.append({key: option["value"], "electricity_kwh": "300"})
            cases.append({key: "no_such_choice", "electricity_kwh": "300"})
        else:
            for value in ("3", "１２，４００円", "1,234.5", "abc", "-1", "1e308", "0"):
                cases.append({key: value})
            everything[key] = "2" if key == "household_size" else "40"
    cases.append(everything)
    cases.append({**everything, "electricity_supplier": "custom", "electricity_factor": "0.3"})
    cases.append({**everything, "period": "year", "actions": "no_such_action"})
    return cases


#: The households whose class codes class_texts() pastes. Their codes hold kg figures, so
#: they change with the data; the cache key uses these inputs instead (see trimmed_stdlib).
CLASS_HOUSEHOLDS = (
    {"household_size": "3", "electricity_kwh": "300"},
    {"electricity_kwh": "120", "gasoline_l": "30"},
)


def class_texts() -> list[str]:
    """What a teacher pastes on /schools/class/: real codes, a CSV export, and bad lines."""
    from calculators import web

    codes = []
    for raw in CLASS_HOUSEHOLDS:
        result = json.loads(web.run(json.dumps(raw), "ja"))
        codes.append(str(result.get("result", {}).get("class_code", "")))
    good = "\n".join(codes)
    csv_export = "Timestamp,Code\n" + "\n".join(f'"2026/11/30 10:00",{c}' for c in codes)
    return [good, csv_export, good + "\nC1-not-a-code\n" + codes[0][:-2] + "\n\n", ""]


def exercise_requests() -> list[dict[str, object]]:
    """What the /python/ page sends: every exercise's model answer and starting code in both
    languages (as the exercises hook checks them), plus a syntax error and a runtime error."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "_exercises_hook", Path(__file__).with_name("exercises.py")
    )
    if spec is None or spec.loader is None:  # pragma: no cover - the file sits beside this one
        raise PluginError("overrides/hooks/exercises.py is missing")
    hook = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = hook  # its dataclasses look themselves up there
    spec.loader.exec_module(hook)
    requests: list[dict[str, object]] = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if "~~~python exercise" not in text:
            continue
        lang = "en" if page.name.endswith(".en.md") else "ja"
        _, exercises = hook.parse(text, page.relative_to(ROOT / "docs").as_posix())
        requests += hook.requests_for(exercises, lang)
    for lang in ("ja", "en"):
        requests.append({"code": "print(1 +", "check": "", "lang": lang, "files": {}})
        requests.append({"code": "x = [1][5]", "check": "", "lang": lang, "files": {}})
    return requests


def diary_months() -> list[tuple[str, dict[str, str]]]:
    """The 25 months of bills that diary_requests() keeps, exports and imports."""
    months = []
    for n in range(25):
        year, month = divmod(2024 * 12 + n, 12)
        values = {"household_size": "3", "electricity_kwh": str(300 - n), "city_gas_m3": "30"}
        if n % 2:
            values |= {"water_m3": "40", "water_period": "two_months"}
        if n == 5:
            values |= {"electricity_supplier": "custom", "electricity_factor": "0.3"}
        if n == 7:
            values = {"electricity_yen": "８，０００円", "kerosene_l": "18"}
        months.append((f"{year}-{month + 1:02d}", values))
    return months


def diary_requests() -> list[str]:
    """What the diary page (/log/) sends, in both languages: a diary of 25 months (two-month
    water bills, a bill in yen, a custom factor, a watched action) shown, added to, edited,
    deleted from, exported as CSV and JSON and imported back, and files with bad rows,
    another language's headings, bad JSON and no diary at all."""
    from calculators import _diary as D

    diary = D.Diary()
    for month, values in diary_months():
        entry = D.check_entry(month, values)
        if isinstance(entry, list):  # pragma: no cover - the cases are made to check
            raise PluginError(f"runtime.py: the traced diary month {month} does not check")
        diary = diary.with_entry(entry)
    diary = D.Diary(diary.entries, D.Plan("led_bulb", 2025 * 12))
    document = D.to_document(diary)
    eco_drive = {"id": "eco_drive", "start": "2025-06"}

    def kwh(value: str) -> dict[str, str]:
        return {"electricity_kwh": value}

    requests: list[dict[str, Any]] = []
    for lang in ("ja", "en"):
        csv_text = D.to_csv(diary, lang)
        bad_csv = csv_text + "2026-13,3,abc\n2026-02,,,,no_such_plan\n"
        requests += [
            {"op": "view", "lang": lang, "diary": None},
            {"op": "view", "lang": lang, "diary": document},
            {"op": "add", "lang": lang, "diary": document, "month": "2026-2", "values": kwh("280")},
            {"op": "add", "lang": lang, "diary": None, "month": "2026年2月", "values": kwh("-1")},
            {"op": "add", "lang": lang, "diary": None, "month": "x", "values": {}},
            {"op": "delete", "lang": lang, "diary": document, "month": "2024-03"},
            {"op": "action", "lang": lang, "diary": document, "action": eco_drive},
            {"op": "action", "lang": lang, "diary": document, "action": {"id": "nope"}},
            {"op": "export", "lang": lang, "diary": document, "format": "csv"},
            {"op": "export", "lang": lang, "diary": document, "format": "json"},
            {"op": "import", "lang": lang, "diary": None, "text": csv_text},
            {"op": "import", "lang": lang, "diary": document, "text": bad_csv},
            {"op": "import", "lang": lang, "diary": None, "text": D.to_json(diary)},
            {"op": "import", "lang": lang, "diary": None, "text": '{"format": "x"'},
            {"op": "import", "lang": lang, "diary": None, "text": "no,diary\n1,2\n"},
        ]
    return [json.dumps(r, ensure_ascii=False) for r in requests] + ["", "[]"]


def trace_cases() -> dict[str, Any]:
    """Everything the worker is asked to do: calculator runs, class summaries, exercises, diary."""
    return {
        "run": run_cases(),
        "class": class_texts(),
        "exec": exercise_requests(),
        "diary": diary_months(),
    }


def trace_key_cases() -> dict[str, Any]:
    """trace_cases() as they depend on the code, not on the data's values: the class codes
    (kg figures, which a yearly update changes) are named by the households they come from,
    and the diary's requests (its exported files hold each month's kg and class code) by
    the months of bills they are made from."""
    return {
        "run": run_cases(),
        "class": CLASS_HOUSEHOLDS,
        "exec": exercise_requests(),
        "diary": diary_months(),
    }


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise PluginError("node is missing: the build needs Node.js 20 (tools/dev installs it).")
    return node


def _trace(source: Path, stdlib: Path, folder: Path, cases: Path) -> dict[str, Any]:
    node = _node()
    out = run_tool(
        [
            node,
            str(TRACE_SCRIPT),
            str(source / "pyodide.mjs"),
            str(stdlib),
            str(folder),
            str(cases),
        ],
        cwd=folder,
        what=f"Import trace in Pyodide ({TRACE_SCRIPT.name})",
    )
    report: dict[str, Any] = json.loads(out)
    return report


def trim_stdlib(full: Path, keep: set[str], dest: Path) -> None:
    """Write dest: the members of the full stdlib zip that were imported (and their folders).

    Members are stored uncompressed: brotli or gzip over the whole file (deploy/precompress)
    compresses Python source far better than zip's per-file deflate (604 KB against
    828 KB with brotli), and Pyodide reads stored members without inflating them.
    """
    folders = {name.rsplit("/", 1)[0] + "/" for name in keep if "/" in name}
    with zipfile.ZipFile(full) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            if info.filename in keep or info.filename in folders:
                out.writestr(info, src.read(info), compress_type=zipfile.ZIP_STORED)


def compile_stdlib(source: Path, trimmed: Path, dest: Path) -> dict[str, int]:
    """Write dest: the trimmed stdlib as bytecode made by this Pyodide (compile_stdlib.mjs)."""
    out = run_tool(
        [_node(), str(COMPILE_SCRIPT), str(source / "pyodide.mjs"), str(trimmed), str(dest)],
        cwd=dest.parent,
        what=f"Compiling the standard library in Pyodide ({COMPILE_SCRIPT.name})",
    )
    counts: dict[str, int] = json.loads(out)
    return counts


def stdlib_key(source: Path) -> str:
    """The cache key of the trimmed stdlib: the code and the cases, not the data's values."""
    keyed = json.dumps(trace_key_cases(), ensure_ascii=False, sort_keys=True)
    return _digest(
        [source / name for name in (*CORE_FILES, STDLIB)]
        + sorted(PACKAGE_DIR.glob("*.py"))
        + [TRACE_SCRIPT, COMPILE_SCRIPT, Path(__file__)],
        keyed.encode("utf-8"),
    )


def trimmed_stdlib(source: Path, work: Path) -> Path:
    """The trimmed, precompiled python_stdlib.zip, cached in .cache/stdlib/<key>/.

    The key covers what decides which modules are imported: Pyodide's files, the
    calculators package's Python code (not its data: editing a figure does not
    re-run the trace, so ``tools/dev check`` stays under a minute after a yearly
    update), the trace and compile scripts and this hook, and the cases traced
    (``trace_key_cases``: the class codes, whose kg figures follow the data, are
    keyed by their households). ``work`` holds the lock and wheel to trace with.

    The proof runs on what the site ships: the trace is taken on the full source
    stdlib, and its answers must come out the same on the trimmed, compiled one.
    """
    cached = STDLIB_DIR / stdlib_key(source) / STDLIB
    if cached.exists():
        return cached
    traced = json.dumps(trace_cases(), ensure_ascii=False, sort_keys=True)
    cases = work / "trace-cases.json"
    cases.write_text(traced, encoding="utf-8")
    trimmed = work / "python_stdlib_source.zip"
    compiled = work / STDLIB
    full = _trace(source, source / STDLIB, work, cases)
    trim_stdlib(source / STDLIB, set(full["files"]), trimmed)
    compile_stdlib(source, trimmed, compiled)
    again = _trace(source, compiled, work, cases)
    if (again["results"], again["source"]) != (full["results"], full["source"]):
        raise PluginError(
            "The trimmed, compiled standard library gives other answers than the full one "
            f"({TRACE_SCRIPT.name}, {COMPILE_SCRIPT.name}); compare the two runs on {cases}."
        )
    cases.unlink()
    trimmed.unlink()
    shutil.rmtree(STDLIB_DIR, ignore_errors=True)
    cached.parent.mkdir(parents=True)
    shutil.copy2(compiled, cached)
    return cached


def prepare_runtime(version: str, source: Path) -> Path:
    """The runtime folder in .cache/runtime/<key>/: core files, wheel, lock, trimmed stdlib."""
    wheel = build_wheel()
    key = _digest(
        [source / name for name in (*CORE_FILES, STDLIB)]
        + [TRACE_SCRIPT, COMPILE_SCRIPT, Path(__file__)],
        wheel.name.encode(),
        _package_hash().encode(),
    )
    stage = STAGE_DIR / key
    if (stage / STDLIB).exists():
        return stage
    shutil.rmtree(STAGE_DIR, ignore_errors=True)
    work = STAGE_DIR / f"{key}.tmp"
    work.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(source / name, work / name)
    shutil.copy2(wheel, work / wheel.name)
    write_lock(source, work, wheel)
    stdlib = trimmed_stdlib(source, work)
    if stdlib.parent != work:
        shutil.copy2(stdlib, work / STDLIB)
    work.rename(stage)
    return stage


def runtime_path(version: str, stage: Path) -> str:
    """Site-relative folder of the runtime: the version and a hash of every file in it."""
    files = sorted(p for p in stage.iterdir() if p.is_file())
    return f"assets/pyodide/{version}-{_digest(files)[:12]}/"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    version = pinned_version()
    source = runtime_source(version)
    stage = prepare_runtime(version, source)
    sizes = download_sizes(stage)
    config.extra["pyodide"] = {
        "version": version,
        "path": runtime_path(version, stage),
        # Bytes of every runtime file the browser loads before the calculator is
        # ready, as its progress bar counts them (decoded), …
        "bytes": sizes["bytes"],
        # … and what they weigh on the wire (gzip -9; brotli is smaller), with the time
        # they take at the slow link of benchmarks/calculator_field.py, for the page.
        "download": {
            "compressed": sizes["compressed"],
            "slow_seconds": slow_seconds(sizes["compressed"]),
        },
        "stage": str(stage),
    }
    return config


#: The slow link the page quotes a time for (benchmarks/calculator_field.py's slow profile).
SLOW_LINK_BITS_PER_S = 1.6e6
SIZES_CACHE = ROOT / ".cache" / "runtime-sizes.json"


def download_sizes(stage: Path) -> dict[str, int]:
    """Bytes of every runtime file in ``stage``, as they are and gzip-compressed (cached)."""
    cached: dict[str, dict[str, int]] = {}
    if SIZES_CACHE.exists():
        cached = json.loads(SIZES_CACHE.read_text(encoding="utf-8"))
    if stage.name in cached:
        return cached[stage.name]
    files = [p for p in sorted(stage.iterdir()) if p.is_file()]
    sizes = {
        "bytes": sum(p.stat().st_size for p in files),
        "compressed": sum(len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in files),
    }
    SIZES_CACHE.parent.mkdir(parents=True, exist_ok=True)
    SIZES_CACHE.write_text(json.dumps({stage.name: sizes}), encoding="utf-8")
    return sizes


def slow_seconds(compressed: int) -> int:
    """Seconds to download ``compressed`` bytes at the slow link, rounded up to 10 s."""
    seconds = compressed * 8 / SLOW_LINK_BITS_PER_S
    return int(-(-seconds // 10) * 10)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Keep the hooks' own helpers (trace_imports.mjs) out of the site."""
    for file in [f for f in files if f.src_uri.startswith("hooks/")]:
        files.remove(file)
    return files


class _Assets(HTMLParser):
    """Same-site scripts, stylesheets, icons and preloaded modules a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "link" and set(values.get("rel", "").split()) & {
            "stylesheet",
            "icon",
            "modulepreload",
        }:
            self.urls.append(values.get("href", ""))


# Pages the service worker keeps at install (both languages): the offline page
# and the worksheet it links to, with the files they load.
PRECACHE_PAGES = ("offline/", "worksheet/")
# Pages whose files the service worker keeps with the runtime, once that page's
# calculator (or diary) is ready (the reader has just loaded them: no second download).
RUNTIME_PAGES = ("calculator/", "log/")


# What a module script loads by itself: `import … from "./x.js"`, `import("./x.js")`
# and `new URL("x.js", import.meta.url)` (a worker or a lazily imported module).
MODULE_REFERENCE = re.compile(
    r"""\bfrom\s*["'](?P<a>[^"'?#]+\.m?js)["']"""
    r"""|\bimport\s*\(\s*["'](?P<b>[^"'?#]+\.m?js)["']"""
    r"""|\bnew URL\(\s*["'](?P<c>[^"'?#]+\.m?js)["']\s*,\s*import\.meta\.url"""
)


def module_graph(site: Path, path: str) -> list[str]:
    """The site-relative script ``path`` and every same-site module it references, in turn.

    The page modules import client.js, which starts worker.js: none of them is in a
    page's HTML, yet a page needs them offline. A referenced file the site does not
    have (editor.js before its build) is left out.
    """
    found = [path]
    for current in found:
        script = site / current
        if not script.is_file():
            continue
        for match in MODULE_REFERENCE.finditer(script.read_text(encoding="utf-8")):
            target = urljoin(current, match["a"] or match["b"] or match["c"])
            if (site / target).is_file() and target not in found:
                found.append(target)
    return found


def page_assets(site: Path, base: str, pages: list[str]) -> list[str]:
    """Site-relative addresses of the same-site scripts (and the modules they load),
    styles and icons the pages load."""
    found: list[str] = []
    for page in pages:
        html = site / page / "index.html"
        if not html.exists():
            continue
        parser = _Assets()
        parser.feed(html.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(urljoin(base + page, url))
            if parts.netloc == urlsplit(base).netloc and parts.path.startswith(urlsplit(base).path):
                path = parts.path.removeprefix(urlsplit(base).path)
                found += module_graph(site, path) if path.endswith((".js", ".mjs")) else [path]
    return list(dict.fromkeys(found))


def precache_list(site: Path, base: str) -> list[str]:
    """Site-relative addresses the service worker stores at install."""
    pages = [prefix + page for prefix in ("", "en/") for page in PRECACHE_PAGES]
    found = [p for p in pages if (site / p / "index.html").exists()]
    return list(dict.fromkeys(found + page_assets(site, base, found)))


def runtime_page_list(site: Path, base: str) -> list[str]:
    """The calculator and diary pages' own files, stored with the runtime (not at install)."""
    pages = [prefix + page for prefix in ("", "en/") for page in RUNTIME_PAGES]
    precached = set(precache_list(site, base))
    return [path for path in page_assets(site, base, pages) if path not in precached]


def lunr_files(langs: list[str]) -> list[str]:
    """The lunr files Material's search worker loads for an index with these languages.

    The stemmer support, one lunr file per language other than English (plus the
    TinySegmenter for Japanese) and, with several languages, lunr.multi; nothing
    for English alone.
    """
    lunr = "assets/javascripts/lunr/"
    names = [f"{lunr}min/lunr.{lang}.min.js" for lang in langs if lang != "en"]
    names += [f"{lunr}tinyseg.js"] if "ja" in langs else []
    names += [f"{lunr}min/lunr.multi.min.js"] if len(langs) > 1 else []
    return [f"{lunr}min/lunr.stemmer.support.min.js", *names] if names else []


def search_files(site: Path, config: MkDocsConfig) -> dict[str, list[str]]:
    """What Material's search loads on every page, per language of the page.

    Its worker, the lunr files and the language's own index: the default language's
    index holds every language's lunr settings, each other language's index only its
    own (overrides/hooks/search_split.py). Those indexes are written after this list:
    the i18n plugin's last build runs this hook before the split.
    """
    search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
    i18n = next((p for name, p in config.plugins.items() if name.endswith("i18n")), None)
    workers = sorted(
        p.relative_to(site).as_posix()
        for p in site.glob("assets/javascripts/workers/search.*.min.js")
    )
    default_langs = [str(lang) for lang in (search.config.get("lang") if search else None) or []]
    out: dict[str, list[str]] = {}
    for lang in i18n.config.languages if i18n else []:
        if not lang.build:
            continue
        if lang.default:
            files = [*lunr_files(default_langs), *workers, "search/search_index.json"]
        else:
            index = f"{lang.locale}/search/search_index.json"
            files = [*lunr_files([str(lang.locale)]), *workers, index]
        out[str(lang.locale)] = files
    return out


SW_BUILD_LINE = re.compile(r"^const BUILD = \{.*\}; // written by the build$", re.MULTILINE)
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
CSP_LINE = re.compile(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"', re.MULTILINE)


def deployed_policy() -> str:
    """The Content-Security-Policy the site is deployed with: the one line of
    deploy/nginx.conf that sets it (tests/quality/test_csp.py reads the same line).

    The service worker attaches it to the pages it serves from its cache, which
    otherwise would carry no policy. "" when the file has no such line.
    """
    if not NGINX_CONF.exists():
        return ""
    found = CSP_LINE.findall(NGINX_CONF.read_text(encoding="utf-8"))
    return found[0] if len(found) == 1 else ""


def sha256_source(path: Path) -> str:
    """The file's SHA-256 as a subresource-integrity style "sha256-<base64>"."""
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def checked_files(site: Path, runtime: str, names: list[str], listed: list[str]) -> dict[str, str]:
    """SHA-256 of every runtime file and every script or stylesheet the service worker keeps.

    Pages are left out: their bytes may differ from the build's on a preview server
    (mkdocs serve adds its reload script), and the deployed policy guards them.
    """
    paths = [runtime + name for name in names]
    paths += [p for p in listed if p.endswith((".js", ".mjs", ".css"))]
    return {p: sha256_source(site / p) for p in dict.fromkeys(paths) if (site / p).is_file()}


def write_service_worker(config: MkDocsConfig) -> None:
    """Write site/sw.js from overrides/sw.js with this build's runtime and precache list."""
    site = Path(config.site_dir)
    template = (ROOT / "overrides" / "sw.js").read_text(encoding="utf-8")
    runtime = config.extra["pyodide"]["path"]
    names = sorted(p.name for p in Path(config.extra["pyodide"]["stage"]).iterdir())
    precache = precache_list(site, "http://site.invalid/")
    calculator = runtime_page_list(site, "http://site.invalid/")
    build = {
        "cache": runtime.rstrip("/").rsplit("/", 1)[-1],
        "runtime": runtime,
        "runtimeFiles": names,
        # The calculator page in every language, kept with the runtime.
        "runtimePages": [
            prefix + page
            for prefix in ("", "en/")
            for page in RUNTIME_PAGES
            if (site / prefix / page / "index.html").exists()
        ],
        "precache": precache,
        "calculator": calculator,
        "shared": search_files(site, config),
        "offline": {"ja": "offline/", "en": "en/offline/"},
        "hashes": checked_files(site, runtime, names, precache + calculator),
        "csp": deployed_policy(),
    }
    line = f"const BUILD = {json.dumps(build)}; // written by the build"
    script, count = SW_BUILD_LINE.subn(lambda _: line, template)
    if count != 1:
        raise PluginError(
            "overrides/sw.js: the line `const BUILD = {…}; // written by the build` is missing"
        )
    (site / "sw.js").write_text(script, encoding="utf-8")


def on_post_build(config: MkDocsConfig) -> None:
    stage = Path(config.extra["pyodide"]["stage"])
    dest = Path(config.site_dir) / config.extra["pyodide"]["path"]
    dest.mkdir(parents=True, exist_ok=True)
    # The i18n plugin builds each language in turn and this hook runs after each
    # build into the same folder; unchanged files are not copied again.
    for path in stage.iterdir():
        copy_if_changed(path, dest / path.name)
    write_service_worker(config)
