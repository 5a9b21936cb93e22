"""Rank articles by views over a window: pure functions over plain values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .pageviews import normalize_path


@dataclass(frozen=True)
class ArticleRef:
    """What ranking needs to know about one article."""

    key: str  # the article's URL, e.g. "bai-viet/x/"
    date: datetime
    section: str  # section slug ("" if none)
    legacy_paths: tuple[str, ...] = ()  # Legacy_URL, as written
    legacy_views: int | None = None  # Views header (count kept from the old CMS)
    # Its translations' addresses in the other editions (EDITION_ALTERNATES):
    # the same story, read there when the export has nothing for it here.
    translation_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class MostRead:
    """Article keys, most read first: site-wide and per section slug."""

    site: tuple[str, ...] = ()
    by_section: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def article_views(
    articles: Iterable[ArticleRef], path_views: Mapping[str, int], siteurl: str = ""
) -> dict[str, int]:
    """Views per article key.

    An article's views are the sum over its current address and its legacy
    addresses in the export; an article the export does not mention has its
    legacy ``Views`` count, else its translations' count in the export (an
    English article ranked by the readers of its Vietnamese story: the
    English edition's pages had no count, and its *Most read* was only the
    newest articles), else 0.
    """
    views: dict[str, int] = {}
    for article in articles:
        found = _found(path_views, siteurl, (article.key, *article.legacy_paths))
        if not found and article.legacy_views is None:
            found = _found(path_views, siteurl, article.translation_paths)
        views[article.key] = sum(found) if found else (article.legacy_views or 0)
    return views


def _found(path_views: Mapping[str, int], siteurl: str, addresses: Iterable[str]) -> list[int]:
    paths = {normalize_path(address, siteurl) for address in addresses}
    return [path_views[p] for p in paths if p is not None and p in path_views]


def window_start(
    articles: Sequence[ArticleRef], window_days: int | None, now: datetime | None
) -> datetime | None:
    """Start of the window: ``window_days`` before ``now`` (default: the newest article's date)."""
    if not window_days or not articles:
        return None
    reference = now or max(a.date for a in articles)
    return reference - timedelta(days=window_days)


def rank_most_read(
    articles: Sequence[ArticleRef],
    views: Mapping[str, int],
    *,
    window_days: int | None = 30,
    now: datetime | None = None,
    limit: int = 5,
) -> MostRead:
    """Most-read lists: articles dated within the window, with at least one view,
    most views first (ties: newer first). Empty when nothing qualifies."""
    start = window_start(articles, window_days, now)
    end = now
    eligible = [
        a
        for a in articles
        if views.get(a.key, 0) > 0
        and (start is None or a.date >= start)
        and (end is None or a.date <= end)
    ]
    eligible.sort(key=lambda a: (-views[a.key], -a.date.timestamp(), a.key))
    by_section: dict[str, list[str]] = defaultdict(list)
    for article in eligible:
        if article.section and len(by_section[article.section]) < limit:
            by_section[article.section].append(article.key)
    return MostRead(
        site=tuple(a.key for a in eligible[:limit]),
        by_section={slug: tuple(keys) for slug, keys in by_section.items()},
    )


def fill_most_read(
    pools: Iterable[Iterable[str]],
    *,
    exclude: Iterable[str] = (),
    limit: int = 5,
    minimum: int = 3,
) -> tuple[str, ...]:
    """A full Đọc nhiều list: keys taken from ``pools`` in order, skipping
    ``exclude`` and repeats, up to ``limit``.

    The pools go from the best evidence to the weakest (views from the
    export, then recent articles), so a site with few counted views still
    gets a whole list. Fewer than ``minimum`` keys in all gives ``()``: a
    block of one or two headlines is not shown at all.
    """
    skip = set(exclude)
    chosen: list[str] = []
    for pool in pools:
        for key in pool:
            if len(chosen) >= limit:
                break
            if key in skip:
                continue
            skip.add(key)
            chosen.append(key)
    return tuple(chosen) if len(chosen) >= max(minimum, 1) else ()
