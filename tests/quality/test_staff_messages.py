"""What staff see when they make the usual mistakes, in a real MkDocs build of a small copy.

A temporary project uses the repository's mkdocs.yml, theme and hooks (linked,
not copied; without the runtime hook and the page tree) with a docs/ folder of a
few pages written by the test. Each test makes one mistake of the editing guide's
scenario and asserts the message: the file, the line as the editor sees it
(front matter included), and what to do.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import quality_checks as q

HOME = """---
title: ホーム
---

# ホーム

電気の係数は <!-- md:figure electricity.national_average --> です。

## 出典

- <!-- md:source electricity.national_average -->
"""
HOME_EN = (
    HOME.replace("title: ホーム", "title: Home")
    .replace("# ホーム", "# Home")
    .replace("電気の係数は", "The electricity factor is")
    .replace(" です。", ".")
    .replace("## 出典", "## Sources")
)


def project(tmp_path: Path, pages: dict[str, str], runtime: bool = False) -> Path:
    """A project folder: mkdocs.yml (no nav; no runtime hook unless RUNTIME: a page with an
    exercise needs it), links to the theme and data, docs/."""
    root = tmp_path / "project"
    root.mkdir()
    config = (q.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not runtime:
        config = re.sub(r"^\s*- overrides/hooks/runtime\.py\n", "", config, flags=re.MULTILINE)
    config = config.split("\nnav:")[0] + "\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("overrides", "includes", "calculators"):
        (root / name).symlink_to(q.ROOT / name)
    for name, text in {"index.md": HOME, "index.en.md": HOME_EN, **pages}.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, strict: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")]
    return subprocess.run(
        [*command, "--strict"] if strict else command,
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )


PAGE = """---
title: 電気
description: 電気のページです。
hide:
  - toc
---

# 電気

このページは電気の話です。
係数は <!-- md:figure electricity.national_average --> です。
{line12}

## 出典

