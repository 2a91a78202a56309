"""Load the sourced figures that ship inside the package.

Every figure lives in a TOML file under ``calculators/data/``. Loading checks
each entry and names the file and the entry when something is wrong, so a
staff member editing the data knows exactly where to look.

Each entry is a table ``[group.key]``; its id is ``"group.key"``. Required
keys: ``value, unit, label_ja, label_en, publisher, document, fiscal_year,
url, note``. Optional keys:

``confidence``   how the figure was checked: ``V1`` verbatim on the publisher's
                 page, ``V2`` verbatim in a copy, ``S`` secondary source,
                 ``D`` derived (calculation in ``note``), ``NV`` not verified.
                 Pages show it in words (``CONFIDENCE_TEXT``).
``fiscal_year_ja``  the period in Japanese, needed only when ``fiscal_year``
                 is not one of the forms that ``period_text`` translates
                 (``FY2024``, ``2024``, ``2022–2023``, ``2000s``, ``2025-07``,
                 ``2023-10-11/2025-03-31``, ``—``).
``saves``        (reduction actions only) list of emission sources the action
                 reduces, e.g. ``["electricity"]``.
``scaling``      (reduction actions only) ``"fixed"``: ``value`` is a fixed
                 annual amount saved (kWh, m3 or L); ``"share"``: ``value`` is
                 the share (0–1) of this household's use of ``saves``;
                 ``"factor"``: the action switches ``saves`` to a new factor,
                 ``value`` (e.g. a zero-carbon electricity menu, 0).
``min_people``   (reduction actions only) offered only to households of at
                 least this many people (a whole number).
``sale_unit``    (credit prices a household can pay only) the seller sells in whole
                 multiples of this many t-CO2 (e.g. ``1``: whole tonnes), so an offset
                 of 2.03 t is bought as 3 t. Absent: any amount can be bought.

The calendar keys (every shipped entry has the first two; ``tests/quality``
checks it, and ``calculators/_freshness.py`` reads them):

``checked``      a TOML date (no quotes), e.g. ``2026-12-04``: the day the value was
                 last compared with the publisher's page.
``next_release`` the month the publisher's next release is expected, ``"2027-01"``;
                 ``"none"`` for a fixed historical fact (say why in ``note``).
``published``    a TOML date: when the publisher released this value, where that
                 differs from the year the data describes (``fiscal_year``).
``publisher_en``, ``document_en``  the source in English for English pages (keep a
                 Japanese title inside ``document_en`` where it is the document's name).
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

#: Environment variable naming a folder of ``*.toml`` files whose values replace
#: those of the package's data. Only the tests set it: the engine's golden tests
#: pin their hand-worked figures to a fixed copy of the data
#: (``tests/engine/fixture-data/``), so a yearly update of the real data never
#: changes them. Only values are pinned, and only for ids the package's data
#: still has: a figure added to (or dropped from) the real data, or a new key,
#: reaches the tests without touching the copy. Unset (the site, the browser, the
#: command line): the package's data as it is.
DATA_DIR_ENV = "CALCULATORS_DATA_DIR"

#: Files in ``calculators/data/`` that hold no figures: the reviewed list of the
#: publishers' domains that sources may link to (checked by tests/quality).
NOT_FIGURE_FILES = ("publishers.toml",)

REQUIRED_KEYS = (
    "value",
    "unit",
    "label_ja",
    "label_en",
    "publisher",
    "document",
    "fiscal_year",
    "url",
    "note",
)
OPTIONAL_KEYS = (
    "confidence",
    "saves",
    "scaling",
    "min_people",
    "fiscal_year_ja",
    "checked",
    "next_release",
    "published",
    "publisher_en",
    "document_en",
    "sale_unit",
)
#: ``next_release`` is a month ("2027-01") or "none" (a fixed historical fact).
NEXT_RELEASE = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])|none")
CONFIDENCE_CODES = ("V1", "V2", "S", "D", "NV")
SCALINGS = ("fixed", "share", "factor")

# How each confidence code reads on a page, in the page's language.
CONFIDENCE_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "V1": "公表資料で確認",
        "V2": "公表資料の写しで確認",
        "S": "二次資料",
        "D": "公表資料から計算",
        "NV": "未確認",
        "": "未確認",
    },
    "en": {
        "V1": "confirmed in the publisher's document",
        "V2": "confirmed in a copy of the publisher's document",
        "S": "secondary source",
        "D": "calculated from published figures",
        "NV": "not verified",
        "": "not verified",
    },
}

# Units as Japanese pages show them. A unit written only with symbols
# (kg-CO2/kWh, ppm, °C …) reads the same in both languages and needs no entry;
# a unit with English words must be listed here (tests/data checks this).
UNITS_JA: dict[str, str] = {
    "yen/kWh": "円/kWh",
    "yen/m3": "円/m3",
    "yen/L": "円/L",
    "yen/t-CO2": "円/t-CO2",
    "kWh/yr": "kWh/年",
    "m3/yr": "m3/年",
    "GtCO2/yr": "GtCO2/年",
    "kg-CO2/household/yr": "kg-CO2/世帯/年",
    "kg-CO2/person/yr": "kg-CO2/人/年",
    "kg-CO2/tree/yr": "kg-CO2/本/年",
    "share of car fuel": "自動車の燃料に対する割合",
    "countries": "か国",
    "years": "年分",
    "%": "%",
}
_SYMBOL_UNIT = re.compile(r"(?:kg|g|t|Gt|GtCO2|CO2|kWh|L|m3|ppm|°C|[-/])+")
_PERIOD_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"FY(\d{4})"), r"\1年度"),
    (re.compile(r"(\d{4})"), r"\1年"),
    (re.compile(r"(\d{4})[–-](\d{4})"), r"\1〜\2年"),
    (re.compile(r"FY(\d{4})[–-](?:FY)?(\d{4})"), r"\1〜\2年度"),
    (re.compile(r"(\d{4})s"), r"\1年代"),
    (re.compile(r"(\d{4})-0?(\d{1,2})"), r"\1年\2月"),
    (
        re.compile(r"(\d{4})-0?(\d{1,2})-0?(\d{1,2})/(\d{4})-0?(\d{1,2})-0?(\d{1,2})"),
        r"\1年\2月\3日〜\4年\5月\6日",
    ),
    (re.compile(r"—"), "—"),
)


def unit_is_symbolic(unit: str) -> bool:
    """True when UNIT is written only with unit symbols, so it reads the same in every language."""
    return _SYMBOL_UNIT.fullmatch(unit) is not None


def unit_text(unit: str, lang: str) -> str:
    """UNIT as written on a page in LANG ("ja" or "en"); data files write units in English."""
    if lang == "ja":
        return UNITS_JA.get(unit, unit)
    return unit


def period_ja(fiscal_year: str) -> str | None:
    """The Japanese form of a period such as "FY2024" (2024年度), or None if it has no rule."""
    for pattern, replacement in _PERIOD_FORMS:
        if pattern.fullmatch(fiscal_year):
            return pattern.sub(replacement, fiscal_year)
    return None


class DataError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One sourced figure: a value with its unit and provenance."""

    id: str
    value: float
    unit: str
    label_ja: str
    label_en: str
    publisher: str
    document: str
    fiscal_year: str
    url: str
    note: str
    confidence: str = ""
    saves: tuple[str, ...] = ()
    scaling: str = ""
    file: str = ""
    min_people: int = 0  # 0: offered whatever the household size
    fiscal_year_ja: str = ""
    sale_unit: float = 0.0  # t-CO2 a seller sells in (1: whole tonnes); 0: any amount
    checked: date | None = None  # when the value was last compared with the publisher's page
    next_release: str = ""  # "2027-01", "none", or "" (not recorded)
    published: date | None = None  # when the publisher released it, if not the data year
    publisher_en: str = ""
    document_en: str = ""

    def unit_in(self, lang: str) -> str:
        """The unit as a page in LANG shows it (e.g. "円/kWh" on Japanese pages)."""
        return unit_text(self.unit, lang)

    def period_in(self, lang: str) -> str:
        """The period as a page in LANG shows it (e.g. "2024年度" for "FY2024")."""
        if lang != "ja":
            return self.fiscal_year
        return self.fiscal_year_ja or period_ja(self.fiscal_year) or self.fiscal_year

    def publisher_in(self, lang: str) -> str:
        """Who published the figure, in LANG (English pages fall back to the Japanese name)."""
        return self.publisher_en if lang == "en" and self.publisher_en else self.publisher

    def document_in(self, lang: str) -> str:
        """The document's title as a page in LANG shows it."""
        return self.document_en if lang == "en" and self.document_en else self.document

    def confidence_in(self, lang: str) -> str:
        """How the figure was checked, in words in LANG."""
        return CONFIDENCE_TEXT["en" if lang == "en" else "ja"][self.confidence]


