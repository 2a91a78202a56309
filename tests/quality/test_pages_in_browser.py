"""Every built page, both languages, in real Chromium at 375 px and 1280 px.

One walk over the site (the ``survey`` fixture) loads each page once per width
in one browser context per width, and records what the tests below judge:

- axe-core (node_modules/axe-core, injected from disk) finds no WCAG 2.0/2.1/2.2
  A or AA violation;
- every request goes to 127.0.0.1 (no CDN, no analytics, no fonts from elsewhere);
- after loading, no cookie, localStorage/sessionStorage entry or IndexedDB
  database exists (nothing is stored unless the reader asks);
- no JavaScript error;
- a full-page screenshot is saved to test-artifacts/screenshots/ for reviewers.

On calculator pages the walk waits for [data-calculator][data-state="ready"]
(on the diary, [data-log][data-state="ready"]), so axe checks the calculator as a reader uses it (the loading state is covered
by tests/browser/test_calculator_page.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import quality_checks as q

from tests.conftest import wait_for_transitions

pytestmark = pytest.mark.browser

AXE = q.ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = q.ROOT / "test-artifacts" / "screenshots"
WIDTHS = {375: 812, 1280: 900}  # width: height (a small phone, a laptop)
READY = '[data-calculator][data-state="ready"]'
READY_TIMEOUT_MS = 180_000
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
#: Rules or elements left out of the axe run, each with its reason and a reference.
#: Nothing is excluded today. Add entries only for markup that content cannot fix
#: (e.g. Material's own), as narrowly as a selector allows:
#:   AXE_EXCLUDE = [".md-some-widget"]  # why … (https://github.com/squidfunk/mkdocs-material/issues/…)
AXE_EXCLUDE: list[str] = []

STORAGE_JS = """async () => ({
  local: Object.keys(localStorage),
  session: Object.keys(sessionStorage),
  indexeddb: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
})"""


@dataclass
class Visit:
    path: str
    width: int
    seconds: float = 0.0
    violations: list[dict[str, Any]] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None

    @property
    def where(self) -> str:
        return f"{self.path}（幅 {self.width}px、元のファイル: {source_file(self.path)}）"


def source_file(path: str) -> str:
    """/en/credits/ → docs/credits/index.en.md; / → docs/index.md."""
    if path.startswith("/en/"):
        return f"docs/{path[4:]}index.en.md"
    return f"docs/{path[1:]}index.md"


def screenshot_name(path: str, width: int) -> str:
    slug = path.strip("/").replace("/", "-") or "home"
    if slug == "en":
        slug = "en-home"
    elif not slug.startswith("en-"):
        slug = "ja-" + slug
    return f"{slug}-{width}.png"


def run_axe(page: Any) -> list[dict[str, Any]]:
    # evaluate, not add_script_tag: the page's meta CSP (overrides/hooks/csp.py) blocks inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8"))
    context = {"exclude": [[s] for s in AXE_EXCLUDE]} if AXE_EXCLUDE else None
    result = page.evaluate(
        "([context, options]) => context ? axe.run(context, options) : axe.run(document, options)",
        [context, AXE_OPTIONS],
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def visit(
    page: Any, context: Any, url: str, path: str, width: int, requests: list[str], errors: list[str]
) -> Visit:
    record = Visit(path, width)
    started = time.monotonic()
    requests.clear()
    errors.clear()
    try:
        page.goto(url, wait_until="load")
        if page.locator("[data-calculator]").count():
            page.wait_for_selector(READY, timeout=READY_TIMEOUT_MS)
        if page.locator("[data-log]").count():
            page.wait_for_selector('[data-log][data-state="ready"]', timeout=READY_TIMEOUT_MS)
        if page.locator('[data-md-component="search"]').count():
            # Material's search worker fetches its index after load; wait for it so its
            # request is judged too (quicker than waiting for network idle on every page).
            deadline = time.monotonic() + 10
            while (
                not any("search_index.json" in u for u in requests) and time.monotonic() < deadline
            ):
                page.wait_for_timeout(25)
        record.screenshot = SCREENSHOTS / screenshot_name(path, width)
        page.screenshot(path=str(record.screenshot), full_page=True)
        # The full-page screenshot resizes and scrolls, so Material's tabs may be fading back.
        wait_for_transitions(page)
        record.violations = run_axe(page)
        # Judged last, so anything written or fetched during the first seconds counts.
        stored = page.evaluate(STORAGE_JS)
        record.stored = (
            [f"Cookie: {c['name']}" for c in context.cookies()]
            + [f"localStorage: {k}" for k in stored["local"]]
            + [f"sessionStorage: {k}" for k in stored["session"]]
            + [f"IndexedDB: {k}" for k in stored["indexeddb"]]
        )
        record.foreign = q_foreign(requests)
    finally:
        # Start the next page from nothing, so each page answers for itself.
        page.evaluate(
            "() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }"
        )
        context.clear_cookies()
    record.errors = list(errors)
    record.seconds = time.monotonic() - started
    return record


def q_foreign(urls: list[str]) -> list[str]:
    from urllib.parse import urlsplit

    return [
        u
        for u in urls
        if urlsplit(u).scheme not in {"data", "blob", "about"}
        and urlsplit(u).hostname != "127.0.0.1"
    ]


def watch(page: Any) -> tuple[list[str], list[str]]:
    """Lists that fill with the page's request URLs and JavaScript errors (cleared per visit)."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return requests, errors


