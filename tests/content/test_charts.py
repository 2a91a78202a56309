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
    assert len(points) == len(data) == 67
    # SVG y grows downwards: the smallest y is the highest value.
    top = min(range(len(points)), key=lambda i: points[i][1])
    low = max(range(len(points)), key=lambda i: points[i][1])
    assert data[top] == (2025, 427.35)
    assert data[low] == (1959, 315.98)
    assert "2025: 427.35" in html and "1959: 315.98" in html
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
    assert len(points) == len(data) == 176
    top = min(range(len(points)), key=lambda i: points[i][1])
    assert data[top][0] == year == 2024
    assert f"{year}: +{value - mean:.2f}" in html  # +1.53 above 1850–1900
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
    with pytest.raises(PluginError, match=r"docs/x/index.md, line 3: unknown chart 'co2'"):
        charts.expand("a\n\n<!-- md:chart co2 -->\n", "ja", "x/index.md")


def test_broken_csv_stops_with_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "global-warming"
    folder.mkdir()
    (folder / "noaa-co2-annmean-mlo.csv").write_text(
        "year,mean_ppm,unc_ppm\n1959,315.98,0.12\n1960,n/a,0.12\n", encoding="utf-8"
    )
    monkeypatch.setattr(charts, "DOCS", tmp_path)
    with pytest.raises(PluginError) as error:
        charts.expand("<!-- md:chart co2-concentration -->", "ja", "global-warming/index.md")
    message = str(error.value)
    assert "docs/global-warming/index.md, line 1" in message
    assert "noaa-co2-annmean-mlo.csv, line 3: column mean_ppm is 'n/a', not a number" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("year,ppm\n1959,315.98\n", "header lacks column(s) mean_ppm"),
        (
            "year,mean_ppm\n1959,315.98\n1960,316.91,extra\n",
            "line 3: 3 field(s), but the header has 2",
        ),
        ("year,mean_ppm\n1960,316.91\n1959,315.98\n", "line 3: year 1959 is not after 1960"),
        ("year,mean_ppm\n", "no data rows"),
    ],
)
def test_malformed_series_is_rejected(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PluginError, match=re.escape(expected)):
        charts.read_series(path, "year", "mean_ppm")
