"""The /python/ exercises in real Chromium: the page, the editor and the learner's sandbox.

The built site is served on 127.0.0.1, with the CSP header of deploy/nginx.conf or
with no header at all (a static host). The learner's code runs in a sandboxed
frame (an opaque origin with its own policy) that starts a fresh Pyodide worker
for every run. Model answers are typed from the teachers' page (/schools/python/),
so nothing here repeats the pages' content.
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
RUN_MS = 120_000  # later runs wait for the next fresh interpreter


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
        ".whl": "application/zip",
    }
    policy = ""
    paths: list[str] = []  # noqa: RUF012 - every path asked for, per server

    def end_headers(self) -> None:
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def send_head(self) -> Any:
        self.paths.append(self.path)
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Served:
    """The built site on a port of 127.0.0.1, and every path it was asked for."""

    def __init__(self, site: Path, policy: str) -> None:
        self.paths: list[str] = []
        handler = type("Handler", (_Handler,), {"policy": policy, "paths": self.paths})
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
        )
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def csp_site(built_site: Path) -> Iterator[Served]:
    """The built site with deploy/nginx.conf's CSP header."""
    served = Served(built_site, csp_from_nginx())
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module")
def plain_site(built_site: Path) -> Iterator[Served]:
    """The built site with no header at all, as a static host serves it."""
    served = Served(built_site, "")
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module")
def csp_url(csp_site: Served) -> str:
    return csp_site.url


