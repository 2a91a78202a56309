"""The household CO₂ diary (/log/, /en/log/) in real Chromium, against the built site.

Consent and storage, reload, edit and delete, delete everything, the CSV and
JSON files (downloaded for real, re-imported in a fresh browser context), a
file with a bad row, offline after a first visit, the command line on the
exported file, axe at 375 and 1280 px, and the printed year on one A4 page.
Firefox and WebKit run the consent and reload checks in tests/engines/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from calculators import _diary as D
from calculators import web
from tests.conftest import wait_for_transitions

ROOT = Path(__file__).resolve().parents[2]
READY = '[data-log][data-state="ready"]'
LOAD_TIMEOUT_MS = 180_000
STORE = "carbon-offset-guide-diary"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
#: Three months of bills (a distinctive kWh figure, to look for it in every store).
MONTHS = [
    ("2025-04", {"household_size": "3", "electricity_kwh": "321.987", "city_gas_m3": "30"}),
    (
        "2025-05",
        {"household_size": "3", "electricity_kwh": "280", "city_gas_m3": "22", "gasoline_l": "30"},
    ),
    ("2025-06", {"household_size": "3", "electricity_kwh": "260", "city_gas_m3": "15"}),
]
STORAGE_JS = """async () => ({
  local: Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)])),
  session: Object.keys(sessionStorage),
  indexeddb: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
  caches: await (async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response.headers.get('content-type') || '';
        const text = /text|json|javascript/.test(type) ? await response.text() : '';
        out.push({url: request.url, body: text});
      }
    }
    return out;
  })(),
})"""


def open_diary(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)


def add_month(page: Any, month: str, values: dict[str, str]) -> None:
    """Fill the form as a reader does and record the month."""
    page.fill("[data-log-month]", month)
    for key, value in values.items():
        control = f'[data-log-form] [name="{key}"]'
        kind = page.eval_on_selector(control, "el => el.type")
        if kind == "radio":
            page.check(f'{control}[value="{value}"]')
        elif kind.startswith("select"):
            page.select_option(control, value)
        else:
            page.fill(control, value)
    page.click("[data-log-add]")
    page.wait_for_selector(f'[data-log-row="{month}"]')


def rows(page: Any) -> list[str]:
    return page.eval_on_selector_all("[data-log-row]", "els => els.map(e => e.dataset.logRow)")


def shown(page: Any, name: str) -> int:
    text = page.inner_text(f'[data-log-output="{name}"]')
    return int(re.sub(r"[^\d]", "", text))


def expected_view(months: list[tuple[str, dict[str, str]]], lang: str = "ja") -> dict[str, Any]:
    diary = D.Diary()
    for month, values in months:
        entry = D.check_entry(month, values)
        assert isinstance(entry, D.Entry)
        diary = diary.with_entry(entry)
    return D.view(diary, lang)


def download(page: Any, which: str) -> bytes:
    with page.expect_download() as info:
        page.click(f'[data-log-export="{which}"]')
    path = info.value.path()
    return Path(path).read_bytes()


def import_file(page: Any, name: str, data: bytes, mime: str) -> None:
    page.set_input_files(
        "[data-log-import]", files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.wait_for_function(
        "() => document.querySelector('[data-log-output=\"import_message\"]').textContent !== ''"
    )


# Consent and storage ------------------------------------------------------------------


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("/en", "en")])
def test_with_consent_three_months_survive_a_reload(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """Consent, three months, reload: the same three rows and the same 12-month total (the engine's)."""
    open_diary(page, f"{site_url}{prefix}/log/")
    page.check("[data-log-consent]")
    for month, values in MONTHS:
        add_month(page, month, values)
    total = shown(page, "total_kg_12_months")
    assert total == round(expected_view(MONTHS, lang)["total_kg_12_months"])
    page.reload()
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector('[data-log-row="2025-06"]')
    assert rows(page) == [m for m, _ in MONTHS]
    assert shown(page, "total_kg_12_months") == total
    assert page.is_checked("[data-log-consent]")
    assert page.page_errors == []


def test_without_consent_nothing_is_stored_and_a_reload_shows_nothing(
    page: Any, site_url: str
) -> None:
    """Months added without consent vanish on reload; no storage of the site holds any of it."""
    open_diary(page, f"{site_url}/log/")
    for month, values in MONTHS[:2]:
        add_month(page, month, values)
    assert rows(page) == ["2025-04", "2025-05"]
    stored = page.evaluate(STORAGE_JS)
    assert stored["local"] == {} and stored["session"] == [] and stored["indexeddb"] == []
    assert [
        c["url"] for c in stored["caches"] if "321.987" in c["body"] or "321.987" in c["url"]
    ] == []
    page.reload()
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    assert rows(page) == []
    assert not page.is_checked("[data-log-consent]")
    assert page.evaluate(STORAGE_JS)["local"] == {}


def test_the_service_worker_never_stores_diary_data(page: Any, site_url: str) -> None:
    """With consent, the diary is in localStorage only: no cache entry of the service worker holds it."""
    open_diary(page, f"{site_url}/log/")
    page.check("[data-log-consent]")
    add_month(page, *MONTHS[0])
    deadline = time.monotonic() + 60
    while True:  # the page and the runtime are kept once the diary is ready
        cached = page.evaluate(STORAGE_JS)["caches"]
        if any(c["url"].endswith("/log/") for c in cached) and any(
            c["url"].endswith("log.js") for c in cached
        ):
            break
        assert time.monotonic() < deadline, [c["url"] for c in cached]
        page.wait_for_timeout(250)
    page.reload()
    page.wait_for_selector('[data-log-row="2025-04"]', timeout=LOAD_TIMEOUT_MS)
    stored = page.evaluate(STORAGE_JS)
    assert "321.987" in stored["local"][STORE]
    holding = [c["url"] for c in stored["caches"] if "321.987" in c["body"] or "?" in c["url"]]
    assert holding == []


def test_delete_everything_asks_first_and_then_leaves_nothing(page: Any, site_url: str) -> None:
    open_diary(page, f"{site_url}/log/")
    page.check("[data-log-consent]")
    add_month(page, *MONTHS[0])
    page.click("[data-log-clear]")
    assert page.is_visible("[data-log-confirm]")
    page.keyboard.press("Escape")  # the dialog's own cancel
    assert not page.is_visible("[data-log-confirm]")
    assert page.evaluate("document.activeElement.matches('[data-log-clear]')")
    page.click("[data-log-clear]")
    page.click('[data-log-confirm-answer="no"]')
    assert rows(page) == ["2025-04"] and STORE in page.evaluate(STORAGE_JS)["local"]
    page.click("[data-log-clear]")
    page.click('[data-log-confirm-answer="yes"]')
    page.wait_for_function("() => document.querySelectorAll('[data-log-row]').length === 0")
    assert page.evaluate(STORAGE_JS)["local"] == {}
    assert not page.is_checked("[data-log-consent]")
    page.reload()
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    assert rows(page) == []


def test_unticking_consent_asks_and_deletes(page: Any, site_url: str) -> None:
    open_diary(page, f"{site_url}/log/")
    page.check("[data-log-consent]")
    add_month(page, *MONTHS[0])
    page.click("[data-log-consent]")
    page.click('[data-log-confirm-answer="yes"]')
    page.wait_for_function("() => document.querySelectorAll('[data-log-row]').length === 0")
    assert page.evaluate(STORAGE_JS)["local"] == {}


def test_a_month_is_edited_and_deleted_from_its_row(page: Any, site_url: str) -> None:
    open_diary(page, f"{site_url}/log/")
    for month, values in MONTHS[:2]:
        add_month(page, month, values)
    page.click('[data-log-row="2025-04"] [data-log-edit]')
    assert page.input_value("[data-log-month]") == "2025-04"
    assert page.input_value('[data-log-form] [name="electricity_kwh"]') == "321.987"
    shown_code = page.inner_text('[data-log-output="class_code"]')
    row_code = expected_view(MONTHS[:2])["months"][0]["class_code"]
    assert shown_code == row_code and re.match(r"C\d+-3-", shown_code)
    page.fill('[data-log-form] [name="electricity_kwh"]', "100")
    page.click("[data-log-add]")
    expected = expected_view([("2025-04", {**MONTHS[0][1], "electricity_kwh": "100"}), MONTHS[1]])
    page.wait_for_function(
        "total => document.querySelector('[data-log-output=\"total_kg_12_months\"]').textContent.replace(/[^0-9]/g, '') === String(total)",
        arg=round(expected["total_kg_12_months"]),
    )
    page.click('[data-log-row="2025-05"] [data-log-delete]')
    page.wait_for_function("() => !document.querySelector('[data-log-row=\"2025-05\"]')")
    assert rows(page) == ["2025-04"]


def test_a_month_is_recorded_with_the_keyboard_only(page: Any, site_url: str) -> None:
    """Space ticks the consent, Tab walks the form in order, Enter records the month."""
    open_diary(page, f"{site_url}/log/")
    page.focus("[data-log-consent]")
    page.keyboard.press("Space")
    assert page.is_checked("[data-log-consent]")
    page.focus("[data-log-month]")
    page.fill("[data-log-month]", "2025-04")  # the month control's own keys differ by browser
    for _ in range(4):  # Tab walks the month control's parts (month, year), then leaves it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") != "month":
            break
    assert page.evaluate("document.activeElement.name") == "household_size"
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "electricity_kwh"
    page.keyboard.type("300")
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-log-row="2025-04"]')
    assert page.inner_text("[data-log-added]").find("2025年4月") >= 0


