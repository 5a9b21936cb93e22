"""Content check: refuse to build content that breaks the content model.

The same rules back ``make check`` (``python -m plugins.content_check``) and
the build: every problem of every file is found in one run and reported as
``path:line: message`` in Vietnamese. Logic lives in pure modules
(``source``: bytes → document, ``rules``: one file, ``site``: across files,
``urls``: the URL scheme and pagination); this file only adapts Pelican.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page

from plugins.buildkit.fork import Forked, can_fork, replay
from plugins.buildkit.run import RUN_KEY, build_run
from plugins.images.config import image_settings
from plugins.reference import ReferenceData, reference_for
from plugins.schedule.clock import build_time, schedule_options

from .check import Report, check_tree, display_path
from .elsewhere import OtherEdition, OtherEditions
from .files import RECORD_FILE, first_special_file, unlisted_sources
from .links import page_exists
from .problems import Problem, Severity, error, format_problem, sort_problems
from .published import format_record, merge_record, parse_record
from .urls import UrlScheme, page_urls, scheme_from_settings

__all__ = [
    "Problem",
    "Report",
    "Severity",
    "UrlScheme",
    "check_tree",
    "page_urls",
    "register",
    "wait_for_check",
]

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    # True (make publish): the addresses of this build are added to
    # content/published-urls.txt once the site is published (scripts/build.py).
    "update_record": False,
    # Keep each file's inspection between builds (check.py InspectionCache).
    "cache": True,
}
# Where the build leaves the record to commit, one file per language edition
# ("published-urls.vi.pending"), in RECORD_PENDING_DIR (scripts/build.py:
# the cache root, shared by the editions' runs), else Pelican's cache folder.
PENDING_RECORD = "published-urls.{lang}.pending"
# The context key of the redirects the build makes for lost list pages.
LIST_REDIRECTS = "PORTAL_LIST_REDIRECTS"
# Each file's inspection from the last build, in Pelican's cache folder.
CACHE_FILE = "content-check.pickle"


def options(settings: Mapping) -> dict:
    """``CONTENT_CHECK`` merged over the defaults (the settings are not touched)."""
    return {**DEFAULTS, **(settings.get("CONTENT_CHECK") or {})}


def edition_scope(settings: Mapping) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    """(the other language editions' source folders, whether ``settings``
    are the main edition's, the other editions' URL prefixes): each
    edition's run checks its own files and its own recorded addresses; the
    main one also the redirects and every image."""
    from plugins.editions import (
        edition_languages,
        edition_settings,
        home_url,
        is_main_edition,
        main_settings,
        other_edition_folders,
    )

    main = main_settings(settings)
    own = settings.get("DEFAULT_LANG") or main.get("DEFAULT_LANG") or "vi"
    prefixes = [
        home_url(edition_settings(main, lang)) for lang in edition_languages(main) if lang != own
    ]
    # The main edition's prefix is "": it is under no other edition's.
    return (
        other_edition_folders(settings),
        is_main_edition(settings),
        tuple(p for p in prefixes if p),
    )


def edition_report(report: Report, settings: Mapping, main_edition: bool) -> Report:
    """``report`` with what joins the editions wrongly (main edition only)."""
    if not main_edition:
        return report
    from plugins.editions import edition_problems

    shown = display_path(Path(settings["PATH"]), Path.cwd())
    prefix = "" if shown == "." else shown.rstrip(os.sep) + os.sep
    found = [
        error(prefix + path.replace("/", os.sep), line, code, message)
        for path, line, code, message in edition_problems(dict(settings))
    ]
    if not found:
        return report
    unique = list(dict.fromkeys([*report.problems, *found]))
    return dataclasses.replace(report, problems=tuple(sort_problems(unique)))


def other_editions(settings: Mapping, content: Path, now, images) -> OtherEditions:
    """The language editions built beside the one of ``settings``, each
    with its own check (run only if something leads into it: .elsewhere)."""
    from plugins.editions import built_languages, edition_settings, home_url, main_settings

    main = main_settings(settings)
    own = settings.get("DEFAULT_LANG") or main.get("DEFAULT_LANG") or "vi"
    editions = []
    for lang in built_languages(main):
        if lang == own:
            continue
        chosen = edition_settings(main, lang)
        scheme = scheme_from_settings(chosen)
        scope = edition_arguments(chosen)
        editions.append(
            OtherEdition(
                home_url(chosen),
                (*scope["article_dirs"], *scope["page_dirs"]),
                scheme.article,
                functools.partial(page_exists, scheme=scheme),
                functools.partial(
                    check_tree,
                    content,
                    reference_for(chosen),
                    scheme,
                    image_settings=images,
                    now=now,
                    **scope,
                ),
            )
        )
    return OtherEditions(home_url(settings), tuple(editions)) if editions else OtherEditions()


def edition_arguments(settings: Mapping) -> dict:
    """:func:`check_tree`'s arguments that say which edition ``settings``
    run: its folders, the other editions' folders and URL prefixes, and
    whether it is the main edition."""
    other_dirs, main_edition, other_prefixes = edition_scope(settings)
    return {
        "article_dirs": tuple(settings.get("ARTICLE_PATHS") or ["articles"]),
        "page_dirs": tuple(settings.get("PAGE_PATHS") or ["pages"]),
        "other_dirs": other_dirs,
        "main_edition": main_edition,
        "other_prefixes": other_prefixes,
    }


def _check(settings: Mapping, reference: ReferenceData, scheme: UrlScheme) -> Report:
    scope = edition_arguments(settings)
    now, images = check_clock(settings), image_settings(settings)
    report = check_tree(
        Path(settings["PATH"]),
        reference,
        scheme,
        cache_file=(
            Path(settings["CACHE_PATH"]) / CACHE_FILE
            if settings.get("CACHE_CONTENT")
            and settings.get("CACHE_PATH")
            and options(settings)["cache"]
            else None
        ),
        image_settings=images,
        now=now,
        others=other_editions(settings, Path(settings["PATH"]), now, images),
        preview=schedule_options(settings).preview,
        **scope,
    )
    return edition_report(report, settings, scope["main_edition"])


def check_clock(settings: Mapping):
    """The clock the check schedules articles by: the build's (BUILD_TIME),
    or ``None`` in a preview build, where scheduled articles are shown."""
    return None if schedule_options(settings).preview else build_time(settings)


def _outcome(
    settings: Mapping, reference: ReferenceData, scheme: UrlScheme
) -> Report | BaseException:
    """In the child: the report, or what the check raised (raised again in
    the parent, as if the check had run there)."""
    try:
        return _check(settings, reference, scheme)
    except Exception as problem:  # noqa: BLE001 — handed to the parent
        return problem


@dataclass
class CheckRun:
    """The check of one build (``build_run(settings).check``), from
    ``initialized`` to the verdict at ``all_generators_finalized``."""

    outcome: Forked | Report  # the child running the check, or its report
    held: HeldReports  # Pelican's own reports on the files, held meanwhile
    read: set[str] = field(default_factory=set)  # sources Pelican made objects of


def _check_run(settings: Mapping | None) -> CheckRun | None:
    run = getattr(settings.get(RUN_KEY), "check", None) if isinstance(settings, Mapping) else None
    return run if isinstance(run, CheckRun) else None


def record_source(content) -> None:
    """content_object_init: remember every article and page Pelican read."""
    if not isinstance(content, Article | Page):
        return
    run = _check_run(getattr(content, "settings", None))
    if run is not None:
        run.read.add(content.source_path)


def agreement_problems(report: Report, settings: Mapping, sources: set[str]) -> list[Problem]:
    """Sources Pelican read (``sources``) that the check did not (published
    unchecked), and sources the check listed that Pelican did not read
    (dropped)."""
    root = os.path.realpath(settings["PATH"])
    read = {os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/") for path in sources}
    unchecked, dropped = unlisted_sources(report.sources, read)
    shown = display_path(Path(settings["PATH"]), Path.cwd())
    prefix = "" if shown == "." else shown.rstrip(os.sep) + os.sep
    problems = [
        error(
            prefix + rel,
            1,
            "read-unchecked",
            "Pelican đọc tệp này nhưng phần kiểm tra không — không đăng (báo lỗi cho nhóm phát triển)",
        )
        for rel in unchecked
    ]
    problems += [
        error(
            prefix + rel,
            1,
            "not-read",
            "phần kiểm tra thấy tệp này nhưng Pelican không đọc — bài sẽ không được đăng",
        )
        for rel in dropped
    ]
    return problems


def _verdict(
    report: Report | BaseException, settings: Mapping | None = None, read: set[str] = frozenset()
) -> None:
    """Log every problem; stop the build (SystemExit 1) on an error. With
    ``settings``: also the disagreements with the sources Pelican ``read``."""
    if isinstance(report, BaseException):
        raise report
    problems = list(report.problems)
    if settings is not None and not report.errors:
        problems += agreement_problems(report, settings, read)
    errors = sum(1 for p in problems if p.is_error)
    for problem in problems:
        log = logger.error if problem.is_error else logger.warning
        log("%s", format_problem(problem))
    if errors:
        logger.error(
            "Nội dung có %d lỗi — chưa dựng trang. Chạy 'make check' để xem chi tiết.", errors
        )
        raise SystemExit(1)


class HeldReports(logging.Filter):
    """Pelican's own reports on the files it reads, held while it reads.

    They are in English and name no line ("Could not process …", "Skipping
    …: could not find information about 'title'", "Unknown status …"), and
    every one of them concerns a file the check reports too, at its line, in
    Vietnamese. At the verdict they are dropped when the check refused the
    content (its messages say what and where), and logged as they were
    otherwise, so nothing is ever hidden.
    """

    LOGGERS = ("pelican.generators", "pelican.contents", "pelican.readers", "pelican.utils")

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        self.records.append(record)
        return False

    def attach(self) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).addFilter(self)

    def release(self, again: bool) -> None:
        """Stop holding; log what was held when ``again``."""
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self)
        held, self.records = self.records, []
        if again:
            for record in held:
                replay(record)


def check_before_build(pelican) -> None:
    """initialized: start the check in a forked child while Pelican reads the
    content (it only reads files: 1.3 s of a one-edit rebuild at 10k
    articles, 3 s of a full build, were spent before anything else), or
    run it here when the process cannot fork."""
    settings = pelican.settings
    if not options(settings)["enabled"]:
        return
    # Here, not in the child: a broken data folder or URL setting is
    # reported as it always was.
    reference, scheme = reference_for(settings), scheme_from_settings(settings)
    held = HeldReports()
    held.attach()
    # A named pipe under content/ would stop Pelican's reading for good (it
    # waits for a writer): then the check runs first, here, and refuses it.
    if can_fork() and first_special_file(settings["PATH"]) is None:
        outcome = Forked(
            lambda channel: channel.send(_outcome(settings, reference, scheme)), "kiểm tra nội dung"
        )
    else:
        outcome = _check(settings, reference, scheme)
        if outcome.errors:
            held.release(again=False)
            _verdict(outcome)
    build_run(settings).check = CheckRun(outcome, held)


def report_only(settings: Mapping) -> int:
    """Check the content of the run of ``settings`` without building it, and
    log its problems as the build does; returns the number of errors.
    scripts/build.py calls it for the editions left unbuilt once one was
    refused, so the build names every problem, as ``make check`` does."""
    if not options(settings)["enabled"]:
        return 0
    report = _check(settings, reference_for(settings), scheme_from_settings(settings))
    for problem in report.problems:
        (logger.error if problem.is_error else logger.warning)("%s", format_problem(problem))
    if report.errors:
        logger.error("Nội dung có thêm %d lỗi ở ấn bản '%s'.", report.errors, _lang(settings))
    return report.errors


def _lang(settings: Mapping) -> str:
    return str(settings.get("DEFAULT_LANG") or "vi")


def wait_for_check(settings: Mapping, compare: bool = False) -> Report | None:
    """The verdict of the check started for ``settings``, if one is running:
    at ``all_generators_finalized`` (the content is read, nothing is written;
    this plugin comes first), where the files Pelican read are also compared
    with the check's list (``compare``), and by scripts/build.py when the
    build failed before (bad content can break Pelican's reading: the check
    says why)."""
    run = _check_run(settings)
    if run is None:
        return None
    del build_run(settings).check
    try:
        if isinstance(run.outcome, Forked):
            with run.outcome:
                report = run.outcome.recv()
        else:
            report = run.outcome
    except BaseException:
        run.held.release(again=True)
        raise
    refused = isinstance(report, BaseException) or bool(report.errors)
    run.held.release(again=not refused)
    _verdict(report, settings if compare else None, run.read)
    return report


def check_verdict(generators: list) -> None:
    if generators:
        report = wait_for_check(generators[0].settings, compare=True)
        if report is not None:
            hand_over(report, generators[0].settings, generators[0].context)


def hand_over(report: Report, settings: Mapping, context: dict) -> None:
    """What the build takes from the check: the redirects of lost list pages
    (plugins.legacy_urls writes them) and, when publishing, the record of
    published addresses to commit once the site is out."""
    context[LIST_REDIRECTS] = report.list_redirects
    if not options(settings)["update_record"]:
        return
    content = Path(settings["PATH"])
    old = content / RECORD_FILE
    entries = merge_record(
        parse_record(old.read_text(encoding="utf-8")) if old.is_file() else [],
        report.published,
    )
    pending = pending_folder(settings) / PENDING_RECORD.format(
        lang=settings.get("EDITION") or settings.get("DEFAULT_LANG") or "vi"
    )
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text(format_record(entries), encoding="utf-8")


def pending_folder(settings: Mapping) -> Path:
    """Where each edition's run leaves its pending record."""
    return Path(settings.get("RECORD_PENDING_DIR") or settings["CACHE_PATH"])


def commit_record(settings: Mapping) -> bool:
    """After a published build: the pending records of its editions, merged,
    become ``content/published-urls.txt`` (scripts/build.py calls this after
    the swap, so a failed build never records addresses it did not publish)."""
    pending = sorted(pending_folder(settings).glob(PENDING_RECORD.format(lang="*")))
    if not options(settings)["update_record"] or not pending:
        return False
    entries: list = []
    for path in pending:
        entries = merge_record(entries, parse_record(path.read_text(encoding="utf-8")))
    text = format_record(entries)
    target = Path(settings["PATH"]) / RECORD_FILE
    changed = not target.is_file() or target.read_text(encoding="utf-8") != text
    temporary = target.with_name(target.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    for path in pending:
        path.unlink()
    return changed


def forget_pending_records(settings: Mapping) -> None:
    """Before a build: no pending record of an earlier, failed build may be committed."""
    for path in pending_folder(settings).glob(PENDING_RECORD.format(lang="*")):
        path.unlink()


def register() -> None:
    # initialized: settings are read, nothing is generated or written yet.
    signals.initialized.connect(check_before_build)
    # content_object_init: every article and page Pelican makes, to compare
    # what it read with the check's list of files.
    signals.content_object_init.connect(record_source)
    # all_generators_finalized, first of all plugins (PLUGINS order): invalid
    # content stops the build before anything is written.
    signals.all_generators_finalized.connect(check_verdict)
