"""A Pagefind bundle is written by us from the files Pagefind hands back
(``GetFiles``), so it is complete the moment ``write_bundle`` returns."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from plugins.search.index import ENTRY_FILE, REQUIRED_FILES, _relative, write_bundle
from plugins.search.records import search_record
from plugins.search.service import PagefindError, PagefindService
from tests.search_texts import numbered_text


@pytest.mark.parametrize("name", ["/etc/passwd", "../outside.js", "fragment/../../x", ""])
def test_a_path_that_would_leave_the_bundle_is_refused(name):
    with pytest.raises(PagefindError, match="đường dẫn lạ"):
        _relative(name)


def test_a_bundle_path_is_kept_as_given():
    assert _relative("fragment/vi_ab12.pf_fragment") == Path("fragment", "vi_ab12.pf_fragment")


class _Answers:
    """A service that hands back the given files (the wire is tested below, with Pagefind)."""

    def __init__(self, files):
        self.files = files

    def new_index(self, config):
        return 0

    def add_records(self, index_id, records):
        return len(list(records))

    def get_files(self, index_id):
        return self.files


def test_nothing_is_written_outside_the_bundle(tmp_path):
    service = _Answers([("pagefind.js", b"x"), ("../escaped.js", b"y")])
    with pytest.raises(PagefindError):
        write_bundle([], tmp_path / "bundle", service)
    assert not (tmp_path / "escaped.js").exists()


def test_files_in_subfolders_are_written_with_their_folders(tmp_path):
    service = _Answers([("a/b/c.pf_index", b"abc"), ("a/d.pf_index", b"d"), ("top.js", b"t")])
    write_bundle([], tmp_path / "bundle", service)
    written = {
        str(p.relative_to(tmp_path / "bundle")): p.read_bytes()
        for p in (tmp_path / "bundle").rglob("*")
        if p.is_file()
    }
    assert written == {"a/b/c.pf_index": b"abc", "a/d.pf_index": b"d", "top.js": b"t"}


@pytest.mark.slow
def test_the_bundle_is_complete_when_write_bundle_returns(tmp_path):
    articles = [numbered_text(n) for n in range(5)]
    bundle = tmp_path / "pagefind"
    with PagefindService() as service:
        assert write_bundle(map(search_record, articles), bundle, service) == 5
        # Checked while Pagefind still runs: nothing is left for it to flush.
        entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
        assert all((bundle / name).stat().st_size > 0 for name in REQUIRED_FILES)
        fragments = sorted((bundle / "fragment").glob("*.pf_fragment"))
        assert len(fragments) == 5
        urls = {
            json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :])["url"]
            for f in fragments
        }
    assert urls == {a.url for a in articles}
    assert entry["languages"]["vi"]["page_count"] == 5
