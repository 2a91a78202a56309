"""Run a learner's Python for the /python/ exercises and check it.

The page's Web Worker (and the build, through Node) calls ``run_json`` with the
learner's code, the exercise's check (small Python tests written by staff in the
page's language) and the page's language. The code runs with its printed output
captured; a syntax error or an exception becomes one plain sentence in the page's
language with the line number, never a bare traceback.

The answer is JSON: ``{"state", "stdout", "stderr", "message"}`` where state is
``"idle"`` (ran without a check), ``"pass"``, ``"fail"`` (the check did not
pass) or ``"error"`` (the learner's code could not run).

Standard library only; the time limit is kept by the page, which ends the worker.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import traceback
from typing import Any

from calculators import _model, learn
from calculators._messages import lang_of

CODE_NAME = "<exercise>"
CHECK_NAME = "<check>"
# Printed output beyond this is cut, so a runaway print loop cannot flood the page.
MAX_OUTPUT = 20_000
# Files an exercise reads (for example the Mauna Loa CSV) are written here.
WORKDIR = "/tmp/calculators-exercise"
# Modules learners use: their names are put back after each run, so a learner who
# reassigns e.g. learn.total does not change the next run (the worker is reused).
GUARDED = (learn, _model)

TEXT = {
    "ja": {
        "syntax": "{line}行目: Pythonの書き方として読めません（{detail}）。"
        "かっこ・引用符・コロン（:）・字下げを確かめてください。",
        "indent": "{line}行目: 字下げ（行の始めの空白）がそろっていません（{detail}）。",
        "error": "{line}行目でエラーが起きました: {kind}（{detail}）。{hint}",
        "error_noline": "エラーが起きました: {kind}（{detail}）。{hint}",
        "fail": "まだ正解ではありません: {detail}",
        "fail_plain": "まだ正解ではありません。問題文をもう一度読んでみましょう。",
        "check_broken": "確かめの途中で止まりました: {kind}（{detail}）。"
        "問題文にある名前（変数や関数）を消したり変えたりしていないか確かめてください。",
        "pass": "正解です。よくできました。",
        "ran": "実行しました。",
        "cut": "（出力が長すぎるため、ここで切りました）",
        "NameError": "名前のつづりと、使う前に代入（=）したかを確かめてください。",
        "TypeError": "値の種類（数・文字列・リストなど）が合っているか確かめてください。",
        "ZeroDivisionError": "0で割ろうとしています。",
        "ValueError": "値の中身が正しいか（数に直せる文字列かなど）確かめてください。",
        "KeyError": "辞書にないキーを使っています。つづりを確かめてください。",
        "IndexError": "リストの範囲の外の番号を使っています。",
        "AttributeError": "そのものにない名前を使っています。つづりを確かめてください。",
        "FileNotFoundError": "ファイル名を確かめてください。",
        "ImportError": "ここで使えるのは標準ライブラリと calculators だけです。",
        "ModuleNotFoundError": "ここで使えるのは標準ライブラリと calculators だけです。",
        "RecursionError": "関数が自分を呼び続けています。",
    },
    "en": {
        "syntax": "Line {line}: Python cannot read this ({detail}). "
        "Check brackets, quotes, colons (:) and indentation.",
        "indent": "Line {line}: the indentation (spaces at the start of the line) "
        "does not line up ({detail}).",
        "error": "Line {line} raised an error: {kind} ({detail}). {hint}",
        "error_noline": "An error was raised: {kind} ({detail}). {hint}",
        "fail": "Not yet: {detail}",
        "fail_plain": "Not yet. Read the task again and try once more.",
        "check_broken": "The check stopped: {kind} ({detail}). "
        "Make sure you did not remove or rename a name (variable or function) the task uses.",
        "pass": "Correct. Well done.",
        "ran": "Ran.",
        "cut": "(output cut here: it was too long)",
        "NameError": "Check the spelling, and that you assigned the name (=) before using it.",
        "TypeError": "Check that the kinds of value (number, text, list…) fit together.",
        "ZeroDivisionError": "Something is divided by 0.",
        "ValueError": "Check the value itself (for example, text that should be a number).",
        "KeyError": "That key is not in the dictionary. Check its spelling.",
        "IndexError": "That position is outside the list.",
        "AttributeError": "That name does not exist on this object. Check its spelling.",
        "FileNotFoundError": "Check the file name.",
        "ImportError": "Only the standard library and calculators can be used here.",
        "ModuleNotFoundError": "Only the standard library and calculators can be used here.",
        "RecursionError": "A function keeps calling itself.",
    },
}


def _cut(text: str, lang: str) -> str:
    if len(text) <= MAX_OUTPUT:
        return text
    return text[:MAX_OUTPUT] + "\n" + TEXT[lang]["cut"] + "\n"


def _syntax_message(error: SyntaxError, lang: str) -> str:
    key = "indent" if isinstance(error, IndentationError) else "syntax"
    return TEXT[lang][key].format(line=error.lineno or 1, detail=error.msg)


def _error_line(error: BaseException, filename: str) -> int | None:
    """The last line of ``filename`` in the error's traceback (the learner's line)."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line


