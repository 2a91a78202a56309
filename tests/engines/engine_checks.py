"""Helpers shared by the Firefox and WebKit checks (put on sys.path by conftest.py)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.conftest import cli_estimate

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The first golden household of tests/engine/test_golden.py (a family of three,
# monthly bills, a two-month water bill), as a share link carries it.
HOUSEHOLD = {
    "household_size": "3",
    "period": "month",
    "electricity_kwh": "300",
    "city_gas_m3": "30",
    "gasoline_l": "30",
    "water_m3": "40",
    "water_period": "two_months",
}
# What the reader types once the result is shown.
EDIT = {"field": "electricity_kwh", "value": "450"}
VISITS = [("ja", ""), ("en", "/en")]
READY_TIMEOUT_S = 300  # two cores shared by many jobs: WebKit can take over a minute


def missing(what: str) -> None:
    """Fail in CI, skip elsewhere: a browser that cannot run is never a silent pass in CI."""
    message = f"{what} (tools/dev test installs it with apt when run as root)"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def share_link(site_url: str, prefix: str) -> str:
    return f"{site_url}{prefix}/calculator/?{urlencode(HOUSEHOLD)}"


def shown(text: str | None) -> float:
    """A number as the page formats it (Intl.NumberFormat: '3,143'), read back."""
    assert text is not None and re.search(r"\d", text), f"no number shown: {text!r}"
    return float(re.sub(r"[^\d.\-]", "", text))


@functools.cache
def expected_figures(edited: bool, lang: str) -> dict[str, Any]:
    """The command line's figures for the household (before or after the edit), as the page rounds them."""
    raw = {**HOUSEHOLD, EDIT["field"]: EDIT["value"]} if edited else HOUSEHOLD
    return _rounded(raw, lang)


def _rounded(raw: dict[str, str], lang: str) -> dict[str, Any]:
    """The command line's figures, rounded the way the page shows them."""
    result = cli_estimate(raw, lang)
    return {
        "total": round(result["total_kg_per_year"]),
        "per_person": round(result["per_person_kg_per_year"]),
        "sources": [(s["label"], round(s["kg_per_year"])) for s in result["sources"]],
    }


def page_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The same figures read from the page (total, per person, the per-source table)."""
    return {
        "total": shown(figures["total"]),
        "per_person": shown(figures["perPerson"]),
        "sources": [(label, shown(kg)) for label, kg in figures["sources"]],
    }


# The three checks, the same in every engine. `visit` is what a driver read:
# {"state", "before", "after", "errors", "failure"?} (see firefox_check.mjs).


def check_share_link(visit: dict[str, Any], lang: str) -> None:
    """The share link reaches `ready` and shows the CLI's total, per person and per source."""
    assert "failure" not in visit, visit.get("failure")
    assert visit["state"] == "ready", visit
    assert visit["before"]["lang"] == lang
    assert page_figures(visit["before"]) == expected_figures(False, lang)


def check_typing_recomputes(visit: dict[str, Any], lang: str) -> None:
    """Typing a new kWh figure gives the CLI's new figures and updates the share link."""
    assert "failure" not in visit, visit.get("failure")
    assert visit.get("after"), visit
    assert page_figures(visit["after"]) == expected_figures(True, lang)
    assert f"{EDIT['field']}={EDIT['value']}" in visit["address"]


def check_no_errors(visit: dict[str, Any]) -> None:
    """Neither the page nor its worker reported an error on the way."""
    assert "failure" not in visit, visit.get("failure")
    assert visit["errors"] == []


# The diary (/log/): consent, three months, reload; and without consent, nothing kept.
# Each engine's driver reports {"state", "withoutConsent": {...}, "withConsent": {...},
# "errors", "failure"?}; see firefox_diary.mjs and test_webkit.py.

DIARY_MONTHS = [
    ("2025-04", {"household_size": "3", "electricity_kwh": "321.987", "city_gas_m3": "30"}),
    ("2025-05", {"household_size": "3", "electricity_kwh": "280", "gasoline_l": "25"}),
    ("2025-06", {"household_size": "3", "electricity_kwh": "260", "city_gas_m3": "15"}),
]
DIARY_STORE = "carbon-offset-guide-diary"
#: The first month's distinctive kWh figure, looked for in every store of the site.
DIARY_MARK = DIARY_MONTHS[0][1]["electricity_kwh"]
#: Reads every store of the site (an async function of the figure to look for):
#: localStorage and sessionStorage keys, IndexedDB databases, and the service
#: worker's cache entries that hold the figure or an address with a query.
DIARY_STORAGE_JS = """async (mark) => {
  const cached = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const type = response.headers.get("content-type") || "";
      const body = /text|json|javascript/.test(type) ? await response.text() : "";
      if (request.url.includes("?") || request.url.includes(mark) || body.includes(mark)) {
        cached.push(request.url);
      }
    }
  }
  return {
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    indexeddb: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
    cached,
  };
}"""
NOTHING_STORED = {"local": [], "session": [], "indexeddb": [], "cached": []}


@functools.cache
def diary_total(lang: str) -> int:
    """The engine's twelve-month total for DIARY_MONTHS, as the page rounds it."""
    from calculators import _diary as D

    diary = D.Diary()
    for month, values in DIARY_MONTHS:
        entry = D.check_entry(month, values)
        assert isinstance(entry, D.Entry), entry
        diary = diary.with_entry(entry)
    return round(D.view(diary, lang)["total_kg_12_months"])


def check_diary_with_consent(visit: dict[str, Any], lang: str) -> None:
    """Consent, three months, reload: the same three rows and the engine's 12-month total."""
    assert "failure" not in visit, visit.get("failure")
    assert visit["state"] == "ready", visit
    kept = visit["withConsent"]
    months = [m for m, _ in DIARY_MONTHS]
    assert kept["rows"] == months
    assert kept["rowsAfterReload"] == months
    assert shown(kept["total"]) == shown(kept["totalAfterReload"]) == diary_total(lang)
    assert kept["consentAfterReload"] is True
    # Kept in localStorage only: no other store, and no cache entry of the service worker.
    assert kept["storage"] == {**NOTHING_STORED, "local": [DIARY_STORE]}
    assert kept["storageAfterReload"] == {**NOTHING_STORED, "local": [DIARY_STORE]}


def check_diary_without_consent(visit: dict[str, Any]) -> None:
    """Without consent the months show, then a reload shows none, and the site's storage is empty.

    Read before the driver's failure, if any: months kept without consent also upset the
    steps with consent that follow, and this check should name the first cause."""
    assert "withoutConsent" in visit, visit.get("failure")
    gone = visit["withoutConsent"]
    assert gone["rows"] == [m for m, _ in DIARY_MONTHS[:2]]
    assert gone["rowsAfterReload"] == []
    assert gone["storage"] == NOTHING_STORED
    assert gone["storageAfterReload"] == NOTHING_STORED
    assert "failure" not in visit, visit.get("failure")
