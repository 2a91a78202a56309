"""The calculator as a resident meets it, second pass (issue 23), in real Chromium against
the built site: never stuck on a bad link, honest offset costs, short on a phone with no
table scrolling sideways, everything on paper, words explained, and loading one can plan for.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

import calculators
from calculators import form_definition, load_figures

READY = '[data-calculator="household"][data-state="ready"]'
LOAD_TIMEOUT_MS = 180_000
LANGS = [("", "ja"), ("/en", "en")]
HOUSEHOLD = {
    "household_size": "3",
    "electricity_kwh": "300",
    "city_gas_m3": "30",
    "gasoline_l": "40",
    "water_m3": "40",
}
SUMMARY_PART = '[data-calculator-summary] [data-summary-show="{}"]'


def number_fields() -> list[str]:
    return [
        f["key"]
        for g in form_definition("ja")["groups"]
        for f in g["fields"]
        if f["type"] == "number"
    ]


def bad_links() -> list[tuple[str, dict[str, str]]]:
    """One link per field with a value the engine rejects (and the offset share)."""
    links = []
    for key in number_fields():
        raw = {key: "abc"}
        if key == "electricity_factor":
            raw = {"electricity_supplier": "custom", key: "abc"}
        links.append((key, raw))
    links.append(("electricity_kwh_too_large", {"electricity_kwh": "9999999"}))
    # An offset share or a choice the page does not offer is ignored with the link notice
    # (test_calculator_offset.py, test_calculator_resident.py), not a field to fix.
    return links


#: Every summary part that was ever shown while the page loaded, in order.
PARTS_SEEN_JS = """window.__partsSeen = [];
new MutationObserver(() => {
  document.querySelectorAll('[data-calculator-summary] [data-summary-show]').forEach((part) => {
    const seen = window.__partsSeen;
    if (!part.hidden && seen[seen.length - 1] !== part.dataset.summaryShow) seen.push(part.dataset.summaryShow);
  });
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["hidden"]});"""


@pytest.mark.parametrize("bad", [False, True], ids=["good", "bad"])
@pytest.mark.parametrize("prefix,lang", LANGS)
def test_a_link_with_values_never_says_nothing_was_entered(
    page: Any, site_url: str, prefix: str, lang: str, bad: bool
) -> None:
    """From 'getting ready' straight to the answer or the fix: no 'nothing entered yet' in
    between (a live summary a screen reader follows would read it out)."""
    page.add_init_script(PARTS_SEEN_JS)
    query = "household_size=3&electricity_kwh=" + ("abc" if bad else "290")
    page.goto(f"{site_url}{prefix}/calculator/?{query}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(SUMMARY_PART.format("fix" if bad else "result"), state="visible")
    seen = page.evaluate("() => window.__partsSeen")
    assert "empty" not in seen, seen
    assert seen[-1] == ("fix" if bad else "result"), seen


FIX_TIMING_JS = """new MutationObserver((_, observer) => {
  const part = document.querySelector('[data-calculator-summary] [data-summary-show="fix"]');
  if (part && !part.hidden) { window.__fixShownAt = performance.now(); observer.disconnect(); }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["hidden"]});"""


@pytest.mark.parametrize("field,raw", bad_links(), ids=[f for f, _ in bad_links()])
@pytest.mark.parametrize("prefix,lang", LANGS)
def test_a_link_with_a_bad_value_says_what_to_fix_within_a_second_of_ready(
    page: Any, site_url: str, prefix: str, lang: str, field: str, raw: dict[str, str]
) -> None:
    """The summary leaves 'getting ready' for 'needs a fix' with a link to the field to fix."""
    outcome = calculators.estimate_from_raw(raw, lang)
    assert outcome["ok"] is False
    first = outcome["errors"][0]["field"]
    page.add_init_script(FIX_TIMING_JS)
    page.goto(f"{site_url}{prefix}/calculator/?{urlencode(raw)}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(SUMMARY_PART.format("fix"), state="visible", timeout=10_000)
    # The time from ready to the words is printed, not asserted (the machine is shared;
    # the target is 1 s): the answer is one run of the engine after ready.
    after = page.evaluate(
        "() => window.__fixShownAt - performance.getEntriesByName('calculator-ready')[0].startTime"
    )
    print(f"\n[bad link {lang} {field}] 'needs a fix' {after:.0f} ms after ready")
    assert page.locator(SUMMARY_PART.format("loading")).is_hidden()
    assert page.locator(SUMMARY_PART.format("empty")).is_hidden()
    link = page.locator("[data-fix-link]")
    target = link.get_attribute("href")
    assert target == f"#calc-field-{first}"
    label = page.locator(f"#calc-field-{first} label, #calc-field-{first} legend").first
    assert link.inner_text().strip() and link.inner_text().strip() in label.inner_text()
    link.click()
    focused = page.evaluate("() => document.activeElement && document.activeElement.name")
    assert focused == first
    summary = page.inner_text("[data-calculator-summary]")
    assert ("直すところ" if lang == "ja" else "needs fixing") in summary
    assert ("準備しています" if lang == "ja" else "Getting the calculator ready") not in summary


@pytest.mark.parametrize("prefix,lang", LANGS)
def test_the_summary_before_any_input_reads_sensibly(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """No 「年間 0 kg / 1人あたり – / 平均の–%」 beside the prompt: only the prompt shows."""
    page.goto(f"{site_url}{prefix}/calculator/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(SUMMARY_PART.format("empty"), state="visible")
    page.wait_for_timeout(300)
    assert page.locator(SUMMARY_PART.format("result")).is_hidden()
    text = page.inner_text("[data-calculator-summary]")
    assert "–" not in text and not re.search(r"\b0\s*kg", text)
    page.fill('[name="electricity_kwh"]', "250")
    page.wait_for_selector(SUMMARY_PART.format("result"), state="visible")
    assert page.locator(SUMMARY_PART.format("empty")).is_hidden()


@pytest.mark.parametrize("prefix,lang", LANGS)
def test_203_tonnes_show_3_tonnes_and_their_price(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """2.03 t to offset: the one-line offset and the table show 3 t and 3 × the towns' prices."""
    figs = load_figures()
    low = figs["credit.municipal_forest_murakami"].value
    high = figs["credit.municipal_forest_rikuzentakata"].value
    raw = {
        "electricity_kwh": "2030",
        "period": "year",
        "electricity_supplier": "custom",
        "electricity_factor": "1",
    }
    page.goto(f"{site_url}{prefix}/calculator/?{urlencode(raw)}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    line = page.locator('[data-output="offset_line"]')
    page.wait_for_function(
        "() => document.querySelector('[data-output=\"offset_line\"]').textContent.length > 0"
    )
    to = "〜" if lang == "ja" else "–"
    assert f"{3 * low:,.0f}{to}{3 * high:,.0f}" in line.inner_text()
    assert ("3トン" if lang == "ja" else "3 tonnes") in line.inner_text()
    assert line.is_visible()
    page.click('[data-more="offset"] > summary')
    row = page.locator('[data-table="costs"] tbody tr').first
    assert row.locator('[data-slot="tonnes"]').inner_text() == "3"
    assert row.locator('[data-slot="yen_low"]').inner_text() == f"{3 * low:,.0f}"
    assert row.locator('[data-slot="yen_high"]').inner_text() == f"{3 * high:,.0f}"
    caption = page.inner_text('[data-table="costs"] caption')
    assert caption == (
        "自治体が販売している価格の例" if lang == "ja" else "Examples of prices towns sell at"
    )
    market = page.locator('[data-more="market"]')
    assert market.get_attribute("open") is None, "the market block is open by default"
    assert (
        market.locator("summary")
        .inner_text()
        .startswith("参考" if lang == "ja" else "For reference")
    )


@pytest.mark.parametrize("prefix,lang", LANGS)
def test_a_not_verified_badge_explains_itself(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """Each action badge (「未確認」) is followed by words saying what it means."""
    page.goto(f"{site_url}{prefix}/calculator/?household_size=2&city_gas_m3=30")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector("[data-actions] .calc__action")
    page.click('[data-more="actions"] > summary')
    badges = page.locator(".calc__action .calc__mark")
    assert badges.count() >= 1
    for i in range(badges.count()):
        group = badges.nth(i).locator("xpath=..")
        assert group.is_visible()
        words = group.locator('[data-slot="mark_help"]').inner_text()
        assert ("確かめていない" if lang == "ja" else "not yet been checked") in words


STACK_JS = """() => {
  document.querySelectorAll('.calc details').forEach(d => { d.open = true; });
  const over = [];
  for (const el of document.querySelectorAll('.calc table, .calc__stack, .calc .md-typeset__scrollwrap')) {
    if (el.scrollWidth > el.clientWidth + 1) over.push(`${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1) over.push(`${el.tagName} ends at ${r.right}`);
  }
  return {over, page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("prefix,lang", LANGS)
def test_short_on_a_phone_and_no_table_scrolls_sideways(
    browser: Any, site_url: str, prefix: str, lang: str
) -> None:
    """At 375 px: the answer, the comparison, three actions and the offset line lie within the
    first 4 screens of the result; every table, opened, fits the screen (stacked rows)."""
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{prefix}/calculator/?{urlencode(HOUSEHOLD)}")
        page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(
            "() => document.querySelector('[data-output=\"offset_line\"]').textContent.length > 0"
        )
        geometry = page.evaluate(
            """() => {
              const top = el => el.getBoundingClientRect().top + scrollY;
              const bottom = el => el.getBoundingClientRect().bottom + scrollY;
              return {
                start: top(document.querySelector('#calc-results-heading')),
                answer: bottom(document.querySelector('.calc__headline')),
                comparison: bottom(document.querySelector('.calc__verdict')),
                actions: [...document.querySelectorAll('[data-actions] .calc__action')].map(bottom),
                offset: bottom(document.querySelector('[data-output="offset_line"]')),
              };
            }"""
        )
        assert len(geometry["actions"]) == 3
        limit = geometry["start"] + 4 * 667
        for name in ("answer", "comparison", "offset"):
            assert geometry[name] <= limit, (
                f"{name} ends {geometry[name] - geometry['start']:.0f} px into the result"
            )
        assert max(geometry["actions"]) <= limit
        print(
            f"\n[phone {lang}] offset line ends {geometry['offset'] - geometry['start']:.0f} px into the result"
        )
        state = page.evaluate(STACK_JS)
        assert state["over"] == [] and state["page"] <= 375, state
        # A stacked row names each value's column.
        cell = page.locator('[data-table="costs"] tbody td').first
        assert cell.get_attribute("data-label")
        assert (
            page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle())
            .strip('"')
            .startswith(cell.get_attribute("data-label"))
        )
    finally:
        context.close()


@pytest.mark.parametrize("prefix,lang", LANGS)
def test_print_shows_everything(page: Any, site_url: str, prefix: str, lang: str) -> None:
    """On paper every closed section of the result is open (market prices, factors, all actions)."""
    page.goto(f"{site_url}{prefix}/calculator/?{urlencode(HOUSEHOLD)}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector('[data-table="factors"] tbody tr', state="attached")
    page.emulate_media(media="print")
    # Print media alone (a print preview): the closed sections' content shows.
    for selector in (
        '[data-table="market"]',
        '[data-table="factors"]',
        "[data-actions-more] .calc__action",
    ):
        assert page.locator(selector).first.is_visible(), selector
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    closed = page.evaluate(
        "() => [...document.querySelectorAll('.calc__results details')].filter(d => !d.open && !d.hidden).length"
    )
    assert closed == 0
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 4, f"the printout takes {pages} A4 pages"
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator('[data-more="market"]').get_attribute("open") is None


JARGON = ("t-CO₂", "無効化", "非化石証書", "約定価格", "加重平均", "調整基準取引価格", "従量電灯")


def test_every_technical_term_in_the_result_is_explained_in_place(page: Any, site_url: str) -> None:
    """Each t-CO₂, 無効化, 非化石証書, 約定価格, 加重平均, 調整基準取引価格 in the Japanese result
    is an <abbr> with its glossary explanation; dates and years read in Japanese."""
    raw = {**HOUSEHOLD, "electricity_supplier": "tepco_residual"}
    page.goto(f"{site_url}/calculator/?{urlencode(raw)}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector('[data-table="market"] tbody tr', state="attached")
    counts = page.evaluate(
        """words => {
          const results = document.querySelector('[data-results]');
          const text = results.textContent;
          return words.map(w => ({
            word: w,
            inText: text.split(w).length - 1,
            explained: [...results.querySelectorAll('abbr.calc__term')].filter(a => a.textContent === w && a.title.length > 10).length,
          }));
        }""",
        list(JARGON),
    )
    for c in counts:
        assert c["inText"] == c["explained"], c
    assert {c["word"] for c in counts if c["inText"]} >= {
        "無効化",
        "約定価格",
        "加重平均",
        "調整基準取引価格",
    }
    periods = page.eval_on_selector_all(
        '[data-table="market"] td[data-slot="period"], [data-table="costs"] [data-slot="period"]',
        "els => els.map(e => e.textContent)",
    )
    assert periods and not [p for p in periods if "FY" in p or re.search(r"\d{4}-\d{2}", p)]
    # A trading period reads as Japanese dates (whatever period the data holds this year).
    assert any(
        re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日〜\d{4}年\d{1,2}月\d{1,2}日", p) for p in periods
    ), periods


@pytest.mark.parametrize(
    "phrase", ["kettle-pot", "For what was compared", "guide unit price", "Cuts ", "FY2026 –"]
)
def test_the_english_result_reads_naturally(page: Any, site_url: str, phrase: str) -> None:
    """Phrases a native read flagged are gone from the English calculator page and result."""
    raw = {**HOUSEHOLD, "electricity_yen": "8000"}
    page.goto(f"{site_url}/en/calculator/?{urlencode(raw)}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector('[data-table="factors"] tbody tr', state="attached")
    assert phrase not in page.evaluate("() => document.querySelector('.calc').textContent")


@pytest.mark.parametrize("prefix,word", [("", "仮"), ("/en", "assumed")])
def test_the_tepco_choice_says_its_mapping_is_assumed(
    page: Any, site_url: str, prefix: str, word: str
) -> None:
    page.goto(f"{site_url}{prefix}/calculator/")
    option = page.locator('[name="electricity_supplier"] option[value="tepco_residual"]')
    assert word in option.inner_text()


def test_the_viewport_keeps_the_summary_above_the_keyboard(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/calculator/")
    content = page.get_attribute('meta[name="viewport"]', "content")
    assert "interactive-widget=resizes-content" in content


PROGRESS_JS = """() => {
  window.__progress = [];
  const watch = () => {
    const root = document.querySelector('[data-calculator]');
    const bar = root && root.querySelector('[data-progress]');
    if (bar && root.dataset.state === 'loading') window.__progress.push([bar.value, bar.max]);
    if (!root || root.dataset.state === 'loading') setTimeout(watch, 5);
  };
  watch();
}"""


@pytest.mark.parametrize("prefix,lang", LANGS)
def test_loading_counts_every_runtime_file_and_says_the_download_first(
    page: Any, site_url: str, built_site: Path, prefix: str, lang: str
) -> None:
    """The page carries the total of all runtime files; the progress climbs through it; the
    first visit's size and a time on a slow link show before the download starts."""
    runtime = next((built_site / "assets" / "pyodide").iterdir())
    files = [p for p in runtime.iterdir() if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    compressed = sum(len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in files)
    page.add_init_script(f"({PROGRESS_JS})()")
    page.goto(f"{site_url}{prefix}/calculator/", wait_until="domcontentloaded")
    assert int(page.get_attribute("[data-calculator]", "data-runtime-bytes")) == total
    note = page.locator("[data-download]")
    assert note.is_visible()
    assert page.inner_text('[data-output="download_mb"]') == f"{compressed / 1e6:.1f}"
    assert re.search(r"\d+\s*(秒|分|seconds|minutes)", note.inner_text())
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    seen = page.evaluate("() => window.__progress")
    values = [v for v, m in seen if m == total]
    assert values, seen[:5]
    assert max(values) >= 0.9 * total, f"the bar stopped at {100 * max(values) / total:.0f} %"
    assert len(set(values)) >= 4, "the bar moved in fewer than 4 steps"
