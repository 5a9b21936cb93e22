"""Sitemaps and robots.txt in a real Pelican build of the fixture site."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from plugins.sitemap.model import NEWS_NS, SITEMAP_NS
from tests.feeds_fixture_site import SITEURL, build_site

NS = {"s": SITEMAP_NS, "n": NEWS_NS}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    # A part limit of 3 URLs, and a news clock fixed one day after the
    # newest-but-one article: the window holds the two November articles.
    return build_site(
        tmp_path_factory.mktemp("sitemap"),
        SITEMAP={"max_urls": 3, "news_clock": "2025-11-03T20:00:00+07:00"},
    )


def _locs(path: Path) -> list[str]:
    return etree.parse(str(path)).xpath("//s:loc/text()", namespaces=NS)


def test_index_splits_urls_into_parts_of_the_set_size(site):
    parts = _locs(site / "sitemap.xml")
    assert parts[0] == f"{SITEURL}/sitemap-1.xml"
    assert len(parts) > 3
    urls = []
    for url in parts:
        locs = _locs(site / url.removeprefix(f"{SITEURL}/"))
        assert 1 <= len(locs) <= 3
        urls += locs
    assert len(urls) == len(set(urls))
    for page in (
        "",
        "bai-viet/ha-noi-lao/",
        "bai-viet/thai-binh-cu/",
        "gioi-thieu/",
        "chuyen-muc/huu-nghi/",
        "tinh/hung-yen/",
        "quoc-gia/lao/",
        "to-chuc/vufo/",
        "tac-gia/minh-chau/",
    ):
        assert f"{SITEURL}/{page}" in urls, page
    assert all(u.startswith(f"{SITEURL}/") for u in urls)
    assert not any("trang-" in u for u in urls)


def test_lastmod_comes_from_modified_then_date(site):
    lastmod = {}
    for part in _locs(site / "sitemap.xml"):
        tree = etree.parse(str(site / part.removeprefix(f"{SITEURL}/")))
        for url in tree.xpath("//s:url", namespaces=NS):
            lastmod[url.findtext("s:loc", namespaces=NS)] = url.findtext("s:lastmod", namespaces=NS)
    assert lastmod[f"{SITEURL}/bai-viet/ha-noi-lao/"] == "2025-11-04T08:00:00+07:00"  # Modified
    assert lastmod[f"{SITEURL}/bai-viet/thai-binh-cu/"] == "2017-05-10T09:00:00+07:00"  # Date
    assert lastmod[f"{SITEURL}/tinh/hung-yen/"] == "2025-11-02T10:00:00+07:00"


def test_news_sitemap_has_the_last_two_days(site):
    tree = etree.parse(str(site / "news-sitemap.xml"))
    assert tree.xpath("//s:loc/text()", namespaces=NS) == [
        f"{SITEURL}/bai-viet/ha-noi-lao/",
        f"{SITEURL}/bai-viet/hung-yen-moi/",
    ]
    assert (
        tree.xpath("//n:publication_date/text()", namespaces=NS)[0] == "2025-11-03T13:33:00+07:00"
    )


def test_robots_points_at_both_sitemaps(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines
    assert f"Sitemap: {SITEURL}/news-sitemap.xml" in lines
