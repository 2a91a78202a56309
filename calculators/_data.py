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
``fiscal_year_differs``  why this entry's ``fiscal_year`` differs from the other
                 entries of the same yearly publication (see
                 ``tests/data/data_checks.py``); without it they must agree.


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

A broken file or entry raises ``DataError`` with a message for the staff member
who edits the data: in Japanese, naming the file and the line (``path`` and
``line`` on the exception), what is wrong and how to write it instead.
"""

from __future__ import annotations

import difflib
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
    "fiscal_year_differs",
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
#: Optional keys whose value is text (checked like the required texts).
OPTIONAL_TEXT_KEYS = ("fiscal_year_ja", "fiscal_year_differs")

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
    """A data file is malformed; the message names the file, the line and the fix.

    ``path`` is the file as staff see it (``calculators/data/factors.toml``) and
    ``line`` the line to look at (0 when no single line is to blame).
    """

    def __init__(self, message: str, path: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


def data_path(file_name: str) -> str:
    """A data file as staff see it in the repository."""
    return f"calculators/data/{file_name}"


def _problem(file_name: str, line: int, message: str) -> DataError:
    """A DataError whose text starts with the file and the line: "… 46行目: …"."""
    path = data_path(file_name)
    where = f"{path} {line}行目" if line else path
    return DataError(f"{where}: {message}", path, line)


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def entry_line(text: str, fid: str, key: str = "") -> int:
    """The line (from 1) of ``key = …`` in the entry ``[fid]`` of a TOML text.

    Without ``key``, or when the entry has no such key, the line of ``[fid]``
    itself; 0 when the entry is not found either.
    """
    header = 0
    for number, row in enumerate(text.splitlines(), 1):
        table = _TABLE_HEADER.match(row)
        if table:
            if header:
                break
            if table.group(1).replace(" ", "") == fid:
                header = number
            continue
        if header and key and re.match(rf"\s*{re.escape(key)}\s*=", row):
            return number
    return header


def suggestion(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """ "もしかして X ですか？" for the nearest of CHOICES to WORD, or "" when none is near."""
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not near:
        near = [c for c in choices if c.lower() == word.lower()]
    return f"もしかして {near[0]} ですか？" if near else ""


_NUMBER_WITH_COMMA = re.compile(r"^(-?\d+),(\d+)$")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


def _as_number_text(raw: str) -> str | None:
    """The number staff meant by RAW ("0,415", "０.４１５", ".415"), written as TOML wants it."""
    text = raw.strip().translate(_FULL_WIDTH)
    comma = _NUMBER_WITH_COMMA.match(text)
    if comma:
        text = f"{comma.group(1)}.{comma.group(2)}"
    if text.startswith("."):
        text = "0" + text
    return text if re.fullmatch(r"-?\d+(?:\.\d+)?", text) else None


_TOML_AT = re.compile(r"^(.*?) \(at line (\d+), column (\d+)\)$", re.DOTALL)


_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})


def _lookalike_digits(raw: str) -> str | None:
    """A number typed with a letter for a digit (35O, 0.4l5): the number it meant, or None."""
    if not re.fullmatch(r"[0-9OoIl]+(\.[0-9OoIl]+)?", raw) or not re.search(r"[0-9]", raw):
        return None
    if not re.search(r"[OoIl]", raw):
        return None
    return raw.translate(_LOOKALIKES)


def toml_error(file_name: str, text: str, exc: tomllib.TOMLDecodeError) -> DataError:
    """tomllib's English error, translated for staff: the line and how to write it."""
    found = _TOML_AT.match(str(exc))
    if not found:
        return _problem(
            file_name,
            len(text.splitlines()),
            f"ファイルの終わりで書き方がとぎれています（{exc}）。最後の項目をほかの項目とくらべてください",
        )
    reason, line = found.group(1), int(found.group(2))
    rows = text.splitlines()
    row = rows[line - 1] if 0 < line <= len(rows) else ""
    key, _, raw = row.partition("=")
    key, raw = key.strip(), raw.split("#")[0].strip() if raw.count('"') == 0 else raw.strip()
    number = _as_number_text(raw.strip('"'))
    if reason.startswith("Illegal character") and row.count('"') % 2 == 1:
        message = (
            f'文字列の終わりの " がありません。行の最後に " を足してください（{row.strip()}"）'
        )
    elif ("," in raw or "，" in raw) and number is not None and not raw.startswith('"'):
        message = f"小数点はカンマではなくドット（{number}）です。{key} = {number} と書いてください"
    elif number is not None and raw and not raw.startswith('"') and raw != number:
        message = f"数は半角で、{key} = {number} のように書いてください"
    elif re.search(r"[“”「」＂]", raw):
        message = f'文字は半角の " でかこみます。{key} = "…" のように書いてください'
    elif (digits := _lookalike_digits(raw)) is not None:
        message = (
            f"{key} の値「{raw}」に、数字に似た文字（O、l、I）があります。"
            f"もしかして {key} = {digits} ですか？数は半角の数字で書いてください"
        )
    elif reason.startswith("Invalid value") and raw:
        message = (
            f"{key} の値「{raw}」が読めません。"
            f'文字なら " でかこみ（{key} = "{raw.strip(chr(34))}"）、'
            "数ならそのまま半角で書いてください"
        )
    elif reason.startswith("Expected newline") and raw:
        hint = (
            "単位は unit に、説明は note に書いてください"
            if file_name != "examples.toml"
            else "数だけを書いてください（単位はいりません。説明は行の終わりの # のあとに書けます）"
        )
        message = f"{key} = のあとに書けるのは値1つだけです（いまは「{raw}」）。{hint}"
    elif reason.startswith("Cannot overwrite a value"):
        message = f"同じ項目に {key} が2回書かれています。どちらか1行を消してください"
    elif reason.startswith("Cannot declare"):
        message = f"{row.strip()} が2回あります。同じ名前の項目は1つにしてください"
    elif reason.startswith("Expected ']'"):
        message = f"項目の名前を閉じる ] がありません。{row.strip()}] のように書いてください"
    elif reason.startswith("Expected '='"):
        name = key.split()[0] if key else "value"
        message = f"キーと値の間に = がありません。{name} = … のように書いてください"
    else:
        message = (
            f"この行はデータの形（TOML）として読めません（{reason}）。"
            "前後の項目と書き方をくらべてください"
        )
    return _problem(file_name, line, message)


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


