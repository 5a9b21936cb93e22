"""plugins.schedule without a build: the clock, the setting, the handlers on
a fake generator, links to held articles, and the no-change manifest's clock."""

from __future__ import annotations

import copy
import logging
import os
import subprocess
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from plugins.fixed_urls import contents_of
from plugins.incremental.session import collect_contents, site_digest
from plugins.schedule import (
    HELD_SOURCES,
    Schedule,
    ScheduleWatch,
    build_time,
    is_scheduled,
    next_release,
    schedule_articles,
    schedule_options,
    unlink_held,
    unlink_in_articles,
    unlink_in_pages,
    validate_settings,
)
from plugins.schedule.links import linked_source
from plugins.vietnamese import VIETNAM_TZ
from scripts.build import ROOT
from scripts.build_manifest import Manifest, read_cache_key, settings_text, still_current

NOW = datetime(2026, 12, 4, 15, 0, tzinfo=VIETNAM_TZ)


# --- the clock ----------------------------------------------------------------


def test_the_setting_comes_first_then_the_environment_then_now():
    setting = {"BUILD_TIME": "2025-11-03 13:33"}
    environ = {"BUILD_TIME": "2024-01-02 08:00"}
    assert build_time(setting, environ) == datetime(2025, 11, 3, 13, 33, tzinfo=VIETNAM_TZ)
    assert build_time({}, environ) == datetime(2024, 1, 2, 8, 0, tzinfo=VIETNAM_TZ)
    assert build_time(None, environ) == datetime(2024, 1, 2, 8, 0, tzinfo=VIETNAM_TZ)
    assert build_time({"BUILD_TIME": ""}, environ) == build_time({}, environ)
    before = datetime.now(VIETNAM_TZ)
    now = build_time({}, {})
    assert before <= now <= datetime.now(VIETNAM_TZ)
    assert now.utcoffset() == timedelta(hours=7)


def test_a_datetime_setting_is_read_in_gmt_plus_7():
    naive = datetime(2025, 11, 3, 13, 33)
    assert build_time({"BUILD_TIME": naive}, {}) == naive.replace(tzinfo=VIETNAM_TZ)
    utc = datetime(2025, 11, 3, 6, 33, tzinfo=UTC)
    moment = build_time({"BUILD_TIME": utc}, {})
    assert moment == utc and moment.utcoffset() == timedelta(hours=7)
    assert moment.hour == 13


def test_text_is_read_like_an_article_date_or_as_iso_with_an_offset():
    for text in ("2025-11-03 13:33", "2025-11-03T13:33", "2025-11-03 13:33:00+07:00"):
        assert build_time({}, {"BUILD_TIME": text}) == datetime(
            2025, 11, 3, 13, 33, tzinfo=VIETNAM_TZ
        ), text
    assert build_time({}, {"BUILD_TIME": "2025-11-03T06:33:00Z"}).hour == 13


@pytest.mark.parametrize("value", ["ngày mai", "2025-11-03", "2025-13-40 10:00", "10:00"])
def test_an_unparsable_clock_is_a_vietnamese_error_naming_build_time(value):
    with pytest.raises(ValueError, match=r"^BUILD_TIME \(biến môi trường\)"):
        build_time({}, {"BUILD_TIME": value})
    with pytest.raises(ValueError, match=r"^BUILD_TIME \(cấu hình\)"):
        build_time({"BUILD_TIME": value}, {})


def test_a_value_of_another_type_is_refused():
    with pytest.raises(ValueError, match="^BUILD_TIME"):
        build_time({"BUILD_TIME": 20251103}, {})


def test_scheduled_means_strictly_after_the_clock():
    assert is_scheduled(NOW + timedelta(minutes=1), NOW)
    assert not is_scheduled(NOW, NOW)  # due at its very minute
    assert not is_scheduled(NOW - timedelta(days=400), NOW)
    assert is_scheduled(datetime(2026, 12, 4, 15, 1), NOW)  # naive: GMT+7
    assert not is_scheduled(datetime(2026, 12, 4, 8, 0, tzinfo=UTC), NOW)  # 15:00 GMT+7


