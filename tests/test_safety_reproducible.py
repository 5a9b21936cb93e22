"""Reproducible output: two builds of the same content are byte-identical.

The two builds run as separate processes (so Python's string hashing, hence
set order, differs), a second apart, from two copies of the content in
different folders, with fresh caches and different output folders: a
timestamp, an absolute path, a random id or a set order in any output shows
up as a differing file.

Known exception: Pagefind (pinned 1.5.2) writes its filter and metadata
indexes in hash-map order (upstream issue Pagefind/pagefind#638), so those
few files (``pagefind/filter/*``, ``pagefind/*.pf_meta`` and the
``pagefind-entry.json`` that names them) are compared by content, not by
bytes. Every other file, including all of Pagefind's fragments and word
indexes, must be identical.
"""

from __future__ import annotations

import gzip
import time

import pytest

from tests.bad_input_site import build_subprocess, make_site, snapshot

pytestmark = pytest.mark.slow

PAGEFIND_UNORDERED = ("pagefind/filter/", "pagefind/pagefind-entry.json")


def _unordered(name: str) -> bool:
    return name.startswith(PAGEFIND_UNORDERED) or (
        name.startswith("pagefind/") and name.endswith(".pf_meta")
    )


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    outputs = []
    for name in ("mot", "hai"):
        site = make_site(tmp_path_factory.mktemp(name))
        site.set(IMAGES={"cache_dir": str(site.tmp / "cache" / "images")})
        result = build_subprocess(site)
        assert result.code == 0, result.stderr[-3000:]
        outputs.append(site.output)
        time.sleep(1.1)
    return outputs


def test_two_builds_write_the_same_files(two_builds):
    first, second = (snapshot(output) for output in two_builds)
    assert sorted(n for n in first if not _unordered(n)) == sorted(
        n for n in second if not _unordered(n)
    )
    assert sum(map(_unordered, first)) == sum(map(_unordered, second))
    assert len(first) > 50


def test_two_builds_are_byte_identical(two_builds):
    first, second = (snapshot(output) for output in two_builds)
    differing = sorted(
        name
        for name in set(first) | set(second)
        if not _unordered(name) and first.get(name) != second.get(name)
    )
    assert differing == [], f"files that differ between two builds: {differing[:20]}"


def _pagefind_decoded(output) -> list[bytes]:
    """Each Pagefind filter index, decompressed, as a sorted byte multiset
    (the metadata index and the entry file only name them by their hash)."""
    return sorted(
        bytes(sorted(gzip.decompress(path.read_bytes())))
        for path in output.glob("pagefind/filter/*")
    )


def test_pagefind_filter_indexes_hold_the_same_entries(two_builds):
    first, second = (_pagefind_decoded(output) for output in two_builds)
    assert first and first == second


def test_no_build_path_or_time_leaks_into_the_output(two_builds):
    for output in two_builds:
        site_root = str(output.parent)
        for path in output.rglob("*"):
            if path.is_file() and path.suffix in (
                ".html",
                ".xml",
                ".json",
                ".txt",
                ".rss",
                ".atom",
                ".js",
            ):
                text = path.read_text(encoding="utf-8", errors="replace")
                assert site_root not in text, f"{path} contains the build folder {site_root}"
