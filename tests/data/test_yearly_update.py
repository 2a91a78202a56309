"""The yearly update is a data-only job: the full update passes the whole fast check.

This test does what the editing guide tells staff to do each winter, on a copy
of the repository (tests/data/yearly.py): every entry of the electricity table
(factors.toml and actions.toml, ``[electricity.zero_carbon]`` included) moves to
the next fiscal year with the next year's document (R6年度 → R7年度), the
national average goes down by 0.008 kg-CO2/kWh (0.423 → 0.415, below the
substitute value, which moves the uncertainty range), and one row is added to
the data history in Japanese and English. Then it runs the real
``tools/dev check`` in the copy (data, engine, content, the build and its links)
and builds the copy's site. No other file is touched, so none may need to be:
every test derives its years and values from the data.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest
import yearly


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"CALCULATORS_DATA_DIR", "PYTHONPATH"}}


def page_text(site: Path, page: str) -> str:
    """A built page's visible text, tags removed."""
    raw = (site / page).read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


@pytest.mark.slow
@pytest.mark.timeout(3600)  # the whole fast check runs inside: far longer on a busy machine
def test_the_full_yearly_update_passes_tools_dev_check(tmp_path: Path) -> None:
    """0.423 → 0.415, FY2024 → FY2025, R6 → R7 and a history row: tools/dev check passes in
    the copy, and the methodology page's sentences name the new year."""
    repo = tmp_path / "repo"
    yearly.copy_repository(repo)
    change = yearly.update_electricity_year(repo)
    assert change.new_value < change.old_value and change.new_year == change.old_year + 1
    assert {"electricity.zero_carbon", "action.zero_carbon_menu"} <= set(change.entries)

    checked = subprocess.run(
        [str(repo / "tools" / "dev"), "check"],
        cwd=repo,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=3000,
        check=False,
    )
    log = repo / ".cache" / "check" / "pytest.log"
    assert checked.returncode == 0, (
        f"After the yearly update ({change.old_value} → {change.new_value}, FY{change.old_year} → "
        f"FY{change.new_year}) tools/dev check fails; the update must need no other file:\n"
        + checked.stdout[-4000:]
        + (log.read_text(encoding="utf-8")[-6000:] if log.exists() else "")
    )
    assert "すべて通りました" in checked.stdout

    site = tmp_path / "site"
    built = subprocess.run(
        [str(repo / "tools" / "dev"), "build", "--local", "--site-dir", str(site)],
        cwd=repo,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    ja = page_text(site, "methodology/index.html")
    en = page_text(site, "en/methodology/index.html")
    assert f"電気は{change.new_year}年度の実績" in ja
    assert f"electricity: FY{change.new_year} actuals" in en
    assert f"電気は{change.old_year}年度の実績" not in ja
    assert f"FY{change.old_year} actuals" not in en.split("History of data updates")[0]
    calculator = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert f"例：{change.new_value}" in calculator and f"例：{change.old_value}" not in calculator
