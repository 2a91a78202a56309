"""The household CO₂ diary (環境家計簿): one row per month from that month's bills.

A month is checked and computed by the calculator's own parser and engine: its
values are the form's raw inputs (the same keys, limits and messages) for bills of
one month, so a month's kg are exactly what the calculator shows for those bills,
divided by 12. Nothing about the model is repeated here; this module only keeps
months in order, adds them up and reads and writes the diary's files.

* A bill for more than one month (Tokyo's two-month water bill, ``water_period``)
  is split as the engine splits it: the engine counts it as that many months'
  worth (``_model.per_year``), and the diary puts one month's worth in the month
  it was entered and in each month before it that the bill covers.
* A source nobody entered for a month is *not entered* (``None``), never 0.
* The running total covers the twelve months that end with the latest month
  with a record; the first year is the twelve months from the first record.
  The comparison with the national average scales the twelve months' records to
  a year (average of the months with a record × 12) and asks the engine, which
  compares only the parts entered (``_engine.compare_year``).
* The effect of an action compares each month from its start with the same month
  a year earlier, for the sources the action touches, and says plainly that the
  weather is in the difference too.

Files: ``to_csv`` (UTF-8 with BOM, one header row in the reader's language, units
in the headings, choices as the engine's ids) and ``to_json`` (the stored document;
it reads back to the same document: ``to_json(read_text(to_json(d))[0]) == to_json(d)``).
``read_text`` reads either format in either language; a bad row is named with
its line and field, and every good row is kept.

kg are kg-CO₂. Months are counted as ``year * 12 + month - 1`` inside, written
``YYYY-MM`` outside.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from calculators import _fields as F
from calculators import _messages as T
from calculators import _model as M
from calculators._api import error_message, headline_json
from calculators._classcode import encode
from calculators._data import figures
from calculators._engine import action_ids, compare_year, estimate
from calculators._inputs import FieldError, Household, parse

FORMAT = "carbon-offset-guide-diary"
VERSION = 1
FIRST_YEAR = 2000
LAST_YEAR = 2099
MAX_ROWS = 1200  # a hundred years of months; more is not a household's diary
MAX_TEXT = 2_000_000  # characters in an imported file
MONTH = "month"

#: The form's fields a month keeps: every field of the calculator but the period
#: (a diary month is always one month of bills), in the order of the form.
FIELDS: tuple[F.NumberField | F.ChoiceField, ...] = tuple(
    spec for _, specs in F.GROUPS for spec in specs if spec is not F.PERIOD
)
KEYS = tuple(spec.key for spec in FIELDS)
#: The inputs that say a source was entered for a month (electricity: kWh or yen).
ENTERED_BY: dict[str, tuple[str, ...]] = {
    "electricity": ("electricity_kwh", "electricity_yen"),
    "city_gas": ("city_gas_m3",),
    "lpg": ("lpg_m3",),
    "kerosene": ("kerosene_l",),
    "gasoline": ("gasoline_l",),
    "diesel": ("diesel_l",),
    "water": ("water_m3",),
}
_MONTH_FORMS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?"),  # 2025-04, 2025/4, 2025/4/1
    re.compile(r"(\d{4})年(\d{1,2})月(?:\d{1,2}日)?"),  # 2025年4月
)


# Months -------------------------------------------------------------------------


def parse_month(text: object) -> int | FieldError:
    """The month in ``text`` ("2025-04", "2025/4", "2025年4月", a date in it) as a count,
    or the error for the month field."""
    if not isinstance(text, str) or len(text) > 40:
        return FieldError(MONTH, "bad_month")
    norm = unicodedata.normalize("NFKC", text).strip()
    for form in _MONTH_FORMS:
        found = form.fullmatch(norm)
        if found:
            year, month = int(found[1]), int(found[2])
            if not 1 <= month <= 12:
                break
            if not FIRST_YEAR <= year <= LAST_YEAR:
                return FieldError(
                    MONTH, "month_range", (("first", FIRST_YEAR), ("last", LAST_YEAR))
                )
            return year * 12 + month - 1
    return FieldError(MONTH, "bad_month")


def month_text(month: int) -> str:
    """``YYYY-MM`` for a month count."""
    year, index = divmod(month, 12)
    return f"{year:04d}-{index + 1:02d}"


def month_label(month: int, lang: str, short: bool = False) -> str:
    """The month in words: 2025年4月 / April 2025 (short: 4月 / Apr, for a chart's axis)."""
    year, index = divmod(month, 12)
    name = T.MONTH_NAMES_EN[index]
    return T.DIARY[lang]["month_short" if short else "month_label"].format(
        year=year, month=index + 1, month_name=name, month_abbr=name[:3]
    )


# One month ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One month's bills: the month (a count) and the form's values, checked and written
    the one way the diary writes them (numbers without units or separators, choices as ids)."""

    month: int
    values: tuple[tuple[str, str], ...]

    def raw(self) -> dict[str, str]:
        """The values as the calculator's raw inputs for one month of bills."""
        return {**dict(self.values), F.PERIOD.key: "month"}

    def household(self) -> Household:
        """The month's bills as the engine's checked inputs (they were checked on entry)."""
        checked = parse(self.raw(), action_ids())
        if isinstance(checked, list):  # pragma: no cover - entries are made by check_entry
            raise ValueError(f"diary month {month_text(self.month)} no longer checks")
        return checked


def _number(value: float) -> str:
    """A number as the diary writes it: 300, 12.5 (reads back to the same float)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _values(h: Household) -> tuple[tuple[str, str], ...]:
    out = []
    for key in KEYS:
        value = getattr(h, key)
        if value is None:
            continue
        out.append((key, value if isinstance(value, str) else _number(float(value))))
    return tuple(out)


def entered(h: Household) -> tuple[str, ...]:
    """The sources this month's bills give (a 0 that was typed counts; a blank does not)."""
    return tuple(
        source
        for source, keys in ENTERED_BY.items()
        if any(getattr(h, k) is not None for k in keys)
    )


def check_entry(month: object, raw: Mapping[str, object]) -> Entry | list[FieldError]:
    """One month from the form (or a file's row): an ``Entry`` or every field's error.

    Only the diary's keys are read (others are ignored, as on the page); the
    period is always one month. A month with no amount at all is refused.
    """
    errors: list[FieldError] = []
    when = parse_month(month)
    if isinstance(when, FieldError):
        errors.append(when)
    values = {key: raw[key] for key in KEYS if raw.get(key) is not None}
    checked = parse({**values, F.PERIOD.key: "month"}, action_ids())
    if isinstance(checked, list):
        return errors + checked
    if not entered(checked):
        errors.append(FieldError("", "empty_month"))
    if errors or isinstance(when, FieldError):
        return errors
    return Entry(when, _values(checked))


# The diary --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """The action the household chose to watch, and the month it started (a count)."""

    action: str
    start: int


@dataclass(frozen=True, slots=True)
class Diary:
    """The months (one entry per month, in order) and the action being watched."""

    entries: tuple[Entry, ...] = ()
    plan: Plan | None = None

    def with_entry(self, entry: Entry) -> Diary:
        """The diary with ``entry`` added, or replacing the entry of its month."""
        kept = [e for e in self.entries if e.month != entry.month]
        return replace(self, entries=tuple(sorted([*kept, entry], key=lambda e: e.month)))

    def without(self, month: int) -> Diary:
        """The diary without the entry of ``month``."""
        return replace(self, entries=tuple(e for e in self.entries if e.month != month))


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row of a file (or one stored month) was not taken: its line (CSV: the
    file's line, the header is line 1; JSON: the place in ``months``, from 1)."""

    line: int
    month: str
    error: FieldError


def check_plan(raw: object) -> Plan | FieldError | None:
    """The watched action from ``{"id", "start"}`` (None or {} clears it), or an error."""
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, Mapping):
        return FieldError("action", "unknown_action", (("id", "?"),))
    aid = raw.get("id")
    if not isinstance(aid, str) or aid not in action_ids():
        shown = str(aid)[:40] if isinstance(aid, str) else "?"
        return FieldError("action", "unknown_action", (("id", shown),))
    start = parse_month(raw.get("start"))
    if isinstance(start, FieldError):
        return FieldError("action_start", "action_start")
    return Plan(aid, start)


def message(error: FieldError, lang: str) -> str:
    """The message for a diary error, in ``lang``: the diary's own codes, else the calculator's."""
    lang = T.lang_of(lang)
    words = T.DIARY[lang]
    if error.code in words and error.code not in T.ERRORS[lang]:
        return words[error.code].format_map({k: str(v) for k, v in error.params})
    if error.code == "unknown_action" and error.field == "action":
        return words["unknown_action"].format_map({k: str(v) for k, v in error.params})
    return error_message(error, lang)


def field_label(key: str, lang: str) -> str:
    """The name of a field (or of the month) as the form shows it."""
    if key == MONTH:
        return T.DIARY[lang]["month_header"]
    return T.FIELDS[lang][key][0] if key in T.FIELDS[lang] else key


def row_message(row: RowError, lang: str) -> str:
    """ "Line 3 (2025-04), Electricity used: …" for a bad row of a file."""
    lang = T.lang_of(lang)
    words = T.DIARY[lang]
    where = {"line": row.line, "month": row.month or "–"}
    if row.error.field:
        prefix = words["row_field"].format(**where, field=field_label(row.error.field, lang))
    else:
        prefix = words["row"].format(**where)
    return prefix + message(row.error, lang)


# Files: JSON --------------------------------------------------------------------------


def to_document(diary: Diary) -> dict[str, Any]:
    """The diary as the JSON document the page stores and exports."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "months": [{MONTH: month_text(e.month), **dict(e.values)} for e in diary.entries],
        "action": None
        if diary.plan is None
        else {"id": diary.plan.action, "start": month_text(diary.plan.start)},
    }


def to_json(diary: Diary) -> str:
    """The JSON export: the stored document, keys in the form's order, UTF-8 text."""
    return json.dumps(to_document(diary), ensure_ascii=False, indent=2) + "\n"


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "".join(c if c.isprintable() else "?" for c in str(text)[:40])


def _rows(rows: Iterable[tuple[int, object, Mapping[str, object]]]) -> tuple[Diary, list[RowError]]:
    """Entries from (line, month, values) rows; the first row of a month wins."""
    diary = Diary()
    errors: list[RowError] = []
    seen: dict[int, int] = {}
    for line, month, values in rows:
        checked = check_entry(month, values)
        if isinstance(checked, list):
            errors += [RowError(line, _shown(month), e) for e in checked]
        elif checked.month in seen:
            first = (("line", seen[checked.month]),)
            errors.append(
                RowError(line, _shown(month), FieldError(MONTH, "duplicate_month", first))
            )
        else:
            seen[checked.month] = line
            diary = diary.with_entry(checked)
    return diary, errors


def from_document(document: object) -> tuple[Diary, list[RowError]]:
    """A diary from its JSON document; bad months are named and left out, the rest kept."""
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        return Diary(), [RowError(0, "", FieldError("", "not_diary_json"))]
    if document.get("version") != VERSION:
        version = (("version", _shown(document.get("version"))),)
        return Diary(), [RowError(0, "", FieldError("", "version", version))]
    months = document.get("months")
    if not isinstance(months, list):
        months = []
    if len(months) > MAX_ROWS:
        return Diary(), [RowError(0, "", FieldError("", "too_many_rows", (("max", MAX_ROWS),)))]
    rows = [
        (n, m.get(MONTH), m) if isinstance(m, Mapping) else (n, None, {})
        for n, m in enumerate(months, start=1)
    ]
    diary, errors = _rows(rows)
    plan = check_plan(document.get("action"))
    if isinstance(plan, FieldError):
        errors.append(RowError(0, "", plan))
        plan = None
    return replace(diary, plan=plan), errors


# Files: CSV ---------------------------------------------------------------------------


def _heading(spec: F.NumberField | F.ChoiceField, lang: str) -> str:
    label = T.FIELDS[lang][spec.key][0]
    if isinstance(spec, F.NumberField):
        # m3, kg-CO2: a spreadsheet saved as Shift_JIS keeps them (it has no ³ or ₂).
        unit = unicodedata.normalize("NFKC", T.UNITS[lang].get(spec.unit, spec.unit))
        return T.DIARY[lang]["header_unit"].format(label=label, unit=unit)
    return label


def csv_header(lang: str) -> list[str]:
    """The CSV's header row in ``lang``: the month, every field (with its unit), then the
    two calculated columns (ignored when the file is read back)."""
    words = T.DIARY[lang]
    return [
        words["month_header"],
        *(_heading(spec, lang) for spec in FIELDS),
        words["total_header"],
        words["code_header"],
    ]


def _key(text: str) -> str:
    """A heading or a choice as typed, for matching: NFKC, no spaces, case folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _columns() -> dict[str, str]:
    """Every heading either language writes (and the bare keys) → the key; "" = calculated."""
    known: dict[str, str] = {_key(MONTH): MONTH}
    for lang in T.LANGS:
        header = csv_header(lang)
        known[_key(header[0])] = MONTH
        for spec, heading in zip(FIELDS, header[1:-2], strict=True):
            known[_key(heading)] = spec.key
            known[_key(T.FIELDS[lang][spec.key][0])] = spec.key
        known[_key(header[-2])] = ""
        known[_key(header[-1])] = ""
    for key in KEYS:
        known[_key(key)] = key
    return known


def _choices() -> dict[str, dict[str, str]]:
    """For each choice field: an id or its label in either language → the id."""
    out: dict[str, dict[str, str]] = {}
    for spec in F.CHOICE_FIELDS:
        if spec.key not in KEYS:
            continue
        names = {_key(o): o for o in spec.options}
        for lang in T.LANGS:
            names |= {_key(label): o for o, label in T.OPTIONS[lang][spec.key].items()}
        out[spec.key] = names
    return out


def to_csv(diary: Diary, lang: str) -> str:
    """The CSV export in ``lang``: UTF-8 text starting with a BOM (so Japanese Excel reads
    it), one header row, one row per month; the month's kg and class code are added."""
    lang = T.lang_of(lang)
    view = {row["month"]: row for row in months_view(diary, lang)}
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_header(lang))
    for e in diary.entries:
        values = dict(e.values)
        row = view[month_text(e.month)]
        writer.writerow(
            [
                month_text(e.month),
                *(values.get(key, "") for key in KEYS),
                _number(round(row["total_kg"], 1)),
                row["class_code"] or "",
            ]
        )
    return out.getvalue()


