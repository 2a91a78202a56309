"""Turn raw form values into the JSON result (or field errors) in the reader's language.

The numbers come from ``_engine`` (which uses ``_model``); this module only
attaches labels, sources and messages. The numbers are the same for every
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculators import _messages as T
from calculators._data import Figure, figures
from calculators._engine import CUSTOM_FACTOR_ID, Comparison, Estimate, action_ids, estimate
from calculators._inputs import FieldError, Household, parse
from calculators._model import SOURCES


def _number_text(value: str | float) -> str:
    if isinstance(value, str):
        return value
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}"


def error_message(error: FieldError, lang: str) -> str:
    """The message for one field error, in ``lang``."""
    lang = T.lang_of(lang)
    params: dict[str, str] = {}
    for key, value in error.params:
        if key == "unit" and isinstance(value, str):
            params[key] = T.UNITS[lang].get(value, value)
        elif key == "period" and isinstance(value, str):
            params[key] = T.PERIOD_NAMES[lang].get(value, value)
        else:
            params[key] = _number_text(value)
    return T.ERRORS[lang][error.code].format_map(params)


def errors_json(errors: list[FieldError], lang: str) -> list[dict[str, str]]:
    """Field errors as ``[{"field": key, "message": text}]``."""
    return [{"field": e.field, "message": error_message(e, lang)} for e in errors]


def _label(fig: Figure, lang: str) -> str:
    return fig.label_en if lang == "en" else fig.label_ja


def _source(fig: Figure) -> dict[str, str]:
    return {
        "publisher": fig.publisher,
        "document": fig.document,
        "year": fig.fiscal_year,
        "url": fig.url,
        "confidence": fig.confidence,
    }


def _factor_json(fig: Figure, lang: str) -> dict[str, Any]:
    return {
        "id": fig.id,
        "label": _label(fig, lang),
        "value": fig.value,
        "unit": fig.unit_in(lang),
        **{k: v for k, v in _source(fig).items() if k != "year"},
        "fiscal_year": fig.period_in(lang),
        "note": fig.note,
    }


def _comparison_json(c: Comparison, lang: str) -> dict[str, Any]:
    figs = figures()
    home = _label(figs[c.figure_ids[0]], lang)
    label, description = T.AVERAGES[lang][c.id]
    return {
        "id": c.id,
        "label": label,
        "description": description.format(home=home),
        "kg_per_year": c.kg_per_year,
        "comparable_kg_per_year": c.comparable_kg_per_year,
        "ratio": c.ratio,
        "sources": [_source(figs[fid]) for fid in c.figure_ids],
    }


def _notes(est: Estimate, lang: str) -> list[str]:
    text = T.NOTES[lang]
    h = est.household
    notes = [text["base"]]
    if "electricity_yen" in est.estimated:
        price = figures()["price.electricity"].value
        notes.append(text["estimated_yen"].format(price=_number_text(price)))
    elif h.electricity_kwh is not None and h.electricity_yen is not None:
        notes.append(text["kwh_wins"])
    if est.use.lpg_m3 > 0:
        density = figures()["lpg.propane_density"].value
        notes.append(text["lpg"].format(density=_number_text(density)))
    if est.use.water_m3 > 0:
        notes.append(text["water"])
    if h.electricity_supplier == "zero_carbon":
        notes.append(text["zero_carbon_chosen"])
    notes.append(text["trees"])
    return notes


def result_json(est: Estimate, lang: str) -> dict[str, Any]:
    """The JSON-serialisable result (labels in ``lang``; numbers identical for every language)."""
    lang = T.lang_of(lang)
    figs = figures()
    kg = est.kg_by_source
    total = est.total_kg
    tree_fig = figs["trees.sugi_per_tree"]
    factors = []
    for fid in est.factor_ids:
        if fid == CUSTOM_FACTOR_ID:
            label, who = T.CUSTOM_FACTOR[lang]
            factors.append(
                {
                    "id": fid,
                    "label": label,
                    "value": est.custom_electricity_factor,
                    "unit": "kg-CO2/kWh",
                    "publisher": who,
                    "document": "",
                    "fiscal_year": "",
                    "url": "",
                    "confidence": "",
                    "note": "",
                }
            )
        else:
            factors.append(_factor_json(figs[fid], lang))
    actions = []
    for a in est.actions:
        fig = figs[f"action.{a.id}"]
        actions.append(
            {
                "id": a.id,
                "label": _label(fig, lang),
                "kg_per_year": a.kg_per_year,
                "yen_per_year": a.yen_per_year,
                "chosen": a.chosen,
                "source": _source(fig),
                "scaling": T.SCALING[lang][a.scaling].format(
                    share=_number_text(fig.value * 100), value=_number_text(fig.value)
                ),
                "scaling_kind": a.scaling,
            }
        )
    average = _comparison_json(est.average, lang)
    average["parts"] = [_comparison_json(p, lang) for p in est.average_parts]
    average["excluded_sources"] = ["water"]
    return {
        "total_kg_per_year": total,
        "per_person_kg_per_year": est.per_person_kg,
        "household_size": est.household.household_size,
        "by_source_kg_per_year": dict(kg),
        "use_per_year": {
            "electricity_kwh": est.use.electricity_kwh,
            "city_gas_m3": est.use.city_gas_m3,
            "lpg_m3": est.use.lpg_m3,
            "kerosene_l": est.use.kerosene_l,
            "gasoline_l": est.use.gasoline_l,
            "diesel_l": est.use.diesel_l,
            "water_m3": est.use.water_m3,
        },
        "sources": [
            {
                "id": s,
                "label": T.SOURCES[lang][s],
                "kg_per_year": kg[s],
                "share": kg[s] / total if total > 0 else 0.0,
            }
            for s in SOURCES
            if kg[s] > 0
        ],
        "estimated": list(est.estimated),
        "average": average,
        "average_per_person": (
            None
            if est.average_per_person is None
            else _comparison_json(est.average_per_person, lang)
        ),
        "trees": {
            "count": est.trees,
            "kg_per_tree_per_year": tree_fig.value,
            "label": _label(tree_fig, lang),
            "source": _source(tree_fig),
        },
        "actions": actions,
        "offset": {
            "remaining_kg_per_year": est.remaining_kg,
            "remaining_tonnes": est.remaining_kg / 1000,
            "cost_ranges": [
                {
                    "id": c.id,
                    "label": T.CREDITS[lang][c.id],
                    "price_low": c.price_low,
                    "price_high": c.price_high,
                    "unit": "yen/t-CO2",
                    "yen_low": c.yen_low,
                    "yen_high": c.yen_high,
                    "years": "2023–2025",
                    "note": T.MARKET_RANGE[lang],
                    "source": [_source(figs[fid]) for fid in c.figure_ids],
                }
                for c in est.credit_costs
            ],
            "ward": {"label": T.WARD[lang], "url": T.WARD_URL},
        },
        "uncertainty": {
            "low_kg_per_year": est.low_kg,
            "high_kg_per_year": est.high_kg,
            "explanation": T.UNCERTAINTY[lang],
        },
        "factors": factors,
        "notes": _notes(est, lang),
    }


def parse_household(raw: Mapping[str, object]) -> Household | list[FieldError]:
    """Check raw form values; a ``Household`` or the list of field errors."""
    return parse(raw, action_ids())


def estimate_from_raw(raw: Mapping[str, Any], lang: str = "ja") -> dict[str, Any]:
    """Return ``{"ok": True, "result": ...}`` or ``{"ok": False, "errors": [...]}``."""
    lang = T.lang_of(lang)
    if not isinstance(raw, Mapping):
        return {"ok": False, "errors": [{"field": "", "message": T.ERRORS[lang]["bad_request"]}]}
    parsed = parse_household(raw)
    if isinstance(parsed, list):
        return {"ok": False, "errors": errors_json(parsed, lang)}
    return {"ok": True, "result": result_json(estimate(parsed), lang)}
