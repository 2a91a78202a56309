"""The editing guide's table of messages quotes what tools/dev check prints today.

Staff fix a mistake by finding the message they got in the guide's table
(docs/editing-guide/, 「チェックが失敗したら」). Each test here makes one of the
table's data mistakes on a copy of calculators/data/, formats the problem as the
check's first step does (tools/staff_check.py: 「path N行目: message」) and asserts
that both language versions of the guide quote it, line number included. The
quotes had drifted (old line numbers, a `path:55:` form the check never prints)
because nothing read them.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import data_checks as d
import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDES = [ROOT / "docs" / "editing-guide" / name for name in ("index.md", "index.en.md")]
ENTRY = "electricity.national_average"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "calculators" / "data", tmp_path / "calculators" / "data")
    shutil.copytree(ROOT / "docs" / "methodology", tmp_path / "docs" / "methodology")
    return tmp_path


def set_line(root: Path, key: str, row: str) -> None:
    """Replace the KEY line of the entry in factors.toml with ROW."""
    path = root / "calculators" / "data" / "factors.toml"
    text = path.read_text(encoding="utf-8")
    line = d.entry_line(text, ENTRY, key)
    rows = text.splitlines(keepends=True)
    assert rows[line - 1].startswith(f"{key} = "), rows[line - 1]
    rows[line - 1] = row + "\n"
    path.write_text("".join(rows), encoding="utf-8")


def printed(root: Path) -> str:
    """The one finding the check's first step prints for the copy, as tools/dev check does."""
    problems = d.consistency_problems(root)
    assert len(problems) == 1, problems
    p = problems[0]
    return f"{p.path} {p.line}行目: {p.message}"


@pytest.mark.parametrize(
    "key,row",
    [
        ("value", "value = 0,415"),
        ("value", 'value = "0,415"'),
        ("value", "value = 4.15"),
        ("value", "vlaue = 0.415"),
        ("fiscal_year", 'fiscal_year = "FY2025'),
        ("value", "value = 0.4l5"),
    ],
    ids=["comma", "quoted", "decimal-point", "misspelt-key", "closing-quote", "letter-for-digit"],
)
def test_the_guide_quotes_the_message_for_a_data_mistake(copy: Path, key: str, row: str) -> None:
    set_line(copy, key, row)
    message = printed(copy)
    for guide in GUIDES:
        assert f"`{message}`" in guide.read_text(encoding="utf-8"), (
            f"{guide.relative_to(ROOT)}: the table should quote `{message}`"
        )


def test_the_guide_quotes_where_a_forgotten_note_value_is_named(copy: Path) -> None:
    """The value changed and its copy in note not: the guide quotes the line and the entry
    (the figures after 「note に」 are an example, whatever this year's value is)."""
    current = tomllib.loads(
        (copy / "calculators" / "data" / "factors.toml").read_text(encoding="utf-8")
    )["electricity"]["national_average"]["value"]
    set_line(copy, "value", f"value = {0.415 if current != 0.415 else 0.416}")
    # After a real update to 0.415 the history row disagrees with 0.416 too: take the note's.
    notes = [p for p in d.consistency_problems(copy) if "の note に「" in p.message]
    assert len(notes) == 1, notes
    message = f"{notes[0].path} {notes[0].line}行目: {notes[0].message}"
    start = message.split("の note に「")[0] + "の note に「"
    assert start.startswith("calculators/data/factors.toml ") and "行目: " in start
    for guide in GUIDES:
        assert f"`{start}" in guide.read_text(encoding="utf-8"), guide.name


CHART_MISTAKES = {
    # Excel saves a CSV as Shift_JIS: the carbon balance file has Japanese from line 2 on.
    "shift-jis": ("carbon-balance-2019.csv", lambda text: text, "shift_jis"),
    # A comma inside a number, in the 2025 row (new years are added below it: its line stays).
    "comma-in-number": (
        "noaa-co2-annmean-mlo.csv",
        lambda text: re.sub(r"(?m)^2025,(\d+)\.(\d+),", r"2025,\1,\2,", text),
        "utf-8",
    ),
}


@pytest.mark.parametrize("mistake", CHART_MISTAKES)
def test_the_guide_quotes_the_message_for_a_chart_csv_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mistake: str
) -> None:
    """The mistake made on a copy of the chart's CSV file and read by the chart hook, as the
    check's first step does: both guides quote the finding, file and line included."""
    name, edit, encoding = CHART_MISTAKES[mistake]
    source = ROOT / "docs" / "global-warming" / name
    text = source.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text or encoding != "utf-8"
    copy = tmp_path / name
    copy.write_bytes(changed.encode(encoding))
    monkeypatch.syspath_prepend(str(ROOT / "overrides" / "hooks"))  # as tools/staff_check.py does
    import charts

    header = text.splitlines()[0].split(",")
    with pytest.raises(charts.ChartDataError) as caught:
        charts.read_rows(copy, header)
    message = f"docs/global-warming/{name} {caught.value.line}行目: {caught.value.sentence}"
    for guide in GUIDES:
        assert f"`{message}`" in guide.read_text(encoding="utf-8"), (
            f"{guide.relative_to(ROOT)}: the table should quote `{message}`"
        )
