"""Read raw form values (strings, as a browser form sends them) into checked inputs.

Japanese habits are accepted: full-width digits and punctuation (NFKC), thousands
separators ("1,234"), spaces around the number, and a unit typed after it
("320kWh", "８，５００円", "24㎥", "30ℓ"). Anything else becomes a field error
with a code; the text of the message lives in ``_messages``.
Parsing never raises: every input gives a ``Household`` or a list of errors.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from calculators import _fields as F

# Digits with optional thousands separators and decimals, e.g. "1,234.5" or ".5".
_NUMBER = re.compile(r"([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)")
_MINUS_SIGNS = str.maketrans({"−": "-", "‐": "-", "‑": "-", "–": "-", "ー": "-"})
_NOT_FINITE = {"nan", "inf", "infinity", "∞"}
_ACTION_SEPARATORS = re.compile(r"[,、;\s]+")
MAX_TEXT = 100  # longer text is never a number a resident typed
# Field keys in the order of the form, so errors are listed as the resident reads the page.
FORM_ORDER = (
    *(spec.key for _, specs in F.GROUPS for spec in specs),
    F.ACTIONS_KEY,
    F.OFFSET_SHARE.key,
)


@dataclass(frozen=True, slots=True)
class FieldError:
    """A problem with one field: ``code`` picks the message, ``params`` fill it in."""

    field: str
    code: str
    params: tuple[tuple[str, str | float], ...] = ()


@dataclass(frozen=True, slots=True)
class Household:
    """Checked inputs, exactly as entered (not yet per year). None = not used."""

    household_size: int | None = None
    period: str = "month"
    electricity_kwh: float | None = None
    electricity_yen: float | None = None
    electricity_supplier: str = "national_average"
    electricity_factor: float | None = None
    city_gas_m3: float | None = None
    city_gas_supplier: str = "statutory"
    lpg_m3: float | None = None
    kerosene_l: float | None = None
    gasoline_l: float | None = None
    diesel_l: float | None = None
    water_m3: float | None = None
    water_period: str = "two_months"
    actions: tuple[str, ...] = field(default=())
    offset_share: float = 1.0  # share (0–1) of the remaining CO₂ to offset


class _Invalid(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_number(raw: object, suffixes: tuple[str, ...]) -> float | None:
    """Return the number in ``raw`` (None when blank); raise ``_Invalid(code)`` otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _Invalid("not_number")
    if isinstance(raw, int) and abs(raw) > 10**300:
        raise _Invalid("too_large")
    if isinstance(raw, int | float):
        value = float(raw)
        if math.isnan(value) or math.isinf(value):
            raise _Invalid("not_finite")
        return value
    if not isinstance(raw, str):
        raise _Invalid("not_number")
    if len(raw) > MAX_TEXT:
        raise _Invalid("not_number")
    text = _normalise(raw)
    if text == "":
        return None
    lowered = text.lower()
    for suffix in sorted(suffixes, key=len, reverse=True):
        if lowered.endswith(suffix):
            text = text[: len(text) - len(suffix)].rstrip()
            break
    # Minus signs only now, after the unit: "ー" also appears in units (リットル).
    text = text.removeprefix("¥").removeprefix("\\").strip().translate(_MINUS_SIGNS)
    if text.lower().lstrip("+-") in _NOT_FINITE:
        raise _Invalid("not_finite")
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise _Invalid("not_number")
    sign, digits = match.groups()
    value = float(digits.replace(",", ""))
    if not math.isfinite(value):
        raise _Invalid("too_large")
    return -value if sign == "-" else value


def _choice(raw: object, spec: F.ChoiceField, errors: list[FieldError]) -> str | None:
    """The chosen id, the default when blank, or None (with an error) when unknown."""
    if raw is None:
        return spec.default
    if not isinstance(raw, str):
        errors.append(FieldError(spec.key, "unknown_option"))
        return None
    text = _normalise(raw[:MAX_TEXT]).lower()
    if text == "":
        return spec.default
    if text not in spec.options:
        errors.append(FieldError(spec.key, "unknown_option"))
        return None
    return text


