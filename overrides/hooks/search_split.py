"""One search index per language (MkDocs hook).

Why: mkdocs-static-i18n merges the pages of every language into the one
``search/search_index.json`` that Material loads on every page, and Material's
search worker turns it into an index as soon as a page opens. So every page
downloaded both languages' text (87 KB of its 177 KB) and, on the calculator,
built an index of both in the same two CPU cores that start Pyodide.

What: after the i18n plugin has written the merged index (``on_post_build``,
priority below its -100), this hook
- keeps the default language's pages in ``search/search_index.json``;
- writes each other language's pages to ``<lang>/search/search_index.json``,
  with addresses relative to ``<lang>/`` and only that language's lunr
  settings (English pages no longer load the Japanese segmenter);
- points Material's ``base`` (in the page's ``__config``) of those pages at
  ``<lang>/``, which is where Material looks for the index and what it resolves
  result addresses against.

Nothing else reads ``base`` on this site (no versions, no instant navigation).
The nested builds of the i18n plugin run this hook too; it does nothing until the
index holds more than one language. Test: tests/browser/test_search.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

INDEX = Path("search") / "search_index.json"
CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": )"([^"]*)"')


def other_languages(config: MkDocsConfig) -> list[str]:
    """The non-default languages the i18n plugin builds into <lang>/."""
    plugin = next((p for name, p in config.plugins.items() if name.endswith("i18n")), None)
    if plugin is None:
        return []
    return [
        str(lang.locale)
        for lang in plugin.config.languages
        if not lang.default and lang.build
    ]


def language_base(depth: int) -> str:
    """Material's ``base`` for a page ``depth`` folders below the language's root."""
    return "/".join([".."] * depth) or "."


def point_pages_at(site: Path, lang: str) -> int:
    """Set ``base`` in every page under site/<lang>/ to that language's root.

    Returns the pages changed. A page whose ``base`` already points there is left
    alone, so running twice changes nothing.
    """
    changed = 0
    root = site / lang
    for html in root.rglob("index.html"):
        depth = len(html.relative_to(root).parts) - 1
        site_base, lang_base = language_base(depth + 1), language_base(depth)
        text = html.read_text(encoding="utf-8")
        match = CONFIG_BASE.search(text)
        if match and match.group(2) == site_base:
            new = text[: match.start(2)] + lang_base + text[match.end(2) :]
            html.write_text(new, encoding="utf-8")
            changed += 1
    return changed


@event_priority(-110)  # after mkdocs-static-i18n's on_post_build (-100) merged the index
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    index = site / INDEX
    if not index.is_file():
        return
    data: dict[str, Any] = json.loads(index.read_text(encoding="utf-8"))
    langs = other_languages(config)
    prefixes = tuple(f"{lang}/" for lang in langs)
    docs = data.get("docs", [])
    own = [doc for doc in docs if not str(doc["location"]).startswith(prefixes)]
    if not own or len(own) == len(docs):
        return  # a nested build, or already one language per index
    for lang in langs:
        prefix = f"{lang}/"
        theirs = [
            {**doc, "location": str(doc["location"]).removeprefix(prefix)}
            for doc in docs
            if str(doc["location"]).startswith(prefix)
        ]
        out = site / lang / INDEX
        out.parent.mkdir(parents=True, exist_ok=True)
        lang_config = {**data["config"], "lang": [lang]}
        out.write_text(
            json.dumps({**data, "config": lang_config, "docs": theirs}, ensure_ascii=False),
            encoding="utf-8",
        )
        point_pages_at(site, lang)
    index.write_text(json.dumps({**data, "docs": own}, ensure_ascii=False), encoding="utf-8")
