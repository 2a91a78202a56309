"""Exact arithmetic for the figures a pupil reproduces by hand.

Pupils round as they are taught (四捨五入): half up, on the decimal value they
wrote down. Binary floating point cannot do that: 350 × 0.423 is 148.05 on
paper but 148.04999… as a float, which rounds down to 148.0. So every figure
that a key, the pupil sheet or the class summary shows is worked out here in
``decimal.Decimal`` (or exact integers and fractions) and rounded half up.

* ``half_up(value, digits)`` rounds an int, Decimal or float half up.
* ``ratio``, ``mean`` and ``median`` divide in Decimal to ``PRECISION`` significant
  digits (not ``fractions``, which would add to what the browser downloads):
  a quotient of the few-digit numbers here is never within 10⁻⁵⁰ of a half
  without being exactly one, so rounding it half up gives the exact answer.
  A float is taken at its shortest decimal spelling (``repr``), which is the
  value as the data file or the engine wrote it, not its binary expansion.
* ``sheet_answer(inputs)`` follows the pupil sheet's steps (``docs/schools/sheet/``)
  for one example household and returns every figure a pupil writes down, each
  rounded as the sheet tells them to. The factors are the calculator's defaults
  (the figures the sheet shows, from ``calculators/data/*.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from calculators._data import figures

Number = int | float | Decimal
PRECISION = 60

# The sheet's sources in its row order; diesel has no row (no example uses it).
SHEET_SOURCES = ("electricity", "city_gas", "lpg", "kerosene", "gasoline", "water")
# Input key of each source's amount, as in docs/schools/examples.toml.
INPUT_KEYS = {
    "electricity": "electricity_kwh",
    "city_gas": "city_gas_m3",
    "lpg": "lpg_m3",
    "kerosene": "kerosene_l",
    "gasoline": "gasoline_l",
    "water": "water_m3",
}
# The figure behind each factor the sheet shows (the calculator's defaults).
SHEET_FIGURES = {
    "electricity": "electricity.national_average",
    "city_gas": "city_gas.statutory",
    "lpg_density": "lpg.propane_density",
    "lpg_per_kg": "lpg.per_kg",
    "kerosene": "fuel.kerosene",
    "gasoline": "fuel.gasoline",
    "water": "water.tokyo",
    "tree": "trees.sugi_per_tree",
}
# How many decimals the sheet asks for at each step.
MONTH_DIGITS = 1  # part 3: each line and the month's total, to 0.1 kg
SHARE_DIGITS = 0  # part 3: each source's share, whole per cent
YEAR_DIGITS = 0  # part 4: one year, per person and trees, whole numbers


def decimal_of(value: Number) -> Decimal:
    """The exact decimal value of ``value`` (a float at its shortest spelling)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not a number here")
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def ratio(numerator: Number, denominator: Number) -> Decimal:
    """numerator ÷ denominator to PRECISION significant digits."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return decimal_of(numerator) / decimal_of(denominator)


def mean(values: list[Decimal]) -> Decimal:
    """The mean of ``values`` (not empty), to PRECISION significant digits."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return sum(values, Decimal(0)) / len(values)


def median(values: list[Decimal]) -> Decimal:
    """The middle value of ``values`` (not empty); the mean of the two middle ones."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return (ordered[mid - 1] + ordered[mid]) / 2


def half_up(value: Number, digits: int = 0) -> Decimal:
    """``value`` rounded half up (四捨五入) to ``digits`` decimals, on its decimal value."""
    exact = decimal_of(value)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def as_json_number(value: Decimal) -> int | float:
    """A rounded Decimal as a JSON number: an int when it has no decimals."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(value)
    return float(value)


class SheetError(ValueError):
    """An example household the pupil sheet cannot be worked for (says why)."""


