"""The content check's per-file cache: same report, only changed files inspected again."""

from __future__ import annotations

import shutil
from pathlib import Path

from plugins.content_check import check as check_module
from plugins.content_check.check import check_tree
from plugins.reference import load_reference_data

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "golden_site"
LEAD = "articles/2025/vufo-lam-viec-voi-can-tho.md"


def _site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(GOLDEN, content)
    return content


def _counting(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = check_module.inspect_document

    def spy(doc, ctx):
        seen.append(str(doc))
        return real(doc, ctx)

    monkeypatch.setattr(check_module, "inspect_document", spy)
    return seen


def test_second_run_inspects_only_the_changed_file_and_reports_the_same(tmp_path, monkeypatch):
    content = _site(tmp_path)
    reference = load_reference_data(ROOT / "data")
    cache = tmp_path / "cache" / "content-check.pickle"
    first = check_tree(content, reference, cwd=tmp_path, cache_file=cache)
    assert first.files_checked > 3
    seen = _counting(monkeypatch)
    again = check_tree(content, reference, cwd=tmp_path, cache_file=cache)
    assert seen == []
    assert again == first
    # A broken field in one file: only that file is inspected, and the error shows.
    lead = content / LEAD
    lead.write_text(
        lead.read_text(encoding="utf-8").replace("Date:", "Date: ngày mai\nX-Date:", 1),
        encoding="utf-8",
    )
    edited = check_tree(content, reference, cwd=tmp_path, cache_file=cache)
    assert len(seen) == 1
    assert edited.errors > first.errors
    assert edited == check_tree(content, reference, cwd=tmp_path)  # same as uncached


def test_a_new_file_or_a_broken_cache_means_inspecting_everything(tmp_path, monkeypatch):
    content = _site(tmp_path)
    reference = load_reference_data(ROOT / "data")
    cache = tmp_path / "content-check.pickle"
    first = check_tree(content, reference, cwd=tmp_path, cache_file=cache)
    seen = _counting(monkeypatch)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "moi.jpg").write_bytes(b"\xff\xd8")  # articles may name it
    check_tree(content, reference, cwd=tmp_path, cache_file=cache)
    assert len(seen) == first.files_checked
    seen.clear()
    cache.write_bytes(b"not a pickle")
    check_tree(content, reference, cwd=tmp_path, cache_file=cache)
    assert len(seen) == first.files_checked


def test_the_cache_key_is_the_same_in_every_process():
    """A set's order follows the per-process hash seed; the key must not."""
    import os
    import subprocess
    import sys

    code = (
        "from pathlib import Path; from plugins.reference import load_reference_data;"
        "from plugins.content_check.urls import UrlScheme;"
        "from plugins.content_check.check import InspectionCache;"
        "print(InspectionCache(Path('unused'), frozenset({'a', 'b', 'c'}),"
        " load_reference_data(Path('data')), UrlScheme()).context)"
    )
    keys = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        keys.add(done.stdout.strip())
    assert len(keys) == 1 and len(keys.pop()) == 40
