"""Content check: refuse to build content that breaks the content model.

The same rules back ``make check`` (``python -m plugins.content_check``) and
the build: every problem of every file is found in one run and reported as
``path:line: message`` in Vietnamese. Logic lives in pure modules
(``source``: bytes → document, ``rules``: one file, ``site``: across files,
``urls``: the URL scheme and pagination); this file only adapts Pelican.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from pelican import signals

from plugins.reference import ReferenceData, reference_for
from plugins.related.forking import ForkedHelper, can_fork

from .check import Report, check_tree
from .problems import Problem, Severity, format_problem
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

DEFAULTS = {"enabled": True}
# Each file's inspection from the last build, in Pelican's cache folder.
CACHE_FILE = "content-check.pickle"


def options(settings: Mapping) -> dict:
    """``CONTENT_CHECK`` merged over the defaults (the settings are not touched)."""
    return {**DEFAULTS, **(settings.get("CONTENT_CHECK") or {})}


# The check running beside the build, by the id of the build's settings
# (the same dict object for the Pelican object and its generators), with
# the settings themselves: held, their id cannot name another build's.
_PENDING: dict[int, tuple[Mapping, ForkedHelper]] = {}


def _check(settings: Mapping, reference: ReferenceData, scheme: UrlScheme) -> Report:
    return check_tree(
        Path(settings["PATH"]),
        reference,
        scheme,
        article_dirs=tuple(settings.get("ARTICLE_PATHS") or ["articles"]),
        page_dirs=tuple(settings.get("PAGE_PATHS") or ["pages"]),
        cache_file=(
            Path(settings["CACHE_PATH"]) / CACHE_FILE
            if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH")
            else None
        ),
    )


def _outcome(
    settings: Mapping, reference: ReferenceData, scheme: UrlScheme
) -> Report | BaseException:
    """In the child: the report, or what the check raised (raised again in
    the parent, as if the check had run there)."""
    try:
        return _check(settings, reference, scheme)
    except Exception as problem:  # noqa: BLE001 — handed to the parent
        return problem


def _verdict(report: Report | BaseException) -> None:
    """Log every problem; stop the build (SystemExit 1) on an error."""
    if isinstance(report, BaseException):
        raise report
    for problem in report.problems:
        log = logger.error if problem.is_error else logger.warning
        log("%s", format_problem(problem))
    if report.errors:
        logger.error(
            "Nội dung có %d lỗi — không xây dựng. Chạy 'make check' để xem chi tiết.", report.errors
        )
        raise SystemExit(1)


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
    if can_fork():
        helper = ForkedHelper(lambda channel: channel.send(_outcome(settings, reference, scheme)))
        _PENDING[id(settings)] = (settings, helper)
    else:
        _verdict(_check(settings, reference, scheme))


def wait_for_check(settings: Mapping) -> None:
    """The verdict of the check started for ``settings``, if one is running:
    at ``all_generators_finalized`` (the content is read, nothing is written;
    this plugin comes first), and by scripts/build.py when the build failed
    before (bad content can break Pelican's reading: the check says why)."""
    pending = _PENDING.pop(id(settings), None)
    if pending is None or pending[0] is not settings:
        return
    helper = pending[1]
    with helper:
        report = helper.recv()
    _verdict(report)


def check_verdict(generators: list) -> None:
    if generators:
        wait_for_check(generators[0].settings)


def register() -> None:
    # initialized: settings are read, nothing is generated or written yet.
    signals.initialized.connect(check_before_build)
    # all_generators_finalized, first of all plugins (PLUGINS order): invalid
    # content stops the build before anything is written.
    signals.all_generators_finalized.connect(check_verdict)
