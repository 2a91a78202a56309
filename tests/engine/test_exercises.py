"""The /python/ exercises: every model answer passes and every starting code fails, in real Pyodide.

The exercises are read from docs/python/ with the build hook's own parser
(overrides/hooks/exercises.py) and run through ``calculators.web.exercise`` in the
pinned Pyodide under Node (tools/exercises-run.mjs), exactly as the
build and the browser's worker run them. The hook's fence errors and the
learner-facing messages of ``calculators._exercise`` are tested here too.
"""

from __future__ import annotations

import contextlib
import http.server
import importlib.util
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from calculators import _exercise, web

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PAGES = {
    "ja": ROOT / "docs" / "python" / "index.md",
    "en": ROOT / "docs" / "python" / "index.en.md",
}


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "exercises_hook", ROOT / "overrides" / "hooks" / "exercises.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


hook = load_hook()


@pytest.fixture(autouse=True)
def calculators_modules_back() -> Iterator[None]:
    """A run drops the calculators modules so the next import is fresh: put the test's back."""
    kept = {k: v for k, v in sys.modules.items() if k == "calculators" or k.startswith("calculators.")}
    yield
    sys.modules.update(kept)


def needs_node() -> None:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "pyodide").is_dir():
        if IN_CI:
            pytest.fail("Node and node_modules/pyodide are needed (tools/dev setup)", pytrace=False)
        pytest.skip("Node or node_modules/pyodide missing (run tools/dev setup)")


@pytest.fixture(scope="module")
def pyodide_results() -> dict[str, tuple[list[object], list[dict[str, str]]]]:
    """Per language: the exercises on the page and the Pyodide results (answer, start) for each."""
    needs_node()
    out = {}
    for lang, path in PAGES.items():
        _, exercises = hook.parse(path.read_text(encoding="utf-8"), f"python/{path.name}")
        out[lang] = (exercises, hook.run_in_pyodide(hook.requests_for(exercises, lang)))
    return out


@pytest.mark.pyodide
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_model_answer_passes_and_each_starting_code_fails_in_pyodide(
    pyodide_results: dict[str, tuple[list[object], list[dict[str, str]]]], lang: str
) -> None:
    exercises, results = pyodide_results[lang]
    assert len(exercises) == 6, "the page promises six exercises, easy to harder"
    for n in range(len(exercises)):
        answer, start = results[2 * n], results[2 * n + 1]
        assert answer["state"] == "pass", f"exercise {n + 1} ({lang}): {answer}"
        assert start["state"] == "fail", f"exercise {n + 1} ({lang}) starting code: {start}"
        assert start["message"], "a failing check explains itself"
        assert "Traceback" not in start["message"] + start["stderr"]


@pytest.mark.pyodide
def test_csv_exercise_reads_the_sites_own_mauna_loa_file(
    pyodide_results: dict[str, tuple[list[object], list[dict[str, str]]]],
) -> None:
    """Exercise 6 runs on docs/global-warming/noaa-co2-annmean-mlo.csv and prints its answer."""
    exercises, results = pyodide_results["en"]
    assert list(exercises[5].files) == ["noaa-co2-annmean-mlo.csv"]  # type: ignore[attr-defined]
    rows = (ROOT / "docs/global-warming/noaa-co2-annmean-mlo.csv").read_text().splitlines()[1:]
    ppm = [(int(r.split(",")[0]), float(r.split(",")[1])) for r in rows if r]
    rise, year = max((b[1] - a[1], b[0]) for a, b in itertools.pairwise(ppm))
    assert results[10]["stdout"].split()[0] == str(year)
    assert float(results[10]["stdout"].split()[1]) == pytest.approx(rise, abs=0.01)


@pytest.mark.pyodide
def test_a_wrong_answer_fails_with_the_pages_hint_and_an_error_names_the_line() -> None:
    results = hook.run_in_pyodide(
        [
            {"code": "x = 1\n", "check": 'assert x == 2, "x は 2 にします"', "lang": "ja"},
            {"code": "x = 1\ny = x +\n", "check": "", "lang": "en"},
            {"code": "a = 1\nprint(a)\nprint(b)\n", "check": "", "lang": "ja"},
        ]
    )
    assert results[0]["state"] == "fail" and "x は 2 にします" in results[0]["message"]
    assert results[1]["state"] == "error" and results[1]["message"].startswith("Line 2:")
    assert results[2]["state"] == "error" and results[2]["message"].startswith("3行目")
    assert "「b」" in results[2]["message"] and results[2]["stdout"] == "1\n"
    assert results[2]["detail"] == "NameError: name 'b' is not defined"


