"""Topic grouping: provinces by their current unit, navigators, redirects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from plugins.content_model.enrich import resolve_topics
from plugins.fixed_urls.scheme import patterns, portal_settings
from plugins.topics.pages import (
    URL_KINDS,
    build_topic_pages,
    country_navigator,
    former_province_redirects,
    province_navigator,
    topic_folders,
    topic_index_groups,
    url_for,
)

# pelicanconf.py's patterns of the topic pages, {kind: pattern}
URLS = patterns(portal_settings(), URL_KINDS)


@dataclass
class FakeArticle:
    slug: str
    date: datetime
    metadata: dict = field(default_factory=dict)


def _article(reference, slug, day, **metadata):
    article = FakeArticle(slug, datetime(2025, 1, day), {"category": "Địa phương", **metadata})
    for name, value in vars(resolve_topics(article.metadata, reference)).items():
        setattr(article, name, value)
    return article


def test_former_province_articles_are_listed_on_the_current_province(reference):
    old = _article(reference, "thai-binh-2017", 1, provinces="Thái Bình")
    new = _article(reference, "hung-yen-2025", 2, provinces="Hưng Yên")
    pages = build_topic_pages([old, new], reference, URLS)
    hung_yen = next(p for p in pages if p.kind == "province" and p.slug == "hung-yen")
    assert [a.slug for a in hung_yen.articles] == ["hung-yen-2025", "thai-binh-2017"]
    assert "Thái Bình" in hung_yen.former_names
    assert not any(p.slug == "thai-binh" for p in pages)
    provinces = [p for p in pages if p.kind == "province"]
    assert len(provinces) == 34  # empty ones too: the navigator links to all
    assert next(p for p in provinces if p.slug == "ha-noi").articles == ()


def test_articles_of_the_same_time_keep_the_site_lists_order(reference):
    """A province page lists same-time articles as the home and keyword
    pages do: in the order of the site's article list (Pelican's)."""
    listed = [
        _article(reference, slug, day, provinces="Sơn La")
        for slug, day in (("c-newest", 9), ("a", 5), ("z", 5), ("b", 5), ("d-oldest", 1))
    ]
    pages = build_topic_pages(listed, reference, URLS)
    son_la = next(p for p in pages if p.kind == "province" and p.slug == "son-la")
    assert [a.slug for a in son_la.articles] == [a.slug for a in listed]


def test_countries_organizations_and_subsections_get_pages(reference):
    article = _article(
        reference,
        "a",
        3,
        countries="Lào, Cuba",
        organizations="VUFO",
        category="Phi chính phủ",
        subsection="Dự án",
    )
    pages = build_topic_pages([article], reference, URLS)
    urls = {p.url for p in pages}
    assert {
        "quoc-gia/lao/",
        "quoc-gia/cuba/",
        "to-chuc/vufo/",
        "chuyen-muc/phi-chinh-phu/du-an/",
    } <= urls


def test_an_article_naming_two_former_units_of_one_province_is_listed_once(reference):
    article = _article(reference, "b", 4, provinces="Sóc Trăng, Hậu Giang, Cần Thơ")
    pages = build_topic_pages([article], reference, URLS)
    listed = [(p.slug, len(p.articles)) for p in pages if p.kind == "province" and p.articles]
    assert listed == [("can-tho", 1)]


def test_former_province_addresses_redirect_to_the_new_province(reference):
    redirects = {r.url: r for r in former_province_redirects(reference, URLS)}
    assert redirects["tinh/thai-binh/"].target_url == "tinh/hung-yen/"
    assert redirects["tinh/soc-trang/"].target_url == "tinh/can-tho/"
    assert redirects["tinh/bac-kan/"].target_url == "tinh/thai-nguyen/"
    # A unit that kept its name is the current page itself, not a redirect.
    assert "tinh/can-tho/" not in redirects
    assert len(redirects) == 63 - 34 + 2  # merged units, plus two renamed cities


def test_province_navigator_covers_all_34_by_region(reference):
    article = _article(reference, "c", 5, provinces="Bắc Kạn")
    navigator = province_navigator(reference, build_topic_pages([article], reference, URLS))
    listed = [p for _, provinces in navigator for p, _ in provinces]
    assert len(listed) == 34
    counts = {p.slug: n for _, provinces in navigator for p, n in provinces}
    assert counts["thai-nguyen"] == 1 and counts["ha-noi"] == 0
    region, provinces = navigator[0]
    assert region == "Đồng bằng sông Hồng"
    assert [p.name for p, _ in provinces][:2] == ["Bắc Ninh", "Hà Nội"]


def test_country_navigator_orders_by_coverage(reference):
    one = _article(reference, "d", 6, countries="Lào")
    two = _article(reference, "e", 7, countries="Lào, Nhật Bản")
    navigator = country_navigator(build_topic_pages([one, two], reference, URLS))
    assert [(c.name, n) for c, n in navigator] == [("Lào", 2), ("Nhật Bản", 1)]


def test_url_for_reference_objects(reference):
    assert url_for(reference.province("Huế").found, URLS) == "tinh/hue/"
    assert url_for(reference.former_province("Thừa Thiên Huế"), URLS) == "tinh/thua-thien-hue/"
    assert url_for(reference.section("Hữu nghị").found, URLS) == "chuyen-muc/huu-nghi/"


def test_topic_index_groups_in_vietnamese_order(reference):
    articles = [
        _article(reference, "f", 8, provinces="Đà Nẵng"),
        _article(reference, "g", 9, provinces="Điện Biên, Cà Mau"),
    ]
    groups = dict(topic_index_groups(build_topic_pages(articles, reference, URLS)))
    assert [label for label, _, _ in groups["Tỉnh, thành phố"]] == [
        "Cà Mau",
        "Đà Nẵng",
        "Điện Biên",
    ]


def test_the_folders_of_topic_pages_are_found_from_the_patterns():
    # /tinh/, /quoc-gia/, /to-chuc/ answered 404 (a shortened address).
    save_as = patterns(portal_settings(), ("province", "country", "organization"), "SAVE_AS")
    assert topic_folders(URLS, save_as) == [
        ("tinh/", "tinh/index.html"),
        ("quoc-gia/", "quoc-gia/index.html"),
        ("to-chuc/", "to-chuc/index.html"),
    ]
    # a pattern whose pages are not in a folder of their own has none
    flat = {"province": "tinh-{slug}.html", "country": "{slug}/", "organization": ""}
    assert topic_folders(flat, flat) == []
