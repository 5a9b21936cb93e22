"""Feeds adapter: which feeds exist, which page links which feed (fake articles)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from plugins.feeds.adapter import _image, feed_options, page_feed_keys, plan_feeds
from plugins.fixed_urls.scheme import portal_settings, scheme_settings
from plugins.vietnamese import VIETNAM_TZ

SETTINGS = {
    **scheme_settings(portal_settings()),  # pelicanconf.py's URL scheme
    "SITENAME": "Đối ngoại Nhân dân",
    "SITEURL": "https://x.org",
    "FEEDS": {"items": 2},
}


def _article(reference, day, province="Thái Bình", country="Lào", **extra):
    return SimpleNamespace(
        date=datetime(2025, 11, day, tzinfo=VIETNAM_TZ),
        section=reference.section("Hữu nghị").found,
        provinces=(reference.province(province).found,),
        countries=(reference.country(country).found,),
        organizations=(),
        authors=(SimpleNamespace(name="Minh Châu", slug="minh-chau", url="tac-gia/minh-chau/"),),
        metadata={},
        **extra,
    )


def test_plan_lists_every_province_but_only_used_sections_and_countries(reference):
    articles = [_article(reference, d) for d in (1, 3, 2)]
    plan = plan_feeds(articles, reference, SETTINGS)
    kinds = [c.topic.kind for c in plan.channels]
    # A section without articles has no page, so no feed (it would link to nothing).
    assert [c.topic.slug for c in plan.channels if c.topic.kind == "section"] == ["huu-nghi"]
    assert kinds.count("province") == 34
    assert [c.topic.slug for c in plan.channels if c.topic.kind == "country"] == ["lao"]
    assert [c.topic.slug for c in plan.channels if c.topic.kind == "author"] == ["minh-chau"]
    # Thái Bình is now part of Hưng Yên: its articles are in Hưng Yên's feed, newest first, 2 max.
    assert [a.date.day for a in plan.members[("province", "hung-yen")]] == [3, 2]
    assert plan.index[("province", "hung-yen")].page_path == "tinh/hung-yen/"


def test_links_for_pages(reference):
    article = _article(reference, 1)
    plan = plan_feeds([article], reference, SETTINGS)
    article_links = [
        link.path for link in plan.links_for(page_feed_keys({"article": article}, reference))
    ]
    assert article_links[:2] == ["feeds/tat-ca.rss", "feeds/tat-ca.atom"]
    assert {
        "feeds/tinh/hung-yen.rss",
        "feeds/quoc-gia/lao.atom",
        "feeds/tac-gia/minh-chau.rss",
        "feeds/chuyen-muc/huu-nghi.rss",
    } <= set(article_links)
    topic = SimpleNamespace(kind="province", slug="hung-yen")
    assert [link.path for link in plan.links_for(page_feed_keys({"topic": topic}, reference))][
        2:
    ] == ["feeds/tinh/hung-yen.rss", "feeds/tinh/hung-yen.atom"]
    # A province without articles has a feed file, but no page offers it.
    empty = SimpleNamespace(kind="province", slug="ha-noi")
    assert ("province", "ha-noi") in plan.index
    assert len(plan.links_for(page_feed_keys({"topic": empty}, reference))) == 2
    offered = {c.key for _, channels in plan.groups() for c in channels}
    assert ("province", "hung-yen") in offered and ("province", "ha-noi") not in offered
    assert ("site", "tat-ca") in offered
    category = SimpleNamespace(name="Hữu nghị", slug="huu-nghi")
    assert "feeds/chuyen-muc/huu-nghi.rss" in [
        link.path for link in plan.links_for(page_feed_keys({"category": category}, reference))
    ]
    assert len(plan.links_for(page_feed_keys({"page_name": "index"}, reference))) == 2
    # A country without articles has no feed: no link to a missing file.
    cuba = SimpleNamespace(kind="country", slug="cuba")
    assert len(plan.links_for(page_feed_keys({"topic": cuba}, reference))) == 2


def test_a_subsection_feed_for_its_articles_and_its_page(reference):
    section = reference.section("Hữu nghị").found
    club = section.subsection("Hội hữu nghị")
    inside = _article(reference, 2, subsection=club)
    outside = _article(reference, 1, subsection=None)
    plan = plan_feeds([inside, outside], reference, SETTINGS)
    key = ("subsection", "huu-nghi/hoi-huu-nghi")
    assert [c.topic.key for c in plan.channels if c.topic.kind == "subsection"] == [key]
    assert plan.members[key] == [inside]
    assert plan.index[key].page_path == "chuyen-muc/huu-nghi/hoi-huu-nghi/"
    assert "feeds/chuyen-muc/huu-nghi/hoi-huu-nghi.rss" in [
        link.path for link in plan.links_for(page_feed_keys({"article": inside}, reference))
    ]
    # The subsection's topic page (plugins.topics: record = (section, subsection)).
    topic = SimpleNamespace(kind="subsection", slug=club.slug, record=(section, club))
    assert [link.path for link in plan.links_for(page_feed_keys({"topic": topic}, reference))][
        2:
    ] == [
        "feeds/chuyen-muc/huu-nghi/hoi-huu-nghi.rss",
        "feeds/chuyen-muc/huu-nghi/hoi-huu-nghi.atom",
    ]
    # SUBSECTION_URL moves the page the feed points to.
    moved = plan_feeds([inside], reference, {**SETTINGS, "SUBSECTION_URL": "muc/{section}-{slug}/"})
    assert moved.index[key].page_path == "muc/huu-nghi-hoi-huu-nghi/"


def test_social_image_is_preferred_over_the_original(reference, tmp_path):
    (tmp_path / "images/_d/abc").mkdir(parents=True)
    (tmp_path / "images/_d/abc/social.jpg").write_bytes(b"x" * 10)
    article = _article(reference, 1, social_image="/images/_d/abc/social.jpg")
    article.metadata = {"image": "images/2025/original.jpg"}
    image = _image(article, "https://x.org", [str(tmp_path)])
    assert (image.url, image.length, image.mime) == (
        "https://x.org/images/_d/abc/social.jpg",
        10,
        "image/jpeg",
    )


def test_feeds_setting_is_validated():
    assert feed_options({})["items"] == 30
    with pytest.raises(ValueError):
        feed_options({"FEEDS": {"item": 3}})
    with pytest.raises(ValueError):
        feed_options({"FEEDS": {"items": 0}})


def test_a_body_link_leads_in_the_feed_where_it_leads_on_the_article_page(reference):
    """A relative link in a body resolves against the article's address on
    its page (and in make check); the feed resolved it against the site root
    (``../other/`` became ``https://x.org/../other/``, a 404)."""
    from lxml import html as lxml_html

    from plugins.feeds.adapter import feed_item

    body = (
        '<p><a href="../tuan-van-hoa/">a</a> <a href="anh/">b</a> <a href="/tinh/hue/">c</a>'
        ' <a href="?trang=2#cuoi">d</a> <a href="https://vufo.org.vn/">e</a></p>'
    )
    article = _article(
        reference,
        3,
        title="Bài",
        url="bai-viet/mot-bai/",
        category=SimpleNamespace(name="Hữu nghị"),
        tags=(),
        summary="",
        content=body,
    )
    item = feed_item(article, "https://x.org", ())
    page = lxml_html.fragment_fromstring(body, create_parent="div")
    page.make_links_absolute("https://x.org/bai-viet/mot-bai/")  # as a browser on the page
    feed = lxml_html.fragment_fromstring(item.content_html, create_parent="div")
    assert [a.get("href") for a in feed.iter("a")] == [a.get("href") for a in page.iter("a")]
    assert item.url == "https://x.org/bai-viet/mot-bai/"


def test_the_feeds_page_lists_countries_organizations_and_authors_by_name(reference):
    """/feeds/ lists them as /chu-de/ does, in Vietnamese order (they were in
    the data files' order: Lào, Campuchia, Thái Lan …); an author's row is
    the name alone under "Tác giả"."""
    from plugins.vietnamese import sort_key

    articles = [
        _article(reference, 3, country="Lào"),
        _article(reference, 4, country="Campuchia"),
        _article(reference, 5, country="Thái Lan"),
        _article(reference, 6, country="Ấn Độ"),
    ]
    for article in articles:
        article.organizations = (reference.organization("UNESCO").found,)
    plan = plan_feeds(articles, reference, SETTINGS)
    groups = {kind: channels for kind, channels in plan.groups()}
    countries = [channel.topic.name for channel in groups["Quốc gia đối tác"]]
    assert countries == ["Ấn Độ", "Campuchia", "Lào", "Thái Lan"]  # written by hand
    assert countries == sorted(countries, key=sort_key)
    assert [plan.page_label(c) for c in groups["Tác giả"]] == ["Minh Châu"]


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Video: 65 năm quan hệ", "Xem video: 65 năm quan hệ"),
        ("[Video] Lễ hội", "Xem video: Lễ hội"),
        ("Video – Đêm nhạc", "Xem video: Đêm nhạc"),
        (
            "Video-mapping rực rỡ trên Nhà hát Lớn",
            "Xem video: Video-mapping rực rỡ trên Nhà hát Lớn",
        ),
        ("Clip-art Việt", "Xem video: Clip-art Việt"),
    ],
)
def test_a_video_item_links_its_video_with_the_title_as_the_card_reads_it(title, label):
    """A title's own "Video: " label is not repeated; a word that only begins
    with "video" is the title's (the card's format_prefix separators)."""
    from plugins.feeds.adapter import lead_html

    article = SimpleNamespace(format="video", video_url="https://youtu.be/abc", title=title)
    lead = lead_html(article, "https://x.org/bai-viet/v/")
    assert lead == f'<p><a href="https://youtu.be/abc">{label}</a></p>'
