"""The classroom's build-time parts (MkDocs hook): class results, examples, answer keys.

Markers (HTML comments, expanded before ``markers.py``, which rejects any marker
it does not know; ``mkdocs.yml`` lists this hook first):

``<!-- md:class-results -->``  the teacher's class results tool
    (``overrides/partials/class.html``): pasted class codes are added up in the
    browser by ``calculators.web.class_run`` in the calculator's Pyodide worker.

``<!-- md:example A KEY -->``   an example household's input as on its bill
    (``docs/schools/examples.toml``), e.g. ``electricity_kwh`` → "350".
``<!-- md:example-link A -->``  the calculator's address with that household's inputs
    (relative to the page), for a Markdown link: ``[Example A](<!-- md:example-link A -->)``.
``<!-- md:answer A PATH [DIGITS] -->``  a number for that household:
    ``sheet.…`` is the pupil sheet's own working (``calculators._exact.sheet_answer``,
    exact decimals, each step rounded half up as the sheet says, no DIGITS):
    ``sheet.month.SOURCE`` (one month, 0.1 kg), ``sheet.share.SOURCE`` (%),
    ``sheet.month_total``, ``sheet.year``, ``sheet.tonnes``, ``sheet.per_person``,
    ``sheet.trees`` and ``sheet.year_by_source.SOURCE`` (quiz 2). Any other PATH
    is a key of the calculator's result JSON, dotted for nested keys
    (``total_kg_per_year``, ``trees.count``, ``by_source_kg_per_year.electricity``),
    rounded half up on its decimal value to DIGITS decimals (default 0); or
    ``class_code``, the example's class code (line breaks only between its groups).
    Answer keys are never typed.
``<!-- md:qr site A B C -->``  QR codes (SVG, drawn at build time by ``segno``) for
    the site's home page and for each example household's calculator link, with the
    address and a label in text beside each. The addresses start with ``site_url``
    (``SITE_URL`` when publishing), so paper leads back to the published site.

An unknown example, key or path stops the build with the file, the line and the
nearest name (「もしかして」), in one Japanese sentence as markers.py says it
(``marker_mistake``); ``page_problems`` finds the same without a build, for
``tools/dev check``'s first lines (tools/staff_check.py).

Ruby on the theme's own text: on the Japanese pages for children (``RUBY_PAGES``),
``on_post_page`` gives the text that ``overrides/main.html`` and Material put
inside the page's content (the calculate button, 最終更新日, the feedback link,
the heading links' title) the same furigana as the page's own text, from
``CHROME_RUBY``. tests/browser/test_classroom.py checks that no kanji is left.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from mkdocs.exceptions import PluginError

from calculators import web
from calculators._classcode import groups
from calculators._data import toml_error
from calculators._exact import SHEET_SOURCES, SheetError, half_up, sheet_answer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "schools" / "examples.toml"
MARKER = re.compile(
    r"<!--\s*md:(class-results|example-link|example|answer|qr)(?![\w-])((?:(?!-->).)*)-->",
    re.DOTALL,
)
SHEET_PARTS = ("month", "share", "year_by_source")
SHEET_PATHS = (
    "sheet.month_total",
    "sheet.year",
    "sheet.tonnes",
    "sheet.per_person",
    "sheet.trees",
    *(f"sheet.{part}.{s}" for part in SHEET_PARTS for s in SHEET_SOURCES),
)


class ExampleError(PluginError):
    """docs/schools/examples.toml cannot be read or worked: the file (``path``), the line
    (``line``, 0 if none) and what is wrong (``sentence``)."""

    def __init__(self, line: int, sentence: str) -> None:
        self.path = "docs/schools/examples.toml"
        self.line = line
        self.sentence = sentence
        super().__init__(
            f"{self.path} {line}行目: {sentence}" if line else f"{self.path}: {sentence}"
        )


@cache
def examples() -> dict[str, dict[str, Any]]:
    """The example households, by letter (read once per build)."""
    text = EXAMPLES.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        said = toml_error(EXAMPLES.name, text, exc)  # as for calculators/data/*.toml
        where = f"{said.path} {said.line}行目: " if said.line else f"{said.path}: "
        raise ExampleError(said.line, str(said).removeprefix(where)) from None


def letter_line(letter: str) -> int:
    """The line of ``[LETTER]`` in docs/schools/examples.toml (0 if not found)."""
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return next((n for n, t in enumerate(lines, 1) if t.strip() == f"[{letter}]"), 0)


@cache
def example_result(letter: str) -> dict[str, Any]:
    """The engine's result for an example household, as the calculator shows it."""
    raw = {k: str(v) for k, v in examples()[letter].items()}
    outcome: dict[str, Any] = json.loads(web.run(json.dumps(raw), "ja"))
    if not outcome["ok"]:
        said = "、".join(f"{e['field']} は「{e['message']}」" for e in outcome["errors"])
        raise ExampleError(
            letter_line(letter),
            f"例{letter}の入力を計算機が読めません（{said}）。[{letter}] の値を直してください",
        )
    result: dict[str, Any] = outcome["result"]
    return result


