"""Run every rule over a content folder (the only module here that reads files)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plugins.reference import ReferenceData
from plugins.vietnamese import nfc, slugify

from .problems import Problem, Severity, sort_problems
from .rules import CheckContext, Inspection, inspect_document
from .site import check_site
from .source import ARTICLE, PAGE, parse_document
from .urls import UrlScheme, archive_url


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files_checked: int
    fixed: tuple[str, ...] = ()  # files rewritten in NFC by --fix

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    @property
    def summary(self) -> str:
        return f"Đã kiểm tra {self.files_checked} bài: {self.errors} lỗi, {self.warnings} cảnh báo"


# An article is a few kilobytes; a bigger file is a mistake (and Markdown
# would take minutes on it).
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def list_files(content_dir: Path) -> frozenset[str]:
    """Every file under the content folder, as POSIX paths relative to it."""
    found: list[str] = []
    root = str(content_dir)
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.extend(prefix + name for name in names)
        # Pelican follows linked folders: list them too (file_problems refuses
        # those that point outside the content folder).
        found.extend(prefix + name for name in dirs if os.path.islink(os.path.join(folder, name)))
    return frozenset(found)


def file_problems(
    content_dir: Path, rel: str, shown: str, kind: str | None, source_dirs: tuple[str, ...]
) -> list[Problem]:
    """Problems of a file as a file: a link out of content/, a huge or foreign file."""
    path = content_dir / rel
    if path.is_symlink():
        target = os.path.realpath(path)
        root = os.path.realpath(content_dir)
        if os.path.commonpath([root, target]) != root:
            return [
                Problem(
                    shown,
                    1,
                    Severity.ERROR,
                    "symlink-outside-content",
                    f"liên kết tượng trưng trỏ ra ngoài thư mục content/ ({target}) — sao chép tệp vào content/",
                )
            ]
    if kind is not None:
        size = path.stat().st_size if path.exists() else 0
        if size > MAX_SOURCE_BYTES:
            return [
                Problem(
                    shown,
                    1,
                    Severity.ERROR,
                    "file-too-large",
                    f"tệp quá lớn ({size / 1048576:.1f} MB, tối đa {MAX_SOURCE_BYTES // 1048576} MB)"
                    " — một bài viết chỉ vài chục KB; ảnh để trong content/images/",
                )
            ]
    elif rel.split("/", 1)[0] in source_dirs and not path.is_dir():
        name = rel.rsplit("/", 1)[-1]
        if not name.startswith("."):
            return [
                Problem(
                    shown,
                    1,
                    Severity.WARNING,
                    "not-markdown",
                    "tệp không phải bài Markdown (.md) nên bị bỏ qua — chuyển đổi sang .md hoặc xóa",
                )
            ]
    return []


def _kind_of(rel: str, article_dirs: tuple[str, ...], page_dirs: tuple[str, ...]) -> str | None:
    if not rel.endswith(".md") or rel.rsplit("/", 1)[-1].startswith("."):
        return None
    top = rel.split("/", 1)[0]
    if top in article_dirs:
        return ARTICLE
    if top in page_dirs:
        return PAGE
    return None


def display_path(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive (Windows)
        return str(path)


def check_tree(
    content_dir: Path | str,
    reference: ReferenceData,
    scheme: UrlScheme | None = None,
    *,
    cwd: Path | str | None = None,
    fix_nfc: bool = False,
    article_dirs: tuple[str, ...] = ("articles",),
    page_dirs: tuple[str, ...] = ("pages",),
    cache_file: Path | None = None,
) -> Report:
    """Check every article and page under ``content_dir``.

    ``cache_file``: where to keep each file's inspection between runs
    (:class:`InspectionCache`); ``None``: inspect every file.
    """
    content_dir = Path(content_dir)
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    files = list_files(content_dir)
    ctx = CheckContext(
        reference,
        files,
        scheme or UrlScheme(),
        slug_of=functools.lru_cache(maxsize=None)(slugify),
        archive_url_of=functools.lru_cache(maxsize=None)(archive_url),
    )
    shown_root = display_path(content_dir, cwd)
    shown_prefix = "" if shown_root == "." else shown_root.rstrip(os.sep) + os.sep
    problems: list[Problem] = []
    facts = []
    fixed: list[str] = []
    sources = []
    for rel in sorted(files):
        kind = _kind_of(rel, article_dirs, page_dirs)
        shown = shown_prefix + rel.replace("/", os.sep)
        refused = file_problems(content_dir, rel, shown, kind, article_dirs + page_dirs)
        problems.extend(refused)
        if kind and not (content_dir / rel).is_dir() and not any(p.is_error for p in refused):
            sources.append((rel, kind))
    cache = InspectionCache(cache_file, files, reference, ctx.scheme)
    for rel, kind in sources:
        file_path = content_dir / rel
        data = file_path.read_bytes()
        shown = shown_prefix + rel.replace("/", os.sep)
        if fix_nfc:
            data, changed = _fix_nfc(file_path, data)
            if changed:
                fixed.append(shown)
        key = cache.key(shown, rel, kind, data)
        inspection = cache.get(key)
        if inspection is None:
            inspection = inspect_document(parse_document(shown, rel, kind, data), ctx)
        cache.put(key, inspection)
        problems.extend(inspection.problems)
        facts.append(inspection.facts)
    cache.save()
    problems.extend(check_site(facts, ctx.scheme))
    unique = list(dict.fromkeys(problems))
    return Report(tuple(sort_problems(unique)), len(sources), tuple(fixed))


def _fix_nfc(path: Path, data: bytes) -> tuple[bytes, bool]:
    """Rewrite a valid UTF-8 file in NFC; leave undecodable files alone."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data, False
    normal = nfc(text)
    if normal == text:
        return data, False
    new = normal.encode("utf-8")
    path.write_bytes(new)
    return new, True


