"""Class codes: one household's result as a short text, and a class's results from many.

A pupil copies the code under the calculator's result and hands it in (on paper,
or in a Google Forms / Microsoft Forms answer). The teacher pastes all of them
into ``/schools/class/``, where ``class_summary`` adds them up in the browser.
Nothing else is in a code: no name, no address, no bill amounts.

Format, version 1 (fields joined by "-", upper case)::

    C1-<size>-<electricity>-<city_gas>-<lpg>-<kerosene>-<gasoline>-<diesel>-<water>-<actions>-<check>

* ``C1``     "C" and the format version (1).
* ``size``   household size in people, 0 = not given.
* seven kg   kg-CO₂ per year of each source (``_model.SOURCES`` order), rounded to whole kg.
* ``actions`` the chosen actions as a base-36 bit set: bit i is ``ACTION_TABLE[i]``.
* ``check``  4 base-36 characters: FNV-1a (32 bit) of everything before it, modulo 36⁴.

Example: ``C1-3-1850-420-0-0-600-0-45-5-…``.

Versions: ``ACTION_TABLE`` is append-only (a new action gets the next bit, so old
codes keep their meaning) and every format version ever published stays in
``DECODERS``; a new format gets a new number and ``encode`` writes only the newest.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from calculators import _messages as T
from calculators import _model as M
from calculators._data import figures
from calculators._engine import CREDIT_TYPES, _factors, _price_range
from calculators._inputs import Household

VERSION = 1
# Append only: bit i of the actions field is ACTION_TABLE[i], in every version.
ACTION_TABLE = (
    "cooling_28c",
    "heating_20c",
    "led_bulb",
    "fridge_medium",
    "pot_unplug",
    "tv_brightness",
    "shower_one_minute",
    "bath_back_to_back",
    "eco_drive",
    "zero_carbon_menu",
)
MAX_SIZE = 99
MAX_KG = 9_999_999
CHECK_LENGTH = 4
CHECK_MODULUS = 36**CHECK_LENGTH
DIGITS36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A code-shaped token: "C", a version, "-" and more (found anywhere in a line or CSV cell).
TOKEN = re.compile(r"(?<![0-9A-Z])C\d{1,3}-[0-9A-Z-]*", re.IGNORECASE)
# Dashes that phones and IMEs put in place of "-" (after NFKC).
DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー", "-"))


class ClassCodeError(ValueError):
    """A line that is not a usable class code; ``code`` keys ``CLASS_ERRORS``."""

    def __init__(self, code: str, version: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.version = version

    def message(self, lang: str) -> str:
        """The reason in ``lang`` ("ja" or "en")."""
        text = T.CLASS_ERRORS[T.lang_of(lang)][self.code]
        return text.format(version=self.version)


@dataclass(frozen=True, slots=True)
class ClassCode:
    """What one class code holds. kg are kg-CO₂ per year (whole kg)."""

    version: int
    household_size: int | None
    kg_by_source: dict[str, int]
    actions: tuple[str, ...]

    @property
    def total_kg(self) -> int:
        """The household's yearly total, kg-CO₂."""
        return sum(self.kg_by_source.values())


# Encoding -------------------------------------------------------------------


def _base36(value: int) -> str:
    digits = ""
    while True:
        value, rest = divmod(value, 36)
        digits = DIGITS36[rest] + digits
        if value == 0:
            return digits


