"""Japanese pages speak Japanese: no stray English words in the main text of the built site.

Data files are written with English units, periods and notes ("kWh/yr",
"long-standing"); pages must show them in the page's language. This test
reads every built Japanese page (``site/**/index.html`` outside ``en/``) and
lists each word in Latin script in the page's main text (``<article>``) that
is not on the allow-list of proper names, abbreviations and units below.

Not read as main text, because they are rightly written in the original
language or are not prose: program text (``code``, ``pre``, ``kbd``), the
drawn charts (``svg``, whose words the figure's caption repeats), the
``## 出典`` section and the 出典 column of tables (titles are quoted as their
publishers wrote them), and web or mail addresses.

A failure names the page and the word with its context, so whoever wrote it
can translate it or, for a new proper name or unit, add it to the allow-list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

# Units and unit parts (°C is read as "C", m³ as "m", kg-CO₂ as "kg-CO").
UNITS = {
    "kg",
    "g",
    "t",
    "Gt",
    "GtC",
    "GtCO",
    "CO",
    "kg-CO",
    "t-CO",
    "t-C",
    "kWh",
    "kW",
    # the calculator's first-visit download (約4.7 MB) and the slow link it is timed on
    "MB",
    "Mbps",
    "W",
    "GJ",
    "MJ",
    "kL",
    "L",
    "m",
    "km",
    "ppm",
    "C",
    "V",
}
# Abbreviations and names of schemes, bodies, documents and data sets.
ABBREVIATIONS = {
    "IPCC",
    "AR",
    "SYR",
    "SPM",
    "WGI",
    "J",
    "J-VER",
    "JCM",
    "GX",
    "GX-ETS",
    "CDM",
    "CER",
    "COP",
    "NDC",
    "GIO",
    "JCCCA",
    "WMO",
    "NOAA",
    "GML",
    "UNFCCC",
    "LP",
    "LPG",
    "LED",
    "CSV",
    "URL",
    "IP",
    "FAQ",
    "QR",
    "CDP",
    "RE",
    "GEC",
    "EIC",
    "RIM",
    "JIS",
    "JISC",
    "AA",
    "WCAG",
    "W3C",
    "PDF",
    "ID",
    "Ver",
    "vol",
    "Vol",
    "X",
    "e-Stat",
    "HadCRUT",
}
# Proper names (people, software) and single letters used as labels
# (メニューM, B表, 平均A, Eメール, eスタート, R6年度 = 令和6年度).
NAMES = {
    # Browsers and systems the calculator is tested and measured on.
    "Firefox",
    "ESR",
    "WebKitGTK",
    "iPhone",
    "iPad",
    "Linux",
    "Python",
    "Pyodide",
    "JavaScript",
    "WebAssembly",
    "Cookie",
    "Chromium",
    "axe-core",
    "Morice",
    "David",
    "Keeling",
    "Tab",
    "A",
    "B",
    "M",
    "E",
    "e",
    "R",
}
ALLOWED = UNITS | ABBREVIATIONS | NAMES
# The editing guide teaches staff the names of the tools and buttons they use.
ALLOWED_ON_PAGE = {
    "editing-guide": {
        "GitHub",
        "Propose",
        "changes",
        "Ctrl",
        "textlint",
        "prh",
        "onclick",
        "Markdown",
        "axe",
        "script",
        "en",
        "en.md",
        # tool names in the table of test layers
        "CSP",
        "nginx",
        "ruff",
        "mypy",
        # fiscal_year is written FY2025 in the data files; the note for staff on Windows PCs
        "FY",
        "Windows",
        "WSL",
        "Subsystem",
        "for",
        "Debian",
        "Ubuntu",
        "macOS",
        # saving a chart's CSV file: the encodings and the program that changes them
        "Excel",
        "Shift",
        "JIS",
        "UTF",
        "BOM",
    },
    # The form tools schools use to collect class codes.
    # 技術分野D: the curriculum's own letter for 情報の技術.
    "schools": {"Google", "Microsoft", "Forms", "D"},
    "python": {"Mac", "D"},
    # Safari names the setting 「Webサイトデータ」; the diary's records are in localStorage.
    "privacy": {"Web", "localStorage", "JSON"},
    # Class codes: the alphabet's name and the kind of check (CRC).
    "schools/class": {"Google", "Microsoft", "Forms", "Crockford", "Base", "CRC"},
    "schools/forms": {"Google", "Microsoft", "Forms", "Excel"},
    # The diary names the file formats, the browser's storage and the spreadsheet people use.
    "log": {"localStorage", "JSON", "UTF", "BOM", "Excel", "Shift", "JIS"},
    "schools/diary": {"JSON"},
}

SKIPPED_TAGS = {"code", "pre", "kbd", "script", "style", "svg", "textarea", "template"}
WORD = re.compile(r"[A-Za-z]+(?:[.-][A-Za-z]+)*")
ADDRESS = re.compile(
    r"(?:https?://|mailto:)\S+|\S+@\S+|\b[\w-]+(?:\.[\w-]+)+\.(?:jp|com|org|int)\b"
)


class MainText(HTMLParser):
    """Collects the prose of <article>, leaving out the parts listed in the module docstring."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = 0
        self.skipping: list[str] = []
        self.in_sources = False
        self.heading: str | None = None
        self.head_cells: list[str] = []
        self.head_cell: str | None = None
        self.in_thead = False
        self.column = -1
        self.in_source_cell = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.article += 1
        if not self.article:
            return
        if tag in SKIPPED_TAGS:
            self.skipping.append(tag)
        elif tag == "h2":
            self.heading = ""
        elif tag == "table":
            self.head_cells = []
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            self.column = -1
        elif tag in ("th", "td"):
            self.column += 1
            if self.in_thead:
                self.head_cell = ""
            else:
                heads = self.head_cells
                self.in_source_cell = self.column < len(heads) and heads[self.column] == "出典"

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article -= 1
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag == "h2" and self.heading is not None:
            self.in_sources = self.heading.replace("¶", "").strip() == "出典"
            self.heading = None
        elif tag == "thead":
            self.in_thead = False
        elif tag == "th" and self.head_cell is not None:
            self.head_cells.append(self.head_cell.strip())
            self.head_cell = None
        if tag in ("th", "td"):
            self.in_source_cell = False

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading += data
        if self.head_cell is not None:
            self.head_cell += data
        if self.article and not self.skipping and not self.in_sources and not self.in_source_cell:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    return " ".join(parser.parts)


