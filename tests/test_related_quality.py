"""Quality of the related-articles engine on the labelled sets (issue 19).

The tuning set (tests/fixtures/related_eval/) is the one the engine was
developed on: stories about one event, province or partner, and distractors
that share a country, a province or an organization type but not the event.
Precision@3 must reach the issue's 0.95 there, and beat both baselines
(plain TF-IDF, tags-only). The second tuning set
(tests/fixtures/related_tuning2/) was written blind as a report set, measured
once (0.883), then tuned on (its labels.toml says how). The report sets
(tests/fixtures/related_report/, related_report2/, related_report3/) are held
out: never tuned on; the engine must beat both baselines on them too, and the bench prints
their figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.related.evaluation import evaluate, load_articles, load_labels, precision_at_k

EVAL = Path(__file__).parent / "fixtures" / "related_eval"
FLOOR = 0.95  # issue 19's goal on the tuning set
SCALE_FLOOR = 0.90  # the tuning set among a thousand synthetic articles


@pytest.fixture(scope="module")
def report():
    return evaluate(EVAL)


def test_precision_at_3_meets_the_floor(report):
    assert report.engine_precision >= FLOOR, report.engine_precision


def test_engine_beats_both_baselines(report):
    assert report.tags_only_precision < report.plain_tfidf_precision < report.engine_precision
    assert report.plain_tfidf_precision < FLOOR  # the set is hard enough to tell them apart


def test_evaluation_set_shape():
    records = load_articles(EVAL / "articles")
    labels = load_labels(EVAL / "labels.toml")
    assert len(records) >= 90
    slugs = {r.slug for r in records}
    assert len(slugs) == len(records)
    assert set(labels) <= slugs and all(rel <= slugs for rel in labels.values())
    assert all(len(rel) >= 3 for rel in labels.values())  # P@3 can reach 1
    assert len(slugs - set(labels)) >= 15  # distractors
    for r in records:
        words = len(r.body.split())
        assert 80 <= words <= 200, (r.slug, words)


def test_precision_at_k_counts_misses_and_short_lists():
    labels = {"q": frozenset({"a", "b", "c"}), "r": frozenset({"x", "y", "z"})}
    rankings = {"q": ["a", "n", "b"], "r": ["x"]}
    assert precision_at_k(rankings, labels, 3) == pytest.approx((2 / 3 + 1 / 3) / 2)


def test_quality_holds_among_a_thousand_other_articles():
    """The index limits (postings, date windows, candidate pool) only bite on
    a large site: rank the set among synthetic articles of the same field."""
    import os

    from bench.corpus import generate_corpus
    from bench.steps import related_records
    from plugins.reference import load_reference_data

    reference = load_reference_data(os.path.join(os.path.dirname(__file__), "..", "data"))
    corpus = related_records(generate_corpus(1000, reference=reference))
    report = evaluate(EVAL, distractors=corpus, plain_tfidf=False)
    assert report.articles == len(corpus) + len(load_articles(EVAL / "articles"))
    assert report.engine_precision >= SCALE_FLOOR, report.engine_precision
    assert report.tags_only_precision < report.engine_precision


def test_distractors_may_not_reuse_a_labelled_slug():
    records = load_articles(EVAL / "articles")
    with pytest.raises(ValueError, match="trùng slug"):
        evaluate(EVAL, distractors=records[:1])


FIXTURES = Path(__file__).parent / "fixtures"
REPORT = FIXTURES / "related_report"
# Written blind like the report sets: the same shape is required of them.
BLIND_SETS = ["related_report", "related_report2", "related_report3", "related_tuning2"]
TUNING2_FLOOR = 0.92


@pytest.mark.parametrize("name", BLIND_SETS)
def test_blind_set_shape(name):
    """A set written blind to the engine (issue 19): at least 40 story
    articles in 8 or more stories, each story's labels exactly its other
    members, and unlabelled distractors."""
    records = load_articles(FIXTURES / name / "articles")
    labels = load_labels(FIXTURES / name / "labels.toml")
    slugs = {r.slug for r in records}
    assert len(slugs) == len(records)
    assert set(labels) <= slugs and all(rel <= slugs for rel in labels.values())
    stories = {frozenset({query, *related}) for query, related in labels.items()}
    assert all(len(story) >= 4 for story in stories)
    for story in stories:
        for query in story:
            assert labels[query] == story - {query}, query
    assert len(stories) >= 8 and len(labels) >= 40
    assert len(slugs - set(labels)) >= 12  # distractors


@pytest.mark.parametrize("name", BLIND_SETS)
def test_blind_set_engine_beats_both_baselines(name):
    """The report sets: measured, never tuned on; the bench prints the figure (goal 0.92)."""
    report = evaluate(FIXTURES / name)
    assert report.tags_only_precision < report.plain_tfidf_precision < report.engine_precision


def test_second_tuning_set_meets_its_floor():
    """Tuned on since 2026-12-06 (body_chars 1200: longer articles than the first set's)."""
    report = evaluate(FIXTURES / "related_tuning2")
    assert report.engine_precision >= TUNING2_FLOOR, report.engine_precision