class _Foreign(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared with the test

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b"reached")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def foreign() -> Iterator[tuple[str, list[str]]]:
    """Another origin (another port), counting every request that reaches it."""
    hits: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("F", (_Foreign,), {"hits": hits}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.fixture
def exercises(page: Any, csp_url: str) -> Any:
    """The Japanese /python/ page, with CSP violations and worker requests recorded."""
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.context.on("request", page.requests.record)  # the frame's and workers' requests too
    page.csp_violations = violations
    page.goto(csp_url + "/python/")
    return page


def state(page: Any, n: int) -> str:
    return str(page.get_attribute(f"#exercise-{n}", "data-exercise-state"))


def wait_state(page: Any, n: int, wanted: str, timeout: float = FIRST_RUN_MS) -> None:
    page.wait_for_selector(f'#exercise-{n}[data-exercise-state="{wanted}"]', timeout=timeout)


_ANSWERS: dict[tuple[str, str], list[str]] = {}


def model_answer(page: Any, n: int, lang: str = "ja") -> str:
    """Exercise n's model answer as the teachers' page shows it (read in another tab, once)."""
    base = re.match(r"https?://[^/]+", page.url)
    assert base
    key = (base.group(0), lang)
    if key not in _ANSWERS:
        teachers = page.context.new_page()
        teachers.goto(f"{key[0]}{'/en' if lang == 'en' else ''}/schools/python/")
        _ANSWERS[key] = teachers.locator(".md-content div.highlight pre").all_text_contents()
        teachers.close()
    return _ANSWERS[key][n - 1]


def editor(page: Any, n: int) -> Any:
    """The CodeMirror editor, which replaces the textarea when the code is first focused."""
    found = page.locator(f"#exercise-{n} [data-exercise-editor]")
    if not found.count():
        page.focus(f"#exercise-{n} textarea")
    found.wait_for(timeout=30_000)
    return found


def replace_code(page: Any, n: int, code: str) -> None:
    """Select all in the editor and type the code (keyboard input, as a learner would)."""
    editor(page, n).click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def set_code(page: Any, n: int, code: str) -> None:
    """Put code into the exercise: typed into the editor once it is there, else into the textarea."""
    if page.locator(f"#exercise-{n} [data-exercise-editor]").count():
        replace_code(page, n, code)
        return
    page.evaluate(
        "([n, code]) => { const area = document.querySelector(`#exercise-${n} textarea`);"
        " area.value = code; area.dispatchEvent(new Event('input')); }",
        [n, code],
    )


def run(page: Any, n: int, code: str, action: str = "run") -> dict[str, str]:
    """Run code in exercise n; what the page shows once it is no longer running."""
    set_code(page, n, code)
    page.click(f"#exercise-{n} [data-exercise-action='{action}']")
    page.wait_for_function(
        f"() => document.querySelector('#exercise-{n}').dataset.exerciseState !== 'running'",
        timeout=FIRST_RUN_MS,
    )
    return {
        "state": state(page, n),
        "message": page.text_content(f"#exercise-{n} [data-exercise-message]") or "",
        "output": page.text_content(f"#exercise-{n} [data-exercise-output]") or "",
        "detail": page.text_content(f"#exercise-{n} [data-exercise-detail-text]") or "",
        "detail_shown": page.is_visible(f"#exercise-{n} [data-exercise-detail] summary"),
    }


# The page ---------------------------------------------------------------------------


def test_typing_the_correct_answer_and_pressing_check_shows_pass(exercises: Any) -> None:
    page = exercises
    page.click("#exercise-3 [data-exercise-action='check']")
    wait_state(page, 3, "fail")
    assert page.text_content("#exercise-3 [data-exercise-message]").startswith(
        "まだ正解ではありません"
    )
    replace_code(page, 3, model_answer(page, 3))
    page.click("#exercise-3 [data-exercise-action='check']")
    wait_state(page, 3, "pass", RUN_MS)
    message = page.locator("#exercise-3 [role='status']")
    assert message.get_attribute("aria-live") == "polite"
    assert message.text_content() == "正解です。よくできました。"
    # Output is text: the answer prints a number, and markup stays as characters.
    assert re.fullmatch(r"[0-9.]+\n", page.text_content("#exercise-3 [data-exercise-output]"))
    replace_code(page, 3, 'print("<b>x</b>")')
    page.click("#exercise-3 [data-exercise-action='run']")
    wait_state(page, 3, "idle", RUN_MS)
    assert page.locator("#exercise-3 [data-exercise-output] b").count() == 0
    assert page.text_content("#exercise-3 [data-exercise-output]") == "<b>x</b>\n"
    assert page.csp_violations == [] and page.page_errors == []


def test_an_error_is_explained_in_the_pages_language_with_pythons_words_in_a_box(
    exercises: Any,
) -> None:
    page = exercises
    out = run(page, 1, "a = 1\nif a == 1\n    print(a)\n")
    assert out["state"] == "error" and out["message"].startswith("2行目")
    assert "コロン（:）" in out["message"] and "expected" not in out["message"]
    assert out["detail"] == "SyntaxError: expected ':'" and out["detail_shown"]
    out = run(page, 1, "a = 1\nprint(b)\n")
    assert out["message"].startswith("2行目") and "「b」" in out["message"]
    assert out["detail"] == "NameError: name 'b' is not defined"
    assert "Traceback" not in page.text_content("#exercise-1")
    out = run(page, 1, "x = input('kWh? ')\n")
    assert out["state"] == "error" and "input() はここでは使えません" in out["message"]
    out = run(page, 1, "print(1)\n")
    assert out["state"] == "idle" and not out["detail_shown"]


def test_an_infinite_loop_is_stopped_and_the_page_recovers(exercises: Any) -> None:
    page = exercises
    page.click("#exercise-1 [data-exercise-action='run']")  # the first run loads Pyodide
    wait_state(page, 1, "idle")
    out = run(page, 1, "n = 0\nwhile True:\n    n += 1\n")
    assert out["state"] == "stopped" and out["message"].startswith("5秒たっても")
    # A later run works, in a fresh interpreter.
    page.click("#exercise-1 [data-exercise-action='reset']")
    page.click("#exercise-1 [data-exercise-action='run']")
    wait_state(page, 1, "idle", RUN_MS)
    assert "1年のCO₂" in page.text_content("#exercise-1 [data-exercise-output]")


# The sandbox ------------------------------------------------------------------------

PROBE = """
import js, time
tried = {{}}

def attempt(name, action):
    try:
        action()
        tried[name] = "no error"
    except BaseException as error:
        tried[name] = "refused"

def sync_get(url):
    request = js.XMLHttpRequest.new()
    request.open("GET", url, False)
    request.send()
    return request.responseText

attempt("caches", lambda: js.caches.open("sandbox-probe"))
attempt("indexedDB", lambda: js.indexedDB.open("sandbox-probe"))
attempt("fetch", lambda: js.fetch("{foreign}/fetch"))
attempt("xhr", lambda: print(sync_get("{foreign}/xhr")))
attempt("site", lambda: print(sync_get("{site}/sandbox-probe")))
attempt("websocket", lambda: js.WebSocket.new("{ws}/ws"))
attempt("eventsource", lambda: js.EventSource.new("{foreign}/sse"))
attempt("import", lambda: js.importScripts("{foreign}/script.js"))
attempt("eval", lambda: js.eval("import('{foreign}/eval.mjs'); fetch('{foreign}/eval')"))
attempt("function", lambda: js.Function.new("return fetch('{foreign}/function')")())

def blob_worker():
    from pyodide.ffi import to_js
    source = js.Blob.new(to_js(["fetch('{foreign}/blob-worker'); import('{foreign}/blob.mjs')"]))
    js.Worker.new(js.URL.createObjectURL(source))

attempt("blob-worker", blob_worker)
start = time.time()
while time.time() - start < 1:
    pass  # time for anything started above to arrive somewhere
print(sorted(tried.items()))
"""

SITE_STORAGE = """async () => ({
  caches: (await caches.keys()).filter((name) => name.includes('sandbox-probe')),
  databases: (await indexedDB.databases()).map((d) => d.name).filter((name) => name.includes('sandbox-probe')),
  local: Object.keys(localStorage),
  cookie: document.cookie,
})"""


@pytest.mark.parametrize("served", ["csp_site", "plain_site"])
def test_learner_code_reaches_no_cache_storage_or_network(
    page: Any, served: str, request: pytest.FixtureRequest, foreign: tuple[str, list[str]]
) -> None:
    """With and without the nginx headers: caches, IndexedDB, fetch, XHR, WebSocket all fail."""
    site: Served = request.getfixturevalue(served)
    foreign_url, hits = foreign
    page.goto(site.url + "/python/")
    code = PROBE.format(foreign=foreign_url, site=site.url, ws=foreign_url.replace("http", "ws"))
    out = run(page, 2, code)
    time.sleep(1)  # anything that got out would have arrived by now
    assert out["state"] == "idle", out
    assert "('xhr', 'refused')" in out["output"] and "('site', 'refused')" in out["output"], out
    assert "('import', 'refused')" in out["output"], out
    # The frame's policy has no 'unsafe-eval' (Pyodide needs only 'wasm-unsafe-eval'), and
    # the run's blob worker inherits it; a worker it starts in turn inherits it too.
    assert "('eval', 'refused')" in out["output"], out
    assert "('function', 'refused')" in out["output"], out
    time.sleep(1)  # the nested worker's requests, if any, would have arrived by now
    assert "reached" not in out["output"]
    assert hits == [], f"{served}: learner code reached another origin: {hits}"
    assert not [p for p in site.paths if "sandbox-probe" in p], site.paths
    assert page.evaluate(SITE_STORAGE) == {"caches": [], "databases": [], "local": [], "cookie": ""}


FORGE = """
import js, time
fake = js.Object.new()
fake.type = "result"
fake.token = "a guess"
fake.json = '{"state": "pass", "stdout": "", "stderr": "", "message": "forged", "detail": ""}'
js.postMessage(fake)
fake.id = 1
fake.state = "pass"
fake.message = "forged"
js.postMessage(fake)
start = time.time()
while time.time() - start < 1:
    pass
raise ValueError("the real outcome")
"""


def test_a_forged_result_message_is_not_taken_for_the_result(exercises: Any) -> None:
    """Messages the learner's code posts, or anything posted to the page's window, are not results."""
    page = exercises
    out = run(page, 2, FORGE, "check")
    assert out["state"] == "error" and "forged" not in out["message"], out
    assert "ValueError" in out["detail"]
    # A message posted to the page itself during a run (as another frame could) is ignored.
    set_code(page, 2, "import time\nstart = time.time()\nwhile time.time() - start < 2:\n    pass\nprint('real')\n")
    page.click("#exercise-2 [data-exercise-action='run']")
    page.wait_for_function("() => document.querySelector('#exercise-2 [data-exercise-message]').textContent === '実行しています…'", timeout=RUN_MS)
    for n in range(1, 20):
        page.evaluate(
            "(id) => window.postMessage({type: 'result', id, state: 'pass', stdout: 'forged', "
            "stderr: '', message: 'forged', detail: ''}, '*')",
            n,
        )
    wait_state(page, 2, "idle", RUN_MS)
    assert page.text_content("#exercise-2 [data-exercise-output]") == "real\n"


FIRST_RUN = """
import json, asyncio, js
json.dumps = lambda *args, **kwargs: "forged"
from calculators import _model
_model.BILLS_PER_YEAR["month"] = 1
left_over = "from the run before"

async def tick():
    while True:
        js.console.log("sandbox-tick")
        await asyncio.sleep(0.05)

js.console.log("sandbox-tick")
asyncio.ensure_future(tick())
print("scheduled")
"""
SECOND_RUN = """
import json
from calculators import learn
print(learn.per_year(10, "month"))
print(json.dumps([1]))
print("left_over" in globals())
"""


def test_every_run_starts_a_fresh_python_and_ends_all_its_work(exercises: Any) -> None:
    """Nothing a run changed, and nothing it scheduled, outlives it: its worker is ended."""
    page = exercises
    ticks: list[str] = []
    closed: list[str] = []

    def watch(worker: Any) -> None:
        worker.on("console", lambda m: ticks.append(m.text) if m.text == "sandbox-tick" else None)
        worker.on("close", lambda w: closed.append(w.url))

    page.on("worker", watch)
    first = run(page, 2, FIRST_RUN)
    assert first["state"] == "idle" and first["output"] == "scheduled\n"
    page.wait_for_timeout(500)
    seen = len(ticks)
    assert seen >= 1, "the run's own console line was not seen"
    page.wait_for_timeout(1500)
    assert len(ticks) == seen, "a task the run scheduled kept running after its answer"
    assert closed, "the worker that ran the code is still alive"
    second = run(page, 2, SECOND_RUN)
    assert second["output"] == "120\n[1]\nFalse\n", second


def test_each_way_a_run_ends_has_its_own_message(exercises: Any) -> None:
    page = exercises
    out = run(page, 2, "print('before')\nraise KeyboardInterrupt\n")
    assert out["state"] == "error" and "止められました" in out["message"], out
    out = run(page, 2, "import sys\nsys.setrecursionlimit(10**6)\n\ndef f(n):\n    return f(n + 1)\n\nf(0)\n")
    assert out["state"] == "error" and "自分を呼び続けて" in out["message"], out
    out = run(page, 2, "x = 1\ny = '\ud83d'\n")
    assert out["state"] == "error" and out["message"].startswith("2行目") and "U+D83D" in out["message"]
    out = run(page, 2, "import js\njs.close()\nprint('after')\n")
    assert out["state"] == "error" and "after" not in out["output"], out
    out = run(page, 2, "print('next')\n")  # not kept waiting by the one before
    assert out == {**out, "state": "idle", "output": "next\n"}


# Loading, the editor and the tab ----------------------------------------------------


def test_nothing_heavy_loads_before_an_exercise_is_first_focused(page: Any, csp_url: str) -> None:
    """The editor bundle and the runtime load on first focus, not with the page (Lighthouse TBT)."""
    page.context.on("request", page.requests.record)
    page.goto(csp_url + "/python/", wait_until="load")
    page.wait_for_timeout(1000)
    heavy = ("editor.js", "exercise-worker.js", "pyodide.asm.wasm", "python_stdlib.zip")
    assert [u for u in page.requests.urls if u.endswith(heavy)] == []
    assert page.locator("iframe").count() == 0
    page.focus("#exercise-1 textarea")
    editor(page, 1)
    page.wait_for_function("() => document.querySelector('iframe[sandbox=\"allow-scripts\"]')", timeout=FIRST_RUN_MS)
    assert {u.rsplit("/", 1)[-1] for u in page.requests.urls if u.endswith(heavy)} == set(heavy)
    assert page.get_attribute("iframe", "sandbox") == "allow-scripts"


def test_tab_indents_in_the_editor_and_escape_then_tab_leaves_it(exercises: Any) -> None:
    page = exercises
    replace_code(page, 3, "def f():\nreturn 1")
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    assert "def f():\n    return 1" in page.inner_text("#exercise-3 [data-exercise-editor]")
    assert page.evaluate("() => document.activeElement.matches('[data-exercise-editor]')")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.exerciseAction") == "run"
    hint = page.text_content("#exercise-3 .exercise__hint")
    assert "Tab" in hint and "Esc" in hint


def test_code_stays_in_the_tab_until_reset(page: Any, csp_url: str) -> None:
    page.goto(csp_url + "/python/")
    replace_code(page, 4, "print('mine')")
    page.reload()
    assert page.input_value("#exercise-4 textarea") == "print('mine')"
    page.click("#exercise-4 [data-exercise-action='reset']")
    page.reload()
    assert "bills = [" in page.input_value("#exercise-4 textarea")
    assert page.evaluate("() => Object.keys(localStorage).length") == 0


def test_code_and_keys_are_at_least_12_px(exercises: Any) -> None:
    """Lighthouse's legibility audit: the hints' keys and the code (were 10.2 and 10.9 px)."""
    page = exercises
    editor(page, 1)
    out = run(page, 1, "if True\n    pass\n")
    page.click("#exercise-1 [data-exercise-detail] summary")
    sizes = page.evaluate(
        """() => Object.fromEntries(['#exercise-1 kbd', '#exercise-1 .cm-content',
          '#exercise-2 textarea', '#exercise-1 [data-exercise-output]',
          '#exercise-1 [data-exercise-detail-text]'].map((s) =>
          [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)]))"""
    )
    assert out["state"] == "error"
    assert min(sizes.values()) >= 12, sizes


def run_axe(page: Any) -> list[dict[str, Any]]:
    # evaluate, not add_script_tag: the page's meta CSP (overrides/hooks/csp.py) blocks inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        "(options) => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS
    )
    return violations


