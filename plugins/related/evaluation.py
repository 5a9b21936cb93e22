"""Measure the related-articles engine on a labelled evaluation set.

The set (``tests/fixtures/related_eval/``) is a folder of content files
(``articles/*.md``, our content-model header + body) and ``labels.toml``
mapping each query slug to the slugs truly related to it. We report
precision@k: for every query, the share of its top ``k`` results that are
labelled related, averaged over the queries; side by side for this engine
and for the two baselines of :mod:`.baselines`.

Pure Python (no Pelican): the files are read with the content model's own
header reader and names are resolved with the reference data, as a build does.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from plugins.content_model.model import parse_datetime, read_header, split_list
from plugins.reference import ReferenceData, load_reference_data

from .baselines import plain_tfidf_related, tags_only_related
from .engine import ArticleRecord, RelatedSettings, compute_related

__all__ = ["EvaluationReport", "evaluate", "load_articles", "load_labels", "precision_at_k"]


def _resolve(names: list[str], lookup) -> tuple[str, ...]:
    slugs = []
    for name in names:
        found = lookup(name).found
        if found is None:
            raise ValueError(f"không tìm thấy '{name}' trong dữ liệu tham chiếu")
        slugs.append(found.slug)
    return tuple(dict.fromkeys(slugs))


def load_articles(
    folder: Path | str, reference: ReferenceData | None = None
) -> list[ArticleRecord]:
    """Read every ``*.md`` under ``folder`` into an :class:`ArticleRecord`."""
    reference = reference or load_reference_data()
    records = []
    for path in sorted(Path(folder).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        header, problems = read_header(text)
        if problems:
            raise ValueError(f"{path}:{problems[0][0]}: {problems[0][1]}")
        values = {line.key: line.value for line in header.lines}
        body = "\n".join(text.splitlines()[header.body_line - 1 :])
        section = reference.section(values["category"]).found
        records.append(
            ArticleRecord(
                slug=values["slug"],
                title=values["title"],
                summary=values.get("summary", ""),
                body=body,
                date=parse_datetime(values["date"]),
                section=section.slug if section else values["category"],
                provinces=_resolve(split_list(values.get("provinces", "")), reference.province),
                countries=_resolve(split_list(values.get("countries", "")), reference.country),
                organizations=_resolve(
                    split_list(values.get("organizations", "")), reference.organization
                ),
                tags=tuple(split_list(values.get("tags", ""))),
                series=values.get("series") or None,
                is_draft=values.get("status", "published") == "draft",
                pinned=tuple(split_list(values.get("related", ""))),
            )
        )
    return records


def load_labels(path: Path | str) -> dict[str, frozenset[str]]:
    with Path(path).open("rb") as handle:
        raw = tomllib.load(handle)
    return {query: frozenset(related) for query, related in raw.items()}


def precision_at_k(
    rankings: Mapping[str, Sequence[str]], labels: Mapping[str, frozenset[str]], k: int = 3
) -> float:
    """Mean over the labelled queries of |top-k ∩ relevant| / k (missing results count as misses)."""
    if not labels:
        return 0.0
    total = 0.0
    for query, relevant in labels.items():
        top = list(rankings.get(query, ()))[:k]
        total += sum(1 for slug in top if slug in relevant) / k
    return total / len(labels)


@dataclass(frozen=True)
class EvaluationReport:
    articles: int
    queries: int
    k: int
    engine_precision: float
    tags_only_precision: float
    plain_tfidf_precision: float
    engine_rankings: dict[str, list[str]]
    tags_only_rankings: dict[str, list[str]]
    plain_tfidf_rankings: dict[str, list[str]]


def evaluate(
    folder: Path | str,
    settings: RelatedSettings | None = None,
    k: int = 3,
    distractors: Sequence[ArticleRecord] = (),
    plain_tfidf: bool = True,
) -> EvaluationReport:
    """Precision@k of the engine and of the two baselines (tags-only, plain
    TF-IDF) on the set in ``folder``.

    ``distractors``: unlabelled articles ranked together with the set (e.g.
    the benchmark's synthetic corpus), so that the index limits that only
    matter on a large site are measured too; only the set's queries count.
    ``plain_tfidf``: False skips that baseline, which compares all pairs
    (too slow among thousands of distractors).
    """
    folder = Path(folder)
    records = load_articles(folder / "articles")
    labels = load_labels(folder / "labels.toml")
    known = {r.slug for r in records}
    missing = sorted({s for q, rel in labels.items() for s in (q, *rel)} - known)
    if missing:
        raise ValueError(
            f"labels.toml nhắc tới bài không có trong bộ đánh giá: {', '.join(missing)}"
        )
    if known & {r.slug for r in distractors}:
        raise ValueError("bài gây nhiễu trùng slug với bộ đánh giá")
    records = [*records, *distractors]
    engine = compute_related(records, settings)
    tags_only = tags_only_related(records, count=max(k, 5))
    plain = plain_tfidf_related(records, count=max(k, 5)) if plain_tfidf else {}
    return EvaluationReport(
        articles=len(records),
        queries=len(labels),
        k=k,
        engine_precision=precision_at_k(engine, labels, k),
        tags_only_precision=precision_at_k(tags_only, labels, k),
        plain_tfidf_precision=precision_at_k(plain, labels, k) if plain_tfidf else 0.0,
        engine_rankings=engine,
        tags_only_rankings=tags_only,
        plain_tfidf_rankings=plain,
    )
