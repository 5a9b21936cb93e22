"""Incremental search index: unchanged shards are copied, and the result equals a full build.

Pagefind writes its filter and metadata indexes in hash-map order (see
tests/test_safety_reproducible.py), so those files are compared by content
between two Pagefind runs; everything else must be byte-identical, and a
copied shard must be byte-identical to the previous build's, all files.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from plugins.search.index import STATE_FILE, write_index
from plugins.search.records import ArticleText, search_record, shard_of

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "hữu",
    "nghị",
    "hợp",
    "tác",
    "giao",
    "lưu",
    "nhân",
    "dân",
    "đối",
    "ngoại",
    "thanh",
    "niên",
    "văn",
    "hóa",
    "giáo",
    "dục",
]
SHARD_SIZE = 4  # 12 articles: 3 shards


def _article(number: int, body: str | None = None) -> ArticleText:
    words = " ".join(WORDS[(number + k) % len(WORDS)] for k in range(8))
    return ArticleText(
        url=f"/bai-viet/bai-{number:02d}/",
        # Titles and bodies use only WORDS: no article brings a word of its own.
        title=f"Bài về {WORDS[number % len(WORDS)]}",
        date_iso=f"2024-01-{number + 1:02d}T09:00:00+07:00",
        date_label=f"{number + 1:02d}/01/2024",
        year="2024",
        body_html=f"<p>{body if body is not None else words}</p>",
    )


def _index(
    articles, folder: Path, previous: Path | None = None, *, lag=False, processes=None, **settings
):
    records = [search_record(a) for a in articles]
    return write_index(
        iter(records),
        folder,
        count=len(records),
        shard_size=SHARD_SIZE,
        previous_root=previous,
        settings=settings or {"fold": "d_variants", "shard_size": SHARD_SIZE},
        vocabulary_may_lag=lag,
        processes=processes,
    )


def _unordered(name: str) -> bool:
    """Files Pagefind writes in hash-map order (upstream Pagefind/pagefind#638)."""
    parts = name.split("/")
    return "filter" in parts or name.endswith((".pf_meta", "pagefind-entry.json"))


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _filter_entries(folder: Path) -> list[bytes]:
    return sorted(
        bytes(sorted(gzip.decompress(p.read_bytes()))) for p in folder.rglob("*.pf_filter")
    )


def _indexed_urls(folder: Path) -> list[str]:
    urls = []
    for fragment in folder.rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.append(json.loads(data)["url"])
    return sorted(u for u in urls if "#tu-vung-" not in u)


def assert_same_as_full(incremental: Path, full: Path) -> None:
    """Same files; byte-identical but for Pagefind's unordered ones, same filter entries."""
    mine, fresh = _files(incremental), _files(full)
    assert sorted(n for n in mine if not _unordered(n)) == sorted(
        n for n in fresh if not _unordered(n)
    )
    assert sum(map(_unordered, mine)) == sum(map(_unordered, fresh))
    differing = [n for n in mine if not _unordered(n) and mine[n] != fresh.get(n)]
    assert differing == []
    assert _filter_entries(incremental) == _filter_entries(full)
    assert mine[STATE_FILE] == fresh[STATE_FILE]


def _shard_files(folder: Path, shard: str) -> dict[str, bytes]:
    return _files(folder / shard)


def test_one_edited_body_reindexes_one_shard_and_equals_a_full_build(tmp_path):
    articles = [_article(n) for n in range(12)]
    first = tmp_path / "first" / "pagefind"
    assert _index(articles, first).reused == []
    # New body, words the site already has: only this article's shard changes.
    edited = [*articles]
    edited[5] = _article(5, body="văn hóa giáo dục hữu nghị thanh niên")
    touched = shard_of(edited[5].url, 3)
    report = _index(edited, tmp_path / "second" / "pagefind", previous=first)
    assert report.shards == ["001", "002", "003"]
    assert sorted(report.reused) == sorted({"001", "002", "003"} - {touched})
    for shard in report.reused:
        assert _shard_files(tmp_path / "second" / "pagefind", shard) == _shard_files(first, shard)
        # Hard links, not copies (same file system here).
        entry = tmp_path / "second" / "pagefind" / shard / "pagefind-entry.json"
        assert entry.stat().st_ino == (first / shard / "pagefind-entry.json").stat().st_ino
    assert _shard_files(tmp_path / "second" / "pagefind", touched) != _shard_files(first, touched)
    _index(edited, tmp_path / "full" / "pagefind")
    assert_same_as_full(tmp_path / "second" / "pagefind", tmp_path / "full" / "pagefind")


def test_removed_article_leaves_the_index_and_added_one_appears(tmp_path):
    articles = [_article(n) for n in range(12)]
    first = tmp_path / "first" / "pagefind"
    _index(articles, first)
    changed = [a for a in articles if a.url != "/bai-viet/bai-03/"] + [_article(40)]
    second = tmp_path / "second" / "pagefind"
    report = _index(changed, second, previous=first)
    urls = _indexed_urls(second)
    assert "/bai-viet/bai-03/" not in urls and "/bai-viet/bai-40/" in urls
    assert urls == sorted(a.url for a in changed)
    touched = {shard_of("/bai-viet/bai-03/", 3), shard_of("/bai-viet/bai-40/", 3)}
    assert sorted(report.reused) == sorted({"001", "002", "003"} - touched)
    _index(changed, tmp_path / "full" / "pagefind")
    assert_same_as_full(second, tmp_path / "full" / "pagefind")


def test_a_word_new_to_the_site_reindexes_every_shard(tmp_path):
    # Every shard holds the site's vocabulary (see vocabulary_record): an
    # exact incremental build re-indexes them all.
    articles = [_article(n) for n in range(12)]
    first = tmp_path / "first" / "pagefind"
    _index(articles, first)
    articles[5] = _article(5, body="Campuchia hữu nghị")
    second = tmp_path / "second" / "pagefind"
    assert _index(articles, second, previous=first).reused == []
    _index(articles, tmp_path / "full" / "pagefind")
    assert_same_as_full(second, tmp_path / "full" / "pagefind")


def _vocabulary(folder: Path) -> set[str]:
    """Words of the vocabulary record of the bundle in ``folder``."""
    for fragment in folder.rglob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if "#tu-vung-" in data["url"]:
            return set(data["content"].split())
    raise AssertionError(f"no vocabulary record in {folder}")


def test_preview_build_lets_the_vocabulary_of_untouched_shards_lag(tmp_path):
    articles = [_article(n) for n in range(12)]
    first = tmp_path / "first" / "pagefind"
    _index(articles, first)
    articles[5] = _article(5, body="Campuchia hữu nghị")
    touched = shard_of(articles[5].url, 3)
    second = tmp_path / "second" / "pagefind"
    report = _index(articles, second, previous=first, lag=True)
    assert sorted(report.reused) == sorted({"001", "002", "003"} - {touched})
    # The edited shard is exact; the copied ones keep their older vocabulary.
    assert "campuchia" in {w.lower() for w in _vocabulary(second / touched)}
    for shard in report.reused:
        assert _shard_files(second, shard) == _shard_files(first, shard)
        assert "campuchia" not in {w.lower() for w in _vocabulary(second / shard)}
    assert "/bai-viet/bai-05/" in _indexed_urls(second)
    # A lagging shard is copied again next time, and a full build is exact.
    third = tmp_path / "third" / "pagefind"
    again = _index(articles, third, previous=second, lag=True)
    assert sorted(again.reused) == ["001", "002", "003"]
    full = tmp_path / "full" / "pagefind"
    assert _index(articles, full).reused == []
    for shard in ("001", "002", "003"):
        assert "campuchia" in {w.lower() for w in _vocabulary(full / shard)}


def test_missing_corrupt_state_or_damaged_bundle_means_index_it(tmp_path):
    articles = [_article(n) for n in range(12)]
    first = tmp_path / "first" / "pagefind"
    _index(articles, first)
    assert len(_index(articles, tmp_path / "again" / "pagefind", previous=first).reused) == 3
    # A file missing from one shard: that shard only is indexed again.
    damaged = tmp_path / "damaged" / "pagefind"
    shutil.copytree(first, damaged)
    next((damaged / "002" / "fragment").iterdir()).unlink()
    assert _index(articles, tmp_path / "d2" / "pagefind", previous=damaged).reused == [
        "001",
        "003",
    ]
    (damaged / STATE_FILE).write_text("{not json", encoding="utf-8")
    assert _index(articles, tmp_path / "d3" / "pagefind", previous=damaged).reused == []
    (damaged / STATE_FILE).unlink()
    assert _index(articles, tmp_path / "d4" / "pagefind", previous=damaged).reused == []
    # Other settings, other digests.
    other = _index(
        articles,
        tmp_path / "d5" / "pagefind",
        previous=first,
        fold="full",
        shard_size=SHARD_SIZE,
    )
    assert other.reused == []


def test_one_bundle_site_is_reused_whole(tmp_path):
    articles = [_article(n) for n in range(3)]
    first = tmp_path / "first" / "pagefind"
    assert _index(articles, first).shards == [""]
    again = tmp_path / "again" / "pagefind"
    assert _index(articles, again, previous=first).reused == [""]
    assert _files(again) == _files(first)


# --- through scripts/build.py: the real previous output and the swap ------------


def _site(root: Path) -> tuple[Path, dict]:
    from tests.test_search_browser import search_site

    content, overrides = search_site(root, shard_size=2)  # 5 articles: 3 shards
    return content, {**overrides, "CACHE_PATH": str(root / "cache")}


def _reused_count(caplog) -> int:
    found = re.findall(r"\((\d+) gói giữ nguyên", caplog.text)
    assert found, caplog.text[-2000:]
    return int(found[-1])


def test_build_after_one_body_edit_copies_untouched_shards(tmp_path, caplog):
    from scripts.build import build

    caplog.set_level(logging.INFO, logger="plugins.search")
    content, settings = _site(tmp_path / "site")
    output = tmp_path / "output"
    build(ROOT / "pelicanconf.py", output, content, settings)
    before = {s: _files(output / "pagefind" / s) for s in ("001", "002", "003")}
    # Same words, new body: only that article's shard changes.
    article = content / "articles" / "2024" / "giao-duc-lao.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nHội thảo quy tụ nhiều nhà giáo.\n", encoding="utf-8")
    build(ROOT / "pelicanconf.py", output, content, settings)
    assert _reused_count(caplog) == 2
    touched = shard_of("/bai-viet/giao-duc-lao/", 3)
    for shard, files in before.items():
        if shard != touched:
            assert _files(output / "pagefind" / shard) == files
    full = tmp_path / "full"  # a new folder: nothing to reuse
    build(ROOT / "pelicanconf.py", full, content, settings, force=True)
    assert_same_as_full(output / "pagefind", full / "pagefind")


