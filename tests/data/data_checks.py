"""Consistency checks on calculators/data/ and the data history, as plain functions.

Loading (calculators/_data.py) checks each entry on its own. These checks look
across entries and pages, where a yearly update can go half-way wrong:

- a document's year (R7年度, 令和7年度, 2025年度, FY2025) must be the entry's
  ``fiscal_year`` (check_document_years);
- entries that cite the same yearly publication (YEARLY_PUBLICATIONS: the
  electricity table, the gas table) share one ``fiscal_year``, unless an entry
  says why not in ``fiscal_year_differs`` (check_publication_years);
- the newest row of the data history on the methodology page (both languages)
  names the publication's current year, and its values when it names any
  (check_history);
- an emission factor lies in the plausible range for its unit, so a misplaced
  decimal point (4.15 for 0.415) or a unit slip is caught (check_plausible_values).

Each returns a list of ``Problem`` (tests/quality/quality_checks.py): the file,
the line and one Japanese sentence that says what is wrong and what to write.
Every expected year and value is read from the data, so the checks keep
working after any update. tests/data/test_consistency.py runs them on the real
files and on broken copies; ``tools/dev check`` prints them first.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "quality"))

from quality_checks import Problem  # noqa: E402

from calculators._data import NOT_FIGURE_FILES, DataError, entry_line, load_figures_from  # noqa: E402

DATA = ROOT / "calculators" / "data"
#: The page whose "data history" table records each update, by language.
HISTORY_PAGES = {"ja": "docs/methodology/index.md", "en": "docs/methodology/index.en.md"}
#: Yearly publications: entries whose ``document`` starts with the name come from one
#: list, published once a year, and are updated together. Each has the words that
#: name it in a history row (Japanese, English).
YEARLY_PUBLICATIONS = {
    "電気事業者別排出係数": ("電気", "electricity"),
    "ガス事業者別排出係数": ("ガス", "gas"),
}
#: Keys whose text may name the document's year (document_en: the English title).
DOCUMENT_KEYS = ("document", "document_en")

_ERA = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
YEAR_IN_TEXT = re.compile(
    r"(?P<era>令和|平成|(?<![A-Za-z])R|(?<![A-Za-z])H)\s?(?P<n>\d{1,2}|元)\s?年度"
    r"|(?<!\d)(?P<year>\d{4})\s?年度"
    r"|\bFY\s?(?P<fy>\d{4})\b"
)
FISCAL_YEAR = re.compile(r"FY(\d{4})(?:[–-](?:FY)?(\d{4}))?")


def named_years(text: str) -> list[tuple[int, str]]:
    """The fiscal years a text names, as (year, the words as written): R7年度 → (2025, "R7年度")."""
    found = []
    for match in YEAR_IN_TEXT.finditer(text):
        if match.group("era"):
            n = 1 if match.group("n") == "元" else int(match.group("n"))
            year = _ERA[match.group("era")] + n
        else:
            year = int(match.group("year") or match.group("fy"))
        found.append((year, match.group(0)))
    return found


def fiscal_years(fiscal_year: str) -> set[int] | None:
    """FY2024 → {2024}; FY2022–FY2023 → {2022, 2023}; None for other periods (2023, —, long-standing)."""
    match = FISCAL_YEAR.fullmatch(fiscal_year.strip())
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return set(range(first, last + 1))


def year_ja(year: int) -> str:
    return f"{year}年度"


@dataclass(frozen=True)
class Entry:
    """One data entry as written: its file, id, raw keys and the file's text (for lines)."""

    file: str
    fid: str
    keys: dict[str, Any]
    text: str

    @property
    def path(self) -> str:
        return f"calculators/data/{self.file}"

    def line(self, key: str = "") -> int:
        return entry_line(self.text, self.fid, key)

    @property
    def fiscal_year(self) -> str:
        return str(self.keys.get("fiscal_year", ""))

    @property
    def publication(self) -> str:
        document = str(self.keys.get("document", ""))
        return next((name for name in YEARLY_PUBLICATIONS if document.startswith(name)), "")


