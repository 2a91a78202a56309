"""Proper headers and captions for the Markdown tables (MkDocs hook).

A Markdown table gives only a row of column headings. Two things it cannot say,
which screen readers and the validators (pa11y, axe, Lighthouse) need:

- **Row headers.** A table whose top-left heading is empty (``| | A | B |``) is
  read across: its first column names each row. Those cells become
  ``<th scope="row">``, the empty corner an empty ``<td>`` (an empty ``<th>`` names
  nothing), and the column headings get ``scope="col"``.
- **A caption.** A line ``表：…`` (Japanese pages) or ``Table: …`` (English) just
  above a table becomes its ``<caption>`` (the same convention as Pandoc's; a final
  「。」, which textlint asks every Japanese line for, is left out), for example::

      表：家庭のCO₂の平均を出している統計のちがい。

      | | 家庭CO2統計（環境省） | 家庭からのCO₂（GIO） |
      | --- | --- | --- |

Runs on each page's HTML after Markdown (``on_page_content``).
Tests: tests/build/test_site_pages.py.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

TABLE = re.compile(r"<table([^>]*)>(.*?)</table>", re.DOTALL)
CAPTION_BEFORE = re.compile(r"<p>(?:表|Table)[:：]\s*(.*?)</p>\s*$", re.DOTALL)
EMPTY_CORNER = re.compile(r"^(\s*<thead>\s*<tr>\s*)<th>\s*</th>")
ROW_FIRST_CELL = re.compile(r"(<tr>\s*)<td([^>]*)>(.*?)</td>", re.DOTALL)


def with_row_headers(table: str) -> str:
    """A table whose corner heading is empty: the first column becomes row headers."""
    corner = EMPTY_CORNER.match(table)
    if not corner:
        return table
    table = EMPTY_CORNER.sub(r"\1<td></td>", table, count=1)
    head, _, body = table.partition("</thead>")
    head = head.replace("<th>", '<th scope="col">').replace("<th style=", '<th scope="col" style=')
    body = ROW_FIRST_CELL.sub(r'\1<th scope="row"\2>\3</th>', body)
    return f"{head}</thead>{body}"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    out: list[str] = []
    last = 0
    for match in TABLE.finditer(html):
        before = html[last : match.start()]
        inner = with_row_headers(match.group(2))
        caption = CAPTION_BEFORE.search(before)
        if caption:
            before = before[: caption.start()]
            # One sentence per line ends with 「。」 (textlint asks for it); a caption does not.
            text = caption.group(1).strip().removesuffix("。")
            inner = f"<caption>{text}</caption>{inner}"
        out += [before, f"<table{match.group(1)}>{inner}</table>"]
        last = match.end()
    out.append(html[last:])
    return "".join(out)
