"""The site's trimmed standard library runs the engine and the golden households.

The build keeps only the stdlib files the real Pyodide imported while running
the calculator (overrides/hooks/runtime.py). Here the served zip and the served
wheel run in the real Pyodide under Node, with cases the trace never saw: the
hand-worked golden households of tests/engine/test_golden.py and the command
line's error case. Every answer must equal CPython's, in both languages.
The page on the trimmed runtime is tested in tests/browser/ (every calculator test).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from calculators import web
from calculators._data import DATA_DIR_ENV, figures

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"


def _golden() -> Any:
    spec = importlib.util.spec_from_file_location(
        "golden", ROOT / "tests" / "engine" / "test_golden.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.pyodide
def test_golden_households_run_on_the_trimmed_stdlib(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The served wheel on the served (trimmed) python_stdlib.zip gives CPython's exact JSON and the hand-worked totals."""
    node = shutil.which("node")
    if node is None or not (PYODIDE_DIR / "pyodide.mjs").exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("node or node_modules/pyodide is missing (run tools/dev)")
        pytest.skip("node or node_modules/pyodide is missing")
    golden = _golden()
    # The goldens are worked from the frozen data copy (tests/engine/conftest.py).
    monkeypatch.setenv(DATA_DIR_ENV, str(golden.FIXTURE_DATA))
    figures.cache_clear()
    (runtime,) = (built_site / "assets" / "pyodide").iterdir()
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    wheel = runtime / lock["packages"]["calculators"]["file_name"]
    raws = [c["raw"] for c in golden.GOLDEN] + [{"electricity_kwh": "abc", "household_size": "0"}]
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(raws, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [
            node,
            str(ROOT / "tests" / "engine" / "pyodide_run.mjs"),
            str(PYODIDE_DIR),
            str(wheel),
            str(cases),
            str(golden.FIXTURE_DATA),
            str(runtime / "python_stdlib.zip"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["model_source"] == web.model_source()
    for raw, got in zip(raws, report["results"], strict=True):
        for lang in ("ja", "en"):
            assert json.loads(got[lang]) == json.loads(web.run(json.dumps(raw), lang))
    for case, got in zip(golden.GOLDEN, report["results"], strict=False):
        golden.check_golden(case, json.loads(got["ja"])["result"])
    figures.cache_clear()
