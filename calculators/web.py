"""The browser's entry point: one JSON string in, one JSON string out.

The page's Web Worker calls ``run(raw_json, lang)`` with the form's raw values
(strings keyed by input name). The answer is JSON:
``{"ok": true, "result": {...}}`` or ``{"ok": false, "errors": [...]}``,
the same shapes the command line prints. ``model_source()`` returns the Python
source of the arithmetic, for the page's "how it is calculated" panel.
"""

from __future__ import annotations

import json
from typing import Any

from calculators import _messages as T
from calculators import _model
from calculators._api import estimate_from_raw


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
    return json.dumps(outcome, ensure_ascii=False)


def model_source() -> str:
    """The Python source of the arithmetic that runs (``calculators/_model.py``).

    Read from the package's own file: ``inspect`` would pull a large part of the
    standard library into the browser's download for this one call.
    """
    with open(_model.__file__, encoding="utf-8") as module_file:
        return module_file.read()
