"""One URL scheme: pelicanconf.py's block, read through plugins.fixed_urls.scheme.

First the helper itself (plain dicts, no Pelican), then pelicanconf.py's
block, then one *moved* scheme followed by every place that makes addresses:
the content check's collision rules, the topic pages (URL and file), the
feeds' page links, SEO canonical URLs and breadcrumbs, the sitemap and
robots.txt, the former provinces' redirects and the period archives. A
plugin that derived an address again (a pattern or a default of its own)
would not follow, and the last test finds a pattern written again as a
literal in plugins/.
"""

from __future__ import annotations

import ast
import runpy
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.content_check import check_tree
from plugins.content_check.urls import (
    PATTERN_KINDS,
    UrlScheme,
    output_file,
    scheme_from_settings,
    url_of_file,
)
from plugins.content_model.enrich import resolve_topics
from plugins.fixed_urls.scheme import (
    KINDS,
    UrlSchemeError,
    pattern,
    patterns,
    portal_settings,
    save_as_for,
    scheme_settings,
    url_for,
)
from plugins.vietnamese import VIETNAM_TZ

ROOT = Path(__file__).resolve().parents[1]
SITEURL = "https://x.org"

# --- the helper ------------------------------------------------------------

SMALL = {
    "PROVINCE_URL": "tinh/{slug}/",
    "PROVINCE_SAVE_AS": "tinh/{slug}/index.html",
    "SUBSECTION_URL": "chuyen-muc/{section}/{slug}/",
    "YEAR_ARCHIVE_URL": "luu-tru/{date:%Y}/",
    "DAY_ARCHIVE_SAVE_AS": "",
}


def test_url_for_fills_the_pattern_of_the_settings():
    assert url_for(SMALL, "province", slug="hue") == "tinh/hue/"
    assert save_as_for(SMALL, "province", slug="hue") == "tinh/hue/index.html"
    assert (
        url_for(SMALL, "subsection", section="huu-nghi", slug="hoi") == "chuyen-muc/huu-nghi/hoi/"
    )
    assert url_for(SMALL, "year_archive", date=datetime(2025, 11, 3)) == "luu-tru/2025/"
    # An empty pattern is a page that is not made (Pelican's convention).
    assert save_as_for(SMALL, "day_archive", date=datetime(2025, 11, 3)) == ""
    assert url_for({**SMALL, "PROVINCE_URL": "dia-phuong/{slug}.html"}, "province", slug="hue") == (
        "dia-phuong/hue.html"
    )


def test_a_missing_pattern_is_an_error_naming_the_setting():
    with pytest.raises(UrlSchemeError, match="thiếu thiết lập COUNTRY_URL"):
        url_for(SMALL, "country", slug="lao")
    with pytest.raises(UrlSchemeError, match="SUBSECTION_SAVE_AS"):
        save_as_for(SMALL, "subsection", section="a", slug="b")
    with pytest.raises(ValueError, match="PROVINCE_URL"):  # a ValueError, as settings errors are
        url_for({"PROVINCE_URL": None}, "province", slug="hue")
    with pytest.raises(UrlSchemeError, match="ORGANIZATION_URL"):
        patterns(SMALL, ["province", "organization"])


def test_a_pattern_that_cannot_be_filled_names_the_setting_and_the_field():
    with pytest.raises(UrlSchemeError, match=r"SUBSECTION_URL = .*section"):
        url_for(SMALL, "subsection", slug="hoi")


def test_an_unknown_kind_is_an_error():
    with pytest.raises(UrlSchemeError, match="'province_page'"):
        url_for(SMALL, "province_page", slug="hue")


def test_scheme_settings_are_only_the_url_scheme():
    assert scheme_settings({**SMALL, "SITENAME": "x", "FEEDS": {}}) == SMALL


# --- pelicanconf.py's block -------------------------------------------------

PORTAL = portal_settings()
# The kinds of page the portal makes, each with its URL and its file.
MADE = (*PATTERN_KINDS, "topics", "search")


def test_pelicanconf_defines_every_pattern_in_directory_style():
    for kind in MADE:
        url = pattern(PORTAL, kind)
        # The content check finds collisions by URL: each file is its URL's.
        assert pattern(PORTAL, kind, "SAVE_AS") == output_file(url), kind
    assert pattern(PORTAL, "search") == "tim-kiem/"
    for kind in ("index", "archives", "sections", "keywords", "authors"):
        assert pattern(PORTAL, kind, "SAVE_AS").endswith("index.html"), kind
    assert pattern(PORTAL, "subsection") == "chuyen-muc/{section}/{slug}/"


def test_publishconf_keeps_the_scheme_of_pelicanconf():
    publish = runpy.run_path(str(ROOT / "publishconf.py"))
    assert scheme_settings(publish) == scheme_settings(PORTAL)
    assert set(scheme_settings(PORTAL)) <= {
        f"{prefix}_{suffix}" for prefix in KINDS.values() for suffix in ("URL", "SAVE_AS")
    }


