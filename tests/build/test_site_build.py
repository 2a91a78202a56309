"""The built site: both languages, the self-hosted runtime, and no other host."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def runtime_dir(site: Path) -> Path:
    """The one runtime folder: assets/pyodide/<pinned version>-<content hash>/."""
    version = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    found = sorted((site / "assets" / "pyodide").glob(f"{version}-*"))
    assert len(found) == 1, found
    return found[0]


def test_build_produces_both_languages(built_site: Path) -> None:
    """`mkdocs build --strict` writes Japanese pages at / and English pages at /en/."""
    for page in ("index.html", "calculator/index.html", "methodology/index.html"):
        ja = (built_site / page).read_text(encoding="utf-8")
        en = (built_site / "en" / page).read_text(encoding="utf-8")
        assert '<html lang="ja"' in ja, page
        assert '<html lang="en"' in en, page


def test_language_switcher_links_to_the_same_page(built_site: Path) -> None:
    """The switcher on /calculator/ leads to /en/calculator/ and back."""
    ja = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    en = (built_site / "en" / "calculator" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*en/calculator/"[^>]*hreflang="en"', ja), "no link to /en/calculator/"
    assert re.search(r'href="[^"]*/calculator/"[^>]*hreflang="ja"', en), "no link to /calculator/"


# External references -------------------------------------------------------

# Attributes that make the browser fetch something (links in <a> are only navigation).
FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href",),
    "use": ("href",),
}
FETCHING_LINK_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "modulepreload", "manifest"}


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and set(values.get("rel", "").split()) & FETCHING_LINK_RELS:
            self.urls.append(values.get("href", ""))
        for attr in FETCHING.get(tag, ()):
            if attr in values:
                self.urls.extend(part.strip().split(" ")[0] for part in values[attr].split(","))
        if "style" in values:
            self.urls.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", values["style"]))


def is_foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme in {"data", "blob", ""} and not url.strip().startswith("//"):
        return False
    return parts.hostname not in {"127.0.0.1", None}


def test_no_page_or_stylesheet_fetches_from_another_host(built_site: Path) -> None:
    """No script, style, font, image or frame in the built HTML or CSS comes from another host."""
    problems = []
    for html in built_site.rglob("*.html"):
        parser = _Fetches()
        parser.feed(html.read_text(encoding="utf-8"))
        problems += [f"{html.relative_to(built_site)}: {u}" for u in parser.urls if is_foreign(u)]
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        problems += [f"{css.relative_to(built_site)}: {u}" for u in urls if is_foreign(u)]
    assert problems == []


def test_no_font_or_analytics_service_is_mentioned(built_site: Path) -> None:
    """Google Fonts, CDNs and analytics never appear in the pages' markup."""
    pattern = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|googletagmanager|google-analytics")
    hits = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if pattern.search(p.read_text(encoding="utf-8"))]
    assert hits == []


# Runtime and wheel ------------------------------------------------------------


def test_runtime_files_are_served_by_the_site(built_site: Path) -> None:
    """The Pyodide core files come from the pinned npm package, byte for byte."""
    runtime = runtime_dir(built_site)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        served = (runtime / name).read_bytes()
        assert served == (ROOT / "node_modules" / "pyodide" / name).read_bytes(), name


def test_runtime_folder_name_is_a_hash_of_its_files(built_site: Path) -> None:
    """The folder's name changes with any runtime file (so `immutable` caching is safe), and the pages point to it."""
    runtime = runtime_dir(built_site)
    digest = hashlib.sha256()
    for path in sorted(p for p in runtime.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    assert runtime.name.endswith("-" + digest.hexdigest()[:12])
    page = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert f'content="../assets/pyodide/{runtime.name}/"' in page


def test_stdlib_is_trimmed_to_what_was_imported(built_site: Path) -> None:
    """The served python_stdlib.zip holds bytecode for a strict subset of Pyodide's modules, without
    modules the calculator never imports and without those frozen into the wasm (os, site, codecs)."""
    served = set(zipfile.ZipFile(runtime_dir(built_site) / "python_stdlib.zip").namelist())
    full = set(zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").namelist())
    assert not [name for name in served if name.endswith(".py")], "source left in the served stdlib"
    modules = {name[: -len("c")] if name.endswith(".pyc") else name for name in served}
    assert modules < full
    assert {"json/__init__.py", "tomllib/__init__.py", "encodings/utf_8.py"} <= modules
    unused = {"argparse.py", "email/parser.py", "http/client.py", "pydoc.py", "unittest/__init__.py"}
    assert unused <= full and not modules & unused
    frozen = {"os.py", "site.py", "codecs.py", "importlib/_bootstrap.py"}
    assert frozen <= full and not modules & frozen


def test_lock_lists_only_what_the_site_serves(built_site: Path) -> None:
    """Every package in the site's pyodide-lock.json is a file the site serves, with its sha256."""
    runtime = runtime_dir(built_site)
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    assert set(lock["packages"]) == {"calculators"}
    for name, spec in lock["packages"].items():
        served = runtime / spec["file_name"]
        assert served.is_file(), name
        assert hashlib.sha256(served.read_bytes()).hexdigest() == spec["sha256"], name


def test_served_wheel_imports_in_a_clean_interpreter(built_site: Path) -> None:
    """The wheel the site serves imports on its own (no source tree, no site-packages)."""
    runtime = runtime_dir(built_site)
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    wheel = runtime / lock["packages"]["calculators"]["file_name"]
    names = zipfile.ZipFile(wheel).namelist()
    assert "calculators/web.py" in names
    assert any(n.startswith("calculators/data/") and n.endswith(".toml") for n in names)
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); import calculators, calculators.web as w;"
        "assert calculators.__file__.startswith(sys.argv[1]), calculators.__file__;"
        "print(w.run(json.dumps({'electricity_kwh': '300'}), 'ja'))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(wheel)],
        capture_output=True, text=True, cwd="/", check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["ok"] is True
    assert outcome["result"]["total_kg_per_year"] > 0


def test_each_language_has_its_own_search_index(built_site: Path) -> None:
    """Japanese pages load an index of Japanese pages, English pages one of English pages
    (overrides/hooks/search_split.py), and every result address opens a page."""
    ja = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert ja["docs"] and not [d for d in ja["docs"] if d["location"].startswith("en/")]
    assert en["docs"] and en["config"]["lang"] == ["en"]
    for root, index in ((built_site, ja), (built_site / "en", en)):
        for doc in index["docs"]:
            page = doc["location"].split("#")[0]
            assert (root / page / "index.html").is_file(), (root, doc["location"])
    # Material looks for the index, and resolves result addresses, against "base".
    assert '"base": ".."' in (built_site / "en" / "credits" / "index.html").read_text(encoding="utf-8")
    assert '"base": "."' in (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert '"base": "."' in (built_site / "index.html").read_text(encoding="utf-8")
