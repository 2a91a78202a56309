"""Class codes: one result as a short code, and a class's results added up from many codes."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from typing import Any

import pytest

from calculators import (
    ClassCodeError,
    action_ids,
    class_summary,
    decode_class_code,
    encode_class_code,
    estimate_from_raw,
    web,
)
from calculators import _classcode as C

# A version-1 code as published: it must decode the same way for as long as the site lives.
V1_CODE = "C1-3-1850-420-0-0-600-0-45-5-DW0D"


def random_raw(rng: random.Random) -> dict[str, str]:
    """Inputs of a plausible household, with a random choice of actions."""
    raw = {
        "household_size": str(rng.randint(1, 6)),
        "electricity_kwh": str(rng.randint(120, 700)),
        "city_gas_m3": str(rng.choice([0, rng.randint(10, 60)])),
        "gasoline_l": str(rng.choice([0, 0, rng.randint(10, 80)])),
        "water_m3": str(rng.randint(20, 60)),
        "water_period": "two_months",
    }
    raw["actions"] = ",".join(a for a in action_ids() if rng.random() < 0.3)
    return raw


def test_published_v1_code_keeps_its_meaning() -> None:
    """A version change must keep reading old codes: this literal v1 code is frozen."""
    code = decode_class_code(V1_CODE)
    assert code.version == 1
    assert code.household_size == 3
    assert code.kg_by_source == {
        "electricity": 1850,
        "city_gas": 420,
        "lpg": 0,
        "kerosene": 0,
        "gasoline": 600,
        "diesel": 0,
        "water": 45,
    }
    assert code.actions == ("cooling_28c", "led_bulb")
    assert code.total_kg == 2915


def test_every_action_has_a_bit_in_the_append_only_table() -> None:
    """A new action in actions.toml must be appended to ACTION_TABLE (old bits stay put)."""
    assert set(action_ids()) <= set(C.ACTION_TABLE)
    assert C.ACTION_TABLE[:3] == ("cooling_28c", "heating_20c", "led_bulb")


def test_web_result_carries_a_code_that_decodes_to_the_result() -> None:
    """The calculator's result has a class code holding size, rounded kg and the chosen actions."""
    rng = random.Random(11)
    for _ in range(30):
        raw = random_raw(rng)
        outcome = json.loads(web.run(json.dumps(raw), "ja"))
        result = outcome["result"]
        code = decode_class_code(result["class_code"])
        assert code.household_size == int(raw["household_size"])
        for source, kg in result["by_source_kg_per_year"].items():
            assert code.kg_by_source[source] == round(kg)
        chosen = {a["id"] for a in result["actions"] if a["chosen"]}
        assert set(code.actions) == chosen
        # Nothing but numbers, ids and the checksum: no bill amounts, no names.
        assert len(result["class_code"]) <= 48


def test_code_without_household_size_and_lowercase_fullwidth_input() -> None:
    """Size 0 means "not given"; lower case, full-width digits and IME dashes still read."""
    code = encode_class_code(None, {"electricity": 999.6}, [])
    assert code.startswith("C1-0-1000-0-0-0-0-0-0-0-")
    assert decode_class_code(code).household_size is None
    wide = code.lower().replace("-", "－").replace("1", "１")
    assert decode_class_code(wide) == decode_class_code(code)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("C1-3-1850-420-0-0-600-0-45-5-DW0", "truncated"),
        ("C1-3-1850-420-0-0-600", "truncated"),
        ("C1", "truncated"),
        ("C1-3-1851-420-0-0-600-0-45-5-DW0D", "checksum"),
        ("C1-3-1850-420-0-0-600-0-45-7-DW0D", "checksum"),
        ("C9-3-1850-420-0-0-600-0-45-5-DW0D", "version"),
        ("hello", "bad"),
        ("C1-3-1850-420-0-0-600-0-45-5-DW0D-7", "bad"),
    ],
)
def test_bad_codes_say_why(text: str, reason: str) -> None:
    with pytest.raises(ClassCodeError) as caught:
        decode_class_code(text)
    assert caught.value.code == reason
    ja, en = caught.value.message("ja"), caught.value.message("en")
    assert ja and en and ja != en


