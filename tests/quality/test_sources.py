"""Sources are the publishers' own pages, and each figure's confidence fits its source (issue 18).

The reviewed list of domains is ``calculators/data/publishers.toml``. The checks
run on the real data and pages, and on copies with a planted mirror, an
IP-address host, an http link and an over-confident entry, to show that each
fails with a Japanese message naming the file and line and saying what to do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import source_checks as sc
from quality_checks import report

from calculators import load_figures
from calculators._data import load_figures_from

MIRROR = "https://102655.qwmy.asia/news/rre/1797351.html"


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "calculators" / "data"
    shutil.copytree(sc.DATA, data)
    return data


def mark_v1(tmp_path: Path, name: str, fid: str, was: str, context: str) -> tuple[Path, str, int]:
    """In a copy of the data, mark [FID] of NAME (confidence WAS, its entry mentioning
    CONTEXT) as V1: the copy's folder, the file's new text and the confidence line."""
    data = copy_data(tmp_path)
    path = data / name
    text = path.read_text(encoding="utf-8")
    start = text.index(f"[{fid}]")
    end = text.index("\n[", start)
    entry = text[start:end]
    assert f'confidence = "{was}"' in entry and context in entry
    text = text[:start] + entry.replace(f'confidence = "{was}"', 'confidence = "V1"') + text[end:]
    path.write_text(text, encoding="utf-8")
    return data, text, text[: text.index('confidence = "V1"', start)].count("\n") + 1


def test_the_publisher_list_is_well_formed() -> None:
    """Every [[publisher]] has a domain, who and a known kind; no domain twice."""
    publishers, problems = sc.load_publishers()
    assert problems == [], report(problems, "publishers.toml の書き方")
    assert len(publishers) >= 40
    kinds = {p.kind for p in publishers}
    assert kinds == set(sc.KINDS)
    assert sc.publisher_of("policies.env.go.jp", publishers).domain == "env.go.jp"  # type: ignore[union-attr]
    assert sc.publisher_of("www.kankyo.metro.tokyo.lg.jp", publishers).kind == "publisher"  # type: ignore[union-attr]
    assert sc.publisher_of("evil-env.go.jp", publishers) is None  # a suffix, not a subdomain


def test_every_url_in_the_data_and_the_pages_is_on_a_listed_publishers_site() -> None:
    """All web addresses in calculators/data/*.toml, docs/**/*.md and the chart captions
    are on reviewed domains, over https where the publisher offers it."""
    publishers, _ = sc.load_publishers()
    files = sc.source_files()
    assert any(f.name == "prices.toml" for f in files) and any(f.suffix == ".md" for f in files)
    problems = sc.check_hosts(files, publishers)
    assert problems == [], report(problems, "発行元の一覧にないアドレス")


def test_a_mirror_planted_in_a_copy_of_the_data_fails_with_file_line_and_how_to_add(
    tmp_path: Path,
) -> None:
    """The old mirror of a trade article, put back into prices.toml, is refused."""
    data = copy_data(tmp_path)
    prices = data / "prices.toml"
    text = prices.read_text(encoding="utf-8")
    original = "https://www.rim-intelligence.co.jp/news/rre/1797351.html"
    assert original in text
    planted = text.replace(original, MIRROR, 1)
    prices.write_text(planted, encoding="utf-8")
    line = planted[: planted.index(MIRROR)].count("\n") + 1
    publishers, _ = sc.load_publishers()
    problems = sc.check_hosts(sorted(data.glob("*.toml")), publishers, base=tmp_path)
    assert [(p.path, p.line) for p in problems] == [("calculators/data/prices.toml", line)]
    message = str(problems[0])
    assert message.startswith(f"calculators/data/prices.toml:{line}: 「102655.qwmy.asia」")
    assert "発行元自身のページ" in message and "写し・ミラー" in message
    assert "calculators/data/publishers.toml に [[publisher]] を足し" in message


def test_an_ip_address_host_in_a_page_fails(tmp_path: Path) -> None:
    """A link to a numeric host (a proxy copy) is refused even if the path names a publisher."""
    page = tmp_path / "docs" / "trees" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "# 木\n\n## 出典\n\n"
        "- 林野庁の[ページ](http://40.74.122.252/index.cgi/https://www.rinya.maff.go.jp/j/x.html)\n",
        encoding="utf-8",
    )
    publishers, _ = sc.load_publishers()
    problems = sc.check_hosts([page], publishers, base=tmp_path)
    assert len(problems) == 1
    assert str(problems[0]).startswith("docs/trees/index.md:5: ")
    assert "IPアドレス" in str(problems[0])


def test_http_is_refused_where_the_publisher_offers_https_and_allowed_where_it_does_not(
    tmp_path: Path,
) -> None:
    page = tmp_path / "index.md"
    page.write_text(
        "- <http://www.env.go.jp/press/press_02944.html>\n- <http://jcdm.jp/outline/index.html>\n"
        "- <http://127.0.0.1:8000/>\n",
        encoding="utf-8",
    )
    publishers, _ = sc.load_publishers()
    problems = sc.check_hosts([page], publishers, base=tmp_path)
    assert [p.line for p in problems] == [1]
    assert "https://" in problems[0].message and "https = false" in problems[0].message


def test_each_figures_confidence_fits_the_kind_of_site_its_url_is_on() -> None:
    """V1, V2 and D only on a publisher's (or archive's) site; a secondary site means S or NV."""
    publishers, _ = sc.load_publishers()
    figures = load_figures()
    problems = sc.check_confidence(figures.values(), publishers)
    assert problems == [], report(problems, "確かさと出典のサイトが合わない数値")
    kinds = {
        fid: sc.publisher_of(f.url.split("/")[2], publishers).kind  # type: ignore[union-attr]
        for fid, f in figures.items()
    }
    assert "secondary" in kinds.values()  # the rule is exercised on real entries
    assert all(
        figures[fid].confidence in ("S", "NV") for fid, k in kinds.items() if k == "secondary"
    )


def test_v1_on_a_secondary_press_site_fails(tmp_path: Path) -> None:
    """An entry read in a news report but marked V1 is named with its file and confidence line."""
    data, text, line = mark_v1(tmp_path, "prices.toml", "price.gasoline", "S", "kab.co.jp")
    figures = load_figures_from({"prices.toml": text})
    publishers, _ = sc.load_publishers()
    problems = sc.check_confidence(figures.values(), publishers, data=data, base=tmp_path)
    assert [(p.path, p.line) for p in problems] == [("calculators/data/prices.toml", line)]
    assert "[price.gasoline] の確かさは V1" in problems[0].message
    assert 'confidence = "S"' in problems[0].message


def test_entries_read_second_hand_are_not_marked_v1() -> None:
    """The figures the fact-check found read second-hand carry a lower confidence now."""
    figures = load_figures()
    for fid in (
        "city_gas.statutory",  # via a gas company's FAQ
        "credit.municipal_forest_murakami",  # via another ward's press release
        "trees.sugi_per_tree",  # via copies of the agency's page
        "climate.ar6_budget_1_5c",  # via secondary quotes
    ):
        assert figures[fid].confidence != "V1", fid


def test_a_value_read_on_a_copy_is_not_marked_v1() -> None:
    """V1 means read on the publisher's own page; a note saying 'stored copy' means V2."""
    figures = load_figures()
    problems = sc.check_copy_confidence(figures.values())
    assert problems == [], report(problems, "写しで読んだのに V1 の数値")
    # The rule is exercised on real entries: the ward's pages were read on stored copies.
    assert figures["ward.co2_latest"].confidence == "V2"


