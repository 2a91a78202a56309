"""No Japanese page repeats the ward's 2017 page word for word (issue 18).

The repository keeps only a fingerprint of that page (``seed_fingerprint.txt``,
see ``originality.py``): hashes of each 20-character run of its text.
"""

from __future__ import annotations

from pathlib import Path

import originality as o
from quality_checks import DOCS, report


def japanese_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))


def test_no_japanese_page_shares_a_long_run_of_text_with_the_wards_2017_page() -> None:
    prints = o.load_fingerprint()
    assert len(prints) > 1000  # the whole text of the ward's page, not its contact block
    problems = o.check_pages(japanese_pages(), prints)
    assert problems == [], report(problems, "区の2017年のページと同じ文の続くところ")


def test_a_copied_sentence_is_found_however_it_is_laid_out(tmp_path: Path) -> None:
    """A sentence of a (made-up) seed pasted with other spacing, ruby and a line break is
    reported with the page's file and line; the seed's contact block is not fingerprinted."""
    seed = (
        "タイトル\n\n森の木は大きくなるときに空気の中の二酸化炭素をたくさんすいこんで幹にためます。\n\n"
        "お問い合わせ\n\n環境部環境政策課計画推進係(区役所南館11階)の電話番号は03-0000-0000です\n"
    )
    prints = o.fingerprint(seed)
    page = tmp_path / "docs" / "trees" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "# 木\n\n"
        "自分の言葉で書いた文です。\n"
        "<ruby>森<rt>もり</rt></ruby>の木は、大きくなるときに、空気の中の\n"
        "二酸化炭素をたくさんすいこんで幹にためます。\n"
        "窓口は環境部環境政策課計画推進係（区役所南館11階）です。\n",
        encoding="utf-8",
    )
    problems = o.check_pages([page], prints, base=tmp_path)
    assert [p.line for p in problems] == [4, 5]  # not 3 (own words) nor 6 (contact facts)
    assert str(problems[0]).startswith("docs/trees/index.md:4: 区の2017年のページ")
    assert "自分の言葉と順番で書き直してください" in problems[0].message


def test_the_fingerprint_holds_no_text_of_the_page() -> None:
    rows = [
        r for r in o.FINGERPRINT.read_text(encoding="utf-8").splitlines() if not r.startswith("#")
    ]
    assert all(len(r) == 16 and all(c in "0123456789abcdef" for c in r) for r in rows)
