"""No input breaks the command line: a corpus of hostile input, run through the real CLI.

``hostile_corpus.json`` holds more than a hundred cases in Japanese and English:
currency marks in amount fields, values padded past the length limit, digits of
other scripts and superscripts, misspelt keys, lone surrogates, invalid UTF-8,
deep nesting, NaN and infinity, and more. For each case the real
``python -m calculators estimate`` runs as a subprocess, and the test asserts:
the exit status (0, or 2 for invalid input), no traceback, stdout that is valid
UTF-8 JSON without ``-0.0``, NaN or Infinity, and error messages in the language
asked for that name the expected fields.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

CORPUS = json.loads(Path(__file__).with_name("hostile_corpus.json").read_text(encoding="utf-8"))[
    "cases"
]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Words of Python's own exception texts, which must never reach a reader.
ENGLISH_EXCEPTION = re.compile(r"Expecting|Traceback|Error|line \d+ column \d+ \(char")


def run(case: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    stdin = (
        bytes.fromhex(case["stdin_hex"])
        if "stdin_hex" in case
        else case["stdin"].encode("utf-8", "surrogatepass")
    )
    return subprocess.run(
        [sys.executable, "-m", "calculators", "estimate", "--lang", case["lang"]],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[dict[str, Any], subprocess.CompletedProcess[bytes]]]:
    """Every case through the command line (two at a time: the machine has two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(zip(CORPUS, pool.map(run, CORPUS), strict=True))


def _no_constants(name: str) -> Any:
    raise AssertionError(f"{name} in the output")


def test_the_corpus_is_large_and_in_both_languages() -> None:
    """At least 100 cases, both languages, both outcomes."""
    assert len(CORPUS) >= 100
    assert {c["lang"] for c in CORPUS} == {"ja", "en"}
    assert {c["exit"] for c in CORPUS} == {0, 2}


@pytest.mark.slow  # about 170 interpreter starts: left to tools/dev test, out of tools/dev check
def test_every_hostile_input_gets_a_clean_answer(
    outcomes: list[tuple[dict[str, Any], subprocess.CompletedProcess[bytes]]],
) -> None:
    """Expected exit status, no traceback, UTF-8 JSON, messages in the asked language naming the fields."""
    failures = []
    for case, done in outcomes:
        where = f"{case['name']} ({case['lang']})"
        problems = []
        if done.returncode != case["exit"]:
            problems.append(f"exit {done.returncode}, expected {case['exit']}")
        if b"Traceback" in done.stderr:
            problems.append("traceback: " + done.stderr.decode("utf-8", "replace")[-300:])
        try:
            text = done.stdout.decode("utf-8")
            document = json.loads(text, parse_constant=_no_constants)
        except (UnicodeDecodeError, ValueError, AssertionError) as exc:
            failures.append(f"{where}: output is not UTF-8 JSON ({exc}): {done.stdout[:200]!r}")
            continue
        if re.search(r"-0\.0\b", text):
            problems.append("-0.0 in the output")
        if case["exit"] == 2 and isinstance(document, dict):
            errors = document.get("errors", [])
            if not errors:
                problems.append("no errors listed")
            for error in errors:
                message = error["message"]
                if case["lang"] == "ja" and not JAPANESE.search(message):
                    problems.append(f"not Japanese: {message}")
                if case["lang"] == "en" and JAPANESE.search(message):
                    problems.append(f"not English: {message}")
                if ENGLISH_EXCEPTION.search(message):
                    problems.append(f"exception text: {message}")
            if "fields" in case and sorted({e["field"] for e in errors}) != sorted(case["fields"]):
                problems.append(f"fields {[e['field'] for e in errors]}, expected {case['fields']}")
        if case["exit"] == 0 and not document.get("total_kg_per_year", -1) >= 0:
            problems.append("no total")
        failures += [f"{where}: {p}" for p in problems]
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_reader_that_closes_the_pipe_early_gets_no_traceback(lang: str) -> None:
    """`… | head -c 1`: the reader is gone before the answer is written; the command stops quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "calculators", "estimate", "--lang", lang],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    process.stdout.close()  # the reader goes away first
    _, stderr = process.communicate(json.dumps({"electricity_kwh": "300"}).encode(), timeout=60)
    assert b"Traceback" not in stderr and b"Error" not in stderr, stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("lang", "wrong"),
    [("ja", "1か月"), ("en", "one month")],
)
def test_the_factor_limit_speaks_of_a_factor_not_a_month(lang: str, wrong: str) -> None:
    """A per-kWh factor has no period: its limit message names the value and unit only."""
    case = {
        "lang": lang,
        "stdin": json.dumps({"electricity_supplier": "custom", "electricity_factor": "5"}),
    }
    message = json.loads(run(case).stdout)["errors"][0]["message"]
    assert wrong not in message and "kg-CO₂/kWh" in message


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ja", "この名前の項目はありません。「electricity_kwh」のことですか。"),
        ("en", "There is no field with this name. Did you mean 'electricity_kwh'?"),
    ],
)
def test_a_misspelt_key_names_the_key_that_was_meant(lang: str, expected: str) -> None:
    """electricity_kWh is not silently 0 kg: the CLI names it and suggests electricity_kwh."""
    done = run({"lang": lang, "stdin": json.dumps({"electricity_kWh": "300"})})
    assert done.returncode == 2
    assert json.loads(done.stdout)["errors"] == [{"field": "electricity_kWh", "message": expected}]
