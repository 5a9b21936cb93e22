"""Run every rule over a content folder (the only module here that reads files)."""

from __future__ import annotations

import codecs
import dataclasses
import functools
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from plugins.buildkit.digest import canonical, digest, tree_digest
from plugins.content_model.model import split_list
from plugins.images.config import ImageSettings
from plugins.legacy_urls.redirects import ManualRedirect, is_site_path, parse_manual_redirects
from plugins.localities.gazetteer import library_versions
from plugins.reference import ReferenceData
from plugins.schedule.clock import is_scheduled
from plugins.vietnamese import nfc

from .cache import load_cache, save_cache
from .elsewhere import NONE as NO_OTHERS
from .elsewhere import OtherEditions
from .files import (
    IMAGE,
    RECORD,
    RECORD_FILE,
    REDIRECTS,
    REDIRECTS_FILE,
    REFUSED,
    ContentTree,
    content_files,
)
from .images import CACHE_FILE as IMAGE_CACHE_FILE
from .images import ImageVerdicts, image_problems
from .problems import Problem, Severity, error, sort_problems
from .published import RecordEntry, parse_record
from .rules import CheckContext, Facts, Inspection, inspect_document
from .site import SiteFiles, check_site
from .source import ARTICLE, LINE_SEPARATORS, parse_document
from .urls import UrlScheme, archive_url, term_slug


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files_checked: int
    fixed: tuple[str, ...] = ()  # files rewritten by --fix, with what was fixed
    sources: tuple[str, ...] = ()  # the articles and pages read (POSIX, relative)
    # Articles whose Date is after the build's clock: (path as shown, title, date).
    scheduled: tuple[tuple[str, str, datetime], ...] = ()
    published: tuple[RecordEntry, ...] = ()  # the addresses this content publishes
    list_redirects: tuple[tuple[str, str], ...] = ()  # lost list pages → their index
    written: frozenset[str] = frozenset()  # every page file the build writes from it
    pages: frozenset[str] = frozenset()  # those of them that are pages, not redirects

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    @property
    def summary(self) -> str:
        text = f"Đã kiểm tra {self.files_checked} bài: {self.errors} lỗi, {self.warnings} cảnh báo"
        if self.scheduled:
            text += f", {len(self.scheduled)} bài hẹn giờ đăng"
        if self.list_redirects:
            text += (
                f", {len(self.list_redirects)} trang danh sách đã đăng nay hết bài"
                " (tự chuyển hướng)"
            )
        return text


def portal_other_editions() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The source folders and URL prefixes of pelicanconf.py's other
    language editions (``en/articles``, ``en/pages``; ``en/``): the defaults
    of a check of the main edition, as UrlScheme's are pelicanconf.py's."""
    from plugins.content_check import edition_scope
    from plugins.fixed_urls.scheme import portal_settings

    folders, _, prefixes = edition_scope(portal_settings())
    return folders, prefixes


def edition_owns(url: str, scheme: UrlScheme, other_prefixes: tuple[str, ...]) -> bool:
    """Whether the recorded address ``url`` ("/en/article/x/") is this
    edition's: under its home ("en/" for the English edition, "" for the
    main one) and not under another edition's."""
    path = url.lstrip("/")
    if any(path.startswith(prefix) for prefix in other_prefixes if prefix):
        return False
    return path.startswith(scheme.index.lstrip("/"))


def merge_reports(first: Report, second: Report) -> Report:
    """One report of two checks of disjoint files (two language editions)."""
    return Report(
        tuple(sort_problems(list(dict.fromkeys([*first.problems, *second.problems])))),
        first.files_checked + second.files_checked,
        first.fixed + second.fixed,
        tuple(sorted({*first.sources, *second.sources})),
        first.scheduled + second.scheduled,
        first.published + second.published,
        first.list_redirects + second.list_redirects,
        first.written | second.written,
        first.pages | second.pages,
    )


# An article is a few kilobytes; a bigger file is a mistake (and Markdown
# would take minutes on it).
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def oversize_problem(content_dir: Path, rel: str, shown: str) -> Problem | None:
    """A source file too large to be an article (refused before parsing)."""
    size = (content_dir / rel).stat().st_size
    if size <= MAX_SOURCE_BYTES:
        return None
    return error(
        shown,
        1,
        "file-too-large",
        f"tệp quá lớn ({size / 1048576:.1f} MB, tối đa {MAX_SOURCE_BYTES // 1048576} MB)"
        " — một bài viết chỉ vài chục KB; ảnh để trong content/images/",
    )


