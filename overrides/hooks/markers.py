"""Expand the site's Markdown markers at build time (MkDocs hook).

Staff write a marker where a figure, a table or the calculator belongs; this
hook replaces it with content rendered from the one source of truth (the data
files in ``calculators/data/`` and the engine's form definition). Nobody
retypes a number in Markdown.

Markers (HTML comments, so an unexpanded one never shows on a page):

``<!-- md:figure ID -->``      value and unit, in the page's language ("31円/kWh")
``<!-- md:value ID -->``       the value alone, e.g. "0.423"
``<!-- md:source ID -->``      the figure's publisher, document, year and link, and when it
                               was published (in English on English pages)
``<!-- md:period ID -->``      the year the figure describes, e.g. "2022年度" / "FY2022": a
                               sentence that names a data year takes it from here, so a
                               yearly update changes it
``<!-- md:checked ID -->``     the day the figure was last compared with the publisher's page
``<!-- md:release-calendar -->``  the yearly calendar of expected releases (from each
                               entry's ``next_release``; ``calculators/_freshness.py``)
``<!-- md:factor-table [GROUP …] -->``  table of figures (all, or only the named groups),
                               with each figure's confidence in words
``<!-- md:calculator household -->``    the household calculator (form and results)
``<!-- md:repo -->``           the repository's address (``repo_url`` in mkdocs.yml), where
                               staff propose changes; while it is unset, a sentence that
                               says whom to ask

After rendering, every table gets ``tabindex="0"``: on a phone a wide table
scrolls sideways, and keyboard users must be able to reach it to scroll
(WCAG 2.1.1; axe rule scrollable-region-focusable).

An unknown marker or figure ID stops the build with the file, the line and the
nearest known names (「もしかして」), so a typo never reaches the published site.
A relative link to a page or file that does not exist is reported the same way
(in Japanese, with the line; MkDocs' own English notice is turned down to INFO
in mkdocs.yml). ``page_problems`` runs both checks on a Markdown file without a
build, for ``tools/dev check``'s summary. The hook also appends the glossary
abbreviations of the page's language (``includes/abbreviations.<lang>.md``) so
terms show as tooltips on every page, and records each page's last-updated
date from git for the template.
"""

from __future__ import annotations

import difflib
import json
import logging
import posixpath
import re
import subprocess
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

import calculators
from calculators import _freshness

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("mkdocs.hooks.markers")
MARKER = re.compile(r"<!--\s*md:([A-Za-z0-9_-]+)((?:(?!-->).)*)-->", re.DOTALL)
SUBSCRIPTS = str.maketrans("2", "₂")


# Helpers -----------------------------------------------------------------


def page_language(page: Page, config: MkDocsConfig) -> str:
    """The page's language code ("ja" or "en") as decided by the i18n plugin."""
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def page_source(page: Page) -> str:
    """The page's file as the editor sees it (front matter included); "" if unreadable."""
    try:
        return Path(str(page.file.abs_src_path)).read_text(encoding="utf-8-sig")
    except (OSError, TypeError):
        return ""


def where(page: Page, markdown: str, offset: int, text: str = "") -> str:
    """ "docs/path.md 12行目" for an error message a staff member can act on.

    N counts lines in the file as the editor sees it: MkDocs hands hooks the
    Markdown without its front matter, and an earlier hook may have expanded
    other markers, so the marker ``text`` is looked up in the file itself (the
    same occurrence: the k-th identical marker in the Markdown is the k-th in
    the file). Without it, the front matter's lines are added to the offset."""
    source = page_source(page)
    line = markdown.count("\n", 0, offset) + 1
    if source and text:
        occurrence = markdown.count(text, 0, offset)
        position = -1
        for _ in range(occurrence + 1):
            position = source.find(text, position + 1)
            if position < 0:
                break
        if position >= 0:
            return f"docs/{page.file.src_uri} {source.count(chr(10), 0, position) + 1}行目"
    if source:
        line += lines_before_body(source)
    return f"docs/{page.file.src_uri} {line}行目"


def lines_before_body(source: str) -> int:
    """Lines above the Markdown that hooks get: the front matter and the blank lines after it."""
    match = YAML_RE.match(source)
    if match is None:
        return 0
    rest = source[match.end() :]
    return source[: match.end()].count("\n") + len(rest) - len(rest.lstrip("\n"))


def pretty_unit(unit: str) -> str:
    """Write CO2 as CO₂ and m3 as m³ in units."""
    return unit.replace("CO2", "CO₂").replace("m3", "m³")


