"""What `tools/dev check` prints for the usual mistakes: one plain message in the first 10 lines.

Each test copies the repository (tests/data/yearly.py: .venv and node_modules
linked, build caches copied), makes one mistake a staff member makes, runs the
real ``tools/dev check`` in the copy and reads the first 10 lines of what it
prints. Each mistake must come out once, as one numbered line with the file,
the line and what to write. These mistakes are all found before any test runs
(they would break the build), so the inner check stops there; it is given
``--collect-only`` so that, if it ever did not stop, it would report success and
the test would fail rather than run the suite again. A mistake that needs no
copy to show (a diagram's name) is checked on the page step alone
(``staff_check.page_findings``).

The tests that copy the repository are marked ``slow``: they check the check's
own messages, not the data, so ``tools/dev test`` runs them and the staff's
``tools/dev check`` after a data change does not wait for them (about 10 s).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))

import data_checks
import yearly

FACTORS = "calculators/data/factors.toml"
METHODOLOGY = "docs/methodology/index.md"


def run_check(repo: Path) -> list[str]:
    """`tools/dev check` in the copy: its first 10 lines (stdout and stderr as a terminal shows them)."""
    env = {k: v for k, v in os.environ.items() if k not in {"CALCULATORS_DATA_DIR", "PYTHONPATH"}}
    done = subprocess.run(
        [str(repo / "tools" / "dev"), "check", "--collect-only"],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert done.returncode != 0, "\n".join(lines)
    return lines[:10]


def edit(repo: Path, name: str, change: Callable[[str], str]) -> None:
    path = repo / name
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the mistake did not apply to {name}"
    path.write_text(changed, encoding="utf-8")


def line_in(repo: Path, name: str, fid: str, key: str) -> int:
    return data_checks.entry_line((repo / name).read_text(encoding="utf-8"), fid, key)


def value_line(repo: Path) -> tuple[int, str]:
    """The national average's value line and its number as written."""
    text = (repo / FACTORS).read_text(encoding="utf-8")
    line = data_checks.entry_line(text, "electricity.national_average", "value")
    return line, text.splitlines()[line - 1].split("=", 1)[1].strip()


