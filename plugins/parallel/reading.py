"""Read the Markdown sources in forked processes, into Pelican's content cache.

Pelican reads one file after another. On the first ``article_generator_preread``
the articles that the content cache does not already hold are split over
``workers`` children; each converts its share with Pelican's own reader and
sends back ``(content, metadata)``, which the parent stores in the reader
cache exactly as Pelican would after reading (same key, same stamp). Pelican's
loop then finds every article in the cache. A file that fails, or that logs
anything while read, is left out: the parent reads it in Pelican's order, so
errors and warnings come out exactly as in a serial build.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any

from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from .render import _Capture, _die_with_parent, can_fork_here

logger = logging.getLogger(__name__)

MIN_FILES = 64  # below this, forking costs more than it saves


def article_sources(generator: Any) -> list[str]:
    """Absolute paths of the article sources, as Pelican's cache keys them."""
    settings = generator.settings
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    return [os.path.abspath(os.path.join(generator.path, name)) for name in files]


def cache_is_used(settings: dict) -> bool:
    return bool(settings.get("CACHE_CONTENT")) and settings.get("CONTENT_CACHING_LAYER") == "reader"


def _read_share(readers: Any, paths: list[str]) -> dict[str, tuple]:
    """In a child: read ``paths``; keep the files that read cleanly and silently."""
    capture = _Capture()
    capture.setLevel(logging.DEBUG)
    loggers = [logging.getLogger()] + [
        item
        for item in logging.Logger.manager.loggerDict.values()
        if isinstance(item, logging.Logger)
    ]
    for item in loggers:
        item.handlers = []
    root = logging.getLogger()
    root.addHandler(capture)
    results: dict[str, tuple] = {}
    for path in paths:
        before = len(capture.records)
        try:
            stamp = readers._get_file_stamp(path)
            content, metadata = readers.readers[file_suffix(path)].read(path)
            metadata = _filter_discardable_metadata(metadata)
        except Exception:  # noqa: BLE001 — the parent reads it again and reports it
            continue
        if any(r.levelno >= logging.WARNING for r in capture.records[before:]):
            continue
        results[path] = (stamp, content, metadata)
    return results


def _fork_reader(readers: Any, paths: list[str]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            _die_with_parent()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            data = pickle.dumps(_read_share(readers, paths), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 — nothing read: the parent reads everything
            code, data = 1, b""
        try:
            with os.fdopen(write_end, "wb") as stream:
                stream.write(data)
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def read_in_parallel(generator: Any, workers: int, sources: Callable = article_sources) -> int:
    """Fill the reader cache of ``generator`` over ``workers`` processes; files stored."""
    readers = generator.readers
    if workers < 2 or not cache_is_used(generator.settings) or not can_fork_here():
        return 0
    todo = [
        path
        for path in sources(generator)
        if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None
    ]
    if len(todo) < MIN_FILES:
        return 0
    children = [_fork_reader(readers, todo[index::workers]) for index in range(workers)]
    stored = 0
    for pid, pipe in children:
        with os.fdopen(pipe, "rb") as stream:
            data = stream.read()
        os.waitpid(pid, 0)
        try:
            results = pickle.loads(data) if data else {}
        except Exception:  # noqa: BLE001 — a broken share is simply read again
            results = {}
        for path, (stamp, content, metadata) in results.items():
            if readers._get_file_stamp(path) == stamp:  # unchanged since the child read it
                readers.cache_data(path, (content, metadata))
                stored += 1
    logger.info("Đọc song song: %d/%d bài qua %d tiến trình", stored, len(todo), workers)
    return stored
