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
    """The number in a visible slot (several slots may share a name: the plural forms)."""
    texts = page.eval_on_selector_all(
        f'[data-class-output="{name}"]',
        "els => els.filter(e => e.getClientRects().length).map(e => e.textContent)",
    )
    assert texts, f"no visible [data-class-output={name!r}]"
    return float(re.sub(r"[^\d.\-]", "", texts[0]))


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


def paste(page: Any, text: str, households: int) -> None:
    """Paste as a teacher does (the runtime starts on this first input) and wait for the count.

    The text goes in at once with one input event, as a paste does (typing megabytes
    through fill() is slower than any teacher's paste)."""
    page.eval_on_selector(
        "[data-class-input]",
        "(el, text) => { el.value = text; el.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})); }",
        text,
    )
    page.wait_for_selector(CLASS_READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "n => document.querySelector('[data-class-page]').dataset.households === String(n)",
        arg=households,
        timeout=LOAD_TIMEOUT_MS,
    )


def runtime_requests(page: Any) -> list[str]:
    return [u for u in page.requests.urls if "/assets/pyodide/" in u or u.endswith("/worker.js")]


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
    box = page.locator("[data-class-input]")
    assert box.evaluate("el => el.tagName") == "TEXTAREA"
    paste(page, text, 35)

    assert shown(page, "households") == 35
    assert shown(page, "total_kg_per_year") == expected["total_kg_per_year"]
    assert shown(page, "household_median") == expected["household_kg_per_year"]["median"]
    assert shown(page, "household_mean") == expected["household_kg_per_year"]["mean"]
    assert shown(page, "per_person_max") == expected["per_person_kg_per_year"]["max"]
    assert shown(page, "per_person_mean") == expected["per_person_kg_per_year"]["mean"]
    assert shown(page, "cut_tonnes") == expected["cut_tonnes"]
    assert shown(page, "remaining_tonnes") == expected["remaining_tonnes"]
    marked = page.eval_on_selector_all(
        "[data-class-error-line]",
        "els => els.map(e => [Number(e.dataset.classErrorLine), e.textContent])",
    )
    assert [line for line, _ in marked] == [r["line"] for r in expected["rejected"]]
    for (_, text_shown), rejected in zip(marked, expected["rejected"], strict=True):
        assert rejected["message"] in text_shown
    # The count of rejected lines sits under the heading, above the figures, and links to the list.
    rejected_notice = page.locator('[data-class-notice="rejected"]')
    assert rejected_notice.is_visible()
    assert shown(page, "rejected_lines") == 3
    assert rejected_notice.locator("a").get_attribute("href") == "#class-rejected"
    heading = page.locator("#class-results-heading").bounding_box()
    notice_box = rejected_notice.bounding_box()
    headline = page.locator("[data-class-headline]").bounding_box()
    assert heading["y"] < notice_box["y"] < headline["y"]
    rejected_notice.locator("a").click()
    assert page.evaluate("document.activeElement.id") == "class-rejected"
    # The header line is named, not silently skipped.
    assert page.locator('[data-class-notice="header"]').is_visible()
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


