"""Sitemaps, Google News sitemap and robots.txt as pure functions (lxml).

Nothing here imports Pelican; ``adapter.py`` turns the build's context into
:class:`SitemapUrl` and :class:`NewsEntry` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree

from plugins.seo.site import xml_safe
from plugins.vietnamese import to_vietnam_time

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

DEFAULTS: dict = {
    "max_urls": 50_000,  # URLs per sitemap file (the protocol's limit)
    "news_days": 2,  # Google News: articles of the last two days …
    "news_max": 1_000,  # … at most 1,000 of them
    # The instant the two days are counted back from: "build" (the build's
    # clock, plugins/schedule: BUILD_TIME, else now), "newest" (the newest
    # article's date) or a fixed ISO date-time such as "2025-11-03T12:00:00+07:00".
    # Google News wants the articles of the last two days *now*: with "newest"
    # a site that published nothing for two weeks would still list its last
    # articles as news.
    "news_clock": "build",
    "index": "sitemap.xml",
    "part": "sitemap-{number}.xml",
    "news": "news-sitemap.xml",
    "robots": True,  # write robots.txt pointing at both
}


@dataclass(frozen=True)
class SitemapUrl:
    loc: str  # absolute
    lastmod: datetime | None = None
    # The page in every language edition, itself included, and "x-default":
    # ((hreflang, absolute URL), …), written as xhtml:link (plugins/editions).
    alternates: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NewsEntry:
    loc: str
    title: str
    published: datetime


def _w3c(moment: datetime) -> str:
    return to_vietnam_time(moment).isoformat()


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def split_urls(urls: Sequence[SitemapUrl], limit: int) -> list[Sequence[SitemapUrl]]:
    """Consecutive chunks of at most ``limit`` URLs (one chunk if empty)."""
    if limit < 1:
        raise ValueError("SITEMAP['max_urls'] phải là số nguyên dương")
    return [urls[start : start + limit] for start in range(0, len(urls), limit)] or [urls[:0]]


def _render_locations(root: str, entry: str, locations: Iterable[SitemapUrl]) -> bytes:
    """A ``<root>`` of ``<entry>`` elements, each a ``loc`` and its optional
    ``lastmod``: a sitemap (``urlset``/``url``) and a sitemap index
    (``sitemapindex``/``sitemap``) differ only in these two names."""
    locations = list(locations)
    nsmap = {None: SITEMAP_NS}
    if any(location.alternates for location in locations):
        nsmap["xhtml"] = XHTML_NS
    top = etree.Element(f"{{{SITEMAP_NS}}}{root}", nsmap=nsmap)
    for location in locations:
        element = etree.SubElement(top, f"{{{SITEMAP_NS}}}{entry}")
        etree.SubElement(element, f"{{{SITEMAP_NS}}}loc").text = location.loc
        if location.lastmod:
            etree.SubElement(element, f"{{{SITEMAP_NS}}}lastmod").text = _w3c(location.lastmod)
        for hreflang, href in location.alternates:
            etree.SubElement(
                element, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href
            )
    return _serialise(top)


def render_urlset(urls: Iterable[SitemapUrl]) -> bytes:
    return _render_locations("urlset", "url", urls)


def render_index(sitemaps: Iterable[SitemapUrl]) -> bytes:
    return _render_locations("sitemapindex", "sitemap", sitemaps)


def sitemap_files(
    urls: Sequence[SitemapUrl], base_url: str, limit: int, part_name: str = DEFAULTS["part"]
) -> tuple[bytes, dict[str, bytes]]:
    """The index and the parts: ``(index_bytes, {"sitemap-1.xml": bytes, …})``."""
    parts: dict[str, bytes] = {}
    entries = []
    for number, chunk in enumerate(split_urls(urls, limit), start=1):
        name = part_name.format(number=number)
        parts[name] = render_urlset(chunk)
        lastmods = [u.lastmod for u in chunk if u.lastmod]
        entries.append(SitemapUrl(f"{base_url}/{name}", max(lastmods) if lastmods else None))
    return render_index(entries), parts


def news_window(
    entries: Iterable[NewsEntry], now: datetime, days: float, limit: int
) -> list[NewsEntry]:
    """Entries published in the ``days`` before ``now`` (an entry exactly
    ``days`` old has left; one dated ``now`` is in), newest
    first, at most ``limit``. Entries dated after ``now`` are left out."""
    start = now - timedelta(days=days)
    recent = [e for e in entries if start < e.published <= now]
    recent.sort(key=lambda e: e.published, reverse=True)
    return recent[:limit]


def news_expiry(recent: Iterable[NewsEntry], days: float) -> datetime | None:
    """When the news sitemap of ``recent`` (the window's entries) changes by
    the clock alone: its oldest entry leaves the window."""
    return min((e.published + timedelta(days=days) for e in recent), default=None)


def render_news(entries: Iterable[NewsEntry], publication: str, language: str) -> bytes:
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for entry in entries:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.loc
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        source = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(source, f"{{{NEWS_NS}}}name").text = xml_safe(publication)
        etree.SubElement(source, f"{{{NEWS_NS}}}language").text = language
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = _w3c(entry.published)
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = xml_safe(entry.title)
    return _serialise(urlset)


def render_robots(sitemap_urls: Iterable[str], disallow: Iterable[str] = ()) -> str:
    lines = ["User-agent: *"]
    disallowed = list(disallow)
    lines += [f"Disallow: {path}" for path in disallowed] or ["Disallow:"]
    lines.append("")
    lines += [f"Sitemap: {url}" for url in sitemap_urls]
    return "\n".join(lines) + "\n"
