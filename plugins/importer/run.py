"""One import run: find the captures, read, convert, check and store each one.

A capture that cannot be read is an error naming the file; the others still
import. Captures are processed in path order so that a run is repeatable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from plugins.content_model import FIELDS_BY_NAME, parse_datetime, split_list
from plugins.content_model.model import TITLE_MAX, Kind, is_slug, is_url
from plugins.localities import before_reorganisation, split_localities
from plugins.reference import ReferenceData

from .capture import CaptureError, LegacyArticle
from .convert import Converted, LegacyTable, TopicMatcher, build_matcher, convert, trim_words
from .html_capture import parse_html_capture
from .store import ArticleStore, Report, ReportEntry, legacy_path
from .text_capture import parse_text_capture

CAPTURE_SUFFIXES = (".txt", ".html", ".htm")


def find_captures(sources: Iterable[Path]) -> tuple[list[Path], list[ReportEntry]]:
    """Capture files under ``sources`` (files or folders), and what was left out.

    The ``*_files`` folders a browser saves next to a page are not captures.
    """
    found: list[Path] = []
    skipped: list[ReportEntry] = []
    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if not path.is_file() or any(p.name.endswith("_files") for p in path.parents):
                    continue
                if path.suffix.lower() in CAPTURE_SUFFIXES:
                    found.append(path)
                elif not path.name.startswith("."):
                    skipped.append(
                        ReportEntry(
                            str(path),
                            "skipped",
                            reason=f"không phải bản lưu trang ({path.suffix or 'không đuôi'})",
                        )
                    )
        elif source.is_file():
            if source.suffix.lower() in CAPTURE_SUFFIXES:
                found.append(source)
            else:
                skipped.append(
                    ReportEntry(
                        str(source), "skipped", reason="không phải bản lưu trang (.txt, .html)"
                    )
                )
        else:
            skipped.append(ReportEntry(str(source), "error", reason="không có tệp hay thư mục này"))
    return list(dict.fromkeys(found)), skipped


def parse_capture(path: Path, legacy_url: str = "") -> LegacyArticle:
    """Read a capture by its suffix. Raises :class:`CaptureError`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CaptureError(f"không đọc được tệp ({error.strerror})") from error
    if not data.strip():
        raise CaptureError("tệp rỗng")
    if path.suffix.lower() in (".html", ".htm"):
        return parse_html_capture(data, path.name, legacy_url)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaptureError(f"không phải văn bản UTF-8 (byte {error.start})") from error
    return parse_text_capture(text, path.name, legacy_url)


def _topic_lookups(reference: ReferenceData) -> list[tuple[str, Callable]]:
    return [
        ("Provinces", reference.province),
        ("Countries", reference.country),
        ("Organizations", reference.organization),
    ]


def recover_topics(header: dict[str, str], reference: ReferenceData) -> list[str]:
    """Drop the topic names the reference data does not know, so that the
    article still imports (a migration of thousands of articles cannot stop
    at each one); one note per name, with the nearest known name."""
    notes = []
    for key, lookup in _topic_lookups(reference):
        kept = []
        for name in split_list(header.get(key, "")):
            result = lookup(name)
            if result.found is not None:
                kept.append(name)
                continue
            hint = f"; có phải '{result.suggestion}'?" if result.suggestion else ""
            notes.append(f"{key}: bỏ '{name}' (không có trong dữ liệu tham chiếu{hint})")
        if key in header:
            header[key] = ", ".join(kept)
    return notes


def recover_fields(header: dict[str, str]) -> list[str]:
    """Repair what an editor can finish later, so that the article imports:
    an address that is not http(s) is dropped; a title longer than the
    content model allows is cut at a word and the article held as a draft
    until an editor writes a shorter one. One note per repair."""
    notes = []
    for key in ("Source_URL", "Legacy_URL"):
        value = header.get(key, "")
        if value and not is_url(value):
            del header[key]
            notes.append(f"{key}: bỏ '{value[:80]}' (không phải địa chỉ http(s))")
    title = header.get("Title", "")
    if len(title) > TITLE_MAX:
        header["Title"] = trim_words(title, TITLE_MAX)
        header["Status"] = "draft"
        notes.append(
            f"Title dài {len(title)} ký tự (tối đa {TITLE_MAX}): đã cắt ngắn, bài để ở trạng"
            " thái nháp (Status: draft) — hãy viết lại tiêu đề rồi xuất bản"
        )
    return notes


def check_header(header: dict[str, str], reference: ReferenceData) -> list[str]:
    """The content model's rules for the values the importer writes."""
    problems = []
    for key, value in header.items():
        spec = FIELDS_BY_NAME.get(key.lower())
        if spec is None:
            continue
        if spec.max_length and len(value) > spec.max_length:
            problems.append(f"{key} dài {len(value)} ký tự (tối đa {spec.max_length})")
        if spec.kind is Kind.DATETIME:
            try:
                parse_datetime(value)
            except ValueError as error:
                problems.append(f"{key}: {error}")
        if spec.kind is Kind.URL and not is_url(value):
            problems.append(f"{key}: '{value}' không phải địa chỉ http(s)")
        if spec.kind is Kind.SLUG and not is_slug(value):
            problems.append(f"{key}: '{value}' không phải slug")
    for key, lookup in _topic_lookups(reference):
        for name in split_list(header.get(key, "")):
            if lookup(name).found is None:
                problems.append(f"{key}: '{name}' không có trong dữ liệu tham chiếu")
    before = before_reorganisation(_date(header.get("Date", "")))
    provinces = split_list(header.get("Provinces", ""))
    for item in split_localities(header.get("Localities", "")):
        result = reference.localities.resolve(item, provinces, before)
        if result.found is None:
            problems.append(f"Localities: {result.problem}")
    if reference.section(header.get("Category", "")).found is None:
        problems.append(f"Category: '{header.get('Category')}' không có trong sections.toml")
    for key in ("Title", "Date", "Category", "Summary"):
        if not header.get(key):
            problems.append(f"thiếu {key}")
    return problems


