"""Run a learner's Python for the /python/ exercises and check it.

The exercise worker (and the build, through Node) calls ``run_json`` with the
learner's code, the exercise's check (small Python tests written by staff in the
page's language) and the page's language. The code runs with its printed output
captured; a syntax error or an exception becomes one plain sentence in the page's
language with the line number, never a bare traceback. Python's own words (in
English) go into ``detail``, which the page shows in a closed box.

The answer is JSON: ``{"state", "stdout", "stderr", "message", "detail"}`` where
state is ``"idle"`` (ran without a check), ``"pass"``, ``"fail"`` (the check did
not pass) or ``"error"`` (the learner's code could not run). ``run_json`` never
raises, whatever it is given.

One run cannot change the next, and the learner's code cannot change the check:

- every module's names (the standard library's, ``builtins``, ``sys``) are put
  back after the learner's code, before the check, and again after the check;
- the ``calculators`` package is dropped from ``sys.modules`` at those points, so
  the check and the next run import fresh copies (a list or dict of the model
  changed in place does not carry over);
- ``sys.setrecursionlimit`` cannot raise the limit above the runtime's own (a
  deeper stack would crash Pyodide instead of raising RecursionError), and
  ``input()`` says that it cannot be used here.

In the browser each run also gets a new interpreter (the page starts a new worker
for every run and ends the old one, with anything it had scheduled), so what is
put back here matters for the build and the command line, and for the check
within one run. A learner who deliberately rewrites this runner's own frames or
code in memory can change what their own screen says for that one run; nothing
is recorded or sent anywhere, and the next run starts clean.

Standard library only; the time limit is kept by the page, which ends the worker.
"""

from __future__ import annotations

import builtins
import contextlib
import gc
import io
import json
import os
import re
import sys
import traceback
from types import ModuleType
from typing import Any

from calculators._messages import lang_of

CODE_NAME = "<exercise>"
CHECK_NAME = "<check>"
# Printed output beyond this is dropped as it is written, so a runaway print loop
# can neither flood the page nor fill the memory before the time limit.
MAX_OUTPUT = 20_000
# Longest code or check accepted (characters); the page's editor never gets near it.
MAX_CODE = 200_000
# Files an exercise reads (for example the Mauna Loa CSV) are written here.
WORKDIR = "/tmp/calculators-exercise"
STATES = ("idle", "pass", "fail", "error")
# A float printed with a long run of 0s or 9s (409.99999999999994): worth a word.
FLOAT_NOISE = re.compile(r"\d\.\d*?(?:0{6,}|9{6,})\d")

