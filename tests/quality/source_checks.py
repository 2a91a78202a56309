"""Sources link to the publishers' own sites, and confidence matches the kind of site.

The reviewed list of allowed domains is data: ``calculators/data/publishers.toml``
(each domain with who it is and its kind: publisher, official archive, or a
named secondary publisher). These checks return ``quality_checks.Problem``s whose
text tells staff, in Japanese, the file, the line and what to do; the tests in
``test_sources.py`` run them on the real files and on planted copies.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from quality_checks import Problem, rel

from calculators import Figure

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "calculators" / "data"
DOCS = ROOT / "docs"
PUBLISHERS = DATA / "publishers.toml"
#: Where the chart captions name their sources (rendered into the global-warming page).
CHART_HOOK = ROOT / "overrides" / "hooks" / "charts.py"
KINDS = ("publisher", "archive", "secondary")
#: Hosts of the local preview, written in the editing guide's instructions: not sources.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: Confidence codes that say "read on the publisher's own document (or its copy) or derived".
PRIMARY_CODES = ("V1", "V2", "D")

#: XML namespaces in the chart hook's SVG: identifiers, not links to a source.
NOT_LINKS = frozenset({"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"})
URL = re.compile(r"https?://[^\s<>\"'`()\[\]{}|\\]+")
TRAILING = ".,;:、。）」』"

HOW_TO_ADD = (
    "発行元自身のページ（省庁・自治体・会社・研究機関の公式サイト）のアドレスにしてください。"
    "写し・ミラー・まとめサイト・キャッシュは使えません。"
    "新しい発行元なら calculators/data/publishers.toml に [[publisher]] を足し、"
    "domain・who（だれのサイトか）・kind（publisher / archive / secondary）を書いて、レビューで確かめてもらってください"
)


@dataclass(frozen=True)
class Publisher:
    """One reviewed domain."""

    domain: str
    who: str
    kind: str
    https: bool
    line: int


def load_publishers(
    path: Path = PUBLISHERS, base: Path = ROOT
) -> tuple[list[Publisher], list[Problem]]:
    """The reviewed domains, and the problems of a malformed list (with lines)."""
    text = path.read_text(encoding="utf-8")
    where = rel(path, base)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [Problem(where, 0, f"TOMLとして読めません: {exc}")]
    lines = text.splitlines()
    starts = [n for n, row in enumerate(lines, 1) if row.strip() == "[[publisher]]"]
    entries = raw.get("publisher", [])
    problems: list[Problem] = []
    found: list[Publisher] = []
    seen: dict[str, int] = {}
    for entry, line in zip(entries, starts, strict=False):
        domain = str(entry.get("domain", "")).lower()
        kind = entry.get("kind", "")
        https = entry.get("https", True)
        unknown = sorted(set(entry) - {"domain", "who", "kind", "https", "note"})
        if not domain or not entry.get("who") or kind not in KINDS or not isinstance(https, bool):
            problems.append(
                Problem(
                    where,
                    line,
                    "[[publisher]] には domain（例：env.go.jp）、who（だれのサイトか）、"
                    f"kind（{' / '.join(KINDS)} のどれか）を書き、https は true か false にしてください",
                )
            )
            continue
        if unknown:
            problems.append(
                Problem(
                    where, line, f"使えないキー {', '.join(unknown)} があります（つづりの誤り？）"
                )
            )
        if domain.startswith("www.") or "/" in domain or ":" in domain:
            problems.append(
                Problem(where, line, f"domain は「www.」やパスを付けずに書きます（{domain!r}）")
            )
        if domain in seen:
            problems.append(Problem(where, line, f"{domain} は {seen[domain]} 行目にもあります"))
        seen[domain] = line
        found.append(Publisher(domain, str(entry["who"]), str(kind), https, line))
    return found, problems


def publisher_of(host: str, publishers: Iterable[Publisher]) -> Publisher | None:
    """The most specific listed domain that covers HOST (a domain covers its subdomains)."""
    host = host.lower().rstrip(".")
    matches = [p for p in publishers if host == p.domain or host.endswith("." + p.domain)]
    return max(matches, key=lambda p: len(p.domain), default=None)


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def urls_in(path: Path) -> list[tuple[int, str]]:
    """(line, URL) for every web address in a file (links, bare addresses, notes)."""
    found = []
    for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in URL.finditer(row):
            url = match.group(0).rstrip(TRAILING)
            if url not in NOT_LINKS:
                found.append((n, url))
    return found


def source_files(data: Path = DATA, docs: Path = DOCS) -> list[Path]:
    """The data files, every Markdown page, and the chart hook's captions."""
    files = sorted(p for p in data.glob("*.toml") if p.name != PUBLISHERS.name)
    files += sorted(docs.rglob("*.md"))
    if CHART_HOOK.exists() and docs == DOCS:
        files.append(CHART_HOOK)
    return files


