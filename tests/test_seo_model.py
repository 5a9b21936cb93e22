"""SEO: pure functions (canonical URL, OpenGraph, Twitter, JSON-LD)."""

from __future__ import annotations

import json
from datetime import datetime

from plugins.seo.model import (
    Crumb,
    Image,
    PageSeo,
    Person,
    Publisher,
    canonical_url,
    json_ld,
    json_script,
    open_graph,
    seo_head,
    twitter_card,
)
from plugins.seo.site import absolute_base, plain_text, publication_name, theme_asset_url
from plugins.vietnamese import VIETNAM_TZ

BASE = "https://x.org"
PUBLISHER = Publisher("Cổng tin", f"{BASE}/", f"{BASE}/logo.png")


def _article(**overrides) -> PageSeo:
    values = dict(
        kind="article",
        title='Tiêu đề </script><script>alert(1)</script> & "x"',
        url=f"{BASE}/bai-viet/a/",
        site_name="Đối ngoại Nhân dân",
        publisher=PUBLISHER,
        description="Sapo",
        image=f"{BASE}/images/a.jpg",
        image_alt="Ảnh",
        published=datetime(2025, 11, 3, 13, 33, tzinfo=VIETNAM_TZ),
        modified=datetime(2025, 11, 4, 8, 0, tzinfo=VIETNAM_TZ),
        section="Hữu nghị",
        tags=("Lào", "hữu nghị"),
        authors=(Person("Minh Châu", f"{BASE}/tac-gia/minh-chau/"),),
        breadcrumbs=(
            Crumb("Trang chủ", f"{BASE}/"),
            Crumb("Hữu nghị", f"{BASE}/chuyen-muc/huu-nghi/"),
            Crumb("T", f"{BASE}/bai-viet/a/"),
        ),
    )
    values.update(overrides)
    return PageSeo(**values)


def test_canonical_url_and_base():
    assert canonical_url(BASE, "bai-viet/a/") == f"{BASE}/bai-viet/a/"
    assert canonical_url(BASE, "feeds/index.html") == f"{BASE}/feeds/"
    assert canonical_url(BASE, "index.html") == f"{BASE}/"
    assert absolute_base({"SITEURL": "https://a.org/"}) == "https://a.org"
    assert absolute_base({"SITEURL": "", "FEED_DOMAIN": ""}) == "http://127.0.0.1:8000"


def test_plain_text_from_summary_html():
    assert plain_text("<p>A &amp; B &ldquo;c&rdquo;</p>\n<p>d</p>") == "A & B “c” d"


def test_open_graph_article_tags():
    tags = {(t.key, t.content) for t in open_graph(_article())}
    assert ("og:type", "article") in tags and ("og:locale", "vi_VN") in tags
    assert ("article:published_time", "2025-11-03T13:33:00+07:00") in tags
    assert ("article:modified_time", "2025-11-04T08:00:00+07:00") in tags
    assert ("article:section", "Hữu nghị") in tags
    assert {("article:tag", "Lào"), ("article:tag", "hữu nghị")} <= tags
    website = {t.key: t.content for t in open_graph(_article(kind="home", image=""))}
    assert website["og:type"] == "website" and "og:image" not in website


def test_twitter_card_depends_on_image():
    assert twitter_card(_article())[0].content == "summary_large_image"
    assert twitter_card(_article(image=""))[0].content == "summary"


def test_news_article_json_ld():
    article, crumbs = json_ld(_article())
    assert article["@type"] == "NewsArticle"
    assert article["datePublished"] == "2025-11-03T13:33:00+07:00"
    assert article["dateModified"] == "2025-11-04T08:00:00+07:00"
    assert article["author"] == [
        {"@type": "Person", "name": "Minh Châu", "url": f"{BASE}/tac-gia/minh-chau/"}
    ]
    assert article["publisher"]["logo"]["url"] == f"{BASE}/logo.png"
    assert article["mainEntityOfPage"]["@id"] == f"{BASE}/bai-viet/a/"
    assert article["keywords"] == ["Lào", "hữu nghị"] and article["articleSection"] == "Hữu nghị"
    # One image of unknown size: an ImageObject with its URL only.
    assert article["image"] == [{"@type": "ImageObject", "url": f"{BASE}/images/a.jpg"}]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [i["position"] for i in crumbs["itemListElement"]] == [1, 2, 3]


