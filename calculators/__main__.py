"""Command line: ``python -m calculators estimate [--lang ja|en] < input.json``.

``python -m calculators class [--lang ja|en] < codes.txt`` adds up a class's codes
(one a line, or a CSV export) and prints the class summary as JSON.

Reads one JSON object of raw input values (as a form sends them) on stdin and
prints the result as JSON. Invalid input: exit status 2 and
``{"errors": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from calculators import _messages as T
from calculators._api import estimate_from_raw
from calculators._classcode import class_summary

EXIT_INVALID = 2


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
    args = parser.parse_args(argv)
    if args.command == "class":
        summary = class_summary(sys.stdin.read(), args.lang)
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0

    lang: str = args.lang
    text = sys.stdin.read()
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        message = f"{T.ERRORS[lang]['bad_request']} ({exc})"
        print(json.dumps({"errors": [{"field": "", "message": message}]}, ensure_ascii=False))
        return EXIT_INVALID
    if not isinstance(raw, dict):
        message = T.ERRORS[lang]["bad_request"]
        print(json.dumps({"errors": [{"field": "", "message": message}]}, ensure_ascii=False))
        return EXIT_INVALID
    outcome = estimate_from_raw({str(k): v for k, v in raw.items()}, lang)
    if not outcome["ok"]:
        print(json.dumps({"errors": outcome["errors"]}, ensure_ascii=False, indent=2))
        return EXIT_INVALID
    print(json.dumps(outcome["result"], ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
