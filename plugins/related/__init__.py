"""Related articles (*Tin bài liên quan*), other news, previous / next.

Thin Pelican adapter over :mod:`plugins.related.engine`: reads each published
article once into an :class:`~plugins.related.engine.ArticleRecord`, runs the
engine, and sets on every article:

* ``related_articles``: up to ``RELATED['max_related']`` Article objects
  (editor pins first);
* ``other_news``: up to ``RELATED['other_news']`` newest articles of the same
  section that are not already related (*Các tin bài khác*);
* ``prev_in_section`` / ``next_in_section``: the older / newer article of the
  same section, or ``None``.
"""

from __future__ import annotations

import html
import re

from pelican import signals

from .engine import (
    ArticleRecord,
    RelatedSettings,
    compute_related,
    other_news,
    related_settings,
    section_neighbours,
    sections_newest_first,
)

__all__ = ["attach_related", "record_from_article", "register"]

_TAG = re.compile(r"<[^>]*>")
_HTML_PREFIX = 6000  # more than body_chars of text once tags are stripped


def _plain(markup: str, limit: int) -> str:
    return html.unescape(_TAG.sub(" ", markup[:limit]))


def _slugs(values) -> tuple[str, ...]:
    return tuple(getattr(v, "slug", str(v)) for v in values or ())


def record_from_article(article, settings: RelatedSettings) -> ArticleRecord:
    """Read what the engine needs from a Pelican article (enriched by content_model)."""
    section = getattr(article, "section", None)
    return ArticleRecord(
        slug=article.slug,
        title=_plain(str(article.title), 1000),
        summary=_plain(str(article.metadata.get("summary") or ""), 2000),
        body=_plain(
            getattr(article, "_content", "") or "", max(_HTML_PREFIX, 4 * settings.body_chars)
        ),
        date=article.date,
        section=section.slug if section else article.category.slug,
        provinces=_slugs(getattr(article, "provinces", ())),
        countries=_slugs(getattr(article, "countries", ())),
        organizations=_slugs(getattr(article, "organizations", ())),
        tags=tuple(tag.name for tag in getattr(article, "tags", ()) or ()),
        series=getattr(article, "series", None),
        is_draft=getattr(article, "status", "published") == "draft",
        pinned=tuple(getattr(article, "related_slugs", ()) or ()),
    )


def attach_related(generator) -> None:
    settings = related_settings(generator.settings.get("RELATED"))
    articles = list(generator.articles)
    records = [record_from_article(a, settings) for a in articles]
    by_slug = {a.slug: a for a in articles}
    related = compute_related(records, settings)
    sections = sections_newest_first(records)
    neighbours = section_neighbours(records, sections)
    for article, record in zip(articles, records, strict=True):
        chosen = related.get(record.slug, [])
        article.related_articles = [by_slug[slug] for slug in chosen]
        article.other_news = [
            by_slug[r.slug]
            for r in other_news(record, sections[record.section], chosen, settings.other_news)
        ]
        around = neighbours[record.slug]
        article.prev_in_section = by_slug.get(around.previous) if around.previous else None
        article.next_in_section = by_slug.get(around.next) if around.next else None


def register() -> None:
    # finalized: all articles are read and enriched (content_model runs at
    # pretaxonomy), and nothing has been written yet.
    signals.article_generator_finalized.connect(attach_related)
