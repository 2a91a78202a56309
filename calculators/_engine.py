"""Apply the model (``_model``) to checked inputs, with the figures from the data files.

Numbers only: the result (``Estimate``) carries ids of figures, never labels;
``_api`` turns it into JSON with text in the reader's language.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from calculators import _model as M
from calculators._data import DataError, Figure, figures
from calculators._fields import CITY_GAS_SUPPLIER_FIGURES, ELECTRICITY_SUPPLIER_FIGURES
from calculators._inputs import Household

# Figures the engine cannot work without (checked when the engine first runs).
REQUIRED_FIGURES = (
    "electricity.national_average",
    "electricity.substitute",
    "electricity.tepco_residual",
    "electricity.tepco_company",
    "electricity.zero_carbon",
    "city_gas.statutory",
    "city_gas.tokyo_gas",
    "lpg.per_kg",
    "lpg.propane_density",
    "lpg.per_m3_lpga",
    "fuel.kerosene",
    "fuel.gasoline",
    "fuel.diesel",
    "water.tokyo",
    "legacy.gasoline",
    "legacy.kerosene",
    "legacy.diesel",
    "legacy.lpg_per_kg",
    "legacy.city_gas",
    "legacy.water_generic",
    "average.moe_household_all",
    "average.moe_household_1",
    "average.moe_household_2",
    "average.moe_household_3",
    "average.moe_household_4",
    "average.moe_household_5",
    "average.moe_household_6_plus",
    "average.moe_car_fuel",
    "average.gio_per_person",
    "average.gio_waste_per_person",
    "average.gio_gasoline_per_person",
    "average.gio_diesel_per_person",
    "average.gio_water_per_person",
    "trees.sugi_per_tree",
    "price.electricity",
    "price.city_gas",
    "price.gasoline",
    "price.diesel",
    "credit.municipal_forest_murakami",
    "credit.municipal_forest_rikuzentakata",
    "credit.tse_renewable_power_low",
    "credit.tse_renewable_power_high",
    "credit.tse_energy_saving_low",
    "credit.tse_energy_saving_high",
    "credit.tse_forest_low",
    "credit.tse_forest_high",
    "credit.gx_ets_adjustment",
    "credit.gx_ets_upper",
)
# Unit prices used to turn saved kWh, m³ and litres into yen.
PRICE_FIGURES = {
    "electricity": "price.electricity",
    "city_gas": "price.city_gas",
    "gasoline": "price.gasoline",
    "diesel": "price.diesel",
}
# Prices a household can pay for an offset: (id, low price figure, high price figure).
CREDIT_TYPES = (
    (
        "municipal_forest",
        "credit.municipal_forest_murakami",
        "credit.municipal_forest_rikuzentakata",
    ),
)
# Market prices, shown only as context (households cannot trade there): no cost is computed.
MARKET_PRICES = (
    ("tse_renewable_power", "credit.tse_renewable_power_low", "credit.tse_renewable_power_high"),
    ("tse_energy_saving", "credit.tse_energy_saving_low", "credit.tse_energy_saving_high"),
    ("tse_forest", "credit.tse_forest_low", "credit.tse_forest_high"),
    ("gx_ets", "credit.gx_ets_adjustment", "credit.gx_ets_upper"),
)
HOME_ENERGY = ("electricity", "city_gas", "lpg", "kerosene")
CAR_FUEL = ("gasoline", "diesel")
CUSTOM_FACTOR_ID = "electricity.custom"
# Within ±10 % of the average counts as "about average" in the verdict (a design choice).
VERDICT_BAND = 0.10


def check_figures(figs: Mapping[str, Figure]) -> None:
    """Fail with a clear message when a figure the engine needs is missing or misshaped."""
    missing = [fid for fid in REQUIRED_FIGURES if fid not in figs]
    if missing:
        raise DataError(f"calculators/data/*.toml: missing figure(s) {', '.join(missing)}")
    for fid, fig in figs.items():
        if fid.startswith("action."):
            where = f"calculators/data/{fig.file}: [{fid}]"
            if not fig.saves or not fig.scaling:
                raise DataError(f"{where}: an action needs both saves and scaling")
            unknown = [s for s in fig.saves if s not in M.SOURCES]
            if unknown:
                raise DataError(
                    f"{where}: saves has unknown source(s) {', '.join(unknown)}; "
                    f"known: {', '.join(M.SOURCES)}"
                )


def action_ids() -> tuple[str, ...]:
    """Ids of the reduction actions (``action.<id>`` in ``actions.toml``), in file order."""
    return tuple(fid.removeprefix("action.") for fid in figures() if fid.startswith("action."))


@dataclass(frozen=True, slots=True)
class ActionEstimate:
    """One reduction action for this household (numbers only)."""

    id: str
    kg_per_year: float
    yen_per_year: float | None  # None when no price applies (e.g. a tariff switch)
    chosen: bool
    scaling: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """An average and the part of this household's CO₂ that covers the same things.

    For a headline comparison, ``included`` names the parts of the average that
    the household entered (only those are compared) and ``left_out`` the parts
    it did not enter; ``verdict`` is "below", "about", "above" or "none".
    """

    id: str
    figure_ids: tuple[str, ...]
    kg_per_year: float
    comparable_kg_per_year: float
    ratio: float | None
    included: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    verdict: str = "none"


@dataclass(frozen=True, slots=True)
class CreditCost:
    """A price range per tonne and, for prices a household can pay, the cost of the offset.

    ``tonnes_low``/``tonnes_high`` are the tonnes bought from the seller at each end
    of the range (rounded up to whole tonnes where that seller sells whole tonnes,
    the data's ``sale_unit``), and ``yen_low``/``yen_high`` their price. All four
    are None for market prices shown only as context.
    """

    id: str
    price_low: float
    price_high: float
    yen_low: float | None
    yen_high: float | None
    figure_ids: tuple[str, str]
    tonnes_low: float | None = None
    tonnes_high: float | None = None


@dataclass(frozen=True, slots=True)
class Estimate:
    """The whole result in numbers. kg are kg-CO₂ per year."""

    household: Household
    use: M.Use
    factor_ids: tuple[str, ...]  # figures used, in source order (custom: "electricity.custom")
    custom_electricity_factor: float | None
    kg_by_source: dict[str, float]
    total_kg: float
    per_person_kg: float | None
    estimated: tuple[str, ...]
    average: Comparison
    average_parts: tuple[Comparison, ...]
    average_per_person: Comparison | None
    trees: float
    actions: tuple[ActionEstimate, ...]
    remaining_kg: float
    offset_share: float  # 0–1, share of remaining_kg chosen to offset
    offset_kg: float
    credit_costs: tuple[CreditCost, ...]
    market_prices: tuple[CreditCost, ...]
    low_kg: float
    high_kg: float


def _value(fid: str) -> float:
    return figures()[fid].value


def _annual_use(h: Household) -> tuple[M.Use, tuple[str, ...]]:
    estimated: list[str] = []
    kwh = h.electricity_kwh
    if kwh is None and h.electricity_yen is not None:
        kwh = M.kwh_from_yen(h.electricity_yen, _value("price.electricity"))
        estimated.append("electricity_yen")

    def year(amount: float | None, period: str = h.period) -> float:
        return 0.0 if amount is None else M.per_year(amount, period)

    use = M.Use(
        electricity_kwh=year(kwh),
        city_gas_m3=year(h.city_gas_m3),
        lpg_m3=year(h.lpg_m3),
        kerosene_l=year(h.kerosene_l),
        gasoline_l=year(h.gasoline_l),
        diesel_l=year(h.diesel_l),
        water_m3=year(h.water_m3, h.water_period),
    )
    return use, tuple(estimated)


def default_factors() -> M.Factors:
    """The factors of a household that chose nothing: the national electricity average
    and the statutory city-gas factor (what ``calculators.learn.factors()`` starts from)."""
    return _factors(Household())[0]


def _factors(h: Household) -> tuple[M.Factors, tuple[str, ...]]:
    elec_id = ELECTRICITY_SUPPLIER_FIGURES[h.electricity_supplier]
    if elec_id is None:
        elec = h.electricity_factor if h.electricity_factor is not None else 0.0
        elec_id = CUSTOM_FACTOR_ID
    else:
        elec = _value(elec_id)
    gas_id = CITY_GAS_SUPPLIER_FIGURES[h.city_gas_supplier]
    ids = (
        elec_id,
        gas_id,
        "lpg.per_kg",
        "lpg.propane_density",
        "fuel.kerosene",
        "fuel.gasoline",
        "fuel.diesel",
        "water.tokyo",
    )
    f = M.Factors(
        electricity=elec,
        city_gas=_value(gas_id),
        lpg_per_kg=_value("lpg.per_kg"),
        lpg_kg_per_m3=_value("lpg.propane_density"),
        kerosene=_value("fuel.kerosene"),
        gasoline=_value("fuel.gasoline"),
        diesel=_value("fuel.diesel"),
        water=_value("water.tokyo"),
    )
    return f, ids


def _range_options(h: Household, f: M.Factors) -> dict[str, list[float]]:
    """Per source, the kg-CO₂ per unit of every defensible factor choice."""
    per_unit = M.kg_per_unit(f)
    elec = [per_unit["electricity"]]
    if h.electricity_supplier == "national_average":
        # Supplier unknown: any of the grid factors could apply.
        elec += [
            _value(fid)
            for fid in (
                "electricity.substitute",
                "electricity.tepco_residual",
                "electricity.tepco_company",
            )
        ]
    gas = [per_unit["city_gas"], _value("legacy.city_gas")]
    if h.city_gas_supplier == "statutory":
        gas.append(_value("city_gas.tokyo_gas"))
    density = _value("lpg.propane_density")
    return {
        "electricity": elec,
        "city_gas": gas,
        "lpg": [per_unit["lpg"], density * _value("legacy.lpg_per_kg"), _value("lpg.per_m3_lpga")],
        "kerosene": [per_unit["kerosene"], _value("legacy.kerosene")],
        "gasoline": [per_unit["gasoline"], _value("legacy.gasoline")],
        "diesel": [per_unit["diesel"], _value("legacy.diesel")],
        "water": [per_unit["water"], _value("legacy.water_generic")],
    }


def verdict(ratio: float | None) -> str:
    """The verdict: "below", "about" or "above" the average (±``VERDICT_BAND``), or "none"."""
    if ratio is None:
        return "none"
    if ratio < 1 - VERDICT_BAND:
        return "below"
    if ratio > 1 + VERDICT_BAND:
        return "above"
    return "about"


def _entered(amount: Mapping[str, float], sources: tuple[str, ...]) -> bool:
    """True when the household uses (entered more than 0 of) any of ``sources``."""
    return any(amount[s] > 0 for s in sources)


def _headline(
    cid: str,
    parts: tuple[Comparison, ...],
    entered: Mapping[str, bool],
    figure_ids: tuple[str, ...],
) -> Comparison:
    """Compare only the parts the household entered: their averages and their kg, summed."""
    included = tuple(p for p in parts if entered[p.id])
    avg = math.fsum(p.kg_per_year for p in included)
    comparable = math.fsum(p.comparable_kg_per_year for p in included)
    ratio = M.ratio(comparable, avg)
    return Comparison(
        cid,
        figure_ids,
        avg,
        comparable,
        ratio,
        included=tuple(p.id for p in included),
        left_out=tuple(p.id for p in parts if not entered[p.id]),
        verdict=verdict(ratio),
    )


def _averages(
    h: Household, use: M.Use, kg: dict[str, float], per_person_kg: float | None
) -> tuple[Comparison, tuple[Comparison, ...], Comparison | None]:
    size = h.household_size
    if size is None:
        home_id = "average.moe_household_all"
    elif size >= 6:
        home_id = "average.moe_household_6_plus"
    else:
        home_id = f"average.moe_household_{size}"
    home_avg = _value(home_id)
    car_avg = _value("average.moe_car_fuel")
    home_kg = math.fsum(kg[s] for s in HOME_ENERGY)
    car_kg = math.fsum(kg[s] for s in CAR_FUEL)
    parts = (
        Comparison("home_energy", (home_id,), home_avg, home_kg, M.ratio(home_kg, home_avg)),
        Comparison(
            "car_fuel", ("average.moe_car_fuel",), car_avg, car_kg, M.ratio(car_kg, car_avg)
        ),
    )
    amount = M.amounts(use)
    entered = {
        "home_energy": _entered(amount, HOME_ENERGY),
        "car_fuel": _entered(amount, CAR_FUEL),
        "water": _entered(amount, ("water",)),
    }
    # 家庭CO2統計 has no water, so water is left out of the household's side too
    # (the parts' kg never include it). A part the household did not enter is
    # left out of both sides: a household without a car is not compared with car fuel.
    used_ids = tuple(fid for p in parts if entered[p.id] for fid in p.figure_ids)
    main = _headline("moe_kateico2_fy2022", parts, entered, used_ids or (home_id,))
    gio = None
    if per_person_kg is not None and size is not None:
        # GIO's per-person figure includes waste, which the calculator does not ask
        # about, so waste is always taken out; car fuel and water are taken out
        # when the household did not enter them.
        gio_car = _value("average.gio_gasoline_per_person") + _value(
            "average.gio_diesel_per_person"
        )
        gio_water = _value("average.gio_water_per_person")
        gio_home = (
            _value("average.gio_per_person")
            - _value("average.gio_waste_per_person")
            - gio_car
            - gio_water
        )
        gio_parts = (
            Comparison("home_energy", (), gio_home, home_kg / size, None),
            Comparison("car_fuel", (), gio_car, car_kg / size, None),
            Comparison("water", (), gio_water, kg["water"] / size, None),
        )
        gio = _headline(
            "gio_per_person_fy2022",
            gio_parts,
            entered,
            (
                "average.gio_per_person",
                "average.gio_waste_per_person",
                "average.gio_gasoline_per_person",
                "average.gio_diesel_per_person",
                "average.gio_water_per_person",
            ),
        )
    return main, parts, gio


def compare_year(size: int | None, use: M.Use, kg: dict[str, float]) -> Comparison:
    """The headline comparison with the national average for a year's ``use`` and ``kg``
    (by source) of a household of ``size``: the diary's twelve months, compared as
    ``estimate`` compares one result."""
    per_person = None if size is None else M.per_person(M.total(kg), size)
    return _averages(Household(household_size=size), use, kg, per_person)[0]


def _offered(fig: Figure, h: Household, amount: Mapping[str, float]) -> bool:
    """An action fits the household: it uses what the action saves, and is large enough."""
    if not _entered(amount, fig.saves):
        return False
    size = h.household_size
    return not (fig.min_people and size is not None and size < fig.min_people)


def _actions(
    h: Household, use: M.Use, f: M.Factors
) -> tuple[tuple[ActionEstimate, ...], list[dict[str, float]]]:
    """The actions that fit this household and save CO₂, largest first; savings of the chosen."""
    results: list[ActionEstimate] = []
    chosen_savings: list[dict[str, float]] = []
    amount = M.amounts(use)
    for aid in action_ids():
        fig = figures()[f"action.{aid}"]
        if not _offered(fig, h, amount):
            continue
        action = M.Action(aid, fig.saves, fig.scaling, fig.value)
        saved_kg = M.kg_saved(action, use, f)
        kg_per_year = math.fsum(saved_kg.values())
        if kg_per_year <= 0:
            # e.g. saving electricity on a zero-carbon plan: no CO₂ to show.
            continue
        yen: float | None = None
        if action.scaling != "factor":
            units = M.units_saved(action, use)
            priced = [units[s] * _value(PRICE_FIGURES[s]) for s in units if s in PRICE_FIGURES]
            yen = math.fsum(priced) if len(priced) == len(units) else None
        chosen = aid in h.actions
        if chosen:
            chosen_savings.append(saved_kg)
        results.append(ActionEstimate(aid, kg_per_year, yen, chosen, fig.scaling))
    ranked = sorted(results, key=lambda a: (-a.kg_per_year, a.id))
    return tuple(ranked), chosen_savings


def _price_range(cid: str, low: str, high: str, kg: float | None) -> CreditCost:
    """Prices per tonne from two figures; with ``kg``, the tonnes to buy and their cost."""
    p_low, p_high = _value(low), _value(high)
    if kg is None:
        return CreditCost(cid, p_low, p_high, None, None, (low, high))
    t_low = M.tonnes_to_buy(kg, figures()[low].sale_unit)
    t_high = M.tonnes_to_buy(kg, figures()[high].sale_unit)
    return CreditCost(
        cid,
        p_low,
        p_high,
        M.offset_cost(t_low * 1000, p_low),
        M.offset_cost(t_high * 1000, p_high),
        (low, high),
        t_low,
        t_high,
    )


def estimate(h: Household) -> Estimate:
    """Compute every number of the result for one household."""
    check_figures(figures())
    use, estimated = _annual_use(h)
    f, factor_ids = _factors(h)
    kg = M.emissions(use, f)
    total_kg = M.total(kg)
    per_person_kg = None if h.household_size is None else M.per_person(total_kg, h.household_size)
    average, parts, gio = _averages(h, use, kg, per_person_kg)
    actions, chosen_savings = _actions(h, use, f)
    remaining_kg = M.total(M.remaining(kg, chosen_savings))
    offset_kg = M.to_offset(remaining_kg, h.offset_share)
    costs = tuple(_price_range(cid, low, high, offset_kg) for cid, low, high in CREDIT_TYPES)
    market = tuple(_price_range(cid, low, high, None) for cid, low, high in MARKET_PRICES)
    low_kg, high_kg = M.total_range(use, _range_options(h, f))
    return Estimate(
        household=h,
        use=use,
        factor_ids=factor_ids,
        custom_electricity_factor=h.electricity_factor
        if factor_ids[0] == CUSTOM_FACTOR_ID
        else None,
        kg_by_source=kg,
        total_kg=total_kg,
        per_person_kg=per_person_kg,
        estimated=estimated,
        average=average,
        average_parts=parts,
        average_per_person=gio,
        trees=M.trees(total_kg, _value("trees.sugi_per_tree")),
        actions=actions,
        remaining_kg=remaining_kg,
        offset_share=h.offset_share,
        offset_kg=offset_kg,
        credit_costs=costs,
        market_prices=market,
        low_kg=low_kg,
        high_kg=high_kg,
    )
