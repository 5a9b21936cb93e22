"""The article content model as data, and the pure parsers for its values.

``FIELDS`` is the single description of every metadata key: the checker
validates against it, ``make new`` writes its template from it, and the
Pelican adapter (``__init__.py``) turns raw strings into typed values with
the same parsers. Nothing here imports Pelican.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from plugins.vietnamese import VIETNAM_TZ, datetime_from_match, nfc


class Kind(Enum):
    TEXT = "text"
    SLUG = "slug"
    DATETIME = "datetime"
    LIST = "list"
    URL = "url"
    PATH = "path"
    INT = "int"
    CHOICE = "choice"


@dataclass(frozen=True)
class FieldSpec:
    key: str  # as editors write it
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    help_vi: str = ""

    @property
    def name(self) -> str:
        """Pelican's (lower-case) metadata name."""
        return self.key.lower()


SUMMARY_MAX = 300
TITLE_MAX = 200
FORMATS = ("article", "video", "infographic", "photo")
FEATURED = ("lead", "top", "no")
STATUSES = ("published", "draft")
LANGUAGES = ("vi", "en")  # the editions (pelicanconf.py DEFAULT_LANG and EDITIONS)
# How the note opens that make import writes in a body for a photo of the old
# page it has no file of (plugins/importer/convert.py); make check names it.
MISSING_PHOTO_NOTE = "<!-- Ảnh của trang cũ, chưa có tệp ảnh."

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("Title", Kind.TEXT, True, max_length=TITLE_MAX, help_vi="tiêu đề bài"),
    FieldSpec("Slug", Kind.SLUG, True, help_vi="đường dẫn, chữ thường không dấu, nối bằng '-'"),
    FieldSpec(
        "Date", Kind.DATETIME, True, help_vi="ngày giờ đăng, dạng 2025-11-03 13:33 (giờ Việt Nam)"
    ),
    FieldSpec("Modified", Kind.DATETIME, help_vi="ngày giờ cập nhật"),
    FieldSpec("Category", Kind.TEXT, True, help_vi="chuyên mục, trong data/sections.toml"),
    FieldSpec("Subsection", Kind.TEXT, help_vi="chuyên mục con"),
    FieldSpec("Tags", Kind.LIST, help_vi="từ khóa, cách nhau bằng dấu phẩy"),
    FieldSpec("Provinces", Kind.LIST, help_vi="tỉnh, thành phố (tên tại thời điểm sự kiện)"),
    FieldSpec(
        "Localities",
        Kind.LIST,
        help_vi="xã, phường, đặc khu (tên cũ trước 1/7/2025 cũng được), nơi trong ngoặc"
        " khi tên có ở nhiều tỉnh, ví dụ: xã Nam Cường (Hưng Yên), phường Hoàn Kiếm (Hà Nội)",
    ),
    FieldSpec("Countries", Kind.LIST, help_vi="quốc gia đối tác"),
    FieldSpec("Organizations", Kind.LIST, help_vi="tổ chức"),
    FieldSpec("Authors", Kind.LIST, help_vi="tác giả"),
    FieldSpec("Source", Kind.TEXT, help_vi="nguồn tin"),
    FieldSpec("Source_URL", Kind.URL, help_vi="địa chỉ bài gốc"),
    FieldSpec("Summary", Kind.TEXT, True, max_length=SUMMARY_MAX, help_vi="sapo"),
    FieldSpec("Image", Kind.PATH, help_vi="ảnh đại diện, ví dụ images/2025/ten-anh.jpg"),
    FieldSpec("Image_Alt", Kind.TEXT, help_vi="mô tả ảnh cho người khiếm thị"),
    FieldSpec("Image_Caption", Kind.TEXT, help_vi="chú thích ảnh"),
    FieldSpec(
        "Image_Credit",
        Kind.TEXT,
        help_vi="người chụp, chỉ ghi tên: trang tự thêm 'Ảnh:' ('Photo:' ở bài tiếng Anh)",
    ),
    FieldSpec(
        "Featured", Kind.CHOICE, choices=FEATURED, help_vi="lead = tin chính, top = tin nổi bật"
    ),
    FieldSpec("Format", Kind.CHOICE, choices=FORMATS, help_vi="loại bài"),
    FieldSpec("Video_URL", Kind.URL, help_vi="địa chỉ video (YouTube, Vimeo)"),
    FieldSpec("Series", Kind.TEXT, help_vi="tên loạt bài"),
    FieldSpec("Series_Part", Kind.INT, help_vi="số thứ tự trong loạt bài"),
    FieldSpec("Related", Kind.LIST, help_vi="slug các bài liên quan do biên tập viên chọn"),
    FieldSpec("Legacy_URL", Kind.TEXT, help_vi="địa chỉ cũ trên trang web trước đây"),
    FieldSpec(
        "Redirect_From",
        Kind.LIST,
        help_vi="địa chỉ cũ của bài trên cổng này (trước khi đổi slug), ví dụ /bai-viet/slug-cu/",
    ),
    FieldSpec(
        "Feed_ID",
        Kind.TEXT,
        help_vi="mã của bài trong RSS/Atom: địa chỉ đầu tiên của bài, make fix tự thêm khi slug"
        " đổi (một dòng của Redirect_From); đừng sửa",
    ),
    FieldSpec("Views", Kind.INT, help_vi="lượt xem cũ"),
    FieldSpec(
        "Imported",
        Kind.TEXT,
        help_vi="dấu của lệnh nhập bài cũ (make import): bài đã sửa thì không bị nhập đè; đừng sửa",
    ),
    FieldSpec(
        "Lang",
        Kind.CHOICE,
        choices=LANGUAGES,
        help_vi="ngôn ngữ của bài: vi (mặc định) hoặc en (bài tiếng Anh, trong content/en/articles/)",
    ),
    FieldSpec(
        "Translation_Key",
        Kind.SLUG,
        help_vi="khóa chung của một bài và bản dịch của nó (thường là slug bài tiếng Việt)",
    ),
    FieldSpec("Status", Kind.CHOICE, choices=STATUSES, help_vi="published hoặc draft"),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}

