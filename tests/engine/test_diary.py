"""The household CO₂ diary's arithmetic and files (``calculators._diary``, ``web.diary``, CLI ``log``).

Figures come from the frozen fixture data (0.423 kg-CO₂/kWh, 2.05 kg-CO₂/m³ of city
gas, 0.239 kg-CO₂/m³ of water …), so the hand-worked values below never move
with a yearly update. A month's kg are always checked against the calculator's
own result for the same bills (the diary keeps no copy of the model).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest

from calculators import _diary as D
from calculators import _messages as T
from calculators import estimate_from_raw, web
from calculators._model import SOURCES

APRIL = {"household_size": "3", "electricity_kwh": "300", "city_gas_m3": "30", "gasoline_l": "30"}


def diary(*months: tuple[str, dict[str, str]]) -> D.Diary:
    out = D.Diary()
    for month, values in months:
        entry = D.check_entry(month, values)
        assert isinstance(entry, D.Entry), entry
        out = out.with_entry(entry)
    return out


def row(view: list[dict[str, Any]], month: str) -> dict[str, Any]:
    return next(r for r in view if r["month"] == month)


def calculator_kg(raw: dict[str, str]) -> dict[str, float]:
    """The calculator's yearly kg by source for one month of bills."""
    result = estimate_from_raw({**raw, "period": "month"}, "ja")["result"]
    return dict(result["by_source_kg_per_year"])


# One month ------------------------------------------------------------------------


def test_a_month_is_the_calculators_result_for_its_bills_divided_by_12() -> None:
    """Each source's kg is the calculator's yearly kg for the same bills ÷ 12 (300 kWh × 0.423 = 126.9)."""
    rows = D.months_view(diary(("2025-04", APRIL)), "ja")
    kg = calculator_kg(APRIL)
    april = row(rows, "2025-04")
    assert april["kg_by_source"]["electricity"] == pytest.approx(126.9)
    for source in ("electricity", "city_gas", "gasoline"):
        assert april["kg_by_source"][source] == pytest.approx(kg[source] / 12)
    assert april["total_kg"] == pytest.approx(sum(kg.values()) / 12)


def test_not_entered_is_none_and_a_typed_zero_is_zero() -> None:
    """A blank source is not entered (None, listed), a typed 0 is 0 kg; neither adds to the total."""
    april = row(
        D.months_view(diary(("2025-04", {"electricity_kwh": "300", "gasoline_l": "0"})), "en"),
        "2025-04",
    )
    assert april["kg_by_source"]["gasoline"] == 0.0
    assert april["kg_by_source"]["city_gas"] is None
    assert "city_gas" in april["not_entered"] and "gasoline" not in april["not_entered"]
    assert april["total_kg"] == pytest.approx(126.9)


def test_a_two_month_water_bill_is_split_over_its_month_and_the_month_before() -> None:
    """40 m³ for two months: 20 m³ × 0.239 in May and in April, as the calculator counts it (×6 a year)."""
    rows = D.months_view(diary(("2025-05", {"water_m3": "40", "water_period": "two_months"})), "ja")
    assert [r["month"] for r in rows] == ["2025-04", "2025-05"]
    yearly = calculator_kg({"water_m3": "40", "water_period": "two_months"})["water"]
    for r in rows:
        assert r["kg_by_source"]["water"] == pytest.approx(yearly / 12)
    assert sum(r["kg_by_source"]["water"] for r in rows) == pytest.approx(40 * 0.239)
    april = row(rows, "2025-04")
    assert april["entry"] is False and april["class_code"] is None
    assert april["notes"] == ["水道は2025年5月に入力した検針票から"]


def test_overlapping_bills_are_named() -> None:
    """Two two-month water bills in a row cover one month twice: that month says so."""
    rows = D.months_view(
        diary(("2025-04", {"water_m3": "40"}), ("2025-05", {"water_m3": "40"})), "en"
    )
    assert any("two or more bills" in n for n in row(rows, "2025-04")["notes"])