def test_next_release_is_the_earliest_time_still_to_come():
    later, soon = NOW + timedelta(days=3), NOW + timedelta(hours=2)
    assert next_release([NOW - timedelta(days=1), later, soon, NOW], NOW) == soon
    assert next_release([NOW - timedelta(days=1)], NOW) is None
    assert next_release([], NOW) is None


# --- the setting --------------------------------------------------------------------


def test_options_merge_over_the_defaults():
    assert schedule_options({}).preview is False
    assert schedule_options({"SCHEDULE": None}).preview is False
    assert schedule_options({"SCHEDULE": {"preview": True}}).preview is True


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"preveiw": True}, r"^SCHEDULE: khóa không hợp lệ preveiw \(hợp lệ: preview\)"),
        ({"preview": "yes"}, r"^SCHEDULE\['preview'\] phải là True hoặc False"),
        (["preview"], r"^SCHEDULE phải là một dict"),
    ],
)
def test_a_bad_setting_is_a_vietnamese_error_naming_it(value, message):
    with pytest.raises(ValueError, match=message):
        schedule_options({"SCHEDULE": value})
    with pytest.raises(ValueError, match=message):
        validate_settings({"SCHEDULE": value})


def test_validate_settings_checks_the_clock_too(monkeypatch):
    monkeypatch.delenv("BUILD_TIME", raising=False)
    validate_settings({"SCHEDULE": {"preview": True}, "BUILD_TIME": "2025-11-03 13:33"})
    with pytest.raises(ValueError, match="^BUILD_TIME"):
        validate_settings({"BUILD_TIME": "hôm nay"})
    monkeypatch.setenv("BUILD_TIME", "sai")
    with pytest.raises(ValueError, match=r"^BUILD_TIME \(biến môi trường\)"):
        validate_settings({})


# --- the handlers on a fake generator ---------------------------------------------------


def settings(**extra) -> dict:
    values = copy.deepcopy(DEFAULT_CONFIG)
    values.update(
        PATH="/content",
        ARTICLE_URL="bai-viet/{slug}/",
        ARTICLE_SAVE_AS="bai-viet/{slug}/index.html",
        BUILD_TIME=NOW,
        **extra,
    )
    return values


def article(
    slug: str, date: datetime, body: str = "<p>x</p>", values=None, name: str = "", **metadata
) -> Article:
    return Article(
        body,
        {"title": slug, "slug": slug, "date": date, **metadata},
        settings=values or settings(),
        source_path=f"/content/articles/{date.year}/{name or slug}.md",
        context={"generated_content": {}, "static_content": {}, "localsiteurl": ""},
    )


def generator(values: dict, **lists) -> SimpleNamespace:
    """What the handlers read of Pelican's ArticlesGenerator at pretaxonomy."""
    names = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts")
    found = {name: list(lists.get(name, [])) for name in names}
    context = {"generated_content": {}, "static_links": set()}
    for items in found.values():
        for item in items:
            context["generated_content"][item.get_relative_source_path()] = item
            context["static_links"] |= item.get_static_links()
    return SimpleNamespace(settings=values, context=context, drafts_translations=[], **found)


@pytest.fixture
def site():
    values = settings()
    live = article("da-dang", NOW - timedelta(days=1), values=values)
    due = article("dung-gio", NOW, values=values)
    soon = article(
        "sap-dang",
        NOW + timedelta(hours=2),
        body='<p><a href="{static}/images/2026/rieng.jpg">ảnh</a>'
        ' <a href="{static}/images/2026/chung.jpg">ảnh</a></p>',
        values=values,
    )
    later = article("tuan-sau", NOW + timedelta(days=7), values=values)
    translation = article(
        "sap-dang", NOW + timedelta(hours=3), values=values, name="sap-dang-en", lang="en"
    )
    live.translations = [translation]
    sharing = article(
        "dung-chung-anh",
        NOW - timedelta(days=2),
        body='<p><a href="{static}/images/2026/chung.jpg">ảnh</a></p>',
        values=values,
    )
    draft = article("nhap", NOW + timedelta(days=1), values=values, status="draft")
    fake = generator(
        values,
        articles=[later, soon, live, due, sharing],
        translations=[translation],
        drafts=[draft],
    )
    return SimpleNamespace(
        generator=fake,
        live=live,
        due=due,
        soon=soon,
        later=later,
        translation=translation,
        sharing=sharing,
        draft=draft,
    )


