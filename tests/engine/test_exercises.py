"""The /python/ exercises: every model answer passes and every starting code fails, in real Pyodide.

The exercises are read from docs/python/ with the build hook's own parser
(overrides/hooks/exercises.py) and run through ``calculators.web.exercise`` in the
pinned Pyodide under Node (tools/exercises-run.mjs), exactly as the
build and the browser's worker run them. The hook's fence errors and the
learner-facing messages of ``calculators._exercise`` are tested here too.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from calculators import _exercise

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PAGES = {
    "ja": ROOT / "docs" / "python" / "index.md",
    "en": ROOT / "docs" / "python" / "index.en.md",
}


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "exercises_hook", ROOT / "overrides" / "hooks" / "exercises.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


hook = load_hook()


@pytest.fixture(scope="module")
def pyodide_results() -> dict[str, tuple[list[object], list[dict[str, str]]]]:
    """Per language: the exercises on the page and the Pyodide results (answer, start) for each."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "pyodide").is_dir():
        if IN_CI:
            pytest.fail("Node and node_modules/pyodide are needed (tools/dev setup)", pytrace=False)
        pytest.skip("Node or node_modules/pyodide missing (run tools/dev setup)")
    out = {}
    for lang, path in PAGES.items():
        _, exercises = hook.parse(path.read_text(encoding="utf-8"), f"python/{path.name}")
        out[lang] = (exercises, hook.run_in_pyodide(hook.requests_for(exercises, lang)))
    return out


@pytest.mark.pyodide
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_model_answer_passes_and_each_starting_code_fails_in_pyodide(
    pyodide_results: dict[str, tuple[list[object], list[dict[str, str]]]], lang: str
) -> None:
    exercises, results = pyodide_results[lang]
    assert len(exercises) == 6, "the page promises six exercises, easy to harder"
    for n in range(len(exercises)):
        answer, start = results[2 * n], results[2 * n + 1]
        assert answer["state"] == "pass", f"exercise {n + 1} ({lang}): {answer}"
        assert start["state"] == "fail", f"exercise {n + 1} ({lang}) starting code: {start}"
        assert start["message"], "a failing check explains itself"
        assert "Traceback" not in start["message"] + start["stderr"]


@pytest.mark.pyodide
def test_csv_exercise_reads_the_sites_own_mauna_loa_file(
    pyodide_results: dict[str, tuple[list[object], list[dict[str, str]]]],
) -> None:
    """Exercise 6 runs on docs/global-warming/noaa-co2-annmean-mlo.csv and prints its answer."""
    exercises, results = pyodide_results["en"]
    assert list(exercises[5].files) == ["noaa-co2-annmean-mlo.csv"]  # type: ignore[attr-defined]
    rows = (ROOT / "docs/global-warming/noaa-co2-annmean-mlo.csv").read_text().splitlines()[1:]
    ppm = [(int(r.split(",")[0]), float(r.split(",")[1])) for r in rows if r]
    rise, year = max((b[1] - a[1], b[0]) for a, b in itertools.pairwise(ppm))
    assert results[10]["stdout"].split()[0] == str(year)
    assert float(results[10]["stdout"].split()[1]) == pytest.approx(rise, abs=0.01)


@pytest.mark.pyodide
def test_a_wrong_answer_fails_with_the_pages_hint_and_an_error_names_the_line() -> None:
    results = hook.run_in_pyodide(
        [
            {"code": "x = 1\n", "check": 'assert x == 2, "x は 2 にします"', "lang": "ja"},
            {"code": "x = 1\ny = x +\n", "check": "", "lang": "en"},
            {"code": "a = 1\nprint(a)\nprint(b)\n", "check": "", "lang": "ja"},
        ]
    )
    assert results[0]["state"] == "fail" and "x は 2 にします" in results[0]["message"]
    assert results[1]["state"] == "error" and results[1]["message"].startswith("Line 2:")
    assert results[2]["state"] == "error" and results[2]["message"].startswith("3行目")
    assert "NameError" in results[2]["message"] and results[2]["stdout"] == "1\n"


