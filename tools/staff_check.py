"""`tools/dev check`: a short Japanese summary for staff first, the full test output in a file.

Run by ``tools/dev check [pytest options]`` (after setting up). Two steps:

1. The staff checks, in a second or two, without a build: the data files load
   (calculators/_data.py), their years agree (tests/data/data_checks.py), every
   marker and relative link of docs/ resolves (overrides/hooks/markers.py), the
   names in chart, diagram and classroom markers exist (charts.py, diagrams.py,
   classroom.py: the same sentences as the build), the Python exercises' blocks
   are in order (exercises.py; their answers run in the build), every page has its
   other language (quality_checks.missing_counterparts) and the charts' CSV files,
   which staff update every year, read (charts.py). A mistake here would break
   the build and fail dozens of tests at once, so the check stops and prints
   each mistake once: the file, the line, what to do.
2. Otherwise the fast test layers (no browsers, nothing marked ``slow``), with
   their whole output in ``.cache/check/pytest.log``. This file is also a pytest
   plugin (``-p staff_check``) that records each failure; the summary prints
   each different message once, with how many tests gave it.

The first lines of the output are always the summary. Later steps of the
check (such as a note of overdue figures) go after it, in ``notices()``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
#: The layers tools/dev check runs, and the tests it leaves to tools/dev test.
LAYERS = ["tests/data", "tests/engine", "tests/content", "tests/build", "tests/quality"]
MARKS = "not browser and not pyodide and not slow"
OUT = ROOT / ".cache" / "check"
LOG = OUT / "pytest.log"
REPORT_ENV = "STAFF_CHECK_REPORT"
#: Lines of one failure's message shown in the summary (the rest is in the log).
MESSAGE_LINES = 6


@dataclass(frozen=True)
class Finding:
    """One thing to fix: where (file, line or 0) and what to do, in Japanese."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path} {self.line}行目" if self.line else self.path
        return f"{where}: {self.message}"


def _import_paths() -> None:
    """This repository's calculators, hooks and test helpers come first (also in a copy)."""
    for folder in (
        ROOT / "overrides" / "hooks",
        ROOT / "tests" / "quality",
        ROOT / "tests" / "data",
        ROOT,
    ):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))


def page_findings(page: Path, root: Path = ROOT) -> list[Finding]:
    """The mistakes in one Markdown file of ROOT/docs/, in line order: unknown markers and
    figure IDs, broken links (markers.py), unknown chart, diagram and classroom names, and
    the first wrong Python exercise block (exercises.py)."""
    _import_paths()
    import charts
    import classroom
    import diagrams
    import exercises
    import markers

    rel = page.relative_to(root).as_posix()
    text = page.read_text(encoding="utf-8-sig")
    problems = markers.page_problems(page, root / "docs")
    problems += exercises.page_problems(text, page.relative_to(root / "docs").as_posix())
    found: list[Finding] = []
    for hook in (charts, diagrams, classroom):
        try:
            problems += hook.page_problems(text)
        except PluginError as exc:  # a file the markers read (docs/schools/examples.toml)
            found.append(file_finding(exc))
    return [Finding(rel, line, message) for line, message in sorted(problems)] + found


def counterpart_findings(root: Path = ROOT) -> list[Finding]:
    """A page of ROOT/docs/ without its other language (the strict build stops on it; the
    preview shows the Japanese page with a notice)."""
    _import_paths()
    import quality_checks

    missing = quality_checks.missing_counterparts(root / "docs", root)
    return [Finding(p.path, p.line, p.message) for p in missing]


def file_finding(exc: PluginError) -> Finding:
    """A hook's error about a data file (ChartDataError, ExampleError), as a Finding."""
    path, line = getattr(exc, "path", ""), getattr(exc, "line", 0)
    sentence = getattr(exc, "sentence", None)
    if sentence is None:  # pragma: no cover - every hook error about a file says where
        return Finding("overrides/hooks", 0, str(exc))
    return Finding(path, line, sentence)


def staff_findings() -> list[Finding]:
    """The mistakes that would break the build or the data, each once (step 1)."""
    _import_paths()
    import charts
    import data_checks

    found = [Finding(p.path, p.line, p.message) for p in data_checks.load_problems()]
    if found:
        return found  # nothing else can be read until the data loads
    for page in sorted((ROOT / "docs").rglob("*.md")):
        found += page_findings(page)
    found += counterpart_findings(ROOT)
    found += [file_finding(exc) for exc in charts.data_problems()]
    found += [Finding(p.path, p.line, p.message) for p in data_checks.consistency_problems(ROOT)]
    return list(dict.fromkeys(found))  # a data file's mistake once, however many pages use it


def notices() -> list[str]:
    """Lines printed after the summary that never fail the check (e.g. overdue figures)."""
    return []


# The pytest plugin (loaded with -p staff_check) ------------------------------------

