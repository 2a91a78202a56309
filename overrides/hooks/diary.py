"""The household CO₂ diary's page parts (MkDocs hook): the diary and its file format.

Markers (HTML comments, expanded before ``markers.py``, which rejects any marker
it does not know; ``mkdocs.yml`` lists this hook before it):

``<!-- md:diary -->``  the diary (``overrides/partials/diary.html``): the consent,
    the month form (the calculator's fields from ``calculators.form_definition``,
    without the period: a diary month is always one month of bills), the months'
    table and chart, the watched action, export, import and delete. It sets
    ``page.meta.diary``, so ``overrides/main.html`` loads
    ``assets/javascripts/log.js`` (which calls ``calculators.web.diary`` in the
    site's Pyodide worker) and ``log.css`` on that page only.
``<!-- md:diary-format -->``  the file format for people who keep their own
    spreadsheet: every CSV column (its heading in the page's language, the JSON
    key, the unit or the choices' ids) and an example of the JSON, all taken from
    the engine (``calculators._diary``), so the page never disagrees with the files.

A marker with words after its name is left to ``markers.py``, which stops the build
with the file and line (and ``tools/dev check`` finds it before the build).
"""

from __future__ import annotations

import html
import re
from typing import Any

from mkdocs.exceptions import PluginError

import calculators
from calculators import _diary as D
from calculators import _fields as F
from calculators import _messages as T
from calculators._model import SOURCES

MARKER = re.compile(r"<!--\s*md:(diary-format|diary)\s*-->")

#: The format table's words (the engine's own texts fill the rows).
WORDS = {
    "ja": {
        "caption": "CSVの列（1行目の見出し）とJSONのキー",
        "heading": "CSVの見出し",
        "key": "JSONのキー",
        "content": "書くもの",
        "month": "年と月（例：2025-04）。2025/4 や 2025年4月 も読めます。",
        "number": "数（{unit}）。空欄は入力なしです（0とは違います）。",
        "choice": "次のどれか（IDか、その名前）：",
        "calculated": "書き出すときに計算して入れる列です。読み込むときは使いません。",
        "sep": "、",
    },
    "en": {
        "caption": "The CSV's columns (headings on line 1) and the JSON keys",
        "heading": "CSV heading",
        "key": "JSON key",
        "content": "What to write",
        "month": "Year and month (e.g. 2025-04). 2025/4 and 2025年4月 are read too.",
        "number": "A number ({unit}). Blank means not entered (not zero).",
        "choice": "One of (the id, or its name): ",
        "calculated": "Calculated when exporting; not read when importing.",
        "sep": ", ",
    },
}

#: The example months in the format's JSON example (made-up bills, not data).
EXAMPLE = (
    ("2025-04", {"household_size": "3", "electricity_kwh": "260", "city_gas_m3": "25"}),
    ("2025-05", {"household_size": "3", "electricity_kwh": "240", "water_m3": "38"}),
)


def _lang(page: Any, config: Any) -> str:
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def _block(text: str) -> str:
    """HTML as one block that Markdown leaves alone."""
    return "\n\n" + re.sub(r"\n\s*\n", "\n", text).strip() + "\n\n"


def render_diary(page: Any, config: Any, lang: str) -> str:
    """The diary's HTML for the page, in its language."""
    to_root = "../" * page.url.count("/")
    form = calculators.form_definition(lang)
    groups = [
        {**group, "fields": [f for f in group["fields"] if f["key"] != F.PERIOD.key]}
        for group in form["groups"]
    ]
    template = config.theme.get_env().get_template("partials/diary.html")
    out = template.render(
        lang=lang,
        groups=groups,
        actions=form["actions"],
        sources=[{"id": s, "label": T.SOURCES[lang][s]} for s in SOURCES],
        runtime=to_root + config.extra["pyodide"]["path"],
    )
    page.meta["diary"] = True
    return _block(out)


def render_format(lang: str) -> str:
    """The CSV columns and JSON keys as a table, and an example of the JSON."""
    words = WORDS[lang]
    header = D.csv_header(lang)
    rows = [(header[0], D.MONTH, words["month"])]
    for spec, heading in zip(D.FIELDS, header[1:-2], strict=True):
        if isinstance(spec, F.NumberField):
            unit = T.UNITS[lang].get(spec.unit, spec.unit)
            content = words["number"].format(unit=unit)
        else:
            names = T.OPTIONS[lang][spec.key]
            content = words["choice"] + words["sep"].join(
                f"<code>{o}</code>（{html.escape(names[o])}）"
                if lang == "ja"
                else f"<code>{o}</code> ({html.escape(names[o])})"
                for o in spec.options
            )
        rows.append((heading, spec.key, content))
    rows += [(h, "", words["calculated"]) for h in header[-2:]]
    body = "\n".join(
        f'<tr><th scope="row">{html.escape(h)}</th><td>{f"<code>{k}</code>" if k else "–"}</td>'
        f"<td>{c if '<code>' in c else html.escape(c)}</td></tr>"
        for h, k, c in rows
    )
    example = D.Diary()
    for month, values in EXAMPLE:
        entry = D.check_entry(month, values)
        if isinstance(entry, list):  # pragma: no cover - the example is made to check
            raise PluginError(f"overrides/hooks/diary.py: the example month {month} does not check")
        example = example.with_entry(entry)
    table = (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        f"<table data-log-format><caption>{html.escape(words['caption'])}</caption>"
        f'<thead><tr><th scope="col">{words["heading"]}</th><th scope="col">{words["key"]}</th>'
        f'<th scope="col">{words["content"]}</th></tr></thead><tbody>\n{body}\n</tbody></table>'
        "</div></div>"
    )
    code = f'<pre class="log__example"><code>{html.escape(D.to_json(example))}</code></pre>'
    return _block(table + "\n" + code)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = _lang(page, config)

    def replace(match: re.Match[str]) -> str:
        if match.group(1) == "diary":
            return render_diary(page, config, lang)
        return render_format(lang)

    return MARKER.sub(replace, markdown)
