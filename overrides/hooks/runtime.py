"""Serve the Python runtime from this site itself (MkDocs hook).

Why: pupils on school networks often cannot reach a CDN, and residents must not
be tracked by one. So the build copies the Pyodide core files from the npm
package pinned in ``package.json`` (the one place the version is written),
builds the ``calculators`` wheel from this repository, and writes a
``pyodide-lock.json`` that lists that wheel (with its sha256) and nothing the
site does not serve. The result lives under ``site/assets/pyodide/<version>/``.

Steps, in MkDocs event order:
- ``on_config``: read the pin, check ``node_modules`` matches it, and expose
  ``config.extra.pyodide`` (version and path) to templates and other hooks.
- ``on_post_build``: copy the runtime, build the wheel (cached by a hash of
  the package's files), and register it with ``pyodide lockfile add-wheels``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "calculators"
CACHE_DIR = ROOT / ".cache" / "wheels"
# The runtime files a browser needs to start Pyodide. Nothing else is copied.
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# The large files Pyodide fetches (the .mjs files are imported, not fetched).
FETCHED_FILES = ("pyodide.asm.wasm", "python_stdlib.zip")


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


def runtime_path(version: str) -> str:
    """Site-relative folder of the runtime; versioned so it can be cached for a long time."""
    return f"assets/pyodide/{version}/"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    version = pinned_version()
    source = runtime_source(version)
    # Bytes the browser fetches before the calculator is ready (for the progress bar).
    fetched = sum((source / name).stat().st_size for name in FETCHED_FILES)
    config.extra["pyodide"] = {"version": version, "path": runtime_path(version), "bytes": fetched}
    return config


def _package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE_DIR.rglob("*"), ROOT / "pyproject.toml"]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_tool(command: list[str], cwd: Path, what: str) -> None:
    """Run a build tool; stop the build with its output if it fails."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"{what} failed:\n{result.stdout}\n{result.stderr}")


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
    return sorted(out.glob("calculators-*.whl"))[-1]


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


def on_post_build(config: MkDocsConfig) -> None:
    version = config.extra["pyodide"]["version"]
    source = runtime_source(version)
    dest = Path(config.site_dir) / runtime_path(version)
    dest.mkdir(parents=True, exist_ok=True)
    # The i18n plugin builds each language in turn and this hook runs after each
    # build into the same folder; the copies and the lock are written only once.
    for name in CORE_FILES:
        copy_if_changed(source / name, dest / name)
    wheel = build_wheel()
    copy_if_changed(wheel, dest / wheel.name)
    lock = dest / "pyodide-lock.json"
    if lock.exists() and lock.stat().st_mtime >= (dest / wheel.name).stat().st_mtime:
        return
    write_lock(source, dest, wheel)
