"""Python exercises written in Markdown, checked at build time (MkDocs hook).

Staff write three fenced blocks, in this order, with only blank lines between:

    ~~~python exercise
    starting code the learner sees (and gets back with Reset)
    ~~~

    ~~~python answer
    a model answer (not on this page: on the teachers' page, see exercise_answers.py)
    ~~~

    ~~~python check
    assert ..., "a hint in the page's language, shown when the check fails"
    ~~~

``~~~python exercise file=../global-warming/noaa-co2-annmean-mlo.csv`` gives the
code a file to ``open()`` by its name (the path is relative to the page; the page
fetches it from this site and the worker writes it beside the code).

The hook turns each group into HTML: a labelled editor (a plain <textarea> that
``assets/javascripts/exercises.js`` upgrades on first focus), Run, Check, Reset and
Copy link buttons, a status line, a closed box for Python's own words and an output
area. ``data-exercise-state`` on the root is
"idle" | "running" | "pass" | "fail" | "error" | "stopped". Button text comes from
the page's language here; no text is written in JavaScript. After the exercises it
writes ``<template data-exercise-sandbox>``: the sandboxed frame's document (its
policy and tools/sandbox/frame.js, allowed by its hash) and, on the template, the
runtime's files and the exercise worker with the sha256 of each and the time limit.

The build stops, naming the file and line, when a fence is wrong (an unknown
role, a missing answer or check, an unclosed block, a missing file), when the
model answer does not pass its check, or when the starting code already passes.
The check runs in the real Pyodide under Node (``tools/exercises-run.mjs``),
confined (``run_in_pyodide``: no environment, no network, writes only in a
temporary folder), and the outcome is cached in ``.cache/exercises/`` by a hash
of the blocks, the files and the calculators package, so an unchanged page costs
nothing. After a data change every page runs again: ``on_config`` starts the runs
of every page not cached in one background Node process, and the outcomes are
checked after the pages (``on_post_build``), so the runs overlap with the rendering
(a build after a data change: 12 s instead of 16 s on two cores).

After the build, esbuild bundles (cached by a hash of the sources and
package-lock.json) ``tools/editor/editor.mjs`` (CodeMirror 6) into
``site/assets/javascripts/editor.js`` and ``tools/sandbox/worker.mjs`` with
Pyodide's own modules into ``site/assets/javascripts/exercise-worker.js``.
"""

from __future__ import annotations

import base64
import difflib
import functools
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CACHE_DIR = ROOT / ".cache" / "exercises"
RUNNER = ROOT / "tools" / "exercises-run.mjs"
CONFINE = ROOT / "tools" / "confine.py"
EDITOR_SOURCE = ROOT / "tools" / "editor" / "editor.mjs"
EDITOR_OUT = "assets/javascripts/editor.js"
SANDBOX_FRAME = ROOT / "tools" / "sandbox" / "frame.js"
WORKER_SOURCE = ROOT / "tools" / "sandbox" / "worker.mjs"
WORKER_OUT = "assets/javascripts/exercise-worker.js"
# The sandboxed frame's own policy: its one inline script, wasm, blob workers; nothing else.
FRAME_POLICY = (
    "default-src 'none'; script-src {script} 'wasm-unsafe-eval'; worker-src blob:; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'"
)
# The runtime files the exercise worker needs (the wheel is added from the lock file).
SANDBOX_FILES = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
ROLES = ("exercise", "answer", "check")
FENCE = re.compile(r"^(?P<fence>~~~+|```+)\s*python(?P<rest>[ \t].*)?$")
OTHER_FENCE = re.compile(r"^\s*(?P<fence>~~~+|```+)")
# The id lets MkDocs see the exercise's anchor (links to #exercise-N from the teachers' page).
PLACEHOLDER = '<div data-exercise-placeholder="{n}" id="exercise-{n}"></div>'
# Node + Pyodide start-up is a few seconds; a model answer that runs longer is a bug.
RUN_TIMEOUT_S = 180
# In the browser a run is stopped after this many seconds (the page's messages say so).
LIMIT_S = 5