def test_learner_errors_become_one_sentence_with_the_line_never_a_traceback() -> None:
    out = _exercise.run("total = 0\nfor x in [1, 2]:\ntotal += x\n", "", "ja")
    assert out["state"] == "error" and out["message"].startswith("3行目")
    out = _exercise.run("def f(n):\n    return n / 0\n\nf(3)\n", "", "en")
    assert out["state"] == "error"
    assert out["message"].startswith("Line 2 raised an error (ZeroDivisionError)")  # where it happened
    assert "Traceback" not in out["message"] + out["stderr"]


def test_output_is_captured_and_cut_when_huge() -> None:
    out = _exercise.run("print('a' * 50_000)\n", "", "en")
    assert out["state"] == "idle"
    assert len(out["stdout"]) < _exercise.MAX_OUTPUT + 200
    assert out["stdout"].rstrip().endswith("too long)")


def test_a_check_that_breaks_says_which_name_is_missing() -> None:
    out = _exercise.run("y = 1\n", "assert x == 1", "en")
    assert out["state"] == "fail" and "NameError" in out["message"]


def test_a_run_cannot_change_the_model_for_the_next_run() -> None:
    from calculators import learn

    before = learn.total
    out = _exercise.run("from calculators import learn\nlearn.total = lambda d: 0\n", "", "en")
    assert out["state"] == "idle"
    assert learn.total is before and learn.total({"a": 1.0}) == 1.0


def test_run_json_round_trip() -> None:
    out = json.loads(_exercise.run_json(json.dumps({"code": "print(2 * 3)", "lang": "en"})))
    assert out == {"state": "idle", "stdout": "6\n", "stderr": "", "message": "Ran.", "detail": ""}


BAD_FENCES = [
    ("~~~python exercize\nx = 1\n~~~\n", 1, "もしかして ~~~python exercise ですか？"),
    ("text\n\n~~~python exercise\nx = 1\n~~~\n\n~~~python check\nassert x\n~~~\n", 7, "ここには ~~~python answer のブロックが来るはずですが、~~~python check"),
    ("~~~python exercise\nx = 1\n~~~\n\nprose\n", 1, "すぐあとに ~~~python answer のブロックが必要です"),
    ("~~~python exercise\nx = 1\n", 1, "~~~ で始まるブロックが閉じていません"),
    ("~~~python answer\nx = 1\n~~~\n", 1, "~~~python answer の前に ~~~python exercise のブロックがありません"),
    ("a\n~~~python exercise file=missing.csv\nx = 1\n~~~\n", 2, "file=missing.csv のファイルが docs/ の中にありません"),
    ("~~~python exercise\nx = 1\n~~~\n~~~python answer\nx = 2\n~~~\n", 1, "この演習には ~~~python check のブロックがありません"),
    ("~~~python exercise data=x.csv\nx = 1\n~~~\n", 1, "「data=x.csv」は使えません"),
    (
        "~~~python exercise\nx = 1\n~~~\n\n~~~python answer file=x.csv\nx = 2\n~~~\n",
        5,
        "~~~python answer のあとには何も書けません",
    ),
]


@pytest.mark.parametrize(("markdown", "line", "words"), BAD_FENCES)
def test_a_wrong_fence_stops_the_build_naming_file_and_line(
    markdown: str, line: int, words: str
) -> None:
    with pytest.raises(PluginError) as caught:
        hook.parse(markdown, "python/index.md")
    assert str(caught.value).startswith(f"docs/python/index.md {line}行目: ")
    assert words in str(caught.value)


def test_an_exercise_shown_inside_another_code_block_is_left_as_an_example() -> None:
    """The editing guide shows the fences inside a ````markdown block: no exercise there."""
    for name in ("index.md", "index.en.md"):
        text = (ROOT / "docs" / "editing-guide" / name).read_text(encoding="utf-8")
        assert "~~~python exercise" in text
        assert hook.parse(text, f"editing-guide/{name}") == (text, [])


@pytest.mark.pyodide
def test_an_answer_that_fails_or_a_start_that_passes_stops_the_build(tmp_path: Path) -> None:
    wrong = "~~~python exercise\nx = 1\n~~~\n\n~~~python answer\nx = 1\n~~~\n\n~~~python check\nassert x == 2\n~~~\n"
    _, exercises = hook.parse(wrong, "python/index.md")
    with pytest.raises(PluginError, match=r"docs/python/index.md 1行目: 解答例（~~~python answer）が check に通りません"):
        hook.verify(exercises, "en", "python/index.md")
    easy = "~~~python exercise\nx = 2\n~~~\n\n~~~python answer\nx = 2\n~~~\n\n~~~python check\nassert x == 2\n~~~\n"
    _, exercises = hook.parse(easy, "python/index.md")
    with pytest.raises(PluginError, match=r"1行目: 最初のコード（~~~python exercise）が、そのままで check に通ってしまいます"):
        hook.verify(exercises, "en", "python/index.md")