def from_csv(text: str) -> tuple[Diary, list[RowError]]:
    """A diary from a CSV in either language; bad rows are named, good rows kept.

    The first non-blank line is the header. Columns are matched by heading (either
    language, with or without the unit, or the input key); the calculated columns
    and blank lines are skipped; a heading nobody knows is reported and not read.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    known = _columns()
    choices = _choices()
    keys: list[str | None] = []
    errors: list[RowError] = []
    rows: list[tuple[int, object, dict[str, object]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if not keys:
            keys = [known.get(_key(c)) for c in cells]
            if MONTH not in keys:
                return Diary(), [RowError(line, "", FieldError("", "no_month_column"))]
            for cell, key in zip(cells, keys, strict=True):
                if key is None and cell.strip():
                    name = (("name", _shown(cell.strip())),)
                    errors.append(RowError(line, "", FieldError("", "unknown_column", name)))
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(RowError(line, "", FieldError("", "too_many_rows", (("max", MAX_ROWS),))))
            break
        values: dict[str, object] = {}
        month: object = ""
        for cell, key in zip(cells, keys, strict=False):
            if key == MONTH:
                month = cell
            elif key and cell.strip():
                values[key] = choices[key].get(_key(cell), cell) if key in choices else cell
        rows.append((line, month, values))
    diary, row_errors = _rows(rows)
    return diary, errors + row_errors


def read_text(text: str) -> tuple[Diary, list[RowError]]:
    """A diary from an exported file's text: JSON when it starts with "{", else CSV."""
    if len(text) > MAX_TEXT:
        return Diary(), [RowError(0, "", FieldError("", "too_many_rows", (("max", MAX_ROWS),)))]
    body = text.removeprefix("\ufeff")
    if body.lstrip().startswith("{"):
        try:
            document = json.loads(body)
        except json.JSONDecodeError as exc:
            where = (("line", exc.lineno), ("column", exc.colno))
            return Diary(), [RowError(0, "", FieldError("", "bad_json", where))]
        except (ValueError, RecursionError):
            return Diary(), [RowError(0, "", FieldError("", "not_a_file"))]
        return from_document(document)
    try:
        return from_csv(body)
    except csv.Error:
        return Diary(), [RowError(0, "", FieldError("", "not_a_file"))]