def test_publishing_always_indexes_every_shard():
    from pelican.settings import read_settings

    from plugins.search import search_settings

    assert search_settings(read_settings(str(ROOT / "pelicanconf.py")))["incremental"] is True
    assert search_settings(read_settings(str(ROOT / "publishconf.py")))["incremental"] is False


def test_shards_indexed_at_the_same_time_equal_one_after_the_other(tmp_path):
    articles = [_article(n) for n in range(12)]
    one = _index(articles, tmp_path / "one" / "pagefind", processes=1)
    three = _index(articles, tmp_path / "three" / "pagefind", processes=3)
    assert one.shards == three.shards == ["001", "002", "003"]
    assert three.peak_rss > 0
    assert_same_as_full(tmp_path / "three" / "pagefind", tmp_path / "one" / "pagefind")


def test_pipelined_records_make_the_bundle_one_by_one_records_make(tmp_path):
    from plugins.search.index import _request, write_bundle
    from plugins.search.service import PagefindService

    records = [search_record(_article(n)) for n in range(12)]
    with PagefindService() as service:
        index_id = service.new_index({"force_language": "vi"})
        for record in records:  # one request, one answer
            service.add_record(index_id, **_request(record))
        for name, content in service.get_files(index_id):
            (tmp_path / "one" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "one" / name).write_bytes(content)
    with PagefindService() as service:  # twelve requests in flight, answers read later
        assert write_bundle(iter(records), tmp_path / "many", service) == 12
    one, many = _files(tmp_path / "one"), _files(tmp_path / "many")
    ordered = sorted(n for n in one if not _unordered(n))
    assert ordered == sorted(n for n in many if not _unordered(n))
    assert [n for n in ordered if one[n] != many[n]] == []
    assert _filter_entries(tmp_path / "one") == _filter_entries(tmp_path / "many")
    assert _indexed_urls(tmp_path / "many") == sorted(r.url for r in records)


