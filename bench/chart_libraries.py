"""Compare SVG chart libraries with a hand-written SVG baseline for the statistics page.

What it measures, for a hand-written baseline (defined below) and for each library that
the running interpreter can import (pygal, matplotlib, vl-convert-python; missing ones are
skipped with a line saying so), on the same two charts rendered to SVG strings in memory:

1. a stacked bar chart: articles per year 2016–2026, stacked by 7 sections, with a
   Vietnamese title and axis labels (deterministic counts from ``random.Random(7)``);
2. a sparkline: the 11 yearly totals, 120×24 px, no axes.

For each chart: SVG bytes, gzip bytes (level 9), mean, standard deviation and median of
the wall time over 20 renders after 2 warm-ups (``time.perf_counter``), the mean CPU time
of the same renders (``time.process_time``, steadier on a busy machine), the time of the
very first call, and what the output contains: a root ``<title>`` / ``<desc>`` (and how
many nested ones), ``role="img"``, ``aria-labelledby``, ``<script`` elements, http(s) URLs
other than the SVG and XLink namespace URIs, embedded font glyph paths or ``@font-face``,
real ``<text>`` elements (searchable, translatable) and inline CSS bytes. matplotlib runs
twice: ``svg.fonttype = "path"`` (its default, glyphs as paths) and ``"none"`` (text as
``<text>``). It also times ``python -c "import <library>"`` in fresh subprocesses (best of
3) and ends with one summary paragraph per library.

Run (single process, no parallel jobs; libraries are optional):

    python bench/chart_libraries.py
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.metadata
import importlib.util
import io
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

YEARS = list(range(2016, 2027))
SECTIONS = ["Hữu nghị", "Hợp tác", "Kiều bào", "Văn hóa", "Địa phương", "Quốc tế", "Multimedia"]
COLORS = ["#1f5f8b", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#5c5c5c"]
TITLE = "Số bài theo năm"
X_TITLE = "Năm"
Y_TITLE = "Số bài"
LEGEND_TITLE = "Chuyên mục"
BAR_DESC = "Biểu đồ cột chồng: số bài mỗi năm từ 2016 đến 2026, chia theo 7 chuyên mục."
SPARK_TITLE = "Tổng số bài mỗi năm, 2016–2026"
SPARK_DESC = "Đường biểu diễn tổng số bài của 11 năm, không có trục."
BAR_SIZE = (640, 360)  # CSS px, the same for every library
SPARK_SIZE = (120, 24)
WARMUPS = 2
RUNS = 20
IMPORT_RUNS = 3

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
URL_RE = re.compile(r"https?://[^\s\"'<>()]+")
GLYPH_ID_RE = re.compile(r"^[A-Za-z][\w.]*-[0-9a-f]+$")  # matplotlib: "DejaVuSans-4b"

Counts = dict[str, list[int]]


def make_data() -> tuple[Counts, list[int]]:
    """Per-section counts for each year (0–120) and the yearly totals."""
    rng = random.Random(7)
    counts = {section: [rng.randint(0, 120) for _ in YEARS] for section in SECTIONS}
    totals = [sum(values[i] for values in counts.values()) for i in range(len(YEARS))]
    return counts, totals


# --- Hand-written baseline ------------------------------------------------------------------


def _svg_open(width: int, height: int, ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def handwritten_bar(counts: Counts, ident: str = "bar") -> str:
    """Stacked bars as <rect>, labels as <text> in the page's own font; no script, no fonts."""
    width, height = BAR_SIZE
    left, right, top, bottom = 48, 120, 36, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for values in counts.values()) for i in range(len(YEARS))]
    y_max = -(-max(totals) // 100) * 100
    band = plot_w / len(YEARS)
    out = _svg_open(width, height, ident, TITLE, BAR_DESC)
    out.append('<g font-family="system-ui,sans-serif" font-size="11" fill="#333">')
    out.append(
        f'<text x="{width / 2:g}" y="20" text-anchor="middle" font-size="15">{escape(TITLE)}</text>'
    )
    for tick in range(0, y_max + 1, 100):
        y = top + plot_h - tick * plot_h / y_max
        out.append(f'<path d="M{left} {y:.1f}h{plot_w}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, year in enumerate(YEARS):
        x = left + i * band + band * 0.15
        base = top + plot_h
        for color, values in zip(COLORS, counts.values(), strict=True):
            h = values[i] * plot_h / y_max
            base -= h
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{band * 0.7:.1f}" '
                f'height="{h:.1f}" fill="{color}"/>'
            )
        out.append(
            f'<text x="{x + band * 0.35:.1f}" y="{top + plot_h + 14}" '
            f'text-anchor="middle">{year}</text>'
        )
    out.append(
        f'<text x="{left + plot_w / 2:g}" y="{height - 6}" text-anchor="middle">{X_TITLE}</text>'
    )
    out.append(
        f'<text transform="translate(12 {top + plot_h / 2:g}) rotate(-90)" '
        f'text-anchor="middle">{Y_TITLE}</text>'
    )
    legend_x = left + plot_w + 16
    out.append(f'<text x="{legend_x}" y="{top + 8}" font-weight="bold">{LEGEND_TITLE}</text>')
    for j, (color, section) in enumerate(zip(COLORS, counts, strict=True)):
        y = top + 18 + j * 18
        out.append(f'<rect x="{legend_x}" y="{y}" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{legend_x + 14}" y="{y + 9}">{escape(section)}</text>')
    out.append("</g></svg>")
    return "\n".join(out)


def handwritten_spark(totals: list[int], ident: str = "spark") -> str:
    """One <polyline>, scaled to the data range, 1 px inset so the stroke is not clipped."""
    width, height = SPARK_SIZE
    low, high = min(totals), max(totals)
    step = (width - 2) / (len(totals) - 1)
    points = " ".join(
        f"{1 + i * step:.1f},{height - 1 - (v - low) * (height - 2) / (high - low or 1):.1f}"
        for i, v in enumerate(totals)
    )
    out = _svg_open(width, height, ident, SPARK_TITLE, SPARK_DESC)
    out.append(f'<polyline points="{points}" fill="none" stroke="#1f5f8b" stroke-width="1.5"/>')
    out.append("</svg>")
    return "\n".join(out)


# --- Libraries ------------------------------------------------------------------------------


@dataclass
class Variant:
    """One way of producing both charts; ``context`` wraps all its renders (settings)."""

    name: str
    library: str  # distribution name for the version, "" for the baseline
    import_statement: str
    bar: Callable[[Counts, list[int]], str]
    spark: Callable[[Counts, list[int]], str]
    context: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext
    notes: list[str] = field(default_factory=list)


def handwritten_variant() -> Variant:
    return Variant(
        name="hand-written",
        library="",
        import_statement="pass",
        bar=lambda counts, totals: handwritten_bar(counts),
        spark=lambda counts, totals: handwritten_spark(totals),
    )


def pygal_variant() -> Variant:
    import pygal

    def bar(counts: Counts, totals: list[int]) -> str:
        chart = pygal.StackedBar(
            js=[],  # no external tooltip script
            title=TITLE,
            x_title=X_TITLE,
            y_title=Y_TITLE,
            width=BAR_SIZE[0],
            height=BAR_SIZE[1],
            legend_at_bottom=False,
        )
        chart.x_labels = [str(year) for year in YEARS]
        for section, values in counts.items():
            chart.add(section, values)
        return chart.render(is_unicode=True)

    def spark(counts: Counts, totals: list[int]) -> str:
        chart = pygal.Line(js=[])
        chart.add("", totals)
        return chart.render_sparkline(
            width=SPARK_SIZE[0], height=SPARK_SIZE[1], margin=0, is_unicode=True
        )

    return Variant(
        name="pygal",
        library="pygal",
        import_statement="import pygal",
        bar=bar,
        spark=spark,
        notes=["js=[]; sparkline via render_sparkline() (no title option: pygal draws titles)"],
    )


def matplotlib_variant(fonttype: str) -> Variant:
    import matplotlib

    matplotlib.use("svg")
    from matplotlib.figure import Figure

    def save(fig: Figure, title: str, desc: str) -> str:
        buffer = io.StringIO()
        # Date=None keeps the output deterministic; Title/Description are the only
        # accessibility hooks the SVG backend offers.
        fig.savefig(
            buffer, format="svg", metadata={"Date": None, "Title": title, "Description": desc}
        )
        return buffer.getvalue()

    def bar(counts: Counts, totals: list[int]) -> str:
        # The SVG backend writes pt (1/72 in); 640×360 CSS px = 6.667×3.75 in.
        fig = Figure(figsize=(BAR_SIZE[0] / 96, BAR_SIZE[1] / 96))
        ax = fig.add_subplot()
        labels = [str(year) for year in YEARS]
        bottom = [0] * len(YEARS)
        for (section, values), color in zip(counts.items(), COLORS, strict=True):
            ax.bar(labels, values, bottom=bottom, label=section, color=color, width=0.7)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_title(TITLE)
        ax.set_xlabel(X_TITLE)
        ax.set_ylabel(Y_TITLE)
        ax.legend(title=LEGEND_TITLE, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
        fig.subplots_adjust(left=0.09, right=0.78, top=0.9, bottom=0.13)
        return save(fig, TITLE, BAR_DESC)

    def spark(counts: Counts, totals: list[int]) -> str:
        fig = Figure(figsize=(SPARK_SIZE[0] / 96, SPARK_SIZE[1] / 96))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.plot(YEARS, totals, linewidth=1.1, color=COLORS[0])
        ax.set_axis_off()
        ax.margins(0.02, 0.08)
        return save(fig, SPARK_TITLE, SPARK_DESC)

    def context() -> contextlib.AbstractContextManager:
        return matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "chart-bench"})

    return Variant(
        name=f"matplotlib/{fonttype}",
        library="matplotlib",
        import_statement=(
            "import matplotlib; matplotlib.use('svg'); from matplotlib.figure import Figure; "
            "import matplotlib.backends.backend_svg"
        ),
        bar=bar,
        spark=spark,
        context=context,
        notes=[f'rcParams["svg.fonttype"] = "{fonttype}", svg.hashsalt fixed, Figure API'],
    )


