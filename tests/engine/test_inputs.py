"""Reading raw form values: Japanese input habits are accepted, everything else is a field error."""

from __future__ import annotations

import pytest

from calculators import Household, estimate_from_raw, parse_household


def errors_of(raw: dict[str, object], lang: str = "ja") -> dict[str, str]:
    outcome = estimate_from_raw(raw, lang)
    assert outcome["ok"] is False, outcome
    return {e["field"]: e["message"] for e in outcome["errors"]}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("300", 300.0),
        ("  300  ", 300.0),
        ("３００", 300.0),
        ("３００ｋＷｈ", 300.0),
        ("300 kWh", 300.0),
        ("300KWH", 300.0),
        ("1,234", 1234.0),
        ("１，２３４．５", 1234.5),
        ("\u3000250.5\u3000", 250.5),
        (".5", 0.5),
        ("0", 0.0),
    ],
)
def test_electricity_kwh_accepts_japanese_number_habits(text: str, value: float) -> None:
    """Full-width digits, separators, spaces (even ideographic) and a kWh unit read as numbers."""
    h = parse_household({"electricity_kwh": text})
    assert isinstance(h, Household)
    assert h.electricity_kwh == value


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("electricity_yen", "８，５００円", 8500.0),
        ("electricity_yen", "￥8,500", 8500.0),
        ("city_gas_m3", "24㎥", 24.0),
        ("city_gas_m3", "24 m3", 24.0),
        ("city_gas_m3", "24m³", 24.0),
        ("lpg_m3", "８ｍ３", 8.0),
        ("kerosene_l", "18ℓ", 18.0),
        ("gasoline_l", "30 L", 30.0),
        ("gasoline_l", "30リットル", 30.0),
        ("water_m3", "40立方メートル", 40.0),
        ("household_size", "３人", 3),
    ],
)
def test_trailing_units_are_accepted(key: str, text: str, value: float) -> None:
    """The unit printed on the bill may be typed after the number (㎥, ℓ, 円, 人 …)."""
    h = parse_household({key: text})
    assert isinstance(h, Household)
    assert getattr(h, key) == value


def test_blank_and_missing_mean_not_used() -> None:
    """Blank strings and missing keys are 'not used': defaults, no errors."""
    h = parse_household({"electricity_kwh": "", "city_gas_m3": "   ", "period": ""})
    assert h == Household(period="month", water_period="two_months")


@pytest.mark.parametrize(
    "text", ["abc", "1.2.3", "1,23", "12,34,567", "--5", "1e3", "0x10", "2²", "1٢3", "三百"]
)
def test_not_a_number_is_rejected_with_the_unit(text: str) -> None:
    """Text that is not a number gets a message naming the unit (kWh), in both languages."""
    assert errors_of({"electricity_kwh": text}, "ja") == {
        "electricity_kwh": "数字で入力してください（単位はkWh）。"
    }
    assert errors_of({"electricity_kwh": text}, "en") == {
        "electricity_kwh": "Enter a number (in kWh)."
    }


@pytest.mark.parametrize("text", ["¥300", "\\30", "300円", "￥300", "300 yen"])
def test_money_in_an_amount_field_is_named_as_money(text: str) -> None:
    """A yen mark belongs in the yen field only; in kWh it is an error that says why."""
    assert errors_of({"electricity_kwh": text}, "ja") == {
        "electricity_kwh": "ここには金額ではなく、使った量をkWhで入力してください（¥ や 円 は要りません）。"
    }
    assert errors_of({"electricity_kwh": text}, "en") == {
        "electricity_kwh": "Enter the amount used in kWh, not money (no ¥ or yen)."
    }
    h = parse_household({"electricity_yen": text.replace("300 yen", "¥300")})
    assert isinstance(h, Household) and h.electricity_yen in (300.0, 30.0)


def test_a_choice_is_checked_whole_before_anything_is_cut() -> None:
    """'year' followed by 200 spaces and garbage is not 'year'."""
    assert errors_of({"period": "year" + " " * 200 + "garbage"}, "en") == {
        "period": "This is too long (at most 100 characters)."
    }


@pytest.mark.parametrize("text", ["-5", "－５", "−5", "-0.1"])
def test_negative_is_rejected(text: str) -> None:
    """Negative amounts (any minus sign) are refused."""
    assert errors_of({"city_gas_m3": text}, "en") == {"city_gas_m3": "Enter a number of 0 or more."}


@pytest.mark.parametrize(
    "value", ["nan", "NaN", "inf", "-Infinity", "∞", float("nan"), float("inf")]
)
def test_nan_and_infinity_are_rejected(value: object) -> None:
    """NaN and infinity, typed or sent as JSON numbers, are refused with their own message."""
    assert errors_of({"gasoline_l": value}, "ja") == {
        "gasoline_l": "数字で入力してください（NaN や無限大は使えません）。"
    }


def test_upper_bound_scales_with_the_period() -> None:
    """5,000 kWh is the monthly bound; a year allows 60,000 kWh and the message says which."""
    assert isinstance(parse_household({"electricity_kwh": "5000"}), Household)
    assert errors_of({"electricity_kwh": "5001"}, "en") == {
        "electricity_kwh": "More than 5,000 kWh for one month is probably a typo. "
        "Check the digits and the unit."
    }
    assert isinstance(parse_household({"period": "year", "electricity_kwh": "60000"}), Household)
    assert (
        "60,000"
        in errors_of({"period": "year", "electricity_kwh": "60001"}, "ja")["electricity_kwh"]
    )