def entries(data: Path = DATA) -> list[Entry]:
    """Every entry of the data files, in file order (the files must load: see load_problems)."""
    found = []
    for path in sorted(data.glob("*.toml")):
        if path.name in NOT_FIGURE_FILES:
            continue
        text = path.read_text(encoding="utf-8")
        for group, table in tomllib.loads(text).items():
            for key, keys in table.items():
                found.append(Entry(path.name, f"{group}.{key}", keys, text))
    return found


def load_problems(data: Path = DATA) -> list[Problem]:
    """The data files as the site loads them: the first broken entry, with file, line and fix."""
    try:
        load_figures_from(
            {
                p.name: p.read_text(encoding="utf-8")
                for p in data.glob("*.toml")
                if p.name not in NOT_FIGURE_FILES
            }
        )
    except DataError as exc:
        message = str(exc)
        where = f"{exc.path} {exc.line}行目: " if exc.line else f"{exc.path}: "
        return [Problem(exc.path, exc.line, message.removeprefix(where))]
    return []


# A document's year and the entry's fiscal_year ---------------------------------

COLON = re.compile(r"[：:]")


def title(document: object) -> str:
    """The title part of a document: before a colon, what follows describes the figure
    ("中間整理（2025年12月19日）：…、2027年度から…" names a later year as a rule, not as
    the document's year)."""
    return COLON.split(str(document), maxsplit=1)[0]


def check_document_years(data: Path = DATA) -> list[Problem]:
    """A document whose title names a fiscal year (R7年度, 2025年度, FY2025) names the entry's
    fiscal_year (only entries whose fiscal_year is FY2025 or FY2022–FY2023 are compared).

    Entries with the same mismatch in one file (a yearly update half done) make one
    message, at the first of them."""
    by_mistake: dict[tuple[str, str, int], list[Entry]] = {}
    for entry in entries(data):
        years = fiscal_years(entry.fiscal_year)
        if years is None:
            continue
        named = [y for key in DOCUMENT_KEYS for y in named_years(title(entry.keys.get(key, "")))]
        if named and not any(year in years for year, _ in named):
            year, written = named[0]
            by_mistake.setdefault((entry.file, written, year), []).append(entry)
    problems = []
    for (_, written, year), group in by_mistake.items():
        first = group[0]
        others = f" ほか{len(group) - 1}項目" if len(group) > 1 else ""
        problems.append(
            Problem(
                first.path,
                first.line("fiscal_year"),
                f"[{first.fid}]{others}の資料名（document）は {written}（{year_ja(year)}）なのに "
                f'fiscal_year が "{first.fiscal_year}" なので、資料に合わせて '
                f'fiscal_year = "FY{year}" にしてください'
                "（資料名のほうがちがうときは document を直します）",
            )
        )
    return problems


# Entries of one yearly publication share a year --------------------------------


