"""The rules for one file: header fields, values, references, images.

``inspect_document`` is pure: a parsed :class:`Document` and a
:class:`CheckContext` in, the file's problems and the :class:`Facts` the
site-wide checks need (slug, outputs, related slugs) out.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from plugins.content_model.model import (
    FIELDS,
    FIELDS_BY_NAME,
    PAGE_REQUIRED,
    FieldSpec,
    HeaderLine,
    Kind,
    is_slug,
    is_url,
    parse_datetime,
    split_list,
)
from plugins.reference import Lookup, ReferenceData
from plugins.scaffold.article import GUIDE_MARKER
from plugins.vietnamese import fold, slugify

from .problems import Problem, error, warning, with_suggestion
from .source import ARTICLE, PAGE, Document
from .urls import UrlScheme, archive_url, normalize_url

# Keys Pelican understands on static pages besides the model's.
PAGE_EXTRA_KEYS = ("template",)
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_STRICT_INT = re.compile(r"^\d+$")
_GROUPED_INT = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_BODY_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)

# Vietnamese names of the kinds of output, as shown in collision reports.
KIND_ARTICLE = "bài"
KIND_PAGE = "trang tĩnh"
KIND_SECTION = "chuyên mục"
KIND_SUBSECTION = "chuyên mục con"
KIND_KEYWORD = "từ khóa"
KIND_AUTHOR = "tác giả"
KIND_PROVINCE = "tỉnh"
KIND_COUNTRY = "quốc gia"
KIND_ORGANIZATION = "tổ chức"
KIND_ARCHIVE = "lưu trữ"
KIND_LEGACY = "địa chỉ cũ (chuyển hướng)"


@dataclass(frozen=True)
class CheckContext:
    reference: ReferenceData
    files: frozenset[str]  # every file under the content folder, POSIX, relative
    scheme: UrlScheme = UrlScheme()
    # Swappable for a per-run memoised version (names repeat across articles).
    slug_of: Callable[[str], str] = slugify
    archive_url_of: Callable[[str, int, int], str] = archive_url

    @cached_property
    def files_by_folder(self) -> dict[str, tuple[str, ...]]:
        """Files grouped by folder (to suggest a near name for a missing image)."""
        folders: dict[str, list[str]] = {}
        for name in self.files:
            folders.setdefault(posixpath.dirname(name), []).append(name)
        return {folder: tuple(sorted(names)) for folder, names in folders.items()}


@dataclass(frozen=True)
class Output:
    """Something the build writes: an article, a page, or a list page."""

    url: str  # first page, normalised (see urls.normalize_url)
    kind: str  # KIND_* (Vietnamese)
    name: str  # what it is within its kind: a spelling, a slug, a file
    path: str  # where it comes from
    line: int
    paginated: bool = False  # a list of articles, split into pages


@dataclass(frozen=True)
class Facts:
    path: str
    kind: str  # ARTICLE or PAGE
    slug: str | None
    slug_line: int
    draft: bool
    outputs: tuple[Output, ...]
    related: tuple[tuple[str, int], ...]  # (slug, line)


@dataclass(frozen=True)
class Inspection:
    problems: tuple[Problem, ...]
    facts: Facts


def _closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    folded = {fold(c): c for c in candidates}
    match = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def _closest_key(raw_key: str) -> str | None:
    keys = {f.name: f.key for f in FIELDS}
    match = difflib.get_close_matches(raw_key.lower(), list(keys), n=1, cutoff=0.6)
    return keys[match[0]] if match else None


def content_path(value: str) -> str | None:
    """A path relative to ``content/`` (``None`` if it escapes it)."""
    text = value.strip()
    for prefix in ("{static}", "{attach}", "/"):
        if text.startswith(prefix):
            text = text[len(prefix) :].lstrip("/")
    normal = posixpath.normpath(text)
    if normal == ".." or normal.startswith("../") or posixpath.isabs(normal):
        return None
    return normal


def _image_problem(
    path: str, line: int, value: str, ctx: CheckContext, code: str, what: str
) -> Problem | None:
    if _REMOTE.match(value.strip()):
        return None
    target = content_path(value)
    if target is None:
        return error(
            path,
            line,
            "image-outside-content",
            f"đường dẫn {what} '{value}' ra ngoài thư mục content/",
        )
    if target in ctx.files:
        return None
    siblings = ctx.files_by_folder.get(posixpath.dirname(target), ())
    suggestion = difflib.get_close_matches(target, siblings, n=1, cutoff=0.6)
    return error(
        path,
        line,
        code,
        with_suggestion(
            f"{what} '{value}' không có trong content/", suggestion[0] if suggestion else None
        ),
    )


class _Inspector:
    """Collects one document's problems; a short-lived helper, not shared state."""

    def __init__(self, doc: Document, ctx: CheckContext):
        self.doc = doc
        self.ctx = ctx
        self.problems: list[Problem] = list(doc.problems)
        self.values: dict[str, HeaderLine] = {}
        for item in doc.header.lines:
            self.values.setdefault(item.key, item)

    # -- helpers ---------------------------------------------------------
    def error(self, line: int, code: str, message: str) -> None:
        self.problems.append(error(self.doc.path, line, code, message))

    def warning(self, line: int, code: str, message: str) -> None:
        self.problems.append(warning(self.doc.path, line, code, message))

    def value(self, name: str) -> str:
        item = self.values.get(name)
        return item.value.strip() if item else ""

    def line(self, name: str) -> int:
        item = self.values.get(name)
        return item.line if item else self.missing_line

    @property
    def missing_line(self) -> int:
        lines = self.doc.header.lines
        return lines[-1].line if lines else 1

    @property
    def is_draft(self) -> bool:
        return self.value("status").lower() == "draft"

    # -- header keys and value syntax ---------------------------------------
    def check_keys(self) -> None:
        seen: dict[str, int] = {}
        allowed = set(FIELDS_BY_NAME) | (set(PAGE_EXTRA_KEYS) if self.doc.kind == PAGE else set())
        for item in self.doc.header.lines:
            if item.key in seen:
                self.warning(
                    item.line,
                    "duplicate-key",
                    f"trường '{item.raw_key}' đã khai báo ở dòng {seen[item.key]} — chỉ giữ một dòng",
                )
                continue
            seen[item.key] = item.line
            if item.key not in allowed:
                self.warning(
                    item.line,
                    "unknown-key",
                    with_suggestion(
                        f"trường '{item.raw_key}' không có trong mô hình nội dung",
                        _closest_key(item.raw_key),
                    ),
                )

    def check_required(self) -> None:
        if self.doc.kind == ARTICLE:
            required = [f for f in FIELDS if f.required]
            if self.is_draft:
                required = [f for f in required if f.name != "summary"]
        else:
            required = [FIELDS_BY_NAME[name] for name in PAGE_REQUIRED]
        for spec in required:
            item = self.values.get(spec.name)
            if item is None:
                self.error(
                    self.missing_line,
                    "missing-field",
                    f"thiếu trường bắt buộc '{spec.key}' ({spec.help_vi})",
                )
            elif not item.value.strip():
                self.error(
                    item.line,
                    "empty-field",
                    f"trường bắt buộc '{spec.key}' đang để trống ({spec.help_vi})",
                )

    def check_values(self) -> dict[str, datetime]:
        dates: dict[str, datetime] = {}
        for name, item in self.values.items():
            spec = FIELDS_BY_NAME.get(name)
            value = item.value.strip()
            if spec is None or not value:
                continue
            checker = _VALUE_CHECKS.get(spec.kind)
            if checker:
                checker(self, spec, item, value, dates)
            if spec.max_length and len(value) > spec.max_length:
                self.error(
                    item.line,
                    f"{spec.name}-too-long",
                    f"{spec.key} dài {len(value)} ký tự, tối đa {spec.max_length}",
                )
        if "date" in dates and "modified" in dates and dates["modified"] < dates["date"]:
            self.error(
                self.line("modified"),
                "modified-before-date",
                f"ngày cập nhật {self.value('modified')} trước ngày đăng {self.value('date')}",
            )
        return dates

    def _slug(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        if not is_slug(value):
            self.error(
                item.line,
                "bad-slug",
                f"slug '{value}' không hợp lệ — chỉ dùng chữ thường không dấu, số và '-', ví dụ '{slugify(value)}'",
            )

    def _datetime(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        try:
            dates[spec.name] = parse_datetime(value)
        except ValueError as problem:
            code = "date-without-time" if _DATE_ONLY.match(value) else "bad-date"
            self.error(item.line, code, f"{spec.key}: {problem}")

    def _url(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        if not is_url(value):
            self.error(
                item.line,
                "bad-url",
                f"{spec.key} '{value}' không phải địa chỉ web hợp lệ — cần dạng https://…",
            )

    def _int(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        ok = _STRICT_INT.match(value) or (spec.name == "views" and _GROUPED_INT.match(value))
        if not ok:
            self.error(
                item.line, "bad-integer", f"{spec.key} phải là số nguyên, không phải '{value}'"
            )

    def _choice(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        if value.lower() not in spec.choices:
            suggestion = difflib.get_close_matches(value.lower(), spec.choices, n=1, cutoff=0.5)
            self.error(
                item.line,
                "bad-choice",
                with_suggestion(
                    f"{spec.key} '{value}' không hợp lệ (chọn một trong: {', '.join(spec.choices)})",
                    suggestion[0] if suggestion else None,
                ),
            )

    # -- references -------------------------------------------------------
    def lookup_list(self, name: str, lookup: Callable[[str], Lookup], code: str, what: str) -> list:
        found = []
        for entry in split_list(self.value(name)):
            result = lookup(entry)
            if result.found is None:
                self.error(
                    self.line(name),
                    code,
                    with_suggestion(f"{what} '{entry}' không có trong danh mục", result.suggestion),
                )
            else:
                found.append(result.found)
        return found

    def check_section(self):
        section = None
        category = self.value("category")
        if category:
            result = self.ctx.reference.section(category)
            section = result.found
            if section is None:
                self.error(
                    self.line("category"),
                    "unknown-section",
                    with_suggestion(
                        f"chuyên mục '{category}' không có trong danh mục", result.suggestion
                    ),
                )
        subsection = None
        wanted = self.value("subsection")
        if section is not None and wanted:
            subsection = section.subsection(wanted)
            if subsection is None:
                names = [s.name for s in section.subsections]
                if names:
                    message = with_suggestion(
                        f"chuyên mục con '{wanted}' không thuộc chuyên mục '{section.name}'",
                        _closest(wanted, names, 0.5),
                    )
                    message += f" (có: {', '.join(names)})"
                else:
                    message = f"chuyên mục '{section.name}' không có chuyên mục con — bỏ '{wanted}'"
                self.error(self.line("subsection"), "unknown-subsection", message)
        return section, subsection

    # -- images and formats -------------------------------------------------
    def check_images(self) -> None:
        ctx = self.ctx
        image = self.value("image")
        if image:
            found = _image_problem(
                self.doc.path, self.line("image"), image, ctx, "image-missing", "ảnh"
            )
            if found:
                self.problems.append(found)
            if not self.value("image_alt"):
                self.error(
                    self.line("image"),
                    "image-without-alt",
                    "có ảnh (Image) nhưng thiếu Image_Alt — mô tả ảnh cho người khiếm thị",
                )
        fmt = self.value("format").lower()
        if fmt in ("infographic", "photo") and not image:
            self.error(
                self.line("format"),
                "format-needs-image",
                f"bài dạng '{fmt}' cần ảnh (trường Image)",
            )
        if fmt == "video" and not self.value("video_url"):
            self.error(
                self.line("format"), "video-needs-url", "bài dạng 'video' cần trường Video_URL"
            )
        if self.value("source_url") and not self.value("source"):
            self.warning(
                self.line("source_url"),
                "source-url-without-source",
                "có Source_URL nhưng thiếu Source (tên nguồn tin)",
            )

        in_fence = False
        lines = self.body_lines()
        for number in range(self.doc.header.body_line, len(lines) + 1):
            text = lines[number - 1]
            if _FENCE.match(text):
                in_fence = not in_fence
                continue
            if in_fence or "![" not in text:
                continue
            for match in _BODY_IMAGE.finditer(text):
                src = match["src"]
                if not match["alt"].strip():
                    self.error(
                        number,
                        "body-image-no-alt",
                        f"ảnh '{src}' trong bài thiếu mô tả — viết ![mô tả ảnh]({src})",
                    )
                if src:
                    found = _image_problem(
                        self.doc.path, number, src, ctx, "body-image-missing", "ảnh"
                    )
                    if found:
                        self.problems.append(found)

    def body_lines(self) -> list[str]:
        """The file's lines with HTML comments blanked (they are not rendered)."""
        text = self.doc.text
        if "<!--" in text:
            text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
        return text.splitlines()

    # -- file placement ---------------------------------------------------
    def check_placement(self, slug: str, dates: dict[str, datetime]) -> None:
        stem = posixpath.splitext(posixpath.basename(self.doc.rel))[0]
        if slug and is_slug(slug) and stem != slug:
            self.warning(
                self.line("slug"),
                "slug-filename-mismatch",
                f"slug '{slug}' khác tên tệp '{stem}.md' — đổi tên tệp thành '{slug}.md'",
            )
        if self.doc.kind == ARTICLE and "date" in dates:
            year = str(dates["date"].year)
            parts = self.doc.rel.split("/")
            folder = parts[-2] if len(parts) >= 2 else ""
            if folder != year:
                self.warning(
                    self.line("date"),
                    "year-folder-mismatch",
                    f"bài đăng năm {year} nhưng nằm trong thư mục '{folder}' — chuyển vào articles/{year}/",
                )

    # -- the whole file ---------------------------------------------------
    def run(self) -> Inspection:
        doc = self.doc
        if doc.is_empty:
            facts = Facts(doc.path, doc.kind, None, 1, False, (), ())
            return Inspection(tuple(self.problems), facts)
        self.check_keys()
        self.check_required()
        dates = self.check_values()
        section, subsection = self.check_section()
        reference = self.ctx.reference
        provinces = self.lookup_list("provinces", reference.province, "unknown-province", "tỉnh")
        countries = self.lookup_list("countries", reference.country, "unknown-country", "quốc gia")
        organizations = self.lookup_list(
            "organizations", reference.organization, "unknown-organization", "tổ chức"
        )
        self.check_images()
        if doc.kind == ARTICLE and not self.is_draft and GUIDE_MARKER in doc.text:
            line = next(i for i, text in enumerate(doc.lines, 1) if GUIDE_MARKER in text)
            self.warning(
                line,
                "template-guide-left",
                "bài đã đăng còn khối hướng dẫn của mẫu 'make new' — xóa khối <!-- … -->",
            )
        slug = self.value("slug")
        self.check_placement(slug, dates)
        related = tuple((s, self.line("related")) for s in split_list(self.value("related")))
        outputs: list[Output] = []
        if not self.is_draft:
            outputs = self.outputs(
                slug, dates.get("date"), section, subsection, provinces, countries, organizations
            )
        facts = Facts(
            doc.path,
            doc.kind,
            slug or None,
            self.line("slug"),
            self.is_draft,
            tuple(outputs),
            related,
        )
        return Inspection(tuple(self.problems), facts)

    def outputs(
        self, slug, date, section, subsection, provinces, countries, organizations
    ) -> list[Output]:
        scheme = self.ctx.scheme
        path = self.doc.path
        out: list[Output] = []

        def add(
            pattern: str, kind: str, name: str, line: int, paginated: bool = True, **values
        ) -> None:
            try:
                url = normalize_url(pattern.format(**values))
            except (KeyError, IndexError, AttributeError, TypeError, ValueError):
                return
            out.append(Output(url, kind, name, path, line, paginated))

        if self.doc.kind == PAGE:
            if slug and is_slug(slug):
                add(scheme.page, KIND_PAGE, path, self.line("slug"), False, slug=slug)
            return out
        if slug and is_slug(slug):
            add(scheme.article, KIND_ARTICLE, path, self.line("slug"), False, slug=slug, date=date)
        if section is not None:
            add(
                scheme.section, KIND_SECTION, section.name, self.line("category"), slug=section.slug
            )
            if subsection is not None:
                add(
                    scheme.subsection,
                    KIND_SUBSECTION,
                    f"{section.name} › {subsection.name}",
                    self.line("subsection"),
                    section=section.slug,
                    slug=subsection.slug,
                )
        for name, kind in (("tags", KIND_KEYWORD), ("authors", KIND_AUTHOR)):
            pattern = scheme.keyword if name == "tags" else scheme.author
            entries = split_list(self.value(name))
            if name == "authors" and not entries and scheme.default_author:
                entries = [scheme.default_author]
            for entry in entries:
                if "<" in entry or ">" in entry:
                    # Pelican strips tags before it makes the address: the
                    # page would not be where the URL check expects it.
                    self.error(
                        self.line(name),
                        "markup-in-term",
                        f"{kind} '{entry}' chứa ký tự '<' hoặc '>' — chỉ viết chữ, không viết thẻ HTML",
                    )
                    continue
                term_slug = self.ctx.slug_of(entry)
                if not term_slug:
                    self.error(
                        self.line(name),
                        "empty-term-slug",
                        f"{kind} '{entry}' không tạo được địa chỉ (slug rỗng)",
                    )
                    continue
                add(pattern, kind, entry, self.line(name), slug=term_slug)
        for items, pattern, kind, field_name in (
            (provinces, scheme.province, KIND_PROVINCE, "provinces"),
            (countries, scheme.country, KIND_COUNTRY, "countries"),
            (organizations, scheme.organization, KIND_ORGANIZATION, "organizations"),
        ):
            for item in {i.slug: i for i in items}.values():
                add(pattern, kind, item.name, self.line(field_name), slug=item.slug)
        if date is not None:
            line = self.line("date")
            year_url = self.ctx.archive_url_of(scheme.year_archive, date.year, 1)
            month_url = self.ctx.archive_url_of(scheme.month_archive, date.year, date.month)
            out.append(Output(year_url, KIND_ARCHIVE, f"{date:%Y}", path, line, True))
            out.append(Output(month_url, KIND_ARCHIVE, f"{date:%m/%Y}", path, line, True))
        legacy = self.value("legacy_url")
        if legacy:
            target = urlsplit(legacy).path if _REMOTE.match(legacy) else legacy.split("?")[0]
            if target.strip("/"):
                out.append(
                    Output(
                        normalize_url(target),
                        KIND_LEGACY,
                        path,
                        path,
                        self.line("legacy_url"),
                        False,
                    )
                )
        return out


_VALUE_CHECKS = {
    Kind.SLUG: _Inspector._slug,
    Kind.DATETIME: _Inspector._datetime,
    Kind.URL: _Inspector._url,
    Kind.INT: _Inspector._int,
    Kind.CHOICE: _Inspector._choice,
}


def inspect_document(doc: Document, ctx: CheckContext) -> Inspection:
    """Every problem of one file, and the facts the site-wide checks need."""
    return _Inspector(doc, ctx).run()