TEXT = {
    "ja": {
        "syntax": "{line}行目: {explain}",
        "syntax_hint": "かっこ・引用符・コロン（:）・字下げを確かめてください。",
        "error": "{line}行目でエラー（{kind}）が起きました。{explain}{hint}",
        "error_noline": "エラー（{kind}）が起きました。{explain}{hint}",
        "fail": "まだ正解ではありません: {detail}",
        "fail_plain": "まだ正解ではありません。問題文をもう一度読んでみましょう。",
        "check_broken": "確かめの途中で止まりました（{kind}）。"
        "問題文にある名前（変数や関数）を消したり変えたりしていないか確かめてください。",
        "pass": "正解です。よくできました。",
        "ran": "実行しました。",
        "cut": "（出力が長すぎるため、ここで切りました）",
        "bad_request": "演習を実行できませんでした（ページから届いた内容が読めません）。"
        "ページを再読み込みしてください。",
        "internal": "演習を実行できませんでした。ページを再読み込みしてください。",
        "input": "{line}行目: input() はここでは使えません（キーボードから読みこめません）。"
        "値はコードの中に直接書いてください（例: kwh = 300）。",
        "interrupted": "プログラムが途中で止められました。",
        "surrogate": "{line}行目に、文字として読めない記号（U+{code:04X}）があります。"
        "その文字を消して、もう一度入力してください。",
        "float": "小数の計算では、最後の桁に小さなずれが出ることがあります"
        "（コンピュータは小数を2進数で近似して計算するためです）。"
        "見やすくするには round() で丸めます。",
        # Python's syntax messages, by pattern (the original stays in "detail").
        "syntax:expected ':'": "コロン（:）がありません。"
        "if・for・def などの行の終わりには : を書きます。",
        "syntax:invalid character": "Pythonでは使えない文字「{ch}」があります。"
        "記号・かっこ・引用符は半角（英数字の入力）で書きます。",
        "syntax:full-width space": "全角のスペースがあります。半角のスペースにします。",
        "syntax:non-printable": "見えない文字（U+{code}）があります。消してください。",
        "syntax:unterminated string": "文字列の引用符（\" または '）が閉じていません。",
        "syntax:never closed": "かっこ「{b}」が閉じていません。",
        "syntax:unmatched": "閉じかっこ「{b}」に合う開きかっこがありません。",
        "syntax:mismatch": "閉じかっこ「{c}」が、開きかっこ「{o}」と合っていません。",
        "syntax:expected indent": "この行は字下げ（行の始めに半角スペース4つ）が必要です。",
        "syntax:unexpected indent": "この行に字下げ（行の始めの空白）はいりません。",
        "syntax:unindent": "字下げの幅が、前の行とそろっていません。",
        "syntax:decimal": "数のすぐ後ろに文字が続いています（例: 3kg は 3 にします）。",
        "syntax:print": "print のあとに ( ) が必要です（例: print(x)）。",
        "syntax:comma": "カンマ（,）を書き忘れていませんか。",
        "syntax:equals": "比べるときは = ではなく == を書きます。",
        "syntax:assign": "この左側には代入（=）できません。",
        "syntax:generic": "Pythonの書き方として読めません。",
        # Python's error messages, by pattern.
        "error:name": "「{name}」という名前は、まだ作られていません。",
        "error:operand": "{a}と{b}は「{op}」で計算できません。",
        "error:concat": "文字列には文字列しかつなげられません（{b}をつなごうとしています）。"
        "str() で文字列にできます。",
        "error:zero": "0で割っています。",
        "error:index": "リストの範囲の外の番号を使っています。",
        "error:float": "文字列 {v} は小数に直せません。",
        "error:int": "文字列 {v} は整数に直せません。",
        "error:attribute": "{t}に「{a}」という名前はありません。",
        "error:module attribute": "モジュール {m} に「{a}」という名前はありません。",
        "error:no module": "モジュール「{m}」はここでは使えません。",
        "error:missing argument": "{f}() に渡す値が足りません。",
        "error:too many arguments": "{f}() に渡す値の数が合いません。",
        "error:recursion": "関数が自分を呼び続けています。",
        "error:key": "キー {k} は辞書にありません。",
        "error:file": "ファイル「{f}」が見つかりません。",
        "types": {
            "int": "整数",
            "float": "小数",
            "str": "文字列",
            "list": "リスト",
            "dict": "辞書",
            "tuple": "タプル",
            "NoneType": "None",
            "bool": "真偽値",
        },
        # Hints by the kind of error.
        "NameError": "名前のつづりと、使う前に代入（=）したかを確かめてください。",
        "TypeError": "値の種類（数・文字列・リストなど）が合っているか確かめてください。",
        "ZeroDivisionError": "",
        "ValueError": "値の中身が正しいか（数に直せる文字列かなど）確かめてください。",
        "KeyError": "キーのつづりを確かめてください。",
        "IndexError": "",
        "AttributeError": "つづりを確かめてください。",
        "FileNotFoundError": "ファイル名を確かめてください。",
        "ImportError": "ここで使えるのは標準ライブラリと calculators だけです。",
        "ModuleNotFoundError": "ここで使えるのは標準ライブラリと calculators だけです。",
        "RecursionError": "止まる条件があるか確かめてください。",
    },
    "en": {
        "syntax": "Line {line}: {explain}",
        "syntax_hint": "Check brackets, quotes, colons (:) and indentation.",
        "error": "Line {line} raised an error ({kind}). {explain}{hint}",
        "error_noline": "An error was raised ({kind}). {explain}{hint}",
        "fail": "Not yet: {detail}",
        "fail_plain": "Not yet. Read the task again and try once more.",
        "check_broken": "The check stopped ({kind}). "
        "Make sure you did not remove or rename a name (variable or function) the task uses.",
        "pass": "Correct. Well done.",
        "ran": "Ran.",
        "cut": "(output cut here: it was too long)",
        "bad_request": "The exercise could not be run (the page sent something unreadable). "
        "Please reload the page.",
        "internal": "The exercise could not be run. Please reload the page.",
        "input": "Line {line}: input() cannot be used here (there is no keyboard to read from). "
        "Write the value into the code instead (for example, kwh = 300).",
        "interrupted": "The program was interrupted.",
        "surrogate": "Line {line} holds a character that is not a real character "
        "(U+{code:04X}). Delete it and type it again.",
        "float": "Calculations with decimals can be off in the last digits "
        "(the computer approximates decimals in binary). "
        "Use round() to show fewer digits.",
        "syntax:expected ':'": "A colon (:) is missing. "
        "Lines that start with if, for, def and the like end with :.",
        "syntax:invalid character": "The character '{ch}' cannot be used in Python code. "
        "Type symbols, brackets and quotes in half-width (English) input.",
        "syntax:full-width space": "There is a full-width space; use an ordinary space.",
        "syntax:non-printable": "There is an invisible character (U+{code}); delete it.",
        "syntax:unterminated string": "A string's quote (\" or ') is never closed.",
        "syntax:never closed": "The bracket '{b}' is never closed.",
        "syntax:unmatched": "The closing bracket '{b}' has no opening bracket.",
        "syntax:mismatch": "The closing bracket '{c}' does not match the opening '{o}'.",
        "syntax:expected indent": "This line needs indenting (four spaces at its start).",
        "syntax:unexpected indent": "This line should not be indented.",
        "syntax:unindent": "The indentation does not line up with the lines above.",
        "syntax:decimal": "A number runs straight into letters (write 3, not 3kg).",
        "syntax:print": "print needs brackets: print(x).",
        "syntax:comma": "Is a comma (,) missing?",
        "syntax:equals": "To compare, write == rather than =.",
        "syntax:assign": "You cannot assign (=) to what is on the left.",
        "syntax:generic": "Python cannot read this.",
        "error:name": "There is no name '{name}' yet.",
        "error:operand": "You cannot use '{op}' on {a} and {b}.",
        "error:concat": "Only text can be joined to text (this joins {b}). "
        "str() turns a value into text.",
        "error:zero": "Something is divided by 0.",
        "error:index": "That position is outside the list.",
        "error:float": "The text {v} cannot be turned into a decimal number.",
        "error:int": "The text {v} cannot be turned into a whole number.",
        "error:attribute": "{t} has no name '{a}'.",
        "error:module attribute": "The module {m} has no name '{a}'.",
        "error:no module": "The module '{m}' cannot be used here.",
        "error:missing argument": "{f}() was given too few values.",
        "error:too many arguments": "{f}() was given the wrong number of values.",
        "error:recursion": "A function keeps calling itself.",
        "error:key": "The key {k} is not in the dictionary.",
        "error:file": "There is no file '{f}'.",
        "types": {
            "int": "a whole number",
            "float": "a decimal number",
            "str": "text",
            "list": "a list",
            "dict": "a dictionary",
            "tuple": "a tuple",
            "NoneType": "None",
            "bool": "True/False",
        },
        "NameError": "Check the spelling, and that you assigned the name (=) before using it.",
        "TypeError": "Check that the kinds of value (number, text, list…) fit together.",
        "ZeroDivisionError": "",
        "ValueError": "Check the value itself (for example, text that should be a number).",
        "KeyError": "Check the key's spelling.",
        "IndexError": "",
        "AttributeError": "Check the spelling.",
        "FileNotFoundError": "Check the file name.",
        "ImportError": "Only the standard library and calculators can be used here.",
        "ModuleNotFoundError": "Only the standard library and calculators can be used here.",
        "RecursionError": "Make sure it has a case where it stops.",
    },
}