def _quoted_number_fix(key: str, value: str) -> str:
    """How to write a quoted number ("0.415", "0,415") as the number TOML wants."""
    number = _as_number_text(value)
    if number is None:
        return ""
    comma = "、小数点はカンマではなくドットにして" if "," in value or "，" in value else ""
    return f'{key} は数なので " でかこまず{comma}、{key} = {number} と書いてください'


def _figure(file_name: str, fid: str, entry: dict[str, Any], text: str = "") -> Figure:
    """Check one entry and turn it into a Figure (raises DataError naming file, line and fix)."""

    def problem(key: str, message: str) -> DataError:
        return _problem(file_name, entry_line(text, fid, key), f"[{fid}] の {message}")

    allowed = REQUIRED_KEYS + OPTIONAL_KEYS
    for key in sorted(set(entry) - set(allowed)):
        hint = suggestion(key, allowed) or f"使えるキーは {'、'.join(allowed)} です。"
        raise problem(key, f"キー「{key}」は使えません。{hint}")
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        keys = "、".join(missing)
        raise _problem(
            file_name,
            entry_line(text, fid),
            f"[{fid}] に {keys} がありません。"
            f"ほかの項目と同じように {missing[0]} = … の行を足してください",
        )
    value = entry["value"]
    if isinstance(value, str):
        fix = _quoted_number_fix("value", value)
        raise problem(
            "value",
            fix
            or f'value は数です（いまは "{value}"）。数だけを半角で書き、単位は unit に書きます',
        )
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise problem(
            "value", f"value は0以上の数です（いまは {value!r}）。公表資料の値を書いてください"
        )
    texts = {k: entry[k] for k in REQUIRED_KEYS if k != "value"}
    for k, v in [*texts.items(), *((k, entry[k]) for k in OPTIONAL_TEXT_KEYS if k in entry)]:
        if not isinstance(v, str):
            raise problem(k, f'{k} は文字です。{k} = "{v}" のように " でかこんでください')
    confidence = entry.get("confidence", "")
    if confidence and confidence not in CONFIDENCE_CODES:
        hint = suggestion(str(confidence), CONFIDENCE_CODES)
        raise problem(
            "confidence",
            f"confidence は {'、'.join(CONFIDENCE_CODES)} のどれかです"
            f"（いまは {confidence!r}）。{hint}",
        )
    saves = entry.get("saves", [])
    if not isinstance(saves, list) or not all(isinstance(s, str) for s in saves):
        raise problem(
            "saves", f'saves は ["electricity"] のような名前の並びです（いまは {saves!r}）'
        )
    scaling = entry.get("scaling", "")
    if scaling and scaling not in SCALINGS:
        hint = suggestion(str(scaling), SCALINGS)
        raise problem(
            "scaling",
            f"scaling は {'、'.join(SCALINGS)} のどれかです（いまは {scaling!r}）。{hint}",
        )
    if scaling == "share" and value > 1:
        raise problem(
            "value",
            f"割合（share）の value は0から1の間です（いまは {value!r}）。30% なら 0.3 と書きます",
        )
    min_people = entry.get("min_people", 0)
    if isinstance(min_people, bool) or not isinstance(min_people, int) or min_people < 0:
        raise problem("min_people", f"min_people は0以上の整数です（いまは {min_people!r}）")
    sale_unit = entry.get("sale_unit", 0)
    if (
        isinstance(sale_unit, bool)
        or not isinstance(sale_unit, int | float)
        or not math.isfinite(sale_unit)
        or sale_unit < 0
    ):
        raise problem(
            "sale_unit",
            "sale_unit は売られる単位のt-CO2で、0以上の数です"
            f"（1 なら1トン単位、0 ならどんな量でも。いまは {sale_unit!r}）",
        )
    calendar = _calendar_keys(problem, entry)
    return Figure(
        id=fid,
        value=float(value),
        **texts,
        confidence=str(confidence),
        saves=tuple(saves),
        scaling=str(scaling),
        file=file_name,
        min_people=min_people,
        fiscal_year_ja=entry.get("fiscal_year_ja", ""),
        sale_unit=float(sale_unit),
        **calendar,
    )


