"""The site's quality checks as plain functions, so tests can run them on the real
docs/ and on deliberately broken copies (tests/quality/test_checks_fail.py).

Every check returns a list of ``Problem``; ``str(problem)`` is the message a
staff member reads: the file, the line when there is one, and what to do, in
Japanese. Nothing here needs a browser; the built-site link check needs only a
folder of HTML.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from calculators import Figure, load_figures

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"

#: Front matter keys the writers were told to use (CONTRIBUTING.md and the style guide).
ALLOWED_FRONT_MATTER = frozenset({"title", "description", "hide"})

#: The heading that opens the sources section, by language.
SOURCES_HEADING = {"ja": "## 出典", "en": "## Sources"}


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where (file relative to the repository, line or 0) and what to do."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def report(problems: Iterable[Problem], title: str) -> str:
    """A numbered list for a failed assertion, with a one-line heading for staff."""
    items = sorted(set(problems))
    lines = [f"{title}（{len(items)}件）"] + [f"  {n}. {p}" for n, p in enumerate(items, 1)]
    return "\n".join(lines)


def rel(path: Path, base: Path = ROOT) -> str:
    """A path as staff see it in the repository (docs/credits/index.md)."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# Pages ------------------------------------------------------------------------


def markdown_pages(docs: Path = DOCS) -> list[Path]:
    """Every Markdown page under docs/, Japanese and English."""
    return sorted(docs.rglob("*.md"))


def is_english(path: Path) -> bool:
    return path.name.endswith(".en.md")


def language(path: Path) -> str:
    return "en" if is_english(path) else "ja"


def counterpart(path: Path) -> Path:
    """index.md ↔ index.en.md beside it."""
    if is_english(path):
        return path.with_name(path.name.removesuffix(".en.md") + ".md")
    return path.with_name(path.stem + ".en.md")


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter YAML, body, number of lines the front matter takes)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return "", text, 0
    return match.group(1), text[match.end() :], match.group(0).count("\n")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# Front matter, scripts, images, sources section ------------------------------


def check_front_matter(path: Path, base: Path = ROOT) -> list[Problem]:
    """Only title, description and hide; the YAML must parse."""
    text = path.read_text(encoding="utf-8")
    raw, _, _ = split_front_matter(text)
    if not raw:
        return []
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return [
            Problem(
                rel(path, base),
                line,
                f"ページ冒頭の設定（--- と --- の間）の書き方が正しくありません: {exc}",
            )
        ]
    if not isinstance(data, dict):
        return [
            Problem(
                rel(path, base),
                1,
                "ページ冒頭の設定（--- と --- の間）は「キー: 値」の形で書いてください",
            )
        ]
    problems = []
    allowed = "、".join(sorted(ALLOWED_FRONT_MATTER))
    for key in data:
        if key not in ALLOWED_FRONT_MATTER:
            line = next(
                (n for n, row in enumerate(raw.splitlines(), 2) if row.startswith(f"{key}:")), 1
            )
            problems.append(
                Problem(
                    rel(path, base),
                    line,
                    f"ページ冒頭の設定に「{key}」は使えません。使えるのは {allowed} だけです",
                )
            )
    return problems


