"""What /thong-ke/ shows: its charts, the table behind each, and the CSV files.

Pure: a :class:`~.counts.Coverage`, the reference data and the addresses in,
a :class:`StatisticsPage` out (the template lays it out). Each table holds
exactly the figures of its chart and of its CSV file, so a reader of any of
the three reads the same numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from . import charts, geo
from .counts import FORMAT_NAMES, FORMATS, Coverage

TOP = 10  # partner countries and organizations shown
YEAR_LABELS = 10  # year labels a column chart has room for, phones included


@dataclass(frozen=True)
class Table:
    """A chart's figures: a caption, column headings, rows (a cell may be a
    ``(text, href)`` link), and the CSV file that holds the same rows."""

    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple, ...]
    csv_name: str = ""


@dataclass(frozen=True)
class Chart:
    anchor: str
    heading: str
    intro: str
    svg: Markup
    table: Table
    legend: tuple[tuple[str, str], ...] = ()  # (colour class, section name)
    rows_of_small: tuple[tuple[str, str, int, Markup], ...] = ()  # name, href, total, sparkline


@dataclass
class StatisticsPage:
    total: int
    years: tuple[int, ...]
    charts: list[Chart] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # CSV name → text


def _cell_text(cell) -> str:
    return cell[0] if isinstance(cell, tuple) else str(cell)


# A byte-order mark first: Excel opens a UTF-8 file without one as the
# system's code page, so "Hà Nội" would show as "HÃ  Ná»™i". LibreOffice,
# Python's "utf-8-sig" and pandas skip it.
CSV_BOM = "\ufeff"


def csv_text(table: Table) -> str:
    """The table as CSV (RFC 4180: comma, CRLF, a header row; UTF-8 with a
    byte-order mark, :data:`CSV_BOM`)."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out)
    writer.writerow(table.headings)
    for row in table.rows:
        writer.writerow([_cell_text(cell) for cell in row])
    return out.getvalue()