@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("/en", "en")])
def test_a_forms_export_with_two_codes_on_a_line_a_repeat_and_a_handwritten_slip(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """Issue 19's "done when": 35 households from a form export, as a teacher pastes it.

    Two siblings typed both codes into one answer, one pupil answered twice, and one
    code was copied by hand with o for 0 and l for 1. All 35 households count, the
    repeat is named with its line and counted once, and no good line is lost.
    """
    codes = class_codes(35, seed=19)
    handwritten = codes[7].lower().replace("0", "o").replace("1", "l")
    assert handwritten.upper() != codes[7]
    rows = ["タイムスタンプ,クラスコード"]
    answers = [*codes[:7], handwritten, *codes[8:]]
    answers[20:22] = [f"{answers[20]}, {answers[21]}"]  # two codes in one answer
    for i, answer in enumerate(answers):
        rows.append(f'"2026/11/30 9:{i:02d}:00","{answer}"')
    rows.append(f'"2026/11/30 9:59:00","{codes[3]}"')  # the same pupil again
    text = "\n".join(rows)
    repeat_line = len(rows)  # lines count from 1 and the header is line 1

    page.goto(f"{site_url}{prefix}/schools/class/")
    paste(page, text, 35)
    assert shown(page, "households") == 35
    expected = cli_class(text, lang)
    assert expected["households"] == 35 and expected["rejected"] == []
    assert shown(page, "total_kg_per_year") == expected["total_kg_per_year"]
    assert page.locator("[data-class-error-line]").count() == 0
    assert page.locator("[data-class-rejected]").is_hidden()
    repeats = page.eval_on_selector_all(
        "[data-class-duplicate-line]",
        """els => els.map(e => [e.dataset.classDuplicateLine,
            e.querySelector('[data-slot="line"]').textContent,
            e.querySelector('[data-slot="first_line"]').textContent])""",
    )
    # The repeat names its line and the line it repeats (codes[3] is on line 5).
    assert repeats == [[str(repeat_line), str(repeat_line), "5"]]
    assert page.locator('[data-class-notice="duplicates"]').is_visible()
    assert page.locator('[data-class-notice="corrected"]').is_visible()
    assert shown(page, "corrected_count") == 1
    # Two households really had the same result: count repeated codes.
    page.locator("[data-class-count-duplicates]").check()
    page.wait_for_function(
        "() => document.querySelector('[data-class-page]').dataset.households === '36'"
    )
    assert shown(page, "households") == 36
    assert page.locator("[data-class-duplicate-line] [data-slot='counted']").is_visible()
    assert page.page_errors == []


def test_the_class_page_starts_the_runtime_only_when_asked(page: Any, site_url: str) -> None:
    """Issue 20: opening the page loads no runtime; the start button loads it, saying so."""
    page.goto(f"{site_url}/schools/class/")
    page.wait_for_load_state("networkidle")
    root = page.locator("[data-class-page]")
    assert root.get_attribute("data-state") == "idle"
    assert page.locator('[data-class-status="idle"]').is_visible()
    assert runtime_requests(page) == []
    page.locator('[data-action="start-class"]').click()
    assert root.get_attribute("data-state") in ("loading", "ready")
    if root.get_attribute("data-state") == "loading":
        assert page.locator('[data-class-status="loading"]').is_visible()
    page.wait_for_selector(CLASS_READY, timeout=LOAD_TIMEOUT_MS)
    assert page.locator('[data-class-status="ready"]').is_visible()
    assert runtime_requests(page)
    assert page.evaluate("document.activeElement.matches('[data-class-input]')")
    assert page.page_errors == []


def test_ten_thousand_bad_lines_list_a_hundred_and_count_them_all(page: Any, site_url: str) -> None:
    """Issue 24: 10,000 bad lines (parsed in the worker) never become 10,000 elements."""
    codes = class_codes(3, seed=24)
    bad = "C2-1-2-3-4-5-6-7-8-9-ZZZZ わすれました " * 6
    text = "\n".join([*codes, *[bad] * 10_000])
    page.goto(f"{site_url}/schools/class/")
    paste(page, text, 3)
    assert page.locator("[data-class-error-line]").count() == 100
    assert page.locator("[data-class-busy]").is_hidden()
    assert shown(page, "rejected_lines") == 10_000
    assert page.locator('[data-class-notice="rejected_more"]').is_visible()
    assert page.page_errors == []


def test_calculator_result_shows_a_class_code_the_class_page_reads(
    browser: Any, site_url: str
) -> None:
    """The code under a result is the engine's; on a 375 px phone it breaks only between its
    groups; the live summary links to it; copying gives the plain code."""
    raw = {
        "household_size": "5",
        "electricity_kwh": "450",
        "lpg_m3": "15",
        "kerosene_l": "36",
        "gasoline_l": "60",
    }
    expected = json.loads(web.run(json.dumps(raw), "ja"))["result"]["class_code"]
    query = "&".join(f"{k}={v}" for k, v in raw.items())
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    try:
        page.goto(f"{site_url}/calculator/?{query}")
        page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(
            "code => document.querySelector('[data-output=\"class_code\"]').textContent === code",
            arg=expected,
        )
        button = page.locator('[data-action="copy-class-code"]')
        assert button.is_visible()
        assert button.inner_text().strip() == "クラスコードをコピー"
        button.click()
        page.wait_for_selector("[data-class-code-done]", state="visible")
        assert page.evaluate("() => navigator.clipboard.readText()") == expected
        # Each group on one line; the code as a whole wraps (so the check means something).
        lines = page.eval_on_selector(
            '[data-output="class_code"]',
            """el => {
                const tops = new Set();
                const groups = [...el.childNodes].filter(n => n.nodeType === 3).map(node => {
                    const range = document.createRange();
                    range.selectNodeContents(node);
                    const rects = [...range.getClientRects()];
                    rects.forEach(r => tops.add(Math.round(r.top)));
                    return rects.length;
                });
                return {groups, lines: tops.size};
            }""",
        )
        assert lines["groups"] and all(n == 1 for n in lines["groups"]), lines
        assert lines["lines"] >= 2, lines
        link = page.locator("[data-calculator-summary] [data-summary-class-code]")
        assert link.get_attribute("href") == "#calc-class-code-heading"
        link.click()
        box = page.locator("#calc-class-code-heading").bounding_box()
        assert 0 <= box["y"] < 800
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/schools/", "/en/schools/", "/kids/"])
def test_diagrams_are_room_size_at_1366_px(browser: Any, site_url: str, path: str) -> None:
    """Issue 19: on a 1366 px projector each diagram is at least 560 px wide and its smallest
    text at least 18 px; each opens on its own (for a projector or a printout)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(site_url + path)
        sizes = page.eval_on_selector_all(
            "figure.diagram svg",
            """els => els.map(svg => {
                const width = svg.getBoundingClientRect().width;
                const scale = width / svg.viewBox.baseVal.width;
                const text = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale);
                return {width, smallest: Math.min(...text)};
            })""",
        )
        assert len(sizes) == 3
        for size in sizes:
            assert size["width"] >= 560, sizes
            assert size["smallest"] >= 18, sizes
        # Every box's text fits inside its box.
        overflow = page.eval_on_selector_all(
            "figure.diagram svg rect",
            """rects => rects.flatMap(rect => {
                const box = rect.getBBox();
                const texts = [];
                let node = rect.nextElementSibling;
                while (node && node.tagName === 'text') { texts.push(node); node = node.nextElementSibling; }
                return texts.filter(t => { const b = t.getBBox(); return b.x < box.x || b.x + b.width > box.x + box.width; })
                            .map(t => t.textContent);
            })""",
        )
        assert overflow == []
        alone = page.locator("figure.diagram .diagram__alone").first
        response = page.request.get(alone.evaluate("a => a.href"))
        assert response.ok and response.headers["content-type"].startswith("image/svg")
        assert "<title" in response.text()
    finally:
        context.close()


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


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pupil_sheet_tables_fit_a_375_px_phone(browser: Any, site_url: str, prefix: str) -> None:
    """Issue 19: on a 375 px phone neither of the sheet's tables scrolls sideways, the name
    line reads 「＿年＿組＿番」, and no table of contents shows furigana inline."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{prefix}/schools/sheet/")
        scrolling = page.eval_on_selector_all(
            "article table",
            """tables => tables.flatMap(t => [t, t.closest('.md-typeset__scrollwrap'), t.closest('.md-typeset__table')])
                .filter(Boolean).filter(el => el.scrollWidth > el.clientWidth + 1)
                .map(el => `${el.tagName}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`)""",
        )
        assert scrolling == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        if not prefix:
            name_line = page.eval_on_selector(
                ".sheet-name",
                "el => [...el.childNodes].map(n => n.nodeType === 1 && n.classList.contains('sheet-blank') ? '＿' : n.textContent.replace(/[ぁ-ん]/g, '')).join('')",
            )
            assert name_line.startswith("＿年＿組＿番")
        toc = page.locator(".md-sidebar--secondary .md-nav__link:visible")
        assert toc.count() == 0 or "つか" not in toc.all_inner_texts()
    finally:
        context.close()
