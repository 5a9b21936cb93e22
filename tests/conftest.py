"""Shared fixtures: the repository root on sys.path, the Hypothesis profile
and the reference data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Hypothesis profiles, chosen once for the whole suite (conftest is imported
# before any test module, so every @settings(...) in tests/ inherits from the
# profile loaded here; a test file sets only what is its own, e.g.
# max_examples, and never loads a profile):
# - "ci" (CI set, as .ci/run does): the same examples on every run, no
#   timing-dependent failures, so a red CI run is a real failure that
#   reproduces;
# - "dev" (local runs): random exploration, failures saved to .hypothesis/ and
#   replayed first on the next run.
settings.register_profile(
    "ci", settings.get_profile("ci"), derandomize=True, deadline=None, print_blob=True
)
settings.register_profile("dev", derandomize=False)
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.load_profile("ci" if IN_CI else "dev")


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


# One Chromium per test process, shared by every browser test module: a
# second sync_playwright() while the first is open fails ("Playwright Sync
# API inside the asyncio loop"), which happened when two modules each
# imported the session fixture (each import is a fixture of its own).
from tests.browser_helpers import browser  # noqa: E402,F401 — the shared fixture
