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
on the 2-core build machine (see the report of issue 4 for the figures).
What it costs, per article: lower-casing, splitting and counting the terms
≈65 µs (a CPython floor: C-level ``str`` methods and ``Counter`` already),
weighting and keeping the best terms ≈30 µs, ranking ≈55 µs. Three
choices keep it within the goal:

* from ``parallel_from`` published articles on, the work is split in two
  halves, one done by a forked helper (:mod:`.forking`): tokenising and
  weighting (the helper sends its document frequencies, receives the IDF,
  sends back its vectors as term ids), then the ranking. The helper shares
  the records and the index by copy-on-write, so only small results cross
  the pipe; the result is exactly the serial one (tested);
* bigrams only for running text: a lone syllable of the body ("hợp",
  "tác") says little about the topic, and dropping them halves the terms to
  count and weigh (precision@3 on the evaluation set unchanged);
* the cyclic garbage collector is paused during the run: millions of small
  objects, none of them cyclic garbage.

Nothing here imports Pelican: records in, slugs out.
"""

from __future__ import annotations

import gc
import math
import os
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from itertools import chain, islice
from operator import itemgetter, mul

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
    body_chars: int = 400  # the lede carries the topic; the rest adds cost, not signal
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
    indexed_terms: int = 10  # a document is a candidate for its best terms only
    query_terms: int = 6
    max_postings: int = 16
    metadata_window: int = 8  # articles sharing a province, tag… nearest in time
    candidate_pool: int = 6
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
    norm = math.hypot(*map(itemgetter(0), best)) or 1.0
    vector = {term: weight / norm for weight, term in best}
    return vector, list(map(itemgetter(1), best[: settings.query_terms]))


def _vectorize(
    counts: Sequence[Counter],
    idf: Mapping[str, float],
    term_ids: Mapping[str, int],
    settings: RelatedSettings,
) -> tuple[list[dict[int, float]], list[list[int]]]:
    pairs = [_top_terms(doc, idf, term_ids, settings) for doc in counts]
    return [v for v, _ in pairs], [q for _, q in pairs]


def _postings(vectors: Sequence[dict[int, float]], settings: RelatedSettings) -> dict:
    """Term id → the ``max_postings`` documents where it weighs most (ties: lower id).

    A document is listed under its ``indexed_terms`` best terms only (its
    vector's first items): the candidates of an article are the documents
    whose main terms are its own main terms.
    """
    entries: dict[int, list[tuple[float, int]]] = {}
    get = entries.get
    for doc_id, vector in enumerate(vectors):
        for term, weight in islice(vector.items(), settings.indexed_terms):
            listed = get(term)
            if listed is None:
                entries[term] = [(-weight, doc_id)]
            else:
                listed.append((-weight, doc_id))
    cap = settings.max_postings
    postings: dict[int, list[int]] = {}
    for term, listed in entries.items():
        if len(listed) > 1:
            listed.sort()
            del listed[cap:]
        postings[term] = list(map(itemgetter(1), listed))
    return postings


def _half_index(counts, idf, term_ids, settings: RelatedSettings):
    vectors, query_terms = _vectorize(counts, idf, term_ids, settings)
    return vectors, query_terms, list(map(frozenset, vectors))


def _index_serial(records: Sequence[ArticleRecord], settings: RelatedSettings) -> _Index:
    counts = [document_terms(r, settings) for r in records]
    idf = _inverse_frequencies(_document_frequencies(counts), len(records), settings)
    term_ids = {term: number for number, term in enumerate(idf)}
    vectors, query_terms, keys = _half_index(counts, idf, term_ids, settings)
    postings = _postings(vectors, settings)
    return _Index(vectors, keys, query_terms, idf, term_ids, postings)


def _index_forked(
    records: Sequence[ArticleRecord],
    settings: RelatedSettings,
    meanwhile: Callable[[], object] = lambda: None,
) -> _Index:
    """Same index as :func:`_index_serial`, each half of the articles done by one process.

    The child counts the terms of the second half and sends its document
    frequencies; the parent adds them to its own, computes the IDF, sends it
    back, and both turn their half into vectors (the parent runs
    ``meanwhile`` while the child sends them). Only document frequencies,
    the IDF and small vectors of term ids cross the pipe; the parent then
    builds the postings of all documents.
    """
    middle = len(records) // 2

    def second_half(channel: Channel) -> None:
        counts = [document_terms(r, settings) for r in records[middle:]]
        channel.send(_document_frequencies(counts))
        idf = channel.recv()
        term_ids = {term: number for number, term in enumerate(idf)}
        channel.send(_half_index(counts, idf, term_ids, settings))

    with ForkedHelper(second_half) as helper:
        counts = [document_terms(r, settings) for r in records[:middle]]
        df = _document_frequencies(counts)
        df.update(helper.recv())
        idf = _inverse_frequencies(df, len(records), settings)
        helper.send(idf)
        term_ids = {term: number for number, term in enumerate(idf)}
        vectors, query_terms, keys = _half_index(counts, idf, term_ids, settings)
        meanwhile()
        more_vectors, more_query_terms, more_keys = helper.recv()
    vectors += more_vectors
    postings = _postings(vectors, settings)
    return _Index(
        vectors, keys + more_keys, query_terms + more_query_terms, idf, term_ids, postings
    )


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
    """Everything the per-article ranking reads, built once."""

    def __init__(self, published: Sequence[ArticleRecord], settings: RelatedSettings) -> None:
        self.settings = settings
        self.ids = {r.slug: i for i, r in enumerate(published)}
        self.meta_weight: dict[str, float] = {}
        self.half_life_s = max(settings.recency_half_life_days, 1e-9) * 86400.0

        def metadata() -> None:
            self.metadata = [_metadata_keys(r, self.meta_weight, settings) for r in published]
            self.stamps = [r.date.timestamp() for r in published]
            self.by_key = _metadata_postings(self.metadata, self.stamps)
            self.slugs = [r.slug for r in published]

        forked = _split_in_two(settings, len(published))
        self.index = _build_index(published, settings, forked, meanwhile=metadata)

    def rank(self, records: Iterable[ArticleRecord]) -> dict[str, list[str]]:
        settings, ids, index = self.settings, self.ids, self.index
        vectors, term_sets, postings = index.vectors, index.keys, index.postings
        metadata, stamps, slugs, by_key = self.metadata, self.stamps, self.slugs, self.by_key
        pool, wanted = settings.candidate_pool + 1, settings.max_related
        window, before = settings.metadata_window, settings.metadata_window // 2
        in_postings, posting_of = postings.__contains__, postings.__getitem__
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
            parts = list(map(posting_of, filter(in_postings, best)))
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
        middle = len(records) // 2
        with ForkedHelper(lambda channel: channel.send(scorer.rank(records[middle:]))) as helper:
            result = scorer.rank(records[:middle])
            result.update(helper.recv())
        return result
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
