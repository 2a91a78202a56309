"""Repeat visits with no network, the service worker's cache, and no missing files.

Real Chromium against the built site: the reader opens the calculator once
online, then the network goes away (Playwright's ``context.set_offline``).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

import calculators.web

READY = '[data-calculator="household"][data-state="ready"]'
LOAD_TIMEOUT_MS = 180_000


def expected_total(raw: dict[str, str], lang: str) -> int:
    outcome = json.loads(calculators.web.run(json.dumps(raw), lang))
    return round(outcome["result"]["total_kg_per_year"])


def shown_total(page: Any) -> int:
    text = page.inner_text('[data-output="total_kg_per_year"]')
    return int(re.sub(r"[^\d]", "", text))


CACHED_JS = """suffix => (async () => {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) if (request.url.endsWith(suffix)) return true;
  }
  return false;
})()"""


def wait_until_cached(page: Any, suffix: str, timeout_s: float = 60) -> None:
    """Wait until the service worker's cache holds an address ending in ``suffix``.

    Polled with ``page.evaluate``, which waits for the promise: ``wait_for_function``
    takes an async predicate's promise itself as truthy and returns at once
    (microsoft/playwright#29132), so it would not wait at all.
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(CACHED_JS, suffix):
        if time.monotonic() > deadline:
            raise AssertionError(f"the service worker's cache holds nothing ending in {suffix!r}")
        page.wait_for_timeout(250)


ACTIVATED_JS = """() => navigator.serviceWorker.ready.then((registration) => {
  const worker = registration.active;
  if (worker.state === "activated") return true;
  return new Promise((done) => worker.addEventListener("statechange", () => {
    if (worker.state === "activated") done(true);
  }));
})"""


def wait_until_active(page: Any) -> None:
    """Wait until the service worker has finished activating (it fills its cache while
    installing, so a full cache alone does not yet mean it answers requests)."""
    page.evaluate(ACTIVATED_JS)


def wait_for_total(page: Any, total: int) -> None:
    page.wait_for_function(
        "total => document.querySelector('[data-output=\"total_kg_per_year\"]').textContent.replace(/[^0-9]/g, '') === String(total)",
        arg=total,
        timeout=30_000,
    )


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("/en", "en")])
def test_second_visit_without_network_computes(
    page: Any, site_url: str, prefix: str, lang: str
) -> None:
    """Opened once online, the calculator opens again offline with another query, gets ready and computes."""
    page.goto(f"{site_url}{prefix}/calculator/?electricity_kwh=300")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    wait_for_total(page, expected_total({"electricity_kwh": "300"}, lang))
    wait_until_cached(page, ".wasm")
    wait_until_cached(page, f"{prefix}/calculator/")
    wait_until_active(page)
    page.context.set_offline(True)
    try:
        raw = {"electricity_kwh": "410", "city_gas_m3": "25"}
        page.goto(f"{site_url}{prefix}/calculator/?electricity_kwh=410&city_gas_m3=25")
        page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
        wait_for_total(page, expected_total(raw, lang))
        page.fill('[name="gasoline_l"]', "30")
        wait_for_total(page, expected_total({**raw, "gasoline_l": "30"}, lang))
    finally:
        page.context.set_offline(False)
    assert page.page_errors == []


@pytest.mark.parametrize(
    "prefix,title",
    [("", "ネットワークにつながっていません"), ("/en", "No network connection")],
)
def test_unvisited_page_offline_shows_the_sites_offline_page(
    page: Any, site_url: str, prefix: str, title: str
) -> None:
    """With no network, a page never opened shows the site's offline page in its language, with the worksheet link."""
    page.goto(f"{site_url}{prefix}/")
    wait_until_cached(page, "/en/offline/")
    wait_until_cached(page, f"{site_url}{prefix}/")
    wait_until_active(page)
    page.context.set_offline(True)
    try:
        page.goto(f"{site_url}{prefix}/glossary/")
        assert page.inner_text("h1").startswith(title)
        link = page.locator('article a[href*="worksheet/"]').first
        link.click()
        page.wait_for_url(re.compile(r".*/worksheet/$"))
        assert page.locator("h1").count() == 1
        assert not page.inner_text("h1").startswith(title)
    finally:
        page.context.set_offline(False)


