"""The reader theme in a real browser (Debian's chromium via Playwright).

The fixture site is built once per session (see tests/browser_helpers.py).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from lxml import html as lxml_html
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
    "statistics",
}


def test_the_fixture_site_has_every_page_type(theme_site):
    assert set(page_types(theme_site)) >= REQUIRED_TYPES


# The English edition (plugins/editions): every page type of issue 22.
ENGLISH_TYPES = {
    "home",
    "article",
    "section",
    "subsection",
    "province",
    "country",
    "organization",
    "keyword",
    "author",
    "year-archive",
    "archives",
    "topics-index",
    "search",
    "feeds",
    "not-found",
}


def english_types(site) -> dict[str, str]:
    from plugins.editions import run_settings
    from plugins.fixed_urls.scheme import portal_settings

    return page_types(site, run_settings(portal_settings(), "en"))


def test_the_english_edition_has_every_page_type(theme_site):
    assert set(english_types(theme_site)) >= ENGLISH_TYPES


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390x844", "1366x768"])
def test_every_english_page_renders_cleanly_in_english(theme_site, site_url, open_page, viewport):
    watched = open_page(viewport)
    problems = {}
    for name, url in english_types(theme_site).items():
        watched.console_errors.clear()
        watched.foreign_requests.clear()
        watched.failed_requests.clear()
        watched.page.goto(site_url + url, wait_until="load")
        assert watched.page.locator("html").get_attribute("lang") == "en", name
        overflow = watched.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        # What site.js writes (the date line, the theme button) is English too.
        shown = watched.page.locator("header.site-header").inner_text()
        vietnamese = [
            word for word in ("Thứ", "Giao diện", "Tìm kiếm", "Trang chủ") if word in shown
        ]
        if watched.problems() or overflow > 0 or vietnamese:
            problems[name] = (
                watched.problems()
                + vietnamese
                + ([f"overflows by {overflow}px"] if overflow > 0 else [])
            )
    assert not problems


@pytest.mark.parametrize(
    "page_type", ["home", "article", "section", "province", "search", "not-found"]
)
def test_axe_finds_no_violations_in_english(theme_site, site_url, open_page, page_type):
    url = english_types(theme_site)[page_type]
    for scheme in ("light", "dark"):
        watched = open_page(DESKTOP, color_scheme=scheme)
        watched.page.goto(site_url + url, wait_until="load")
        assert axe_violations(watched.page) == [], scheme


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
    pages = sorted((theme_site / "bai-viet").glob("*/index.html"))
    # the first one with a photo caption
    pages.sort(key=lambda p: "<figcaption" not in p.read_text(encoding="utf-8"))
    articles = [p.parent.name for p in pages]
    page.goto(f"{site_url}/bai-viet/{articles[0]}/")

    def body_size() -> float:
        return float(
            page.eval_on_selector(".article-body", "e => parseFloat(getComputedStyle(e).fontSize)")
        )

    def caption_size() -> float:
        return float(
            page.eval_on_selector("figcaption", "e => parseFloat(getComputedStyle(e).fontSize)")
        )

    control = page.locator("[data-text-size]")
    assert control.is_visible()
    before, caption = body_size(), caption_size()
    control.get_by_role("button", name="Tăng cỡ chữ").click()
    larger = body_size()
    assert larger > before
    assert caption_size() > caption  # the photo captions grow with the text
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
    expect(toggle).to_have_accessible_name("Giao diện sáng")
    toggle.click()
    assert background(page) == "rgb(255, 255, 255)"
    expect(toggle).to_have_accessible_name("Giao diện tối")
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


@pytest.mark.parametrize("width", [390, 768])
def test_the_header_does_not_change_size_when_the_deferred_script_runs(
    browser, site_url, theme_site, width
):
    """site.js (deferred, after the first paint) revealed the dark-mode
    button: the header grew and the page jumped down (CLS 0.13 at 768 px).
    The header and the article's tools are laid out the same before it runs."""
    article = page_types(theme_site)["article"]
    sizes = []
    for blocked in (True, False):
        context = browser.new_context(viewport={"width": width, "height": 1024})
        try:
            page = context.new_page()
            if blocked:  # the page as first painted: site.js not run yet
                page.route("**/js/site.*.js", lambda route: route.abort())
            page.goto(site_url + article)
            if not blocked:
                page.wait_for_function("document.querySelector('[data-theme-toggle] .tool-label')")
            sizes.append(
                page.evaluate(
                    """() => ['.site-header', '.header-tools', '.article-tools'].map(s => {
                        const box = document.querySelector(s).getBoundingClientRect();
                        return [s, Math.round(box.width), Math.round(box.height)]; })"""
                )
            )
        finally:
            context.close()
    assert sizes[0] == sizes[1]


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


