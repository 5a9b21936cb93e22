"""The search record cache gives the very records search_record computes."""

from __future__ import annotations

from dataclasses import replace

from plugins.search import records as records_module
from plugins.search.records import RecordCache, search_record
from tests.search_texts import numbered_text as _text


def test_records_come_back_from_the_cache_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "cache" / "search-records.pickle"
    first = RecordCache(path)
    made = [first.record(_text(n), "d_variants") for n in range(3)]
    assert first.hits == 0
    first.save()

    calls = []
    real = records_module.search_record
    monkeypatch.setattr(records_module, "search_record", lambda *a: calls.append(a) or real(*a))
    second = RecordCache(path)
    edited = replace(_text(1), body_html="<p>Nội dung mới</p>")
    again = [second.record(t, "d_variants") for t in (_text(0), edited, _text(2))]
    assert second.hits == 2 and len(calls) == 1  # only the edited article is computed
    assert again[0] == made[0] == search_record(_text(0))
    assert again[2] == made[2]
    assert again[1] == search_record(edited) != made[1]
    # Another fold mode is another record.
    assert second.record(_text(0), "full") == search_record(_text(0), "full")
    assert second.hits == 2


def test_only_this_builds_records_are_kept(tmp_path):
    path = tmp_path / "search-records.pickle"
    first = RecordCache(path)
    for n in range(3):
        first.record(_text(n), "d_variants")
    first.save()
    second = RecordCache(path)
    second.record(_text(0), "d_variants")
    second.save()
    assert len(RecordCache(path).previous) == 1


def test_a_broken_or_missing_cache_is_an_empty_one(tmp_path):
    path = tmp_path / "search-records.pickle"
    path.write_bytes(b"not a pickle")
    cache = RecordCache(path)
    assert cache.record(_text(0), "d_variants") == search_record(_text(0))
    assert cache.hits == 0
    assert RecordCache(tmp_path / "missing.pickle").previous == {}
    RecordCache(None).save()  # no cache folder: nothing written, no error
