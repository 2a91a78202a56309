"""The chart hook (overrides/hooks/charts.py) draws the real data, accessibly, and
stops the build with a file and line when a data file is broken.

The hook is imported by path, as MkDocs does, and run on the CSV files that the
site publishes; expected values are read from the same files independently.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs" / "global-warming"


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("charts_hook", ROOT / "overrides/hooks/charts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


charts = load_hook()


def column(name: str, col: str) -> list[tuple[int, float]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [(int(r["year"]), float(r[col])) for r in csv.DictReader(handle)]


def polyline(svg: str) -> list[tuple[float, float]]:
    found = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(found) == 1, "one line per chart"
    return [(float(x), float(y)) for x, y in (p.split(",") for p in found[0].split())]


def test_co2_chart_has_one_point_per_year_and_its_highest_point_is_the_highest_year() -> None:
    data = column("noaa-co2-annmean-mlo.csv", "mean_ppm")
    html = charts.render("co2-concentration", "ja")
    points = polyline(html)
    # 1959 to the latest year staff added (67 years up to 2025; a new year adds a row).
    assert len(points) == len(data) >= 67
    # SVG y grows downwards: the smallest y is the highest value.
    top = min(range(len(points)), key=lambda i: points[i][1])
    low = max(range(len(points)), key=lambda i: points[i][1])
    highest = max(data, key=lambda row: row[1])
    assert data[top] == highest and highest[0] >= 2025
    assert data[low] == (1959, 315.98)
    assert f"{highest[0]}: {highest[1]:.2f}" in html and "1959: 315.98" in html
    # Years run left to right.
    assert [x for x, _ in points] == sorted(x for x, _ in points)


def test_temperature_chart_is_relative_to_1850_1900_of_the_same_series() -> None:
    data = column("hadcrut5-global-annual.csv", "anomaly_c_vs_1961_1990")
    base = [v for y, v in data if 1850 <= y <= 1900]
    assert len(base) == 51
    mean = sum(base) / len(base)
    year, value = max(data, key=lambda p: p[1])
    html = charts.render("temperature", "en")
    points = polyline(html)
    # 1850 to the latest year staff added (176 years up to 2025; a new year adds a row).
    assert len(points) == len(data) >= 176
    top = min(range(len(points)), key=lambda i: points[i][1])
    assert data[top][0] == year >= 2024  # the warmest year (2024 in the 2025 series)
    assert f"{year}: +{value - mean:.2f}" in html  # 2024: +1.53 above 1850–1900
    assert f"({mean:.3f} °C)".replace("-", "−") in html  # the baseline is stated: −0.357 °C
    assert "1850–1900 average (0)" in html


def test_the_charts_last_points_are_the_figures_in_the_data() -> None:
    """The last year of each series is the year and value of its data entry
    (climate.co2_mlo_2025, climate.hadcrut5_2025), so a new year updates both together."""
    from calculators import load_figures

    figs = load_figures()
    co2 = column("noaa-co2-annmean-mlo.csv", "mean_ppm")
    mlo = figs["climate.co2_mlo_2025"]
    assert co2[-1] == (int(mlo.fiscal_year), mlo.value)
    temp = column("hadcrut5-global-annual.csv", "anomaly_c_vs_1961_1990")
    mean = sum(v for y, v in temp if 1850 <= y <= 1900) / 51
    had = figs["climate.hadcrut5_2025"]
    assert temp[-1][0] == int(had.fiscal_year)
    assert round(temp[-1][1] - mean, 2) == had.value
    assert f"{had.fiscal_year} was +{had.value:.2f} °C" in charts.render("temperature", "en")
    assert f"{had.value:.2f} °C above 1850–1900" in charts.render("temperature", "en")


def test_carbon_balance_draws_four_labelled_parts_and_states_the_ratio() -> None:
    ja = charts.render("carbon-balance", "ja")
    assert ja.count("<rect") == 4
    for label in ("海 2.6", "陸 3.1", "11.5", "5.4"):
        assert label in ja
    assert "排出は吸収の約2.0倍" in ja  # 11.5 / (2.6 + 3.1)
    en = charts.render("carbon-balance", "en")
    assert "Ocean 2.6" in en and "about 2.0 times" in en


@pytest.mark.parametrize("name", sorted(charts.CHARTS))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_chart_is_an_accessible_responsive_figure_with_source_and_table(
    name: str, lang: str
) -> None:
    html = charts.render(name, lang, "c1")
    assert html.startswith("<figure") and html.endswith("</figure>")
    assert 'role="img"' in html and 'aria-labelledby="c1-title c1-desc"' in html
    assert re.search(r'<title id="c1-title">[^<]{10,}</title>', html)
    assert re.search(r'<desc id="c1-desc">[^<]{40,}</desc>', html)
    assert 'viewBox="0 0 360 ' in html and "width:100%" in html
    assert "<figcaption" in html and 'href="https://' in html
    assert "<details><summary>" in html and "<table>" in html
    assert "\n\n" not in html, "a blank line would end the raw HTML block in Markdown"
    assert "<script" not in html
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', html)]
    assert sizes and min(sizes) >= 12
    assert ("出典" in html) == (lang == "ja")


def test_marker_expands_and_links_the_csv_from_the_english_page() -> None:
    out = charts.expand(
        "a\n\n<!-- md:chart co2-concentration -->\n", "en", "global-warming/index.en.md", "../../"
    )
    assert "md:chart" not in out
    assert 'href="../../global-warming/noaa-co2-annmean-mlo.csv"' in out


def test_unknown_chart_names_the_page_and_line() -> None:
    """A typo in the chart's name: the page, the line, the name meant and the names to use."""
    with pytest.raises(PluginError) as error:
        charts.expand("a\n\n<!-- md:chart co2-concentraton -->\n", "ja", "x/index.md")
    assert str(error.value) == (
        "docs/x/index.md 3行目: グラフ「co2-concentraton」はありません。"
        "もしかして co2-concentration ですか？"
        "<!-- md:chart 名前 --> の名前は carbon-balance、co2-concentration、temperature のどれかにしてください"
    )