def test_at_twice_the_text_size_the_video_label_leaves_the_play_button_clear(
    theme_site, site_url, open_page
):
    """At 200% text on a phone the label over the poster lost its first
    lines and covered the play button; it is then only the link's name."""
    page = open_page(PHONE).page
    page.goto(site_url + page_types(theme_site)["article-video"])
    page.add_style_tag(content="html { font-size: 200% !important; }")
    play, label = (
        page.locator(f".video-link {name}").first.bounding_box()
        for name in (".play", ".video-label")
    )
    overlap = (
        min(play["x"] + play["width"], label["x"] + label["width"]) - max(play["x"], label["x"]) > 2
        and min(play["y"] + play["height"], label["y"] + label["height"])
        - max(play["y"], label["y"])
        > 2
    )
    assert not overlap, (play, label)
    assert "Xem video" in page.locator(".video-link").first.evaluate("a => a.textContent")


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


def test_every_page_type_reflows_at_320_css_pixels(theme_site, site_url, open_page):
    """WCAG 1.4.10: at 400 % zoom of a 1280 px window (320 CSS px) nothing
    but a table scrolls sideways (the statistics page's rows did, by 16 px)."""
    watched = open_page({"width": 320, "height": 256})
    overflowing = {}
    for name, url in page_types(theme_site).items():
        watched.page.goto(site_url + url, wait_until="load")
        overflow = watched.page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:
            overflowing[name] = overflow
    assert not overflowing


def test_forced_colours_keep_the_current_section_and_the_chosen_text_size(
    theme_site, site_url, open_page
):
    """In forced colours (Windows High Contrast) the transparent underline of
    every menu link and the pressed size's fill were repainted alike."""
    watched = open_page(PHONE)
    page = watched.page
    page.emulate_media(forced_colors="active")
    page.goto(site_url + page_types(theme_site)["article"], wait_until="load")
    underlines = page.locator(".nav-list a").evaluate_all(
        "links => links.map(a => [a.hasAttribute('aria-current'),"
        " getComputedStyle(a).borderBottomColor])"
    )
    current = {colour for is_current, colour in underlines if is_current}
    others = {colour for is_current, colour in underlines if not is_current}
    assert current and others and not current & others, underlines
    fills = page.locator(".text-size button").evaluate_all(
        "buttons => buttons.map(b => [b.getAttribute('aria-pressed'),"
        " getComputedStyle(b).backgroundColor])"
    )
    pressed = {colour for state, colour in fills if state == "true"}
    assert pressed and not pressed & {colour for state, colour in fills if state != "true"}


