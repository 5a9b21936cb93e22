"""Every file under ``content/``: an article, a page, an image, or refused.

:func:`content_files` is the one list of what the portal reads. The content
check inspects the articles and pages it names and reports every refused
file as an error; the build runs the check, and once Pelican has read the
content it compares the sources Pelican read with this list
(:func:`unlisted_sources`), so a file can never be published unchecked, nor
dropped without a word.

Rules, in order (the first that applies decides):

- a file or folder whose name starts with ``.`` (hidden files, editors'
  lock files ``.#x.md``, macOS ``._x.md`` and ``.DS_Store``) is refused;
- editors' temporary and backup files (``x.md~``, ``#x.md#``, ``~$x.docx``,
  ``*.swp``, ``*.tmp``, ``*.bak``) are refused;
- in an article or page folder, ``*.md`` is an article or a page; other
  Markdown extensions (``.markdown`` …) and any other file are refused;
- in ``images/``, ``.jpg``, ``.jpeg``, ``.png``, ``.webp`` are images (the
  originals the image pipeline makes derivatives of); anything else there is
  refused;
- at the top of ``content/``, ``published-urls.txt`` (the record of every
  address the portal has published, written by ``make publish``) and
  ``redirects.toml`` (redirects the editors declare);
- anything else (a Markdown file at the top of ``content/`` or in
  ``images/``, another top-level folder) is refused: Pelican would never
  read it, so it would silently never be published.

Symbolic links are followed when they stay inside ``content/`` (Pelican
follows them too) and refused when they point outside it.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .source import ARTICLE, PAGE

IMAGE = "image"
RECORD = "record"  # published-urls.txt: every URL the portal has published
REDIRECTS = "redirects"  # redirects.toml: redirects the editors declare
REFUSED = "refused"
OTHER_EDITION = "other-edition"  # another language edition's file: its own run checks it

# Files at the top of the content folder that describe the site's addresses.
RECORD_FILE = "published-urls.txt"
REDIRECTS_FILE = "redirects.toml"

IMAGE_DIRS = ("images",)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# Extensions Python-Markdown / Pelican know as Markdown besides ours.
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".text")
# Editors' temporary, lock and backup files (basename patterns).
EDITOR_TEMPORARY = ("*~", "#*#", "~$*", "*.swp", "*.swo", "*.tmp", "*.bak", "*.orig", "*.part")
_TEMPORARY = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in EDITOR_TEMPORARY))


def is_editor_working_file(name: str) -> bool:
    """A file an open text editor keeps beside the one it edits: a lock
    (``.#a.md``, ``.~lock.a.md#``), a swap file (``.a.md.swp``), a backup
    (``a.md~``) or another :data:`EDITOR_TEMPORARY` name. Refused by make
    check and a build (never to be published or committed); ignored by
    make serve's preview, which runs while the editor has the file open."""
    return bool(
        name.startswith((".#", ".~lock."))
        or fnmatch.fnmatch(name, ".*.sw?")
        or _TEMPORARY.match(name)
    )


@dataclass(frozen=True)
class ContentFile:
    """One file under the content folder and what the portal does with it."""

    rel: str  # POSIX path relative to the content folder
    kind: str  # ARTICLE, PAGE, IMAGE or REFUSED
    code: str = ""  # why it is refused (a problem code)
    message: str = ""  # why it is refused, for the editor (Vietnamese)

    @property
    def is_source(self) -> bool:
        """An article or page: a Markdown file Pelican reads."""
        return self.kind in (ARTICLE, PAGE)


def _refused(rel: str, code: str, message: str) -> ContentFile:
    return ContentFile(rel, REFUSED, code, message)


def _hidden(rel: str) -> ContentFile | None:
    parts = rel.split("/")
    hidden = next((i for i, part in enumerate(parts) if part.startswith(".")), None)
    if hidden is None:
        return None
    name = parts[hidden]
    if hidden < len(parts) - 1:
        return _refused(
            rel,
            "hidden-folder",
            f"tệp nằm trong thư mục ẩn '{name}/' nên sẽ không được đăng"
            " — chuyển tệp ra khỏi thư mục này hoặc xóa",
        )
    if name.startswith(".#") or fnmatch.fnmatch(name, ".*.sw?") or name.startswith(".~lock."):
        what = "tệp khóa hoặc tệp tạm của trình soạn thảo"
        advice = "lưu và đóng tệp trong trình soạn thảo, hoặc xóa tệp này"
    elif name.startswith("._") or name == ".DS_Store":
        what = "tệp phụ do macOS tạo"
        advice = "xóa tệp này"
    else:
        what = "tệp ẩn (tên bắt đầu bằng '.')"
        advice = "bỏ dấu '.' ở đầu tên nếu muốn đăng, hoặc xóa tệp"
    return _refused(rel, "hidden-file", f"{what} không được đăng — {advice}")


def classify(
    rel: str,
    article_dirs: Iterable[str] = ("articles",),
    page_dirs: Iterable[str] = ("pages",),
    other_dirs: Iterable[str] = (),
) -> ContentFile:
    """What the portal does with the file ``rel`` (POSIX, relative to content/).
    ``other_dirs``: the source folders of the other language editions
    (``en/articles`` …), whose files are left to their edition's check."""
    hidden = _hidden(rel)
    if hidden is not None:
        return hidden
    name = posixpath.basename(rel)
    if _TEMPORARY.match(name):
        return _refused(
            rel,
            "temporary-file",
            "tệp tạm hoặc tệp sao lưu của trình soạn thảo không được đăng — xóa tệp này",
        )
    if rel == RECORD_FILE:
        return ContentFile(rel, RECORD)
    if rel == REDIRECTS_FILE:
        return ContentFile(rel, REDIRECTS)
    extension = posixpath.splitext(name)[1].lower()
    markdown = extension == ".md" or extension in OTHER_MARKDOWN
    image = extension in IMAGE_EXTENSIONS
    top = rel.split("/", 1)[0] if "/" in rel else ""
    in_articles, in_pages = _under(rel, article_dirs), _under(rel, page_dirs)
    if not (in_articles or in_pages) and _under(rel, other_dirs):
        return ContentFile(rel, OTHER_EDITION)
    if in_articles or in_pages:
        if posixpath.splitext(name)[1] == ".md":
            return ContentFile(rel, ARTICLE if in_articles else PAGE)
        if markdown:
            stem = posixpath.splitext(name)[0]
            return _refused(
                rel,
                "markdown-extension",
                f"bài Markdown phải có đuôi '.md' (chữ thường) — đổi tên thành '{stem}.md'",
            )
        if not image:
            return _refused(
                rel,
                "not-markdown",
                "tệp không phải bài Markdown (.md) nên sẽ không được đăng"
                " — chuyển nội dung sang tệp .md hoặc xóa tệp",
            )
    elif top in IMAGE_DIRS:
        if image:
            return ContentFile(rel, IMAGE)
        if not markdown:
            return _refused(
                rel,
                "not-an-image",
                "images/ chỉ chứa ảnh .jpg, .jpeg, .png, .webp — tệp này sẽ không được đăng;"
                " chuyển đổi hoặc xóa",
            )
    if markdown:
        where = "trong images/" if top in IMAGE_DIRS else "ngoài articles/ và pages/"
        return _refused(
            rel,
            "markdown-outside-sources",
            f"bài Markdown nằm {where} sẽ không được đăng — chuyển vào articles/<năm>/"
            " (bài) hoặc pages/ (trang tĩnh)",
        )
    if image:
        return _refused(
            rel,
            "image-outside-images",
            f"ảnh phải nằm trong content/images/ — chuyển vào images/{_year_folder(rel)}",
        )
    return _refused(
        rel,
        "unknown-file",
        "tệp nằm ngoài articles/, pages/ và images/ sẽ không được đăng — chuyển vào đúng"
        " thư mục hoặc xóa",
    )


def _under(rel: str, folders: Iterable[str]) -> bool:
    """Whether ``rel`` lies inside one of ``folders`` (``en/articles`` …)."""
    return any(rel.startswith(folder.strip("/") + "/") for folder in folders if folder.strip("/"))


def _year_folder(rel: str) -> str:
    for part in reversed(rel.split("/")[:-1]):
        if part.isdigit() and len(part) == 4:
            return part + "/"
    return "<năm>/"


@dataclass(frozen=True)
class ContentTree:
    """Every file under the content folder, classified, and the links out of it."""

    files: tuple[ContentFile, ...]
    # Symbolic links (files or folders) that point outside the content folder:
    # (rel, target). Refused; a linked folder is not walked.
    outside_links: tuple[tuple[str, str], ...]
    # Named pipes, sockets, devices: refused, never opened (reading a named
    # pipe waits for a writer: make check and the build hung).
    special_files: tuple[str, ...] = ()
    # Folder links to a folder that holds them (``loop -> ..``): Pelican
    # would read the same articles again under ever longer paths.
    loop_links: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        """Every path, linked folders pointing outside included (as the check lists them)."""
        return frozenset(
            [f.rel for f in self.files]
            + [rel for rel, _ in self.outside_links]
            + list(self.special_files)
            + list(self.loop_links)
        )

    def of_kind(self, kind: str) -> tuple[ContentFile, ...]:
        return tuple(f for f in self.files if f.kind == kind)

    @property
    def sources(self) -> tuple[str, ...]:
        """Articles and pages (what Pelican must read), sorted."""
        return tuple(sorted(f.rel for f in self.files if f.is_source))


def content_files(
    content_dir: Path | str,
    article_dirs: Iterable[str] = ("articles",),
    page_dirs: Iterable[str] = ("pages",),
    other_dirs: Iterable[str] = (),
    skip_editor_files: bool = False,
) -> ContentTree:
    """Walk the content folder (hidden files included) and classify every
    file; with ``skip_editor_files`` (make serve's preview), an editor's
    working files (:func:`is_editor_working_file`) are left out."""
    root = os.path.realpath(content_dir)
    article_dirs, page_dirs, other_dirs = tuple(article_dirs), tuple(page_dirs), tuple(other_dirs)
    found: list[ContentFile] = []
    outside: list[tuple[str, str]] = []
    special: list[str] = []
    loops: list[str] = []
    visited: set[str] = set()

    def inside(target: str) -> bool:
        return os.path.commonpath([root, target]) == root

    def walk(folder: str, prefix: str) -> None:
        real = os.path.realpath(folder)
        if real in visited:  # a link back to a folder already walked
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            rel = prefix + entry.name
            if skip_editor_files and is_editor_working_file(entry.name):
                continue
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not inside(target):
                    outside.append((rel, target))
                    continue
                if entry.is_dir() and os.path.commonpath([target, real]) == target:
                    # (the other edition's check reports one in its folders)
                    if classify(rel, article_dirs, page_dirs, other_dirs).kind != OTHER_EDITION:
                        loops.append(rel)
                    continue
            if entry.is_dir():
                walk(entry.path, rel + "/")
            elif entry.is_file() or not os.path.exists(entry.path):  # dangling: refused below
                found.append(classify(rel, article_dirs, page_dirs, other_dirs))
            else:  # the other edition's check reports one in its folders
                item = classify(rel, article_dirs, page_dirs, other_dirs)
                if item.kind == OTHER_EDITION:
                    found.append(item)
                else:
                    special.append(rel)

    if os.path.isdir(root):
        walk(root, "")
    return ContentTree(tuple(found), tuple(outside), tuple(special), tuple(loops))


def first_special_file(content_dir: Path | str) -> str | None:
    """The first named pipe, socket or device under ``content_dir`` (relative
    path), if any: the build looks before Pelican opens every file. The
    folder entries' own types, no ``stat`` per file (a few ms at 10,000)."""
    root = os.fspath(content_dir)
    folders, seen = [root], set()
    while folders:
        folder = folders.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                folders.append(entry.path)
            elif not entry.is_file() and os.path.exists(entry.path):
                return os.path.relpath(entry.path, root).replace(os.sep, "/")
    return None


def unlisted_sources(listed: Iterable[str], read: Iterable[str]) -> tuple[list[str], list[str]]:
    """Sources Pelican read that the list does not name, and listed sources
    Pelican did not read (both sorted, POSIX paths relative to content/)."""
    listed, read = set(listed), set(read)
    return sorted(read - listed), sorted(listed - read)
