"""The engine on the real data: expected values are derived from calculators/data/*.toml.

These tests follow a yearly update by themselves (a new electricity factor
changes the expected value and the result alike), while the hand-worked goldens
in test_golden.py stay pinned to tests/engine/fixture-data/. A failure here
names the figure id, so whoever edited the data knows which entry to look at.
"""

from __future__ import annotations

from typing import Any

import pytest

from calculators import estimate_from_raw, form_definition, load_figures
from calculators._fields import CITY_GAS_SUPPLIER_FIGURES, ELECTRICITY_SUPPLIER_FIGURES

pytestmark = pytest.mark.live_data


def value(fid: str) -> float:
    return load_figures()[fid].value


def result(raw: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    outcome = estimate_from_raw(raw, lang)
    assert outcome["ok"] is True, outcome
    return outcome["result"]  # type: ignore[no-any-return]


def test_the_live_data_is_read_not_the_test_copy() -> None:
    """This module reads calculators/data/ (the conftest leaves $CALCULATORS_DATA_DIR unset)."""
    factors = {f["id"]: f["value"] for f in result({"electricity_kwh": "1"})["factors"]}
    assert factors["electricity.national_average"] == value("electricity.national_average")


@pytest.mark.parametrize(
    "supplier", [s for s, fid in ELECTRICITY_SUPPLIER_FIGURES.items() if fid is not None]
)
def test_each_electricity_plan_uses_its_factor_from_the_data(supplier: str) -> None:
    """300 kWh a month with plan X gives 3,600 kWh × the factor of X in factors.toml."""
    fid = ELECTRICITY_SUPPLIER_FIGURES[supplier]
    assert fid is not None
    r = result({"electricity_kwh": "300", "electricity_supplier": supplier})
    assert r["by_source_kg_per_year"]["electricity"] == pytest.approx(3600 * value(fid)), fid


@pytest.mark.parametrize("supplier", list(CITY_GAS_SUPPLIER_FIGURES))
def test_city_gas_uses_its_factor_from_the_data(supplier: str) -> None:
    """30 m³ a month of city gas gives 360 m³ × the supplier's factor."""
    fid = CITY_GAS_SUPPLIER_FIGURES[supplier]
    r = result({"city_gas_m3": "30", "city_gas_supplier": supplier})
    assert r["by_source_kg_per_year"]["city_gas"] == pytest.approx(360 * value(fid)), fid


def test_fuels_lpg_and_water_use_their_factors_from_the_data() -> None:
    """Yearly amounts × factors; LPG through the propane density; water in kg per m³."""
    r = result(
        {
            "period": "year",
            "lpg_m3": "100",
            "kerosene_l": "180",
            "gasoline_l": "300",
            "diesel_l": "50",
            "water_m3": "200",
        }
    )
    kg = r["by_source_kg_per_year"]
    assert kg["lpg"] == pytest.approx(100 * value("lpg.propane_density") * value("lpg.per_kg"))
    assert kg["kerosene"] == pytest.approx(180 * value("fuel.kerosene"))
    assert kg["gasoline"] == pytest.approx(300 * value("fuel.gasoline"))
    assert kg["diesel"] == pytest.approx(50 * value("fuel.diesel"))
    assert kg["water"] == pytest.approx(200 * value("water.tokyo"))


def test_an_unknown_plan_spans_every_grid_factor_in_the_data() -> None:
    """Plan unknown: the range runs from the lowest to the highest of the national average,
    the substitute value and TEPCO's two factors, whichever of them is lower this year."""
    grid = [
        value(f"electricity.{k}")
        for k in ("national_average", "substitute", "tepco_residual", "tepco_company")
    ]
    u = result({"electricity_kwh": "100", "period": "year"})["uncertainty"]
    assert u["low_kg_per_year"] == pytest.approx(100 * min(grid))
    assert u["high_kg_per_year"] == pytest.approx(100 * max(grid))


def test_a_bill_in_yen_uses_the_unit_price_in_the_data() -> None:
    """A yearly bill of 100 × the unit price is 100 kWh, flagged as an estimate."""
    price = value("price.electricity")
    r = result({"electricity_yen": str(100 * price), "period": "year"})
    assert r["use_per_year"]["electricity_kwh"] == pytest.approx(100)
    assert r["estimated"] == ["electricity_yen"]
    assert any(f"{price:g} yen per kWh" in note for note in r["notes"])


def test_trees_divide_by_the_cedar_figure_in_the_data() -> None:
    """The number of cedars is the total over the yearly uptake of one tree."""
    r = result({"electricity_kwh": "250"})
    assert r["trees"]["count"] == pytest.approx(
        r["total_kg_per_year"] / value("trees.sugi_per_tree")
    )


@pytest.mark.parametrize(("lang", "before"), [("ja", "例："), ("en", "e.g. ")])
def test_the_factor_example_is_the_current_national_average(lang: str, before: str) -> None:
    """The custom-factor field's example (its placeholder, marked as an example) is this
    year's national average from the data file."""
    example = f"{value('electricity.national_average'):g}"
    fields = {f["key"]: f for g in form_definition(lang)["groups"] for f in g["fields"]}
    assert fields["electricity_factor"]["placeholder"] == f"{before}{example}"
