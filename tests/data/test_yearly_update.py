"""The yearly update is a one-file job: new factors plus a history row pass the fast checks.

This test does exactly what the editing guide tells staff to do each winter, on
a temporary copy of the repository: it changes the national average electricity
factor in calculators/data/factors.toml (e.g. 0.423 → 0.415, a value below the
substitute value, which moves the uncertainty range) and adds one row to the
data history of the methodology page, in Japanese and English. Then it runs the
suite's fast layers (engine, data, Markdown content checks, code style) in the
copy. No other file is touched, so none may need to be.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAST_LAYERS = [
    "tests/engine",
    "tests/data",
    "tests/content",
    "tests/quality/test_content.py",
    "tests/quality/test_checks_fail.py",
]


def copy_repository(to: Path) -> None:
    """The working tree's files as git sees them (tracked and new, not ignored); node_modules linked."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.is_file():
            continue  # deleted in the working tree
        target = to / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    (to / "node_modules").symlink_to(ROOT / "node_modules")


def new_factor_year(repo: Path) -> tuple[float, float]:
    """Lower the national average factor by 0.008 kg/kWh, as a new year's publication would."""
    path = repo / "calculators" / "data" / "factors.toml"
    text = path.read_text(encoding="utf-8")
    entry = re.search(r"\[electricity\.national_average\]\nvalue = ([0-9.]+)\n", text)
    assert entry is not None
    old = float(entry.group(1))
    new = round(old - 0.008, 3)
    text = text[: entry.start(1)] + f"{new}" + text[entry.end(1) :]
    path.write_text(text, encoding="utf-8")
    return old, new


def add_history_rows(repo: Path, old: float, new: float) -> None:
    """One row at the end of the data history table, in both languages."""
    rows = {
        "index.md": f"| 2027年1月20日 | 電気の全国平均係数を {old} から {new} kg-CO₂/kWh に更新しました。 | 環境省・経済産業省 電気事業者別排出係数 |",
        "index.en.md": f"| 20 January 2027 | National average electricity factor updated from {old} to {new} kg-CO₂/kWh. | Ministry of the Environment and METI, emission factors by electricity supplier |",
    }
    for name, row in rows.items():
        path = repo / "docs" / "methodology" / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        heading = next(
            n
            for n, line in enumerate(lines)
            if line.startswith("## ") and ("履歴" in line or "History" in line)
        )
        last_row = max(n for n, line in enumerate(lines) if n > heading and line.startswith("|"))
        lines.insert(last_row + 1, row + "\n")
        path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_a_new_factor_year_needs_only_the_data_file_and_the_history_row(tmp_path: Path) -> None:
    """0.423 → 0.415 in factors.toml plus the history row: engine, data and content checks all pass."""
    repo = tmp_path / "repo"
    copy_repository(repo)
    old, new = new_factor_year(repo)
    assert new < old
    add_history_rows(repo, old, new)
    env = {k: v for k, v in os.environ.items() if k != "CALCULATORS_DATA_DIR"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import calculators; print(calculators.load_figures()['electricity.national_average'].value)",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert imported == str(new), "the copy's calculators package must be the one tested"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser and not pyodide and not slow",
            "--ignore",
            "tests/data/test_yearly_update.py",
            "--basetemp",
            str(tmp_path / "pt"),
            *FAST_LAYERS,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, (
        f"After the yearly update ({old} → {new}) the fast checks fail; the update should need no other file:\n"
        + done.stdout[-6000:]
        + done.stderr[-2000:]
    )
