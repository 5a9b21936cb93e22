"""Search records: what goes into the index, đ twins, shards, and a real Pagefind write."""

from __future__ import annotations

import json

import pytest

from plugins.search.index import write_index
from plugins.search.records import (
    ARTICLE_KIND,
    FILTER_PROVINCE,
    FILTER_SECTION,
    FILTER_YEAR,
    HIDDEN_MARK,
    KIND_FILTER,
    ArticleText,
    bundle_paths,
    d_variants,
    html_to_text,
    search_record,
    shard_names,
    vocabulary,
    vocabulary_record,
)


def _article(**overrides) -> ArticleText:
    values = dict(
        url="/bai-viet/thai-binh-2017/",
        title="Thái Bình triển khai công tác đối ngoại nhân dân",
        date_iso="2017-03-01T09:00:00+07:00",
        date_label="01/03/2017",
        year="2017",
        sapo="Liên hiệp hữu nghị tổng kết năm.",
        body_html="<p>Đoạn <em>một</em>.</p><p>Đoạn hai</p><script>var x = 'bí mật';</script>",
        section="Địa phương",
        provinces_as_written=("Thái Bình",),
        provinces_current=("Hưng Yên",),
        countries=("Lào",),
        organizations=("Liên hiệp các tổ chức hữu nghị Việt Nam", "VUFO"),
        keywords=("đối ngoại",),
    )
    values.update(overrides)
    return ArticleText(**values)


def test_html_to_text_separates_blocks_and_drops_scripts():
    assert html_to_text("<p>Một</p><p>hai <b>ba</b></p><script>x()</script>") == "Một hai ba"
    assert html_to_text("") == ""


def test_d_variants_keep_tones_and_are_unique():
    assert d_variants(["Đối ngoại nhân dân ở Đà Nẵng", "đối thoại, ĐOÀN"]) == ["dối", "dà", "doàn"]
    assert d_variants(["không có chữ đê"]) == ["dê"]
    assert d_variants(["dân tộc"]) == []


def test_record_holds_title_sapo_body_and_hidden_topic_terms():
    record = search_record(_article())
    visible, hidden = record.content.split(HIDDEN_MARK)
    assert visible.startswith("Thái Bình triển khai")
    assert "Liên hiệp hữu nghị tổng kết năm." in visible
    assert "Đoạn một. Đoạn hai" in visible
    assert "bí mật" not in record.content
    # Former name as written, current unit, partners, organization short name, keyword.
    for term in ("Thái Bình", "Hưng Yên", "Lào", "VUFO", "Địa phương", "đối ngoại"):
        assert term in hidden
    # đ twins of every đ word, visible or hidden.
    assert {"dối", "doạn", "dịa"} <= set(hidden.split())


def test_record_filters_and_meta():
    record = search_record(_article())
    assert record.filters == {
        FILTER_YEAR: ["2017"],
        KIND_FILTER: [ARTICLE_KIND],
        FILTER_SECTION: ["Địa phương"],
        FILTER_PROVINCE: ["Hưng Yên"],
    }
    assert record.meta["title"] == "Thái Bình triển khai công tác đối ngoại nhân dân"
    assert record.meta["date"] == "01/03/2017"
    assert record.meta["sapo"] == "Liên hiệp hữu nghị tổng kết năm."
    assert record.sort == {"date": "2017-03-01T09:00:00+07:00"}
    assert record.url == "/bai-viet/thai-binh-2017/"


def test_full_fold_appends_an_ascii_copy():
    record = search_record(_article(), fold_mode="full")
    hidden = record.content.split(HIDDEN_MARK)[1]
    assert "thai binh trien khai cong tac doi ngoai nhan dan" in hidden
    with pytest.raises(ValueError):
        search_record(_article(), fold_mode="nope")


def test_shards_are_chunks_oldest_first_and_one_bundle_when_small():
    assert shard_names(3, 2000) == ["", "", ""]
    assert shard_names(3, None) == ["", "", ""]
    assert shard_names(5, 2) == ["001", "001", "002", "002", "003"]
    assert bundle_paths(["", ""]) == ["pagefind/"]
    assert bundle_paths(shard_names(5, 2)) == ["pagefind/003/", "pagefind/002/", "pagefind/001/"]


def test_vocabulary_record_is_filtered_out_kind():
    words = vocabulary([search_record(_article())])
    assert "hưng" in words and "dối" in words and words == sorted(words)
    record = vocabulary_record(words, "002")
    assert record.filters[KIND_FILTER] != [ARTICLE_KIND]
    assert record.url.endswith("#tu-vung-002")


@pytest.mark.slow
def test_write_index_writes_a_complete_bundle_per_shard(tmp_path):
    records = [search_record(_article(url=f"/bai-viet/a{i}/")) for i in range(3)]
    report = write_index(iter(records), tmp_path / "pagefind", count=3, shard_size=2, words=["x"])
    assert report.records == 3
    assert report.shards == ["001", "002"]
    assert report.peak_rss > 0
    for shard in ("001", "002"):
        entry = json.loads((tmp_path / "pagefind" / shard / "pagefind-entry.json").read_text())
        # two articles + the vocabulary record, then one + the vocabulary record
        assert entry["languages"]["vi"]["page_count"] == (3 if shard == "001" else 2)
        assert (tmp_path / "pagefind" / shard / "pagefind-ui.js").is_file()