class InspectionCache:
    """Each file's inspection (its problems and facts) from the previous run.

    Inspecting a file is a pure function of its bytes, its path, the list
    of files beside it (images it names), the reference data, the URL scheme
    and the checking code; the key digests all of them, so a file is looked
    at again whenever any of them changed. At 10,000 articles this takes the
    check of a one-edit rebuild from 2.5 s to reading and hashing the files;
    the checks across files (:func:`check_site`) always run. A missing or
    unreadable cache file is an empty cache; only this run's entries are
    saved.
    """

    def __init__(
        self, path: Path | None, files: frozenset[str], reference: object, scheme: object
    ) -> None:
        self.path = path
        self.previous: dict[str, object] = {}
        self.current: dict[str, object] = {}
        self.context = ""
        if path is None:
            return
        context = hashlib.blake2b(digest_size=20)
        context.update(_code_digest().encode())
        context.update(stable_text(reference).encode("utf-8", "surrogatepass"))
        context.update(stable_text(scheme).encode("utf-8", "surrogatepass"))
        context.update("\0".join(sorted(files)).encode("utf-8", "surrogatepass"))
        self.context = context.hexdigest()
        try:
            with open(path, "rb") as stream:
                loaded = pickle.load(stream)
            if isinstance(loaded, dict) and loaded.get("context") == self.context:
                self.previous = loaded["inspections"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, KeyError):
            self.previous = {}

    def key(self, shown: str, rel: str, kind: str, data: bytes) -> str:
        if self.path is None:
            return ""
        digest = hashlib.blake2b(data, digest_size=20)
        digest.update(f"\0{shown}\0{rel}\0{kind}".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> Inspection | None:
        found = self.previous.get(key) if key else None
        return found if isinstance(found, Inspection) else None

    def put(self, key: str, inspection: Inspection) -> None:
        if key:
            self.current[key] = inspection

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".content-check-", dir=self.path.parent)
            with os.fdopen(handle, "wb") as stream:
                payload = {"context": self.context, "inspections": self.current}
                pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:  # no cache this time; the next run inspects every file
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)


def stable_text(value: object) -> str:
    """``repr`` with sets and mappings sorted: the same text in every process
    (a set's order follows the per-process string hash seed)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ",".join(
            f"{f.name}={stable_text(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({inner})"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(map(stable_text, value))) + "}"
    if isinstance(value, Mapping):
        items = sorted(f"{stable_text(k)}:{stable_text(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(map(stable_text, value)) + "]"
    return repr(value)


@functools.cache
def _code_digest() -> str:
    """The plugins' source (the rules use the content model, reference and
    Vietnamese helpers): a change of the checking code empties the cache."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
