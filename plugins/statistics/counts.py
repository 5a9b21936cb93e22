"""Coverage counts: every figure of /thong-ke/ and of the topic sparklines,
in one pass over the build's articles.

Pure: articles in (anything with ``date``, ``section``, ``format``,
``provinces``, ``countries``, ``organizations``), a :class:`Coverage` out;
nothing here imports Pelican. Provinces are the *current* units (34 since
1 July 2025): the content model already maps a former province named in an
article to its current unit, so an article about Thái Bình in 2019 counts
for Hưng Yên, as the province page lists it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from plugins.content_model.model import FORMATS
from plugins.vietnamese.text import sort_key

# How the page names each of the content model's formats.
FORMAT_NAMES = {
    "article": "Bài viết",
    "photo": "Phóng sự ảnh",
    "video": "Video",
    "infographic": "Infographic",
}
__all__ = ["FORMATS", "FORMAT_NAMES", "Coverage", "count_coverage"]

# Topic kinds counted per year (the sparklines of the topic pages).
TOPIC_KINDS = ("province", "country", "organization")


@dataclass
class Coverage:
    """What the articles cover: counts by year, month, section, format and topic."""

    total: int = 0
    years: tuple[int, ...] = ()  # every year from the first article's to the last's
    by_year_section: Counter = field(default_factory=Counter)  # (year, section slug)
    by_month_section: Counter = field(default_factory=Counter)  # ((year, month), section slug)
    formats: Counter = field(default_factory=Counter)  # format
    topics: Counter = field(default_factory=Counter)  # (kind, slug): articles over all time
    topics_by_year: Counter = field(default_factory=Counter)  # (kind, slug, year)
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, slug) → name
    sections: tuple[tuple[str, str], ...] = ()  # (slug, name) in the reference's order

    @property
    def months(self) -> list[tuple[int, int]]:
        """Every month from the first article's to the last's."""
        if not self.by_month_section:
            return []
        first = min(month for month, _ in self.by_month_section)
        last = max(month for month, _ in self.by_month_section)
        months, (year, month) = [], first
        while (year, month) <= last:
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def yearly(self, kind: str, slug: str) -> list[int]:
        """A topic's articles per year, one figure per year of :attr:`years`."""
        return [self.topics_by_year[(kind, slug, year)] for year in self.years]

    def top(self, kind: str, limit: int | None = None) -> list[tuple[str, str, int]]:
        """(slug, name, articles) of one kind, most articles first, then by name."""
        ranked = sorted(
            ((slug, self.names[(k, slug)], n) for (k, slug), n in self.topics.items() if k == kind),
            key=lambda row: (-row[2], sort_key(row[1])),
        )
        return ranked[:limit] if limit is not None else ranked


def count_coverage(articles: Iterable, sections: Sequence = ()) -> Coverage:
    """One pass over ``articles``. ``sections``: the reference's sections
    (``slug``, ``name``), their order; a section no reference names comes
    after them, in the order first seen."""
    coverage = Coverage()
    order = {section.slug: section.name for section in sections}
    seen_years: set[int] = set()
    for article in articles:
        date = article.date
        section = getattr(article, "section", None) or article.category
        order.setdefault(section.slug, section.name)
        coverage.total += 1
        seen_years.add(date.year)
        coverage.by_year_section[(date.year, section.slug)] += 1
        coverage.by_month_section[((date.year, date.month), section.slug)] += 1
        coverage.formats[getattr(article, "format", None) or "article"] += 1
        for kind, values in (
            ("province", getattr(article, "provinces", ())),
            ("country", getattr(article, "countries", ())),
            ("organization", getattr(article, "organizations", ())),
        ):
            for slug in dict.fromkeys(value.slug for value in values or ()):
                coverage.topics[(kind, slug)] += 1
                coverage.topics_by_year[(kind, slug, date.year)] += 1
            for value in values or ():
                coverage.names.setdefault((kind, value.slug), value.name)
    if seen_years:
        coverage.years = tuple(range(min(seen_years), max(seen_years) + 1))
    used = {slug for _, slug in coverage.by_year_section}
    coverage.sections = tuple((slug, name) for slug, name in order.items() if slug in used)
    return coverage
