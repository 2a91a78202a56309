"""The fact-check's corrections stay in the pages (issue 18, "Misleading").

An independent reader found four statements that were wrong or unsourced. They
were rewritten in both languages. Staff edit these pages every year, so each
test reads the Markdown and asserts the corrected statement is there and the
wrong one has not come back (in any wording listed here). Figures are not
checked here; they come from calculators/data/ through markers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def text(page: str) -> str:
    """The page's prose, one line per sentence as written, HTML comments removed."""
    raw = (DOCS / page).read_text(encoding="utf-8")
    return re.sub(r"<!--.*?-->", "", raw, flags=re.DOTALL)


@pytest.mark.parametrize(
    "page,kept,gone",
    [
        # Only a credit cancelled (無効化) for you may be subtracted; buying alone is not.
        (
            "glossary/index.md",
            ["無効化", "買っただけでは埋め合わせになりません"],
            ["クレジットを買うと、その量を自分の排出量と差し引きできます"],
        ),
        (
            "glossary/index.en.md",
            ["Buying a credit is not yet an offset", "cancelled (無効化)"],
            ["When you buy a credit, you may subtract"],
        ),
        # The towns' forest credits are sold mainly to companies and organisations.
        (
            "methodology/index.md",
            ["主に会社や団体に向けた"],
            ["家庭が買える価格", "家庭が買えるクレジットの価格"],
        ),
        (
            "methodology/index.en.md",
            ["mainly to companies and organisations"],
            ["prices a household can pay"],
        ),
        # No source says the ward's desk advises households on offsetting.
        (
            "offsetting/index.md",
            ["区が相談を受け付けているかどうかも、区のページからは確かめられませんでした"],
            ["区の担当窓口で受け付けています"],
        ),
        (
            "offsetting/index.en.md",
            ["Whether the ward advises households on offsetting could not be confirmed"],
            ["desk takes", "ward's desk advises"],
        ),
        # Sinks have taken up about half so far; not "can only take up half".
        ("kids/index.en.md", ["has been soaked up"], ["can only soak up"]),
    ],
)
def test_a_corrected_statement_stays_corrected(page: str, kept: list[str], gone: list[str]) -> None:
    body = text(page)
    for phrase in kept:
        assert phrase in body, f"docs/{page}: 直した文「{phrase}」がなくなっています"
    for phrase in gone:
        assert phrase not in body, (
            f"docs/{page}: まちがいとして直した文「{phrase}」がもどっています"
        )