SCRIPT_TAG = re.compile(r"<\s*script\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[A-Za-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
JS_URL = re.compile(r"(?:href|src)\s*=\s*[\"']?\s*javascript:|\]\(\s*javascript:", re.IGNORECASE)


def check_no_scripts(path: Path, base: Path = ROOT) -> list[Problem]:
    """No <script>, no on…= event handler, no javascript: link in Markdown."""
    text = path.read_text(encoding="utf-8")
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        problems.append(
            Problem(
                rel(path, base),
                line_of(text, match.start()),
                "ページに <script> は書けません。動きが必要なときは開発担当に相談してください",
            )
        )
    for match in EVENT_HANDLER.finditer(text):
        problems.append(
            Problem(
                rel(path, base),
                line_of(text, match.start(1)),
                f"HTMLの「{match.group(1)}=」（クリックなどで動くスクリプト）は書けません。削除してください",
            )
        )
    for match in JS_URL.finditer(text):
        problems.append(
            Problem(
                rel(path, base),
                line_of(text, match.start()),
                "「javascript:」で始まるリンクは書けません",
            )
        )
    return problems


MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE | re.DOTALL)
ALT_ATTR = re.compile(r"\salt\s*=\s*(\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
DECORATIVE = re.compile(r"\brole\s*=\s*[\"']?(?:presentation|none)", re.IGNORECASE)


def check_images(path: Path, base: Path = ROOT) -> list[Problem]:
    """Every image has a text alternative: ![説明](file.png) or <img alt="説明">.

    An <img> marked decorative with role="presentation" may have alt="" (WCAG H67)."""
    text = path.read_text(encoding="utf-8")
    problems = []
    for match in MD_IMAGE.finditer(text):
        if not match.group(1).strip():
            problems.append(
                Problem(
                    rel(path, base),
                    line_of(text, match.start()),
                    f"画像「{match.group(2)}」に代わりの文章がありません。![ここに画像の内容を書く]({match.group(2)}) のように書いてください",
                )
            )
    for match in HTML_IMG.finditer(text):
        tag = match.group(0)
        alt = ALT_ATTR.search(tag)
        value = next((g for g in alt.groups()[1:] if g is not None), "") if alt else None
        if value is None or (not value.strip() and not DECORATIVE.search(tag)):
            problems.append(
                Problem(
                    rel(path, base),
                    line_of(text, match.start()),
                    '画像（<img>）に代わりの文章がありません。alt="画像の内容" を書いてください',
                )
            )
    return problems


RUBY_MARKUP = re.compile(r"<rt>.*?</rt>|<rp>.*?</rp>|</?ruby>")


def section_bounds(body: str, heading: str) -> tuple[int, int] | None:
    """Start and end offsets of the section that opens with ``heading`` (up to the next # or ## or the end).

    Ruby (ふりがな) in the heading is ignored: ## <ruby>出典<rt>しゅってん</rt></ruby> is ## 出典."""
    start = None
    offset = 0
    for line in body.splitlines(keepends=True):
        plain = RUBY_MARKUP.sub("", line).rstrip()
        if start is None and plain == heading:
            start = offset
        elif start is not None and re.match(r"#{1,2}[ \t]", line):
            return start, offset
        offset += len(line)
    return (start, len(body)) if start is not None else None


def check_sources_section(path: Path, base: Path = ROOT) -> list[Problem]:
    """Every page has a sources section (## 出典 / ## Sources) with at least one entry."""
    lang = language(path)
    heading = SOURCES_HEADING[lang]
    text = path.read_text(encoding="utf-8")
    bounds = section_bounds(text, heading)
    if bounds is None:
        return [
            Problem(
                rel(path, base),
                0,
                f"出典の見出し「{heading}」がありません。ページの最後に「{heading}」と出典の一覧を書いてください",
            )
        ]
    section = text[bounds[0] : bounds[1]]
    if not re.search(r"^\s*[-*] \S|<!--\s*md:source", section, re.MULTILINE):
        return [
            Problem(
                rel(path, base),
                line_of(text, bounds[0]),
                f"「{heading}」の下に出典が1つもありません。箇条書き（- ）で出典を書いてください",
            )
        ]
    return []


# Counterparts: same sources and same figures ----------------------------------

MARKER = re.compile(r"<!--\s*md:([A-Za-z0-9_-]+)((?:(?!-->).)*)-->", re.DOTALL)
URL_IN_MARKDOWN = re.compile(
    r"\]\(\s*<?(https?://[^)\s>]+)>?(?:\s+\"[^\"]*\")?\)|<(https?://[^>\s]+)>|(?<![(<\"'])\b(https?://[^\s)<>\"']+)"
)


def sources_of(path: Path) -> set[str]:
    """External URLs and md:source IDs in the page's sources section."""
    text = path.read_text(encoding="utf-8")
    bounds = section_bounds(text, SOURCES_HEADING[language(path)])
    if bounds is None:
        return set()
    section = text[bounds[0] : bounds[1]]
    found = {
        f"md:source {m.group(2).strip()}"
        for m in MARKER.finditer(section)
        if m.group(1) == "source"
    }
    for match in URL_IN_MARKDOWN.finditer(section):
        url = next(g for g in match.groups() if g)
        found.add(url.rstrip(".,;、。").rstrip("/"))
    return found


# English number words and months become digits so "two" matches 2つ and
# "October 2020" matches 2020年10月. Only these are converted (see figures_of).
EN_NUMBER_WORDS = {
    word: n
    for n, words in enumerate(
        [
            (),
            ("one", "first"),
            ("two", "second", "twice"),
            ("three", "third"),
            ("four", "fourth"),
            ("five", "fifth"),
            ("six", "sixth"),
            ("seven", "seventh"),
            ("eight", "eighth"),
            ("nine", "ninth"),
            ("ten", "tenth"),
            ("eleven", "eleventh"),
            ("twelve", "twelfth"),
        ]
    )
    for word in words
} | {
    word: 10 * n
    for n, word in enumerate(
        ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if word
}
EN_MONTHS = {
    m: n
    for n, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MULTIPLIER = {
    "万": 10_000,
    "億": 100_000_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "decade": 10,
    "decades": 10,
}
#: English words that stand for a number on their own: "a decade" = 10年, "in billions of tonnes" = 10億トン単位.
BARE = {"decade": 10.0, "decades": 10.0, "millions": 1e6, "billions": 1e9}
_WORDS = "|".join(sorted(EN_NUMBER_WORDS, key=len, reverse=True))
_MONTHS = "|".join(m.capitalize() for m in EN_MONTHS)
NUMBER = re.compile(
    r"(?<![\d.,])(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?"
    r"(?:\s*(?P<unit>万|億|thousand|million|billion))?"
    rf"|\b(?P<word>{_WORDS})(?:\s+(?P<wordunit>thousand|million|billion|decades?))?\b"
    r"|\b(?P<bare>decades?|billions|millions)\b"
    rf"|\b(?P<month>{_MONTHS})\b",
    re.IGNORECASE,
)
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
#: In English pages, Japanese quoted as written (区役所南館11階, 家庭CO2統計) is not a figure of the English text.
QUOTED_JAPANESE = re.compile(rf"[{CJK}][{CJK}\d.,・ー]*")


def _strip_for_figures(body: str) -> str:
    """Text without URLs, link targets, HTML tags, heading ids and code (numbers there are not figures)."""
    body = re.sub(r"<!--(?!\s*md:).*?-->", " ", body, flags=re.DOTALL)
    body = re.sub(r"\]\([^)]*\)", "]", body)  # link targets
    body = re.sub(r"<https?://[^>]+>", " ", body)
    body = re.sub(r"https?://\S+", " ", body)
    body = re.sub(r"</?[A-Za-z][^>]*>", " ", body)  # tags (ruby, br…), not their text
    body = re.sub(r"\{[#.][^}]*\}", " ", body)  # attribute lists { .md-button }
    body = re.sub(r"^\s*\*\[[^\]]+\]:.*$", " ", body, flags=re.MULTILINE)  # abbreviations
    body = re.sub(
        r"^#{1,6}\s+\d+(?:\.\d+)*\.?\s", " ", body, flags=re.MULTILINE
    )  # heading numbers "## 1."
    body = re.sub(
        r"(?<=[A-Za-z])[₂2](?![\d,])", "", body
    )  # CO2, CO₂, AR5? no: only a trailing 2 after letters
    return body


def figures_of(path: Path) -> tuple[Counter[str], Counter[str]]:
    """The figures written in the page body: (written in digits or markers, written in English words).

    Counted: markers by ID (``figure:electricity.national_average``) and every
    number in the prose, normalised: thousands separators (1,838 = 1838) and
    万/億/thousand/million/billion multiplied out (200万 = 2,000,000 = 2 million).
    In English pages, number words (one–twelve, first–twelfth, twenty–ninety,
    "two million", "three decades" = 30, "a decade" = 10, "billions of" = 10億)
    and capitalised month names (October = 10月) are read too, into the second
    counter: English style spells small numbers out and uses them loosely
    ("a third party", "two groups"), so a word may match a Japanese figure but
    never demands one (see check_counterparts).

    Tolerances, each because the two languages say the same thing differently:
    the number 1 is not counted (1か月 = "a month", 1人あたり = "per person");
    Japanese quoted inside an English page (区役所南館11階) is not counted there;
    the sources section is left out (titles are quoted in their own language and
    the sources check compares the links). Never counted: URLs and link targets,
    HTML tags, heading numbers ("## 1."), and the 2 of CO2 (a formula, not a figure).
    """
    text = path.read_text(encoding="utf-8")
    _, body, _ = split_front_matter(text)
    bounds = section_bounds(body, SOURCES_HEADING[language(path)])
    if bounds is not None:
        body = body[: bounds[0]] + body[bounds[1] :]
    return figures_in(body, language(path) == "en")


#: Japanese era years (R7年度, 令和7年度, 平成30年) read as the Western year the English
#: page writes (FY2025, 2018): a history row may copy 「R7年度実績」 from the document.
ERA_YEAR = re.compile(r"(令和|平成|(?<![A-Za-z])R|(?<![A-Za-z])H)\s?(\d{1,2}|元)(?=\s?年)")
ERA_START = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}


def _western_years(body: str) -> str:
    def western(match: re.Match[str]) -> str:
        n = 1 if match.group(2) == "元" else int(match.group(2))
        return str(ERA_START[match.group(1)] + n)

    return ERA_YEAR.sub(western, body)


def figures_in(body: str, english: bool) -> tuple[Counter[str], Counter[str]]:
    """figures_of for a piece of a page's body (without front matter and sources)."""
    body = _western_years(body)  # also where an English page quotes 「R7年度実績」
    # A data figure typed instead of its marker is reported by check_typed_figures,
    # which names the marker; here it counts as that marker, so the pair is compared
    # as it will be once fixed (and nobody is asked to type the number again).
    digits: Counter[str] = Counter()
    for start, end, _, fid in reversed(typed_figures(body, data_figures())):
        body = body[:start] + " " * (end - start) + body[end:]
        digits[f"figure:{fid}"] += 1
    body = _strip_for_figures(body)
    words: Counter[str] = Counter()
    for match in MARKER.finditer(body):
        name, args = match.group(1), match.group(2).split()
        if name in {"figure", "value"}:
            digits[f"figure:{' '.join(args)}"] += 1
        elif name in {"period", "checked", "factor-table", "calculator"}:
            digits[f"{name}:{' '.join(args)}"] += 1
    body = MARKER.sub(" ", body)
    if english:
        body = QUOTED_JAPANESE.sub(" ", body)
    for match in NUMBER.finditer(body):
        into = words
        if match.group("digits"):
            value = float(
                match.group("digits").replace(",", "")
                + (f".{match.group('fraction')}" if match.group("fraction") else "")
            )
            unit = match.group("unit")
            into = digits
        elif not english:
            continue  # English words in a Japanese page are not its figures
        elif match.group("bare"):
            value, unit = BARE[match.group("bare").lower()], None
        elif match.group("word"):
            value, unit = (
                float(EN_NUMBER_WORDS[match.group("word").lower()]),
                match.group("wordunit"),
            )
        else:
            month = match.group("month")
            if month.islower():
                continue  # "may", "march" as verbs
            value, unit = float(EN_MONTHS[month.lower()]), None
        if unit:
            value *= MULTIPLIER[unit.lower()]
        if value == 1 and not unit:
            continue  # 1 is "a", "an", "per", "each" in English: 1か月 = a month, 1人あたり = per person
        into[f"{value:.12g}"] += 1
    return digits, words


def missing_counterparts(docs: Path = DOCS, base: Path = ROOT) -> list[Problem]:
    """A Japanese page without its English page, or the reverse (the strict build stops on
    it: tools/dev check reports it before the build, tools/staff_check.py)."""
    problems = []
    for page in markdown_pages(docs):
        other = counterpart(page)
        if other.exists():
            continue
        if is_english(page):
            message = f"日本語のページ {rel(other, base)} がありません。英語のページだけがあります"
        else:
            message = (
                f"英語のページ {rel(other, base)} がありません。"
                f"翻訳を {other.name} という名前で同じフォルダに置いてください"
            )
        problems.append(Problem(rel(page, base), 0, message))
    return problems


def check_counterparts(docs: Path = DOCS, base: Path = ROOT) -> list[Problem]:
    """Every Japanese page has an English page and the reverse; each pair has the same sources and figures."""
    problems = missing_counterparts(docs, base)
    for page in markdown_pages(docs):
        other = counterpart(page)
        if not other.exists() or is_english(page):
            continue  # a missing page is missing_counterparts' finding
        ja_sources, en_sources = sources_of(page), sources_of(other)
        for url in sorted(ja_sources - en_sources):
            problems.append(
                Problem(
                    rel(other, base),
                    0,
                    f"日本語のページにある出典 {url} が、英語のページの「## Sources」にありません",
                )
            )
        for url in sorted(en_sources - ja_sources):
            problems.append(
                Problem(
                    rel(page, base),
                    0,
                    f"英語のページにある出典 {url} が、日本語のページの「## 出典」にありません",
                )
            )
        # Compared as sets: a translation may repeat or fold a repeated number
        # (「どの10年間も…どの10年間よりも」 = "each decade … any earlier decade"); what
        # must not happen is a figure that exists in one language only. English
        # number words may match a Japanese figure but never demand one.
        ja_digits, _ = figures_of(page)
        en_digits, en_words = figures_of(other)
        only_ja = Counter(set(ja_digits) - set(en_digits) - set(en_words))
        only_en = Counter(set(en_digits) - set(ja_digits))
        if only_ja or only_en:
            markers_only = all(":" in key for key in [*only_ja, *only_en])
            advice = (
                "両方のページに同じマーカーを書いてください"
                if markers_only
                else "同じ数値を両方に書いてください（データの数値なら、両方に同じマーカーを書きます）"
            )
            where, key, compared = (
                (page, min(only_ja), other) if only_ja else (other, min(only_en), page)
            )
            problems.append(
                Problem(
                    rel(where, base),
                    line_of_figure(where, key),
                    "日本語と英語のページで数値が合いません"
                    f"（日本語だけ: {_counter_text(only_ja)}／英語だけ: {_counter_text(only_en)}）。"
                    f"{advice}（比べた相手: {rel(compared, base)}）",
                )
            )
    return problems


def line_of_figure(path: Path, key: str) -> int:
    """The first line of PATH whose text holds the counted figure KEY (0 if none does alone)."""
    text = path.read_text(encoding="utf-8")
    english = language(path) == "en"
    for number, row in enumerate(text.splitlines(), 1):
        digits, _ = figures_in(row, english)
        if key in digits:
            return number
    return 0


def _counter_text(counter: Counter[str]) -> str:
    if not counter:
        return "なし"
    return "、".join(_key_text(k) + (f" ×{n}" if n > 1 else "") for k, n in sorted(counter.items()))


def _key_text(key: str) -> str:
    """A counted figure as staff write it: 0.423, or the marker <!-- md:figure ID -->."""
    if ":" not in key:
        return key
    name, _, args = key.partition(":")
    return f"<!-- md:{name} {args} -->".replace("  ", " ")


# textlint ---------------------------------------------------------------------

#: Rules that judge prose, not a citation. In the sources section (## 出典), titles and
#: organisation names are quoted exactly as their publishers wrote them (English titles,
#: full-width commas in JIS titles, long official names), so these rules do not apply
#: there. The terminology (prh) and the pairing/encoding rules still do.
PROSE_ONLY_RULES = frozenset(
    {
        "ja-technical-writing/sentence-length",
        "ja-technical-writing/max-comma",
        "ja-technical-writing/max-ten",
        "ja-technical-writing/max-kanji-continuous-len",
        "ja-technical-writing/ja-no-mixed-period",
        "ja-technical-writing/no-doubled-joshi",
        "ja-technical-writing/no-mix-dearu-desumasu",
        "jtf-style/1.1.3.箇条書き",
        "jtf-style/1.2.2.ピリオド(.)とカンマ(,)",
        "jtf-style/3.1.2.全角文字どうし",
        "jtf-style/3.3.かっこ類と隣接する文字の間のスペースの有無",
        "jtf-style/4.3.1.丸かっこ（）",
    }
)

#: Short Japanese explanations for the rules whose own message is English or technical.
RULE_HELP = {
    "ja-technical-writing/sentence-length": "1文が長すぎます。2つ以上の文に分けてください",
    "ja-technical-writing/max-comma": "1文に「,」が多すぎます。文を分けてください",
    "ja-technical-writing/max-ten": "1文に読点「、」が多すぎます（3つまで）。文を分けてください",
    "ja-technical-writing/no-exclamation-question-mark": "「!」「?」は使わず、言葉で伝えてください",
    "ja-technical-writing/ja-no-mixed-period": "文の終わりに「。」を付けてください",
    "ja-technical-writing/no-doubled-joshi": "1文の中に同じ助詞が続いていて読みにくくなっています。言い換えるか、文を分けてください",
}


@dataclass(frozen=True)
class LintRun:
    problems: list[Problem]
    raw_count: int


#: textlint's results per file, keyed by everything that decides them (see _textlint_key).
TEXTLINT_CACHE = ROOT / ".cache" / "textlint"
#: What else decides textlint's findings: its settings, the dictionaries, the pinned packages.
TEXTLINT_INPUTS = (
    ".textlintrc.json",
    ".textlintignore",
    "prh.yml",
    "prh.en.yml",
    "package-lock.json",
)


def _textlint_key(file: Path, config: Path | None) -> str:
    digest = hashlib.sha256()
    digest.update(file.name.encode() + b"\0" + file.read_bytes())
    for extra in [*(ROOT / name for name in TEXTLINT_INPUTS), *([config] if config else [])]:
        digest.update(b"\0" + (extra.read_bytes() if extra.exists() else b""))
    return digest.hexdigest()[:32]


def run_textlint(
    files: list[Path], base: Path = ROOT, config: Path | None = None, cwd: Path = ROOT
) -> list[dict[str, Figure]]:
    """Run the real textlint on files and return its JSON result.

    A file whose text, name, settings, dictionaries and packages are the same as at
    an earlier run takes that run's result from .cache/textlint/ (the result depends
    on nothing else), so after a data edit no page is linted again: the fast check
    stays fast. Every other file goes through textlint in one run."""
    results: dict[Path, dict[str, Figure]] = {}
    keys = {f: _textlint_key(f, config) for f in files}
    for file, key in keys.items():
        cached = TEXTLINT_CACHE / f"{key}.json"
        if cached.exists():
            messages = json.loads(cached.read_text(encoding="utf-8"))
            results[file] = {"filePath": str(file), "messages": messages}  # type: ignore[dict-item]
    todo = [f for f in files if f not in results]
    if todo:
        for result in _textlint_run(todo, config, cwd):
            file = Path(str(result["filePath"]))
            match = next((f for f in todo if f.resolve() == file.resolve()), file)
            results[match] = result
            TEXTLINT_CACHE.mkdir(parents=True, exist_ok=True)
            (TEXTLINT_CACHE / f"{keys.get(match, _textlint_key(file, config))}.json").write_text(
                json.dumps(result["messages"], ensure_ascii=False), encoding="utf-8"
            )
    return [results[f] for f in files if f in results]


def _textlint_run(files: list[Path], config: Path | None, cwd: Path) -> list[dict[str, Figure]]:
    """textlint itself, on FILES, as JSON."""
    command = [str(TEXTLINT), "--format", "json"]
    if config is not None:
        command += ["--config", str(config)]
    result = subprocess.run(
        command + [str(f) for f in files],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode not in (0, 1) or not result.stdout.strip().startswith("["):
        raise RuntimeError(
            f"textlint could not run (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    data: list[dict[str, Figure]] = json.loads(result.stdout)
    return data


def textlint_problems(
    files: list[Path], base: Path = ROOT, config: Path | None = None
) -> list[Problem]:
    """textlint's findings as Japanese messages with file and line.

    Findings of PROSE_ONLY_RULES inside the sources section are dropped (see there)."""
    if not files:
        return []
    problems = []
    for result in run_textlint(files, base, config):
        path = Path(str(result["filePath"]))
        text = path.read_text(encoding="utf-8")
        bounds = section_bounds(text, SOURCES_HEADING[language(path)])
        sources_lines = (line_of(text, bounds[0]), line_of(text, bounds[1])) if bounds else (0, -1)
        for message in result["messages"]:  # type: ignore[attr-defined]
            rule = str(message["ruleId"])
            line = int(message["line"])
            if rule in PROSE_ONLY_RULES and sources_lines[0] <= line <= sources_lines[1]:
                continue
            problems.append(
                Problem(
                    rel(path, base), line, explain(rule, str(message["message"]), text, message)
                )
            )
    return problems


PRH_MESSAGE = re.compile(r"^(.+?) => ([^\n]+?)(?:\n(.+))?$", re.DOTALL)


def explain(rule: str, message: str, text: str, raw: dict[str, Figure]) -> str:
    """One line for staff: what to change, in Japanese, with the rule in brackets."""
    first = message.strip().splitlines()[0] if message.strip() else message
    if rule == "prh":
        match = PRH_MESSAGE.match(message.strip())
        if match:
            wrong, right, why = match.groups()
            reason = f"。{why.strip()}" if why else ""
            return f"「{wrong.strip()}」は「{right.strip()}」と書きます{reason} (prh)"
    if rule.endswith("max-kanji-continuous-len"):
        return f"{first}。ひらがなを入れて分けてください（正式な名前なら .textlintrc.json の allow に足してください） ({rule})"
    helped = RULE_HELP.get(rule)
    if helped:
        return f"{helped}（{_snippet(text, raw)}） ({rule})"
    return f"{first}（{_snippet(text, raw)}） ({rule})"


def _snippet(text: str, raw: dict[str, Figure]) -> str:
    """The words around the finding on its line, so staff can find it."""
    lines = text.splitlines()
    line, column = raw.get("line"), raw.get("column")
    if not isinstance(line, int) or not isinstance(column, int) or not 0 < line <= len(lines):
        return ""
    row = lines[line - 1]
    at = max(0, column - 1)
    start = max(0, at - 10)
    piece = row[start : at + 10].strip()
    return f"…{piece}…" if piece else ""


# Built site: internal links and anchors ---------------------------------------


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, int]] = []  # (attribute, value, line)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name in {"id"} or (name == "name" and tag == "a"):
                self.ids.add(value)
            if name in {"href", "src"} or (name == "srcset"):
                if name == "srcset":
                    for part in value.split(","):
                        if part.strip():
                            self.links.append((name, part.strip().split()[0], line))
                else:
                    self.links.append((name, value, line))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def content_pages(site: Path) -> list[str]:
    """URL paths of the built site's pages: every index.html except assets/ and search/ (and 404.html)."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site).as_posix()
        if (
            relative.startswith("assets/")
            or "/assets/" in relative
            or relative.split("/")[0] == "search"
            or relative.startswith("en/search/")
        ):
            continue
        pages.append("/" + relative.removesuffix("index.html"))
    return pages


def _parse(path: Path) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def check_internal_links(site: Path, site_url: str = "http://127.0.0.1:8000/") -> list[Problem]:
    """Every href/src to this site points at a built file, and every #fragment at an id on that page.

    ``site_url`` is the build's site_url (absolute links to it count as internal).
    Only HTML files are parsed; links in the sitemap and search index are generated
    by MkDocs from the same pages."""
    parsed: dict[Path, _LinkParser] = {}

    def parse(path: Path) -> _LinkParser:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    own = urlsplit(site_url)
    problems = []
    for page in html_pages(site):
        base_url = "http://site.invalid/" + page.relative_to(site).as_posix()
        for attribute, value, line in parse(page).links:
            value = value.strip()
            if not value or value.startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")):
                continue
            parts = urlsplit(value)
            if parts.scheme in {"http", "https"} and parts.netloc:
                if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
                    continue  # external: tools/check-links
                value = (
                    "/"
                    + parts.path.removeprefix(own.path).lstrip("/")
                    + (f"?{parts.query}" if parts.query else "")
                    + (f"#{parts.fragment}" if parts.fragment else "")
                )
            elif parts.scheme or parts.netloc:
                continue
            target = urlsplit(urljoin(base_url, value))
            target_path = unquote(target.path).lstrip("/")
            file = site / target_path
            if target_path == "" or target_path.endswith("/") or file.is_dir():
                file = file / "index.html"
            where = rel(page, site)
            if not file.exists():
                problems.append(
                    Problem(
                        f"site/{where}",
                        line,
                        f"リンク先 {value} のページやファイルがありません（{attribute}）。リンクを直すか、リンク先を作ってください",
                    )
                )
                continue
            fragment = unquote(target.fragment)
            if fragment and file.suffix == ".html" and fragment not in parse(file).ids:
                problems.append(
                    Problem(
                        f"site/{where}",
                        line,
                        f"リンク先 {value} の「#{fragment}」という見出し（アンカー）が {rel(file, site)} にありません。見出しの名前が変わっていないか確かめてください",
                    )
                )
    return problems


def built_site_url(site: Path) -> str:
    """The site_url the build used, read from the home page's canonical link."""
    home = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    return match.group(1) if match else "http://127.0.0.1:8000/"


def source_of_built_page(site_page: str) -> str:
    """For a message: docs/x/index.md that a built page site/x/index.html comes from (best guess)."""
    path = site_page.removeprefix("site/").removesuffix("index.html")
    if path.startswith("en/"):
        return f"docs/{path[3:]}index.en.md"
    return f"docs/{path}index.md"


def iter_docs_problems(docs: Path = DOCS, base: Path = ROOT) -> Iterator[tuple[str, Problem]]:
    """All per-file Markdown checks (not textlint), tagged with the check's name."""
    for page in markdown_pages(docs):
        for problem in check_front_matter(page, base):
            yield "front matter", problem
        for problem in check_no_scripts(page, base):
            yield "script", problem
        for problem in check_images(page, base):
            yield "image", problem
        for problem in check_sources_section(page, base):
            yield "sources", problem
        for problem in check_typed_figures(page, base):
            yield "typed figure", problem


# Typed figures: a number of the data files typed into a page instead of a marker ----------

TYPED_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
#: Sections whose numbers are records, not the current figures: the sources, and the
#: data history, which keeps last year's value as history (the yearly update adds a row there).
RECORD_SECTIONS = re.compile(r"^##\s.*(出典|Sources|履歴|History)", re.MULTILINE)
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def _unit_forms(unit: str) -> list[str]:
    """How a unit of the data files may be typed after a number (compared lower case, no spaces)."""
    base = unit.lower().replace(" ", "")
    forms = {base, base.replace("-co2", ""), base.replace("-co2", "co2")}
    for a, b in (("yen", "円"), ("/yr", "/年"), ("/household", "/世帯"), ("/person", "/人")):
        forms |= {f.replace(a, b) for f in forms}
    return sorted(forms, key=len, reverse=True)


def _normal_unit_text(text: str) -> str:
    return (
        text.replace("₂", "2")
        .replace("³", "3")
        .replace("－", "-")
        .replace("／", "/")
        .replace(" ", "")
        .lower()
    )


def typed_figures(text: str, figures: dict[str, Figure]) -> list[tuple[int, int, str, str]]:
    """(start, end, typed text, figure id) for each data figure typed as a number with its unit.

    Looked for in the page's prose: not in markers, HTML comments, code, the sources
    section or the data history (last year's values are history there)."""
    hidden = [(m.start(), m.end()) for m in re.finditer(r"<!--.*?-->", text, re.DOTALL)]
    hidden += [(m.start(), m.end()) for m in CODE.finditer(text)]
    for heading in RECORD_SECTIONS.finditer(text):
        following = re.search(r"^#{1,2}\s", text[heading.end() :], re.MULTILINE)
        hidden.append(
            (heading.start(), heading.end() + (following.start() if following else len(text)))
        )
    by_value: dict[float, list[tuple[str, list[str]]]] = {}
    for fid, fig in figures.items():
        value = float(fig.value)
        by_value.setdefault(value, []).append((fid, _unit_forms(str(fig.unit))))
    found = []
    for match in TYPED_NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in hidden):
            continue
        value = float(
            match.group(1).replace(",", "") + (f".{match.group(2)}" if match.group(2) else "")
        )
        after = _normal_unit_text(text[match.end() : match.end() + 40])
        for fid, forms in by_value.get(value, []):
            form = next((f for f in forms if after.startswith(f)), None)
            if form is not None:
                found.append((match.start(), match.end(), match.group(0), fid))
                break
    return found


def format_figure_value(value: float) -> str:
    """A figure's value as the markers write it (1,838; 0.423)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def data_figures() -> dict[str, Figure]:
    """The figures of calculators/data/ (read once)."""
    if not _DATA_FIGURES:
        _DATA_FIGURES.update(load_figures())
    return _DATA_FIGURES


_DATA_FIGURES: dict[str, Figure] = {}


def check_typed_figures(
    path: Path, base: Path = ROOT, figures: dict[str, Figure] | None = None
) -> list[Problem]:
    """A figure of calculators/data/ typed into a page (same value and unit) instead of its marker."""
    if figures is None:
        figures = data_figures()
    text = path.read_text(encoding="utf-8")
    problems = []
    for start, _, typed, fid in typed_figures(text, figures):
        fig = figures[fid]
        problems.append(
            Problem(
                rel(path, base),
                line_of(text, start),
                f"数値「{typed}」を直接書かず、マーカー <!-- md:figure {fid} -->（単位つき）か "
                f"<!-- md:value {fid} -->（数値だけ）に置きかえてください。"
                f"数値は calculators/data/{fig.file} の [{fid}] にあり、毎年の更新で自動的に変わります",
            )
        )
    return problems