def check_hosts(
    files: Iterable[Path], publishers: list[Publisher], base: Path = ROOT
) -> list[Problem]:
    """Every URL's host is a listed publisher's; https where the publisher offers it."""
    problems = []
    for path in files:
        where = rel(path, base)
        for line, url in urls_in(path):
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            if host in LOOPBACK:
                continue
            if is_ip(host):
                problems.append(
                    Problem(
                        where,
                        line,
                        f"「{url}」は数字のアドレス（IPアドレス）のサイトで、発行元のページではありません。"
                        + HOW_TO_ADD,
                    )
                )
                continue
            listed = publisher_of(host, publishers)
            if listed is None:
                problems.append(
                    Problem(
                        where,
                        line,
                        f"「{host}」は出典として登録されていないサイトです（{url}）。" + HOW_TO_ADD,
                    )
                )
                continue
            if parts.scheme == "http" and listed.https:
                problems.append(
                    Problem(
                        where,
                        line,
                        f"「{url}」を https:// で始まるアドレスにしてください"
                        f"（{listed.domain} は https で開けます。開けないサイトなら "
                        "calculators/data/publishers.toml のその行に https = false を書きます）",
                    )
                )
    return problems


def entry_line(path: Path, fid: str, key: str = "") -> int:
    """The line of ``[fid]`` in a data file, or of ``key = …`` inside that entry."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((n for n, row in enumerate(lines, 1) if row.strip() == f"[{fid}]"), 0)
    if not start or not key:
        return start
    for n in range(start, len(lines)):
        row = lines[n]
        if row.startswith("["):
            break
        if row.startswith(f"{key} ="):
            return n + 1
    return start


def confidence_problem(fig: Figure, message: str, data: Path, base: Path) -> Problem:
    """MESSAGE about FIG's confidence, at its confidence line in its data file."""
    path = data / fig.file
    return Problem(rel(path, base), entry_line(path, fig.id, "confidence"), message)


def check_confidence(
    figures: Iterable[Figure], publishers: list[Publisher], data: Path = DATA, base: Path = ROOT
) -> list[Problem]:
    """V1, V2 and D only when the entry's URL is on a publisher's (or archive's) site."""
    problems = []
    for fig in figures:
        listed = publisher_of(urlsplit(fig.url).hostname or "", publishers)
        if listed is None or listed.kind != "secondary" or fig.confidence not in PRIMARY_CODES:
            continue
        problems.append(
            confidence_problem(
                fig,
                f"[{fig.id}] の確かさは {fig.confidence} ですが、url の {listed.domain}"
                f"（{listed.who}）は発行元ではなく二次資料のサイトです。"
                "発行元自身のページで数字を読み直して url をそのページにするか、"
                'confidence = "S" にしてください',
                data,
                base,
            )
        )
    return problems


#: How a note says the value was read on a copy of the publisher's page (V2 by the key
#: in factors.toml's header), not on the page itself (V1).
READ_ON_A_COPY = re.compile(r"\b(stored cop(y|ies)|in a copy of|on a copy of|via copies)\b", re.I)


def check_copy_confidence(
    figures: Iterable[Figure], data: Path = DATA, base: Path = ROOT
) -> list[Problem]:
    """A note that says the value was read on a copy means V2, not V1."""
    problems = []
    for fig in figures:
        if fig.confidence != "V1" or not READ_ON_A_COPY.search(fig.note):
            continue
        problems.append(
            confidence_problem(
                fig,
                f"[{fig.id}] の確かさは V1 ですが、note には写し（copy）で読んだとあります。"
                '発行元のページそのもので読み直したなら note を直し、写しで読んだなら confidence = "V2" にしてください',
                data,
                base,
            )
        )
    return problems


def check_calendar_keys(
    figures: Iterable[Figure], data: Path = DATA, base: Path = ROOT
) -> list[Problem]:
    """Every entry says when it was last checked and when the next release is expected."""
    problems = []
    for fig in figures:
        missing = [k for k in ("checked", "next_release") if not getattr(fig, k)]
        if missing:
            path = data / fig.file
            problems.append(
                Problem(
                    rel(path, base),
                    entry_line(path, fig.id),
                    f"[{fig.id}] に {'・'.join(missing)} がありません。"
                    "checked = 2026-12-04（発行元のページで値を確かめた日、引用符なし）と、"
                    'next_release = "2027-01"（次の公表が予定されている月。'
                    '過去の決まった値なら "none" として、その理由を note に）を書いてください',
                )
            )
    return problems