TEXT = {
    "ja": {
        "label": "演習{n}のコード",
        "run": "実行",
        "check": "答え合わせ",
        "reset": "最初に戻す",
        "link": "リンクを作る",
        "output": "演習{n}の出力",
        "detail": "Pythonのもとのメッセージ（英語）",
        "loading": "Pythonを準備しています…",
        "running": "実行しています…",
        "stopped": "{limit}秒たっても終わらなかったので止めました。"
        "くり返し（while など）が終わるか確かめてください。もう一度実行できます。",
        "crashed": "Pythonが途中で止まってしまいました"
        "（深すぎる呼び出しや、大きすぎるデータなど）。コードを直して、もう一度実行できます。",
        "failed": "Pythonを読み込めませんでした。ページを再読み込みしてください。",
        "linked": "このコードを入れたリンクをアドレス欄に入れました。コピーして使えます。",
        "reset_done": "最初のコードに戻しました。",
        "hint": "<kbd>Tab</kbd> で字下げし、<kbd>Shift</kbd>+<kbd>Tab</kbd> で戻します"
        "（<kbd>Ctrl</kbd>+<kbd>]</kbd> と <kbd>Ctrl</kbd>+<kbd>[</kbd> でも同じです）。"
        "エディタから出るときは、<kbd>Esc</kbd> を押してから <kbd>Tab</kbd> を押します。"
        "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>（Macでは <kbd>⌘</kbd>+<kbd>Enter</kbd>）"
        "でも実行できます。",
    },
    "en": {
        "label": "Code for exercise {n}",
        "run": "Run",
        "check": "Check my answer",
        "reset": "Reset",
        "link": "Make a link",
        "output": "Output of exercise {n}",
        "detail": "Python's own message",
        "loading": "Getting Python ready…",
        "running": "Running…",
        "stopped": "Stopped: it did not finish within {limit} seconds. "
        "Check that every loop (while …) can end. You can run it again.",
        "crashed": "Python stopped part-way (calls nested too deeply, or data too large). "
        "Change the code and run it again.",
        "failed": "Python could not be loaded. Please reload the page.",
        "linked": "The address bar now holds a link with this code; copy it to share.",
        "reset_done": "Back to the starting code.",
        "hint": "<kbd>Tab</kbd> indents and <kbd>Shift</kbd>+<kbd>Tab</kbd> takes the indent back "
        "(<kbd>Ctrl</kbd>+<kbd>]</kbd> and <kbd>Ctrl</kbd>+<kbd>[</kbd> do the same). "
        "To leave the editor, press <kbd>Esc</kbd>, then <kbd>Tab</kbd>. "
        "<kbd>Ctrl</kbd>+<kbd>Enter</kbd> (<kbd>⌘</kbd>+<kbd>Enter</kbd> on a Mac) "
        "also runs the code.",
    },
}


@dataclass
class Exercise:
    """One exercise: where it is, its three blocks and the files it reads."""

    line: int
    code: str = ""
    answer: str = ""
    check: str = ""
    files: dict[str, str] = field(default_factory=dict)  # name → path under docs/
    heading: str = ""  # the last heading above the exercise (Markdown, without #)
    task: str = ""  # the paragraph right above the exercise (Markdown)


class FenceError(PluginError):
    """A wrong exercise block: the page (``path``), the line and one Japanese sentence
    (``sentence``) that says what to do. The message starts with the file and the line,
    as markers.py's do, so the build and tools/dev check (step 1) say the same."""

    def __init__(self, src_uri: str, line: int, sentence: str) -> None:
        self.path = f"docs/{src_uri}"
        self.line = line
        self.sentence = sentence
        super().__init__(f"{self.path} {line}行目: {sentence}")


def page_problems(text: str, src_uri: str) -> list[tuple[int, str]]:
    """(line, message) for the first wrong exercise block in TEXT (a whole Markdown file,
    docs/SRC_URI): tools/dev check's step before the build (tools/staff_check.py)."""
    try:
        parse(text, src_uri)
    except FenceError as exc:
        return [(exc.line, exc.sentence)]
    return []