def test_the_form_messages_are_the_calculators() -> None:
    """A bad field gets exactly the calculator's message; a bad month and an empty month their own."""
    answer = json.loads(
        web.diary(
            json.dumps(
                {"op": "add", "lang": "en", "month": "2025-4x", "values": {"electricity_kwh": "-5"}}
            )
        )
    )
    calc = estimate_from_raw({"electricity_kwh": "-5"}, "en")["errors"]
    assert answer["ok"] is False
    assert {"field": "electricity_kwh", "message": calc[0]["message"]} in answer["errors"]
    assert answer["errors"][0] == {"field": "month", "message": T.DIARY["en"]["bad_month"]}
    empty = json.loads(
        web.diary(json.dumps({"op": "add", "lang": "ja", "month": "2025-04", "values": {}}))
    )
    assert empty["errors"] == [{"field": "", "message": T.DIARY["ja"]["empty_month"]}]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2025-04", "2025-04"),
        ("2025/4", "2025-04"),
        ("２０２５年４月", "2025-04"),
        ("2025/4/1", "2025-04"),
        (" 2025-12 ", "2025-12"),
    ],
)
def test_months_are_read_in_the_forms_people_write(text: str, month: str) -> None:
    """ISO, slashes, 年月 (full-width too) and a spreadsheet's date all give the month."""
    found = D.parse_month(text)
    assert isinstance(found, int) and D.month_text(found) == month


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "April", "", "1899-01", "2025-04-01T00:00"])
def test_a_month_that_is_not_one_is_refused(text: str) -> None:
    assert isinstance(D.parse_month(text), D.FieldError)


def test_a_month_is_edited_and_deleted() -> None:
    """Adding a month again replaces it; deleting it removes it and nothing else."""
    d = diary(("2025-04", APRIL), ("2025-05", APRIL), ("2025-04", {"electricity_kwh": "100"}))
    assert [D.month_text(e.month) for e in d.entries] == ["2025-04", "2025-05"]
    assert dict(d.entries[0].values)["electricity_kwh"] == "100"
    d = d.without(d.entries[0].month)
    assert [D.month_text(e.month) for e in d.entries] == ["2025-05"]


# The year -------------------------------------------------------------------------------


def test_twelve_month_total_covers_the_twelve_months_ending_with_the_latest() -> None:
    """Thirteen months of 300 kWh: the running total is twelve of them (12 × 126.9), not thirteen."""
    months = [
        (f"{2024 + (m // 12)}-{m % 12 + 1:02d}", {"electricity_kwh": "300"}) for m in range(3, 16)
    ]
    view = D.view(diary(*months), "ja")
    assert view["total_kg_12_months"] == pytest.approx(12 * 126.9)
    assert view["window"]["from"] == "2024-05" and view["window"]["to"] == "2025-04"
    assert view["window"]["months_with_records"] == 12


def test_a_partial_year_says_so() -> None:
    view = D.view(diary(("2025-04", APRIL), ("2025-05", APRIL), ("2025-06", APRIL)), "ja")
    assert view["window"]["months_with_records"] == 3
    assert T.DIARY_VIEW["ja"]["partial_year"] in view["notes"]


def test_first_year_is_compared_once_the_second_year_is_complete() -> None:
    """Year one at 300 kWh, year two at 270 kWh: 10 % less, said in words; before that, it waits."""
    first = [(f"2024-{m:02d}", {"electricity_kwh": "300"}) for m in range(1, 13)]
    second = [(f"2025-{m:02d}", {"electricity_kwh": "270"}) for m in range(1, 13)]
    waiting = D.view(diary(*first, *second[:11]), "en")
    assert waiting["first_year_change"]["ratio"] is None
    assert waiting["first_year_change"]["text"] == T.DIARY_VIEW["en"]["first_year_wait"]
    view = D.view(diary(*first, *second), "en")
    assert view["first_year"]["total_kg"] == pytest.approx(12 * 126.9)
    assert view["first_year_change"]["ratio"] == pytest.approx(0.9)
    assert view["first_year_change"]["difference_kg"] == pytest.approx(-12 * 30 * 0.423)
    assert "less than in the first year (90%)" in view["first_year_change"]["text"]


