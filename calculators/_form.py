"""The form definition the site build turns into the HTML form (one source for both languages)."""

from __future__ import annotations

from typing import Any

from calculators import _fields as F
from calculators import _messages as T
from calculators._data import figures
from calculators._engine import action_ids


def _example(spec: F.NumberField, lang: str) -> str | None:
    """The placeholder, marked as an example ("例：260"); figures come from the data files."""
    example = T.FIELDS[lang][spec.key][2]
    figure_id = F.EXAMPLE_FIGURES.get(spec.key)
    if figure_id is not None:
        example = f"{figures()[figure_id].value:g}"
    return None if example is None else T.EXAMPLE[lang].format(example=example)


def _field(spec: F.NumberField | F.ChoiceField, lang: str) -> dict[str, Any]:
    label, help_text, _ = T.FIELDS[lang][spec.key]
    if isinstance(spec, F.NumberField):
        return {
            "key": spec.key,
            "type": "number",
            "label": label,
            "unit": T.UNITS[lang].get(spec.unit, spec.unit),
            "help": help_text,
            # The limit for the default period (a month; two months for water).
            "max": F.limit(spec, "two_months" if spec is F.WATER_M3 else "month"),
            "max_per_month": spec.max_per_month if spec.scales_with_period else None,
            "min": spec.min_value,
            "step": 1 if spec.whole else "any",
            "placeholder": _example(spec, lang),
            "options": None,
            "default": None,
            "inputmode": spec.inputmode,
            "glossary": spec.key in F.GLOSSARY_FIELDS,
            # Only needed when the electricity plan is "custom".
            "shown_when": {"electricity_supplier": "custom"}
            if spec is F.ELECTRICITY_FACTOR
            else None,
        }
    names = T.OPTIONS[lang][spec.key]
    return {
        "key": spec.key,
        "type": spec.widget,
        "label": label,
        "unit": None,
        "help": help_text,
        "max": None,
        "placeholder": None,
        "options": [{"value": o, "label": names[o]} for o in spec.options],
        "default": F.FORM_DEFAULTS.get(spec.key, spec.default) or None,
        "inputmode": None,
        "shown_when": None,
        "glossary": spec.key in F.GLOSSARY_FIELDS,
    }


def form_definition(lang: str = "ja") -> dict[str, Any]:
    """Groups of fields in bill order, plus the reduction actions, with texts in ``lang``.

    Limits: ``max`` is the bound for the field's default period; the bound for
    another period is ``max_per_month`` × months (× 12 for "year", × 2 for
    "two_months"). The engine checks the same bounds.
    """
    lang = T.lang_of(lang)
    figs = figures()
    return {
        "lang": lang,
        "groups": [
            {
                "id": gid,
                "legend": T.GROUPS[lang][gid][0],
                "help": T.GROUPS[lang][gid][1],
                "fields": [_field(spec, lang) for spec in specs],
            }
            for gid, specs in F.GROUPS
        ],
        "actions": [
            {
                "id": aid,
                "label": figs[f"action.{aid}"].label_en
                if lang == "en"
                else figs[f"action.{aid}"].label_ja,
            }
            for aid in action_ids()
        ],
        "actions_key": F.ACTIONS_KEY,
        # Old action ids in share links → today's ids (the page ticks the new one).
        "action_aliases": dict(F.ACTION_ALIASES),
        # Where the ward explains its own offsetting (the page links it before any result).
        "ward": {"label": T.WARD[lang], "url": T.WARD_URL},
        # The offset block's choice: how much of what is left to offset (per cent).
        "offset": {
            "key": F.OFFSET_SHARE.key,
            "default": str(F.OFFSET_SHARE_CHOICES[0]),
            "options": [
                {"value": str(s), "label": T.OFFSET_SHARE_OPTIONS[lang][s]}
                for s in F.OFFSET_SHARE_CHOICES
            ],
        },
    }
