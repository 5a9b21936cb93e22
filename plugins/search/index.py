"""Write Pagefind bundles from search records, one service process per shard.

Records are streamed to the Pagefind service one at a time, so the Python
side never holds the whole index. Pagefind itself keeps a shard's index in
memory until it writes it; with ``shard_by="year"`` each year is a separate
bundle written by a fresh process, so the peak is that of the largest year,
and the search page merges the bundles at query time (``mergeIndex``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from .records import SearchRecord, shard_names, vocabulary_record
from .service import PagefindError, PagefindService

LANGUAGE = "vi"
ENTRY_FILE = "pagefind-entry.json"
REQUIRED_FILES = (ENTRY_FILE, "pagefind.js", "pagefind-ui.js", "pagefind-ui.css")


@dataclass
class IndexReport:
    """What one indexing run did, for the build log and the benchmark."""

    records: int = 0
    shards: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss: int = 0  # bytes, the largest over the shards' processes
    bundle_bytes: int = 0


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def write_bundle(
    records: Iterable[SearchRecord],
    bundle_dir: Path,
    service: PagefindService,
    extra: Iterable[SearchRecord] = (),
) -> int:
    """Index ``records`` (and ``extra``, not counted) into one bundle at ``bundle_dir``."""
    index_id = service.new_index({"force_language": LANGUAGE})
    count = 0
    for record in extra:
        _add(service, index_id, record)
    for record in records:
        _add(service, index_id, record)
        count += 1
    bundle_dir.mkdir(parents=True, exist_ok=True)
    service.write_files(index_id, bundle_dir.resolve())
    _wait_for_entry(bundle_dir)
    return count


def _wait_for_entry(bundle_dir: Path, timeout: float = 60.0) -> None:
    """Wait until Pagefind has finished writing the bundle.

    Pagefind answers "WriteFiles" before its files are flushed, and stopping
    the service right away can leave some of them empty or short (seen with
    ``pagefind-entry.json`` and ``pagefind-ui.js``). Done means: the entry
    file parses, the scripts the search page loads are there, and no file in
    the bundle changed size over three polls in a row.
    """
    entry = bundle_dir / ENTRY_FILE
    deadline = time.monotonic() + timeout
    previous, stable = None, 0
    while stable < 3:
        if time.monotonic() > deadline:
            raise PagefindError(f"Pagefind không ghi xong {bundle_dir}")
        time.sleep(0.05)
        try:
            json.loads(entry.read_text(encoding="utf-8"))
            if any((bundle_dir / name).stat().st_size == 0 for name in REQUIRED_FILES):
                raise ValueError("empty")
            sizes = sorted((p.name, p.stat().st_size) for p in bundle_dir.rglob("*") if p.is_file())
        except (OSError, ValueError):
            previous, stable = None, 0
            continue
        stable = stable + 1 if sizes == previous else 0
        previous = sizes


def _add(service: PagefindService, index_id: int, record: SearchRecord) -> None:
    service.add_record(
        index_id,
        url=record.url,
        content=record.content,
        language=LANGUAGE,
        meta=record.meta,
        filters=record.filters,
        sort=record.sort or None,
    )


def write_index(
    records: Iterable[SearchRecord],
    bundle_root: Path,
    *,
    count: int,
    shard_size: int | None = None,
    words: Sequence[str] = (),
    search_url: str = "/tim-kiem/",
) -> IndexReport:
    """Index ``count`` records (oldest first) into ``bundle_root``.

    One bundle, or one per chunk of ``shard_size`` records (see
    :func:`shard_names`), each written by its own Pagefind process. With
    chunks, pass the site's ``words`` (:func:`vocabulary`): each chunk gets
    a vocabulary record (see :func:`vocabulary_record`).
    """
    report = IndexReport()
    started = time.perf_counter()
    names = shard_names(count, shard_size)
    for name, group in groupby(zip(names, records, strict=False), key=itemgetter(0)):
        target = bundle_root / name if name else bundle_root
        with PagefindService() as service:
            extra = [vocabulary_record(words, name, search_url)] if name and words else []
            report.records += write_bundle((record for _, record in group), target, service, extra)
        report.shards.append(name)
        report.peak_rss = max(report.peak_rss, service.peak_rss or 0)
    report.seconds = time.perf_counter() - started
    if bundle_root.exists():
        report.bundle_bytes = _folder_size(bundle_root)
    return report
