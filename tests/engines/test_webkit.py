"""The calculator and the diary in WebKitGTK, driven by Selenium through Debian's WebKitWebDriver.

WebKitGTK 2.50's MiniBrowser has no headless mode, so the fixture starts its
own Xvfb display. One browser session opens the golden household's share
link in Japanese and English, reads what a reader sees, and types a new kWh
figure; the tests compare each part with the command line.

Errors: WebKitWebDriver offers neither BiDi nor a log endpoint, so the site is
served here with one observer script added at the top of each page's
<head>. It records console.error, uncaught errors and unhandled rejections of
the page, and every error event the calculator's Worker raises in the page (a
worker's uncaught error, a module that failed to load). It changes nothing
else. A console.error written inside the worker without an uncaught error is
seen by the Firefox and Chromium checks, not by this one.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import engine_checks as e
import pytest

import calculators.web

OBSERVER = b"""<script>(() => {
  const seen = (window.__engineErrors = []);
  const text = (value) => (value && value.stack) || String(value);
  const consoleError = console.error.bind(console);
  console.error = (...args) => { seen.push("console: " + args.map(text).join(" ")); consoleError(...args); };
  addEventListener("error", (event) => {
    const where = event.target && (event.target.src || event.target.href);
    seen.push("uncaught: " + (event.message || (where ? "failed to load " + where : "error event")));
  }, true);
  addEventListener("unhandledrejection", (event) => seen.push("unhandled rejection: " + text(event.reason)));
  const RealWorker = window.Worker;
  if (RealWorker) {
    window.Worker = function Worker(url, options) {
      const worker = new RealWorker(url, options);
      worker.addEventListener("error", (event) => seen.push("worker: " + (event.message || "error event")));
      worker.addEventListener("messageerror", () => seen.push("worker: messageerror"));
      return worker;
    };
    window.Worker.prototype = RealWorker.prototype;
  }
})();</script>"""

READ = """
const text = (selector) => { const el = document.querySelector(selector); return el ? el.textContent.trim() : null; };
const root = document.querySelector('[data-calculator="household"]');
return {
  state: root ? root.dataset.state : null,
  total: text('[data-output="total_kg_per_year"]'),
  perPerson: text('[data-output="per_person_kg_per_year"]'),
  sources: [...document.querySelectorAll('[data-table="sources"] tbody tr')].map((tr) =>
    [tr.querySelector("th").textContent.trim(), tr.querySelector("td").textContent.trim()]),
  classCode: text('[data-output="class_code"]'),
  classCodeLines: (() => {
    const el = document.querySelector('[data-output="class_code"]');
    return el ? el.querySelectorAll("wbr").length : -1;
  })(),
  lang: document.documentElement.lang,
  errors: window.__engineErrors || ["the observer script did not run"],
  address: location.href,
};
"""


class ObservedHandler(http.server.SimpleHTTPRequestHandler):
    """The built site as tests/conftest.py serves it, with the observer in every HTML page."""

    extensions_map = {  # noqa: RUF012 - class attribute used by the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()  # assets, redirects and 404s as usual
        body = path.read_bytes().replace(b"<head>", b"<head>" + OBSERVER, 1)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def observed_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(ObservedHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private Xvfb display (WebKitGTK 2.50's MiniBrowser cannot run headless)."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        e.missing("Xvfb is not installed (Debian package xvfb)")
    process = subprocess.Popen(
        [str(xvfb), "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    number = process.stdout.readline().decode().strip()
    if not number:
        process.kill()
        e.missing("Xvfb did not start")
    yield f":{number}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def driver(display: str) -> Iterator[Any]:
    """WebKitGTK's MiniBrowser under WebKitWebDriver, on the private display."""
    webkit_driver = shutil.which("WebKitWebDriver")
    if not webkit_driver:
        e.missing("WebKitWebDriver is not installed (Debian package webkit2gtk-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.service import Service
    except ImportError as exc:
        e.missing(f"selenium is not installed: {exc}")
    options = webdriver.WebKitGTKOptions()
    options.add_argument("--automation")
    service = Service(executable_path=webkit_driver, env={**os.environ, "DISPLAY": display})
    try:
        browser = webdriver.WebKitGTK(options=options, service=service)
    except Exception as exc:
        e.missing(f"WebKitGTK could not start: {exc}")
    browser.set_page_load_timeout(e.READY_TIMEOUT_S)
    print(f"WebKitGTK: {browser.capabilities.get('browserVersion')}")
    yield browser
    browser.quit()


def wait_for(driver: Any, condition: str, timeout_s: float, *args: Any) -> bool:
    """Poll a JavaScript condition until it holds; False on timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if driver.execute_script(condition, *args):
            return True
        time.sleep(0.25)
    return False


def visit(driver: Any, url: str) -> dict[str, Any]:
    """Open a share link, read the figures, type the new kWh figure, read them again."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    shown = wait_for(
        driver,
        "const root = document.querySelector('[data-calculator=\"household\"]');"
        "const out = document.querySelector('[data-output=\"total_kg_per_year\"]');"
        "return root && (root.dataset.state === 'error' ||"
        " (root.dataset.state === 'ready' && /[0-9]/.test(out.textContent)));",
        e.READY_TIMEOUT_S,
    )
    before = driver.execute_script(READ)
    outcome: dict[str, Any] = {"state": before["state"], "before": before}
    if not shown:
        outcome["failure"] = f"not ready after {e.READY_TIMEOUT_S} s: {before}"
        return outcome
    if before["state"] == "ready":
        control = driver.find_element(By.NAME, e.EDIT["field"])
        control.clear()
        control.send_keys(e.EDIT["value"])
        wait_for(
            driver,
            "return document.querySelector('[data-output=\"total_kg_per_year\"]')"
            ".textContent.trim() !== arguments[0];",
            60,
            before["total"],
        )
        time.sleep(0.5)  # let the last debounced result land
        outcome["after"] = driver.execute_script(READ)
        outcome["address"] = outcome["after"]["address"]
    outcome["errors"] = driver.execute_script(READ)["errors"]
    return outcome


