"""Fixtures for the site-wide quality gates (tests/quality/).

The checks themselves live in ``quality_checks.py`` beside this file as plain
functions, so the tests can run them on the real docs/ and on broken copies.
Browser fixtures here reuse the session's ``browser`` and ``site_url`` from
tests/conftest.py: one Chromium, one context per screen width.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    # pytest runs with --import-mode=importlib, so the helper module is put on the path here.
    sys.path.insert(0, str(HERE))