def format_number(value: float) -> str:
    """Format a figure as written in its source: thousands separators, no trailing zeros."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


@cache
def figures() -> dict[str, calculators.Figure]:
    try:
        return calculators.load_figures()
    except calculators.DataError as exc:
        raise PluginError(str(exc)) from exc


#: Every marker name of every hook (charts.py, classroom.py, diagrams.py and diary.py expand theirs
#: first; a name left for this hook that is not its own is a typo).
OWN_MARKERS = (
    "figure",
    "value",
    "source",
    "period",
    "checked",
    "factor-table",
    "release-calendar",
    "calculator",
    "repo",
)
OTHER_MARKERS = (
    "chart",
    "diagram",
    "example",
    "example-link",
    "answer",
    "class-results",
    "qr",
    "exercise-answers",  # exercise_answers.py: the Python exercises' answers for teachers
    "diary",  # diary.py: the household CO₂ diary
    "diary-format",  # diary.py: the diary's file format
)


def nearest(word: str, known: list[str], n: int = 3) -> list[str]:
    """The known names closest to WORD (difflib), best first."""
    return difflib.get_close_matches(word, known, n=n, cutoff=0.6)


def unknown_figure(fid: str) -> str:
    """One sentence for staff: the ID is unknown, the nearest IDs, and where IDs live."""
    near = nearest(fid, sorted(figures()), 1)
    guess = f"もしかして {near[0]} ですか？" if near else ""
    return (
        f"図のID「{fid}」はデータにありません。{guess}"
        "IDは calculators/data/*.toml の [グループ.名前] の行で確かめてください"
    )


def unknown_marker(name: str) -> str:
    """One sentence for staff: the marker is unknown, the nearest names, the list."""
    known = [*OWN_MARKERS, *OTHER_MARKERS]
    near = nearest(name, known, 1)
    guess = f"もしかして <!-- md:{near[0]} … --> ですか？" if near else ""
    return f"マーカー <!-- md:{name} --> はありません。{guess}使えるのは {'、'.join(known)} です"


def figure(fid: str, at: str) -> calculators.Figure:
    found = figures().get(fid)
    if found is None:
        raise PluginError(f"{at}: {unknown_figure(fid)}")
    return found


def label(fig: calculators.Figure, lang: str) -> str:
    return fig.label_ja if lang == "ja" else fig.label_en


MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_text(day: date, lang: str) -> str:
    """ "2026年1月9日" / "9 January 2026"."""
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def when_text(fig: calculators.Figure, lang: str) -> str:
    """Which year the data covers and, when known, when it was published; when the next
    release is late (``_freshness.awaited``), the day it was last found still missing."""
    period = fig.period_in(lang)
    late = fig.checked if _freshness.awaited(fig) else None
    if lang == "ja":
        text = period
        if fig.published is not None:
            text = f"データ：{period}、{date_text(fig.published, lang)}公表"
        if late is not None:
            text += f"、{date_text(late, lang)}に確かめた時点で次の公表はまだ"
        return text
    data = "" if period == "—" else f"data for {period}; "
    text = period
    if fig.published is not None:
        text = f"{data}published {date_text(fig.published, lang)}"
    if late is not None:
        text += f"; the next release was not out when checked on {date_text(late, lang)}"
    return text


def citation(fig: calculators.Figure, lang: str) -> str:
    """Publisher, document, the data's year, the publication date and link as Markdown."""
    publisher, document = fig.publisher_in(lang), fig.document_in(lang)
    if lang == "ja":
        return f"{publisher}「[{document}]({fig.url})」（{when_text(fig, lang)}）"
    return f"{publisher}, “[{document}]({fig.url})” ({when_text(fig, lang)})"


def value_with_unit(fig: calculators.Figure, lang: str) -> str:
    """ "0.423 kg-CO₂/kWh", or "31円/kWh" with no space before a Japanese unit."""
    unit = pretty_unit(fig.unit_in(lang))
    space = "" if lang == "ja" and unit and ord(unit[0]) > 0x2E7F else " "
    return f"{format_number(fig.value)}{space}{unit}"