# (pattern of Python's message, key in TEXT). The first match wins.
SYNTAX_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^expected ':'", "syntax:expected ':'"),
        (r"^invalid non-printable character U\+3000", "syntax:full-width space"),
        (r"^invalid non-printable character U\+(?P<code>[0-9A-F]+)", "syntax:non-printable"),
        (r"^invalid character '(?P<ch>.)'", "syntax:invalid character"),
        (r"^unterminated (?:triple-quoted )?string literal", "syntax:unterminated string"),
        (r"^'(?P<b>[(\[{])' was never closed", "syntax:never closed"),
        (r"^unmatched '(?P<b>[)\]}])'", "syntax:unmatched"),
        (
            r"^closing parenthesis '(?P<c>.)' does not match opening parenthesis '(?P<o>.)'",
            "syntax:mismatch",
        ),
        (r"^expected an indented block", "syntax:expected indent"),
        (r"^unexpected indent", "syntax:unexpected indent"),
        (r"^unindent does not match", "syntax:unindent"),
        (r"^invalid (?:decimal|digit|hexadecimal|octal|binary) literal", "syntax:decimal"),
        (r"^Missing parentheses in call to 'print'", "syntax:print"),
        (r"Perhaps you forgot a comma", "syntax:comma"),
        (r"Maybe you meant '==' ", "syntax:equals"),
        (r"^cannot assign to", "syntax:assign"),
    )
)
ERROR_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (kind, re.compile(pattern), key)
    for kind, pattern, key in (
        ("NameError", r"^name '(?P<name>[^']+)' is not defined", "error:name"),
        (
            "TypeError",
            r"^unsupported operand type\(s\) for (?P<op>\S+): '(?P<a>\w+)' and '(?P<b>\w+)'",
            "error:operand",
        ),
        ("TypeError", r'^can only concatenate str \(not "(?P<b>\w+)"\) to str', "error:concat"),
        (
            "TypeError",
            r"^(?:\w+\.)?(?P<f>\w+)\(\) missing \d+ required positional argument",
            "error:missing argument",
        ),
        (
            "TypeError",
            r"^(?:\w+\.)?(?P<f>\w+)\(\) takes \d+ positional arguments? but \d+ (?:was|were) given",
            "error:too many arguments",
        ),
        ("ZeroDivisionError", r"division by zero", "error:zero"),
        ("IndexError", r"index out of range", "error:index"),
        ("ValueError", r"^could not convert string to float: (?P<v>.+)$", "error:float"),
        ("ValueError", r"^invalid literal for int\(\) with base 10: (?P<v>.+)$", "error:int"),
        (
            "AttributeError",
            r"^module '(?P<m>[\w.]+)' has no attribute '(?P<a>\w+)'",
            "error:module attribute",
        ),
        (
            "AttributeError",
            r"^'(?P<t>\w+)' object has no attribute '(?P<a>\w+)'",
            "error:attribute",
        ),
        ("ModuleNotFoundError", r"^No module named '(?P<m>[\w.]+)'", "error:no module"),
        ("RecursionError", r"maximum recursion depth", "error:recursion"),
        ("KeyError", r"^(?P<k>.+)$", "error:key"),
        ("FileNotFoundError", r"No such file or directory: '(?P<f>[^']+)'", "error:file"),
    )
)