def merge(base: Diary, read: Diary) -> Diary:
    """``base`` with the months read from a file added (a month read replaces the same
    month); the file's action, if it has one, replaces the watched action."""
    out = base
    for e in read.entries:
        out = out.with_entry(e)
    return replace(out, plan=read.plan or base.plan)


# What the page shows --------------------------------------------------------------------


@dataclass(slots=True)
class _Month:
    """One calendar month's share of the bills: kg and units by source, and whose bill."""

    kg: dict[str, float]
    units: dict[str, float]
    bills: dict[str, list[int]]
    estimated: bool = False


def _months(diary: Diary) -> dict[int, _Month]:
    """Every month with a record: each entry's sources, a bill of n months spread over the
    month it was entered and the n - 1 months before it (one month's worth in each)."""
    out: dict[int, _Month] = {}
    for e in diary.entries:
        h = e.household()
        est = estimate(h)
        amounts = M.amounts(est.use)
        for source in entered(h):
            period = h.water_period if source == "water" else h.period
            for back in range(F.MONTHS_IN[period]):
                month = out.setdefault(e.month - back, _Month({}, {}, {}))
                # The engine's yearly amount of a one-month bill ÷ 12 is that month's.
                month.kg[source] = month.kg.get(source, 0.0) + est.kg_by_source[source] / 12
                month.units[source] = month.units.get(source, 0.0) + amounts[source] / 12
                month.bills.setdefault(source, []).append(e.month)
                if source == "electricity" and est.estimated:
                    month.estimated = True
    return out


