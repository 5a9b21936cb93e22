"""Plain-text captures: what a reader copies from the legacy page.

Layout seen on the legacy sites (both orders occur)::

    [--> -->]                       page junk
    [Trang chủ Hữu nghị]            breadcrumb
    [07:05 | 04/11/2020 GMT+7]      dateline before the title (thoidai)
    Title
    [Thứ 6, 06/01/2017 | 14:31:31]  or after it (baothaibinh)
    [375 lượt xem]
    paragraphs, image alt + caption lines, teasers, byline, "Nguồn:"
    Tin bài liên quan / Từ khóa / Đọc nhiều / Multimedia …   page boxes

One non-empty line is one block; a line starting in lower case continues a
paragraph that did not end with punctuation (hard-wrapped captures).
"""

from __future__ import annotations

import html
import re

from .capture import (
    CaptureError,
    LegacyArticle,
    RawBlock,
    assemble_body,
    clean_text,
    followed_site,
    is_junk,
    marker,
    parse_breadcrumb,
    parse_dateline,
    parse_views,
)

_IMAGE = re.compile(r"^\|?\s*!\[(?P<alt>[^\]]*)\]\([^)]*\)\s*\|?$")
_URL_LINE = re.compile(
    r"^(?:(?:URL|Link|Địa chỉ|Nguồn gốc)\s*:\s*)?(?P<url>https?://\S+)$", re.IGNORECASE
)
_ENDS_SENTENCE = (".", "!", "?", ":", "…", '"', "”", ")", "|")
# An HTML character reference (text copied from a page's source, or a CMS
# export): "Liên hi&#7879;p", "l&agrave;", "&nbsp;&ndash;&nbsp;".
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _lines(text: str) -> list[str]:
    if "&" in text:  # the characters the page showed; only whole references
        # ("&sect=2" in an address is no "§").
        text = _CHARACTER_REFERENCE.sub(lambda ref: html.unescape(ref.group()), text)
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_text(raw)
        if line.startswith("|") or line.endswith("|"):  # table cells of copied figures
            line = line.strip("|").strip() if not _IMAGE.match(line) else line
        lines.append(line)
    return lines


def _blocks(lines: list[str]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    previous_blank = True
    for line in lines:
        if not line:
            previous_blank = True
            continue
        image = _IMAGE.match(line)
        if image:
            blocks.append(RawBlock(clean_text(image["alt"]), "image"))
        elif (
            blocks
            and not previous_blank
            and blocks[-1].kind == "p"
            and line[:1].islower()
            and not blocks[-1].text.endswith(_ENDS_SENTENCE)
        ):
            blocks[-1] = RawBlock(f"{blocks[-1].text} {line}")
        else:
            blocks.append(RawBlock(line))
        previous_blank = False
    return blocks


def parse_text_capture(text: str, capture: str, legacy_url: str = "") -> LegacyArticle:
    """Read one plain-text capture. Raises :class:`CaptureError`."""
    blocks = _blocks(_lines(text))
    breadcrumb: tuple[str, ...] = ()
    published = None
    views = None
    title = site = ""
    index = 0
    # Header: junk, breadcrumb, dateline, views and URL lines around the title.
    while index < len(blocks):
        block = blocks[index]
        line = block.text
        if block.kind == "image":
            if title:
                break
        elif (crumbs := parse_breadcrumb(line)) is not None and not title:
            breadcrumb = crumbs
        elif (moment := parse_dateline(line)) is not None:
            published = published or moment
        elif (count := parse_views(line)) is not None:
            views = count
        elif (url := _URL_LINE.match(line)) and not title:
            legacy_url = url["url"]  # the capture's own address wins over --base-url
        elif (followed := followed_site(line)) is not None:
            site = site or followed
        elif is_junk(line):
            pass
        elif title or marker(line):
            break
        else:
            title = line
        index += 1
    if not title:
        raise CaptureError("không tìm thấy tiêu đề bài")
    body = assemble_body(blocks[index:], title)
    if not body.blocks:
        raise CaptureError("không tìm thấy nội dung bài (không có đoạn văn nào sau tiêu đề)")
    return LegacyArticle(capture, title, published, body, breadcrumb, views, legacy_url, site=site)