# Keys a static page (content/pages) needs.
PAGE_REQUIRED = ("title", "slug")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATETIME = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})[ T]"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|GMT\+7)?$"
)
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderLine:
    key: str  # lower-cased
    raw_key: str
    value: str
    line: int  # 1-based


@dataclass(frozen=True)
class Header:
    lines: tuple[HeaderLine, ...]
    body_line: int  # first line of the body (1-based)

    def get(self, name: str) -> HeaderLine | None:
        return next((h for h in self.lines if h.key == name), None)


# Python-Markdown's ``meta`` extension, which the build reads headers with
# (markdown/extensions/meta.py META_RE, META_MORE_RE): a key line may be
# indented by up to 3 spaces and has its colon right after the key; a line
# indented by 4 spaces or more goes on with the previous value; any other
# line ends the header there, and the rest of the file is the body.
# What ends a line for Python-Markdown (and so for the build): a line feed,
# a carriage return or both. ``str.splitlines`` also ends a line at U+2028,
# U+2029, U+0085 and other separators, which the build reads as text: a
# header split so would not be the header the build reads (the content
# check refuses these characters, plugins/content_check/source.py).
_LINE_END = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """``text``'s lines as the build reads them (like ``str.splitlines``,
    no line after a final line break, but only at CR, LF and CRLF)."""
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_SPACED_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+)\s+:")


def read_header(text: str) -> tuple[Header, list[tuple[int, str]]]:
    """Split a Markdown file's metadata header, keeping line numbers.

    Returns the header and a list of ``(line, message)`` syntax problems: a
    line the build would not read as part of the header (which would end
    it there, and publish the rest as the body). Lines follow the rules of
    Python-Markdown's ``meta`` (above); a value that goes on over indented
    lines is one value, its lines joined by a space (the build joins them
    so too: plugins/markdown_reader).
    """
    lines = source_lines(text)
    found: list[HeaderLine] = []
    problems: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        raw = lines[index]
        if not raw.strip():
            break
        match = _HEADER_LINE.match(raw)
        more = _CONTINUATION.match(raw)
        if match:
            key = match["key"]
            found.append(HeaderLine(key.lower(), key, match["value"].strip(), index + 1))
        elif more and found:
            last = found[-1]
            value = f"{last.value} {more['value'].strip()}".strip()
            found[-1] = HeaderLine(last.key, last.raw_key, value, last.line)
        else:
            problems.append((index + 1, _header_line_problem(raw)))
            if not found:
                break
        index += 1
    # A bad line after the last key: most likely the body's first line,
    # written without the blank line that ends the header.
    last_key = max((h.line for h in found), default=0)
    first_after = next((n for n, (line, _) in enumerate(problems) if line > last_key), None)
    if first_after is not None and problems[first_after][1] == _NOT_A_HEADER_LINE:
        line, message = problems[first_after]
        problems[first_after] = (
            line,
            f"{message} — nếu đây là thân bài, thêm một dòng trống trước dòng này"
            " (dòng trống ngăn phần đầu bài với thân bài)",
        )
    return Header(tuple(found), index + 2), problems


_NOT_A_HEADER_LINE = "dòng không đúng dạng 'Tên trường: giá trị' trong phần đầu bài"


def _header_line_problem(raw: str) -> str:
    spaced = _SPACED_KEY.match(raw)
    if spaced:
        return (
            f"bỏ dấu cách trước dấu hai chấm: '{spaced['key']}:' — nếu không, phần đầu bài"
            " dừng ở dòng này và các dòng sau bị đăng thành thân bài"
        )
    if raw[:1] in (" ", "\t"):
        return (
            "dòng viết tiếp giá trị của trường trên phải lùi vào ít nhất 4 dấu cách"
            " (không dùng tab) — hoặc viết cả giá trị trên một dòng"
        )
    return _NOT_A_HEADER_LINE


