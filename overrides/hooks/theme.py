"""Corrections to Material's own markup that no template block reaches (MkDocs hook).

Each one is a Jinja filter that ``overrides/main.html`` applies to the output of
Material's block (``{{ super() | filter }}``), so no partial is forked. A filter
stops the build when the markup it corrects is not there exactly once: after a
Material upgrade that changed it, the correction must be looked at again rather
than silently doing nothing.

- ``named_search_dialog``: Material's search overlay is ``<div role="dialog">``
  with no accessible name (axe and Lighthouse: ``aria-dialog-name``). The filter
  adds ``aria-label`` in the page's language. Applied to the ``header`` block.
- ``stylesheet_classes``: the class names a stylesheet styles (read from the file),
  so ``main.html`` links ``classroom.css`` only on pages whose HTML uses one of them.

Tests: tests/build/test_site_pages.py (the dialog's name in both languages, the
stylesheets), tests/quality/test_validators.py (Lighthouse accessibility at 100).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
CLASS_SELECTOR = re.compile(r"\.([a-z][a-z0-9_-]*)")


def named_search_dialog(html: str, name: str) -> Markup:
    """Material's header with aria-label="name" on the search dialog."""
    text = str(html)
    if text.count(SEARCH_DIALOG) != 1:
        raise PluginError(
            "overrides/hooks/theme.py: Material's search dialog markup changed "
            f"(expected {SEARCH_DIALOG!r} once in the header); update named_search_dialog"
        )
    named = SEARCH_DIALOG.replace('role="dialog">', f'role="dialog" aria-label="{escape(name)}">')
    return Markup(text.replace(SEARCH_DIALOG, named))


@cache
def stylesheet_classes(path: str) -> frozenset[str]:
    """The project class names (not Material's md-…) that a stylesheet in overrides/ styles."""
    css = (ROOT / "overrides" / path).read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return frozenset(c for c in CLASS_SELECTOR.findall(css) if not c.startswith("md-"))


def uses_stylesheet(page: Page | None, path: str) -> bool:
    """True when the page's HTML has a class attribute with one of the stylesheet's classes."""
    content = getattr(page, "content", None) or ""
    classes = stylesheet_classes(path)
    for attribute in re.findall(r'class="([^"]*)"', content):
        if classes.intersection(attribute.split()):
            return True
    return False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    stylesheet_classes.cache_clear()  # `mkdocs serve` keeps the module between rebuilds
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["named_search_dialog"] = named_search_dialog
    env.globals["uses_stylesheet"] = uses_stylesheet
    return env
