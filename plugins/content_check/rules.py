"""The rules for one file: header fields, values, references, images.

``inspect_document`` is pure: a parsed :class:`Document` and a
:class:`CheckContext` in, the file's problems and the :class:`Facts` the
site-wide checks need (slug, outputs, related slugs) out.
"""

from __future__ import annotations

import bisect
import difflib
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import parse_qs, urlsplit

from plugins.content_model.body import COMMENT, blank_comment, masked_code
from plugins.content_model.model import (
    FIELDS,
    FIELDS_BY_NAME,
    MISSING_PHOTO_NOTE,
    PAGE_REQUIRED,
    FieldSpec,
    HeaderLine,
    Kind,
    is_slug,
    is_url,
    parse_datetime,
    split_list,
)
from plugins.images.markup import CREDIT_WORD_TYPED, credit_name, split_caption
from plugins.images.refs import content_relative
from plugins.legacy_urls.redirects import (
    is_site_path,
    legacy_path,
    redirect_output_name,
    unsafe_path,
)
from plugins.localities import before_reorganisation, split_localities
from plugins.reference import Lookup, ReferenceData, list_name
from plugins.sanitize.markup import COMMENT as REMOVED_COMMENT
from plugins.sanitize.markup import is_active_url, maybe_active, sanitize_html
from plugins.scaffold.article import GUIDE_MARKER, PLACEHOLDER_LINES
from plugins.vietnamese import fold, slugify

from .links import is_internal_link
from .problems import Problem, error, warning, with_suggestion
from .source import ARTICLE, PAGE, Document
from .urls import UrlScheme, archive_url, normalize_url, output_file, term_slug

# Keys Pelican understands on static pages besides the model's.
PAGE_EXTRA_KEYS = ("template",)
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_STRICT_INT = re.compile(r"^\d+$")
_GROUPED_INT = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_BODY_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>(?<=<)[^>\n]*|[^)\s>]*)>?"
    r"(?:\s+(?P<title>\"[^\"]*\"|'[^']*'))?\s*\)"
)
# Link targets in Markdown source: inline links and images ``](target``,
# reference definitions ``[x]: target``, and URL attributes of raw HTML.
# A destination in <…> may hold spaces (Markdown reads it so).
_INLINE_LINK = re.compile(r"\]\(\s*<?(?P<target>(?<=<)[^>\n]+|[^)\s>]+)>?")
_REFERENCE_DEFINITION = re.compile(
    r"^ {0,3}\[(?!\^)(?P<label>[^\]\n]+)\]:[ \t]*<?(?P<target>[^\s>]+)>?", re.MULTILINE
)
# A reference-style image, ``![mô tả][nhãn]``: the image pipeline reads inline
# images only, so it would be published unprocessed, at a relative address.
_REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<label>[^\]]*)\]")
_HTML_URL = re.compile(
    r"\b(?:href|src|poster|data|cite|formaction|action)\s*=\s*(?P<quote>[\"'])(?P<target>.*?)(?P=quote)",
    re.IGNORECASE,
)
# A raw <img> tag: its images would reach no pipeline. As HTML reads one:
# the name right after "<", the tag closed, within one paragraph ("<img" in
# prose, "3 < img", is text).
_HTML_IMAGE = re.compile(r"<img(?=[\s/>])(?:[^<>\n]|\n(?![ \t]*\n))*>", re.IGNORECASE)
# An HTML start tag whose attributes go on over a line break (within one
# paragraph: a blank line ends raw HTML).
_TAG_OVER_LINES = re.compile(r"<[A-Za-z][^<>\n]*\n(?:[^<>\n]|\n(?![ \t]*\n))*>")
# Markdown's autolinks, <https://…> and <name@host>: links, not tags.
_AUTOLINK = re.compile(
    r"<(?:(?:https?|ftp)://[^<>\s]*|(?:mailto:)?[-.\w]+@[-\w]+(?:\.[-\w]+)+)>", re.IGNORECASE
)
_NEWLINE = re.compile("\n")
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
KIND_REDIRECT = "địa chỉ cũ trên cổng (Redirect_From)"
KIND_MANUAL = "chuyển hướng (redirects.toml)"


