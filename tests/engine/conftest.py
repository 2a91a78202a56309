"""Engine tests run on a fixed copy of the data, so a yearly update never changes them.

``tests/engine/fixture-data/`` is a frozen copy of ``calculators/data/*.toml``
(FY2024 electricity factors: 0.423 kg/kWh national average, and so on). The
hand-worked goldens and every other engine test that states a number read their
values from that copy through ``$CALCULATORS_DATA_DIR`` (``calculators/_data.py``);
the command line started by a test inherits it. Only values are pinned, and only
for ids the real data still has: a new figure or key in the real data reaches
these tests without touching the copy. Tests marked ``live_data``
(``test_live_data.py``) read the real ``calculators/data/`` instead and derive
their expected values from it, so they follow every yearly update by themselves.

Do not update fixture-data/ for a yearly update. When a golden needs a figure
the copy lacks, copy that entry in and work the golden again by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from calculators._data import DATA_DIR_ENV, figures

FIXTURE_DATA = Path(__file__).resolve().parent / "fixture-data"


@pytest.fixture(autouse=True)
def pinned_data(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every engine test reads fixture-data/, except the ones marked ``live_data``."""
    if request.node.get_closest_marker("live_data"):
        monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    else:
        monkeypatch.setenv(DATA_DIR_ENV, str(FIXTURE_DATA))
    figures.cache_clear()
    yield
    figures.cache_clear()
