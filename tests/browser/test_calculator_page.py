"""The calculator page in real Chromium: it loads Pyodide from this site only and
shows the same numbers as CPython."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import calculators.web

READY = '[data-calculator="household"][data-state="ready"]'
LOAD_TIMEOUT_MS = 180_000


def cpython(raw: dict[str, str], lang: str) -> dict[str, Any]:
    outcome: dict[str, Any] = json.loads(calculators.web.run(json.dumps(raw), lang))
    return outcome


def shown_number(page: Any, output: str) -> float:
    """The number in [data-output=…], read back from its formatted text."""
    text = page.inner_text(f'[data-output="{output}"]')
    return float(re.sub(r"[^\d.\-]", "", text))


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("/en", "en")])
def test_typed_value_gives_the_cpython_result(page: Any, site_url: str, prefix: str, lang: str) -> None:
    """Typing kWh shows the same yearly total as the engine in CPython, from 127.0.0.1 only."""
    page.goto(f"{site_url}{prefix}/calculator/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.fill('[name="electricity_kwh"]', "260")
    expected = cpython({"electricity_kwh": "260"}, lang)["result"]["total_kg_per_year"]
    page.wait_for_function(
        "expected => document.querySelector('[data-output=\"total_kg_per_year\"]').textContent.replace(/[^0-9.]/g, '') === String(expected)",
        arg=round(expected),
    )
    assert shown_number(page, "total_kg_per_year") == round(expected)
    assert page.page_errors == []
    assert page.requests.foreign() == []


def test_query_prefills_and_computes(page: Any, site_url: str) -> None:
    """?electricity_kwh=300 fills the field and shows its result without typing."""
    page.goto(f"{site_url}/calculator/?electricity_kwh=300")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    assert page.input_value('[name="electricity_kwh"]') == "300"
    expected = cpython({"electricity_kwh": "300"}, "ja")["result"]["total_kg_per_year"]
    page.wait_for_function(
        "() => /[0-9]/.test(document.querySelector('[data-output=\"total_kg_per_year\"]').textContent)"
    )
    assert shown_number(page, "total_kg_per_year") == round(expected)
    assert page.requests.foreign() == []


def test_runtime_comes_from_this_site(page: Any, site_url: str) -> None:
    """The wasm runtime and the calculators wheel are fetched from the site itself."""
    page.goto(f"{site_url}/en/calculator/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    fetched = " ".join(page.requests.urls)
    assert "/assets/pyodide/" in fetched and "pyodide.asm.wasm" in fetched
    assert re.search(r"/assets/pyodide/[^ ]+/calculators-[^ ]+\.whl", fetched)
    assert page.requests.foreign() == []
