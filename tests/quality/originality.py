"""Does a page repeat the ward's 2017 page word for word? (issue 18)

The site writes its own text: facts carry over from the ward's page
「カーボン・オフセットとは」 (``shared/seed/``, outside this repository), sentences
do not. The repository keeps no copy of that page, only a fingerprint of it:
the hashes of every run of ``WINDOW`` characters of its normalised text
(``seed_fingerprint.txt``). A Japanese page that shares such a run with it is
reported with its file and line. Normalising drops spaces, punctuation, markup
and ruby, so a copied sentence is found however it is laid out; ``WINDOW`` is
longer than any proper name the site shares with the ward's page (the longest,
「気候変動に関する政府間パネル(IPCC)」, has 18 characters).

The ward's contact block (desk, telephone, e-mail) is left out of the
fingerprint: the contact page repeats those facts on purpose.

Regenerate the fingerprint after the seed changes::

    python tests/quality/originality.py ../shared/seed/adachi-carbon-offset-page.txt \\
        > tests/quality/seed_fingerprint.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from quality_checks import Problem, rel

ROOT = Path(__file__).resolve().parents[2]
FINGERPRINT = Path(__file__).with_name("seed_fingerprint.txt")
WINDOW = 20
#: Where the seed's text ends and its contact block begins.
CONTACT_HEADING = "お問い合わせ"

_DROP = re.compile(r"<rt>.*?</rt>|<!--.*?-->|<[^>]+>|\]\([^)]*\)", re.DOTALL)
_NOISE = re.compile(r"[\s\u3000「」『』（）()、。・:：*#\[\]|`>_~,.!?！？-]")


def normalise(text: str) -> str:
    """Text without markup, ruby readings, link targets, spaces and punctuation; CO₂ as CO2."""
    return _NOISE.sub("", _DROP.sub("", text)).replace("₂", "2")


def _digest(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def fingerprint(seed_text: str) -> set[str]:
    """Hashes of every WINDOW-character run of the seed's text (before its contact block)."""
    body = seed_text.split(CONTACT_HEADING + "\n")[0]
    text = normalise(body)
    return {_digest(text[i : i + WINDOW]) for i in range(len(text) - WINDOW + 1)}


def load_fingerprint(path: Path = FINGERPRINT) -> set[str]:
    return {
        row.strip()
        for row in path.read_text(encoding="utf-8").splitlines()
        if row.strip() and not row.startswith("#")
    }


def check_pages(pages: Iterable[Path], prints: set[str], base: Path = ROOT) -> list[Problem]:
    """One problem per line of a page that shares a WINDOW-character run with the seed."""
    problems = []
    for page in pages:
        lines = page.read_text(encoding="utf-8").splitlines()
        # Sentences are one per line; join neighbours so a run across two lines is found too.
        for n, row in enumerate(lines, 1):
            text = normalise(row + (lines[n] if n < len(lines) else ""))
            hits = [
                text[i : i + WINDOW]
                for i in range(len(text) - WINDOW + 1)
                if _digest(text[i : i + WINDOW]) in prints
            ]
            own = normalise(row)
            if hits and any(hit[: WINDOW // 2] in own for hit in hits):
                problems.append(
                    Problem(
                        rel(page, base),
                        n,
                        f"区の2017年のページ「カーボン・オフセットとは」と同じ文字が{WINDOW}字以上続いています"
                        f"（「{hits[0]}」）。"
                        "事実はそのままでかまいませんが、文は自分の言葉と順番で書き直してください",
                    )
                )
    return problems


def main(argv: list[str]) -> int:
    seed = Path(argv[1]).read_text(encoding="utf-8")
    print(f"# Fingerprint of the ward's 2017 page: sha256[:16] of each {WINDOW}-character run")
    print("# of its normalised text (tests/quality/originality.py). No text of the page is kept.")
    for digest in sorted(fingerprint(seed)):
        print(digest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
