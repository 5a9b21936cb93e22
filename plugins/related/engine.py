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
scoring reaches a precision@3 of 0.42; this engine reaches 0.98
(``python -m bench --only related-quality`` prints both;
``tests/test_related_quality.py`` asserts the 0.85 floor). What we add:

* text similarity: TF-IDF over NFC, lower-cased Vietnamese syllables and
  syllable bigrams (most Vietnamese words have two syllables, so
  ``"hữu nghị"`` or ``"cao bằng"`` is the real unit of meaning): the
  title's syllables and bigrams, the bigrams of the summary and of the first
  ``body_chars`` of the body; a small stop-list, no bigram across
  punctuation or a stop syllable, the title counted more than the rest;
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
weighs most (at most ``max_postings`` of them, each document listed under
its ``indexed_terms`` best terms), and each metadata value (province,
partner, organization, keyword, series) to its documents sorted by date.
Candidates for an article are the documents that share the most of its
``query_terms`` best terms and of its metadata values (only the
``metadata_window`` documents nearest in date per value), counted with
:class:`collections.Counter` in C; only the best ``candidate_pool`` are
scored exactly, and a pair scored for one article is reused for the other.
Work per article is bounded by these constants, so time grows linearly with
the number of articles.

Speed
-----
Measured with ``python -m bench --articles 1000 10000 40000 --only related``
on the 2-core build machine: 0.14 s at 1k, 0.94 s at 10k, 4.0 s at 40k
(40k/10k: 4.3), related lists, other news and previous/next included.
What it costs, per article: lower-casing, splitting and counting the terms
≈50 µs (a CPython floor: C-level ``str`` methods and ``Counter`` already),
weighting and keeping the best terms ≈25 µs, ranking ≈50 µs. What keeps
it within the goal:

* from ``parallel_from`` published articles on, the work is split with one
  forked helper (:mod:`.forking`): each process tokenises and weighs a
  share of the articles (the helper sends its document frequencies,
  receives the IDF, sends back its vectors as term ids), then each ranks
  half of them. The helper shares the records and the index by
  copy-on-write, so only small results cross the pipe; the result is
  exactly the serial one (tested);
