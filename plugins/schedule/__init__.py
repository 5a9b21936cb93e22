"""Scheduled publishing (hẹn giờ): an article dated in the future waits for its time.

An article whose ``Date`` is later than the build's clock (:func:`build_time`:
the ``BUILD_TIME`` setting, else the ``BUILD_TIME`` environment variable,
else now) is *scheduled*. A build holds it back: its page is not written and
no list, feed, sitemap, search record, related block, *Đọc nhiều*, topic
page, archive, JSON-LD or redirect (its ``Legacy_URL``) shows it. The next
build after its time publishes it (CI builds every 15 minutes;
``scripts/build.py`` never skips a build once a scheduled time has passed).

Why ``article_generator_pretaxonomy``: Pelican sends it once every article
is read (``generator.articles``, ``translations``, ``hidden_articles`` are
set) and before anything is derived from those lists: categories, tags,
authors, dates and period archives are computed right after it, and only
then is the context (``context['articles']`` …) published to the other
generators (topics, feeds, sitemap, search, legacy URLs) and to the
``article_generator_finalized`` handlers (related, Đọc nhiều, images,
fixed URLs). Removing the held articles there is the one place every later
step inherits; this plugin comes before ``content_model`` in ``PLUGINS``,
so held articles are not even enriched. Pelican's own
``WITH_FUTURE_DATES = False`` is not used: it turns future articles into
drafts as they are read, by the wall clock only (no ``BUILD_TIME``), and
a ``generator``-layer content cache keeps that verdict after the time has
passed.

The held articles are kept on the generator as ``generator.schedule`` (a
:class:`Schedule`, not a list, so the plugins that walk a generator's lists,
``fixed_urls`` and ``incremental``, do not count them as part of the site).
Pelican's content cache is not affected: its reader layer (pelicanconf.py)
keeps each source's HTML and metadata, never the lists, so a held article is
read from it as usual and published from it once due. (A ``generator``-layer
cache would pickle article objects after this handler: the preview mark,
``scheduled_at``, is cleared from every article on each build, and links are
rewritten only after the cache is saved.)

``{filename}`` links to a held article: ``context['generated_content']``
maps the held source to ``None`` (what Pelican records for a file it could
not use), and on ``article_generator_finalized`` / ``page_generator_finalized``
(after Pelican saved its cache, before anything renders a body) every live
article's and page's link to it is replaced by its text, with a warning
naming both files (:mod:`.links`). A published page never links an address
that answers 404, nor shows the held slug; the next build after its time
links it again (the linking article's body changed, so it is rendered again).

Preview (``SCHEDULE = {"preview": True}``; ``scripts/build.py --preview``,
``make serve``): scheduled articles stay in the site, in every list, each
with ``article.scheduled_at`` (its date, GMT+7), which the theme shows as a
*Hẹn giờ đăng* banner and a card badge, with ``noindex``. Drafts get a page
at their draft address, in no list, with a *Bản nháp* banner and
``noindex`` (:func:`show_drafts_in_preview`).

Other output that changes with the clock alone (the Google News sitemap
lists the last two days) reports the instant it next changes with
:data:`clock_deadline` (``clock_deadline.send(sender, when=…)``, from the
parent process: a ``generate_context``, not a forked ``generate_output``);
:class:`ScheduleWatch` gathers the earliest into ``watch.release``, which
``scripts/build.py`` records so that its no-change skip ends at that instant.

Setting ``SCHEDULE`` (merged over :data:`~.clock.DEFAULTS`, validated)::

    SCHEDULE = {"preview": False}
    BUILD_TIME = "2025-11-03 13:33"   # optional: a fixed clock (tests)
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blinker import signal
from pelican import signals

from plugins.vietnamese import format_dateline, to_vietnam_time

from .clock import (
    CLOCK_NAME,
    DEFAULTS,
    ScheduleOptions,
    build_time,
    is_scheduled,
    next_release,
    parse_clock,
    schedule_options,
)
from .links import DEFAULT_INTRASITE, unlink_held

__all__ = [
    "CLOCK_NAME",
    "DEFAULTS",
    "HELD_SOURCES",
    "Schedule",
    "ScheduleOptions",
    "ScheduleWatch",
    "build_time",
    "is_scheduled",
    "next_release",
    "parse_clock",
    "register",
    "schedule_options",
    "unlink_held",
    "validate_settings",
]

logger = logging.getLogger(__name__)

# The generator lists Pelican writes (and the context publishes).
PUBLISHED_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations")
# Lists of content that is never written; their stale preview marks are cleared too.
UNPUBLISHED_LISTS = ("drafts", "drafts_translations")
# Context key: {source path relative to content/: date} of the held articles.
HELD_SOURCES = "scheduled_sources"
MARK = "scheduled_at"


@dataclass(frozen=True)
class Schedule:
    """What one build scheduled: its clock, its mode, the scheduled articles
    (held back, or shown marked in preview) and the earliest of their times."""

    now: datetime
    preview: bool
    articles: tuple[Any, ...] = ()
    release: datetime | None = None


def _lists(generator: Any, names: Iterable[str]) -> list[tuple[str, list]]:
    return [
        (name, value) for name in names if isinstance(value := getattr(generator, name, None), list)
    ]


def _source(content: Any) -> str:
    return content.get_relative_source_path()


def hold_back(generator: Any, held: list[Any]) -> None:
    """Take ``held`` out of the generator's lists, translations, source map
    and static links (the context is published after pretaxonomy)."""
    held_ids = {id(article) for article in held}
    for name, items in _lists(generator, PUBLISHED_LISTS):
        setattr(generator, name, [a for a in items if id(a) not in held_ids])
    kept = [
        a for _, items in _lists(generator, (*PUBLISHED_LISTS, *UNPUBLISHED_LISTS)) for a in items
    ]
    for article in kept:
        translations = getattr(article, "translations", None)
        if translations and any(id(t) in held_ids for t in translations):
            article.translations = [t for t in translations if id(t) not in held_ids]
    sources = generator.context.get("generated_content")
    if isinstance(sources, dict):
        for article in held:
            # As for a file Pelican could not use: a {filename} link finds nothing.
            sources[_source(article)] = None
    static_links = generator.context.get("static_links")
    if isinstance(static_links, set):
        held_links = set().union(*(a.get_static_links() for a in held))
        if held_links:
            kept_links = set().union(*(a.get_static_links() for a in kept))
            static_links.difference_update(held_links - kept_links)


def schedule_articles(generator: Any) -> None:
    """article_generator_pretaxonomy: hold back (or, in preview, mark) the
    articles dated after the build's clock."""
    options = schedule_options(generator.settings)
    now = build_time(generator.settings)
    for _, items in _lists(generator, (*PUBLISHED_LISTS, *UNPUBLISHED_LISTS)):
        for article in items:
            vars(article).pop(MARK, None)  # a mark left in a generator-layer cache
    scheduled = [
        article
        for _, items in _lists(generator, PUBLISHED_LISTS)
        for article in items
        if is_scheduled(article.date, now)
    ]
    schedule = Schedule(
        now=now,
        preview=options.preview,
        articles=tuple(scheduled),
        release=next_release((a.date for a in scheduled), now),
    )
    held: dict[str, datetime] = {}
    if options.preview:
        for article in scheduled:
            setattr(article, MARK, to_vietnam_time(article.date))
    elif scheduled:
        hold_back(generator, scheduled)
        held = {_source(a): to_vietnam_time(a.date) for a in scheduled}
    generator.schedule = schedule
    generator.context[HELD_SOURCES] = held
    if scheduled:
        logger.info(
            "Hẹn giờ: %d bài %s, bài sớm nhất đăng lúc %s",
            len(scheduled),
            "hiện kèm nhãn (xem trước)" if options.preview else "chưa đăng",
            format_dateline(schedule.release),
        )


