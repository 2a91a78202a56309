"""The command line ``python -m calculators estimate`` prints the same result as the API."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from calculators import estimate_from_raw
from calculators._data import figures


def cli(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calculators", "estimate", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


RAW: dict[str, Any] = {
    "household_size": "２",
    "electricity_kwh": "２６０ｋＷｈ",
    "city_gas_m3": "22",
    "water_m3": "38",
    "water_period": "two_months",
    "gasoline_l": 25,
    "actions": "led_bulb,eco_drive",
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cli_result_equals_the_api(lang: str) -> None:
    """stdout is exactly the API's result, in the chosen language, with exit status 0."""
    done = cli(json.dumps(RAW, ensure_ascii=False), "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == estimate_from_raw(RAW, lang)["result"]


def test_cli_default_language_is_japanese() -> None:
    """Without --lang, labels are Japanese."""
    done = cli(json.dumps(RAW))
    assert json.loads(done.stdout)["sources"][0]["label"] == "電気"


def test_cli_invalid_input_exits_2_with_field_errors() -> None:
    """Invalid values: exit status 2 and {"errors": [...]} in the chosen language."""
    done = cli(json.dumps({"electricity_kwh": "-3", "household_size": "0"}), "--lang", "en")
    assert done.returncode == 2
    assert json.loads(done.stdout) == {
        "errors": [
            {"field": "household_size", "message": "Enter a whole number from 1 to 20."},
            {"field": "electricity_kwh", "message": "Enter a number of 0 or more."},
        ]
    }


@pytest.mark.parametrize("stdin", ["{not json", "", "[1, 2]", "42"])
def test_cli_bad_json_exits_2_with_a_clear_message(stdin: str) -> None:
    """Input that is not a JSON object: exit status 2 and a message saying so."""
    done = cli(stdin, "--lang", "en")
    assert done.returncode == 2
    errors = json.loads(done.stdout)["errors"]
    assert errors[0]["message"].startswith("The input could not be read. Send a JSON object")


def test_cli_average_leaves_out_car_fuel_when_none_was_entered() -> None:
    """Issue 10 contract: the same household without gasoline gets a smaller average."""
    base = {"household_size": 3, "electricity_kwh": 290, "city_gas_m3": 28}
    no_car = cli(json.dumps(base))
    with_car = cli(json.dumps(dict(base, gasoline_l=30)))
    assert no_car.returncode == with_car.returncode == 0
    without = json.loads(no_car.stdout)["average"]
    with_fuel = json.loads(with_car.stdout)["average"]
    assert without["kg_per_year"] < with_fuel["kg_per_year"]
    car_part = figures()["average.moe_car_fuel"].value
    assert with_fuel["kg_per_year"] - without["kg_per_year"] == pytest.approx(car_part)


def test_cli_caps_the_error_list_for_a_huge_object() -> None:
    """Issue 24: 200,000 unknown keys give the first 50 messages and one that counts the rest,
    not hundreds of megabytes of errors."""
    keys = 200_000
    done = cli(json.dumps({f"k{i}": "1" for i in range(keys)}), "--lang", "en")
    assert done.returncode == 2
    assert len(done.stdout) < 100_000, f"{len(done.stdout):,} characters of output"
    errors = json.loads(done.stdout)["errors"]
    assert len(errors) == 51
    assert errors[0]["field"] == "k0"
    assert errors[-1] == {
        "field": "",
        "message": "There are 199,950 more errors (200,000 in all; only the first 50 are shown).",
    }


def test_cli_keeps_every_message_when_there_are_few() -> None:
    """A typo or two still gets a message each, and field errors come after them."""
    done = cli(json.dumps({"electricity_kWh": "3", "household_size": "0"}), "--lang", "en")
    errors = json.loads(done.stdout)["errors"]
    assert [e["field"] for e in errors] == ["electricity_kWh", "household_size"]