def _kg(value: float, lang: str) -> str:
    return T.DIARY_VIEW[lang]["kg"].format(kg=f"{value:,.0f}")


def _names(sources: Iterable[str], lang: str) -> str:
    return T.COMPARISON[lang]["joiner"].join(T.SOURCES[lang][s] for s in sources)


def months_view(diary: Diary, lang: str) -> list[dict[str, Any]]:
    """One row per month with a record, oldest first (see ``view``)."""
    lang = T.lang_of(lang)
    months = _months(diary)
    entries = {e.month: e for e in diary.entries}
    words = T.DIARY_VIEW[lang]
    rows = []
    for month in sorted(months):
        data = months[month]
        kg = {s: data.kg.get(s) for s in M.SOURCES}
        total = math.fsum(v for v in kg.values() if v is not None)
        notes = []
        elsewhere: dict[int, list[str]] = {}
        for source, bills in data.bills.items():
            for bill in bills:
                if bill != month:
                    elsewhere.setdefault(bill, []).append(source)
        for bill, sources in sorted(elsewhere.items()):
            notes.append(
                words["from_bill"].format(
                    sources=_names(sources, lang), month=month_label(bill, lang)
                )
            )
        overlap = [s for s, bills in data.bills.items() if len(bills) > 1]
        if overlap:
            notes.append(words["overlap"].format(sources=_names(overlap, lang)))
        if data.estimated:
            notes.append(words["estimated"])
        last = months.get(month - 12)
        last_year = None
        if last is not None:
            both = [s for s in M.SOURCES if s in data.kg and s in last.kg]
            this_kg = math.fsum(data.kg[s] for s in both)
            before_kg = math.fsum(last.kg[s] for s in both)
            last_year = {
                "month": month_text(month - 12),
                "label": month_label(month - 12, lang),
                "total_kg": math.fsum(last.kg.values()),
                "sources": list(both),
                "compared_kg": before_kg,
                "difference_kg": this_kg - before_kg,
                "same_sources": set(data.kg) == set(last.kg),
            }
        entry = entries.get(month)
        code = None
        if entry is not None:
            est = estimate(entry.household())
            try:
                code = encode(entry.household().household_size, est.kg_by_source, [])
            except ValueError:
                code = None
        rows.append(
            {
                "month": month_text(month),
                "label": month_label(month, lang),
                "short_label": month_label(month, lang, short=True),
                "entry": entry is not None,
                "values": None if entry is None else dict(entry.values),
                "kg_by_source": kg,
                "total_kg": total,
                "not_entered": [s for s in M.SOURCES if kg[s] is None],
                "notes": notes,
                "last_year": last_year,
                "class_code": code,
            }
        )
    return rows


