"""Consistency across entries and pages: the checks that catch a yearly update done half-way.

Each test works on a small copy (calculators/data/ and docs/methodology/) in a
temporary folder, makes the update the way the editing guide describes
(tests/data/yearly.py) and then one mistake, and asserts the one Japanese
sentence a staff member gets: the file, the line and what to write. Every
year and value is read from the data, so the tests keep working after any
real update.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import data_checks as d
import pytest
import quality_checks as q
import yearly

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """calculators/data/ and docs/methodology/ of the repository, in a temporary root."""
    shutil.copytree(ROOT / "calculators" / "data", tmp_path / "calculators" / "data")
    shutil.copytree(ROOT / "docs" / "methodology", tmp_path / "docs" / "methodology")
    return tmp_path


def factors(root: Path) -> Path:
    return root / "calculators" / "data" / "factors.toml"


def edit_entry(root: Path, fid: str, key: str, value: str) -> int:
    """Set KEY of [FID] in factors.toml to VALUE (TOML text); returns the line edited."""
    path = factors(root)
    text = path.read_text(encoding="utf-8")
    line = d.entry_line(text, fid, key)
    rows = text.splitlines(keepends=True)
    assert rows[line - 1].startswith(f"{key} = "), rows[line - 1]
    rows[line - 1] = f"{key} = {value}\n"
    path.write_text("".join(rows), encoding="utf-8")
    return line


def test_the_real_data_and_history_are_consistent() -> None:
    """The repository as it is: no document, publication or history mismatch."""
    assert d.consistency_problems(ROOT) == []


def test_fiscal_years_are_read_in_every_form() -> None:
    """R7年度, 令和7年度, 令和元年度, 平成30年度, 2025年度 and FY2025 are fiscal years; a date is not."""
    assert [y for y, _ in d.named_years("－R7年度実績－（令和8年1月9日公表）")] == [2025]
    assert [y for y, _ in d.named_years("令和7年度 令和元年度 平成30年度")] == [2025, 2019, 2018]
    assert [y for y, _ in d.named_years("2025年度 FY2025 FY 2024")] == [2025, 2025, 2024]
    assert d.named_years("2025年12月19日、CR7年度") == []
    assert d.fiscal_years("FY2024") == {2024}
    assert d.fiscal_years("FY2022–FY2023") == {2022, 2023}
    assert d.fiscal_years("2023") is None and d.fiscal_years("long-standing") is None


def test_the_full_yearly_update_is_consistent(copy: Path) -> None:
    """Value, fiscal_year, document (R6 → R7) of every electricity entry, and a history row
    in both languages (the Japanese one copying 「R7年度実績」): nothing to report."""
    change = yearly.update_electricity_year(copy)
    assert change.new_year == change.old_year + 1
    assert "electricity.zero_carbon" in change.entries
    assert d.consistency_problems(copy) == []
    page, english = (copy / "docs" / "methodology" / n for n in ("index.md", "index.en.md"))
    assert f"R{change.new_reiwa}年度実績" in page.read_text(encoding="utf-8")
    assert f"FY{change.new_year} actuals" in english.read_text(encoding="utf-8")


def test_the_wrong_fix_fails_with_one_sentence_naming_file_and_line(copy: Path) -> None:
    """The update done, then fiscal_year set back to last year while the document says R7:
    one Japanese sentence, at the fiscal_year line of factors.toml, saying what to write."""
    change = yearly.update_electricity_year(copy)
    line = edit_entry(copy, "electricity.national_average", "fiscal_year", f'"FY{change.old_year}"')
    problems = d.consistency_problems(copy)
    assert [str(p) for p in problems] == [
        f"calculators/data/factors.toml:{line}: [electricity.national_average]の資料名（document）は "
        f'R{change.new_reiwa}年度（{change.new_year}年度）なのに fiscal_year が "FY{change.old_year}" なので、'
        f'資料に合わせて fiscal_year = "FY{change.new_year}" にしてください（資料名のほうがちがうときは document を直します）'
    ]
    assert problems[0].path == "calculators/data/factors.toml" and problems[0].line == line


def test_every_entry_set_back_is_still_one_message(copy: Path) -> None:
    """fiscal_year set back on all five electricity entries of factors.toml: one message that
    names the first and counts the others."""
    change = yearly.update_electricity_year(copy)
    path = factors(copy)
    text = path.read_text(encoding="utf-8")
    electricity = text.split("[city_gas.")[0]
    path.write_text(
        electricity.replace(f'"FY{change.new_year}"', f'"FY{change.old_year}"')
        + text[len(electricity) :],
        encoding="utf-8",
    )
    problems = [str(p) for p in d.consistency_problems(copy)]
    assert len(problems) == 1, problems
    assert (
        problems[0].startswith("calculators/data/factors.toml:")
        and "[electricity.national_average] ほか4項目の資料名" in problems[0]
    )


def set_back(root: Path, fid: str, change: yearly.Update) -> None:
    """Undo the update of one entry: last year's fiscal_year and document."""
    text = factors(root).read_text(encoding="utf-8")
    edit_entry(root, fid, "fiscal_year", f'"FY{change.old_year}"')
    line = d.entry_line(text, fid, "document")
    rows = factors(root).read_text(encoding="utf-8").splitlines(keepends=True)
    rows[line - 1] = rows[line - 1].replace(f"R{change.new_reiwa}年度", f"R{change.old_reiwa}年度")
    factors(root).write_text("".join(rows), encoding="utf-8")


