"""Fingerprints of a page's inputs and the reuse decision: pure functions.

Nothing here imports Pelican. The adapter (:mod:`.session`) hands in plain
values and two callables: ``content_text(obj, top)`` says how a content
object (article, page) is written into a fingerprint, and ``strings(text)``
rewrites absolute paths so that a fingerprint does not depend on where the
site was checked out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import re
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

STATE_VERSION = 1
# Attributes never walked: the whole build's settings and context hang off
# every content object (the site digest covers the settings).
SKIPPED_ATTRIBUTES = frozenset({"settings", "_context", "context"})
MAX_DEPTH = 12
MEMO_LENGTH = 64  # lists at least this long are memoised by identity


class Unrepresentable(ValueError):
    """A value has no stable text (e.g. a repr with an address): render the page."""


@dataclass(frozen=True)
class PageRecord:
    """What one written page depended on."""

    output: str  # output file, relative to the output folder (posix)
    fingerprint: str
    shows: tuple[str, ...]  # keys of the content objects the page links or displays
    reused: bool = False


@dataclass(frozen=True)
class BuildState:
    """What a build recorded: each content object's digest and each page's record."""

    contents: Mapping[str, str]
    pages: Mapping[str, PageRecord]


def digest(*parts: str) -> str:
    """A short stable hash of ``parts`` (blake2b, 20 bytes, hex)."""
    total = hashlib.blake2b(digest_size=20)
    for part in parts:
        total.update(part.encode("utf-8", "surrogatepass"))
        total.update(b"\0")
    return total.hexdigest()


def _identity(text: str) -> str:
    return text


def canonical(
    value: Any,
    content_text: Callable[[Any, bool], str | None] = lambda obj, top: None,
    strings: Callable[[str], str] = _identity,
    *,
    top: bool = True,
    memo: dict[int, tuple[Any, int, str]] | None = None,
) -> str:
    """A stable text for ``value``: equal texts for equal inputs, in any process.

    Mappings and sets are sorted, objects are walked through their
    attributes (dataclass fields or ``vars``), functions are named by their
    qualified name, content objects are written by ``content_text``. A value
    without a stable text raises :class:`Unrepresentable`. ``memo`` keeps the
    texts of long lists and frozen dataclasses (reference data) by identity
    (e.g. all articles, seen by every index page's paginator): only for
    values not changed while the memo lives.
    """
    return _canonical(value, content_text, strings, top, 0, set(), memo)


def _canonical(
    value: Any,
    content_text: Callable[[Any, bool], str | None],
    strings: Callable[[str], str],
    top: bool,
    depth: int,
    stack: set[int],
    memo: dict[int, tuple[Any, int, str]] | None = None,
) -> str:
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str):
        return repr(strings(str(value)))
    if isinstance(value, bytes):
        return "b:" + hashlib.blake2b(value, digest_size=20).hexdigest()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}"
    if isinstance(value, Path):
        return "path:" + repr(strings(str(value)))
    if isinstance(value, types.ModuleType):
        return f"module:{value.__name__}"
    described = content_text(value, top)
    if described is not None:
        return described
    if depth > MAX_DEPTH:
        raise Unrepresentable(f"quá sâu: {type(value).__qualname__}")
    if id(value) in stack:
        return "<cycle>"
    stack.add(id(value))
    try:

        def walk(item: Any) -> str:
            return _canonical(item, content_text, strings, False, depth + 1, stack, memo)

        if isinstance(value, Mapping):
            items = sorted(f"{walk(k)}:{walk(v)}" for k, v in value.items())
            return "{" + ",".join(items) + "}"
        if isinstance(value, list | tuple):
            long = len(value) >= MEMO_LENGTH
            if memo is not None and long:
                known = memo.get(id(value))
                if known is not None and known[0] is value and known[1] == len(value):
                    return known[2]
            text = f"{type(value).__name__}[" + ",".join(walk(v) for v in value) + "]"
            if long:
                # A long list (all articles, a section's articles) stands in
                # every text that holds it as its hash: otherwise each page's
                # fingerprint would hash megabytes (16k pages at 10k articles).
                text = f"{type(value).__name__}#{digest(text)}"
                if memo is not None:
                    memo[id(value)] = (value, len(value), text)
            return text
        if isinstance(value, set | frozenset):
            return "set{" + ",".join(sorted(walk(v) for v in value)) + "}"
        if isinstance(value, functools.partial):
            return f"partial({walk(value.func)},{walk(value.args)},{walk(value.keywords)})"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            frozen = memo is not None and value.__dataclass_params__.frozen
            if frozen:
                known = memo.get(id(value))
                if known is not None and known[0] is value:
                    return known[2]
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            text = f"{type(value).__qualname__}{walk(_public(fields))}"
            if frozen:
                memo[id(value)] = (value, 0, text)
            return text
        if callable(value) and hasattr(value, "__qualname__"):
            module = getattr(value, "__module__", "") or ""
            return f"<{module}.{value.__qualname__}>"
        if hasattr(value, "__dict__") and not isinstance(value, type):
            return f"{type(value).__qualname__}{walk(_public(vars(value)))}"
        text = repr(value)
        if " at 0x" in text:
            raise Unrepresentable(text)
        return f"{type(value).__qualname__}:{strings(text)}"
    finally:
        stack.discard(id(value))


def _public(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if k not in SKIPPED_ATTRIBUTES}


def path_placeholder(text: str) -> str:
    """Settings: an absolute path names *where* something is; what it holds is
    hashed separately (trees and named files), so the location is left out."""
    return "<path>" if os.path.isabs(text) and "\n" not in text else text


def prefix_replacer(roots: Mapping[str, str]) -> Callable[[str], str]:
    """Rewrite ``<root>/rest`` as ``<name>/rest`` for each ``name: root``
    (the longest root first)."""
    pairs = sorted(
        ((root.rstrip(os.sep) + os.sep, name) for name, root in roots.items()),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    bare = [(root[: -len(os.sep)], name) for root, name in pairs]
    # Called for every string of every page's values: most start with no root.
    starts = tuple({root[:1] for root, _ in pairs})

    def replace(text: str) -> str:
        if not text.startswith(starts):
            return text
        for (root, name), (whole, _) in zip(pairs, bare, strict=True):
            if text.startswith(root):
                return f"<{name}>/{text[len(root) :]}"
            if text == whole:
                return f"<{name}>"
        return text

    return replace


def file_digest(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "blake2b").hexdigest()


def tree_digest(root: Path, skip: Iterable[Path] = ()) -> str:
    """Hash of every file under ``root`` by *relative* path and bytes (``skip``:
    folders left out). A missing root hashes as empty."""
    root = Path(root)
    skipped = {Path(p).resolve() for p in skip}
    total = hashlib.blake2b(digest_size=20)
    if root.is_file():
        total.update(f"{root.name}\0{file_digest(root)}\n".encode())
        return total.hexdigest()
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in ("__pycache__", ".git") and Path(folder, d).resolve() not in skipped
        )
        for name in sorted(names):
            if name.endswith(".pyc"):
                continue
            path = Path(folder, name)
            total.update(f"{path.relative_to(root).as_posix()}\0{file_digest(path)}\n".encode())
    return total.hexdigest()


def page_fingerprint(site: str, template: str, output: str, page_values: Mapping[str, str]) -> str:
    """The fingerprint of one page: the site digest, its template and output
    name, and the texts of the values the template can see."""
    parts = [site, template, output]
    parts += [f"{name}={text}" for name, text in sorted(page_values.items())]
    return digest(*parts)


# --- what a rendered page shows ------------------------------------------------

_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""")


