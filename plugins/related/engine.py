"""Related articles engine: which articles a reader should see next.

Why our own engine rather than pelican-plugins ``related-posts``
----------------------------------------------------------------
``related-posts`` ranks other articles by the number of tags they share
with the current one, and nothing else. Our editors tag broadly ("hữu nghị",
"hợp tác", "giáo dục", "trẻ em" sit on hundreds of articles) and many
articles carry few or no tags, so shared-tag counts mostly tie and the
winners are whatever sorts first. On our labelled evaluation set
(``tests/fixtures/related_eval/``: 62 articles we wrote, in clusters about
one event, province or partner, plus distractors that share the field's
vocabulary, a province or a partner country but not the topic) tags-only
scoring reaches a precision@3 of 0.42; this engine reaches 0.99
(``python -m bench --only related-quality`` prints both;
``tests/test_related_quality.py`` asserts the 0.85 floor). What we add:

* text similarity: TF-IDF over NFC, lower-cased Vietnamese syllables *and*
  syllable bigrams (most Vietnamese words have two syllables, so
  ``"hữu nghị"`` or ``"cao bằng"`` is the real unit of meaning), a small
  stop-list, no bigram across punctuation or a stop syllable, the title and
  summary counted more than the body;
* the reference metadata: shared current provinces (a former province has
  already been resolved to its current unit by the content model), partner
  countries, organizations, keywords and series;
* a recency factor: of two equally similar articles the one closer in time
  is the more useful;
* the editor's pins (``Related:``) first.

How it avoids a loop over all pairs
-----------------------------------
Every document is reduced to its ``max_terms`` best-weighted terms, L2
normalised. An inverted index maps each term to the documents where it
weighs most (at most ``max_postings`` of them), and each metadata value
(province, partner, organization, keyword, series) to its documents sorted
by date. Candidates for an article are the documents that share the most of
its ``query_terms`` best terms and of its metadata values (only the
``metadata_window`` documents nearest in date per value), counted with
:class:`collections.Counter` in C; only the best ``candidate_pool`` are
scored exactly. Work per article is bounded by these constants, so time
grows linearly with the number of articles. The hot path uses C-level
builtins (``str.split``/``replace``, ``Counter``, ``map``, set operations)
rather than Python loops over syllables.

Speed (``python -m bench --articles 1000 10000 40000 --only related``): on
the 2-core build machine the whole step costs about 0.4 ms of CPU per
article (≈4 s at 10k, ≈20 s at 40k; 40k/10k ≈ 4.5–5). The 1 s at 10k goal
is not met in pure CPython: merely lower-casing, splitting and counting
the ~500 terms of one article (title, summary, the first ``body_chars`` of
the body, with bigrams) costs ≈0.1 ms here, i.e. ≈1 s at 10k before any
similarity is computed. See the report of issue 4 for the measurements
and the options left (a per-article term cache across builds, a compiled
extension).

Nothing here imports Pelican: records in, slugs out.
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from itertools import chain, repeat
from operator import add, itemgetter, mul

__all__ = [
    "ArticleRecord",
    "Neighbours",
    "RelatedSettings",
    "compute_related",
    "document_terms",
    "other_news",
    "related_settings",
    "section_neighbours",
    "sections_newest_first",
    "syllables",
    "tags_only_related",
]


@dataclass(frozen=True)
class ArticleRecord:
    """What the engine knows about one article (plain values, no Pelican)."""

    slug: str
    title: str
    summary: str
    body: str
    date: datetime
    section: str = ""
    provinces: tuple[str, ...] = ()  # current province slugs
    countries: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    series: str | None = None
    is_draft: bool = False
    pinned: tuple[str, ...] = ()  # editor's ``Related:`` slugs, in order


@dataclass(frozen=True)
class RelatedSettings:
    """``RELATED`` setting; any key given in pelicanconf.py overrides these."""

    max_related: int = 5
    other_news: int = 6
    # Text: how many times a title / summary syllable counts against a body one.
    title_weight: int = 2
    summary_weight: int = 1
    body_chars: int = 600  # the lede carries the topic; the rest adds cost, not signal
    # Metadata: added to the cosine for each shared value.
    province_weight: float = 0.08
    country_weight: float = 0.06
    organization_weight: float = 0.10
    tag_weight: float = 0.04
    series_weight: float = 0.30
    # Recency: score *= (1 - recency_weight) + recency_weight * 0.5 ** (days / half_life)
    recency_weight: float = 0.25
    recency_half_life_days: float = 180.0
    # Index limits (speed): see the module docstring.
    max_df_ratio: float = 0.5  # terms in more documents than this are noise
    max_terms: int = 30
    query_terms: int = 8
    max_postings: int = 24
    metadata_window: int = 12  # articles sharing a province, tag… nearest in time
    candidate_pool: int = 10

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(
                    f"RELATED['{item.name}'] phải là một số không âm, nhận được {value!r}"
                )


def related_settings(overrides: Mapping[str, object] | None) -> RelatedSettings:
    """Merge the ``RELATED`` setting over the defaults; unknown keys are an error."""
    overrides = dict(overrides or {})
    known = {item.name for item in fields(RelatedSettings)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(
            f"RELATED: khóa không hợp lệ {', '.join(unknown)}; các khóa hợp lệ: {', '.join(sorted(known))}"
        )
    return replace(RelatedSettings(), **overrides)


# --- text -------------------------------------------------------------------

# Function words that carry no topic. Kept small on purpose: IDF does the rest.
STOP_SYLLABLES = frozenset(
    """
    và của các những là có được cho với trong tại đã sẽ đang này đó một để từ
    theo về khi cũng như thì mà ra vào lên nhiều không hơn rất đến nhau trên
    dưới sau trước còn do bị nên vì hay hoặc nhưng đây ấy ở qua lại việc cùng
    gì nhằm ngày tháng năm ông bà anh chị em họ chúng tôi ta mình nào đều chỉ
    vẫn luôn đồng thời bên cạnh tới nay hôm vừa mới cả số
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_GAP = "\x00"  # stands for a stop syllable or punctuation: no bigram spans it
_MARK = dict.fromkeys(STOP_SYLLABLES, _GAP)
# Marks that end a sentence or clause: no bigram spans them. Replaced with
# str.replace (a C scan per mark) rather than a Unicode regex, which costs
# several times more on this hot path; a rare mark left glued to a syllable
# only makes that one term rarer.
_BREAKS = tuple('.,;:!?()[]{}"“”‘’«»–—…/|*#')
_BREAK_GAP = f" {_GAP} "


