"""Stopping Pagefind only after it has written every file of a bundle."""

from __future__ import annotations

import json
import threading
import time

import pytest

from plugins.search.index import REQUIRED_FILES, PagefindError, _wait_for_entry


def _bundle(folder, *, ui_script: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in REQUIRED_FILES:
        (folder / name).write_bytes(b"x")
    (folder / "pagefind-entry.json").write_text(json.dumps({"version": "1"}), encoding="utf-8")
    (folder / "pagefind-ui.js").write_bytes(ui_script)


def test_waits_until_a_late_file_is_written(tmp_path):
    bundle = tmp_path / "pagefind"
    _bundle(bundle, ui_script=b"")  # Pagefind said "written" but has not flushed it yet
    finished = {}

    def flush_later():
        time.sleep(0.3)
        (bundle / "pagefind-ui.js").write_bytes(b"window.PagefindUI = function () {};")
        finished["at"] = time.monotonic()

    writer = threading.Thread(target=flush_later)
    writer.start()
    _wait_for_entry(bundle, timeout=10)
    returned = time.monotonic()
    writer.join()
    assert "at" in finished and returned >= finished["at"]


def test_a_bundle_that_never_completes_is_an_error(tmp_path):
    bundle = tmp_path / "pagefind"
    _bundle(bundle, ui_script=b"")
    with pytest.raises(PagefindError, match="không ghi xong"):
        _wait_for_entry(bundle, timeout=0.3)