def test_scheduled_articles_leave_every_list_and_are_kept_aside(site):
    schedule_articles(site.generator)
    fake = site.generator
    assert fake.articles == [site.live, site.due, site.sharing]  # order kept
    assert fake.translations == [] and site.live.translations == []
    assert fake.drafts == [site.draft]  # drafts are not scheduled: never published anyway
    schedule = fake.schedule
    assert isinstance(schedule, Schedule) and not schedule.preview
    assert schedule.now == NOW
    assert set(map(id, schedule.articles)) == {id(site.soon), id(site.later), id(site.translation)}
    assert schedule.release == NOW + timedelta(hours=2)
    assert fake.context[HELD_SOURCES] == {
        "articles/2026/sap-dang.md": NOW + timedelta(hours=2),
        "articles/2026/tuan-sau.md": NOW + timedelta(days=7),
        "articles/2026/sap-dang-en.md": NOW + timedelta(hours=3),
    }
    generated = fake.context["generated_content"]
    assert generated["articles/2026/tuan-sau.md"] is None
    assert generated["articles/2026/da-dang.md"] is site.live
    # A static file only a held article links is no longer published; a shared one is.
    assert fake.context["static_links"] == {"images/2026/chung.jpg"}
    assert not any(hasattr(a, "scheduled_at") for a in (*fake.articles, site.soon, site.later))


def test_held_articles_are_not_content_for_the_plugins_that_walk_a_generator(site):
    schedule_articles(site.generator)
    held = {id(site.soon), id(site.later), id(site.translation)}
    assert not held & {id(c) for c in contents_of([site.generator])}  # fixed_urls
    assert not held & {id(c) for c in collect_contents([site.generator])}  # incremental


def test_preview_keeps_them_everywhere_marked_with_their_time(site):
    site.generator.settings["SCHEDULE"] = {"preview": True}
    schedule_articles(site.generator)
    fake = site.generator
    assert fake.articles == [site.later, site.soon, site.live, site.due, site.sharing]
    assert fake.translations == [site.translation] and site.live.translations == [site.translation]
    assert site.soon.scheduled_at == NOW + timedelta(hours=2)
    assert site.soon.scheduled_at.utcoffset() == timedelta(hours=7)
    assert site.later.scheduled_at == NOW + timedelta(days=7)
    assert not hasattr(site.live, "scheduled_at") and not hasattr(site.due, "scheduled_at")
    assert fake.schedule.preview and fake.schedule.release == NOW + timedelta(hours=2)
    assert fake.context[HELD_SOURCES] == {}
    assert fake.context["generated_content"]["articles/2026/tuan-sau.md"] is site.later


def test_a_mark_left_by_an_earlier_preview_is_cleared(site):
    """A generator-layer content cache keeps article objects between builds."""
    site.live.scheduled_at = NOW - timedelta(days=1)
    site.draft.scheduled_at = NOW
    schedule_articles(site.generator)
    assert not hasattr(site.live, "scheduled_at") and not hasattr(site.draft, "scheduled_at")


def test_nothing_scheduled_changes_nothing(site):
    site.generator.settings["BUILD_TIME"] = "2027-01-01 00:00"
    lists = {name: list(getattr(site.generator, name)) for name in ("articles", "translations")}
    schedule_articles(site.generator)
    assert {name: getattr(site.generator, name) for name in lists} == lists
    assert site.generator.schedule.articles == () and site.generator.schedule.release is None
    assert site.generator.context[HELD_SOURCES] == {}