@pytest.mark.pyodide
def test_runs_started_with_the_build_are_the_ones_verify_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """on_config starts the runs of every page not yet checked in one Node process, before
    any page is built; verify() then checks those results and starts no run of its own. A
    wrong answer found that way still stops the build with its line."""
    monkeypatch.setattr(hook, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(hook, "_STARTED", {})
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    good = (
        "# A\n\n~~~python exercise\nx = 1\n~~~\n\n~~~python answer\nx = 2\n~~~\n\n"
        "~~~python check\nassert x == 2\n~~~\n"
    )
    wrong = good.replace("answer\nx = 2", "answer\nx = 3")
    (docs / "a" / "index.md").write_text(good, encoding="utf-8")
    (docs / "a" / "index.en.md").write_text(wrong, encoding="utf-8")
    (docs / "b.md").write_text("# B\n\nNo exercise here.\n", encoding="utf-8")
    real = hook.run_in_pyodide
    batches: list[int] = []

    def counted(requests: list[dict[str, object]]) -> list[dict[str, str]]:
        batches.append(len(requests))
        return real(requests)

    monkeypatch.setattr(hook, "run_in_pyodide", counted)
    hook.start_runs(docs, "ja")
    assert len(hook._STARTED) == 2  # both pages, in one batch of four runs
    _, exercises = hook.parse(good, "a/index.md")
    hook.verify(exercises, "ja", "a/index.md")
    _, exercises = hook.parse(wrong, "a/index.en.md")
    with pytest.raises(PluginError, match=r"docs/a/index.en.md 3行目: 解答例"):
        hook.verify(exercises, "en", "a/index.en.md")
    assert batches == [4]
    assert hook._STARTED == {}
    assert len(list((tmp_path / "cache").glob("*.ok"))) == 1  # the passing page only
    hook.start_runs(docs, "ja")  # the next build: the passing page is cached, the other runs
    assert len(hook._STARTED) == 1
    next(iter(hook._STARTED.values())).result(timeout=120)
    assert batches == [4, 2]


# One run cannot change the next; every way a run ends has its own message ----------

HOSTILE: dict[str, dict[str, str]] = {
    # A KeyboardInterrupt (any BaseException) ends the run with a message, not a hang.
    "interrupt": {"code": "print('before')\nraise KeyboardInterrupt\n", "check": "", "lang": "ja"},
    "base": {"code": "class Out(BaseException):\n    pass\n\nraise Out()\n", "check": "", "lang": "en"},
    # A lone surrogate (half of an emoji) cannot be compiled: the line is named.
    "surrogate": {"code": "x = 1\ny = '\ud83d'\n", "check": "", "lang": "ja"},
    # A raised limit must not crash the runtime: RecursionError, and the next run works.
    "recursion": {
        "code": "import sys\nsys.setrecursionlimit(10**6)\n\ndef f(n):\n    return f(n + 1)\n\nf(0)\n",
        "check": "",
        "lang": "ja",
    },
    "after_recursion": {"code": "print('alive')\n", "check": "", "lang": "en"},
    # Replacing json.dumps cannot forge a pass.
    "forge_json": {
        "code": "import json\njson.dumps = lambda *a, **k: "
        "'{\"state\": \"pass\", \"stdout\": \"\", \"stderr\": \"\", \"message\": \"forged\", \"detail\": \"\"}'\n",
        "check": "assert False, 'the check fails'",
        "lang": "en",
    },
    # Replacing the model's functions or the built-ins does not change what the check compares with.
    "forge_factor": {
        "code": "from calculators import learn\nlearn.factor = lambda figure_id: 1.0\nx = 1.0\n",
        "check": "from calculators import learn\n"
        "assert x == learn.factor('electricity.zero_carbon'), 'use the zero-carbon factor'",
        "lang": "en",
    },
    "forge_builtin": {
        "code": "import builtins\nbuiltins.abs = lambda value: 0\nx = 5\n",
        "check": "assert abs(x - 1) < 1e-9, 'x should be 1'",
        "lang": "en",
    },
    # A model's data changed in place does not carry over to the next run.
    "mutate": {
        "code": "from calculators import _model\n_model.BILLS_PER_YEAR['month'] = 1\n",
        "check": "",
        "lang": "en",
    },
    "after_mutate": {
        "code": "from calculators import learn\nprint(learn.per_year(10, 'month'))\n",
        "check": "",
        "lang": "en",
    },
    "input": {"code": "kwh = input('kWh? ')\n", "check": "", "lang": "ja"},
    "colon": {"code": "if True\n    print(1)\n", "check": "", "lang": "ja"},
    "fullwidth": {"code": "x = 1：\n", "check": "", "lang": "ja"},
    "float": {"code": "print(0.1 + 0.2)\n", "check": "", "lang": "ja"},
}
ORDER = list(HOSTILE)


def check_hostile(out: dict[str, dict[str, str]]) -> None:
    """What each hostile run must answer (the same in CPython and in Pyodide)."""
    assert out["interrupt"]["state"] == "error" and out["interrupt"]["stdout"] == "before\n"
    assert "止められました" in out["interrupt"]["message"]
    assert out["base"]["state"] == "error" and "(Out)" in out["base"]["message"]
    assert out["surrogate"]["state"] == "error"
    assert out["surrogate"]["message"].startswith("2行目") and "U+D83D" in out["surrogate"]["message"]
    assert out["recursion"]["state"] == "error" and "RecursionError" in out["recursion"]["detail"]
    assert "自分を呼び続けて" in out["recursion"]["message"]
    assert out["after_recursion"]["stdout"] == "alive\n"
    assert out["forge_json"]["state"] == "fail" and "forged" not in out["forge_json"]["message"]
    assert out["forge_factor"]["state"] == "fail"
    assert out["forge_builtin"]["state"] == "fail"
    assert out["after_mutate"]["stdout"] == "120\n"
    assert out["input"]["state"] == "error" and "input() はここでは使えません" in out["input"]["message"]
    assert out["input"]["message"].startswith("1行目")
    assert "コロン（:）がありません" in out["colon"]["message"]
    assert out["colon"]["detail"] == "SyntaxError: expected ':'"
    assert "「：」" in out["fullwidth"]["message"] and "U+FF1A" in out["fullwidth"]["detail"]
    assert "invalid character" not in out["fullwidth"]["message"]  # Python's English stays in detail
    assert out["float"]["state"] == "idle" and "2進数" in out["float"]["message"]
    for name, result in out.items():
        assert set(result) == {"state", "stdout", "stderr", "message", "detail"}, name
        assert "Traceback" not in result["message"] + result["stderr"], name
        for text in result.values():
            text.encode("utf-8")  # valid Unicode: no lone surrogate comes back


def test_hostile_runs_end_with_their_own_message_and_change_nothing_after_them() -> None:
    out = {name: _exercise.run(**request) for name, request in HOSTILE.items()}  # type: ignore[arg-type]
    check_hostile(out)


@pytest.mark.pyodide
def test_hostile_runs_end_with_their_own_message_in_pyodide_too() -> None:
    """The same runs, one after the other in one Pyodide (as the build runs them)."""
    needs_node()
    results = hook.run_in_pyodide([HOSTILE[name] for name in ORDER])
    check_hostile(dict(zip(ORDER, results, strict=True)))


MALFORMED: list[object] = [
    "[]",
    "null",
    "",
    "{",
    "1e999999",
    "[" * 100_000,
    '{"code": 1}',
    '{"code": "x = 1", "check": []}',
    '{"code": "x = 1", "files": []}',
    '{"code": "x = 1", "files": {"a.csv": 1}}',
    '{"code": "x = 1", "lang": ["en"]}',
    '"\\ud800"',
    None,
    b"{}",
]


@pytest.mark.parametrize("request_json", MALFORMED, ids=[repr(m)[:30] for m in MALFORMED])
def test_malformed_requests_get_an_error_answer_and_never_raise(request_json: object) -> None:
    out = json.loads(web.exercise(request_json))  # type: ignore[arg-type]
    assert out["state"] == "error" and out["message"]
    assert set(out) == {"state", "stdout", "stderr", "message", "detail"}


def test_a_huge_print_loop_keeps_only_the_first_part_while_it_runs() -> None:
    """Output past the cap is dropped as it is written (no memory grows with it)."""
    out = _exercise.run("for i in range(200_000):\n    print('x' * 100)\n", "", "en")
    assert out["state"] == "idle"
    assert len(out["stdout"]) <= _exercise.MAX_OUTPUT + 100


# Build time: the exercises' code runs confined --------------------------------------

SECRET = "exercise-test-secret-4711"


@pytest.mark.pyodide
def test_the_build_runner_cannot_read_the_environment_or_write_into_the_checkout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Markdown code at build time sees no environment, cannot write the repository or start a process."""
    needs_node()
    monkeypatch.setenv("EXERCISE_TEST_TOKEN", SECRET)
    target = ROOT / "calculators" / "_written_by_exercise.py"
    readme = (ROOT / "README.md").read_bytes()
    code = (
        "import os, js\n"
        "print('python env', sorted(os.environ.items()))\n"
        "print('node env', js.JSON.stringify(js.process.env))\n"
        "fs = js.process.getBuiltinModule('fs')\n"
        "for action in (\n"
        f"    lambda: fs.writeFileSync({str(target)!r}, 'x = 1'),\n"
        f"    lambda: fs.appendFileSync({str(ROOT / 'README.md')!r}, 'x'),\n"
        f"    lambda: print('read', fs.readFileSync({str(ROOT / 'README.md')!r}, 'utf8')[:5]),\n"
        "    lambda: print('proc', fs.readFileSync('/proc/self/environ', 'utf8')),\n"
        "    lambda: js.process.getBuiltinModule('child_process').execSync('env'),\n"
        "):\n"
        "    try:\n"
        "        action()\n"
        "        print('allowed')\n"
        "    except Exception as error:\n"
        "        print('refused', type(error).__name__)\n"
    )
    try:
        [out] = hook.run_in_pyodide([{"code": code, "check": "", "lang": "en"}])
        written, changed = target.exists(), (ROOT / "README.md").read_bytes() != readme
    finally:  # an unconfined runner must not leave its marks in the checkout
        target.unlink(missing_ok=True)
        (ROOT / "README.md").write_bytes(readme)
    assert out["state"] == "idle", out
    assert SECRET not in json.dumps(out)
    assert "node env {}" in out["stdout"]
    assert "allowed" not in out["stdout"] and out["stdout"].count("refused") == 5, out["stdout"]
    assert not written and not changed


class _Hits(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared with the test

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"reached")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.skipif(sys.platform != "linux", reason="the network filter is Linux seccomp")
def test_the_confined_command_has_no_network(tmp_path: Path) -> None:
    """The exact command the hook uses: a fetch to a server on this machine never arrives."""
    needs_node()
    hits: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Hits,), {"hits": hits}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/leak"
    script = tmp_path / "fetch.mjs"
    script.write_text(
        "try { const r = await fetch(process.argv[2]); console.log('fetched', await r.text()); }\n"
        "catch (e) { console.log('refused', String(e.cause?.code ?? e)); }\n",
        encoding="utf-8",
    )
    node = shutil.which("node")
    assert node is not None
    try:
        done = subprocess.run(
            hook.confined_command(node, script, tmp_path.resolve(), url),
            capture_output=True,
            text=True,
            timeout=60,
            env={},
            check=False,
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused EACCES" and hits == []


@pytest.mark.skipif(sys.platform != "linux", reason="the network filter is Linux seccomp")
def test_the_confined_command_cannot_reach_a_local_unix_socket(tmp_path: Path) -> None:
    """A Unix socket outside the allowed folders (a Docker daemon's, on a CI machine) is no
    way out either: the connection is refused and nothing arrives."""
    needs_node()
    elsewhere = Path(tempfile.mkdtemp(prefix="sock-"))  # short: a socket path has 108 bytes
    address = str(elsewhere / "daemon.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(1)
    listener.settimeout(20)
    received: list[bytes] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            received.append(conn.recv(100))

    waiter = threading.Thread(target=accept, daemon=True)
    waiter.start()
    script = tmp_path / "unix.mjs"
    script.write_text(
        "import net from 'node:net';\n"
        "const s = net.connect(process.argv[2]);\n"
        "s.on('connect', () => { console.log('connected'); s.end('leak'); });\n"
        "s.on('error', (e) => console.log('refused', e.code));\n",
        encoding="utf-8",
    )
    node = shutil.which("node")
    assert node is not None
    try:
        done = subprocess.run(
            hook.confined_command(node, script, tmp_path.resolve(), address),
            capture_output=True,
            text=True,
            timeout=60,
            env={},
            check=False,
        )
    finally:
        # shutdown wakes the waiting accept() at once (close alone leaves it blocked until join's 5 s).
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        waiter.join(5)
        shutil.rmtree(elsewhere, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused EACCES" and received == [], done.stdout
