"""The input fields: ids, kinds, units, limits and choices (no text; see ``_messages``).

This is the one place where the form's fields are defined. The parser
(``_inputs``) checks raw values against it and the site build generates the
HTML form from it (through ``form_definition``).

Upper limits are generous "implausibly large" bounds, given PER MONTH; the
limit for a bill of another length is the monthly limit × months in that bill
(× 2 for a two-month bill, × 12 for a year). A value above the limit is
rejected with a message for that field, because it is almost certainly a typo
(an extra zero, or yen typed into a kWh box).
"""

from __future__ import annotations

from dataclasses import dataclass

MONTHS_IN = {"month": 1, "two_months": 2, "year": 12}


@dataclass(frozen=True, slots=True)
class NumberField:
    """A number typed by the resident."""

    key: str
    unit: str  # canonical unit shown beside the box ("kWh", "m3", "L", "yen", …)
    max_per_month: float  # upper bound for one month; scaled by the bill period
    suffixes: tuple[str, ...]  # units a resident may type after the number (lower case, NFKC)
    whole: bool = False  # household size: whole numbers only
    min_value: float = 0.0
    scales_with_period: bool = True
    inputmode: str = "decimal"


@dataclass(frozen=True, slots=True)
class ChoiceField:
    """A choice among fixed ids."""

    key: str
    options: tuple[str, ...]
    default: str
    widget: str  # "select" or "radio"


KWH = ("kwh", "kw・h", "kw h", "キロワットアワー", "キロワット時")
YEN = ("円", "yen", "えん")
M3 = ("m3", "m^3", "立方メートル", "立米", "りゅうべい")
LITRE = ("l", "リットル", "litre", "litres", "liter", "liters")
PEOPLE = ("人", "名", "people", "persons", "person")

HOUSEHOLD_SIZE = NumberField(
    "household_size",
    "people",
    20,
    PEOPLE,
    whole=True,
    min_value=1,
    scales_with_period=False,
    inputmode="numeric",
)
PERIOD = ChoiceField("period", ("month", "year"), "month", "radio")
ELECTRICITY_KWH = NumberField("electricity_kwh", "kWh", 5_000, KWH)
ELECTRICITY_YEN = NumberField("electricity_yen", "yen", 200_000, YEN, inputmode="numeric")
ELECTRICITY_SUPPLIER = ChoiceField(
    "electricity_supplier",
    ("national_average", "tepco_residual", "tepco_company", "zero_carbon", "custom"),
    "national_average",
    "select",
)
ELECTRICITY_FACTOR = NumberField(
    "electricity_factor",
    "kg-CO2/kWh",
    2.0,
    ("kg-co2/kwh", "kg-co₂/kwh", "kg/kwh"),
    scales_with_period=False,
)
CITY_GAS_M3 = NumberField("city_gas_m3", "m3", 1_000, M3)
CITY_GAS_SUPPLIER = ChoiceField(
    "city_gas_supplier", ("statutory", "tokyo_gas"), "statutory", "select"
)
LPG_M3 = NumberField("lpg_m3", "m3", 300, M3)
KEROSENE_L = NumberField("kerosene_l", "L", 1_000, LITRE)
GASOLINE_L = NumberField("gasoline_l", "L", 1_000, LITRE)
DIESEL_L = NumberField("diesel_l", "L", 1_000, LITRE)
WATER_M3 = NumberField("water_m3", "m3", 200, M3)
# Tokyo's water bill (検針票) covers two months. Blank (no choice, the form's
# starting state) means: two months when the other amounts are monthly, as
# on the bill; a year when they are yearly. The form and the command line
# therefore agree on every link, with or without water_period.
WATER_PERIOD = ChoiceField("water_period", ("two_months", "month", "year"), "", "radio")

NUMBER_FIELDS = (
    HOUSEHOLD_SIZE,
    ELECTRICITY_KWH,
    ELECTRICITY_YEN,
    ELECTRICITY_FACTOR,
    CITY_GAS_M3,
    LPG_M3,
    KEROSENE_L,
    GASOLINE_L,
    DIESEL_L,
    WATER_M3,
)
CHOICE_FIELDS = (PERIOD, ELECTRICITY_SUPPLIER, CITY_GAS_SUPPLIER, WATER_PERIOD)
ACTIONS_KEY = "actions"
# How much of the CO₂ left after the chosen actions to offset, in per cent
# (a whole number 0–100; blank: all of it). Chosen in the results' offset block,
# not in the form groups; OFFSET_SHARE_CHOICES are the values the page offers.
OFFSET_SHARE = NumberField(
    "offset_share",
    "%",
    100,
    ("%", "パーセント", "percent"),
    whole=True,
    min_value=0,
    scales_with_period=False,
    inputmode="numeric",
)
OFFSET_SHARE_CHOICES = (100, 75, 50, 25)

# Form groups in the order of the bills: (group id, fields).
GROUPS: tuple[tuple[str, tuple[NumberField | ChoiceField, ...]], ...] = (
    ("household", (HOUSEHOLD_SIZE, PERIOD)),
    ("electricity", (ELECTRICITY_KWH, ELECTRICITY_YEN, ELECTRICITY_SUPPLIER, ELECTRICITY_FACTOR)),
    ("gas", (CITY_GAS_M3, CITY_GAS_SUPPLIER, LPG_M3, KEROSENE_L)),
    ("car", (GASOLINE_L, DIESEL_L)),
    ("water", (WATER_M3, WATER_PERIOD)),
)

# Which data figure each supplier choice uses (None: the resident types the factor).
ELECTRICITY_SUPPLIER_FIGURES: dict[str, str | None] = {
    "national_average": "electricity.national_average",
    "tepco_residual": "electricity.tepco_residual",
    "tepco_company": "electricity.tepco_company",
    "zero_carbon": "electricity.zero_carbon",
    "custom": None,
}
CITY_GAS_SUPPLIER_FIGURES = {
    "statutory": "city_gas.statutory",
    "tokyo_gas": "city_gas.tokyo_gas",
}


# Placeholders that are figures come from the data file, never typed here:
# field key → figure id whose value is shown as the example ("例：0.423").
EXAMPLE_FIGURES: dict[str, str] = {"electricity_factor": "electricity.national_average"}

# Fields whose help links the glossary (the word 排出係数 is explained there).
GLOSSARY_FIELDS = ("electricity_supplier", "electricity_factor")

# Where the form starts when it differs from the parser's blank default. The
# water radio starts at two months, as on Tokyo's bill (blank still works in links).
FORM_DEFAULTS: dict[str, str] = {"water_period": "two_months"}

# Action ids are stable, because share links carry them (?actions=led_bulb,…).
# When an action is renamed in data/actions.toml, add "old id": "new id" here,
# so that old links still tick the right box. Unknown ids in a link are ignored.
ACTION_ALIASES: dict[str, str] = {}


def limit(field: NumberField, period: str) -> float:
    """The upper bound of ``field`` for a bill of ``period`` ("month", "two_months", "year")."""
    if not field.scales_with_period:
        return field.max_per_month
    return field.max_per_month * MONTHS_IN[period]
