"""Class codes: one household's result as a short text, and a class's results from many.

A pupil copies the code under the calculator's result and hands it in (on paper,
or in a Google Forms / Microsoft Forms answer). The teacher pastes all of them
into ``/schools/class/``, where ``class_summary`` adds them up in the browser.
Nothing else is in a code: no name, no address, no bill amounts.

Format, version 2 (fields joined by "-", upper case), what ``encode`` writes::

    C2-<size>-<electricity>-<city_gas>-<lpg>-<kerosene>-<gasoline>-<diesel>-<water>-<actions>-<check>

* ``C2``     "C" and the format version (2).
* ``size``   household size in people (1–20, as the form allows), 0 = not given.
* seven kg   kg-CO₂ per year of each source (``_model.SOURCES`` order), whole kg
             rounded half up; each at most what the calculator can produce
             (``kg_limits``: the form's largest bill × 12 × the largest factor).
* ``actions`` the chosen actions as a bit set (bit i is ``ACTION_TABLE[i]``) in
             Crockford's base 32.
* ``check``  4 characters of Crockford's base 32: a CRC of everything before it
             with the generator x²⁰ + x³ + 1. Any error burst of up to 20 bits
             changes it, so every single changed character and every swap of
             two neighbours is caught, never read as another code.

Numbers are written without leading zeros; a code with them is refused.

Crockford's base 32 (0–9 and the letters without I, L, O and U) has no pair of
look-alikes, so the reader can take the common slips back: O is read as 0, I
and L as 1, U as V, lower case as upper case, full-width characters and the
dashes of phones and IMEs as "-". In the number fields of any version O, I and
L are read as digits too.

Version 1 (``C1-…``, same fields, actions and check in base 36 with the FNV-1a
checksum) was handed out before version 2: it stays readable. Its letters
include O, I and L, so when a version-1 code fails its check as written, the
reader also tries the look-alike readings of its letter fields (0/O, 1/I/L) and
accepts the one reading that passes, if exactly one does.

Versions: ``ACTION_TABLE`` is append-only (a new action gets the next bit, so old
codes keep their meaning) and every format version ever published stays in
``DECODERS``; a new format gets a new number and ``encode`` writes only the newest.

A class: ``class_summary`` reads any number of codes per line (split on spaces,
commas, tabs, semicolons), counts each household once (a repeated code gets a
notice naming its lines, or is counted again when asked), names every line it
could not use with the reason, and rounds what it shows half up (``_exact``).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calculators import _fields as F
from calculators import _messages as T
from calculators import _model as M
from calculators._data import figures
from calculators._engine import CREDIT_TYPES, _factors, _price_range
from calculators._exact import as_json_number, decimal_of, half_up, mean, median, ratio
from calculators._inputs import Household

VERSION = 2
# Append only: bit i of the actions field is ACTION_TABLE[i], in every version.
ACTION_TABLE = (
    "cooling_28c",
    "heating_20c",
    "led_bulb",
    "fridge_medium",
    "pot_unplug",
    "tv_brightness",
    "shower_one_minute",
    "bath_back_to_back",
    "eco_drive",
    "zero_carbon_menu",
)
# The form's limit on household size (0 in a code = not given).
MAX_SIZE = int(F.HOUSEHOLD_SIZE.max_per_month)
# The form's field for the amount of each source (its limit is per month).
AMOUNT_FIELDS = {
    "electricity": F.ELECTRICITY_KWH,
    "city_gas": F.CITY_GAS_M3,
    "lpg": F.LPG_M3,
    "kerosene": F.KEROSENE_L,
    "gasoline": F.GASOLINE_L,
    "diesel": F.DIESEL_L,
    "water": F.WATER_M3,
}
CHECK_LENGTH = 4
MAX_TOKEN = 80  # longer than any code: never read, only reported
MAX_LISTED = 100  # rejected lines and repeats listed in full; the rest are counted
MAX_SHOWN_TEXT = 60  # characters of a bad line echoed back

# Version 1: base 36 and FNV-1a (read only).
DIGITS36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
V1_MODULUS = 36**CHECK_LENGTH
# Version 2: Crockford's base 32, CRC with generator x²⁰ + x³ + 1.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CRC_BITS = 20
CRC_POLY = 0b1001  # x³ + 1; x²⁰ is implied
# Slips the reader takes back.
DIGIT_SLIPS = str.maketrans({"O": "0", "I": "1", "L": "1"})
CROCKFORD_SLIPS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
V1_LOOKALIKES = {"0": "0O", "O": "0O", "1": "1IL", "I": "1IL", "L": "1IL"}
V1_MAX_VARIANTS = 3**6

# Dashes that phones and IMEs put in place of "-" (after NFKC).
DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー─━", "-"))
# Invisible characters a copy can carry inside a code.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Between codes on one line: white space, commas, semicolons (after NFKC), 、 and |.
SEPARATORS = re.compile(r"[\s,;、|]+")
# A code attempt inside a token: "C", a version (digits or their slips), "-", more.
# (A version never starts with 0, so a header cell "CO2-…" is not one.)
PREFIXED = re.compile(r"(?<![0-9A-Z])C[1-9IL][0-9OIL]{0,2}-[0-9A-Z-]*")
# A token that is a code missing its "C" version: six or more dash-separated groups.
BARE = re.compile(r"[0-9A-Z]+(?:-[0-9A-Z]*){5,}")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class ClassCodeError(ValueError):
    """A line that is not a usable class code; ``code`` keys ``CLASS_ERRORS``."""

    def __init__(self, code: str, version: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.version = version
        self.params = params

    def message(self, lang: str) -> str:
        """The reason in ``lang`` ("ja" or "en")."""
        lang = T.lang_of(lang)
        text = T.CLASS_ERRORS[lang][self.code]
        params = dict(self.params)
        if "source" in params:
            params["source"] = T.SOURCES[lang][params["source"]]
        for key in ("kg", "max"):
            if key in params:
                params[key] = f"{params[key]:,}"
        return text.format(version=self.version, **params)


@dataclass(frozen=True, slots=True)
class ClassCode:
    """What one class code holds. kg are kg-CO₂ per year (whole kg)."""

    version: int
    household_size: int | None
    kg_by_source: dict[str, int]
    actions: tuple[str, ...]

    @property
    def total_kg(self) -> int:
        """The household's yearly total, kg-CO₂."""
        return sum(self.kg_by_source.values())

    def key(self) -> tuple[Any, ...]:
        """What makes two codes the same household result (any version)."""
        return (
            self.household_size,
            tuple(self.kg_by_source[s] for s in M.SOURCES),
            self.actions,
        )