def checksum(body: str) -> str:
    """4 base-36 characters for ``body`` (FNV-1a, 32 bit, modulo 36⁴)."""
    h = 0x811C9DC5
    for byte in body.encode("ascii"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return _base36(h % CHECK_MODULUS).rjust(CHECK_LENGTH, "0")


def encode(
    household_size: int | None, kg_by_source: Mapping[str, float], actions: Iterable[str]
) -> str:
    """The class code (newest version) for one result; kg are rounded to whole kg."""
    size = household_size or 0
    if not 0 <= size <= MAX_SIZE:
        raise ValueError(f"household size {size} is outside 0–{MAX_SIZE}")
    kgs = []
    for source in M.SOURCES:
        kg = round(kg_by_source.get(source, 0.0))
        kgs.append(str(min(max(kg, 0), MAX_KG)))
    bits = 0
    for aid in actions:
        if aid not in ACTION_TABLE:
            raise ValueError(f"action {aid!r} is not in ACTION_TABLE; append it there")
        bits |= 1 << ACTION_TABLE.index(aid)
    body = "-".join([f"C{VERSION}", str(size), *kgs, _base36(bits)])
    return f"{body}-{checksum(body)}"


# Decoding -------------------------------------------------------------------


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(DASHES).strip().upper()


def _number(field: str, limit: int) -> int:
    if not field.isdigit() or len(field) > len(str(limit)):
        raise ClassCodeError("bad")
    value = int(field)
    if value > limit:
        raise ClassCodeError("bad")
    return value


def _decode_v1(fields: list[str]) -> ClassCode:
    expected = 2 + len(M.SOURCES) + 2  # version, size, kg…, actions, check
    if len(fields) > expected or len(fields[-1]) > CHECK_LENGTH:
        raise ClassCodeError("bad")
    if len(fields) < expected or len(fields[-1]) < CHECK_LENGTH:
        raise ClassCodeError("truncated")
    if checksum("-".join(fields[:-1])) != fields[-1]:
        raise ClassCodeError("checksum")
    size = _number(fields[1], MAX_SIZE)
    kg = {s: _number(f, MAX_KG) for s, f in zip(M.SOURCES, fields[2:9], strict=True)}
    bits_text = fields[9]
    if not bits_text or any(ch not in DIGITS36 for ch in bits_text) or len(bits_text) > 12:
        raise ClassCodeError("bad")
    bits = int(bits_text, 36)
    if bits >> len(ACTION_TABLE):
        raise ClassCodeError("bad")
    actions = tuple(aid for i, aid in enumerate(ACTION_TABLE) if bits >> i & 1)
    return ClassCode(1, size or None, kg, actions)


# Every format version ever published: never remove one (old codes must keep reading).
DECODERS = {1: _decode_v1}


def decode(text: str) -> ClassCode:
    """Read one class code; raise ``ClassCodeError`` saying what is wrong."""
    norm = _normalise(text)
    match = re.fullmatch(r"C(\d{1,3})(-.*)?", norm)
    if match is None:
        raise ClassCodeError("bad")
    version = int(match.group(1))
    decoder = DECODERS.get(version)
    if decoder is None:
        raise ClassCodeError("version", version)
    if not match.group(2):
        raise ClassCodeError("truncated")
    return decoder(norm.split("-"))


def find_code(line: str) -> str | None:
    """The first code-shaped token in a line (a pasted code or a CSV row), or None."""
    match = TOKEN.search(_normalise(line))
    return match.group(0).rstrip("-") if match else None


# A class's results ------------------------------------------------------------


def _default_factors() -> M.Factors:
    """The calculator's default factors (supplier not chosen), to turn kg back into use."""
    return _factors(Household())[0]


def kg_cut(code: ClassCode) -> tuple[float, dict[str, float]]:
    """kg-CO₂ per year the chosen actions cut (together, and by action).

    The code holds kg, not bills, so the amounts used are recovered with the
    calculator's default factors; this is exact for a household that kept the
    defaults and an estimate otherwise.
    """
    f = _default_factors()
    per_unit = M.kg_per_unit(f)
    amounts = {s: code.kg_by_source[s] / per_unit[s] if per_unit[s] > 0 else 0.0 for s in M.SOURCES}
    use = M.Use(
        electricity_kwh=amounts["electricity"],
        city_gas_m3=amounts["city_gas"],
        lpg_m3=amounts["lpg"],
        kerosene_l=amounts["kerosene"],
        gasoline_l=amounts["gasoline"],
        diesel_l=amounts["diesel"],
        water_m3=amounts["water"],
    )
    figs = figures()
    by_action: dict[str, float] = {}
    savings = []
    for aid in code.actions:
        fig = figs.get(f"action.{aid}")
        if fig is None:  # an action since withdrawn from actions.toml: nothing to count
            continue
        saved = M.kg_saved(M.Action(aid, fig.saves, fig.scaling, fig.value), use, f)
        savings.append(saved)
        by_action[aid] = math.fsum(saved.values())
    kg = {s: float(v) for s, v in code.kg_by_source.items()}
    left = M.total(M.remaining(kg, savings))
    return M.total(kg) - left, by_action


def _spread(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return {"median": median, "min": ordered[0], "max": ordered[-1], "count": len(ordered)}


def class_summary(lines: str | Iterable[str], lang: str = "ja") -> dict[str, Any]:
    """Add up a class's codes: one per line, or rows of a CSV export (code in any cell).

    Blank lines are skipped, and so is a first line without a code (a header row).
    Every other line that is not a valid code is listed in ``rejected`` with its
    line number (1-based) and the reason in ``lang``; the rest still count.
    kg are kg-CO₂ per year; yen for one year of offsetting.
    """
    lang = T.lang_of(lang)
    rows = lines.splitlines() if isinstance(lines, str) else list(lines)
    codes: list[ClassCode] = []
    rejected: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        if not row.strip():
            continue
        token = find_code(row)
        try:
            if token is None:
                if number == 1 or all(not r.strip() for r in rows[: number - 1]):
                    continue  # a header row
                raise ClassCodeError("missing")
            codes.append(decode(token))
        except ClassCodeError as exc:
            rejected.append({"line": number, "text": row.strip(), "message": exc.message(lang)})
    totals = [float(c.total_kg) for c in codes]
    per_person = [c.total_kg / c.household_size for c in codes if c.household_size]
    count = len(codes)
    total = math.fsum(totals)
    cut = 0.0
    action_kg: dict[str, float] = {}
    action_households: dict[str, int] = {}
    for c in codes:
        household_cut, by_action = kg_cut(c)
        cut += household_cut
        for aid, kg in by_action.items():
            action_kg[aid] = action_kg.get(aid, 0.0) + kg
            action_households[aid] = action_households.get(aid, 0) + 1
    figs = figures()
    remaining = max(total - cut, 0.0)
    costs = []
    for cid, low, high in CREDIT_TYPES:
        # The calculator's own prices and arithmetic (_engine._price_range).
        price = _price_range(cid, low, high, remaining)
        label, note = T.CREDITS[lang][cid]
        costs.append(
            {
                "id": cid,
                "label": label,
                "note": note,
                "price_low": price.price_low,
                "price_high": price.price_high,
                "unit": "yen/t-CO2",
                "yen_low": price.yen_low,
                "yen_high": price.yen_high,
            }
        )
    by_source = []
    for s in M.SOURCES:
        source_total = math.fsum(c.kg_by_source[s] for c in codes)
        by_source.append(
            {
                "id": s,
                "label": T.SOURCES[lang][s],
                "average_kg_per_year": source_total / count if count else 0.0,
                "total_kg_per_year": source_total,
            }
        )
    actions = [
        {
            "id": aid,
            "label": figs[f"action.{aid}"].label_en
            if lang == "en"
            else figs[f"action.{aid}"].label_ja,
            "households": action_households[aid],
            "kg_per_year": action_kg[aid],
        }
        for aid in sorted(action_kg, key=lambda a: (-action_kg[a], a))
    ]
    return {
        "households": count,
        "total_kg_per_year": total,
        "total_tonnes": total / 1000,
        "household_kg_per_year": _spread(totals),
        "per_person_kg_per_year": _spread(per_person),
        "by_source": by_source,
        "actions": actions,
        "cut_kg_per_year": cut,
        "cut_tonnes": cut / 1000,
        "remaining_kg_per_year": remaining,
        "remaining_tonnes": remaining / 1000,
        "offset_costs": costs,
        "rejected": rejected,
    }