def test_axe_finds_no_violation_with_the_editor_focused(page: Any, site_url: str) -> None:
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
    # Tab from the top of the page into exercise 4's code (the editor takes its place).
    # An earlier exercise's editor keeps Tab for indenting: Escape, then Tab, moves on.
    for _ in range(300):
        if page.evaluate("() => document.activeElement.matches('[data-exercise-editor]')"):
            page.keyboard.press("Escape")
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => !!document.activeElement.closest('#exercise-4') && "
            "document.activeElement.matches('textarea, [data-exercise-editor]')"
        ):
            break
    else:
        pytest.fail("Tab never reached the code of exercise 4")
    page.wait_for_function(
        "() => document.activeElement.matches('#exercise-4 [data-exercise-editor]')", timeout=30_000
    )
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
    wait_state(page, 4, "pass", RUN_MS)


def test_english_page_speaks_english_and_reset_brings_back_the_start(
    page: Any, csp_url: str
) -> None:
    page.goto(csp_url + "/en/python/")
    assert page.text_content("#exercise-5 label") == "Code for exercise 5"
    start = page.input_value("#exercise-5 textarea")
    replace_code(page, 5, model_answer(page, 5, "en"))
    page.click("#exercise-5 [data-exercise-action='check']")
    wait_state(page, 5, "pass")
    assert page.text_content("#exercise-5 [data-exercise-message]") == "Correct. Well done."
    page.click("#exercise-5 [data-exercise-action='reset']")
    page.click("#exercise-5 [data-exercise-action='check']")
    wait_state(page, 5, "fail", RUN_MS)
    shown = editor(page, 5).inner_text()
    assert "".join(shown.split()) == "".join(start.split())