- <!-- md:source electricity.national_average -->
"""


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            "<!-- md:figure electricity.national_averag -->",
            "docs/power/index.md 12行目: 図のID「electricity.national_averag」はデータにありません。"
            "もしかして electricity.national_average ですか？",
        ),
        (
            "<!-- md:figur electricity.national_average -->",
            "docs/power/index.md 12行目: マーカー <!-- md:figur --> はありません。"
            "もしかして <!-- md:figure … --> ですか？",
        ),
        (
            "[計算の方法](../methodolgy/index.md)",
            "docs/power/index.md 12行目: リンク先 ../methodolgy/index.md がありません"
            "（docs/methodolgy/index.md というファイルがない）。"
            "もしかして ../methodology/index.md ですか？",
        ),
        (
            "<!-- md:factor-table electricty -->",
            "docs/power/index.md 12行目: <!-- md:factor-table --> のグループ「electricty」は"
            "データにありません。もしかして electricity ですか？",
        ),
        (
            "<!-- md:calculator houshold -->",
            "docs/power/index.md 12行目: 計算機「houshold」はありません。"
            "計算機は1つだけなので、<!-- md:calculator household --> と書いてください",
        ),
        (
            "<!-- md:release-calendar 2027 -->",
            "docs/power/index.md 12行目: <!-- md:release-calendar --> には名前や数を書けません。",
        ),
        (
            "<!-- md:diary 2025 -->",
            "docs/power/index.md 12行目: <!-- md:diary --> には名前や数を書けません。"
            "<!-- md:diary --> とだけ書いてください",
        ),
        (
            "<!-- md:exercise-answers all -->",
            "docs/power/index.md 12行目: <!-- md:exercise-answers --> には名前や数を書けません。"
            "<!-- md:exercise-answers --> とだけ書いてください",
        ),
        (
            "~~~python exercize",
            "docs/power/index.md 12行目: ~~~python exercize というブロックはありません。"
            "もしかして ~~~python exercise ですか？",
        ),
    ],
)
def test_a_marker_error_names_the_line_in_the_file(
    tmp_path: Path, marker: str, message: str
) -> None:
    """Line 12 of the file (6 lines of front matter above the heading) is reported as line 12,
    in Japanese, with the nearest known name; a broken link only once (MkDocs' own English
    notice about it is not a warning)."""
    text = PAGE.format(line12=marker)
    assert text.splitlines()[11] == marker
    pages = {
        "power/index.md": text,
        "power/index.en.md": text.replace("## 出典", "## Sources"),
        "methodology/index.md": HOME,
        "methodology/index.en.md": HOME_EN,
    }
    done = build(project(tmp_path, pages))
    assert done.returncode != 0
    assert message in done.stderr, done.stderr
    assert "WARNING -  Doc file" not in done.stderr


@pytest.mark.pyodide
def test_a_model_answer_that_fails_its_check_is_named_at_its_line_in_the_file(
    tmp_path: Path,
) -> None:
    """An exercise whose model answer fails its check, starting on line 12 below 6 lines of
    front matter: the build (which runs the check in the real Pyodide) names line 12."""
    block = (
        "~~~python exercise\nx = 0\n~~~\n\n~~~python answer\nx = 1\n~~~\n\n"
        '~~~python check\nassert x == 2, "x は 2 です"\n~~~'
    )
    text = PAGE.format(line12=block)
    assert text.splitlines()[11] == "~~~python exercise"
    pages = {"power/index.md": text, "power/index.en.md": text.replace("## 出典", "## Sources")}
    done = build(project(tmp_path, pages, runtime=True))
    assert done.returncode != 0
    assert (
        "docs/power/index.md 12行目: 解答例（~~~python answer）が check に通りません" in done.stderr
    ), done.stderr


def test_a_missing_english_page_previews_and_names_the_file_to_create(tmp_path: Path) -> None:
    """Without --strict (tools/dev serve) the English site shows the Japanese page with a notice;
    with --strict (tools/dev check, CI) the build fails; both name docs/power/index.en.md."""
    root = project(tmp_path, {"power/index.md": PAGE.format(line12="")})
    preview = build(root, strict=False)
    assert preview.returncode == 0, preview.stderr
    expected = (
        "docs/power/index.en.md is missing: the English site shows the Japanese page "
        "docs/power/index.md in its place. Create docs/power/index.en.md (the translation) in the same folder."
    )
    assert expected in preview.stderr
    shown = (root / "site" / "en" / "power" / "index.html").read_text(encoding="utf-8")
    assert "Not translated yet" in shown and "このページは電気の話です。" in shown
    assert "<code>docs/power/index.en.md</code>" in shown
    strict = build(root)
    assert strict.returncode != 0 and expected in strict.stderr
    problems = [str(p) for p in q.check_counterparts(root / "docs", root)]
    assert problems == [
        "docs/power/index.md: 英語のページ docs/power/index.en.md がありません。翻訳を index.en.md という名前で同じフォルダに置いてください"
    ]


def test_a_prefilled_calculator_link_builds_quietly(tmp_path: Path) -> None:
    """'../calculator/?household_size=4' is a fine link: no INFO line about it."""
    link = "[計算する](../calculator/?household_size=4&electricity_kwh=350)"
    text = PAGE.format(line12=link)
    done = build(
        project(
            tmp_path,
            {"power/index.md": text, "power/index.en.md": text.replace("## 出典", "## Sources")},
        )
    )
    assert done.returncode == 0, done.stderr
    assert "unrecognized relative link" not in done.stderr


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("index.md", "係数は 0.423 kg-CO₂/kWh です。"),
        ("index.en.md", "The factor is 0.423 kg/kWh."),
    ],
)
def test_a_typed_figure_names_the_marker_in_either_language(
    tmp_path: Path, name: str, typed: str
) -> None:
    """The data's 0.423 kg-CO₂/kWh typed on line 12 (either page) names the marker, the file and the line;
    the counterpart check does not ask to type it into the other language."""
    fixed = q.load_figures()  # the live data: use its current value, whatever the year
    value = q.format_figure_value(fixed["electricity.national_average"].value)
    typed = typed.replace("0.423", value)
    docs = tmp_path / "docs" / "power"
    docs.mkdir(parents=True)
    for page in ("index.md", "index.en.md"):
        text = PAGE.format(line12=typed if page == name else "")
        if page.endswith(".en.md"):
            text = text.replace("## 出典", "## Sources")
        (docs / page).write_text(text, encoding="utf-8")
    problems = q.check_typed_figures(docs / name, tmp_path)
    assert [str(p) for p in problems] == [
        f"docs/power/{name}:12: 数値「{value}」を直接書かず、マーカー <!-- md:figure electricity.national_average -->（単位つき）か "
        "<!-- md:value electricity.national_average -->（数値だけ）に置きかえてください。"
        "数値は calculators/data/factors.toml の [electricity.national_average] にあり、毎年の更新で自動的に変わります"
    ]
    assert q.check_counterparts(tmp_path / "docs", tmp_path) == []


def test_last_years_value_in_the_data_history_is_not_a_typed_figure(tmp_path: Path) -> None:
    """The history table keeps old and new values: the typed-figure check leaves that section alone."""
    value = q.format_figure_value(q.load_figures()["electricity.national_average"].value)
    page = tmp_path / "index.md"
    page.write_text(
        PAGE.format(line12="")
        + f"\n## データの更新履歴\n\n| 日付 | 変わったこと |\n| --- | --- |\n| 2027年1月 | 電気の係数を {value} kg-CO₂/kWh にしました。 |\n",
        encoding="utf-8",
    )
    assert q.check_typed_figures(page, tmp_path) == []


def test_a_figure_typed_in_one_language_only_asks_for_the_marker_in_both(tmp_path: Path) -> None:
    """Typed into the Japanese page, absent from the English one: the pair check asks for the
    same marker on both pages, never for the number to be typed into English too."""
    value = q.format_figure_value(q.load_figures()["fuel.gasoline"].value)
    docs = tmp_path / "docs" / "car"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(
        PAGE.format(line12=f"ガソリンは {value} kg-CO₂/L です。"), encoding="utf-8"
    )
    (docs / "index.en.md").write_text(
        PAGE.format(line12="").replace("## 出典", "## Sources"), encoding="utf-8"
    )
    problems = [str(p) for p in q.check_counterparts(tmp_path / "docs", tmp_path)]
    assert problems == [
        "docs/car/index.md:12: 日本語と英語のページで数値が合いません"
        "（日本語だけ: <!-- md:figure fuel.gasoline -->／英語だけ: なし）。"
        "両方のページに同じマーカーを書いてください（比べた相手: docs/car/index.en.md）"
    ]
    assert value not in problems[0]
