"""Apply the model (``_model``) to checked inputs, with the figures from the data files.

Numbers only: the result (``Estimate``) carries ids of figures, never labels;
``_api`` turns it into JSON with text in the reader's language.
"""

from __future__ import annotations

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
    "trees.sugi_per_tree",
    "price.electricity",
    "price.city_gas",
    "price.gasoline",
    "price.diesel",
    "credit.renewable_low",
    "credit.renewable_high",
    "credit.forest_low",
    "credit.forest_high",
)
# Unit prices used to turn saved kWh, m³ and litres into yen.
PRICE_FIGURES = {
    "electricity": "price.electricity",
    "city_gas": "price.city_gas",
    "gasoline": "price.gasoline",
    "diesel": "price.diesel",
}
# Credit types: (id, low price figure, high price figure).
CREDIT_TYPES = (
    ("jcredit_renewable_energy_saving", "credit.renewable_low", "credit.renewable_high"),
    ("jcredit_forest", "credit.forest_low", "credit.forest_high"),
)
HOME_ENERGY = ("electricity", "city_gas", "lpg", "kerosene")
CAR_FUEL = ("gasoline", "diesel")
CUSTOM_FACTOR_ID = "electricity.custom"


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
    """An average and the part of this household's CO₂ that covers the same things."""

    id: str
    figure_ids: tuple[str, ...]
    kg_per_year: float
    comparable_kg_per_year: float
    ratio: float | None


@dataclass(frozen=True, slots=True)
class CreditCost:
    """Cost of offsetting the remaining CO₂ with one credit type."""

    id: str
    price_low: float
    price_high: float
    yen_low: float
    yen_high: float
    figure_ids: tuple[str, str]


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
    credit_costs: tuple[CreditCost, ...]
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


def _averages(
    h: Household, kg: dict[str, float], total_kg: float, per_person_kg: float | None
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
    home_kg = sum(kg[s] for s in HOME_ENERGY)
    car_kg = sum(kg[s] for s in CAR_FUEL)
    parts = (
        Comparison("home_energy", (home_id,), home_avg, home_kg, M.ratio(home_kg, home_avg)),
        Comparison(
            "car_fuel", ("average.moe_car_fuel",), car_avg, car_kg, M.ratio(car_kg, car_avg)
        ),
    )
    # 家庭CO2統計 has no water, so water is left out of the household's side too.
    comparable = total_kg - kg["water"]
    main = Comparison(
        "moe_kateico2_fy2022",
        (home_id, "average.moe_car_fuel"),
        home_avg + car_avg,
        comparable,
        M.ratio(comparable, home_avg + car_avg),
    )
    gio = None
    if per_person_kg is not None:
        # GIO's per-person figure includes waste, which the calculator does not ask about.
        gio_avg = _value("average.gio_per_person") - _value("average.gio_waste_per_person")
        gio = Comparison(
            "gio_per_person_fy2022",
            ("average.gio_per_person", "average.gio_waste_per_person"),
            gio_avg,
            per_person_kg,
            M.ratio(per_person_kg, gio_avg),
        )
    return main, parts, gio


def _actions(
    h: Household, use: M.Use, f: M.Factors
) -> tuple[tuple[ActionEstimate, ...], list[dict[str, float]]]:
    results: list[ActionEstimate] = []
    chosen_savings: list[dict[str, float]] = []
    for aid in action_ids():
        fig = figures()[f"action.{aid}"]
        action = M.Action(aid, fig.saves, fig.scaling, fig.value)
        saved_kg = M.kg_saved(action, use, f)
        yen: float | None = None
        if action.scaling != "factor":
            units = M.units_saved(action, use)
            priced = [units[s] * _value(PRICE_FIGURES[s]) for s in units if s in PRICE_FIGURES]
            yen = sum(priced) if len(priced) == len(units) else None
        chosen = aid in h.actions
        if chosen:
            chosen_savings.append(saved_kg)
        results.append(ActionEstimate(aid, sum(saved_kg.values()), yen, chosen, fig.scaling))
    ranked = sorted(results, key=lambda a: (-a.kg_per_year, a.id))
    return tuple(ranked), chosen_savings


def estimate(h: Household) -> Estimate:
    """Compute every number of the result for one household."""
    check_figures(figures())
    use, estimated = _annual_use(h)
    f, factor_ids = _factors(h)
    kg = M.emissions(use, f)
    total_kg = M.total(kg)
    per_person_kg = None if h.household_size is None else M.per_person(total_kg, h.household_size)
    average, parts, gio = _averages(h, kg, total_kg, per_person_kg)
    actions, chosen_savings = _actions(h, use, f)
    remaining_kg = M.total(M.remaining(kg, chosen_savings))
    costs = tuple(
        CreditCost(
            cid,
            _value(low),
            _value(high),
            M.offset_cost(remaining_kg, _value(low)),
            M.offset_cost(remaining_kg, _value(high)),
            (low, high),
        )
        for cid, low, high in CREDIT_TYPES
    )
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
        credit_costs=costs,
        low_kg=low_kg,
        high_kg=high_kg,
    )