def _date(value: str):
    try:
        return parse_datetime(value)
    except ValueError:
        return None


@dataclass
class Importer:
    """Imports captures into ``out`` (``content/articles``)."""

    out: Path
    reference: ReferenceData
    table: LegacyTable
    base_url: str = ""  # old site address; a capture's URL is base_url + its path under SRC
    # The site's article folders, searched for the story too when ``out`` is
    # another folder: an import never publishes a second copy of a story.
    site: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        self.matcher: TopicMatcher = build_matcher(self.reference, self.table)
        self.store = ArticleStore(self.out, self.site)

    def legacy_url_for(self, path: Path, root: Path) -> str:
        if not self.base_url:
            return ""
        relative = (
            path.relative_to(root)
            if root.is_dir() and path.is_relative_to(root)
            else Path(path.name)
        )
        name = relative.with_suffix(".html").as_posix()
        return urljoin(self.base_url.rstrip("/") + "/", name)

    def run(
        self, sources: list[Path], progress: Callable[[str], None] = lambda line: None
    ) -> Report:
        report = Report()
        captures, left_out = find_captures(sources)
        report.entries += left_out
        for line in (e.line() for e in left_out):
            progress(line)
        seen: dict[str, str] = {}
        saved: list[tuple[ReportEntry, Converted]] = []
        total = len(captures)
        for number, path in enumerate(captures, 1):
            root = next((s for s in sources if s.is_dir() and path.is_relative_to(s)), path.parent)
            entry, converted = self.import_one(path, root, seen)
            report.entries.append(entry)
            if converted is not None:
                saved.append((entry, converted))
            progress(f"[{number}/{total}] {entry.line()}")
        # Related titles may name articles imported later in the same run.
        for entry, converted in saved:
            found, missing = self.store.related_slugs(converted.related_titles)
            if found != entry.related_found:
                status, _ = self.store.save(converted)
                if entry.status == "unchanged" and status == "updated":
                    entry.status = "updated"
                entry.related_found, entry.related_candidates = found, missing
        return report

    def import_one(
        self, path: Path, root: Path, seen: dict[str, str]
    ) -> tuple[ReportEntry, Converted | None]:
        name = str(path)
        try:
            article = parse_capture(path, self.legacy_url_for(path, root))
            converted: Converted = convert(article, self.reference, self.table, self.matcher)
        except CaptureError as error:
            return ReportEntry(name, "error", reason=str(error)), None
        header = converted.header
        identity = (
            legacy_path(header["Legacy_URL"])
            if header.get("Legacy_URL")
            else f"{header['Title']}|{header['Date']}"
        )
        if identity in seen:
            return ReportEntry(name, "skipped", reason=f"trùng bài với {seen[identity]}"), None
        seen[identity] = name
        found = self.store.find(converted)
        if found is not None and self.store.elsewhere(found):
            # An import into another folder (to look first) changes no
            # article of the site.
            return ReportEntry(
                name,
                "skipped",
                output=str(found.path),
                reason="đã có bài này trên cổng; nhập vào thư mục khác không sửa bài đó",
            ), None
        if found is None and (covered := self.store.covered_by(converted)):
            return ReportEntry(
                name,
                "skipped",
                output=str(covered.path),
                reason="đã có bài này (địa chỉ cũ/nguồn mang tên bài); không ghi đè",
            ), None
        full_title = header.get("Title", "")
        recovered = recover_fields(header) + recover_topics(header, self.reference)
        if header.get("Title") != full_title:
            # A capture without a headline gives its first paragraph as the
            # title: what the cut title leaves out stays, at the body's start.
            converted = dataclasses.replace(converted, body=f"{full_title}\n\n{converted.body}")
            recovered.append("dòng đầu (dùng làm tiêu đề) được giữ nguyên văn ở đầu thân bài")
        if not header.get("Legacy_URL"):
            recovered.append(
                "không rõ địa chỉ cũ (Legacy_URL): địa chỉ cũ của bài sẽ không chuyển tới bài"
                " mới — hãy ghi Legacy_URL vào bài, hoặc nhập lại với --base-url"
            )
        problems = check_header(header, self.reference)
        if problems:
            return ReportEntry(name, "error", reason="; ".join(problems)), None
        status, target = self.store.save(converted)
        found, missing = self.store.related_slugs(converted.related_titles)
        entry = ReportEntry(
            name,
            status,
            output=str(target),
            reason=(
                "biên tập viên đã sửa bài sau lần nhập trước: không ghi đè — xóa tệp nếu muốn"
                " nhập lại"
                if status == "kept"
                else ""
            ),
            notes=[*converted.notes, *recovered],
            related_found=found,
            related_candidates=missing,
        )
        return entry, converted
