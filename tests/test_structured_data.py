"""Structured data as search engines and social networks read it (extruct).

The golden fixture site is built with every plugin at a production address;
extruct reads the JSON-LD and OpenGraph of the written pages, and every
image they name is opened from the output folder. Checked on every article:
Google's NewsArticle properties (headline, three image ratios, dates with
the +07:00 offset, authors, publisher and its logo, mainEntityOfPage,
description, inLanguage); on every indexable page: og:image with its real
size. Every URL they carry must be a file of the output.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import extruct
import pytest
from lxml import etree, html
from PIL import Image

from plugins.seo.site import publication_name
from plugins.sitemap.model import NEWS_NS, SITEMAP_NS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SITEURL = "https://doingoainhandan.example.org"
SETTINGS = ROOT / "tests" / "golden_settings.py"
CONTENT = ROOT / "tests" / "fixtures" / "golden_site"
# The build's clock: the newest fixture article (2026-02-10 10:15) is in the news sitemap.
BUILD_TIME = "2026-02-11 12:00"
RATIOS = {(16, 9), (4, 3), (1, 1)}
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@pytest.fixture(scope="module", params=["fixture", "content"])
def site(request, tmp_path_factory) -> Path:
    """The golden fixture site, and the sample site of ``content/`` (articles
    nobody wrote for this test), each built at the production address."""
    from scripts.build import build

    root = tmp_path_factory.mktemp(f"structured-data-{request.param}")
    if request.param == "fixture":
        build(
            SETTINGS,
            root / "site",
            content=CONTENT,
            extra={"CACHE_PATH": str(root / "cache"), "SITEURL": SITEURL, "BUILD_TIME": BUILD_TIME},
        )
    else:
        build(
            ROOT / "pelicanconf.py",
            root / "site",
            content=ROOT / "content",
            extra={
                "CACHE_PATH": str(root / "cache"),
                "SITEURL": SITEURL,
                "MOST_READ": {"path": ""},
            },
        )
    return root / "site"


@pytest.fixture(scope="module")
def publisher_name() -> str:
    from pelican.settings import read_settings

    return publication_name(read_settings(str(SETTINGS), override={"PATH": str(CONTENT)}))


def _local(site: Path, url: str) -> Path:
    """The output file a site URL is served from (directory URLs: index.html)."""
    assert url.startswith(f"{SITEURL}/"), url
    path = url.removeprefix(f"{SITEURL}/").split("#")[0].split("?")[0]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def _page_url(site: Path, page: Path) -> str:
    path = page.relative_to(site).as_posix()
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{SITEURL}/{path}"


def _extract(page: Path, url: str) -> dict:
    return extruct.extract(
        page.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld", "opengraph"]
    )


def _og(data: dict) -> dict[str, list[str]]:
    properties: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            properties.setdefault(key, []).append(value)
    return properties


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _indexable_pages(site: Path) -> list[Path]:
    pages = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).as_posix() == "404.html":
            continue
        robots = html.parse(str(page)).getroot().xpath('//head/meta[@name="robots"]/@content')
        if not any("noindex" in value for value in robots):
            pages.append(page)
    return pages


def _articles(site: Path) -> list[Path]:
    return sorted((site / "bai-viet").glob("*/index.html"))


def _news_article(data: dict) -> dict:
    found = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    assert len(found) == 1, [item.get("@type") for item in data["json-ld"]]
    return found[0]


def _iso_vietnam(value: str) -> datetime:
    assert value.endswith("+07:00"), value
    return datetime.fromisoformat(value)


def _ratio(width: int, height: int) -> tuple[int, int]:
    from math import gcd

    divisor = gcd(width, height)
    return width // divisor, height // divisor


def test_both_kinds_of_article_image_are_checked(site):
    """Articles with a lead photo (crops of it) and without (title cards):
    both kinds are on each site, so the checks below cover both."""
    kinds = set()
    for page in _articles(site):
        news = _news_article(_extract(page, _page_url(site, page)))
        kinds.add("card" if "/_d/og/" in news["image"][0]["url"] else "photo")
    assert kinds == {"card", "photo"}


def test_every_news_article_has_googles_properties(site, publisher_name):
    articles = _articles(site)
    assert len(articles) >= 4
    for page in articles:
        check_news_article(site, page, publisher_name)


def check_news_article(site: Path, page: Path, publisher_name: str) -> None:
    url = _page_url(site, page)
    news = _news_article(_extract(page, url))

    assert 0 < len(news["headline"]) <= 110, url
    assert news["description"].strip(), url
    assert news["inLanguage"] == "vi"
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}

    published = _iso_vietnam(news["datePublished"])
    assert _iso_vietnam(news["dateModified"]) >= published

    assert isinstance(news["author"], list) and news["author"], url
    for author in news["author"]:
        assert author["@type"] in ("Person", "Organization") and author["name"].strip()

    images = news["image"]
    assert isinstance(images, list) and len(images) == 3
    ratios = set()
    for image in images:
        assert image["@type"] == "ImageObject"
        width, height = image["width"], image["height"]
        assert width >= 1200 and width * height >= 50_000
        ratios.add(_ratio(width, height))
        with Image.open(_local(site, image["url"])) as file:
            assert file.size == (width, height), image["url"]
    assert ratios == RATIOS, url

    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == publisher_name
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    with Image.open(_local(site, logo["url"])) as file:
        assert file.format == "PNG"
        assert file.size == (logo["width"], logo["height"])
        assert file.width <= 600 and file.height <= 60


def test_every_indexable_page_has_an_og_image_of_its_real_size(site):
    pages = _indexable_pages(site)
    assert len(pages) > 30  # home, articles, lists, topics, archives, static page …
    for page in pages:
        properties = _og(_extract(page, _page_url(site, page)))
        where = page.relative_to(site).as_posix()
        assert len(properties.get("og:image", [])) == 1, where
        with Image.open(_local(site, properties["og:image"][0])) as file:
            assert properties["og:image:width"] == [str(file.width)], where
            assert properties["og:image:height"] == [str(file.height)], where
            assert properties["og:image:type"] == [MIME[file.format]], where
            assert file.width >= 600, where


def test_every_url_in_json_ld_and_open_graph_is_a_file_of_the_output(site):
    checked = 0
    for page in _indexable_pages(site):
        data = _extract(page, _page_url(site, page))
        values = list(_strings(data["json-ld"]))
        values += [value for _, value in (p for b in data["opengraph"] for p in b["properties"])]
        for value in values:
            if value.startswith(("http://", "https://")) and not value.startswith(
                "https://schema.org"
            ):
                assert _local(site, value).is_file(), (page.relative_to(site).as_posix(), value)
                checked += 1
    assert checked > 200


def test_one_publisher_name_everywhere(site, publisher_name):
    names = set()
    for page in (site / "index.html", _articles(site)[0]):
        data = _extract(page, _page_url(site, page))
        names.update(_og(data)["og:site_name"])
        for item in data["json-ld"]:
            if item.get("@type") == "WebSite":
                names.update({item["name"], item["publisher"]["name"]})
            if item.get("@type") == "NewsArticle":
                names.add(item["publisher"]["name"])
    news = etree.parse(str(site / "news-sitemap.xml"))
    found = news.xpath(
        "//s:url/n:news/n:publication/n:name/text()", namespaces={"s": SITEMAP_NS, "n": NEWS_NS}
    )
    if "structured-data-fixture" in str(site):
        assert found, "the news sitemap lists the article of 2026-02-10"
    names.update(found)
    assert names == {publisher_name}


def test_json_ld_breadcrumbs_follow_the_visible_ones(site):
    """Search engines get the trail readers see: an article in a subsection
    has it, a keyword or author page has its index."""
    checked = 0
    for page in _indexable_pages(site):
        url = _page_url(site, page)
        lists = [i for i in _extract(page, url)["json-ld"] if i.get("@type") == "BreadcrumbList"]
        if not lists:
            continue
        root = html.parse(str(page)).getroot()
        shown = root.xpath("//nav[contains(@class, 'breadcrumbs')]//a/@href")
        items = [item["item"] for item in lists[0]["itemListElement"]]
        # The visible trail links every level but the page itself.
        assert items[: len(shown)] == shown, page.relative_to(site)
        assert items[len(shown) :] in ([url], []), page.relative_to(site)
        checked += 1
    assert checked >= 20


def test_every_indexable_page_describes_itself_in_its_own_words(site):
    """No empty description; no two pages with one description (the site's
    subtitle on the home page only)."""
    seen: dict[str, str] = {}
    for page in _indexable_pages(site):
        rel = page.relative_to(site).as_posix()
        root = html.parse(str(page)).getroot()
        found = root.xpath('//head/meta[@name="description"]/@content')
        if not found:  # a redirect page: no description, noindex
            continue
        text = found[0].strip()
        assert text, f"{rel}: empty description"
        assert text not in seen, f"{rel} and {seen.get(text)}: {text!r}"
        seen[text] = rel
    assert len(seen) >= 50
