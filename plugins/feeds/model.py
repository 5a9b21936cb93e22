"""Feeds as data: the variants table, the channels, the items, and their
rendering to RSS 2.0 / Atom (feedgen) and OPML (lxml).

Nothing here imports Pelican: the adapter (``adapter.py``) reads articles
and settings once and hands plain values to these functions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from urllib.parse import urljoin

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html

from plugins.i18n.catalog import N_, Translations, translator
from plugins.seo.site import xml_safe
from plugins.vietnamese import to_vietnam_time

FORMATS = ("rss", "atom")
MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
FORMAT_LABELS = {"rss": "RSS", "atom": "Atom"}

DEFAULTS: dict = {
    "items": 30,  # items per feed
    "directory": "feeds",  # every feed lives under /feeds/
    "site_slug": "tat-ca",  # the whole-site feed: feeds/tat-ca.rss
    # {kind: sub-folder} over FEED_KINDS' own (the English edition's
    # "province" for "tinh": en/feeds/province/hue.rss).
    "folders": {},
    "page": True,  # write the /feeds/ page (feeds.html) and feeds/opml.xml
    "reuse": True,  # copy unchanged feed files from the previous site (reuse.py)
}


@dataclass(frozen=True)
class FeedKind:
    """One row of the variants table: a family of feeds."""

    kind: str  # site | section | subsection | province | country | organization | author
    directory: str  # sub-folder of /feeds/ ("" for the whole-site feed)
    heading: str  # group heading on /feeds/ and in the OPML: a gettext message (plugins.i18n)


# The variants table: adding a family of feeds is adding a row here (and,
# in the adapter, how an article names its topics of that kind). A feed's
# page is its topic's, by the URL scheme (plugins/feeds/adapter.py).
FEED_KINDS: tuple[FeedKind, ...] = (
    FeedKind("site", "", N_("Whole site")),
    FeedKind("section", "chuyen-muc", N_("Sections")),
    # Slug "<section>/<subsection>": feeds/chuyen-muc/huu-nghi/hoi-huu-nghi.rss
    # sits beside its section's feeds/chuyen-muc/huu-nghi.rss.
    FeedKind("subsection", "chuyen-muc", N_("Subsections")),
    FeedKind("province", "tinh", N_("Provinces and cities")),
    FeedKind("country", "quoc-gia", N_("Partner countries")),
    FeedKind("organization", "to-chuc", N_("Organizations")),
    FeedKind("author", "tac-gia", N_("Authors")),
)
FEED_KINDS_BY_NAME = {k.kind: k for k in FEED_KINDS}


@dataclass(frozen=True)
class TopicRef:
    """What a feed is about: ``("province", "ha-noi", "Hà Nội")``."""

    kind: str
    slug: str
    name: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.slug)


@dataclass(frozen=True)
class FeedChannel:
    """One feed (in both formats)."""

    topic: TopicRef
    title: str
    description: str
    page_path: str  # site-relative URL of the HTML page the feed mirrors
    paths: dict[str, str] = field(hash=False)  # format -> site-relative path

    @property
    def key(self) -> tuple[str, str]:
        return self.topic.key


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel="alternate">`` for autodiscovery, or a /feeds/ entry."""

    title: str
    path: str  # site-relative, no leading slash
    mime: str
    format: str


@dataclass(frozen=True)
class ItemImage:
    url: str
    mime: str
    length: int  # bytes; 0 when unknown


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str  # absolute; also the guid / Atom id unless ``guid`` is set
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]  # section first, then tags
    summary: str  # plain text
    content_html: str  # absolute URLs
    image: ItemImage | None = None
    # The id a renamed article keeps (its first address, ``Feed_ID``):
    # readers that saw it do not show it again as new. "" = ``url``.
    guid: str = ""


@dataclass(frozen=True)
class SiteInfo:
    base_url: str  # absolute, no trailing slash
    name: str
    language: str = "vi"
    publisher: str = ""


def subsection_slug(section_slug: str, subsection_slug: str) -> str:
    """A subsection feed's slug: subsection slugs are unique only within
    their section."""
    return f"{section_slug}/{subsection_slug}"


def feed_path(
    directory: str, kind: FeedKind, slug: str, fmt: str, folders: Mapping[str, str] | None = None
) -> str:
    """``feeds/tat-ca.rss``, ``feeds/tinh/ha-noi.atom`` … (``folders``: the
    sub-folder of a kind, over the table's)."""
    folder = (folders or {}).get(kind.kind, kind.directory) if kind.directory else ""
    if folder:
        return f"{directory}/{folder}/{slug}.{fmt}"
    return f"{directory}/{slug}.{fmt}"


