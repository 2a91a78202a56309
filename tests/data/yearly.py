"""The yearly update, done the way the editing guide tells staff, on a copy of the repository.

``update_electricity_year(root)`` edits only the data files and the data history:
every entry of the electricity table (the entries whose document starts with
電気事業者別排出係数, in factors.toml and actions.toml, ``[electricity.zero_carbon]``
included) moves to the next fiscal year, with the next year's document (R6年度 →
R7年度); the national average goes down by 0.008 kg-CO2/kWh (0.423 → 0.415); one
row is added to the data history of the methodology page in both languages.
Everything is read from the data, so this keeps working after any real update.

``copy_repository(to)`` copies the working tree as git sees it into a new git
repository (one commit), linking node_modules and .venv and copying the build
caches, so checks run in the copy exactly as in a clone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PUBLICATION = "電気事業者別排出係数"
#: The day the new list is published and read, as the history row says (20 January 2027).
PUBLISHED = "2027-01-20"
#: Caches that make a build in the copy as fast as in the repository. The runtime's
#: stdlib cache does not depend on the data, so an update reuses it.
CACHES = (".cache/stdlib", ".cache/exercises", ".cache/setup", ".cache/textlint")


#: Never copied when the repository is itself a copy without git (the checks run in one).
NOT_COPIED = {
    ".git",
    ".venv",
    "node_modules",
    ".cache",
    "site",
    "build",
    "dist",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "test-artifacts",
}


def repository_files() -> list[str]:
    """The working tree's files as git sees them (tracked and new, not ignored); in a copy
    without git (tests/data/test_yearly_update.py runs the checks in one), every file but
    NOT_COPIED."""
    if not (ROOT / ".git").exists():
        return [
            p.relative_to(ROOT).as_posix()
            for p in ROOT.rglob("*")
            if p.is_file()
            and not NOT_COPIED & set(p.relative_to(ROOT).parts)
            and not p.name.endswith(".egg-info")
            and ".egg-info" not in p.relative_to(ROOT).as_posix()
        ]
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return list(filter(None, listed.split("\0")))


def copy_repository(to: Path) -> None:
    """The working tree's files (repository_files), with node_modules and .venv linked and
    the build caches copied."""
    copied = []
    for name in repository_files():
        source = ROOT / name
        if not source.is_file():
            continue  # deleted in the working tree
        target = to / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(name)
    # Staff work in a clone: the copy is a git repository with the files in one commit, so
    # the checks that read git (sitemap dates, the shallow-clone test) run as they would there.
    identity = ["-c", "user.name=yearly-update", "-c", "user.email=yearly@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=to, check=True)
    subprocess.run(
        ["git", "add", "--pathspec-from-file=-", "--pathspec-file-nul"],
        cwd=to,
        input="\0".join(copied).encode("utf-8"),
        check=True,
    )
    subprocess.run(["git", *identity, "commit", "-qm", "copy"], cwd=to, check=True)
    for name in ("node_modules", ".venv"):
        if (ROOT / name).exists():
            (to / name).symlink_to(ROOT / name)
    for cache in CACHES:
        if (ROOT / cache).is_dir():
            shutil.copytree(ROOT / cache, to / cache)


@dataclass(frozen=True)
class Update:
    """What the update changed: the national average (old → new) and the fiscal year."""

    old_value: float
    new_value: float
    old_year: int
    new_year: int
    entries: tuple[str, ...]

    @property
    def old_reiwa(self) -> int:
        return self.old_year - 2018

    @property
    def new_reiwa(self) -> int:
        return self.new_year - 2018


ENTRY = re.compile(r"^\[(?P<id>[^\]]+)\]\n(?P<body>(?:(?!\[).*\n?)*)", re.MULTILINE)


def _set(body: str, key: str, value: str) -> str:
    new, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", body, count=1, flags=re.MULTILINE)
    assert count == 1, (key, body)
    return new


def update_electricity_year(root: Path) -> Update:
    """Move the electricity table to the next fiscal year in ROOT (a copy), as staff would."""
    found: dict[str, float] = {}
    years: set[int] = set()
    for path in sorted((root / "calculators" / "data").glob("*.toml")):
        text = path.read_text(encoding="utf-8")

        def update(match: re.Match[str]) -> str:
            body = match.group("body")
            document = re.search(r'^document = "(.*)"$', body, re.MULTILINE)
            if document is None or not document.group(1).startswith(PUBLICATION):
                return match.group(0)
            year = re.search(r'^fiscal_year = "FY(\d{4})"$', body, re.MULTILINE)
            assert year is not None, match.group("id")
            old = int(year.group(1))
            years.add(old)
            body = _set(body, "fiscal_year", f'"FY{old + 1}"')
            body = _set(
                body,
                "document",
                '"'
                + document.group(1).replace(f"R{old - 2018}年度", f"R{old + 1 - 2018}年度")
                + '"',
            )
            english = re.search(r'^document_en = "(.*)"$', body, re.MULTILINE)
            if english is not None:
                body = _set(
                    body,
                    "document_en",
                    '"' + english.group(1).replace(f"FY{old}", f"FY{old + 1}") + '"',
                )
            # The calendar keys, as the guide says: published and checked on the day,
            # the next release a year on.
            for key, new in (("published", PUBLISHED), ("checked", PUBLISHED)):
                if re.search(rf"^{key} = ", body, re.MULTILINE):
                    body = _set(body, key, new)
            release = re.search(r'^next_release = "(\d{4})-(\d{2})"$', body, re.MULTILINE)
            if release is not None:
                body = _set(
                    body, "next_release", f'"{int(release.group(1)) + 1}-{release.group(2)}"'
                )
            value = re.search(r"^value = ([0-9.]+)$", body, re.MULTILINE)
            assert value is not None
            found[match.group("id")] = float(value.group(1))
            if match.group("id") == "electricity.national_average":
                new = round(float(value.group(1)) - 0.008, 3)
                body = _set(body, "value", f"{new}")
                # The note repeats the value as the list writes it (t-CO2/kWh): the guide's step 4.
                body = body.replace(
                    f"{float(value.group(1)) / 1000:.6f} t-CO2/kWh", f"{new / 1000:.6f} t-CO2/kWh"
                )
            return f"[{match.group('id')}]\n{body}"

        updated = ENTRY.sub(update, text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
    assert len(years) == 1, f"the electricity table names several years before the update: {years}"
    (old_year,) = years
    old = found["electricity.national_average"]
    change = Update(old, round(old - 0.008, 3), old_year, old_year + 1, tuple(sorted(found)))
    add_history_rows(root, change)
    return change


def add_history_rows(root: Path, change: Update) -> None:
    """One row at the end of the data history table, in both languages, as the guide shows."""
    rows = {
        "index.md": (
            f"| 2027年1月20日 | 電気の排出係数を、{PUBLICATION}（R{change.new_reiwa}年度実績）に更新しました。"
            f"全国平均係数は {change.old_value} から {change.new_value} kg-CO₂/kWh になりました。"
            f" | 環境省・経済産業省 {PUBLICATION} |"
        ),
        "index.en.md": (
            f"| 20 January 2027 | Electricity factors updated to the FY{change.new_year} actuals."
            f" The national average went from {change.old_value} to {change.new_value} kg-CO₂/kWh."
            " | Ministry of the Environment and METI, emission factors by electricity supplier |"
        ),
    }
    for name, row in rows.items():
        path = root / "docs" / "methodology" / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        heading = next(
            n
            for n, line in enumerate(lines)
            if line.startswith("## ") and ("履歴" in line or "History" in line)
        )
        last_row = max(n for n, line in enumerate(lines) if n > heading and line.startswith("|"))
        lines.insert(last_row + 1, row + "\n")
        path.write_text("".join(lines), encoding="utf-8")