def url_pattern(url_format: str) -> re.Pattern[str] | None:
    """A pattern finding URLs of ``url_format`` (``bai-viet/{slug}/``) anywhere
    in a text (JSON-LD, data attributes); ``None`` when the format is not a
    fixed prefix + ``{slug}`` + a fixed suffix."""
    prefix, found, suffix = url_format.partition("{slug}")
    if not found or not prefix or "{" in prefix or "{" in suffix:
        return None
    end = re.escape(suffix) if suffix else r"(?=[\"'\s<>?#]|$)"
    return re.compile(re.escape(prefix) + r"[^/\"'\s<>?#]+" + end)


def shown_keys(
    html: str,
    url_keys: Mapping[str, str],
    site_url: str,
    patterns: Iterable[re.Pattern[str]] = (),
) -> set[str]:
    """Keys of the content objects whose URL ``html`` links (or, for
    ``patterns``, mentions anywhere)."""
    found: set[str] = set()
    site = site_url.rstrip("/")
    # A page's links repeat across pages (menus, sections, cards): each
    # distinct link is made normal once (1.2 million calls at 10k articles).
    for link in set(_LINK.findall(html)):
        key = url_keys.get(_normal_url_cached(link, site))
        if key is not None:
            found.add(key)
    for pattern in patterns:
        for match in pattern.finditer(html):
            key = url_keys.get(match.group(0))
            if key is not None:
                found.add(key)
    return found