# Limits -----------------------------------------------------------------------


def kg_limits() -> dict[str, int]:
    """The most kg-CO₂ per year the calculator can give for each source.

    The form's largest amount for one month × 12 × the largest factor the
    calculator offers for that source (for electricity, the largest of the
    suppliers' factors and the form's own limit for a typed factor; the yen box
    counts as kWh at the price the calculator uses). These do not depend on the
    household size: the form's limits are per bill, not per person.
    """
    figs = figures()
    per_unit = M.kg_per_unit(_factors(Household())[0])
    electricity_factor = max(
        [F.ELECTRICITY_FACTOR.max_per_month]
        + [figs[fid].value for fid in F.ELECTRICITY_SUPPLIER_FIGURES.values() if fid]
    )
    kwh = max(
        F.ELECTRICITY_KWH.max_per_month,
        F.ELECTRICITY_YEN.max_per_month / figs["price.electricity"].value,
    )
    city_gas = max(figs[fid].value for fid in F.CITY_GAS_SUPPLIER_FIGURES.values())
    largest_per_unit = {**per_unit, "electricity": electricity_factor, "city_gas": city_gas}
    largest_amount = {s: field.max_per_month for s, field in AMOUNT_FIELDS.items()}
    largest_amount["electricity"] = kwh
    return {s: math.ceil(largest_amount[s] * largest_per_unit[s] * 12) for s in M.SOURCES}