def _number(
    raw: Mapping[str, object], spec: F.NumberField, period: str, errors: list[FieldError]
) -> float | None:
    top = F.limit(spec, period)
    too_large = FieldError(
        spec.key, "too_large", (("max", top), ("unit", spec.unit), ("period", period))
    )
    try:
        value = parse_number(raw.get(spec.key), spec.suffixes)
    except _Invalid as bad:
        code = "size_range" if spec.whole and bad.code == "too_large" else bad.code
        if code == "too_large":
            errors.append(too_large)
        elif code == "size_range":
            errors.append(FieldError(spec.key, code, (("min", spec.min_value), ("max", top))))
        else:
            errors.append(FieldError(spec.key, code, (("unit", spec.unit),)))
        return None
    if value is None:
        return None
    if value < 0:
        errors.append(FieldError(spec.key, "negative"))
        return None
    if spec.whole and (not value.is_integer() or not spec.min_value <= value <= top):
        errors.append(FieldError(spec.key, "size_range", (("min", spec.min_value), ("max", top))))
        return None
    if value > top:
        errors.append(too_large)
        return None
    return value


def _actions(raw: object, known: tuple[str, ...], errors: list[FieldError]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        parts = _ACTION_SEPARATORS.split(_normalise(raw[: MAX_TEXT * 20]).lower())
    elif isinstance(raw, list | tuple) and all(isinstance(p, str) for p in raw):
        parts = [_normalise(p[:MAX_TEXT]).lower() for p in raw]
    else:
        errors.append(FieldError(F.ACTIONS_KEY, "unknown_action", (("ids", "?"),)))
        return ()
    chosen = [p for p in dict.fromkeys(parts) if p]
    unknown = [p for p in chosen if p not in known]
    if unknown:
        shown = ", ".join(u[:40] for u in unknown[:5])
        errors.append(FieldError(F.ACTIONS_KEY, "unknown_action", (("ids", shown),)))
        return ()
    return tuple(chosen)


def parse(raw: Mapping[str, object], action_ids: tuple[str, ...]) -> Household | list[FieldError]:
    """Check every raw value; return a ``Household`` or every field's error."""
    errors: list[FieldError] = []
    period = _choice(raw.get(F.PERIOD.key), F.PERIOD, errors) or F.PERIOD.default
    # Blank water_period: two months (as on Tokyo's bill) when amounts are monthly,
    # otherwise the same period as the other amounts.
    blank_water = "two_months" if period == "month" else period
    water_period = _choice(raw.get(F.WATER_PERIOD.key), F.WATER_PERIOD, errors) or blank_water
    elec_supplier = _choice(raw.get("electricity_supplier"), F.ELECTRICITY_SUPPLIER, errors)
    gas_supplier = _choice(raw.get("city_gas_supplier"), F.CITY_GAS_SUPPLIER, errors)

    values = {
        spec.key: _number(raw, spec, water_period if spec is F.WATER_M3 else period, errors)
        for spec in F.NUMBER_FIELDS
        if spec is not F.ELECTRICITY_FACTOR
    }
    factor = None
    if elec_supplier == "custom":
        factor = _number(raw, F.ELECTRICITY_FACTOR, period, errors)
        if factor is None and not any(e.field == F.ELECTRICITY_FACTOR.key for e in errors):
            errors.append(FieldError(F.ELECTRICITY_FACTOR.key, "factor_required"))
    actions = _actions(raw.get(F.ACTIONS_KEY), action_ids, errors)
    share = _number(raw, F.OFFSET_SHARE, period, errors)
    if errors:
        return sorted(errors, key=lambda e: FORM_ORDER.index(e.field))
    size = values["household_size"]
    return Household(
        household_size=None if size is None else int(size),
        period=period,
        electricity_kwh=values["electricity_kwh"],
        electricity_yen=values["electricity_yen"],
        electricity_supplier=elec_supplier or F.ELECTRICITY_SUPPLIER.default,
        electricity_factor=factor,
        city_gas_m3=values["city_gas_m3"],
        city_gas_supplier=gas_supplier or F.CITY_GAS_SUPPLIER.default,
        lpg_m3=values["lpg_m3"],
        kerosene_l=values["kerosene_l"],
        gasoline_l=values["gasoline_l"],
        diesel_l=values["diesel_l"],
        water_m3=values["water_m3"],
        water_period=water_period,
        actions=actions,
        offset_share=1.0 if share is None else share / 100,
    )
