"""The related engine's two-process run: same result as serial, failures reported.

The engine forks only when its process has a single thread; pytest-xdist
workers run a thread of their own, so the tests that need the engine to
fork run their scenario in a fresh interpreter (``_in_fresh_process``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace

import pytest

from bench.corpus import generate_corpus
from bench.steps import related_records
from plugins.buildkit import fork as forking
from plugins.buildkit.fork import can_fork
from plugins.related import engine
from plugins.related.engine import RelatedSettings, compute_related
from tests.test_buildkit import fork_counter

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_records():
    from plugins.reference import load_reference_data

    reference = load_reference_data(os.path.join(os.path.dirname(__file__), "..", "data"))
    corpus = generate_corpus(300, reference=reference)
    # A few drafts and pins, so the split also covers them.
    corpus[7] = replace(corpus[7], status="draft")
    corpus[150] = replace(corpus[150], related=(corpus[3].slug, "khong-co"))
    return related_records(corpus)


@pytest.fixture(scope="module")
def records():
    return make_records()


def _in_fresh_process(scenario: str) -> dict:
    """Run ``scenario`` (a function of this module) in a new interpreter and
    return the JSON it prints."""
    code = f"import json; from tests.test_related_forking import {scenario} as s; print(json.dumps(s()))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def counting_forks(monkeypatch) -> list[int]:
    forks: list[int] = []
    monkeypatch.setattr(forking.os, "fork", fork_counter(forks))
    return forks


def forked_versus_serial() -> dict:
    records = make_records()
    serial = compute_related(records, RelatedSettings(workers=1))
    forks: list[int] = []
    real_fork, forking.os.fork = forking.os.fork, fork_counter(forks)
    try:
        forked = compute_related(records, RelatedSettings(workers=2, parallel_from=100))
    finally:
        forking.os.fork = real_fork
    return {
        "forks": len(forks),
        "same": forked == serial,
        "same_order": list(forked) == list(serial),
        "links": sum(map(len, serial.values())),
        "records": len(records),
    }


def test_forked_run_gives_exactly_the_serial_result():
    seen = _in_fresh_process("forked_versus_serial")
    assert seen["forks"] == 2  # the index, then the ranking
    assert seen["same"]
    assert seen["same_order"]
    assert seen["links"] > 4 * seen["records"]


def test_small_sites_and_one_worker_stay_serial(records, monkeypatch):
    forks = counting_forks(monkeypatch)
    compute_related(records, RelatedSettings(workers=2, parallel_from=1000))
    compute_related(records, RelatedSettings(workers=1, parallel_from=10))
    assert forks == []


def fork_decisions_around_a_thread() -> dict:
    settings = RelatedSettings(workers=2, parallel_from=1)
    before = (can_fork(), engine._split_in_two(settings, 10))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        during = (can_fork(), engine._split_in_two(settings, 10))
    finally:
        stop.set()
        thread.join()
    return {"before": before, "during": during, "after": can_fork()}


def test_no_fork_while_another_thread_runs():
    seen = _in_fresh_process("fork_decisions_around_a_thread")
    assert seen["before"] == [True, True]
    assert seen["during"] == [False, False]
    assert seen["after"] is True
