"""Scheduled publishing, built as editors and CI build: ``python -m scripts.build``.

One fixture site (the golden site) gains an article dated 20/12/2026 08:00
with a legacy address, linked from the lead article. It is built into the
same output with the clock (``BUILD_TIME``) before that time, later but
still before it (the no-change skip), at that very minute, and after it;
the output is searched file by file (gzip-compressed search fragments
included) for the article's slug, title and legacy address. Once due, the
site reusing the previous one (incremental pages, copied feeds and search
shards) must equal a full build of the same content at the same clock.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from tests.bad_input_site import LEAD, Result, build_subprocess, comparable_files, make_site

pytestmark = pytest.mark.slow

SLUG = "le-ky-ket-hop-tac-hen-gio-can-tho-nhat-ban"
TITLE = "Lễ ký kết hợp tác hẹn giờ giữa Cần Thơ và Nhật Bản"
LEGACY = "tin-tuc/le-ky-ket-hen-gio-2026.html"
SOURCE = f"articles/2026/{SLUG}.md"
PAGE = f"bai-viet/{SLUG}/index.html"
SCHEDULED = f"""\
Title: {TITLE}
Slug: {SLUG}
Date: 2026-12-20 08:00
Category: Hữu nghị
Provinces: Cần Thơ
Countries: Nhật Bản
Organizations: VUFO
Tags: hợp tác quốc tế
Authors: Phóng viên 1
Legacy_URL: /{LEGACY}
Summary: Thành phố Cần Thơ và đối tác Nhật Bản ký kết biên bản hợp tác giao lưu nhân dân.