def publication_entries(data: Path = DATA) -> dict[str, list[Entry]]:
    """The entries of each yearly publication (YEARLY_PUBLICATIONS), in file order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries(data):
        if entry.publication:
            groups.setdefault(entry.publication, []).append(entry)
    return groups


def check_publication_years(data: Path = DATA) -> list[Problem]:
    """The entries of one yearly publication name one fiscal_year, except those that say
    why not in ``fiscal_year_differs``. One message per publication, at the first entry
    left behind (the newest year is taken as the update's)."""
    problems = []
    for name, group in publication_entries(data).items():
        together = [e for e in group if not e.keys.get("fiscal_year_differs")]
        years = {e.fiscal_year for e in together}
        if len(years) <= 1:
            continue
        newest = max(years, key=lambda y: max(fiscal_years(y) or {0}))
        behind = [e for e in together if e.fiscal_year != newest]
        ahead = next(e for e in together if e.fiscal_year == newest)
        first = behind[0]
        listed = "、".join(f"[{e.fid}]" for e in behind)
        problems.append(
            Problem(
                first.path,
                first.line("fiscal_year"),
                f"「{name}」の項目の年度がそろっていません（[{ahead.fid}] は {newest}、"
                f"{listed} は {first.fiscal_year}）。"
                f'同じ一覧の新しい値・document・fiscal_year = "{newest}" に直すか、'
                "まだ公表されていないなど年度がちがう理由を、新しいほうの項目に "
                'fiscal_year_differs = "…" と書いてください',
            )
        )
    return problems


# The data history on the methodology page --------------------------------------

HISTORY_HEADING = re.compile(r"^##\s.*(履歴|History)", re.MULTILINE)
DECIMAL = re.compile(r"(?<![\d.,])(\d+\.\d+)(?![\d.])")
SEGMENT_END = re.compile(r"(?<=。)|(?<=\.)\s+(?=[A-Z])|(?<=;)\s")


def history_rows(text: str) -> list[tuple[int, str]]:
    """(line, text) of each row of the data history table (header and rule left out)."""
    heading = HISTORY_HEADING.search(text)
    if heading is None:
        return []
    rows = []
    start = text.count("\n", 0, heading.start()) + 1
    for number, row in enumerate(text[heading.start() :].splitlines()[1:], start + 1):
        if row.startswith("## "):
            break
        if row.startswith("|") and not re.fullmatch(r"\|[\s:|-]+\|?", row.strip()):
            rows.append((number, row))
    return rows[1:]  # the first row is the table's header


def _segments(row: str) -> list[str]:
    """A history row cut into sentences, so each year is read with its own subject."""
    cells = row.strip().strip("|").split("|")
    return [part for cell in cells for part in SEGMENT_END.split(cell) if part.strip()]


def check_history(root: Path = ROOT, data: Path | None = None) -> list[Problem]:
    """For each yearly publication, the newest history sentence about it (Japanese and
    English page) names its current year, and, when its row names values (decimals such
    as 0.423 → 0.415), one of them is a current value of the publication's entries."""
    data = data or root / "calculators" / "data"
    problems = []
    groups = publication_entries(data)
    for name, group in groups.items():
        years = [max(fiscal_years(e.fiscal_year) or {0}) for e in group]
        current = max(years)
        if current == 0:
            continue
        values = {
            float(e.keys["value"]) for e in group if isinstance(e.keys.get("value"), int | float)
        }
        for lang, page in HISTORY_PAGES.items():
            path = root / page
            if not path.exists():
                continue
            word = YEARLY_PUBLICATIONS[name][0 if lang == "ja" else 1]
            newest: tuple[int, str, list[int]] | None = None
            rows = history_rows(path.read_text(encoding="utf-8"))
            for line, row in rows:
                for segment in _segments(row):
                    if word.lower() not in segment.lower():
                        continue
                    named = [y for y, _ in named_years(segment)]
                    if named:
                        newest = (line, row, named)
            named_form = year_ja(current) if lang == "ja" else f"FY{current}"
            label = "電気" if word in ("電気", "electricity") else "ガス"
            data_file = "calculators/data/" + Counter(e.file for e in group).most_common(1)[0][0]
            if newest is None or max(newest[2]) != current:
                line = newest[0] if newest else (rows[-1][0] if rows else 0)
                said = (
                    f"いちばん新しい{label}の行は {year_ja(max(newest[2]))} ですが、"
                    if newest
                    else f"{label}の行がありませんが、"
                )
                problems.append(
                    Problem(
                        page,
                        line,
                        f"データの更新履歴の{said}{data_file} の「{name}」は {named_form} なので、"
                        f"表の最後に {named_form} と値を書いた行を足すか、年度をそろえてください",
                    )
                )
                continue
            written = list(dict.fromkeys(float(v) for v in DECIMAL.findall(newest[1])))
            if written and not set(written) & values:
                shown = "、".join(f"{v:g}" for v in written)
                problems.append(
                    Problem(
                        page,
                        newest[0],
                        f"データの更新履歴のいちばん新しい{label}の行の数値（{shown}）が、"
                        f"{data_file} の「{name}」の値のどれとも合わないので、"
                        "データファイルの値をそのまま書いてください",
                    )
                )
    return problems


# A value in the plausible range for its unit -----------------------------------

#: Plausible bounds of an emission factor per unit: a misplaced decimal point (4.15 for
#: 0.415) or a unit slip (g or t for kg) falls outside, any real new year's value inside.
PLAUSIBLE = {
    "kg-CO2/kWh": (0.0, 1.0),
    "kg-CO2/m3": (0.1, 10.0),
    "kg-CO2/kg": (1.0, 5.0),
    "kg-CO2/L": (1.0, 5.0),
}


def check_plausible_values(data: Path = DATA) -> list[Problem]:
    """Each emission factor (not the actions' figures) within PLAUSIBLE for its unit."""
    problems = []
    for entry in entries(data):
        bounds = PLAUSIBLE.get(str(entry.keys.get("unit", "")))
        value = entry.keys.get("value")
        if bounds is None or entry.fid.startswith("action.") or not isinstance(value, int | float):
            continue
        low, high = bounds
        if not low <= value <= high:
            problems.append(
                Problem(
                    entry.path,
                    entry.line("value"),
                    f"[{entry.fid}] の value = {value} は、{entry.keys['unit']} の係数としては"
                    f"{'大きすぎ' if value > high else '小さすぎ'}ます（ふつうは {low}〜{high}）。"
                    "資料の数字と、小数点の位置と単位を確かめてください",
                )
            )
    return problems


# A note that repeats the value agrees with it ----------------------------------

#: A note may give the value as the publisher's list writes it: "0.000423 t-CO2/kWh" for
#: value = 0.423 (kg-CO2/kWh). The number in the note × the factor must be the value.
NOTE_UNITS = {"kg-CO2/kWh": ("t-CO2/kWh", 1000)}
NOTE_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(t-CO2/kWh)")


def check_note_values(data: Path = DATA) -> list[Problem]:
    """A note's copy of the value in the publisher's unit matches the value (a yearly update
    that changes the value but not the note leaves last year's number for the next editor)."""
    problems = []
    for entry in entries(data):
        unit = NOTE_UNITS.get(str(entry.keys.get("unit", "")))
        value = entry.keys.get("value")
        note = str(entry.keys.get("note", ""))
        if unit is None or not isinstance(value, int | float):
            continue
        written_unit, factor = unit
        for match in NOTE_NUMBER.finditer(note):
            if match.group(2) != written_unit:
                continue
            written = float(match.group(1))
            if abs(written * factor - value) < 0.0005:
                continue
            expected = f"{value / factor:.6f}"
            problems.append(
                Problem(
                    entry.path,
                    entry.line("note"),
                    f"[{entry.fid}] の note に「{match.group(0)}」とありますが、value は {value} です。"
                    f"note の数を {expected} に直してください（{written_unit} の数は、"
                    f"value の {factor:,}分の1です）",
                )
            )
            break
    return problems


def consistency_problems(root: Path = ROOT) -> list[Problem]:
    """Every check above, in the order to fix them; each mistake is reported once.

    A broken data file stops here (nothing else can be read). A document-year
    mistake hides the year checks of its publication, which it explains; an
    implausible value hides the history check, whose row it would contradict."""
    data = root / "calculators" / "data"
    broken = load_problems(data)
    if broken:
        return broken
    documents = check_document_years(data)
    if documents:
        return documents
    implausible = check_plausible_values(data)
    if implausible:
        return implausible  # the history rows would disagree with the typo too
    return check_publication_years(data) + check_note_values(data) + check_history(root, data)
