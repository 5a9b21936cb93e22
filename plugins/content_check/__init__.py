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

from plugins.reference import reference_for

from .check import Report, check_tree
from .problems import Problem, Severity, format_problem
from .urls import UrlScheme, page_urls, scheme_from_settings

__all__ = ["Problem", "Report", "Severity", "UrlScheme", "check_tree", "page_urls", "register"]

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True}
# Each file's inspection from the last build, in Pelican's cache folder.
CACHE_FILE = "content-check.pickle"


def options(settings: Mapping) -> dict:
    """``CONTENT_CHECK`` merged over the defaults (the settings are not touched)."""
    return {**DEFAULTS, **(settings.get("CONTENT_CHECK") or {})}


def check_before_build(pelican) -> None:
    settings = pelican.settings
    if not options(settings)["enabled"]:
        return
    report = check_tree(
        Path(settings["PATH"]),
        reference_for(settings),
        scheme_from_settings(settings),
        article_dirs=tuple(settings.get("ARTICLE_PATHS") or ["articles"]),
        page_dirs=tuple(settings.get("PAGE_PATHS") or ["pages"]),
        cache_file=(
            Path(settings["CACHE_PATH"]) / CACHE_FILE
            if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH")
            else None
        ),
    )
    for problem in report.problems:
        log = logger.error if problem.is_error else logger.warning
        log("%s", format_problem(problem))
    if report.errors:
        logger.error(
            "Nội dung có %d lỗi — không xây dựng. Chạy 'make check' để xem chi tiết.", report.errors
        )
        raise SystemExit(1)


def register() -> None:
    # initialized: settings are read, nothing is generated or written yet, so
    # invalid content stops the build before any output exists.
    signals.initialized.connect(check_before_build)
