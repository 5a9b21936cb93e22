"""Two baselines the engine is measured against (``make bench --only related-quality``).

* :func:`tags_only_related`: the number of shared tags, what pelican-plugins
  ``related-posts`` does;
* :func:`plain_tfidf_related`: plain syllable TF-IDF over the whole text
  (title, summary, body; no stop list, no field weighting, no metadata, no
  dates), cosine similarity over all pairs: what a developer writes first.

Both use the engine's exclusions (never the article itself, never a draft)
and its tie-breaking (score desc, date desc, slug asc), so that the
comparison is fair. They loop over all pairs: fine for the labelled sets
(tens of articles), not meant for a site.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from .engine import ArticleRecord

__all__ = ["plain_tfidf_related", "tags_only_related"]


def _ranked(scores: dict[str, float], dates: dict[str, float], count: int) -> list[str]:
    ordered = sorted(
        (s for s, v in scores.items() if v > 0), key=lambda s: (-scores[s], -dates[s], s)
    )
    return ordered[:count]


def tags_only_related(records: Sequence[ArticleRecord], count: int = 5) -> dict[str, list[str]]:
    """Rank by the number of shared tags."""
    published = [r for r in records if not r.is_draft]
    dates = {r.slug: r.date.timestamp() for r in published}
    by_tag: dict[str, list[str]] = {}
    for record in published:
        for tag in dict.fromkeys(record.tags):
            by_tag.setdefault(tag, []).append(record.slug)
    result = {}
    for record in records:
        shared = Counter(
            other
            for tag in dict.fromkeys(record.tags)
            for other in by_tag.get(tag, ())
            if other != record.slug
        )
        result[record.slug] = _ranked(dict(shared), dates, count)
    return result


_WORD = re.compile(r"\w+")


def _syllable_counts(record: ArticleRecord) -> Counter:
    text = unicodedata.normalize("NFC", f"{record.title}\n{record.summary}\n{record.body}")
    return Counter(_WORD.findall(text.lower()))


def plain_tfidf_related(records: Sequence[ArticleRecord], count: int = 5) -> dict[str, list[str]]:
    """Rank by the cosine of raw-count × ``log(N / df)`` syllable vectors."""
    published = [r for r in records if not r.is_draft]
    dates = {r.slug: r.date.timestamp() for r in published}
    counts = {r.slug: _syllable_counts(r) for r in records}
    df = Counter(term for r in published for term in counts[r.slug])
    total = len(published)
    vectors = {}
    for slug, terms in counts.items():
        vector = {t: n * math.log(total / df[t]) for t, n in terms.items() if df.get(t)}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors[slug] = {t: w / norm for t, w in vector.items()}
    result = {}
    for record in records:
        own = vectors[record.slug]
        scores = {
            other.slug: sum(w * vectors[other.slug].get(t, 0.0) for t, w in own.items())
            for other in published
            if other.slug != record.slug
        }
        result[record.slug] = _ranked(scores, dates, count)
    return result