def test_a_partial_update_names_the_entries_left_behind(copy: Path) -> None:
    """Three electricity entries left at last year (documents and years agreeing): one message
    at the first of them, naming them all and the two ways out."""
    change = yearly.update_electricity_year(copy)
    behind = ("electricity.substitute", "electricity.tepco_residual", "electricity.tepco_company")
    for fid in behind:
        set_back(copy, fid, change)
    problems = d.consistency_problems(copy)
    assert len(problems) == 1, [str(p) for p in problems]
    text = factors(copy).read_text(encoding="utf-8")
    line = d.entry_line(text, "electricity.substitute", "fiscal_year")
    message = str(problems[0])
    assert message.startswith(
        f"calculators/data/factors.toml:{line}: 「電気事業者別排出係数」の項目の年度がそろっていません"
    )
    assert f"{'、'.join(f'[{fid}]' for fid in behind)} は FY{change.old_year}" in message
    assert "fiscal_year_differs" in message


def test_a_declared_exception_lets_one_entry_run_ahead(copy: Path) -> None:
    """Only the national average is out: the new year on that entry with fiscal_year_differs
    saying why, the rest unchanged, and a history row for it, pass."""
    before = d.entries(copy / "calculators" / "data")
    old = next(e for e in before if e.fid == "electricity.national_average")
    year = d.fiscal_years(old.fiscal_year)
    assert year is not None
    new_year = max(year) + 1
    path = factors(copy)
    text = path.read_text(encoding="utf-8")
    line = d.entry_line(text, "electricity.national_average", "fiscal_year")
    rows = text.splitlines(keepends=True)
    rows[line - 1] = (
        f'fiscal_year = "FY{new_year}"\n'
        'fiscal_year_differs = "全国平均係数だけが先に公表された（事業者別の一覧はまだ）"\n'
    )
    document = d.entry_line(text, "electricity.national_average", "document")
    rows[document - 1] = rows[document - 1].replace(
        f"R{max(year) - 2018}年度", f"R{new_year - 2018}年度"
    )
    path.write_text("".join(rows), encoding="utf-8")
    assert [str(p) for p in d.consistency_problems(copy)] != []  # the history row is missing
    change = yearly.Update(old.keys["value"], old.keys["value"], max(year), new_year, ())
    yearly.add_history_rows(copy, change)
    assert [str(p) for p in d.consistency_problems(copy)] == []


@pytest.mark.parametrize("language", ["index.md", "index.en.md"])
def test_a_missing_history_row_is_named_in_each_language(copy: Path, language: str) -> None:
    """The update without its history row in one language: one message at that page's newest
    electricity row, naming the year to add."""
    yearly.update_electricity_year(copy)
    page = copy / "docs" / "methodology" / language
    rows = page.read_text(encoding="utf-8").splitlines(keepends=True)
    page.write_text("".join(r for r in rows if "2027" not in r), encoding="utf-8")
    problems = d.consistency_problems(copy)
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].path == f"docs/methodology/{language}"
    assert problems[0].line > 0
    assert "データの更新履歴のいちばん新しい電気の行は" in problems[0].message


