"""A data edit reuses the trimmed Python runtime: the stdlib cache key ignores the data's values.

The build traces which standard-library modules the calculator imports by
running it in Pyodide (overrides/hooks/runtime.py): a minute or more on a
2-core machine. Which modules are imported depends on the code, not on a
factor's value, so a yearly update must not re-run the trace (it kept
``tools/dev check`` far over its minute). The cases traced do carry values
(the class codes hold kg figures), which is why the key is taken from the
households the codes come from.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from calculators._data import DATA_DIR_ENV, figures

ROOT = Path(__file__).resolve().parents[2]


def runtime_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_runtime_hook_for_test", ROOT / "overrides" / "hooks" / "runtime.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def other_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The data as after a yearly update: the national average 0.008 kg/kWh lower."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "calculators" / "data", data)
    factors = data / "factors.toml"
    text, count = re.subn(
        r"(?m)^(\[electricity\.national_average\]\nvalue = )([0-9.]+)$",
        lambda m: f"{m.group(1)}{float(m.group(2)) - 0.008:.3f}",
        factors.read_text(encoding="utf-8"),
    )
    assert count == 1
    factors.write_text(text, encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    figures.cache_clear()
    yield
    monkeypatch.delenv(DATA_DIR_ENV)
    figures.cache_clear()


def cases(hook: ModuleType) -> tuple[str, str]:
    traced = json.dumps(hook.trace_cases(), ensure_ascii=False, sort_keys=True)
    keyed = json.dumps(hook.trace_key_cases(), ensure_ascii=False, sort_keys=True)
    return traced, keyed


def test_a_new_factor_changes_the_traced_cases_but_not_the_cache_key(
    request: pytest.FixtureRequest,
) -> None:
    """With another electricity factor the class codes traced differ (so the data does reach
    the trace), while the cases and the key the cache is found by stay the same."""
    hook = runtime_hook()
    source = ROOT / "node_modules" / "pyodide"
    figures.cache_clear()
    traced, keyed = cases(hook)
    key = hook.stdlib_key(source)
    before = figures()["electricity.national_average"].value
    request.getfixturevalue("other_year")
    assert figures()["electricity.national_average"].value == pytest.approx(before - 0.008)
    traced_after, keyed_after = cases(hook)
    assert traced_after != traced, "the class codes should follow the data"
    assert keyed_after == keyed
    assert hook.stdlib_key(source) == key