def format_number(value: float | Decimal, digits: int, lang: str) -> str:
    """Thousands separators, DIGITS decimals, rounded half up on the decimal value
    (the same for ja and en)."""
    return f"{half_up(value, digits):,}"


def class_code_html(code: str) -> str:
    """A class code that a line can break only between its groups (after a "-")."""
    parts = "<wbr>".join(html.escape(g) for g in groups(code))
    return f'<code class="class-code">{parts}</code>'


# What staff wrote: one Japanese sentence for each mistake ----------------------------


def guess(word: str, known: list[str]) -> str:
    """「もしかして X ですか？」 for the known name nearest WORD (case first: "a" → "A"), or ""."""
    same = [k for k in known if k.lower() == word.lower()]
    near = same or difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"もしかして {near[0]} ですか？" if near else ""


#: How each marker is written, for the messages.
USAGE = {
    "example": "<!-- md:example A 項目 -->",
    "example-link": "<!-- md:example-link A -->",
    "answer": "<!-- md:answer A 項目 -->",
    "qr": "<!-- md:qr site A B C -->",
}


def unknown_example(letter: str) -> str:
    letters = list(examples())
    return (
        f"例の家庭「{letter}」はありません。{guess(letter, letters)}"
        f"例の家庭は {'、'.join(letters)} のどれかにしてください"
        "（docs/schools/examples.toml の [A] などの記号）"
    )


def sheet_mistake(letter: str, path: str, digits: str | None) -> str | None:
    """What is wrong with ``<!-- md:answer LETTER sheet.… [DIGITS] -->``, or None."""
    if path not in SHEET_PATHS:
        _, part, source = [*path.split("."), "", ""][:3]
        if part in SHEET_PARTS and source:
            near = difflib.get_close_matches(source, SHEET_SOURCES, n=1, cutoff=0.6)
            meant = f"もしかして sheet.{part}.{near[0]} ですか？" if near else ""
            return (
                f"シートの数「{path}」はありません。{meant}"
                f"sheet.{part}. のあとは {'、'.join(SHEET_SOURCES)} のどれかにしてください"
            )
        singles = [p for p in SHEET_PATHS if p.count(".") == 1]
        return (
            f"シートの数「{path}」はありません。{guess(path, list(SHEET_PATHS))}"
            f"sheet. で始まる名前は {'、'.join(singles)} か、"
            "sheet.month.electricity のような排出源つきの名前にしてください"
        )
    if digits is not None:
        return (
            f"{path} はシートのとおりに丸めるので、けた数を書かずに "
            f"<!-- md:answer {letter} {path} --> と書いてください"
        )
    try:
        sheet_figure(letter, path)
    except KeyError:
        return f"例{letter}のシートには「{path}」の数がありません。ほかの数の名前にしてください"
    return None


