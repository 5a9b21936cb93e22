"""plugins.parallel: pages rendered over several processes, output identical to serial."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.parallel import Share, page_owner, parallel_options
from plugins.parallel.partition import PER_PAGE_SIGNALS, busy_signals
from tests.bad_input_site import ROOT, driver_build, make_site, snapshot

PYTHON = ROOT / ".venv" / "bin" / "python"
PY = str(PYTHON if PYTHON.exists() else sys.executable)


# --- pure parts ---------------------------------------------------------------------


def test_every_page_has_exactly_one_owner_and_the_split_is_even():
    names = [f"bai-viet/bai-{n}/index.html" for n in range(3000)]
    for count in (2, 3, 4):
        shares = [Share(i, count) for i in range(count)]
        owners = [[s.owns(name) for s in shares].count(True) for name in names]
        assert set(owners) == {1}
        sizes = [sum(s.owns(n) for n in names) for s in shares]
        assert max(sizes) - min(sizes) < 0.1 * len(names) / count


def test_the_owner_is_stable_and_ignores_path_spelling():
    # crc32, not Python's salted hash: the same in every process and run.
    assert page_owner("bai-viet/a/index.html", 7) == page_owner("./bai-viet/a/index.html", 7)
    assert page_owner("bai-viet/a/index.html", 7) == page_owner("/bai-viet/a/index.html", 7)
    assert [page_owner(f"p{n}", 5) for n in range(6)] == [page_owner(f"p{n}", 5) for n in range(6)]


def test_options_merge_over_defaults_and_refuse_unknown_keys():
    options = parallel_options({"PARALLEL": {"workers": 3}})
    assert options.workers == 3 and "ArticlesGenerator" in options.generators
    assert parallel_options({}).workers >= 1
    assert parallel_options({"PARALLEL": {"enabled": False}}).enabled is False
    with pytest.raises(ValueError, match="khóa không hợp lệ"):
        parallel_options({"PARALLEL": {"worker": 2}})
    with pytest.raises(ValueError, match="số nguyên dương"):
        parallel_options({"PARALLEL": {"workers": 0}})


def test_a_listener_on_a_per_page_signal_keeps_the_build_serial():
    assert busy_signals({}) == []
    assert busy_signals({"content_written": 1, "feed_written": 0}) == ["content_written"]
    assert set(PER_PAGE_SIGNALS) >= {"content_written", "article_writer_finalized"}


# --- the fork machinery with a fake generator (own process: no threads) -------------


def _fake(tmp_path: Path, workers: int, mode: str) -> dict:
    done = subprocess.run(
        [PY, "-m", "tests.build_speed_fake", str(tmp_path), str(workers), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_each_page_is_rendered_once_by_one_of_several_processes(tmp_path):
    result = _fake(tmp_path, 3, "plain")
    assert result["processes"] == 3
    markers = sorted((tmp_path / "pids").iterdir())
    assert len(markers) == 60
    pids = [m.read_text().split() for m in markers]
    assert all(len(p) == 1 for p in pids), "a page was rendered twice"
    assert len({p[0] for p in pids}) == 3, "the pages were not spread over 3 processes"
    for number in range(60):
        page = tmp_path / "site" / f"trang-{number}" / "index.html"
        assert page.read_text(encoding="utf-8") == f"<p>Trang {number}</p>\n"


def test_children_warnings_reach_the_parent_log(tmp_path):
    result = _fake(tmp_path, 2, "warn")
    assert sorted(result["warnings"]) == sorted(f"cảnh báo trang-{n}/index.html" for n in range(60))


def test_a_repeated_warning_from_the_children_is_logged_once_not_a_crash(tmp_path):
    """Pelican's logger refuses a message it has logged already by raising
    FilteredMessage from its filter; replayed from a child, that used to stop
    the build with "lỗi không mong đợi FilteredMessage"."""
    result = _fake(tmp_path, 3, "same")
    assert "error" not in result, result
    assert result["processes"] == 3
    assert result["warnings"] == ["cảnh báo chung của mọi trang"]


def test_a_failing_child_fails_the_build_with_a_vietnamese_message(tmp_path):
    result = _fake(tmp_path, 3, "fail")
    assert "kết xuất song song thất bại" in result["error"]
    assert "lỗi giả trong tiến trình con" in result["error"]


# --- a real build: parallel output is byte-identical to serial ------------------------


def _driver_build(site, output: Path, parallel: dict, tmp: Path) -> dict:
    extra = {"PARALLEL": parallel, "SEARCH": {"enabled": False}}
    return driver_build(site, output, extra, tmp / f"timings-{output.name}.json")


@pytest.mark.slow
def test_parallel_and_serial_builds_give_identical_trees(tmp_path):
    site = make_site(tmp_path)
    serial = _driver_build(site, tmp_path / "serial", {"enabled": False}, tmp_path)
    parallel = _driver_build(site, tmp_path / "parallel", {"workers": 3}, tmp_path)
    assert serial["render_processes"] in (0, 1)
    assert parallel["render_processes"] == 3
    one, other = snapshot(tmp_path / "serial"), snapshot(tmp_path / "parallel")
    assert sum(name.endswith(".html") for name in one) > 50
    assert one == other


@pytest.mark.slow
def test_reading_in_parallel_fills_the_cache_and_changes_nothing(tmp_path):
    from bench.corpus import generate_corpus, write_markdown

    site = make_site(tmp_path)
    write_markdown(generate_corpus(80), site.content)
    site.set(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    serial = _driver_build(site, tmp_path / "serial", {"enabled": False}, tmp_path)
    parallel = _driver_build(site, tmp_path / "parallel", {"workers": 2}, tmp_path)
    assert serial["read_in_parallel"] == 0
    assert parallel["read_in_parallel"] >= 80
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "parallel")


BACKGROUND_SCRIPT = """
import os, sys, time
from pathlib import Path
from plugins.rendering import output_step
from plugins.parallel.render import Background, ParallelWriter

out = Path(sys.argv[1])
writer = ParallelWriter(str(out), settings={})
background = Background()

def slow(target):
    (out / "pid").write_text(str(os.getpid()))
    time.sleep(60)

def failing(target):
    raise RuntimeError("hỏng")

background.start(slow, "nền", writer)
for _ in range(200):
    if (out / "pid").exists() and (out / "pid").read_text():
        break
    time.sleep(0.05)
try:
    output_step(failing, None, 1, background, False, writer)
except RuntimeError:
    pid = int((out / "pid").read_text())
    try:
        os.kill(pid, 0)
        print("alive")
    except ProcessLookupError:
        print("killed", len(background.children))
"""


def test_a_failing_output_step_kills_the_background_children(tmp_path):
    done = subprocess.run(
        [PY, "-c", BACKGROUND_SCRIPT, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "killed 0", done.stdout + done.stderr
