"""The data files in calculators/data/: every figure is sourced, and broken files fail clearly."""

from __future__ import annotations

import re
from pathlib import Path

import data_checks
import pytest

from calculators import DataError, load_figures
from calculators._data import (
    CONFIDENCE_CODES,
    CONFIDENCE_TEXT,
    DATA_DIR_ENV,
    UNITS_JA,
    load_figures_from,
    period_ja,
    unit_is_symbolic,
)
from calculators._engine import REQUIRED_FIGURES, check_figures

DATA = Path(__file__).resolve().parents[2] / "calculators" / "data"

GOOD = """
[fuel.gasoline]
value = 2.29
unit = "kg-CO2/L"
label_ja = "ガソリン"
label_en = "Gasoline"
publisher = "環境省・経済産業省"
document = "算定方法・排出係数一覧"
fiscal_year = "2023"
url = "https://policies.env.go.jp/earth/ghg-santeikohyo/calc.html"
note = ""
"""


def load_temp(tmp_path: Path, name: str, text: str) -> None:
    """Write ``text`` to a temporary TOML file and load it as the engine would."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    load_figures_from({path.name: path.read_text(encoding="utf-8")})


def test_shipped_files_load_and_hold_every_figure_the_engine_needs() -> None:
    """All TOML files load, and every figure the engine uses is present and well formed."""
    figs = load_figures()
    assert set(REQUIRED_FIGURES) <= set(figs)
    check_figures(figs)
    assert {p.name for p in DATA.glob("*.toml")} == {
        "factors.toml",
        "averages.toml",
        "prices.toml",
        "trees.toml",
        "actions.toml",
        "climate.toml",
        "offsetting.toml",
        "adachi.toml",
        "publishers.toml",  # the reviewed source domains, not figures (NOT_FIGURE_FILES)
    }


def test_every_figure_has_provenance_and_a_confidence_code() -> None:
    """Each figure names publisher, document, year and a web address, and how it was checked."""
    for fid, fig in load_figures().items():
        assert fig.publisher and fig.document and fig.fiscal_year, fid
        assert fig.url.startswith(("https://", "http://")), fid
        assert fig.confidence in {"V1", "V2", "S", "D", "NV"}, fid
        assert fig.label_ja and fig.label_en, fid


def test_factors_are_plausible_for_their_unit() -> None:
    """Each emission factor lies in the plausible range for its unit (a misplaced decimal
    point fails): the staff check's own rule (data_checks.check_plausible_values)."""
    assert [str(p) for p in data_checks.check_plausible_values()] == []
    checked = [
        fid
        for fid, fig in load_figures().items()
        if fig.unit in data_checks.PLAUSIBLE and not fid.startswith("action.")
    ]
    assert len(checked) >= 10


