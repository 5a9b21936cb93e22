"""plugins/buildkit: the one fork helper, the one digest helper, the build's state."""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plugins.buildkit.digest import Unrepresentable, canonical, digest, tree_digest
from plugins.buildkit.fork import ChildFailed, Forked
from plugins.buildkit.run import RUN_KEY, BuildRun, build_run

ROOT = Path(__file__).resolve().parents[1]
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def fork_counter(forks: list[int]):
    """An ``os.fork`` that records the children it makes in ``forks``."""
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    return fork


# --- fork -----------------------------------------------------------------------


@needs_fork
def test_an_error_in_the_child_reaches_the_parent():
    def work(channel):
        channel.send("first")
        raise ValueError("hỏng ở tiến trình phụ")

    with Forked(work, "thử") as child:
        assert child.recv() == "first"
        with pytest.raises(ChildFailed, match="thử: ValueError: hỏng ở tiến trình phụ"):
            child.recv()


@needs_fork
def test_a_child_that_dies_silently_is_an_error():
    with (
        Forked(lambda channel: os._exit(3)) as child,  # noqa: ARG005
        pytest.raises(ChildFailed, match="dừng"),
    ):
        child.recv()


@needs_fork
def test_a_child_that_ends_without_a_result_is_an_error():
    with Forked(lambda channel: None) as child, pytest.raises(ChildFailed, match="không gửi"):  # noqa: ARG005
        child.recv()


@needs_fork
def test_values_go_both_ways():
    def work(channel):
        numbers = channel.recv()
        channel.send(sum(numbers))

    with Forked(work) as child:
        child.send(list(range(100_000)))  # larger than a pipe's buffer
        assert child.recv() == sum(range(100_000))


@needs_fork
def test_join_replays_the_childs_warnings_in_the_parent(caplog):
    def work(channel):
        logging.getLogger("pelican.thu").warning("cảnh báo %s", "từ con")
        logging.getLogger("pelican.thu").info("chỉ là thông tin")
        channel.send(1)

    child = Forked(work, logs=True)
    with caplog.at_level(logging.INFO):
        assert child.recv() == 1
        assert not [r for r in caplog.records if r.name == "pelican.thu"]  # not yet
        child.join()
    shown = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "pelican.thu"]
    assert shown == [(logging.WARNING, "cảnh báo từ con")]


@needs_fork
def test_join_raises_when_the_child_failed_and_replays_its_warnings(caplog):
    def work(channel):  # noqa: ARG001
        logging.getLogger("pelican.thu").error("trước khi hỏng")
        raise RuntimeError("hỏng")

    child = Forked(work, "con", logs=True)
    with caplog.at_level(logging.WARNING), pytest.raises(ChildFailed, match="con: RuntimeError"):
        child.join()
    assert [r.getMessage() for r in caplog.records if r.name == "pelican.thu"] == ["trước khi hỏng"]


@needs_fork
def test_leaving_kills_a_running_child_and_reaps_it():
    started = time.monotonic()
    with Forked(lambda channel: time.sleep(60)) as child:  # noqa: ARG005
        pid = child.pid
    assert time.monotonic() - started < 30  # killed, not waited out
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already: no zombie left behind


# --- digest ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Point:
    x: int
    tags: frozenset[str]


def test_canonical_is_the_same_in_every_process():
    value = {"b": {"z", "y", "x"}, "a": [_Point(1, frozenset({"ô", "ơ", "o"})), Path("/x")]}
    code = (
        "import dataclasses, sys; from pathlib import Path;"
        "from plugins.buildkit.digest import canonical;"
        "from tests.test_buildkit import _Point;"
        "value = {'b': {'z', 'y', 'x'}, 'a': [_Point(1, frozenset({'ô', 'ơ', 'o'})), Path('/x')]};"
        "sys.stdout.write(canonical(value))"
    )
    texts = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert texts == {canonical(value)}


def test_canonical_tells_different_values_apart():
    assert canonical({"a": 1}) != canonical({"a": "1"})
    assert canonical([1, 2]) != canonical((1, 2))
    assert canonical(_Point(1, frozenset())) != canonical(_Point(2, frozenset()))
    assert canonical(b"x") != canonical(b"y")


def test_a_value_without_a_stable_text_is_refused():
    class Opaque:
        __slots__ = ()

    with pytest.raises(Unrepresentable):
        canonical(Opaque())


def test_tree_digest_follows_bytes_and_names_not_the_location(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "a.txt").write_text("xin chào", encoding="utf-8")
        (tmp_path / name / "__pycache__").mkdir()
        (tmp_path / name / "__pycache__" / "a.pyc").write_bytes(os.urandom(8))
    first = tree_digest([tmp_path / "one"])
    assert tree_digest([tmp_path / "two"]) != first  # another root name
    (tmp_path / "two").rename(tmp_path / "elsewhere")
    moved = tmp_path / "moved"
    moved.mkdir()
    (tmp_path / "elsewhere").rename(moved / "one")
    assert tree_digest([moved / "one"]) == first  # same tree, other place
    (moved / "one" / "sub" / "a.txt").write_text("xin chao", encoding="utf-8")
    assert tree_digest([moved / "one"]) != first
    assert tree_digest([tmp_path / "one"], skip=[tmp_path / "one" / "sub"]) != first


def test_digest_separates_its_parts():
    assert digest("ab", "c") != digest("a", "bc")


# --- the build's state ------------------------------------------------------------


def test_each_settings_dict_has_its_own_run():
    first, second = {}, {}
    build_run(first).note = 1
    assert build_run(first) is first[RUN_KEY]
    assert isinstance(build_run(second), BuildRun)
    assert not hasattr(build_run(second), "note")
    assert build_run(first).note == 1


def test_tree_digest_leaves_out_what_it_is_told_to_skip(tmp_path):
    for parent in ("a", "b"):
        root = tmp_path / parent / "site"
        (root / "sub").mkdir(parents=True)
        (root / "sub" / "f.txt").write_text("một", encoding="utf-8")
        (root / "skip").mkdir()
        (root / "skip" / "g.txt").write_text(parent, encoding="utf-8")
    a, b = tmp_path / "a" / "site", tmp_path / "b" / "site"
    first = tree_digest([a], skip=[a / "skip"])
    assert first == tree_digest([b], skip=[b / "skip"])
    assert tree_digest([a]) != tree_digest([b])
    (a / "sub" / "f.txt").write_text("hai", encoding="utf-8")
    assert tree_digest([a], skip=[a / "skip"]) != first


def test_the_run_is_shared_by_copies_and_left_behind_by_pickles():
    import copy
    import pickle

    settings = {"SITENAME": "x"}
    build_run(settings).check = open(__file__, "rb")  # noqa: SIM115 — unpicklable on purpose
    try:
        assert build_run(copy.deepcopy(settings)) is build_run(settings)
        again = pickle.loads(pickle.dumps(settings))
        assert again["SITENAME"] == "x"
        assert vars(build_run(again)) == {}
    finally:
        build_run(settings).check.close()