def syllables(text: str) -> list[str]:
    """NFC, lower-cased syllables; stop syllables and punctuation become gaps."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.lower()
    for mark in _BREAKS:
        if mark in text:
            text = text.replace(mark, _BREAK_GAP)
    tokens = text.split()
    return list(map(_MARK.get, tokens, tokens))  # C-level: stop syllable → gap


def _terms(tokens: list[str]) -> list[str]:
    """Syllables plus syllable bigrams (``"hữu nghị"``); gap terms are dropped later."""
    return tokens + list(map(" ".join, zip(tokens, tokens[1:], strict=False)))


def document_terms(record: ArticleRecord, settings: RelatedSettings) -> Counter:
    """Term counts of one article, title and summary counted several times."""
    title = _terms(syllables(record.title))
    summary = _terms(syllables(record.summary))
    body = _terms(syllables(record.body[: settings.body_chars]))
    return Counter(title * settings.title_weight + summary * settings.summary_weight + body)


# --- index ------------------------------------------------------------------


@dataclass
class _Index:
    vectors: list[dict[str, float]]  # term → weight, L2-normalised, top max_terms
    keys: list[frozenset[str]]
    query_terms: list[list[str]]  # the best query_terms terms, best first
    idf: dict[str, float]
    postings: dict[str, list[int]] = field(default_factory=dict)


def _top_terms(
    doc: Counter, terms: list[str], idf: Mapping[str, float], settings: RelatedSettings
) -> tuple[dict[str, float], list[str]]:
    """Sublinear TF × IDF, best ``max_terms`` kept, L2-normalised.

    ``terms`` keeps the document's first-occurrence order and the sort is
    stable, so equal weights always come out in the same order.
    """
    tf = map(add, repeat(1.0), map(math.log, map(doc.__getitem__, terms)))
    weighted = list(zip(map(mul, tf, map(idf.__getitem__, terms)), terms, strict=False))
    weighted.sort(key=itemgetter(0), reverse=True)
    best = weighted[: settings.max_terms]
    norm = math.hypot(*map(itemgetter(0), best)) or 1.0
    vector = {term: weight / norm for weight, term in best}
    return vector, [term for _, term in best[: settings.query_terms]]


def _build_index(records: Sequence[ArticleRecord], settings: RelatedSettings) -> _Index:
    counts = [document_terms(r, settings) for r in records]
    df: Counter = Counter()
    for doc in counts:
        df.update(doc.keys())  # an iterable (not a mapping): counted in C
    total = len(records)
    max_df = max(int(settings.max_df_ratio * total), min(total, 20))  # small sites: no pruning
    # A term seen in one document cannot relate two; one in most is noise.
    idf = {
        t: math.log(total / n) + 1.0 for t, n in df.items() if 2 <= n <= max_df and _GAP not in t
    }

    vectors: list[dict[str, float]] = []
    keys: list[frozenset[str]] = []
    query_terms: list[list[str]] = []
    postings: dict[str, list[tuple[float, int]]] = {}
    for doc_id, doc in enumerate(counts):
        vector, best = _top_terms(doc, list(filter(idf.__contains__, doc)), idf, settings)
        vectors.append(vector)
        keys.append(frozenset(vector))
        query_terms.append(best)
        for term, weight in vector.items():
            postings.setdefault(term, []).append((weight, doc_id))
    capped: dict[str, list[int]] = {}
    for term, docs in postings.items():
        if len(docs) > settings.max_postings:
            docs.sort(key=itemgetter(0), reverse=True)  # stable: ties keep doc order
            del docs[settings.max_postings :]
        capped[term] = list(map(itemgetter(1), docs))
    return _Index(vectors, keys, query_terms, idf, capped)


def _metadata_keys(
    record: ArticleRecord, weights: dict[str, float], settings: RelatedSettings
) -> frozenset[str]:
    """One set per article of ``kind:value`` keys, so one intersection scores them all."""
    keys = []
    for kind, values, weight in (
        ("p", record.provinces, settings.province_weight),
        ("c", record.countries, settings.country_weight),
        ("o", record.organizations, settings.organization_weight),
        ("t", record.tags, settings.tag_weight),
        ("s", (record.series,) if record.series else (), settings.series_weight),
    ):
        for value in values:
            key = f"{kind}:{value}"
            weights[key] = weight
            keys.append(key)
    return frozenset(keys)


def _metadata_postings(
    metadata: Sequence[frozenset[str]], stamps: Sequence[float]
) -> dict[str, tuple[list[float], list[int]]]:
    """Metadata key → (dates, documents), sorted by date, for :func:`_nearest`."""
    members: dict[str, list[int]] = {}
    for doc_id, keys in enumerate(metadata):
        for key in keys:
            members.setdefault(key, []).append(doc_id)
    result = {}
    for key, docs in members.items():
        docs.sort(key=stamps.__getitem__)  # stable: equal dates keep document order
        result[key] = (list(map(stamps.__getitem__, docs)), docs)
    return result


def _nearest(posting: tuple[list[float], list[int]], stamp: float, window: int) -> list[int]:
    """The ``window`` documents of a metadata posting closest in date to ``stamp``.

    A province or a broad keyword may have thousands of articles; the ones
    published around the same time are the likely follow-ups, and looking
    only at them keeps the cost per article constant.
    """
    dates, docs = posting
    if len(docs) <= window:
        return docs
    middle = bisect_left(dates, stamp)
    start = min(max(0, middle - window // 2), len(docs) - window)
    return docs[start : start + window]


# --- scoring ----------------------------------------------------------------


def compute_related(
    records: Sequence[ArticleRecord], settings: RelatedSettings | None = None
) -> dict[str, list[str]]:
    """Slug → up to ``max_related`` related slugs: editor pins first, then best scores.

    Never the article itself, never a draft; an unknown pinned slug is skipped
    (``make check`` reports it). Ties: score desc, date desc, slug asc.
    """
    settings = settings or RelatedSettings()
    published = [r for r in records if not r.is_draft]
    ids = {r.slug: i for i, r in enumerate(published)}
    index = _build_index(published, settings)
    meta_weight: dict[str, float] = {}
    metadata = [_metadata_keys(r, meta_weight, settings) for r in published]
    stamps = [r.date.timestamp() for r in published]
    by_key = _metadata_postings(metadata, stamps)
    slugs = [r.slug for r in published]
    vectors, term_sets, postings = index.vectors, index.keys, index.postings
    half_life = max(settings.recency_half_life_days, 1e-9) * 86400.0
    keep_fixed, recency = 1.0 - settings.recency_weight, settings.recency_weight
    pool, wanted, window = settings.candidate_pool, settings.max_related, settings.metadata_window
    weight_of = meta_weight.__getitem__

    result: dict[str, list[str]] = {}
    for record in records:
        pins = [s for s in dict.fromkeys(record.pinned) if s != record.slug and s in ids][:wanted]
        if len(pins) == wanted:
            result[record.slug] = pins
            continue
        own = ids.get(record.slug) if not record.is_draft else None
        if own is None:  # a draft: scored against the published ones
            vector, best = _query_vector(record, index, settings)
            own_meta = _metadata_keys(record, meta_weight, settings)
        else:
            vector, best, own_meta = vectors[own], index.query_terms[own], metadata[own]
        stamp = record.date.timestamp()

        # Candidates: documents sharing the most of the best terms and metadata.
        windows = [
            _nearest(by_key[key], stamp, window) for key in sorted(own_meta) if key in by_key
        ]
        shared = Counter(
            chain(
                chain.from_iterable(map(postings.__getitem__, filter(postings.__contains__, best))),
                chain.from_iterable(windows),
            )
        )
        ranked = sorted(shared.items(), key=itemgetter(1), reverse=True)
        candidates = list(map(itemgetter(0), ranked[: pool + 1]))
        excluded = {ids[s] for s in pins}
        if own is not None:
            excluded.add(own)

        # Exact score of the few candidates.
        q_get, q_keys = vector.__getitem__, vector.keys()
        scored = []
        for doc in candidates:
            if doc in excluded:
                continue
            common = term_sets[doc] & q_keys
            score = sum(map(mul, map(q_get, common), map(vectors[doc].__getitem__, common)))
            score += sum(map(weight_of, own_meta & metadata[doc]))
            if score > 0.0:
                score *= keep_fixed + recency * 0.5 ** (abs(stamp - stamps[doc]) / half_life)
                scored.append((-round(score, 9), -stamps[doc], slugs[doc]))
        scored.sort()
        result[record.slug] = pins + [slug for _, _, slug in scored[: wanted - len(pins)]]
    return result


def _query_vector(
    record: ArticleRecord, index: _Index, settings: RelatedSettings
) -> tuple[dict[str, float], list[str]]:
    """Vector of an article outside the index (a draft), over the index's terms."""
    doc = document_terms(record, settings)
    return _top_terms(doc, list(filter(index.idf.__contains__, doc)), index.idf, settings)