def refusal_problems(tree: ContentTree, shown_of) -> list[Problem]:
    """Every file the portal refuses (see :mod:`.files`), as an error on line 1."""
    problems = [
        error(
            shown_of(rel),
            1,
            "symlink-outside-content",
            f"liên kết tượng trưng trỏ ra ngoài thư mục content/ ({target}) — sao chép tệp vào content/",
        )
        for rel, target in tree.outside_links
    ]
    problems += [
        error(
            shown_of(rel),
            1,
            "special-file",
            "không phải tệp thường (ống dẫn, socket hay thiết bị): không đọc được nội dung"
            " — xóa nó khỏi content/",
        )
        for rel in tree.special_files
    ]
    problems += [
        error(
            shown_of(rel),
            1,
            "symlink-loop",
            "liên kết tượng trưng tới chính thư mục chứa nó: các bài trong đó sẽ bị đọc lặp"
            " lại mãi — xóa liên kết này",
        )
        for rel in tree.loop_links
    ]
    problems += [
        error(shown_of(item.rel), 1, item.code, item.message) for item in tree.of_kind(REFUSED)
    ]
    return problems


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
    image_settings: ImageSettings | None = None,
    now: datetime | None = None,
    other_dirs: tuple[str, ...] | None = None,
    main_edition: bool = True,
    other_prefixes: tuple[str, ...] | None = None,
    others: OtherEditions = NO_OTHERS,
    preview: bool = False,
) -> Report:
    """Check every file under ``content_dir``: articles, pages, images, and
    every other file (refused; ``preview``, make serve: not an editor's
    working files, see :func:`.files.is_editor_working_file`).

    ``cache_file``: where to keep each file's inspection between runs
    (:class:`InspectionCache`; image verdicts go beside it); ``None``:
    inspect every file. ``image_settings``: the image pipeline's (``IMAGES``).
    ``now``: the build's clock (articles dated later are scheduled, not
    published); ``None``: every article counts as published (preview).
    ``fix_nfc``: rewrite what can be fixed (BOM, NFC, a lost address of an
    article whose slug changed), then check again. ``other_dirs``: the other
    language editions' folders (left to their own check); an edition that
    is not the main one (``main_edition``) leaves the declared redirects and
    the images no article of its own uses to the main edition's check.
    ``other_prefixes``: the URL prefixes of the other editions (``en/``):
    each edition answers for the recorded addresses under its own.
    ``others``: the other editions, where a link, a ``Related:`` slug or a
    ``{filename}`` that leads out of this edition is looked up.
    """
    content_dir = Path(content_dir)
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    if other_dirs is None or other_prefixes is None:  # the portal's own editions
        portal_dirs, portal_prefixes = portal_other_editions()
        other_dirs = portal_dirs if other_dirs is None else other_dirs
        other_prefixes = portal_prefixes if other_prefixes is None else other_prefixes
    tree = content_files(content_dir, article_dirs, page_dirs, other_dirs, preview)
    files = tree.names
    ctx = CheckContext(
        reference,
        files,
        scheme or UrlScheme(),
        slug_of=functools.lru_cache(maxsize=None)(term_slug),
        archive_url_of=functools.lru_cache(maxsize=None)(archive_url),
    )
    shown_root = display_path(content_dir, cwd)
    shown_prefix = "" if shown_root == "." else shown_root.rstrip(os.sep) + os.sep

    def shown_of(rel: str) -> str:
        return shown_prefix + rel.replace("/", os.sep)

    problems: list[Problem] = refusal_problems(tree, shown_of)
    facts = []
    fixed: list[str] = []
    sources = []
    for item in tree.files:
        if not item.is_source:
            continue
        too_large = oversize_problem(content_dir, item.rel, shown_of(item.rel))
        if too_large:
            problems.append(too_large)
        else:
            sources.append((item.rel, item.kind))
    cache = InspectionCache(cache_file, files, reference, ctx.scheme)
    for rel, kind in sources:
        file_path = content_dir / rel
        data = file_path.read_bytes()
        shown = shown_of(rel)
        if fix_nfc:
            data, changes = _fix_text(file_path, data)
            if changes:
                fixed.append(f"{shown} ({', '.join(changes)})")
        key = cache.key(shown, rel, kind, data)
        inspection = cache.get(key)
        if inspection is None:
            inspection = inspect_document(parse_document(shown, rel, kind, data), ctx)
        cache.put(key, inspection)
        problems.extend(inspection.problems)
        facts.append(inspection.facts)
    cache.save()
    scheduled = []
    if now is not None:
        facts, scheduled = hold_scheduled(facts, now)
    record, redirects, site_problems = site_files(content_dir, tree, shown_of)

    def owns(url: str) -> bool:
        return edition_owns(url, scheme or UrlScheme(), other_prefixes)

    record = [e for e in record if owns(e.url)]
    # content/redirects.toml serves the whole site: each edition answers for
    # the old addresses in its own part ("/en/…" the English one), and for
    # the targets there (plugins.editions checks a target in another part).
    redirects = [r for r in redirects if owns(r.old)]
    if not main_edition:
        site_problems = []  # the file's own problems: once, by the main edition
    problems.extend(site_problems)
    site = check_site(
        facts,
        ctx.scheme,
        reference,
        ctx.slug_of,
        record,
        redirects,
        SiteFiles(shown_of(RECORD_FILE), shown_of(REDIRECTS_FILE)),
        own_target=lambda target: not is_site_path(target) or owns(target),
        others=others,
    )
    problems.extend(site.problems)
    if fix_nfc and site.fixes:
        for rel, url, keeps_feed_id in site.fixes:
            if add_redirect_from(content_dir / rel, url):
                fixed.append(f"{shown_of(rel)} (thêm Redirect_From: {url})")
            if keeps_feed_id and add_feed_id(content_dir / rel, url):
                fixed.append(f"{shown_of(rel)} (thêm Feed_ID: {url})")
        again = check_tree(
            content_dir,
            reference,
            scheme,
            cwd=cwd,
            article_dirs=article_dirs,
            page_dirs=page_dirs,
            cache_file=cache_file,
            image_settings=image_settings,
            now=now,
            other_dirs=other_dirs,
            main_edition=main_edition,
            other_prefixes=other_prefixes,
            others=others,
        )
        return dataclasses.replace(again, fixed=tuple(fixed) + again.fixed)
    verdicts = ImageVerdicts(
        cache_file.parent / IMAGE_CACHE_FILE if cache_file else None,
        image_settings or ImageSettings(),
        _code_digest(),
    )
    uses = [
        (image, item.path, line)
        for item in facts
        if not item.draft and item.page_file
        for image, line in item.images
    ]
    images = [item.rel for item in tree.of_kind(IMAGE)]
    if not main_edition:
        used = {image for image, _, _ in uses}
        images = [rel for rel in images if rel in used]
    problems.extend(image_problems(images, uses, content_dir, verdicts, shown_of))
    unique = list(dict.fromkeys(problems))
    return Report(
        tuple(sort_problems(unique)),
        len(sources),
        tuple(fixed),
        tree.sources,
        tuple(scheduled),
        tuple(site.published),
        site.list_redirects,
        site.written,
        site.pages,
    )


