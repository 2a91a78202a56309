"""The calculator in the other engines: Firefox ESR (WebDriver BiDi) and WebKitGTK (WebDriver).

Chromium is covered by tests/browser/. Here the same household, opened from a
share link in Japanese and English, must show the command line's figures in
Firefox ESR and in WebKitGTK too, recompute when a field is typed in, and
raise no error in the page or its worker. Both browsers are Debian's
(`firefox-esr`, `webkit2gtk-driver` with `xvfb`), installed by `tools/dev`.

A missing browser skips these tests on a developer's machine and fails them
in CI (CI=true), like the Chromium tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# pytest runs with --import-mode=importlib, so the helper module is put on the path here.
sys.path.insert(0, str(Path(__file__).parent))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """These drive real browsers: mark them ``browser`` so `-m browser` selects them too."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