def test_a_bad_field_gets_the_calculators_message(page: Any, site_url: str) -> None:
    open_diary(page, f"{site_url}/en/log/")
    page.fill("[data-log-month]", "2025-04")
    page.fill('[data-log-form] [name="electricity_kwh"]', "-5")
    page.click("[data-log-add]")
    slot = '[data-log-error-for="electricity_kwh"]'
    page.wait_for_function(f"() => document.querySelector('{slot}').textContent !== ''")
    calc = json.loads(web.run(json.dumps({"electricity_kwh": "-5"}), "en"))["errors"][0]["message"]
    assert page.inner_text(slot) == calc
    assert page.get_attribute('[data-log-form] [name="electricity_kwh"]', "aria-invalid") == "true"
    assert rows(page) == []


# Files ------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_reimports_in_a_fresh_context_to_the_same_rows(
    browser: Any, page: Any, site_url: str
) -> None:
    open_diary(page, f"{site_url}/log/")
    for month, values in MONTHS:
        add_month(page, month, values)
    total = shown(page, "total_kg_12_months")
    data = download(page, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("月,") and "電気の使用量（kWh）" in header
    context = browser.new_context(accept_downloads=True)
    fresh = context.new_page()
    try:
        open_diary(fresh, f"{site_url}/en/log/")
        import_file(fresh, "diary.csv", data, "text/csv")
        assert rows(fresh) == [m for m, _ in MONTHS]
        assert shown(fresh, "total_kg_12_months") == total
        assert fresh.evaluate(STORAGE_JS)["local"] == {}  # importing is not consenting
    finally:
        context.close()


def test_json_round_trips_exactly(browser: Any, page: Any, site_url: str) -> None:
    """Export JSON, import it in a fresh context, export again: the same bytes."""
    open_diary(page, f"{site_url}/log/")
    for month, values in MONTHS:
        add_month(page, month, values)
    page.select_option("[data-log-action]", "led_bulb")
    page.fill("[data-log-action-start]", "2025-05")
    page.dispatch_event("[data-log-action-start]", "change")
    page.wait_for_function(
        "() => document.querySelector('[data-log-output=\"effect\"]').textContent.includes('2025')"
    )
    first = download(page, "json")
    context = browser.new_context(accept_downloads=True)
    fresh = context.new_page()
    try:
        open_diary(fresh, f"{site_url}/en/log/")
        import_file(fresh, "diary.json", first, "application/json")
        assert rows(fresh) == [m for m, _ in MONTHS]
        assert fresh.input_value("[data-log-action]") == "led_bulb"
        second = download(fresh, "json")
    finally:
        context.close()
    assert second == first
    assert json.loads(first)["months"][0]["electricity_kwh"] == "321.987"


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("/en", "en")])
def test_a_second_year_compares_each_month_and_the_first_year_as_the_engine_does(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """Fourteen months from a file (April 2024 to May 2025, less electricity in 2025): the
    rows of 2025 show the same month last year and the difference, the 2024 rows show none,
    and the first-year lines are the engine's words."""
    diary = D.Diary()
    for n in range(14):
        month = f"{2024 + (n + 3) // 12}-{(n + 3) % 12 + 1:02d}"
        kwh = 300 + n - (20 if month >= "2025" else 0)
        entry = D.check_entry(
            month, {"household_size": "3", "electricity_kwh": str(kwh), "city_gas_m3": "25"}
        )
        assert isinstance(entry, D.Entry)
        diary = diary.with_entry(entry)
    view = D.view(diary, lang)
    open_diary(page, f"{site_url}{prefix}/log/")
    import_file(page, "diary.json", D.to_json(diary).encode("utf-8"), "application/json")
    assert len(rows(page)) == 14
    for row in view["months"]:
        cells = page.eval_on_selector(
            f'[data-log-row="{row["month"]}"]',
            "tr => [...tr.cells].filter(c => !c.hidden).map(c => c.textContent.trim())",
        )
        # month, electricity, city gas, total, last year, difference, notes, buttons
        last, difference = cells[4], cells[5]
        if row["last_year"] is None:
            assert (last, difference) == ("–", "–"), row["month"]
        else:
            assert int(re.sub(r"[^\d]", "", last)) == round(row["last_year"]["total_kg"])
            expected = round(row["last_year"]["difference_kg"])
            assert int(re.sub(r"[^\d]", "", difference)) == abs(expected)
            assert difference.startswith(("-", "−")) == (expected < 0), difference
    assert [r["month"] for r in view["months"] if r["last_year"]] == ["2025-04", "2025-05"]
    assert page.inner_text('[data-log-output="first_year"]') == view["first_year"]["text"]
    assert (
        page.inner_text('[data-log-output="first_year_change"]')
        == view["first_year_change"]["text"]
    )


@pytest.mark.parametrize(
    "prefix,lang,where", [("", "ja", "3行目（2025-07）、"), ("/en", "en", "Line 3 (2025-07), ")]
)
def test_a_csv_with_a_bad_row_imports_the_good_rows_and_names_the_bad_one(
    page: Any, site_url: str, prefix: str, lang: str, where: str
) -> None:
    """An English file with a bad third line, read on either page: the three good months
    come in, and the bad line is named by its number, month and field in the page's language."""
    diary = D.Diary()
    for month, values in MONTHS:
        entry = D.check_entry(month, values)
        assert isinstance(entry, D.Entry)
        diary = diary.with_entry(entry)
    lines = D.to_csv(diary, "en").splitlines()
    bad = "2025-07,3,lots,,,,,,,,,,,,,"
    text = "\r\n".join([*lines[:2], bad, *lines[2:]]) + "\r\n"
    open_diary(page, f"{site_url}{prefix}/log/")
    import_file(page, "mine.csv", text.encode("utf-8"), "text/csv")
    assert rows(page) == [m for m, _ in MONTHS]
    errors = page.eval_on_selector_all(
        "[data-log-import-errors] li", "els => els.map(e => e.textContent)"
    )
    _, bad_rows = D.read_text(text)
    assert errors == [D.row_message(row, lang) for row in bad_rows]
    assert len(errors) == 1
    assert errors[0].startswith(where + D.field_label("electricity_kwh", lang))


def test_a_shift_jis_csv_from_excel_imports(page: Any, site_url: str) -> None:
    text = "月,電気の使用量（kWh）,都市ガスの使用量（m3）\r\n2025年4月,300,20\r\n"
    open_diary(page, f"{site_url}/log/")
    import_file(page, "excel.csv", text.encode("cp932"), "text/csv")
    assert rows(page) == ["2025-04"]


def test_the_command_line_prints_the_pages_totals_for_the_exported_file(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    """`python -m calculators log < diary.csv` gives the 12-month total and each month's total the page shows."""
    open_diary(page, f"{site_url}/log/")
    months = [
        *MONTHS,
        ("2025-07", {"water_m3": "40", "water_period": "two_months", "electricity_kwh": "400"}),
    ]
    for month, values in months:
        add_month(page, month, values)
    page_rows = page.eval_on_selector_all(
        "[data-log-row]",
        "els => els.map(e => [e.dataset.logRow, e.querySelectorAll('td')[7].textContent])",
    )
    data = download(page, "csv")
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "log"],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert round(printed["total_kg_12_months"]) == shown(page, "total_kg_12_months")
    assert [(m["month"], round(m["total_kg"])) for m in printed["months"]] == [
        (month, int(re.sub(r"[^\d]", "", total))) for month, total in page_rows
    ]


# Offline, accessibility, print ----------------------------------------------------------------


def test_offline_after_a_first_visit_the_diary_opens_and_adds_a_month(
    page: Any, site_url: str
) -> None:
    open_diary(page, f"{site_url}/log/")
    deadline = time.monotonic() + 90
    while True:
        cached = [c["url"] for c in page.evaluate(STORAGE_JS)["caches"]]
        if (
            any(u.endswith("/log/") for u in cached)
            and any(u.endswith(".wasm") for u in cached)
            and any(u.endswith("worker.js") for u in cached)
        ):
            break
        assert time.monotonic() < deadline, cached
        page.wait_for_timeout(250)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.context.set_offline(True)
    try:
        open_diary(page, f"{site_url}/log/")
        add_month(page, *MONTHS[0])
        assert shown(page, "total_kg_12_months") == round(
            expected_view(MONTHS[:1])["total_kg_12_months"]
        )
    finally:
        page.context.set_offline(False)
    assert page.page_errors == []


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_axe_finds_no_violation_with_months_shown(
    page: Any, site_url: str, width: int, prefix: str
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_diary(page, f"{site_url}{prefix}/log/")
    for month, values in MONTHS:
        add_month(page, month, values)
    page.click('[data-log-row="2025-04"] [data-log-edit]')  # the class code block shows too
    # Editing scrolls the page up, so Material's back-to-top button fades in (125 ms).
    wait_for_transitions(page)
    # evaluate, not add_script_tag: the page's meta CSP (overrides/hooks/csp.py) blocks inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_the_year_prints_on_one_a4_page(page: Any, site_url: str) -> None:
    """Fourteen months of four sources (two-month water bills, whose halves add a note to
    each row) and a watched action: the printout is one A4 page with the last twelve
    months, the chart, the action's words and the sources."""
    open_diary(page, f"{site_url}/log/")
    months = []
    for n in range(3, 17):
        values = {
            "household_size": "4",
            "electricity_kwh": str(250 + n),
            "city_gas_m3": "20",
            "gasoline_l": "35",
        }
        if n % 2 == 0:
            values |= {"water_m3": "44", "water_period": "two_months"}
        months.append((f"{2024 + (n // 12)}-{n % 12 + 1:02d}", values))
    for month, values in months:
        add_month(page, month, values)
    page.select_option("[data-log-action]", "led_bulb")
    page.fill("[data-log-action-start]", "2025-01")
    page.dispatch_event("[data-log-action-start]", "change")
    page.wait_for_function(
        "() => document.querySelector('.log__effect').dataset.logEffectStatus !== 'none'"
    )
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => ({
          rows: [...document.querySelectorAll('[data-log-row]')].filter(r => getComputedStyle(r).display !== 'none').map(r => r.dataset.logRow),
          chart: document.querySelector('[data-log-chart]').getBoundingClientRect().height,
          form: getComputedStyle(document.querySelector('[data-log-form]')).display,
          sources: [...document.querySelectorAll('h2')].some(h => h.textContent.trim().startsWith('出典')),
          effect: getComputedStyle(document.querySelector('.log__effect')).display !== 'none',
        })"""
    )
    assert printed["rows"] == [m for m, _ in months][-12:]
    assert printed["chart"] > 50 and printed["form"] == "none" and printed["sources"]
    assert printed["effect"]
    pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages == 1, f"the diary's year prints on {pages} A4 pages"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_calculator_links_to_the_diary_and_the_nav_has_it(
    page: Any, site_url: str, prefix: str
) -> None:
    """The calculator's result and the nav both lead to the diary in the page's own language."""
    page.goto(f"{site_url}{prefix}/calculator/")
    diary = f"{site_url}{prefix}/log/"
    in_result = page.eval_on_selector_all(
        "[data-calculator] .calc__results [data-results] a[href$='log/']",
        "els => els.map(a => [a.href, a.textContent.trim()])",
    )
    assert len(in_result) == 1 and in_result[0][0] == diary and in_result[0][1]
    in_nav = page.eval_on_selector_all("nav a[href$='log/']", "els => els.map(a => a.href)")
    assert in_nav and set(in_nav) == {diary}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_privacy_page_says_where_the_diary_is_kept(
    page: Any, site_url: str, prefix: str
) -> None:
    """The privacy page links the diary, names localStorage and quotes the diary's own consent
    and delete-everything controls as the diary page words them, in each language."""
    page.goto(f"{site_url}{prefix}/log/")
    consent = page.inner_text("label:has([data-log-consent])").strip()
    clear = page.inner_text("[data-log-clear]").strip()
    page.goto(f"{site_url}{prefix}/privacy/")
    text = page.inner_text("article")
    assert consent and consent in text
    assert clear and clear in text
    assert "localStorage" in text
    links = page.eval_on_selector_all("article a[href$='log/']", "els => els.map(a => a.href)")
    assert f"{site_url}{prefix}/log/" in links