def page_language(page: Page, config: MkDocsConfig) -> str:
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def parse(markdown: str, src_uri: str) -> tuple[str, list[Exercise]]:
    """Replace each exercise group with a placeholder; return the Markdown and the groups."""
    lines = markdown.split("\n")
    out: list[str] = []
    found: list[Exercise] = []
    current: Exercise | None = None
    expect = 0  # index in ROLES of the block expected next in the current group
    # The last heading, the last paragraph, and whether a blank line ended that paragraph.
    heading, paragraph, ended = "", [], False
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        words = (match.group("rest") or "").split() if match else []
        other = OTHER_FENCE.match(lines[i])
        if current is None and other and not (match and words):
            # Any other fenced block (e.g. an example in the editing guide) is left as it is.
            opener = other.group("fence")
            close = re.compile(rf"^\s*{re.escape(opener)}{re.escape(opener[0])}*\s*$")
            end = i + 1
            while end < len(lines) and not close.match(lines[end]):
                end += 1
            out.extend(lines[i : end + 1])
            paragraph = []
            i = end + 1
            continue
        if not match or not words:
            if current is not None and lines[i].strip():
                raise FenceError(
                    src_uri,
                    current.line,
                    f"この演習には、前のブロックのすぐあとに "
                    f"~~~python {ROLES[expect]} のブロックが必要です。"
                    "演習の3つのブロック（exercise、answer、check）は、空行だけをはさんで続けて書いてください",
                )
            if current is None:
                out.append(lines[i])
                title = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", lines[i])
                if title:
                    heading, paragraph = title.group(1), []
                elif lines[i].strip():
                    paragraph = [*([] if ended else paragraph), lines[i]]
                ended = not lines[i].strip()
            i += 1
            continue
        here = i + 1  # the line of this fence
        role, options = words[0], words[1:]
        if role not in ROLES:
            near = difflib.get_close_matches(role, ROLES, n=1)
            guess = f"もしかして ~~~python {near[0]} ですか？" if near else ""
            raise FenceError(
                src_uri,
                here,
                f"~~~python {role} というブロックはありません。{guess}"
                "書けるのは ~~~python exercise、~~~python answer、~~~python check の3つです",
            )
        if current is None and role != "exercise":
            raise FenceError(
                src_uri,
                here,
                f"~~~python {role} の前に ~~~python exercise のブロックがありません。"
                "exercise、answer、check の順に書いてください",
            )
        if current is not None and role != ROLES[expect]:
            raise FenceError(
                src_uri,
                here,
                f"ここには ~~~python {ROLES[expect]} のブロックが来るはずですが、"
                f"~~~python {role} になっています。exercise、answer、check の順に書いてください",
            )
        fence = match.group("fence")
        end = i + 1
        while end < len(lines) and lines[end].rstrip() != fence:
            end += 1
        if end >= len(lines):
            raise FenceError(
                src_uri,
                here,
                f"{fence} で始まるブロックが閉じていません。"
                f"ブロックの終わりに {fence} だけの行を足してください",
            )
        body = "\n".join(lines[i + 1 : end]).rstrip() + "\n"
        if role == "exercise":
            current = Exercise(line=i + 1, code=body, heading=heading, task="\n".join(paragraph))
            paragraph = []
            for option in options:
                key, _, value = option.partition("=")
                if key != "file" or not value:
                    raise FenceError(
                        src_uri,
                        here,
                        f"~~~python exercise のあとの「{option}」は使えません。"
                        "書けるのは file=ファイルのパス（ページからの相対パス）だけです",
                    )
                target = (DOCS / src_uri).parent / value
                if not target.resolve().is_file() or DOCS.resolve() not in target.resolve().parents:
                    raise FenceError(
                        src_uri,
                        here,
                        f"file={value} のファイルが docs/ の中にありません。"
                        "ページからの相対パス"
                        "（例: file=../global-warming/noaa-co2-annmean-mlo.csv）と"
                        "ファイル名のつづりを確かめてください",
                    )
                current.files[target.name] = target.resolve().relative_to(DOCS.resolve()).as_posix()
            expect = 1
        elif role == "answer":
            assert current is not None
            current.answer = body
            expect = 2
        else:
            assert current is not None
            current.check = body
            found.append(current)
            out.append(PLACEHOLDER.format(n=len(found)))
            current = None
            expect = 0
        if options and role != "exercise":
            raise FenceError(
                src_uri,
                here,
                f"~~~python {role} のあとには何も書けません"
                "（file= は ~~~python exercise にだけ書けます）",
            )
        i = end + 1
    if current is not None:
        raise FenceError(
            src_uri,
            current.line,
            f"この演習には ~~~python {ROLES[expect]} の"
            "ブロックがありません。exercise、answer、check の3つを続けて書いてください",
        )
    return "\n".join(out), found