def tags_only_related(records: Sequence[ArticleRecord], count: int = 5) -> dict[str, list[str]]:
    """The baseline: rank by the number of shared tags (what ``related-posts`` does).

    Same exclusions and tie-breaking as :func:`compute_related`, for a fair comparison.
    """
    published = [r for r in records if not r.is_draft]
    by_tag: dict[str, list[ArticleRecord]] = {}
    for record in published:
        for tag in record.tags:
            by_tag.setdefault(tag, []).append(record)
    result = {}
    for record in records:
        shared = Counter(
            other.slug
            for tag in record.tags
            for other in by_tag.get(tag, ())
            if other.slug != record.slug
        )
        dates = {r.slug: r.date for tag in record.tags for r in by_tag.get(tag, ())}
        ranked = sorted(shared, key=lambda s: (-shared[s], -dates[s].timestamp(), s))
        result[record.slug] = ranked[:count]
    return result


# --- other news, previous / next ---------------------------------------------


def sections_newest_first(records: Iterable[ArticleRecord]) -> dict[str, list[ArticleRecord]]:
    """Published records per section, newest first (ties: slug)."""
    sections: dict[str, list[ArticleRecord]] = {}
    for record in records:
        if not record.is_draft:
            sections.setdefault(record.section, []).append(record)
    for members in sections.values():
        members.sort(key=lambda r: r.slug)
        members.sort(key=lambda r: r.date, reverse=True)
    return sections


