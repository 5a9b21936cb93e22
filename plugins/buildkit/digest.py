"""Stable texts of values, and their digests: one helper for every cache key.

Every reuse decision of the build (the no-change skip in
scripts/build_manifest.py, the page fingerprints of plugins/incremental, the
feed reuse of plugins/feeds, the content check's cache) asks the same two
questions: what text stands for this value in *any* process (Python salts
``hash`` and so the order of sets per process), and what short digest
stands for those texts. :func:`canonical` answers the first, :func:`digest`,
:func:`file_digest` and :func:`tree_digest` the second.

Nothing here imports Pelican.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import sys
import sysconfig
import types
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

# Attributes never walked: a whole build's settings and context hang off
# every Pelican content object (the settings are digested on their own).
SKIPPED_ATTRIBUTES = frozenset({"settings", "_context", "context"})
MAX_DEPTH = 12
MEMO_LENGTH = 64  # lists at least this long are memoised by identity
SKIPPED_DIRS = frozenset({"__pycache__", ".pytest_cache", ".git"})


class Unrepresentable(ValueError):
    """A value has no stable text (e.g. a repr with an address)."""


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


# What the walker does with a value, by its class (:func:`_kind`). Every
# test below is on the class alone, so it is made once per class: a page's
# fingerprint walks thousands of values of a dozen classes.
_REPR, _STR, _BYTES, _TIME, _PATH, _MODULE = range(6)  # leaves
_MAP, _SEQ, _SET, _PARTIAL, _DATACLASS, _OBJECT = range(6, 12)  # walked
_EXACT_REPR = frozenset({type(None), bool, int, float})


@functools.cache
def _kind(cls: type) -> int:
    """The first of the walker's cases that holds for instances of ``cls``."""
    cases = (
        (_REPR, (bool, int, float, type(None))),
        (_STR, str),
        (_BYTES, bytes),
        (_TIME, (dt.datetime, dt.date, dt.time)),
        (_PATH, Path),
        (_MODULE, types.ModuleType),
        (_MAP, Mapping),
        (_SEQ, (list, tuple)),
        (_SET, (set, frozenset)),
        (_PARTIAL, functools.partial),
    )
    kind = next((k for k, bases in cases if issubclass(cls, bases)), None)
    if kind is None:
        is_dataclass = dataclasses.is_dataclass(cls) and not issubclass(cls, type)
        kind = _DATACLASS if is_dataclass else _OBJECT
    return kind


def _canonical(
    value: Any,
    content_text: Callable[[Any, bool], str | None],
    strings: Callable[[str], str],
    top: bool,
    depth: int,
    stack: set[int],
    memo: dict[int, tuple[Any, int, str]] | None = None,
) -> str:
    """:func:`canonical`'s walker. The hottest code of a build's reuse
    decisions (every content object before rendering, every page's values),
    so it dispatches on a per-class kind and writes the strings, numbers and
    ``None`` of a mapping or a list without a call: 1.36–1.48× faster than an
    ``isinstance`` chain per value (the digests of 1,000 bench articles,
    fastest of five, two runs), with the same texts
    (tests/test_canonical_texts.py)."""
    cls = type(value)
    if cls is str:
        return repr(strings(value))
    if cls in _EXACT_REPR:
        return repr(value)
    kind = _kind(cls)
    if kind <= _MODULE:
        return _leaf(kind, value, strings)
    described = content_text(value, top)
    if described is not None:
        return described
    if depth > MAX_DEPTH:
        raise Unrepresentable(f"quá sâu: {cls.__qualname__}")
    key = id(value)
    if key in stack:
        return "<cycle>"
    stack.add(key)
    depth += 1
    try:

        def walk(item: Any) -> str:
            item_class = type(item)
            if item_class is str:
                return repr(strings(item))
            if item_class in _EXACT_REPR:
                return repr(item)
            return _canonical(item, content_text, strings, False, depth, stack, memo)

        if kind == _MAP:
            return "{" + ",".join(sorted([f"{walk(k)}:{walk(v)}" for k, v in value.items()])) + "}"
        if kind == _SEQ:
            long = len(value) >= MEMO_LENGTH
            if memo is not None and long:
                known = memo.get(key)
                if known is not None and known[0] is value and known[1] == len(value):
                    return known[2]
            text = f"{cls.__name__}[" + ",".join(map(walk, value)) + "]"
            if long:
                # A long list (all articles, a section's articles) stands in
                # every text that holds it as its hash: otherwise each page's
                # fingerprint would hash megabytes (16k pages at 10k articles).
                text = f"{cls.__name__}#{digest(text)}"
                if memo is not None:
                    memo[key] = (value, len(value), text)
            return text
        if kind == _SET:
            return "set{" + ",".join(sorted(map(walk, value))) + "}"
        if kind == _PARTIAL:
            return f"partial({walk(value.func)},{walk(value.args)},{walk(value.keywords)})"
        if kind == _DATACLASS:
            frozen = memo is not None and value.__dataclass_params__.frozen
            if frozen:
                known = memo.get(key)
                if known is not None and known[0] is value:
                    return known[2]
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            text = f"{cls.__qualname__}{walk(_public(fields))}"
            if frozen:
                memo[key] = (value, 0, text)
            return text
        # Whether an object is named or walked can depend on the instance.
        if callable(value) and hasattr(value, "__qualname__"):
            module = getattr(value, "__module__", "") or ""
            return f"<{module}.{value.__qualname__}>"
        if hasattr(value, "__dict__") and not isinstance(value, type):
            return f"{cls.__qualname__}{walk(_public(vars(value)))}"
        text = repr(value)
        if " at 0x" in text:
            raise Unrepresentable(text)
        return f"{cls.__qualname__}:{strings(text)}"
    finally:
        stack.discard(key)