* documents are numbered by date, so postings are date-sorted as built,
  the shares are date ranges (the parent lists its own postings while the
  helper finishes; the helper's documents, all newer, are appended), and
  the pairs an article scores mostly fall in its own half, where the cache
  of symmetric pair scores finds them;
* bigrams only for running text: a lone syllable of the body ("hợp",
  "tác") says little about the topic, and dropping them halves the terms to
  count and weigh (precision@3 on the evaluation set unchanged);
* the cyclic garbage collector is paused during the run: millions of small
  objects, none of them cyclic garbage.

Quality at scale: ``python -m bench --only related-scale`` ranks the
labelled set inside a synthetic corpus (precision@3 0.91 among 2,000
articles, tags-only 0.17); the index limits above (``indexed_terms``,
``candidate_pool``) are set so that it stays above the 0.85 goal.

Nothing here imports Pelican: records in, slugs out.
"""

from __future__ import annotations

import gc
import math
import os
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from itertools import chain, islice, repeat
from operator import attrgetter, itemgetter, mul, truediv
from typing import NamedTuple

from .forking import Channel, ForkedHelper, can_fork

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
    body_chars: int = 300  # the lede carries the topic; the rest adds cost, not signal
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
    max_df_ratio: float = 0.1  # terms in more documents than this are noise
    max_terms: int = 30
    indexed_terms: int = 30  # a document is a candidate for its best terms only
    query_terms: int = 5
    max_postings: int = 12
    metadata_window: int = 8  # articles sharing a province, tag… nearest in time
    candidate_pool: int = 8
    # Two processes (one forked helper) from this many published articles on;
    # ``workers`` 0 = as many as the machine has (only 1 or 2+ matters), 1 = never.
    parallel_from: int = 2000
    workers: int = 0

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


def _bigrams(tokens: list[str]) -> list[str]:
    """Syllable bigrams (``"hữu nghị"``); those touching a gap are dropped later."""
    return list(map(" ".join, zip(tokens, tokens[1:], strict=False)))


def document_terms(record: ArticleRecord, settings: RelatedSettings) -> Counter:
    """Term counts of one article, title and summary counted several times.

    The title contributes its syllables and bigrams; the summary and body
    their bigrams only. A lone syllable of running text ("hợp", "tác",
    "nhân") says little about the topic, while one-syllable names that
    matter ("Lào", "Huế") are in titles, and doubling the terms of the
    longest texts is what costs most (see the module docstring).
    """
    title_syllables = syllables(record.title)
    title = title_syllables + _bigrams(title_syllables)
    body = record.body[: settings.body_chars]
    if settings.summary_weight == 1:  # one pass; the full stop keeps bigrams apart
        return Counter(
            title * settings.title_weight + _bigrams(syllables(f"{record.summary} . {body}"))
        )
    summary = _bigrams(syllables(record.summary)) * settings.summary_weight
    return Counter(title * settings.title_weight + summary + _bigrams(syllables(body)))


# --- index ------------------------------------------------------------------


@dataclass
class _Index:
    vectors: list[dict[int, float]]  # term id → weight, L2-normalised, top max_terms
    keys: list[frozenset[int]]
    query_terms: list[list[int]]  # the best query_terms term ids, best first
    idf: dict[str, float]
    term_ids: dict[str, int]
    postings: dict[int, list[int]] = field(default_factory=dict)


def _document_frequencies(counts: Iterable[Counter]) -> Counter:
    df: Counter = Counter()
    for doc in counts:
        df.update(doc.keys())  # an iterable (not a mapping): counted in C
    return df


def _inverse_frequencies(df: Mapping[str, int], total: int, settings: RelatedSettings) -> dict:
    """IDF of the terms that can relate two articles, in a deterministic order."""
    max_df = max(int(settings.max_df_ratio * total), min(total, 20))  # small sites: no pruning
    # A term seen in one document cannot relate two; one in most is noise.
    return {
        t: math.log(total / n) + 1.0
        for t, n in df.items()  # first-seen order: the same serial or forked
        if 2 <= n <= max_df and _GAP not in t
    }


# Sublinear TF: 1 + log(count), looked up for the usual small counts.
_TF = [0.0] + [1.0 + math.log(n) for n in range(1, 256)]


def _top_terms(
    doc: Counter,
    idf: Mapping[str, float],
    term_ids: Mapping[str, int],
    settings: RelatedSettings,
) -> tuple[dict[int, float], list[int]]:
    """Sublinear TF × IDF, best ``max_terms`` kept, L2-normalised, as term ids.

    The document keeps its first-occurrence order and the sort is stable, so
    equal weights always come out in the same order.
    """
    terms = list(filter(idf.__contains__, doc))
    counts = list(map(doc.__getitem__, terms))
    if counts and max(counts) >= len(_TF):
        tf = [1.0 + math.log(count) for count in counts]
    else:
        tf = map(_TF.__getitem__, counts)
    weighted = list(
        zip(
            map(mul, tf, map(idf.__getitem__, terms)), map(term_ids.__getitem__, terms), strict=True
        )
    )
    weighted.sort(key=itemgetter(0), reverse=True)
    best = weighted[: settings.max_terms]
    weights = list(map(itemgetter(0), best))
    norm = math.hypot(*weights) or 1.0
    vector = dict(zip(map(itemgetter(1), best), map(truediv, weights, repeat(norm)), strict=True))
    return vector, list(map(itemgetter(1), best[: settings.query_terms]))


def _vectorize(
    counts: Sequence[Counter],
    idf: Mapping[str, float],
    term_ids: Mapping[str, int],
    settings: RelatedSettings,
) -> tuple[list[dict[int, float]], list[list[int]]]:
    pairs = [_top_terms(doc, idf, term_ids, settings) for doc in counts]
    return [v for v, _ in pairs], [q for _, q in pairs]


def _add_postings(
    postings: defaultdict[int, list[int]],
    vectors: Sequence[dict[int, float]],
    first_id: int,
    settings: RelatedSettings,
) -> None:
    """List documents ``first_id, first_id + 1, …`` under their ``indexed_terms``
    best terms. Document ids are in date order (see :class:`_Scorer`), so each
    posting stays sorted by date for the date windows of :meth:`_Scorer.rank`.

    Built with C-level ``map`` calls (no Python loop per entry): a third of
    the time of a loop at 10k articles.
    """
    listed = postings.__getitem__
    limit = settings.indexed_terms
    for doc_id, vector in enumerate(vectors, first_id):
        terms = vector.keys()
        if limit < len(terms):
            terms = islice(terms, limit)
        any(map(list.append, map(listed, terms), repeat(doc_id)))


def _index_from(
    counts: Sequence[Counter],
    idf: dict[str, float],
    term_ids: dict[str, int],
    settings: RelatedSettings,
) -> tuple[list[dict[int, float]], list[list[int]], defaultdict[int, list[int]]]:
    vectors, query_terms = _vectorize(counts, idf, term_ids, settings)
    postings: defaultdict[int, list[int]] = defaultdict(list)
    _add_postings(postings, vectors, 0, settings)
    return vectors, query_terms, postings


def _index_serial(records: Sequence[ArticleRecord], settings: RelatedSettings) -> _Index:
    counts = [document_terms(r, settings) for r in records]
    idf = _inverse_frequencies(_document_frequencies(counts), len(records), settings)
    term_ids = {term: number for number, term in enumerate(idf)}
    vectors, query_terms, postings = _index_from(counts, idf, term_ids, settings)
    keys = list(map(frozenset, vectors))
    return _Index(vectors, keys, query_terms, idf, term_ids, dict(postings))


# The parent's share of the articles to tokenise and weigh when the work is
# split: a little less than half, because while the helper finishes its
# share the parent prepares the metadata and lists its own postings.
PARENT_SHARE = 48


def _index_forked(
    records: Sequence[ArticleRecord],
    settings: RelatedSettings,
    meanwhile: Callable[[], object] = lambda: None,
) -> _Index:
    """Same index as :func:`_index_serial`, the work split with one helper process.

    The parent takes the older ``PARENT_SHARE`` per cent of the articles, the
    helper the newer rest. The helper counts the terms of its share and sends
    its document frequencies; the parent, which meanwhile ran ``meanwhile``
    (the metadata), adds them to its own, computes the IDF and sends it back.
    Both weigh their share; the parent lists its postings while the helper
    sends its vectors, then appends the helper's
    documents, which are all newer: the postings stay sorted by date. Only
    document frequencies, the IDF and the vectors cross the pipe, and
    since both count in document order the IDF, its term ids and every float
    are the very ones of the serial run.
    """
    middle = len(records) * PARENT_SHARE // 100

    def newer_share(channel: Channel) -> None:
        counts = [document_terms(r, settings) for r in records[middle:]]
        channel.send(_document_frequencies(counts))
        idf = channel.recv()
        term_ids = {term: number for number, term in enumerate(idf)}
        channel.send(_vectorize(counts, idf, term_ids, settings)[0])

    with ForkedHelper(newer_share) as helper:
        counts = [document_terms(r, settings) for r in records[:middle]]
        meanwhile()
        df = _document_frequencies(counts)
        df.update(helper.recv())
        idf = _inverse_frequencies(df, len(records), settings)
        helper.send(idf)
        term_ids = {term: number for number, term in enumerate(idf)}
        vectors, query_terms, postings = _index_from(counts, idf, term_ids, settings)
        keys = list(map(frozenset, vectors))
        newer = helper.recv()
    _add_postings(postings, newer, middle, settings)
    limit = settings.query_terms
    query_terms += [list(islice(vector, limit)) for vector in newer]
    keys += map(frozenset, newer)
    vectors += newer
    return _Index(vectors, keys, query_terms, idf, term_ids, dict(postings))


def _build_index(
    records: Sequence[ArticleRecord],
    settings: RelatedSettings,
    forked: bool = False,
    meanwhile: Callable[[], object] = lambda: None,
) -> _Index:
    if forked:
        return _index_forked(records, settings, meanwhile)
    meanwhile()
    return _index_serial(records, settings)


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
    """Metadata key → (dates, documents), sorted by date (document ids are)."""
    members: defaultdict[str, list[int]] = defaultdict(list)
    listed = members.__getitem__
    for doc_id, keys in enumerate(metadata):
        any(map(list.append, map(listed, keys), repeat(doc_id)))
    return {key: (list(map(stamps.__getitem__, docs)), docs) for key, docs in members.items()}


def _stamp(record: ArticleRecord) -> float:
    return record.date.timestamp()


# --- scoring ----------------------------------------------------------------


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _split_in_two(settings: RelatedSettings, published: int) -> bool:
    """Fork one helper process? Only for large sites on a machine with 2+ cores."""
    workers = settings.workers or available_cpus()
    return workers >= 2 and published >= settings.parallel_from and can_fork()


class _Scorer:
    """Everything the per-article ranking reads, built once.

    Document ids number the published articles from the oldest (equal dates
    keep the input order): every posting, listed in id order, is then sorted
    by date without a sort, and the two shares of a forked run are two date
    ranges.
    """

    def __init__(self, published: Sequence[ArticleRecord], settings: RelatedSettings) -> None:
        self.settings = settings
        dated = sorted(zip(map(_stamp, published), range(len(published)), strict=True))
        self.published = published = list(map(published.__getitem__, map(itemgetter(1), dated)))
        self.stamps = list(map(itemgetter(0), dated))
        self.slugs = [r.slug for r in published]
        self.ids = {slug: i for i, slug in enumerate(self.slugs)}
        self.meta_weight: dict[str, float] = {}
        self.half_life_s = max(settings.recency_half_life_days, 1e-9) * 86400.0

        def metadata() -> None:
            self.metadata = [_metadata_keys(r, self.meta_weight, settings) for r in published]
            self.by_key = _metadata_postings(self.metadata, self.stamps)

        forked = _split_in_two(settings, len(published))
        self.index = _build_index(published, settings, forked, meanwhile=metadata)

    def rank(self, records: Iterable[ArticleRecord]) -> dict[str, list[str]]:
        settings, ids, index = self.settings, self.ids, self.index
        vectors, term_sets, postings = index.vectors, index.keys, index.postings
        metadata, stamps, slugs, by_key = self.metadata, self.stamps, self.slugs, self.by_key
        pool, wanted = settings.candidate_pool + 1, settings.max_related
        window, before = settings.metadata_window, settings.metadata_window // 2
        cap, cap_before, stamp_of = (
            settings.max_postings,
            settings.max_postings // 2,
            stamps.__getitem__,
        )
        size = len(slugs)
        pair_score = _pair_scorer(self)
        # Scores are symmetric: a pair scored for one article is looked up for the other.
        known: dict[int, float] = {}

        result: dict[str, list[str]] = {}
        for record in records:
            pins: list[str] = []
            if record.pinned:
                pins = [s for s in dict.fromkeys(record.pinned) if s != record.slug and s in ids]
                pins = pins[:wanted]
                if len(pins) == wanted:
                    result[record.slug] = pins
                    continue
            own = ids.get(record.slug) if not record.is_draft else None
            if own is None:  # a draft: scored against the published ones
                vector, best = _query_vector(record, index, settings)
                own_meta = _metadata_keys(record, self.meta_weight, settings)
                own_terms = frozenset(vector)
                stamp = record.date.timestamp()
            else:
                vector, best, own_meta = vectors[own], index.query_terms[own], metadata[own]
                own_terms, stamp = term_sets[own], stamps[own]

            # Candidates: documents sharing the most of the best terms, and the
            # articles nearest in date among those sharing a metadata value.
            parts = []
            for term in best:
                docs = postings.get(term, ())
                if len(docs) > cap:
                    start = min(
                        max(0, bisect_left(docs, stamp, key=stamp_of) - cap_before), len(docs) - cap
                    )
                    docs = docs[start : start + cap]
                parts.append(docs)
            for key in sorted(own_meta):
                dates, docs = by_key.get(key, _NO_POSTING)
                if len(docs) > window:
                    start = min(max(0, bisect_left(dates, stamp) - before), len(docs) - window)
                    docs = docs[start : start + window]
                parts.append(docs)
            ranked = sorted(
                Counter(chain.from_iterable(parts)).items(), key=itemgetter(1), reverse=True
            )
            excluded = {ids[s] for s in pins}
            excluded.add(own)

            # Exact score of the few best candidates.
            scored = []
            for doc, _ in ranked[:pool]:
                if doc in excluded:
                    continue
                if own is None:
                    score = pair_score(vector, own_terms, own_meta, stamp, doc)
                else:
                    low, high = (own, doc) if own < doc else (doc, own)
                    pair = low * size + high
                    score = known.get(pair)
                    if score is None:
                        score = known[pair] = pair_score(
                            vectors[low], term_sets[low], metadata[low], stamps[low], high
                        )
                if score > 0.0:
                    scored.append((-score, -stamps[doc], slugs[doc]))
            scored.sort()
            result[record.slug] = pins + [slug for _, _, slug in scored[: wanted - len(pins)]]
        return result


_NO_POSTING: tuple[list[float], list[int]] = ([], [])


def _pair_scorer(scorer: _Scorer) -> Callable[..., float]:
    """``score(vector, terms, meta, stamp, doc)``: cosine + shared metadata, times
    the recency factor, rounded (so that ties stay ties).

    Symmetric; the caller computes a pair in one orientation (lower document
    id first) so that the serial and the forked runs give the very same floats.
    """
    keys, vectors, metadata, stamps = (
        scorer.index.keys,
        scorer.index.vectors,
        scorer.metadata,
        scorer.stamps,
    )
    weight_of, half_life = scorer.meta_weight.__getitem__, scorer.half_life_s
    recency = scorer.settings.recency_weight
    fixed = 1.0 - recency

    def score(
        vector: dict[int, float],
        terms: frozenset[int],
        meta: frozenset[str],
        stamp: float,
        doc: int,
    ) -> float:
        common = keys[doc] & terms
        total = (
            sum(map(mul, map(vector.__getitem__, common), map(vectors[doc].__getitem__, common)))
            if common
            else 0.0
        )
        shared = metadata[doc] & meta
        if shared:
            total += sum(map(weight_of, shared))
        return round(total * (fixed + recency * 0.5 ** (abs(stamp - stamps[doc]) / half_life)), 9)

    return score


# The parent's share of the articles to rank when the work is split.
RANK_SHARE = 50


def compute_related(
    records: Sequence[ArticleRecord], settings: RelatedSettings | None = None
) -> dict[str, list[str]]:
    """Slug → up to ``max_related`` related slugs: editor pins first, then best scores.

    Never the article itself, never a draft; an unknown pinned slug is skipped
    (``make check`` reports it). Ties: score desc, date desc, slug asc. On a
    large site the work is split with one forked process (same result).
    """
    settings = settings or RelatedSettings()
    published = [r for r in records if not r.is_draft]
    collecting = gc.isenabled()
    # Millions of small objects, none of them cyclic garbage: the cyclic
    # collector would only walk them over and over (about 10% of the time).
    gc.disable()
    try:
        scorer = _Scorer(published, settings)
        if not _split_in_two(settings, len(published)):
            return scorer.rank(records)
        # Two date ranges: the pairs an article scores are mostly close in
        # date, so most of them are scored, and reused, within one range.
        dated = scorer.published + [r for r in records if r.is_draft]
        middle = len(dated) * RANK_SHARE // 100
        with ForkedHelper(lambda channel: channel.send(scorer.rank(dated[middle:]))) as helper:
            ranked = scorer.rank(dated[:middle])
            ranked.update(helper.recv())
        return {r.slug: ranked[r.slug] for r in records}
    finally:
        if collecting:
            gc.enable()


def _query_vector(
    record: ArticleRecord, index: _Index, settings: RelatedSettings
) -> tuple[dict[int, float], list[int]]:
    """Vector of an article outside the index (a draft), over the index's terms."""
    return _top_terms(document_terms(record, settings), index.idf, index.term_ids, settings)


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
    sections: defaultdict[str, list[ArticleRecord]] = defaultdict(list)
    for record in records:
        if not record.is_draft:
            sections[record.section].append(record)
    for members in sections.values():
        members.sort(key=_slug)
        members.sort(key=_date, reverse=True)
    return dict(sections)


_slug, _date = attrgetter("slug"), attrgetter("date")


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


class Neighbours(NamedTuple):
    previous: str | None  # older article of the same section
    next: str | None  # newer article of the same section


def section_neighbours(
    records: Iterable[ArticleRecord],
    sections: Mapping[str, list[ArticleRecord]] | None = None,
) -> dict[str, Neighbours]:
    """Previous (older) and next (newer) article within each section, by date.

    ``sections``: :func:`sections_newest_first` of ``records`` when the
    caller already has it.
    """
    if sections is None:
        sections = sections_newest_first(records)
    result: dict[str, Neighbours] = {}
    for members in sections.values():
        slugs = list(map(_slug, members))
        # Newest first: the next (newer) one is before, the previous (older) one after.
        older, newer = [*slugs[1:], None], [None, *slugs[:-1]]
        result.update(zip(slugs, map(Neighbours, older, newer), strict=True))
    return result
