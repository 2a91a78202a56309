"""How the household CO₂ is calculated: the arithmetic, and nothing else.

This is the code that runs when you press "calculate". It has no text and no
formatting, only numbers, so you can check every step by hand.

The idea in one line:  CO₂ (kg) = amount used × emission factor.

* Amounts are per year: a monthly bill is multiplied by 12, a two-month water
  bill by 6.
* An emission factor says how many kg of CO₂ one unit releases, for example
  0.423 kg-CO₂ per kWh of electricity. The factors and their sources are in
  the data files (``calculators/data/*.toml``).
* LPG bills are in m³ of gas, but the official factor is per kg, so we first
  turn m³ into kg with the gas density (1 m³ of propane weighs about 1.992 kg).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The emission sources, in the order of the bills.
SOURCES = ("electricity", "city_gas", "lpg", "kerosene", "gasoline", "diesel", "water")

# How many bills of each length make one year.
BILLS_PER_YEAR = {"month": 12, "two_months": 6, "year": 1}


@dataclass(frozen=True, slots=True)
class Use:
    """What a household uses in ONE YEAR, in the units printed on the bills."""

    electricity_kwh: float = 0.0
    city_gas_m3: float = 0.0
    lpg_m3: float = 0.0
    kerosene_l: float = 0.0
    gasoline_l: float = 0.0
    diesel_l: float = 0.0
    water_m3: float = 0.0


@dataclass(frozen=True, slots=True)
class Factors:
    """Emission factors: kg of CO₂ for each unit used."""

    electricity: float  # kg-CO₂ per kWh
    city_gas: float  # kg-CO₂ per m³
    lpg_per_kg: float  # kg-CO₂ per kg of LPG
    lpg_kg_per_m3: float  # kg of LPG in one m³ of gas (density)
    kerosene: float  # kg-CO₂ per litre
    gasoline: float  # kg-CO₂ per litre
    diesel: float  # kg-CO₂ per litre
    water: float  # kg-CO₂ per m³


@dataclass(frozen=True, slots=True)
class Action:
    """A way to cut CO₂. ``scaling`` says how ``value`` is used (see ``units_saved``)."""

    id: str
    saves: tuple[str, ...]  # the sources it reduces, e.g. ("electricity",)
    scaling: str  # "fixed", "share" or "factor"
    value: float


def per_year(amount: float, bill_period: str) -> float:
    """Turn the amount on one bill into the amount for a whole year."""
    return amount * BILLS_PER_YEAR[bill_period]


def kwh_from_yen(yen: float, yen_per_kwh: float) -> float:
    """Estimate kWh from an electricity bill in yen (an estimate, not a reading)."""
    return yen / yen_per_kwh


def amounts(use: Use) -> dict[str, float]:
    """The yearly amount of each source, keyed by source id."""
    return {
        "electricity": use.electricity_kwh,
        "city_gas": use.city_gas_m3,
        "lpg": use.lpg_m3,
        "kerosene": use.kerosene_l,
        "gasoline": use.gasoline_l,
        "diesel": use.diesel_l,
        "water": use.water_m3,
    }


def kg_per_unit(f: Factors) -> dict[str, float]:
    """kg-CO₂ for one unit of each source (one kWh, one m³ or one litre)."""
    return {
        "electricity": f.electricity,
        "city_gas": f.city_gas,
        "lpg": f.lpg_kg_per_m3 * f.lpg_per_kg,  # m³ → kg, then kg → kg-CO₂
        "kerosene": f.kerosene,
        "gasoline": f.gasoline,
        "diesel": f.diesel,
        "water": f.water,
    }


def emissions(use: Use, f: Factors) -> dict[str, float]:
    """kg-CO₂ per year from each source: amount × factor."""
    amount = amounts(use)
    factor = kg_per_unit(f)
    return {source: amount[source] * factor[source] for source in SOURCES}


def total(kg_by_source: dict[str, float]) -> float:
    """The household's total kg-CO₂ per year: the sum of the sources."""
    return math.fsum(kg_by_source.values())


def per_person(total_kg: float, people: int) -> float:
    """kg-CO₂ per person per year."""
    return total_kg / people


def ratio(value: float, average: float) -> float | None:
    """How many times the average (1.0 = exactly average); None if the average is 0."""
    return value / average if average > 0 else None


def trees(kg: float, kg_per_tree: float) -> float:
    """How many cedar trees would take up this much CO₂ in one year."""
    return kg / kg_per_tree


def units_saved(action: Action, use: Use) -> dict[str, float]:
    """Amount saved per year (kWh, m³ or L) by one action, for each source it touches.

    * "fixed":  the published saving (e.g. 90 kWh for one LED bulb), but never
      more than the household actually uses;
    * "share":  a share of this household's own use (e.g. 10 % of its petrol);
    * "factor": nothing is used less (the factor changes instead), so 0.
    """
    amount = amounts(use)
    if action.scaling == "fixed":
        return {s: min(action.value, amount[s]) for s in action.saves}
    if action.scaling == "share":
        return {s: action.value * amount[s] for s in action.saves}
    return {s: 0.0 for s in action.saves}


def kg_saved(action: Action, use: Use, f: Factors) -> dict[str, float]:
    """kg-CO₂ saved per year by one action, for each source it touches."""
    factor = kg_per_unit(f)
    if action.scaling == "factor":
        # Same kWh, lower factor: saving = use × (old factor − new factor).
        amount = amounts(use)
        return {s: amount[s] * max(factor[s] - action.value, 0.0) for s in action.saves}
    saved = units_saved(action, use)
    return {s: saved[s] * factor[s] for s in action.saves}


def remaining(kg_by_source: dict[str, float], savings: list[dict[str, float]]) -> dict[str, float]:
    """kg-CO₂ left per source after the chosen actions (never below zero)."""
    return {
        s: max(kg - math.fsum(saving.get(s, 0.0) for saving in savings), 0.0)
        for s, kg in kg_by_source.items()
    }


def to_offset(remaining_kg: float, share: float) -> float:
    """kg-CO₂ to offset: the chosen share (0–1) of what is left after the actions.

    An offset may cover all of the remainder or only a part of it.
    """
    return remaining_kg * share


def tonnes_to_buy(kg: float, sale_unit: float) -> float:
    """Tonnes of credits to buy to cover ``kg`` of CO₂ (1 t = 1,000 kg).

    A seller who sells in whole units (``sale_unit`` = 1: whole tonnes) sells no
    part of one, so the tonnes are rounded UP to the next whole unit: 2.03 t
    is bought as 3 t. With ``sale_unit`` 0, any amount can be bought.
    """
    tonnes = kg / 1000
    if sale_unit <= 0:
        return tonnes
    # A hair of rounding error (2.0000000001) must not cost one more unit.
    return math.ceil(round(tonnes / sale_unit, 9)) * sale_unit


def offset_cost(kg: float, yen_per_tonne: float) -> float:
    """Yen to offset ``kg`` of CO₂ with credits priced per tonne (1 t = 1,000 kg)."""
    return kg / 1000 * yen_per_tonne


def total_range(use: Use, options: dict[str, list[float]]) -> tuple[float, float]:
    """Lowest and highest total when each source may use any of several factors.

    ``options`` gives, per source, the kg-CO₂ per unit of each defensible factor
    (for example the current and the older official factor for petrol).
    """
    amount = amounts(use)
    low = math.fsum(amount[s] * min(options[s]) for s in SOURCES)
    high = math.fsum(amount[s] * max(options[s]) for s in SOURCES)
    return low, high
