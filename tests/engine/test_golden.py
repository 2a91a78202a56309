"""Golden households worked by hand from a fixed copy of the factors (and run again in Pyodide).

Each case gives the raw form values and the totals a teacher gets with a
calculator and the factor table of ``tests/engine/fixture-data/`` (0.423 kg/kWh,
2.05 or 2.09 kg/m³ city gas, 2.99 kg/kg LPG × 1.992 kg/m³, 2.50 kerosene,
2.29 gasoline, 2.62 diesel, 0.239 water; 31 yen/kWh for a bill in yen). The
engine must agree to 0.1 %. These files are a frozen test copy (see
tests/engine/conftest.py): a yearly update of ``calculators/data/`` does not
change them, and test_live_data.py checks the real data instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calculators import estimate_from_raw, web

FIXTURE_DATA = Path(__file__).resolve().parent / "fixture-data"
ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
REL = 1e-3  # 0.1 %

GOLDEN: list[dict[str, Any]] = [
    {
        # A family of three in Adachi, monthly bills, water bill for two months.
        #   electricity 300 kWh × 12 = 3,600 kWh × 0.423 = 1,522.8 kg
        #   city gas     30 m³ × 12 =   360 m³ × 2.05  =   738.0 kg
        #   gasoline     30 L  × 12 =   360 L  × 2.29  =   824.4 kg
        #   water        40 m³ ×  6 =   240 m³ × 0.239 =    57.36 kg
        #   total = 3,142.56 kg; per person 3,142.56 / 3 = 1,047.52 kg
        #   average (環境省, 3 people) 3,440 + car 1,030 = 4,470 kg;
        #   comparable (without water) 3,142.56 − 57.36 = 3,085.2; ratio 0.6902
        #   trees 3,142.56 / 8.8 = 357.11
        #   range: electricity 3,600 × 0.416…0.452, gas 360 × 2.05…2.23,
        #   gasoline 360 × 2.29…2.32, water 240 × 0.239…0.36
        #   low 1,497.6 + 738 + 824.4 + 57.36 = 3,117.36
        #   high 1,627.2 + 802.8 + 835.2 + 86.4 = 3,351.6
        "id": "family_of_three_monthly",
        "raw": {
            "household_size": "3",
            "period": "month",
            "electricity_kwh": "300",
            "city_gas_m3": "30",
            "gasoline_l": "30",
            "water_m3": "40",
            "water_period": "two_months",
        },
        "expect": {
            "total_kg_per_year": 3142.56,
            "per_person_kg_per_year": 1047.52,
            "by_source": {
                "electricity": 1522.8,
                "city_gas": 738.0,
                "gasoline": 824.4,
                "water": 57.36,
            },
            "average_kg": 4470.0,
            "comparable_kg": 3085.2,
            "trees": 357.1091,
            "low": 3117.36,
            "high": 3351.6,
            "remaining": 3142.56,
        },
    },
    {
        # One person, yearly amounts, TEPCO residual menu, LPG and kerosene.
        #   electricity 2,000 kWh × 0.452 = 904.0 kg
        #   LPG 100 m³ × 1.992 kg/m³ = 199.2 kg × 2.99 = 595.608 kg
        #   kerosene 180 L × 2.50 = 450.0 kg
        #   total = 1,949.608 kg
        #   no car fuel entered, so the average is home energy only (issue 10):
        #   average (1 person) 1,510; ratio 1,949.608 / 1,510 = 1.29113
        #   GIO per person 1,838 − waste 72 − car 442 − 25 − water 34 = 1,265; ratio 1.54119
        #   range: electricity fixed (plan known); LPG 100 × 5.95608…6.0 (5.976 legacy);
        #   kerosene 180 × 2.49…2.50
        #   low 904 + 595.608 + 448.2 = 1,947.808; high 904 + 600 + 450 = 1,954.0
        "id": "single_person_yearly_lpg",
        "raw": {
            "household_size": "1",
            "period": "year",
            "electricity_kwh": "2000",
            "electricity_supplier": "tepco_residual",
            "lpg_m3": "100",
            "kerosene_l": "180",
        },
        "expect": {
            "total_kg_per_year": 1949.608,
            "per_person_kg_per_year": 1949.608,
            "by_source": {"electricity": 904.0, "lpg": 595.608, "kerosene": 450.0},
            "average_kg": 1510.0,
            "comparable_kg": 1949.608,
            "gio_ratio": 1949.608 / 1265,
            "trees": 221.5464,
            "low": 1947.808,
            "high": 1954.0,
            "remaining": 1949.608,
        },
    },
    {
        # Five people, monthly, electricity known only in yen, Tokyo Gas, diesel car,
        # with three actions chosen.
        #   electricity ¥12,400 / 31 = 400 kWh × 12 = 4,800 kWh × 0.423 = 2,030.4 kg (estimate)
        #   city gas 40 m³ × 12 = 480 m³ × 2.09 = 1,003.2 kg
        #   diesel 20 L × 12 = 240 L × 2.62 = 628.8 kg
        #   water 50 m³ (two months) × 6 = 300 m³ × 0.239 = 71.7 kg
        #   total = 3,734.1 kg
        #   actions: LED 90 kWh × 0.423 = 38.07 kg (¥2,790);
        #            eco-driving 10 % × 240 L = 24 L × 2.62 = 62.88 kg (24 × ¥149.2 = ¥3,580.8);
        #            shower 12.78 m³ × 2.09 = 26.7102 kg (12.78 × ¥146.28 = ¥1,869.46)
        #   remaining 3,734.1 − 38.07 − 62.88 − 26.7102 = 3,606.4398 kg = 3.6064 t
        #   offset all of it (share 100 %): forest credits sold by towns in whole
        #            tonnes (sale_unit 1), so 3.6064398 t is bought as 4 t:
        #            4 t × ¥11,000 = ¥44,000 … × ¥15,000 = ¥60,000
        "id": "five_people_bill_in_yen_with_actions",
        "raw": {
            "household_size": "５",
            "electricity_yen": "１２，４００円",
            "city_gas_m3": "40",
            "city_gas_supplier": "tokyo_gas",
            "diesel_l": "20",
            "water_m3": "50",
            "water_period": "two_months",
            "actions": "led_bulb, eco_drive, shower_one_minute",
        },
        "expect": {
            "total_kg_per_year": 3734.1,
            "per_person_kg_per_year": 746.82,
            "by_source": {
                "electricity": 2030.4,
                "city_gas": 1003.2,
                "diesel": 628.8,
                "water": 71.7,
            },
            "average_kg": 4260.0 + 1030.0,
            "comparable_kg": 3662.4,
            "trees": 424.3295,
            "remaining": 3606.4398,
            "actions": {
                "led_bulb": (38.07, 2790.0),
                "eco_drive": (62.88, 3580.8),
                "shower_one_minute": (26.7102, 1869.4584),
            },
            "credits": {"municipal_forest": (44000.0, 60000.0)},
        },
    },
    {
        # Own factor from the supplier, then switching to a zero-carbon menu.
        #   electricity 250 kWh × 12 = 3,000 kWh × 0.300 = 900.0 kg
        #   zero-carbon menu saves 3,000 × (0.300 − 0) = 900 kg; LED 90 × 0.3 = 27 kg;
        #   together they cannot save more than the 900 kg there is → remaining 0
        #   no car fuel entered: average is the 2-person home energy only, 2,720 kg
        "id": "custom_factor_then_zero_carbon",
        "raw": {
            "household_size": "2",
            "electricity_kwh": "250",
            "electricity_supplier": "custom",
            "electricity_factor": "0.300",
            "actions": "zero_carbon_menu,led_bulb",
        },
        "expect": {
            "total_kg_per_year": 900.0,
            "per_person_kg_per_year": 450.0,
            "by_source": {"electricity": 900.0},
            "average_kg": 2720.0,
            "comparable_kg": 900.0,
            "trees": 102.2727,
            "low": 900.0,
            "high": 900.0,
            "remaining": 0.0,
            "actions": {"zero_carbon_menu": (900.0, None), "led_bulb": (27.0, 2790.0)},
        },
    },
]


def check_golden(case: dict[str, Any], result: dict[str, Any]) -> None:
    """Assert a result against a golden case (0.1 % on every number)."""
    exp = case["expect"]
    assert result["total_kg_per_year"] == pytest.approx(exp["total_kg_per_year"], rel=REL)
    assert result["per_person_kg_per_year"] == pytest.approx(exp["per_person_kg_per_year"], rel=REL)
    for source, kg in result["by_source_kg_per_year"].items():
        assert kg == pytest.approx(exp["by_source"].get(source, 0.0), rel=REL, abs=1e-9), source
    assert result["average"]["kg_per_year"] == pytest.approx(exp["average_kg"], rel=REL)
    assert result["average"]["comparable_kg_per_year"] == pytest.approx(
        exp["comparable_kg"], rel=REL
    )
    assert result["trees"]["count"] == pytest.approx(exp["trees"], rel=REL)
    assert result["offset"]["remaining_kg_per_year"] == pytest.approx(
        exp["remaining"], rel=REL, abs=1e-9
    )
    if "low" in exp:
        assert result["uncertainty"]["low_kg_per_year"] == pytest.approx(exp["low"], rel=REL)
        assert result["uncertainty"]["high_kg_per_year"] == pytest.approx(exp["high"], rel=REL)
    if "gio_ratio" in exp:
        assert result["average_per_person"]["ratio"] == pytest.approx(exp["gio_ratio"], rel=REL)
    actions = {a["id"]: a for a in result["actions"]}
    for aid, (kg, yen) in exp.get("actions", {}).items():
        assert actions[aid]["chosen"] is True
        assert actions[aid]["kg_per_year"] == pytest.approx(kg, rel=REL)
        if yen is None:
            assert actions[aid]["yen_per_year"] is None
        else:
            assert actions[aid]["yen_per_year"] == pytest.approx(yen, rel=REL)
    costs = {c["id"]: c for c in result["offset"]["cost_ranges"]}
    for cid, (low, high) in exp.get("credits", {}).items():
        assert costs[cid]["yen_low"] == pytest.approx(low, rel=REL)
        assert costs[cid]["yen_high"] == pytest.approx(high, rel=REL)


@pytest.mark.parametrize("case", GOLDEN, ids=[c["id"] for c in GOLDEN])
def test_golden_household_matches_hand_calculation(case: dict[str, Any]) -> None:
    """The engine's numbers equal the hand calculation from the official factors (0.1 %)."""
    outcome = estimate_from_raw(case["raw"], "ja")
    assert outcome["ok"] is True, outcome
    check_golden(case, outcome["result"])


