"""Đọc nhiều (most read): page-view counts from a file, no server.

The build reads a page-view export (see :mod:`plugins.most_read.pageviews`
for the accepted CSV flavours: ``path,views``, GoatCounter, Plausible,
Umami) and the legacy ``Views`` counts kept in article headers, and puts two
lists of Articles, most read first, in the template context:

- ``most_read_site`` — the home page block;
- ``most_read_by_section[section_slug]`` — section fronts and articles.

Only articles dated within the window count (``window_days`` before
``now``; by default ``now`` is the newest article's date, so a rebuild of
the same content gives the same lists). With no data the lists are empty
and the theme hides the block. A malformed row is logged as a warning with
its file and line, and skipped.

Setting ``MOST_READ`` (merged over :data:`DEFAULTS`)::

    MOST_READ = {
        "path": "data/analytics/pageviews.csv",  # relative to the working directory
        "window_days": 30,      # None: all time
        "limit": 5,             # articles per list
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
from .ranking import ArticleRef, MostRead, article_views, rank_most_read, window_start

__all__ = [
    "ArticleRef",
    "MostRead",
    "article_views",
    "normalize_path",
    "parse_pageviews",
    "rank_most_read",
]

log = logging.getLogger(__name__)

DEFAULTS: dict = {
    "path": "data/analytics/pageviews.csv",
    "window_days": 30,
    "limit": 5,
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


def article_ref(article) -> ArticleRef:
    """Adapter: the plain values ranking needs from a Pelican article."""
    section = getattr(article, "section", None)
    legacy = getattr(article, "legacy_url", None) or article.metadata.get("legacy_url")
    views = getattr(article, "views", None)
    return ArticleRef(
        key=article.url,
        date=article.date,
        section=section.slug if section else article.category.slug,
        legacy_paths=(str(legacy),) if legacy else (),
        legacy_views=views if isinstance(views, int) else None,
    )


def add_most_read(generator) -> None:
    options = most_read_settings(generator.settings)
    articles = list(generator.articles)
    refs = [article_ref(a) for a in articles]
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


def register() -> None:
    # article_generator_finalized: articles are read and typed (section,
    # views) and the shared context is not yet rendered, so every template —
    # home, section fronts, articles — sees the lists.
    signals.article_generator_finalized.connect(add_most_read)