def _window(months: dict[int, _Month], first: int, lang: str) -> dict[str, Any]:
    """The twelve months from ``first``: their total, how many have a record, per source."""
    inside = [months[m] for m in range(first, first + 12) if m in months]
    kg = {s: math.fsum(m.kg.get(s, 0.0) for m in inside) for s in M.SOURCES}
    words = T.DIARY_VIEW[lang]
    return {
        "from": month_text(first),
        "to": month_text(first + 11),
        "label": words["window"].format(
            first=month_label(first, lang), last=month_label(first + 11, lang), count=len(inside)
        ),
        "months_with_records": len(inside),
        "total_kg": math.fsum(kg.values()),
        "kg_by_source": kg,
    }


def _average(diary: Diary, months: dict[int, _Month], first: int, lang: str) -> dict[str, Any]:
    """The twelve months scaled to a year, compared with the national average by the engine."""
    inside = [months[m] for m in range(first, first + 12) if m in months]
    kg: dict[str, float] = {}
    units: dict[str, float] = {}
    for s in M.SOURCES:
        with_source = [m for m in inside if s in m.kg]
        n = len(with_source)
        kg[s] = math.fsum(m.kg[s] for m in with_source) * 12 / n if n else 0.0
        units[s] = math.fsum(m.units[s] for m in with_source) * 12 / n if n else 0.0
    sizes = [
        e.household().household_size
        for e in diary.entries
        if first <= e.month < first + 12 and e.household().household_size is not None
    ]
    size = sizes[-1] if sizes else None
    use = M.Use(
        electricity_kwh=units["electricity"],
        city_gas_m3=units["city_gas"],
        lpg_m3=units["lpg"],
        kerosene_l=units["kerosene"],
        gasoline_l=units["gasoline"],
        diesel_l=units["diesel"],
        water_m3=units["water"],
    )
    comparison = compare_year(size, use, kg)
    out = headline_json(comparison, size, units["water"] > 0, lang)
    out["year_kg"] = math.fsum(kg.values())
    out["household_size"] = size
    out["basis"] = T.DIARY_VIEW[lang]["average_basis"]
    return out