def set_value(repo: Path, written: str) -> None:
    line, _ = value_line(repo)
    rows = (repo / FACTORS).read_text(encoding="utf-8").splitlines(keepends=True)
    rows[line - 1] = f"value = {written}\n"
    (repo / FACTORS).write_text("".join(rows), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    yearly.copy_repository(root)
    return root


@pytest.fixture
def staff_check(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """tools/staff_check.py, the module tools/dev check runs (its first step, without a build)."""
    monkeypatch.syspath_prepend(str(yearly.ROOT / "tools"))
    import staff_check as module

    return module


def write_page(root: Path, name: str, text: str) -> Path:
    """ROOT/docs/NAME with TEXT (folders made as needed)."""
    page = root / "docs" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return page


def one_message(lines: list[str]) -> str:
    """The single numbered finding among the first 10 lines (fails if there are more or none)."""
    numbered = [line for line in lines if re.match(r"^\d+\. ", line)]
    assert len(numbered) == 1, "\n".join(lines)
    assert any("直すところが 1 か所あります" in line for line in lines), "\n".join(lines)
    return numbered[0]


@pytest.mark.slow
def test_a_missing_closing_quote(repo: Path) -> None:
    """fiscal_year = "FY2024 (no closing "): the line and 「文字列の終わりの " がありません」."""
    line = line_in(repo, FACTORS, "electricity.national_average", "fiscal_year")
    rows = (repo / FACTORS).read_text(encoding="utf-8").splitlines(keepends=True)
    rows[line - 1] = rows[line - 1].rstrip("\n").rstrip('"') + "\n"
    (repo / FACTORS).write_text("".join(rows), encoding="utf-8")
    message = one_message(run_check(repo))
    assert message.startswith(
        f'1. {FACTORS} {line}行目: 文字列の終わりの " がありません。行の最後に " を足してください'
    )


@pytest.mark.slow
def test_a_decimal_comma(repo: Path) -> None:
    """value = 0,415: 「小数点はカンマではなくドット（0.415）です」 and the line to write."""
    line, written = value_line(repo)
    set_value(repo, written.replace(".", ","))
    message = one_message(run_check(repo))
    assert message == (
        f"1. {FACTORS} {line}行目: 小数点はカンマではなくドット（{written}）です。value = {written} と書いてください"
    )


@pytest.mark.slow
def test_a_quoted_decimal_comma(repo: Path) -> None:
    """value = "0,415": the entry, the line, no quotes and a dot."""
    line, written = value_line(repo)
    set_value(repo, '"' + written.replace(".", ",") + '"')
    message = one_message(run_check(repo))
    assert message == (
        f'1. {FACTORS} {line}行目: [electricity.national_average] の value は数なので " でかこまず、'
        f"小数点はカンマではなくドットにして、value = {written} と書いてください"
    )


@pytest.mark.slow
def test_a_misplaced_decimal_point(repo: Path) -> None:
    """value = 4.23 for 0.423: the entry, the line, the usual range and what to check."""
    line, written = value_line(repo)
    typed = f"{float(written) * 10:g}"
    set_value(repo, typed)
    message = one_message(run_check(repo))
    assert message.startswith(
        f"1. {FACTORS} {line}行目: [electricity.national_average] の value = {typed} は、"
        "kg-CO2/kWh の係数としては大きすぎます"
    )


@pytest.mark.slow
def test_a_marker_typo(repo: Path) -> None:
    """md:figure lpg.propane_densty: the page, the line and 「もしかして lpg.propane_density」."""
    edit(
        repo,
        METHODOLOGY,
        lambda t: t.replace("md:figure lpg.propane_density", "md:figure lpg.propane_densty", 1),
    )
    text = (repo / METHODOLOGY).read_text(encoding="utf-8")
    line = text[: text.index("lpg.propane_densty")].count("\n") + 1
    message = one_message(run_check(repo))
    assert message.startswith(
        f"1. {METHODOLOGY} {line}行目: 図のID「lpg.propane_densty」はデータにありません。"
        "もしかして lpg.propane_density ですか？"
    )


@pytest.mark.slow
def test_a_broken_link(repo: Path) -> None:
    """(../calculater/index.md): the page, the line, in Japanese, and the page meant."""
    edit(
        repo,
        METHODOLOGY,
        lambda t: t.replace("(../calculator/index.md)", "(../calculater/index.md)", 1),
    )
    text = (repo / METHODOLOGY).read_text(encoding="utf-8")
    line = text[: text.index("calculater")].count("\n") + 1
    message = one_message(run_check(repo))
    assert message.startswith(
        f"1. {METHODOLOGY} {line}行目: リンク先 ../calculater/index.md がありません"
    )
    assert "もしかして ../calculator/index.md ですか？" in message


@pytest.mark.slow
def test_the_wrong_fix_of_a_yearly_update(repo: Path) -> None:
    """The whole update, then fiscal_year set back to last year with the R7 document kept:
    one sentence at the fiscal_year line saying which year to write."""
    change = yearly.update_electricity_year(repo)
    line = line_in(repo, FACTORS, "electricity.national_average", "fiscal_year")
    rows = (repo / FACTORS).read_text(encoding="utf-8").splitlines(keepends=True)
    rows[line - 1] = f'fiscal_year = "FY{change.old_year}"\n'
    (repo / FACTORS).write_text("".join(rows), encoding="utf-8")
    message = one_message(run_check(repo))
    assert message.startswith(
        f"1. {FACTORS} {line}行目: [electricity.national_average]の資料名（document）は R"
    )
    assert f'fiscal_year = "FY{change.new_year}" にしてください' in message


GLOBAL_WARMING = "docs/global-warming/index.md"
CO2_CSV = "docs/global-warming/noaa-co2-annmean-mlo.csv"


@pytest.mark.slow
def test_a_chart_name_typo(repo: Path) -> None:
    """md:chart co2-concentraton: the page, the line and 「もしかして co2-concentration」,
    found before the build (it used to surface later as an English build error)."""
    edit(
        repo,
        GLOBAL_WARMING,
        lambda t: t.replace("md:chart co2-concentration", "md:chart co2-concentraton", 1),
    )
    text = (repo / GLOBAL_WARMING).read_text(encoding="utf-8")
    line = text[: text.index("co2-concentraton")].count("\n") + 1
    message = one_message(run_check(repo))
    assert message == (
        f"1. {GLOBAL_WARMING} {line}行目: グラフ「co2-concentraton」はありません。"
        "もしかして co2-concentration ですか？"
        "<!-- md:chart 名前 --> の名前は carbon-balance、co2-concentration、temperature のどれかにしてください"
    )


@pytest.mark.slow
def test_a_unit_typed_into_a_chart_csv(repo: Path) -> None:
    """The yearly update: next year's CO₂ row with its unit typed in ("431.20ppm"). The CSV,
    its line and what to write, once, although two pages draw the chart."""
    rows = (repo / CO2_CSV).read_text(encoding="utf-8").splitlines()
    year = int(rows[-1].split(",")[0]) + 1
    rows.append(f"{year},431.20ppm,0.12")
    (repo / CO2_CSV).write_text("\n".join(rows) + "\n", encoding="utf-8")
    message = one_message(run_check(repo))
    assert message == (
        f"1. {CO2_CSV} {len(rows)}行目: mean_ppm の列の「431.20ppm」は数ではありません。"
        "半角の数字と小数点（.）で書いてください（まだ数がない年は、行ごと消してください）"
    )


def test_a_diagram_name_typo_is_one_finding(tmp_path: Path, staff_check: ModuleType) -> None:
    """md:diagram sorces on a page: one finding, at its line, with 「もしかして sources」
    (tools/staff_check.py's page step, without a build)."""
    page = write_page(
        tmp_path,
        "kids/index.md",
        "---\ntitle: こども\n---\n\n# こども\n\n<!-- md:diagram steps -->\n\n<!-- md:diagram sorces -->\n",
    )
    assert [str(f) for f in staff_check.page_findings(page, tmp_path)] == [
        "docs/kids/index.md 9行目: 授業の図「sorces」はありません。もしかして sources ですか？"
        "<!-- md:diagram 名前 --> の名前は steps、sources、credit のどれかにしてください"
    ]


def test_marker_arguments_are_findings_before_the_build(
    tmp_path: Path, staff_check: ModuleType
) -> None:
    """A calculator name, a factor-table group or an argument on md:release-calendar that
    the build would stop on: one finding each, at its line, in the build's own words."""
    page = write_page(
        tmp_path,
        "calculator/index.md",
        "---\ntitle: 計算\n---\n\n# 計算\n\n<!-- md:calculator houshold -->\n\n"
        "<!-- md:factor-table electricty -->\n\n<!-- md:release-calendar 2027 -->\n"
        "<!-- md:factor-table electricity fuel -->\n<!-- md:calculator household -->\n",
    )
    found = [str(f) for f in staff_check.page_findings(page, tmp_path)]
    assert len(found) == 3, found
    assert found[0] == (
        "docs/calculator/index.md 7行目: 計算機「houshold」はありません。"
        "計算機は1つだけなので、<!-- md:calculator household --> と書いてください"
    )
    assert found[1].startswith(
        "docs/calculator/index.md 9行目: <!-- md:factor-table --> のグループ「electricty」は"
        "データにありません。もしかして electricity ですか？"
    )
    assert found[2].startswith("docs/calculator/index.md 11行目: <!-- md:release-calendar -->")


def test_markers_that_take_nothing_are_findings_before_the_build(
    tmp_path: Path, staff_check: ModuleType
) -> None:
    """Words after md:diary, md:diary-format or md:exercise-answers (which the build would stop
    on): one finding each, at its line; the bare markers are fine."""
    page = write_page(
        tmp_path,
        "log/index.md",
        "---\ntitle: 記録\n---\n\n# 記録\n\n<!-- md:diary 2025 -->\n<!-- md:diary-format csv -->\n"
        "<!-- md:exercise-answers all -->\n<!-- md:diary -->\n<!-- md:exercise-answers -->\n",
    )
    assert [str(f) for f in staff_check.page_findings(page, tmp_path)] == [
        f"docs/log/index.md {line}行目: <!-- md:{name} --> には名前や数を書けません。"
        f"<!-- md:{name} --> とだけ書いてください"
        for line, name in ((7, "diary"), (8, "diary-format"), (9, "exercise-answers"))
    ]


@pytest.mark.parametrize(
    ("blocks", "line", "message"),
    [
        (
            "~~~python exercize\nx = 0\n~~~\n",
            9,
            "~~~python exercize というブロックはありません。もしかして ~~~python exercise ですか？",
        ),
        (
            "~~~python exercise\nx = 0\n~~~\n\n~~~python check\nassert x\n~~~\n",
            13,
            "ここには ~~~python answer のブロックが来るはずですが、~~~python check になっています。",
        ),
        (
            "~~~python exercise\nx = 0\n~~~\n\n~~~python answer\nx = 1\n",
            13,
            "~~~ で始まるブロックが閉じていません。",
        ),
    ],
)
def test_a_wrong_exercise_block_is_a_finding_before_the_build(
    tmp_path: Path, staff_check: ModuleType, blocks: str, line: int, message: str
) -> None:
    """An unknown block name, blocks out of order, a block left open: one finding at the line
    of the file (front matter included), in the sentence the build stops with, before any test
    runs (the build would fail every test that reads the site)."""
    page = write_page(
        tmp_path,
        "python/index.md",
        "---\ntitle: Python\n---\n\n# Python\n\n演習です。\n\n" + blocks,
    )
    found = [str(f) for f in staff_check.page_findings(page, tmp_path)]
    assert len(found) == 1, found
    assert found[0].startswith(f"docs/python/index.md {line}行目: {message}"), found


def test_a_page_without_its_other_language_is_a_finding_before_the_build(
    tmp_path: Path, staff_check: ModuleType
) -> None:
    """A new Japanese page without index.en.md (the strict build stops on it, and step 2 gave
    the pair check's sentence and the build's English warning, two groups): one finding, the
    file to create; an English page alone names the Japanese one."""
    for name in ("power/index.md", "heat/index.en.md", "both/index.md", "both/index.en.md"):
        write_page(tmp_path, name, "# page\n")
    assert [str(f) for f in staff_check.counterpart_findings(tmp_path)] == [
        "docs/heat/index.en.md: 日本語のページ docs/heat/index.md がありません。英語のページだけがあります",
        "docs/power/index.md: 英語のページ docs/power/index.en.md がありません。"
        "翻訳を index.en.md という名前で同じフォルダに置いてください",
    ]


@pytest.mark.slow
def test_a_mistake_only_the_tests_find_is_one_message_with_its_line(repo: Path) -> None:
    """「カーボンオフセット」 typed on a page: nothing for the staff step, so the fast tests run
    (the real suite, in the copy); the summary gives the textlint sentence once, with the
    file and the line, however many tests read that page."""
    page = "docs/offsetting/index.md"
    edit(
        repo,
        page,
        lambda t: t.replace("カーボン・オフセットの3つめ", "カーボンオフセットの3つめ", 1),
    )
    text = (repo / page).read_text(encoding="utf-8")
    line = text[: text.index("カーボンオフセットの3つめ")].count("\n") + 1
    env = {k: v for k, v in os.environ.items() if k not in {"CALCULATORS_DATA_DIR", "PYTHONPATH"}}
    done = subprocess.run(
        [str(repo / "tools" / "dev"), "check"],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=900,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert done.returncode != 0, done.stdout
    first = "\n".join(lines[:10])
    assert "チェックの結果: 直すところが 1 種類あります。" in first, done.stdout
    numbered = [row for row in lines[:10] if re.match(r"^\d+\. ", row)]
    assert numbered == ["1. 日本語の文章の検査（textlint）で直してほしい箇所があります（1件）"], (
        first
    )
    assert any(
        row.strip().startswith(
            f"1. {page}:{line}: 「カーボンオフセット」は「カーボン・オフセット」と書きます"
        )
        for row in lines[:10]
    ), first
