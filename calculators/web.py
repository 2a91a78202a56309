"""The browser's entry point: one JSON string in, one JSON string out.

The page's Web Worker calls ``run(raw_json, lang)`` with the form's raw values
(strings keyed by input name). The answer is JSON:
``{"ok": true, "result": {...}}`` or ``{"ok": false, "errors": [...]}``,
the same shapes the command line prints. ``model_source()`` returns the Python
source of the arithmetic, for the page's "how it is calculated" panel.
A successful result also carries ``class_code`` (see ``_classcode``), and
``class_run(text, lang, count_duplicates)`` adds up a class's pasted codes for
``/schools/class/``.
"""

from __future__ import annotations

import json
from typing import Any

from calculators import _messages as T
from calculators import _model
from calculators._api import estimate_from_raw
from calculators._classcode import class_summary, encode


def run(raw_json: str, lang: str = "ja") -> str:
    """Estimate from a JSON object of raw form values; never raises."""
    lang = T.lang_of(lang)
    try:
        raw = json.loads(raw_json)
    except (ValueError, TypeError, RecursionError):
        raw = None
    outcome: dict[str, Any]
    if not isinstance(raw, dict):
        outcome = {"ok": False, "errors": [{"field": "", "message": T.ERRORS[lang]["bad_request"]}]}
    else:
        try:
            outcome = estimate_from_raw({str(k): v for k, v in raw.items()}, lang)
        except Exception:  # last safety net for the browser: never break the page
            outcome = {
                "ok": False,
                "errors": [{"field": "", "message": T.ERRORS[lang]["internal"]}],
            }
    if outcome.get("ok"):
        add_class_code(outcome["result"])
    return json.dumps(outcome, ensure_ascii=False)


def add_class_code(result: dict[str, Any]) -> None:
    """Put the result's class code (size, kg by source, chosen actions) into ``result``.

    ``None`` if the result cannot be encoded (an action missing from
    ``_classcode.ACTION_TABLE``, which tests/engine/test_classcode.py reports):
    the calculator keeps working, only the code is left out.
    """
    try:
        result["class_code"] = encode(
            result["household_size"],
            result["by_source_kg_per_year"],
            [a["id"] for a in result["actions"] if a["chosen"]],
        )
    except ValueError:
        result["class_code"] = None


def class_run(text: str, lang: str = "ja", count_duplicates: bool = False) -> str:
    """A class's results from pasted codes or a CSV export, as JSON; never raises.

    ``count_duplicates``: a repeated code counts again (the page's check box).
    Pasted text is echoed only through ``_classcode.shown_text`` (no lone
    surrogates), so the JSON is always valid UTF-8.
    """
    lang = T.lang_of(lang)
    try:
        summary = class_summary(str(text), lang, bool(count_duplicates))
        outcome: dict[str, Any] = {"ok": True, "summary": summary}
    except Exception:  # last safety net for the browser: never break the page
        outcome = {"ok": False, "errors": [{"field": "", "message": T.ERRORS[lang]["internal"]}]}
    return json.dumps(outcome, ensure_ascii=False)


def model_source() -> str:
    """The Python source of the arithmetic that runs (``calculators/_model.py``).

    Read from the package's own file: ``inspect`` would pull a large part of the
    standard library into the browser's download for this one call.
    """
    with open(_model.__file__, encoding="utf-8") as module_file:
        return module_file.read()


def exercise(request_json: str) -> str:
    """Run a learner's code for the /python/ exercises (see ``calculators._exercise``)."""
    from calculators._exercise import run_json

    return run_json(request_json)