_FAILURES: list[dict[str, str]] = []


def pytest_runtest_logreport(report: Any) -> None:
    if not report.failed:
        return
    crash = getattr(report.longrepr, "reprcrash", None)
    message = crash.message if crash is not None else str(report.longrepr)
    _FAILURES.append({"test": report.nodeid, "when": report.when, "message": message})


def pytest_collectreport(report: Any) -> None:
    if report.failed:
        _FAILURES.append(
            {"test": report.nodeid, "when": "collect", "message": str(report.longrepr)}
        )


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    target = os.environ.get(REPORT_ENV)
    if target:
        summary = {"failures": _FAILURES, "tests": session.testscollected, "exit": int(exitstatus)}
        Path(target).write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")


# The summary ----------------------------------------------------------------------

BUILD_LINE = re.compile(r"^(?:ERROR|WARNING)\s+-\s+(.*)$", re.MULTILINE)


def readable(message: str) -> str:
    """A failure's message as staff read it: the test's own sentence, not Python's."""
    text = re.sub(
        r"^(AssertionError|Failed|pytest\.fail\.Exception|E\s+):?\s*", "", message.strip()
    )
    if "mkdocs build --strict failed" in text:
        lines = [line for line in BUILD_LINE.findall(text) if "Aborted with" not in line]
        wanted = [line for line in lines if not line.startswith("Error reading page")]
        return "サイトのビルドが止まりました: " + (
            "\n".join(wanted or lines) or text.splitlines()[-1]
        )
    kept = []
    for line in text.splitlines():
        if re.match(r"^\s*(assert |where |\+\s|At index|Use -v|Full diff)", line):
            break
        kept.append(line.rstrip())
    return "\n".join(kept).strip() or text.splitlines()[0]


def grouped(failures: list[dict[str, str]]) -> Iterator[tuple[str, list[str]]]:
    """Each different message once, with the tests that gave it (a broken build fails many)."""
    seen: dict[str, list[str]] = {}
    for failure in failures:
        seen.setdefault(readable(failure["message"]), []).append(failure["test"])
    yield from seen.items()


def print_findings(findings: list[Finding]) -> None:
    print(f"チェックの結果: 直すところが {len(findings)} か所あります。")
    for number, finding in enumerate(findings, 1):
        print(f"{number}. {finding}")
    print("直したら、もう一度 tools/dev check を実行してください。")
    print("（計算・ページ・ビルドのチェックは、これを直してから行います。")
    print("　メッセージの読み方は、編集ガイドの「チェックが失敗したら」の表にあります）")


def print_failures(groups: list[tuple[str, list[str]]]) -> None:
    print(f"チェックの結果: 直すところが {len(groups)} 種類あります。")
    for number, (message, tests) in enumerate(groups, 1):
        lines = message.splitlines()
        shown = lines[:MESSAGE_LINES] + (
            [f"…（ほか{len(lines) - MESSAGE_LINES}行は記録に）"]
            if len(lines) > MESSAGE_LINES
            else []
        )
        print(f"{number}. " + "\n   ".join(shown))
        more = f" ほか{len(tests) - 1}件" if len(tests) > 1 else ""
        print(f"   （テスト: {tests[0]}{more}）")
    print(f"テストの出力は全部 {LOG.relative_to(ROOT)} にあります。")
    print("直し方は、編集ガイドの「チェックが失敗したら」の表にあります。")


def run_tests(args: list[str]) -> int:
    """Step 2: the fast layers, output to the log; the summary of what failed."""
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / "failures.json"
    report.unlink(missing_ok=True)
    env = {
        **os.environ,
        REPORT_ENV: str(report),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "tools"), os.environ.get("PYTHONPATH", "")])
        ),
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "staff_check"]
    command += ["-m", MARKS, *LAYERS, *args]
    started = time.monotonic()
    with LOG.open("w", encoding="utf-8") as log:
        done = subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    seconds = time.monotonic() - started
    result = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    groups = list(grouped(result.get("failures", [])))
    if done.returncode == 0:
        count = result.get("tests", "?")
        print(f"チェックの結果: すべて通りました（テスト {count} 件、{seconds:.0f} 秒）。")
    elif groups:
        print_failures(groups)
    else:
        print(f"チェックが最後まで走りませんでした（終了コード {done.returncode}）。")
        print(f"テストの出力は全部 {LOG.relative_to(ROOT)} にあります。最後の行:")
        print("\n".join(LOG.read_text(encoding="utf-8").splitlines()[-8:]))
    return done.returncode


def main(args: list[str]) -> int:
    findings = staff_findings()
    if findings:
        print_findings(findings)
        status = 1
    else:
        print(
            "データ・グラフ・マーカー・リンク・年度に問題はありません。テストを続けます（1分ほど）…",
            flush=True,
        )
        status = run_tests(args)
    for line in notices():
        print(line)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
