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
from collections.abc import Callable
from functools import partial
from typing import Any

from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from plugins.buildkit.fork import Channel, ChildFailed, Forked, can_fork, captured_logs

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
    results: dict[str, tuple] = {}
    with captured_logs(logging.WARNING) as records:
        for path in paths:
            before = len(records)
            try:
                stamp = readers._get_file_stamp(path)
                content, metadata = readers.readers[file_suffix(path)].read(path)
                metadata = _filter_discardable_metadata(metadata)
            except Exception:  # noqa: BLE001 — the parent reads it again and reports it
                continue
            if len(records) == before:
                results[path] = (stamp, content, metadata)
    return results


def _send_share(readers: Any, paths: list[str], channel: Channel) -> None:
    channel.send(_read_share(readers, paths))


def read_in_parallel(generator: Any, workers: int, sources: Callable = article_sources) -> int:
    """Fill the reader cache of ``generator`` over ``workers`` processes; files stored."""
    readers = generator.readers
    if workers < 2 or not cache_is_used(generator.settings) or not can_fork(why_not=True):
        return 0
    todo = [
        path
        for path in sources(generator)
        if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None
    ]
    if len(todo) < MIN_FILES:
        return 0
    children = [
        Forked(partial(_send_share, readers, todo[index::workers]), "đọc bài")
        for index in range(workers)
    ]
    stored = 0
    for child in children:
        try:
            results = child.recv()
        except ChildFailed:  # a broken share is simply read again
            results = {}
        finally:
            child.stop()
        for path, (stamp, content, metadata) in results.items():
            if readers._get_file_stamp(path) == stamp:  # unchanged since the child read it
                readers.cache_data(path, (content, metadata))
                stored += 1
    logger.info("Đọc song song: %d/%d bài qua %d tiến trình", stored, len(todo), workers)
    return stored