class InputUnavailable(Exception):
    """Raised by ``input()`` in learner code: there is no keyboard to read from."""


class _Capped(io.TextIOBase):
    """A text stream that keeps the first ``MAX_OUTPUT`` characters and drops the rest."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[str] = []
        self._size = 0
        self.cut = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = MAX_OUTPUT - self._size
        if room > 0:
            kept = text[:room]
            self._parts.append(kept)
            self._size += len(kept)
        if len(text) > max(room, 0):
            self.cut = True
        return len(text)

    def getvalue(self) -> str:
        return "".join(self._parts)


class _Snapshot:
    """Every module's names before the learner's code, to be put back after it."""

    def __init__(self) -> None:
        self.modules = dict(sys.modules)
        self.names = {
            name: dict(vars(module))
            for name, module in self.modules.items()
            if isinstance(module, ModuleType)
        }
        self.limit = sys.getrecursionlimit()
        self.cwd = os.getcwd()
        self.environ = dict(os.environ)
        self.gc_callbacks = list(gc.callbacks)
        self.monitoring = _monitoring_tools()

    def restore(self) -> None:
        """Put every module's names back and drop ``calculators`` (the next import is fresh)."""
        sys.settrace(None)
        sys.setprofile(None)
        for name in list(sys.modules):
            if name not in self.modules:
                del sys.modules[name]
        for name, module in self.modules.items():
            sys.modules[name] = module
            saved = self.names.get(name)
            if saved is None:
                continue
            current = vars(module)
            for key in [k for k in current if k not in saved]:
                del current[key]
            for key, value in saved.items():
                if current.get(key, _MISSING) is not value:
                    current[key] = value
        for name in list(sys.modules):
            if name == "calculators" or name.startswith("calculators."):
                del sys.modules[name]
        sys.setrecursionlimit(self.limit)
        gc.callbacks[:] = self.gc_callbacks
        _free_monitoring_tools(self.monitoring)
        if os.environ != self.environ:
            os.environ.clear()
            os.environ.update(self.environ)
        with contextlib.suppress(OSError):
            os.chdir(self.cwd)


