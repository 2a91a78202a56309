"""The arithmetic module on its own: the formulas a pupil can check by hand."""

from __future__ import annotations

import pytest

from calculators import _model as M

F = M.Factors(
    electricity=0.423,
    city_gas=2.05,
    lpg_per_kg=2.99,
    lpg_kg_per_m3=1.992,
    kerosene=2.50,
    gasoline=2.29,
    diesel=2.62,
    water=0.239,
)


def test_per_year_multiplies_by_bills_in_a_year() -> None:
    """A monthly bill × 12, a two-month water bill × 6, a yearly amount × 1."""
    assert M.per_year(10, "month") == 120
    assert M.per_year(10, "two_months") == 60
    assert M.per_year(10, "year") == 10


def test_lpg_is_converted_from_m3_to_kg_first() -> None:
    """1 m³ of LPG = 1.992 kg × 2.99 kg-CO₂/kg ≈ 5.956 kg-CO₂."""
    kg = M.emissions(M.Use(lpg_m3=1), F)
    assert kg["lpg"] == pytest.approx(5.95608)


def test_emissions_is_amount_times_factor_for_every_source() -> None:
    """Each source is its amount × its factor; the total is their sum."""
    use = M.Use(1, 1, 1, 1, 1, 1, 1)
    kg = M.emissions(use, F)
    assert kg == pytest.approx(
        {
            "electricity": 0.423,
            "city_gas": 2.05,
            "lpg": 5.95608,
            "kerosene": 2.5,
            "gasoline": 2.29,
            "diesel": 2.62,
            "water": 0.239,
        }
    )
    assert M.total(kg) == pytest.approx(16.07808)


def test_kwh_from_yen_divides_by_the_unit_price() -> None:
    """¥9,300 at ¥31/kWh is 300 kWh."""
    assert M.kwh_from_yen(9300, 31) == 300


def test_action_scalings() -> None:
    """fixed: capped by use; share: a share of use; factor: use × factor difference."""
    use = M.Use(electricity_kwh=50, gasoline_l=200)
    fixed = M.Action("led", ("electricity",), "fixed", 90)
    share = M.Action("eco", ("gasoline",), "share", 0.1)
    switch = M.Action("zero", ("electricity",), "factor", 0.0)
    assert M.units_saved(fixed, use) == {"electricity": 50}
    assert M.kg_saved(share, use, F) == pytest.approx({"gasoline": 20 * 2.29})
    assert M.kg_saved(switch, use, F) == pytest.approx({"electricity": 50 * 0.423})
    assert M.units_saved(switch, use) == {"electricity": 0.0}


def test_remaining_never_goes_below_zero() -> None:
    """Overlapping savings cannot remove more than a source emits."""
    left = M.remaining(
        {"electricity": 100.0, "water": 5.0}, [{"electricity": 80.0}, {"electricity": 50.0}]
    )
    assert left == {"electricity": 0.0, "water": 5.0}


def test_ratio_trees_and_offset_cost() -> None:
    """ratio = value/average; trees = kg/8.8; cost = tonnes × price."""
    assert M.ratio(50, 100) == 0.5
    assert M.ratio(1, 0) is None
    assert M.trees(88, 8.8) == pytest.approx(10)
    assert M.offset_cost(2500, 1500) == 3750
