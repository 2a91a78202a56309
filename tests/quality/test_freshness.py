"""The release calendar: which figures are due for a new release, and when (issue 18).

``calculators/_freshness.py`` reads each entry's ``checked`` and ``next_release``;
``today`` is a parameter, so these tests can ask what is due now and a year from
now. Staleness never fails a build: these tests check the report, not the data's age.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from calculators import DataError, load_figures
from calculators import _freshness as fresh
from calculators._data import load_figures_from

ROOT = Path(__file__).resolve().parents[2]
#: The day issue 18's data was checked and the branch was submitted.
SUBMITTED = date(2026, 12, 4)
A_YEAR_LATER = date(2027, 12, 4)

ENTRY = """
[t.{key}]
value = 1
unit = "kg-CO2/kWh"
label_ja = "テスト"
label_en = "Test"
publisher = "環境省"
document = "資料"
fiscal_year = "FY2024"
url = "https://www.env.go.jp/"
note = ""
{extra}
"""


def entries(**extras: str) -> dict[str, object]:
    text = "".join(ENTRY.format(key=k, extra=v) for k, v in extras.items())
    return dict(load_figures_from({"t.toml": text}))


def test_nothing_is_overdue_on_the_submission_date() -> None:
    """Every release expected by December 2026 was looked for on 2026-12-04."""
    assert fresh.due(load_figures().values(), SUBMITTED) == []
    assert fresh.unrecorded(load_figures().values()) == []


def test_a_year_ahead_lists_the_releases_expected_by_then_and_not_the_fixed_facts() -> None:
    """On 2027-12-04 the yearly releases of 2027 are due; fixed facts and December releases are not."""
    figures = load_figures()
    listed = {f.id for f in fresh.due(figures.values(), A_YEAR_LATER)}
    for fid in (
        "electricity.national_average",  # the ministries' list, January 2027
        "climate.warming_2025",  # WMO's consolidated 2026 figure, January 2027
        "climate.co2_mlo_2025",  # NOAA's annual file, January 2027
        "city_gas.tokyo_gas",  # the gas list, June 2027
        "ward.co2_latest",  # the ward's spring update, still missing
        "average.moe_household_all",  # the household survey, still missing
        "climate.gcb2025_budget_1_5c",  # Global Carbon Budget 2026, still missing
    ):
        # After a yearly update the entry's next release moves on a year: not due then.
        if figures[fid].next_release <= "2027-11":
            assert fid in listed, fid
    for fid in (
        "climate.warming_2024",  # a past year's value
        "ward.co2_fy2013",  # the base year
        "legacy.gasoline",  # an old statutory value
        "climate.paris_goal_limit",  # a treaty's goal
    ):
        assert fid not in listed, fid
    expected = {
        fid
        for fid, f in figures.items()
        if f.next_release != "none" and f.next_release <= "2027-11"
    }
    assert listed == expected
    months = [fresh.expected_month(f) for f in fresh.due(figures.values(), A_YEAR_LATER)]
    assert months == sorted(months), "oldest expected release first"


def test_the_rule_for_a_release_that_was_late_when_last_checked() -> None:
    """Due once the month has ended and nobody looked since; a check that found nothing
    puts it off for RECHECK_DAYS, then it comes back."""
    figs = entries(
        expected_jan='checked = 2026-12-04\nnext_release = "2027-01"',
        looked_late='checked = 2027-02-03\nnext_release = "2027-01"',
        december='checked = 2026-12-04\nnext_release = "2027-12"',
        fixed='checked = 2026-12-04\nnext_release = "none"',
    )
    due_on = lambda day: {f.id for f in fresh.due(figs.values(), day)}  # noqa: E731
    assert due_on(date(2027, 1, 31)) == set()  # the month is not over
    assert due_on(date(2027, 2, 1)) == {"t.expected_jan"}
    assert due_on(date(2027, 2, 5)) == {"t.expected_jan"}  # checked on 2-03: not yet again
    assert due_on(date(2027, 3, 7)) == {"t.expected_jan", "t.looked_late"}  # 32 days later
    assert due_on(date(2028, 1, 1)) == {"t.expected_jan", "t.looked_late", "t.december"}


def test_the_report_names_the_publishers_page_the_file_and_the_pages_in_japanese() -> None:
    figures = load_figures()
    items = fresh.due(figures.values(), A_YEAR_LATER)
    text = fresh.report_ja(items, A_YEAR_LATER, fresh.pages_using(ROOT / "docs", items))
    assert text.startswith(
        f"次の公表の予定を過ぎたデータが{len(items)}件あります（2027年12月4日現在）。"
    )
    # The national average while it is due; after a yearly update (next release a year
    # on) the first entry due stands in. Dates and addresses come from the data.
    national = figures["electricity.national_average"]
    fig = national if national in items else items[0]
    assert fig.checked is not None
    year, month = (int(part) for part in fig.next_release.split("-"))
    checked = f"{fig.checked.year}年{fig.checked.month}月{fig.checked.day}日"
    block = text[text.index(f"（{fig.id}）") :]
    assert f"公表の予定：{year}年{month}月　最後に確かめた日：{checked}" in block
    assert f"見るページ：{fig.url}" in block
    assert f"直すファイル：calculators/data/{fig.file} の [{fig.id}]" in block
    if fig is national:
        assert f"見るページ：{national.url}（{national.publisher}）" in block
        assert re.search(r"この数字が出るページ：.*docs/methodology/index\.md", block)
    quiet = fresh.report_ja([], SUBMITTED)
    assert quiet == "次の公表の予定を過ぎたデータはありません（2026年12月4日現在）。"


def test_tools_dev_freshness_prints_the_list_and_never_fails() -> None:
    """The command line behind `tools/dev freshness` (exit status 0 even with items due)."""
    done = subprocess.run(
        [sys.executable, "-m", "calculators._freshness", "--today", "2027-12-04"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "次の公表の予定を過ぎたデータが" in done.stdout
    assert "docs/global-warming/index.md" in done.stdout
    script = (ROOT / "tools" / "dev").read_text(encoding="utf-8")
    assert "freshness)" in script
    assert script.count("-m calculators._freshness || true") == 2  # check and test


def test_the_calendar_places_every_dated_release_in_its_month() -> None:
    figures = load_figures()
    months = fresh.calendar(figures.values())
    assert list(months) == list(range(1, 13))
    placed = [f.id for entries in months.values() for f in entries]
    dated = [f.id for f in figures.values() if f.next_release != "none"]
    assert sorted(placed) == sorted(dated)
    # Each in the month its next_release names (read from the data: a yearly update may
    # move a release to another month, and the test must not need editing then).
    for fid in ("electricity.national_average", "city_gas.tokyo_gas"):
        month = int(figures[fid].next_release.split("-")[1])
        assert figures[fid] in months[month], fid


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            'checked = "2026-12-04"\nnext_release = "2027-01"',
            'checked は日付なので " でかこまず、checked = 2026-12-04 のように書いてください',
        ),
        (
            'checked = 2026-12-04T10:00:00\nnext_release = "2027-01"',
            "checked は日付だけを書きます（時刻はいりません）",
        ),
        (
            'checked = 2026-12-04\nnext_release = "2027-13"',
            'next_release は "2027-01" のような年と月か',
        ),
        (
            'checked = 2026-12-04\nnext_release = "January 2027"',
            '次の公表がない決まった値なら "none" です（いまは \'January 2027\'）',
        ),
        (
            'checked = 2026-12-04\nnext_release = "2027-01"\npublished = "soon"',
            'published は日付なので " でかこまず',
        ),
        (
            'checked = 2026-12-04\nnext_release = "2027-01"\npublisher_en = 3',
            "publisher_en は文字です",
        ),
    ],
)
def test_calendar_keys_of_the_wrong_form_name_the_file_and_the_entry(
    extra: str, message: str
) -> None:
    with pytest.raises(DataError) as caught:
        entries(x=extra)
    line = caught.value.line
    assert line > 0
    assert str(caught.value).startswith(f"calculators/data/t.toml {line}行目: [t.x] の ")
    assert message in str(caught.value)


def test_the_editing_guide_shows_the_release_calendar(built_site: Path) -> None:
    """The guide's calendar is generated at build time: one row per month, releases in it.

    The row and the year are the national average's next release as the data has it, so
    a yearly update (which moves next_release on) needs no change here."""
    fig = load_figures()["electricity.national_average"]
    year, month = (int(part) for part in fig.next_release.split("-"))
    for prefix, month_name, who in (
        ("", f"{month}月", f"{fig.publisher}（{year}年）"),
        ("en/", date(year, month, 1).strftime("%B"), f"{fig.publisher_en} ({year})"),
    ):
        page = (built_site / prefix / "editing-guide" / "index.html").read_text(encoding="utf-8")
        assert "<!-- md:release-calendar -->" not in page
        row = re.search(rf"<tr>\s*<td>{month_name}</td>(.*?)</tr>", page, re.DOTALL)
        assert row is not None, prefix
        assert who in row.group(1)
        assert "electricity.national_average" in row.group(1)


def test_a_late_release_is_awaited_only_when_its_month_ended_before_the_check() -> None:
    figs = entries(
        late='checked = 2026-12-04\nnext_release = "2025-07"',
        same_month='checked = 2025-07-20\nnext_release = "2025-07"',
        ahead='checked = 2026-12-04\nnext_release = "2027-01"',
        fixed='checked = 2026-12-04\nnext_release = "none"',
    )
    assert {f.id for f in figs.values() if fresh.awaited(f)} == {"t.late"}  # type: ignore[arg-type]


def test_a_source_line_says_on_which_day_a_late_release_was_still_missing(
    built_site: Path,
) -> None:
    """The home page's source for the national average: its year and publication, and, while
    the survey's next release is late, the day it was last looked for, in each language."""
    fig = load_figures()["average.moe_household_all"]
    ja = (built_site / "index.html").read_text(encoding="utf-8")
    en = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert f"データ：{fig.fiscal_year.removeprefix('FY')}年度" in ja
    assert f"data for {fig.fiscal_year}; published" in en
    if fresh.awaited(fig):
        assert fig.checked is not None
        day = fig.checked
        assert f"{day.year}年{day.month}月{day.day}日に確かめた時点で次の公表はまだ" in ja
        assert f"the next release was not out when checked on {day.day} " in en
    else:
        assert "次の公表はまだ" not in ja and "next release was not out" not in en
