"""The second half of the 200 differential steps (see
tests/test_differential_edits.py): another seed, in a file of its own so
that ``pytest -n 2 --dist loadfile`` runs both halves at once."""

from __future__ import annotations

import pytest

from tests.differential import check_chain

pytestmark = pytest.mark.slow

SEED = 20252
STEPS = 100


def test_random_edits_build_as_a_clean_build(tmp_path):
    check_chain(tmp_path, SEED, STEPS)
