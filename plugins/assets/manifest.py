"""The theme's files under content-hashed names: pure functions.

Nothing here imports Pelican. :func:`build_manifest` maps the bytes of the
theme's static files to the names and bytes to publish; :func:`theme_manifest`
reads a folder and memoises the result by each file's (path, size, mtime).
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

HASH_LENGTH = 10  # hex digits of sha256 kept in a file name

# A name as build_manifest writes it: ``stem.<10 hex>`` + the last suffix, if any.
HASHED_NAME = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}(\.[^./]+)?$")

# In CSS: comments (left as they are), url(...) in its three spellings and
# @import with a bare string. One pass, so a url() inside a comment is skipped.
_CSS_REFERENCE = re.compile(
    r"""(?P<comment>/\*.*?\*/)"""
    r"""|(?P<url>url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)"'\s]*))\s*\))"""
    r"""|(?P<import>@import\s+(?:"(?P<idq>[^"]*)"|'(?P<isq>[^']*)'))""",
    re.DOTALL,
)
_REF_GROUPS = ("dq", "sq", "bare", "idq", "isq")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class AssetError(LookupError):
    """A theme file asked for does not exist, or a stylesheet refers to one
    that does not (the message names the path)."""

    def __str__(self) -> str:  # LookupError would print the repr of the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Manifest:
    """``names``: logical path (``css/layout.css``) → published path
    (``css/layout.3f2a9c1e5b.css``); ``files``: published path → bytes."""

    names: Mapping[str, str]
    files: Mapping[str, bytes] = field(repr=False)

    def hashed(self, logical: str) -> str:
        """The published path of ``logical``; :class:`AssetError` if there is none."""
        try:
            return self.names[logical.lstrip("/")]
        except KeyError:
            raise AssetError(
                f"không có tệp giao diện '{logical}' (theme/static/{logical.lstrip('/')})"
            ) from None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def hashed_name(logical: str, data: bytes) -> str:
    """``css/layout.css`` → ``css/layout.<hash>.css`` (hash of ``data``)."""
    folder, name = posixpath.split(logical)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:  # no suffix, or a dot file: the hash goes last
        stem, suffix = name, ""
    hashed = f"{stem}.{content_hash(data)}" + (f".{suffix}" if suffix else "")
    return posixpath.join(folder, hashed) if folder else hashed


def is_hashed(path: str) -> bool:
    """Whether a published name carries a content hash (as :func:`hashed_name` writes it)."""
    return HASHED_NAME.search(posixpath.basename(path)) is not None


def _theme_reference(ref: str) -> bool:
    """A relative reference (to another theme file), not ``data:``, a URL
    with a scheme, a site-absolute ``/path`` or a fragment."""
    return bool(ref) and not _SCHEME.match(ref) and not ref.startswith(("/", "#"))


def css_references(text: str) -> list[str]:
    """The references of a stylesheet to other files (``url()``, ``@import``),
    outside comments, as written."""
    found = []
    for match in _CSS_REFERENCE.finditer(text):
        if match.group("comment") is None:
            found.append(next(match.group(n) for n in _REF_GROUPS if match.group(n) is not None))
    return found


def _resolve(css: str, ref: str) -> tuple[str, str]:
    """(logical path of the file ``ref`` names, the query/fragment after it)."""
    cut = min((i for i in (ref.find("?"), ref.find("#")) if i >= 0), default=len(ref))
    target = posixpath.normpath(posixpath.join(posixpath.dirname(css), ref[:cut]))
    return target, ref[cut:]


def rewrite_css(text: str, css: str, hashed: Callable[[str], str]) -> str:
    """``text`` of the stylesheet ``css`` with every relative reference to a
    theme file replaced by the file's published name (``hashed(logical)``);
    the reference keeps its own form (``../fonts/x.<hash>.woff2``)."""

    def replace(match: re.Match[str]) -> str:
        if match.group("comment") is not None:
            return match.group(0)
        group = next(name for name in _REF_GROUPS if match.group(name) is not None)
        ref = match.group(group)
        if not _theme_reference(ref):
            return match.group(0)
        target, rest = _resolve(css, ref)
        if target == ".." or target.startswith("../"):
            raise AssetError(f"{css}: '{ref}' trỏ ra ngoài thư mục theme/static/")
        path = ref[: len(ref) - len(rest)]
        new_ref = posixpath.join(posixpath.dirname(path), posixpath.basename(hashed(target)))
        whole, (start, end), offset = match.group(0), match.span(group), match.start()
        return whole[: start - offset] + new_ref + rest + whole[end - offset :]

    return _CSS_REFERENCE.sub(replace, text)


def build_manifest(files: Mapping[str, bytes]) -> Manifest:
    """The published name and bytes of each theme file (``files``: logical
    path → bytes). A stylesheet's references to other theme files are
    rewritten first, so its hash covers theirs (a new font renames the CSS
    that loads it). Raises :class:`AssetError` on a reference to a missing
    file or a cycle of stylesheets."""
    names: dict[str, str] = {}
    outputs: dict[str, bytes] = {}
    visiting: list[str] = []

    def hashed(logical: str) -> str:
        known = names.get(logical)
        if known is not None:
            return known
        if logical not in files:
            where = f"{visiting[-1]}: " if visiting else ""
            raise AssetError(f"{where}không có tệp giao diện '{logical}'")
        if logical in visiting:
            raise AssetError("các tệp CSS tham chiếu vòng: " + " → ".join([*visiting, logical]))
        data = files[logical]
        if logical.endswith(".css"):
            visiting.append(logical)
            try:
                data = rewrite_css(data.decode("utf-8"), logical, hashed).encode("utf-8")
            finally:
                visiting.pop()
        published = hashed_name(logical, data)
        names[logical] = published
        outputs[published] = data
        return published

    for logical in sorted(files):
        hashed(logical)
    return Manifest(dict(sorted(names.items())), dict(sorted(outputs.items())))


# --- reading a folder, memoised ------------------------------------------------


def _ignored(name: str, patterns: Iterable[str]) -> bool:
    return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in patterns)


def stat_key(folder: Path, ignore: Iterable[str] = ()) -> tuple[tuple[str, int, int], ...]:
    """(logical path, size, mtime in ns) of every file under ``folder``
    (dot files and ``ignore`` patterns left out), sorted; empty if no folder."""
    patterns = tuple(ignore)
    entries: list[tuple[str, int, int]] = []
    todo = [(os.fspath(folder), "")]
    while todo:
        path, prefix = todo.pop()
        try:
            scan = os.scandir(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with scan:
            for entry in scan:
                if _ignored(entry.name, patterns):
                    continue
                if entry.is_dir():
                    todo.append((entry.path, prefix + entry.name + "/"))
                elif entry.is_file():
                    stat = entry.stat()
                    entries.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def theme_manifest(folder: Path, ignore: Iterable[str] = ()) -> Manifest:
    """:func:`build_manifest` of the files under ``folder``, read again only
    when a file's path, size or mtime changed (in this process)."""
    patterns = tuple(ignore)
    return _manifest_of(str(Path(folder).resolve()), patterns, stat_key(Path(folder), patterns))


@functools.lru_cache(maxsize=8)
def _manifest_of(folder: str, patterns: tuple[str, ...], key: tuple) -> Manifest:
    """Memoised by the files' stats (``key``): a changed file is a new key."""
    return build_manifest({rel: (Path(folder) / rel).read_bytes() for rel, _, _ in key})


def write_files(manifest: Manifest, destination: Path) -> list[Path]:
    """Write the published files under ``destination``; the paths written."""
    written = []
    for published, data in manifest.files.items():
        path = Path(destination, published)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