# The width an <img>'s ``sizes`` gives it in this window (the slot the
# browser picks a file from): the first media condition that holds.
SLOT_WIDTH = """img => {
  const px = length => length.endsWith("rem") ? parseFloat(length) * 16
    : length.endsWith("vw") ? parseFloat(length) * innerWidth / 100 : parseFloat(length);
  for (const part of img.sizes.split(",")) {
    const found = part.trim().match(/^(\\(.*\\))\\s+(\\S+)$/);
    if (!found) return px(part.trim());
    if (matchMedia(found[1]).matches) return px(found[2]);
  }
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390x844", "1366x768"])
def test_front_page_thumbnails_ask_for_their_shown_width(theme_site, site_url, open_page, viewport):
    """The top stories' thumbnails are 7.5rem wide beside their titles: their
    ``sizes`` asked for 50vw on a phone (a 640 px file at 2×, for 120 px)."""
    page = open_page(viewport).page
    page.goto(site_url + "/", wait_until="load")
    images = page.locator(".front-top-stories img")
    assert images.count()
    for index in range(images.count()):
        image = images.nth(index)
        slot = image.evaluate(SLOT_WIDTH)
        shown = image.evaluate("img => img.getBoundingClientRect().width")
        assert shown <= slot <= 1.25 * shown, (slot, shown)


def test_only_vietnamese_pages_preload_the_vietnamese_letters(theme_site):
    """An English page needs the subset only for a Vietnamese name, which
    its unicode-range loads on demand: no preload at high priority."""
    preload = 'rel="preload" href="/theme/fonts/noto-serif-vietnamese'
    assert preload in (theme_site / "index.html").read_text(encoding="utf-8")
    english = [page for page in (theme_site / "en").rglob("*.html") if "<html" in page.read_text()]
    assert english
    assert not [page for page in english if preload in page.read_text(encoding="utf-8")]


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(x) / 255 for x in re.findall(r"\d+", css_colour)[:3])
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_shows_on_the_pressed_text_size(theme_site, site_url, open_page, scheme):
    """WCAG 1.4.11: the ring drawn inside the pressed (accent) button
    contrasts 3:1 with its fill (the link blue was 1.3:1 on red)."""
    watched = open_page(PHONE, color_scheme=scheme)
    page = watched.page
    page.goto(site_url + page_types(theme_site)["article"], wait_until="load")
    pressed = page.locator('.text-size [aria-pressed="true"]')
    pressed.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus from the keyboard: :focus-visible
    ring, fill = pressed.evaluate(
        "b => [getComputedStyle(b).outlineColor, getComputedStyle(b).backgroundColor]"
    )
    lighter, darker = sorted((_luminance(ring), _luminance(fill)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 3, (ring, fill)


@pytest.mark.parametrize(
    "page_type",
    ["home", "article", "article-video", "section", "province", "search", "statistics"],
)
def test_axe_finds_no_violations(theme_site, site_url, open_page, page_type):
    urls = page_types(theme_site)
    if page_type not in urls:
        pytest.skip(f"no {page_type} page in this build")
    for scheme in ("light", "dark"):
        watched = open_page(DESKTOP, color_scheme=scheme)
        watched.page.goto(site_url + urls[page_type], wait_until="load")
        assert axe_violations(watched.page) == [], scheme


# --- issue 18: publisher notice, date line, phone header, print, /feeds/, /chu-de/


def _tree(site, name: str):
    return lxml_html.parse(str(site / name)).getroot()


def test_every_footer_carries_the_publishers_notice(theme_site):
    from pelicanconf import PUBLISHER

    pages = ["index.html", "feeds/index.html", "chu-de/index.html"]
    pages.append(page_types(theme_site)["article"].strip("/") + "/index.html")
    for name in pages:
        (footer,) = _tree(theme_site, name).xpath("//footer[@class='site-footer']")
        text = " ".join(footer.text_content().split())
        for key, value in PUBLISHER.items():
            assert value in text, (name, key)


def test_the_header_date_is_the_readers_today_in_vietnam(browser, site_url, theme_site):
    # Served: the build's date (golden_settings.py BUILD_TIME = 2026-03-01).
    assert ">Chủ Nhật, ngày 01/03/2026</time>" in (theme_site / "index.html").read_text("utf-8")
    # Read later, from a reader whose own clock is in California: 20:30 UTC
    # on 4 December is already Saturday 5 December in Vietnam.
    context = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="America/Los_Angeles")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(datetime(2026, 12, 4, 20, 30, tzinfo=UTC))
        page.goto(site_url + "/")
        today = page.locator("header .header-date time")
        expect(today).to_have_text("Thứ Bảy, ngày 05/12/2026")
        assert today.get_attribute("datetime") == "2026-12-05"
        assert today.is_visible()
        # The English edition: the build wrote its day in words, and so does site.js.
        served = (theme_site / "en" / "index.html").read_text("utf-8")
        assert ">Sunday, 1 March 2026</time>" in served
        page.goto(site_url + "/en/")
        expect(today).to_have_text("Saturday, 5 December 2026")
        assert today.get_attribute("datetime") == "2026-12-05"
    finally:
        context.close()


def test_the_phone_header_icons_have_accessible_names(site_url, open_page):
    """Lighthouse's one accessibility failure: the phone's search icon link
    had no name (its label was display: none)."""
    page = open_page(PHONE).page
    page.goto(site_url + "/")
    tools = page.locator(".header-tools")
    search = tools.get_by_role("link", name="Tìm kiếm", exact=True)
    expect(search).to_be_visible()
    assert search.bounding_box()["width"] <= 48  # still an icon on a phone
    expect(tools.get_by_role("button", name="Giao diện tối", exact=True)).to_be_visible()


def test_the_dark_mode_button_names_what_it_does(site_url, open_page):
    page = open_page(PHONE, color_scheme="light").page
    page.goto(site_url + "/")
    toggle = page.locator("[data-theme-toggle]")
    expect(toggle).to_have_accessible_name("Giao diện tối")
    assert toggle.get_attribute("aria-pressed") is None  # its label changes instead
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    expect(toggle).to_have_accessible_name("Giao diện sáng")
    expect(toggle.locator(".icon-sun")).to_be_visible()
    expect(toggle.locator(".icon-moon")).to_be_hidden()
    page.reload()  # the saved choice, on the next page
    expect(page.locator("[data-theme-toggle]")).to_have_accessible_name("Giao diện sáng")
    page.locator("[data-theme-toggle]").click()
    expect(page.locator("[data-theme-toggle]")).to_have_accessible_name("Giao diện tối")
    expect(page.locator("[data-theme-toggle] .icon-moon")).to_be_visible()


_FADES = """() => {
  const strip = document.querySelector('[data-nav-strip]');
  const fade = side => getComputedStyle(strip, side).opacity;
  return [strip.hasAttribute('data-more-start'), strip.hasAttribute('data-more-end'),
          fade('::before'), fade('::after')];
}"""


def test_the_phone_section_strip_shows_there_is_more(site_url, open_page):
    page = open_page(PHONE).page
    page.goto(site_url + "/")
    assert page.evaluate(
        "(l => l.scrollWidth > l.clientWidth)(document.querySelector('.nav-list'))"
    )
    page.wait_for_timeout(300)  # the fades' transition
    assert page.evaluate(_FADES) == [False, True, "0", "1"]
    page.evaluate("document.querySelector('.nav-list').scrollLeft = 100000")
    page.wait_for_timeout(300)
    assert page.evaluate(_FADES) == [True, False, "1", "0"]
    wide = open_page(DESKTOP).page
    wide.goto(site_url + "/")
    wide.wait_for_timeout(300)
    assert wide.evaluate(_FADES) == [False, False, "0", "0"]  # it all fits: no hint


_FOCUSED = """() => {
  const link = document.activeElement, list = link.closest('.nav-list');
  if (!list) return null;
  const style = getComputedStyle(link);
  const grow = Math.max(0, parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth));
  const box = link.getBoundingClientRect(), outer = list.getBoundingClientRect();
  const left = outer.left + list.clientLeft, top = outer.top + list.clientTop;
  return {
    text: link.textContent.trim(), outline: style.outlineStyle,
    ring: [box.left - grow, box.top - grow, box.right + grow, box.bottom + grow],
    link: [box.left, box.right],
    view: [left, top, left + list.clientWidth, top + list.clientHeight],
    more: [list.scrollLeft > 1, list.scrollWidth - list.clientWidth - list.scrollLeft > 1],
  };
}"""


def test_the_section_strip_shows_each_focused_link_whole_with_its_ring(site_url, open_page):
    """Tabbing through the phone's strip: every link's focus ring lies inside
    the strip's visible box (it was clipped by the scroller), and the link is
    clear of the fade on a side with more sections."""
    page = open_page(PHONE).page
    page.goto(site_url + "/")
    links = page.locator(".nav-list a").count()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED):
            break
    seen = []
    fade = 17  # the solid part of the 3rem fade (35%)
    for _ in range(links):
        focused = page.evaluate(_FOCUSED)
        assert focused, f"focus left the strip after {seen}"
        seen.append(focused["text"])
        assert focused["outline"] != "none", focused
        left, top, right, bottom = focused["view"]
        ring = focused["ring"]
        assert ring[0] >= left - 0.5 and ring[2] <= right + 0.5, focused
        assert ring[1] >= top - 0.5 and ring[3] <= bottom + 0.5, focused
        more_start, more_end = focused["more"]
        assert not more_start or focused["link"][0] >= left + fade, focused
        assert not more_end or focused["link"][1] <= right - fade, focused
        page.keyboard.press("Tab")
    assert seen[0] == "Trang chủ" and seen[-1] == "Chủ đề"


def test_print_shows_the_site_name_and_address_without_chips_share_or_menus(
    theme_site, site_url, open_page
):
    url = page_types(theme_site)["article"]
    page = open_page(DESKTOP).page
    page.goto(site_url + url)
    expect(page.locator(".article-footer .topics")).to_be_visible()  # on screen, the chips
    expect(page.locator(".print-url")).to_be_hidden()
    page.emulate_media(media="print")
    for selector in (
        ".topics",
        ".share",
        ".site-nav",
        ".header-tools",
        ".header-date",
        ".breadcrumbs",
        ".prev-next",
        ".article-aside",
        ".article-more",
        ".site-footer",
    ):
        found = page.locator(selector)
        for index in range(found.count()):
            expect(found.nth(index)).to_be_hidden()
    expect(page.locator(".site-header .brand-name")).to_have_text("Đối ngoại Nhân dân")
    expect(page.locator(".print-url")).to_be_visible()
    expect(page.locator(".print-url")).to_contain_text(site_url + url)


def test_print_keeps_an_infographic_on_one_page_and_gives_a_video_s_address(
    theme_site, site_url, open_page
):
    """On paper a 1080×1920 infographic is one page high at most (not cut
    across two), without its screen-only link; a video gives its address."""
    types = page_types(theme_site)
    page = open_page(DESKTOP).page
    page.goto(site_url + types["article-infographic"])
    page.emulate_media(media="print")
    expect(page.locator(".infographic-open")).to_be_hidden()
    # The fixture's graphic is a landscape picture: a 1080×1920 one in its place.
    page.locator(".article-lead-media img").first.evaluate(
        """img => new Promise(done => {
            img.closest('picture')?.querySelectorAll('source').forEach(s => s.remove());
            img.removeAttribute('srcset'); img.removeAttribute('sizes');
            img.width = 1080; img.height = 1920; img.onload = done;
            img.src = 'data:image/svg+xml,' + encodeURIComponent(
                '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1920">'
                + '<rect width="1080" height="1920" fill="teal"/></svg>');
        })"""
    )
    width, height, natural_width, natural_height = page.locator(
        ".article-lead-media img"
    ).first.evaluate(
        "img => { const r = img.getBoundingClientRect();"
        " return [r.width, r.height, img.naturalWidth, img.naturalHeight]; }"
    )
    assert 0 < height <= 23 / 2.54 * 96 + 1  # 23 cm at 96 px an inch
    # … in its own proportions: it was squashed to 72% of its height (the
    # screen's width: 100% beat print's width: auto).
    assert abs(width / height - natural_width / natural_height) < 0.02
    page.goto(site_url + types["article-video"])
    page.emulate_media(media="print")
    link = page.locator(".video-link").first
    address = link.get_attribute("href")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert address and address in after
    # … and the address is on the paper: not clipped by the screen's 16:9
    # box, nor under a layer laid over the box
    box = link.evaluate(
        """a => ({clipped: getComputedStyle(a).overflow !== 'visible' && a.scrollHeight > a.clientHeight,
                  over: [...a.querySelectorAll('*')].filter(e => getComputedStyle(e).display !== 'none'
                        && getComputedStyle(e).position === 'absolute').map(e => e.className)})"""
    )
    assert box == {"clipped": False, "over": []}, box
    expect(page.locator(".video-link .play")).to_be_hidden()


def test_a_table_scrolls_in_its_own_region_that_the_keyboard_reaches(
    theme_site, site_url, open_page
):
    """A wide table scrolled with no way to reach it by keyboard (axe:
    scrollable-region-focusable) and no sign that columns were hidden."""
    page = open_page(PHONE).page
    page.goto(site_url + page_types(theme_site)["article-infographic"])
    region = page.locator(".article-body .table-scroll")
    expect(region).to_have_count(1)  # tests/fixtures/golden_site: its infographic
    expect(region).to_have_attribute("aria-label", "Bảng")
    # A table that fits is no Tab stop of its own (site.js): nothing to scroll.
    region.locator("table").evaluate("t => { t.style.minWidth = '0'; t.style.width = '10rem'; }")
    page.wait_for_function("!document.querySelector('.table-scroll').hasAttribute('tabindex')")
    region.locator("table").evaluate(
        "t => { t.style.width = ''; t.style.minWidth = '900px'; }"
    )  # a wide one
    page.wait_for_function("document.querySelector('.table-scroll').tabIndex === 0")
    for _ in range(40):  # Tab reaches it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('table-scroll')"):
            break
    else:
        pytest.fail("Tab never reached the table's region")
    sizes = page.evaluate(
        "[document.documentElement.scrollWidth, document.querySelector('.table-scroll').scrollWidth,"
        " document.querySelector('.table-scroll').clientWidth]"
    )
    assert sizes[0] <= PHONE["width"] and sizes[1] > sizes[2], (
        sizes
    )  # the region scrolls, not the page
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.table-scroll').scrollLeft > 0")
    # A table written as raw HTML (no wrapper) scrolls by itself: the page does not.
    page.evaluate(
        """() => { const t = document.createElement('table');
            t.innerHTML = '<tr>' + '<td>Cột_số_liệu_dài</td>'.repeat(12) + '</tr>';
            document.querySelector('.article-body').append(t); }"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_wrapped_dateline_leaves_no_separator_at_a_line_end(theme_site, site_url, open_page):
    """On a phone "… GMT+7 · 3 phút đọc ·" ended a line, its views alone on
    the next: each "·" now belongs to the item after it and is clipped
    with it when that item starts a line."""
    page = open_page(PHONE).page
    page.goto(site_url + page_types(theme_site)["article"])
    line = page.locator(".article .dateline").first
    line.evaluate("d => { d.style.width = '14rem'; }")  # as narrow as a long dateline gets
    items = line.evaluate(
        """d => [...d.children].map(e => ({
            top: Math.round(e.getBoundingClientRect().top),
            left: Math.round(e.getBoundingClientRect().left - d.getBoundingClientRect().left),
            before: getComputedStyle(e, '::before').content,
            after: getComputedStyle(e, '::after').content}))"""
    )
    assert len({i["top"] for i in items}) > 1, items  # it wraps
    assert line.evaluate("d => getComputedStyle(d).overflow") == "hidden"
    for previous, item in zip(items, items[1:], strict=False):
        # '"·" / ""': the separator with empty alternative text (not read aloud)
        assert item["before"] in ('"·"', '"·" / ""') and previous["after"] in ("none", "normal"), (
            items
        )
        if item["top"] > previous["top"]:  # starts a line: its "·" is left of the box
            assert item["left"] == 0, items


