"""Sitemaps: pure functions (splitting, index, news window, robots)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from lxml import etree

from plugins.sitemap.adapter import list_page_urls, news_clock, sitemap_options
from plugins.sitemap.model import (
    NEWS_NS,
    SITEMAP_NS,
    NewsEntry,
    SitemapUrl,
    news_expiry,
    news_window,
    render_news,
    render_robots,
    sitemap_files,
    split_urls,
)
from plugins.vietnamese import VIETNAM_TZ

NS = {"s": SITEMAP_NS, "n": NEWS_NS}
BASE = "https://x.org"
NOW = datetime(2025, 11, 3, 12, 0, tzinfo=VIETNAM_TZ)


def _urls(n: int) -> list[SitemapUrl]:
    return [SitemapUrl(f"{BASE}/bai-viet/{i}/", NOW - timedelta(days=i)) for i in range(n)]


def test_split_at_the_limit():
    assert [len(c) for c in split_urls(_urls(7), 3)] == [3, 3, 1]
    assert [len(c) for c in split_urls(_urls(0), 3)] == [0]
    with pytest.raises(ValueError):
        split_urls(_urls(1), 0)


def test_index_points_at_every_part_with_its_newest_lastmod():
    index, parts = sitemap_files(_urls(7), BASE, 3)
    assert list(parts) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    root = etree.fromstring(index)
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    assert root.xpath("//s:loc/text()", namespaces=NS) == [f"{BASE}/{name}" for name in parts]
    assert (
        root.xpath("//s:lastmod/text()", namespaces=NS)[1] == (NOW - timedelta(days=3)).isoformat()
    )
    locs = [
        loc
        for data in parts.values()
        for loc in etree.fromstring(data).xpath("//s:loc/text()", namespaces=NS)
    ]
    assert locs == [u.loc for u in _urls(7)]


def test_special_characters_are_escaped_by_the_xml_library():
    data = sitemap_files([SitemapUrl(f"{BASE}/?a=1&b=<2>")], BASE, 10)[1]["sitemap-1.xml"]
    assert b"&amp;b=&lt;2&gt;" in data
    assert etree.fromstring(data).xpath("//s:loc/text()", namespaces=NS) == [f"{BASE}/?a=1&b=<2>"]


def test_news_window_is_the_two_days_before_the_clock():
    entries = [
        NewsEntry(f"{BASE}/{h}/", f"t{h}", NOW - timedelta(hours=h)) for h in (0, 10, 47, 49, -1)
    ]
    recent = news_window(entries, NOW, days=2, limit=1000)
    assert [e.title for e in recent] == ["t0", "t10", "t47"]
    assert len(news_window(entries, NOW, days=2, limit=2)) == 2


def test_the_news_sitemap_next_changes_when_its_oldest_entry_ages_out():
    entries = [NewsEntry(f"{BASE}/{h}/", f"t{h}", NOW - timedelta(hours=h)) for h in (0, 10, 47)]
    recent = news_window(entries, NOW, days=2, limit=1000)
    # The 47-hour-old entry leaves the window one hour from now.
    assert news_expiry(recent, 2) == NOW + timedelta(hours=1)
    assert news_window(entries, news_expiry(recent, 2) + timedelta(seconds=1), 2, 1000) == [
        e for e in recent if e.title != "t47"
    ]
    assert news_expiry([], 2) is None


def test_news_clock_choices():
    entries = [NewsEntry("u", "t", NOW), NewsEntry("v", "t", NOW - timedelta(days=9))]
    assert news_clock("newest", entries) == NOW
    assert news_clock("build", entries, now=NOW + timedelta(days=5)) == NOW + timedelta(days=5)
    assert news_clock("2025-01-02T03:04:00+07:00", entries) == datetime(
        2025, 1, 2, 3, 4, tzinfo=VIETNAM_TZ
    )


def test_news_sitemap_elements():
    root = etree.fromstring(
        render_news([NewsEntry(f"{BASE}/a/", "Hà Nội & <Lào>\x01", NOW)], "Đối ngoại", "vi")
    )
    assert root.xpath("//n:publication/n:name/text()", namespaces=NS) == ["Đối ngoại"]
    assert root.xpath("//n:publication/n:language/text()", namespaces=NS) == ["vi"]
    assert root.xpath("//n:publication_date/text()", namespaces=NS) == ["2025-11-03T12:00:00+07:00"]
    assert root.xpath("//n:title/text()", namespaces=NS) == ["Hà Nội & <Lào>"]


def test_robots_points_at_both_sitemaps():
    text = render_robots([f"{BASE}/sitemap.xml", f"{BASE}/news-sitemap.xml"])
    assert text.splitlines()[0] == "User-agent: *"
    assert f"Sitemap: {BASE}/sitemap.xml" in text.splitlines()
    assert f"Sitemap: {BASE}/news-sitemap.xml" in text.splitlines()


def test_setting_is_merged_over_defaults_and_validated():
    assert sitemap_options({"SITEMAP": {"max_urls": 3}})["max_urls"] == 3
    assert sitemap_options({})["max_urls"] == 50_000
    with pytest.raises(ValueError):
        sitemap_options({"SITEMAP": {"max_url": 3}})


def test_list_pages_are_the_urls_pelican_paginates():
    settings = {
        "PAGINATED_TEMPLATES": {"tag": None, "topic": 3},
        "DEFAULT_PAGINATION": 2,
        "PAGINATION_PATTERNS": (
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
        ),
    }
    items = list(range(5))

    def pages(template, settings=settings, items=items):
        return list_page_urls(settings, template, "tu-khoa/a/index.html", "tu-khoa/a/", items)

    assert pages("tag") == ["tu-khoa/a/", "tu-khoa/a/trang-2/", "tu-khoa/a/trang-3/"]
    assert pages("topic") == ["tu-khoa/a/", "tu-khoa/a/trang-2/"]  # its own page size
    assert pages("archives") == ["tu-khoa/a/"]  # not a paginated template
    assert pages("tag", items=[]) == ["tu-khoa/a/"]
    # Orphans join the previous page, as Pelican's paginator does.
    assert pages("tag", settings={**settings, "DEFAULT_ORPHANS": 1}) == [
        "tu-khoa/a/",
        "tu-khoa/a/trang-2/",
    ]
    home = list_page_urls(settings, "tag", "index.html", "index.html", items)
    assert home == ["index.html", "trang-2/", "trang-3/"]
