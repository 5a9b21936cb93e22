"""Pelican's private API that the portal uses: fail loudly when Pelican changes it.

Each entry is listed with its reason in docs/architecture.md ("Pelican's
private API"); a test here checks the name, the call shape and the
behaviour we rely on, so that a Pelican upgrade that changes one of them
stops here with its name, not somewhere in a build with a puzzling error.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pelican
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator
from pelican.readers import MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import Writer

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"


def _parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_pinned_pelican_is_the_one_these_checks_were_written_for():
    pinned = re.search(r'"pelican\[markdown\]==([^"]+)"', (ROOT / "pyproject.toml").read_text())
    assert pinned is not None
    pinned = pinned.group(1)
    assert pelican.__version__ == pinned


def test_writer_open_w_and_written_files(tmp_path):
    # plugins/parallel/render.py, plugins/rendering (PageWriter), plugins/seo/site.py
    assert _parameters(Writer._open_w) == ["self", "filename", "encoding", "override"]
    writer = Writer(str(tmp_path), settings=dict(DEFAULT_CONFIG))
    assert writer._written_files == set()
    with writer._open_w(str(tmp_path / "a.html"), "utf-8") as stream:
        stream.write("x")
    assert str(tmp_path / "a.html") in writer._written_files  # the guard we extend


def test_readers_file_stamp_and_discardable_metadata(tmp_path):
    # plugins/parallel/reading.py
    from pelican.readers import _filter_discardable_metadata

    settings = dict(DEFAULT_CONFIG, CACHE_PATH=str(tmp_path / "cache"), CACHE_CONTENT=True)
    readers = Readers(settings, cache_name="test")
    source = tmp_path / "a.md"
    source.write_text("Title: A\n\nx\n", encoding="utf-8")
    assert readers._get_file_stamp(str(source)) == readers._get_file_stamp(str(source))
    assert "md" in readers.readers
    assert _parameters(_filter_discardable_metadata) == ["metadata"]
    assert _parameters(readers.cache_data) == ["filename", "data"]
    assert _parameters(readers.get_cached_data) == ["filename", "default"]


def test_content_body_and_sapo_attributes():
    # plugins/sanitize, plugins/images, plugins/schedule, plugins/incremental
    article = Article("<p>thân</p>", metadata={"title": "A", "summary": "<p>sapo</p>"})
    assert article._content == "<p>thân</p>"
    assert article._summary == "<p>sapo</p>"
    article._content = "<p>mới</p>"
    assert "mới" in article.get_content("")


def test_memoized_get_content_keeps_its_cache_on_the_function():
    # scripts/build.py forget_memoized
    cache = vars(Content)["get_content"].cache
    article = Article("<p>thân</p>", metadata={"title": "B"})
    article.get_content("https://x")
    assert any(key and key[0] is article for key in cache)
    assert isinstance(vars(Content)["get_summary"].cache, dict)


def test_period_archives_builder():
    # plugins/listings replaces it on the generator instance
    assert _parameters(ArticlesGenerator._build_period_archives) == [
        "self",
        "sorted_articles",
        "articles",
        "settings",
    ]


def test_markdown_reader_internals():
    # plugins/markdown_reader: one parser per process instead of one per file
    assert _parameters(MarkdownReader._parse_metadata) == ["self", "meta"]
    source = inspect.getsource(MarkdownReader)
    assert "self._md" in source and "self._source_path" in source


def test_filtered_message_of_pelicans_log_filter():
    # plugins/buildkit/fork.py replay, plugins/content_check
    from pelican.log import FilteredMessage

    assert issubclass(FilteredMessage, Exception)


def test_every_entry_is_documented():
    text = DOC.read_text(encoding="utf-8")
    section = re.split(r"^## (?:\d+\. )?Pelican's private API$", text, flags=re.M)[1]
    section = section.split("\n## ", 1)[0]
    for name in (
        "Writer._open_w",
        "Writer._written_files",
        "Readers._get_file_stamp",
        "_filter_discardable_metadata",
        "Content._content",
        "Content._summary",
        "memoized",
        "_build_period_archives",
        "MarkdownReader._parse_metadata",
        "FilteredMessage",
    ):
        assert name in section, name