_MISSING = object()


def _monitoring_tools() -> set[int]:
    """The sys.monitoring tool ids in use (Python 3.12+)."""
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return set()
    return {tool for tool in range(6) if monitoring.get_tool(tool) is not None}


def _free_monitoring_tools(keep: set[int]) -> None:
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return
    for tool in _monitoring_tools() - keep:
        monitoring.set_events(tool, 0)
        monitoring.free_tool_id(tool)


def _clean(text: str) -> str:
    """The text as valid Unicode: a lone surrogate becomes U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _safe_str(error: BaseException) -> str:
    """str(error), or "" when the learner's exception cannot even say what it is."""
    try:
        text = str(error)
    except BaseException:
        return ""
    return text if isinstance(text, str) else ""


def _kind(error: BaseException) -> str:
    name = type.__dict__["__name__"].__get__(type(error))
    return name if isinstance(name, str) else "Exception"


def _types(lang: str, name: str) -> str:
    names: dict[str, str] = TEXT[lang]["types"]  # type: ignore[assignment]
    return names.get(name, name)


def _explain_syntax(message: str, lang: str) -> str:
    for pattern, key in SYNTAX_PATTERNS:
        found = pattern.search(message)
        if found:
            return str(TEXT[lang][key]).format(**found.groupdict())
    return str(TEXT[lang]["syntax:generic"]) + str(TEXT[lang]["syntax_hint"])


def _explain_error(kind: str, detail: str, lang: str) -> str:
    for pattern_kind, pattern, key in ERROR_PATTERNS:
        if pattern_kind != kind:
            continue
        found = pattern.search(detail)
        if found:
            fields = found.groupdict()
            for name in ("a", "b", "t"):
                if name in fields:
                    fields[name] = _types(lang, fields[name])
            return str(TEXT[lang][key]).format(**fields)
    return ""