def test_water_bound_follows_the_water_period() -> None:
    """Water allows 200 m³ a month, so 400 m³ on a two-month bill but not on a monthly one."""
    assert isinstance(parse_household({"water_m3": "400", "water_period": "two_months"}), Household)
    assert "water_m3" in errors_of({"water_m3": "400", "water_period": "month"})


def test_huge_digit_strings_are_too_large_not_a_crash() -> None:
    """A number too big for a float is reported as implausibly large."""
    assert "electricity_kwh" in errors_of({"electricity_kwh": "9" * 99})


@pytest.mark.parametrize("text", ["0", "21", "2.5", "-1", "百"])
def test_household_size_must_be_whole_and_in_range(text: str) -> None:
    """Household size is a whole number from 1 to 20."""
    assert errors_of({"household_size": text}, "en") == {
        "household_size": "Enter a whole number from 1 to 20."
    } or errors_of({"household_size": text}, "en")["household_size"].startswith("Enter a number")


def test_household_size_written_as_float_is_accepted_when_whole() -> None:
    """'2.0' people and the JSON number 4 are whole numbers."""
    assert parse_household({"household_size": "2.0"}) == Household(household_size=2)
    assert parse_household({"household_size": 4}) == Household(household_size=4)


def test_unknown_supplier_and_action_ids_are_rejected() -> None:
    """Ids not in the data give a message per field, in Japanese and English."""
    raw = {
        "electricity_supplier": "kansai",
        "city_gas_supplier": "osaka",
        "actions": "led_bulb,fly",
    }
    assert errors_of(raw, "en") == {
        "electricity_supplier": "Choose one of the options.",
        "city_gas_supplier": "Choose one of the options.",
        "actions": "Unknown action ID (fly).",
    }
    assert errors_of(raw, "ja")["actions"] == "知らない取り組みの番号です（fly）。"


def test_actions_accept_japanese_separators_lists_and_duplicates() -> None:
    """Actions may be split by commas, 、 or spaces, or sent as a list; duplicates count once."""
    h = parse_household({"actions": "led_bulb、ＥＣＯ＿ＤＲＩＶＥ  led_bulb"})
    assert isinstance(h, Household)
    assert h.actions == ("led_bulb", "eco_drive")
    h2 = parse_household({"actions": ["cooling_28c"]})
    assert isinstance(h2, Household)
    assert h2.actions == ("cooling_28c",)


def test_custom_supplier_needs_a_factor() -> None:
    """'custom' without a factor asks for one; with one, the factor is checked and used."""
    assert errors_of({"electricity_supplier": "custom"}, "en") == {
        "electricity_factor": "You chose 'Another supplier', so enter its emission factor (kg-CO₂/kWh)."
    }
    assert "electricity_factor" in errors_of(
        {"electricity_supplier": "custom", "electricity_factor": "3"}
    )
    h = parse_household({"electricity_supplier": "custom", "electricity_factor": "0.35"})
    assert isinstance(h, Household)
    assert h.electricity_factor == 0.35


def test_factor_is_ignored_unless_custom() -> None:
    """A stray factor with another plan is not used (the plan's figure is)."""
    h = parse_household({"electricity_factor": "junk"})
    assert isinstance(h, Household)
    assert h.electricity_factor is None


def test_both_kwh_and_yen_use_the_kwh() -> None:
    """When both are given, the kWh reading wins and nothing is marked as estimated."""
    result = estimate_from_raw({"electricity_kwh": "100", "electricity_yen": "99999"}, "en")[
        "result"
    ]
    assert result["by_source_kg_per_year"]["electricity"] == pytest.approx(100 * 12 * 0.423)
    assert result["estimated"] == []
    assert any("kWh were used" in n for n in result["notes"])


def test_water_period_blank_follows_period() -> None:
    """Without water_period, yearly amounts take water as yearly too."""
    h = parse_household({"period": "year", "water_m3": "200"})
    assert isinstance(h, Household)
    assert h.water_period == "year"


@pytest.mark.parametrize(
    "value", [True, None, [], {}, ["1"], {"a": 1}, 10**400, "x" * 10_000, "\x00", "１" * 101]
)
def test_odd_json_values_never_raise(value: object) -> None:
    """Booleans, lists, objects, huge ints and long strings give a result or field errors."""
    for key in ("electricity_kwh", "household_size", "period", "actions", "electricity_supplier"):
        outcome = estimate_from_raw({key: value}, "en")
        assert outcome["ok"] in (True, False)
        if not outcome["ok"]:
            assert [e["field"] for e in outcome["errors"]] == [key]


def test_errors_are_listed_in_form_order() -> None:
    """Several errors come back in the order the fields appear on the form."""
    outcome = estimate_from_raw(
        {"water_m3": "x", "household_size": "0", "electricity_kwh": "-1", "actions": "zzz"}, "en"
    )
    assert [e["field"] for e in outcome["errors"]] == [
        "household_size",
        "electricity_kwh",
        "water_m3",
        "actions",
    ]


def test_blank_water_period_with_monthly_amounts_is_the_two_month_bill() -> None:
    """Monthly entries with no water_period read water as Tokyo's two-month bill."""
    h = parse_household({"water_m3": "40"})
    assert isinstance(h, Household)
    assert h.water_period == "two_months"
