"""Every page says the same about privacy as the privacy page.

The calculation stays on the device, but the numbers also go into the page
address, which a reload or a shared link sends to the server (and its access
log). So no page, and not the calculator's own intro, may claim that nothing
typed ever leaves the device.
"""

from __future__ import annotations

import re

import quality_checks as q

#: Claims that contradict the privacy page (the numbers do reach the server in a reloaded or shared URL).
ABSOLUTE_CLAIMS = re.compile(
    r"どこにも\s*(?:<ruby>)?送|外には送られません|外に出ません|not sent anywhere\.|leaves? (?:this|your) device|never leaves",
    re.IGNORECASE,
)
TEXTS = [
    *q.markdown_pages(),
    q.ROOT / "overrides" / "partials" / "calculator.html",
    q.ROOT / "README.md",
]


def test_no_page_claims_that_nothing_typed_ever_leaves_the_device() -> None:
    """Pages, the calculator intro and the README do not contradict the privacy page."""
    problems = []
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        for match in ABSOLUTE_CLAIMS.finditer(text):
            problems.append(
                q.Problem(
                    q.rel(path),
                    q.line_of(text, match.start()),
                    f"「{match.group(0)}」はプライバシーのページと合いません。"
                    "計算は端末の中で行いますが、数字はページのアドレスにも入り、再読み込みや共有したリンクではサーバーに届きます。"
                    "docs/privacy/index.md と同じ説明にしてください",
                )
            )
    assert problems == [], q.report(problems, "プライバシーの説明が食い違っています")


def test_the_privacy_page_names_the_address_and_the_server_log() -> None:
    """The privacy page itself says what a reloaded or shared address reveals, in both languages."""
    ja = (q.DOCS / "privacy" / "index.md").read_text(encoding="utf-8")
    en = (q.DOCS / "privacy" / "index.en.md").read_text(encoding="utf-8")
    assert "再読み込み" in ja and "アクセスログ" in ja and "共有" in ja
    assert "reload" in en and "access logs" in en and "shared link" in en
