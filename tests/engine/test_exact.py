"""Exact arithmetic for what pupils reproduce: half up (四捨五入) on the decimal value.

The goldens are worked by hand from the fixture data (0.423 kg/kWh, 2.05 kg/m³ city
gas, 1.992 kg/m³ × 2.99 kg/kg LPG, 2.5 kg/L kerosene, 2.29 kg/L gasoline,
0.239 kg/m³ water, 8.8 kg per cedar), following the pupil sheet's steps.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculators._exact import (
    SheetError,
    as_json_number,
    half_up,
    mean,
    median,
    ratio,
    sheet_answer,
)

A = {"household_size": 4, "electricity_kwh": 350, "city_gas_m3": 30}
B = {
    "household_size": 1,
    "electricity_kwh": 180,
    "city_gas_m3": 10,
    "water_m3": 14,
    "water_period": "two_months",
}
C = {
    "household_size": 5,
    "electricity_kwh": 450,
    "lpg_m3": 15,
    "kerosene_l": 36,
    "gasoline_l": 60,
    "water_m3": 50,
    "water_period": "two_months",
}


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("148.05"), 1, "148.1"),
        (Decimal("190.35"), 1, "190.4"),
        (Decimal("5.975"), 1, "6.0"),
        (2.5, 0, "3"),  # round() gives 2
        (0.125, 2, "0.13"),  # round() gives 0.12
        (ratio(2001, 2), 0, "1001"),
        (ratio(-3, 2), 0, "-2"),
        (ratio(2, 3), 2, "0.67"),
        (628.65, 1, "628.7"),  # a float is taken at its shortest spelling
        (7, 2, "7.00"),
    ],
)
def test_half_up_rounds_the_decimal_value(value: object, digits: int, expected: str) -> None:
    assert str(half_up(value, digits)) == expected  # type: ignore[arg-type]


def test_a_float_product_is_not_what_the_pupil_wrote() -> None:
    """Why the key is worked in Decimal: the binary product rounds the wrong way."""
    assert f"{350 * 0.423:.1f}" == "148.0"
    assert str(half_up(Decimal(350) * Decimal("0.423"), 1)) == "148.1"


def test_json_numbers() -> None:
    assert as_json_number(Decimal("2515")) == 2515 and isinstance(
        as_json_number(Decimal(2515)), int
    )
    assert as_json_number(Decimal("2.52")) == 2.52


def test_example_a_worked_as_on_the_sheet() -> None:
    answer = sheet_answer(A)
    assert answer.month == {"electricity": Decimal("148.1"), "city_gas": Decimal("61.5")}
    assert answer.month_total == Decimal("209.6")
    assert answer.share == {"electricity": Decimal("71"), "city_gas": Decimal("29")}
    assert answer.year == Decimal("2515")  # 209.6 × 12 = 2,515.2
    assert answer.tonnes == Decimal("2.515")
    assert answer.per_person == Decimal("629")  # 628.75
    assert answer.trees == Decimal("286")  # 285.79…
    assert answer.year_by_source["electricity"] == Decimal("1777")  # 1,776.6
    assert answer.lookup("month.electricity") == Decimal("148.1")
    assert answer.lookup("month.water") == Decimal(0)


def test_example_c_worked_as_on_the_sheet() -> None:
    answer = sheet_answer(C)
    assert answer.month == {
        "electricity": Decimal("190.4"),  # 190.35
        "lpg": Decimal("89.3"),  # 15 × 1.992 = 29.88 kg; × 2.99 = 89.3412
        "kerosene": Decimal("90.0"),
        "gasoline": Decimal("137.4"),
        "water": Decimal("6.0"),  # 50 ÷ 2 = 25 m³; × 0.239 = 5.975
    }
    assert answer.month_total == Decimal("513.1")
    assert answer.share == {
        "electricity": Decimal("37"),
        "lpg": Decimal("17"),
        "kerosene": Decimal("18"),
        "gasoline": Decimal("27"),
        "water": Decimal("1"),
    }
    assert answer.year == Decimal("6157")  # 6,157.2
    assert answer.per_person == Decimal("1231")  # 1,231.4
    assert answer.trees == Decimal("700")  # 699.66…


def test_example_b_has_water_for_two_months() -> None:
    answer = sheet_answer(B)
    assert answer.month["water"] == Decimal("1.7")  # 14 ÷ 2 × 0.239 = 1.673
    assert answer.month_total == Decimal("98.3")  # 76.1 + 20.5 + 1.7
    assert answer.year == Decimal("1180")


def test_a_household_the_sheet_cannot_show_is_refused() -> None:
    with pytest.raises(SheetError, match="diesel_l"):
        sheet_answer({**A, "diesel_l": 10})
    with pytest.raises(SheetError, match="two-month"):
        sheet_answer({**B, "water_period": "month"})


def test_mean_and_median_of_repeating_decimals_round_exactly() -> None:
    """1000/3 and 2003/6 per person: sums of repeating decimals still land on the exact half."""
    third, sixth = ratio(1, 3), ratio(1, 6)
    assert half_up(mean([third, sixth]), 2) == Decimal("0.25")
    assert median([ratio(1000, 3), ratio(2003, 6)]).quantize(Decimal("0.0001")) == Decimal(
        "333.5833"
    )
    assert half_up(median([ratio(1, 3), ratio(2, 3)]), 0) == Decimal(1)  # exactly 0.5