def test_words_of_unchanged_shards_come_from_the_cache(tmp_path, monkeypatch):
    import plugins.search.index as index

    read: list[str] = []
    real = index.record_words
    monkeypatch.setattr(index, "record_words", lambda r: read.append(r.url) or real(r))
    cache = tmp_path / "cache" / "words.pickle"
    articles = [_article(n) for n in range(12)]
    records = [search_record(a) for a in articles]

    def run(items, folder):
        return write_index(
            iter(items),
            tmp_path / folder,
            count=len(items),
            shard_size=SHARD_SIZE,
            words_cache=cache,
        )

    run(records, "first")
    assert len(read) == 12 and cache.is_file()
    read.clear()
    edited = [*records]
    edited[5] = search_record(_article(5, body="văn hóa giáo dục ngoại giao mới"))
    run(edited, "second")
    touched = shard_of(edited[5].url, 3)
    assert sorted(read) == sorted(r.url for r in edited if shard_of(r.url, 3) == touched)
    # The vocabulary is the one a run without the cache makes ("mới" is new).
    write_index(iter(edited), tmp_path / "fresh", count=12, shard_size=SHARD_SIZE)
    assert _files(tmp_path / "second")[STATE_FILE] == _files(tmp_path / "fresh")[STATE_FILE]
    assert_same_as_full(tmp_path / "second", tmp_path / "fresh")