@pytest.fixture(scope="module")
def visits(driver: Any, observed_url: str) -> dict[str, dict[str, Any]]:
    """Both share links, visited once in one WebKitGTK session: {lang: what was read}."""
    return {lang: visit(driver, e.share_link(observed_url, prefix)) for lang, prefix in e.VISITS}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_share_link_shows_the_command_line_figures_in_webkit(
    visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """The golden household's link shows the CLI's total, per person and per source."""
    e.check_share_link(visits[lang], lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_typing_recomputes_in_webkit(visits: dict[str, dict[str, Any]], lang: str) -> None:
    """Typing a new kWh figure shows the CLI's new figures and rewrites the link."""
    e.check_typing_recomputes(visits[lang], lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_class_code_is_the_engines_in_webkit(
    visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """The code a pupil copies is the engine's, with a break point after each "-" only.
    (The split no longer uses a look-behind, which Safari before 16.4 cannot run; this
    WebKitGTK can, so that older engine itself is not what is tested here.)"""
    visit = visits[lang]
    assert "before" in visit and visit["state"] == "ready", visit.get("failure", visit)
    expected = json.loads(calculators.web.run(json.dumps(e.HOUSEHOLD), lang))["result"][
        "class_code"
    ]
    assert visit["before"]["classCode"] == expected
    assert visit["before"]["classCodeLines"] == expected.count("-")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_error_in_page_or_worker_in_webkit(visits: dict[str, dict[str, Any]], lang: str) -> None:
    """No console error, uncaught error or failed worker in the page (see the module docstring)."""
    e.check_no_errors(visits[lang])


# The diary --------------------------------------------------------------------------------

DIARY_READ = """
const root = document.querySelector('[data-log]');
return {
  state: root ? root.dataset.state : null,
  rows: [...document.querySelectorAll('[data-log-row]')].map((tr) => tr.dataset.logRow),
  total: document.querySelector('[data-log-output="total_kg_12_months"]').textContent.trim(),
  consent: document.querySelector('[data-log-consent]').checked,
  errors: window.__engineErrors || ['the observer script did not run'],
};
"""


def diary_storage(driver: Any) -> dict[str, Any]:
    """Every store of the site (engine_checks.DIARY_STORAGE_JS), looking for DIARY_MARK."""
    stored: dict[str, Any] = driver.execute_async_script(
        f"const done = arguments[arguments.length - 1];"
        f"({e.DIARY_STORAGE_JS})(arguments[0]).then(done, (error) => done({{error: String(error)}}));",
        e.DIARY_MARK,
    )
    return stored


def diary_ready(driver: Any) -> dict[str, Any]:
    wait_for(
        driver,
        "const root = document.querySelector('[data-log]');"
        "return root && (root.dataset.state === 'ready' || root.dataset.state === 'error');",
        e.READY_TIMEOUT_S,
    )
    read: dict[str, Any] = driver.execute_script(DIARY_READ)
    return {**read, "storage": diary_storage(driver)}


def click(driver: Any, selector: str) -> None:
    """A real click, on the element scrolled to the middle (Material's header sits on top)."""
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def diary_add(driver: Any, month: str, values: dict[str, str]) -> None:
    """The month by script (WebKitGTK's month control varies), the amounts typed, the button clicked."""
    from selenium.webdriver.common.by import By

    driver.execute_script(
        "const el = document.querySelector('[data-log-month]'); el.value = arguments[0];"
        "el.dispatchEvent(new Event('input', {bubbles: true}));",
        month,
    )
    for key, value in values.items():
        control = driver.find_element(By.CSS_SELECTOR, f'[data-log-form] [name="{key}"]')
        control.clear()
        control.send_keys(value)
    click(driver, "[data-log-add]")
    assert wait_for(
        driver, "return !!document.querySelector(`[data-log-row='${arguments[0]}']`);", 60, month
    ), f"{month} was not recorded: {driver.execute_script(DIARY_READ)}"


def diary_visit(driver: Any, url: str) -> dict[str, Any]:
    """Without consent (two months, reload), then with consent (three months, reload)."""

    driver.get(url)
    driver.execute_script("localStorage.clear(); sessionStorage.clear();")
    driver.get(url)
    first = diary_ready(driver)
    outcome: dict[str, Any] = {"state": first["state"]}
    if first["state"] != "ready":
        outcome["failure"] = f"not ready after {e.READY_TIMEOUT_S} s: {first}"
        return outcome
    for month, values in e.DIARY_MONTHS[:2]:
        diary_add(driver, month, values)
    shown = {**driver.execute_script(DIARY_READ), "storage": diary_storage(driver)}
    driver.refresh()
    after = diary_ready(driver)
    outcome["withoutConsent"] = {
        "rows": shown["rows"],
        "storage": shown["storage"],
        "rowsAfterReload": after["rows"],
        "storageAfterReload": after["storage"],
    }
    try:
        click(driver, "[data-log-consent]")
        for month, values in e.DIARY_MONTHS:
            diary_add(driver, month, values)
        kept = {**driver.execute_script(DIARY_READ), "storage": diary_storage(driver)}
        driver.refresh()
        diary_ready(driver)
        last = e.DIARY_MONTHS[-1][0]
        wait_for(
            driver,
            "return !!document.querySelector(`[data-log-row='${arguments[0]}']`);",
            60,
            last,
        )
        again = {**driver.execute_script(DIARY_READ), "storage": diary_storage(driver)}
    except Exception as error:  # reported by the checks, as the Firefox driver does
        outcome["failure"] = f"with consent: {error!r}"
        outcome["errors"] = shown["errors"]
        driver.execute_script("localStorage.clear();")
        return outcome
    outcome["withConsent"] = {
        "rows": kept["rows"],
        "total": kept["total"],
        "storage": kept["storage"],
        "storageAfterReload": again["storage"],
        "rowsAfterReload": again["rows"],
        "totalAfterReload": again["total"],
        "consentAfterReload": again["consent"],
    }
    outcome["errors"] = shown["errors"] + again["errors"]
    driver.execute_script("localStorage.clear();")
    return outcome


@pytest.fixture(scope="module")
def diary_visits(driver: Any, observed_url: str) -> dict[str, dict[str, Any]]:
    """The diary in both languages, one after the other in one WebKitGTK session."""
    return {lang: diary_visit(driver, f"{observed_url}{prefix}/log/") for lang, prefix in e.VISITS}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_diary_keeps_three_months_over_a_reload_with_consent_in_webkit(
    diary_visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """Consent, three months, reload: the same rows and the engine's 12-month total."""
    e.check_diary_with_consent(diary_visits[lang], lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_diary_keeps_nothing_without_consent_in_webkit(
    diary_visits: dict[str, dict[str, Any]], lang: str
) -> None:
    """Without consent: a reload shows no month, and the site's storage holds nothing."""
    e.check_diary_without_consent(diary_visits[lang])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_diary_raises_no_error_in_webkit(
    diary_visits: dict[str, dict[str, Any]], lang: str
) -> None:
    e.check_no_errors(diary_visits[lang])
