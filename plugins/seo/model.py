"""Per-page search and sharing metadata, as pure functions over plain values.

:class:`PageSeo` describes a page (what the adapter read from Pelican's
context); :func:`open_graph`, :func:`twitter_card` and :func:`json_ld` turn it
into tags and schema.org objects; :func:`json_script` serialises JSON-LD so
that it can sit inside ``<script>`` whatever the titles contain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plugins.vietnamese import to_vietnam_time

from .site import absolute_url

SCHEMA = "https://schema.org"
HOME_LABEL = "Trang chủ"


@dataclass(frozen=True)
class Image:
    """An image whose pixel size is known (``ImageObject``, ``og:image:*``)."""

    url: str  # absolute
    width: int = 0  # 0: unknown
    height: int = 0
    mime: str = ""


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str
    logo_url: str = ""
    logo_width: int = 0
    logo_height: int = 0


@dataclass(frozen=True)
class Person:
    name: str
    url: str = ""


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


@dataclass(frozen=True)
class MetaTag:
    attribute: str  # "property" (OpenGraph) or "name" (Twitter, description)
    key: str
    content: str


@dataclass(frozen=True)
class PageSeo:
    """What search engines and social networks need to know about a page."""

    kind: str  # "article" | "home" | "collection" | "page" | "other"
    title: str
    url: str  # canonical, absolute
    site_name: str
    publisher: Publisher
    description: str = ""
    # The edition's home, the WebSite a collection page is part of ("" =
    # the publisher's home): https://…/en/ for an English page.
    site_url: str = ""
    locale: str = "vi_VN"
    language: str = "vi"
    alternate_locales: tuple[str, ...] = ()  # the other editions' (og:locale:alternate)
    image: str = ""  # absolute: og:image, twitter:image
    image_alt: str = ""
    image_width: int = 0  # 0: unknown (no og:image:width/height)
    image_height: int = 0
    image_type: str = ""  # MIME type, e.g. image/jpeg
    # The article's JSON-LD images (16:9, 4:3, 1:1); empty: ``image`` alone.
    images: tuple[Image, ...] = ()
    robots: str = ""  # e.g. "noindex"
    published: datetime | None = None
    modified: datetime | None = None
    section: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[Person, ...] = ()
    breadcrumbs: tuple[Crumb, ...] = ()
    twitter_site: str = ""


@dataclass(frozen=True)
class SeoHead:
    """What ``partials/head_meta.html`` prints."""

    canonical: str
    description: str
    meta: tuple[MetaTag, ...]
    json_ld: tuple[str, ...]  # serialised, safe inside <script>
    robots: str = ""  # content of <meta name="robots">, when not indexable


def canonical_url(base_url: str, page_path: str) -> str:
    """The canonical (absolute, directory-style) URL of a site-relative path."""
    return absolute_url(base_url, page_path)


def _iso(moment: datetime | None) -> str:
    return to_vietnam_time(moment).isoformat() if moment else ""


def open_graph(page: PageSeo) -> list[MetaTag]:
    tags = [
        ("og:type", "article" if page.kind == "article" else "website"),
        ("og:title", page.title),
        ("og:description", page.description),
        ("og:url", page.url),
        ("og:site_name", page.site_name),
        ("og:locale", page.locale),
        *(("og:locale:alternate", locale) for locale in page.alternate_locales),
        ("og:image", page.image),
        ("og:image:type", page.image_type if page.image else ""),
        ("og:image:width", str(page.image_width) if page.image and page.image_width else ""),
        ("og:image:height", str(page.image_height) if page.image and page.image_height else ""),
        ("og:image:alt", page.image_alt if page.image else ""),
    ]
    if page.kind == "article":
        tags += [
            ("article:published_time", _iso(page.published)),
            ("article:modified_time", _iso(page.modified or page.published)),
            ("article:section", page.section),
        ]
        tags += [("article:tag", tag) for tag in page.tags]
    return [MetaTag("property", key, value) for key, value in tags if value]


def twitter_card(page: PageSeo) -> list[MetaTag]:
    tags = [
        ("twitter:card", "summary_large_image" if page.image else "summary"),
        ("twitter:site", page.twitter_site),
        ("twitter:title", page.title),
        ("twitter:description", page.description),
        ("twitter:image", page.image),
        ("twitter:image:alt", page.image_alt if page.image else ""),
    ]
    return [MetaTag("name", key, value) for key, value in tags if value]


def _image_object(image: Image) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject", "url": image.url}
    if image.width and image.height:
        data["width"] = image.width
        data["height"] = image.height
    return data


def _publisher(publisher: Publisher) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": publisher.name, "url": publisher.url}
    if publisher.logo_url:
        logo = Image(publisher.logo_url, publisher.logo_width, publisher.logo_height)
        data["logo"] = _image_object(logo)
    return data


def article_images(page: PageSeo) -> list[dict[str, Any]]:
    """JSON-LD ``image`` of an article: its ImageObjects (16:9, 4:3, 1:1),
    else its one image (with its size when known)."""
    if page.images:
        return [_image_object(image) for image in page.images]
    if page.image:
        return [_image_object(Image(page.image, page.image_width, page.image_height))]
    return []


def _node(kind: str, **fields: Any) -> dict[str, Any]:
    """A schema.org object of type ``kind``, its fields in the given order,
    the empty ones ("", [], None) left out."""
    data = {"@context": SCHEMA, "@type": kind, **fields}
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def _page_node(kind: str, page: PageSeo, **fields: Any) -> dict[str, Any]:
    """The object a page is (``kind``): its address, language and
    description, then ``fields``."""
    return _node(
        kind, url=page.url, inLanguage=page.language, description=page.description, **fields
    )


def _breadcrumbs(crumbs: tuple[Crumb, ...]) -> dict[str, Any]:
    items = [
        {"@type": "ListItem", "position": index, "name": crumb.name, "item": crumb.url}
        for index, crumb in enumerate(crumbs, start=1)
    ]
    return _node("BreadcrumbList", itemListElement=items)


def _news_article(page: PageSeo) -> dict[str, Any]:
    authors = [
        {"@type": "Person", "name": p.name, **({"url": p.url} if p.url else {})}
        for p in page.authors
    ]
    return _page_node(
        "NewsArticle",
        page,
        headline=page.title,
        mainEntityOfPage={"@type": "WebPage", "@id": page.url},
        datePublished=_iso(page.published),
        dateModified=_iso(page.modified or page.published),
        author=authors,
        publisher=_publisher(page.publisher),
        articleSection=page.section,
        keywords=list(page.tags),
        image=article_images(page),
    )


def _collection(page: PageSeo) -> dict[str, Any]:
    site = {"@type": "WebSite", "name": page.site_name, "url": page.site_url or page.publisher.url}
    return _page_node("CollectionPage", page, name=page.title, isPartOf=site)


def _website(page: PageSeo) -> dict[str, Any]:
    return _page_node("WebSite", page, name=page.site_name, publisher=_publisher(page.publisher))


def json_ld(page: PageSeo) -> list[dict[str, Any]]:
    """schema.org objects: NewsArticle on articles, CollectionPage on section,
    topic and archive pages, WebSite on the home page; a BreadcrumbList on
    every page that has breadcrumbs."""
    objects: list[dict[str, Any]] = []
    if page.kind == "article":
        objects.append(_news_article(page))
    elif page.kind == "collection":
        objects.append(_collection(page))
    elif page.kind == "home":
        objects.append(_website(page))
    if page.breadcrumbs:
        objects.append(_breadcrumbs(page.breadcrumbs))
    return objects


def json_script(value: Any) -> str:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``</`` becomes ``<\\/`` (same JSON value) so that a title containing
    ``</script>`` cannot close the element; ``<!--`` is defused likewise.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def seo_head(page: PageSeo) -> SeoHead:
    return SeoHead(
        canonical=page.url,
        description=page.description,
        meta=tuple(open_graph(page) + twitter_card(page)),
        json_ld=tuple(json_script(obj) for obj in json_ld(page)),
        robots=page.robots,
    )
