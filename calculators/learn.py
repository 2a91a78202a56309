"""The calculator's real arithmetic, for learners (the /python/ exercises).

Everything here is the same code the household calculator runs; this module
only gathers it under short names. Units are written beside each name.

>>> from calculators import learn
>>> f = learn.factors()                      # the calculator's default factors
>>> use = learn.Use(electricity_kwh=3000)    # one year of use (kWh, m³, litres)
>>> learn.total(learn.emissions(use, f))     # kg-CO₂ per year  # doctest: +SKIP

* ``factor(figure_id)`` – one sourced figure from ``calculators/data/*.toml``,
  e.g. ``factor("electricity.national_average")`` in kg-CO₂ per kWh.
* ``factors(**changes)`` – the default ``Factors`` (national average electricity,
  the statutory city-gas factor, …), with any field changed by keyword.
* ``Use``, ``Factors`` – what a household uses in a year, and kg-CO₂ per unit.
* ``per_year(amount, bill_period)`` – one bill → one year ("month", "two_months", "year").
* ``emissions(use, factors)`` – kg-CO₂ per year for each source; ``total(by_source)`` – their sum.
* ``ratio(value, average)`` – how many times the average.
* ``average(figure_id)`` – an average from ``data/averages.toml`` in kg-CO₂ per year,
  e.g. ``average("average.moe_household_all")``.
"""

from __future__ import annotations

import dataclasses

from calculators._data import figures
from calculators._engine import default_factors
from calculators._model import Factors, Use, emissions, per_year, ratio, total

__all__ = [
    "Factors",
    "Use",
    "average",
    "emissions",
    "factor",
    "factors",
    "per_year",
    "ratio",
    "total",
]


def factor(figure_id: str) -> float:
    """The value of one sourced figure (its unit is in the data file, e.g. kg-CO₂/kWh)."""
    return figures()[figure_id].value


def average(figure_id: str) -> float:
    """An average from the data files, in kg-CO₂ per year."""
    return factor(figure_id)


def factors(**changes: float) -> Factors:
    """The calculator's default factors (kg-CO₂ per unit), with ``changes`` applied."""
    default = default_factors()
    return dataclasses.replace(default, **changes)