# Where the names of each list are, told when a name has no close match.
_WHERE_NAMES = {
    "unknown-province": " — ghi tên tỉnh, thành phố hiện nay hoặc trước 1/7/2025,"
    " như trong data/provinces.toml",
    "unknown-country": " — xem tên và tên gọi khác trong data/countries.toml;"
    " quốc gia mới: nhờ nhóm kỹ thuật thêm vào",
    "unknown-organization": " — xem tên, tên viết tắt trong data/organizations.toml;"
    " tổ chức mới: nhờ nhóm kỹ thuật thêm vào",
}


@dataclass(frozen=True)
class CheckContext:
    reference: ReferenceData
    files: frozenset[str]  # every file under the content folder, POSIX, relative
    scheme: UrlScheme = field(default_factory=UrlScheme)  # pelicanconf.py's, read when made
    # Swappable for a per-run memoised version (names repeat across articles).
    slug_of: Callable[[str], str] = term_slug  # a keyword's, an author's page: Pelican's slug
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
    file: str = ""  # the file written, when not urls.output_file(url) (redirects)


@dataclass(frozen=True)
class Facts:
    path: str
    kind: str  # ARTICLE or PAGE
    slug: str | None
    slug_line: int
    draft: bool
    outputs: tuple[Output, ...]
    related: tuple[tuple[str, int], ...]  # (slug, line)
    rel: str = ""  # POSIX path relative to the content folder
    title: str = ""
    date: datetime | None = None
    date_line: int = 0
    links: tuple[tuple[str, int], ...] = ()  # internal link targets as written, with line
    images: tuple[tuple[str, int], ...] = ()  # images used (content-relative), with line
    legacy: tuple[tuple[str, int], ...] = ()  # Legacy_URL as written, with line
    scheduled: bool = False  # dated after the build's clock: publishes nothing yet

    @property
    def page_file(self) -> str | None:
        """The file of the article's or page's own page (None: no valid slug)."""
        own = next((o for o in self.outputs if o.kind in (KIND_ARTICLE, KIND_PAGE)), None)
        return output_file(own.url) if own else None


@dataclass(frozen=True)
class Inspection:
    problems: tuple[Problem, ...]
    facts: Facts


def plays_here(url: str) -> bool:
    """Whether the article page plays ``url`` in its own player on a click:
    the addresses ``embedUrl`` in theme/static/js/site.js turns into a
    player (a YouTube video by its id, a Vimeo video by its number); any
    other link (a playlist, a channel, another host) opens elsewhere."""
    parts = urlsplit(url.strip())
    host = re.sub(r"^(?:www\.|m\.)", "", (parts.hostname or "").lower())
    video = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        video = parse_qs(parts.query).get("v", [""])[0]
        path = re.match(r"^/(?:embed|shorts|live)/([\w-]{6,})", parts.path)
        video = video or (path.group(1) if path else "")
    elif host == "youtu.be":
        video = parts.path.lstrip("/").split("/")[0]
    elif host in ("vimeo.com", "player.vimeo.com"):
        return bool(re.search(r"\d{5,}", parts.path))
    return bool(re.fullmatch(r"[\w-]{6,}", video, re.ASCII))


# Markdown an editor may type in a Summary: bold, a link, code.
# Markdown, or words in angle brackets, which are read as an HTML tag and dropped.
_SUMMARY_MARKUP = re.compile(
    r"\*\*[^*]+\*\*|__[^_]+__|\[[^\]]+\]\([^)]*\)|`[^`]+`|<[^<>\s!][^<>]*>"
)


def _closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    folded = {fold(c): c for c in candidates}
    match = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def _closest_key(raw_key: str, allowed: set[str]) -> str | None:
    keys = {f.name: f.key for f in FIELDS if f.name in allowed}
    keys.update({name: name.capitalize() for name in allowed if name not in keys})
    match = difflib.get_close_matches(raw_key.lower(), list(keys), n=1, cutoff=0.6)
    return keys[match[0]] if match else None


def content_path(value: str) -> str | None:
    """A path relative to ``content/`` (``None`` if it escapes it), as the
    image pipeline reads it (:func:`plugins.images.refs.content_relative`)."""
    normal = posixpath.normpath(content_relative(value) or ".")
    if normal == ".." or normal.startswith("../") or posixpath.isabs(normal):
        return None
    return normal


