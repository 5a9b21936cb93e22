"""Đọc nhiều (most read): page-view counts from a file, no server.

The build reads a page-view export (see :mod:`plugins.most_read.pageviews`
for the accepted CSV flavours: ``path,views``, GoatCounter, Plausible,
Umami) and the legacy ``Views`` counts kept in article headers, and puts two
lists of Articles, most read first, in the template context. An article the
export does not count has its translations' count (``EDITION_ALTERNATES``:
an English article is ranked by the readers of its Vietnamese story):

- ``most_read_site`` — the home page block;
- ``most_read_by_section[section_slug]`` — section fronts and articles.

Those two hold counted views only (empty without data). The theme shows
``most_read_list(ranked, section=None, exclude=(), listed=())`` instead,
also in the context: ``ranked`` (one of the lists above) first, then the
section's counted and its newest articles, then the site's, skipping
``exclude`` (the article being read, the home page's lead), and no newest
article the page lists anyway (``listed``) — ``limit`` articles as
long as the site has that many, and ``[]`` rather than fewer than
``minimum`` (no block of one).

Only articles dated within the window count (``window_days`` before
``now``; by default ``now`` is the newest article's date, so a rebuild of
the same content gives the same lists). With no data the ranked lists are
empty and ``most_read_list`` gives the newest articles. A malformed row is
logged as a warning with its file and line, and skipped.

Setting ``MOST_READ`` (merged over :data:`DEFAULTS`)::

    MOST_READ = {
        "path": "data/analytics/pageviews.csv",  # relative to the working directory
        "window_days": 30,      # None: all time
        "limit": 5,             # articles per list
        "minimum": 3,           # most_read_list: fewer than this → no block
        "now": None,            # ISO date/datetime to fix the clock (tests, previews)
    }
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from pelican import signals

from plugins.vietnamese import VIETNAM_TZ

from .pageviews import normalize_path, parse_pageviews, read_pageviews
from .ranking import (
    ArticleRef,
    MostRead,
    article_views,
    fill_most_read,
    rank_most_read,
    window_start,
)

__all__ = [
    "ArticleRef",
    "MostRead",
    "article_views",
    "fill_most_read",
    "normalize_path",
    "parse_pageviews",
    "rank_most_read",
]

log = logging.getLogger(__name__)

DEFAULTS: dict = {
    "path": "data/analytics/pageviews.csv",
    "window_days": 30,
    "limit": 5,
    "minimum": 3,
    "now": None,
}


def most_read_settings(settings) -> dict:
    """``MOST_READ`` merged over :data:`DEFAULTS`, with ``now`` parsed."""
    merged = {**DEFAULTS, **(settings.get("MOST_READ") or {})}
    now = merged["now"]
    if isinstance(now, str):
        now = datetime.fromisoformat(now)
    if isinstance(now, datetime) and now.tzinfo is None:
        now = now.replace(tzinfo=VIETNAM_TZ)
    return {**merged, "now": now}


def article_ref(article, alternates: dict | None = None) -> ArticleRef:
    """Adapter: the plain values ranking needs from a Pelican article
    (``alternates``: ``EDITION_ALTERNATES``, its translations' addresses)."""
    section = getattr(article, "section", None)
    legacy = getattr(article, "legacy_url", None) or article.metadata.get("legacy_url")
    views = getattr(article, "views", None)
    versions = (alternates or {}).get(article.url) or {}
    return ArticleRef(
        key=article.url,
        date=article.date,
        section=section.slug if section else article.category.slug,
        legacy_paths=(str(legacy),) if legacy else (),
        legacy_views=views if isinstance(views, int) else None,
        translation_paths=tuple(url for url in versions.values() if url != article.url),
    )


def add_most_read(generator) -> None:
    options = most_read_settings(generator.settings)
    articles = list(generator.articles)
    alternates = generator.settings.get("EDITION_ALTERNATES") or {}
    refs = [article_ref(a, alternates) for a in articles]
    siteurl = generator.settings.get("SITEURL", "")
    data = read_pageviews(
        Path(options["path"]), siteurl, window_start(refs, options["window_days"], options["now"])
    )
    for warning in data.warnings:
        log.warning(warning)
    views = article_views(refs, data.views, siteurl)
    ranking = rank_most_read(
        refs, views, window_days=options["window_days"], now=options["now"], limit=options["limit"]
    )
    by_key = {a.url: a for a in articles}
    generator.context["most_read_site"] = [by_key[k] for k in ranking.site]
    generator.context["most_read_by_section"] = {
        slug: [by_key[k] for k in keys] for slug, keys in ranking.by_section.items()
    }
    generator.context["most_read_list"] = most_read_lister(articles, refs, ranking, options)


def most_read_lister(articles, refs, ranking: MostRead, options: dict):
    """The context function ``most_read_list`` over this build's articles.

    The pools are made once per build; each call walks them only until the
    list is full, so a page pays for ``limit`` plus what it excludes.
    """
    by_key = {a.url: a for a in articles}
    newest = sorted(refs, key=lambda r: (r.date, r.key), reverse=True)
    recent_site = tuple(r.key for r in newest)
    recent_by_section: dict[str, list[str]] = {}
    for ref in newest:
        recent_by_section.setdefault(ref.section, []).append(ref.key)

    def most_read_list(ranked=(), section=None, exclude=(), listed=()) -> list:
        """``listed``: what the page lists anyway (its Tin mới, a section
        page's list): counted views may name it, but no newest article fills
        the block with a headline the reader sees beside it."""
        slug = getattr(section, "slug", section) or ""
        shown = {getattr(a, "url", a) for a in listed or () if a}

        def unlisted(keys):
            return (key for key in keys if key not in shown) if shown else keys

        keys = fill_most_read(
            (
                [a.url for a in ranked or ()],
                ranking.by_section.get(slug, ()) if slug else (),
                unlisted(recent_by_section.get(slug, ()) if slug else ()),
                ranking.site,
                unlisted(recent_site),
            ),
            exclude=[getattr(a, "url", a) for a in exclude or () if a],
            limit=options["limit"],
            minimum=options["minimum"],
        )
        return [by_key[k] for k in keys]

    return most_read_list


def register() -> None:
    # article_generator_finalized: articles are read and typed (section,
    # views) and the shared context is not yet rendered, so every template —
    # home, section fronts, articles — sees the lists.
    signals.article_generator_finalized.connect(add_most_read)
