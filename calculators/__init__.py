"""Household CO₂ calculator for the Adachi carbon offset guide.

Runs unchanged in CPython and in Pyodide; standard library only.

Public API:

* ``estimate_from_raw(raw, lang)`` – raw form values → ``{"ok": True, "result": …}``
  or ``{"ok": False, "errors": [{"field", "message"}]}``.
* ``parse_household(raw)`` → ``Household`` (frozen) or a list of ``FieldError``;
  ``estimate(household)`` → ``Estimate`` (frozen, numbers only);
  ``result_json(estimate, lang)`` → the JSON-serialisable result.
* ``form_definition(lang)`` – fields, units, limits, labels and actions for the form.
* ``action_ids()`` – ids of the reduction actions.
* ``load_figures()`` / ``Figure`` / ``DataError`` – the sourced figures in ``data/*.toml``.
* ``encode_class_code(size, kg_by_source, actions)`` / ``decode_class_code(text)`` →
  ``ClassCode`` or ``ClassCodeError``; ``class_summary(lines, lang)`` – a class's results.
* ``calculators.web.run(raw_json, lang)`` and ``calculators.web.model_source()`` for the browser.
* ``calculators.web.diary(request_json)``: the household CO₂ diary (``calculators._diary``:
  months from bills, the twelve-month total, the CSV and JSON files; CLI ``log``).
* ``calculators.web.exercise(request_json)`` runs a learner's code for the /python/ exercises
  (``calculators._exercise``); ``calculators.learn`` gathers the model's functions for learners.
"""

from calculators._api import estimate_from_raw, parse_household, result_json
from calculators._classcode import ClassCode, ClassCodeError, class_summary
from calculators._classcode import decode as decode_class_code
from calculators._classcode import encode as encode_class_code
from calculators._data import DataError, Figure, load_figures
from calculators._engine import Estimate, action_ids, estimate
from calculators._form import form_definition
from calculators._inputs import FieldError, Household

__all__ = [
    "ClassCode",
    "ClassCodeError",
    "DataError",
    "Estimate",
    "FieldError",
    "Figure",
    "Household",
    "action_ids",
    "class_summary",
    "decode_class_code",
    "encode_class_code",
    "estimate",
    "estimate_from_raw",
    "form_definition",
    "load_figures",
    "parse_household",
    "result_json",
]
