"""Command line: ``python -m calculators estimate [--lang ja|en] < input.json``.

Reads one JSON object of raw input values (as a form sends them) on stdin and
prints the result as JSON (UTF-8). Invalid input of any kind (not UTF-8, not
JSON, not an object, a key no field has, a value a field refuses): exit status 2
and ``{"errors": [{"field": ..., "message": ...}]}`` with the messages in the
language asked for. Unlike the page, the command line refuses unknown keys, so a
misspelt key ("electricity_kWh") is reported instead of silently counting as 0.
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
from calculators._inputs import unknown_keys

EXIT_INVALID = 2
EXIT_INTERNAL = 1


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
    unknown = errors_json(unknown_keys(raw), lang)
    outcome = estimate_from_raw(raw, lang)
    if unknown or not outcome["ok"]:
        return {"errors": unknown + outcome.get("errors", [])}, EXIT_INVALID
    return outcome["result"], 0


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
    args = parser.parse_args(argv)
    lang: str = args.lang
    try:
        document, status = _answer(lang)
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