def year_span(years: Sequence[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")


def build_page(coverage: Coverage, reference, href: Callable[[str, str], str]) -> StatisticsPage:
    """Every chart of the page. ``href(kind, slug)``: a topic page's address."""
    page = StatisticsPage(coverage.total, coverage.years)
    legend = tuple(
        (f"c{index % charts.PALETTE_SIZE + 1}", name)
        for index, (_, name) in enumerate(coverage.sections)
    )
    span = year_span(coverage.years)
    page.charts += [
        _map_chart(coverage, reference, href, span),
        _years_chart(coverage, legend, span),
        _months_chart(coverage, legend),
        _top_chart(coverage, "country", "quoc-gia", "Quốc gia đối tác", href, span),
        _top_chart(coverage, "organization", "to-chuc", "Tổ chức", href, span),
        _formats_chart(coverage),
    ]
    for chart in page.charts:
        if chart.table.csv_name:
            page.files[chart.table.csv_name] = csv_text(chart.table)
    return page


def _map_chart(coverage: Coverage, reference, href, span: str) -> Chart:
    places = {place.code: place for place in geo.units()[0]}
    marks, rows = [], []
    for province in reference.provinces:
        count = coverage.topics[("province", province.slug)]
        place = places.get(province.code)
        if place is not None:
            marks.append(
                (province.name, place.lat, place.lon, count, href("province", province.slug))
            )
        rows.append(((province.name, href("province", province.slug)), count))
    rows.sort(key=lambda row: -row[1])  # stable: the reference's order among equals
    active = sum(1 for _, count in rows if count)
    return Chart(
        "ban-do",
        "Tin bài theo tỉnh, thành phố",
        f"{active} trên 34 tỉnh, thành phố có tin bài ({span}). Một bài về tỉnh, thành cũ"
        " được tính cho tỉnh, thành phố hiện nay.",
        charts.vietnam_map(
            "ban-do",
            "Bản đồ số tin bài theo tỉnh, thành phố",
            "Mỗi vòng tròn là một tỉnh, thành phố, diện tích tỉ lệ với số bài;"
            " bảng bên dưới có đủ số liệu.",
            marks,
        ),
        Table(
            "Số tin bài theo tỉnh, thành phố",
            ("Tỉnh, thành phố", "Số bài"),
            tuple(rows),
            "tinh-thanh.csv",
        ),
    )


def _section_grid(coverage: Coverage, keys, counts, shown) -> tuple[dict, tuple]:
    """Columns ``keys`` (years, months) stacked by section: the chart's
    ``values[(column, section)]`` and the table's rows (``shown(key)``, a
    figure per section, the total)."""
    values, rows = {}, []
    for column, key in enumerate(keys):
        figures = [counts[(key, slug)] for slug, _ in coverage.sections]
        values.update({(column, index): figure for index, figure in enumerate(figures)})
        rows.append((shown(key), *figures, sum(figures)))
    return values, tuple(rows)


def _years_chart(coverage: Coverage, legend, span: str) -> Chart:
    years = coverage.years
    values, rows = _section_grid(coverage, years, coverage.by_year_section, str)
    names = [name for _, name in coverage.sections]
    return Chart(
        "theo-nam",
        "Số bài theo năm",
        f"Mỗi cột là một năm ({span}), chia theo chuyên mục.",
        charts.stacked_columns(
            "theo-nam",
            "Số bài theo năm, chia theo chuyên mục",
            f"{coverage.total} bài từ {span}; bảng bên dưới có số từng năm.",
            [str(year) for year in years],
            names,
            values,
            # at most ten labels under the axis: more ran into each other
            label_every=-(-len(years) // YEAR_LABELS),
        ),
        Table("Số bài theo năm và chuyên mục", ("Năm", *names, "Tổng"), rows, "theo-nam.csv"),
        legend=legend,
    )


def _months_chart(coverage: Coverage, legend) -> Chart:
    months = coverage.months
    every = -(-len({year for year, _ in months}) // YEAR_LABELS)
    values, rows = _section_grid(
        coverage, months, coverage.by_month_section, lambda m: f"{m[1]:02d}/{m[0]}"
    )
    names = [name for _, name in coverage.sections]
    first = rows[0][0] if rows else ""
    last = rows[-1][0] if rows else ""
    return Chart(
        "theo-thang",
        "Số bài theo tháng",
        f"Mỗi cột là một tháng, từ {first} đến {last}.",
        charts.stacked_columns(
            "theo-thang",
            "Số bài theo tháng, chia theo chuyên mục",
            f"{len(months)} tháng, từ {first} đến {last}; bảng bên dưới có số từng tháng.",
            # a January labelled with its year, at most ten of them
            [
                str(year)
                if (month == 1 or column == 0) and (year - months[0][0]) % every == 0
                else ""
                for column, (year, month) in enumerate(months)
            ],
            names,
            values,
        ),
        Table("Số bài theo tháng và chuyên mục", ("Tháng", *names, "Tổng"), rows, "theo-thang.csv"),
        legend=legend,
    )


def _top_chart(coverage: Coverage, kind: str, anchor: str, noun: str, href, span: str) -> Chart:
    top = coverage.top(kind, TOP)
    years = coverage.years
    small = tuple(
        (
            name,
            href(kind, slug),
            total,
            charts.sparkline(
                coverage.yearly(kind, slug),
                f"{name}, số bài mỗi năm {year_span(years)}: "
                + ", ".join(map(str, coverage.yearly(kind, slug))),
            ),
        )
        for slug, name, total in top
    )
    rows = tuple(
        ((name, href(kind, slug)), *coverage.yearly(kind, slug), total)
        for slug, name, total in coverage.top(kind)
    )
    return Chart(
        anchor,
        f"{noun} xuất hiện nhiều nhất",
        f"{len(top)} {noun.lower()} có nhiều tin bài nhất ({span}); đường nhỏ là số bài mỗi năm.",
        Markup(""),  # the rows below are the chart: a name, its total, a sparkline
        Table(
            f"Số bài theo {noun.lower()} và năm",
            (noun, *map(str, years), "Tổng"),
            rows,
            f"{anchor}.csv",
        ),
        rows_of_small=small,
    )


def _formats_chart(coverage: Coverage) -> Chart:
    rows = tuple((FORMAT_NAMES[name], coverage.formats[name]) for name in FORMATS)
    return Chart(
        "the-loai",
        "Thể loại",
        "Bài viết, phóng sự ảnh, video và infographic.",
        charts.horizontal_bars(
            "the-loai",
            "Số bài theo thể loại",
            ", ".join(f"{name}: {count}" for name, count in rows),
            list(rows),
        ),
        Table("Số bài theo thể loại", ("Thể loại", "Số bài"), rows, "the-loai.csv"),
    )
