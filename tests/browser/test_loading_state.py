"""Waiting for the calculator, from the reader's side, and the page with JavaScript off.

Real Chromium against the built site. The runtime's WebAssembly file is held
back (Playwright routing) so the "still loading" state lasts as long as the test
needs it; then it is let through and the calculator must compute what was typed.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import calculators.web

READY = '[data-calculator="household"][data-state="ready"]'
LOADING_TEXT = {"ja": "計算機を準備しています", "en": "Getting the calculator ready"}
EMPTY_TEXT = {"ja": "使用量を入れると", "en": "Enter what your bills say"}


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("/en", "en")])
def test_results_area_says_it_is_getting_ready_and_keeps_what_was_typed(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """While the runtime loads, the results area shows the progress note (never the 'enter your usage' prompt); typed values stay and are computed once ready."""
    held: list[Any] = []
    released: list[bool] = []

    def hold(route: Any) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/pyodide.asm.wasm", hold)
    page.goto(f"{site_url}{prefix}/calculator/")
    page.wait_for_function(
        "() => document.querySelector('[data-calculator]').dataset.state === 'loading'"
    )
    page.fill('[name="electricity_kwh"]', "280")
    page.fill('[name="household_size"]', "2")
    note = page.locator("[data-results-loading]")
    note.wait_for(state="visible")
    assert LOADING_TEXT[lang] in note.inner_text()
    assert re.search(r"\d+\s*%", note.inner_text())
    results = page.inner_text(".calc__results")
    assert EMPTY_TEXT[lang] not in results
    for _ in range(600):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the runtime's wasm was never requested"
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector(READY, timeout=180_000)
    assert page.input_value('[name="electricity_kwh"]') == "280"
    outcome = json.loads(
        calculators.web.run(json.dumps({"electricity_kwh": "280", "household_size": "2"}), lang)
    )
    expected = round(outcome["result"]["total_kg_per_year"])
    page.wait_for_function(
        "total => document.querySelector('[data-output=\"total_kg_per_year\"]').textContent.replace(/[^0-9]/g, '') === String(total)",
        arg=expected,
    )
    assert not note.is_visible()
    assert page.page_errors == []


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("/en", "en")])
def test_without_javascript_only_the_noscript_message_and_worksheet_link_show(
    browser: Any, site_url: str, prefix: str, lang: str
) -> None:
    """JavaScript off: the calculator shows its noscript message with the worksheet link, no status, no form, no results."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}{prefix}/calculator/")
        calc = page.locator(".calc")
        assert calc.locator(".calc__noscript").is_visible()
        link = calc.locator(".calc__noscript a")
        assert link.is_visible() and link.get_attribute("href").rstrip("/").endswith("worksheet")
        for hidden in ("[data-status]", "form", ".calc__results", ".calc__intro", "progress"):
            visible = [el.is_visible() for el in calc.locator(hidden).all()]
            assert not any(visible), hidden
        assert calc.inner_text().strip() == calc.locator(".calc__noscript").inner_text().strip()
    finally:
        context.close()