def test_a_good_temporary_file_loads(tmp_path: Path) -> None:
    """The minimal valid entry loads with its id 'group.key'."""
    path = tmp_path / "extra.toml"
    path.write_text(GOOD, encoding="utf-8")
    figs = load_figures_from({"extra.toml": path.read_text(encoding="utf-8")})
    assert figs["fuel.gasoline"].value == 2.29
    assert figs["fuel.gasoline"].file == "extra.toml"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            GOOD.replace('unit = "kg-CO2/L"\n', ""),
            "2行目: [fuel.gasoline] に unit がありません。ほかの項目と同じように unit = … の行を足してください",
        ),
        (
            GOOD.replace("value = 2.29", 'value = "2.29"'),
            '3行目: [fuel.gasoline] の value は数なので " でかこまず、value = 2.29 と書いてください',
        ),
        (
            GOOD.replace("value = 2.29", 'value = "2,29"'),
            '3行目: [fuel.gasoline] の value は数なので " でかこまず、小数点はカンマではなくドットにして、value = 2.29 と書いてください',
        ),
        (
            GOOD.replace("value = 2.29", "value = 2,29"),
            "3行目: 小数点はカンマではなくドット（2.29）です。value = 2.29 と書いてください",
        ),
        (
            GOOD.replace('fiscal_year = "2023"', 'fiscal_year = "2023'),
            '9行目: 文字列の終わりの " がありません。行の最後に " を足してください（fiscal_year = "2023"）',
        ),
        (
            GOOD.replace("value = 2.29", "value = -1"),
            "3行目: [fuel.gasoline] の value は0以上の数です（いまは -1）",
        ),
        (
            GOOD.replace("value = 2.29", "value = nan"),
            "3行目: [fuel.gasoline] の value は0以上の数です（いまは nan）",
        ),
        (
            GOOD.replace("value = 2.29", "value = ２.２９"),
            "3行目: 数は半角で、value = 2.29 のように書いてください",
        ),
        (
            GOOD.replace('note = ""', "note = 3"),
            '11行目: [fuel.gasoline] の note は文字です。note = "3" のように " でかこんでください',
        ),
        (
            GOOD.replace('note = ""', 'note = ""\nvlaue = 1'),
            "12行目: [fuel.gasoline] の キー「vlaue」は使えません。もしかして value ですか？",
        ),
        (
            GOOD.replace('note = ""', 'note = ""\nconfidence = "v1"'),
            "12行目: [fuel.gasoline] の confidence は V1、V2、S、D、NV のどれかです（いまは 'v1'）。もしかして V1 ですか？",
        ),
        (
            GOOD.replace('note = ""', 'note = ""\nscaling = "double"'),
            "12行目: [fuel.gasoline] の scaling は fixed、share、factor のどれかです",
        ),
        (
            GOOD.replace("value = 2.29", "value = 2.29\nvalue = 3"),
            "4行目: 同じ項目に value が2回書かれています。どちらか1行を消してください",
        ),
        (
            GOOD.replace("[fuel.gasoline]", "[fuel.gasoline"),
            "2行目: 項目の名前を閉じる ] がありません。[fuel.gasoline] のように書いてください",
        ),
        ("fuel = 3\n", "1行目: 「fuel = …」が項目の外にあります。"),
        (
            GOOD.replace("value = 2.29", "value = 2.2O"),
            "3行目: value の値「2.2O」に、数字に似た文字（O、l、I）があります。"
            "もしかして value = 2.20 ですか？数は半角の数字で書いてください",
        ),
    ],
)
def test_a_broken_file_names_the_file_the_line_and_the_fix(
    tmp_path: Path, broken: str, message: str
) -> None:
    """Loading a broken TOML fails with one Japanese sentence: the file, the line as the
    editor shows it, what is wrong and how to write it (tomllib's English is translated)."""
    with pytest.raises(DataError) as caught:
        load_temp(tmp_path, "broken.toml", broken)
    assert str(caught.value).startswith("calculators/data/broken.toml ")
    assert message in str(caught.value)
    line = int(message.split("行目")[0])
    assert (caught.value.path, caught.value.line) == ("calculators/data/broken.toml", line)
    assert "\n" not in str(caught.value)


def test_an_id_defined_in_two_files_is_an_error() -> None:
    """The same 'group.key' in two files is refused, naming both files."""
    with pytest.raises(DataError) as caught:
        load_figures_from({"a.toml": GOOD, "b.toml": GOOD})
    assert str(caught.value) == (
        "calculators/data/b.toml 2行目: [fuel.gasoline] は calculators/data/a.toml にもあります。"
        "同じ名前（ID）の項目は1つのファイルに1つだけ書いてください"
    )


def test_an_action_with_an_unknown_source_is_refused() -> None:
    """An action that 'saves' a source the model does not know fails, naming file and entry."""
    action = (
        GOOD.replace("[fuel.gasoline]", "[action.bike]")
        + 'saves = ["bicycle"]\nscaling = "fixed"\n'
    )
    figs = dict(load_figures())
    figs.update(load_figures_from({"actions_extra.toml": action}))
    with pytest.raises(
        DataError,
        match=r"calculators/data/actions_extra.toml: \[action.bike\]: "
        r"saves has unknown source\(s\) bicycle",
    ):
        check_figures(figs)


def test_a_missing_required_figure_is_named() -> None:
    """If a figure the engine needs is deleted, the error names its id."""
    figs = dict(load_figures())
    del figs["water.tokyo"]
    with pytest.raises(DataError, match=r"missing figure.*water\.tokyo"):
        check_figures(figs)


def test_data_files_ship_in_the_wheel_pattern() -> None:
    """Data files sit directly in calculators/data/ so the wheel's 'data/*.toml' includes them."""
    assert all(p.parent == DATA for p in DATA.rglob("*.toml"))