def check_file(
    content_dir: Path | str,
    rel: str,
    reference: ReferenceData,
    scheme: UrlScheme | None = None,
    *,
    cwd: Path | str | None = None,
    article_dirs: tuple[str, ...] = ("articles",),
    page_dirs: tuple[str, ...] = ("pages",),
) -> list[Problem]:
    """The problems of one article or page, ``rel`` under ``content_dir``:
    what :func:`check_tree` finds in that file alone (its header, body,
    links and images against the other files' names), without the checks
    across files (duplicate slugs, moved addresses). The preview server's
    first look at a saved file; the build's own check still runs after it.
    """
    content_dir = Path(content_dir)
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    tree = content_files(content_dir, article_dirs, page_dirs, portal_other_editions()[0])
    item = next((f for f in tree.files if f.rel == rel), None)
    if item is None or not item.is_source:
        raise ValueError(f"{rel}: không phải bài viết hay trang trong {content_dir}")
    shown_root = display_path(content_dir, cwd)
    shown = ("" if shown_root == "." else shown_root.rstrip(os.sep) + os.sep) + rel
    too_large = oversize_problem(content_dir, rel, shown)
    if too_large:
        return [too_large]
    ctx = CheckContext(reference, tree.names, scheme or UrlScheme())
    document = parse_document(shown, rel, item.kind, (content_dir / rel).read_bytes())
    return sort_problems(inspect_document(document, ctx).problems)


def hold_scheduled(facts: list[Facts], now: datetime) -> tuple[list[Facts], list]:
    """Articles dated after ``now`` publish nothing yet (plugins.schedule
    holds them back the same way): their outputs are dropped, so nothing
    may link to them and the record does not count them."""
    kept, scheduled = [], []
    for item in facts:
        if item.kind == ARTICLE and not item.draft and item.date and is_scheduled(item.date, now):
            scheduled.append((item.path, item.title, item.date))
            item = dataclasses.replace(item, outputs=(), scheduled=True)
        kept.append(item)
    return kept, sorted(scheduled, key=lambda entry: (entry[2], entry[0]))