def result_mistake(letter: str, path: str) -> str | None:
    """What is wrong with ``<!-- md:answer LETTER PATH [DIGITS] -->`` for the engine's result."""
    if path == "class_code":
        return None
    value: Any = example_result(letter)
    done: list[str] = []
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            keys = list(value) if isinstance(value, dict) else []
            near = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            meant = f"もしかして {'.'.join([*done, near[0]])} ですか？" if near else ""
            part = f"（「{key}」のところ）" if "." in path else ""
            return (
                f"計算の結果に「{path}」はありません{part}。{meant}"
                "名前は total_kg_per_year や trees.count のように、"
                "結果の項目を . でつないで書いてください"
            )
        done.append(key)
        value = value[key]
    if isinstance(value, dict):
        inner = [k for k, v in value.items() if isinstance(v, int | float)]
        example = f"{path}.{inner[0]}" if inner else f"{path}.…"
        return (
            f"計算の結果の「{path}」はいくつかの数のまとまりです。"
            f"{example} のように、. でつないで中の数を1つ選んでください"
        )
    if not isinstance(value, int | float) or isinstance(value, bool):
        return (
            f"計算の結果の「{path}」は数ではありません。"
            "total_kg_per_year のような数の項目を選んでください"
        )
    return None


def marker_mistake(name: str, args: list[str]) -> str | None:
    """What is wrong with a classroom marker's words, in one Japanese sentence, or None.

    The build and ``page_problems`` (tools/dev check, before the build) both ask here."""
    if name == "class-results":
        return (
            "<!-- md:class-results --> は、ほかの言葉をつけずにそのまま書いてください"
            if args
            else None
        )
    if name == "qr":
        if not args:
            return (
                f"{USAGE['qr']} のように、site（このサイト）か例の家庭の記号を1つ以上書いてください"
            )
        targets = ["site", *examples()]
        for arg in args:
            if arg not in targets:
                return (
                    f"QRコードの行き先「{arg}」はありません。{guess(arg, targets)}"
                    f"行き先は {'、'.join(targets)} のどれかにしてください"
                )
        return None
    if not args:
        return f"{USAGE[name]} のように、例の家庭の記号（{'、'.join(examples())}）を書いてください"
    letter = args[0]
    if letter not in examples():
        return unknown_example(letter)
    if name == "example":
        inputs = list(examples()[letter])
        if len(args) != 2:
            return (
                f"<!-- md:example {letter} 項目 --> のように、記号のあとに項目を1つ書いてください"
                f"（項目は {'、'.join(inputs)}）"
            )
        if args[1] not in inputs:
            return (
                f"例{letter}の項目「{args[1]}」はありません。{guess(args[1], inputs)}"
                f"項目は {'、'.join(inputs)} のどれかにしてください"
            )
        return None
    if name == "example-link":
        return None
    if len(args) not in (2, 3) or (len(args) == 3 and not args[2].isdigit()):
        return (
            f"<!-- md:answer {letter} 項目 --> か <!-- md:answer {letter} 項目 けた数 --> "
            "のように書いてください（けた数は小数点より下のけたの数で、0、1、2 など）"
        )
    path, digits = args[1], (args[2] if len(args) == 3 else None)
    if path.startswith("sheet."):
        return sheet_mistake(letter, path, digits)
    return result_mistake(letter, path)


def page_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for each classroom marker in TEXT (a whole Markdown file) with a mistake:
    tools/dev check's step before the build (tools/staff_check.py)."""
    problems = []
    for match in MARKER.finditer(text):
        mistake = marker_mistake(match.group(1), match.group(2).split())
        if mistake:
            problems.append((text.count("\n", 0, match.start()) + 1, mistake))
    return problems


# Expanding the markers (after marker_mistake found nothing wrong) -----------------------


