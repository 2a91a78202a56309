"""Load the sourced figures that ship inside the package.

Every figure lives in a TOML file under ``calculators/data/``. Loading checks
each entry and names the file and the entry when something is wrong, so a
staff member editing the data knows exactly where to look.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

REQUIRED_KEYS = (
    "value",
    "unit",
    "label_ja",
    "label_en",
    "publisher",
    "document",
    "fiscal_year",
    "url",
    "note",
)


class DataError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One sourced figure: a value with its unit and provenance."""

    id: str
    value: float
    unit: str
    label_ja: str
    label_en: str
    publisher: str
    document: str
    fiscal_year: str
    url: str
    note: str


def _figures_from(file_name: str, text: str) -> dict[str, Figure]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"calculators/data/{file_name}: not valid TOML: {exc}") from exc
    figures: dict[str, Figure] = {}
    for group, entries in raw.items():
        if not isinstance(entries, dict):
            raise DataError(f"calculators/data/{file_name}: [{group}] must be a table")
        for key, entry in entries.items():
            fid = f"{group}.{key}"
            where = f"calculators/data/{file_name}: [{fid}]"
            if not isinstance(entry, dict):
                raise DataError(f"{where} must be a table")
            missing = [k for k in REQUIRED_KEYS if k not in entry]
            if missing:
                raise DataError(f"{where} is missing {', '.join(missing)}")
            value = entry["value"]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise DataError(f"{where}: value must be a number ≥ 0, got {value!r}")
            texts = {k: entry[k] for k in REQUIRED_KEYS if k != "value"}
            for k, v in texts.items():
                if not isinstance(v, str):
                    raise DataError(f"{where}: {k} must be text, got {v!r}")
            figures[fid] = Figure(id=fid, value=float(value), **texts)
    return figures


def load_figures() -> dict[str, Figure]:
    """Return every figure from every data file, keyed by ``group.id``."""
    figures: dict[str, Figure] = {}
    for item in sorted(resources.files("calculators").joinpath("data").iterdir(), key=str):
        if item.name.endswith(".toml"):
            figures.update(_figures_from(item.name, item.read_text(encoding="utf-8")))
    return figures
