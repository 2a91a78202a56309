"""The result's shape and meaning: keys the site relies on, averages, actions, offset, form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from calculators import _model, action_ids, estimate_from_raw, form_definition, web

RAW = {"household_size": "2", "electricity_kwh": "250", "city_gas_m3": "20", "gasoline_l": "20"}


def result(raw: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    outcome = estimate_from_raw(raw, lang)
    assert outcome["ok"] is True, outcome
    return outcome["result"]  # type: ignore[no-any-return]


def test_result_has_every_key_the_site_uses_and_is_json() -> None:
    """RESULT carries the agreed keys and survives a JSON round trip unchanged."""
    r = result(RAW)
    for key in (
        "total_kg_per_year",
        "per_person_kg_per_year",
        "by_source_kg_per_year",
        "sources",
        "estimated",
        "average",
        "trees",
        "actions",
        "offset",
        "uncertainty",
        "factors",
        "notes",
    ):
        assert key in r
    assert json.loads(json.dumps(r)) == r
    assert {"id", "label", "description", "kg_per_year", "comparable_kg_per_year", "ratio"} <= set(
        r["average"]
    )
    assert {"count", "kg_per_tree_per_year", "source"} <= set(r["trees"])
    assert {"publisher", "document", "year", "url"} <= set(r["trees"]["source"])
    assert {"remaining_kg_per_year", "remaining_tonnes", "cost_ranges", "ward"} <= set(r["offset"])


def test_sources_list_only_used_sources_in_bill_order() -> None:
    """The chart list has the used sources, in bill order, with labels in the language."""
    r = result(RAW, "en")
    assert [s["id"] for s in r["sources"]] == ["electricity", "city_gas", "gasoline"]
    assert [s["label"] for s in r["sources"]] == ["Electricity", "City gas", "Gasoline"]


def test_average_uses_household_size_and_leaves_water_out() -> None:
    """2 people: 2,720 kg home energy + 1,030 kg car fuel; water is excluded on both sides."""
    r = result(dict(RAW, water_m3="40"), "en")
    avg = r["average"]
    assert avg["kg_per_year"] == 3750.0
    assert avg["comparable_kg_per_year"] == pytest.approx(
        r["total_kg_per_year"] - r["by_source_kg_per_year"]["water"]
    )
    assert avg["excluded_sources"] == ["water"]
    assert [p["id"] for p in avg["parts"]] == ["home_energy", "car_fuel"]
    assert avg["parts"][0]["kg_per_year"] == 2720.0
    assert "2-person" in avg["description"]
    assert "FY2022" in avg["label"]


@pytest.mark.parametrize(
    ("size", "kg"), [("1", 1510.0), ("6", 5420.0), ("20", 5420.0), ("", 2590.0)]
)
def test_average_picks_the_row_for_the_size(size: str, kg: float) -> None:
    """Sizes 6–20 use the '6 or more' row; no size uses the all-household average."""
    r = result({"household_size": size, "electricity_kwh": "100"})
    assert r["average"]["parts"][0]["kg_per_year"] == kg


def test_per_person_and_gio_need_a_household_size() -> None:
    """Without a size there is no per-person figure and no per-person comparison."""
    r = result({"electricity_kwh": "100"})
    assert r["per_person_kg_per_year"] is None
    assert r["average_per_person"] is None
    assert result(RAW)["average_per_person"]["kg_per_year"] == 1766.0


def test_actions_are_ranked_by_kg_and_scale_with_use() -> None:
    """Actions come largest saving first; eco-driving is 10 % of this household's car fuel."""
    r = result(RAW, "en")
    kgs = [a["kg_per_year"] for a in r["actions"]]
    assert kgs == sorted(kgs, reverse=True)
    assert {a["id"] for a in r["actions"]} == set(action_ids())
    eco = next(a for a in r["actions"] if a["id"] == "eco_drive")
    assert eco["kg_per_year"] == pytest.approx(20 * 12 * 0.10 * 2.29)
    assert "10%" in eco["scaling"]
    assert eco["source"]["url"].startswith("http")


def test_fixed_saving_is_capped_by_what_the_household_uses() -> None:
    """A household using 5 kWh a year cannot save 90 kWh with an LED bulb."""
    r = result({"electricity_kwh": "5", "period": "year"})
    led = next(a for a in r["actions"] if a["id"] == "led_bulb")
    assert led["kg_per_year"] == pytest.approx(5 * 0.423)
    assert led["yen_per_year"] == pytest.approx(5 * 31)


def test_zero_carbon_plan_saves_money_but_no_co2_from_electricity_actions() -> None:
    """On a zero-carbon plan, electricity is 0 kg and LED saves yen but no CO₂."""
    r = result({"electricity_kwh": "300", "electricity_supplier": "zero_carbon"}, "en")
    assert r["total_kg_per_year"] == 0.0
    led = next(a for a in r["actions"] if a["id"] == "led_bulb")
    assert led["kg_per_year"] == 0.0
    assert led["yen_per_year"] == pytest.approx(90 * 31)
    assert any("zero-carbon" in n for n in r["notes"])


