"""plugins/incremental's adapter helpers that need no build: options, packages text."""

from __future__ import annotations

import os
import sys

import pytest

from plugins.incremental.session import incremental_options, packages_text


def test_options_merge_over_defaults_and_refuse_unknown_keys():
    assert incremental_options({}).enabled is True
    assert incremental_options({"INCREMENTAL": {"enabled": False}}).enabled is False
    with pytest.raises(ValueError, match="INCREMENTAL"):
        incremental_options({"INCREMENTAL": {"enable": False}})


def test_packages_text_ignores_folders_added_to_sys_path(tmp_path, monkeypatch):
    before = packages_text()
    info = tmp_path / "portal_fake-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Name: portal-fake\nVersion: 1.0\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert packages_text() == before
    assert "pelican==" in before


def digests_forked_and_serial() -> dict:
    """Scenario for a fresh interpreter (the engine forks only without other threads)."""
    from plugins.buildkit import fork as forking
    from plugins.incremental import session as module

    class Fake(module.Session):
        def __init__(self) -> None:  # only what _digest_all needs
            pass

        def _digest(self, content):
            return f"entry {content}", f"full {content}"

    from tests.test_buildkit import fork_counter

    contents = [f"bài {n:04d}" for n in range(50)]
    serial = Fake()._digest_all(contents)
    forks: list[int] = []
    module.FORK_FROM, forking.os.fork = 10, fork_counter(forks)
    forked = Fake()._digest_all(contents)
    return {"same": forked == serial, "forks": len(forks), "count": len(forked)}


def test_content_digests_are_the_same_computed_in_two_processes():
    import json
    import subprocess
    from pathlib import Path

    code = (
        "import json; from tests.test_incremental_session import digests_forked_and_serial"
        " as s; print(json.dumps(s()))"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"same": True, "forks": 1, "count": 50}


def test_feeds_search_and_sitemap_generators_are_always_rendered():
    options = incremental_options({})
    assert {"FeedsGenerator", "SearchGenerator", "SitemapGenerator"} <= options.always_render
    assert incremental_options({"INCREMENTAL": {"always_render": []}}).always_render == frozenset()


def test_installed_text_follows_a_newly_installed_distribution(tmp_path):
    # The cache key is the folder's modification time: a new *.dist-info
    # folder changes it, so the next build sees the new package.
    from plugins.buildkit.digest import _modified, installed_text

    folder = str(tmp_path)
    before = installed_text((folder,), (_modified(folder),))
    info = tmp_path / "newpkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: newpkg\nVersion: 1.0\n")
    os.utime(tmp_path, ns=(1, 1))  # a different time, whatever the clock's resolution
    after = installed_text((folder,), (_modified(folder),))
    assert "newpkg==1.0" not in before
    assert "newpkg==1.0" in after
