"""Run every rule over a content folder (the only module here that reads files)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from plugins.reference import ReferenceData
from plugins.vietnamese import nfc, slugify

from .problems import Problem, Severity, sort_problems
from .rules import CheckContext, inspect_document
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
) -> Report:
    """Check every article and page under ``content_dir``."""
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
    for rel, kind in sources:
        file_path = content_dir / rel
        data = file_path.read_bytes()
        shown = shown_prefix + rel.replace("/", os.sep)
        if fix_nfc:
            data, changed = _fix_nfc(file_path, data)
            if changed:
                fixed.append(shown)
        doc = parse_document(shown, rel, kind, data)
        inspection = inspect_document(doc, ctx)
        problems.extend(inspection.problems)
        facts.append(inspection.facts)
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