def _package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "calculators").rglob("*"), RUNNER, CONFINE]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def requests_for(exercises: list[Exercise], lang: str) -> list[dict[str, object]]:
    """Two runs per exercise: the model answer, then the starting code, each with the check."""
    out: list[dict[str, object]] = []
    for ex in exercises:
        files = {name: (DOCS / path).read_text(encoding="utf-8") for name, path in ex.files.items()}
        for code in (ex.answer, ex.code):
            out.append({"code": code, "check": ex.check, "lang": lang, "files": files})
    return out


@functools.cache
def permission_flag(node: str) -> str:
    """Node's permission-model switch: ``--permission`` (Node 22+) or the experimental one (20)."""
    probe = subprocess.run(
        [node, "-p", 'process.allowedNodeEnvironmentFlags.has("--permission")'],
        capture_output=True,
        text=True,
        env={},
        check=False,
    )
    return "--permission" if probe.stdout.strip() == "true" else "--experimental-permission"


def confined_command(node: str, script: Path, work: Path, *args: str) -> list[str]:
    """``node script args…`` with no network, no environment, and files only in ``work``.

    ``tools/confine.py`` (Linux seccomp) takes the network away and clears the
    environment; Node's permission model lets the script read only itself, the
    Pyodide package and ``work``, write only ``work``, and start no child process
    or worker thread; ``eval`` and ``new Function`` are switched off.
    """
    pyodide = (ROOT / "node_modules" / "pyodide").resolve()
    return [
        sys.executable,
        "-I",
        "-S",
        str(CONFINE),
        node,
        permission_flag(node),
        "--disallow-code-generation-from-strings",
        f"--allow-fs-read={script.resolve()}",
        f"--allow-fs-read={pyodide}",
        f"--allow-fs-read={work}",
        f"--allow-fs-write={work}",
        str(script.resolve()),
        *args,
    ]


