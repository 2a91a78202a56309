"""Every Japanese page has its English counterpart (suffix structure)."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_japanese_page_has_an_english_page() -> None:
    """docs/x/index.md needs docs/x/index.en.md beside it, and the reverse."""
    japanese = {p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md")}
    english = {p for p in DOCS.rglob("*.en.md")}
    missing_en = sorted(
        f"docs/{p.with_name(p.stem + '.en.md').relative_to(DOCS)}"
        for p in japanese
        if not p.with_name(p.stem + ".en.md").exists()
    )
    orphans_en = sorted(
        str(p.relative_to(DOCS)) for p in english if not p.with_name(p.name.removesuffix(".en.md") + ".md").exists()
    )
    assert missing_en == [], f"英語のページがありません。次のファイルを作ってください（日本語のページの翻訳）: {', '.join(missing_en)}"
    assert orphans_en == [], f"日本語のページがありません: {orphans_en}"
    assert len(japanese) >= 3