def test_a_full_year_compares_with_the_average_as_the_calculator_does() -> None:
    """Twelve identical months give the calculator's own comparison for those monthly bills."""
    view = D.view(diary(*[(f"2025-{m:02d}", APRIL) for m in range(1, 13)]), "ja")
    calc = estimate_from_raw({**APRIL, "period": "month"}, "ja")["result"]["average"]
    assert view["average"]["ratio"] == pytest.approx(calc["ratio"])
    assert view["average"]["kg_per_year"] == pytest.approx(calc["kg_per_year"])
    assert view["average"]["verdict"] == calc["verdict"]
    assert view["average"]["household_size"] == 3


def test_fewer_months_are_scaled_to_a_year_for_the_average() -> None:
    """Three months with records stand for a year (their average × 12), as one month does in the calculator."""
    view = D.view(diary(*[(f"2025-0{m}", APRIL) for m in (4, 5, 6)]), "ja")
    calc = estimate_from_raw({**APRIL, "period": "month"}, "ja")["result"]["average"]
    assert view["average"]["ratio"] == pytest.approx(calc["ratio"])


def test_same_month_last_year_compares_the_sources_both_months_have() -> None:
    d = diary(
        ("2024-04", {"electricity_kwh": "300", "city_gas_m3": "30"}),
        ("2025-04", {"electricity_kwh": "250"}),
    )
    last = row(D.months_view(d, "ja"), "2025-04")["last_year"]
    assert last["month"] == "2024-04" and last["sources"] == ["electricity"]
    assert last["difference_kg"] == pytest.approx(-50 * 0.423)
    assert last["same_sources"] is False


def test_a_month_gives_the_calculators_class_code() -> None:
    """The class code of a month is the one the calculator shows for the same bills."""
    code = row(D.months_view(diary(("2025-04", APRIL)), "ja"), "2025-04")["class_code"]
    assert (
        code
        == json.loads(web.run(json.dumps({**APRIL, "period": "month"}), "ja"))["result"][
            "class_code"
        ]
    )


# The watched action -----------------------------------------------------------------------


def year_of(kwh: str, year: int) -> list[tuple[str, dict[str, str]]]:
    return [(f"{year}-{m:02d}", {"electricity_kwh": kwh}) for m in range(1, 13)]


@pytest.mark.parametrize(
    ("after", "months", "status"),
    [("250", 12, "lower"), ("300", 12, "not_lower"), ("250", 2, "few"), ("250", 0, "waiting")],
)
def test_an_action_is_measured_against_the_same_months_a_year_earlier(
    after: str, months: int, status: str
) -> None:
    """From the start month, each month against the same month a year before; the weather is always named."""
    d = diary(*year_of("300", 2024), *year_of(after, 2025)[:months])
    d = D.Diary(d.entries, D.Plan("led_bulb", 2025 * 12))
    effect = D.view(d, "en")["effect"]
    assert effect["status"] == status
    assert len(effect["months_compared"]) == months
    if months:
        assert effect["difference_kg"] == pytest.approx(months * (int(after) - 300) * 0.423)
    assert effect["weather"] == T.DIARY_VIEW["en"]["weather"]
    assert "weather" in effect["weather"]
    if status == "lower":
        assert effect["expected_kg_per_month"] and effect["expected_kg_per_month"] > 0
    if status in ("few", "not_lower"):
        # Numbers that cannot show a cut are never worded as one.
        assert not re.search(r"kg-CO₂ less than", effect["text"]), effect["text"]


# Files ------------------------------------------------------------------------------------


