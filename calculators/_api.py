"""Turn raw form values into the JSON result (or field errors) in the reader's language.

The numbers come from ``_engine`` (which uses ``_model``); this module only
attaches labels, sources and messages. The numbers are the same for every
language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from calculators import _messages as T
from calculators._data import Figure, figures
from calculators._engine import (
    CUSTOM_FACTOR_ID,
    PRICE_FIGURES,
    Comparison,
    CreditCost,
    Estimate,
    action_ids,
    estimate,
)
from calculators._inputs import FieldError, Household, parse
from calculators._model import SOURCES, amounts


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


def pretty(text: str) -> str:
    """CO₂ and m³ as a reader sees them (data files write CO2 and m3)."""
    return text.replace("CO2", "CO₂").replace("m3", "m³")


_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAY_EN = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_EN = re.compile(r"(\d{4})-(\d{2})")


def period_text(fig: Figure, lang: str) -> str:
    """The figure's period as a reader of ``lang`` writes it: 2026年度 or FY2026,
    2023年10月11日〜2025年3月31日 or 11 October 2023 – 31 March 2025, 2025年7月 or July 2025."""
    if lang != "en":
        return fig.period_in(lang)
    text = fig.fiscal_year

    def day(m: re.Match[str]) -> str:
        return f"{int(m[3])} {_MONTHS_EN[int(m[2]) - 1]} {m[1]}"

    def month(m: re.Match[str]) -> str:
        return f"{_MONTHS_EN[int(m[2]) - 1]} {m[1]}"

    if _DAY_EN.search(text):
        return " – ".join(_DAY_EN.sub(day, part) for part in text.split("/"))
    if _MONTH_EN.fullmatch(text):
        return _MONTH_EN.sub(month, text)
    return text


def _label(fig: Figure, lang: str) -> str:
    return pretty(fig.label_en if lang == "en" else fig.label_ja)


def _source(fig: Figure, lang: str = "ja") -> dict[str, Any]:
    """Provenance of a figure, named in ``lang`` where the data gives an English name.

    ``unverified``, ``mark`` and ``mark_help`` flag a figure not checked (NV): the
    mark is the short badge, the help says in words what the badge means.
    """
    unverified = fig.confidence == "NV"
    return {
        "publisher": fig.publisher_in(lang),
        "document": fig.document_in(lang),
        "year": period_text(fig, lang),
        "url": fig.url,
        "confidence": fig.confidence,
        "unverified": unverified,
        "mark": T.UNVERIFIED[lang]["mark"] if unverified else "",
        "mark_help": T.UNVERIFIED[lang]["help"] if unverified else "",
    }


def _factor_json(fig: Figure, lang: str) -> dict[str, Any]:
    return {
        "id": fig.id,
        "label": _label(fig, lang),
        "value": fig.value,
        "unit": pretty(fig.unit_in(lang)),
        **{k: v for k, v in _source(fig, lang).items() if k != "year"},
        "fiscal_year": period_text(fig, lang),
        "note": fig.note,
    }


def _comparison_json(c: Comparison, lang: str) -> dict[str, Any]:
    figs = figures()
    first = figs[c.figure_ids[0]]
    home = _label(first, lang)
    label, description = T.AVERAGES[lang][c.id]
    return {
        "id": c.id,
        "label": label.format(period=period_text(first, lang)),
        "description": description.format(home=home),
        "kg_per_year": c.kg_per_year,
        "comparable_kg_per_year": c.comparable_kg_per_year,
        "ratio": c.ratio,
        "sources": [_source(figs[fid], lang) for fid in c.figure_ids],
    }


def _kg_text(kg: float, lang: str) -> str:
    return T.KG_PER_YEAR[lang].format(kg=f"{kg:,.0f}")


def _headline_json(c: Comparison, est: Estimate, lang: str) -> dict[str, Any]:
    """A comparison of the parts entered, with words saying which average and which parts."""
    return headline_json(c, est.household.household_size, est.use.water_m3 > 0, lang)


def headline_json(c: Comparison, size: int | None, water: bool, lang: str) -> dict[str, Any]:
    """``_headline_json`` for a household of ``size`` (None: not given); ``water``: it
    entered water (which the survey leaves out). Also used by the diary's twelve months."""
    out = _comparison_json(c, lang)
    words = T.COMPARISON[lang]
    part_names = T.AVERAGE_PARTS[lang]
    if c.id == "gio_per_person_fy2022":
        which = words["gio_which"]
    elif size is None:
        which = words["moe_which_all"]
    elif size >= 6:
        which = words["moe_which_6_plus"]
    else:
        which = words["moe_which_size"].format(size=size)

    def listed(parts: tuple[str, ...], last: str) -> str:
        names = [part_names[p] for p in parts]
        if len(names) < 2:
            return "".join(names)
        return words["joiner"].join(names[:-1]) + words[last] + names[-1]

    if c.included:
        text = words["compared"].format(
            which=which, parts=listed(c.included, "and"), kg=_kg_text(c.kg_per_year, lang)
        )
    else:
        text = words["nothing"]
    if c.left_out and c.included:
        key = "left_out" if len(c.left_out) == 1 else "left_out_many"
        text += words[key].format(parts=listed(c.left_out, "or"))
    if c.id == "moe_kateico2_fy2022" and water:
        text += words["water"]
    if c.id == "gio_per_person_fy2022":
        text += words["waste"]
    out["description"] = text
    out["included_parts"] = list(c.included)
    out["left_out_parts"] = list(c.left_out)
    out["verdict_id"] = c.verdict
    percent = "" if c.ratio is None else f"{100 * c.ratio:,.0f}"
    out["verdict"] = T.VERDICTS[lang][c.verdict].format(percent=percent)
    if not c.included:
        out["sources"] = []
    return out


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
    if h.electricity_supplier == "tepco_residual":
        notes.append(text["tepco_assumed"])
    notes.append(text["trees"])
    unverified = _unverified(est)
    if unverified:
        labels = T.COMPARISON[lang]["joiner"].join(_label(f, lang) for f in unverified)
        notes.append(T.UNVERIFIED[lang]["note"].format(labels=labels))
    return notes