Buổi lễ diễn ra tại trụ sở Liên hiệp các tổ chức hữu nghị thành phố.
"""
LINK_TEXT = "bài sắp đăng về Cần Thơ"
BEFORE, STILL_BEFORE, AT, AFTER, NEWS_OVER = (
    "2026-12-10 09:00",
    "2026-12-19 23:59",
    "2026-12-20 08:00",
    "2026-12-21 09:00",
    "2026-12-22 08:00",  # two days after its time: out of the Google News sitemap
)


def build(site, output: Path, clock: str, *options: str) -> Result:
    """``python -m scripts.build`` with the clock fixed by the environment variable."""
    done = build_subprocess(site, output, 300, *options, env={"BUILD_TIME": clock})
    assert done.code == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done


def texts(output: Path) -> dict[str, str]:
    """Every file of the site as text (gzip-compressed ones decompressed)."""
    found = {}
    for path in sorted(output.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            found[path.relative_to(output).as_posix()] = data.decode("utf-8", "replace")
    return found


def mentions(output: Path, *needles: str) -> list[str]:
    return sorted(
        name for name, text in texts(output).items() if any(needle in text for needle in needles)
    )


def search_urls(output: Path) -> set[str]:
    """The URL of every search record (Pagefind fragments)."""
    urls = set()
    for fragment in (output / "pagefind").rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


def compared(output: Path) -> dict[str, str]:
    return comparable_files(output)


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """The site built at each clock into the same output; what each build saw."""
    site = make_site(tmp_path_factory.mktemp("schedule"))
    # No BUILD_TIME setting: the clock comes from the environment, as in CI.
    site.set(IMAGES={"cache_dir": str(site.tmp / "cache" / "images")}, BUILD_TIME=None)
    site.write(SOURCE, SCHEDULED)
    site.edit(
        LEAD,
        "> Người dân luôn",
        f"Xem thêm [{LINK_TEXT}]({{filename}}../2026/{SLUG}.md).\n\n> Người dân luôn",
    )
    seen = {}
    for name, clock in (
        ("before", BEFORE),
        ("still-before", STILL_BEFORE),
        ("at", AT),
        ("after", AFTER),
        ("news-over", NEWS_OVER),
    ):
        done = build(site, site.output, clock)
        seen[name] = {
            "log": done.stdout + done.stderr,
            "mentions": mentions(site.output, SLUG, TITLE, LEGACY),
            "files": compared(site.output),
            "texts": texts(site.output),
            "search": search_urls(site.output),
        }
    full = site.tmp / "full"
    build(site, full, AT, "--force")
    seen["full"] = {"files": compared(full)}
    return site, seen


def test_before_its_time_the_article_is_nowhere(releases):
    _, seen = releases
    before = seen["before"]
    assert before["mentions"] == [], "the scheduled article leaks into these files"
    assert PAGE not in before["texts"]
    assert f"/bai-viet/{SLUG}/" not in before["search"]
    assert len(before["search"]) == 4  # the golden site's published articles
    assert "1 bài hẹn giờ chưa đăng, sớm nhất Chủ Nhật, 20/12/2026 08:00 GMT+7" in before["log"]


def test_a_live_article_linking_it_keeps_the_text_without_the_link(releases):
    _, seen = releases
    lead = seen["before"]["texts"]["bai-viet/vufo-lam-viec-voi-can-tho/index.html"]
    assert f"Xem thêm {LINK_TEXT}." in lead
    assert "{filename}" not in lead
    # The content check's warning, at the link's line.
    warning = next(line for line in seen["before"]["log"].splitlines() if "tới bài hẹn giờ" in line)
    assert re.search(rf"/content/{re.escape(LEAD)}:\d+: cảnh báo: liên kết '", warning), warning
    assert f"/content/{SOURCE}: cho tới giờ đăng bài này chỉ hiện chữ" in warning


def test_a_build_before_its_time_with_nothing_changed_is_skipped(releases):
    _, seen = releases
    assert "không có thay đổi, giữ nguyên bản trước" in seen["still-before"]["log"]
    assert seen["still-before"]["files"] == seen["before"]["files"]


def test_at_its_time_the_unchanged_site_is_built_again_and_publishes_it(releases):
    _, seen = releases
    at = seen["at"]
    assert "không có thay đổi" not in at["log"]
    assert "hẹn giờ" not in at["log"]
    pages = at["texts"]
    assert TITLE in pages[PAGE]
    listing = [
        "index.html",
        "chuyen-muc/huu-nghi/index.html",
        "tinh/can-tho/index.html",
        "quoc-gia/nhat-ban/index.html",
        "to-chuc/vufo/index.html",
        "tu-khoa/hop-tac-quoc-te/index.html",
        "tac-gia/phong-vien-1/index.html",
        "luu-tru/2026/12/index.html",
    ]
    for name in listing:
        assert f"/bai-viet/{SLUG}/" in pages[name], f"not listed on {name}"
    for feed in (
        "feeds/tat-ca.rss",
        "feeds/tat-ca.atom",
        "feeds/chuyen-muc/huu-nghi.rss",
        "feeds/tinh/can-tho.rss",
        "feeds/quoc-gia/nhat-ban.atom",
    ):
        assert TITLE in pages[feed], f"not in {feed}"
    assert f"/bai-viet/{SLUG}/" in pages["sitemap-1.xml"]
    assert f"/bai-viet/{SLUG}/" in pages["news-sitemap.xml"]
    assert f"/bai-viet/{SLUG}/" in at["search"]
    assert f"/{LEGACY}" in pages["_redirects"] and f"/{LEGACY}" in pages["nginx-redirects.map"]
    assert f"/bai-viet/{SLUG}/" in pages[LEGACY]
    lead = pages["bai-viet/vufo-lam-viec-voi-can-tho/index.html"]
    assert f'Xem thêm <a href="/bai-viet/{SLUG}/">{LINK_TEXT}</a>.' in lead


def test_the_rebuild_reusing_the_previous_site_equals_a_full_build(releases):
    _, seen = releases
    at, full = seen["at"]["files"], seen["full"]["files"]
    assert sorted(name for name in set(at) | set(full) if at.get(name) != full.get(name)) == []


def test_after_its_time_an_unchanged_site_is_skipped_again(releases):
    _, seen = releases
    assert "không có thay đổi, giữ nguyên bản trước" in seen["after"]["log"]
    assert seen["after"]["files"] == seen["at"]["files"]


def test_two_days_after_its_time_the_unchanged_site_is_built_without_its_news_entry(releases):
    """The news sitemap lists the last two days (Google's rule): the no-change
    skip must end when the article ages out, although nothing else changed."""
    _, seen = releases
    news = "news-sitemap.xml"
    assert f"/bai-viet/{SLUG}/" in seen["after"]["texts"][news]
    assert "không có thay đổi" not in seen["news-over"]["log"]
    assert f"/bai-viet/{SLUG}/" not in seen["news-over"]["texts"][news]
    changed = {
        name
        for name in set(seen["after"]["files"]) | set(seen["news-over"]["files"])
        if seen["after"]["files"].get(name) != seen["news-over"]["files"].get(name)
    }
    assert news in changed


# --- preview (make serve) ---------------------------------------------------------


@pytest.fixture(scope="module")
def previews(tmp_path_factory):
    """A preview build, then a published build into the same output, then
    one once the article is due, with Pelican's content cache on (as
    pelicanconf.py: shared by preview and published builds)."""
    site = make_site(tmp_path_factory.mktemp("schedule-preview"))
    site.set(
        IMAGES={"cache_dir": str(site.tmp / "cache" / "images")},
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        BUILD_TIME=None,  # the clock comes from the environment
    )
    site.write(SOURCE, SCHEDULED)
    site.write(DRAFT_SOURCE, DRAFT)
    preview = build(site, site.output, BEFORE, "--preview")
    seen = {"preview": {"log": preview.stdout, "texts": texts(site.output)}}
    seen["preview"]["search"] = search_urls(site.output)
    published = build(site, site.output, BEFORE)
    seen["published"] = {
        "log": published.stdout,
        "mentions": mentions(site.output, SLUG, TITLE, LEGACY, "Hẹn giờ"),
        "draft": mentions(site.output, DRAFT_SLUG, DRAFT_TITLE),
        "caches": sorted(p.name for p in (site.tmp / "cache").glob("read-*")),
    }
    due = build(site, site.output, AFTER)
    seen["due"] = {"log": due.stdout, "texts": texts(site.output)}
    return site, seen


def test_preview_shows_the_article_with_a_banner_and_noindex(previews):
    _, seen = previews
    pages = seen["preview"]["texts"]
    page = pages[PAGE]
    assert '<meta name="robots" content="noindex">' in page
    assert '<div class="schedule-banner" role="status">' in page
    assert (
        '<strong>Hẹn giờ đăng:</strong> <time datetime="2026-12-20T08:00:00+07:00">'
        "Chủ Nhật, 20/12/2026 08:00 GMT+7</time>" in page
    )
    assert "1 bài hẹn giờ hiện kèm nhãn" in seen["preview"]["log"]


def test_preview_lists_it_everywhere_with_a_badge(previews):
    _, seen = previews
    pages = seen["preview"]["texts"]
    for name in ("index.html", "chuyen-muc/huu-nghi/index.html", "tinh/can-tho/index.html"):
        assert f"/bai-viet/{SLUG}/" in pages[name], name
    assert (
        f'<span class="badge badge--scheduled">Hẹn giờ</span>       <a class="card-link"'
        f' href="/bai-viet/{SLUG}/">' in pages["index.html"]
    )
    assert TITLE in pages["feeds/tat-ca.rss"]
    assert f"/bai-viet/{SLUG}/" in seen["preview"]["search"]
    # Articles that are not scheduled carry neither banner nor noindex.
    lead = pages["bai-viet/vufo-lam-viec-voi-can-tho/index.html"]
    assert "schedule-banner" not in lead and "noindex" not in lead


DRAFT_SLUG = "ban-nhap-chua-duyet"
DRAFT_TITLE = "Bản nháp đoàn thanh niên thăm Cần Thơ"
DRAFT_SOURCE = f"articles/2025/{DRAFT_SLUG}.md"
DRAFT = f"""Title: {DRAFT_TITLE}
Slug: {DRAFT_SLUG}
Date: 2025-11-05 09:00
Category: Hữu nghị
Provinces: Cần Thơ
Summary: Bài nháp, chưa duyệt.
Status: draft