def test_cache_keys_hold_no_query_string(page: Any, site_url: str) -> None:
    """What the service worker stores is keyed by address only: no inputs, no results."""
    page.goto(f"{site_url}/calculator/?electricity_kwh=333&household_size=2")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    wait_until_cached(page, ".wasm")
    wait_until_cached(page, "/calculator/")  # kept last, after the runtime
    keys: list[str] = page.evaluate(
        """async () => {
          const out = [];
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) out.push(request.url);
          }
          return out;
        }"""
    )
    assert f"{site_url}/calculator/" in keys
    assert [k for k in keys if "?" in k or "#" in k or "333" in k] == []


def test_service_worker_names_its_cache_after_the_runtime(built_site: Path) -> None:
    """sw.js carries the runtime folder (content hash) as its cache name and lists only files the site has."""
    script = (built_site / "sw.js").read_text(encoding="utf-8")
    build = json.loads(
        re.search(r"^const BUILD = (\{.*\}); // written by the build$", script, re.M).group(1)
    )
    runtime = built_site / build["runtime"]
    assert runtime.is_dir() and build["cache"] == runtime.name
    assert sorted(p.name for p in runtime.iterdir()) == build["runtimeFiles"]
    for path in build["precache"]:
        assert (built_site / path).is_file() or (built_site / path / "index.html").is_file(), path


def test_service_worker_keeps_the_modules_the_calculator_page_loads(built_site: Path) -> None:
    """The page module is in the HTML; client.js and worker.js, which it loads in turn, are kept too."""
    script = (built_site / "sw.js").read_text(encoding="utf-8")
    build = json.loads(
        re.search(r"^const BUILD = (\{.*\}); // written by the build$", script, re.M).group(1)
    )
    for name in ("calculator.js", "client.js", "worker.js"):
        assert f"assets/javascripts/{name}" in build["calculator"], build["calculator"]
    for path in build["calculator"]:
        assert (built_site / path).is_file(), path


@pytest.mark.parametrize(
    "path", ["/", "/calculator/", "/glossary/", "/en/", "/en/calculator/", "/en/privacy/"]
)
def test_no_page_requests_a_missing_file(page: Any, site_url: str, path: str) -> None:
    """Not one 404 while a page loads (Material looks for sitemap.xml beside each language)."""
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(site_url + path, wait_until="load")
    if page.locator("[data-calculator]").count():
        page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_timeout(500)
    assert missing == []


# Issue 23 and 24: the calculator offline in both languages, and a service worker that
# stores only what it promises. ------------------------------------------------------

ALL_CACHED_JS = """async () => {
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push({key: request.url, url: response.url, body: await response.clone().text()});
    }
  }
  return out;
}"""