def test_every_single_character_change_is_caught() -> None:
    """Changing any one character of a code is never read as another valid code."""
    for i, ch in enumerate(V1_CODE):
        if ch == "-":
            continue
        for other in C.DIGITS36:
            if other == ch:
                continue
            changed = V1_CODE[:i] + other + V1_CODE[i + 1 :]
            with pytest.raises(ClassCodeError):
                decode_class_code(changed)


def test_summary_from_a_forms_csv_export_counts_good_rows_and_names_bad_ones() -> None:
    rng = random.Random(5)
    codes = [
        json.loads(web.run(json.dumps(random_raw(rng)), "en"))["result"]["class_code"]
        for _ in range(5)
    ]
    csv_text = "\n".join(
        ["タイムスタンプ,クラスコード"]
        + [f'"2026/11/30 9:0{i}:00","{c}"' for i, c in enumerate(codes)]
        + ['"2026/11/30 9:10:00","C1-3-12"', '"2026/11/30 9:11:00","わからない"']
    )
    summary = class_summary(csv_text, "ja")
    assert summary["households"] == 5
    assert [r["line"] for r in summary["rejected"]] == [7, 8]
    assert summary["rejected"][0]["message"] == C.ClassCodeError("truncated").message("ja")
    assert summary["rejected"][1]["message"] == C.ClassCodeError("missing").message("ja")
    totals = sorted(decode_class_code(c).total_kg for c in codes)
    assert summary["total_kg_per_year"] == sum(totals)
    assert summary["household_kg_per_year"]["median"] == totals[2]
    assert summary["household_kg_per_year"]["min"] == totals[0]
    assert summary["household_kg_per_year"]["max"] == totals[-1]
    by_source = {s["id"]: s["average_kg_per_year"] for s in summary["by_source"]}
    assert sum(by_source.values()) * 5 == pytest.approx(sum(totals))


def test_class_cut_matches_the_calculator_for_default_households() -> None:
    """With the default factors, the cut recovered from a code equals the calculator's own."""
    rng = random.Random(7)
    for _ in range(20):
        raw = random_raw(rng)
        result: dict[str, Any] = estimate_from_raw(raw, "ja")["result"]
        code = json.loads(web.run(json.dumps(raw), "ja"))["result"]["class_code"]
        summary = class_summary(code, "ja")
        # Rounding each source to whole kg moves the result by at most half a kg per source.
        assert summary["remaining_kg_per_year"] == pytest.approx(
            result["offset"]["remaining_kg_per_year"], abs=8
        )
        low = summary["offset_costs"][0]
        # The towns sell whole tonnes (sale_unit in prices.toml): the class buys the
        # next whole tonne above what is left.
        assert low["yen_low"] == pytest.approx(
            math.ceil(summary["remaining_kg_per_year"] / 1000) * low["price_low"]
        )


def test_cli_class_prints_the_same_summary() -> None:
    text = f"{V1_CODE}\nnot a code\n"
    run = subprocess.run(
        [sys.executable, "-m", "calculators", "class", "--lang", "en"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    assert json.loads(run.stdout) == class_summary(text, "en")
    assert json.loads(run.stdout)["rejected"][0]["line"] == 2


def test_an_action_missing_from_the_table_leaves_out_the_code_not_the_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If actions.toml gains an action before ACTION_TABLE does, the calculator still answers."""
    monkeypatch.setattr(C, "ACTION_TABLE", C.ACTION_TABLE[:-1])
    raw = {"electricity_kwh": "300", "actions": "zero_carbon_menu"}
    outcome = json.loads(web.run(json.dumps(raw), "ja"))
    assert outcome["ok"] is True
    assert outcome["result"]["class_code"] is None
    assert outcome["result"]["total_kg_per_year"] > 0