def _error_message(error: BaseException, lang: str) -> str:
    kind = type(error).__name__
    hint = TEXT[lang].get(kind, "")
    line = _error_line(error, CODE_NAME)
    if line is None:
        return TEXT[lang]["error_noline"].format(kind=kind, detail=error, hint=hint).strip()
    return TEXT[lang]["error"].format(line=line, kind=kind, detail=error, hint=hint).strip()


def _write_files(files: dict[str, str]) -> None:
    os.makedirs(WORKDIR, exist_ok=True)
    for name, text in files.items():
        safe = os.path.basename(name)
        with open(os.path.join(WORKDIR, safe), "w", encoding="utf-8") as handle:
            handle.write(text)


def run(code: str, check: str, lang: str, files: dict[str, str] | None = None) -> dict[str, str]:
    """Run ``code``; then, if ``check`` is not empty, run it in the same namespace.

    Returns state, stdout, stderr and a message in ``lang`` (see the module doc).
    """
    lang = lang_of(lang)
    out, err = io.StringIO(), io.StringIO()
    state, message = "idle", TEXT[lang]["ran"]
    namespace: dict[str, Any] = {"__name__": "__main__"}
    previous_dir = os.getcwd()
    saved = [(vars(module), dict(vars(module))) for module in GUARDED]
    if files:
        _write_files(files)
        os.chdir(WORKDIR)
    try:
        try:
            compiled = compile(code, CODE_NAME, "exec")
        except SyntaxError as error:
            return {
                "state": "error",
                "stdout": "",
                "stderr": "",
                "message": _syntax_message(error, lang),
            }
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                exec(compiled, namespace)
            except SystemExit:
                pass  # exit() or sys.exit() just ends the learner's program
            except Exception as error:
                state, message = "error", _error_message(error, lang)
            if state != "error" and check.strip():
                state, message = _run_check(check, namespace, lang)
    finally:
        os.chdir(previous_dir)
        for names, before in saved:
            names.clear()
            names.update(before)
        sys.stdout.flush()
    return {
        "state": state,
        "stdout": _cut(out.getvalue(), lang),
        "stderr": _cut(err.getvalue(), lang),
        "message": message,
    }


def _run_check(check: str, namespace: dict[str, Any], lang: str) -> tuple[str, str]:
    """Run staff's check; an AssertionError's text (in the page's language) is the hint."""
    try:
        exec(compile(check, CHECK_NAME, "exec"), dict(namespace))
    except AssertionError as error:
        detail = str(error).strip()
        if detail:
            return "fail", TEXT[lang]["fail"].format(detail=detail)
        return "fail", TEXT[lang]["fail_plain"]
    except Exception as error:
        kind = type(error).__name__
        return "fail", TEXT[lang]["check_broken"].format(kind=kind, detail=error)
    return "pass", TEXT[lang]["pass"]


def run_json(request_json: str) -> str:
    """JSON in (``{"code", "check", "lang", "files"}``), JSON out (see ``run``)."""
    request = json.loads(request_json)
    files = request.get("files") or {}
    result = run(
        str(request.get("code", "")),
        str(request.get("check", "")),
        str(request.get("lang", "ja")),
        {str(k): str(v) for k, v in files.items()},
    )
    return json.dumps(result, ensure_ascii=False)