Thân bài nháp.
"""


def test_preview_shows_a_draft_at_its_draft_address_marked_and_in_no_list(previews):
    # make new writes a draft: make serve showed it nowhere (404), nothing said why.
    _, seen = previews
    pages = seen["preview"]["texts"]
    page = pages[f"ban-nhap/{DRAFT_SLUG}/index.html"]
    assert DRAFT_TITLE in page
    assert '<meta name="robots" content="noindex">' in page
    assert "<strong>Bản nháp</strong>" in page
    elsewhere = [
        name
        for name, text in pages.items()
        if DRAFT_SLUG in text and not name.startswith((f"ban-nhap/{DRAFT_SLUG}/", ".incremental/"))
    ]
    assert elsewhere == []
    assert not any(DRAFT_SLUG in url for url in seen["preview"]["search"])


def test_a_published_build_writes_no_draft(previews):
    _, seen = previews
    assert [name for name in seen["published"]["draft"] if not name.startswith(".")] == []


def test_a_published_build_after_a_preview_holds_it_back_again(previews):
    _, seen = previews
    assert "không có thay đổi" not in seen["published"]["log"]
    assert seen["published"]["mentions"] == []


def test_preview_and_published_builds_share_pelicans_content_cache(previews):
    _, seen = previews
    assert len(seen["published"]["caches"]) == 1


def test_once_due_it_is_published_without_the_preview_banner(previews):
    _, seen = previews
    page = seen["due"]["texts"][PAGE]
    assert TITLE in page
    assert "schedule-banner" not in page and "noindex" not in page
    assert "badge--scheduled" not in seen["due"]["texts"]["index.html"]
