"""Coverage statistics: /thong-ke/ (a map, columns by year and month, top
partners, formats, each with its data table and CSV file) and a sparkline
of articles per year on every province, country and organization page.

All the figures come from one pass over the build's articles
(:func:`~.counts.count_coverage`, at ``generate_context``), shared by the
statistics page and the topic pages (``topic_sparkline`` in the context).
The charts are static SVG made here (:mod:`.charts`): readable without
JavaScript, coloured by the theme's CSS (dark mode, print).

Why not a chart library, measured with ``python bench/chart_libraries.py``
(the same stacked columns, 11 years × 7 sections, and a sparkline; pygal
3.1.3, matplotlib 3.11.2, vl-convert-python 1.9.0; a busy 2-core machine):

==============================  ==========  =========  ==========  ===============
columns chart                   gzip bytes  ms/chart   import ms   title/desc/role
==============================  ==========  =========  ==========  ===============
written here (:mod:`.charts`)   1,640       0.1        0           yes/yes/yes
pygal (js=[])                   6,762       14         53          no/no/no
matplotlib, svg.fonttype=none   4,316       79         448         yes/no/no
Vega-Lite, vl-convert           3,458       76 (526    4           no/no/no
                                            the 1st)
==============================  ==========  =========  ==========  ===============

A sparkline: 0.01 ms here, 2.4 ms pygal, 4.5 ms matplotlib, 2.3 ms
vl-convert; a 10,000-article site has hundreds of topic pages, each with
one. pygal always writes an inline ``<script>`` (its configuration) and
9 KB of CSS with a random id per render (never byte-identical output);
matplotlib draws text as glyph outlines by default (no searchable text)
and has no ``<desc>`` or ``role``; Vega-Lite drops the chart's description.
None of them takes the theme's colours, so dark mode and print would need
a second rendering. Writing the few shapes the page needs is smaller,
faster, byte-reproducible, and accessible by construction.

Addresses: ``STATISTICS_URL`` / ``STATISTICS_SAVE_AS`` (the CSV files sit
beside the page), read through :mod:`plugins.fixed_urls.scheme`.
"""

from __future__ import annotations

import posixpath
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from plugins.fixed_urls import scheme
from plugins.reference import reference_for

from . import charts
from .counts import TOPIC_KINDS, Coverage, count_coverage
from .page import build_page

TEMPLATE = "statistics"


class StatisticsGenerator(Generator):
    """Counts at ``generate_context``; writes the page and its CSV files."""

    def generate_context(self) -> None:
        from plugins.editions import is_main_edition

        reference = reference_for(self.settings)
        articles = self.context.get("articles", [])
        # This edition's articles: the sparklines of its own topic pages.
        self.coverage = count_coverage(articles, reference.sections)
        # /thong-ke/ (the main edition's run) counts the whole site: also
        # what only the other editions publish (a translation once).
        self.site_coverage = self.coverage
        self.only_elsewhere = 0  # the page says how many, or its totals disagree with the lists
        if is_main_edition(self.settings):
            others = published_only_elsewhere(self.settings, reference)
            self.only_elsewhere = len(others)
            if others:
                self.site_coverage = count_coverage([*articles, *others], reference.sections)
        self.reference = reference
        self.context["coverage"] = self.coverage
        self.context["topic_sparkline"] = _sparklines(self.coverage)
        self.context["STATISTICS_URL"] = scheme.url_for(self.settings, "statistics")

    def generate_output(self, writer: Any) -> None:
        from plugins.editions import is_main_edition
        from plugins.seo.site import write_text

        if not is_main_edition(self.settings):  # /thong-ke/ covers every edition's site once
            return

        site = self.settings.get("SITEURL", "")

        def href(kind: str, slug: str) -> str:
            if kind != "province" and (kind, slug) not in self.coverage.topics:
                # Only another edition has an article about it: this edition
                # has no page of it (every province has one), so no link.
                return ""
            return f"{site}/{scheme.url_for(self.settings, kind, slug=slug)}"

        page = build_page(self.site_coverage, self.reference, href)
        save_as = scheme.save_as_for(self.settings, "statistics")
        folder = posixpath.dirname(save_as)
        url = scheme.url_for(self.settings, "statistics")
        writer.write_file(
            save_as,
            self.get_template(TEMPLATE),
            self.context,
            statistics=page,
            only_elsewhere=self.only_elsewhere,
            csv_urls={name: posixpath.join(url, name) for name in page.files},
            page_name=url.rstrip("/"),
        )
        for name, text in page.files.items():
            write_text(writer, posixpath.join(folder, name), text)


def published_only_elsewhere(settings: Any, reference: Any) -> list[SimpleNamespace]:
    """The articles only the other editions publish
    (:func:`plugins.editions.articles_only_elsewhere`), read from their
    headers as the content model files them, each topic as the same entry
    of ``reference`` (the main edition's data: the page names it so)."""
    from plugins.content_model.enrich import resolve_topics
    from plugins.content_model.model import parse_datetime
    from plugins.editions import articles_only_elsewhere

    found = []
    entries: dict[int, Any] = {}  # by edition data: its entries → the main data's
    for header, own in articles_only_elsewhere(settings):
        try:
            date = parse_datetime(header.date)
        except (TypeError, ValueError):
            continue  # the check refuses it
        topics = resolve_topics({**header.fields, "date": date}, own)
        if topics.section is None:
            continue
        same = entries.get(id(own)) or entries.setdefault(id(own), _same_entries(own, reference))
        found.append(
            SimpleNamespace(
                date=date,
                section=same(topics.section),
                format=topics.format,
                provinces=tuple(map(same, topics.provinces)),
                countries=tuple(map(same, topics.countries)),
                organizations=tuple(map(same, topics.organizations)),
            )
        )
    return found


def _same_entries(own: Any, main: Any):
    """An entry of ``own`` (an edition's localized reference data) → the
    entry of ``main`` at the same place (the same section, province …)."""
    pairs = {}
    for kind in ("sections", "provinces", "countries", "organizations"):
        for mine, theirs in zip(getattr(own, kind), getattr(main, kind), strict=True):
            pairs[id(mine)] = theirs
    return lambda entry: pairs.get(id(entry), entry)


def _sparklines(coverage: Coverage):
    """``topic_sparkline(kind, slug)``: the topic's articles per year as a
    sparkline (empty for a kind not counted, a site of one year, or a
    topic with no article: a flat line says nothing). The
    page's caption says what it is ("Articles per year, 2018–2026:"); its
    accessible name is the figures alone ("2018: 0, 2019: 3, …"), so a screen
    reader does not read the caption twice."""

    def topic_sparkline(kind: str, slug: str) -> Markup:
        if kind not in TOPIC_KINDS or len(coverage.years) < 2:
            return Markup("")
        values = coverage.yearly(kind, slug)
        if not any(values):
            return Markup("")
        counts = ", ".join(
            f"{year}: {count}" for year, count in zip(coverage.years, values, strict=True)
        )
        return charts.sparkline(values, counts)

    return topic_sparkline


def get_generators(pelican_object: Any) -> type:
    return StatisticsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
