"""Feeds: pure functions (variants table, grouping, absolute URLs, rendering)."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from plugins.feeds.model import (
    FEED_KINDS,
    FeedItem,
    ItemImage,
    SiteInfo,
    TopicRef,
    absolute_link,
    absolutize_html,
    group_articles,
    make_channel,
    render_feeds,
    render_opml,
    subsection_slug,
)
from plugins.seo.site import xml_safe
from plugins.vietnamese import VIETNAM_TZ

ATOM_RNG = Path(__file__).parent / "fixtures" / "atom.rng"
BASE = "https://doingoai.example.org"
SITE = SiteInfo(BASE, "Đối ngoại Nhân dân", "vi", "Cổng tin Đối ngoại Nhân dân")
HOSTILE = "A & B <c> \"q\" 's' \x01\x0b\ufffe end 🇻🇳🤝"


def _item(n: int, title: str = "Tin", image: bool = False) -> FeedItem:
    published = datetime(2025, 11, n, 13, 33, tzinfo=VIETNAM_TZ)
    return FeedItem(
        title=title,
        url=f"{BASE}/bai-viet/tin-{n}/",
        published=published,
        updated=published.replace(hour=15),
        authors=("Minh Châu", "Bảo Ngọc"),
        categories=("Hữu nghị", "Lào"),
        summary=f"Sapo {title}",
        content_html='<p>Xem <a href="/bai-viet/x/">bài</a> & ảnh</p><img src="images/2025/a.jpg" alt="a">',
        image=ItemImage(f"{BASE}/images/2025/a.jpg", "image/jpeg", 1234) if image else None,
    )


def _channel():
    return make_channel(
        TopicRef("province", "ha-noi", "Hà Nội"),
        "Đối ngoại Nhân dân – Hà Nội & <x>",
        "Mô tả",
        "tinh/ha-noi/",
    )


@pytest.fixture(scope="module")
def atom_schema():
    return etree.RelaxNG(etree.parse(str(ATOM_RNG)))


def test_variants_table_has_one_row_per_feed_family():
    assert [k.kind for k in FEED_KINDS] == [
        "site",
        "section",
        "subsection",
        "province",
        "country",
        "organization",
        "author",
    ]
    channel = make_channel(TopicRef("country", "lao", "Lào"), "t", "d", "quoc-gia/lao/")
    assert channel.paths == {"rss": "feeds/quoc-gia/lao.rss", "atom": "feeds/quoc-gia/lao.atom"}
    # A subsection's feed sits in a folder named after its section, beside
    # the section's own feed file.
    sub = make_channel(
        TopicRef("subsection", subsection_slug("huu-nghi", "hoi-huu-nghi"), "x"), "t", "d", ""
    )
    assert sub.paths["rss"] == "feeds/chuyen-muc/huu-nghi/hoi-huu-nghi.rss"
    site = make_channel(TopicRef("site", "tat-ca", "x"), "t", "d", "")
    assert site.paths["atom"] == "feeds/tat-ca.atom"


def test_group_articles_keeps_the_newest_per_feed_in_one_pass():
    articles = [("a", {"x", "y"}), ("b", {"x"}), ("c", {"x", "y"}), ("d", {"y"})]
    groups = group_articles(articles, lambda a: sorted(a[1]), limit=2)
    assert [a[0] for a in groups["x"]] == ["a", "b"]
    assert [a[0] for a in groups["y"]] == ["a", "c"]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("images/2025/a.jpg", f"{BASE}/images/2025/a.jpg"),
        ("/bai-viet/x/", f"{BASE}/bai-viet/x/"),
        ("https://example.com/a", "https://example.com/a"),
        ("mailto:a@b.c", "mailto:a@b.c"),
        ("#chu-thich", "#chu-thich"),
        ("//cdn.example.com/a.js", "https://cdn.example.com/a.js"),
    ],
)
def test_absolute_link(link, expected):
    assert absolute_link(link, BASE) == expected


def test_absolutize_html_rewrites_src_href_srcset_only():
    html = (
        '<p><a href="bai-viet/a/">a</a> <a href="https://x.org/">x</a></p>'
        '<img src="/images/a.jpg" srcset="images/a-480.jpg 480w, images/a-960.jpg 960w" alt="a">'
        '<pre><code>&lt;img src="k.png"&gt;</code></pre>'
    )
    out = absolutize_html(html, BASE)
    tree = etree.fromstring(f"<div>{out}</div>", etree.HTMLParser())
    hrefs = tree.xpath("//a/@href")
    assert hrefs == [f"{BASE}/bai-viet/a/", "https://x.org/"]
    assert tree.xpath("//img/@src") == [f"{BASE}/images/a.jpg"]
    assert tree.xpath("//img/@srcset") == [
        f"{BASE}/images/a-480.jpg 480w, {BASE}/images/a-960.jpg 960w"
    ]
    assert 'src="k.png"' in "".join(tree.xpath("//code/text()"))  # text, not a link


PICTURE = '<picture><source type="image/webp" srcset="{0}/x-480.webp 480w"><img src="{0}/x.jpg" alt="x"></picture>'


def test_a_picture_comes_out_as_it_went_in_with_its_addresses_made_absolute():
    """<source> is void: no end tag, whether or not anything was rewritten."""
    absolute = PICTURE.format(BASE)
    assert absolutize_html(absolute, BASE) == absolute  # nothing relative: untouched
    out = absolutize_html('<p><a href="tinh/hue/">Huế</a></p>' + PICTURE.format("/images"), BASE)
    assert "</source>" not in out
    assert out == f'<p><a href="{BASE}/tinh/hue/">Huế</a></p>' + PICTURE.format(f"{BASE}/images")


def test_xml_safe_strips_control_characters_but_keeps_emoji():
    assert xml_safe(HOSTILE) == "A & B <c> \"q\" 's'  end 🇻🇳🤝"


def test_hostile_titles_survive_escaped_in_both_formats(atom_schema):
    feeds = render_feeds(
        _channel(),
        [_item(3, HOSTILE, image=True), _item(2)],
        SITE,
        datetime(2025, 1, 1, tzinfo=VIETNAM_TZ),
    )
    for fmt, data in feeds.items():
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (fmt, parsed.get("bozo_exception"))
        assert parsed.entries[0].title == xml_safe(HOSTILE), fmt
        assert parsed.feed.title == "Đối ngoại Nhân dân – Hà Nội & <x>"
    assert atom_schema.validate(etree.fromstring(feeds["atom"])), atom_schema.error_log


def test_rss_item_fields():
    data = render_feeds(
        _channel(), [_item(3, image=True)], SITE, datetime(2025, 1, 1, tzinfo=VIETNAM_TZ)
    )["rss"]
    ns = {
        "media": "http://search.yahoo.com/mrss/",
        "dc": "http://purl.org/dc/elements/1.1/",
        "content": "http://purl.org/rss/1.0/modules/content/",
    }
    channel = etree.fromstring(data).find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    assert channel.findtext("link") == f"{BASE}/tinh/ha-noi/"
    item = channel.find("item")
    assert item.find("guid").get("isPermaLink") == "true"
    assert item.findtext("guid") == item.findtext("link") == f"{BASE}/bai-viet/tin-3/"
    assert item.findtext("pubDate") == "Mon, 03 Nov 2025 13:33:00 +0700"
    assert parsedate_to_datetime(item.findtext("pubDate")).utcoffset().total_seconds() == 7 * 3600
    assert [c.text for c in item.findall("category")] == ["Hữu nghị", "Lào"]
    assert [c.text for c in item.findall("dc:creator", ns)] == ["Minh Châu", "Bảo Ngọc"]
    enclosure = item.find("enclosure")
    assert (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")) == (
        f"{BASE}/images/2025/a.jpg",
        "1234",
        "image/jpeg",
    )
    media = item.find(".//media:content", ns)
    assert media.get("url") == f"{BASE}/images/2025/a.jpg" and media.get("medium") == "image"
    assert item.findtext("description") == "Sapo Tin"
    assert "<a href=" in item.findtext("content:encoded", namespaces=ns)


def test_atom_entry_fields(atom_schema):
    data = render_feeds(
        _channel(), [_item(3, image=True)], SITE, datetime(2025, 1, 1, tzinfo=VIETNAM_TZ)
    )["atom"]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = etree.fromstring(data)
    assert atom_schema.validate(feed), atom_schema.error_log
    assert feed.findtext("a:updated", namespaces=ns) == "2025-11-03T15:33:00+07:00"
    entry = feed.find("a:entry", ns)
    assert entry.findtext("a:published", namespaces=ns) == "2025-11-03T13:33:00+07:00"
    assert entry.findtext("a:updated", namespaces=ns) == "2025-11-03T15:33:00+07:00"
    links = {(link.get("rel"), link.get("href")) for link in entry.findall("a:link", ns)}
    assert links == {
        ("alternate", f"{BASE}/bai-viet/tin-3/"),
        ("enclosure", f"{BASE}/images/2025/a.jpg"),
    }
    assert entry.find("a:content", ns).get("type") == "html"
    assert entry.findtext("a:summary", namespaces=ns) == "Sapo Tin"
    # RFC 4287 rule the grammar cannot say: the feed has an author.
    assert feed.find("a:author/a:name", ns) is not None


def test_empty_feed_is_valid_and_dated_by_the_fallback(atom_schema):
    fallback = datetime(2025, 11, 4, 8, 0, tzinfo=VIETNAM_TZ)
    feeds = render_feeds(_channel(), [], SITE, fallback)
    assert feedparser.parse(feeds["rss"]).bozo == 0
    assert atom_schema.validate(etree.fromstring(feeds["atom"]))
    assert b"2025-11-04T08:00:00+07:00" in feeds["atom"]


def test_rendering_is_reproducible():
    fallback = datetime(2025, 1, 1, tzinfo=VIETNAM_TZ)
    assert render_feeds(_channel(), [_item(3)], SITE, fallback) == render_feeds(
        _channel(), [_item(3)], SITE, fallback
    )


def test_opml_lists_every_channel():
    channels = [
        _channel(),
        make_channel(TopicRef("country", "lao", "Lào"), "Lào", "d", "quoc-gia/lao/"),
    ]
    opml = etree.fromstring(
        render_opml([("Nhóm", channels)], SITE, datetime(2025, 1, 1, tzinfo=VIETNAM_TZ))
    )
    urls = [o.get("xmlUrl") for o in opml.iter("outline") if o.get("type") == "rss"]
    assert urls == [f"{BASE}/feeds/tinh/ha-noi.rss", f"{BASE}/feeds/quoc-gia/lao.rss"]