def stray_words(text: str, allowed: set[str]) -> Iterator[tuple[str, str]]:
    """(word, context) for each Latin-script word in TEXT that is not allowed."""
    text = ADDRESS.sub(" ", text)
    for match in WORD.finditer(text):
        if match.group(0) not in allowed:
            context = text[max(0, match.start() - 30) : match.end() + 30]
            yield match.group(0), " ".join(context.split())


def japanese_pages(site: Path) -> list[Path]:
    return sorted(
        p
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("en/", "assets/"))
    )


def test_japanese_pages_have_no_english_words_outside_the_allow_list(built_site: Path) -> None:
    """Every built Japanese page: main text is Japanese apart from allowed names, abbreviations and units."""
    pages = japanese_pages(built_site)
    assert len(pages) >= 15
    problems = []
    for page in pages:
        rel = page.relative_to(built_site).parent.as_posix()
        allowed = ALLOWED | ALLOWED_ON_PAGE.get(rel, set())
        text = main_text(page.read_text(encoding="utf-8"))
        assert text.strip(), f"{rel}: no main text found (is <article> still there?)"
        problems += [f"{rel or '/'}: {w!r} in “…{c}…”" for w, c in stray_words(text, allowed)]
    assert problems == [], (
        "日本語のページに英語の言葉があります。日本語に直すか、固有名詞・略語・単位なら "
        "tests/content/test_japanese_text.py の許可リストに足してください:\n" + "\n".join(problems)
    )


def test_the_check_finds_an_english_word_and_skips_sources_code_and_addresses() -> None:
    """The checker itself: a stray word is found; sources, code, source columns and addresses are not."""
    html = (
        "<nav>Home</nav><article><h1>計算の方法</h1>"
        "<p>電気は 0.423 kg-CO₂/kWh です。係数は long-standing の値です。</p>"
        "<p>IPCC の報告。<code>calculators/data</code>。"
        '<a href="mailto:a@b.jp">kankyo@city.adachi.tokyo.jp</a></p>'
        "<table><thead><tr><th>項目</th><th>出典</th></tr></thead>"
        "<tbody><tr><td>CO₂</td><td>WMO Greenhouse Gas Bulletin</td></tr></tbody></table>"
        '<h2 id="_1">出典<a class="headerlink" href="#_1">¶</a></h2>'
        "<ul><li>State of the Global Climate</li></ul></article>"
    )
    found = [w for w, _ in stray_words(main_text(html), ALLOWED)]
    assert found == ["long-standing"]
