"""Head tags and JSON-LD in the HTML of a real Pelican build (fixture site)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import html
from PIL import Image

from plugins.fixed_urls.scheme import portal_settings, scheme_settings
from plugins.seo.adapter import page_seo
from plugins.seo.model import seo_head
from tests.feeds_fixture_site import HOSTILE_TITLE_CLEAN, SITEURL, build_site

URLS = scheme_settings(portal_settings())  # pelicanconf.py's URL scheme


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("seo"))


def _head(site: Path, page: str):
    root = html.parse(str(site / page)).getroot()
    meta = {}
    for element in root.xpath("//head/meta[@property or @name]"):
        meta.setdefault(element.get("property") or element.get("name"), []).append(
            element.get("content")
        )
    scripts = root.xpath('//head/script[@type="application/ld+json"]/text()')
    return root, meta, [json.loads(s) for s in scripts]


def test_article_head(site):
    root, meta, blocks = _head(site, "bai-viet/ha-noi-lao/index.html")
    url = f"{SITEURL}/bai-viet/ha-noi-lao/"
    assert root.xpath('//head/link[@rel="canonical"]/@href') == [url]
    assert meta["og:type"] == ["article"] and meta["og:url"] == [url]
    assert meta["og:title"] == [HOSTILE_TITLE_CLEAN]
    assert meta["og:image"] == [f"{SITEURL}/images/2025/anh.png"]
    assert meta["og:locale"] == ["vi_VN"] and meta["og:site_name"] == ["Đối ngoại Nhân dân"]
    assert meta["article:published_time"] == ["2025-11-03T13:33:00+07:00"]
    assert meta["article:modified_time"] == ["2025-11-04T08:00:00+07:00"]
    assert meta["article:section"] == ["Hữu nghị"] and meta["article:tag"] == ["hữu nghị", "Lào"]
    assert meta["twitter:card"] == ["summary_large_image"]
    news, crumbs = blocks
    assert news["@type"] == "NewsArticle" and news["headline"] == HOSTILE_TITLE_CLEAN
    assert news["datePublished"] == "2025-11-03T13:33:00+07:00"
    assert [a["name"] for a in news["author"]] == ["Minh Châu", "Bảo Ngọc"]
    assert news["publisher"]["@type"] == "Organization" and news["publisher"]["logo"][
        "url"
    ].startswith(SITEURL)
    assert news["articleSection"] == "Hữu nghị" and news["keywords"] == ["hữu nghị", "Lào"]
    assert news["mainEntityOfPage"]["@id"] == url
    assert [i["item"] for i in crumbs["itemListElement"]] == [
        f"{SITEURL}/",
        f"{SITEURL}/chuyen-muc/huu-nghi/",
        f"{SITEURL}/chuyen-muc/huu-nghi/hoi-huu-nghi/",  # its subsection, as the page shows
        url,
    ]


def test_hostile_title_cannot_break_out_of_the_script(site):
    text = (site / "bai-viet/ha-noi-lao/index.html").read_text(encoding="utf-8")
    head = text.split("</title>", 1)[1].split("</head>")[0]  # what head_meta.html printed
    assert head.count("</script>") == head.count('<script type="application/ld+json">')
    assert "\x07" not in head


def test_section_page_is_a_collection(site):
    root, meta, blocks = _head(site, "chuyen-muc/huu-nghi/index.html")
    assert root.xpath('//head/link[@rel="canonical"]/@href') == [f"{SITEURL}/chuyen-muc/huu-nghi/"]
    assert meta["og:type"] == ["website"]
    assert [b["@type"] for b in blocks] == ["CollectionPage", "BreadcrumbList"]
    assert blocks[0]["description"].startswith("Hoạt động của Liên hiệp")


def test_home_page_is_a_website(site):
    root, meta, blocks = _head(site, "index.html")
    assert root.xpath('//head/link[@rel="canonical"]/@href') == [f"{SITEURL}/"]
    assert [b["@type"] for b in blocks] == ["WebSite"]


def test_the_home_page_s_later_pages_are_lists_not_more_web_sites(reference):
    settings = {**URLS, "SITEURL": SITEURL, "SITENAME": "S"}
    first = page_seo({"page_name": "index"}, settings, reference)
    assert (first.kind, first.url) == ("home", f"{SITEURL}/")
    second = SimpleNamespace(number=2, url="trang-2/")
    later = page_seo({"page_name": "index", "articles_page": second}, settings, reference)
    assert (later.kind, later.url) == ("other", f"{SITEURL}/trang-2/")


@pytest.mark.parametrize(
    ("page", "canonical"),
    [
        ("gioi-thieu/index.html", "gioi-thieu/"),
        ("tu-khoa/lao/index.html", "tu-khoa/lao/"),
        ("tac-gia/minh-chau/index.html", "tac-gia/minh-chau/"),
        ("luu-tru/2025/11/index.html", "luu-tru/2025/11/"),
        ("feeds/index.html", "feeds/"),
    ],
)
def test_every_page_has_a_canonical_url(site, page, canonical):
    root, meta, _ = _head(site, page)
    assert root.xpath('//head/link[@rel="canonical"]/@href') == [f"{SITEURL}/{canonical}"]
    assert meta["og:url"] == [f"{SITEURL}/{canonical}"]


def test_topic_page_context_is_a_collection(reference):
    topic = SimpleNamespace(
        kind="province",
        slug="hung-yen",
        name="Hưng Yên",
        url="tinh/hung-yen/",
        description="Tỉnh Hưng Yên",
    )
    page = page_seo({"topic": topic}, {**URLS, "SITEURL": SITEURL, "SITENAME": "S"}, reference)
    assert page.kind == "collection" and page.url == f"{SITEURL}/tinh/hung-yen/"
    assert [c.name for c in page.breadcrumbs] == ["Trang chủ", "Chủ đề", "Hưng Yên"]
    second = SimpleNamespace(number=2, url="tinh/hung-yen/trang-2/")
    assert (
        page_seo(
            {"topic": topic, "articles_page": second}, {**URLS, "SITEURL": SITEURL}, reference
        ).url
        == f"{SITEURL}/tinh/hung-yen/trang-2/"
    )


def test_a_subsection_page_sits_under_its_section_in_the_breadcrumbs(reference):
    section = reference.section("Hữu nghị").found
    club = section.subsection("Hội hữu nghị")
    topic = SimpleNamespace(
        kind="subsection",
        slug=club.slug,
        name=club.name,
        url="chuyen-muc/huu-nghi/hoi-huu-nghi/",
        description="",
        record=(section, club),
    )
    settings = {**URLS, "SITEURL": SITEURL}
    crumbs = page_seo({"topic": topic}, settings, reference).breadcrumbs
    assert [(c.name, c.url) for c in crumbs[1:]] == [
        ("Hữu nghị", f"{SITEURL}/chuyen-muc/huu-nghi/"),
        ("Hội hữu nghị", f"{SITEURL}/chuyen-muc/huu-nghi/hoi-huu-nghi/"),
    ]


def test_article_context_prefers_the_social_image(reference):
    article = SimpleNamespace(
        title="T",
        url="bai-viet/t/",
        summary="<p>S</p>",
        date=None,
        modified=None,
        tags=(),
        authors=(),
        section=reference.section("Hữu nghị").found,
        category=None,
        social_image="/images/_d/x/social.jpg",
        metadata={"image": "images/2025/goc.jpg", "image_alt": "A"},
    )
    card = SimpleNamespace(url="/images/_d/og/site.jpg", width=1200, height=630, mime="image/jpeg")
    page = page_seo(
        {"article": article, "site_social_image": card}, {**URLS, "SITEURL": SITEURL}, reference
    )
    assert page.image == f"{SITEURL}/images/_d/x/social.jpg"
    assert (page.image_width, page.image_height) == (0, 0)  # unknown: not the site card's size
    assert page.description == "S"
    assert page.image_alt == "A"
    # No Image: its social image is its title card, described by the title it shows.
    article.metadata = {}
    article.social_image = "/images/_d/og/t-0123456789.jpg"
    page = page_seo({"article": article}, {**URLS, "SITEURL": SITEURL}, reference)
    assert page.image == f"{SITEURL}/images/_d/og/t-0123456789.jpg" and page.image_alt == "T"
    # An Image the pipeline could not use: its card is the social image all the same.
    article.metadata = {"image": "https://example.com/x.jpg", "image_alt": "Ảnh khác"}
    article.social_image_card = True
    page = page_seo({"article": article}, {**URLS, "SITEURL": SITEURL}, reference)
    assert page.image_alt == "T"
    # A static page's title card too ("Giới thiệu").
    static = SimpleNamespace(
        title="Giới thiệu",
        url="gioi-thieu/",
        summary="",
        metadata={},
        social_image_card=True,
        social_image="/images/_d/og/gioi-thieu-0123456789.jpg",
    )
    page = page_seo({"page": static}, {**URLS, "SITEURL": SITEURL}, reference)
    assert page.image_alt == "Giới thiệu"


def test_empty_topic_and_404_pages_are_noindex_the_search_page_is_not(reference):
    settings = {**URLS, "SITEURL": SITEURL}
    topic = SimpleNamespace(kind="province", slug="an-giang", name="An Giang", url="tinh/an-giang/")
    assert page_seo({"topic": topic}, settings, reference).robots == ""  # no article list known
    empty = SimpleNamespace(**vars(topic), articles=())
    assert page_seo({"topic": empty}, settings, reference).robots == "noindex"
    full = SimpleNamespace(**vars(topic), articles=(object(),))
    assert page_seo({"topic": full}, settings, reference).robots == ""
    missing = page_seo({"page_name": "404"}, settings, reference)
    assert missing.robots == "noindex"
    # Served at every missing address and 404 at its own: it names no address.
    assert missing.url == "" and not any(t.key == "og:url" for t in seo_head(missing).meta)
    # The search page without a query is a page like any other (robots.txt
    # keeps crawlers off its result addresses).
    for name in ("index", "tim-kiem"):
        assert page_seo({"page_name": name}, settings, reference).robots == ""


def test_pages_without_their_own_image_share_the_site_card(reference):
    card = SimpleNamespace(
        url="/images/_d/og/site-1.jpg", width=1200, height=630, mime="image/jpeg"
    )
    settings = {**URLS, "SITEURL": SITEURL}
    for context in (
        {"page_name": "index"},
        {"tag": SimpleNamespace(name="Lào", url="tu-khoa/lao/")},
        {"period": (2025,), "output_file": "luu-tru/2025/index.html"},
    ):
        page = page_seo({**context, "site_social_image": card}, settings, reference)
        assert (page.image, page.image_width, page.image_height, page.image_type) == (
            f"{SITEURL}/images/_d/og/site-1.jpg",
            1200,
            630,
            "image/jpeg",
        )


def test_article_images_come_from_plugins_images_with_their_sizes(reference):
    def sized(name, width, height):
        return SimpleNamespace(url=f"/images/_d/x/{name}", width=width, height=height)

    article = SimpleNamespace(
        title="T",
        url="bai-viet/t/",
        summary="S",
        date=None,
        modified=None,
        tags=(),
        authors=(),
        section=reference.section("Hữu nghị").found,
        category=None,
        social_image="/images/_d/x/t-og.jpg",
        social_image_info=SimpleNamespace(
            url="/images/_d/x/t-og.jpg", width=1200, height=630, mime="image/jpeg"
        ),
        schema_images=(sized("a", 1200, 675), sized("b", 1200, 900), sized("c", 1200, 1200)),
        metadata={},
    )
    page = page_seo({"article": article}, {**URLS, "SITEURL": SITEURL}, reference)
    assert (page.image, page.image_width, page.image_height) == (
        f"{SITEURL}/images/_d/x/t-og.jpg",
        1200,
        630,
    )
    assert [(i.url, i.width, i.height) for i in page.images] == [
        (f"{SITEURL}/images/_d/x/a", 1200, 675),
        (f"{SITEURL}/images/_d/x/b", 1200, 900),
        (f"{SITEURL}/images/_d/x/c", 1200, 1200),
    ]
    # The publisher's logo: a theme file, with the size read from that file.
    theme = Path(__file__).resolve().parents[1] / "theme"
    publisher = page_seo(
        {"article": article}, {**URLS, "SITEURL": SITEURL, "THEME": str(theme)}, reference
    ).publisher
    assert publisher.logo_url == f"{SITEURL}/theme/images/publisher-logo.png"
    with Image.open(theme / "static/images/publisher-logo.png") as logo:
        assert (publisher.logo_width, publisher.logo_height) == logo.size
        assert logo.format == "PNG" and logo.width <= 600 and logo.height <= 60