WITH_CHOICES = (
    (
        "2025-04",
        {
            **APRIL,
            "electricity_supplier": "tepco_residual",
            "water_m3": "38",
            "water_period": "two_months",
        },
    ),
    (
        "2025-05",
        {
            "electricity_yen": "８，０００円",
            "electricity_supplier": "custom",
            "electricity_factor": "0.3",
        },
    ),
    (
        "2025-06",
        {
            "lpg_m3": "8.5",
            "kerosene_l": "18",
            "diesel_l": "12.25",
            "water_m3": "20",
            "water_period": "month",
        },
    ),
)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_csv_has_a_bom_a_header_with_units_and_reads_back_to_the_same_months(lang: str) -> None:
    d = diary(*WITH_CHOICES)
    text = D.to_csv(d, lang)
    assert text.startswith("\ufeff")
    header = text.splitlines()[0].removeprefix("\ufeff")
    assert header.startswith("月," if lang == "ja" else "Month,")
    assert ("電気の使用量（kWh）" if lang == "ja" else "Electricity used (kWh)") in header
    read, errors = D.read_text(text)
    assert errors == []
    assert read.entries == d.entries


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_json_round_trips_exactly(lang: str) -> None:
    """Export → import → export gives the same text, the action included."""
    d = D.Diary(diary(*WITH_CHOICES).entries, D.Plan("led_bulb", 2025 * 12 + 4))
    text = D.to_json(d)
    read, errors = D.read_text(text)
    assert errors == [] and read == d
    assert D.to_json(read) == text
    answer = json.loads(web.diary(json.dumps({"op": "import", "lang": lang, "text": text})))
    assert (
        json.loads(
            web.diary(json.dumps({"op": "export", "format": "json", "diary": answer["diary"]}))
        )["text"]
        == text
    )


def test_a_csv_with_a_bad_row_keeps_the_good_rows_and_names_the_bad_one() -> None:
    lines = D.to_csv(diary(*WITH_CHOICES), "ja").splitlines()
    bad = "2025-07,3,たくさん,,national_average,,,,,,,,,,,"
    text = "\n".join([*lines[:2], bad, *lines[2:]])
    read, errors = D.read_text(text)
    assert [D.month_text(e.month) for e in read.entries] == ["2025-04", "2025-05", "2025-06"]
    assert [(e.line, e.error.field) for e in errors] == [(3, "electricity_kwh")]
    assert D.row_message(errors[0], "ja").startswith(
        "3行目（2025-07）、電気の使用量：数字で入力してください"
    )


def test_a_csv_in_the_other_language_with_labels_for_choices_reads_the_same() -> None:
    """A spreadsheet's own rows: English headings without units, choices by their Japanese label
    (as the form shows it, so the label follows _messages.py)."""
    plan = T.OPTIONS["ja"]["electricity_supplier"]["tepco_residual"]
    text = (
        "Month,Electricity used,Electricity plan,Water used,Period of the water amount,My notes\n"
        f"2025年4月,300,{plan},40,1か月分,hello\n"
    )
    read, errors = D.read_text(text)
    values = dict(read.entries[0].values)
    assert values["electricity_supplier"] == "tepco_residual" and values["water_period"] == "month"
    assert [e.error.code for e in errors] == ["unknown_column"]
    assert "My notes" in D.row_message(errors[0], "en")


def test_a_duplicate_month_keeps_the_first_row() -> None:
    read, errors = D.read_text("month,electricity_kwh\n2025-04,300\n2025-04,100\n")
    assert dict(read.entries[0].values)["electricity_kwh"] == "300"
    assert [(e.line, e.error.code) for e in errors] == [(3, "duplicate_month")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "{not json",
        '{"format": "other"}',
        '{"format": "carbon-offset-guide-diary", "version": 9}',
        "a,b\n1,2\n",
    ],
)
def test_files_that_are_not_a_diary_get_a_message_and_no_rows(text: str) -> None:
    read, errors = D.read_text(text)
    assert read.entries == ()
    if text:
        assert errors and all(D.row_message(e, "ja") for e in errors)


def test_web_diary_never_raises_and_always_answers_json() -> None:
    for request in [
        "",
        "[]",
        "null",
        '{"op": "add"}',
        '{"op": "add", "values": []}',
        '{"diary": 5, "op": "view"}',
        '{"op": "import", "text": 5}',
        '{"op": "action", "action": {"id": "nope"}}',
        '{"op": "delete", "month": 3}',
    ]:
        answer = json.loads(web.diary(request))
        assert isinstance(answer, dict) and "ok" in answer


