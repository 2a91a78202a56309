"""The browser's entry point: one JSON string in, one JSON string out.

The page's Web Worker calls ``run(raw_json, lang)`` with the form's raw values
(strings keyed by input name). The answer is JSON:
``{"ok": true, "result": {...}}`` or ``{"ok": false, "errors": [...]}``,
the same shapes the command line prints.
"""

from __future__ import annotations

import json

from calculators._api import estimate_from_raw


def run(raw_json: str, lang: str = "ja") -> str:
    """Estimate from a JSON object of raw form values; never raises."""
    try:
        raw = json.loads(raw_json)
    except (ValueError, TypeError):
        raw = None
    if not isinstance(raw, dict):
        raw = {}
    outcome = estimate_from_raw({str(k): v for k, v in raw.items()}, lang)
    return json.dumps(outcome, ensure_ascii=False)
