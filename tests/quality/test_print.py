"""Printing: content pages and the worksheet print legibly on A4 with the page's
address and date, without navigation (overrides/assets/stylesheets/print.css).

Chromium's print media emulation shows what is displayed on paper; page.pdf()
makes a real A4 PDF of the worksheet, whose pages are counted.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROME = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-search",
]
#: The worksheet must stay short enough to hand out (today it is 5 A4 pages with its factor table).
WORKSHEET_MAX_PAGES = 6

PRINT_STATE_JS = """(chrome) => {
  const shown = el => !!el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const canonical = document.querySelector('link[rel="canonical"]');
  const updated = document.querySelector('.page-meta__updated');
  const content = document.querySelector('.md-content');
  const size = parseFloat(getComputedStyle(document.querySelector('.md-typeset p') || content).fontSize);
  return {
    chrome: chrome.filter(sel => [...document.querySelectorAll(sel)].some(shown)),
    content: shown(content) && content.getBoundingClientRect().width,
    url: canonical && shown(canonical) ? getComputedStyle(canonical, '::before').content : null,
    date: updated && shown(updated) ? updated.textContent.trim() : null,
    fontPx: size,
  };
}"""


@pytest.mark.parametrize("path", ["/credits/", "/en/glossary/", "/worksheet/", "/en/worksheet/"])
def test_print_shows_content_url_and_date_without_navigation(
    page: Any, site_url: str, path: str
) -> None:
    """In print media the header, tabs, sidebars, search and footer are hidden; the content, the page URL and the date show."""
    page.goto(site_url + path)
    page.emulate_media(media="print")
    state = page.evaluate(PRINT_STATE_JS, CHROME)
    assert state["chrome"] == [], f"{path}: 印刷にナビゲーションが出ます: {state['chrome']}"
    assert state["content"] and state["content"] > 500, f"{path}: 印刷で本文が表示されていません"
    assert state["url"] and path in state["url"], (
        f"{path}: 印刷にページのURLが出ません（{state['url']}）"
    )
    assert state["date"] and re.search(r"\d{4}-\d{2}-\d{2}", state["date"]), (
        f"{path}: 印刷に最終更新日が出ません"
    )
    assert state["fontPx"] >= 12, f"{path}: 印刷の文字が小さすぎます（{state['fontPx']}px）"


def test_worksheet_prints_on_a_few_a4_pages(page: Any, site_url: str) -> None:
    """The worksheet makes a real A4 PDF (595 × 842 pt) of at most WORKSHEET_MAX_PAGES pages, with its blanks."""
    page.goto(site_url + "/worksheet/")
    page.emulate_media(media="print")
    pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    boxes = {
        tuple(float(x) for x in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)
    }
    a4 = all(
        abs(b[2] - 595.3) < 2 and abs(b[3] - 841.9) < 2 for b in boxes
    )  # 210 × 297 mm in points
    assert boxes and a4, f"A4 ではありません: {boxes}"
    assert 1 <= pages <= WORKSHEET_MAX_PAGES, (
        f"ワークシートの印刷が {pages} ページになります（{WORKSHEET_MAX_PAGES} ページまで）"
    )
    print(f"\n[quality] worksheet PDF: {pages} A4 pages")


@pytest.mark.parametrize("path", ["/schools/sheet/", "/en/schools/sheet/"])
def test_pupil_sheet_prints_on_two_a4_pages_with_its_qr_codes(
    page: Any, site_url: str, path: str
) -> None:
    """Issue 19: the pupil sheet is still 2 A4 pages, and its QR codes back to the site and the
    example households print large enough to scan (at least 15 mm), each with its address."""
    page.goto(site_url + path)
    page.emulate_media(media="print")
    codes = page.locator("ul.qr li.qr__item")
    assert codes.count() == 4
    for i in range(4):
        item = codes.nth(i)
        svg = item.locator("svg.qr__svg")
        assert svg.is_visible() and svg.get_attribute("role") == "img"
        assert svg.bounding_box()["width"] >= 15 / 25.4 * 96
        address = item.locator(".qr__address").inner_text()
        assert address.startswith("http") and address in (svg.get_attribute("aria-label") or "")
    pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages == 2, f"{path}: 印刷が {pages} ページになります（2 ページにしてください）"


@pytest.mark.parametrize("path", ["/schools/letter/", "/en/schools/letter/"])
def test_the_letter_to_parents_prints_alone_on_one_a4_page(
    page: Any, site_url: str, path: str
) -> None:
    """The page promises the framed letter alone on one A4 page: the PDF has one A4 page,
    the letter (with its reply slip) shows, and the page's own instructions do not."""
    page.goto(site_url + path)
    intro = page.locator("article p:not(.letter *)").first
    assert intro.is_visible()  # on screen the instructions show above the frame
    page.emulate_media(media="print")
    assert page.locator(".letter").is_visible()
    assert page.locator(".letter__reply").is_visible()
    assert intro.is_hidden(), "印刷に手紙の外の説明が出ます"
    pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    boxes = {
        tuple(float(x) for x in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)
    }
    assert boxes and all(abs(b[2] - 595.3) < 2 and abs(b[3] - 841.9) < 2 for b in boxes), boxes
    assert pages == 1, f"{path}: お手紙の印刷が {pages} ページになります（1 ページにしてください）"