def unlink_content(content: Any, held: Mapping[str, datetime], intrasite: str) -> tuple[str, ...]:
    """Replace ``content``'s links to held sources (body, sapo) by their text;
    the held sources it linked."""
    try:
        folder = content.relative_dir
    except Exception:  # noqa: BLE001 — no source folder: from the content root
        folder = posixpath.dirname(_source(content))
    linked: list[str] = []
    for attribute in ("_content", "_summary"):
        value = getattr(content, attribute, None)
        if isinstance(value, str):
            text, found = unlink_held(value, folder, held, intrasite)
            if found:
                setattr(content, attribute, text)
                linked += found
    metadata = getattr(content, "metadata", None)
    if isinstance(metadata, dict) and isinstance(metadata.get("summary"), str):
        text, found = unlink_held(metadata["summary"], folder, held, intrasite)
        if found:
            metadata["summary"] = text
            linked += found
    return tuple(dict.fromkeys(linked))


def _shown(path: str) -> str:
    """A path as editors see it, from the working folder (``content/…``)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return path


def _unlink_in(generator: Any, names: Iterable[str]) -> None:
    held = generator.context.get(HELD_SOURCES) or {}
    if not held:
        return
    intrasite = generator.settings.get("INTRASITE_LINK_REGEX") or DEFAULT_INTRASITE
    content_root = str(generator.settings.get("PATH") or "")
    for _, items in _lists(generator, names):
        for content in items:
            for path in unlink_content(content, held, intrasite):
                # The content check warns at the link's line (link-to-scheduled).
                logger.info(
                    "%s: liên kết tới bài hẹn giờ %s chưa được đăng (hẹn đăng %s):"
                    " tạm bỏ liên kết, giữ chữ, đến khi bài được đăng",
                    _shown(content.source_path),
                    _shown(os.path.join(content_root, path)),
                    format_dateline(held[path]),
                )


def unlink_in_articles(generator: Any) -> None:
    """article_generator_finalized: live articles' links to held articles."""
    _unlink_in(generator, PUBLISHED_LISTS)