def test_a_bad_setting_stops_the_handler(site):
    site.generator.settings["SCHEDULE"] = {"xem_truoc": True}
    with pytest.raises(ValueError, match="SCHEDULE"):
        schedule_articles(site.generator)


# --- links to held articles ---------------------------------------------------------


def test_linked_source_resolves_as_pelican_does():
    assert linked_source("{filename}../2026/b.md", "articles/2025") == ["articles/2026/b.md"]
    assert linked_source("{filename}/articles/2026/b.md", "pages") == ["articles/2026/b.md"]
    assert linked_source("|filename|b.md#phan-2", "articles/2026") == ["articles/2026/b.md"]
    assert "articles/2026/bài b.md" in linked_source("{filename}b%C3%A0i%20b.md", "articles/2026")
    assert linked_source("{static}/images/a.jpg", "articles/2026") == []
    assert linked_source("https://example.org/b.md", "articles/2026") == []


def test_links_to_held_sources_keep_only_their_text():
    held = {"articles/2026/b.md"}
    markup = (
        '<p>Xem <a href="{filename}../2026/b.md" title="B">bài <em>B</em></a>,'
        " <a href='{filename}/articles/2024/c.md'>bài C</a>"
        ' và <A HREF="|filename|../2026/b.md#doan-2">đoạn 2</A>.</p>'
    )
    text, linked = unlink_held(markup, "articles/2025", held)
    assert text == (
        "<p>Xem bài <em>B</em>, <a href='{filename}/articles/2024/c.md'>bài C</a> và đoạn 2.</p>"
    )
    assert linked == ("articles/2026/b.md",)
    assert unlink_held(markup, "articles/2025", set()) == (markup, ())
    assert unlink_held("<p>không có liên kết</p>", "x", held) == ("<p>không có liên kết</p>", ())


def test_live_articles_and_pages_lose_their_links_to_held_articles_with_a_warning(site, caplog):
    site.live._content = '<p>Đọc <a href="{filename}../2026/tuan-sau.md">bài tuần sau</a>.</p>'
    site.live._summary = 'Tóm tắt <a href="{filename}/articles/2026/tuan-sau.md">bài</a>'
    site.live.metadata["summary"] = site.live._summary
    site.due._content = '<p><a href="{filename}da-dang.md">bài đã đăng</a></p>'
    schedule_articles(site.generator)
    # Info, not a warning: the content check warns at the link's line.
    with caplog.at_level(logging.INFO):
        unlink_in_articles(site.generator)
    assert site.live._content == "<p>Đọc bài tuần sau.</p>"
    assert site.live._summary == site.live.metadata["summary"] == "Tóm tắt bài"
    assert site.due._content == '<p><a href="{filename}da-dang.md">bài đã đăng</a></p>'
    assert site.live.content == "<p>Đọc bài tuần sau.</p>"
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1
    shown = os.path.relpath("/content/articles/2026/da-dang.md")
    assert messages[0].startswith(f"{shown}: liên kết tới bài hẹn giờ ")
    assert os.path.relpath("/content/articles/2026/tuan-sau.md") in messages[0]
    assert "(hẹn đăng Thứ Sáu, 11/12/2026 15:00 GMT+7)" in messages[0]

    page = Page(
        '<p><a href="{filename}/articles/2026/tuan-sau.md">sắp có</a></p>',
        {"title": "Giới thiệu", "slug": "gioi-thieu"},
        settings=site.generator.settings,
        source_path="/content/pages/gioi-thieu.md",
        context=site.generator.context,
    )
    pages = SimpleNamespace(
        settings=site.generator.settings,
        context=site.generator.context,
        pages=[page],
        hidden_pages=[],
        translations=[],
    )
    unlink_in_pages(pages)
    assert page._content == "<p>sắp có</p>"


def test_in_preview_links_to_scheduled_articles_stay(site):
    site.generator.settings["SCHEDULE"] = {"preview": True}
    site.live._content = '<p><a href="{filename}../2026/tuan-sau.md">bài tuần sau</a></p>'
    schedule_articles(site.generator)
    unlink_in_articles(site.generator)
    assert 'href="{filename}../2026/tuan-sau.md"' in site.live._content