def _leaf(kind: int, value: Any, strings: Callable[[str], str]) -> str:
    """The text of a value that is not walked (a subclass of a plain type)."""
    if kind == _REPR:
        return repr(value)
    if kind == _STR:
        return repr(strings(str(value)))
    if kind == _BYTES:
        return "b:" + hashlib.blake2b(value, digest_size=20).hexdigest()
    if kind == _TIME:
        return f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}"
    if kind == _PATH:
        return "path:" + repr(strings(str(value)))
    return f"module:{value.__name__}"


def _public(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if k not in SKIPPED_ATTRIBUTES}


def file_digest(path: Path | str) -> str:
    """blake2b of a file's bytes (hex); of a named pipe, socket or device,
    its kind only: reading a pipe would wait for a writer (the content
    check refuses such a file under content/)."""
    if not os.path.isfile(path) and os.path.exists(path):
        return "special"
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "blake2b").hexdigest()


def tree_digest(roots: Iterable[Path | str], skip: Iterable[Path | str] = ()) -> str:
    """Digest of every file under ``roots`` (files or folders, in the order
    given), by path *relative to its root* and bytes: the same tree checked
    out elsewhere has the same digest. ``skip``: folders left out; caches
    (``__pycache__``, ``.git``, ``.pytest_cache``, ``*.pyc``) always are. A
    missing root counts as empty."""
    skipped = {Path(p).resolve() for p in skip}
    lines = []
    for root in map(Path, roots):
        lines.append(f"\0root\0{root.name}")
        if root.is_file():
            lines.append(f"{root.name}\0{file_digest(root)}")
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(
                d
                for d in dirs
                if d not in SKIPPED_DIRS and Path(folder, d).resolve() not in skipped
            )
            for name in sorted(names):
                if not name.endswith(".pyc"):
                    path = Path(folder, name)
                    lines.append(f"{path.relative_to(root).as_posix()}\0{file_digest(path)}")
    return digest(*lines)


def packages_text() -> str:
    """Python and the packages installed in this environment, by version.

    Only the interpreter's own site-packages: the distributions found on
    ``sys.path`` change while a build runs (settings files add folders).
    Read once per state of those folders (a build asks up to five times,
    55 ms each, once per edition's run): installing, upgrading or removing
    a distribution adds or removes a ``*.dist-info`` folder, which changes
    its parent folder's modification time."""
    paths = tuple(sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}))
    return installed_text(paths, tuple(_modified(path) for path in paths))


def _modified(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


@functools.lru_cache(maxsize=4)
def installed_text(paths: tuple[str, ...], stamps: tuple[int, ...] = ()) -> str:
    """The interpreter and the distributions under ``paths``, by version
    (``stamps``: the folders' modification times, the cache key)."""
    found = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions(path=paths))
    return sys.version + "\n" + "\n".join(found)


def setting_files(settings: Mapping, skip: Iterable[str] = ()) -> list[Path]:
    """Existing files named by a setting (a page-view export …), at any
    depth of the settings but under the keys in ``skip``: what a build
    reads besides its folders, to be hashed by content."""
    skipped = frozenset(skip)
    found: set[Path] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if len(value) < 4096 and "\n" not in value and os.path.isfile(value):
                found.add(Path(value).resolve())
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if key not in skipped:
                    walk(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item)

    walk(settings)
    return sorted(found)
