"""The front page's layout in Chromium (issue 18), over the built sample site:
the right rail holds up beside Tin mới, every grid has as many columns as its
cards fill, section block headings line up, the play badge sits on its picture
and an image-less list lead is not a page-wide headline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts.screenshots import serve_folder
from tests.browser_helpers import DESKTOP, PHONE
from tests.test_front_page_site import build_sample_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory) -> Iterator[str]:
    site = build_sample_site(tmp_path_factory.mktemp("front-page-browser"))
    with serve_folder(site) as base:
        yield base


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    yield context.new_page()
    context.close()


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, selector
    return found


def test_the_right_rail_holds_up_beside_tin_moi(sample_url, desktop_page):
    page = desktop_page
    page.goto(sample_url + "/", wait_until="load")
    main = box(page, ".front-grid .latest")
    rail = box(page, ".front-grid .front-aside")
    assert rail["x"] > main["x"] + main["width"] - 1, "the rail is beside the main column"
    # The rail's content (not its stretched box) reaches most of the way down.
    content_bottom = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.front-aside > *')]"
        ".map(e => e.getBoundingClientRect().bottom)) + window.scrollY"
    )
    assert content_bottom - rail["y"] >= 0.6 * main["height"], (content_bottom, rail, main)
    # Scrolled to the end of Tin mới, some of the rail is still in view beside it.
    page.evaluate(
        "window.scrollTo(0, document.querySelector('.front-grid .latest')"
        ".getBoundingClientRect().bottom + window.scrollY - window.innerHeight)"
    )
    in_view = page.evaluate(
        "[...document.querySelectorAll('.front-aside .block')].some(e => {"
        " const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight"
        " && getComputedStyle(e).display !== 'none'; })"
    )
    assert in_view


GRID_COLUMNS = """
sel => [...document.querySelectorAll(sel)].map(grid => ({
  columns: getComputedStyle(grid).gridTemplateColumns.split(' ').filter(Boolean).length,
  items: [...grid.children].filter(c => getComputedStyle(c).display !== 'none').length,
  cls: grid.className,
}))
"""


def test_each_grid_has_as_many_columns_as_its_cards_fill(sample_url, desktop_page):
    page = desktop_page
    page.goto(sample_url + "/", wait_until="load")
    grids = page.evaluate(GRID_COLUMNS, ".card-grid, .section-blocks")
    assert any("card-grid" in g["cls"] for g in grids) and any(
        "section-blocks" in g["cls"] for g in grids
    )
    for grid in grids:
        # No empty column, and every row full: 3 cards in 3 columns, 6 blocks in 3.
        assert grid["columns"] <= grid["items"], grid
        assert grid["items"] % grid["columns"] == 0, grid
    (band,) = [g for g in grids if "card-grid--n" in g["cls"]]
    assert band["columns"] == band["items"]


def test_section_block_headings_and_cards_line_up(sample_url, desktop_page):
    page = desktop_page
    page.goto(sample_url + "/", wait_until="load")
    rows = page.evaluate(
        """() => {
          const rows = {};
          for (const block of document.querySelectorAll('.section-blocks > .section-block')) {
            const title = block.querySelector('.block-title').getBoundingClientRect();
            const card = block.querySelector('.card').getBoundingClientRect();
            const row = Math.round(block.getBoundingClientRect().top);
            (rows[row] = rows[row] || []).push([title.top, card.top]);
          }
          return Object.values(rows);
        }"""
    )
    assert rows and max(len(r) for r in rows) >= 2
    for row in rows:
        titles = [title for title, _ in row]
        cards = [card for _, card in row]
        assert max(titles) - min(titles) <= 1, row
        assert max(cards) - min(cards) <= 1, row


PLAY_BADGES = """
() => [...document.querySelectorAll('.card-media--video')].filter(m => m.offsetParent).map(media => {
  const img = media.querySelector('img').getBoundingClientRect();
  const m = media.getBoundingClientRect();
  const after = getComputedStyle(media, '::after');
  const width = parseFloat(after.width), height = parseFloat(after.height);
  const [tx = '0', ty = tx] = (after.translate === 'none' ? '0 0' : after.translate).split(' ');
  const shift = (v, size) => v.endsWith('%') ? parseFloat(v) / 100 * size : parseFloat(v) || 0;
  const left = m.left + parseFloat(after.left) + shift(tx, width);
  const top = m.top + parseFloat(after.top) + shift(ty, height);
  return {img: [img.left, img.top, img.right, img.bottom],
          badge: [left, top, left + width, top + height]};
})
"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390x844", "1366x768"])
@pytest.mark.parametrize("path", ["/", "/quoc-gia/cuba/"])
def test_the_play_badge_sits_on_its_picture(sample_url, browser, viewport, path):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(sample_url + path, wait_until="load")
        badges = page.evaluate(PLAY_BADGES)
        assert badges, "a video card on the page"
        for found in badges:
            (il, it, ir, ib), (bl, bt, br, bb) = found["img"], found["badge"]
            assert il - 0.5 <= bl and br <= ir + 0.5 and it - 0.5 <= bt and bb <= ib + 0.5, found
    finally:
        context.close()


def test_an_image_less_list_lead_does_not_span_the_page(sample_url, desktop_page):
    page = desktop_page
    page.goto(sample_url + "/quoc-gia/cuba/", wait_until="load")
    lead = box(page, ".list-lead .card--lead")
    column = box(page, ".list-main")
    assert lead["width"] <= 0.75 * column["width"], (lead, column)