# --- what scripts/build.py reads ---------------------------------------------------------


def test_the_watch_sees_the_schedule_of_the_run_and_disconnects(site):
    from pelican import signals

    schedule_articles(site.generator)
    with ScheduleWatch() as watch:
        signals.article_generator_finalized.send(site.generator)
    assert watch.schedule is site.generator.schedule
    other = SimpleNamespace(schedule=Schedule(now=NOW, preview=False))
    signals.article_generator_finalized.send(other)
    assert watch.schedule is site.generator.schedule
    with ScheduleWatch() as unused:
        signals.article_generator_finalized.send(SimpleNamespace())
    assert unused.schedule is None


def test_the_watch_keeps_every_editions_schedule_and_the_earliest_release():
    """One build runs once per edition (English first): the English run's
    held article must end the no-change skip too, not be replaced by the
    Vietnamese run's schedule."""
    from pelican import signals

    english = Schedule(now=NOW, preview=False, articles=("en",), release=NOW + timedelta(days=2))
    vietnamese = Schedule(
        now=NOW, preview=False, articles=("vi-1", "vi-2"), release=NOW + timedelta(days=5)
    )
    nothing = Schedule(now=NOW, preview=False)
    with ScheduleWatch() as watch:
        for schedule in (english, vietnamese, nothing):
            signals.article_generator_finalized.send(SimpleNamespace(schedule=schedule))
    merged = watch.schedule
    assert merged.articles == ("en", "vi-1", "vi-2")
    assert merged.release == watch.release == NOW + timedelta(days=2)
    assert (merged.now, merged.preview) == (NOW, False)
    with ScheduleWatch() as quiet:
        for schedule in (nothing, nothing):
            signals.article_generator_finalized.send(SimpleNamespace(schedule=schedule))
    assert quiet.schedule.articles == () and quiet.release is None


@pytest.mark.slow
def test_an_english_article_held_back_ends_the_no_change_skip_at_its_time(tmp_path):
    from tests.bad_input_site import build_subprocess, make_site

    site = make_site(tmp_path, english=True)
    site.set(BUILD_TIME=None)  # the clock from the environment: not a changed input
    rel = "en/articles/2026/friendship-week-in-hanoi.md"
    site.edit(rel, "Date: 2026-02-20 09:00", "Date: 2026-12-20 09:00")
    page = site.output / "en" / "article" / "friendship-week-in-hanoi" / "index.html"
    before = build_subprocess(site, env={"BUILD_TIME": "2026-12-01 08:00"})
    assert before.code == 0, before.text[-3000:]
    assert "1 bài hẹn giờ chưa đăng, sớm nhất Chủ Nhật, 20/12/2026 09:00" in before.text
    assert not page.exists()
    again = build_subprocess(site, env={"BUILD_TIME": "2026-12-19 08:00"})
    assert "không có thay đổi" in again.text  # still before its time: skipped
    due = build_subprocess(site, env={"BUILD_TIME": "2026-12-20 09:00"})
    assert due.code == 0, due.text[-3000:]
    assert "không có thay đổi" not in due.text
    assert page.is_file()


def _manifest(clock: str, release: str) -> Manifest:
    return Manifest("inputs", "output", 10, 0, clock, release)


def test_a_site_is_current_from_its_clock_until_the_next_release():
    release = NOW + timedelta(hours=2)
    built = _manifest(NOW.isoformat(), release.isoformat())
    assert still_current(built, NOW)
    assert still_current(built, release - timedelta(seconds=1))
    assert not still_current(built, release)  # the article is due: build
    assert not still_current(built, release + timedelta(days=1))
    assert not still_current(built, NOW - timedelta(minutes=1))  # a clock set back
    nothing_scheduled = _manifest(NOW.isoformat(), "")
    assert still_current(nothing_scheduled, NOW + timedelta(days=3650))
    assert still_current(_manifest("", ""), NOW)  # no schedule plugin: no clock
    assert not still_current(_manifest("hôm qua", ""), NOW)
    assert not still_current(_manifest(NOW.isoformat(), "sai"), NOW)


