"""Đọc nhiều: export flavours, malformed rows, path mapping, window, fallback."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from plugins.most_read import add_most_read, most_read_settings
from plugins.most_read.pageviews import normalize_path, parse_pageviews, read_pageviews
from plugins.most_read.ranking import ArticleRef, article_views, rank_most_read
from tests.most_read_standins import Article as _Article
from tests.most_read_standins import Generator as _Generator
from tests.most_read_standins import Section as _Section

VN = timezone(timedelta(hours=7))
NOW = datetime(2025, 11, 30, 12, 0, tzinfo=VN)


def test_simple_path_views():
    data = parse_pageviews("path,views\n/bai-viet/a/,10\n/bai-viet/b/,3\n")
    assert data.flavour == "simple"
    assert data.views == {"bai-viet/a/": 10, "bai-viet/b/": 3}
    assert data.warnings == []


def test_plausible_pages_csv_uses_pageviews():
    text = "name,visitors,pageviews,bounce_rate,time_on_page\n/bai-viet/a/,7,12,50,30\n/,100,150,40,20\n"
    data = parse_pageviews(text)
    assert data.flavour == "plausible"
    assert data.views["bai-viet/a/"] == 12
    assert data.views[""] == 150


def test_umami_xy_export():
    data = parse_pageviews("x,y\n/bai-viet/a,5\n/bai-viet/a/?ref=fb,2\n")
    assert data.flavour == "umami"
    assert data.views == {"bai-viet/a/": 7}


def test_goatcounter_hits_export_counts_rows_skipping_events_bots_and_old_hits():
    text = (
        "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date\n"
        "/bai-viet/a/,A,false,Mozilla,Firefox,Linux,s1,0,,,1920,VN,true,2025-11-20T10:00:00Z\n"
        "/bai-viet/a/,A,false,Mozilla,Firefox,Linux,s2,0,,,1920,VN,true,2025-11-21T10:00:00Z\n"
        "/bai-viet/a/,A,false,Googlebot,,,s3,1,,,,,true,2025-11-21T10:00:00Z\n"
        "share-click,A,true,Mozilla,Firefox,Linux,s1,0,,,1920,VN,false,2025-11-21T10:00:00Z\n"
        "/bai-viet/a/,A,false,Mozilla,Firefox,Linux,s4,0,,,1920,VN,true,2025-01-01T10:00:00Z\n"
    )
    data = parse_pageviews(text, hits_since=NOW - timedelta(days=30))
    assert data.flavour == "goatcounter"
    assert data.views == {"bai-viet/a/": 2}


def test_goatcounter_counts_export():
    data = parse_pageviews("Path,Title,Event,Count\n/bai-viet/a/,A,false,42\n")
    assert data.flavour == "goatcounter"
    assert data.views == {"bai-viet/a/": 42}


def test_malformed_rows_are_reported_with_line_numbers_and_skipped():
    text = "path,views\n/bai-viet/a/,10\n/bai-viet/b/\n/bai-viet/c/,nhiều\n\n/bai-viet/d/,-4\n/bai-viet/e/,5\n"
    data = parse_pageviews(text, source="data/analytics/pageviews.csv")
    assert data.views == {"bai-viet/a/": 10, "bai-viet/e/": 5}
    assert [w.split(": ")[0] for w in data.warnings] == [
        "data/analytics/pageviews.csv:3",
        "data/analytics/pageviews.csv:4",
        "data/analytics/pageviews.csv:6",
    ]
    assert "thiếu cột" in data.warnings[0]
    assert "'nhiều'" in data.warnings[1]


def test_unknown_header_is_one_warning_and_no_data():
    data = parse_pageviews("foo,bar\n/a/,1\n", source="x.csv")
    assert not data.views
    assert data.warnings[0].startswith("x.csv:1: không nhận ra định dạng")


def test_missing_file_is_no_data(tmp_path):
    data = read_pageviews(tmp_path / "none.csv")
    assert not data.views and not data.warnings


def test_bom_and_header_case(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("\ufeffPath,Views\n/bai-viet/a/,4\n", encoding="utf-8")
    assert read_pageviews(path).views == {"bai-viet/a/": 4}


@pytest.mark.parametrize(
    "raw",
    [
        "/bai-viet/abc/",
        "/bai-viet/abc",
        "bai-viet/abc/",
        "https://doingoai.example.org/bai-viet/abc/?utm_source=zalo#binh-luan",
        "http://www.other-host.vn/bai-viet/abc/index.html",
        "/bai-viet/%61bc/",
    ],
)
def test_paths_are_normalized(raw):
    assert normalize_path(raw, "https://doingoai.example.org") == "bai-viet/abc/"


def test_legacy_html_paths_keep_their_name():
    assert normalize_path("/dia-phuong/bai-151672.html?x=1") == "dia-phuong/bai-151672.html"
    assert normalize_path("/") == ""
    assert normalize_path("   ") is None
    assert normalize_path("mailto:a@b") is None


def _ref(key, days_ago, section="huu-nghi", legacy=(), views=None):
    return ArticleRef(
        key=key,
        date=NOW - timedelta(days=days_ago),
        section=section,
        legacy_paths=legacy,
        legacy_views=views,
    )


def test_article_views_sum_current_and_legacy_addresses_and_fall_back_to_header_views():
    articles = [
        _ref("bai-viet/a/", 1, legacy=("https://old.vn/huu-nghi/a-123.html",), views=900),
        _ref("bai-viet/b/", 2, views=375),
        _ref("bai-viet/c/", 3),
    ]
    views = article_views(articles, {"bai-viet/a/": 10, "huu-nghi/a-123.html": 5})
    assert views == {"bai-viet/a/": 15, "bai-viet/b/": 375, "bai-viet/c/": 0}


def test_a_translation_the_export_does_not_count_has_its_original_s_readers():
    # The English pages had no count: their "Most read" was the newest articles.
    from dataclasses import replace

    english = [
        replace(_ref("en/article/a/", 1, views=7), translation_paths=("bai-viet/a/",)),
        replace(_ref("en/article/b/", 2), translation_paths=("bai-viet/b/",)),
        replace(_ref("en/article/c/", 3), translation_paths=("bai-viet/c/",)),
        _ref("en/article/d/", 4),
    ]
    export = {"bai-viet/a/": 40, "bai-viet/b/": 12, "en/article/c/": 3, "bai-viet/c/": 90}
    assert article_views(english, export) == {
        "en/article/a/": 7,  # its own count first: the export's, else its Views header
        "en/article/b/": 12,
        "en/article/c/": 3,  # counted here: its translation's readers are not added
        "en/article/d/": 0,
    }


def test_ranking_window_sections_and_limit():
    articles = [
        _ref("bai-viet/new-1/", 1, "huu-nghi"),
        _ref("bai-viet/new-2/", 2, "dia-phuong"),
        _ref("bai-viet/new-3/", 3, "huu-nghi"),
        _ref("bai-viet/old/", 90, "huu-nghi"),
        _ref("bai-viet/zero/", 1, "huu-nghi"),
    ]
    views = {
        "bai-viet/new-1/": 5,
        "bai-viet/new-2/": 50,
        "bai-viet/new-3/": 20,
        "bai-viet/old/": 999,
        "bai-viet/zero/": 0,
    }
    ranking = rank_most_read(articles, views, window_days=30, now=NOW, limit=2)
    assert ranking.site == ("bai-viet/new-2/", "bai-viet/new-3/")
    assert ranking.by_section == {
        "huu-nghi": ("bai-viet/new-3/", "bai-viet/new-1/"),
        "dia-phuong": ("bai-viet/new-2/",),
    }
    # Without a clock the window ends at the newest article; without a window, all time.
    assert rank_most_read(articles, views, window_days=30).site[0] == "bai-viet/new-2/"
    assert rank_most_read(articles, views, window_days=None).site[0] == "bai-viet/old/"


def test_no_data_gives_empty_lists():
    ranking = rank_most_read([_ref("bai-viet/a/", 1)], {}, window_days=30, now=NOW)
    assert ranking.site == () and ranking.by_section == {}
    assert rank_most_read([], {}, window_days=30).site == ()


# --- the Pelican handler, with stand-in articles --------------------------------


def test_handler_puts_articles_in_the_context_and_logs_malformed_rows(tmp_path, caplog):
    export = tmp_path / "pageviews.csv"
    export.write_text("path,views\n/bai-viet/a/,3\n/bai-viet/b/,x\n", encoding="utf-8")
    a = _Article("bai-viet/a/", NOW - timedelta(days=1), _Section("huu-nghi"))
    b = _Article("bai-viet/b/", NOW - timedelta(days=2), _Section("dia-phuong"), views=7)
    generator = _Generator([a, b], {"MOST_READ": {"path": str(export), "now": "2025-11-30T12:00"}})
    with caplog.at_level(logging.WARNING):
        add_most_read(generator)
    assert generator.context["most_read_site"] == [b, a]  # b: legacy views (its row is malformed)
    assert generator.context["most_read_by_section"] == {"huu-nghi": [a], "dia-phuong": [b]}
    assert any(f"{export}:3:" in message for message in caplog.messages)


def test_handler_with_no_export_and_no_views_gives_empty_lists(tmp_path):
    a = _Article("bai-viet/a/", NOW, _Section("huu-nghi"))
    generator = _Generator([a], {"MOST_READ": {"path": str(tmp_path / "missing.csv")}})
    add_most_read(generator)
    assert generator.context["most_read_site"] == []
    assert generator.context["most_read_by_section"] == {}


def test_settings_are_merged_not_mutated():
    user = {"MOST_READ": {"window_days": 7}}
    options = most_read_settings(user)
    assert options["window_days"] == 7 and options["limit"] == 5
    assert user == {"MOST_READ": {"window_days": 7}}