def test_a_long_photo_credit_wraps_instead_of_widening_the_page(theme_site, site_url, open_page):
    """A credit never broke ("white-space: nowrap"): a long one pushed the
    page sideways on a phone. It moves down a line whole, and wraps only
    when it is longer than one."""
    page = open_page(PHONE).page
    page.goto(site_url + page_types(theme_site)["article"])
    page.evaluate(
        """() => { const f = document.createElement('figcaption');
            f.innerHTML = 'Đoàn thăm trường <span class="credit">(Ảnh: Ban Tuyên giáo'
              + ' Tỉnh ủy tỉnh Thái Bình và Liên hiệp các tổ chức hữu nghị tỉnh cung cấp)</span>';
            document.querySelector('.article-body').append(f); }"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("page_type", ["home", "section", "article"])
def test_small_text_links_are_at_least_24_px_high(theme_site, site_url, open_page, page_type):
    """Footer, breadcrumb, subsection and "more" links were 19–22 px high on
    a phone: small targets for a thumb (WCAG 2.5.8 asks for 24 px)."""
    page = open_page(PHONE).page
    page.goto(site_url + page_types(theme_site)[page_type])
    heights = page.evaluate(
        """() => [...document.querySelectorAll(
            '.more a, .subsection-links a, .breadcrumbs a, .footer-links a')]
            .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])"""
    )
    assert heights and all(height >= 24 for _, height in heights), heights


@pytest.mark.parametrize("width", [360, 375, 385, 390, 430, 481, 1366])
def test_chart_text_is_at_least_11_px_on_a_phone(theme_site, site_url, open_page, width):
    """A chart's text is in viewBox units: drawn narrower on a phone, its
    11 units came out at 9.5 px. Measured as shown (font size × the SVG's scale)."""
    page = open_page({"width": width, "height": 844}).page
    page.goto(site_url + page_types(theme_site)["statistics"])
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart text')].map(t => {
            const matrix = t.getScreenCTM();
            return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(matrix.a, matrix.b);
        })"""
    )
    assert sizes and min(sizes) >= 11, (len(sizes), min(sizes))


def test_an_article_page_lists_each_headline_once(theme_site):
    """Đọc nhiều (filled with the newest articles when few views are
    counted), Tin mới, Tin bài liên quan and Các tin bài khác listed the
    same headline up to three times on one page."""
    from lxml import html as lxml_html

    checked = 0
    for path in [
        *theme_site.glob("bai-viet/*/index.html"),
        *theme_site.glob("en/article/*/index.html"),
    ]:
        tree = lxml_html.parse(str(path))
        # no block without headlines (the English edition's Tin mới was empty)
        for block in tree.xpath("//aside[contains(@class, 'article-aside')]//section"):
            assert block.xpath(".//a[@href]"), (path, block.get("aria-labelledby"))
        blocks = tree.xpath(
            "//div[contains(@class, 'article-more')]//section"
            " | //aside[contains(@class, 'article-aside')]//section"
        )
        links = [a.get("href") for block in blocks for a in block.xpath(".//a[@href]")]
        headlines = [href for href in links if "/bai-viet/" in href or "/en/article/" in href]
        repeated = {href for href in headlines if headlines.count(href) > 1}
        assert not repeated, (path, repeated)
        checked += len(headlines) >= 6  # lists long enough to repeat one another
    assert checked >= 5


def test_an_article_page_shows_the_newest_multimedia_it_does_not_list_already(theme_site):
    # The legacy sites showed videos and infographics under every article.
    from lxml import html as lxml_html

    def slugs_in(tree, xpath: str) -> set[str]:
        return {a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in tree.xpath(xpath)}

    pages = {
        path.parent.name: lxml_html.parse(str(path))
        for path in theme_site.glob("bai-viet/*/index.html")
    }
    dates = {
        slug: tree.xpath("//article//header//time/@datetime")[0] for slug, tree in pages.items()
    }
    multimedia = {
        slug
        for slug, tree in pages.items()
        if "format-article" not in tree.find(".//body").get("class", "")
    }
    assert multimedia, "the fixture site has videos, infographics or photo stories"
    newest = max(multimedia, key=dates.get)
    for slug, tree in pages.items():
        strip = slugs_in(tree, "//section[@aria-labelledby='multimedia-bai']//a[@href]")
        assert strip <= multimedia - {slug} and len(strip) <= 4, (slug, strip)
        listed = slugs_in(
            tree, "//section[@aria-labelledby='lien-quan' or @aria-labelledby='tin-khac']//a[@href]"
        )
        if newest != slug and newest not in listed:
            assert newest in strip, (slug, strip)  # the newest, unless listed already


def test_previous_and_next_articles_use_one_pair_of_words(theme_site):
    labels = set()
    for page in theme_site.glob("bai-viet/*/index.html"):
        labels |= set(
            _tree(theme_site, page.relative_to(theme_site)).xpath(
                "//nav[@class='prev-next']/a/span/text()"
            )
        )
    assert labels == {"Bài cũ hơn", "Bài mới hơn"}


def test_the_feeds_page_names_each_feed_once_with_tap_sized_links(theme_site, site_url, open_page):
    from pelicanconf import SITENAME

    rows = [
        " ".join(t.split())
        for t in _tree(theme_site, "feeds/index.html").xpath("//*[@class='feed-title']//text()")
    ]
    assert len(rows) > 10 and "Tất cả tin bài" in rows and "Hữu nghị" in rows
    assert [row for row in rows if SITENAME in row] == []
    page = open_page(PHONE).page
    page.goto(site_url + "/feeds/")
    boxes = page.eval_on_selector_all(
        ".feed-formats a", "links => links.map(a => [a.offsetWidth, a.offsetHeight])"
    )
    assert len(boxes) == 2 * len(rows)
    assert all(width >= 44 and height >= 44 for width, height in boxes), boxes


def test_the_topics_index_lists_each_province_once(theme_site, reference):
    main = _tree(theme_site, "chu-de/index.html").get_element_by_id("noi-dung")
    chips = [
        (chip.text or "").strip()
        for chip in main.xpath(".//*[contains(concat(' ', @class, ' '), ' chip ')]")
    ]
    assert {name: chips.count(name) for name in (p.name for p in reference.provinces)} == {
        p.name: 1 for p in reference.provinces
    }


def test_english_queries_find_english_articles_at_their_address(theme_site, site_url, open_page):
    """The English edition's own Pagefind index: an English query finds the
    English article, at /en/article/… (not under the bundle's folder twice)."""
    watched = open_page(DESKTOP)
    search = english_types(theme_site)["search"]
    watched.page.goto(site_url + search + "?q=delegation", wait_until="load")
    links = watched.page.locator("[data-search-results] li a")
    links.first.wait_for()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "/en/article/vufo-works-with-can-tho/" in hrefs
    assert all(href.startswith("/en/article/") for href in hrefs)
    assert "delegation" in watched.page.locator("[data-search-status]").inner_text()
    # The Vietnamese search does not find the English article.
    watched.page.goto(site_url + "/tim-kiem/?q=delegation", wait_until="load")
    watched.page.wait_for_function(
        "document.querySelector('[data-search-status]').textContent.includes('delegation')"
    )
    assert watched.page.locator("[data-search-results] li").count() == 0
    assert not watched.problems()


def test_back_to_top_leads_a_phone_reader_from_the_end_of_an_article_to_its_menu(
    theme_site, site_url, open_page
):
    # The legacy sites' "Lên đầu trang": on a phone a long article and its
    # related lists end thousands of pixels below the menu.
    articles = sorted(p.parent.name for p in (theme_site / "bai-viet").glob("*/index.html"))
    page = open_page(PHONE).page
    page.goto(f"{site_url}/bai-viet/{articles[0]}/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 1000
    link = page.get_by_role("link", name="Lên đầu trang")
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_function("window.scrollY === 0")
    # Keyboard users start again from the top too: the next Tab is the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
