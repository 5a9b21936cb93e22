"""Đọc nhiều is a whole list (issue 18): counted views first, then the newest
articles, never the article being read, never a block of one or two."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from plugins.most_read import add_most_read
from plugins.most_read.ranking import fill_most_read
from tests.most_read_standins import Article as _Article
from tests.most_read_standins import Generator as _Generator
from tests.most_read_standins import Section as _Section

VN = timezone(timedelta(hours=7))
NOW = datetime(2025, 11, 30, 12, 0, tzinfo=VN)


def test_fill_takes_pools_in_order_without_repeats_or_excluded_keys():
    keys = fill_most_read((["a", "b"], ["b", "c", "d"], ["a", "e", "f"]), exclude=["c"], limit=4)
    assert keys == ("a", "b", "d", "e")


def test_fill_gives_nothing_rather_than_fewer_than_the_minimum():
    assert fill_most_read((["a", "b"],), minimum=3) == ()
    assert fill_most_read((["a", "b", "c"],), minimum=3) == ("a", "b", "c")
    assert fill_most_read((["a", "b", "c"],), exclude=["b"], minimum=3) == ()


def _site(tmp_path, export: str):
    """Eight articles, newest first: four in huu-nghi, four in dia-phuong."""
    path = tmp_path / "pageviews.csv"
    path.write_text(export, encoding="utf-8")
    articles = [
        _Article(
            f"bai-viet/{i}/",
            NOW - timedelta(days=i),
            _Section("huu-nghi" if i % 2 == 0 else "dia-phuong"),
        )
        for i in range(8)
    ]
    generator = _Generator(articles, {"MOST_READ": {"path": str(path), "now": "2025-11-30T12:00"}})
    add_most_read(generator)
    return {a.url: a for a in articles}, generator.context


def _urls(articles):
    return [a.url for a in articles]


def test_one_counted_article_still_gives_a_full_list_of_the_newest(tmp_path):
    by_url, context = _site(tmp_path, "path,views\n/bai-viet/5/,40\n")
    ranked = context["most_read_by_section"]["dia-phuong"]
    assert _urls(ranked) == ["bai-viet/5/"]  # what the export alone gives: a block of one
    listed = context["most_read_list"](ranked, section="dia-phuong")
    # The counted article first, then the section's newest, then the site's.
    assert _urls(listed) == [
        "bai-viet/5/",
        "bai-viet/1/",
        "bai-viet/3/",
        "bai-viet/7/",
        "bai-viet/0/",
    ]


def test_the_article_being_read_and_the_lead_are_never_listed(tmp_path):
    by_url, context = _site(tmp_path, "path,views\n/bai-viet/5/,40\n/bai-viet/2/,30\n")
    most_read_list = context["most_read_list"]
    current = by_url["bai-viet/5/"]
    listed = most_read_list(context["most_read_by_section"]["dia-phuong"], exclude=[current])
    assert current not in listed and len(listed) == 5
    home = most_read_list(context["most_read_site"], exclude=[by_url["bai-viet/5/"]])
    assert _urls(home)[:2] == ["bai-viet/2/", "bai-viet/0/"] and len(home) == 5


def test_no_newest_article_fills_the_block_with_what_the_page_lists(tmp_path):
    # A section page's Đọc nhiều repeated the five newest headlines of the
    # list beside it. Counted views still name what they name.
    by_url, context = _site(tmp_path, "path,views\n/bai-viet/5/,40\n")
    most_read_list = context["most_read_list"]
    ranked = context["most_read_by_section"]["dia-phuong"]
    page = [by_url[url] for url in ("bai-viet/5/", "bai-viet/1/", "bai-viet/3/")]
    listed = most_read_list(ranked, section="dia-phuong", listed=page)
    assert _urls(listed)[0] == "bai-viet/5/"  # counted: kept though the page lists it
    assert not set(_urls(listed)[1:]) & set(_urls(page))
    assert len(listed) == 5


def test_without_any_export_the_list_is_the_newest_articles(tmp_path):
    _, context = _site(tmp_path, "path,views\n")
    assert context["most_read_site"] == []  # the ranked list stays what the export says
    assert _urls(context["most_read_list"]([])) == [f"bai-viet/{i}/" for i in range(5)]


def test_a_site_too_small_for_three_gives_no_block(tmp_path):
    path = tmp_path / "pageviews.csv"
    path.write_text("path,views\n/bai-viet/a/,3\n", encoding="utf-8")
    a = _Article("bai-viet/a/", NOW, _Section("huu-nghi"))
    b = _Article("bai-viet/b/", NOW - timedelta(days=1), _Section("huu-nghi"))
    c = _Article("bai-viet/c/", NOW - timedelta(days=2), _Section("huu-nghi"))
    generator = _Generator([a, b, c], {"MOST_READ": {"path": str(path), "now": "2025-11-30"}})
    add_most_read(generator)
    most_read_list = generator.context["most_read_list"]
    assert most_read_list([a], section="huu-nghi") == [a, b, c]
    assert most_read_list([a], section="huu-nghi", exclude=[a]) == []  # two left: no block
