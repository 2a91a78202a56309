"""Arithmetic of the household model (kg-CO₂ per year). No text, no formatting."""

from __future__ import annotations


def electricity_kg(kwh: float, factor_kg_per_kwh: float) -> float:
    """Return kg-CO₂ for ``kwh`` kilowatt-hours at ``factor_kg_per_kwh`` kg-CO₂/kWh."""
    return kwh * factor_kg_per_kwh
