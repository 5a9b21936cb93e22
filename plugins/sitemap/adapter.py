"""Read the build's context once and list its URLs as plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from plugins.seo.site import absolute_base, absolute_url
from plugins.vietnamese import VIETNAM_TZ

from .model import DEFAULTS, NewsEntry, SitemapUrl

# Topic pages (plugins.topics): which article attribute, which URL setting.
TOPIC_PAGES = (
    ("provinces", "PROVINCE_URL"),
    ("countries", "COUNTRY_URL"),
    ("organizations", "ORGANIZATION_URL"),
)


def sitemap_options(settings: Mapping[str, Any]) -> dict:
    options = {**DEFAULTS, **(settings.get("SITEMAP") or {})}
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise ValueError(
            f"SITEMAP: khóa không hợp lệ {sorted(unknown)}; các khóa hợp lệ: {sorted(DEFAULTS)}"
        )
    if not isinstance(options["max_urls"], int) or options["max_urls"] < 1:
        raise ValueError("SITEMAP['max_urls'] phải là số nguyên dương")
    return options


def _lastmod(content: Any) -> datetime | None:
    return getattr(content, "modified", None) or getattr(content, "date", None)


def _newest(articles: Iterable[Any]) -> datetime | None:
    return max((_lastmod(a) for a in articles if _lastmod(a)), default=None)


def _pairs(value: Any) -> list[tuple[Any, list[Any]]]:
    return list(value.items()) if isinstance(value, Mapping) else list(value or ())


def sitemap_urls(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[SitemapUrl]:
    """Every indexable page once: home, articles (newest first), static
    pages, sections, topic pages, authors, keywords. Paginated pages and
    archives are left out."""
    base = absolute_base(settings)
    articles = sorted(context.get("articles") or [], key=lambda a: a.date, reverse=True)
    urls: list[SitemapUrl] = [SitemapUrl(f"{base}/", _newest(articles))]
    urls += [SitemapUrl(absolute_url(base, a.url), _lastmod(a)) for a in articles]
    urls += [SitemapUrl(absolute_url(base, p.url), _lastmod(p)) for p in context.get("pages") or []]
    for name in ("categories", "authors", "tags"):
        for item, items in _pairs(context.get(name)):
            if getattr(item, "save_as", "x"):
                urls.append(SitemapUrl(absolute_url(base, item.url), _newest(items)))
    for attribute, setting in TOPIC_PAGES:
        url_format = settings.get(setting)
        if not url_format:
            continue
        newest: dict[str, datetime] = {}
        for article in articles:
            for record in getattr(article, attribute, ()) or ():
                newest.setdefault(record.slug, _lastmod(article))
        urls += [
            SitemapUrl(absolute_url(base, url_format.format(slug=s)), d) for s, d in newest.items()
        ]
    return list({url.loc: url for url in urls}.values())


def news_entries(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[NewsEntry]:
    base = absolute_base(settings)
    return [
        NewsEntry(absolute_url(base, a.url), str(a.title), a.date)
        for a in context.get("articles") or []
    ]


def news_clock(option: str, entries: list[NewsEntry], now: datetime | None = None) -> datetime:
    """The reference instant of the news window (see ``DEFAULTS['news_clock']``)."""
    if option == "newest":
        return max((e.published for e in entries), default=now or datetime.now(VIETNAM_TZ))
    if option == "build":
        return now or datetime.now(VIETNAM_TZ)
    moment = datetime.fromisoformat(option)
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TZ)
