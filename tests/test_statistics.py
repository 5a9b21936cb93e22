"""Coverage statistics (plugins/statistics): the counts, the SVG charts, and
every figure of the built /thong-ke/ page, its CSV files and the topic
sparklines against counts taken independently from ``content/``."""

from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree, html

from plugins.statistics import charts, geo
from plugins.statistics.counts import count_coverage
from tests.conftest import ROOT

GMT7 = timezone(timedelta(hours=7))
BUILD_TIME = "2026-12-01 12:00"


def _article(date, section, fmt="article", provinces=(), countries=(), organizations=()):
    def named(values):
        return tuple(SimpleNamespace(slug=v.lower(), name=v) for v in values)

    return SimpleNamespace(
        date=datetime.fromisoformat(date),
        section=SimpleNamespace(slug=section.lower(), name=section),
        category=None,
        format=fmt,
        provinces=named(provinces),
        countries=named(countries),
        organizations=named(organizations),
    )


def test_counts_by_year_month_section_format_and_topic():
    articles = [
        _article("2023-01-05", "A", provinces=["Huế"], countries=["Lào"]),
        _article("2023-03-01", "B", "video", countries=["Lào", "Lào"]),  # one article, once
        _article("2025-12-31", "A", "photo", provinces=["Huế", "Cần Thơ"]),
    ]
    sections = [SimpleNamespace(slug="b", name="B"), SimpleNamespace(slug="a", name="A")]
    coverage = count_coverage(articles, sections)
    assert coverage.total == 3
    assert coverage.years == (2023, 2024, 2025)  # a year with no article is still a column
    assert coverage.sections == (("b", "B"), ("a", "A"))  # the reference's order
    assert coverage.by_year_section == Counter({(2023, "a"): 1, (2023, "b"): 1, (2025, "a"): 1})
    assert len(coverage.months) == 36 and coverage.months[0] == (2023, 1)
    assert coverage.by_month_section[((2023, 3), "b")] == 1
    assert coverage.formats == Counter({"article": 1, "video": 1, "photo": 1})
    assert coverage.yearly("country", "lào") == [2, 0, 0]
    assert coverage.yearly("province", "huế") == [1, 0, 1]
    # most articles first; equal counts in Vietnamese order (C before H)
    assert [slug for slug, _, _ in coverage.top("province")] == ["huế", "cần thơ"]
    tied = count_coverage([_article("2024-01-01", "A", provinces=["Huế", "Cần Thơ"])])
    assert [name for _, name, _ in tied.top("province")] == ["Cần Thơ", "Huế"]


@pytest.mark.parametrize("top", [0, 1, 3, 7, 10, 19, 99, 101, 1234, 98765])
def test_gridlines_are_round_and_cover_the_tallest_column(top):
    ticks = charts.nice_ticks(top)
    step = ticks[1] - ticks[0]
    assert ticks[0] == 0 and ticks[-1] >= max(top, 1)
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
    assert re.fullmatch(r"(1|2|5)0*", str(step))
    assert len(ticks) <= 6


def _svg(markup) -> etree._Element:
    return etree.fromstring(str(markup).encode())


NS = {"s": "http://www.w3.org/2000/svg"}


