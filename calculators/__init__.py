"""Household CO₂ calculator for the Adachi carbon offset guide.

Runs unchanged in CPython and in Pyodide; standard library only.
"""

from calculators._api import estimate_from_raw
from calculators._data import DataError, Figure, load_figures
from calculators._model import electricity_kg

__all__ = ["DataError", "Figure", "electricity_kg", "estimate_from_raw", "load_figures"]