def test_offset_costs_use_the_market_reference_ranges() -> None:
    """Remaining tonnes × ¥1,500–6,600 (renewable/energy saving) and ¥4,650–14,600 (forest)."""
    r = result(RAW, "en")
    t = r["offset"]["remaining_tonnes"]
    costs = {c["id"]: c for c in r["offset"]["cost_ranges"]}
    ren = costs["jcredit_renewable_energy_saving"]
    assert (ren["price_low"], ren["price_high"]) == (1500.0, 6600.0)
    assert ren["yen_low"] == pytest.approx(t * 1500)
    forest = costs["jcredit_forest"]
    assert (forest["price_low"], forest["price_high"]) == (4650.0, 14600.0)
    assert forest["yen_high"] == pytest.approx(t * 14600)
    assert ren["years"] == "2023–2025"
    assert r["offset"]["ward"]["url"].startswith("https://www.city.adachi.tokyo.jp/")


def test_uncertainty_spans_supplier_and_legacy_factors() -> None:
    """Unknown plan: 0.416–0.452 kg/kWh; gasoline 2.29–2.32 kg/L (current vs legacy)."""
    r = result({"electricity_kwh": "100", "gasoline_l": "10", "period": "year"})
    u = r["uncertainty"]
    assert u["low_kg_per_year"] == pytest.approx(100 * 0.416 + 10 * 2.29)
    assert u["high_kg_per_year"] == pytest.approx(100 * 0.452 + 10 * 2.32)
    known = result(
        {"electricity_kwh": "100", "electricity_supplier": "tepco_company", "period": "year"}
    )["uncertainty"]
    assert known["low_kg_per_year"] == known["high_kg_per_year"] == pytest.approx(42.1)


def test_factors_list_names_each_factor_used_with_its_source() -> None:
    """The factors used are listed with value, unit, publisher, document, year and URL."""
    r = result(dict(RAW, city_gas_supplier="tokyo_gas"), "en")
    by_id = {f["id"]: f for f in r["factors"]}
    assert by_id["electricity.national_average"]["value"] == 0.423
    assert by_id["city_gas.tokyo_gas"]["value"] == 2.09
    assert "city_gas.statutory" not in by_id
    for f in r["factors"]:
        assert f["publisher"] and f["document"] and f["fiscal_year"] and f["url"]


def test_empty_form_gives_zero_not_an_error() -> None:
    """Nothing entered: a valid result of 0 kg with no sources."""
    r = result({})
    assert r["total_kg_per_year"] == 0.0
    assert r["sources"] == []
    assert r["trees"]["count"] == 0.0


def test_form_definition_lists_groups_in_bill_order_in_both_languages() -> None:
    """Groups household, electricity, gas, car, water; each field has the agreed keys."""
    for lang in ("ja", "en"):
        form = form_definition(lang)
        assert json.loads(json.dumps(form)) == form
        assert [g["id"] for g in form["groups"]] == [
            "household",
            "electricity",
            "gas",
            "car",
            "water",
        ]
        for group in form["groups"]:
            for field in group["fields"]:
                assert {
                    "key",
                    "type",
                    "label",
                    "unit",
                    "help",
                    "max",
                    "placeholder",
                    "options",
                    "default",
                    "inputmode",
                } <= set(field)
                assert field["type"] in {"number", "select", "radio"}
        assert [a["id"] for a in form["actions"]] == list(action_ids())
    ja = {f["key"]: f for g in form_definition("ja")["groups"] for f in g["fields"]}
    assert ja["water_period"]["default"] is None  # no radio checked: blank rule
    assert ja["water_m3"]["max"] == 400
    assert ja["electricity_kwh"]["max"] == 5000
    assert ja["electricity_kwh"]["unit"] == "kWh"
    assert ja["household_size"]["unit"] == "人"
    assert "検針票" in (ja["water_period"]["help"] or "")


def test_model_source_is_the_arithmetic_module() -> None:
    """model_source() shows the running arithmetic: the emissions formula is in it."""
    src = web.model_source()
    assert "def emissions(" in src and "amount[source] * factor[source]" in src
    assert src == Path(_model.__file__).read_text(encoding="utf-8")


def test_web_run_answers_json_for_bad_requests() -> None:
    """Non-object JSON or broken text gives ok=false with a message, in the language."""
    assert json.loads(web.run("[]", "en"))["errors"][0]["message"].startswith("The input")
    assert json.loads(web.run("{", "ja"))["ok"] is False
    ok = json.loads(web.run(json.dumps(RAW), "en"))
    # The browser's result is the API's plus the class code (calculators/_classcode.py).
    assert ok["ok"] is True and ok["result"].pop("class_code").startswith("C1-")
    assert ok["result"] == result(RAW, "en")


def test_form_definition_points_to_the_wards_own_offsetting() -> None:
    """The form definition carries the ward's link, in each language, the same URL as the result."""
    ja, en = form_definition("ja")["ward"], form_definition("en")["ward"]
    assert ja["url"] == en["url"] == web_result_ward_url()
    assert "足立区" in ja["label"] and "Adachi" in en["label"]


def web_result_ward_url() -> str:
    outcome = json.loads(web.run(json.dumps({"electricity_kwh": "100"}), "en"))
    url: str = outcome["result"]["offset"]["ward"]["url"]
    return url