def test_collection_and_website_json_ld():
    assert [o["@type"] for o in json_ld(_article(kind="collection"))] == [
        "CollectionPage",
        "BreadcrumbList",
    ]
    assert [o["@type"] for o in json_ld(_article(kind="home", breadcrumbs=()))] == ["WebSite"]


def test_json_script_cannot_close_the_script_element():
    head = seo_head(_article())
    for block in head.json_ld:
        assert "</" not in block and "<!--" not in block
        json.loads(block)  # still valid JSON
    assert json.loads(head.json_ld[0])["headline"] == _article().title
    assert json_script({"a": "<!-- x"}) == '{"a":"<\\u0021-- x"}'


def test_news_article_images_are_image_objects_with_their_sizes():
    images = (
        Image(f"{BASE}/a-16x9.jpg", 1200, 675, "image/jpeg"),
        Image(f"{BASE}/a-4x3.jpg", 1200, 900, "image/jpeg"),
        Image(f"{BASE}/a-1x1.jpg", 1200, 1200, "image/jpeg"),
    )
    article = json_ld(_article(images=images))[0]
    assert article["image"] == [
        {"@type": "ImageObject", "url": f"{BASE}/a-16x9.jpg", "width": 1200, "height": 675},
        {"@type": "ImageObject", "url": f"{BASE}/a-4x3.jpg", "width": 1200, "height": 900},
        {"@type": "ImageObject", "url": f"{BASE}/a-1x1.jpg", "width": 1200, "height": 1200},
    ]
    sized = json_ld(_article(image_width=1200, image_height=630))[0]
    assert sized["image"][0]["width"] == 1200 and sized["image"][0]["height"] == 630


def test_publisher_logo_is_an_image_object_with_its_size():
    publisher = Publisher("Đối ngoại Nhân dân", f"{BASE}/", f"{BASE}/logo.png", 391, 60)
    for page in (_article(publisher=publisher), _article(kind="home", publisher=publisher)):
        logo = json_ld(page)[0]["publisher"]["logo"]
        assert logo == {
            "@type": "ImageObject",
            "url": f"{BASE}/logo.png",
            "width": 391,
            "height": 60,
        }


def test_og_image_carries_its_type_and_size_only_when_there_is_one():
    tags = [
        (t.key, t.content)
        for t in open_graph(_article(image_width=1200, image_height=630, image_type="image/jpeg"))
    ]
    keys = [key for key, _ in tags]
    start = keys.index("og:image")
    assert tags[start + 1 : start + 4] == [
        ("og:image:type", "image/jpeg"),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
    ]
    bare = {t.key for t in open_graph(_article(image="", image_width=1200, image_height=630))}
    assert not bare & {"og:image", "og:image:width", "og:image:height", "og:image:type"}


def test_robots_reaches_the_head():
    assert seo_head(_article(kind="collection", robots="noindex")).robots == "noindex"
    assert seo_head(_article()).robots == ""


def test_one_publication_name_and_the_theme_asset_url():
    assert publication_name({"SITENAME": "Đối ngoại Nhân dân"}) == "Đối ngoại Nhân dân"
    assert publication_name({"SITENAME": "A", "PUBLISHER_NAME": "B"}) == "B"
    settings = {"SITEURL": "https://a.org/", "THEME_STATIC_DIR": "theme"}
    assert (
        theme_asset_url(settings, "images/publisher-logo.png")
        == "https://a.org/theme/images/publisher-logo.png"
    )