# Encoding -------------------------------------------------------------------


def _base(value: int, digits: str) -> str:
    out = ""
    while True:
        value, rest = divmod(value, len(digits))
        out = digits[rest] + out
        if value == 0:
            return out


def checksum_v1(body: str) -> str:
    """Version 1: 4 base-36 characters for ``body`` (FNV-1a, 32 bit, modulo 36⁴)."""
    h = 0x811C9DC5
    for byte in body.encode("ascii"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return _base(h % V1_MODULUS, DIGITS36).rjust(CHECK_LENGTH, "0")


def crc20_bitwise(data: bytes) -> int:
    """The remainder of data·x²⁰ divided by x²⁰ + x³ + 1, one bit at a time (the definition)."""
    crc = 0
    top = 1 << (CRC_BITS - 1)
    mask = (1 << CRC_BITS) - 1
    for byte in data:
        for i in range(7, -1, -1):
            feedback = bool(crc & top) ^ bool(byte >> i & 1)
            crc = (crc << 1) & mask
            if feedback:
                crc ^= CRC_POLY
    return crc


# crc20 a byte at a time: the remainder of each byte value shifted to the top.
CRC_TABLE = tuple(crc20_bitwise(bytes([i])) for i in range(256))
CRC_MASK = (1 << CRC_BITS) - 1


def crc20(data: bytes) -> int:
    """The same remainder as ``crc20_bitwise``, from a table (a paste may hold 100,000 codes)."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & CRC_MASK) ^ CRC_TABLE[(crc >> (CRC_BITS - 8)) ^ byte]
    return crc


def checksum(body: str) -> str:
    """Version 2: 4 Crockford base-32 characters, the CRC-20 of ``body``."""
    return _base(crc20(body.encode("ascii")), CROCKFORD).rjust(CHECK_LENGTH, "0")


def encode(
    household_size: int | None, kg_by_source: Mapping[str, float], actions: Iterable[str]
) -> str:
    """The class code (newest version) for one result; kg are rounded half up to whole kg.

    Raises ValueError for what no code may hold (a size or kg outside the
    calculator's range, an action missing from ``ACTION_TABLE``).
    """
    size = household_size or 0
    if not 0 <= size <= MAX_SIZE:
        raise ValueError(f"household size {size} is outside 0–{MAX_SIZE}")
    limits = kg_limits()
    kgs = []
    for source in M.SOURCES:
        kg = int(half_up(kg_by_source.get(source, 0.0)))
        if not 0 <= kg <= limits[source]:
            raise ValueError(f"{source} {kg} kg is outside 0–{limits[source]}")
        kgs.append(str(kg))
    bits = 0
    for aid in actions:
        if aid not in ACTION_TABLE:
            raise ValueError(f"action {aid!r} is not in ACTION_TABLE; append it there")
        bits |= 1 << ACTION_TABLE.index(aid)
    body = "-".join([f"C{VERSION}", str(size), *kgs, _base(bits, CROCKFORD)])
    return f"{body}-{checksum(body)}"


def groups(code: str) -> list[str]:
    """A code cut after each "-", for showing it with line breaks only between groups."""
    parts = code.split("-")
    return [p + "-" for p in parts[:-1]] + parts[-1:]


# Decoding -------------------------------------------------------------------


def normalise(text: str) -> str:
    """Full-width to ASCII, any dash to "-", invisible characters out, upper case."""
    return unicodedata.normalize("NFKC", text).translate(DASHES).translate(INVISIBLE).upper()


def _number(field: str) -> tuple[int, bool, str]:
    """A whole number field (O, I, L read as digits); (value, canonical, the digits)."""
    digits = field if field.isdigit() else field.translate(DIGIT_SLIPS)
    if not (0 < len(digits) <= 9 and digits.isascii() and digits.isdigit()):
        raise ClassCodeError("bad")
    return int(digits), digits[0] != "0" or digits == "0", digits


def _check_sense(size: int, kgs: list[int], canonical: bool) -> None:
    """Canonical form and the calculator's ranges (after the check has passed)."""
    if not canonical:
        raise ClassCodeError("not_canonical")
    if size > MAX_SIZE:
        raise ClassCodeError("size_range", size=size, max=MAX_SIZE)
    limits = kg_limits()
    for source, kg in zip(M.SOURCES, kgs, strict=True):
        if kg > limits[source]:
            raise ClassCodeError("kg_range", source=source, kg=kg, max=limits[source])


def _actions(bits: int) -> tuple[str, ...]:
    if bits >> len(ACTION_TABLE):
        raise ClassCodeError("bad")
    return tuple(aid for i, aid in enumerate(ACTION_TABLE) if bits >> i & 1)


def _split_fields(fields: list[str]) -> None:
    expected = 2 + len(M.SOURCES) + 2  # version, size, kg…, actions, check
    if len(fields) > expected or len(fields[-1]) > CHECK_LENGTH:
        raise ClassCodeError("bad")
    if len(fields) < expected or len(fields[-1]) < CHECK_LENGTH:
        raise ClassCodeError("truncated")


def _numbers(fields: list[str]) -> tuple[list[int], bool, list[str]]:
    """Size and the seven kg: values, canonical, and the fields as digits."""
    values, canonical, texts = [], True, []
    for field in fields[1:9]:
        value, ok, digits = _number(field)
        values.append(value)
        canonical = canonical and ok
        texts.append(digits)
    return values, canonical, texts


def _decode_v1(fields: list[str]) -> tuple[ClassCode, bool]:
    _split_fields(fields)
    values, canonical, texts = _numbers(fields)
    letters = fields[9:]
    if not letters[0] or len(letters[0]) > 12 or any(ch not in DIGITS36 for ch in "".join(letters)):
        raise ClassCodeError("bad")
    head = [fields[0], *texts]

    def passes(actions: str, check: str) -> bool:
        return checksum_v1("-".join([*head, actions])) == check

    chosen = (letters[0], letters[1])
    if not passes(*letters):
        # Handwritten 0/O and 1/I/L: try the look-alike readings, keep a single match.
        joined = "".join(letters)
        options = [V1_LOOKALIKES.get(ch, ch) for ch in joined]
        if math.prod(len(o) for o in options) > V1_MAX_VARIANTS:
            raise ClassCodeError("checksum")
        cut = len(letters[0])
        found = {
            (v[:cut], v[cut:])
            for v in map("".join, itertools.product(*options))
            if passes(v[:cut], v[cut:])
        }
        if len(found) != 1:
            raise ClassCodeError("checksum")
        chosen = found.pop()
    actions_text, _ = chosen
    canonical = canonical and (actions_text == "0" or not actions_text.startswith("0"))
    _check_sense(values[0], values[1:], canonical)
    code = ClassCode(
        1,
        values[0] or None,
        dict(zip(M.SOURCES, values[1:], strict=True)),
        _actions(int(actions_text, 36)),
    )
    corrected = chosen != (letters[0], letters[1]) or texts != fields[1:9]
    return code, corrected


def _decode_v2(fields: list[str]) -> tuple[ClassCode, bool]:
    _split_fields(fields)
    values, canonical, texts = _numbers(fields)
    actions_text, check = (f.translate(CROCKFORD_SLIPS) for f in fields[9:])
    if (
        not actions_text
        or len(actions_text) > 4
        or any(ch not in CROCKFORD for ch in actions_text + check)
    ):
        raise ClassCodeError("bad")
    if checksum("-".join([fields[0], *texts, actions_text])) != check:
        raise ClassCodeError("checksum")
    canonical = canonical and (actions_text == "0" or not actions_text.startswith("0"))
    _check_sense(values[0], values[1:], canonical)
    bits = 0
    for ch in actions_text:
        bits = bits * 32 + CROCKFORD.index(ch)
    code = ClassCode(
        2, values[0] or None, dict(zip(M.SOURCES, values[1:], strict=True)), _actions(bits)
    )
    corrected = texts != fields[1:9] or [actions_text, check] != fields[9:]
    return code, corrected


# Every format version ever published: never remove one (old codes must keep reading).
DECODERS = {1: _decode_v1, 2: _decode_v2}


def read(text: str) -> tuple[ClassCode, bool]:
    """Read one class code: (the code, whether a slip was taken back); or ClassCodeError."""
    return _read_normalised(normalise(text).strip())


def _read_normalised(norm: str) -> tuple[ClassCode, bool]:
    if len(norm) > MAX_TOKEN:
        raise ClassCodeError("bad")
    match = re.fullmatch(r"C([0-9OIL]{1,3})(-.*)?", norm)
    if match is None:
        raise ClassCodeError("bad")
    version_text = match.group(1).translate(DIGIT_SLIPS)
    version = int(version_text)
    decoder = DECODERS.get(version)
    if decoder is None:
        raise ClassCodeError("version", version)
    if version_text != str(version):
        raise ClassCodeError("not_canonical")
    if not match.group(2) or match.group(2) == "-":
        raise ClassCodeError("truncated")
    fields = norm.split("-")
    fields[0] = f"C{version}"
    code, corrected = decoder(fields)
    return code, corrected or match.group(1) != version_text


def decode(text: str) -> ClassCode:
    """Read one class code; raise ``ClassCodeError`` saying what is wrong."""
    return read(text)[0]


def attempts(line: str) -> list[str]:
    """The code-shaped tokens of one line (a pasted code, several, or a CSV row)."""
    found: list[str] = []
    for token in SEPARATORS.split(normalise(line)):
        if not token:
            continue
        prefixed = PREFIXED.findall(token)
        if prefixed:
            found.extend(p.rstrip("-") or p for p in prefixed)
        elif BARE.fullmatch(token.strip("\"'()[]「」")):
            found.append(token.strip("\"'()[]「」"))
    return found


def find_code(line: str) -> str | None:
    """The first code-shaped token in a line, or None."""
    found = attempts(line)
    return found[0] if found else None


# A class's results ------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    """The lines as a browser's textarea counts them: only CR, LF and CR LF end a line.

    (``str.splitlines`` also splits on form feed, vertical tab, NEL, U+2028 and
    U+2029, which would shift every line number after them.)
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def shown_text(text: str) -> str:
    """A line as it may be echoed back: no lone surrogates, at most MAX_SHOWN_TEXT characters."""
    clean = LONE_SURROGATE.sub("\ufffd", text.strip())
    return clean if len(clean) <= MAX_SHOWN_TEXT else clean[: MAX_SHOWN_TEXT - 1] + "…"


def looks_like_header(line: str) -> bool:
    """A first line that names columns: words, no digits, and a separator or "code" in it."""
    norm = unicodedata.normalize("NFKC", line).upper()
    if any(ch.isdigit() for ch in norm) or not any(ch.isalpha() for ch in norm):
        return False
    has_cells = bool(re.search(r"[,;\t、|]", norm))
    return has_cells or "コード" in norm or "CODE" in norm


def _default_factors() -> M.Factors:
    """The calculator's default factors (supplier not chosen), to turn kg back into use."""
    return _factors(Household())[0]


def kg_cut(code: ClassCode) -> tuple[float, dict[str, float]]:
    """kg-CO₂ per year the chosen actions cut (together, and by action).

    The code holds kg, not bills, so the amounts used are recovered with the
    calculator's default factors; this is exact for a household that kept the
    defaults and an estimate otherwise.
    """
    f = _default_factors()
    per_unit = M.kg_per_unit(f)
    amounts = {s: code.kg_by_source[s] / per_unit[s] if per_unit[s] > 0 else 0.0 for s in M.SOURCES}
    use = M.Use(
        electricity_kwh=amounts["electricity"],
        city_gas_m3=amounts["city_gas"],
        lpg_m3=amounts["lpg"],
        kerosene_l=amounts["kerosene"],
        gasoline_l=amounts["gasoline"],
        diesel_l=amounts["diesel"],
        water_m3=amounts["water"],
    )
    figs = figures()
    by_action: dict[str, float] = {}
    savings = []
    for aid in code.actions:
        fig = figs.get(f"action.{aid}")
        if fig is None:  # an action since withdrawn from actions.toml: nothing to count
            continue
        saved = M.kg_saved(M.Action(aid, fig.saves, fig.scaling, fig.value), use, f)
        savings.append(saved)
        by_action[aid] = math.fsum(saved.values())
    kg = {s: float(v) for s, v in code.kg_by_source.items()}
    left = M.total(M.remaining(kg, savings))
    return M.total(kg) - left, by_action


def _whole(value: int | float | Decimal) -> int:
    """Whole kg, rounded half up on the decimal value."""
    return int(half_up(value))


def _tonnes(kg: int | float) -> float:
    """kg as tonnes with 2 decimals, rounded half up on the decimal value."""
    return float(half_up(decimal_of(kg) / 1000, 2))


def _spread(values: list[Decimal]) -> dict[str, int] | None:
    """Mean, median, lowest and highest (whole kg, half up) and how many values."""
    if not values:
        return None
    return {
        "mean": _whole(mean(values)),
        "median": _whole(median(values)),
        "min": _whole(min(values)),
        "max": _whole(max(values)),
        "count": len(values),
    }


@dataclass(slots=True)
class _Reading:
    """What reading the pasted lines found, before anything is added up."""

    codes: list[ClassCode]
    rejected: list[dict[str, Any]]
    rejected_lines: set[int]
    repeats: list[dict[str, Any]]
    corrected_lines: list[int]
    header: dict[str, Any] | None


def _read_lines(text: str, lang: str, count_repeats: bool) -> _Reading:
    reading = _Reading([], [], set(), [], [], None)
    first_line: dict[tuple[Any, ...], int] = {}
    seen_content = False
    for number, row in enumerate(lines_of(text), start=1):
        if not row.strip():
            continue
        found = attempts(row)
        if not found:
            if not seen_content and looks_like_header(row):
                reading.header = {"line": number, "text": shown_text(row)}
            else:
                reading.rejected.append(
                    {
                        "line": number,
                        "text": shown_text(row),
                        "message": ClassCodeError("missing").message(lang),
                    }
                )
                reading.rejected_lines.add(number)
            seen_content = True
            continue
        seen_content = True
        for token in found:
            try:
                code, corrected = _read_normalised(token)  # attempts() has normalised it
            except ClassCodeError as exc:
                reading.rejected.append(
                    {"line": number, "text": shown_text(token), "message": exc.message(lang)}
                )
                reading.rejected_lines.add(number)
                continue
            if corrected and number not in reading.corrected_lines:
                reading.corrected_lines.append(number)
            key = code.key()
            if key in first_line:
                reading.repeats.append(
                    {
                        "line": number,
                        "first_line": first_line[key],
                        "text": shown_text(token),
                        "counted": count_repeats,
                    }
                )
                if not count_repeats:
                    continue
            else:
                first_line[key] = number
            reading.codes.append(code)
    return reading


def class_summary(
    lines: str | Iterable[str], lang: str = "ja", count_duplicates: bool = False
) -> dict[str, Any]:
    """Add up a class's codes: any number a line, or rows of a CSV export (codes in any cell).

    Lines are numbered as a textarea numbers them (``lines_of``). Blank lines are
    skipped, and so is a first line that looks like a column header (it is named in
    ``header``). Every code that cannot be used is listed in ``rejected`` with its
    line and the reason in ``lang``, and so is a line without any code; the rest
    still count. A code seen before is listed in ``duplicates`` and counted once,
    unless ``count_duplicates`` (two households really have the same result).
    At most ``MAX_LISTED`` rejected codes and duplicates are listed; the counts
    say how many there were. Figures are rounded half up on their decimal value:
    kg to whole kg, tonnes to 0.01 t, yen to whole yen. kg are kg-CO₂ per year;
    yen for one year of offsetting.
    """
    lang = T.lang_of(lang)
    text = lines if isinstance(lines, str) else "\n".join(lines)
    reading = _read_lines(text, lang, count_duplicates)
    codes = reading.codes
    count = len(codes)
    totals = [Decimal(c.total_kg) for c in codes]
    per_person = [ratio(c.total_kg, c.household_size) for c in codes if c.household_size]
    total = sum(c.total_kg for c in codes)
    cut = 0.0
    action_kg: dict[str, float] = {}
    action_households: dict[str, int] = {}
    cuts = []
    for c in codes:
        household_cut, by_action = kg_cut(c)
        cuts.append(household_cut)
        for aid, kg in by_action.items():
            action_kg[aid] = action_kg.get(aid, 0.0) + kg
            action_households[aid] = action_households.get(aid, 0) + 1
    cut = math.fsum(cuts)
    figs = figures()
    remaining = max(total - cut, 0.0)
    costs = []
    for cid, low, high in CREDIT_TYPES:
        # The calculator's own prices and arithmetic (_engine._price_range).
        price = _price_range(cid, low, high, remaining)
        label, note = T.CREDITS[lang][cid]
        costs.append(
            {
                "id": cid,
                "label": label,
                "note": note,
                "price_low": as_json_number(half_up(price.price_low)),
                "price_high": as_json_number(half_up(price.price_high)),
                "unit": "yen/t-CO2",
                "yen_low": _whole(price.yen_low or 0.0),
                "yen_high": _whole(price.yen_high or 0.0),
            }
        )
    by_source = []
    for s in M.SOURCES:
        source_total = sum(c.kg_by_source[s] for c in codes)
        by_source.append(
            {
                "id": s,
                "label": T.SOURCES[lang][s],
                "average_kg_per_year": _whole(ratio(source_total, count)) if count else 0,
                "total_kg_per_year": source_total,
                "share_percent": _whole(ratio(100 * source_total, total)) if total else 0,
            }
        )
    actions = [
        {
            "id": aid,
            "label": figs[f"action.{aid}"].label_en
            if lang == "en"
            else figs[f"action.{aid}"].label_ja,
            "households": action_households[aid],
            "kg_per_year": _whole(action_kg[aid]),
        }
        for aid in sorted(action_kg, key=lambda a: (-action_kg[a], a))
    ]
    return {
        "households": count,
        "total_kg_per_year": total,
        "total_tonnes": _tonnes(total),
        "household_kg_per_year": _spread(totals),
        "per_person_kg_per_year": _spread(per_person),
        "by_source": by_source,
        "actions": actions,
        "cut_kg_per_year": _whole(cut),
        "cut_tonnes": _tonnes(cut),
        "remaining_kg_per_year": _whole(remaining),
        "remaining_tonnes": _tonnes(remaining),
        "offset_costs": costs,
        "rejected": reading.rejected[:MAX_LISTED],
        "rejected_count": len(reading.rejected),
        "rejected_lines": len(reading.rejected_lines),
        "duplicates": reading.repeats[:MAX_LISTED],
        "duplicate_count": len(reading.repeats),
        "count_duplicates": count_duplicates,
        "corrected_lines": reading.corrected_lines[:MAX_LISTED],
        "corrected_count": len(reading.corrected_lines),
        "header": reading.header,
    }