def test_a_stored_month_that_no_longer_checks_is_named_not_silently_dropped() -> None:
    stored = D.to_document(diary(("2025-04", APRIL)))
    stored["months"].append({"month": "2025-05", "electricity_kwh": "999999"})
    answer = json.loads(web.diary(json.dumps({"op": "view", "lang": "en", "diary": stored})))
    assert [r["month"] for r in answer["view"]["months"]] == ["2025-04"]
    assert answer["rejected"] and answer["rejected"][0].startswith(
        "Line 2 (2025-05), Electricity used:"
    )


def test_messages_exist_in_both_languages_with_the_same_placeholders() -> None:
    import string

    for table in (T.DIARY, T.DIARY_VIEW):
        assert table["ja"].keys() == table["en"].keys()
        for key in table["ja"]:
            names = [
                {f for _, f, _, _ in string.Formatter().parse(table[lang][key]) if f}
                for lang in ("ja", "en")
            ]
            assert names[0] == names[1] or key.startswith("month_"), key


# The command line ---------------------------------------------------------------------------


def log_cli(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "calculators", "log", *args],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cli_prints_the_pages_totals_for_the_exported_csv(lang: str) -> None:
    """`python -m calculators log < diary.csv` prints the totals the page's view has."""
    d = diary(*WITH_CHOICES)
    done = log_cli(D.to_csv(d, lang).encode("utf-8"), "--lang", lang)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    page = json.loads(
        web.diary(json.dumps({"op": "view", "lang": lang, "diary": D.to_document(d)}))
    )["view"]
    assert printed["total_kg_12_months"] == page["total_kg_12_months"]
    assert [(m["month"], m["total_kg"]) for m in printed["months"]] == [
        (r["month"], r["total_kg"]) for r in page["months"]
    ]
    assert printed["errors"] == []


def test_cli_reads_shift_jis_and_json_and_names_bad_rows() -> None:
    """A CSV saved by Japanese Excel (Shift_JIS) reads too; a bad row makes exit status 2 but good rows count."""
    text = D.to_csv(diary(("2025-04", APRIL)), "ja").removeprefix("\ufeff") + "2025-05,x\n"
    done = log_cli(text.encode("cp932"))
    assert done.returncode == 2
    printed = json.loads(done.stdout)
    assert printed["total_kg_12_months"] == pytest.approx(sum(calculator_kg(APRIL).values()) / 12)
    assert printed["errors"][0]["line"] == 3 and printed["errors"][0]["message"].startswith("3行目")
    as_json = log_cli(D.to_json(diary(("2025-04", APRIL))).encode())
    assert (
        as_json.returncode == 0
        and json.loads(as_json.stdout)["total_kg_12_months"] == printed["total_kg_12_months"]
    )


def test_cli_refuses_bytes_that_are_not_text() -> None:
    done = log_cli(b"\xff\xfe\x00\x81\x00")
    assert done.returncode == 2
    assert json.loads(done.stdout)["errors"][0]["message"] == T.DIARY["ja"]["not_utf8"]


def test_every_source_has_a_column_and_a_label() -> None:
    assert set(D.ENTERED_BY) == set(SOURCES)
    assert len(D.csv_header("ja")) == len(D.KEYS) + 3


def test_each_months_class_code_in_the_csv_is_one_the_class_page_counts() -> None:
    """The CSV's class-code column holds each month's code, and the teacher's page counts each."""
    import csv
    import io

    from calculators import class_summary

    d = diary(*WITH_CHOICES)
    cells = list(csv.reader(io.StringIO(D.to_csv(d, "ja").removeprefix("\ufeff"))))
    codes = [row[-1] for row in cells[1:]]
    view = {r["month"]: r["class_code"] for r in D.months_view(d, "ja")}
    assert codes == [view[D.month_text(e.month)] for e in d.entries]
    summary = class_summary("\n".join(codes), "ja")
    assert summary["households"] == len(WITH_CHOICES) and summary["rejected"] == []
