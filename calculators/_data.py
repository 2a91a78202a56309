"""Load the sourced figures that ship inside the package.

Every figure lives in a TOML file under ``calculators/data/``. Loading checks
each entry and names the file and the entry when something is wrong, so a
staff member editing the data knows exactly where to look.

Each entry is a table ``[group.key]``; its id is ``"group.key"``. Required
keys: ``value, unit, label_ja, label_en, publisher, document, fiscal_year,
url, note``. Optional keys:

``confidence``   how the figure was checked: ``V1`` verbatim on the publisher's
                 page, ``V2`` verbatim in a copy, ``S`` secondary source,
                 ``D`` derived (calculation in ``note``), ``NV`` not verified.
``saves``        (reduction actions only) list of emission sources the action
                 reduces, e.g. ``["electricity"]``.
``scaling``      (reduction actions only) ``"fixed"``: ``value`` is a fixed
                 annual amount saved (kWh, m3 or L); ``"share"``: ``value`` is
                 the share (0–1) of this household's use of ``saves``;
                 ``"factor"``: the action switches ``saves`` to a new factor,
                 ``value`` (e.g. a zero-carbon electricity menu, 0).
``min_people``   (reduction actions only) offered only to households of at
                 least this many people (a whole number).
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

#: Environment variable naming a folder of ``*.toml`` files whose values replace
#: those of the package's data. Only the tests set it: the engine's golden tests
#: pin their hand-worked figures to a fixed copy of the data
#: (``tests/engine/fixture-data/``), so a yearly update of the real data never
#: changes them. Only values are pinned, and only for ids the package's data
#: still has: a figure added to (or dropped from) the real data, or a new key,
#: reaches the tests without touching the copy. Unset (the site, the browser, the
#: command line): the package's data as it is.
DATA_DIR_ENV = "CALCULATORS_DATA_DIR"

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
OPTIONAL_KEYS = ("confidence", "saves", "scaling", "min_people")
CONFIDENCE_CODES = ("V1", "V2", "S", "D", "NV")
SCALINGS = ("fixed", "share", "factor")


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
    confidence: str = ""
    saves: tuple[str, ...] = ()
    scaling: str = ""
    file: str = ""
    min_people: int = 0  # 0: offered whatever the household size


def _figure(file_name: str, fid: str, entry: dict[str, Any]) -> Figure:
    """Check one entry and turn it into a Figure (raises DataError naming file and entry)."""
    where = f"calculators/data/{file_name}: [{fid}]"
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise DataError(f"{where} is missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise DataError(f"{where} has unknown key(s) {', '.join(unknown)} (typo?)")
    value = entry["value"]
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise DataError(f"{where}: value must be a number ≥ 0, got {value!r}")
    texts = {k: entry[k] for k in REQUIRED_KEYS if k != "value"}
    for k, v in texts.items():
        if not isinstance(v, str):
            raise DataError(f"{where}: {k} must be text, got {v!r}")
    confidence = entry.get("confidence", "")
    if confidence and confidence not in CONFIDENCE_CODES:
        raise DataError(f"{where}: confidence must be one of {', '.join(CONFIDENCE_CODES)}")
    saves = entry.get("saves", [])
    if not isinstance(saves, list) or not all(isinstance(s, str) for s in saves):
        raise DataError(f"{where}: saves must be a list of source ids, got {saves!r}")
    scaling = entry.get("scaling", "")
    if scaling and scaling not in SCALINGS:
        raise DataError(f"{where}: scaling must be one of {', '.join(SCALINGS)}, got {scaling!r}")
    if scaling == "share" and value > 1:
        raise DataError(f"{where}: a share must be between 0 and 1, got {value!r}")
    min_people = entry.get("min_people", 0)
    if isinstance(min_people, bool) or not isinstance(min_people, int) or min_people < 0:
        raise DataError(f"{where}: min_people must be a whole number, got {min_people!r}")
    return Figure(
        id=fid,
        value=float(value),
        **texts,
        confidence=str(confidence),
        saves=tuple(saves),
        scaling=str(scaling),
        file=file_name,
        min_people=min_people,
    )


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
            if not isinstance(entry, dict):
                raise DataError(f"calculators/data/{file_name}: [{fid}] must be a table")
            figures[fid] = _figure(file_name, fid, entry)
    return figures


def load_figures_from(files: dict[str, str]) -> dict[str, Figure]:
    """Return the figures of ``{file name: TOML text}``; an id defined twice is an error."""
    figures: dict[str, Figure] = {}
    for name in sorted(files):
        for fid, fig in _figures_from(name, files[name]).items():
            if fid in figures:
                raise DataError(
                    f"calculators/data/{name}: [{fid}] is already defined in "
                    f"calculators/data/{figures[fid].file}"
                )
            figures[fid] = fig
    return figures


def load_figures() -> dict[str, Figure]:
    """Return every figure from every data file, keyed by ``group.key``.

    With ``$CALCULATORS_DATA_DIR`` set (tests only), values come from the files there.
    """
    package = resources.files("calculators").joinpath("data")
    files = {
        item.name: item.read_text(encoding="utf-8")
        for item in package.iterdir()
        if item.name.endswith(".toml")
    }
    figures = load_figures_from(files)
    pinned_dir = os.environ.get(DATA_DIR_ENV)
    if not pinned_dir:
        return figures
    items = [p for p in Path(pinned_dir).iterdir() if p.name.endswith(".toml")]
    if not items:
        raise DataError(f"{pinned_dir}: no *.toml data files here ({DATA_DIR_ENV})")
    pinned = load_figures_from({p.name: p.read_text(encoding="utf-8") for p in items})
    return {
        fid: replace(fig, value=pinned[fid].value) if fid in pinned else fig
        for fid, fig in figures.items()
    }


@cache
def figures() -> MappingProxyType[str, Figure]:
    """The figures, loaded once per process (read-only view for the engine).

    Whoever switches ``$CALCULATORS_DATA_DIR`` in a running process calls
    ``figures.cache_clear()`` afterwards (the engine tests' fixture does).
    """
    return MappingProxyType(load_figures())