def test_the_clock_is_not_an_input_but_the_preview_is():
    values = {"SITENAME": "A", "SCHEDULE": {"preview": False}}
    assert settings_text({**values, "BUILD_TIME": "2025-11-03 13:33"}) == settings_text(values)
    preview = {**values, "SCHEDULE": {"preview": True}}
    assert settings_text(preview) != settings_text(values)


def test_pelicans_content_cache_is_shared_by_preview_and_published_builds(tmp_path):
    root = tmp_path
    (root / "plugins").mkdir()
    values = {"SITENAME": "A"}
    key = read_cache_key(values, root)
    assert read_cache_key({**values, "SCHEDULE": {"preview": True}}, root) == key
    assert read_cache_key({**values, "BUILD_TIME": "2025-11-03 13:33"}, root) == key
    assert read_cache_key({**values, "SITENAME": "B"}, root) != key


def test_the_clock_is_not_part_of_the_incremental_site_digest(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (tmp_path / "theme").mkdir()
    values = {
        "PATH": str(content),
        "THEME": str(tmp_path / "theme"),
        "PORTAL_DATA_DIR": str(tmp_path / "data"),
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": [],
    }
    digest = site_digest(values)
    assert site_digest({**values, "BUILD_TIME": "2026-12-04 15:00"}) == digest
    assert site_digest({**values, "SCHEDULE": {"preview": True}}) != digest


# --- make serve builds previews -------------------------------------------------------


def test_the_preview_server_rebuilds_in_preview_mode(monkeypatch, tmp_path):
    import scripts.build
    from scripts.fast_preview import ArticlePreview

    calls = []

    def build(*args, **options):
        calls.append(options)
        return 0

    monkeypatch.setattr(scripts.build, "build", build)
    preview = ArticlePreview()
    try:
        assert preview.build(tmp_path / "conf.py", tmp_path / "out").kind == "built"
    finally:
        preview.close()
    assert len(calls) == 1
    options = calls[0]
    assert (options["preview"], options["skip_unchanged"]) == (True, True)
    # and its template cache, kept for the worker's life (plugins/buildkit/templates.py)
    from plugins.buildkit.templates import TEMPLATES_KEY

    assert options["extra"] == {TEMPLATES_KEY: preview.templates}


def test_make_serve_starts_with_a_preview_build():
    planned = subprocess.run(
        ["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    steps = [line for line in planned if "-m scripts." in line]
    # scripts.serve builds first (scripts.build --preview, the test above), then serves.
    assert len(steps) == 1 and "-m scripts.serve" in steps[0]
    html = subprocess.run(
        ["make", "-n", "html"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "-m scripts.build" in html and "--preview" not in html


def test_a_clock_deadline_ends_the_no_change_skip_even_without_scheduled_articles():
    """The news sitemap's deadline is recorded when no article is scheduled,
    and also when plugins.schedule itself is not in PLUGINS."""
    from plugins.schedule import ScheduleWatch, clock_deadline
    from scripts.build import _clock_entries

    settings = {"BUILD_TIME": "2026-12-04 10:00"}
    with ScheduleWatch() as watch:
        clock_deadline.send(None, when=datetime(2026, 12, 5, 1, 0, tzinfo=UTC))
    clock, release = _clock_entries(watch, settings)
    assert clock == "2026-12-04T10:00:00+07:00"
    assert release == "2026-12-05T08:00:00+07:00"  # the deadline, in GMT+7
    with ScheduleWatch() as idle:
        pass
    assert _clock_entries(idle, settings) == ("", "")
    # Outside a watch, a deadline reaches nobody.
    clock_deadline.send(None, when=datetime(2026, 12, 5, tzinfo=UTC))
    assert watch.deadlines == [datetime(2026, 12, 5, 8, 0, tzinfo=watch.deadlines[0].tzinfo)]
