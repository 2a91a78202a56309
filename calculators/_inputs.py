"""Read raw form values (strings, as a browser form sends them) into checked inputs.

Japanese habits are accepted: full-width digits and punctuation (NFKC), thousands
separators ("1,234"), spaces around the number, and a unit typed after it
("320kWh", "８，５００円", "24㎥", "30ℓ"); a yen mark ("¥8,000", "￥8000") only in
the yen field. Anything else becomes a field error with a code; the text of the
message lives in ``_messages``. In particular: digits other than ASCII and
full-width ones (superscripts "²", other scripts' digits "٢", kanji numerals) are
refused rather than guessed, every value is checked whole before anything is cut
short (a value longer than ``MAX_TEXT`` is refused, never truncated), and a
currency mark in an amount field is named as such.
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
_NUMBER = re.compile(r"([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)", re.ASCII)
# The only digits a resident's keyboard types: ASCII and full-width (IME) ones.
_DIGITS = frozenset("0123456789０１２３４５６７８９")
# Money marks: accepted before a number in the yen field only (NFKC turns ￥ into ¥).
_CURRENCY = re.compile(r"[¥\\$€£円]|yen|えん", re.IGNORECASE)
_MINUS_SIGNS = str.maketrans({"−": "-", "‐": "-", "‑": "-", "–": "-", "ー": "-"})
_NOT_FINITE = {"nan", "inf", "infinity", "∞"}
_ACTION_SEPARATORS = re.compile(r"[,、;\s]+")
MAX_TEXT = 100  # longer text is never a number or a choice a resident typed
MAX_ACTIONS_TEXT = MAX_TEXT * 20  # the actions list as one comma-separated text
SHOWN = 40  # at most this many characters of an unknown id are repeated in a message
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


def shown(text: str) -> str:
    """A piece of the resident's input that is safe to repeat in a message.

    At most ``SHOWN`` characters; anything not printable (control characters, lone
    surrogates that cannot be written as UTF-8) becomes "?"."""
    return "".join(c if c.isprintable() else "?" for c in text[:SHOWN])


def _only_keyboard_digits(text: str) -> bool:
    """True when every digit-like character is an ASCII or full-width digit."""
    return all(
        c in _DIGITS for c in text if c.isnumeric() or unicodedata.digit(c, None) is not None
    )


def parse_number(raw: object, suffixes: tuple[str, ...], currency: bool = False) -> float | None:
    """Return the number in ``raw`` (None when blank); raise ``_Invalid(code)`` otherwise.

    ``currency``: the field is an amount of money, so a yen mark before the number
    ("¥8,000") is accepted; in any other field a money mark is an error."""
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
        return value + 0.0  # -0.0 becomes 0.0
    if not isinstance(raw, str):
        raise _Invalid("not_number")
    if len(raw) > MAX_TEXT:
        raise _Invalid("too_long")
    # "m³" is a unit, not a digit; any other superscript is refused, never read as a digit.
    if not _only_keyboard_digits(re.sub("[mM]³", "", raw)):
        raise _Invalid("not_number")
    text = _normalise(raw)
    if text == "":
        return None
    lowered = text.lower()
    for suffix in sorted(suffixes, key=len, reverse=True):
        if lowered.endswith(suffix):
            text = text[: len(text) - len(suffix)].rstrip()
            break
    if currency:
        text = text.removeprefix("¥").removeprefix("\\").strip()
    if _CURRENCY.search(text):
        raise _Invalid("not_number" if currency else "not_money")
    # Minus signs only now, after the unit: "ー" also appears in units (リットル).
    text = text.translate(_MINUS_SIGNS)
    if text.lower().lstrip("+-") in _NOT_FINITE:
        raise _Invalid("not_finite")
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise _Invalid("not_number")
    sign, digits = match.groups()
    value = float(digits.replace(",", ""))
    if not math.isfinite(value):
        raise _Invalid("too_large")
    return -value if sign == "-" and value != 0 else value


def _choice(raw: object, spec: F.ChoiceField, errors: list[FieldError]) -> str | None:
    """The chosen id, the default when blank, or None (with an error) when unknown."""
    if raw is None:
        return spec.default
    if not isinstance(raw, str):
        errors.append(FieldError(spec.key, "unknown_option"))
        return None
    if len(raw) > MAX_TEXT:
        errors.append(FieldError(spec.key, "too_long", (("max", MAX_TEXT),)))
        return None
    text = _normalise(raw).lower()
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
    too_large = (
        FieldError(spec.key, "too_large", (("max", top), ("unit", spec.unit), ("period", period)))
        if spec.scales_with_period
        # A rate (kg-CO₂/kWh) is not an amount for a period.
        else FieldError(spec.key, "too_large_rate", (("max", top), ("unit", spec.unit)))
    )
    try:
        value = parse_number(raw.get(spec.key), spec.suffixes, currency=spec.unit == "yen")
    except _Invalid as bad:
        code = "size_range" if spec.whole and bad.code == "too_large" else bad.code
        if code == "too_large":
            errors.append(too_large)
        elif code == "size_range":
            errors.append(FieldError(spec.key, code, (("min", spec.min_value), ("max", top))))
        elif code == "too_long":
            errors.append(FieldError(spec.key, code, (("max", MAX_TEXT),)))
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
    too_long = FieldError(F.ACTIONS_KEY, "too_long", (("max", MAX_ACTIONS_TEXT),))
    if isinstance(raw, str):
        if len(raw) > MAX_ACTIONS_TEXT:
            errors.append(too_long)
            return ()
        parts = _ACTION_SEPARATORS.split(_normalise(raw).lower())
    elif isinstance(raw, list | tuple) and all(isinstance(p, str) for p in raw):
        if len(raw) > len(known) * 2 or any(len(p) > MAX_TEXT for p in raw):
            errors.append(too_long)
            return ()
        parts = [_normalise(p).lower() for p in raw]
    else:
        errors.append(FieldError(F.ACTIONS_KEY, "unknown_action", (("ids", "?"),)))
        return ()
    chosen = [p for p in dict.fromkeys(parts) if p]
    unknown = [p for p in chosen if p not in known]
    if unknown:
        ids = ", ".join(shown(u) for u in unknown[:5])
        errors.append(FieldError(F.ACTIONS_KEY, "unknown_action", (("ids", ids),)))
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


#: Every key a form (or the command line) may send.
KNOWN_KEYS = frozenset(
    [spec.key for spec in F.NUMBER_FIELDS]
    + [spec.key for spec in F.CHOICE_FIELDS]
    + [F.ACTIONS_KEY, F.OFFSET_SHARE.key]
)


def unknown_keys(raw: Mapping[str, object]) -> list[FieldError]:
    """A field error for each key no field has (the command line's check for typos).

    The page does not use this: its links may be old and it ignores keys it does
    not know. A near miss ("electricity_kWh") names the key that was probably meant."""
    errors = []
    by_lower = {key.lower(): key for key in KNOWN_KEYS}
    for key in raw:
        if key in KNOWN_KEYS:
            continue
        near = by_lower.get(_normalise(key).lower().replace("-", "_").replace(" ", "_"))
        if near is not None:
            errors.append(FieldError(shown(key), "unknown_field_near", (("near", near),)))
        else:
            known = ", ".join(sorted(KNOWN_KEYS))
            errors.append(FieldError(shown(key), "unknown_field", (("known", known),)))
    return errors
