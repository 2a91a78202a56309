"""Leave the language-alternate <link>s out of the page head (MkDocs hook).

Why: Material's script fetches ``sitemap.xml`` beside the address of every
``<link rel="alternate">`` in the head. With a page-by-page language link
(mkdocs-static-i18n), that is ``/calculator/sitemap.xml`` and
``/en/calculator/sitemap.xml``: two 404s on every page, for a lookup the site does
not need (the language menu already links to the same page). Search engines still
get the language pairs: the i18n plugin writes them into ``sitemap.xml``
(``<xhtml:link rel="alternate" hreflang=…>``).

``overrides/main.html`` applies the filter to Material's ``site_meta`` block.
Test: tests/browser/test_offline.py::test_no_page_requests_a_missing_file.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

LANGUAGE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def without_language_links(html: str) -> Markup:
    """The head markup without <link rel="alternate" … hreflang=…> (RSS links stay)."""
    return Markup(LANGUAGE_LINK.sub("", str(html)))


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["without_language_links"] = without_language_links
    return env
