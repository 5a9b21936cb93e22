"""Content model: typed metadata on every article.

After Pelican reads the articles and before it builds categories and tags,
each article gets typed attributes resolved against the reference data:
``section``, ``subsection``, ``province_mentions``, ``provinces`` (current
units), ``countries``, ``organizations``, ``related_slugs``, ``series``,
``series_part``, ``series_parts`` (the series' published parts, in order), ``format``, ``featured``, ``views``;
``image_caption`` gives up a credit it ends with to ``image_credit``. Its Pelican category is
replaced by the canonical section name so that an alias never creates a
second section page.

In the context, ``multimedia_articles``: the newest videos, infographics
and photo stories (:func:`newest_multimedia`).
"""

from __future__ import annotations

from dataclasses import fields

from pelican import signals
from pelican.urlwrappers import Category

from plugins.reference import reference_for

from .enrich import Topics, lead_caption, resolve_topics, series_parts
from .model import FIELDS, FIELDS_BY_NAME, parse_datetime, read_header, split_list

__all__ = [
    "FIELDS",
    "FIELDS_BY_NAME",
    "Topics",
    "parse_datetime",
    "read_header",
    "resolve_topics",
    "split_list",
]


def enrich_articles(generator) -> None:
    reference = reference_for(generator.settings)
    for article in (*generator.articles, *generator.drafts, *generator.hidden_articles):
        topics = resolve_topics(article.metadata, reference)
        for item in fields(Topics):
            setattr(article, item.name, getattr(topics, item.name))
        if topics.section and article.category.name != topics.section.name:
            article.category = Category(topics.section.name, generator.settings)
        if getattr(article, "image_caption", None) or getattr(article, "image_credit", None):
            article.image_caption, article.image_credit = lead_caption(
                getattr(article, "image_caption", "") or "", getattr(article, "image_credit", "")
            )


def link_series(generator) -> None:
    """``article.series_parts``: the published parts of its series, in order."""
    by_series = series_parts(generator.articles)
    for article in (*generator.articles, *generator.drafts, *generator.hidden_articles):
        article.series_parts = by_series.get(getattr(article, "series", None), [])


# The article page's Multimedia strip (theme/templates/article.html).
MULTIMEDIA_FORMATS = ("video", "infographic", "photo")
MULTIMEDIA_LIMIT = 8  # four shown, after those the page already lists


def newest_of_formats(articles, formats=MULTIMEDIA_FORMATS, limit=MULTIMEDIA_LIMIT) -> list:
    """The ``limit`` newest of ``articles`` whose ``format`` is one of ``formats``."""
    newest = sorted(articles, key=lambda a: a.date, reverse=True)
    return [a for a in newest if getattr(a, "format", "") in formats][:limit]


def newest_multimedia(generator) -> None:
    """``multimedia_articles`` in the context: made once, not by each of
    thousands of article pages scanning every article."""
    generator.context["multimedia_articles"] = newest_of_formats(generator.articles)


def register() -> None:
    # pretaxonomy: articles are read, categories/tags not yet built.
    signals.article_generator_pretaxonomy.connect(enrich_articles)
    # finalized: the published list is final (drafts and hidden ones removed).
    signals.article_generator_finalized.connect(link_series)
    signals.article_generator_finalized.connect(newest_multimedia)
