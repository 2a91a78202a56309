"""The classroom's build-time parts (MkDocs hook): the class results tool.

Markers (HTML comments, expanded before ``markers.py``, which rejects any marker
it does not know; ``mkdocs.yml`` lists this hook first):

``<!-- md:class-results -->``  the teacher's class results tool
    (``overrides/partials/class.html``): pasted class codes are added up in the
    browser by ``calculators.web.class_run`` in the calculator's Pyodide worker.

An unknown argument stops the build with the file and line.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

MARKER = re.compile(r"<!--\s*md:(class-results)\b((?:(?!-->).)*)-->", re.DOTALL)


def _lang(page: Any, config: Any) -> str:
    return str(getattr(page.file, "locale", None) or config.theme["language"])


def _at(page: Any, markdown: str, offset: int) -> str:
    return f"docs/{page.file.src_uri}, line {markdown.count(chr(10), 0, offset) + 1}"


def render_class_results(page: Any, config: Any, lang: str) -> str:
    to_root = "../" * page.url.count("/")
    template = config.theme.get_env().get_template("partials/class.html")
    html = template.render(lang=lang, runtime=to_root + config.extra["pyodide"]["path"])
    # The page loads the calculator's script and runtime (see overrides/main.html).
    page.meta["calculator"] = True
    return "\n\n" + re.sub(r"\n\s*\n", "\n", html).strip() + "\n\n"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = _lang(page, config)

    def replace(match: re.Match[str]) -> str:
        name, args = match.group(1), match.group(2).split()
        at = _at(page, markdown, match.start())
        if name == "class-results":
            if args:
                raise PluginError(f"{at}: <!-- md:class-results --> takes no arguments")
            return render_class_results(page, config, lang)
        raise PluginError(f"{at}: unknown classroom marker {name!r}")  # pragma: no cover

    return MARKER.sub(replace, markdown)