@pytest.fixture(scope="module")
def survey(browser: Any, site_url: str, built_site: Path) -> Iterator[list[Visit]]:
    """Visit every built page (q.content_pages) at each width; one context per width, one page reused."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = q.content_pages(built_site)
    visits: list[Visit] = []
    started = time.monotonic()
    for width, height in WIDTHS.items():
        context = browser.new_context(
            viewport={"width": width, "height": height}, service_workers="block"
        )
        page = context.new_page()
        requests, errors = watch(page)
        for path in pages:
            visits.append(visit(page, context, site_url + path, path, width, requests, errors))
        context.close()
    slowest = ", ".join(
        f"{v.path}@{v.width} {v.seconds:.1f}s" for v in sorted(visits, key=lambda v: -v.seconds)[:4]
    )
    print(
        f"\n[quality] {len(visits)} page visits in {time.monotonic() - started:.0f} s (slowest: {slowest})"
    )
    yield visits


def test_every_page_was_visited_at_both_widths(survey: list[Visit], built_site: Path) -> None:
    """The walk covers every built page under / and /en/ at 375 px and 1280 px."""
    pages = q.content_pages(built_site)
    assert "/" in pages and "/en/" in pages and len(pages) >= 6
    assert {(v.path, v.width) for v in survey} == {(p, w) for p in pages for w in WIDTHS}


def axe_report(visits: list[Visit]) -> list[str]:
    """Violations grouped by rule, then by element, with the pages where each occurs."""
    rules: dict[str, dict[str, Any]] = {}
    for v in visits:
        for violation in v.violations:
            rule = rules.setdefault(violation["id"], {"violation": violation, "targets": {}})
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                rule["targets"].setdefault(target, []).append(f"{v.path}@{v.width}px")
    lines = []
    for rule_id, rule in sorted(rules.items()):
        violation = rule["violation"]
        pages = sorted({p for where in rule["targets"].values() for p in where})
        lines.append(
            f"■ 規則 {rule_id}（{violation.get('impact') or '-'}）: {violation['help']}\n"
            f"  説明: {violation['helpUrl']}\n  {len(pages)} 件のページ表示で見つかりました。場所（CSSセレクター）とページ:"
        )
        for target, where in sorted(
            rule["targets"].items(), key=lambda item: (-len(item[1]), item[0])
        ):
            shown = "、".join(where[:4]) + (f" ほか{len(where) - 4}件" if len(where) > 4 else "")
            lines.append(f"    - {target}  ← {shown}")
    return lines


def test_no_accessibility_violations(survey: list[Visit]) -> None:
    """axe-core finds no WCAG 2.0/2.1/2.2 A/AA violation on any page at any width.

    The message lists each rule (id, help text, link), then each element (CSS
    selector) with the pages and widths where it fails; a page's source file is
    docs/<path>/index.md (or index.en.md under /en/)."""
    lines = axe_report(survey)
    assert lines == [], "アクセシビリティの問題があります（axe-core、WCAG 2.2 AA）:\n" + "\n".join(
        lines
    )


def test_every_request_stays_on_this_site(survey: list[Visit]) -> None:
    """While each page loads, every request goes to 127.0.0.1: no CDN, no analytics, no web fonts."""
    leaks = [f"- {v.where}: {url}" for v in survey for url in v.foreign]
    assert leaks == [], (
        "ほかのサイトへの通信があります（すべてこのサイトから配信してください）:\n"
        + "\n".join(leaks)
    )


def test_nothing_is_stored_on_the_reader_s_device(survey: list[Visit]) -> None:
    """After loading, no cookie, localStorage/sessionStorage entry or IndexedDB database exists.

    Checked today: Material 9.8.1 with this configuration (one colour scheme, no
    cookie consent, no content-tab linking, search without a query) writes
    nothing on load. Material writes ``__palette`` when a reader switches the
    colour scheme and ``__tabs`` when a reader picks a linked content tab; both
    happen only when the reader asks, so they are allowed by the privacy page's
    promise but not on load."""
    stored = [f"- {v.where}: {', '.join(v.stored)}" for v in survey if v.stored]
    assert stored == [], (
        "ページを開いただけで端末に保存されたものがあります（プライバシーのページの約束に反します）:\n"
        + "\n".join(stored)
    )


def test_no_javascript_errors(survey: list[Visit]) -> None:
    """No page throws a JavaScript error while loading."""
    errors = [f"- {v.where}: {e}" for v in survey for e in v.errors]
    assert errors == [], "JavaScriptのエラーがあります:\n" + "\n".join(errors)


def test_screenshots_are_saved_for_reviewers(survey: list[Visit]) -> None:
    """A full-page PNG of every page at both widths is in test-artifacts/screenshots/."""
    missing = [
        v.where for v in survey if v.screenshot is None or v.screenshot.stat().st_size < 1000
    ]
    assert missing == [], f"スクリーンショットが保存されていません: {missing}"


def test_the_site_offers_one_colour_scheme(built_site: Path) -> None:
    """axe runs in the one light scheme; a second (dark) scheme would need its own run here."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'name="__palette"' not in home, (
        "色の切り替え（ダークモードなど）が追加されました。tests/quality/test_pages_in_browser.py で、"
        "それぞれの配色でも axe を実行するようにしてください"
    )
