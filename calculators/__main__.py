"""Command line: ``python -m calculators estimate [--lang ja|en] < input.json``.

``python -m calculators class [--lang ja|en] [--count-duplicates] < codes.txt`` adds up
a class's codes (any number a line, or a CSV export) and prints the class summary as
JSON; a repeated code counts once unless ``--count-duplicates`` is given.

Reads one JSON object of raw input values (as a form sends them) on stdin and
prints the result as JSON (UTF-8). Invalid input of any kind (not UTF-8, not
JSON, not an object, a key no field has, a value a field refuses): exit status 2
and ``{"errors": [{"field": ..., "message": ...}]}`` with the messages in the
language asked for. Unlike the page, the command line refuses unknown keys, so a
misspelt key ("electricity_kWh") is reported instead of silently counting as 0.
At most ``MAX_ERRORS`` messages are printed, then one that counts the rest.
No input ever ends in a traceback; if the reader closes the pipe early, the
command stops quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from calculators import _messages as T
from calculators._api import errors_json, estimate_from_raw
from calculators._classcode import class_summary
from calculators._inputs import KNOWN_KEYS, unknown_keys

EXIT_INVALID = 2
EXIT_INTERNAL = 1
# Error messages printed at most (then one message with the count of the rest).
MAX_ERRORS = 50


def _request_error(message: str) -> dict[str, Any]:
    return {"errors": [{"field": "", "message": message}]}


def _read(lang: str) -> dict[str, Any] | tuple[dict[str, Any], int]:
    """The JSON object on stdin, or (errors, exit status)."""
    messages = T.ERRORS[lang]
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _request_error(messages["not_utf8"]), EXIT_INVALID
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        where = messages["bad_json_at"].format(line=exc.lineno, column=exc.colno)
        return _request_error(where), EXIT_INVALID
    except (ValueError, RecursionError):
        return _request_error(messages["bad_request"]), EXIT_INVALID
    if not isinstance(raw, dict):
        return _request_error(messages["bad_request"]), EXIT_INVALID
    return raw


def _answer(lang: str) -> tuple[dict[str, Any], int]:
    read = _read(lang)
    if isinstance(read, tuple):
        return read
    raw = {str(k): v for k, v in read.items()}
    # Only the first MAX_ERRORS unknown keys get a message (a huge object must not
    # make a huge answer); the rest are counted in one more message.
    unknown_names = [k for k in raw if k not in KNOWN_KEYS]
    unknown = errors_json(unknown_keys({k: raw[k] for k in unknown_names[:MAX_ERRORS]}), lang)
    outcome = estimate_from_raw(raw, lang)
    errors = unknown + outcome.get("errors", [])
    if unknown or not outcome["ok"]:
        return {"errors": _capped(errors, len(unknown_names) - len(unknown), lang)}, EXIT_INVALID
    return outcome["result"], 0


def _capped(errors: list[dict[str, str]], untold: int, lang: str) -> list[dict[str, str]]:
    """At most MAX_ERRORS messages, then one that says how many more there were."""
    total = len(errors) + untold
    if total <= MAX_ERRORS:
        return errors
    more = T.ERRORS[lang]["more_errors"].format(
        more=f"{total - MAX_ERRORS:,}", total=f"{total:,}", shown=MAX_ERRORS
    )
    return [*errors[:MAX_ERRORS], {"field": "", "message": more}]


def _class(lang: str, count_duplicates: bool) -> tuple[dict[str, Any], int]:
    """The class summary of the codes (or CSV export) on stdin; bad lines are named inside it."""
    try:
        text = sys.stdin.buffer.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return _request_error(T.ERRORS[lang]["not_utf8"]), EXIT_INVALID
    return class_summary(text, lang, count_duplicates), 0


def _write(document: dict[str, Any]) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # Input is never echoed unsanitised, but no character may ever break the output.
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    sys.stdout.buffer.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m calculators",
        description="Household CO₂ estimate for the Adachi carbon offset guide.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    est = sub.add_parser("estimate", help="read raw input JSON on stdin, print the result JSON")
    est.add_argument(
        "--lang", choices=T.LANGS, default="ja", help="language of labels and messages"
    )
    cls = sub.add_parser(
        "class", help="read class codes (or a CSV export) on stdin, print the summary"
    )
    cls.add_argument(
        "--lang", choices=T.LANGS, default="ja", help="language of labels and messages"
    )
    cls.add_argument(
        "--count-duplicates",
        action="store_true",
        help="count a repeated code again (two households with the same result)",
    )
    args = parser.parse_args(argv)
    lang: str = args.lang
    try:
        document, status = (
            _class(lang, args.count_duplicates) if args.command == "class" else _answer(lang)
        )
    except Exception as exc:  # a bug, not the input's fault: no traceback for the user
        print(f"calculators: internal error {type(exc).__name__}", file=sys.stderr)
        document, status = _request_error(T.ERRORS[lang]["internal"]), EXIT_INTERNAL
    try:
        _write(document)
    except BrokenPipeError:
        # The reader went away (e.g. `| head -1`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return status
    return status


if __name__ == "__main__":
    sys.exit(main())
