"""The Python exercises' sandbox in Firefox ESR and WebKitGTK, with and without the nginx headers.

Chromium is covered by tests/browser/test_python_exercises.py. Here, in each other
engine, learner code on /python/ tries the site's caches, IndexedDB, fetch and XHR
to another origin and to the site itself, a WebSocket, an EventSource, importScripts,
eval and new Function, and a nested blob worker (PROBE below); nothing may arrive anywhere, and the site's own storage must stay empty.
The same session checks a model answer, deep recursion after
sys.setrecursionlimit(10**6), and js.close() followed by another run. The site is
served with deploy/nginx.conf's CSP header, and with no header at all (a static
host): the frame's own policy must hold on its own.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import engine_checks as e
import pytest

SCRIPT = Path(__file__).with_name("exercise_check.mjs")
NGINX_CONF = e.ROOT / "deploy" / "nginx.conf"
# These runs are about what the code can reach, not about the 5 s limit (tested in
# Chromium): on a machine shared by many jobs, WebKit can need longer for a check.
LIMIT_MS = 120_000

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
    pass
print(sorted(tried.items()))
"""
RECURSION = "import sys\nsys.setrecursionlimit(10**6)\n\ndef f(n):\n    return f(n + 1)\n\nf(0)\n"
CLOSE = "import js\njs.close()\nprint('after')\n"
NEXT = "print('next')\n"
STORAGE = """(async () => JSON.stringify({
  caches: (await caches.keys()).filter((name) => name.includes('sandbox-probe')),
  databases: (await indexedDB.databases()).map((d) => d.name).filter((n) => n.includes('sandbox-probe')),
  local: Object.keys(localStorage),
}))()"""


def policy() -> str:
    import re

    found = re.findall(
        r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"',
        NGINX_CONF.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert len(found) == 1
    return found[0]


def model_answer(n: int) -> tuple[str, str]:
    """Exercise n's model answer from docs/python/index.md (the build hook's parser)."""
    spec = importlib.util.spec_from_file_location(
        "exercises_hook_engines", e.ROOT / "overrides" / "hooks" / "exercises.py"
    )
    assert spec and spec.loader
    hook = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = hook
    spec.loader.exec_module(hook)
    text = (e.ROOT / "docs" / "python" / "index.md").read_text(encoding="utf-8")
    _, exercises = hook.parse(text, "python/index.md")
    return exercises[n - 1].answer, exercises[n - 1].code


class _Site(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - read by the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }
    policy = ""
    paths: list[str] = []  # noqa: RUF012 - per server

    def end_headers(self) -> None:
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def send_head(self) -> Any:
        self.paths.append(self.path)
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Foreign(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - per server

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b"reached")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(handler: type, **attrs: Any) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("H", (handler,), attrs))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module", params=["nginx headers", "no headers"])
def setting(request: pytest.FixtureRequest, built_site: Path) -> Iterator[dict[str, Any]]:
    """The built site (with or without the CSP header) and another origin, each counting requests."""
    paths: list[str] = []
    hits: list[str] = []
    header = policy() if request.param == "nginx headers" else ""
    site_handler = functools.partial(
        type("S", (_Site,), {"policy": header, "paths": paths}), directory=str(built_site)
    )
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), site_handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{site.server_address[1]}"
    foreign, foreign_url = serve(_Foreign, hits=hits)
    answer, start = model_answer(5)
    yield {
        "name": request.param,
        "url": site_url + "/python/",
        "paths": paths,
        "hits": hits,
        "runs": [
            {"code": answer, "action": "check"},
            {"code": start, "action": "check"},
            {
                "code": PROBE.format(
                    foreign=foreign_url, site=site_url, ws=foreign_url.replace("http", "ws")
                ),
                "action": "run",
            },
            {"code": RECURSION, "action": "run"},
            {"code": CLOSE, "action": "run"},
            {"code": NEXT, "action": "run"},
        ],
    }
    site.shutdown()
    foreign.shutdown()


def judge(setting: dict[str, Any], seen: dict[str, Any]) -> None:
    """What every engine must show for the runs of ``setting``."""
    assert "failure" not in seen, seen.get("failure")
    answer, start, probe, recursion, close, after = seen["runs"]
    assert answer["state"] == "pass", answer
    assert start["state"] == "fail", start
    assert probe["state"] == "idle", probe
    # No 'unsafe-eval' in the frame's policy, which the run's blob worker inherits.
    for name in ("xhr", "site", "import", "eval", "function"):
        assert f"('{name}', 'refused')" in probe["output"], (name, probe)
    assert "reached" not in probe["output"]
    time.sleep(1)
    assert setting["hits"] == [], f"learner code reached another origin: {setting['hits']}"
    assert not [p for p in setting["paths"] if "sandbox-probe" in p]
    assert json.loads(seen["after"]) == {"caches": [], "databases": [], "local": []}
    assert recursion["state"] == "error" and "自分を呼び続けて" in recursion["message"], recursion
    assert close["state"] == "error" and "after" not in close["output"], close
    assert after["state"] == "idle" and after["output"] == "next\n", after


