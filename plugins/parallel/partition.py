"""Which process renders which page: pure functions over small values.

A page belongs to exactly one process, chosen from its output path alone
(a stable CRC-32, never Python's salted ``hash``), so every write of one
file happens in one process and in the serial order: Pelican's
"already written" and override rules keep their serial meaning.
"""

from __future__ import annotations

import os
import posixpath
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from plugins.options import plugin_options

DEFAULTS: dict = {
    "enabled": True,
    # None: the cores this process may run on (os.sched_getaffinity).
    "workers": None,
    # Read the articles the content cache lacks in forked processes first
    # (needs CACHE_CONTENT; the cache is where the results go).
    "read": True,
    # Generators whose generate_output only writes through Pelican's writer
    # (no other side effect), so running it in several processes is safe.
    "generators": (
        "ArticlesGenerator",
        "PagesGenerator",
        "TemplatePagesGenerator",
        "TopicsGenerator",
    ),
    # Generators whose generate_output only writes its own files: each runs
    # in a background process, joined before Pelican's finalized signal.
    "background": ("FeedsGenerator", "SearchGenerator", "SitemapGenerator"),
}

# Signals sent once per written page or feed, or at the end of a wrapped
# generate_output: with a receiver connected, every process would run it,
# so the build stays serial.
PER_PAGE_SIGNALS = (
    "content_written",
    "feed_generated",
    "feed_written",
    "article_writer_finalized",
    "page_writer_finalized",
)


@dataclass(frozen=True)
class Share:
    """Process ``index`` of ``count`` renders the pages it owns."""

    index: int
    count: int

    def owns(self, output_name: str) -> bool:
        return page_owner(output_name, self.count) == self.index


@dataclass(frozen=True)
class ParallelOptions:
    enabled: bool
    workers: int
    read: bool
    generators: tuple[str, ...]
    background: tuple[str, ...]


def page_owner(output_name: str, count: int) -> int:
    """The process (0 … count-1) that renders ``output_name`` (relative path)."""
    normal = posixpath.normpath(output_name.replace(os.sep, "/")).lstrip("/")
    return zlib.crc32(normal.encode("utf-8")) % count


def available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def parallel_options(settings: Mapping) -> ParallelOptions:
    """``PARALLEL`` merged over :data:`DEFAULTS` (the settings are not touched)."""
    merged = plugin_options(settings, "PARALLEL", DEFAULTS)
    workers = merged["workers"] if merged["workers"] is not None else available_cores()
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"PARALLEL['workers'] phải là số nguyên dương, không phải {workers!r}")
    return ParallelOptions(
        enabled=bool(merged["enabled"]) and hasattr(os, "fork"),
        workers=workers,
        read=bool(merged["read"]),
        generators=tuple(merged["generators"]),
        background=tuple(merged["background"]),
    )


def busy_signals(receiver_counts: Mapping[str, int]) -> list[str]:
    """Names of the per-page signals that have receivers (then: stay serial)."""
    return [name for name in PER_PAGE_SIGNALS if receiver_counts.get(name, 0)]