# --- a moved scheme, followed everywhere -------------------------------------

MOVED_URLS = {
    "CATEGORY": "muc/{slug}/",
    "SUBSECTION": "muc/{section}/nhanh-{slug}/",
    "PROVINCE": "dia-phuong/{slug}/",
    "COUNTRY": "doi-tac/{slug}/",
    "ORGANIZATION": "don-vi/{slug}/",
    "AUTHOR": "nguoi-viet/{slug}/",
    "TOPICS_INDEX": "tat-ca-chu-de/",
    "YEAR_ARCHIVE": "nam/{date:%Y}/",
}
MOVED = {
    **PORTAL,
    **{f"{prefix}_URL": url for prefix, url in MOVED_URLS.items()},
    **{f"{prefix}_SAVE_AS": url + "index.html" for prefix, url in MOVED_URLS.items()},
    "SEARCH_URL": "tra-cuu/",
    "SEARCH_SAVE_AS": "tra-cuu/index.html",
    "SITEURL": SITEURL,
}


@dataclass
class FakeArticle:
    slug: str
    date: datetime
    metadata: dict
    title: str = "Bài"
    summary: str = ""
    modified: datetime | None = None
    tags: tuple = ()
    authors: tuple = (
        SimpleNamespace(name="Minh Châu", slug="minh-chau", url="tac-gia/minh-chau/"),
    )
    schema_images: tuple = ()
    category: object = None

    @property
    def url(self) -> str:
        return f"bai-viet/{self.slug}/"


def _article(reference, slug: str, day: int, **metadata) -> FakeArticle:
    metadata = {"category": "Hữu nghị", "subsection": "Hội hữu nghị", **metadata}
    article = FakeArticle(slug, datetime(2025, 11, day, 8, tzinfo=VIETNAM_TZ), metadata)
    for name, value in vars(resolve_topics(metadata, reference)).items():
        setattr(article, name, value)
    return article


@pytest.fixture
def articles(reference):
    return [
        _article(reference, "thai-binh", 1, provinces="Thái Bình", countries="Lào"),
        _article(reference, "vufo", 2, organizations="VUFO"),
    ]


@pytest.fixture
def topics(articles, tmp_path):
    """plugins.topics' generator with the moved scheme: its context, and
    the files it writes (a writer that only records them)."""
    from pelican.settings import read_settings

    from plugins.topics import TopicsGenerator

    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={**scheme_settings(MOVED), "PATH": str(tmp_path)}
    )
    context = {"articles": articles, "tags": []}
    generator = TopicsGenerator(context, settings, str(tmp_path), settings["THEME"], str(tmp_path))
    generator.generate_context()
    written = []
    generator.generate_output(
        SimpleNamespace(write_file=lambda name, *a, **k: written.append(name))
    )
    return context, written


def test_topic_pages_and_their_files_follow_the_scheme(topics, reference):
    context, written = topics
    assert {
        "dia-phuong/hung-yen/index.html",
        "dia-phuong/thai-binh/index.html",  # a former province's redirect page
        "doi-tac/lao/index.html",
        "don-vi/vufo/index.html",
        "muc/huu-nghi/nhanh-hoi-huu-nghi/index.html",
        "tat-ca-chu-de/index.html",
    } <= set(written)
    assert not [name for name in written if name.startswith(("tinh/", "quoc-gia/", "chu-de/"))]
    portal_url = context["portal_url"]
    section = reference.section("Hữu nghị").found
    assert portal_url(section) == "muc/huu-nghi/"
    assert portal_url((section, section.subsection("Hội hữu nghị"))) == (
        "muc/huu-nghi/nhanh-hoi-huu-nghi/"
    )
    assert portal_url(reference.former_province("Thái Bình")) == "dia-phuong/thai-binh/"


def test_feed_links_follow_the_scheme(articles, reference):
    from plugins.feeds.adapter import plan_feeds

    plan = plan_feeds(articles, reference, MOVED)
    pages = {channel.key: channel.page_path for channel in plan.channels}
    assert pages[("section", "huu-nghi")] == "muc/huu-nghi/"
    assert pages[("subsection", "huu-nghi/hoi-huu-nghi")] == "muc/huu-nghi/nhanh-hoi-huu-nghi/"
    assert pages[("province", "hung-yen")] == "dia-phuong/hung-yen/"
    assert pages[("country", "lao")] == "doi-tac/lao/"
    assert pages[("organization", "vufo")] == "don-vi/vufo/"
    assert pages[("author", "minh-chau")] == "nguoi-viet/minh-chau/"


