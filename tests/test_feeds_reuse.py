"""Feeds whose inputs did not change are copied from the previous site (plugins/feeds/reuse.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from plugins.feeds import reuse
from plugins.feeds.model import FeedItem, SiteInfo
from tests.bad_input_site import LEAD, make_site

TZ = timezone(timedelta(hours=7))
SITE = SiteInfo(base_url="https://example.vn", name="Cổng tin")
NEWEST = datetime(2026, 1, 2, 9, 0, tzinfo=TZ)


def _item(title: str) -> FeedItem:
    when = datetime(2026, 1, 1, 8, 0, tzinfo=TZ)
    return FeedItem(
        title=title,
        url=f"https://example.vn/bai-viet/{len(title)}/",
        published=when,
        updated=when,
        authors=("Phóng viên",),
        categories=("Hữu nghị",),
        summary="Tóm tắt",
        content_html="<p>Thân bài</p>",
    )


def _channel_digest(items, code="code", site=SITE):
    return reuse.channel_digest(
        "channel", [reuse.item_digest(i) for i in items], site, NEWEST, code
    )


def test_digest_follows_every_input():
    items = [_item("Một"), _item("Hai")]
    same = _channel_digest(items)
    assert _channel_digest([_item("Một"), _item("Hai")]) == same
    assert _channel_digest([items[0], replace(items[1], content_html="<p>Sửa</p>")]) != same
    assert _channel_digest(items[:1]) != same
    assert _channel_digest(list(reversed(items))) != same
    assert _channel_digest(items, code="other") != same
    assert _channel_digest(items, site=replace(SITE, name="Khác")) != same


def test_state_round_trip_and_what_makes_it_unusable(tmp_path):
    folder = tmp_path / ".incremental"
    folder.mkdir()
    (folder / reuse.STATE_NAME).write_text(reuse.state_text({"feeds/a.rss": "d1"}, "c"), "utf-8")
    assert reuse.read_state(folder, "c") == {"feeds/a.rss": "d1"}
    assert reuse.read_state(folder, "other code") == {}
    assert reuse.read_state(None, "c") == {}
    (folder / reuse.STATE_NAME).write_text("{hỏng", "utf-8")
    assert reuse.read_state(folder, "c") == {}


def test_reusable_text_is_the_exact_previous_text(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.rss").write_bytes("<rss>\r\nđ</rss>".encode())
    state = {"feeds/a.rss": "d1"}
    assert reuse.reusable_text(tmp_path, state, "feeds/a.rss", "d1") == "<rss>\r\nđ</rss>"
    assert reuse.reusable_text(tmp_path, state, "feeds/a.rss", "d2") is None
    assert reuse.reusable_text(tmp_path, state, "feeds/b.rss", "d1") is None
    assert reuse.reusable_text(None, state, "feeds/a.rss", "d1") is None


def test_code_digest_is_stable():
    assert reuse.code_digest() == reuse.code_digest()


@pytest.mark.slow
def test_rebuild_copies_untouched_feeds_and_renders_the_edited_articles_feeds(tmp_path):
    from scripts.build import build

    site = make_site(tmp_path)
    site.set(IMAGES={"cache_dir": str(tmp_path / "cache" / "images")})
    build(site.settings, site.output, content=site.content, force=True)
    feeds = site.output / "feeds"
    lead_url = "/bai-viet/vufo-lam-viec-voi-can-tho/"
    with_lead = feeds / "tinh" / "can-tho.rss"
    without_lead = feeds / "quoc-gia" / "cuba.rss"
    assert lead_url in with_lead.read_text("utf-8")
    assert lead_url not in without_lead.read_text("utf-8")
    # Mark both previous files: a copied file keeps the mark, a rendered one loses it.
    mark = "<!-- from the previous build -->"
    for path in (with_lead, without_lead):
        path.write_text(path.read_text("utf-8") + mark, "utf-8")
    site.edit(LEAD, "> Người dân luôn", "Một câu mới.\n\n> Người dân luôn")
    build(site.settings, site.output, content=site.content)
    assert with_lead.read_text("utf-8").endswith("</rss>")
    assert "Một câu mới." in with_lead.read_text("utf-8")
    assert without_lead.read_text("utf-8").endswith(mark)
    # A full build renders everything again.
    build(site.settings, site.output, content=site.content, force=True)
    assert not without_lead.read_text("utf-8").endswith(mark)


def test_publishing_does_not_copy_feeds():
    from pelican.settings import read_settings

    root = Path(__file__).resolve().parents[1]
    settings = read_settings(str(root / "publishconf.py"))
    from plugins.feeds import _reuse_from

    assert _reuse_from({**settings, "PREVIOUS_OUTPUT_PATH": "/tmp/previous"}) is None
