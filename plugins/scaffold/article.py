"""The new-article template, as pure functions (no I/O, no clock)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from plugins.content_model.model import FIELDS
from plugins.vietnamese import nfc, slugify, to_vietnam_time

SLUG_MAX = 80
GUIDE_MARKER = "Hướng dẫn (xóa khối này trước khi đăng)"
# The body's sample lines: make check refuses a published article that keeps one.
PLACEHOLDER_LINES = (
    "Đoạn mở đầu: ai, làm gì, ở đâu, khi nào.",
    "## Tiêu đề đoạn",
    "Nội dung chính của bài.",
)
# Fields left out of the header: an empty value would not parse (Modified is
# a date); the guide explains when to add them.
OMITTED = ("modified",)
# Written only when given (an English article, a translation; make fix
# writes Feed_ID, make import Imported).
OMITTED_WHEN_EMPTY = ("lang", "translation_key", "imported", "feed_id")


def article_slug(title: str, max_length: int = SLUG_MAX) -> str:
    """Slug from the title (``đ`` → ``d``), cut at a word boundary.

    >>> article_slug("Đà Nẵng đón đoàn hữu nghị")
    'da-nang-don-doan-huu-nghi'
    """
    slug = slugify(title)
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]).strip("-")


def unique_slug(slug: str, taken: Iterable[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … if it is already used."""
    used = set(taken)
    if slug not in used:
        return slug
    number = 2
    while f"{slug}-{number}" in used:
        number += 1
    return f"{slug}-{number}"


def format_date(moment: datetime) -> str:
    """``2025-11-03 13:33`` in Vietnam time."""
    return f"{to_vietnam_time(moment):%Y-%m-%d %H:%M}"


def render_article(
    title: str,
    slug: str,
    section: str,
    provinces: list[str],
    moment: datetime,
    lang: str = "",
    translation_key: str = "",
) -> str:
    """The Markdown file of a new draft: every field, then a guided body.
    ``lang``: "en" for an English article; ``translation_key``: the key it
    shares with the article it translates."""
    filled = {
        "lang": lang,
        "translation_key": translation_key,
        "title": nfc(title).strip(),
        "slug": slug,
        "date": format_date(moment),
        "category": section,
        "provinces": ", ".join(provinces),
        "status": "draft",
    }
    header = []
    for spec in FIELDS:
        if spec.name in OMITTED:
            continue
        value = filled.get(spec.name, "")
        if spec.name in OMITTED_WHEN_EMPTY and not value:
            continue
        header.append(f"{spec.key}: {value}" if value else f"{spec.key}:")
    guide = [
        f"- {spec.key}: {spec.help_vi}" + (" (bắt buộc)" if spec.required else "")
        for spec in FIELDS
    ]
    year = to_vietnam_time(moment).year
    credit = "Photo" if lang == "en" else "Ảnh"  # the page writes the edition's own word
    body = [
        "<!--",
        f"{GUIDE_MARKER}:",
        *guide,
        "- Danh sách (Tags, Provinces, Countries, Organizations, Authors, Related): cách nhau bằng dấu phẩy.",
        "- Modified: khi sửa bài đã đăng, thêm dòng 'Modified: YYYY-MM-DD HH:MM' vào phần đầu.",
        f'- Ảnh trong bài: ![mô tả ảnh](images/{year}/ten-anh.jpg "Chú thích ({credit}: Tên người chụp)")',
        "- Khi bài đã duyệt: viết Summary, đổi Status thành published.",
        "-->",
        "",
        PLACEHOLDER_LINES[0],
        "",
        PLACEHOLDER_LINES[1],
        "",
        PLACEHOLDER_LINES[2],
    ]
    return "\n".join([*header, "", *body]) + "\n"
