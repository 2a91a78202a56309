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

An unknown example, key or path stops the build with the file and line.

Ruby on the theme's own text: on the Japanese pages for children (``RUBY_PAGES``),
``on_post_page`` gives the text that ``overrides/main.html`` and Material put
inside the page's content (the calculate button, 最終更新日, the feedback link,
the heading links' title) the same furigana as the page's own text, from
``CHROME_RUBY``. tests/browser/test_classroom.py checks that no kanji is left.
"""

from __future__ import annotations

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
from calculators._exact import SHEET_SOURCES, SheetError, half_up, sheet_answer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "schools" / "examples.toml"
MARKER = re.compile(
    r"<!--\s*md:(class-results|example-link|example|answer|qr)(?![\w-])((?:(?!-->).)*)-->",
    re.DOTALL,
)
SHEET_PATHS = (
    "sheet.month_total",
    "sheet.year",
    "sheet.tonnes",
    "sheet.per_person",
    "sheet.trees",
    *(f"sheet.{part}.{s}" for part in ("month", "share", "year_by_source") for s in SHEET_SOURCES),
)


@cache
def examples() -> dict[str, dict[str, Any]]:
    """The example households, by letter (read once per build)."""
    with EXAMPLES.open("rb") as f:
        return tomllib.load(f)


@cache
def example_result(letter: str) -> dict[str, Any]:
    """The engine's result for an example household, as the calculator shows it."""
    raw = {k: str(v) for k, v in examples()[letter].items()}
    outcome: dict[str, Any] = json.loads(web.run(json.dumps(raw), "ja"))
    if not outcome["ok"]:
        raise PluginError(f"docs/schools/examples.toml [{letter}]: {outcome['errors']}")
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


def sheet_figure(letter: str, path: str, at: str) -> str:
    """A figure of the pupil sheet's working for an example, as the sheet rounds it."""
    if path not in SHEET_PATHS:
        raise PluginError(f"{at}: unknown sheet figure {path!r}; known: {', '.join(SHEET_PATHS)}")
    try:
        value = sheet_answer(examples()[letter]).lookup(path.removeprefix("sheet."))
    except SheetError as exc:
        raise PluginError(f"docs/schools/examples.toml [{letter}]: {exc}") from exc
    except KeyError as exc:
        raise PluginError(f"{at}: example {letter} has no {path!r}") from exc
    return f"{value:,}"


def answer(letter: str, path: str, digits: int | None, lang: str, at: str) -> str:
    if path.startswith("sheet."):
        if digits is not None:
            raise PluginError(f"{at}: {path} is rounded as the sheet says; write no DIGITS")
        return sheet_figure(letter, path, at)
    result = example_result(letter)
    if path == "class_code":
        return class_code_html(result["class_code"])
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise PluginError(f"{at}: the result has no {path!r} (at {key!r})")
        value = value[key]
    if not isinstance(value, int | float):
        raise PluginError(f"{at}: {path!r} is not a number")
    return format_number(value, digits or 0, lang)


def example_marker(name: str, args: list[str], page: Any, lang: str, at: str) -> str:
    if not args or args[0] not in examples():
        raise PluginError(f"{at}: unknown example; known: {', '.join(examples())}")
    letter = args[0]
    inputs = examples()[letter]
    if name == "example":
        if len(args) != 2 or args[1] not in inputs:
            raise PluginError(
                f"{at}: write <!-- md:example {letter} KEY --> with KEY one of {', '.join(inputs)}"
            )
        return format_number(float(inputs[args[1]]), 0, lang)
    if name == "example-link":
        # Relative to the built page, to the calculator in the page's language.
        to_root = "../" * page.url.count("/")
        base = to_root + "en/" if page.url.startswith("en/") else to_root
        return f"{base}{calculator_path(letter)}"
    if len(args) not in (2, 3) or (len(args) == 3 and not args[2].isdigit()):
        raise PluginError(f"{at}: write <!-- md:answer {letter} PATH [DIGITS] -->")
    return answer(letter, args[1], int(args[2]) if len(args) == 3 else None, lang, at)


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


def render_qr(args: list[str], page: Any, config: Any, lang: str, at: str) -> str:
    if not args:
        raise PluginError(f"{at}: write <!-- md:qr site A B C --> (site and/or example letters)")
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
        elif arg in examples():
            address = root + calculator_path(arg)
            caption = text["example"].format(letter=arg)
        else:
            known = ", ".join(["site", *examples()])
            raise PluginError(f"{at}: unknown QR target {arg!r}; known: {known}")
        label = f"{text['label']}: {address}"
        items.append(
            f'<li class="qr__item">{qr_svg(address, label)}'
            f'<span class="qr__caption">{caption}</span>'
            f'<span class="qr__address">{html.escape(address)}</span></li>'
        )
    return '\n\n<ul class="qr" data-qr>' + "".join(items) + "</ul>\n\n"


def _lang(page: Any, config: Any) -> str:
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def _at(page: Any, markdown: str, offset: int) -> str:
    return f"docs/{page.file.src_uri}, line {markdown.count(chr(10), 0, offset) + 1}"


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
        at = _at(page, markdown, match.start())
        if name == "class-results":
            if args:
                raise PluginError(f"{at}: <!-- md:class-results --> takes no arguments")
            return render_class_results(page, config, lang)
        if name in ("example", "example-link", "answer"):
            return example_marker(name, args, page, lang, at)
        if name == "qr":
            return render_qr(args, page, config, lang, at)
        raise PluginError(f"{at}: unknown classroom marker {name!r}")  # pragma: no cover

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