def unlink_in_pages(generator: Any) -> None:
    """page_generator_finalized: pages' links to held articles."""
    _unlink_in(generator, ("pages", "translations", "hidden_pages", "hidden_translations"))


#: Sent by a plugin whose output changes with the clock alone, with
#: ``when`` = the instant it next changes (a timezone-aware datetime).
clock_deadline = signal("portal-clock-deadline")


class ScheduleWatch:
    """What the Pelican runs inside ``with ScheduleWatch() as watch:`` scheduled
    (``watch.schedule``, ``None`` when this plugin is not in ``PLUGINS``) and
    the next instant its site changes by the clock alone (``watch.release``:
    the next scheduled article of any run or the earliest
    :data:`clock_deadline`): ``scripts/build.py`` records both beside its
    no-change manifest. A build runs once per language edition, and each
    run schedules its own articles: an English article held back until
    next week must end the skip as surely as a Vietnamese one."""

    def __init__(self) -> None:
        self.schedules: list[Schedule] = []  # one per run, in run order
        self.deadlines: list[datetime] = []

    def _seen(self, generator: Any) -> None:
        found = getattr(generator, "schedule", None)
        if isinstance(found, Schedule):
            self.schedules.append(found)

    def _deadline(self, sender: Any, when: datetime) -> None:
        self.deadlines.append(to_vietnam_time(when))

    @property
    def schedule(self) -> Schedule | None:
        """Every run's schedule as one: all the scheduled articles, the earliest release."""
        if len(self.schedules) < 2:
            return self.schedules[0] if self.schedules else None
        first = self.schedules[0]
        releases = [s.release for s in self.schedules if s.release is not None]
        return Schedule(
            now=first.now,
            preview=first.preview,
            articles=tuple(article for s in self.schedules for article in s.articles),
            release=min(releases, default=None),
        )

    @property
    def release(self) -> datetime | None:
        moments = [*self.deadlines]
        schedule = self.schedule
        if schedule is not None and schedule.release is not None:
            moments.append(schedule.release)
        return min(moments, default=None)

    def __enter__(self) -> ScheduleWatch:
        signals.article_generator_finalized.connect(self._seen, weak=False)
        clock_deadline.connect(self._deadline, weak=False)
        return self

    def __exit__(self, *exc: object) -> None:
        signals.article_generator_finalized.disconnect(self._seen)
        clock_deadline.disconnect(self._deadline)


def validate_settings(settings: Mapping) -> None:
    """Raise ``ValueError`` (in Vietnamese, naming the setting) for an invalid
    ``SCHEDULE`` or ``BUILD_TIME`` (setting or environment variable); ``make
    check`` and scripts/build.py call it before anything is read."""
    schedule_options(settings)
    build_time(settings)


def show_drafts_in_preview(pelican: Any) -> None:
    """initialized: in preview (make serve), a draft gets a page at its
    draft address (``DRAFT_URL``: ``ban-nhap/<slug>/``), marked as a draft
    and ``noindex``, in no list: an editor sees what ``make new`` made before
    publishing it. A published site writes no draft (``DRAFT_SAVE_AS`` "")."""
    settings = pelican.settings
    if not schedule_options(settings).preview:
        return
    url = str(settings.get("DRAFT_URL") or "")
    if url and not settings.get("DRAFT_SAVE_AS"):
        settings["DRAFT_SAVE_AS"] = url + "index.html" if url.endswith("/") else url


def register() -> None:
    signals.initialized.connect(show_drafts_in_preview)
    # article_generator_pretaxonomy: every article is read, nothing is derived
    # from the lists yet (taxonomies, archives, the shared context): hold back.
    signals.article_generator_pretaxonomy.connect(schedule_articles)
    # *_generator_finalized: Pelican has saved its content cache and no body
    # has been rendered: take out links to held articles.
    signals.article_generator_finalized.connect(unlink_in_articles)
    signals.page_generator_finalized.connect(unlink_in_pages)