def test_v1_with_a_note_about_a_copy_is_named(tmp_path: Path) -> None:
    """Marking a copy-read entry V1 again names its file and confidence line in Japanese."""
    data, text, line = mark_v1(tmp_path, "adachi.toml", "ward.co2_latest", "V2", "stored copy")
    figures = load_figures_from({"adachi.toml": text})
    problems = sc.check_copy_confidence(figures.values(), data=data, base=tmp_path)
    assert [(p.path, p.line) for p in problems] == [("calculators/data/adachi.toml", line)]
    assert "[ward.co2_latest] の確かさは V1" in problems[0].message
    assert 'confidence = "V2"' in problems[0].message


def test_every_entry_records_when_it_was_checked_and_the_next_release() -> None:
    problems = sc.check_calendar_keys(load_figures().values())
    assert problems == [], report(problems, "checked・next_release のない数値")


def test_an_entry_without_calendar_keys_is_named(tmp_path: Path) -> None:
    text = (sc.DATA / "trees.toml").read_text(encoding="utf-8")
    bare = "\n".join(
        row for row in text.splitlines() if not row.startswith(("checked", "next_release"))
    )
    data = tmp_path / "calculators" / "data"
    data.mkdir(parents=True)
    (data / "trees.toml").write_text(bare, encoding="utf-8")
    figures = load_figures_from({"trees.toml": bare})
    problems = sc.check_calendar_keys(figures.values(), data=data, base=tmp_path)
    assert len(problems) == 1
    assert str(problems[0]).startswith("calculators/data/trees.toml:5: [trees.sugi_per_tree]")
    assert "checked・next_release がありません" in problems[0].message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('[[publisher]]\ndomain = "www.example.jp"\nwho = "x"\nkind = "publisher"\n', "www."),
        ('[[publisher]]\ndomain = "example.jp"\nwho = "x"\nkind = "blog"\n', "kind"),
    ],
)
def test_a_malformed_publisher_entry_is_named(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "publishers.toml"
    path.write_text("# list\n\n" + line, encoding="utf-8")
    _, problems = sc.load_publishers(path, base=tmp_path)
    assert len(problems) == 1 and problems[0].line == 3
    assert expected in problems[0].message
