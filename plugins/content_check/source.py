"""Turn a content file's bytes into a :class:`Document` (pure, no I/O).

Encoding problems (empty file, BOM, invalid UTF-8, text not in NFC) and
header syntax problems are found here; the field rules work on the result.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from plugins.content_model.model import Header, read_header, source_lines
from plugins.vietnamese import is_nfc, nfc

from .problems import Problem, error, warning

ARTICLE = "article"
# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unicode's line and paragraph separators: pasted from a web page or a word
# processor, shown by some editors as a line break, read by the build as
# text ("Title: …<U+2028>Status: draft" publishes a draft). 'make fix'
# turns them into line breaks (check.py _fix_text).
LINE_SEPARATORS = "\u2028\u2029"
_SEPARATOR = re.compile(f"[{LINE_SEPARATORS}]")
_BLANK_LINE = re.compile(r"(?:^|\n)[ \t\r\f\v]*(?:\n|$)")
PAGE = "page"


@dataclass(frozen=True)
class Document:
    path: str  # as shown in reports (relative to the working directory)
    rel: str  # POSIX path relative to the content folder
    kind: str  # ARTICLE or PAGE
    text: str  # decoded, BOM removed, NFC
    header: Header
    problems: tuple[Problem, ...]

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    @property
    def lines(self) -> list[str]:
        return source_lines(self.text)


def line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# A character of two or more bytes as UTF-8 writes it.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _saved_as(data: bytes) -> str:
    """What the file most likely is, when that is clear: UTF-16 (its byte
    order mark), or an 8-bit code page such as Windows-1258 (the Vietnamese
    Windows one: letters above ASCII, none written as UTF-8 writes them)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        return ": tệp được lưu dạng UTF-16"  # its mark, or the zero byte of each ASCII letter
    if not _UTF8_SEQUENCE.search(data) and any(byte > 0x7F for byte in data):
        return (
            ": có lẽ tệp được lưu bằng một bảng mã cũ của Windows (Windows-1258 cho tiếng"
            " Việt, Windows-1252 cho tiếng Anh)"
        )
    return ""


def decode(path: str, data: bytes) -> tuple[str, list[Problem]]:
    """Decode UTF-8 content, reporting BOM, bad bytes and emptiness."""
    problems: list[Problem] = []
    if data.startswith(codecs.BOM_UTF8):
        problems.append(
            error(
                path,
                1,
                "bom",
                "tệp bắt đầu bằng BOM — lưu lại dạng UTF-8 không BOM, hoặc chạy 'make fix'",
            )
        )
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = line_of_offset(data, bad.start)
        column = bad.start - (data.rfind(b"\n", 0, bad.start) + 1) + 1
        problems.append(
            error(
                path,
                line,
                "invalid-utf8",
                f"tệp không phải UTF-8 hợp lệ (byte 0x{data[bad.start]:02x} ở cột {column})"
                f"{_saved_as(data)} — lưu lại với mã hóa UTF-8",
            )
        )
        text = data.decode("utf-8", errors="replace")
    if not text.strip():
        problems.append(error(path, 1, "empty-file", "tệp rỗng — cần phần đầu bài và nội dung"))
    # The first character of each kind the file must not hold, at its line
    # and column: (pattern, problem code, what it is, what to do).
    for pattern, code, what, advice in (
        (
            _CONTROL,
            "control-character",
            "ký tự điều khiển",
            "(không hiển thị được, làm hỏng RSS/sitemap) — xóa ký tự này",
        ),
        (
            _SEPARATOR,
            "line-separator",
            "ký tự ngắt dòng",
            "(hay có khi dán từ trang web hoặc Word; trình soạn thảo có thể hiện như xuống"
            " dòng nhưng bản dựng đọc nó là chữ) — chạy 'make fix' để đổi thành xuống dòng"
            " thường",
        ),
    ):
        found = pattern.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            problems.append(
                error(
                    path,
                    line,
                    code,
                    f"{what} U+{ord(found.group()):04X} ở cột {column} {advice}",
                )
            )
    return text, problems


def first_non_nfc_line(text: str) -> int | None:
    if is_nfc(text):
        return None
    for number, line in enumerate(source_lines(text), start=1):
        if not is_nfc(line):
            return number
    return 1


def parse_document(path: str, rel: str, kind: str, data: bytes) -> Document:
    text, problems = decode(path, data)
    bad_line = first_non_nfc_line(text)
    if bad_line is not None:
        problems.append(
            warning(
                path,
                bad_line,
                "not-nfc",
                "văn bản chưa chuẩn hóa NFC — chạy 'make fix' để sửa",
            )
        )
        text = nfc(text)
    # Only the header is parsed: cut at the first blank line (same result,
    # without splitting a long body into lines).
    blank = _BLANK_LINE.search(text)
    header, syntax = read_header(text[: blank.start()] if blank else text)
    problems += [error(path, line, "bad-header-line", message) for line, message in syntax]
    return Document(path, rel, kind, text, header, tuple(problems))