def _used_figures(est: Estimate) -> list[str]:
    """Ids of every data figure this result uses, in the order they appear."""
    ids = [fid for fid in est.factor_ids if fid != CUSTOM_FACTOR_ID]
    if est.estimated:
        ids.append("price.electricity")
    used = amounts(est.use)
    for a in est.actions:
        fig = figures()[f"action.{a.id}"]
        ids.append(fig.id)
        if a.yen_per_year is not None:
            ids += [PRICE_FIGURES[s] for s in fig.saves if s in PRICE_FIGURES and used[s] > 0]
    if est.average.included:
        ids += est.average.figure_ids
    if est.average_per_person is not None and est.average_per_person.included:
        ids += est.average_per_person.figure_ids
    ids.append("trees.sugi_per_tree")
    for c in (*est.credit_costs, *est.market_prices):
        ids += c.figure_ids
    return list(dict.fromkeys(ids))


def _unverified(est: Estimate) -> list[Figure]:
    """The figures used in this result whose confidence is NV (not verified)."""
    figs = figures()
    return [figs[fid] for fid in _used_figures(est) if figs[fid].confidence == "NV"]


def _tonnes_text(tonnes: float) -> str:
    """Tonnes as written in the result: "3" for whole tonnes, "2.03" otherwise."""
    return f"{tonnes:,.0f}" if float(tonnes).is_integer() else f"{tonnes:,.2f}"


def _span(low: str, high: str, lang: str) -> str:
    """ "low–high", or one value when both ends are the same."""
    return low if low == high else f"{low}{T.RANGE_TO[lang]}{high}"


