"""The classroom in real Chromium: a class's codes added up on /schools/class/ with the
same engine as the command line, the class code under the calculator's result, and
the printouts (class results on one A4 page)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calculators import action_ids, web

ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT_MS = 180_000
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CLASS_READY = '[data-class-page][data-state="ready"]'


def class_codes(count: int, seed: int) -> list[str]:
    """Codes of ``count`` plausible households, made by the engine as the calculator does."""
    rng = random.Random(seed)
    codes = []
    for _ in range(count):
        raw = {
            "household_size": str(rng.randint(1, 6)),
            "electricity_kwh": str(rng.randint(120, 700)),
            "city_gas_m3": str(rng.choice([0, rng.randint(10, 60)])),
            "gasoline_l": str(rng.choice([0, 0, rng.randint(10, 80)])),
            "kerosene_l": str(rng.choice([0, 0, 0, rng.randint(10, 40)])),
            "water_m3": str(rng.randint(20, 60)),
            "water_period": "two_months",
            "actions": ",".join(a for a in action_ids() if rng.random() < 0.3),
        }
        codes.append(json.loads(web.run(json.dumps(raw), "ja"))["result"]["class_code"])
    return codes


def cli_class(text: str, lang: str) -> dict[str, Any]:
    """`python -m calculators class --lang …`, as a teacher could check the page."""
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "class", "--lang", lang],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def shown(page: Any, name: str) -> float:
    text = page.inner_text(f'[data-class-output="{name}"]')
    return float(re.sub(r"[^\d.\-]", "", text))


def axe_violations(page: Any) -> list[str]:
    # evaluate, not add_script_tag: the page's meta CSP (overrides/hooks/csp.py) blocks inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        f"{v['id']}: {v['help']} → {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


def pdf_pages(page: Any) -> int:
    pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("/en", "en")])
def test_class_of_35_with_3_bad_lines_matches_the_command_line(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """35 pasted codes and 3 bad lines: totals equal the CLI, the 3 lines are marked, the rest count."""
    codes = class_codes(35, seed=35)
    good = codes[0]
    bad = [
        good[:-2],  # truncated
        good.replace("-", "-9", 2).replace("-9", "-", 1),  # a digit typed into the size: tampered
        "わすれました / forgot",
    ]
    lines = ["出席番号,クラスコード"] + [f"{i + 1},{c}" for i, c in enumerate(codes)]
    lines[10:10] = [f"36,{bad[0]}"]
    lines[20:20] = [f"37,{bad[1]}"]
    lines.append(f"38,{bad[2]}")
    text = "\n".join(lines)
    expected = cli_class(text, lang)
    assert expected["households"] == 35 and len(expected["rejected"]) == 3

    page.goto(f"{site_url}{prefix}/schools/class/")
    page.wait_for_selector(CLASS_READY, timeout=LOAD_TIMEOUT_MS)
    box = page.locator("[data-class-input]")
    assert box.evaluate("el => el.tagName") == "TEXTAREA"
    box.fill(text)
    page.wait_for_function(
        "() => document.querySelector('[data-class-page]').dataset.households === '35'"
    )

    assert shown(page, "households") == 35
    assert shown(page, "total_kg_per_year") == round(expected["total_kg_per_year"])
    assert shown(page, "household_median") == round(expected["household_kg_per_year"]["median"])
    assert shown(page, "per_person_max") == round(expected["per_person_kg_per_year"]["max"])
    assert shown(page, "cut_tonnes") == round(expected["cut_tonnes"], 2)
    assert shown(page, "remaining_tonnes") == round(expected["remaining_tonnes"], 2)
    marked = page.eval_on_selector_all(
        "[data-class-error-line]",
        "els => els.map(e => [Number(e.dataset.classErrorLine), e.textContent])",
    )
    assert [line for line, _ in marked] == [r["line"] for r in expected["rejected"]]
    for (_, text_shown), rejected in zip(marked, expected["rejected"], strict=True):
        assert rejected["message"] in text_shown
    assert page.locator("html").get_attribute("lang") == lang
    # The chart is an image with a name, and a table carries the same numbers.
    assert page.locator("[data-class-chart][role='img'] title").text_content()
    rows = page.eval_on_selector_all('[data-class-table="sources"] tbody tr', "els => els.length")
    assert rows == 7
    assert page.requests.foreign() == []
    assert page.page_errors == []
    assert axe_violations(page) == []
    # The class's result prints on one A4 page.
    page.emulate_media(media="print")
    assert page.locator(".page-meta__updated").is_visible(), "the printout shows its date"
    assert not page.locator("[data-class-input]").is_visible()
    assert pdf_pages(page) == 1


def test_calculator_result_shows_a_class_code_the_class_page_reads(
    page: Any, site_url: str
) -> None:
    """The code under a result is the engine's, and pasting it counts that household."""
    raw = {"household_size": "4", "electricity_kwh": "350", "city_gas_m3": "30"}
    expected = json.loads(web.run(json.dumps(raw), "ja"))["result"]["class_code"]
    query = "&".join(f"{k}={v}" for k, v in raw.items())
    page.goto(f"{site_url}/calculator/?{query}")
    page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "code => document.querySelector('[data-output=\"class_code\"]').textContent === code",
        arg=expected,
    )
    button = page.locator('[data-action="copy-class-code"]')
    assert button.is_visible()
    assert button.inner_text().strip() == "クラスコードをコピー"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pupil_sheet_prints_on_at_most_two_a4_pages(page: Any, site_url: str, prefix: str) -> None:
    """The pupil sheet (A4, print media) fits 2 pages, with its blanks and big figures."""
    page.goto(f"{site_url}{prefix}/schools/sheet/")
    page.emulate_media(media="print")
    blanks = page.locator(".sheet-blank")
    assert blanks.count() >= 20
    # A blank takes a 5-digit number written by hand: at least 30 mm (113 CSS px).
    narrowest = min(
        page.eval_on_selector_all(
            ".sheet-blank:not(.sheet-blank--short)",
            "els => els.map(e => e.getBoundingClientRect().width)",
        )
    )
    assert narrowest >= 113
    big = page.eval_on_selector(".sheet-big td", "el => parseFloat(getComputedStyle(el).fontSize)")
    body = page.eval_on_selector(".md-typeset p", "el => parseFloat(getComputedStyle(el).fontSize)")
    assert big > body
    assert page.locator(".page-meta__updated").is_visible(), "the printout shows its date"
    pages = pdf_pages(page)
    assert 1 <= pages <= 2, f"{prefix}/schools/sheet/ prints on {pages} A4 pages"
    print(f"\n[classroom] pupil sheet {prefix or '/'}: {pages} A4 pages")


@pytest.mark.parametrize(
    "path",
    [
        "/schools/",
        "/en/schools/",
        "/schools/sheet/",
        "/en/schools/sheet/",
        "/kids/",
        "/en/kids/",
        "/",
    ],
)
def test_classroom_pages_pass_axe_and_show_their_diagrams(
    page: Any, site_url: str, path: str
) -> None:
    """No WCAG A/AA violation; each diagram is an image named by its title and description."""
    page.goto(site_url + path)
    assert axe_violations(page) == []
    diagrams = page.locator("figure.diagram svg[role='img']")
    if path in ("/schools/", "/en/schools/", "/kids/", "/en/kids/"):
        assert diagrams.count() == 3
    else:
        assert diagrams.count() >= (1 if path == "/" else 0)
    for i in range(diagrams.count()):
        svg = diagrams.nth(i)
        ids = (svg.get_attribute("aria-labelledby") or "").split()
        assert len(ids) == 2
        title, desc = (page.locator(f"[id='{i_}']").text_content() for i_ in ids)
        assert title and desc and len(desc) > len(title)
    assert page.page_errors == []