def run_in_pyodide(requests: list[dict[str, object]]) -> list[dict[str, str]]:
    """Run requests through calculators.web.exercise in the real Pyodide (Node), confined.

    The code comes from Markdown (anyone can propose a change), so it runs with no
    environment, no network and no write access outside a temporary folder that
    holds a copy of the calculators package (see ``confined_command``).
    """
    node = shutil.which("node")
    if node is None:
        raise PluginError(
            "Pythonの演習を確かめるには Node.js が必要です。tools/dev setup を実行してください"
        )
    pyodide = (ROOT / "node_modules" / "pyodide").resolve()
    with tempfile.TemporaryDirectory(prefix="exercises-") as temp:
        work = Path(temp).resolve()
        shutil.copytree(
            ROOT / "calculators",
            work / "calculators",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        result = subprocess.run(
            confined_command(node, RUNNER, work, str(pyodide), str(work)),
            input=json.dumps(requests),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            cwd=work,
            env={},
            check=False,
        )
    if result.returncode != 0:
        raise PluginError(f"exercises: running the checks in Pyodide failed:\n{result.stderr}")
    answers: list[dict[str, str]] = json.loads(result.stdout)
    return answers


def cache_key(requests: list[dict[str, object]]) -> str:
    """The runs' cache key: the requests (code, check, language, files) and the package."""
    return hashlib.sha256(
        (json.dumps(requests, sort_keys=True) + _package_hash()).encode()
    ).hexdigest()


#: Runs started in the background at the start of a build (see ``on_config``), by cache key.
_STARTED: dict[str, Future[list[dict[str, str]]]] = {}
#: The pages' exercises, checked when the pages are built (``on_post_build``).
_TO_VERIFY: list[tuple[list[Exercise], str, str]] = []


def start_runs(docs: Path, default_lang: str) -> None:
    """Start, in one background Node process, the runs of every page whose outcome is not cached.

    Why: after a data change every exercise runs again (the key includes the package and its
    data), a few seconds of Pyodide per page; started here they overlap with the rendering of
    the other pages and share one start-up. Only a head start: ``verify`` runs anything it does
    not find here itself, and reports every outcome, so a page this guesses wrong (its
    language, a marker inside an exercise) costs time, never a check. A page whose blocks are
    wrong is left to the build, which names the line.
    """
    pending: list[tuple[str, list[dict[str, object]]]] = []
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8-sig")
        if "python exercise" not in text:
            continue
        parts = path.name.split(".")  # index.en.md: English; index.md: the default language
        lang = parts[-2] if len(parts) == 3 else default_lang
        try:
            _, exercises = parse(text, path.relative_to(docs).as_posix())
            requests = requests_for(exercises, lang)
        except (PluginError, OSError):
            continue
        key = cache_key(requests)
        if exercises and key not in _STARTED and not (CACHE_DIR / f"{key}.ok").exists():
            pending.append((key, requests))
    if not pending:
        return
    everything = [request for _, requests in pending for request in requests]
    parts: list[tuple[Future[list[dict[str, str]]], int, int]] = []
    first = 0
    for key, requests in pending:
        _STARTED[key] = Future()
        parts.append((_STARTED[key], first, len(requests)))
        first += len(requests)

    def run() -> None:
        try:
            results = run_in_pyodide(everything)
        except Exception as error:  # handed to verify(), which raises it in the build
            for part, _, _ in parts:
                part.set_exception(error)
            return
        for part, offset, count in parts:
            part.set_result(results[offset : offset + count])

    # A daemon: a build that stops on another mistake does not wait for these runs.
    threading.Thread(target=run, name="exercise-runs", daemon=True).start()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    start_runs(Path(str(config.docs_dir)), str(config.theme["language"]))
    return config


def verify(exercises: list[Exercise], lang: str, src_uri: str) -> None:
    """Stop the build unless each answer passes its check and each starting code does not."""
    requests = requests_for(exercises, lang)
    key = cache_key(requests)
    stamp = CACHE_DIR / f"{key}.ok"
    if stamp.exists():
        return
    started = _STARTED.pop(key, None)
    results = started.result() if started is not None else run_in_pyodide(requests)
    for n, ex in enumerate(exercises):
        answer, start = results[2 * n], results[2 * n + 1]
        at = f"docs/{src_uri} {ex.line}行目"
        if answer["state"] != "pass":
            raise PluginError(
                f"{at}: 解答例（~~~python answer）が check に通りません"
                f"（{answer['state']}: {answer['message']}）。解答例か check を直してください"
                f"\n{answer['stderr']}".rstrip()
            )
        if start["state"] == "pass":
            raise PluginError(
                f"{at}: 最初のコード（~~~python exercise）が、そのままで check に通ってしまいます。"
                "生徒が考えて書くところを残してください"
            )
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    stamp.write_text(src_uri + "\n", encoding="utf-8")


def render(ex: Exercise, n: int, lang: str, page: Page) -> str:
    """The exercise's HTML; every text is from TEXT[lang], every code is escaped.

    The model answer is not here: it is on the teachers' page (``exercise_answers.py``).
    """
    t = TEXT[lang]
    prefix = "../" * page.url.count("/")  # from the page up to the site's root
    ident = f"exercise-{n}"
    files = {name: prefix + path for name, path in ex.files.items()}
    msgs = " ".join(
        f'data-msg-{k.replace("_", "-")}="{html.escape(t[k].format(limit=LIMIT_S))}"'
        for k in ("loading", "running", "stopped", "crashed", "failed", "linked", "reset_done")
    )
    rows = max(6, ex.code.count("\n") + 2)
    primary = 'type="button" class="md-button md-button--primary"'
    plain = 'type="button" class="md-button"'
    root_attrs = (
        f'class="exercise" id="{ident}" data-exercise="{n}" data-exercise-state="idle" '
        f'data-lang="{lang}" data-files="{html.escape(json.dumps(files))}" {msgs}'
    )
    code_attrs = (
        f'class="exercise__code" id="{ident}-code" data-exercise-code rows="{rows}" '
        f'spellcheck="false" autocapitalize="off" autocomplete="off" '
        f'aria-describedby="{ident}-hint"'
    )
    return "\n".join(
        [
            f"<div {root_attrs}>",
            f'<label class="exercise__label" for="{ident}-code">{t["label"].format(n=n)}</label>',
            f'<p class="exercise__hint" id="{ident}-hint">{t["hint"]}</p>',
            f"<textarea {code_attrs}>{html.escape(ex.code)}</textarea>",
            f"<template data-exercise-check>{html.escape(ex.check)}</template>",
            '<div class="exercise__buttons">',
            f'<button {primary} data-exercise-action="run">{t["run"]}</button>',
            f'<button {primary} data-exercise-action="check">{t["check"]}</button>',
            f'<button {plain} data-exercise-action="reset">{t["reset"]}</button>',
            f'<button {plain} data-exercise-action="link">{t["link"]}</button>',
            "</div>",
            '<p class="exercise__message" role="status" aria-live="polite" '
            "data-exercise-message></p>",
            '<details class="exercise__detail" data-exercise-detail hidden>',
            f"<summary>{t['detail']}</summary>",
            '<pre class="exercise__detail-text" data-exercise-detail-text></pre>',
            "</details>",
            f'<p class="exercise__output-label" id="{ident}-output">{t["output"].format(n=n)}</p>',
            # A scrollable output must be reachable by keyboard (tabindex) and then needs
            # a name; a <pre> may be named only with a role (Nu HTML Checker), so: region.
            f'<pre class="exercise__output" data-exercise-output tabindex="0" role="region" '
            f'aria-labelledby="{ident}-output"></pre>',
            "</div>",
        ]
    )


def page_source(page: Page) -> str:
    """The page's file as the editor sees it (front matter included); "" if unreadable."""
    try:
        return Path(str(page.file.abs_src_path)).read_text(encoding="utf-8-sig")
    except (OSError, TypeError):
        return ""


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src_uri = page.file.src_uri
    # Line numbers as the editor sees them: MkDocs hands hooks the Markdown without its
    # front matter, and earlier hooks expand markers, so the file itself is parsed first
    # (a wrong block stops the build here, at its line in the file).
    source = page_source(page)
    in_file = parse(source, src_uri)[1] if source else []
    markdown, exercises = parse(markdown, src_uri)
    if len(in_file) == len(exercises):
        for ex, as_written in zip(exercises, in_file, strict=True):
            ex.line = as_written.line
    if not exercises:
        return markdown
    lang = page_language(page, config)
    # Checked after the pages (on_post_build): the page does not depend on the outcome, and
    # the runs started by on_config go on meanwhile. A failure still stops the build.
    _TO_VERIFY.append((exercises, lang, src_uri))
    page.meta["exercises"] = True
    page.meta["_exercises"] = [render(ex, n, lang, page) for n, ex in enumerate(exercises, 1)]
    return markdown


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    rendered: list[str] = page.meta.get("_exercises", [])
    for n, block in enumerate(rendered, 1):
        placeholder = PLACEHOLDER.format(n=n)
        if placeholder not in html_text:
            raise PluginError(f"docs/{page.file.src_uri}: exercise {n} was lost while rendering")
        html_text = html_text.replace(placeholder, block)
    if rendered:
        html_text += "\n" + render_sandbox(page, config)
    return html_text


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csp_hash(script: str) -> str:
    """The CSP source for an inline script with this text ('sha256-…', base64)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def render_sandbox(page: Page, config: MkDocsConfig) -> str:
    """The sandboxed frame's document, as a <template> the page copies into srcdoc.

    On the template: what the page fetches for the frame (the runtime's files and
    the exercise worker) with the sha256 the build knows for each.
    """
    prefix = "../" * page.url.count("/")
    stage = Path(config.extra["pyodide"]["stage"])
    lock = json.loads((stage / "pyodide-lock.json").read_text(encoding="utf-8"))
    names = [*SANDBOX_FILES, str(lock["packages"]["calculators"]["file_name"])]
    hashes = {name: _sha256(stage / name) for name in names}
    script = SANDBOX_FRAME.read_text(encoding="utf-8")
    if "</script" in script.lower() or "<!--" in script:
        raise PluginError("tools/sandbox/frame.js must not contain </script or <!--")
    policy = FRAME_POLICY.format(script=csp_hash(script))
    attrs = {
        "data-runtime": prefix + config.extra["pyodide"]["path"],
        "data-files": json.dumps(hashes),
        "data-worker": prefix + WORKER_OUT,
        "data-worker-sha256": _sha256(build_worker()),
        "data-limit-ms": str(LIMIT_S * 1000),
    }
    opening = " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items())
    return (
        f"<template data-exercise-sandbox {opening}>"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<script>{script}</script></template>"
    )


def bundle(source: Path, name: str, what: str, *options: str) -> Path:
    """One script from ``source`` and its npm imports (esbuild), cached by content hash.

    An ES module unless ``options`` say otherwise (``--format=iife``).
    """
    digest = hashlib.sha256()
    for path in sorted(source.parent.glob("*.mjs")):  # the entry and the files beside it
        digest.update(path.name.encode() + path.read_bytes())
    digest.update((ROOT / "package-lock.json").read_bytes())
    digest.update(" ".join(options).encode())
    out = CACHE_DIR / f"{name}-{digest.hexdigest()[:16]}.js"
    if out.exists():
        return out
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise PluginError(
            "node_modules/.bin/esbuild がありません。tools/dev setup を実行してください"
        )
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for old in CACHE_DIR.glob(f"{name}-*.js"):
        old.unlink()
    formats = [option for option in options if option.startswith("--format=")] or ["--format=esm"]
    rest = [option for option in options if not option.startswith("--format=")]
    command = [str(esbuild), str(source), "--bundle", *formats, "--minify", *rest]
    command += ["--legal-comments=none", f"--outfile={out}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"exercises: bundling {what} failed:\n{result.stderr}")
    return out


def build_editor() -> Path:
    """The CodeMirror editor as one ES module."""
    return bundle(EDITOR_SOURCE, "editor", "the code editor")


def build_worker() -> Path:
    """The exercise worker with Pyodide's own modules (from npm) as one classic script.

    Classic, not a module: a module worker from a blob address does not start in a
    sandboxed (opaque-origin) frame in Chromium. Pyodide's Node-only branches import
    node: modules, which the browser never reaches; import.meta, which Pyodide reads
    only to find its files by itself, is empty there (it is given every file).
    """
    return bundle(
        WORKER_SOURCE,
        "exercise-worker",
        "the exercise worker",
        "--format=iife",
        "--platform=browser",
        "--external:node:*",
        "--log-override:empty-import-meta=silent",
    )


def on_build_error(error: Exception) -> None:
    _TO_VERIFY.clear()  # a `mkdocs serve` rebuild after a failed one starts afresh


def on_post_build(config: MkDocsConfig) -> None:
    while _TO_VERIFY:
        verify(*_TO_VERIFY.pop(0))
    for out, built in ((EDITOR_OUT, build_editor()), (WORKER_OUT, build_worker())):
        dest = Path(config.site_dir) / out
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, dest)