def test_learner_errors_become_one_sentence_with_the_line_never_a_traceback() -> None:
    out = _exercise.run("total = 0\nfor x in [1, 2]:\ntotal += x\n", "", "ja")
    assert out["state"] == "error" and out["message"].startswith("3行目")
    out = _exercise.run("def f(n):\n    return n / 0\n\nf(3)\n", "", "en")
    assert out["state"] == "error"
    assert out["message"].startswith(
        "Line 2 raised an error: ZeroDivisionError"
    )  # where it happened
    assert "Traceback" not in out["message"] + out["stderr"]


def test_output_is_captured_and_cut_when_huge() -> None:
    out = _exercise.run("print('a' * 50_000)\n", "", "en")
    assert out["state"] == "idle"
    assert len(out["stdout"]) < _exercise.MAX_OUTPUT + 200
    assert out["stdout"].rstrip().endswith("too long)")


def test_a_check_that_breaks_says_which_name_is_missing() -> None:
    out = _exercise.run("y = 1\n", "assert x == 1", "en")
    assert out["state"] == "fail" and "NameError" in out["message"]


def test_a_run_cannot_change_the_model_for_the_next_run() -> None:
    from calculators import learn

    before = learn.total
    out = _exercise.run("from calculators import learn\nlearn.total = lambda d: 0\n", "", "en")
    assert out["state"] == "idle"
    assert learn.total is before and learn.total({"a": 1.0}) == 1.0


def test_run_json_round_trip() -> None:
    out = json.loads(_exercise.run_json(json.dumps({"code": "print(2 * 3)", "lang": "en"})))
    assert out == {"state": "idle", "stdout": "6\n", "stderr": "", "message": "Ran."}


BAD_FENCES = [
    ("~~~python exercize\nx = 1\n~~~\n", 1, "unknown fence"),
    ("text\n\n~~~python exercise\nx = 1\n~~~\n\n~~~python check\nassert x\n~~~\n", 7, "expected"),
    ("~~~python exercise\nx = 1\n~~~\n\nprose\n", 1, "needs a `~~~python answer`"),
    ("~~~python exercise\nx = 1\n", 1, "never closed"),
    ("~~~python answer\nx = 1\n~~~\n", 1, "must follow"),
    ("a\n~~~python exercise file=missing.csv\nx = 1\n~~~\n", 2, "not found"),
    ("~~~python exercise\nx = 1\n~~~\n~~~python answer\nx = 2\n~~~\n", 1, "no `~~~python check`"),
]


@pytest.mark.parametrize(("markdown", "line", "words"), BAD_FENCES)
def test_a_wrong_fence_stops_the_build_naming_file_and_line(
    markdown: str, line: int, words: str
) -> None:
    with pytest.raises(PluginError) as caught:
        hook.parse(markdown, "python/index.md")
    assert f"docs/python/index.md, line {line}:" in str(caught.value)
    assert words in str(caught.value)


def test_an_exercise_shown_inside_another_code_block_is_left_as_an_example() -> None:
    """The editing guide shows the fences inside a ````markdown block: no exercise there."""
    for name in ("index.md", "index.en.md"):
        text = (ROOT / "docs" / "editing-guide" / name).read_text(encoding="utf-8")
        assert "~~~python exercise" in text
        assert hook.parse(text, f"editing-guide/{name}") == (text, [])


@pytest.mark.pyodide
def test_an_answer_that_fails_or_a_start_that_passes_stops_the_build(tmp_path: Path) -> None:
    wrong = "~~~python exercise\nx = 1\n~~~\n\n~~~python answer\nx = 1\n~~~\n\n~~~python check\nassert x == 2\n~~~\n"
    _, exercises = hook.parse(wrong, "python/index.md")
    with pytest.raises(PluginError, match=r"docs/python/index.md, line 1: the model answer"):
        hook.verify(exercises, "en", "python/index.md")
    easy = "~~~python exercise\nx = 2\n~~~\n\n~~~python answer\nx = 2\n~~~\n\n~~~python check\nassert x == 2\n~~~\n"
    _, exercises = hook.parse(easy, "python/index.md")
    with pytest.raises(PluginError, match=r"line 1: the starting code already passes"):
        hook.verify(exercises, "en", "python/index.md")