@cache
def updated_on(src: str) -> str:
    """Date of the last commit that touched the file, or today for uncommitted work."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", src],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        out = ""
    return out or date.today().isoformat()


# Renderers ----------------------------------------------------------------


def factor_table_problem(args: list[str]) -> str | None:
    """What is wrong with the groups of a factor-table marker (None when nothing is)."""
    known = sorted({f.id.split(".")[0] for f in figures().values()})
    for group in args:
        if group not in known:
            near = difflib.get_close_matches(group, known, n=1)
            guess = f"もしかして {near[0]} ですか？" if near else ""
            return (
                f"<!-- md:factor-table --> のグループ「{group}」はデータにありません。"
                f"{guess}書けるグループは {'、'.join(known)} です"
                "（何も書かなければ、すべての数値の表になります）"
            )
    return None


def calculator_problem(args: list[str]) -> str | None:
    if args == ["household"]:
        return None
    return (
        f"計算機「{' '.join(args)}」はありません。"
        "計算機は1つだけなので、<!-- md:calculator household --> と書いてください"
    )


def no_arguments(name: str) -> Callable[[list[str]], str | None]:
    """The argument check of a marker that takes nothing after its name."""

    def problem(args: list[str]) -> str | None:
        if not args:
            return None
        return (
            f"<!-- md:{name} --> には名前や数を書けません。<!-- md:{name} --> とだけ書いてください"
        )

    return problem


#: Markers whose arguments are checked before the build (tools/dev check, step 1) with the
#: same sentence the build stops with. diary.py and exercise_answers.py expand only their
#: markers' bare form; with words after the name the marker is left here, and stops the build.
ARGUMENT_CHECKS = {
    "factor-table": factor_table_problem,
    "calculator": calculator_problem,
    "release-calendar": no_arguments("release-calendar"),
    "diary": no_arguments("diary"),
    "diary-format": no_arguments("diary-format"),
    "exercise-answers": no_arguments("exercise-answers"),
}


def render_factor_table(args: list[str], lang: str, at: str) -> str:
    problem = factor_table_problem(args)
    if problem:
        raise PluginError(f"{at}: {problem}")
    groups = set(args)
    rows = [f for f in figures().values() if not groups or f.id.split(".")[0] in groups]
    head = (
        "| 項目 | 値 | 単位 | 出典 | 年度 | 確かさ |\n| --- | ---: | --- | --- | --- | --- |"
        if lang == "ja"
        else "| Item | Value | Unit | Source | Year | Checked |\n"
        "| --- | ---: | --- | --- | --- | --- |"
    )
    lines = [head]
    for f in rows:
        cells = [
            label(f, lang),
            format_number(f.value),
            pretty_unit(f.unit_in(lang)),
            f"{f.publisher_in(lang)}: [{f.document_in(lang)}]({f.url})",
            when_text(f, lang),
            f.confidence_in(lang),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n" + "\n".join(lines) + "\n"


#: "(as reported by …)" and an English name in brackets: the calendar names who releases.
REPORTED_BY = re.compile(
    r"（[^）]*(?:報道|による|紹介|計算)[^）]*）|（[A-Za-z .,]+）"
    r"|\s\((?:as reported|from|quoting|Japanese release|calculated)[^)]*\)"
)

CALENDAR_HEAD = {
    "ja": "| 月 | 公表が予定されているもの | データ |\n| --- | --- | --- |",
    "en": "| Month | Releases expected | Data |\n| --- | --- | --- |",
}


def render_release_calendar(args: list[str], lang: str, at: str) -> str:
    """One row per month: the releases expected in it (``next_release`` of every entry)."""
    problem = ARGUMENT_CHECKS["release-calendar"](args)
    if problem:
        raise PluginError(f"{at}: {problem}")
    months = _freshness.calendar(figures().values())
    lines = [CALENDAR_HEAD[lang]]
    for month, entries in months.items():
        name = f"{month}月" if lang == "ja" else MONTHS_EN[month - 1]
        releases: dict[str, list[str]] = {}
        for f in entries:
            year, who = f.next_release[:4], REPORTED_BY.sub("", f.publisher_in(lang))
            who = f"{who}（{year}年）" if lang == "ja" else f"{who} ({year})"
            releases.setdefault(who, []).append(f"`{f.id}`")
        if not releases:
            lines.append(f"| {name} | — | |")
            continue
        what = "<br>".join(releases)
        ids = "<br>".join(", ".join(v) for v in releases.values())
        lines.append(f"| {name} | {what.replace('|', chr(92) + '|')} | {ids} |")
    fixed = sum(1 for f in figures().values() if f.next_release == "none")
    note = (
        f"このほか{fixed}件は、過去の決まった値で、次の公表はありません"
        '（`next_release = "none"`）。'
        if lang == "ja"
        else f"{fixed} more entries are fixed historical facts with no next release "
        '(`next_release = "none"`).'
    )
    return "\n" + "\n".join(lines) + "\n\n" + note + "\n"


def render_calculator(args: list[str], page: Page, lang: str, config: MkDocsConfig, at: str) -> str:
    problem = calculator_problem(args)
    if problem:
        raise PluginError(f"{at}: {problem}")
    depth = page.url.count("/")
    to_root = "../" * depth
    env = config.theme.get_env()
    template = env.get_template("partials/calculator.html")
    form = calculators.form_definition(lang)
    html = template.render(
        lang=lang,
        form=form,
        runtime=to_root + config.extra["pyodide"]["path"],
        runtime_bytes=config.extra["pyodide"]["bytes"],
        download=config.extra["pyodide"]["download"],
        glossary=glossary(lang),
        worksheet=to_root + ("en/" if lang == "en" else "") + "worksheet/",
        offsetting=to_root + ("en/" if lang == "en" else "") + "offsetting/",
        # This language's home, for links to other pages of the site ("../", "../../en/").
        lang_root=to_root + ("en/" if lang == "en" else ""),
        form_json=json.dumps(form, ensure_ascii=False),
    )
    page.meta["calculator"] = True
    # Keep the HTML as one block so Markdown leaves it alone.
    return "\n\n" + re.sub(r"\n\s*\n", "\n", html).strip() + "\n\n"


ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<text>.+)$", re.MULTILINE)


def glossary(lang: str) -> dict[str, str]:
    """The glossary tooltips of ``includes/abbreviations.<lang>.md``: term → one-line explanation.

    The calculator explains these words where they stand in its result (the result is
    written by the page's script, which Markdown's abbreviations never see).
    """
    path = ROOT / "includes" / f"abbreviations.{lang}.md"
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    return {m["term"]: m["text"].strip() for m in ABBREVIATION.finditer(text)}


#: Said where the repository's address goes while mkdocs.yml has no repo_url.
NO_REPOSITORY = {
    "ja": "アドレスは足立区 環境部環境政策課にたずねてください",
    "en": "ask Adachi City's Environmental Policy Division for its address",
}


def repository(config: MkDocsConfig, lang: str) -> str:
    """The repository's address as a link, or whom to ask while repo_url is unset."""
    url = str(config.get("repo_url") or "")
    return f"<{url}>" if url else NO_REPOSITORY["en" if lang == "en" else "ja"]