def make_channel(
    topic: TopicRef,
    title: str,
    description: str,
    page_path: str,
    directory: str = "feeds",
    folders: Mapping[str, str] | None = None,
) -> FeedChannel:
    kind = FEED_KINDS_BY_NAME[topic.kind]
    paths = {fmt: feed_path(directory, kind, topic.slug, fmt, folders) for fmt in FORMATS}
    return FeedChannel(topic, xml_safe(title), xml_safe(description), page_path, paths)


T = TypeVar("T")


def group_articles(
    articles: Iterable[T],
    topics_of: Callable[[T], Iterable[Hashable]],
    limit: int,
) -> dict[Hashable, list[T]]:
    """The first ``limit`` articles of each topic key, in input order.

    ``articles`` must come newest first; ``topics_of`` names the keys of the
    feeds an article belongs to. One pass, whatever the number of feeds.
    """
    groups: dict[Hashable, list[T]] = {}
    for article in articles:
        for key in topics_of(article):
            bucket = groups.setdefault(key, [])
            if len(bucket) < limit:
                bucket.append(article)
    return groups


def channel_links(channel: FeedChannel) -> list[FeedLink]:
    return [
        FeedLink(
            f"{channel.title} ({FORMAT_LABELS[fmt]})", channel.paths[fmt], MIME_TYPES[fmt], fmt
        )
        for fmt in FORMATS
    ]


# --- HTML with absolute URLs --------------------------------------------
_LINK_ATTRIBUTES = ("href", "src", "poster", "data-src")
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# A quote, when there is one, is taken before the look at the value (an
# optional quote let the look-ahead see the quote itself: every page went
# through lxml, even with every address absolute).
_MAYBE_RELATIVE = re.compile(
    r"""\s(?:href|src|poster|srcset|data-src)\s*=\s*(?:"|'|(?=[^"'\s>]))"""
    r"""(?![a-zA-Z][a-zA-Z0-9+.-]*:|#)"""
)
# Void elements that lxml's HTML parser does not know (HTML5's): it gives
# them an end tag, which no HTML may have ("<source …><img …></source>").
_VOID_END_TAGS = re.compile(r"</(?:source|track|wbr)>", re.IGNORECASE)


def absolute_link(value: str, base_url: str, page_url: str = "") -> str:
    """A link as found in content, made absolute.

    Against ``page_url``, the absolute address of the page that shows it,
    when given: a body's ``../other-article/`` leads where it leads on the
    article page (and where ``make check`` looks for it). Else against the
    site root: content paths are relative to it (``images/2025/x.jpg``), as
    in the content model. Fragments, ``mailto:``, ``data:`` … are kept.
    """
    value = value.strip()
    if not value or value.startswith("#") or _HAS_SCHEME.match(value):
        return value
    if value.startswith("//"):
        return "https:" + value
    if page_url:
        return urljoin(page_url, value)
    return f"{base_url.rstrip('/')}/{value.lstrip('/')}"