def _effect(diary: Diary, months: dict[int, _Month], lang: str) -> dict[str, Any]:
    """The watched action: each month from its start against the same month a year earlier."""
    words = T.DIARY_VIEW[lang]
    plan = diary.plan
    if plan is None:
        return {"status": "none", "text": words["effect_none"], "weather": words["weather"]}
    fig = figures()[f"action.{plan.action}"]
    sources = [s for s in M.SOURCES if s in fig.saves]
    pairs = [
        (m, m - 12)
        for m in sorted(months)
        if m >= plan.start
        and m - 12 < plan.start
        and m - 12 in months
        and all(s in months[m].kg and s in months[m - 12].kg for s in sources)
    ]
    after = math.fsum(months[m].kg[s] for m, _ in pairs for s in sources)
    before = math.fsum(months[b].kg[s] for _, b in pairs for s in sources)
    # What the calculator's method expects, from the months entered before the start.
    expected_by_month = []
    for e in diary.entries:
        if plan.start - 12 <= e.month < plan.start:
            est = estimate(replace(e.household(), actions=(plan.action,)))
            found = [a.kg_per_year / 12 for a in est.actions if a.id == plan.action]
            expected_by_month.append(found[0] if found else 0.0)
    expected = math.fsum(expected_by_month) / len(expected_by_month) if expected_by_month else None
    fill = {
        "start": month_label(plan.start, lang),
        "count": len(pairs),
        "sources": _names(sources, lang),
        "after": _kg(after, lang),
        "before": _kg(before, lang),
        "kg": _kg(abs(before - after), lang),
    }
    if not pairs:
        status = "waiting"
    elif len(pairs) < 3:
        status = "few"
    elif after < before:
        status = "lower"
    else:
        status = "not_lower"
    text = words[f"effect_{status}"].format(**fill)
    if expected is not None and expected > 0:
        text += words["effect_expected"].format(kg=_kg(expected, lang))
    label = fig.label_en if lang == "en" else fig.label_ja
    return {
        "status": status,
        "action": plan.action,
        "label": label,
        "start": month_text(plan.start),
        "sources": sources,
        "months_compared": [month_text(m) for m, _ in pairs],
        "after_kg": after,
        "before_kg": before,
        "difference_kg": after - before,
        "expected_kg_per_month": expected,
        "text": text,
        "weather": words["weather"],
    }


