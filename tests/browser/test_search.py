"""Site search works in both languages with the search index the site serves."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    "path,word,expected",
    [
        ("/", "検針票", "/calculator/"),
        ("/en/", "meter-reading", "/en/calculator/"),
    ],
)
def test_a_word_from_a_page_body_finds_that_page(page: Any, site_url: str, path: str, word: str, expected: str) -> None:
    """Typing a word that appears only in a page's body lists that page in the results."""
    page.goto(site_url + path)
    page.click("input.md-search__input")
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any(expected in link for link in links), links
    assert page.requests.foreign() == []
