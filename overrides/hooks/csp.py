"""The Content-Security-Policy also in each page, for hosts that send no headers (MkDocs hook).

deploy/nginx.conf sends the site's policy as a header (one line, tested by
tests/quality/test_csp.py). Static hosts such as GitHub Pages cannot send headers,
so this hook writes the same policy into each page as
``<meta http-equiv="Content-Security-Policy">``, right after ``<meta charset>``
(a meta policy governs only what comes after it). The policy is read from
deploy/nginx.conf at build time, so there is one place to change it, with two
differences a meta policy forces:

- ``frame-ancestors``, ``report-uri``, ``report-to`` and ``sandbox`` are left out:
  browsers ignore them in a meta element (framing is then not limited on such hosts);
- ``script-src`` lists the hashes of this page's own inline scripts, computed here,
  instead of the nginx line's list for every page: the 404 page's script changes
  with SITE_URL's path, and a meta policy must be right for the build it is in.

What a meta policy cannot reach: the Web Workers (the calculator's Pyodide worker,
the search worker) and the service worker take their policy from their own HTTP
response headers only. deploy/README.md says so.

Tests: tests/quality/test_csp.py (meta policy equal to the header's, less those
directives; an injected inline script blocked by it without any header).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
#: Directives a browser ignores in a <meta http-equiv> policy (CSP Level 3, §3.3).
NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})
HEADER = re.compile(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"', re.MULTILINE)
INLINE = re.compile(
    r"<script(?P<attrs>(?:(?!\bsrc=)[^>])*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
DATA_BLOCK = re.compile(r"type\s*=\s*[\"']?application/(?:ld\+)?json", re.IGNORECASE)
CHARSET = '<meta charset="utf-8">'


def header_policy() -> list[tuple[str, list[str]]]:
    """deploy/nginx.conf's policy as [(directive, [sources…])]."""
    found = HEADER.findall(NGINX_CONF.read_text(encoding="utf-8"))
    if len(found) != 1:
        raise PluginError(
            "deploy/nginx.conf must have exactly one add_header Content-Security-Policy line "
            "(overrides/hooks/csp.py copies it into every page)"
        )
    out = []
    for part in found[0].split(";"):
        words = part.split()
        if words:
            out.append((words[0], words[1:]))
    return out


def inline_hashes(html: str) -> list[str]:
    """'sha256-…' of each inline script that runs (JSON data blocks do not)."""
    hashes = []
    for match in INLINE.finditer(html):
        if DATA_BLOCK.search(match.group("attrs")):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest())
        hashes.append(f"'sha256-{digest.decode()}'")
    return sorted(set(hashes))


def meta_policy(html: str) -> str:
    """The header's policy as a meta policy for this page's HTML."""
    directives = []
    for name, sources in header_policy():
        if name in NOT_IN_META:
            continue
        if name == "script-src":
            sources = [s for s in sources if not s.startswith("'sha256-")] + inline_hashes(html)
        directives.append(" ".join([name, *sources]))
    return "; ".join(directives)


def with_meta_policy(html: str) -> str:
    if CHARSET not in html:
        raise PluginError(f"overrides/hooks/csp.py: no {CHARSET} to put the policy after")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy(html)}">'
    return html.replace(CHARSET, f"{CHARSET}\n    {meta}", 1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return with_meta_policy(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return with_meta_policy(output) if template_name == "404.html" else output