def _syntax_result(error: SyntaxError, lang: str) -> tuple[str, str]:
    message = _safe_str(error) if not isinstance(error.msg, str) else error.msg
    explain = _explain_syntax(message, lang)
    line = error.lineno if isinstance(error.lineno, int) else 1
    detail = f"{_kind(error)}: {message}"
    return str(TEXT[lang]["syntax"]).format(line=line, explain=explain), detail


def _surrogate_result(code: str, lang: str) -> tuple[str, str]:
    """The line and code point of the first lone surrogate in ``code``."""
    for index, char in enumerate(code):
        if 0xD800 <= ord(char) <= 0xDFFF:
            line = code.count("\n", 0, index) + 1
            return str(TEXT[lang]["surrogate"]).format(line=line, code=ord(char)), ""
    return str(TEXT[lang]["internal"]), ""


def _error_line(error: BaseException, filename: str) -> int | None:
    """The last line of ``filename`` in the error's traceback (the learner's line)."""
    line = None
    try:
        for frame in traceback.extract_tb(error.__traceback__):
            if frame.filename == filename:
                line = frame.lineno
    except Exception:
        return None
    return line


def _error_result(error: BaseException, lang: str) -> tuple[str, str]:
    """(message in the page's language, Python's own words) for an exception."""
    kind = _kind(error)
    text = _safe_str(error)
    line = _error_line(error, CODE_NAME)
    if isinstance(error, InputUnavailable):
        return str(TEXT[lang]["input"]).format(line=line or 1), ""
    if isinstance(error, KeyboardInterrupt):
        explain, hint, detail = str(TEXT[lang]["interrupted"]), "", kind
    else:
        explain = _explain_error(kind, text, lang)
        hint = str(TEXT[lang].get(kind, ""))
        detail = f"{kind}: {text}" if text else kind
    explain = explain + (" " if explain and hint and lang == "en" else "")
    template = "error" if line is not None else "error_noline"
    message = str(TEXT[lang][template]).format(line=line, kind=kind, explain=explain, hint=hint)
    return message.strip(), detail


def _write_files(files: dict[str, str]) -> None:
    os.makedirs(WORKDIR, exist_ok=True)
    for name, text in files.items():
        safe = os.path.basename(name)
        if not safe or safe in {".", ".."}:
            continue
        with open(os.path.join(WORKDIR, safe), "w", encoding="utf-8") as handle:
            handle.write(text)


def _no_input(prompt: object = "") -> str:
    raise InputUnavailable("input() is not available")


def _capped_recursion(limit: int) -> Any:
    real = sys.setrecursionlimit

    def setrecursionlimit(new_limit: int) -> None:
        """Like sys.setrecursionlimit, but never above the runtime's own limit."""
        real(min(int(new_limit), limit))

    return setrecursionlimit


def _finish(
    state: str, message: str, detail: str, out: _Capped, err: _Capped, lang: str
) -> dict[str, str]:
    stdout, stderr = out.getvalue(), err.getvalue()
    if out.cut:
        stdout += "\n" + str(TEXT[lang]["cut"]) + "\n"
    if err.cut:
        stderr += "\n" + str(TEXT[lang]["cut"]) + "\n"
    if state in ("idle", "pass") and FLOAT_NOISE.search(stdout):
        message += ("" if lang == "ja" else " ") + str(TEXT[lang]["float"])
    return {
        "state": state,
        "stdout": _clean(stdout),
        "stderr": _clean(stderr),
        "message": _clean(message),
        "detail": _clean(detail),
    }


