"""Tag, category, author and period-archive pages without quadratic scans.

Why: Pelican's ``ArticlesGenerator`` gives each of these listings its
``dates`` (the listing's articles in archive order) by testing
``article in articles`` for every article of the site against a list:
quadratic. At 10,000 articles that is 2.0 s for the period archives (in
``generate_context``) and 5 s for the tag, author and category pages (in
``generate_output``, so in *every* render process of the parallel plugin):
7 s of a 40 s one-article-edit rebuild (``python -m cProfile`` of a serial
rebuild, see the README's benchmark section).

How: on ``article_generator_init`` the generator's ``_build_period_archives``,
``generate_tags``, ``generate_categories`` and ``generate_authors`` are
replaced, on that instance only, by versions that build the same lists with
:mod:`.groups` (identity sets and positions: Pelican's content objects have
no ``__eq__``) and write the same pages with the same arguments. The output
is byte for byte Pelican's (tests/test_listings.py and the golden tree).
Pelican is pinned (pyproject.toml): a new version must be checked against
these four methods.
"""

from __future__ import annotations

import calendar
import logging
from collections import defaultdict
from functools import partial
from operator import attrgetter
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError

from plugins.fixed_urls import scheme

from .groups import members_in_order, period_groups, positions

__all__ = ["build_period_archives", "register", "write_groups"]

logger = logging.getLogger(__name__)

GRANULARITY_KEYS = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def build_period_archives(sorted_articles: list, articles: list, settings: dict) -> defaultdict:
    """What ``ArticlesGenerator._build_period_archives`` returns: for each
    granularity whose ``*_ARCHIVE_SAVE_AS`` is set, one archive per period
    (``dates``, ``articles``, ``save_as``, ``url``, ``period``, ``period_num``)."""
    archives: defaultdict[str, list[dict]] = defaultdict(list)  # as Pelican's
    for granularity, key in GRANULARITY_KEYS.items():
        kind = f"{granularity}_archive"  # YEAR_ARCHIVE_URL, YEAR_ARCHIVE_SAVE_AS …
        if not scheme.pattern(settings, kind, "SAVE_AS"):
            continue
        for period, dates, members in period_groups(sorted_articles, articles, key):
            first = dates[0].date
            if granularity == "year":
                label: tuple = (period,)
                number: tuple = (period,)
            else:
                label = (period[0], calendar.month_name[period[1]], *period[2:])
                number = tuple(period)
            archives[granularity].append(
                {
                    "dates": dates,
                    "articles": members,
                    "save_as": scheme.save_as_for(settings, kind, date=first),
                    "url": scheme.url_for(settings, kind, date=first),
                    "period": label,
                    "period_num": number,
                }
            )
    return archives


def write_groups(generator: Any, write: Any, kind: str, groups: Any) -> None:
    """Write one page per ``(name, articles)`` of ``groups`` with the
    ``kind`` template (``tag``, ``category``, ``author``), as Pelican does."""
    template = generator.get_template(kind)
    where = positions(generator.dates)
    for name, articles in groups:
        try:
            write(
                name.save_as,
                template,
                generator.context,
                url=name.url,
                articles=articles,
                dates=members_in_order(generator.dates, articles, where),
                template_name=kind,
                blog=True,
                page_name=name.page_name,
                all_articles=generator.articles,
                **{kind: name},
            )
        except FileOverwriteFailedError:
            if name.slug:
                logger.error("Không ghi được trang %s “%s” (trùng tệp).", kind, name)
                raise
            logger.info("Bỏ qua trang %s “%s”: tên không tạo được slug.", kind, name)


def _write_tags(generator: Any, write: Any) -> None:
    write_groups(generator, write, "tag", generator.tags.items())


def _write_categories(generator: Any, write: Any) -> None:
    write_groups(generator, write, "category", generator.categories)


def _write_authors(generator: Any, write: Any) -> None:
    write_groups(generator, write, "author", generator.authors)


def install(generator: Any) -> None:
    """article_generator_init: linear listings on this generator."""
    if not isinstance(generator, ArticlesGenerator):
        return
    generator._build_period_archives = build_period_archives
    generator.generate_tags = partial(_write_tags, generator)
    generator.generate_categories = partial(_write_categories, generator)
    generator.generate_authors = partial(_write_authors, generator)


def register() -> None:
    signals.article_generator_init.connect(install)
