"""The form definition the site build turns into the HTML form (one source for both languages)."""

from __future__ import annotations

from typing import Any

from calculators import _fields as F
from calculators import _messages as T
from calculators._data import figures
from calculators._engine import action_ids


def _texts(key: str, lang: str) -> tuple[str, str | None, str | None]:
    """Label, help and placeholder of a field, with "{example}" taken from the data."""
    label, help_text, placeholder = T.FIELDS[lang][key]
    fid = T.EXAMPLE_FIGURES.get(key)
    if fid is not None:
        example = f"{figures()[fid].value:g}"
        help_text = None if help_text is None else help_text.format(example=example)
        placeholder = None if placeholder is None else placeholder.format(example=example)
    return label, help_text, placeholder


def _field(spec: F.NumberField | F.ChoiceField, lang: str) -> dict[str, Any]:
    label, help_text, placeholder = _texts(spec.key, lang)
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
            "placeholder": placeholder,
            "options": None,
            "default": None,
            "inputmode": spec.inputmode,
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
        "default": spec.default or None,
        "inputmode": None,
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