def sheet_figure(letter: str, path: str) -> str:
    """A figure of the pupil sheet's working for an example, as the sheet rounds it."""
    example_result(letter)  # inputs the calculator cannot read: said in Japanese, at their line
    try:
        value = sheet_answer(examples()[letter]).lookup(path.removeprefix("sheet."))
    except SheetError as exc:  # the sheet's own rule (calculators/_exact.py), for developers
        raise ExampleError(letter_line(letter), f"[{letter}]: {exc}") from exc
    return f"{value:,}"


def answer(letter: str, path: str, digits: int | None, lang: str) -> str:
    if path.startswith("sheet."):
        return sheet_figure(letter, path)
    result = example_result(letter)
    if path == "class_code":
        return class_code_html(result["class_code"])
    value: Any = result
    for key in path.split("."):
        value = value[key]
    return format_number(value, digits or 0, lang)


def example_marker(name: str, args: list[str], page: Any, lang: str) -> str:
    letter = args[0]
    inputs = examples()[letter]
    if name == "example":
        return format_number(float(inputs[args[1]]), 0, lang)
    if name == "example-link":
        # Relative to the built page, to the calculator in the page's language.
        to_root = "../" * page.url.count("/")
        base = to_root + "en/" if page.url.startswith("en/") else to_root
        return f"{base}{calculator_path(letter)}"
    return answer(letter, args[1], int(args[2]) if len(args) == 3 else None, lang)


def calculator_path(letter: str) -> str:
    """The calculator's address with an example's inputs, from the language's root."""
    return "calculator/?" + urlencode({k: str(v) for k, v in examples()[letter].items()})


# QR codes ------------------------------------------------------------------------

#: The text beside each QR code: "site" or an example letter ({letter}), by variant.
#: "kids" is for the pupil sheet (kana and ruby).
QR_TEXT = {
    "ja": {
        "site": "このサイト",
        "example": "例{letter}を計算機で開く",
        "label": "QRコード",
    },
    "kids": {
        "site": "このサイト",
        "example": (
            "れい{letter}を<ruby>計算機<rt>けいさんき</rt></ruby>で<ruby>開<rt>ひら</rt></ruby>く"
        ),
        "label": "QRコード",
    },
    "en": {
        "site": "This site",
        "example": "Example {letter} in the calculator",
        "label": "QR code",
    },
}


def qr_svg(address: str, label: str) -> str:
    """A QR code for ``address`` as inline SVG (black on white, a 2-module quiet zone)."""
    code = segno.make(address, error="m")
    svg: str = code.svg_inline(
        scale=1, border=2, dark="#000", light="#fff", svgclass="qr__svg", omitsize=True
    )
    # An image named by its address; the same address is printed beside it.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def render_qr(args: list[str], page: Any, config: Any, lang: str) -> str:
    site = str(config.site_url or "")
    if not site.endswith("/"):
        site += "/"
    root = site + ("en/" if lang == "en" else "")
    variant = "en" if lang == "en" else ("kids" if page.url in RUBY_PAGES else "ja")
    text = QR_TEXT[variant]
    items = []
    for arg in args:
        if arg == "site":
            address, caption = root, text["site"]
        else:
            address = root + calculator_path(arg)
            caption = text["example"].format(letter=arg)
        label = f"{text['label']}: {address}"
        items.append(
            f'<li class="qr__item">{qr_svg(address, label)}'
            f'<span class="qr__caption">{caption}</span>'
            f'<span class="qr__address">{html.escape(address)}</span></li>'
        )
    return '\n\n<ul class="qr" data-qr>' + "".join(items) + "</ul>\n\n"