def run(code: str, check: str, lang: str, files: dict[str, str] | None = None) -> dict[str, str]:
    """Run ``code``; then, if ``check`` is not empty, run it on the names the code made.

    Returns state, stdout, stderr, a message in ``lang`` and Python's own words
    (see the module doc). Every module is put back before the check and after it.
    """
    lang = lang_of(lang)
    out, err = _Capped(), _Capped()
    previous_dir = os.getcwd()
    if files:
        # The code and the check open the files by name: both run in this folder.
        _write_files(files)
        os.chdir(WORKDIR)
    snapshot = _Snapshot()
    state, message, detail = "idle", str(TEXT[lang]["ran"]), ""
    namespace: dict[str, Any] = {"__name__": "__main__", "input": _no_input}
    try:
        try:
            compiled = compile(code, CODE_NAME, "exec")
        except SyntaxError as error:
            message, detail = _syntax_result(error, lang)
            return _finish("error", message, detail, out, err, lang)
        except (UnicodeError, ValueError):
            message, detail = _surrogate_result(code, lang)
            return _finish("error", message, detail, out, err, lang)
        sys.setrecursionlimit = _capped_recursion(snapshot.limit)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                exec(compiled, namespace)
        except SystemExit:
            pass  # exit() or sys.exit() just ends the learner's program
        except BaseException as error:
            state = "error"
            message, detail = _error_result(error, lang)
        snapshot.restore()
        if state != "error" and check.strip():
            state, message, detail = _run_check(check, namespace, lang, out, err, snapshot)
            snapshot.restore()
    finally:
        namespace.clear()
        snapshot.restore()
        os.chdir(previous_dir)
    return _finish(state, message, detail, out, err, lang)


def _run_check(
    check: str,
    namespace: dict[str, Any],
    lang: str,
    out: _Capped,
    err: _Capped,
    snapshot: _Snapshot,
) -> tuple[str, str, str]:
    """Run staff's check; an AssertionError's text (in the page's language) is the hint.

    The check sees the learner's names, but fresh modules (``calculators`` imported
    anew) and the real built-ins, so replacing them in the learner's code changes nothing.
    """
    names = dict(namespace)
    names["__builtins__"] = vars(builtins)
    sys.setrecursionlimit = _capped_recursion(snapshot.limit)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(check, CHECK_NAME, "exec"), names)
    except AssertionError as error:
        text = _safe_str(error).strip()
        if text:
            return "fail", str(TEXT[lang]["fail"]).format(detail=text), ""
        return "fail", str(TEXT[lang]["fail_plain"]), ""
    except BaseException as error:
        kind = _kind(error)
        text = _safe_str(error)
        return "fail", str(TEXT[lang]["check_broken"]).format(kind=kind), f"{kind}: {text}"
    finally:
        names.clear()
    return "pass", str(TEXT[lang]["pass"]), ""


def _error_json(key: str, lang: str) -> str:
    return json.dumps(
        {"state": "error", "stdout": "", "stderr": "", "message": TEXT[lang][key], "detail": ""},
        ensure_ascii=False,
    )


def run_json(request_json: object) -> str:
    """JSON in (``{"code", "check", "lang", "files"}``), JSON out (see ``run``); never raises.

    Anything but an object with a string ``code`` (and, when given, a string ``check``
    and ``lang`` and an object of strings ``files``) gets an error answer.
    """
    try:
        request = json.loads(request_json) if isinstance(request_json, str) else None
    except (ValueError, RecursionError):
        request = None
    if not isinstance(request, dict):
        return _error_json("bad_request", "ja")
    code, check = request.get("code"), request.get("check", "")
    lang, files = request.get("lang", "ja"), request.get("files", {})
    if not isinstance(lang, str):
        return _error_json("bad_request", "ja")
    lang = lang_of(lang)
    if (
        not isinstance(code, str)
        or not isinstance(check, str)
        or not isinstance(files, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        or len(code) > MAX_CODE
        or len(check) > MAX_CODE
    ):
        return _error_json("bad_request", lang)
    try:
        return json.dumps(run(code, check, lang, files), ensure_ascii=False)
    except BaseException:
        return _error_json("internal", lang)