def vlconvert_variant() -> Variant:
    import vl_convert

    def bar(counts: Counts, totals: list[int]) -> str:
        rows = [
            {"year": str(year), "section": section, "articles": values[i]}
            for section, values in counts.items()
            for i, year in enumerate(YEARS)
        ]
        spec = {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": TITLE,
            "description": BAR_DESC,
            "width": BAR_SIZE[0],
            "height": BAR_SIZE[1],
            "autosize": {"type": "fit", "contains": "padding"},
            "data": {"values": rows},
            "mark": "bar",
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": X_TITLE},
                "y": {"field": "articles", "type": "quantitative", "title": Y_TITLE},
                "color": {
                    "field": "section",
                    "type": "nominal",
                    "title": LEGEND_TITLE,
                    "sort": SECTIONS,
                    "scale": {"domain": SECTIONS, "range": COLORS},
                },
            },
        }
        return vl_convert.vegalite_to_svg(spec)

    def spark(counts: Counts, totals: list[int]) -> str:
        spec = {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "description": SPARK_DESC,
            "width": SPARK_SIZE[0],
            "height": SPARK_SIZE[1],
            "padding": 0,
            "autosize": {"type": "none"},
            "config": {"view": {"stroke": None}},
            "data": {"values": [{"year": y, "n": n} for y, n in zip(YEARS, totals, strict=True)]},
            "mark": {"type": "line", "strokeWidth": 1.5, "color": COLORS[0]},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "axis": None},
                "y": {
                    "field": "n",
                    "type": "quantitative",
                    "axis": None,
                    "scale": {"zero": False},
                },
            },
        }
        return vl_convert.vegalite_to_svg(spec)

    return Variant(
        name="vl-convert",
        library="vl-convert-python",
        import_statement="import vl_convert",
        bar=bar,
        spark=spark,
        notes=["Vega-Lite spec dict -> vl_convert.vegalite_to_svg (bundled Vega in Deno/V8)"],
    )