def site_files(content_dir: Path, tree: ContentTree, shown_of) -> tuple[list, list, list]:
    """The record of published addresses and the declared redirects
    (``content/published-urls.txt``, ``content/redirects.toml``), and the
    problems of the redirects file."""
    record: list[RecordEntry] = []
    redirects: list[ManualRedirect] = []
    problems: list[Problem] = []
    kinds = {item.rel: item.kind for item in tree.files}
    if kinds.get(RECORD_FILE) == RECORD:
        record = parse_record(_read_text(content_dir / RECORD_FILE))
    if kinds.get(REDIRECTS_FILE) == REDIRECTS:
        redirects, found = parse_manual_redirects(_read_text(content_dir / REDIRECTS_FILE))
        problems += [
            error(shown_of(REDIRECTS_FILE), line, "bad-redirects-file", message)
            for line, message in found
        ]
    return record, redirects, problems


def _read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


_HEADER_END = re.compile(r"\n[ \t]*\n")


def add_redirect_from(path: Path, url: str) -> bool:
    """Add ``url`` to the file's ``Redirect_From`` (a new header line, or
    appended to the one there); False when it is already there."""
    return _add_to_header(path, "Redirect_From", url, many=True)


def add_feed_id(path: Path, url: str) -> bool:
    """Give the file ``Feed_ID: url`` (its first published address, which
    its feed items keep as their id) unless it has one: an article renamed
    twice keeps its first address. False when nothing was added."""
    return _add_to_header(path, "Feed_ID", url, many=False)


def _add_to_header(path: Path, field: str, value: str, many: bool) -> bool:
    """Add ``value`` to the header field ``field`` of the file: a new line,
    or (``many``, a list) appended to the line there. False when the value
    is there already, or the single-valued field has a value."""
    text = path.read_text(encoding="utf-8")
    end = _HEADER_END.search(text)
    head, rest = (text[: end.start()], text[end.start() :]) if end else (text.rstrip("\n"), "\n")
    lines = head.split("\n")
    for index, line in enumerate(lines):
        key, _, current = line.partition(":")
        if key.strip().lower() == field.lower():
            if (value in split_list(current)) or (current.strip() and not many):
                return False
            lines[index] = f"{line.rstrip()}, {value}" if current.strip() else f"{key}: {value}"
            break
    else:
        lines.append(f"{field}: {value}")
    path.write_text("\n".join(lines) + rest, encoding="utf-8")
    return True


def _fix_text(path: Path, data: bytes) -> tuple[bytes, list[str]]:
    """Rewrite a valid UTF-8 file without its BOM, in NFC, its U+2028 and
    U+2029 made line breaks (what an editor showing them meant); leave
    undecodable files alone. Returns the new bytes and what was fixed."""
    changes = []
    text_bytes = data
    if text_bytes.startswith(codecs.BOM_UTF8):
        text_bytes = text_bytes[len(codecs.BOM_UTF8) :]
        changes.append("bỏ BOM")
    try:
        text = text_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return data, []
    normal = nfc(text)
    if normal != text:
        changes.append("chuẩn hóa NFC")
    if any(mark in normal for mark in LINE_SEPARATORS):
        normal = normal.translate(dict.fromkeys(map(ord, LINE_SEPARATORS), "\n"))
        changes.append("đổi ký tự ngắt dòng U+2028/U+2029 thành xuống dòng")
    if not changes:
        return data, []
    new = normal.encode("utf-8")
    path.write_bytes(new)
    return new, changes


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
        self.context = digest(
            _code_digest(), canonical(reference), canonical(scheme), *sorted(files)
        )
        self.previous = load_cache(path, self.context)

    def key(self, shown: str, rel: str, kind: str, data: bytes) -> str:
        if self.path is None:
            return ""
        return digest(canonical(data), shown, rel, kind)

    def get(self, key: str) -> Inspection | None:
        found = self.previous.get(key) if key else None
        return found if isinstance(found, Inspection) else None

    def put(self, key: str, inspection: Inspection) -> None:
        if key:
            self.current[key] = inspection

    def save(self) -> None:
        save_cache(self.path, self.context, self.current)


@functools.cache
def _code_digest() -> str:
    """The plugins' source (the rules use the content model, reference and
    Vietnamese helpers): a change of the checking code empties the cache."""
    # ... and the data libraries behind Localities.
    return digest(tree_digest([Path(__file__).resolve().parents[1]]), *library_versions())
