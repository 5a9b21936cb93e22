"""Shared fixtures: the repository root on sys.path and the reference data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def reference():
    from plugins.reference import load_reference_data

    return load_reference_data(ROOT / "data")