def test_stacked_columns_are_accessible_and_in_proportion():
    values = {(0, 0): 3, (0, 1): 1, (1, 1): 8}
    svg = _svg(
        charts.stacked_columns("x", "Tiêu đề", "Mô tả", ["2024", "2025"], ["A", "B"], values)
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "x-t x-d"
    assert svg.find("s:title", NS).text == "Tiêu đề" and svg.find("s:desc", NS).text == "Mô tả"
    heights = [float(r.get("height")) for r in svg.iterfind("s:rect", NS)]
    assert len(heights) == 3  # no rectangle for a zero
    # column 1 (8) is twice column 0 (3 + 1)
    assert heights[2] == pytest.approx(2 * (heights[0] + heights[1]), abs=0.2)
    classes = [r.get("class") for r in svg.iterfind("s:rect", NS)]
    assert classes == ["c1", "c2", "c2"]  # colour by series
    assert b"<script" not in etree.tostring(svg)


def test_sparkline_has_a_point_per_year_and_says_its_figures():
    svg = _svg(charts.sparkline([0, 2, 4], "Số bài: 0, 2, 4"))
    assert svg.get("role") == "img" and svg.get("aria-label") == "Số bài: 0, 2, 4"
    points = svg.find("s:polyline", NS).get("points").split()
    ys = [float(p.split(",")[1]) for p in points]
    assert len(points) == 3 and ys[0] > ys[1] > ys[2]  # higher figure, higher point


def test_the_map_links_each_province_with_articles_and_shows_the_archipelagos():
    provinces, communes = geo.units()
    assert len(provinces) == 34 and len(communes) > 3000
    marks = [
        ("Huế", 16.46, 107.59, 5, "/tinh/hue/"),
        ("Cần Thơ", 10.03, 105.78, 1, "/tinh/can-tho/"),
        ("Lai Châu", 22.39, 103.46, 0, "/tinh/lai-chau/"),  # no article: no mark
    ]
    text = str(charts.vietnam_map("m", "Bản đồ", "Mô tả", marks))
    svg = _svg(text)
    links = svg.findall("s:a", NS)
    assert [a.get("href") for a in links] == ["/tinh/hue/", "/tinh/can-tho/"]
    assert links[0].get("aria-label") == "Huế: 5 bài"
    radii = [float(a.find("s:circle", NS).get("r")) for a in links]
    assert radii[0] > radii[1]
    assert "QĐ. Hoàng Sa" in text and "QĐ. Trường Sa" in text
    assert "(Đà Nẵng)" in text and "(Khánh Hòa)" in text
    # Huế is north of Cần Thơ: smaller y
    ys = [float(a.find("s:circle", NS).get("cy")) for a in links]
    assert ys[0] < ys[1]


# --- the built page against an independent count of content/ ------------------


def _header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = unicodedata.normalize("NFC", value.strip())
    return fields


def _names(items, *keys) -> dict[str, str]:
    """Every accepted spelling (lower-cased) → the item's name."""
    table = {}
    for item in items:
        for key in keys:
            values = item.get(key, [])
            for value in [values] if isinstance(values, str) else values:
                table[value.lower()] = item["name"]
    return table


def expected_counts(whole_site: bool = True) -> dict:
    """Counts of content/ read with tomllib and plain string splitting, as
    an editor reads the files: nothing of the build's code. The whole site:
    also what only the English edition publishes (``whole_site``; the
    sparklines of the Vietnamese topic pages count the articles they list)."""
    data = {
        name: tomllib.loads((ROOT / "data" / f"{name}.toml").read_text(encoding="utf-8"))
        for name in ("sections", "provinces", "countries", "organizations")
    }
    english = ("name_en", "aliases_en")  # the English edition's spellings
    sections = _names(data["sections"]["section"], "name", "aliases", *english)
    provinces = _names(data["provinces"]["province"], "name", "aliases", "former", *english)
    for former, aliases in data["provinces"].get("former_aliases", {}).items():
        current = provinces[former.lower()]
        provinces.update({alias.lower(): current for alias in aliases})
    for former, name in data["provinces"].get("former_en", {}).items():
        provinces[name.lower()] = provinces[former.lower()]
    countries = _names(data["countries"]["country"], "name", "aliases", *english)
    organizations = _names(
        data["organizations"]["organization"], "name", "short", "aliases", "short_en", *english
    )
    clock = datetime.fromisoformat(BUILD_TIME).replace(tzinfo=GMT7)
    counts = {
        "total": 0,
        "year_section": Counter(),
        "month": Counter(),
        "format": Counter(),
        "province": Counter(),
        "country": Counter(),
        "organization": Counter(),
    }

    def published(path: Path) -> dict[str, str] | None:
        header = _header(path)
        date = datetime.fromisoformat(header["date"]).replace(tzinfo=GMT7)
        return None if header.get("status", "published") == "draft" or date > clock else header

    # The whole site: the Vietnamese articles, and the English ones that
    # translate none of them (a translation counts once).
    counted = [
        h for p in sorted((ROOT / "content" / "articles").rglob("*.md")) if (h := published(p))
    ]
    keys = {h["translation_key"] for h in counted if h.get("translation_key")}
    for path in sorted((ROOT / "content" / "en" / "articles").rglob("*.md")) if whole_site else ():
        header = published(path)
        if header and header.get("translation_key", path.name) not in keys:
            counted.append(header)
    for header in counted:
        date = datetime.fromisoformat(header["date"]).replace(tzinfo=GMT7)
        counts["total"] += 1
        counts["year_section"][(date.year, sections[header["category"].lower()])] += 1
        counts["month"][f"{date.month:02d}/{date.year}"] += 1
        counts["format"][header.get("format", "article")] += 1
        for kind, field, table in (
            ("province", "provinces", provinces),
            ("country", "countries", countries),
            ("organization", "organizations", organizations),
        ):
            named = {
                table[v.strip().lower()] for v in header.get(field, "").split(",") if v.strip()
            }
            for name in named:
                counts[kind][(name, date.year)] += 1
    return counts


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from scripts.build import build

    work = tmp_path_factory.mktemp("statistics")
    build(
        ROOT / "pelicanconf.py",
        work / "out",
        content=ROOT / "content",
        extra={"CACHE_PATH": str(work / "cache"), "BUILD_TIME": BUILD_TIME},
    )
    return work / "out"


def _csv(site: Path, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((site / "thong-ke" / name).read_text(encoding="utf-8-sig"))))