def available_variants() -> list[Variant]:
    variants = [handwritten_variant()]
    factories: list[tuple[str, list[Callable[[], Variant]]]] = [
        ("pygal", [pygal_variant]),
        ("matplotlib", [lambda: matplotlib_variant("path"), lambda: matplotlib_variant("none")]),
        ("vl_convert", [vlconvert_variant]),
    ]
    for module, makers in factories:
        if importlib.util.find_spec(module) is None:
            print(f"skipped: {module} is not installed in {sys.executable}")
            continue
        variants.extend(make() for make in makers)
    return variants


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Result:
    variant: str
    chart: str
    svg: str
    timing: dict[str, float]
    facts: dict

    @property
    def mean_ms(self) -> float:
        return self.timing["mean"]


def time_renders(render: Callable[[], str]) -> tuple[str, dict[str, float]]:
    """Wall (perf_counter) and CPU (process_time, all threads) ms; the first call is kept apart."""
    start = time.perf_counter()
    svg = render()
    first_ms = (time.perf_counter() - start) * 1000
    for _ in range(WARMUPS - 1):
        render()
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        svg = render()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return svg, {
        "first": first_ms,
        "mean": statistics.fmean(wall),
        "stdev": statistics.stdev(wall),
        "median": statistics.median(wall),
        "cpu": statistics.fmean(cpu),
    }


