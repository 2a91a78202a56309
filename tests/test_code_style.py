"""The project's Python passes its own linters: ruff everywhere, mypy --strict on calculators/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing() -> None:
    """ruff (settings in pyproject.toml) reports no problem in the project's Python."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "calculators", "tests", "overrides/hooks", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_calculators_pass_mypy_strict() -> None:
    """The engine is fully typed: mypy --strict (configured in pyproject.toml) is clean."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
