"""Read the build's context once and list its URLs as plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pelican.paginator import PaginationRule, Paginator

from plugins.fixed_urls.scheme import url_for
from plugins.options import plugin_options
from plugins.seo.adapter import noindex_page_names
from plugins.seo.site import absolute_base, absolute_url
from plugins.vietnamese import VIETNAM_TZ

from .model import DEFAULTS, NewsEntry, SitemapUrl


def sitemap_options(settings: Mapping[str, Any]) -> dict:
    options = plugin_options(settings, "SITEMAP", DEFAULTS)
    if not isinstance(options["max_urls"], int) or options["max_urls"] < 1:
        raise ValueError("SITEMAP['max_urls'] phải là số nguyên dương")
    return options


def _lastmod(content: Any) -> datetime | None:
    return getattr(content, "modified", None) or getattr(content, "date", None)


def _newest(articles: Iterable[Any]) -> datetime | None:
    return max((_lastmod(a) for a in articles if _lastmod(a)), default=None)


def _pairs(value: Any) -> list[tuple[Any, list[Any]]]:
    return list(value.items()) if isinstance(value, Mapping) else list(value or ())


def list_page_urls(
    settings: Mapping[str, Any], template: str, save_as: str, url: str, items: Sequence[Any]
) -> list[str]:
    """Site-relative URLs of every page of a list, as Pelican's writer
    paginates it: ``PAGINATED_TEMPLATES[template]`` (else
    ``DEFAULT_PAGINATION``) items a page, ``DEFAULT_ORPHANS``, and the URLs
    of ``PAGINATION_PATTERNS`` (computed by Pelican's own ``Paginator``)."""
    paginated = settings.get("PAGINATED_TEMPLATES") or {}
    if template not in paginated:
        return [url]
    rules = settings.get("PAGINATION_PATTERNS") or [(1, "{url}", "{save_as}")]
    paging = {
        "PAGINATION_PATTERNS": [PaginationRule(*rule) for rule in rules],
        "DEFAULT_ORPHANS": settings.get("DEFAULT_ORPHANS", 0),
    }
    per_page = paginated[template] or settings.get("DEFAULT_PAGINATION")
    paginator = Paginator(save_as, url, list(items), paging, per_page)
    return [paginator.page(number).url for number in paginator.page_range]


def hreflang_pairs(settings: Mapping[str, Any], url: str, base: str) -> tuple[tuple[str, str], ...]:
    """The ``hreflang`` alternates of the page at site-relative ``url``:
    every edition's version (main language first), then ``x-default`` (the
    main edition's); empty for a page in one edition only."""
    versions = (settings.get("EDITION_ALTERNATES") or {}).get(url)
    if not versions:
        return ()
    main = settings.get("MAIN_LANG") or settings.get("DEFAULT_LANG")
    pairs = [(lang, absolute_url(base, href)) for lang, href in versions.items()]
    pairs.sort(key=lambda pair: (pair[0] != main, pair[0]))
    if main in versions:
        pairs.append(("x-default", absolute_url(base, versions[main])))
    return tuple(pairs)


def with_alternates(
    urls: list[SitemapUrl], settings: Mapping[str, Any], base: str
) -> list[SitemapUrl]:
    """``urls`` with their ``hreflang`` alternates (plugins/editions)."""
    if not settings.get("EDITION_ALTERNATES"):
        return urls
    prefix = base.rstrip("/") + "/"
    result = []
    for item in urls:
        relative = item.loc[len(prefix) :] if item.loc.startswith(prefix) else item.loc
        pairs = hreflang_pairs(settings, relative, base)
        result.append(SitemapUrl(item.loc, item.lastmod, pairs) if pairs else item)
    return result


def sitemap_urls(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[SitemapUrl]:
    """Every indexable page once, as the build writes it: home, articles
    (newest first), static pages, sections, authors, keywords, topic pages
    with articles (provinces, countries, organizations, subsections), year
    and month archives, each with all its pages; then the index pages
    (archives, sections, keywords, authors, topics, feeds).

    Left out, as they are ``noindex`` (plugins.seo): topic pages without
    articles, the 404 page, redirect pages. ``lastmod``: Modified,
    else Date; a list's pages: the list's newest article.
    """
    base = absolute_base(settings)
    articles = sorted(context.get("articles") or [], key=lambda a: a.date, reverse=True)
    newest_article = _newest(articles)
    urls: list[SitemapUrl] = []

    def add_list(template: str, save_as: str, url: str, items: Sequence[Any]) -> None:
        lastmod = _newest(items)
        for page_url in list_page_urls(settings, template, save_as, url, items):
            urls.append(SitemapUrl(absolute_url(base, page_url), lastmod))

    direct = [
        name
        for name in settings.get("DIRECT_TEMPLATES") or ()
        if name not in noindex_page_names(settings)
    ]
    direct_pages = []
    for name in direct:
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            direct_pages.append((name, save_as, settings.get(f"{name.upper()}_URL") or save_as))
    for name, save_as, url in direct_pages:
        if name == "index":
            add_list(name, save_as, url, articles)
    urls += [SitemapUrl(absolute_url(base, a.url), _lastmod(a)) for a in articles]
    urls += [SitemapUrl(absolute_url(base, p.url), _lastmod(p)) for p in context.get("pages") or []]
    for name, template in (("categories", "category"), ("authors", "author"), ("tags", "tag")):
        for item, items in _pairs(context.get(name)):
            if getattr(item, "save_as", "x"):
                add_list(template, item.save_as, item.url, items)
    topic_template = (settings.get("TOPICS") or {}).get("topic_template", "topic")
    for topic in context.get("topic_pages") or ():
        if topic.articles:  # an empty topic page is noindex
            add_list(topic_template, topic.save_as, topic.url, topic.articles)
    for granularity in ("year", "month", "day"):
        for period in (context.get("period_archives") or {}).get(granularity, ()):
            add_list("period_archives", period["save_as"], period["url"], period["articles"])
    for name, save_as, url in direct_pages:
        if name != "index":
            add_list(name, save_as, url, articles)
    fixed = []
    if "topic_pages" in context:  # plugins.topics writes the topics index
        fixed.append(url_for(settings, "topics"))
    if context.get("FEEDS_PAGE_URL"):  # plugins.feeds' /feeds/ page
        fixed.append(str(context["FEEDS_PAGE_URL"]))
    if "search_bundles" in context:  # plugins.search writes the search page
        fixed.append(search_path(settings))
    if "coverage" in context and settings.get("STATISTICS_SAVE_AS"):
        fixed.append(url_for(settings, "statistics"))  # plugins.statistics writes /thong-ke/
    urls += [SitemapUrl(absolute_url(base, path), newest_article) for path in fixed]
    return with_alternates(list({url.loc: url for url in urls}.values()), settings, base)


def search_path(settings: Mapping[str, Any]) -> str:
    """The search page's site-relative path (``SEARCH_URL``)."""
    return url_for(settings, "search").strip("/") + "/"


def robots_disallow(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[str]:
    """robots.txt ``Disallow`` paths: the search page's result addresses
    (``/tim-kiem/?q=…``: endless, thin pages), not the page itself."""
    if "search_bundles" not in context:
        return []
    from plugins.editions import edition_settings, main_settings

    prefix = urlsplit(str(settings.get("SITEURL") or "")).path.rstrip("/")
    main = main_settings(settings)
    # Every edition's search page (robots.txt is the main edition's, for all).
    editions = [main.get("DEFAULT_LANG"), *(settings.get("EDITION_HOMES") or {})]
    paths = dict.fromkeys(search_path(edition_settings(main, lang)) for lang in editions if lang)
    return [f"{prefix}/{path}?" for path in paths]


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