def analyse(svg: str, expected_text: list[str]) -> dict:
    """Facts about one SVG string; ``expected_text`` are strings that should be <text>."""
    data = svg.encode("utf-8")
    root = ET.fromstring(data)
    svg_tag = f"{{{SVG_NS}}}"
    root_titles = [c.text or "" for c in root if c.tag == svg_tag + "title"]
    root_descs = [c.text or "" for c in root if c.tag == svg_tag + "desc"]
    texts = [" ".join("".join(t.itertext()).split()) for t in root.iter(svg_tag + "text")]
    joined_text = " | ".join(texts)
    urls = [url.rstrip("-.,;") for url in URL_RE.findall(svg)]
    external = Counter(url for url in urls if url not in (SVG_NS, XLINK_NS))
    used = {
        (el.get(f"{{{XLINK_NS}}}href") or el.get("href") or "").lstrip("#")
        for el in root.iter(svg_tag + "use")
    }
    glyphs = [
        el.get("id")
        for defs in root.iter(svg_tag + "defs")
        for el in defs.iter(svg_tag + "path")
        if GLYPH_ID_RE.match(el.get("id") or "") and el.get("id") in used
    ]
    styles = [el.text or "" for el in root.iter(svg_tag + "style")]
    scripts = [el for el in root.iter(svg_tag + "script")]
    return {
        "bytes": len(data),
        "gzip": len(gzip.compress(data, compresslevel=9, mtime=0)),
        "root_title": root_titles[0] if root_titles else None,
        "root_desc": root_descs[0] if root_descs else None,
        "titles": sum(1 for _ in root.iter(svg_tag + "title")),
        "descs": sum(1 for _ in root.iter(svg_tag + "desc")),
        "role_img": 'role="img"' in svg,
        "aria_labelledby": "aria-labelledby" in svg,
        "aria_labels": svg.count("aria-label="),
        "scripts": len(re.findall(r"<script\b", svg)),
        "script_bytes": sum(len((el.text or "").encode()) for el in scripts),
        "external_urls": external,
        "glyph_paths": len(glyphs),
        "font_face": "@font-face" in svg,
        "text_elements": len(texts),
        "expected_found": sum(1 for s in expected_text if s in joined_text),
        "expected_total": len(expected_text),
        "style_bytes": sum(len(s.encode()) for s in styles),
        "style_text": "\n".join(styles),
        "title_in_comment": bool(re.search(r"<!--[^>]*" + re.escape(TITLE), svg)),
        "width_height": (root.get("width"), root.get("height"), root.get("viewBox")),
    }


