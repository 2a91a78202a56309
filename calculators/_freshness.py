"""Which figures are due for a new release, and the yearly release calendar.

Every entry in ``calculators/data/*.toml`` records when its value was last
compared with the publisher's page (``checked``, a date) and the month the
publisher's next release is expected (``next_release``, "2027-01", or "none"
for a fixed historical fact). This module turns those two keys into:

* ``due(figures, today)``: the entries staff should re-read now, because the
  expected month has ended and nobody has looked since. An entry whose release
  was expected but was still missing when it was last checked comes back once a
  month (``RECHECK_DAYS``), so a late release is not forgotten.
* ``calendar(figures)``: which releases come in which month of the year, for the
  editing guide (``<!-- md:release-calendar -->`` in ``overrides/hooks/markers.py``).
* ``report_ja(...)``: the list in Japanese for staff, each entry with the
  publisher's page to look at, the data file to edit and the site's pages that
  show the figure.

``today`` is always a parameter, so tests can ask what will be due a year from
now. Nothing here fails a build: ``tools/dev freshness`` prints the list, and
``tools/dev check`` / ``tools/dev test`` print it before the tests.

Command line (``tools/dev freshness`` runs it from the repository's root)::

    python -m calculators._freshness [--today 2027-12-04] [--docs docs]
"""

from __future__ import annotations

import argparse
import calendar as _months
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from calculators._data import Figure, load_figures

#: After a check that found the expected release still missing, look again this many days later.
RECHECK_DAYS = 31

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_MARKER = re.compile(r"<!--\s*md:([A-Za-z0-9_-]+)((?:(?!-->).)*)-->", re.DOTALL)
#: Markers that show one figure, and the marker that shows whole groups.
_ONE_FIGURE = ("figure", "value", "source", "checked", "period")


def expected_month(fig: Figure) -> tuple[int, int] | None:
    """(year, month) of the next release, or None for "none" or when not recorded."""
    match = _MONTH.fullmatch(fig.next_release)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, _months.monthrange(year, month)[1])


def is_due(fig: Figure, today: date) -> bool:
    """True when the expected month has ended and the entry has not been re-read since,
    or was re-read, found still unpublished, more than RECHECK_DAYS ago."""
    month = expected_month(fig)
    if month is None:
        return False
    end = _month_end(*month)
    if today <= end:
        return False
    if fig.checked is None or fig.checked <= end:
        return True
    return (today - fig.checked).days > RECHECK_DAYS


def awaited(fig: Figure) -> bool:
    """True when the next release was expected before the day the entry was last checked,
    and the entry still shows the older figure: the release is late, and readers are told
    on which day it was still missing (``md:source`` in ``overrides/hooks/markers.py``)."""
    month = expected_month(fig)
    return month is not None and fig.checked is not None and _month_end(*month) < fig.checked


def due(figures: Iterable[Figure], today: date) -> list[Figure]:
    """The entries to re-read on ``today``, oldest expected release first."""
    found = [f for f in figures if is_due(f, today)]
    return sorted(found, key=lambda f: (expected_month(f) or (0, 0), f.id))


def unrecorded(figures: Iterable[Figure]) -> list[Figure]:
    """Entries without ``checked`` or ``next_release`` (the calendar cannot place them)."""
    return [f for f in figures if f.checked is None or not f.next_release]


def calendar(figures: Iterable[Figure]) -> dict[int, list[Figure]]:
    """Month of the year (1–12) → the entries whose next release is expected in it."""
    months: dict[int, list[Figure]] = {m: [] for m in range(1, 13)}
    for fig in figures:
        month = expected_month(fig)
        if month is not None:
            months[month[1]].append(fig)
    for entries in months.values():
        entries.sort(key=lambda f: (expected_month(f) or (0, 0), f.id))
    return months


def month_ja(year: int, month: int) -> str:
    return f"{year}年{month}月"


def date_ja(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def pages_using(docs: Path, figures: Iterable[Figure]) -> dict[str, list[str]]:
    """Figure id → the Markdown pages under ``docs`` that show it (through a marker)."""
    groups: dict[str, list[str]] = {}
    ids = [f.id for f in figures]
    for fid in ids:
        groups.setdefault(fid.split(".")[0], []).append(fid)
    found: dict[str, set[str]] = {fid: set() for fid in ids}
    if not docs.is_dir():
        return {}
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        where = page.as_posix()
        for match in _MARKER.finditer(text):
            name, args = match.group(1), match.group(2).split()
            if name in _ONE_FIGURE and args and args[0] in found:
                found[args[0]].add(where)
            elif name == "factor-table":
                for fid in ids if not args else [i for g in args for i in groups.get(g, [])]:
                    found[fid].add(where)
    return {fid: sorted(paths) for fid, paths in found.items() if paths}


def report_ja(
    items: Sequence[Figure],
    today: date,
    pages: dict[str, list[str]] | None = None,
    missing: Sequence[Figure] = (),
) -> str:
    """The staff's list in Japanese: what to re-read, where, and which file and pages change."""
    pages = pages or {}
    lines: list[str] = []
    if not items:
        lines.append(f"次の公表の予定を過ぎたデータはありません（{date_ja(today)}現在）。")
    else:
        lines.append(
            f"次の公表の予定を過ぎたデータが{len(items)}件あります（{date_ja(today)}現在）。"
            "公表元のページで新しい値が出ていないか確かめてください。"
        )
        for n, fig in enumerate(items, 1):
            month = expected_month(fig)
            expected = month_ja(*month) if month else "—"
            checked = date_ja(fig.checked) if fig.checked else "記録なし"
            lines.append(f"  {n}. {fig.label_ja}（{fig.id}）")
            lines.append(f"     公表の予定：{expected}　最後に確かめた日：{checked}")
            lines.append(f"     見るページ：{fig.url}（{fig.publisher}）")
            lines.append(f"     直すファイル：calculators/data/{fig.file} の [{fig.id}]")
            shown = pages.get(fig.id)
            if shown:
                lines.append(f"     この数字が出るページ：{'、'.join(shown)}")
        lines.append(
            "新しい値を書いたら checked を確かめた日に、next_release を次の公表の月に直します。"
            "まだ出ていなければ checked だけを直します（編集ガイドの「データの公表の予定」）。"
        )
    if missing:
        lines.append(
            f"checked または next_release が書かれていないデータが{len(missing)}件あります："
            + "、".join(f"calculators/data/{f.file} の [{f.id}]" for f in missing)
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the list; always exit 0 (a late release never stops a build)."""
    parser = argparse.ArgumentParser(
        prog="tools/dev freshness",
        description="次の公表の予定を過ぎたデータの一覧"
        "（calculators/data/*.toml の checked と next_release から）",
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date.today(),
        help="この日付で調べる（例：2027-12-04）",
    )
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="ページのフォルダ")
    args = parser.parse_args(argv)
    figures = list(load_figures().values())
    items = due(figures, args.today)
    print(report_ja(items, args.today, pages_using(args.docs, items), unrecorded(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
