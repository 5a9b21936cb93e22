"""Atomic publishing: a killed or failed build never touches ``output/``.

``scripts/build.py`` renders into ``.output-building-<pid>-*`` next to
``output/`` and swaps it in with two renames only after the build and its
checks succeeded. These tests run the real command line.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.build import clean_stale_folders
from tests.bad_input_site import (
    LEAD,
    OLD,
    PYTHON,
    ROOT,
    build_args,
    build_subprocess,
    make_site,
    previous_site,
    snapshot,
    staging_folders,
)

ARTICLES = 300  # enough for rendering to last a few seconds


def _many_articles(site) -> None:
    base = site.file(OLD).read_text(encoding="utf-8")
    head, body = base.split("\n\n", 1)
    head = "\n".join(line for line in head.splitlines() if not line.startswith("Legacy_URL"))
    paragraph = "Liên hiệp hữu nghị tỉnh mở rộng quan hệ với các tổ chức phi chính phủ. " * 12
    for number in range(ARTICLES):
        slug = f"bai-tong-hop-{number:03d}"
        text = head.replace("thai-binh-trien-khai-cong-tac-2017", slug).replace(
            "năm 2017", f"năm 2017 (số {number})"
        )
        text = text.replace(
            "Date: 2017-01-06 14:31",
            f"Date: 2017-{number % 12 + 1:02d}-{number % 28 + 1:02d} 08:{number % 60:02d}",
        )
        site.write(f"articles/2017/{slug}.md", f"{text}\n\n{body}\n\n{paragraph}\n\n{paragraph}\n")


def _signal_mid_render(site, tmp_path: Path, signum: int) -> tuple[int, str]:
    """Start a build of ``site`` and send ``signum`` once it has rendered five
    article pages: (its exit status, what it printed on stderr)."""
    process = subprocess.Popen(
        [
            str(PYTHON if PYTHON.exists() else sys.executable),
            "-m",
            "scripts.build",
            *build_args(site),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    rendered: list[Path] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None:
            staging = [p for p in tmp_path.glob(".output-building-*") if p.is_dir()]
            rendered = list(staging[0].glob("bai-viet/*/index.html")) if staging else []
            if len(rendered) >= 5:
                process.send_signal(signum)
                break
            time.sleep(0.02)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
    assert len(rendered) >= 5, "the build ended before it could be stopped mid-render"
    return process.returncode, stderr


@pytest.mark.slow
def test_sigkill_mid_render_leaves_the_previous_output_intact(tmp_path):
    site = make_site(tmp_path)
    _many_articles(site)
    before = previous_site(site.output)
    status, _ = _signal_mid_render(site, tmp_path, signal.SIGKILL)
    assert status == -signal.SIGKILL

    # The previous site is intact, byte for byte; the half-written staging
    # folder is still there (nobody could clean it) …
    assert snapshot(site.output) == before
    assert [p.name.startswith(".output-building-") for p in staging_folders(tmp_path)] == [True]

    # … and does not break the next build, which removes it.
    (site.file("articles/2017")).joinpath("bai-tong-hop-000.md").unlink()
    result = build_subprocess(site)
    assert result.code == 0, result.stderr[-3000:]
    assert staging_folders(tmp_path) == []
    assert (site.output / "bai-viet/bai-tong-hop-001/index.html").is_file()
    assert not (site.output / "bai-viet/cu").exists()  # the old site was replaced as a whole


def test_sigterm_mid_render_removes_the_half_written_site_and_leaves_nothing_running(tmp_path):
    """CI cancels a job with SIGTERM: the build left its 50 MB staging
    folder behind and said nothing (only Ctrl+C cleaned up)."""
    site = make_site(tmp_path)
    _many_articles(site)
    before = previous_site(site.output)
    status, stderr = _signal_mid_render(site, tmp_path, signal.SIGTERM)
    assert status == 128 + signal.SIGTERM, stderr[-2000:]
    assert "Đã dừng dựng trang." in stderr and "Traceback" not in stderr
    assert snapshot(site.output) == before
    assert staging_folders(tmp_path) == []
    leftover = subprocess.run(
        ["pgrep", "-f", str(tmp_path)], capture_output=True, text=True, check=False
    ).stdout.split()
    assert leftover == [], "a process of the stopped build still runs"


def test_a_failing_build_exits_1_without_traceback_and_keeps_output(tmp_path):
    site = make_site(tmp_path)
    before = previous_site(site.output)
    site.edit(LEAD, "Date: 2025-11-03 13:33", "Date: 2025-11-03")
    result = build_subprocess(site)
    assert result.code == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "vufo-lam-viec-voi-can-tho.md:3: Date: ngày '2025-11-03' thiếu giờ" in result.stderr
    assert "giữ nguyên bản trước" in result.stderr
    assert snapshot(site.output) == before
    assert staging_folders(tmp_path) == []


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(tmp_path):
    site = make_site(tmp_path)
    # A plugin that fails in a way nobody planned for.
    (tmp_path / "plugin_hong.py").write_text(
        "from pelican import signals\n\n"
        "def boom(pelican):\n    raise RuntimeError('hỏng bất ngờ')\n\n"
        "def register():\n    signals.initialized.connect(boom)\n",
        encoding="utf-8",
    )
    with site.settings.open("a", encoding="utf-8") as out:
        out.write(f"sys.path.insert(0, {str(tmp_path)!r})\nPLUGINS = [*PLUGINS, 'plugin_hong']\n")
    result = build_subprocess(site)
    assert result.code == 1 and "Traceback" not in result.stderr
    assert "Lỗi: lỗi không mong đợi RuntimeError: hỏng bất ngờ" in result.stderr
    debug = subprocess.run(
        [str(PYTHON), "-m", "scripts.build", *build_args(site), "--debug"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_missing_reference_data_is_one_located_line(tmp_path):
    site = make_site(tmp_path)
    site.set(PORTAL_DATA_DIR=str(tmp_path / "khong-co"))
    result = build_subprocess(site)
    assert result.code == 1 and "Traceback" not in result.stderr
    missing = tmp_path / "khong-co" / "sections.toml"
    assert f"Lỗi: {missing}:1: không tìm thấy tệp dữ liệu '{missing}'" in result.stderr


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_stale_staging_of_dead_builds_is_removed_live_ones_are_kept(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("trang cũ", encoding="utf-8")
    dead = tmp_path / f".output-building-{_dead_pid()}-abc123"
    (dead / "bai-viet").mkdir(parents=True)
    legacy = tmp_path / ".output-building-xyz"  # name without a pid
    legacy.mkdir()
    live = tmp_path / f".output-building-{os.getppid()}-def456"  # a running process
    live.mkdir()
    clean_stale_folders(output)
    assert not dead.exists() and not legacy.exists()
    assert live.exists()
    assert (output / "index.html").read_text(encoding="utf-8") == "trang cũ"


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path):
    output = tmp_path / "output"
    old = tmp_path / f".output-old-{_dead_pid()}"
    old.mkdir()
    (old / "index.html").write_text("trang trước", encoding="utf-8")
    clean_stale_folders(output)
    assert (output / "index.html").read_text(encoding="utf-8") == "trang trước"
    assert not old.exists()


def _site(folder: Path, page: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder


def test_a_large_previous_site_is_removed_by_a_background_process(tmp_path, monkeypatch):
    import subprocess
    import time

    from scripts import build as build_script

    started: list[list[str]] = []
    real_run = subprocess.run

    def run(command, *args, **kwargs):
        started.append(command)
        done = real_run(command, *args, **kwargs)
        started.append(done.returncode)  # waited for: no child left to reap
        return done

    monkeypatch.setattr(build_script.subprocess, "run", run)
    output = _site(tmp_path / "output", "old")
    staging = _site(tmp_path / ".output-building-1-x", "new")
    build_script._swap(staging, output, old_pages=build_script.BACKGROUND_REMOVAL_FROM)
    assert (output / "index.html").read_text(encoding="utf-8") == "new"
    assert list(tmp_path.glob(".output-old-*")) == []  # never restorable once replaced
    assert len(started) == 2 and "rm -rf" in started[0][2]  # a detached remover
    assert started[1] == 0  # the shell exited at once and was reaped
    deadline = time.monotonic() + 60
    while list(tmp_path.glob(".output-trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".output-trash-*")) == []


def test_a_small_previous_site_is_removed_at_once(tmp_path, monkeypatch):
    from scripts import build as build_script

    monkeypatch.setattr(build_script.subprocess, "run", None)  # never called
    output = _site(tmp_path / "output", "old")
    staging = _site(tmp_path / ".output-building-1-x", "new")
    build_script._swap(staging, output, old_pages=10)
    assert (output / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_trash_of_a_removal_cut_short_is_removed_by_the_next_build(tmp_path):
    from scripts.build import clean_stale_folders

    output = _site(tmp_path / "output", "site")
    trash = _site(tmp_path / f".output-trash-{_dead_pid()}", "old")
    clean_stale_folders(output)
    assert not trash.exists()
    assert (output / "index.html").read_text(encoding="utf-8") == "site"