def measure(variants: list[Variant], counts: Counts, totals: list[int]) -> list[Result]:
    expected = {"bar": [TITLE, X_TITLE, Y_TITLE, SECTIONS[0], "2016"], "spark": []}
    results = []
    for variant in variants:
        with variant.context():
            for chart, render in (("bar", variant.bar), ("spark", variant.spark)):
                svg, timing = time_renders(lambda r=render: r(counts, totals))
                results.append(
                    Result(variant.name, chart, svg, timing, analyse(svg, expected[chart]))
                )
    return results


def import_times(variants: list[Variant]) -> dict[str, float]:
    """Best of IMPORT_RUNS wall times of ``python -c <import>`` in a fresh subprocess (ms)."""
    best: dict[str, float] = {}
    for variant in variants:
        key = variant.library or "interpreter only"
        if key in best:
            continue
        runs = []
        for _ in range(IMPORT_RUNS):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", variant.import_statement], check=True)
            runs.append((time.perf_counter() - start) * 1000)
        best[key] = min(runs)
    return best


# --- Reporting ------------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _root_nested(root_value: str | None, total: int) -> str:
    nested = total - (1 if root_value is not None else 0)
    return f"{'root' if root_value is not None else 'no'}+{nested}"


def print_table(results: list[Result]) -> None:
    header = (
        f"{'variant':<16} {'chart':<5} {'bytes':>7} {'gzip':>6} {'ms mean':>8} {'±sd':>6} "
        f"{'median':>7} {'cpu ms':>7} {'1st ms':>7} {'<title>':>8} {'<desc>':>7} {'role=img':>8} {'aria-lb':>7} "
        f"{'<script':>7} {'ext URL':>7} {'glyphs':>6} {'<text>':>6} {'txt ok':>6} {'CSS B':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        f = r.facts
        found = f"{f['expected_found']}/{f['expected_total']}" if f["expected_total"] else "-"
        glyphs = f"{f['glyph_paths']}" + ("+ff" if f["font_face"] else "")
        print(
            f"{r.variant:<16} {r.chart:<5} {f['bytes']:>7} {f['gzip']:>6} {r.mean_ms:>8.2f} "
            f"{r.timing['stdev']:>6.2f} {r.timing['median']:>7.2f} {r.timing['cpu']:>7.2f} "
            f"{r.timing['first']:>7.1f} "
            f"{_root_nested(f['root_title'], f['titles']):>8} "
            f"{_root_nested(f['root_desc'], f['descs']):>7} {_yes(f['role_img']):>8} "
            f"{_yes(f['aria_labelledby']):>7} {f['scripts']:>7} "
            f"{sum(f['external_urls'].values()):>7} {glyphs:>6} {f['text_elements']:>6} "
            f"{found:>6} {f['style_bytes']:>6}"
        )
    print(
        "\n<title>/<desc>: 'root' if a direct child of <svg> (what assistive tech reads), "
        "+N nested ones (e.g. tooltips).\nglyphs: font glyph <path>s in <defs> used via <use>; "
        "'+ff' = @font-face. txt ok: expected strings (title, axis titles, a section, a year)\n"
        "found in real <text> elements. ms: wall mean ± sd and median of 20 renders after 2 "
        "warm-ups;\ncpu ms: mean process CPU time of the same renders; 1st ms: first call in "
        "this process (wall)."
    )


def print_details(results: list[Result]) -> None:
    for r in results:
        f = r.facts
        print(f"\n[{r.variant} / {r.chart}] width/height/viewBox: {f['width_height']}")
        print(f"  root <title>: {f['root_title']!r}; root <desc>: {f['root_desc']!r}")
        print(
            f"  aria-label attributes: {f['aria_labels']}; <script> elements: {f['scripts']} "
            f"({f['script_bytes']} bytes inline)"
        )
        for url, count in sorted(f["external_urls"].items()):
            print(f"  URL ×{count}: {url}")
        if f["title_in_comment"] and not f["expected_found"]:
            print("  chart title appears only in XML comments, not as <text>")
        if f["style_bytes"]:
            css = f["style_text"]
            fonts = sorted(set(re.findall(r"font-family:\s*([^;}]+)", css)))
            print(
                f"  inline CSS {f['style_bytes']} bytes, {css.count('{')} rules; "
                f"transitions: {_yes('transition' in css)}; @import: {_yes('@import' in css)}; "
                f"url(): {_yes('url(' in css)}"
            )
            for font in fonts:
                print(f"  CSS font-family: {font.strip()}")


def summaries(
    variants: list[Variant], results: list[Result], imports: dict[str, float]
) -> list[str]:
    lines = []
    by_variant: dict[str, dict[str, Result]] = {}
    for r in results:
        by_variant.setdefault(r.variant, {})[r.chart] = r
    startup = imports.get("interpreter only", 0.0)
    for variant in variants:
        bar, spark = by_variant[variant.name]["bar"], by_variant[variant.name]["spark"]
        fb, fs = bar.facts, spark.facts
        version = importlib.metadata.version(variant.library) if variant.library else "n/a"
        import_ms = imports.get(variant.library or "interpreter only", 0.0)
        urls = sorted(set(fb["external_urls"]) | set(fs["external_urls"]))
        lines.append(
            f"{variant.name} ({version}): bar {fb['bytes']} B / {fb['gzip']} B gzip in "
            f"{bar.mean_ms:.2f} ms (first call {bar.timing['first']:.0f} ms), sparkline {fs['bytes']} B / {fs['gzip']} B gzip in "
            f"{spark.mean_ms:.2f} ms; import {import_ms:.0f} ms "
            f"({import_ms - startup:+.0f} ms over a bare interpreter). "
            f"Root <title>: bar {_yes(fb['root_title'] is not None)}, "
            f"sparkline {_yes(fs['root_title'] is not None)}"
            f"{' (' + repr(fs['root_title']) + ')' if fs['root_title'] else ''}; "
            f"root <desc>: {_yes(fb['root_desc'] is not None)}; "
            f'role="img": {_yes(fb["role_img"])}; '
            f"<script>: {fb['scripts'] + fs['scripts']} "
            f"({fb['script_bytes'] + fs['script_bytes']} bytes); "
            f"http(s) URLs besides namespaces: {sum(fb['external_urls'].values())} in bar, "
            f"{sum(fs['external_urls'].values())} in sparkline"
            f"{' (' + ', '.join(urls) + ')' if urls else ''}; "
            f"glyph paths: {fb['glyph_paths']}; text as <text>: {fb['text_elements']} elements, "
            f"{fb['expected_found']}/{fb['expected_total']} expected strings found; "
            f"inline CSS {fb['style_bytes']} B. " + " ".join(variant.notes)
        )
    return lines


@contextlib.contextmanager
def section(title: str) -> Iterator[None]:
    print(f"\n=== {title} ===")
    yield


def main() -> None:
    print(__doc__.strip().splitlines()[0])
    print(f"Python {platform.python_version()} ({sys.executable}) on {platform.platform()}")
    variants = available_variants()
    for library in sorted({v.library for v in variants if v.library}):
        print(f"{library} {importlib.metadata.version(library)}")
    counts, totals = make_data()
    print(f"yearly totals: {totals}")
    print(f"load average at start: {os.getloadavg()} on {os.cpu_count()} CPUs")
    with section("Renders"):
        results = measure(variants, counts, totals)
        print_table(results)
    with section("Import time (python -c '<import>', fresh subprocess, best of 3)"):
        imports = import_times(variants)
        startup = imports.get("interpreter only", 0.0)
        for key, ms in imports.items():
            extra = "" if key == "interpreter only" else f"  ({ms - startup:+.1f} ms over bare)"
            print(f"{key:<18} {ms:8.1f} ms{extra}")
    print(f"load average after renders and imports: {os.getloadavg()}")
    with section("Details"):
        print_details(results)
    with section("Summary"):
        for line in summaries(variants, results, imports):
            print(f"\n{line}")


if __name__ == "__main__":
    main()