def _lang(page: Any, config: Any) -> str:
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def _at(page: Any, markdown: str, offset: int, text: str) -> str:
    """ "docs/schools/index.md 12行目" for the marker TEXT at OFFSET of MARKDOWN, counted in the
    file as the editor sees it: hooks get the Markdown without its front matter and with
    charts.py's markers expanded, so the same occurrence of TEXT is looked up in the file
    (as markers.where does)."""
    line = markdown.count("\n", 0, offset) + 1
    try:
        source = Path(getattr(page.file, "abs_src_path", None)).read_text(encoding="utf-8-sig")
    except (OSError, TypeError):
        source = ""
    position = -1
    for _ in range(markdown.count(text, 0, offset) + 1 if source else 0):
        position = source.find(text, position + 1)
        if position < 0:
            break
    if position >= 0:
        line = source.count("\n", 0, position) + 1
    return f"docs/{page.file.src_uri} {line}行目"


def render_class_results(page: Any, config: Any, lang: str) -> str:
    to_root = "../" * page.url.count("/")
    template = config.theme.get_env().get_template("partials/class.html")
    html = template.render(
        lang=lang,
        runtime=to_root + config.extra["pyodide"]["path"],
        runtime_bytes=config.extra["pyodide"]["bytes"],
    )
    # The page loads its module (class.js) and the runtime (see overrides/main.html).
    page.meta["class_results"] = True
    return "\n\n" + re.sub(r"\n\s*\n", "\n", html).strip() + "\n\n"


def on_config(config: Any) -> Any:
    # `mkdocs serve` keeps this module between rebuilds: re-read the examples.
    examples.cache_clear()
    example_result.cache_clear()
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = _lang(page, config)

    def replace(match: re.Match[str]) -> str:
        name, args = match.group(1), match.group(2).split()
        mistake = marker_mistake(name, args)
        if mistake:
            raise PluginError(f"{_at(page, markdown, match.start(), match.group(0))}: {mistake}")
        if name == "class-results":
            return render_class_results(page, config, lang)
        if name in ("example", "example-link", "answer"):
            return example_marker(name, args, page, lang)
        if name == "qr":
            return render_qr(args, page, config, lang)
        raise PluginError(f"unknown classroom marker {name!r}")  # pragma: no cover

    return MARKER.sub(replace, markdown)


# Ruby for the theme's text -----------------------------------------------------

#: Japanese pages written for children (every kanji with furigana), by page URL.
RUBY_PAGES = ("kids/", "schools/sheet/")


def _r(kanji: str, reading: str) -> str:
    return f"<ruby>{kanji}<rt>{reading}</rt></ruby>"


#: The theme's text (overrides/main.html, Material) → the same text with furigana.
#: Attributes cannot hold ruby, so their text is written in kana.
CHROME_RUBY = {
    ">家庭のCO₂を計算する<": f">{_r('家庭', 'かてい')}のCO₂を{_r('計算', 'けいさん')}する<",
    "最終更新日": _r("最終更新日", "さいしゅうこうしんび"),
    ">このページへのご意見をメールで送る<": (
        f">このページへのご{_r('意見', 'いけん')}をメールで{_r('送', 'おく')}る<"
    ),
    'title="この見出しへのリンク"': 'title="このみだしへのリンク"',
}
# Glossary tooltips (includes/abbreviations.ja.md) are written for adults, in kanji that
# a tooltip cannot give furigana; on the children's pages the word stays, the tooltip goes.
ABBR = re.compile(r"<abbr title=\"[^\"]*\">(.*?)</abbr>", re.DOTALL)
ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*">)(.*?)(</article>)', re.DOTALL)


def add_chrome_ruby(html: str) -> str:
    """Furigana on the theme's text inside the page's <article> (see CHROME_RUBY)."""

    def inside(match: re.Match[str]) -> str:
        body = ABBR.sub(r"\1", match.group(2))
        for plain, ruby in CHROME_RUBY.items():
            body = body.replace(plain, ruby)
        return match.group(1) + body + match.group(3)

    return ARTICLE.sub(inside, html, count=1)


def on_post_page(output: str, page: Any, config: Any) -> str:
    if _lang(page, config) == "ja" and page.url in RUBY_PAGES:
        return add_chrome_ruby(output)
    return output
