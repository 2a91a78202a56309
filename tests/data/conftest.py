"""tests/data/: the helpers beside the tests (data_checks.py, yearly.py) are importable.

pytest runs with --import-mode=importlib, so this folder is put on the path here,
as tests/quality/conftest.py does for quality_checks.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "quality"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
