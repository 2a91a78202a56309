"""Join Japanese lines without a space (one sentence per line in the source).

Staff write one sentence per line in Markdown. Python-Markdown keeps each line
break inside the paragraph, and the browser shows a line break between two
Japanese sentences as a space: 「考え方です。 埋め合わせには」. Japanese has no
spaces between sentences, so on Japanese pages this hook removes a line break
in the page's HTML when it follows a Japanese character or full-width
punctuation and the next visible character is Japanese, or follows 。、 etc.
(a plain space after 。 from a template, 「です。 <a>…」, goes too).
Closing and opening inline tags between the two (links, <strong>, ruby) are
kept. <pre>, <code>, <script>, <style> and <textarea> are left as they are.

No maintained Python-Markdown extension does this (mdit-py-cjk-friendly is
for markdown-it-py, which MkDocs does not use). Checked by
tests/build/test_cjk_spacing.py on every built Japanese page.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

#: Kana, CJK ideographs, full-width forms and CJK punctuation (、。「」（）… ！？：).
CJK = r"\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
#: Punctuation after which a line break never means a space.
CJK_PUNCT = r"\u3001\u3002\u300c-\u300f\u3010\u3011\uff08\uff09\uff01\uff1f\uff1a\uff0c\uff0e"
CLOSING = r"(?:</[a-zA-Z][a-zA-Z0-9]*>)*"
OPENING = r"(?:<(?:a|strong|em|b|i|span|abbr|ruby|code|mark|small|sup|sub)\b[^>]*>)*"
JOIN = re.compile(
    rf"(?:(?<=[{CJK_PUNCT}])({CLOSING})[ \t]*\n?[ \t]*(?<=\s)(?=[^\s<]|{OPENING}[^\s<])"
    rf"|(?<=[{CJK}])({CLOSING})[ \t]*\n[ \t]*(?={OPENING}[{CJK}]))"
)
#: Elements whose line breaks are content (left untouched).
KEEP = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)


def join_cjk_lines(html: str) -> str:
    """``html`` with line breaks between Japanese text removed (outside <pre>, <code> …)."""
    parts = KEEP.split(html)
    out = []
    # KEEP has two groups: split gives [text, kept, tagname, text, kept, tagname, …].
    for index in range(0, len(parts), 3):
        out.append(JOIN.sub(lambda m: m.group(1) or m.group(2) or "", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    locale = str(getattr(page.file, "locale", None) or config.theme["language"])
    return html if locale == "en" else join_cjk_lines(html)
