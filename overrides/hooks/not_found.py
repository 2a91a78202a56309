"""A 404 page in each language: /404.html in Japanese, /en/404.html in English (MkDocs hook).

mkdocs-static-i18n builds the site once per language into the same folder, and
each build writes the theme's ``404.html`` at the root, so the last language
built (English) wins and the Japanese 404 is lost; its language menu also points
to whatever page was built last (upstream: ultrabug/mkdocs-static-i18n#284).

This hook keeps each language's rendering of ``overrides/404.html`` and, after
every build, writes the default language's at ``/404.html`` and each other
language's at ``/<lang>/404.html``. While a 404 renders, the language menu
(Material's ``config.extra.alternate``) points to the other language's 404 page.
The links are relative to the site's root path (``SITE_URL``), because a 404 page
is shown at any address. deploy/nginx.conf serves ``/en/404.html`` for a missing
address under ``/en/``.

Tests: tests/build/test_site_pages.py (the files, their language and links),
tests/quality/test_csp.py (nginx serves the right one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Template
from mkdocs.config.defaults import MkDocsConfig

#: Each language's rendered 404 page, kept across the per-language builds.
RENDERED: dict[str, str] = {}
#: The language menu as it was before a 404 page changed it (restored right after).
SAVED: dict[str, Any] = {}


def languages(config: MkDocsConfig) -> tuple[str, str]:
    """(the language being built, the default language) from mkdocs-static-i18n."""
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None) or str(config.theme["language"])
    default = getattr(i18n, "default_language", None) or current
    return str(current), str(default)


def not_found_link(lang: str, default: str) -> str:
    """The 404 page of a language, relative to the site's root (Material applies | url)."""
    return "404.html" if lang == default else f"{lang}/404.html"


def menu(config: MkDocsConfig) -> Any:
    """The language menu as Material's template reads it (config.extra.alternate).

    mkdocs-static-i18n sets it both as an item and as an attribute of config.extra;
    Jinja reads the attribute first."""
    return getattr(config.extra, "alternate", None) or config.extra.get("alternate")


def set_menu(config: MkDocsConfig, value: Any) -> None:
    config.extra["alternate"] = value
    setattr(config.extra, "alternate", value)  # noqa: B010 - the attribute Jinja reads


def on_pre_template(template: Template, template_name: str, config: MkDocsConfig) -> Template:
    if template_name == "404.html":
        _, default = languages(config)
        alternates = menu(config)
        SAVED["alternate"] = alternates
        if isinstance(alternates, list):
            set_menu(
                config,
                [
                    {**alt, "link": not_found_link(str(alt.get("lang")), default)}
                    for alt in alternates
                ],
            )
    return template


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":
        if "alternate" in SAVED:
            set_menu(config, SAVED.pop("alternate"))
        current, _ = languages(config)
        RENDERED[current] = output
    return output


def on_post_build(config: MkDocsConfig) -> None:
    _, default = languages(config)
    site = Path(config.site_dir)
    for lang, output in RENDERED.items():
        target = site / not_found_link(lang, default)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