# Day first, as Vietnamese writes a date ("03/11/2026 13:33", "3-11-2026"):
# the message gives it back in the header's form.
_DAY_FIRST = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?"
    r"(?:\s*(GMT\+7|[+-]\d{2}:?\d{2}))?$"
)


def _day_first(text: str) -> str:
    """``text`` written day first ("03/11/2026 13:33", seconds and a zone
    allowed) in the header's form, when that is a real moment; "" otherwise
    (a month-first "11/25/2026" is not turned into 2026-25-11). Without a
    time the form says ``HH:MM``: a time made up would be copied as is."""
    written = _DAY_FIRST.match(text)
    if not written:
        return ""
    day, month, year, clock, zone = written.groups()
    hour, minute = (clock or "00:00").split(":")[:2]
    fixed = f"{year}-{int(month):02d}-{int(day):02d} {int(hour):02d}:{minute}"
    if zone:
        fixed += f" {zone}"
    try:
        parse_datetime(fixed)
    except ValueError:
        return ""
    return fixed if clock else f"{fixed[:10]} HH:MM{fixed[16:]}"


def _month_first(text: str) -> str:
    """``text`` read month first ("12/05/2026" as 5 December, the English
    way), as :func:`_day_first` gives it; "" when that is no real moment."""
    written = _DAY_FIRST.match(text)
    if not written:
        return ""
    return _day_first(f"{written[2]}/{written[1]}/{written[3]}{text[written.end(3) :]}")


def parse_datetime(value: str) -> datetime:
    """Parse ``YYYY-MM-DD HH:MM[:SS][+07:00]`` as Vietnam time.

    Raises ``ValueError`` with a Vietnamese message; a date without a time is
    an error of its own, since the dateline always shows the time.
    """
    text = value.strip()
    if _DATE_ONLY.match(text):
        raise ValueError(f"ngày '{value}' thiếu giờ — viết cả giờ đăng: '{text} HH:MM'")
    match = _DATETIME.match(text)
    if not match:
        fixed = _day_first(text)  # "03/11/2026 13:33", as Vietnamese writes a date
        hint = f" — viết '{fixed}'" if fixed else ""
        other = _month_first(text)
        if fixed and other and other != fixed:  # "12/05/2026": an English date reads 5 December
            hint += f" (ngày {int(fixed[8:10])} tháng {int(fixed[5:7])}; nếu là ngày"
            hint += f" {int(other[8:10])} tháng {int(other[5:7])} thì viết '{other}')"
        raise ValueError(f"ngày giờ '{value}' không đúng dạng YYYY-MM-DD HH:MM{hint}")
    tz = match["tz"]
    if tz and tz not in ("GMT+7", "+07:00", "+0700"):
        raise ValueError(f"ngày giờ '{value}' phải theo giờ Việt Nam (+07:00)")
    try:
        return datetime_from_match(match, VIETNAM_TZ)
    except ValueError as error:
        raise ValueError(f"ngày giờ '{value}' không có thật ({_impossible(match)})") from error


def _impossible(match: re.Match[str]) -> str:
    """Why a date that matched the pattern does not exist, in Vietnamese
    (Python's own reason, "day is out of range for month", is English)."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not 1 <= month <= 12:
        return f"tháng {month}: tháng chỉ từ 1 đến 12"
    if year < 1:
        return "năm phải từ 1 trở đi"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"ngày {day}: tháng {month}/{year} chỉ có {days} ngày"
    if not 0 <= int(match["H"]) <= 23:
        return f"{match['H']} giờ: giờ chỉ từ 0 đến 23"
    if not 0 <= int(match["M"]) <= 59:
        return f"{match['M']} phút: phút chỉ từ 0 đến 59"
    return f"{match['S']} giây: giây chỉ từ 0 đến 59"


def split_list(value: str) -> list[str]:
    """Comma-separated list, NFC, runs of spaces made one, blanks dropped,
    order kept, duplicates removed.

    As Pelican splits Tags and Authors (``pelican.readers.ensure_metadata_list``):
    a value with a semicolon is split on semicolons only ("Nguyễn Văn A, phóng
    viên; Trần B"), so that every list field of a header reads alike.
    """
    seen: dict[str, None] = {}
    for part in value.split(";" if ";" in value else ","):
        item = " ".join(nfc(part).split())
        if item:
            seen.setdefault(item, None)
    return list(seen)


def is_slug(value: str) -> bool:
    return bool(_SLUG.match(value))


def is_url(value: str) -> bool:
    return bool(_URL.match(value.strip()))
