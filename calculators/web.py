"""The browser's entry point: one JSON string in, one JSON string out.

The page's Web Worker calls ``run(raw_json, lang)`` with the form's raw values
(strings keyed by input name). The answer is JSON:
``{"ok": true, "result": {...}}`` or ``{"ok": false, "errors": [...]}``,
the same shapes the command line prints. ``model_source()`` returns the Python
source of the arithmetic, for the page's "how it is calculated" panel.
A successful result also carries ``class_code`` (see ``_classcode``), and
``class_run(text, lang, count_duplicates)`` adds up a class's pasted codes for
``/schools/class/``, and ``diary(request_json)`` answers the diary page ``/log/``
(``_diary``).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from calculators import _messages as T
from calculators import _model
from calculators._api import estimate_from_raw
from calculators._classcode import class_summary, encode
from calculators._inputs import FieldError


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


def diary(request_json: str) -> str:
    """The diary page's requests (``calculators._diary``), as JSON; never raises.

    The request is ``{"op", "lang", "diary", …}``, where ``diary`` is the stored
    document (or null). Every answer has ``ok``; answers with ``ok: true`` carry the
    new ``diary`` document and its ``view``.

    * ``view``: nothing else;
    * ``add``: ``month`` and ``values`` (the form's raw inputs) add or replace that
      month; on ``ok: false``, ``errors`` are ``[{"field", "message"}]`` as on the calculator;
    * ``delete``: ``month``;
    * ``action``: ``action`` = ``{"id", "start"}`` or null;
    * ``export``: ``format`` "csv" or "json" → ``text``;
    * ``import``: ``text`` (a file in either format and language) → the months read are
      added (``imported``), ``rejected`` lists each bad row's message, ``message`` sums up.

    Months stored in ``diary`` that no longer check are left out and named in ``rejected``.
    """
    try:
        request = json.loads(request_json)
    except (ValueError, TypeError, RecursionError):
        request = None
    lang = T.lang_of(request.get("lang") if isinstance(request, dict) else None)
    if not isinstance(request, dict):
        return json.dumps(
            {"ok": False, "errors": [{"field": "", "message": T.ERRORS[lang]["bad_request"]}]}
        )
    try:
        outcome = _diary_answer(request, lang)
    except Exception:  # last safety net for the browser: never break the page
        outcome = {"ok": False, "errors": [{"field": "", "message": T.ERRORS[lang]["internal"]}]}
    return json.dumps(outcome, ensure_ascii=False)


def _diary_answer(request: dict[str, Any], lang: str) -> dict[str, Any]:
    # Imported on the first request: the calculator's start-up does not wait for csv.
    from calculators import _diary as D

    stored = request.get("diary")
    diary, stale = D.from_document(stored) if stored else (D.Diary(), [])
    rejected = [D.row_message(r, lang) for r in stale]
    op = request.get("op")
    out: dict[str, Any] = {"ok": True}
    if op == "add":
        values = request.get("values")
        checked = D.check_entry(request.get("month"), values if isinstance(values, dict) else {})
        if isinstance(checked, list):
            return {
                "ok": False,
                "errors": [{"field": e.field, "message": D.message(e, lang)} for e in checked],
            }
        diary = diary.with_entry(checked)
        out["month"] = D.month_text(checked.month)
    elif op == "delete":
        month = D.parse_month(request.get("month"))
        if isinstance(month, int):
            diary = diary.without(month)
    elif op == "action":
        plan = D.check_plan(request.get("action"))
        if isinstance(plan, FieldError):
            return {
                "ok": False,
                "errors": [{"field": plan.field, "message": D.message(plan, lang)}],
            }
        diary = dataclasses.replace(diary, plan=plan)
    elif op == "export":
        out["text"] = D.to_csv(diary, lang) if request.get("format") == "csv" else D.to_json(diary)
    elif op == "import":
        read, errors = D.read_text(str(request.get("text", "")))
        diary = D.merge(diary, read)
        out["imported"] = len(read.entries)
        rejected += [D.row_message(r, lang) for r in errors]
        words = T.DIARY[lang]
        summary = words["imported"].format(count=len(read.entries))
        bad_lines = {r.line for r in errors if r.line}
        if errors:
            summary += words["rejected"].format(count=len(bad_lines) or len(errors))
        out["message"] = summary
    out["rejected"] = rejected
    out["diary"] = D.to_document(diary)
    out["view"] = D.view(diary, lang)
    return out