def _image_problem(
    path: str, line: int, value: str, ctx: CheckContext, code: str, what: str
) -> Problem | None:
    if _REMOTE.match(value.strip()):
        if value.strip().lower().startswith("data:"):
            return None
        return error(
            path,
            line,
            "image-remote",
            f"{what} '{value}' lấy từ trang web khác: trình duyệt của bạn đọc sẽ không tải"
            " (cổng chỉ hiện ảnh của chính mình) — tải ảnh về content/images/<năm>/ và ghi"
            " đường dẫn đó",
        )
    target = content_path(value)
    if target is None:
        return error(
            path,
            line,
            "image-outside-content",
            f"đường dẫn {what} '{value}' ra ngoài thư mục content/",
        )
    if target in ctx.files:
        if re.search(r"\s", target):
            return error(
                path,
                line,
                "image-name-space",
                f"tên tệp {what} '{target}' có dấu cách, địa chỉ ảnh trên trang sẽ hỏng"
                " — đổi tên tệp (dùng dấu gạch ngang) và sửa đường dẫn",
            )
        return None
    siblings = ctx.files_by_folder.get(posixpath.dirname(target), ())
    suggestion = difflib.get_close_matches(target, siblings, n=1, cutoff=0.6)
    if target.startswith("content/") and target[len("content/") :] in ctx.files:
        # Written from the project's folder: paths start inside content/.
        suggestion = [target[len("content/") :]]
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
        """Every key is one the content model knows, written once: a typo
        (``Statsu: draft``, ``Provinse: …``) would otherwise change what is
        published without a word, and of two lines only the first counts."""
        seen: dict[str, int] = {}
        allowed = set(FIELDS_BY_NAME) | (set(PAGE_EXTRA_KEYS) if self.doc.kind == PAGE else set())
        for item in self.doc.header.lines:
            if item.key in seen:
                self.error(
                    item.line,
                    "duplicate-key",
                    f"trường '{item.raw_key}' đã khai báo ở dòng {seen[item.key]}"
                    " — chỉ giữ một dòng (khi đăng chỉ dòng đầu được dùng)",
                )
                continue
            seen[item.key] = item.line
            if item.key not in allowed:
                self.error(
                    item.line,
                    "unknown-key",
                    with_suggestion(
                        f"trường '{item.raw_key}' không có trong mô hình nội dung"
                        " (bảng các trường: docs/huong-dan-bien-tap.md, mục 3)",
                        _closest_key(item.raw_key, allowed),
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

    def _format(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        """A value its kind's test (:data:`_FORMATS`) must accept."""
        accepts, code, message = _FORMATS[spec.kind]
        if not accepts(value):
            self.error(item.line, code, message(spec, value))

    def _datetime(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        try:
            dates[spec.name] = parse_datetime(value)
        except ValueError as problem:
            code = "date-without-time" if _DATE_ONLY.match(value) else "bad-date"
            self.error(item.line, code, f"{spec.key}: {problem}")

    def _int(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        ok = _STRICT_INT.match(value) or (spec.name == "views" and _GROUPED_INT.match(value))
        if not ok:
            self.error(
                item.line, "bad-integer", f"{spec.key} phải là số nguyên, không phải '{value}'"
            )

    def _choice(self, spec: FieldSpec, item: HeaderLine, value: str, dates: dict) -> None:
        if value.lower() not in spec.choices:
            said = _CHOICE_WORDS.get(fold(value))  # "nháp": the value in Vietnamese
            suggestion = [said] if said in spec.choices else []
            suggestion = suggestion or difflib.get_close_matches(
                value.lower(), spec.choices, n=1, cutoff=0.5
            )
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
        entries = split_list(self.value(name))
        index = 0
        while index < len(entries):
            entry = entries[index]
            result = lookup(entry)
            if result.found is not None:
                found.append(result.found)
            elif (joined := self.name_with_comma(entries, index, lookup)) is not None:
                # An official name with a comma ("Tổ chức Giáo dục, Khoa học và
                # Văn hóa Liên hợp quốc"): the comma split it in two.
                whole, entry_found = joined
                self.error(
                    self.line(name),
                    "comma-in-name",
                    f"{what} '{whole}' có dấu phẩy nên bị tách làm hai;"
                    f" trong danh sách hãy viết '{list_name(entry_found)}'",
                )
                index += 1
            else:
                # No close name: say where the names are (an editor may add one).
                hint = "" if result.suggestion else _WHERE_NAMES.get(code, "")
                self.error(
                    self.line(name),
                    code,
                    with_suggestion(
                        f"{what} '{entry}' không có trong danh mục{hint}", result.suggestion
                    ),
                )
            index += 1
        return found

    def check_former_provinces(self, date: datetime | None) -> None:
        """``Provinces:`` names a unit as it was at the time: an article dated
        from 1 July 2025 that names a province merged into another (or
        renamed) is most likely out of date; a warning, as the event it
        reports may be older than the article."""
        if date is None or before_reorganisation(date):
            return
        for entry in split_list(self.value("provinces")):
            current = self.ctx.reference.merged_into(entry)
            if current is None:
                continue
            self.warning(
                self.line("provinces"),
                "former-province-name",
                f"{self.ctx.reference.as_former(entry)} trước 1/7/2025, nay thuộc {current.name}: bài đăng"
                f" {date:%d/%m/%Y} nên ghi '{current.name}' (tên cũ chỉ dùng khi bài kể"
                " sự kiện trước ngày đó)",
            )

    def check_localities(self, dates: dict[str, datetime]) -> list:
        """``Localities:``: each item a commune, ward or special zone of the
        current map, or a commune or district of the pre-2025 one, found in
        one place only (the article's provinces, or a place in parentheses)."""
        value = self.value("localities")
        if not value.strip():
            return []
        line = self.line("localities")
        before = before_reorganisation(dates.get("date"))
        written = split_list(self.value("provinces"))
        found = []
        date = dates.get("date")
        for item in split_localities(value):
            result = self.ctx.reference.localities.resolve(item, written, before)
            if result.found is not None:
                found.append(result.found)
                if result.found.is_former and date is not None and not before:
                    self.former_locality(line, item, result.found, date)
            else:
                self.error(
                    line, "unknown-locality", with_suggestion(result.problem, result.suggestion)
                )
        return found

    def former_locality(self, line: int, item: str, locality, date: datetime) -> None:
        """A unit of the map before 1 July 2025 in an article dated after it
        (as :meth:`check_former_provinces`): most likely out of date; a
        warning, as the event it reports may be older."""
        write = f"'{locality.unit.label}'" if locality.unit else "xã, phường hiện nay"
        self.warning(
            line,
            "former-locality-name",
            f"'{item}' là đơn vị hành chính trước 1/7/2025 ({locality.now}): bài đăng"
            f" {date:%d/%m/%Y} nên ghi {write} (tên cũ chỉ dùng khi bài kể sự kiện trước"
            " ngày đó)",
        )

    @staticmethod
    def name_with_comma(entries: list[str], index: int, lookup: Callable[[str], Lookup]):
        """``(name, entry)`` when ``entries[index]`` and the next item are one
        reference name that holds a comma, else None."""
        if index + 1 < len(entries):
            whole = f"{entries[index]}, {entries[index + 1]}"
            result = lookup(whole)
            if result.found is not None:
                return whole, result.found
        return None

    def check_section(self):
        section = None
        category = self.value("category")
        if category:
            result = self.ctx.reference.section(category)
            section = result.found
            if section is None:
                message = with_suggestion(
                    f"chuyên mục '{category}' không có trong danh mục", result.suggestion
                )
                if not result.suggestion:  # nothing close: every choice
                    names = ", ".join(section.name for section in self.ctx.reference.sections)
                    message += f" (có: {names})"
                self.error(self.line("category"), "unknown-section", message)
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
        self.lead_image: list[tuple[str, int]] = []
        if image:
            found = _image_problem(
                self.doc.path, self.line("image"), image, ctx, "image-missing", "ảnh"
            )
            if found:
                self.problems.append(found)
            elif not _REMOTE.match(image):
                self.lead_image.append((content_path(image) or image, self.line("image")))
            if not self.value("image_alt"):
                self.error(
                    self.line("image"),
                    "image-without-alt",
                    "có ảnh (Image) nhưng thiếu Image_Alt — mô tả ảnh cho người khiếm thị",
                )
        self.check_credit()
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
        video = self.value("video_url")
        if video and not plays_here(video):
            self.warning(
                self.line("video_url"),
                "video-elsewhere",
                "Video_URL không phải địa chỉ một video YouTube hay Vimeo: video không phát"
                " trong bài, bạn đọc bấm vào sẽ được đưa sang trang đó — dùng địa chỉ của"
                " chính video (youtube.com/watch?v=…, youtu.be/…, vimeo.com/<số>)",
            )
        if self.value("source_url") and not self.value("source"):
            self.warning(
                self.line("source_url"),
                "source-url-without-source",
                "có Source_URL nhưng thiếu Source (tên nguồn tin)",
            )

        self.scan_body()

    def check_credit(self) -> None:
        """The lead photo's credit: a name once (the page adds "Ảnh:")."""
        credit = self.value("image_credit")
        name = credit_name(credit)
        if credit and CREDIT_WORD_TYPED.match(credit.strip()):
            shown = name if name != credit.strip() else CREDIT_WORD_TYPED.sub("", credit).strip()
            self.warning(
                self.line("image_credit"),
                "image-credit-word",
                "Image_Credit chỉ ghi tên người chụp, trang tự thêm 'Ảnh:' ('Photo:' ở bài"
                f" tiếng Anh) — viết '{shown}'",
            )
        own = split_caption(self.value("image_caption")).credit
        if name and own and own.casefold() != name.casefold():
            self.error(
                self.line("image_caption"),
                "two-image-credits",
                f"Image_Caption ghi người chụp '{own}' nhưng Image_Credit là '{name}': trang sẽ"
                " hiện cả hai — giữ một tên (bỏ phần '(Ảnh: …)' khỏi Image_Caption,"
                " hoặc sửa Image_Credit)",
            )

    def scan_body(self) -> None:
        """One pass over the body: images, links and HTML comments.

        Fenced code and inline code are shown as written: they hold no
        image, link or comment, so they are blanked first (offsets kept).
        """
        self.body_images: list[tuple[str, int]] = []
        self.body_links: list[tuple[str, int]] = []
        start = self.doc.header.body_line
        # a fenced block is shown, even when empty
        text, code_block = masked_code(self.doc.lines[start - 1 :])
        if "<!--" in text:
            text = COMMENT.sub(lambda m: self.comment_found(m, text, start), text)
        # What the reader gets once the comments are gone.
        self.body_visible = code_block or bool(text.strip())
        self.scan_text(text, start)

    def comment_found(self, match: re.Match, text: str, start: int) -> str:
        """Report one HTML comment; return its blank (line breaks kept)."""
        comment = match.group()
        line = start + text.count("\n", 0, match.start())
        if not comment.endswith("-->"):
            self.error(
                line,
                "unclosed-comment",
                "chú thích HTML '<!--' không có '-->' đóng lại — phần còn lại của bài sẽ bị ẩn;"
                " thêm '-->' hoặc xóa '<!--'",
            )
        elif MISSING_PHOTO_NOTE in comment:  # make import: a photo of the old page
            self.warning(
                line,
                "missing-photo",
                "ảnh của trang cũ chưa có tệp (ghi chú của lệnh chuyển bài, không được đăng)"
                " — chép ảnh vào content/images/ và thay ghi chú bằng dòng ảnh trong đó,"
                " hoặc xóa ghi chú",
            )
        elif GUIDE_MARKER not in comment:  # the guide of 'make new' has its own warning
            self.warning(
                line,
                "html-comment",
                "chú thích HTML <!-- … --> sẽ bị xóa khi đăng (không hiện trên trang, trong RSS"
                " hay mã nguồn trang) — ghi chú nội bộ nên để ngoài bài",
            )
        return blank_comment(match)

    def scan_text(self, text: str, start: int) -> None:
        """Images and links of the (masked) body ``text``, whose first line is
        line ``start`` of the file. Each pattern runs once over the whole
        text, and only when its literal is there (at 10,000 articles, three
        patterns per line took 3.5 s)."""
        breaks: list[int] = []

        def line_of(offset: int) -> int:
            if not breaks:
                breaks.extend(m.start() for m in _NEWLINE.finditer(text))
            return start + bisect.bisect_right(breaks, offset)

        image_labels: set[str] = set()
        if "![" in text:
            for match in _BODY_IMAGE.finditer(text):
                self.body_image(
                    match["alt"], match["src"], line_of(match.start()), match["title"] or ""
                )
            text = _BODY_IMAGE.sub(lambda m: " " * len(m.group()), text)
            for match in _REFERENCE_IMAGE.finditer(text):
                label = (match["label"] or match["alt"]).strip().lower()
                image_labels.add(label)
                self.error(
                    line_of(match.start()),
                    "image-reference",
                    f"ảnh viết kiểu tham chiếu '{match.group()}' chưa được hỗ trợ — viết"
                    f" ngay tại chỗ: ![{match['alt']}](images/<năm>/<tên-tệp>)",
                )
        self.scan_active(text, line_of)
        if "<" in text:
            for match in _HTML_IMAGE.finditer(text):
                self.error(
                    line_of(match.start()),
                    "html-image",
                    "ảnh viết bằng thẻ HTML <img> không được xử lý (không thu nhỏ, không"
                    " WebP, không chú thích, có thể tải từ trang khác) — viết dạng Markdown:"
                    " ![mô tả ảnh](images/<năm>/<tên-tệp>)",
                )
            text = _HTML_IMAGE.sub(lambda m: " " * len(m.group()), text)
        patterns = []
        if "](" in text:
            patterns.append(_INLINE_LINK)
        if "]:" in text:
            patterns.append(_REFERENCE_DEFINITION)
        if "=" in text and "<" in text:
            patterns.append(_HTML_URL)
        for pattern in patterns:
            for match in pattern.finditer(text):
                if pattern is _REFERENCE_DEFINITION and (
                    match["label"].strip().lower() in image_labels
                ):
                    continue  # an image's, reported at the image
                target = html.unescape(match["target"]).strip()
                if is_internal_link(target):
                    self.body_links.append((target, line_of(match.start())))
        self.body_links.sort(key=lambda link: link[1])

    def scan_active(self, text: str, line_of: Callable[[int], int]) -> None:
        """Warn, at its line, of what the build's sanitizer (plugins/sanitize)
        will take out of the page: raw HTML that could run in a reader's
        browser, and Markdown links to ``javascript:`` and the like. The build
        warns too, but without a line, and an editor who runs only make
        check was told nothing."""
        found: list[tuple[int, str]] = []
        if "<" in text:
            text = _AUTOLINK.sub(lambda m: " " * len(m.group()), text)
        if maybe_active(text):
            offset = 0
            for line in text.split("\n"):
                if maybe_active(line):
                    removed = [
                        item
                        for item in sanitize_html(line).removed
                        # comments have their own warning; a tag cut by a line
                        # break is whole in the page
                        if item not in (REMOVED_COMMENT, "thẻ HTML dở dang")
                    ]
                    if removed:
                        found.append((line_of(offset), ", ".join(dict.fromkeys(removed))))
                offset += len(line) + 1
            # A tag written over several lines (an on…= on its second line):
            # the page holds it whole, so it is read whole, at its first line.
            for match in _TAG_OVER_LINES.finditer(text):
                removed = [
                    item
                    for item in sanitize_html(match.group().replace("\n", " ")).removed
                    if item not in (REMOVED_COMMENT, "thẻ HTML dở dang")
                ]
                if removed:
                    found.append((line_of(match.start()), ", ".join(dict.fromkeys(removed))))
        if "](" in text:
            for match in _INLINE_LINK.finditer(text):
                target = html.unescape(match["target"])
                if is_active_url(target, "href"):
                    scheme = target.split(":", 1)[0].strip().lower()
                    found.append((line_of(match.start()), f"liên kết {scheme}:"))
        for number, what in sorted(found):
            self.warning(
                number,
                "active-content",
                f"mã có thể chạy trong trình duyệt ({what}) sẽ bị loại bỏ khi đăng — bài không"
                " được chứa <script>, <iframe>, thuộc tính on…= hay liên kết javascript:;"
                " xóa đoạn này",
            )

    def body_image(self, alt: str, src: str, number: int, title: str = "") -> None:
        if not alt.strip():
            caption = f" {title}" if title else ""  # the caption stays as written
            self.error(
                number,
                "body-image-no-alt",
                f"ảnh '{src}' trong bài thiếu mô tả — viết ![mô tả ảnh]({src}{caption})",
            )
        if not src:
            return
        found = _image_problem(self.doc.path, number, src, self.ctx, "body-image-missing", "ảnh")
        if found:
            self.problems.append(found)
        elif not _REMOTE.match(src.strip()):
            self.body_images.append((content_path(src) or src, number))

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
            facts = Facts(doc.path, doc.kind, None, 1, False, (), (), rel=doc.rel)
            return Inspection(tuple(self.problems), facts)
        self.check_keys()
        self.check_required()
        dates = self.check_values()
        section, subsection = self.check_section()
        reference = self.ctx.reference
        provinces = self.lookup_list("provinces", reference.province, "unknown-province", "tỉnh")
        self.check_former_provinces(dates.get("date"))
        # A commune's province is the article's too (plugins.content_model).
        for locality in self.check_localities(dates):
            provinces.append(reference.province(locality.province).found)
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
        if doc.kind == ARTICLE and not self.is_draft:
            start = self.doc.header.body_line
            for number, text in enumerate(doc.lines[start - 1 :], start):
                if text.strip() in PLACEHOLDER_LINES:
                    self.error(
                        number,
                        "template-body-left",
                        f"bài đã đăng còn dòng mẫu của 'make new' ('{text.strip()}')"
                        " — thay bằng nội dung thật, hoặc để 'Status: draft' nếu chưa xong",
                    )
        self.check_summary_comments()
        if self.value("series_part") and not self.value("series"):
            self.warning(
                self.line("series_part"),
                "series-part-without-series",
                "có Series_Part nhưng thiếu Series: bài không thuộc loạt bài nào — thêm"
                " 'Series: <tên loạt bài>' hoặc bỏ Series_Part",
            )
        if not self.is_draft and not self.body_visible:
            self.error(
                self.doc.header.body_line
                if self.doc.header.body_line <= len(doc.lines)
                else self.missing_line,
                "empty-body",
                "thân bài trống (sau khi bỏ các chú thích <!-- … -->) — viết nội dung bài,"
                " hoặc để 'Status: draft' nếu chưa xong",
            )
        slug = self.value("slug")
        self.check_placement(slug, dates)
        related = tuple((s, self.line("related")) for s in split_list(self.value("related")))
        outputs: list[Output] = []
        if not self.is_draft:
            outputs = self.outputs(
                slug, dates.get("date"), section, subsection, provinces, countries, organizations
            )
        self.check_feed_id(outputs)
        legacy = self.value("legacy_url")
        facts = Facts(
            doc.path,
            doc.kind,
            slug or None,
            self.line("slug"),
            self.is_draft,
            tuple(outputs),
            related,
            rel=doc.rel,
            title=self.value("title"),
            date=dates.get("date"),
            date_line=self.line("date"),
            links=tuple(self.body_links),
            images=tuple(self.lead_image + self.body_images),
            legacy=((legacy, self.line("legacy_url")),) if legacy else (),
        )
        return Inspection(tuple(self.problems), facts)

    def check_feed_id(self, outputs: list[Output]) -> None:
        """``Feed_ID`` (written by ``make fix`` when a published slug
        changes) keeps the article's first address as its id in the feeds,
        so a feed reader does not show it again as new. It must be one of the
        article's own addresses: its page, or a line of its ``Redirect_From``
        (another article's address would give two items one id)."""
        value = self.value("feed_id")
        if not value:
            return
        # Addresses compared without their final "/" (a redirect's source is
        # kept without it, a page's with it).
        kinds = (KIND_ARTICLE, KIND_PAGE, KIND_REDIRECT)
        own = {o.url.rstrip("/") for o in outputs if o.kind in kinds}
        url = normalize_url(legacy_path(value)).rstrip("/") if is_site_path(value) else None
        if url is None or (own and url not in own):
            self.error(
                self.line("feed_id"),
                "bad-feed-id",
                f"Feed_ID '{value}' phải là một địa chỉ của chính bài này: địa chỉ hiện tại hoặc"
                " một địa chỉ trong Redirect_From (make fix tự thêm cả hai khi slug đổi)",
            )
        elif value != (written := f"/{url}" if url.endswith(".html") else f"/{url}/"):
            # The feeds print it as written: another spelling of the address
            # ('/bai-viet/x' for '/bai-viet/x/') is another id to a reader.
            self.error(
                self.line("feed_id"),
                "bad-feed-id",
                f"Feed_ID '{value}' phải viết đúng như địa chỉ đã đăng: '{written}' (phần mềm đọc tin"
                " coi cách viết khác là một bài khác)",
            )

    def check_summary_comments(self) -> None:
        """The sapo is published without its HTML comments (plugins.sanitize),
        and as plain text: Markdown in it is not read."""
        summary = self.value("summary")
        markup = _SUMMARY_MARKUP.search(COMMENT.sub("", summary))
        if markup:
            self.warning(
                self.line("summary"),
                "summary-markup",
                f"Summary là chữ thường, không đọc Markdown: '{markup.group(0)}' sẽ hiện"
                " như vậy hoặc mất (một liên kết mất địa chỉ, chữ trong < > mất cả) — viết sapo"
                " không có **, _, [ ]( ), < >",
            )
        if "<!--" not in summary:
            return
        line = self.line("summary")
        if not COMMENT.sub("", summary).strip():
            self.error(
                line,
                "empty-summary",
                "Summary chỉ có chú thích <!-- … --> nên sẽ trống khi đăng — viết sapo",
            )
        else:
            self.warning(
                line,
                "html-comment",
                "chú thích HTML <!-- … --> trong Summary sẽ bị xóa khi đăng",
            )

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
            return out + self.redirect_from_outputs()
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
            old = legacy_path(legacy)
            if old != "/" and not unsafe_path(old):
                out.append(
                    Output(
                        normalize_url(old),
                        KIND_LEGACY,
                        path,
                        path,
                        self.line("legacy_url"),
                        False,
                        redirect_output_name(old),
                    )
                )
        out += self.redirect_from_outputs()
        return out

    def redirect_from_outputs(self) -> list[Output]:
        """``Redirect_From``: this site's old addresses of the article or page
        (before its slug changed), each a redirect page to it."""
        path = self.doc.path
        out: list[Output] = []
        for value in split_list(self.value("redirect_from")):
            line = self.line("redirect_from")
            if not is_site_path(value):
                self.error(
                    line,
                    "bad-redirect-from",
                    f"Redirect_From '{value}' phải là đường dẫn trên cổng, bắt đầu bằng '/'"
                    " (ví dụ /bai-viet/slug-cu/); địa chỉ của trang web cũ ghi vào Legacy_URL",
                )
                continue
            old = legacy_path(value)
            if old == "/" or unsafe_path(old):
                self.error(
                    line,
                    "bad-redirect-from",
                    f"Redirect_From '{value}' không dùng được làm địa chỉ chuyển hướng",
                )
                continue
            out.append(
                Output(
                    normalize_url(old),
                    KIND_REDIRECT,
                    path,
                    path,
                    line,
                    False,
                    redirect_output_name(old),
                )
            )
        return out


# A choice said in Vietnamese (folded) → the value the header takes: the
# editors' guide names them so ("nháp" = draft, "tin chính" = lead).
_CHOICE_WORDS = {
    "nhap": "draft",
    "ban nhap": "draft",
    "dang": "published",
    "da dang": "published",
    "xuat ban": "published",
    "tin chinh": "lead",
    "noi bat": "top",
    "tin noi bat": "top",
    "khong": "no",
    "bai viet": "article",
    "phong su anh": "photo",
    "anh": "photo",
}


# Kinds whose value either passes a test or is one problem: (test, problem
# code, message for a value that fails).
_FORMATS: dict[Kind, tuple[Callable[[str], bool], str, Callable[[FieldSpec, str], str]]] = {
    Kind.SLUG: (
        is_slug,
        "bad-slug",
        lambda spec, value: (
            f"slug '{value}' không hợp lệ — chỉ dùng chữ thường không dấu,"
            f" số và '-', ví dụ '{slugify(value)}'"
        ),
    ),
    Kind.URL: (
        is_url,
        "bad-url",
        lambda spec, value: (
            f"{spec.key} '{value}' không phải địa chỉ web hợp lệ — cần dạng https://…"
        ),
    ),
}
_VALUE_CHECKS = {
    Kind.SLUG: _Inspector._format,
    Kind.DATETIME: _Inspector._datetime,
    Kind.URL: _Inspector._format,
    Kind.INT: _Inspector._int,
    Kind.CHOICE: _Inspector._choice,
}


def inspect_document(doc: Document, ctx: CheckContext) -> Inspection:
    """Every problem of one file, and the facts the site-wide checks need."""
    return _Inspector(doc, ctx).run()