def _price_json(c: CreditCost, lang: str) -> dict[str, Any]:
    figs = figures()
    low, high = (figs[fid] for fid in c.figure_ids)
    label, note = T.CREDITS[lang][c.id]
    sources = [_source(figs[fid], lang) for fid in c.figure_ids]
    period = _span(period_text(low, lang), period_text(high, lang), lang)
    units = {f.sale_unit for f in (low, high) if f.sale_unit > 0}
    if units:
        # Whether credits can be bought by the whole tonne only comes from the data.
        sale = T.SALE_UNIT[lang].format(unit=_tonnes_text(min(units)))
        note = (note + ("" if lang == "ja" else " ") + sale) if note else sale
    out: dict[str, Any] = {
        "id": c.id,
        "label": label,
        "price_low": c.price_low,
        "price_high": c.price_high,
        "unit": "yen/t-CO2",
        "period": period,
        "note": note,
        # One entry per document (both ends of a range often come from the same one).
        "source": list({s["url"] + s["document"]: s for s in sources}.values()),
    }
    if c.yen_low is not None and c.tonnes_low is not None and c.tonnes_high is not None:
        out["yen_low"] = c.yen_low
        out["yen_high"] = c.yen_high
        out["tonnes_low"] = c.tonnes_low
        out["tonnes_high"] = c.tonnes_high
        out["tonnes"] = _span(_tonnes_text(c.tonnes_low), _tonnes_text(c.tonnes_high), lang)
        out["whole_tonnes"] = bool(units)
    return out


def _offset_line(est: Estimate, costs: list[dict[str, Any]], lang: str) -> str:
    """The offset in one line: the tonnes to buy and what they cost at the towns' prices."""
    words = T.OFFSET[lang]
    if est.offset_kg <= 0 or not costs:
        return str(words["line_none"])
    first = costs[0]
    return str(words["line"]).format(
        tonnes=first["tonnes"],
        yen=_span(f"{first['yen_low']:,.0f}", f"{first['yen_high']:,.0f}", lang),
    )


def _offset_json(est: Estimate, lang: str) -> dict[str, Any]:
    """How much to offset (a share of what is left), what a household can pay, market context."""
    share_percent = round(est.offset_share * 100)
    words = T.OFFSET[lang]
    costs = [_price_json(c, lang) for c in est.credit_costs]
    return {
        "remaining_kg_per_year": est.remaining_kg,
        "remaining_tonnes": est.remaining_kg / 1000,
        "share": est.offset_share,
        "share_percent": share_percent,
        "offset_kg_per_year": est.offset_kg,
        "offset_tonnes": est.offset_kg / 1000,
        "summary": words["summary"].format(
            remaining=f"{est.remaining_kg / 1000:,.2f}",
            share=share_percent,
            offset=f"{est.offset_kg / 1000:,.2f}",
        ),
        "partial_note": words["partial"],
        "line": _offset_line(est, costs, lang),
        "cost_ranges": costs,
        "market_context": [_price_json(c, lang) for c in est.market_prices],
        "market_note": words["market"],
        "ward": {"label": T.WARD[lang], "url": T.WARD_URL},
    }


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
                    "unit": "kg-CO₂/kWh",
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
                "source": _source(fig, lang),
                "scaling": T.SCALING[lang][a.scaling].format(
                    share=_number_text(fig.value * 100), value=_number_text(fig.value)
                ),
                "scaling_kind": a.scaling,
                # e.g. the zero-carbon menu: a certificate, counted by the reporting system
                "note": T.ACTION_NOTES[lang].get(a.id),
            }
        )
    average = _headline_json(est.average, est, lang)
    average["parts"] = [
        dict(_comparison_json(p, lang), included=p.id in est.average.included)
        for p in est.average_parts
    ]
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
            else _headline_json(est.average_per_person, est, lang)
        ),
        "trees": {
            "count": est.trees,
            "kg_per_tree_per_year": tree_fig.value,
            "label": _label(tree_fig, lang),
            "source": _source(tree_fig, lang),
        },
        "actions": actions,
        "offset": _offset_json(est, lang),
        "uncertainty": {
            "low_kg_per_year": est.low_kg,
            "high_kg_per_year": est.high_kg,
            "explanation": T.UNCERTAINTY[lang],
        },
        "factors": factors,
        "notes": _notes(est, lang),
        "unverified": [{"id": f.id, "label": _label(f, lang)} for f in _unverified(est)],
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