@functools.lru_cache(maxsize=1 << 16)
def _normal_url_cached(link: str, site_url: str) -> str:
    return normal_url(link, site_url)


def normal_url(link: str, site_url: str) -> str:
    """``https://site/bai-viet/x/#y`` or ``/bai-viet/x/index.html`` → ``bai-viet/x/``."""
    if site_url and link.startswith(site_url):
        link = link[len(site_url) :]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return ""
    path = parts.path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


# --- reuse decision and state --------------------------------------------------


def changed_contents(previous: Mapping[str, str], current: Mapping[str, str]) -> frozenset[str]:
    """Keys whose digest changed or that no longer exist (new ones are not
    shown by any previous page)."""
    return frozenset(key for key, value in previous.items() if current.get(key) != value)


def reusable(
    previous: BuildState | None, output: str, fingerprint: str, changed: frozenset[str]
) -> PageRecord | None:
    """The previous record of ``output`` if its page can be reused as is."""
    if previous is None:
        return None
    record = previous.pages.get(output)
    if record is None or record.fingerprint != fingerprint:
        return None
    if any(key in changed for key in record.shows):
        return None
    return record


def state_text(contents: Mapping[str, str], records: Iterable[PageRecord]) -> str:
    """The state file: deterministic (sorted, shown keys as indexes)."""
    keys = sorted(contents)
    index = {key: number for number, key in enumerate(keys)}
    pages = sorted(
        (
            record.output,
            record.fingerprint,
            sorted(index[key] for key in record.shows if key in index),
        )
        for record in records
        if all(key in index for key in record.shows)  # else: not reusable later
    )
    data = {
        "version": STATE_VERSION,
        "contents": [[key, contents[key]] for key in keys],
        "pages": [list(page) for page in pages],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def parse_state(text: str) -> BuildState | None:
    """The state written by :func:`state_text`; ``None`` if unreadable."""
    try:
        data = json.loads(text)
        if data.get("version") != STATE_VERSION:
            return None
        keys = [str(key) for key, _ in data["contents"]]
        contents = {str(key): str(value) for key, value in data["contents"]}
        pages = {}
        for output, fingerprint, shows in data["pages"]:
            pages[str(output)] = PageRecord(
                str(output), str(fingerprint), tuple(keys[int(i)] for i in shows)
            )
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return BuildState(contents, pages)


def record_line(record: PageRecord) -> str:
    """One line of a process's shard file (JSON)."""
    return json.dumps(
        [record.output, record.fingerprint, sorted(record.shows), record.reused],
        ensure_ascii=False,
    )


def parse_record_lines(lines: Iterable[str]) -> list[PageRecord]:
    """Records of shard lines; a torn last line (killed process) is skipped."""
    records = []
    for line in lines:
        try:
            output, fingerprint, shows, reused = json.loads(line)
        except ValueError:
            continue
        records.append(PageRecord(output, fingerprint, tuple(shows), bool(reused)))
    return records
