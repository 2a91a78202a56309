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
``<!-- md:answer A PATH [DIGITS] -->``  a number of the engine's result for that
    household, rounded to DIGITS decimals (default 0): PATH is a key of the result
    JSON, dotted for nested keys (``total_kg_per_year``, ``trees.count``,
    ``by_source_kg_per_year.electricity``), ``monthly.SOURCE`` for one month of a
    source (the yearly kg ÷ 12), or ``class_code``. Answer keys are never typed.

An unknown example, key or path stops the build with the file and line.

Ruby on the theme's own text: on the Japanese pages for children (``RUBY_PAGES``),
``on_post_page`` gives the text that ``overrides/main.html`` and Material put
inside the page's content (the calculate button, 最終更新日, the feedback link,
the heading links' title) the same furigana as the page's own text, from
``CHROME_RUBY``. tests/browser/test_classroom.py checks that no kanji is left.
"""

from __future__ import annotations

import json
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from mkdocs.exceptions import PluginError

from calculators import web

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "schools" / "examples.toml"
MARKER = re.compile(
    r"<!--\s*md:(class-results|example-link|example|answer)(?![\w-])((?:(?!-->).)*)-->",
    re.DOTALL,
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


def format_number(value: float, digits: int, lang: str) -> str:
    """Thousands separators, DIGITS decimals (the same for ja and en)."""
    return f"{value:,.{digits}f}"


def answer(letter: str, path: str, digits: int, lang: str, at: str) -> str:
    result = example_result(letter)
    if path == "class_code":
        return f"`{result['class_code']}`"
    if path.startswith("monthly."):
        source = path.removeprefix("monthly.")
        by_source = result["by_source_kg_per_year"]
        if source not in by_source:
            raise PluginError(f"{at}: unknown source {source!r}; known: {', '.join(by_source)}")
        return format_number(by_source[source] / 12, digits, lang)
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise PluginError(f"{at}: the result has no {path!r} (at {key!r})")
        value = value[key]
    if not isinstance(value, int | float):
        raise PluginError(f"{at}: {path!r} is not a number")
    return format_number(float(value), digits, lang)


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
        query = urlencode({k: str(v) for k, v in inputs.items()})
        return f"{base}calculator/?{query}"
    if len(args) not in (2, 3) or (len(args) == 3 and not args[2].isdigit()):
        raise PluginError(f"{at}: write <!-- md:answer {letter} PATH [DIGITS] -->")
    return answer(letter, args[1], int(args[2]) if len(args) == 3 else 0, lang, at)


def _lang(page: Any, config: Any) -> str:
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def _at(page: Any, markdown: str, offset: int) -> str:
    return f"docs/{page.file.src_uri}, line {markdown.count(chr(10), 0, offset) + 1}"


def render_class_results(page: Any, config: Any, lang: str) -> str:
    to_root = "../" * page.url.count("/")
    template = config.theme.get_env().get_template("partials/class.html")
    html = template.render(lang=lang, runtime=to_root + config.extra["pyodide"]["path"])
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
