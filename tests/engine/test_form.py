"""The form definition as a resident meets it: examples marked as examples, figures from
the data file, stable action ids with aliases, and the custom factor tied to 「その他」."""

from __future__ import annotations

import re
from typing import Any

from calculators import _fields as F
from calculators import action_ids, form_definition, load_figures


def fields(lang: str) -> dict[str, dict[str, Any]]:
    return {f["key"]: f for g in form_definition(lang)["groups"] for f in g["fields"]}


def test_every_placeholder_is_a_marked_example() -> None:
    """A placeholder reads 「例：260」 / "e.g. 260", never a bare value that looks entered."""
    for lang, mark in (("ja", "例："), ("en", "e.g. ")):
        shown = [f["placeholder"] for f in fields(lang).values() if f["placeholder"]]
        assert len(shown) >= 5
        for text in shown:
            assert text.startswith(mark), text
            assert re.fullmatch(r"[\d.]+", text.removeprefix(mark)), text


def test_factor_example_is_the_data_file_value() -> None:
    """The custom factor's example is the national average factor in factors.toml."""
    value = load_figures()["electricity.national_average"].value
    assert fields("ja")["electricity_factor"]["placeholder"] == f"例：{value:g}"
    assert fields("en")["electricity_factor"]["placeholder"] == f"e.g. {value:g}"
    assert str(value) not in (fields("ja")["electricity_factor"]["help"] or "")


def test_custom_factor_is_shown_only_for_other() -> None:
    """The factor box is tied to the 「その他」 choice of the electricity plan."""
    factor = fields("ja")["electricity_factor"]
    assert factor["shown_when"] == {"electricity_supplier": "custom"}
    assert fields("ja")["electricity_supplier"]["default"] != "custom"


def test_action_aliases_point_to_current_ids() -> None:
    """A renamed action's old id maps to a current id and never hides a current one."""
    current = set(action_ids())
    form = form_definition("ja")
    assert form["action_aliases"] == F.ACTION_ALIASES
    for old, new in F.ACTION_ALIASES.items():
        assert new in current, f"alias {old} → {new}: {new} is not an action in actions.toml"
        assert old not in current, f"alias {old} is still an action id"


def test_english_has_no_full_width_brackets_or_japanese_full_stop() -> None:
    """English labels and help use ASCII brackets; a Japanese bill label may be quoted 「…」."""
    for f in fields("en").values():
        for text in (f["label"], f["help"] or "", *(o["label"] for o in f["options"] or [])):
            assert not re.search(r"[（）。]", text), text


def test_japanese_has_no_english_full_stop_after_japanese() -> None:
    """No ". " or a final "." right after Japanese text in labels, help or options."""
    for f in fields("ja").values():
        for text in (f["label"], f["help"] or "", *(o["label"] for o in f["options"] or [])):
            assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]\.", text), text
