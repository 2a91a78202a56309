"""What the resident reads in the result (issue 23): honest offset costs in whole tonnes,
dates and units in the reader's language, badges and assumptions that explain themselves.

The offset figures are derived from the data (``sale_unit`` and the towns' prices in
``calculators/data/prices.toml``), never typed here.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest

from calculators import _model, estimate_from_raw, load_figures
from calculators._data import Figure

# 2.03 t of CO₂ a year: 2,030 kWh of electricity at a factor we set ourselves.
RAW_203 = {
    "electricity_kwh": "2030",
    "period": "year",
    "electricity_supplier": "custom",
    "electricity_factor": "1",
}


def result(raw: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    outcome = estimate_from_raw(raw, lang)
    assert outcome["ok"] is True, outcome
    return outcome["result"]  # type: ignore[no-any-return]


def towns() -> tuple[Figure, Figure]:
    figs = load_figures()
    return figs["credit.municipal_forest_murakami"], figs["credit.municipal_forest_rikuzentakata"]


@pytest.mark.live_data
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_203_tonnes_cost_3_whole_tonnes_at_the_towns_prices(lang: str) -> None:
    """2.03 t to offset: the towns sell whole tonnes, so the cost is for 3 t (33,000–45,000 yen
    with today's data), and the one-line offset says 3 t and that price."""
    low, high = towns()
    assert low.sale_unit == high.sale_unit == 1
    off = result(RAW_203, lang)["offset"]
    assert off["offset_tonnes"] == pytest.approx(2.03)
    (forest,) = off["cost_ranges"]
    assert (forest["tonnes_low"], forest["tonnes_high"], forest["tonnes"]) == (3, 3, "3")
    assert forest["yen_low"] == 3 * low.value
    assert forest["yen_high"] == 3 * high.value
    yen = f"{3 * low.value:,.0f}" + ("〜" if lang == "ja" else "–") + f"{3 * high.value:,.0f}"
    assert yen in off["line"]
    assert ("3トン" if lang == "ja" else "3 tonnes") in off["line"]
    # The note says why, in words, from the data's sale unit.
    assert ("1トン単位" if lang == "ja" else "whole units of 1 tonne") in forest["note"]


def test_tonnes_to_buy_rounds_up_only_what_a_seller_sells_in_units() -> None:
    """Whole units round up (a hair of float error does not cost a tonne); no unit: as is."""
    assert _model.tonnes_to_buy(2030, 1) == 3
    assert _model.tonnes_to_buy(2000.0000000001, 1) == 2
    assert _model.tonnes_to_buy(0, 1) == 0
    assert _model.tonnes_to_buy(2030, 0) == pytest.approx(2.03)


def test_nothing_to_offset_says_so_in_one_line() -> None:
    """Offsetting 0 %: no tonnes, no cost, and a plain sentence."""
    off = result(dict(RAW_203, offset_share="0"), "en")["offset"]
    assert off["cost_ranges"][0]["yen_low"] == 0
    assert off["line"] == "There is nothing left to offset."


ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


@pytest.mark.live_data
def test_japanese_result_shows_fiscal_years_and_dates_in_japanese() -> None:
    """No FY2026, 2023-10-11/2025-03-31 or 2025-07 in the Japanese result's periods; CO₂ not CO2."""
    r = result({"household_size": "2", "electricity_kwh": "300", "gasoline_l": "30"}, "ja")
    periods = [c["period"] for c in r["offset"]["cost_ranges"] + r["offset"]["market_context"]]
    periods += [f["fiscal_year"] for f in r["factors"]]
    for period in periods:
        assert "FY" not in period and not ISO_DATE.search(period), period
    assert "2026年度" in periods
    assert "2023年10月11日〜2025年3月31日" in periods
    assert "2025年7月" in periods
    labels = [a["label"] for a in r["actions"]] + [f["label"] for f in r["factors"]]
    assert not [label for label in labels if "CO2" in label]


# Words a resident should not meet unexplained in the engine's own sentences
# (source titles quote their documents and are explained on the page).
JARGON = ("無効化", "非化石証書", "約定価格", "加重平均", "調整基準取引価格", "従量電灯")


def _engine_sentences(r: dict[str, Any]) -> list[str]:
    off = r["offset"]
    texts = [off["summary"], off["partial_note"], off["line"], off["market_note"], *r["notes"]]
    for c in off["cost_ranges"] + off["market_context"]:
        texts += [c["label"], c["note"]]
    texts += [a["note"] or "" for a in r["actions"]]
    return texts


def test_every_jargon_word_in_the_engines_sentences_comes_with_plain_words() -> None:
    """無効化, 非化石証書, 約定価格, 調整基準取引価格… appear only in parentheses after plain words
    that say the same thing (「使い終わった扱いにする手続き（無効化）」)."""
    raw = {
        "electricity_kwh": "300",
        "electricity_supplier": "zero_carbon",
        "city_gas_m3": "20",
        "actions": "zero_carbon_menu",
    }
    texts = _engine_sentences(result(raw, "ja"))
    texts += _engine_sentences(result({"electricity_kwh": "300", "city_gas_m3": "20"}, "ja"))
    found = set()
    for text in texts:
        for word in JARGON:
            for match in re.finditer(word, text):
                found.add(word)
                before = text[: match.start()]
                assert before.endswith("（") and len(before) > 10, f"{word} unexplained in: {text}"
    assert {"無効化", "非化石証書", "約定価格", "調整基準取引価格"} <= found


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_unverified_badge_says_what_it_means(lang: str) -> None:
    """An action whose figure is not verified carries the badge and a sentence saying what it means."""
    r = result({"household_size": "2", "city_gas_m3": "30", "gasoline_l": "30"}, lang)
    marked = [a for a in r["actions"] if a["source"]["mark"]]
    assert marked, "expected an action with a not-verified figure"
    for action in marked:
        help_text = action["source"]["mark_help"]
        assert ("確かめていない" if lang == "ja" else "not yet been checked") in help_text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_tepco_standard_plan_is_called_an_assumption(lang: str) -> None:
    """The TEPCO choice, its help and the result's note say the mapping to menu M is assumed."""
    from calculators import form_definition

    fields = {f["key"]: f for g in form_definition(lang)["groups"] for f in g["fields"]}
    option = next(
        o for o in fields["electricity_supplier"]["options"] if o["value"] == "tepco_residual"
    )
    word = "仮" if lang == "ja" else "assum"
    assert word in option["label"]
    assert word in (fields["electricity_supplier"]["help"] or "")
    notes = result({"electricity_kwh": "300", "electricity_supplier": "tepco_residual"}, lang)[
        "notes"
    ]
    assert any(word in n and ("メニューM" in n or "menu M" in n) for n in notes)
    others = result({"electricity_kwh": "300"}, lang)["notes"]
    assert not any("menu M" in n or "メニューM" in n for n in others)


@pytest.mark.live_data
def test_english_sources_use_english_names_when_the_data_has_them() -> None:
    """publisher_en/document_en name an English source; Japanese pages keep the original,
    and an entry without them falls back to it."""
    from calculators import _api

    figs = load_figures()
    for fig in figs.values():
        english, japanese = _api._source(fig, "en"), _api._source(fig, "ja")
        assert english["publisher"] == (fig.publisher_en or fig.publisher)
        assert english["document"] == (fig.document_en or fig.document)
        assert (japanese["publisher"], japanese["document"]) == (fig.publisher, fig.document)
    assert figs["credit.municipal_forest_rikuzentakata"].publisher_en


@pytest.mark.parametrize(
    "phrase",
    [
        "kettle-pot",
        "For what was compared",
        "guide unit price",
        "Nothing that can be compared",
        "法人・政府",
    ],
)
def test_awkward_english_from_the_walkthrough_is_gone(phrase: str) -> None:
    """The phrases a native read flagged no longer appear anywhere in the English result or form."""
    from calculators import form_definition

    r = result(
        {
            "household_size": "3",
            "electricity_yen": "8000",
            "city_gas_m3": "20",
            "gasoline_l": "30",
            "water_m3": "40",
        },
        "en",
    )
    text = json.dumps([r, form_definition("en")], ensure_ascii=False)
    assert phrase not in text


def test_whole_tonne_rounding_is_no_more_than_one_unit() -> None:
    """Property: the tonnes bought cover the offset and exceed it by less than one unit."""
    for kg in (1, 999, 1000, 1001, 2030, 12_345.6):
        bought = _model.tonnes_to_buy(kg, 1)
        assert bought >= kg / 1000 - 1e-9
        assert bought - kg / 1000 < 1
        assert math.isclose(bought, round(bought))


@pytest.mark.live_data
def test_english_result_writes_dates_in_english() -> None:
    """2023-10-11/2025-03-31 reads 11 October 2023 – 31 March 2025; 2025-07 reads July 2025."""
    r = result({"electricity_kwh": "300"}, "en")
    periods = [c["period"] for c in r["offset"]["market_context"]]
    assert "11 October 2023 – 31 March 2025" in periods
    assert "July 2025" in periods
    assert not [p for p in periods if ISO_DATE.search(p)]


@pytest.mark.live_data
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_averages_name_the_year_of_their_data(lang: str) -> None:
    """The average a household is compared with says its survey year, and that year is the
    data's (averages.toml): a new survey year changes the label with no code edit."""
    from calculators import _messages
    from calculators._api import period_text

    for label, _ in _messages.AVERAGES[lang].values():
        assert not re.search(r"(19|20)\d\d", label), label
    r = result({"household_size": "3", "electricity_kwh": "300"}, lang)
    figs = load_figures()
    shown = {c["id"]: c["label"] for c in [r["average"], r["average_per_person"]]}
    assert shown == {
        "moe_kateico2_fy2022": _messages.AVERAGES[lang]["moe_kateico2_fy2022"][0].format(
            period=period_text(figs["average.moe_household_3"], lang)
        ),
        "gio_per_person_fy2022": _messages.AVERAGES[lang]["gio_per_person_fy2022"][0].format(
            period=period_text(figs["average.gio_per_person"], lang)
        ),
    }
