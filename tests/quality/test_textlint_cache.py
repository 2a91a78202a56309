"""textlint's results are reused only for the very same file, settings and packages.

tools/dev check lints every Japanese page; after a data edit no page changed,
so the results come from .cache/textlint/ and the check keeps its minute. A
cached result must never hide a new mistake: any change to the page (or to
.textlintrc.json, the prh dictionaries or package-lock.json) is linted again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import quality_checks as q

PAGE = """# クレジット

カーボン・オフセットには、J-クレジットなどのクレジットを使います。
"""


def test_a_changed_page_is_linted_again_and_an_unchanged_one_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page with a wrong term is linted (the mistake is found); the same text again gives the
    same finding with textlint gone (from the cache); the page changed, textlint must run."""
    monkeypatch.setattr(q, "TEXTLINT_CACHE", tmp_path / "cache")
    page = tmp_path / "index.md"
    page.write_text(PAGE.replace("カーボン・オフセット", "カーボンオフセット"), encoding="utf-8")
    found = [str(p) for p in q.textlint_problems([page], base=tmp_path)]
    assert any("「カーボンオフセット」は「カーボン・オフセット」と書きます" in p for p in found), found
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1

    monkeypatch.setattr(q, "TEXTLINT", tmp_path / "no-such-textlint")
    assert [str(p) for p in q.textlint_problems([page], base=tmp_path)] == found

    page.write_text(PAGE, encoding="utf-8")
    with pytest.raises((RuntimeError, OSError)):
        q.textlint_problems([page], base=tmp_path)  # not in the cache: textlint itself must run


def test_the_key_covers_the_settings_and_the_dictionaries(tmp_path: Path) -> None:
    """The cache key changes with the text, the file name and a textlint config."""
    page = tmp_path / "index.md"
    page.write_text(PAGE, encoding="utf-8")
    key = q._textlint_key(page, None)
    config = tmp_path / "textlintrc.json"
    config.write_text("{}", encoding="utf-8")
    assert q._textlint_key(page, config) != key
    english = tmp_path / "index.en.md"
    english.write_text(PAGE, encoding="utf-8")
    assert q._textlint_key(english, None) != key
    assert set(q.TEXTLINT_INPUTS) >= {".textlintrc.json", "prh.yml", "prh.en.yml", "package-lock.json"}
