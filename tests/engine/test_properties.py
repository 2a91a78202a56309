"""Properties that hold for every household (hypothesis)."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import estimate_from_raw, web

QUANTITIES = {
    "electricity_kwh": 5000,
    "city_gas_m3": 1000,
    "lpg_m3": 300,
    "kerosene_l": 1000,
    "gasoline_l": 1000,
    "diesel_l": 1000,
    "water_m3": 200,
}
amount = st.floats(min_value=0, max_value=150, allow_nan=False, allow_infinity=False)
households = st.fixed_dictionaries(
    {key: amount.map(lambda x: f"{x:.3f}") for key in QUANTITIES},
    optional={
        "household_size": st.integers(1, 20).map(str),
        "period": st.sampled_from(["month", "year"]),
        "electricity_supplier": st.sampled_from(
            ["national_average", "tepco_residual", "tepco_company", "zero_carbon"]
        ),
        "city_gas_supplier": st.sampled_from(["statutory", "tokyo_gas"]),
        "water_period": st.sampled_from(["month", "two_months", "year"]),
    },
)


def result(raw: dict[str, str]) -> dict[str, object]:
    outcome = estimate_from_raw(raw, "en")
    assert outcome["ok"] is True, outcome
    return outcome["result"]  # type: ignore[no-any-return]


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(households)
def test_total_is_the_sum_of_the_parts(raw: dict[str, str]) -> None:
    """The total equals the sum of the per-source kg, and the chart shares add up to 1."""
    r = result(raw)
    parts = r["by_source_kg_per_year"]
    assert isinstance(parts, dict)
    assert math.isclose(
        r["total_kg_per_year"], math.fsum(parts.values()), rel_tol=1e-12, abs_tol=1e-9
    )
    shares = [s["share"] for s in r["sources"]]  # type: ignore[attr-defined]
    if r["total_kg_per_year"]:
        assert math.isclose(math.fsum(shares), 1.0, rel_tol=1e-9)


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(households, st.sampled_from(sorted(QUANTITIES)), st.floats(0.01, 50))
def test_total_rises_with_every_quantity(raw: dict[str, str], key: str, extra: float) -> None:
    """Using more of anything never lowers the total (and raises it unless its factor is 0)."""
    before = result(raw)["total_kg_per_year"]
    more = dict(raw, **{key: f"{float(raw[key]) + extra:.3f}"})
    after = result(more)["total_kg_per_year"]
    assert isinstance(before, float) and isinstance(after, float)
    if key == "electricity_kwh" and raw.get("electricity_supplier") == "zero_carbon":
        assert after == before
    else:
        assert after > before


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(households)
def test_nothing_is_negative_and_the_range_brackets_the_total(raw: dict[str, str]) -> None:
    """Every kg and yen is ≥ 0, remaining ≤ total, and low ≤ total ≤ high."""
    r = result(raw)
    total = r["total_kg_per_year"]
    assert isinstance(total, float) and total >= 0
    assert all(v >= 0 for v in r["by_source_kg_per_year"].values())  # type: ignore[attr-defined]
    for a in r["actions"]:  # type: ignore[attr-defined]
        assert a["kg_per_year"] > 0  # an action that saves nothing is not offered
        assert a["yen_per_year"] is None or a["yen_per_year"] >= 0
    assert 0 <= r["offset"]["remaining_kg_per_year"] <= total + 1e-9  # type: ignore[index]
    u = r["uncertainty"]
    assert u["low_kg_per_year"] - 1e-9 <= total <= u["high_kg_per_year"] + 1e-9  # type: ignore[index]


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(
    households,
    st.lists(
        st.sampled_from(
            ["led_bulb", "eco_drive", "zero_carbon_menu", "bath_back_to_back", "cooling_28c"]
        ),
        unique=True,
    ),
)
def test_chosen_actions_never_leave_less_than_zero(raw: dict[str, str], chosen: list[str]) -> None:
    """Remaining CO₂ after actions is total − savings, floored at zero per source."""
    r = result(dict(raw, actions=",".join(chosen)))
    saved = sum(a["kg_per_year"] for a in r["actions"] if a["chosen"])  # type: ignore[attr-defined]
    remaining = r["offset"]["remaining_kg_per_year"]  # type: ignore[index]
    assert remaining >= max(r["total_kg_per_year"] - saved, 0.0) - 1e-6  # type: ignore[operator]


field_keys = st.sampled_from(
    [
        *QUANTITIES,
        "household_size",
        "period",
        "electricity_yen",
        "electricity_supplier",
        "electricity_factor",
        "city_gas_supplier",
        "water_period",
        "actions",
        "unknown",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(field_keys, st.text()), st.sampled_from(["ja", "en", "fr", ""]))
def test_every_string_input_gives_a_result_or_field_errors(raw: dict[str, str], lang: str) -> None:
    """Any strings in any fields: ok with a result, or field errors naming known fields."""
    outcome = estimate_from_raw(raw, lang)
    if outcome["ok"]:
        assert outcome["result"]["total_kg_per_year"] >= 0
    else:
        assert outcome["errors"]
        for e in outcome["errors"]:
            assert e["field"] in raw and e["message"]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(field_keys, json_values), st.sampled_from(["ja", "en"]))
def test_web_run_never_raises_on_any_json(raw: dict[str, object], lang: str) -> None:
    """The browser entry point returns JSON with ok true/false for any JSON value, never raises."""
    out = json.loads(web.run(json.dumps(raw), lang))
    assert out["ok"] in (True, False)
    if not out["ok"]:
        assert all(e["field"] in raw for e in out["errors"])


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(households)
def test_actions_fit_what_the_household_uses(raw: dict[str, str]) -> None:
    """No car action without car fuel, no bath for one person, and the average covers what was entered."""
    r = result(raw)
    ids = {a["id"] for a in r["actions"]}  # type: ignore[attr-defined]
    use = r["use_per_year"]
    assert isinstance(use, dict)
    if use["gasoline_l"] == 0 and use["diesel_l"] == 0:
        assert "eco_drive" not in ids
        assert "car_fuel" not in r["average"]["included_parts"]  # type: ignore[index]
    if raw.get("household_size") == "1":
        assert "bath_back_to_back" not in ids
    avg = r["average"]
    assert isinstance(avg, dict)
    assert avg["kg_per_year"] == math.fsum(p["kg_per_year"] for p in avg["parts"] if p["included"])


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(households, st.integers(0, 100))
def test_offset_is_the_share_of_the_remainder(raw: dict[str, str], percent: int) -> None:
    """Offsetting p % of what is left: p % of the remaining kg, and costs scale with it."""
    off = result(dict(raw, offset_share=str(percent)))["offset"]
    assert isinstance(off, dict)
    assert math.isclose(
        off["offset_kg_per_year"],
        off["remaining_kg_per_year"] * percent / 100,
        rel_tol=1e-12,
        abs_tol=1e-9,
    )
    for c in off["cost_ranges"]:
        # Whole tonnes (the towns' sale_unit): the next whole tonne above the offset.
        assert c["tonnes_low"] == math.ceil(round(off["offset_kg_per_year"] / 1000, 9))
        assert math.isclose(
            c["yen_low"],
            c["tonnes_low"] * c["price_low"],
            rel_tol=1e-12,
            abs_tol=1e-9,
        )
