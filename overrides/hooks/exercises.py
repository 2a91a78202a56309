"""Python exercises written in Markdown, checked at build time (MkDocs hook).

Staff write three fenced blocks, in this order, with only blank lines between:

    ~~~python exercise
    starting code the learner sees (and gets back with Reset)
    ~~~

    ~~~python answer
    a model answer (shown to teachers in a closed <details>)
    ~~~

    ~~~python check
    assert ..., "a hint in the page's language, shown when the check fails"
    ~~~

``~~~python exercise file=../global-warming/noaa-co2-annmean-mlo.csv`` gives the
code a file to ``open()`` by its name (the path is relative to the page; the page
fetches it from this site and the worker writes it beside the code).

The hook turns each group into HTML: a labelled editor (a plain <textarea> that
``assets/javascripts/exercises.js`` upgrades), Run, Check, Reset and Copy link
buttons, an output area and a status line. ``data-exercise-state`` on the root is
"idle" | "running" | "pass" | "fail" | "error" | "stopped". Button text comes from
the page's language here; no text is written in JavaScript.

The build stops, naming the file and line, when a fence is wrong (an unknown
role, a missing answer or check, an unclosed block, a missing file), when the
model answer does not pass its check, or when the starting code already passes.
The check runs in the real Pyodide under Node (``tools/exercises-run.mjs``) and the
outcome is cached in ``.cache/exercises/`` by a hash of the blocks, the files
and the calculators package, so an unchanged page costs nothing.

After the build, ``tools/editor/editor.mjs`` (CodeMirror 6, exact versions in
package.json) is bundled with esbuild into ``site/assets/javascripts/editor.js``,
cached by a hash of the source and package-lock.json.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
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
EDITOR_SOURCE = ROOT / "tools" / "editor" / "editor.mjs"
EDITOR_OUT = "assets/javascripts/editor.js"
ROLES = ("exercise", "answer", "check")
FENCE = re.compile(r"^(?P<fence>~~~+|```+)\s*python(?P<rest>[ \t].*)?$")
OTHER_FENCE = re.compile(r"^\s*(?P<fence>~~~+|```+)")
PLACEHOLDER = '<div data-exercise-placeholder="{n}"></div>'
# Node + Pyodide start-up is a few seconds; a model answer that runs longer is a bug.
RUN_TIMEOUT_S = 180

TEXT = {
    "ja": {
        "label": "演習{n}のコード",
        "run": "実行",
        "check": "答え合わせ",
        "reset": "最初に戻す",
        "link": "リンクを作る",
        "output": "出力",
        "answer": "解答例（先生向け）",
        "loading": "Pythonを準備しています…",
        "running": "実行しています…",
        "stopped": "5秒たっても終わらなかったので止めました。"
        "くり返し（while など）が終わるか確かめてください。もう一度実行できます。",
        "failed": "Pythonを読み込めませんでした。ページを再読み込みしてください。",
        "linked": "このコードを入れたリンクをアドレス欄に入れました。コピーして使えます。",
        "reset_done": "最初のコードに戻しました。",
        "hint": "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>"
        "（Macでは<kbd>⌘</kbd>+<kbd>Enter</kbd>）でも実行できます。"
        "エディタから出るときは <kbd>Esc</kbd> を押してから <kbd>Tab</kbd> を押します。",
    },
    "en": {
        "label": "Code for exercise {n}",
        "run": "Run",
        "check": "Check my answer",
        "reset": "Reset",
        "link": "Make a link",
        "output": "Output",
        "answer": "Model answer (for teachers)",
        "loading": "Getting Python ready…",
        "running": "Running…",
        "stopped": "Stopped: it did not finish within 5 seconds. "
        "Check that every loop (while …) can end. You can run it again.",
        "failed": "Python could not be loaded. Please reload the page.",
        "linked": "The address bar now holds a link with this code; copy it to share.",
        "reset_done": "Back to the starting code.",
        "hint": "<kbd>Ctrl</kbd>+<kbd>Enter</kbd> (<kbd>⌘</kbd>+<kbd>Enter</kbd> on a Mac) "
        "also runs the code. "
        "To leave the editor, press <kbd>Esc</kbd>, then <kbd>Tab</kbd>.",
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


def page_language(page: Page, config: MkDocsConfig) -> str:
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def parse(markdown: str, src_uri: str) -> tuple[str, list[Exercise]]:
    """Replace each exercise group with a placeholder; return the Markdown and the groups."""
    lines = markdown.split("\n")
    out: list[str] = []
    found: list[Exercise] = []
    current: Exercise | None = None
    expect = 0  # index in ROLES of the block expected next in the current group
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
            i = end + 1
            continue
        if not match or not words:
            if current is not None and lines[i].strip():
                raise PluginError(
                    f"docs/{src_uri}, line {current.line}: the exercise needs "
                    f"a `~~~python {ROLES[expect]}` block right after the previous one "
                    "(only blank lines between)"
                )
            if current is None:
                out.append(lines[i])
            i += 1
            continue
        at = f"docs/{src_uri}, line {i + 1}"
        role, options = words[0], words[1:]
        if role not in ROLES:
            raise PluginError(
                f"{at}: unknown fence `python {role}`; use `~~~python exercise`, "
                "`~~~python answer` or `~~~python check`"
            )
        if current is None and role != "exercise":
            raise PluginError(f"{at}: `~~~python {role}` must follow a `~~~python exercise` block")
        if current is not None and role != ROLES[expect]:
            raise PluginError(f"{at}: expected `~~~python {ROLES[expect]}` here, found `{role}`")
        fence = match.group("fence")
        end = i + 1
        while end < len(lines) and lines[end].rstrip() != fence:
            end += 1
        if end >= len(lines):
            raise PluginError(f"{at}: the `{fence}` block is never closed")
        body = "\n".join(lines[i + 1 : end]).rstrip() + "\n"
        if role == "exercise":
            current = Exercise(line=i + 1, code=body)
            for option in options:
                key, _, value = option.partition("=")
                if key != "file" or not value:
                    raise PluginError(f"{at}: unknown option {option!r}; only file=PATH is known")
                target = (DOCS / src_uri).parent / value
                if not target.resolve().is_file() or DOCS.resolve() not in target.resolve().parents:
                    raise PluginError(f"{at}: file {value!r} not found under docs/")
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
            raise PluginError(f"{at}: `~~~python {role}` takes no options")
        i = end + 1
    if current is not None:
        raise PluginError(
            f"docs/{src_uri}, line {current.line}: "
            f"the exercise has no `~~~python {ROLES[expect]}` block"
        )
    return "\n".join(out), found


def _package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "calculators").rglob("*"), RUNNER]):
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


def run_in_pyodide(requests: list[dict[str, object]]) -> list[dict[str, str]]:
    """Run requests through calculators.web.exercise in the real Pyodide (Node)."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("exercises: Node.js is needed to check the exercises (tools/dev setup)")
    result = subprocess.run(
        [node, str(RUNNER), str(ROOT / "node_modules" / "pyodide"), str(ROOT)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise PluginError(f"exercises: running the checks in Pyodide failed:\n{result.stderr}")
    answers: list[dict[str, str]] = json.loads(result.stdout)
    return answers


def verify(exercises: list[Exercise], lang: str, src_uri: str) -> None:
    """Stop the build unless each answer passes its check and each starting code does not."""
    requests = requests_for(exercises, lang)
    key = hashlib.sha256(
        (json.dumps(requests, sort_keys=True) + _package_hash()).encode()
    ).hexdigest()
    stamp = CACHE_DIR / f"{key}.ok"
    if stamp.exists():
        return
    results = run_in_pyodide(requests)
    for n, ex in enumerate(exercises):
        answer, start = results[2 * n], results[2 * n + 1]
        at = f"docs/{src_uri}, line {ex.line}"
        if answer["state"] != "pass":
            raise PluginError(
                f"{at}: the model answer does not pass its check "
                f"({answer['state']}: {answer['message']})\n{answer['stderr']}"
            )
        if start["state"] == "pass":
            raise PluginError(f"{at}: the starting code already passes the check; make it a task")
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    stamp.write_text(src_uri + "\n", encoding="utf-8")


def render(ex: Exercise, n: int, lang: str, page: Page) -> str:
    """The exercise's HTML; every text is from TEXT[lang], every code is escaped."""
    t = TEXT[lang]
    prefix = "../" * page.url.count("/")  # from the page up to the site's root
    ident = f"exercise-{n}"
    files = {name: prefix + path for name, path in ex.files.items()}
    msgs = " ".join(
        f'data-msg-{k}="{html.escape(t[k])}"'
        for k in ("loading", "running", "stopped", "failed", "linked", "reset_done")
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
            f'<p class="exercise__output-label" id="{ident}-output">{t["output"]}</p>',
            # role="group": a focusable, scrollable <pre> named by its label (HTML allows
            # aria-labelledby on a <pre> only with a role other than generic).
            f'<pre class="exercise__output" data-exercise-output tabindex="0" role="group" '
            f'aria-labelledby="{ident}-output"></pre>',
            '<details class="exercise__answer">',
            f"<summary>{t['answer']}</summary>",
            f"<pre><code>{html.escape(ex.answer)}</code></pre>",
            "</details>",
            "</div>",
        ]
    )


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src_uri = page.file.src_uri
    markdown, exercises = parse(markdown, src_uri)
    if not exercises:
        return markdown
    lang = page_language(page, config)
    verify(exercises, lang, src_uri)
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
    return html_text


def build_editor() -> Path:
    """Bundle the CodeMirror editor into one ES module (cached by content hash)."""
    digest = hashlib.sha256(EDITOR_SOURCE.read_bytes())
    digest.update((ROOT / "package-lock.json").read_bytes())
    bundle = CACHE_DIR / f"editor-{digest.hexdigest()[:16]}.js"
    if bundle.exists():
        return bundle
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise PluginError("exercises: node_modules/.bin/esbuild is missing: run `npm ci`")
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for old in CACHE_DIR.glob("editor-*.js"):
        old.unlink()
    command = [str(esbuild), str(EDITOR_SOURCE), "--bundle", "--format=esm", "--minify"]
    command += ["--legal-comments=none", f"--outfile={bundle}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"exercises: bundling the code editor failed:\n{result.stderr}")
    return bundle


def on_post_build(config: MkDocsConfig) -> None:
    dest = Path(config.site_dir) / EDITOR_OUT
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(build_editor(), dest)
