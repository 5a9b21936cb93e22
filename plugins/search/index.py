"""Write Pagefind bundles from search records, re-indexing only what changed.

Memory. Records are spooled to one temporary file per shard, then each
shard's records are streamed to a fresh Pagefind service process, so the
Python side never holds the whole index, and Pagefind (which keeps a
bundle's index in memory until it writes it) peaks at the largest shard.
The search page merges the bundles at query time (``mergeIndex``).

Incremental builds. Articles go to shards by a hash of their URL
(:func:`~.records.shard_of`), so one added, removed or edited article
changes one shard's records only. Each shard has a digest of exactly what
Pagefind is given for it — its records in order, the vocabulary record,
Pagefind's version, the language and the plugin's settings — kept in
:data:`STATE_FILE` at the root of the bundle folder, written into the new
output (so it is swapped in atomically with the site). When the previous
output (``previous_root``) holds a bundle whose recorded digest matches and
whose file count is intact, that bundle is copied instead of re-indexed;
a missing or unreadable state file, or any mismatch, means "index it".

The copied bundle is Pagefind's output for the same input, so an
incremental build equals a full one except for the files Pagefind writes
in hash-map order (``filter/*``, ``*.pf_meta``, ``pagefind-entry.json``;
see tests/test_safety_reproducible.py), which hold the same entries.

Vocabulary: every shard carries the whole site's vocabulary
(:func:`~.records.vocabulary_record`), so an edit that brings a word new to
the site, or removes a word's last occurrence, changes every shard's
digest. An exact build re-indexes every shard then (that is most of a
one-edit preview rebuild at 10k articles: 24 s of Pagefind). With
``vocabulary_may_lag`` (the incremental preview build) a shard whose own
records did not change is copied with the vocabulary it was indexed with;
the only effect is that a query for a word newer than that vocabulary may
fall back to a prefix in that shard. A full build (``make publish``,
``--force``) is always exact.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .records import (
    SearchRecord,
    record_words,
    save_pickle,
    shard_count,
    shard_folders,
    shard_of,
    vocabulary_record,
)
from .service import PagefindError, PagefindService, pagefind_version

LANGUAGE = "vi"  # the default; an edition's index is in its language (DEFAULT_LANG)
ENTRY_FILE = "pagefind-entry.json"
REQUIRED_FILES = (ENTRY_FILE, "pagefind.js", "pagefind-ui.js", "pagefind-ui.css")
# Digests of the shards, at the root of the bundle folder (pagefind/).
STATE_FILE = "index-state.json"
# Bump when the digest's recipe or the bundle layout changes.
STATE_VERSION = 1
# Pagefind processes indexing shards at once (at most; see _index_shards).
MAX_PROCESSES = 4


@dataclass
class IndexReport:
    """What one indexing run did, for the build log and the benchmark."""

    records: int = 0
    shards: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # copied from the previous output
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
    language: str = LANGUAGE,
) -> int:
    """Index ``records`` (and ``extra``, not counted) into one bundle at
    ``bundle_dir``, in ``language`` (Pagefind's stemming and its index name)."""
    index_id = service.new_index({"force_language": language})
    request = functools.partial(_request, language=language)
    service.add_records(index_id, map(request, extra))
    count = service.add_records(index_id, map(request, records))
    bundle_dir.mkdir(parents=True, exist_ok=True)
    folders = {bundle_dir}
    for name, content in service.get_files(index_id):
        path = bundle_dir / _relative(name)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(content)
    return count


def _relative(name: str) -> Path:
    """A bundle file's path as Pagefind names it, refused if it would leave the bundle."""
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise PagefindError(f"Pagefind trả về tệp có đường dẫn lạ: {name!r}")
    return path


def _request(record: SearchRecord, language: str = LANGUAGE) -> dict:
    """An ``AddRecord`` request's fields for one record."""
    return {
        "url": record.url,
        "content": record.content,
        "language": language,
        "meta": record.meta,
        "filters": record.filters,
        "sort": record.sort or None,
    }


@dataclass(frozen=True)
class ShardState:
    """What :data:`STATE_FILE` records for one shard."""

    digest: str  # everything Pagefind was given, the vocabulary record included
    files: int
    records: str = ""  # the same without the vocabulary record


def record_line(record: SearchRecord) -> bytes:
    """One record as a canonical JSON line: what is spooled, hashed and sent."""
    fields = [record.url, record.content, record.meta, record.filters, record.sort]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"


def _record_from_line(line: bytes) -> SearchRecord:
    url, content, meta, filters, sort = json.loads(line)
    return SearchRecord(url=url, content=content, meta=meta, filters=filters, sort=sort)


def shard_digest(header: Mapping, extra: Iterable[SearchRecord], records_digest: str) -> str:
    """Digest of one shard's Pagefind input (``header``: version, settings …)."""
    digest = hashlib.sha256(json.dumps(header, sort_keys=True, ensure_ascii=False).encode())
    for record in extra:
        digest.update(record_line(record))
    digest.update(records_digest.encode("ascii"))
    return digest.hexdigest()


def read_state(bundle_root: Path) -> dict[str, ShardState]:
    """The shard digests recorded in ``bundle_root``; empty if missing or unreadable."""
    try:
        data = json.loads((bundle_root / STATE_FILE).read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return {}
        return {
            str(name): ShardState(
                str(entry["digest"]), int(entry["files"]), str(entry.get("records", ""))
            )
            for name, entry in data["shards"].items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def write_state(bundle_root: Path, states: Mapping[str, ShardState]) -> None:
    payload = {
        "version": STATE_VERSION,
        "shards": {
            name: {"digest": state.digest, "files": state.files, "records": state.records}
            for name, state in sorted(states.items())
        },
    }
    bundle_root.mkdir(parents=True, exist_ok=True)
    (bundle_root / STATE_FILE).write_text(
        json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def _bundle_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.name != STATE_FILE]


def _intact(folder: Path, files: int) -> bool:
    """A previous bundle looks complete: its scripts, a readable entry, as many files."""
    try:
        if any((folder / name).stat().st_size == 0 for name in REQUIRED_FILES):
            return False
        json.loads((folder / ENTRY_FILE).read_text(encoding="utf-8"))
        return len(_bundle_files(folder)) == files
    except (OSError, ValueError):
        return False


def _index_shard(
    spooled: Path, target: Path, extra: list[SearchRecord], language: str = LANGUAGE
) -> int:
    """Index one shard's spooled records into ``target``; Pagefind's peak memory."""
    with PagefindService() as service, spooled.open("rb") as lines:
        write_bundle(map(_record_from_line, lines), target, service, extra, language)
    return service.peak_rss or 0


def _index_shards(
    jobs: list[tuple[Path, Path, list[SearchRecord], str]], processes: int | None
) -> list[int]:
    """Index the shards of ``jobs``, ``processes`` at a time; each one's peak memory.

    Threads, not processes: each thread feeds its own Pagefind process and
    mostly waits for it. At 10,000 articles Pagefind takes 5 s a shard of
    2,000 (adding and writing), so one shard after the other was the tail of
    the whole build; two at a time halve it when the pages are rendered.
    """
    workers = min(len(jobs), processes or min(os.cpu_count() or 1, MAX_PROCESSES))
    if workers <= 1:
        return [_index_shard(*job) for job in jobs]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pagefind") as pool:
        return list(pool.map(lambda job: _index_shard(*job), jobs))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links: a copy
        shutil.copy2(source, target)


def _copy_bundle(source: Path, target: Path) -> None:
    """The previous build's bundle into this build, as hard links (2,000
    files a shard: 0.3 s each copied). Nothing writes into a bundle once
    Pagefind has written it (a re-indexed shard is a new folder), so the
    previous site, kept when a build fails, never changes."""
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns(STATE_FILE),
        copy_function=_link_or_copy,
        dirs_exist_ok=True,
    )


def _vocabulary(
    spool: Path,
    folders: list[str],
    hashes: Mapping[str, Any],
    counts: Mapping[str, int],
    cache_path: Path | None,
) -> list[str]:
    """The words of every shard's records, sorted. A shard's words are read
    from ``cache_path`` when its records are the same as when they were
    saved (its records' digest), else from its spooled records: extracting
    the words of 10,000 records takes 1.7 s, and an edit changes one shard."""
    cached: dict[str, frozenset[str]] = {}
    if cache_path is not None:
        try:
            with open(cache_path, "rb") as stream:
                loaded = pickle.load(stream)
            if isinstance(loaded, dict):
                cached = loaded
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
            cached = {}
    current: dict[str, frozenset[str]] = {}
    for name in folders:
        if not counts[name]:
            continue
        key = hashes[name].hexdigest()
        found = cached.get(key)
        if not isinstance(found, frozenset):
            shard_words: set[str] = set()
            with (spool / f"{name or 'all'}.jsonl").open("rb") as lines:
                for line in lines:
                    shard_words.update(record_words(_record_from_line(line)))
            found = frozenset(shard_words)
        current[key] = found
    if cache_path is not None and current != cached:
        save_pickle(cache_path, current)
    return sorted(set().union(*current.values()))


def write_index(
    records: Iterable[SearchRecord],
    bundle_root: Path,
    *,
    count: int,
    shard_size: int | None = None,
    search_url: str = "/tim-kiem/",
    previous_root: Path | None = None,
    settings: Mapping | None = None,
    vocabulary_may_lag: bool = False,
    processes: int | None = None,
    words_cache: Path | None = None,
    language: str = LANGUAGE,
) -> IndexReport:
    """Index ``count`` records into ``bundle_root``, reusing unchanged shards.

    One bundle, or :func:`~.records.shard_count` bundles (articles assigned
    by :func:`~.records.shard_of`), each written by its own Pagefind
    process; with several, each also gets the site's vocabulary record.
    Records keep the caller's order within a shard (give them in a stable
    order). ``previous_root``: the previous build's bundle folder, whose
    unchanged bundles are copied (None: index everything). ``settings``:
    the plugin settings, part of every digest. ``vocabulary_may_lag``: copy
    a bundle whose records are unchanged even if the site's vocabulary
    changed (see the module docstring). ``processes``: how many Pagefind
    processes index shards at the same time (None: one per core, at most
    :data:`MAX_PROCESSES`); each shard is its own bundle, so the bundles
    are the same whatever the number. ``words_cache``: a file keeping each
    shard's words by its records' digest, so that only the shards whose
    records changed are read for the site's vocabulary.
    """
    report = IndexReport()
    started = time.perf_counter()
    shards = shard_count(count, shard_size)
    folders = shard_folders(shards)
    previous = read_state(previous_root) if previous_root else {}
    header = {
        "state": STATE_VERSION,
        "pagefind": pagefind_version(),
        "language": language,
        "settings": dict(settings or {}),
        "shards": shards,
        "search_url": search_url,
    }
    states: dict[str, ShardState] = {}
    jobs: list[tuple[Path, Path, list[SearchRecord]]] = []  # (spooled records, bundle, extra)
    with tempfile.TemporaryDirectory(prefix="search-records-") as spool_dir:
        spool = Path(spool_dir)
        hashes = {name: hashlib.sha256() for name in folders}
        counts = dict.fromkeys(folders, 0)
        files = {name: (spool / f"{name or 'all'}.jsonl").open("wb") for name in folders}
        try:
            for record in records:
                name = shard_of(record.url, shards)
                line = record_line(record)
                files[name].write(line)
                hashes[name].update(line)
                counts[name] += 1
        finally:
            for handle in files.values():
                handle.close()
        vocabulary = _vocabulary(spool, folders, hashes, counts, words_cache) if shards > 1 else []
        for name in folders:
            if not counts[name] and shards == 1:
                continue  # no article: no bundle, as before
            extra = [vocabulary_record(vocabulary, name, search_url)] if shards > 1 else []
            shard_header = {**header, "shard": name}
            digest = shard_digest(shard_header, extra, hashes[name].hexdigest())
            records_digest = shard_digest(shard_header, [], hashes[name].hexdigest())
            target = bundle_root / name if name else bundle_root
            old = previous.get(name)
            source = (previous_root / name if name else previous_root) if previous_root else None
            same = old is not None and (
                old.digest == digest or (vocabulary_may_lag and old.records == records_digest)
            )
            if old and same and source and _intact(source, old.files):
                _copy_bundle(source, target)
                report.reused.append(name)
                digest = old.digest  # what the copied bundle was indexed from
            else:
                jobs.append((spool / f"{name or 'all'}.jsonl", target, extra, language))
            report.records += counts[name]
            report.shards.append(name)
            states[name] = ShardState(digest, 0, records_digest)
        for peak in _index_shards(jobs, processes):
            report.peak_rss = max(report.peak_rss, peak)
        for name, state in states.items():
            target = bundle_root / name if name else bundle_root
            states[name] = ShardState(state.digest, len(_bundle_files(target)), state.records)
    if states:
        write_state(bundle_root, states)
    report.seconds = time.perf_counter() - started
    if bundle_root.exists():
        report.bundle_bytes = _folder_size(bundle_root)
    return report