@dataclass(frozen=True, slots=True)
class SheetAnswer:
    """Every figure of the pupil sheet for one household, rounded as the sheet says.

    kg are kg-CO₂. ``month`` and ``share`` hold the sources the household uses.
    """

    factors: dict[str, Decimal]  # the sheet's part 1, by SHEET_FIGURES key
    month: dict[str, Decimal]  # part 3: each source's line, kg in one month (0.1)
    month_total: Decimal  # part 3: the sum of the lines as written (0.1)
    share: dict[str, Decimal]  # part 3: each line ÷ the total, % (whole)
    year: Decimal  # part 4: the month's total × 12 (whole kg)
    tonnes: Decimal  # part 4: one year ÷ 1,000 (exact, 3 decimals)
    per_person: Decimal | None  # part 4: one year ÷ people (whole kg)
    trees: Decimal  # part 4: one year ÷ one tree's uptake (whole trees)
    year_by_source: dict[str, Decimal]  # amount × 12 × factor (whole kg): the quiz

    def lookup(self, path: str) -> Decimal:
        """The figure at ``path``: "month.electricity", "year", "share.water", …"""
        head, _, tail = path.partition(".")
        table: dict[str, Decimal] | None = {
            "month": self.month,
            "share": self.share,
            "year_by_source": self.year_by_source,
            "factors": self.factors,
        }.get(head)
        if table is not None and tail:
            if tail not in SHEET_SOURCES and tail not in self.factors:
                raise KeyError(path)
            # A source the household does not use is 0 on the sheet ("–" means 0).
            return table.get(tail, Decimal(0))
        single = {
            "month_total": self.month_total,
            "year": self.year,
            "tonnes": self.tonnes,
            "per_person": self.per_person,
            "trees": self.trees,
        }
        if tail or head not in single or single[head] is None:
            raise KeyError(path)
        value = single[head]
        assert value is not None
        return value


def sheet_factors() -> dict[str, Decimal]:
    """The factors the sheet shows (part 1), as exact decimals from the data files."""
    figs = figures()
    return {key: decimal_of(figs[fid].value) for key, fid in SHEET_FIGURES.items()}


def sheet_answer(inputs: dict[str, Any]) -> SheetAnswer:
    """Work the pupil sheet for one household (``examples.toml`` keys), as a pupil does.

    Part 3: each source's month is amount × factor (LPG: m³ × density, then × its
    factor; water: the two-month amount ÷ 2 first), rounded half up to 0.1 kg; the
    month's total is the sum of those rounded lines; each share is line ÷ total.
    Part 4: one year is the total × 12, rounded half up to a whole kg, and per
    person, tonnes and trees start from that whole number.
    """
    unknown = set(inputs) - {"household_size", "water_period", *INPUT_KEYS.values()}
    if unknown:
        raise SheetError(f"the pupil sheet has no row for {', '.join(sorted(unknown))}")
    if inputs.get("water_m3") and inputs.get("water_period", "two_months") != "two_months":
        raise SheetError("the pupil sheet's water row is for a two-month bill")
    f = sheet_factors()
    per_unit = {
        "electricity": f["electricity"],
        "city_gas": f["city_gas"],
        "lpg": f["lpg_density"] * f["lpg_per_kg"],
        "kerosene": f["kerosene"],
        "gasoline": f["gasoline"],
        "water": f["water"],
    }
    month: dict[str, Decimal] = {}
    year_by_source: dict[str, Decimal] = {}
    for source in SHEET_SOURCES:
        amount = decimal_of(inputs.get(INPUT_KEYS[source], 0))
        if amount < 0:
            raise SheetError(f"{INPUT_KEYS[source]} is negative")
        if not amount:
            continue
        monthly = amount / 2 if source == "water" else amount
        month[source] = half_up(monthly * per_unit[source], MONTH_DIGITS)
        year_by_source[source] = half_up(monthly * 12 * per_unit[source], YEAR_DIGITS)
    month_total = sum(month.values(), Decimal(0))
    share = (
        {
            s: half_up(ratio(kg * 100, month_total), SHARE_DIGITS)
            for s, kg in month.items()
        }
        if month_total
        else {}
    )
    year = half_up(month_total * 12, YEAR_DIGITS)
    size = inputs.get("household_size")
    per_person = half_up(ratio(year, int(size)), YEAR_DIGITS) if size else None
    trees = half_up(ratio(year, f["tree"]), YEAR_DIGITS)
    return SheetAnswer(
        factors=f,
        month=month,
        month_total=month_total,
        share=share,
        year=year,
        tonnes=year / 1000,
        per_person=per_person,
        trees=trees,
        year_by_source=year_by_source,
    )
