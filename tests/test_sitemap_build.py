"""Sitemaps and robots.txt in real Pelican builds: the small feeds fixture
(settings, parts, lastmod, news window) and the golden fixture site with
every plugin (the sitemap against the pages the build actually wrote)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from plugins.sitemap.model import NEWS_NS, SITEMAP_NS
from tests.feeds_fixture_site import SITEURL, build_site

NS = {"s": SITEMAP_NS, "n": NEWS_NS}
ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_URL = "https://doingoainhandan.example.org"


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
        "tac-gia/minh-chau/",
        "tu-khoa/lao/",
        "luu-tru/2025/11/",
    ):
        assert f"{SITEURL}/{page}" in urls, page
    assert all(u.startswith(f"{SITEURL}/") for u in urls)
    # This fixture runs without plugins.topics: no topic page is written, none is listed.
    assert not any(u.startswith(f"{SITEURL}/tinh/") for u in urls)


def test_lastmod_comes_from_modified_then_date(site):
    lastmod = {}
    for part in _locs(site / "sitemap.xml"):
        tree = etree.parse(str(site / part.removeprefix(f"{SITEURL}/")))
        for url in tree.xpath("//s:url", namespaces=NS):
            lastmod[url.findtext("s:loc", namespaces=NS)] = url.findtext("s:lastmod", namespaces=NS)
    assert lastmod[f"{SITEURL}/bai-viet/ha-noi-lao/"] == "2025-11-04T08:00:00+07:00"  # Modified
    assert lastmod[f"{SITEURL}/bai-viet/thai-binh-cu/"] == "2017-05-10T09:00:00+07:00"  # Date
    # A list: its newest article (Minh Châu: ha-noi-lao, modified, and thai-binh-cu).
    assert lastmod[f"{SITEURL}/tac-gia/minh-chau/"] == "2025-11-04T08:00:00+07:00"
    assert lastmod[f"{SITEURL}/chuyen-muc/kieu-bao/"] == "2025-10-01T08:00:00+07:00"


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


@pytest.mark.parametrize(
    ("build_time", "listed"),
    [
        # The newest article is 14 days old at build time: Google News gets
        # nothing (counting back from the newest article would list two).
        ("2025-11-17 12:00", []),
        # 2 days before 2025-11-04 12:00: ha-noi-lao (11-03 13:33), not hung-yen-moi (11-02 10:00).
        ("2025-11-04 12:00", ["bai-viet/ha-noi-lao/"]),
    ],
)
def test_news_sitemap_counts_back_from_the_build_clock_by_default(tmp_path, build_time, listed):
    site = build_site(tmp_path, BUILD_TIME=build_time)
    tree = etree.parse(str(site / "news-sitemap.xml"))
    root = tree.getroot()
    # Valid even when empty: a urlset in the sitemap namespace declaring the news one.
    assert root.tag == f"{{{SITEMAP_NS}}}urlset" and root.nsmap.get("news") == NEWS_NS
    assert tree.xpath("//s:url/s:loc/text()", namespaces=NS) == [f"{SITEURL}/{u}" for u in listed]
    assert len(tree.xpath("//n:news", namespaces=NS)) == len(listed)
    if listed:
        assert tree.xpath("//n:publication/n:name/text()", namespaces=NS) == ["Đối ngoại Nhân dân"]


# --- the sitemap against the pages written ----------------------------------


def _production_build(root: Path, **extra) -> Path:
    """The golden fixture site with every plugin, at a production address."""
    from scripts.build import build

    output = root / "site"
    build(
        ROOT / "tests" / "golden_settings.py",
        output,
        content=ROOT / "tests" / "fixtures" / "golden_site",
        extra={"CACHE_PATH": str(root / "cache"), "SITEURL": PRODUCTION_URL, **extra},
    )
    return output


@pytest.fixture(scope="module")
def full_site(tmp_path_factory) -> Path:
    # Two articles a page, so lists have second pages (trang-2/) to account
    # for; the home page too (its own size: PAGINATED_TEMPLATES["index"]).
    from plugins.fixed_urls.scheme import portal_settings

    paginated = {**portal_settings()["PAGINATED_TEMPLATES"], "index": 2}
    return _production_build(
        tmp_path_factory.mktemp("sitemap-full"), DEFAULT_PAGINATION=2, PAGINATED_TEMPLATES=paginated
    )


def _sitemap_urls(site: Path) -> list[str]:
    """Every URL of every sitemap index robots.txt names (one per language edition)."""
    urls = []
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    indexes = [
        line.split(": ", 1)[1].removeprefix(f"{PRODUCTION_URL}/")
        for line in robots
        if line.startswith("Sitemap: ") and not line.endswith("news-sitemap.xml")
    ]
    assert indexes[0] == "sitemap.xml"
    for index in indexes:
        for part in _locs(site / index):
            urls += _locs(site / part.removeprefix(f"{PRODUCTION_URL}/"))
    return urls


def _robots(page: Path) -> str:
    values = html.parse(str(page)).getroot().xpath('//head/meta[@name="robots"]/@content')
    return " ".join(values).lower()


def _page_url(site: Path, page: Path) -> str:
    path = page.relative_to(site).as_posix()
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{PRODUCTION_URL}/{path}"


@pytest.mark.slow
def test_the_sitemap_lists_exactly_the_indexable_pages_written(full_site):
    """The oracle is the output tree: every HTML page the build wrote that a
    search engine may index (no ``noindex``; the 404 page aside) is in the
    sitemap, and nothing else is."""
    written, noindex = set(), set()
    for page in full_site.rglob("*.html"):
        if page.relative_to(full_site).as_posix() in ("404.html", "en/404.html"):
            continue
        (noindex if "noindex" in _robots(page) else written).add(_page_url(full_site, page))
    urls = _sitemap_urls(full_site)
    assert len(urls) == len(set(urls)), "a URL is listed twice"
    assert set(urls) - written == set(), "listed but not written, or noindex"
    assert written - set(urls) == set(), "indexable but missing from the sitemap"
    # Not vacuous: the kinds of pages that were missing or are excluded are there.
    for path in (
        "chuyen-muc/huu-nghi/hoi-huu-nghi/",  # a subsection
        "trang-2/",  # a second page of the home page
        "luu-tru/2026/",  # an archive
        "chu-de/",
        "tinh/can-tho/",  # a province with articles
        "tim-kiem/",  # the search page, without a query
        "thong-ke/",  # the statistics page
    ):
        assert f"{PRODUCTION_URL}/{path}" in written, path
    for path in (
        "tinh/an-giang/",  # a province without articles
        "tinh/thai-binh/",  # a former province: a redirect page
    ):
        assert f"{PRODUCTION_URL}/{path}" in noindex, path
    # Search result addresses are kept away from crawlers, not the page itself.
    robots = (full_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Disallow: /tim-kiem/?" in robots and "Disallow: /tim-kiem/" not in robots
    assert "Disallow: /en/search/?" in robots  # the English edition's (plugins/editions)


@pytest.mark.slow
def test_an_empty_topic_page_is_noindex_and_offers_no_empty_feed(full_site):
    page = full_site / "tinh/an-giang/index.html"
    root = html.parse(str(page)).getroot()
    assert "Chưa có tin bài" in root.text_content()
    assert _robots(page) == "noindex"
    feeds = root.xpath('//head/link[@rel="alternate"][not(@hreflang)]/@href')
    assert feeds and not any("/tinh/" in href for href in feeds)
    # The feed file is still written (its address works once an article comes) …
    assert (full_site / "feeds/tinh/an-giang.rss").is_file()
    # … but the OPML does not offer it, while it offers the feeds with items.
    opml = (full_site / "feeds/opml.xml").read_text(encoding="utf-8")
    assert "feeds/tinh/an-giang.rss" not in opml and "feeds/tinh/can-tho.rss" in opml
    full = full_site / "tinh/can-tho/index.html"
    assert _robots(full) == ""
    assert f"{PRODUCTION_URL}/feeds/tinh/can-tho.rss" in html.parse(str(full)).getroot().xpath(
        '//head/link[@rel="alternate"]/@href'
    )
