"""Turn raw form values into a result or field errors (temporary minimal model)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from typing import Any

from calculators._data import load_figures
from calculators._model import electricity_kg

MONTHS_PER_YEAR = 12


def _parse(text: object) -> float | None:
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    for unit in ("kWh", "kwh"):
        s = s.removesuffix(unit).strip()
    if s == "":
        return None
    return float(s)


def estimate_from_raw(raw: Mapping[str, Any], lang: str = "ja") -> dict[str, Any]:
    """Return ``{"ok": True, "result": ...}`` or ``{"ok": False, "errors": [...]}``."""
    try:
        kwh = _parse(raw.get("electricity_kwh"))
    except ValueError:
        kwh = math.nan
    if kwh is not None and (not math.isfinite(kwh) or kwh < 0):
        msg = "数値を入力してください。" if lang == "ja" else "Enter a number."
        return {"ok": False, "errors": [{"field": "electricity_kwh", "message": msg}]}
    factor = load_figures()["electricity.national_average"].value
    total = electricity_kg((kwh or 0.0) * MONTHS_PER_YEAR, factor)
    return {"ok": True, "result": {"total_kg_per_year": total}}
