"""Static SVG charts, written directly: columns stacked by section,
horizontal bars, sparklines and the map.

Why no chart library (``python bench/chart_libraries.py`` measures the three
the issue named, pygal, matplotlib's SVG backend and Vega-Lite through
``vl-convert-python``, against the hand-written SVG of this module; figures
in :mod:`plugins.statistics`): the page shows a handful of charts and every
topic page a sparkline, hundreds of them at 10,000 articles, inline in the HTML.
What they need is a few dozen ``<rect>`` s, real ``<text>`` in the page's
font, colours from the theme's CSS (dark mode and print follow by
themselves), ``<title>``/``<desc>`` and no script. That is about as many
lines as configuring a library to do the same.

Every chart is ``role="img"`` with a title and a description; the figures
themselves are in the data table beside each chart (the page's template).
Colours are classes (``c1`` … ``c8``, ``bar``, ``mark``) that
``theme/static/css/components.css`` fills from the theme's tokens. Pure
functions: numbers in, SVG text (``Markup``) out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from . import geo

# Section colours (classes c1 … c8, then again from c1).
PALETTE_SIZE = 8


def _n(value: float) -> str:
    """A coordinate, short: one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """Round gridline values from 0 to at least ``top`` (1, 2 or 5 × 10ⁿ apart)."""
    top = max(top, 1)
    raw = top / count
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(int(step), 1)
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


def _open(chart_id: str, title: str, desc: str, width: float, height: float, css: str) -> str:
    return (
        f'<svg class="chart {css}" viewBox="0 0 {_n(width)} {_n(height)}" role="img"'
        f' aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )


def stacked_columns(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[str],
    values: Mapping[tuple[int, int], int],
    *,
    width: int = 400,
    height: int = 200,
    label_every: int = 1,
) -> Markup:
    """Columns ``labels`` (years, months), each stacked by ``series`` (the
    sections, colour classes c1 …); ``values[(column, series)]``. Only every
    ``label_every``-th column is labelled under the axis."""
    left, right, top_pad, bottom = 26, 4, 8, 20
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    totals = [sum(values.get((c, s), 0) for s in range(len(series))) for c in range(len(labels))]
    ticks = nice_ticks(max(totals, default=0))
    scale = plot_h / ticks[-1]
    slot = plot_w / max(len(labels), 1)
    bar = max(slot * 0.72, 0.8)
    parts = [_open(chart_id, title, desc, width, height, "chart-columns")]
    for tick in ticks:
        y = top_pad + plot_h - tick * scale
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_n(y)}" y2="{_n(y)}"/>'
            f'<text class="axis" x="{left - 4}" y="{_n(y + 3)}" text-anchor="end">{tick}</text>'
        )
    for column, label in enumerate(labels):
        x = left + column * slot + (slot - bar) / 2
        base = top_pad + plot_h
        for index in range(len(series)):
            value = values.get((column, index), 0)
            if not value:
                continue
            h = value * scale
            base -= h
            parts.append(
                f'<rect class="c{index % PALETTE_SIZE + 1}" x="{_n(x)}" y="{_n(base)}"'
                f' width="{_n(bar)}" height="{_n(h)}"/>'
            )
        if column % label_every == 0 and label:
            parts.append(
                f'<text class="axis" x="{_n(x + bar / 2)}" y="{height - 6}"'
                f' text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def horizontal_bars(
    chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, int]], *, width: int = 400
) -> Markup:
    """One bar per ``(label, value)`` row (short labels), the value after it."""
    row_h, label_w, value_w = 22, 100, 36
    height = row_h * len(rows) + 4
    top = max((value for _, value in rows), default=0) or 1
    scale = (width - label_w - value_w) / top
    parts = [_open(chart_id, title, desc, width, height, "chart-bars")]
    for number, (label, value) in enumerate(rows):
        y = 2 + number * row_h
        w = max(value * scale, 1 if value else 0)
        parts.append(
            f'<text class="label" x="{label_w - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{_n(w)}" height="{row_h - 6}"/>'
            f'<text class="value" x="{_n(label_w + w + 5)}" y="{y + 15}">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[int], label: str, *, width: int = 120, height: int = 28) -> Markup:
    """A small line of ``values`` (one a year), its last point marked.
    ``label`` says the figures in words (the image's accessible name)."""
    pad = 3
    top = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [
        (pad + index * step, height - pad - value * (height - 2 * pad) / top)
        for index, value in enumerate(values)
    ]
    if len(points) == 1:
        points.append((width - pad, points[0][1]))
    line = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    last_x, last_y = points[-1]
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}"'
        f' height="{height}" role="img" aria-label="{escape(label)}"'
        ' xmlns="http://www.w3.org/2000/svg">'
        f'<polyline points="{line}"/><circle cx="{_n(last_x)}" cy="{_n(last_y)}" r="2.5"/></svg>'
    )


def vietnam_map(
    chart_id: str,
    title: str,
    desc: str,
    marks: Sequence[tuple[str, float, float, int, str]],
    *,
    width: int = 420,
) -> Markup:
    """The country as the dots of its communes, and one circle per
    ``(name, lat, lon, articles, href)`` mark, its area in proportion to
    ``articles``, each a link (its name and figure as the link's label).
    The archipelagos are drawn and named. Not ``role="img"``: it holds links."""
    height = geo.height_for(width)
    _, communes = geo.units()
    dots = "".join(
        "M{}h0".format(",".join(map(_n, geo.project(p.lat, p.lon, width)))) for p in communes
    )
    parts = [
        f'<svg class="chart chart-map" viewBox="0 0 {width} {_n(height)}"'
        f' aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
        f'<path class="land" d="{dots}"/>'
    ]
    for name, offsets in geo.ARCHIPELAGOS.items():
        zone = geo.archipelago(name)
        islands = "".join(
            "M{}h0".format(",".join(map(_n, geo.project(zone.lat + dy, zone.lon + dx, width))))
            for dx, dy in offsets
        )
        x, y = geo.project(zone.lat, zone.lon, width)
        province = "Đà Nẵng" if name == "Hoàng Sa" else "Khánh Hòa"
        parts.append(
            f'<path class="islands" d="{islands}"/>'
            f'<text class="place" x="{_n(x)}" y="{_n(y - 22)}" text-anchor="middle">'
            f"QĐ. {name}</text>"
            f'<text class="place" x="{_n(x)}" y="{_n(y - 10)}" text-anchor="middle">'
            f"({province})</text>"
        )
    top = max((articles for *_, articles, _ in marks), default=0) or 1
    for name, lat, lon, articles, href in sorted(marks, key=lambda m: -m[3]):
        if not articles:
            continue
        x, y = geo.project(lat, lon, width)
        radius = 3 + 15 * math.sqrt(articles / top)
        parts.append(
            f'<a href="{escape(href)}" aria-label="{escape(name)}: {articles} bài">'
            f'<circle class="mark" cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}"/></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
