"""The related engine's two-process run: same result as serial, failures reported."""

from __future__ import annotations

import os
import threading
from dataclasses import replace

import pytest

from bench.corpus import generate_corpus
from bench.steps import related_records
from plugins.related import engine, forking
from plugins.related.engine import RelatedSettings, compute_related
from plugins.related.forking import ForkedHelper, HelperFailed, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork and a single thread")


@pytest.fixture(scope="module")
def records():
    from plugins.reference import load_reference_data

    reference = load_reference_data(os.path.join(os.path.dirname(__file__), "..", "data"))
    corpus = generate_corpus(300, reference=reference)
    # A few drafts and pins, so the split also covers them.
    corpus[7] = replace(corpus[7], status="draft")
    corpus[150] = replace(corpus[150], related=(corpus[3].slug, "khong-co"))
    return related_records(corpus)


def counting_forks(monkeypatch) -> list[int]:
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(forking.os, "fork", fork)
    return forks


def test_forked_run_gives_exactly_the_serial_result(records, monkeypatch):
    serial = compute_related(records, RelatedSettings(workers=1))
    forks = counting_forks(monkeypatch)
    forked = compute_related(records, RelatedSettings(workers=2, parallel_from=100))
    assert len(forks) == 2  # the index, then the ranking
    assert forked == serial
    assert list(forked) == list(serial)  # same order too
    assert sum(map(len, serial.values())) > 4 * len(records)


def test_small_sites_and_one_worker_stay_serial(records, monkeypatch):
    forks = counting_forks(monkeypatch)
    compute_related(records, RelatedSettings(workers=2, parallel_from=1000))
    compute_related(records, RelatedSettings(workers=1, parallel_from=10))
    assert forks == []


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert not engine._split_in_two(RelatedSettings(workers=2, parallel_from=1), 10)
    finally:
        stop.set()
        thread.join()
    assert can_fork()


def test_an_error_in_the_helper_reaches_the_parent():
    def work(channel):
        channel.send("first")
        raise ValueError("hỏng ở tiến trình phụ")

    with ForkedHelper(work) as helper:
        assert helper.recv() == "first"
        with pytest.raises(HelperFailed, match="ValueError: hỏng ở tiến trình phụ"):
            helper.recv()


def test_a_helper_that_dies_silently_is_an_error():
    with ForkedHelper(lambda channel: os._exit(3)) as helper:  # noqa: ARG005
        with pytest.raises(HelperFailed, match="dừng"):
            helper.recv()


def test_values_go_both_ways():
    def work(channel):
        numbers = channel.recv()
        channel.send(sum(numbers))

    with ForkedHelper(work) as helper:
        helper.send(list(range(100_000)))  # larger than a pipe's buffer
        assert helper.recv() == sum(range(100_000))