@pytest.mark.parametrize(
    ("visited", "opened", "heading"),
    [("", "/en", "Calculate"), ("/en", "", "家庭")],
    ids=["ja-then-en", "en-then-ja"],
)
def test_the_other_languages_calculator_opens_offline(
    page: Any, site_url: str, visited: str, opened: str, heading: str
) -> None:
    """Only one language's calculator was visited online; offline, the other language's
    opens, gets ready and computes (a family may share a device and switch language)."""
    page.goto(f"{site_url}{visited}/calculator/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    wait_until_cached(page, ".wasm")
    wait_until_cached(page, f"{site_url}{opened}/calculator/")
    wait_until_cached(page, f"{site_url}{visited}/calculator/")
    wait_until_active(page)
    page.context.set_offline(True)
    try:
        page.goto(f"{site_url}{opened}/calculator/?electricity_kwh=300")
        assert heading in page.inner_text("h1")
        page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
        lang = "en" if opened else "ja"
        wait_for_total(page, expected_total({"electricity_kwh": "300"}, lang))
    finally:
        page.context.set_offline(False)
    assert page.page_errors == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_leaving_a_link_with_inputs_before_ready_stores_no_input(
    page: Any, site_url: str, prefix: str
) -> None:
    """With the service worker running, a calculator link with inputs left before ready leaves
    no response anywhere in the cache whose address or body holds the inputs."""
    page.goto(f"{site_url}{prefix}/")
    wait_until_cached(page, f"{site_url}{prefix}/")
    wait_until_active(page)
    page.goto(
        f"{site_url}{prefix}/calculator/?household_size=4&electricity_kwh=777&gasoline_l=55",
        wait_until="commit",
    )
    page.goto(f"{site_url}{prefix}/glossary/")
    wait_until_cached(page, f"{prefix}/glossary/")
    page.wait_for_timeout(1000)
    stored = page.evaluate(ALL_CACHED_JS)
    assert any(s["key"] == f"{site_url}{prefix}/calculator/" for s in stored)
    leaks = [
        s["key"] for s in stored if "?" in s["url"] or "777" in s["url"] or "=777" in s["body"]
    ]
    assert leaks == []


def test_a_tampered_runtime_file_is_dropped_and_fetched_again(page: Any, site_url: str) -> None:
    """A cached runtime file changed by anything with access to the cache is not served: the
    next visit fetches it again, computes correctly, and the cache holds the server's file again."""
    page.goto(f"{site_url}/calculator/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    wait_until_cached(page, "pyodide.mjs")
    wait_until_cached(page, f"{site_url}/calculator/")
    wait_until_active(page)
    forged = (
        "export function loadPyodide() { document.title = 'forged'; throw new Error('forged'); }"
    )
    tampered = page.evaluate(
        """async (forged) => {
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              if (request.url.endsWith('/pyodide.mjs')) {
                await cache.put(request, new Response(forged, {headers: {'Content-Type': 'text/javascript'}}));
                return request.url;
              }
            }
          }
          return null;
        }""",
        forged,
    )
    assert tampered
    page.goto(f"{site_url}/calculator/?electricity_kwh=310")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    wait_for_total(page, expected_total({"electricity_kwh": "310"}, "ja"))
    served = page.request.get(tampered).text()
    stored = next(s for s in page.evaluate(ALL_CACHED_JS) if s["key"] == tampered)
    assert stored["body"] == served != forged


def deployed_policy() -> str:
    text = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text(
        encoding="utf-8"
    )
    (policy,) = re.findall(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"', text, re.M)
    return policy


def test_a_page_from_the_cache_carries_the_deployed_policy(page: Any, site_url: str) -> None:
    """Offline, a stored page comes with the Content-Security-Policy of deploy/nginx.conf."""
    page.goto(f"{site_url}/credits/")
    wait_until_cached(page, f"{site_url}/credits/")
    wait_until_active(page)
    # The browser's HTTP cache would answer first (with the server's own headers).
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.context.set_offline(True)
    try:
        response = page.goto(f"{site_url}/credits/")
        assert response is not None and response.from_service_worker
        assert response.headers.get("content-security-policy") == deployed_policy()
        ran = page.evaluate(
            """() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
                       document.head.append(s); return window.__inline === 1; }"""
        )
        assert ran is False, "an inline script ran on a page served from the cache"
    finally:
        page.context.set_offline(False)


OFFLINE_TITLE = {"ja": "ネットワークにつながっていません", "en": "No network connection"}


@pytest.mark.parametrize(
    "path,lang", [("/schools/class/", "ja"), ("/en/schools/sheet/", "en"), ("/a/b/c/", "ja")]
)
def test_the_offline_page_is_styled_at_any_depth(
    page: Any, site_url: str, path: str, lang: str
) -> None:
    """A page never opened, at any depth, offline: the offline page with its stylesheets, no
    failed loads, working links, and no developer paths in its text."""
    page.goto(f"{site_url}/")
    wait_until_cached(page, "/en/offline/")
    wait_until_cached(page, f"{site_url}/")
    wait_until_active(page)
    page.wait_for_load_state("networkidle")  # the home page's own search files, not aborted
    page.context.set_offline(True)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page.goto(site_url + path, wait_until="load")
        assert page.inner_text("h1").startswith(OFFLINE_TITLE[lang])
        sheets = page.evaluate(
            "() => [...document.styleSheets].filter(s => { try { return s.cssRules.length > 0; } catch { return false; } }).length"
        )
        assert sheets >= 2
        page.wait_for_timeout(500)
        assert failed == []
        link = page.locator('article a[href*="worksheet/"]').first
        assert link.evaluate("a => new URL(a.href).pathname").endswith(
            ("/en" if lang == "en" else "") + "/worksheet/"
        )
        text = page.inner_text("article")
        assert "overrides/" not in text and ".js" not in text
    finally:
        page.context.set_offline(False)