def _calendar_keys(problem: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """Check the calendar and English-source keys of one entry (see the module docstring).

    ``problem(key, message)`` makes the DataError for the line of ``key``."""
    out: dict[str, Any] = {}
    for key in ("checked", "published"):
        if key not in entry:
            continue
        value = entry[key]
        if isinstance(value, datetime):
            raise problem(
                key,
                f"{key} は日付だけを書きます（時刻はいりません）。"
                f"{key} = 2026-12-04 のように書いてください",
            )
        if not isinstance(value, date):
            raise problem(
                key,
                f'{key} は日付なので " でかこまず、{key} = 2026-12-04 のように書いてください'
                f"（いまは {value!r}）",
            )
        out[key] = value
    if "next_release" in entry:
        value = entry["next_release"]
        if not isinstance(value, str) or not NEXT_RELEASE.fullmatch(value):
            raise problem(
                "next_release",
                'next_release は "2027-01" のような年と月か、'
                '次の公表がない決まった値なら "none" です'
                f"（いまは {value!r}）",
            )
        out["next_release"] = value
    for key in ("publisher_en", "document_en"):
        if key in entry:
            if not isinstance(entry[key], str):
                raise problem(
                    key, f'{key} は文字です。{key} = "{entry[key]}" のように " でかこんでください'
                )
            out[key] = entry[key]
    return out


def _figures_from(file_name: str, text: str) -> dict[str, Figure]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(file_name, text, exc) from exc
    figures: dict[str, Figure] = {}
    for group, entries in raw.items():
        if not isinstance(entries, dict):
            line = next(
                (
                    n
                    for n, row in enumerate(text.splitlines(), 1)
                    if row.split("=")[0].strip() == group
                ),
                0,
            )
            raise _problem(
                file_name,
                line,
                f"「{group} = …」が項目の外にあります。[グループ.名前] の行の下に書いてください",
            )
        for key, entry in entries.items():
            fid = f"{group}.{key}"
            if not isinstance(entry, dict):
                raise _problem(
                    file_name,
                    entry_line(text, group) or entry_line(text, fid),
                    f"[{group}] の下の「{key} = …」は項目ではありません。"
                    f"項目の名前は [{group}.名前] のように点でつないで書いてください",
                )
            figures[fid] = _figure(file_name, fid, entry, text)
    return figures


def load_figures_from(files: dict[str, str]) -> dict[str, Figure]:
    """Return the figures of ``{file name: TOML text}``; an id defined twice is an error."""
    figures: dict[str, Figure] = {}
    for name in sorted(files):
        for fid, fig in _figures_from(name, files[name]).items():
            if fid in figures:
                raise _problem(
                    name,
                    entry_line(files[name], fid),
                    f"[{fid}] は {data_path(figures[fid].file)} にもあります。"
                    "同じ名前（ID）の項目は1つのファイルに1つだけ書いてください",
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
    items = [
        p
        for p in Path(pinned_dir).iterdir()
        if p.name.endswith(".toml") and p.name not in NOT_FIGURE_FILES
    ]
    if not items:
        raise DataError(f"{pinned_dir}: no *.toml data files here ({DATA_DIR_ENV})", pinned_dir)
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