def _figure(file_name: str, fid: str, entry: dict[str, Any]) -> Figure:
    """Check one entry and turn it into a Figure (raises DataError naming file and entry)."""
    where = f"calculators/data/{file_name}: [{fid}]"
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise DataError(f"{where} is missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise DataError(f"{where} has unknown key(s) {', '.join(unknown)} (typo?)")
    value = entry["value"]
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise DataError(f"{where}: value must be a number ≥ 0, got {value!r}")
    texts = {k: entry[k] for k in REQUIRED_KEYS if k != "value"}
    fiscal_year_ja = entry.get("fiscal_year_ja", "")
    if not isinstance(fiscal_year_ja, str):
        raise DataError(f"{where}: fiscal_year_ja must be text, got {fiscal_year_ja!r}")
    for k, v in texts.items():
        if not isinstance(v, str):
            raise DataError(f"{where}: {k} must be text, got {v!r}")
    confidence = entry.get("confidence", "")
    if confidence and confidence not in CONFIDENCE_CODES:
        raise DataError(f"{where}: confidence must be one of {', '.join(CONFIDENCE_CODES)}")
    saves = entry.get("saves", [])
    if not isinstance(saves, list) or not all(isinstance(s, str) for s in saves):
        raise DataError(f"{where}: saves must be a list of source ids, got {saves!r}")
    scaling = entry.get("scaling", "")
    if scaling and scaling not in SCALINGS:
        raise DataError(f"{where}: scaling must be one of {', '.join(SCALINGS)}, got {scaling!r}")
    if scaling == "share" and value > 1:
        raise DataError(f"{where}: a share must be between 0 and 1, got {value!r}")
    min_people = entry.get("min_people", 0)
    if isinstance(min_people, bool) or not isinstance(min_people, int) or min_people < 0:
        raise DataError(f"{where}: min_people must be a whole number, got {min_people!r}")
    sale_unit = entry.get("sale_unit", 0)
    if (
        isinstance(sale_unit, bool)
        or not isinstance(sale_unit, int | float)
        or not math.isfinite(sale_unit)
        or sale_unit < 0
    ):
        raise DataError(
            f"{where}: sale_unit must be a number of t-CO2 above 0 (1 = whole tonnes), "
            f"got {sale_unit!r}"
        )
    calendar = _calendar_keys(where, entry)
    return Figure(
        id=fid,
        value=float(value),
        **texts,
        confidence=str(confidence),
        saves=tuple(saves),
        scaling=str(scaling),
        file=file_name,
        min_people=min_people,
        fiscal_year_ja=fiscal_year_ja,
        sale_unit=float(sale_unit),
        **calendar,
    )


def _calendar_keys(where: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Check the calendar and English-source keys of one entry (see the module docstring)."""
    out: dict[str, Any] = {}
    for key in ("checked", "published"):
        if key not in entry:
            continue
        value = entry[key]
        if isinstance(value, datetime) or not isinstance(value, date):
            raise DataError(
                f"{where}: {key} must be a date written without quotes, "
                f"such as {key} = 2026-12-04, got {value!r}"
            )
        out[key] = value
    if "next_release" in entry:
        value = entry["next_release"]
        if not isinstance(value, str) or not NEXT_RELEASE.fullmatch(value):
            raise DataError(
                f'{where}: next_release must be a month such as "2027-01", '
                f'or "none" for a fixed historical fact, got {value!r}'
            )
        out["next_release"] = value
    for key in ("publisher_en", "document_en"):
        if key in entry:
            if not isinstance(entry[key], str):
                raise DataError(f"{where}: {key} must be text, got {entry[key]!r}")
            out[key] = entry[key]
    return out


def _figures_from(file_name: str, text: str) -> dict[str, Figure]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"calculators/data/{file_name}: not valid TOML: {exc}") from exc
    figures: dict[str, Figure] = {}
    for group, entries in raw.items():
        if not isinstance(entries, dict):
            raise DataError(f"calculators/data/{file_name}: [{group}] must be a table")
        for key, entry in entries.items():
            fid = f"{group}.{key}"
            if not isinstance(entry, dict):
                raise DataError(f"calculators/data/{file_name}: [{fid}] must be a table")
            figures[fid] = _figure(file_name, fid, entry)
    return figures


def load_figures_from(files: dict[str, str]) -> dict[str, Figure]:
    """Return the figures of ``{file name: TOML text}``; an id defined twice is an error."""
    figures: dict[str, Figure] = {}
    for name in sorted(files):
        for fid, fig in _figures_from(name, files[name]).items():
            if fid in figures:
                raise DataError(
                    f"calculators/data/{name}: [{fid}] is already defined in "
                    f"calculators/data/{figures[fid].file}"
                )
            figures[fid] = fig
    return figures


def load_figures() -> dict[str, Figure]:
    """Return every figure from every data file, keyed by ``group.key``.

    With ``$CALCULATORS_DATA_DIR`` set (tests only), values come from the files there.
    """
    package = resources.files("calculators").joinpath("data")
    files = {
        item.name: item.read_text(encoding="utf-8")
        for item in package.iterdir()
        if item.name.endswith(".toml") and item.name not in NOT_FIGURE_FILES
    }
    figures = load_figures_from(files)
    pinned_dir = os.environ.get(DATA_DIR_ENV)
    if not pinned_dir:
        return figures
    items = [p for p in Path(pinned_dir).iterdir() if p.name.endswith(".toml")]
    if not items:
        raise DataError(f"{pinned_dir}: no *.toml data files here ({DATA_DIR_ENV})")
    pinned = load_figures_from({p.name: p.read_text(encoding="utf-8") for p in items})
    return {
        fid: replace(fig, value=pinned[fid].value) if fid in pinned else fig
        for fid, fig in figures.items()
    }


@cache
def figures() -> MappingProxyType[str, Figure]:
    """The figures, loaded once per process (read-only view for the engine).

    Whoever switches ``$CALCULATORS_DATA_DIR`` in a running process calls
    ``figures.cache_clear()`` afterwards (the engine tests' fixture does).
    """
    return MappingProxyType(load_figures())