def expand(markdown: str, page: Page, config: MkDocsConfig) -> str:
    lang = page_language(page, config)

    def replace(match: re.Match[str]) -> str:
        name, args = match.group(1), match.group(2).split()
        at = where(page, markdown, match.start(), match.group(0))
        if name in ("figure", "value", "source", "period", "checked"):
            if len(args) != 1:
                raise PluginError(
                    f"{at}: <!-- md:{name} ID --> のように、IDを1つだけ書いてください"
                )
            fig = figure(args[0], at)
            if name == "value":
                return format_number(fig.value)
            if name == "figure":
                return value_with_unit(fig, lang)
            if name == "period":
                return fig.period_in(lang)
            if name == "checked":
                if fig.checked is None:
                    raise PluginError(
                        f"{at}: [{fig.id}] には checked（確かめた日）がありません。"
                        f"calculators/data/{fig.file} の [{fig.id}] に checked = 2026-12-04 の"
                        "ように書いてください"
                    )
                return date_text(fig.checked, lang)
            return citation(fig, lang)
        if name == "factor-table":
            return render_factor_table(args, lang, at)
        if name == "calculator":
            return render_calculator(args, page, lang, config, at)
        if name == "release-calendar":
            return render_release_calendar(args, lang, at)
        if name == "repo":
            return repository(config, lang)
        problem = ARGUMENT_CHECKS[name](args) if name in ARGUMENT_CHECKS else None
        raise PluginError(f"{at}: {problem or unknown_marker(name)}")

    return MARKER.sub(replace, markdown)


# Checks without a build (tools/dev check) ----------------------------------------

