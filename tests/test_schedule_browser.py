"""The preview of a scheduled article in Chromium: the banner at phone and
desktop sizes, in light and dark schemes, and no accessibility violation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.screenshots import serve_folder
from tests.browser_helpers import DESKTOP, GOLDEN_SITE, PHONE, ROOT, axe_violations
from tests.browser_helpers import open_page as open_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLUG = "doan-nhat-ban-tham-can-tho-hen-gio"
SCHEDULED = f"""\
Title: Đoàn thanh niên Nhật Bản thăm và giao lưu với sinh viên Cần Thơ
Slug: {SLUG}
Date: 2026-03-05 09:30
Category: Hữu nghị
Provinces: Cần Thơ
Countries: Nhật Bản
Authors: Phóng viên 1
Summary: Đoàn thanh niên Nhật Bản giao lưu văn hóa với sinh viên thành phố Cần Thơ.
Image: images/2025/can-tho.png
Image_Alt: Sinh viên hai nước giao lưu

Đoàn sẽ thăm trường đại học và tham gia hoạt động tình nguyện.
"""


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory) -> Path:
    """The golden site plus an article after its clock (2026-03-01 12:00),
    built as ``make serve`` builds (``--preview``)."""
    from scripts.build import build

    work = tmp_path_factory.mktemp("schedule-browser")
    content = work / "content"
    shutil.copytree(GOLDEN_SITE, content)
    (content / "articles" / "2026" / f"{SLUG}.md").write_text(SCHEDULED, encoding="utf-8")
    output = work / "out"
    build(
        ROOT / "tests" / "golden_settings.py",
        output,
        content=content,
        extra={"CACHE_PATH": str(work / "cache")},
        preview=True,
    )
    return output


@pytest.fixture(scope="module")
def preview_url(preview_site):
    with serve_folder(preview_site) as base:
        yield base


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_banner_is_the_first_thing_on_the_page(
    preview_url, open_page, viewport, scheme, tmp_path
):
    watched = open_page(viewport, color_scheme=scheme)
    page = watched.page
    page.goto(f"{preview_url}/bai-viet/{SLUG}/", wait_until="load")
    banner = page.locator(".schedule-banner")
    assert banner.is_visible()
    assert banner.inner_text().startswith("Hẹn giờ đăng: Thứ Năm, 05/03/2026 09:30 GMT+7")
    box = banner.bounding_box()
    title = page.locator("h1.article-title").bounding_box()
    assert box["y"] < title["y"] and box["y"] + box["height"] <= viewport["height"]
    assert box["width"] >= viewport["width"] - 20  # a full-width band
    colors = banner.evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopColor]"
    )
    body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert colors[0] not in (body, "rgba(0, 0, 0, 0)"), "the banner must stand out"
    page.screenshot(path=str(tmp_path / f"banner-{viewport['width']}-{scheme}.png"))
    assert watched.problems() == []
    if viewport == DESKTOP:
        assert axe_violations(page) == []
    # At phone width the header's search link loses its name (.tool-label is
    # display: none, an issue of the header): check the banner itself there.
    assert banner_violations(page) == []


def banner_violations(page) -> list[dict]:
    """axe-core on the banner only (contrast, roles, names)."""
    axe_violations(page)  # loads axe (or skips without node_modules)
    result = page.evaluate(
        "async () => await axe.run('.schedule-banner', {resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def test_the_card_badge_is_readable(preview_url, open_page):
    watched = open_page(DESKTOP)
    page = watched.page
    page.goto(preview_url + "/", wait_until="load")
    badge = page.locator(f'.card:has(a[href="/bai-viet/{SLUG}/"]) .badge--scheduled').first
    assert badge.is_visible() and badge.inner_text().lower() == "hẹn giờ"
    assert axe_violations(page) == []