def test_a_history_row_with_the_wrong_value_or_year_is_named(copy: Path) -> None:
    """The newest electricity row must name the data's year and, when it names values, one of
    the data's values: a typo in either gives one message at that row."""
    change = yearly.update_electricity_year(copy)
    page = copy / "docs" / "methodology" / "index.md"
    good = page.read_text(encoding="utf-8")
    row = max(n for n, r in enumerate(good.splitlines(), 1) if "2027年1月20日" in r)
    page.write_text(good.replace(f"から {change.new_value}", "から 0.451"), encoding="utf-8")
    problems = [str(p) for p in d.consistency_problems(copy)]
    assert problems == [
        f"docs/methodology/index.md:{row}: データの更新履歴のいちばん新しい電気の行の数値"
        f"（{change.old_value:g}、0.451）が、calculators/data/factors.toml の「電気事業者別排出係数」の値の"
        "どれとも合わないので、データファイルの値をそのまま書いてください"
    ]
    page.write_text(
        good.replace(f"R{change.new_reiwa}年度実績", f"R{change.old_reiwa}年度実績"),
        encoding="utf-8",
    )
    problems = [str(p) for p in d.consistency_problems(copy)]
    assert len(problems) == 1 and problems[0].startswith(f"docs/methodology/index.md:{row}: ")
    assert (
        f"{change.old_year}年度 ですが" in problems[0] and f"FY{change.new_year}" not in problems[0]
    )


def test_an_era_year_in_the_japanese_row_matches_fy_in_the_english_row(copy: Path) -> None:
    """「R7年度実績」 in the Japanese history row and "FY2025 actuals" in the English one are the
    same figure for the page-pair check (no 「数値が合いません（日本語だけ: 7）」)."""
    yearly.update_electricity_year(copy)
    assert q.check_counterparts(copy / "docs", copy) == []
    page = copy / "docs" / "methodology" / "index.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        re.sub(r"FY(\d{4}) actuals\.", r"FY\1 figures, revised.", text), encoding="utf-8"
    )
    assert q.check_counterparts(copy / "docs", copy) == []
    page.write_text(text.replace("20 January 2027", "21 January 2027"), encoding="utf-8")
    problems = q.check_counterparts(copy / "docs", copy)
    assert len(problems) == 1 and problems[0].line > 0, problems


def test_a_misplaced_decimal_point_is_one_sentence_at_the_value_line(copy: Path) -> None:
    """The update done with 4.15 typed for 0.415: the file, the value's line, and what to
    check, in Japanese (before, only an English assertion in the test log said so)."""
    change = yearly.update_electricity_year(copy)
    typed = round(change.new_value * 10, 6)
    line = edit_entry(copy, "electricity.national_average", "value", repr(typed))
    problems = d.consistency_problems(copy)
    assert [(p.path, p.line) for p in problems] == [("calculators/data/factors.toml", line)]
    assert str(problems[0]).startswith(
        f"calculators/data/factors.toml:{line}: [electricity.national_average] の value = {typed} は、"
        "kg-CO2/kWh の係数としては大きすぎます（ふつうは 0.0〜1.0）。"
    )


def test_a_note_left_at_last_years_value_is_one_sentence_at_the_note_line(copy: Path) -> None:
    """The update done except the note's copy of the value (0.000423 t-CO2/kWh, as the list
    writes it): the note's line, the number written and the one to write."""
    change = yearly.update_electricity_year(copy)
    path = factors(copy)
    new, old = f"{change.new_value / 1000:.6f}", f"{change.old_value / 1000:.6f}"
    text = path.read_text(encoding="utf-8")
    assert f"{new} t-CO2/kWh" in text
    path.write_text(text.replace(f"{new} t-CO2/kWh", f"{old} t-CO2/kWh", 1), encoding="utf-8")
    line = d.entry_line(path.read_text(encoding="utf-8"), "electricity.national_average", "note")
    problems = d.consistency_problems(copy)
    assert [(p.path, p.line) for p in problems] == [("calculators/data/factors.toml", line)]
    assert str(problems[0]) == (
        f"calculators/data/factors.toml:{line}: [electricity.national_average] の note に"
        f"「{old} t-CO2/kWh」とありますが、value は {change.new_value} です。"
        f"note の数を {new} に直してください（t-CO2/kWh の数は、value の 1,000分の1です）"
    )
