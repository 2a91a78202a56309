"""The "How to offset" page (issue 10): built in both languages, under 行動する / Act,
linked from the home page's third step, with its prices rendered from the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators import load_figures

TAB = re.compile(r'<a href="([^"]*)" class="md-tabs__link">\s*(\S[^<]*?)\s*</a>')


@pytest.mark.parametrize(
    ("prefix", "heading", "act", "next_section"),
    [
        ("", "カーボン・オフセットのしかた", "行動する", "学校・こども"),
        ("en/", "How to offset", "Act", "Schools and children"),
    ],
)
def test_offsetting_page_is_built_and_listed_under_act(
    built_site: Path, prefix: str, heading: str, act: str, next_section: str
) -> None:
    """/offsetting/ and /en/offsetting/ exist, and the navigation lists them under 行動する / Act."""
    page = (built_site / prefix / "offsetting" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<h1[^>]*>{re.escape(heading)}<", page)
    home = (built_site / prefix / "index.html").read_text(encoding="utf-8")
    tabs = {label: href for href, label in TAB.findall(home)}
    assert act in tabs
    nav = home[home.index("md-nav--primary") :]
    section = nav[nav.index(f"{act}\n") : nav.index(f"{next_section}\n")]
    assert 'href="offsetting/"' in section


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_home_page_third_step_links_to_the_offsetting_page(built_site: Path, prefix: str) -> None:
    """The third step card on the home page links to How to offset."""
    home = (built_site / prefix / "index.html").read_text(encoding="utf-8")
    content = home[home.index('class="md-content"') :]
    assert 'href="offsetting/"' in content


@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("en/", "en")])
def test_offsetting_page_shows_municipal_prices_from_the_data(
    built_site: Path, prefix: str, lang: str
) -> None:
    """Prices come from calculators/data/offsetting.toml through markers, in the page's language
    (11,000円/t-CO₂ and 11,000 yen/t-CO₂ for the data's 11000 yen/t-CO2)."""
    fig = load_figures()["credit.municipal_forest_murakami"]
    unit = fig.unit_in(lang).replace("CO2", "CO₂")
    price = f"{fig.value:,.0f}{'' if lang == 'ja' else ' '}{unit}"
    page = (built_site / prefix / "offsetting" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)  # the glossary wraps t-CO₂ in <abbr>
    assert price in text
    assert "<!-- md:" not in page