MARKDOWN_LINK = re.compile(
    r"(?<!\\)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
REFERENCE_LINK = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]+`", re.DOTALL | re.MULTILINE)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _hide(text: str, pattern: re.Pattern[str]) -> str:
    """TEXT with PATTERN's matches blanked out (lines kept), so line numbers stay right."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def link_problems(text: str, src_uri: str, docs: Path) -> list[tuple[int, str]]:
    """(line, message) for each relative link in TEXT (the file docs/SRC_URI) whose page or
    file does not exist, with the nearest existing page. Links in code are left alone."""
    problems = []
    visible = _hide(_hide(text, CODE), HTML_COMMENT)
    here = posixpath.dirname(src_uri)
    found = [(m.start(1), m.group(1)) for m in MARKDOWN_LINK.finditer(visible)]
    found += [(m.start(1), m.group(1)) for m in REFERENCE_LINK.finditer(visible)]
    for offset, target in sorted(found):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith(("#", "/")):
            continue
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not posixpath.splitext(path)[1]:
            continue  # a folder ("../calculator/?…"): test_links.py checks it in the built site
        resolved = posixpath.normpath(posixpath.join(here, path))
        candidates = [resolved]
        if resolved.endswith(".md") and not resolved.endswith(".en.md"):
            candidates.append(resolved.removesuffix(".md") + ".en.md")
        if resolved.startswith("..") or not any((docs / c).exists() for c in candidates):
            pages = sorted(
                posixpath.relpath(p.relative_to(docs).as_posix(), here or ".")
                for p in docs.rglob("*.md")
                if not p.name.endswith(".en.md")
            )
            near = nearest(path, pages, 1)
            guess = f"もしかして {near[0]} ですか？" if near else ""
            problems.append(
                (
                    text.count("\n", 0, offset) + 1,
                    f"リンク先 {target} がありません（docs/{resolved} というファイルがない）。"
                    f"{guess}ファイル名のつづりと ../ の数を確かめてください",
                )
            )
    return problems


def marker_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for each unknown marker, or figure ID of this hook's markers, in TEXT."""
    problems = []
    for match in MARKER.finditer(text):
        name, args = match.group(1), match.group(2).split()
        line = text.count("\n", 0, match.start()) + 1
        if name in ("figure", "value", "source", "period", "checked"):
            if len(args) != 1:
                problems.append(
                    (line, f"<!-- md:{name} ID --> のように、IDを1つだけ書いてください")
                )
            elif args[0] not in figures():
                problems.append((line, unknown_figure(args[0])))
        elif name in ARGUMENT_CHECKS:
            problem = ARGUMENT_CHECKS[name](args)
            if problem:
                problems.append((line, problem))
        elif name not in OWN_MARKERS and name not in OTHER_MARKERS:
            problems.append((line, unknown_marker(name)))
    return problems


def page_problems(path: Path, docs: Path) -> list[tuple[int, str]]:
    """Unknown markers and broken links in one Markdown file, as (line, message)."""
    text = path.read_text(encoding="utf-8-sig")
    src_uri = path.relative_to(docs).as_posix()
    return sorted(marker_problems(text) + link_problems(text, src_uri, docs))


# Hooks ----------------------------------------------------------------------

TABLE_TAG = re.compile(r"<table(?![^>]*\btabindex=)")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # `mkdocs serve` keeps this module between rebuilds: re-read the data files
    # and the git dates so that a staff member's edit shows in the preview.
    figures.cache_clear()
    updated_on.cache_clear()
    return config


#: Shown on top of a Japanese page that stands in for a missing English one (preview only:
#: tools/dev check and CI fail on the missing file, see tests/content/test_counterparts.py).
UNTRANSLATED = """!!! warning "Not translated yet · 英語のページがまだありません"
    This page has no English version yet, so the Japanese page is shown.
    英語のページ `docs/{english}` がありません。
    `docs/{japanese}` と同じフォルダに、英語に訳した `{name}` を作ってください。

"""


def missing_translation(page: Page, config: MkDocsConfig) -> str | None:
    """The .en.md to create, when the English build shows a Japanese page in its place."""
    src = page.file.src_uri
    if str(config.theme["language"]) != "en" or src.endswith(".en.md") or not src.endswith(".md"):
        return None
    return src.removesuffix(".md") + ".en.md"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    english = missing_translation(page, config)
    if english is not None:
        log.warning(
            "docs/%s is missing: the English site shows the Japanese page docs/%s in its place. "
            "Create docs/%s (the translation) in the same folder.",
            english,
            page.file.src_uri,
            english,
        )
        markdown = (
            UNTRANSLATED.format(
                english=english, japanese=page.file.src_uri, name=english.rsplit("/", 1)[-1]
            )
            + markdown
        )
    # Links are checked once per file: not again when the English site shows a Japanese page.
    source = page_source(page) if english is None else ""
    docs = Path(str(config.docs_dir))
    for line, message in link_problems(source, page.file.src_uri, docs) if source else []:
        log.warning("docs/%s %d行目: %s", page.file.src_uri, line, message)
    expanded = expand(markdown, page, config)
    page.meta.setdefault("updated", updated_on(f"docs/{page.file.src_uri}"))
    abbreviations = ROOT / "includes" / f"abbreviations.{page_language(page, config)}.md"
    if abbreviations.exists():
        expanded += "\n\n" + abbreviations.read_text(encoding="utf-8")
    return expanded


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return TABLE_TAG.sub('<table tabindex="0"', html)
