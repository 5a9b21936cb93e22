"""The bench's --repeats option and the editions step's pair figures,
without running a build."""

from __future__ import annotations

import pytest

import bench.__main__ as bench_main
from bench.editions_step import pair_ratios
from bench.steps import Step


def test_pair_ratios_divide_each_pair_in_the_order_it_ran():
    vi_only = [{"seconds": 20.0}, {"seconds": "16.0"}, {"seconds": 17.5}]
    with_english = [{"seconds": 21.0}, {"seconds": "20.0"}, {"seconds": 17.5}]
    # 21 / 20, 20 / 16, 17.5 / 17.5, worked out by hand
    assert pair_ratios(vi_only, with_english) == [1.05, 1.25, 1.0]


def test_pair_ratios_refuse_runs_that_do_not_pair_up():
    with pytest.raises(ValueError):
        pair_ratios([{"seconds": 1.0}], [{"seconds": 1.0}, {"seconds": 2.0}])


@pytest.fixture
def recorded_steps(monkeypatch):
    calls: list[tuple[str, tuple]] = []

    def recorder(name):
        def run(corpus, *options):
            calls.append((name, options))
            return {"seconds": 0.0}

        return run

    steps = [
        Step("once", recorder("once"), needs_corpus=False),
        Step("twice", recorder("twice"), needs_corpus=False, repeated=True),
    ]
    monkeypatch.setattr(bench_main, "STEPS", steps)
    return calls


def test_repeats_reach_only_the_steps_that_repeat_their_builds(recorded_steps, tmp_path):
    out = tmp_path / "report.json"
    assert bench_main.main(["--repeats", "5", "--out", str(out)]) == 0
    assert recorded_steps == [("once", ()), ("twice", (5,))]


def test_without_repeats_each_step_keeps_its_default(recorded_steps, tmp_path):
    assert bench_main.main(["--out", str(tmp_path / "report.json")]) == 0
    assert recorded_steps == [("once", ()), ("twice", ())]


def test_repeats_below_one_are_refused(recorded_steps, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        bench_main.main(["--repeats", "0", "--out", str(tmp_path / "report.json")])
    assert stopped.value.code == 2
    assert "--repeats" in capsys.readouterr().err
    assert recorded_steps == []


def test_fresh_moves_a_build_aside_without_freeing_its_inodes(tmp_path, monkeypatch):
    from bench import build_step

    monkeypatch.setenv("BENCH_WORK", str(tmp_path))
    output = build_step.bench_root() / "1000" / "output"
    (output / "article" / "a").mkdir(parents=True)
    page = output / "article" / "a" / "index.html"
    page.write_text("<p>trang</p>", encoding="utf-8")
    inode = page.stat().st_ino

    build_step._fresh(output, tmp_path / "never-made")

    assert not output.exists()
    moved = [p for p in (tmp_path / "portal-bench" / "trash").rglob("index.html")]
    assert [p.stat().st_ino for p in moved] == [inode]  # renamed, not deleted
    assert moved[0].read_text(encoding="utf-8") == "<p>trang</p>"
    build_step.empty_trash()
    assert not (tmp_path / "portal-bench" / "trash").exists()


def test_the_trash_is_emptied_when_the_bench_stops(recorded_steps, monkeypatch, tmp_path):
    from bench import build_step

    monkeypatch.setenv("BENCH_WORK", str(tmp_path))
    leftover = build_step.bench_root() / "1000" / "output"
    leftover.mkdir(parents=True)
    build_step._fresh(leftover)
    assert (tmp_path / "portal-bench" / "trash").exists()
    bench_main.run([1000], ["once"], seed=1, markdown_dir=None)
    assert not (tmp_path / "portal-bench" / "trash").exists()