# Firefox ------------------------------------------------------------------------------


def firefox_path() -> str | None:
    return os.environ.get("FIREFOX_PATH") or shutil.which("firefox-esr") or shutil.which("firefox")


def test_learner_code_is_sandboxed_in_firefox(setting: dict[str, Any]) -> None:
    firefox = firefox_path()
    if not firefox:
        e.missing("Firefox ESR is not installed (Debian package firefox-esr)")
    node = shutil.which("node")
    if not node or not (e.ROOT / "node_modules" / "puppeteer-core").is_dir():
        e.missing("node and node_modules/puppeteer-core are needed (npm ci)")
    config = {
        "firefox": firefox,
        "timeoutMs": e.READY_TIMEOUT_S * 1000,
        "url": setting["url"],
        "exercise": 5,
        "runs": setting["runs"],
        "limitMs": LIMIT_MS,
        "after": STORAGE,
    }
    done = subprocess.run(
        [str(node), str(SCRIPT), json.dumps(config)],
        cwd=e.ROOT,
        capture_output=True,
        text=True,
        timeout=6 * e.READY_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"exercise_check.mjs failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    seen = json.loads(done.stdout)
    print(f"Firefox: {seen.get('version')} ({setting['name']})")
    judge(setting, seen)


# WebKit -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def webkit() -> Iterator[Any]:
    """WebKitGTK's MiniBrowser under WebKitWebDriver on a private Xvfb display."""
    xvfb = shutil.which("Xvfb")
    webkit_driver = shutil.which("WebKitWebDriver")
    if not xvfb or not webkit_driver:
        e.missing("Xvfb and WebKitWebDriver are needed (Debian packages xvfb, webkit2gtk-driver)")
    assert xvfb and webkit_driver
    display = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert display.stdout is not None
    number = display.stdout.readline().decode().strip()
    try:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.service import Service
    except ImportError as exc:
        display.kill()
        e.missing(f"selenium is not installed: {exc}")
    options = webdriver.WebKitGTKOptions()
    options.add_argument("--automation")
    service = Service(executable_path=webkit_driver, env={**os.environ, "DISPLAY": f":{number}"})
    try:
        browser = webdriver.WebKitGTK(options=options, service=service)
    except Exception as exc:
        display.kill()
        e.missing(f"WebKitGTK could not start: {exc}")
    browser.set_page_load_timeout(e.READY_TIMEOUT_S)
    browser.set_script_timeout(60)
    yield browser
    browser.quit()
    display.terminate()
    display.wait(timeout=10)


READ_RUN = """
const root = document.querySelector(arguments[0]);
return {
  state: root.dataset.exerciseState,
  message: root.querySelector('[data-exercise-message]').textContent,
  output: root.querySelector('[data-exercise-output]').textContent,
  detail: root.querySelector('[data-exercise-detail-text]').textContent,
};
"""


def test_learner_code_is_sandboxed_in_webkit(webkit: Any, setting: dict[str, Any]) -> None:
    print(f"WebKitGTK: {webkit.capabilities.get('browserVersion')} ({setting['name']})")
    webkit.get(setting["url"])
    webkit.execute_script(
        "const t = document.querySelector('template[data-exercise-sandbox]');"
        "if (t) t.dataset.limitMs = arguments[0];",
        str(LIMIT_MS),
    )
    root = "#exercise-5"
    runs = []
    for item in setting["runs"]:
        webkit.execute_script(
            "document.querySelector(arguments[0] + ' textarea').value = arguments[1];"
            "document.querySelector(arguments[0] + ` [data-exercise-action=\"${arguments[2]}\"]`).click();",
            root,
            item["code"],
            item["action"],
        )
        deadline = time.monotonic() + e.READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if webkit.execute_script(f"return document.querySelector('{root}').dataset.exerciseState") != "running":
                break
            time.sleep(0.25)
        runs.append(webkit.execute_script(READ_RUN, root))
    after = webkit.execute_async_script(
        "const done = arguments[arguments.length - 1];" + STORAGE + ".then(done, (e) => done(String(e)));"
    )
    judge(setting, {"runs": runs, "after": after})
