"""The browser scripts hold no display text: every word a reader sees comes from the HTML
(built in the page's language) or from the Python engine (house style; the header of each
file in overrides/assets/javascripts/ promises it).

Two checks on each script, comments removed:
- no string literal holds Japanese (kana or kanji);
- no string literal is written into what a reader sees or hears: textContent, innerText,
  innerHTML, title, placeholder, alt, an aria-label, or alert/confirm/prompt.
A planted example shows both checks find what they look for.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SCRIPTS = sorted(
    (Path(__file__).resolve().parents[2] / "overrides/assets/javascripts").glob("*.js")
)
BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# A line comment starts at the line's start or after a space (not "https://" in a string).
LINE_COMMENT = re.compile(r"(?m)(^|\s)//.*$")
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`', re.DOTALL)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
SHOWN = re.compile(
    r"(?:\.(?:textContent|innerText|innerHTML|title|placeholder|alt)\s*\+?=\s*"
    r"|setAttribute\(\s*[\"'](?:aria-label|title|alt|placeholder)[\"']\s*,\s*"
    r"|\b(?:alert|confirm|prompt)\(\s*)"
    r"(?P<literal>\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"
)


def code_of(text: str) -> str:
    return LINE_COMMENT.sub(r"\1", BLOCK_COMMENT.sub("", text))


def problems(name: str, text: str) -> list[str]:
    code = code_of(text)
    found = []
    for match in STRING.finditer(code):
        if JAPANESE.search(match.group(0)):
            line = code[: match.start()].count("\n") + 1
            found.append(
                f"{name}: Japanese text in a string near line {line}: {match.group(0)[:40]}"
            )
    for match in SHOWN.finditer(code):
        literal = match.group("literal")
        words = re.sub(r"\$\{[^}]*\}", "", literal)  # a template's ${…} is code, not text
        if re.search(r"[A-Za-z]", words):  # "", "–" or "%" around figures is not text
            line = code[: match.start()].count("\n") + 1
            found.append(
                f"{name}: display text written by the script near line {line}: {literal[:40]}"
            )
    return found


def test_there_are_scripts_to_check() -> None:
    assert {p.name for p in SCRIPTS} >= {"calculator.js", "class.js", "log.js", "worker.js"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_script_holds_no_display_text(script: Path) -> None:
    assert problems(script.name, script.read_text(encoding="utf-8")) == []


def test_the_check_finds_planted_text() -> None:
    planted = """
    // 日本語のコメントはかまいません
    const url = "https://example.org/"; // and a comment after code
    el.textContent = "Ready";
    el.setAttribute("aria-label", 'Close the dialog');
    const note = `準備中`;
    slot.textContent = "";
    value.textContent = `${fmt(kg)} (${fmt(share)}%)`;
    """
    found = problems("planted.js", planted)
    assert len(found) == 3, found
    assert "line 4" in found[1] and "Ready" in found[1]