@pytest.mark.parametrize("case", GOLDEN, ids=[c["id"] for c in GOLDEN])
def test_golden_numbers_are_identical_in_both_languages(case: dict[str, Any]) -> None:
    """Japanese and English results differ only in text: every number is the same."""

    def numbers(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: numbers(v) for k, v in value.items() if not isinstance(v, str)}
        if isinstance(value, list):
            return [numbers(v) for v in value if not isinstance(v, str)]
        return value

    ja = estimate_from_raw(case["raw"], "ja")["result"]
    en = estimate_from_raw(case["raw"], "en")["result"]
    assert numbers(ja) == numbers(en)
    assert ja["sources"][0]["label"] != en["sources"][0]["label"]


def test_yen_bill_is_flagged_as_estimate() -> None:
    """Electricity given only in yen is converted with 31 yen/kWh and listed in `estimated`."""
    result = estimate_from_raw(GOLDEN[2]["raw"], "en")["result"]
    assert result["estimated"] == ["electricity_yen"]
    assert any("31 yen per kWh" in note for note in result["notes"])


def _build_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return next(out.glob("calculators-*.whl"))


@pytest.mark.pyodide
def test_golden_households_agree_in_pyodide(tmp_path: Path) -> None:
    """The built wheel, run in the real pinned Pyodide under Node on the same fixed data, gives CPython's exact JSON."""
    node = shutil.which("node")
    if node is None or not (PYODIDE_DIR / "pyodide.mjs").exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("node or node_modules/pyodide is missing (run tools/dev)")
        pytest.skip("node or node_modules/pyodide is missing")
    wheel = _build_wheel(tmp_path / "dist")
    cases = tmp_path / "cases.json"
    raws = [c["raw"] for c in GOLDEN] + [{"electricity_kwh": "abc", "household_size": "0"}]
    cases.write_text(json.dumps(raws, ensure_ascii=False), encoding="utf-8")
    script = Path(__file__).with_name("pyodide_run.mjs")
    done = subprocess.run(
        [node, str(script), str(PYODIDE_DIR), str(wheel), str(cases), str(FIXTURE_DATA)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert report["python"].startswith("3.14")
    assert report["model_source"] == web.model_source()
    for raw, got in zip(raws, report["results"], strict=True):
        for lang in ("ja", "en"):
            assert json.loads(got[lang]) == json.loads(web.run(json.dumps(raw), lang))
    for case, got in zip(GOLDEN, report["results"], strict=False):
        check_golden(case, json.loads(got["ja"])["result"])
    assert json.loads(report["results"][-1]["en"])["ok"] is False


def test_goldens_read_the_fixed_test_copy_of_the_data() -> None:
    """The goldens' factors come from tests/engine/fixture-data/, whatever calculators/data/ says this year."""
    import tomllib

    from calculators._data import figures

    fixed = tomllib.loads((FIXTURE_DATA / "factors.toml").read_text(encoding="utf-8"))
    assert (
        figures()["electricity.national_average"].value
        == fixed["electricity"]["national_average"]["value"]
        == 0.423
    )
    result = estimate_from_raw({"electricity_kwh": "100", "period": "year"}, "en")["result"]
    assert result["by_source_kg_per_year"]["electricity"] == pytest.approx(42.3)
