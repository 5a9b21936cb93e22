"""The reader theme in a real browser (Debian's chromium via Playwright).

The fixture site is built once per session (see tests/browser_helpers.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scripts.screenshots import page_types
from tests import browser_helpers
from tests.browser_helpers import DESKTOP, PHONE, axe_violations

# The shared fixtures, made visible to pytest in this module.
open_page = browser_helpers.open_page
site_url = browser_helpers.site_url
theme_site = browser_helpers.theme_site

pytestmark = pytest.mark.browser

# Page types every fixture build must have (the screenshot script's names).
REQUIRED_TYPES = {
    "home",
    "home-page-2",
    "article",
    "article-video",
    "article-infographic",
    "article-photo",
    "section",
    "subsection",
    "province",
    "country",
    "organization",
    "keyword",
    "author",
    "year-archive",
    "month-archive",
    "archives",
    "topics-index",
    "categories",
    "tags",
    "authors",
    "static-page",
    "not-found",
}


def test_the_fixture_site_has_every_page_type(theme_site):
    assert set(page_types(theme_site)) >= REQUIRED_TYPES


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390x844", "1366x768"])
def test_every_page_type_renders_cleanly_and_stays_on_this_host(
    theme_site, site_url, open_page, viewport
):
    watched = open_page(viewport)
    problems = {}
    for name, url in page_types(theme_site).items():
        watched.console_errors.clear()
        watched.foreign_requests.clear()
        watched.failed_requests.clear()
        watched.page.goto(site_url + url, wait_until="load")
        assert watched.page.locator("main#noi-dung").count() == 1, name
        # Nothing wider than the screen (no sideways scrolling on a phone).
        overflow = watched.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if watched.problems() or overflow > 0:
            problems[name] = watched.problems() + (
                [f"overflows by {overflow}px"] if overflow > 0 else []
            )
    assert not problems


def test_text_size_control_changes_the_size_and_persists(theme_site, site_url, open_page):
    watched = open_page(PHONE)
    page = watched.page
    articles = sorted(p.parent.name for p in (theme_site / "bai-viet").glob("*/index.html"))
    page.goto(f"{site_url}/bai-viet/{articles[0]}/")

    def body_size() -> float:
        return float(
            page.eval_on_selector(".article-body", "e => parseFloat(getComputedStyle(e).fontSize)")
        )

    control = page.locator("[data-text-size]")
    assert control.is_visible()
    before = body_size()
    control.get_by_role("button", name="Tăng cỡ chữ").click()
    larger = body_size()
    assert larger > before
    assert control.get_by_role("button", name="Tăng cỡ chữ").get_attribute("aria-pressed") == "true"
    # The choice follows the reader to the next article.
    page.goto(f"{site_url}/bai-viet/{articles[1]}/")
    assert body_size() == larger
    page.locator("[data-text-size]").get_by_role("button", name="Giảm cỡ chữ").click()
    assert body_size() < before
    page.locator("[data-text-size]").get_by_role("button", name="Cỡ chữ mặc định").click()
    assert body_size() == before


def test_dark_mode_follows_the_system_and_the_toggle_persists(site_url, open_page):
    def background(page) -> str:
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    watched = open_page(DESKTOP, color_scheme="dark")
    page = watched.page
    page.goto(site_url + "/")
    dark = background(page)
    assert dark != "rgb(255, 255, 255)"
    toggle = page.locator("[data-theme-toggle]")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert background(page) == "rgb(255, 255, 255)"
    assert toggle.get_attribute("aria-pressed") == "false"
    page.goto(site_url + "/chu-de/")
    assert background(page) == "rgb(255, 255, 255)", "the light choice must persist"
    page.locator("[data-theme-toggle]").click()
    page.goto(site_url + "/")
    assert background(page) == dark


def test_saved_choices_apply_before_the_deferred_script_runs(theme_site, site_url, open_page):
    """No white flash for a dark-mode reader, no jump to the chosen text size:
    the choices hold even when site.js (deferred, run after the first paint)
    never arrives, so they come from the blocking prefs.js in <head>."""
    head = (theme_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    prefs = re.search(r"<script [^>]*/js/prefs\.[0-9a-f]{10}\.js[^>]*>", head)  # plugins/assets
    assert prefs and " defer" not in prefs.group(0) and " async" not in prefs.group(0)
    assert head.index(prefs.group(0)) < head.index('rel="stylesheet"')

    articles = sorted(p.parent.name for p in (theme_site / "bai-viet").glob("*/index.html"))
    watched = open_page(PHONE, color_scheme="light")
    page = watched.page
    page.goto(f"{site_url}/bai-viet/{articles[0]}/")
    default_size = page.eval_on_selector(
        ".article-body", "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    page.evaluate(
        "localStorage.setItem('dnnd-theme', 'dark'); localStorage.setItem('dnnd-text-size', '1')"
    )
    page.route("**/js/site.*.js", lambda route: route.abort())
    page.goto(f"{site_url}/bai-viet/{articles[1]}/")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    larger = page.eval_on_selector(".article-body", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert larger > default_size


def test_without_javascript_the_enhancements_stay_hidden_and_links_work(
    browser, site_url, theme_site
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        video = page_types(theme_site)["article-video"]
        page.goto(site_url + video)
        assert not page.locator("[data-text-size]").is_visible()
        assert not page.locator("[data-theme-toggle]").is_visible()
        link = page.locator("a[data-video]")
        assert link.get_attribute("href").startswith("https://www.youtube.com/")
        assert page.locator("iframe").count() == 0
    finally:
        context.close()


def test_video_facade_loads_nothing_from_the_host_until_clicked(theme_site, site_url, open_page):
    watched = open_page(DESKTOP)
    page = watched.page
    page.goto(site_url + page_types(theme_site)["article-video"], wait_until="networkidle")
    assert watched.foreign_requests == []
    assert page.locator("iframe").count() == 0
    page.locator("a[data-video]").click()
    frame = page.locator(".video-frame iframe")
    assert frame.count() == 1
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/abcdefghijk"
    )
    # The only foreign request is the player itself, after the click.
    page.wait_for_timeout(200)
    assert watched.foreign_requests
    assert all(u.startswith("https://www.youtube-nocookie.com/") for u in watched.foreign_requests)


def test_reader_journey_home_section_article_province_feed(site_url, open_page):
    # Each click is followed by a wait for the new page's load event: the URL
    # changes when the navigation commits, before the new document is parsed.
    watched = open_page(PHONE)
    page = watched.page
    page.goto(site_url + "/")
    page.locator(".site-nav").get_by_role("link", name="Hữu nghị", exact=True).click()
    page.wait_for_url("**/chuyen-muc/huu-nghi/")
    expect(page.locator("h1")).to_have_text("Hữu nghị")
    page.locator(".list-main .card-link").first.click()
    page.wait_for_url("**/bai-viet/**")
    expect(page.locator(".breadcrumbs li").nth(1)).to_have_text("Hữu nghị")
    crumbs = page.locator(".breadcrumbs li").all_inner_texts()
    assert crumbs[:2] == ["Trang chủ", "Hữu nghị"]
    page.locator(".chip--province").first.click()
    page.wait_for_url(re.compile(r".*/tinh/[a-z-]+/$"))
    feed = page.locator(".feed-link a")
    expect(feed).to_have_count(1)  # a province page links its own feed
    href = feed.get_attribute("href")
    assert re.search(r"feeds/tinh/[a-z-]+\.rss$", href)
    response = page.request.get(site_url + href if href.startswith("/") else href)
    assert response.ok
    assert b"<rss" in response.body()
    assert watched.problems() == []


def test_former_province_names_lead_to_the_new_province(site_url, open_page):
    watched = open_page(DESKTOP)
    page = watched.page
    page.goto(site_url + "/")
    page.locator(".former-provinces summary").click()
    page.locator(".former-list a", has_text="Sóc Trăng").click()
    page.wait_for_url("**/tinh/can-tho/")
    expect(page.locator(".former-names")).to_contain_text("Sóc Trăng")


@pytest.mark.parametrize(
    "page_type", ["home", "article", "article-video", "section", "province", "search"]
)
def test_axe_finds_no_violations(theme_site, site_url, open_page, page_type):
    urls = page_types(theme_site)
    if page_type not in urls:
        pytest.skip(f"no {page_type} page in this build")
    for scheme in ("light", "dark"):
        watched = open_page(DESKTOP, color_scheme=scheme)
        watched.page.goto(site_url + urls[page_type], wait_until="load")
        assert axe_violations(watched.page) == [], scheme