def _absolute_srcset(value: str, base_url: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = absolute_link(parts[0], base_url)
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def absolutize_html(markup: str, base_url: str, page_url: str = "") -> str:
    """``markup`` with every relative ``href``/``src``/``srcset`` made absolute
    (:func:`absolute_link`), and XML-forbidden characters removed. A link
    (``href``) against ``page_url``, as the article page's reader follows it;
    a picture's address against the site root, as the content model writes
    them (``images/2025/x.jpg``)."""
    markup = xml_safe(markup)
    if not markup or not _MAYBE_RELATIVE.search(markup):
        return markup  # fast path: nothing to rewrite
    wrapper = lxml_html.fragment_fromstring(markup, create_parent="div")
    for element in wrapper.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        for name in _LINK_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                page = page_url if name == "href" else ""
                element.set(name, absolute_link(value, base_url, page))
        srcset = element.get("srcset")
        if srcset is not None:
            element.set("srcset", _absolute_srcset(srcset, base_url))
    rendered = lxml_html.tostring(wrapper, encoding="unicode")
    return _VOID_END_TAGS.sub("", rendered[len("<div>") : -len("</div>")])


# --- Rendering ------------------------------------------------------------
class _AtomEntryLinks(BaseEntryExtension):
    """Writes the attributes of an Atom entry's links.

    feedgen 1.0.0 drops ``rel``/``type``/``length`` of entry links (it reads
    them from the element it has just created instead of the link's data),
    which turns the enclosure into a second ``alternate`` link. Each link
    element is completed from the entry's own link data, in order.
    """

    links: list[dict] = []

    def extend_atom(self, entry):
        elements = [child for child in entry if etree.QName(child).localname == "link"]
        for element, link in zip(elements, self.links, strict=False):
            for name in ("rel", "type", "hreflang", "title", "length"):
                if link.get(name):
                    element.set(name, link[name])
        return entry


def _feed_generator(
    channel: FeedChannel, items: Sequence[FeedItem], site: SiteInfo, fallback_updated: datetime
) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("media", atom=True, rss=True)
    generator.load_extension("dc", atom=False, rss=True)  # RSS author names
    generator.register_extension("atom_links", BaseExtension, _AtomEntryLinks, atom=True, rss=False)
    feed_url = f"{site.base_url}/{channel.paths['atom']}"
    generator.id(feed_url)
    generator.title(channel.title)
    generator.description(channel.description or channel.title)
    generator.language(site.language)
    generator.author({"name": xml_safe(site.publisher or site.name)})
    generator.generator("Pelican + feedgen", uri="https://getpelican.com/")
    newest = max((item.updated for item in items), default=fallback_updated)
    generator.updated(to_vietnam_time(newest))
    generator.lastBuildDate(to_vietnam_time(newest))  # reproducible bytes
    for item in items:
        entry = generator.add_entry(order="append")
        entry.id(item.guid or item.url)
        # An old address is no longer the item's link: not a permalink.
        entry.guid(item.guid or item.url, permalink=not item.guid or item.guid == item.url)
        entry.title(xml_safe(item.title))
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(to_vietnam_time(item.published))
        entry.updated(to_vietnam_time(item.updated))
        if item.authors:
            entry.author([{"name": xml_safe(name)} for name in item.authors])
            entry.dc.dc_creator([xml_safe(name) for name in item.authors])
        if item.categories:
            entry.category([{"term": xml_safe(c), "label": xml_safe(c)} for c in item.categories])
        # RSS <description> is read as HTML by feed readers: the plain-text
        # sapo is HTML-escaped, and Atom gets the same escaped text as type html.
        summary = xml_safe(item.summary) or xml_safe(item.title)
        entry.summary(html.escape(summary, quote=False), type="html")
        if item.content_html:
            entry.content(item.content_html, type="html")
        if item.image:
            entry.enclosure(item.image.url, str(item.image.length), item.image.mime)
            media = {"url": item.image.url, "medium": "image", "type": item.image.mime}
            if item.image.length:
                media["fileSize"] = str(item.image.length)
            entry.media.content(media)
        entry.atom_links.links = list(entry.link())
    return generator


def render_feeds(
    channel: FeedChannel,
    items: Sequence[FeedItem],
    site: SiteInfo,
    fallback_updated: datetime,
) -> dict[str, bytes]:
    """Both serialisations of one channel: ``{"rss": b"…", "atom": b"…"}``.

    The entries are built once; only the self link differs per format.
    ``fallback_updated`` dates an empty feed (the newest article of the site,
    so that a build of the same content gives the same bytes).
    """
    generator = _feed_generator(channel, items, site, fallback_updated)
    page_url = f"{site.base_url}/{channel.page_path}"
    rendered = {}
    for fmt in FORMATS:
        generator.link(
            [
                {
                    "href": f"{site.base_url}/{channel.paths[fmt]}",
                    "rel": "self",
                    "type": MIME_TYPES[fmt],
                },
                # last: feedgen uses the last feed link as the RSS <link>
                {"href": page_url, "rel": "alternate", "type": "text/html"},
            ],
            replace=True,
        )
        if fmt == "rss":
            rendered[fmt] = generator.rss_str(pretty=False)
        else:
            rendered[fmt] = generator.atom_str(pretty=False)
    return rendered


def render_opml(
    groups: Sequence[tuple[str, Sequence[FeedChannel]]],
    site: SiteInfo,
    created: datetime,
    messages: Translations | None = None,
) -> bytes:
    """OPML 2.0 listing every RSS feed, one outline per group (``messages``:
    the catalog of its title, plugins.i18n; the portal's when not given)."""
    from email.utils import format_datetime

    _ = (messages or translator()).gettext
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    title = _("RSS feed list")
    etree.SubElement(head, "title").text = xml_safe(f"{site.name} – {title}")
    etree.SubElement(head, "dateCreated").text = format_datetime(to_vietnam_time(created))
    body = etree.SubElement(opml, "body")
    for heading, channels in groups:
        group = etree.SubElement(body, "outline", text=heading, title=heading)
        for channel in channels:
            etree.SubElement(
                group,
                "outline",
                type="rss",
                text=channel.title,
                title=channel.title,
                xmlUrl=f"{site.base_url}/{channel.paths['rss']}",
                htmlUrl=f"{site.base_url}/{channel.page_path}",
            )
    return etree.tostring(opml, xml_declaration=True, encoding="UTF-8", pretty_print=True)