def test_seo_canonical_urls_and_breadcrumbs_follow_the_scheme(topics, articles, reference):
    from plugins.seo.adapter import page_seo

    context, _written = topics
    by_kind = {page.kind: page for page in context["topic_pages"] if page.articles}
    subsection = page_seo({"topic": by_kind["subsection"]}, MOVED, reference)
    assert subsection.url == f"{SITEURL}/muc/huu-nghi/nhanh-hoi-huu-nghi/"
    assert [c.url for c in subsection.breadcrumbs[1:]] == [
        f"{SITEURL}/muc/huu-nghi/",
        f"{SITEURL}/muc/huu-nghi/nhanh-hoi-huu-nghi/",
    ]
    province = page_seo({"topic": by_kind["province"]}, MOVED, reference)
    assert province.url == f"{SITEURL}/dia-phuong/hung-yen/"
    assert province.breadcrumbs[1].url == f"{SITEURL}/tat-ca-chu-de/"
    article = page_seo({"article": articles[0]}, MOVED, reference)
    assert article.breadcrumbs[1].url == f"{SITEURL}/muc/huu-nghi/"


def test_the_sitemap_and_robots_follow_the_scheme(topics, articles):
    from plugins.sitemap.adapter import robots_disallow, sitemap_urls

    context, _written = topics
    context = {**context, "search_bundles": [], "FEEDS_PAGE_URL": "feeds/"}
    locs = {url.loc for url in sitemap_urls(context, MOVED)}
    assert {
        f"{SITEURL}/dia-phuong/hung-yen/",
        f"{SITEURL}/muc/huu-nghi/nhanh-hoi-huu-nghi/",
        f"{SITEURL}/tat-ca-chu-de/",
        f"{SITEURL}/tra-cuu/",
    } <= locs
    assert not [loc for loc in locs if "/tinh/" in loc or "/chu-de/" in loc]
    assert robots_disallow(context, MOVED) == ["/tra-cuu/?"]


def test_former_province_redirects_follow_the_scheme():
    from plugins.legacy_urls import former_provinces

    table = {
        r.old_path: r.target for r in former_provinces({**MOVED, "PLUGINS": ["plugins.topics"]})
    }
    assert table["/dia-phuong/thai-binh"] == "/dia-phuong/hung-yen/"


def test_period_archives_follow_the_scheme(articles):
    from plugins.listings import build_period_archives

    years = build_period_archives(articles, articles, MOVED)["year"]
    assert [(a["url"], a["save_as"]) for a in years] == [("nam/2025/", "nam/2025/index.html")]


def test_the_content_check_follows_the_scheme(tmp_path, reference):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "check" / "good", site)
    pages = site / "content" / "pages"
    for slug in ("dia-phuong", "hoi-huu-nghi"):
        (pages / f"{slug}.md").write_text(f"Title: {slug}\nSlug: {slug}\n\nx\n", encoding="utf-8")

    def problems(scheme: UrlScheme) -> list[tuple[str, str]]:
        report = check_tree(site / "content", reference, scheme, cwd=site)
        return sorted((p.code, Path(p.path).stem) for p in report.problems)

    assert problems(UrlScheme()) == []
    # The moved provinces' folder is taken; the subsection page, moved to
    # the top of the site, takes the address of a static page (reported at
    # the page and at the article that makes the subsection's page).
    moved = scheme_from_settings({**MOVED, "SUBSECTION_URL": "{slug}/"})
    assert problems(moved) == [
        ("reserved-slug", "dia-phuong"),
        ("url-collision", "good-article"),
        ("url-collision", "hoi-huu-nghi"),
    ]
    assert {"tat-ca-chu-de/", "tra-cuu/"} <= set(moved.fixed)


def test_lost_list_pages_are_sent_to_the_lists_of_the_scheme():
    from plugins.content_check.published import RecordEntry, lost_addresses

    record = [
        RecordEntry("/muc/het-bai/", "section"),
        RecordEntry("/dia-phuong/x/", "province"),
        RecordEntry("/nguoi-viet/y/", "author"),
        RecordEntry("/nam/2019/", "archive"),
        RecordEntry("/khac/", "unknown-kind"),
    ]
    moved = scheme_from_settings(
        {**MOVED, "CATEGORIES_SAVE_AS": "muc/index.html", "ARCHIVES_SAVE_AS": "nam/index.html"}
    )
    lost = lost_addresses(record, {}, {}, "content/published-urls.txt", moved)
    assert dict(lost.list_redirects) == {
        "/muc/het-bai/": "/muc/",
        "/dia-phuong/x/": "/tat-ca-chu-de/",
        "/nguoi-viet/y/": "/tac-gia/",  # AUTHORS_SAVE_AS not moved
        "/nam/2019/": "/nam/",
        "/khac/": "/",  # a kind without a list: the home page
    }
    assert lost.problems == ()


def test_no_plugin_writes_a_pattern_of_the_scheme_again():
    """A URL pattern of pelicanconf.py (or the address of one of its files)
    written as a literal in plugins/ is the scheme derived a second time."""
    values = set()
    for name, value in scheme_settings(PORTAL).items():
        if value and value != "index.html":
            values |= {value, url_of_file(value)} if name.endswith("_SAVE_AS") else {value}
    found = set()
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in values:
                found.add((path.relative_to(ROOT).as_posix(), node.value))
    assert found == set()