def test_a_chart_name_typo_is_found_without_a_build() -> None:
    """tools/dev check's step before the build: the same sentence, at the line in the whole file."""
    text = "---\ntitle: x\n---\n\n# x\n\n<!-- md:chart tempreature -->\n<!-- md:chart temperature -->\n"
    assert charts.page_problems(text) == [
        (
            7,
            "グラフ「tempreature」はありません。もしかして temperature ですか？"
            "<!-- md:chart 名前 --> の名前は carbon-balance、co2-concentration、temperature のどれかにしてください",
        )
    ]
    assert charts.page_problems("<!-- md:chart -->") == [
        (1, "<!-- md:chart 名前 --> のように、グラフの名前を1つだけ書いてください")
    ]


def test_the_published_data_files_have_no_mistake() -> None:
    assert charts.data_problems() == []


def test_a_non_number_in_the_csv_names_the_csv_s_line_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell that is not a number (a new year's value not yet known): the CSV and its line,
    not the page, in one Japanese sentence; the staff check finds the same without a build."""
    folder = tmp_path / "global-warming"
    folder.mkdir()
    (folder / "noaa-co2-annmean-mlo.csv").write_text(
        "year,mean_ppm,unc_ppm\n1959,315.98,0.12\n1960,n/a,0.12\n", encoding="utf-8"
    )
    monkeypatch.setattr(charts, "DOCS", tmp_path)
    with pytest.raises(charts.ChartDataError) as error:
        charts.expand("<!-- md:chart co2-concentration -->", "ja", "global-warming/index.md")
    where = f"{folder / 'noaa-co2-annmean-mlo.csv'} 3行目"
    sentence = (
        "mean_ppm の列の「n/a」は数ではありません。"
        "半角の数字と小数点（.）で書いてください（まだ数がない年は、行ごと消してください）"
    )
    assert str(error.value) == f"{where}: {sentence}"
    assert isinstance(error.value, PluginError)  # MkDocs stops the build and prints it
    found = [e for e in charts.data_problems() if e.path.endswith("noaa-co2-annmean-mlo.csv")]
    assert [(e.line, e.sentence) for e in found] == [(3, sentence)]


def test_the_csv_path_is_as_staff_see_it() -> None:
    """Inside the repository the file is named from its root: docs/global-warming/…csv."""
    with pytest.raises(charts.ChartDataError) as error:
        charts.read_series(DATA / "noaa-co2-annmean-mlo.csv", "year", "anomaly")
    assert str(error.value).startswith("docs/global-warming/noaa-co2-annmean-mlo.csv 1行目: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "year,ppm\n1959,315.98\n",
            "1行目: 列の名前に mean_ppm がありません。"
            "1行目を year,mean_ppm のように、コンマで区切った列の名前にしてください",
        ),
        (
            "year,mean_pmm\n1959,315.98\n",
            "1行目: 列の名前に mean_ppm がありません。「mean_pmm」を mean_ppm に直してください",
        ),
        (
            "year,mean_ppm\n1959,315.98\n1960,316.91,extra\n",
            "3行目: 値が3個ありますが、1行目の列（year,mean_ppm）は2個です。"
            "コンマで区切った値の数を1行目とそろえてください（小数点はコンマではなく . で書きます）",
        ),
        (
            "year,mean_ppm\n1960,316.91\n1959,315.98\n",
            "3行目: 1959年の行が、1960年の行の後にあります。上から年の古い順に並べてください",
        ),
        (
            "year,mean_ppm\n1959,315.98\n1959,316.91\n",
            "3行目: 1959年の行が2つあります（すぐ上の行も1959年です）。どちらか1行だけにしてください",
        ),
        ("year,mean_ppm\n1959.5,315.98\n", "2行目: year の列の「1959.5」は年ではありません"),
        (
            "year,mean_ppm\n",
            "2行目: 数の行がありません。2行目から、1行目の列の順に数を書いてください",
        ),
        ("", "1行目: ファイルが空です。1行目に列の名前（year,mean_ppm）を書き"),
        ("year,mean_ppm\n1959,\n", "2行目: mean_ppm の列が空です。数を書いてください"),
        (
            "year,mean_ppm\n1959,３１５．９８\n",
            "2行目: mean_ppm の列の「３１５．９８」には全角の文字があります。半角で 315.98 と書いてください",
        ),
        ('year,mean_ppm\n1959,"315,98"\n', "2行目: mean_ppm の列の「315,98」にコンマがあります。"),
        (
            "\ufeffyear,mean_ppm\n1959,315.98\n",
            "1行目: ファイルの先頭に見えない印（BOM）がついています。",
        ),
    ],
)
def test_malformed_series_is_rejected(tmp_path: Path, text: str, expected: str) -> None:
    """Each usual mistake in a yearly CSV: the file, the line and what to write, in Japanese."""
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(charts.ChartDataError) as error:
        charts.read_series(path, "year", "mean_ppm")
    assert str(error.value).startswith(f"{path} {expected}"), str(error.value)


def test_a_csv_saved_in_shift_jis_names_the_line_and_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("bar_ja,gtc_per_year\n排出,11.5\n".encode("shift_jis"))
    with pytest.raises(charts.ChartDataError) as error:
        charts.read_rows(path, ["bar_ja", "gtc_per_year"])
    assert str(error.value) == (
        f"{path} 2行目: 文字コードが UTF-8 ではありません。"
        "文字コードを「UTF-8（BOMなし）」にして保存しなおしてください"
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "人間の活動による排出,Emitted,化石燃料,Fossil fuels,-11.5",
            "2行目: gtc_per_year の列の「-11.5」はマイナスです。",
        ),
        ("人間の活動による排出,Emitted,化石燃料,,11.5", "2行目: part_en の列が空です。"),
    ],
)
def test_the_carbon_balance_rows_are_checked_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str, expected: str
) -> None:
    folder = tmp_path / "global-warming"
    folder.mkdir()
    path = folder / "carbon-balance-2019.csv"
    path.write_text(f"bar_ja,bar_en,part_ja,part_en,gtc_per_year\n{row}\n", encoding="utf-8")
    monkeypatch.setattr(charts, "DOCS", tmp_path)
    with pytest.raises(charts.ChartDataError) as error:
        charts.render("carbon-balance", "ja")
    assert str(error.value).startswith(f"{path} {expected}"), str(error.value)


def test_a_missing_baseline_year_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row of 1850–1900 deleted from the temperature file: the year, and why it must stay."""
    folder = tmp_path / "global-warming"
    folder.mkdir()
    text = (DATA / "hadcrut5-global-annual.csv").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("1873,")]
    (folder / "hadcrut5-global-annual.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    monkeypatch.setattr(charts, "DOCS", tmp_path)
    with pytest.raises(charts.ChartDataError) as error:
        charts.render("temperature", "en")
    assert (error.value.line, error.value.sentence) == (
        0,
        "1873年の行がありません。1850〜1900年の平均をグラフの基準にするので、この51年の行は消さずにもどしてください",
    )