def view(diary: Diary, lang: str) -> dict[str, Any]:
    """Everything the diary page shows, numbers and words (kg-CO₂; months ``YYYY-MM``).

    ``months``: each month with a record (see ``months_view``): kg by source (None:
    not entered), total, same month last year, class code of an entered month.
    ``total_kg_12_months``: the twelve months ending with the latest record
    (``window``); ``first_year`` and, once the two do not overlap, the change;
    ``average``: the twelve months scaled to a year against the national average;
    ``effect``: the watched action; ``notes``: what the figures mean; ``axis``: the
    twelve months' short names for the chart.
    """
    lang = T.lang_of(lang)
    words = T.DIARY_VIEW[lang]
    months = _months(diary)
    rows = months_view(diary, lang)
    out: dict[str, Any] = {
        "sources": [{"id": s, "label": T.SOURCES[lang][s]} for s in M.SOURCES],
        "months": rows,
        "total_kg_12_months": None,
        "window": None,
        "first_year": None,
        "first_year_change": None,
        "average": None,
        "effect": _effect(diary, months, lang),
        "axis": [],
        "notes": [words["not_entered"], words["split"]],
    }
    if not months:
        return out
    first, last = min(months), max(months)
    window = _window(months, last - 11, lang)
    out["window"] = window
    out["axis"] = [month_label(m, lang, short=True) for m in range(last - 11, last + 1)]
    out["total_kg_12_months"] = window["total_kg"]
    if window["months_with_records"] < 12:
        out["notes"].append(words["partial_year"])
    first_year = _window(months, first, lang)
    first_year["text"] = words["first_year"].format(
        first=month_label(first, lang),
        last=month_label(first + 11, lang),
        count=first_year["months_with_records"],
        kg=_kg(first_year["total_kg"], lang),
    )
    out["first_year"] = first_year
    if last - 11 >= first + 12 and first_year["total_kg"] > 0:
        change = window["total_kg"] - first_year["total_kg"]
        direction = "more" if change > 0.5 else "less" if change < -0.5 else "same"
        out["first_year_change"] = {
            "difference_kg": change,
            "ratio": window["total_kg"] / first_year["total_kg"],
            "text": words["first_year_change"].format(
                kg=_kg(abs(change), lang),
                direction=words[direction],
                percent=f"{100 * window['total_kg'] / first_year['total_kg']:,.0f}",
            ),
        }
    else:
        out["first_year_change"] = {
            "difference_kg": None,
            "ratio": None,
            "text": words["first_year_wait"],
        }
    out["average"] = _average(diary, months, last - 11, lang)
    return out


def totals(diary: Diary) -> dict[str, Any]:
    """The figures the command line prints: each month's total and the twelve months'."""
    rows = months_view(diary, "en")
    months = _months(diary)
    out: dict[str, Any] = {
        "months": [
            {"month": r["month"], "total_kg": r["total_kg"], "kg_by_source": r["kg_by_source"]}
            for r in rows
        ],
        "total_kg_12_months": None,
        "window": None,
    }
    if months:
        window = _window(months, max(months) - 11, "en")
        out["total_kg_12_months"] = window["total_kg"]
        out["window"] = {
            "from": window["from"],
            "to": window["to"],
            "months_with_records": window["months_with_records"],
        }
    return out