def test_a_pinned_test_copy_replaces_values_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$CALCULATORS_DATA_DIR (the engine tests' fixed copy) pins values of ids the real data has;
    everything else (other figures, texts, ids the real data no longer has) comes from the real data."""
    live = load_figures()
    pinned = GOOD.replace("[fuel.gasoline]", "[electricity.national_average]").replace(
        "value = 2.29", "value = 0.999"
    ) + GOOD.replace("[fuel.gasoline]", "[fuel.hydrogen]")
    (tmp_path / "factors.toml").write_text(pinned, encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    figs = load_figures()
    assert figs["electricity.national_average"].value == 0.999
    assert (
        figs["electricity.national_average"].document
        == live["electricity.national_average"].document
    )
    assert figs["fuel.gasoline"] == live["fuel.gasoline"]
    assert "fuel.hydrogen" not in figs
    assert set(figs) == set(live)


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Symbols and names that read the same on a Japanese page.
JA_ALLOWED_LATIN = {"kg", "CO", "kWh", "GtCO", "ppm"}


def test_every_unit_and_period_has_a_japanese_form() -> None:
    """Units and periods from the data files appear in the page's language: on Japanese
    pages no English word (yr, yen, share, long-standing…) is left, and English pages keep
    the data's own text."""
    problems = []
    for fid, fig in load_figures().items():
        unit_ja, period = fig.unit_in("ja"), fig.period_in("ja")
        words = set(LATIN_WORD.findall(unit_ja + " " + period)) - JA_ALLOWED_LATIN
        if words:
            problems.append(
                f"calculators/data/{fig.file}: [{fid}] shows {sorted(words)} on Japanese pages: "
                f"unit {fig.unit!r} → {unit_ja!r}, fiscal_year {fig.fiscal_year!r} → {period!r}. "
                "Add the unit to UNITS_JA in calculators/_data.py, or write fiscal_year_ja."
            )
        assert fig.unit_in("en") == fig.unit and fig.period_in("en") == fig.fiscal_year
    assert problems == [], "\n".join(problems)


def test_unit_and_period_translation_rules() -> None:
    """Symbol-only units need no translation; English-word units must be listed; periods follow rules."""
    assert unit_is_symbolic("kg-CO2/kWh") and unit_is_symbolic("ppm") and unit_is_symbolic("°C")
    assert not unit_is_symbolic("kWh/yr") and not unit_is_symbolic("yen/t-CO2")
    assert all(not unit_is_symbolic(u) for u in UNITS_JA), "listed units must need a translation"
    assert UNITS_JA["kWh/yr"] == "kWh/年" and UNITS_JA["yen/t-CO2"] == "円/t-CO2"
    assert period_ja("FY2024") == "2024年度"
    assert period_ja("2022–2023") == "2022〜2023年"
    assert period_ja("2000s") == "2000年代"
    assert period_ja("2025-07") == "2025年7月"
    assert period_ja("2023-10-11/2025-03-31") == "2023年10月11日〜2025年3月31日"
    assert period_ja("long-standing") is None


def test_a_period_without_a_rule_takes_fiscal_year_ja() -> None:
    """An entry whose period has no rule shows its fiscal_year_ja on Japanese pages."""
    text = GOOD.replace(
        'fiscal_year = "2023"', 'fiscal_year = "long-standing"\nfiscal_year_ja = "従来の値"'
    )
    fig = load_figures_from({"x.toml": text})["fuel.gasoline"]
    assert fig.period_in("ja") == "従来の値"
    assert fig.period_in("en") == "long-standing"


def test_every_confidence_code_reads_in_words_in_both_languages() -> None:
    """Tables show confidence in words: 公表資料で確認 / 二次資料 / 未確認 and their English."""
    for lang in ("ja", "en"):
        assert set(CONFIDENCE_CODES) <= set(CONFIDENCE_TEXT[lang])
    assert CONFIDENCE_TEXT["ja"]["V1"] == "公表資料で確認"
    assert CONFIDENCE_TEXT["ja"]["S"] == "二次資料"
    assert CONFIDENCE_TEXT["ja"]["NV"] == "未確認"
    assert CONFIDENCE_TEXT["en"]["NV"] == "not verified"
    fig = load_figures()["credit.gx_ets_upper"]
    assert fig.confidence_in("ja") == "二次資料"
    assert fig.confidence_in("en") == "secondary source"


def test_the_calculator_lists_its_factors_with_units_and_years_in_the_page_language() -> None:
    """The factors table of a result shows the data's year as 2024年度 on Japanese pages and
    as written (FY2024) in English, whatever year the data holds."""
    from calculators import estimate_from_raw

    figs = load_figures()
    raw = {"electricity_kwh": "300", "gasoline_l": "20"}
    ja = {f["id"]: f for f in estimate_from_raw(raw, "ja")["result"]["factors"]}
    en = {f["id"]: f for f in estimate_from_raw(raw, "en")["result"]["factors"]}
    for fid in ("electricity.national_average", "fuel.gasoline"):
        written = figs[fid].fiscal_year
        japanese = re.sub(r"^FY(\d{4})$", r"\1年度", written)
        japanese = re.sub(r"^(\d{4})$", r"\1年", japanese)
        assert ja[fid]["fiscal_year"] == japanese
        assert en[fid]["fiscal_year"] == written
    assert ja["electricity.national_average"]["fiscal_year"].endswith("年度")
    assert ja["electricity.national_average"]["unit"] == "kg-CO₂/kWh"  # CO₂ as readers see it