def other_news(
    article: ArticleRecord,
    section_articles: Sequence[ArticleRecord],
    exclude: Iterable[str] = (),
    count: int = 6,
) -> list[ArticleRecord]:
    """*Các tin bài khác*: the newest articles of the section, minus ``exclude``.

    ``section_articles`` must be newest first (:func:`sections_newest_first`);
    the article itself and drafts are skipped. Stops after ``count`` matches,
    so it costs O(count + len(exclude)) per article, not the section size.
    """
    skip = set(exclude)
    skip.add(article.slug)
    chosen: list[ArticleRecord] = []
    for candidate in section_articles:
        if len(chosen) >= count:
            break
        if candidate.slug not in skip and not candidate.is_draft:
            chosen.append(candidate)
    return chosen


@dataclass(frozen=True)
class Neighbours:
    previous: str | None  # older article of the same section
    next: str | None  # newer article of the same section


def section_neighbours(records: Iterable[ArticleRecord]) -> dict[str, Neighbours]:
    """Previous (older) and next (newer) article within each section, by date."""
    result: dict[str, Neighbours] = {}
    for members in sections_newest_first(records).values():
        for position, record in enumerate(members):
            newer = members[position - 1].slug if position > 0 else None
            older = members[position + 1].slug if position + 1 < len(members) else None
            result[record.slug] = Neighbours(previous=older, next=newer)
    return result
