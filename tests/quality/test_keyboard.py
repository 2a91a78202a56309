"""Keyboard only: focus is always visible, moves forward, never gets trapped,
reaches the footer, and a household can be entered and read without a mouse.

Run in real Chromium with real Tab presses (Playwright's keyboard), at 1280 px.
A focus indicator counts as visible when the focused element has an outline
(style not "none", width > 0) or a box-shadow that it does not have unfocused.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

READY = '[data-calculator][data-state="ready"]'
MAX_TABS = 400

#: What the focused element looks like, and where it is (runs in the page).
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const focused = getComputedStyle(el);
  const outline = focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) > 0;
  // The same element's box-shadow without focus: clone the rules by blurring briefly is
  // not possible without moving focus, so compare with a non-focused twin of the same tag/class.
  const twin = document.createElement(el.tagName);
  twin.className = el.className;
  if (el.getAttribute('type')) twin.setAttribute('type', el.getAttribute('type'));
  twin.style.position = 'absolute'; twin.style.left = '-9999px';
  el.parentNode.appendChild(twin);
  const plainShadow = getComputedStyle(twin).boxShadow;
  twin.remove();
  const shadow = focused.boxShadow !== 'none' && focused.boxShadow !== plainShadow;
  const rect = el.getBoundingClientRect();
  const path = [];
  for (let n = el; n && n !== document.documentElement; n = n.parentElement) {
    path.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\\s+/).join('.') : ''));
  }
  // A stable identity per element for this page load (two checkboxes can look alike).
  window.__focusIds = window.__focusIds || new WeakMap();
  window.__focusCount = window.__focusCount || 0;
  if (!window.__focusIds.has(el)) window.__focusIds.set(el, ++window.__focusCount);
  return {
    key: window.__focusIds.get(el),
    where: path.join(' > '),
    label: (el.tagName.toLowerCase() + ' ' + (el.getAttribute('href') || el.getAttribute('name') || el.getAttribute('value') || el.textContent.trim().slice(0, 30))).trim(),
    visible: outline || shadow,
    outline: focused.outlineStyle + ' ' + focused.outlineWidth,
    inFooter: !!el.closest('footer'),
    sized: rect.width > 0 && rect.height > 0,
  };
}"""


def tab_through(page: Any) -> list[dict[str, Any]]:
    """Press Tab until the focus is in the footer (or MAX_TABS); return each focused element."""
    seen: list[dict[str, Any]] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_JS)
        if info is None:
            continue
        seen.append(info)
        if info["inFooter"]:
            break
    return seen


def assert_focus_walk(seen: list[dict[str, Any]], page_name: str, minimum: int) -> None:
    invisible = sorted({s["label"] for s in seen if s["sized"] and not s["visible"]})
    assert invisible == [], (
        f"{page_name}: フォーカスが見えない要素があります（outline も box-shadow もない）: {invisible}"
    )
    distinct = {s["key"] for s in seen}
    assert len(distinct) >= minimum, (
        f"{page_name}: Tab キーで {len(distinct)} 個の要素にしか移動できません（{minimum} 個以上のはず）。"
        f"フォーカスが閉じ込められていないか確かめてください: {[s['label'] for s in seen[-10:]]}"
    )
    assert seen and seen[-1]["inFooter"], (
        f"{page_name}: Tab キーを {MAX_TABS} 回押してもフッターに届きません。最後の要素: {[s['label'] for s in seen[-10:]]}"
    )
    # Forward only: no element comes back before the footer is reached (a loop would be a trap).
    repeats = [s["label"] for n, s in enumerate(seen) if s["key"] in {t["key"] for t in seen[:n]}]
    assert repeats == [], (
        f"{page_name}: フォーカスが同じ要素に戻ってきます（閉じ込め）: {repeats[:10]}"
    )


def test_tab_walks_a_content_page_to_the_footer_with_visible_focus(
    page: Any, site_url: str
) -> None:
    """On the glossary page, Tab visits many elements in order, each visibly focused, and reaches the footer."""
    page.goto(f"{site_url}/glossary/")
    seen = tab_through(page)
    assert seen[0]["label"].startswith("a"), (
        f"最初の Tab で本文へのスキップリンクに移るはずです: {seen[0]}"
    )
    assert_focus_walk(seen, "/glossary/", minimum=20)


def test_tab_walks_the_calculator_page_to_the_footer_with_visible_focus(
    page: Any, site_url: str
) -> None:
    """On the calculator page (ready), Tab reaches every form field with visible focus and then the footer."""
    page.goto(f"{site_url}/en/calculator/")
    page.wait_for_selector(READY, timeout=180_000)
    seen = tab_through(page)
    assert_focus_walk(seen, "/en/calculator/", minimum=20)
    fields = set(
        page.eval_on_selector_all(
            "[data-calculator-form] [name]:not([type=hidden])",
            # A field shown only for another choice (the custom factor) is skipped while hidden.
            "els => els.filter(e => !e.closest('[hidden]')).map(e => e.name)",
        )
    )
    reached = {
        s["label"].split(" ", 1)[1] for s in seen if s["label"].startswith(("input", "select"))
    }
    assert fields <= reached, f"Tab キーで届かない入力欄があります: {sorted(fields - reached)}"


def test_a_household_is_entered_and_read_with_the_keyboard_only(page: Any, site_url: str) -> None:
    """Tab to the electricity field, type 260, Tab on: the yearly total appears in the live results region."""
    page.goto(f"{site_url}/calculator/")
    page.wait_for_selector(READY, timeout=180_000)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if (
            page.evaluate("() => document.activeElement && document.activeElement.name")
            == "electricity_kwh"
        ):
            break
    else:
        pytest.fail("Tab キーで電気の使用量の入力欄に届きません")
    page.keyboard.type("260")
    page.keyboard.press("Tab")
    page.wait_for_function(
        "() => /[0-9]/.test(document.querySelector('[data-output=\"total_kg_per_year\"]').textContent)",
        timeout=30_000,
    )
    total = page.inner_text('[data-output="total_kg_per_year"]')
    assert any(ch.isdigit() for ch in total)
    live = page.eval_on_selector(
        '[data-output="total_kg_per_year"]',
        "el => el.closest('[aria-live]')?.getAttribute('aria-live')",
    )
    assert live in {"polite", "assertive"}, (
        "計算結果が支援技術に読み上げられる領域（aria-live）の中にありません"
    )
    assert page.is_visible('[data-output="total_kg_per_year"]')


def test_the_focus_check_notices_a_hidden_focus_ring(page: Any, site_url: str) -> None:
    """Proof the check can fail: with focus styles removed, the walk reports invisible focus."""
    page.goto(f"{site_url}/glossary/")
    page.add_style_tag(
        content="*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }"
    )
    seen = tab_through(page)
    with pytest.raises(AssertionError, match="フォーカスが見えない要素"):
        assert_focus_walk(seen, "/glossary/", minimum=20)
