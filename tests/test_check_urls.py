"""URL scheme rules: pagination cannot collide with our scheme, could with Pelican's default."""

from __future__ import annotations

from plugins.content_check.urls import (
    PELICAN_DEFAULT_PAGINATION,
    UrlScheme,
    output_file,
    page_count,
    page_urls,
    scheme_from_settings,
)

# pelicanconf.py's PAGINATION_PATTERNS, as the check reads them.
PORTAL_PAGINATION = UrlScheme().pagination


def test_portal_pagination_urls():
    assert page_urls("tu-khoa/a/", 3, PORTAL_PAGINATION) == (
        "tu-khoa/a/",
        "tu-khoa/a/trang-2/",
        "tu-khoa/a/trang-3/",
    )
    # the home page: base name is empty
    assert page_urls("", 2, PORTAL_PAGINATION) == ("", "trang-2/")


def test_tag_a_page_3_and_tag_a3_cannot_collide_with_our_scheme():
    tag_a = page_urls("tu-khoa/a/", 3, PORTAL_PAGINATION)
    tag_a3 = page_urls("tu-khoa/a3/", 1, PORTAL_PAGINATION)
    assert not {output_file(u) for u in tag_a} & {output_file(u) for u in tag_a3}


def test_tag_a_page_3_and_tag_a3_collide_with_pelican_default():
    tag_a = page_urls("tag/a.html", 3, PELICAN_DEFAULT_PAGINATION)
    tag_a3 = page_urls("tag/a3.html", 1, PELICAN_DEFAULT_PAGINATION)
    assert tag_a[2] == "tag/a3.html"
    assert {output_file(u) for u in tag_a} & {output_file(u) for u in tag_a3} == {"tag/a3.html"}


def test_page_count():
    assert page_count(0, 20) == 1
    assert page_count(20, 20) == 1
    assert page_count(21, 20) == 2
    assert page_count(500, None) == 1


def test_output_file():
    assert output_file("") == "index.html"
    assert output_file("/tu-khoa/a/") == "tu-khoa/a/index.html"
    assert output_file("doi-ngoai/x.html") == "doi-ngoai/x.html"


def test_scheme_from_pelicanconf_matches_defaults():
    import runpy
    from pathlib import Path

    conf = runpy.run_path(str(Path(__file__).resolve().parents[1] / "pelicanconf.py"))
    scheme = scheme_from_settings(conf)
    default = UrlScheme(default_author=conf["AUTHOR"])
    assert scheme == default
    assert scheme.province == conf["PROVINCE_URL"]
    assert scheme.subsection == conf["SUBSECTION_URL"]
    assert scheme.pagination == ((1, "{url}"), (2, "{base_name}/trang-{number}/"))
    assert scheme.fixed == (
        "chuyen-muc/",
        "tu-khoa/",
        "tac-gia/",
        "luu-tru/",
        "chu-de/",
        "tim-kiem/",
        "thong-ke/",
        "feeds/",
        "404.html",
        # plugins.topics' pages at the topic folders, to the topics index
        "tinh/",
        "quoc-gia/",
        "to-chuc/",
    )


def test_reserved_folders_are_the_first_segments_of_the_scheme():
    # tests/test_check_cases.py refuses a page in each of them.
    reserved = UrlScheme().reserved
    assert {
        "bai-viet",
        "ban-nhap",
        "tinh",
        "chu-de",
        "tim-kiem",
        "thong-ke",
        "feeds",
        "images",
        "admin",  # plugins.admin, the web editor
    } <= reserved
    assert "" not in reserved  # PAGE_URL = "{slug}/" reserves nothing
    moved = scheme_from_settings({"PROVINCE_URL": "dia-phuong/{slug}/", "SEARCH_URL": "tra-cuu/"})
    assert {"dia-phuong", "tra-cuu"} <= moved.reserved
    assert not {"tinh", "tim-kiem"} & moved.reserved
    assert "tra-cuu/" in moved.fixed


def test_the_home_page_is_paginated_by_its_own_size_as_pelican_does():
    """PAGINATED_TEMPLATES["index"] (13 in pelicanconf.py: the front page's
    layout), not DEFAULT_PAGINATION: the check predicts the home's pages
    (trang-2/ …) the build writes."""
    from plugins.content_check.urls import scheme_from_settings
    from plugins.fixed_urls.scheme import portal_settings

    settings = portal_settings()
    scheme = scheme_from_settings(settings)
    assert scheme.home_per_page == settings["PAGINATED_TEMPLATES"]["index"] == 13
    assert scheme.per_page == settings["DEFAULT_PAGINATION"] == 20
    other = {**settings, "PAGINATED_TEMPLATES": {**settings["PAGINATED_TEMPLATES"], "index": None}}
    assert scheme_from_settings(other).home_per_page == 20  # None: the default size