pytestmark_slow = pytest.mark.slow


@pytest.mark.slow
def test_every_csv_file_opens_as_utf8_in_a_spreadsheet(site):
    # Excel reads a UTF-8 CSV without a byte-order mark in the system's code
    # page: the BOM must come first, once, and the rest must be UTF-8.
    files = sorted((site / "thong-ke").glob("*.csv"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name
        assert b"\xef\xbb\xbf" not in raw[3:], path.name
        assert raw[3:].decode("utf-8").split("\r\n", 1)[0].count(",") >= 1, path.name


@pytest.mark.slow
def test_every_csv_figure_is_the_independent_count(site):
    expected = expected_counts()
    years = _csv(site, "theo-nam.csv")
    names = years[0][1:-1]
    for row in years[1:]:
        year = int(row[0])
        counts = [int(v) for v in row[1:-1]]
        assert counts == [expected["year_section"][(year, name)] for name in names], year
        assert int(row[-1]) == sum(counts)
    assert sum(int(row[-1]) for row in years[1:]) == expected["total"]
    months = {row[0]: int(row[-1]) for row in _csv(site, "theo-thang.csv")[1:]}
    assert {k: v for k, v in months.items() if v} == dict(expected["month"])
    formats = {row[0]: int(row[1]) for row in _csv(site, "the-loai.csv")[1:]}
    labels = {
        "Bài viết": "article",
        "Phóng sự ảnh": "photo",
        "Video": "video",
        "Infographic": "infographic",
    }
    assert {labels[k]: v for k, v in formats.items() if v} == dict(expected["format"])
    provinces = {row[0]: int(row[1]) for row in _csv(site, "tinh-thanh.csv")[1:]}
    assert len(provinces) == 34
    by_province = Counter()
    for (name, _), n in expected["province"].items():
        by_province[name] += n
    assert {k: v for k, v in provinces.items() if v} == dict(by_province)
    for kind, name in (("country", "quoc-gia.csv"), ("organization", "to-chuc.csv")):
        table = _csv(site, name)
        header_years = [int(y) for y in table[0][1:-1]]
        for row in table[1:]:
            per_year = [int(v) for v in row[1:-1]]
            assert per_year == [expected[kind][(row[0], y)] for y in header_years], row[0]
            assert int(row[-1]) == sum(per_year)
        shown = {row[0] for row in table[1:]}
        assert shown == {name for name, _ in expected[kind]}


@pytest.mark.slow
def test_the_page_tables_hold_the_csv_figures_and_the_page_is_self_contained(site):
    page_path = site / "thong-ke" / "index.html"
    doc = html.fromstring(page_path.read_bytes())
    sections = doc.xpath("//section[details[contains(@class, 'stat-table')]]")
    assert len(sections) == 6
    for section in sections:
        (details,) = section.xpath("./details")
        link = section.xpath(".//p[@class='stat-csv']/a/@href")[0]
        rows = _csv(site, link.rsplit("/", 1)[1])
        shown = [
            [" ".join(cell.text_content().split()) for cell in tr.xpath("./th|./td")]
            for tr in details.xpath(".//tr")
        ]
        assert shown == rows
    intro = doc.xpath("//p[@class='list-intro']")[0].text_content()
    assert intro.startswith(f"{expected_counts()['total']} tin bài")
    # The totals take in what only the English edition publishes; the page
    # says so, or they disagree with the section and archive pages unexplained.
    english_only = expected_counts()["total"] - expected_counts(whole_site=False)["total"]
    assert english_only > 0  # the sample site has such articles
    notes = [" ".join(p.text_content().split()) for p in doc.xpath("//p[@class='list-intro']")]
    assert f"Số liệu tính cả {english_only} bài chỉ đăng ở bản tiếng Anh" in " ".join(notes)
    for svg in doc.xpath("//svg[contains(@class, 'chart')]"):
        assert svg.xpath("./title") and svg.xpath("./desc")
    text = page_path.read_text(encoding="utf-8")
    assert not re.search(r'(?:src|href)="(?:https?:)?//', text.split("<body", 1)[1])
    # map marks lead to the province pages, which exist
    for href in doc.xpath("//svg[contains(@class, 'chart-map')]//a/@href"):
        assert (site / href.strip("/") / "index.html").is_file(), href
    # Every link of the page leads to a page of the site: a partner only an
    # English article names (Habitat for Humanity) has no Vietnamese page,
    # so it is named without a link.
    for href in doc.xpath("//main//a/@href"):
        if href.startswith("/") and not href.endswith(".csv"):
            assert (site / href.strip("/") / "index.html").is_file(), href
    names = [
        " ".join(li.text_content().split()) for li in doc.xpath("//ul[@class='stat-small']/li")
    ]
    assert any(name.startswith("Habitat for Humanity") for name in names) or any(
        "Habitat for Humanity" in " ".join(row.text_content().split()) for row in doc.xpath("//tr")
    )


@pytest.mark.slow
def test_topic_sparklines_say_the_independent_yearly_counts(site):
    expected = expected_counts(whole_site=False)  # what the province page lists
    checked = empty = 0
    for page in sorted((site / "tinh").glob("*/index.html")):
        doc = html.fromstring(page.read_bytes())
        labels = doc.xpath("//p[@class='topic-spark']/svg/@aria-label")
        if "Chưa có tin bài" in doc.text_content():
            # A province without an article: a flat line of zeros says nothing.
            assert not labels and not doc.xpath("//p[@class='topic-spark']"), page
            empty += 1
            continue
        if not labels:
            continue
        name = doc.xpath("//h1")[0].text_content().split()
        figures = dict(re.findall(r"(\d{4}): (\d+)", labels[0]))
        # The caption before the chart says what it is; its name is the figures
        # alone (a screen reader read "Số bài mỗi năm, 2017–2026" twice).
        caption = doc.xpath("//p[@class='topic-spark']")[0].text.strip(" :")
        assert caption and caption not in labels[0] and labels[0].startswith("20"), labels[0]
        heading = " ".join(name)
        province = next((p for p, _ in expected["province"] if heading.endswith(p)), heading)
        for year, count in figures.items():
            assert int(count) == expected["province"][(province, int(year))], (province, year)
        assert any(int(count) for count in figures.values()), province
        checked += 1
    assert checked >= 10 and empty >= 5


def test_a_site_without_articles_still_has_every_chart_and_file(reference):
    from plugins.statistics.page import build_page

    page = build_page(count_coverage([], reference.sections), reference, lambda k, s: f"/{k}/{s}/")
    assert page.total == 0 and len(page.charts) == 6
    assert all(text.count("\r\n") >= 1 for text in page.files.values())  # the header row
    rows = {row[0][0]: row[1] for row in page.charts[0].table.rows}
    assert len(rows) == 34 and set(rows.values()) == {0}


def _write_article(folder: Path, rel: str, header: str) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header.strip() + "\n\nNội dung.\n", encoding="utf-8")


def test_the_site_statistics_count_what_only_the_english_edition_publishes(tmp_path):
    """/thong-ke/ counts the whole site: an English-only article too, under
    the main edition's names; a translation once; no draft."""
    from plugins.fixed_urls.scheme import portal_settings
    from plugins.reference import reference_for
    from plugins.statistics import published_only_elsewhere

    _write_article(
        tmp_path,
        "articles/2025/vi.md",
        "Title: A\nSlug: a\nTranslation_Key: k\nCategory: Hữu nghị\nProvinces: Huế\n"
        "Date: 2025-03-01 08:00",
    )
    _write_article(
        tmp_path,
        "en/articles/2025/translation.md",
        "Title: A\nSlug: a-en\nLang: en\nTranslation_Key: k\nCategory: Friendship\n"
        "Provinces: Hue\nDate: 2025-03-01 08:00",
    )
    _write_article(
        tmp_path,
        "en/articles/2026/only.md",
        "Title: B\nSlug: b\nLang: en\nCategory: Friendship\nProvinces: Lao Cai\n"
        "Countries: Laos\nOrganizations: Habitat for Humanity\nFormat: photo\n"
        "Date: 2026-02-01 08:00",
    )
    _write_article(
        tmp_path,
        "en/articles/2026/draft.md",
        "Title: C\nSlug: c\nLang: en\nCategory: Friendship\nProvinces: Hue\nStatus: draft\n"
        "Date: 2026-02-01 08:00",
    )
    settings = {
        **portal_settings(),
        "PATH": str(tmp_path),
        "BUILD_TIME": "2026-06-01T00:00:00+07:00",
    }
    reference = reference_for(settings)
    (only,) = published_only_elsewhere(settings, reference)
    assert (only.date.year, only.format) == (2026, "photo")
    assert (only.section.slug, only.section.name) == ("huu-nghi", "Hữu nghị")
    assert [(p.slug, p.name) for p in only.provinces] == [("lao-cai", "Lào Cai")]
    assert [c.name for c in only.countries] == ["Lào"]
    assert [o.slug for o in only.organizations] == [
        reference.organization("Habitat for Humanity").found.slug
    ]


@pytest.mark.parametrize(("first", "labelled"), [(2017, 10), (2016, 6), (2007, 10)])
def test_the_years_chart_labels_at_most_ten_years(reference, first, labelled):
    # With every year labelled, an archive of twenty years ran its labels
    # into one another (and on a phone, whose chart text is larger, ten did).
    from plugins.statistics.page import build_page

    articles = [_article(f"{year}-03-01", "Hữu nghị") for year in range(first, 2027)]
    page = build_page(count_coverage(articles, reference.sections), reference, lambda k, s: "/")
    for anchor in ("theo-nam", "theo-thang"):
        chart = next(c for c in page.charts if c.anchor == anchor)
        texts = html.fromstring(str(chart.svg)).xpath("//text[@text-anchor='middle']")
        labels = [t.text for t in texts]
        assert len(labels) == labelled and labels[0] == str(first), anchor  # none empty
