"""Feeds in a real Pelican build of a small fixture site."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from tests.feeds_fixture_site import HOSTILE_TITLE_CLEAN, SITEURL, build_site

ATOM_RNG = Path(__file__).parent / "fixtures" / "atom.rng"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("feeds"), FEEDS={"items": 3})


def _all(site: Path, ext: str) -> list[Path]:
    return sorted((site / "feeds").rglob(f"*.{ext}"))


def test_every_feed_family_is_written(site):
    expected = [
        "tat-ca",
        "chuyen-muc/huu-nghi",
        "chuyen-muc/huu-nghi/hoi-huu-nghi",
        "chuyen-muc/kieu-bao",
        "tinh/ha-noi",
        "tinh/hung-yen",
        "tinh/lai-chau",
        "quoc-gia/lao",
        "quoc-gia/nhat-ban",
        "to-chuc/vufo",
        "tac-gia/minh-chau",
    ]
    for name in expected:
        for ext in ("rss", "atom"):
            assert (site / "feeds" / f"{name}.{ext}").is_file(), f"{name}.{ext}"
    assert len(_all(site, "rss")) == len(_all(site, "atom")) > 34
    # A section without articles has no page: no feed either (it would link to nothing).
    assert not (site / "feeds/chuyen-muc/quoc-te.rss").exists()


def test_every_feed_parses_without_errors(site):
    for path in _all(site, "rss") + _all(site, "atom"):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))


def test_rss_required_elements_and_rfc822_dates(site):
    for path in _all(site, "rss"):
        root = etree.parse(str(path)).getroot()
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        for required in ("title", "link", "description"):
            assert channel.findtext(required), (path, required)
        for item in channel.findall("item"):
            assert item.findtext("title") and item.findtext("link")
            date = parsedate_to_datetime(item.findtext("pubDate"))
            assert date.utcoffset().total_seconds() == 7 * 3600
            assert item.findtext("pubDate").endswith("+0700")


def test_every_atom_feed_is_valid_against_rfc4287(site):
    schema = etree.RelaxNG(etree.parse(str(ATOM_RNG)))
    for path in _all(site, "atom"):
        feed = etree.parse(str(path))
        assert schema.validate(feed), (path, schema.error_log)
        assert feed.find("a:author", ATOM) is not None  # RFC 4287 §4.1.1


def test_province_feed_includes_its_former_provinces_articles(site):
    parsed = feedparser.parse((site / "feeds/tinh/hung-yen.rss").read_bytes())
    links = [entry.link for entry in parsed.entries]
    assert links == [f"{SITEURL}/bai-viet/hung-yen-moi/", f"{SITEURL}/bai-viet/thai-binh-cu/"]


def test_items_per_feed_is_the_setting_newest_first(site):
    parsed = feedparser.parse((site / "feeds/tat-ca.atom").read_bytes())
    assert [e.link for e in parsed.entries] == [
        f"{SITEURL}/bai-viet/ha-noi-lao/",
        f"{SITEURL}/bai-viet/hung-yen-moi/",
        f"{SITEURL}/bai-viet/kieu-bao-don-tet/",
    ]


def test_item_content_title_image_and_dates(site):
    parsed = feedparser.parse((site / "feeds/quoc-gia/lao.rss").read_bytes())
    entry = parsed.entries[0]
    assert entry.title == HOSTILE_TITLE_CLEAN
    assert entry.id == f"{SITEURL}/bai-viet/ha-noi-lao/"
    body = entry.content[0].value
    assert f'href="{SITEURL}/bai-viet/thai-binh-cu/"' in body
    assert f'src="{SITEURL}/images/2025/anh.png"' in body
    assert entry.enclosures[0].href == f"{SITEURL}/images/2025/anh.png"
    assert entry.enclosures[0].length == "66"
    assert entry.media_content[0]["url"] == f"{SITEURL}/images/2025/anh.png"
    assert [t.term for t in entry.tags] == ["Hữu nghị", "hữu nghị", "Lào"]
    atom = feedparser.parse((site / "feeds/quoc-gia/lao.atom").read_bytes()).entries[0]
    assert atom.published == "2025-11-03T13:33:00+07:00"
    assert atom.updated == "2025-11-04T08:00:00+07:00"
    assert [a.name for a in atom.authors] == ["Minh Châu", "Bảo Ngọc"]


def test_feeds_page_and_opml_list_every_feed_with_items(site):
    page = html.parse(str(site / "feeds/index.html")).getroot()
    assert page.findtext(".//h1") == "Tin RSS"
    hrefs = set(page.xpath("//a/@href"))
    opml = etree.parse(str(site / "feeds/opml.xml"))
    outlines = [o.get("xmlUrl") for o in opml.iter("outline") if o.get("xmlUrl")]
    with_items = [p for p in _all(site, "rss") if feedparser.parse(p.read_bytes()).entries]
    assert len(outlines) == len(with_items)
    assert len(with_items) < len(_all(site, "rss"))  # empty province feeds are written …
    for path in with_items:
        url = f"{SITEURL}/{path.relative_to(site).as_posix()}"
        assert url in hrefs and url in outlines
        assert url.replace(".rss", ".atom") in hrefs
    empty = f"{SITEURL}/feeds/tinh/an-giang.rss"  # … but not offered
    assert (site / "feeds/tinh/an-giang.rss").is_file()
    assert empty not in hrefs and empty not in outlines


def test_autodiscovery_links_concern_the_page(site):
    def feeds(page: str) -> list[str]:
        root = html.parse(str(site / page)).getroot()
        return root.xpath('//head/link[@rel="alternate"]/@href')

    article = feeds("bai-viet/ha-noi-lao/index.html")
    for name in (
        "tat-ca",
        "chuyen-muc/huu-nghi",
        "chuyen-muc/huu-nghi/hoi-huu-nghi",
        "tinh/ha-noi",
        "quoc-gia/lao",
        "to-chuc/vufo",
        "tac-gia/minh-chau",
    ):
        assert (
            f"{SITEURL}/feeds/{name}.rss" in article and f"{SITEURL}/feeds/{name}.atom" in article
        )
    assert feeds("index.html") == [f"{SITEURL}/feeds/tat-ca.rss", f"{SITEURL}/feeds/tat-ca.atom"]
    assert f"{SITEURL}/feeds/chuyen-muc/dia-phuong.rss" in feeds("chuyen-muc/dia-phuong/index.html")
    assert f"{SITEURL}/feeds/tac-gia/bao-ngoc.atom" in feeds("tac-gia/bao-ngoc/index.html")


def test_a_subsection_has_its_own_feed_with_only_its_articles(site):
    subsection = "chuyen-muc/huu-nghi/hoi-huu-nghi"
    parsed = feedparser.parse((site / "feeds" / f"{subsection}.rss").read_bytes())
    assert parsed.feed.title.endswith("Hữu nghị › Hội hữu nghị")
    assert [entry.link for entry in parsed.entries] == [f"{SITEURL}/bai-viet/ha-noi-lao/"]
    assert parsed.feed.link == f"{SITEURL}/{subsection}/"
    # A subsection without articles has no feed (as countries and organizations).
    assert not (site / "feeds" / "chuyen-muc" / "huu-nghi" / "giao-luu-van-hoa.rss").exists()