def test_a_link_carries_the_code_in_the_fragment_only(page: Any, csp_url: str) -> None:
    page.goto(csp_url + "/en/python/")
    replace_code(page, 2, "print('from a link')")
    page.click("#exercise-2 [data-exercise-action='link']")
    url = page.url
    assert "#exercise-2=" in url and "?" not in url
    page.context.clear_cookies()
    fresh = page.context.new_page()  # a new tab: its own sessionStorage
    fresh.goto(url)
    fresh.click("#exercise-2 [data-exercise-action='run']")
    wait_state(fresh, 2, "idle")
    assert fresh.text_content("#exercise-2 [data-exercise-output]") == "from a link\n"
    assert fresh.evaluate("() => Object.keys(localStorage).length") == 0


TAMPER = """async () => {
  const template = document.querySelector('template[data-exercise-sandbox]');
  const wheel = Object.keys(JSON.parse(template.dataset.files)).find((n) => n.endsWith('.whl'));
  const url = new URL(wheel, new URL(template.dataset.runtime, location.href)).href;
  const changed = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    if (await cache.match(url)) {
      await cache.put(url, new Response('tampered', {headers: {'Content-Type': 'application/zip'}}));
      changed.push(name);
    }
  }
  return {url, changed};
}"""
STORED = """async (url) => {
  for (const name of await caches.keys()) {
    const hit = await (await caches.open(name)).match(url);
    if (hit) return (await hit.arrayBuffer()).byteLength;
  }
  return null;
}"""


def test_a_tampered_runtime_file_is_dropped_and_fetched_again(page: Any, csp_url: str) -> None:
    """A runtime file changed in the service worker's cache is not used: the page drops it,
    fetches it again and the exercise computes correctly."""
    page.goto(csp_url + "/python/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled: what the page fetches goes through the service worker
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    assert run(page, 1, "print(1)")["output"] == "1\n"
    tampered = page.evaluate(TAMPER)
    assert tampered["changed"], "the runtime was not in the service worker's cache"
    page.reload()
    out = run(page, 1, model_answer(page, 1), "check")
    assert out["state"] == "pass", out
    assert page.evaluate(STORED, tampered["url"]) > len("tampered")


def test_exercises_run_offline_after_a_visit(page: Any, csp_url: str) -> None:
    """What the page fetched for the sandbox came through the service worker: no network needed again."""
    page.goto(csp_url + "/python/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # controlled from here on
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    editor(page, 1)  # the editor too
    assert run(page, 1, "print('online')")["output"] == "online\n"
    page.context.set_offline(True)
    try:
        page.reload()
        editor(page, 1)
        out = run(page, 1, "print(6 * 7)")
    finally:
        page.context.set_offline(False)
    assert out["state"] == "idle" and out["output"] == "42\n", out