@pytest.mark.parametrize(
    "params",
    [
        {"section": "s", "province": "p"},  # one filter without a name
        {"section": "s", "province": "s", "year": "y"},  # two filters on one parameter
        {"section": "s", "province": "p", "year": "q"},  # the query's own parameter
        "tinh",
    ],
)
def test_search_filter_parameters_are_refused_unless_each_has_its_own_name(params):
    from plugins.search import search_settings

    with pytest.raises(ValueError, match=r"SEARCH\['params'\]"):
        search_settings({"SEARCH": {"params": params}})
    names = {"section": "section", "province": "province", "year": "year"}
    assert search_settings({"SEARCH": {"params": names}})["params"] == names


def test_make_check_refuses_a_bad_edition_setting_as_the_build_does(tmp_path):
    """The English run's SEARCH (EDITIONS["en"]) stopped the build while
    make check, which validated the main settings only, said nothing."""
    from plugins.content_check.config import config_problems

    settings_file = tmp_path / "pelicanconf.py"
    settings_file.write_text(
        'PLUGINS = ["plugins.search"]\n'
        'SEARCH = {"fold": "d_variants"}\n'
        'EDITIONS = {"en": {"SEARCH": {"params": {"section": "year"}}}}\n',
        encoding="utf-8",
    )
    settings = {
        "PLUGINS": ["plugins.search"],
        "DEFAULT_LANG": "vi",
        "PORTAL_DATA_DIR": str(ROOT / "data"),
        "SEARCH": {"fold": "d_variants"},
        "EDITIONS": {"en": {"SEARCH": {"params": {"section": "year"}}}},
    }
    (problem,) = config_problems(settings_file, settings)
    assert (problem.line, problem.code) == (3, "bad-setting")
    assert "ấn bản 'en'" in problem.message and "SEARCH['params']" in problem.message
    # A fault of the main setting, which every edition inherits, is named once, at its line.
    settings["SEARCH"] = {"fold": "x"}
    (problem,) = config_problems(settings_file, settings)
    assert problem.line == 2 and problem.message.startswith("SEARCH['fold']")
