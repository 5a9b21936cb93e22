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


def _clear_pelican_signals() -> None:
    from blinker import Signal
    from pelican.plugins import signals

    for value in vars(signals).values():
        if isinstance(value, Signal):
            value._clear_state()  # blinker's documented reset for tests


@pytest.fixture(autouse=True)
def hermetic_pelican_signals():
    """Disconnect every plugin handler before each test.

    Pelican's signals are process-wide: a plugin registered by one test's
    build would otherwise still run in the next test's build, which has a
    different plugin list.
    """
    _clear_pelican_signals()
    yield


@pytest.fixture(scope="module", autouse=True)
def hermetic_pelican_signals_per_module():
    """The same before a module's module-scoped fixtures, which run before
    the per-test one (a site built once for the module: tests/test_seo_build.py
    built with the previous module's content check still connected)."""
    _clear_pelican_signals()
    yield
