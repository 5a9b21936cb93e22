"""Bad content and configuration: ``make check`` and the build give the same
verdict, with the same ``path:line`` message in Vietnamese; exit code 1, no
traceback, and the previous site left untouched.

Each case is a copy of the golden fixture site with one broken file or
setting; docs/bad-input.md lists every kind by its id (a test keeps the two
lists equal). The check runs as ``python -m plugins.content_check`` does and
the build as ``python -m scripts.build`` does, both in this process: content
errors stop the build before anything is rendered, so a case takes a
fraction of a second.
"""

from __future__ import annotations

import os
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.bad_input_site import (
    BAD_INPUT,
    LEAD,
    OLD,
    ROOT,
    Site,
    build_in_process,
    make_site,
    previous_site,
    snapshot,
    staging_folders,
)

DRAFT = "articles/2026/ban-nhap-chua-dang.md"
VIDEO = "articles/2026/video-ban-hoa-ca-huu-nghi.md"
PAGE = "pages/gioi-thieu.md"
IMAGE = "images/2025/can-tho.png"


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Site], None]
    # Where both messages must point: a path relative to the site folder
    # ("content/…", "settings.py", "data/…") and the line (a number, or a
    # text whose first line in the file, after the change, is the one).
    at: tuple[str, int | str]
    expected: tuple[str, ...]  # fragments of the message, in Vietnamese


def replace_in(rel: str, old: str, new: str) -> Callable[[Site], None]:
    return lambda site: site.edit(rel, old, new)


def append_to(rel: str, text: str) -> Callable[[Site], None]:
    def mutate(site: Site) -> None:
        path = site.file(rel)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return mutate


def write(rel: str, text: str | bytes | Callable[[Site], str | bytes]) -> Callable[[Site], None]:
    return lambda site: site.write(rel, text(site) if callable(text) else text)


def both(*steps: Callable[[Site], None]) -> Callable[[Site], None]:
    def mutate(site: Site) -> None:
        for step in steps:
            step(site)

    return mutate


def lead_header(site: Site) -> str:
    return site.file(LEAD).read_text(encoding="utf-8").split("\n\n", 1)[0]


def article_like_old(slug: str, extra: str = "", body: str = "Nội dung bài.") -> Callable:
    """A valid article made from the 2017 one (its own slug, no Legacy_URL)."""

    def text(site: Site) -> str:
        base = site.file(OLD).read_text(encoding="utf-8")
        head = base.split("\n\n", 1)[0].replace("thai-binh-trien-khai-cong-tac-2017", slug)
        head = "\n".join(line for line in head.splitlines() if not line.startswith("Legacy_URL"))
        return head + extra + "\n\n" + body + "\n"

    return text


def _write_bytes(rel: str, make: Callable[[Site], bytes]) -> Callable[[Site], None]:
    return lambda site: site.write(rel, make(site))


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` with almost no data (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _truncated(site: Site) -> bytes:
    from PIL import Image

    path = site.tmp / "full.jpg"
    Image.effect_noise((640, 480), 60).convert("RGB").save(path, quality=90)
    data = path.read_bytes()
    return data[: len(data) // 2]


def _gif(site: Site) -> bytes:
    from PIL import Image

    path = site.tmp / "anh.gif"
    Image.new("P", (32, 32)).save(path)
    return path.read_bytes()


def _symlink_image_outside(site: Site) -> None:
    secret = site.tmp / "secret.txt"
    secret.write_text("mật khẩu\n", encoding="utf-8")
    os.symlink(secret, site.file("images/2025/bi-mat.jpg"))


def _symlink_article_outside(site: Site) -> None:
    outside = site.tmp / "ngoai.md"
    outside.write_text(article_like_old("ngoai")(site), encoding="utf-8")
    os.symlink(outside, site.file("articles/2017/ngoai.md"))


def _symlink_folder_outside(site: Site) -> None:
    folder = site.tmp / "ngoai"
    folder.mkdir()
    os.symlink(folder, site.file("images/ngoai"))


def _named_pipe(site: Site) -> None:
    # Reading a named pipe waits for a writer: make check and the build hung.
    os.mkfifo(site.file("articles/2025/ong-dan.md"))


def _folder_loop(site: Site) -> None:
    # articles/2025/vong -> articles: read again under ever longer paths.
    os.symlink("..", site.file("articles/2025/vong"))


def _editor_lock(site: Site) -> None:
    # Emacs' lock file: a dangling link named .#<file>.
    os.symlink("bientapvien@may.1234:1700000000", site.file("articles/2025/.#ban-thao.md"))


def _huge_file(site: Site) -> None:
    # 50 MB of body text: refused by its size before anything parses it.
    header = lead_header(site).replace("vufo-lam-viec-voi-can-tho", "bai-rat-lon")
    with site.file("articles/2025/bai-rat-lon.md").open("w", encoding="utf-8") as out:
        out.write(header + "\n\n")
        line = "Đoàn công tác trao đổi về hợp tác hữu nghị giữa nhân dân hai nước. " * 16 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line.encode()) + 1):
            out.write(line)


def _corrupt_toml(site: Site) -> None:
    (site.data / "provinces.toml").write_text("[[province]\nname = 'Hà Nội\n", encoding="utf-8")


def _settings_syntax(site: Site) -> None:
    with site.settings.open("a", encoding="utf-8") as out:
        out.write("PLUGINS = [\n")


def _published(site: Site) -> None:
    """The record of the golden site as published (what make publish writes)."""
    from plugins.content_check.check import check_tree
    from plugins.content_check.published import format_record
    from plugins.reference import load_reference_data

    report = check_tree(site.content, load_reference_data(site.data))
    (site.content / "published-urls.txt").write_text(
        format_record(report.published), encoding="utf-8"
    )


def _rename(rel: str, new: str) -> Callable[[Site], None]:
    return lambda site: site.file(rel).rename(site.file(new))


def _delete(rel: str) -> Callable[[Site], None]:
    return lambda site: site.file(rel).unlink()


def _toml(text: str) -> Callable[[Site], None]:
    return write("redirects.toml", text)


C = "content/"
# An English article (content/en/articles/), for the edition's cases.
ENGLISH = (
    "Title: An English article\nSlug: {slug}\nLang: en\nTranslation_Key: {key}\n"
    "Date: 2025-11-03 13:33\nCategory: Friendship\nProvinces: Can Tho\n"
    "Summary: A short summary.\n\nThe body.\n"
)
# The same, translating nothing.
ENGLISH_ALONE = ENGLISH.replace("Translation_Key: {key}\n", "")


def _english(slug: str, extra: str = "") -> Callable[[Site], None]:
    return write(
        f"en/articles/2025/{slug}.md",
        ENGLISH_ALONE.format(slug=slug).replace("Lang: en\n", f"Lang: en\n{extra}"),
    )


CASES = [
    # --- every file under content/ is accounted for -----------------------------
    Case(
        "invalid-utf8",
        _write_bytes(
            LEAD,
            lambda s: s.file(LEAD).read_bytes().replace("Cần Thơ".encode(), b"C\xe1n Th\xff", 1),
        ),
        (C + LEAD, 1),
        ("không phải UTF-8 hợp lệ",),
    ),
    Case(
        "bom",
        _write_bytes(LEAD, lambda s: b"\xef\xbb\xbf" + s.file(LEAD).read_bytes()),
        (C + LEAD, 1),
        ("BOM",),
    ),
    Case(
        "empty-file",
        write("articles/2025/rong.md", ""),
        (C + "articles/2025/rong.md", 1),
        ("tệp rỗng",),
    ),
    Case(
        "whitespace-only-file",
        write("articles/2025/trang.md", "\n  \n\t\n"),
        (C + "articles/2025/trang.md", 1),
        ("tệp rỗng",),
    ),
    Case(
        "control-character",
        replace_in(LEAD, "Title: VUFO", "Title: VUFO\x07\x1b[31m"),
        (C + LEAD, 1),
        ("ký tự điều khiển U+0007",),
    ),
    Case(
        # Pasted from a web page: the check split the header at U+2028 as
        # str.splitlines does and saw a draft, the build read one title
        # ("… Status: draft") and published it.
        "line-separator-in-header",
        replace_in(LEAD, "Featured: lead\n", "Featured: lead\u2028Status: draft\n"),
        (C + LEAD, "Featured:"),
        ("ký tự ngắt dòng U+2028", "make fix"),
    ),
    Case(
        "line-separator-in-body",
        replace_in(LEAD, "tổ chức Liên hiệp", "tổ chức\u2029Liên hiệp"),
        (C + LEAD, "Đoàn công tác trao đổi"),
        ("ký tự ngắt dòng U+2029",),
    ),
    Case(
        "nul-byte",
        replace_in(LEAD, "Summary: Đoàn", "Summary: \x00Đoàn"),
        (C + LEAD, "Summary:"),
        ("ký tự điều khiển U+0000",),
    ),
    Case(
        "huge-file-50mb",
        _huge_file,
        (C + "articles/2025/bai-rat-lon.md", 1),
        ("tệp quá lớn", "tối đa 2 MB"),
    ),
    Case(
        "symlink-image-outside",
        _symlink_image_outside,
        (C + "images/2025/bi-mat.jpg", 1),
        ("liên kết tượng trưng trỏ ra ngoài",),
    ),
    Case(
        "symlink-article-outside",
        _symlink_article_outside,
        (C + "articles/2017/ngoai.md", 1),
        ("liên kết tượng trưng trỏ ra ngoài",),
    ),
    Case(
        "symlink-folder-outside",
        _symlink_folder_outside,
        (C + "images/ngoai", 1),
        ("liên kết tượng trưng trỏ ra ngoài",),
    ),
    Case(
        "named-pipe",
        _named_pipe,
        (C + "articles/2025/ong-dan.md", 1),
        ("không phải tệp thường",),
    ),
    Case(
        "symlink-folder-loop",
        _folder_loop,
        (C + "articles/2025/vong", 1),
        ("liên kết tượng trưng tới chính thư mục chứa nó",),
    ),
    Case(
        "hidden-file",
        write("articles/2026/.t9.md", article_like_old("t9")),
        (C + "articles/2026/.t9.md", 1),
        ("tệp ẩn", "không được đăng"),
    ),
    Case("editor-lock-file", _editor_lock, (C + "articles/2025/.#ban-thao.md", 1), ("tệp khóa",)),
    Case(
        "macos-resource-file",
        write(
            "articles/2025/._vufo-lam-viec-voi-can-tho.md",
            b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
        ),
        (C + "articles/2025/._vufo-lam-viec-voi-can-tho.md", 1),
        ("tệp phụ do macOS tạo",),
    ),
    Case(
        "hidden-folder",
        write("articles/.nhap/bai-an.md", article_like_old("bai-an")),
        (C + "articles/.nhap/bai-an.md", 1),
        ("thư mục ẩn '.nhap/'",),
    ),
    Case(
        "editor-backup-file",
        write(
            "articles/2025/vufo-lam-viec-voi-can-tho.md~",
            lambda s: s.file(LEAD).read_text(encoding="utf-8"),
        ),
        (C + "articles/2025/vufo-lam-viec-voi-can-tho.md~", 1),
        ("tệp tạm hoặc tệp sao lưu",),
    ),
    Case(
        "markdown-extension",
        write("articles/2026/x.markdown", article_like_old("x")),
        (C + "articles/2026/x.markdown", 1),
        ("phải có đuôi '.md'", "'x.md'"),
    ),
    Case(
        "markdown-at-top",
        write("t12.md", article_like_old("t12")),
        (C + "t12.md", 1),
        ("nằm ngoài articles/ và pages/",),
    ),
    Case(
        "markdown-in-images",
        write("images/2026/t15.md", article_like_old("t15")),
        (C + "images/2026/t15.md", 1),
        ("bài Markdown nằm trong images/",),
    ),
    Case(
        "word-document",
        write("articles/2025/bai-viet.docx", lambda s: (BAD_INPUT / "bai-viet.docx").read_bytes()),
        (C + "articles/2025/bai-viet.docx", 1),
        ("không phải bài Markdown (.md)",),
    ),
    Case(
        "text-file",
        write("articles/2025/ghi-chu.txt", lambda s: (BAD_INPUT / "ghi-chu.txt").read_bytes()),
        (C + "articles/2025/ghi-chu.txt", 1),
        ("không phải bài Markdown (.md)",),
    ),
    Case(
        "image-in-articles",
        write("articles/2025/anh.png", lambda s: s.file(IMAGE).read_bytes()),
        (C + "articles/2025/anh.png", 1),
        ("ảnh phải nằm trong content/images/",),
    ),
    Case(
        "not-an-image-in-images",
        write("images/2025/ghi-chu.txt", "ghi chú\n"),
        (C + "images/2025/ghi-chu.txt", 1),
        ("images/ chỉ chứa ảnh",),
    ),
    Case(
        "other-top-folder",
        write("tai-lieu/bao-cao.pdf", b"%PDF-1.4\n"),
        (C + "tai-lieu/bao-cao.pdf", 1),
        ("nằm ngoài articles/, pages/ và images/",),
    ),
    # --- header syntax, keys and required fields ----------------------------------
    Case(
        "missing-title",
        replace_in(LEAD, "Title: VUFO làm việc với Cần Thơ về đối ngoại nhân dân\n", ""),
        (C + LEAD, "Related:"),
        ("thiếu trường bắt buộc 'Title'",),
    ),
    Case(
        "missing-summary",
        lambda s: s.edit(LEAD, lead_header(s).split("Summary: ")[1].split("\n")[0], ""),
        (C + LEAD, "Summary:"),
        ("trường bắt buộc 'Summary' đang để trống",),
    ),
    Case(
        "missing-date",
        replace_in(LEAD, "Date: 2025-11-03 13:33\n", ""),
        (C + LEAD, "Related:"),
        ("thiếu trường bắt buộc 'Date'",),
    ),
    Case(
        "bad-header-line",
        replace_in(LEAD, "Category: Hữu nghị\n", "Category Hữu nghị\n"),
        (C + LEAD, "Category Hữu nghị"),
        ("không đúng dạng 'Tên trường: giá trị'",),
    ),
    Case(
        "unknown-key-status",
        replace_in(DRAFT, "Status: draft", "Statsu: draft"),
        (C + DRAFT, "Statsu:"),
        ("trường 'Statsu' không có", "có phải 'Status'?"),
    ),
    Case(
        "unknown-key-provinces",
        replace_in(LEAD, "Provinces: Cần Thơ", "Provinse: Cần Thơ"),
        (C + LEAD, "Provinse:"),
        ("trường 'Provinse' không có", "có phải 'Provinces'?"),
    ),
    Case(
        "pelican-only-key",
        replace_in(LEAD, "Featured: lead", "Featured: lead\nSave_as: ../../index.html"),
        (C + LEAD, "Save_as:"),
        ("trường 'Save_as' không có trong mô hình nội dung",),
    ),
    Case(
        "duplicate-key",
        replace_in(LEAD, "Featured: lead", "Featured: lead\nCategory: Địa phương"),
        (C + LEAD, "Category: Địa phương"),
        ("trường 'Category' đã khai báo ở dòng 5",),
    ),
    # --- values ---------------------------------------------------------
    Case(
        "date-impossible",
        replace_in(LEAD, "2025-11-03 13:33", "2025-02-30 13:33"),
        (C + LEAD, "Date:"),
        ("không có thật",),
    ),
    Case(
        "date-garbage",
        replace_in(LEAD, "2025-11-03 13:33", "hôm qua"),
        (C + LEAD, "Date:"),
        ("không đúng dạng YYYY-MM-DD HH:MM",),
    ),
    Case(
        "date-without-time",
        replace_in(LEAD, "2025-11-03 13:33", "2025-11-03"),
        (C + LEAD, "Date:"),
        ("thiếu giờ",),
    ),
    Case(
        "date-other-timezone",
        replace_in(LEAD, "2025-11-03 13:33", "2025-11-03 13:33+09:00"),
        (C + LEAD, "Date:"),
        ("giờ Việt Nam",),
    ),
    Case(
        "modified-before-date",
        replace_in(LEAD, "Modified: 2025-11-04 08:00", "Modified: 2024-01-01 08:00"),
        (C + LEAD, "Modified:"),
        ("trước ngày đăng",),
    ),
    Case(
        "title-too-long",
        replace_in(LEAD, "Title: VUFO", "Title: " + "Rất dài " * 130 + "VUFO"),
        (C + LEAD, 1),
        ("Title dài", "tối đa 200"),
    ),
    Case(
        "summary-huge",
        replace_in(LEAD, "Summary: Đoàn", "Summary: " + "Sapo rất dài. " * 800 + "Đoàn"),
        (C + LEAD, "Summary:"),
        ("Summary dài", "tối đa 300"),
    ),
    Case(
        "bad-slug",
        replace_in(LEAD, "Slug: vufo-lam-viec-voi-can-tho", "Slug: VUFO làm việc"),
        (C + LEAD, "Slug:"),
        ("slug 'VUFO làm việc' không hợp lệ",),
    ),
    Case(
        "source-url-javascript",
        replace_in(LEAD, "https://thoidai.com.vn/vi-du-123.html", "javascript:alert(1)"),
        (C + LEAD, "Source_URL:"),
        ("không phải địa chỉ web hợp lệ",),
    ),
    Case(
        "video-url-javascript",
        replace_in(VIDEO, "https://www.youtube.com/watch?v=abcdefghijk", "javascript:alert(1)"),
        (C + VIDEO, "Video_URL:"),
        ("không phải địa chỉ web hợp lệ",),
    ),
    Case(
        "bad-integer",
        replace_in(OLD, "Views: 375", "Views: nhiều"),
        (C + OLD, "Views:"),
        ("phải là số nguyên",),
    ),
    Case(
        "bad-choice",
        replace_in(LEAD, "Featured: lead", "Featured: chính"),
        (C + LEAD, "Featured:"),
        ("Featured 'chính' không hợp lệ",),
    ),
    Case(
        "bad-status",
        replace_in(DRAFT, "Status: draft", "Status: nháp"),
        (C + DRAFT, "Status:"),
        ("Status 'nháp' không hợp lệ",),
    ),
    # --- references -------------------------------------------------------
    Case(
        "unknown-section",
        replace_in(LEAD, "Category: Hữu nghị", "Category: Thể thao"),
        (C + LEAD, "Category:"),
        ("chuyên mục 'Thể thao' không có trong danh mục",),
    ),
    Case(
        # The page showed "(Ảnh: Phương Linh) (Ảnh: Hà Vy)": two photographers
        "two-image-credits",
        replace_in(
            "articles/2025/vufo-lam-viec-voi-can-tho.md",
            "Image_Caption: Buổi làm việc tại Cần Thơ",
            "Image_Caption: Buổi làm việc tại Cần Thơ (Ảnh: Phương Linh)",
        ),
        (C + "articles/2025/vufo-lam-viec-voi-can-tho.md", "Image_Caption:"),
        ("người chụp 'Phương Linh' nhưng Image_Credit là 'Hà Vy'",),
    ),
    Case(
        "unknown-subsection",
        replace_in(LEAD, "Subsection: Hội hữu nghị", "Subsection: Bóng đá"),
        (C + LEAD, "Subsection:"),
        ("chuyên mục con 'Bóng đá'",),
    ),
    Case(
        "unknown-province",
        replace_in(LEAD, "Provinces: Cần Thơ", "Provinces: Cần Thớ, Gotham"),
        (C + LEAD, "Provinces:"),
        ("tỉnh 'Gotham' không có trong danh mục",),
    ),
    Case(
        "unknown-locality",
        replace_in(
            LEAD,
            "Provinces: Cần Thơ, Sóc Trăng",
            "Provinces: Cần Thơ, Sóc Trăng\nLocalities: xã Ke Sach, phường Trần Hưng Đạo",
        ),
        (C + LEAD, "Localities:"),
        (
            "không có xã 'Ke Sach' ở Cần Thơ, Sóc Trăng — có phải 'xã Kế Sách (Cần Thơ)'?",
            "không có phường 'Trần Hưng Đạo' ở Cần Thơ, Sóc Trăng; có ở:"
            " phường Trần Hưng Đạo (Hải Phòng); phường Trần Hưng Đạo (Hưng Yên)",
        ),
    ),
    Case(
        "unknown-country",
        replace_in(LEAD, "Countries: Nhật Bản", "Countries: Atlantis"),
        (C + LEAD, "Countries:"),
        ("quốc gia 'Atlantis' không có trong danh mục",),
    ),
    Case(
        "unknown-organization",
        replace_in(LEAD, "Organizations: VUFO", "Organizations: Hội Không Tồn Tại"),
        (C + LEAD, "Organizations:"),
        ("tổ chức 'Hội Không Tồn Tại' không có trong danh mục",),
    ),
    Case(
        "comma-in-name",
        replace_in(
            LEAD,
            "Organizations: VUFO",
            "Organizations: VUFO, Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc",
        ),
        (C + LEAD, "Organizations:"),
        (
            "tổ chức 'Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc' có dấu phẩy"
            " nên bị tách làm hai; trong danh sách hãy viết 'UNESCO'",
        ),
    ),
    Case(
        "related-unknown-slug",
        replace_in(LEAD, "Related: thai-binh-trien-khai-cong-tac-2017", "Related: khong-ton-tai"),
        (C + LEAD, "Related:"),
        ("bài liên quan 'khong-ton-tai' không tồn tại",),
    ),
    Case(
        "duplicate-slug",
        write("articles/2025/ban-sao.md", lambda s: s.file(LEAD).read_text(encoding="utf-8")),
        (C + "articles/2025/ban-sao.md", "Slug:"),
        ("slug 'vufo-lam-viec-voi-can-tho' trùng với",),
    ),
    Case(
        "url-collision-page-slug",
        replace_in(PAGE, "Slug: gioi-thieu", "Slug: chu-de"),
        (C + PAGE, "Slug:"),
        ("trùng thư mục dành riêng /chu-de/",),
    ),
    Case(
        "script-in-tags",
        replace_in(
            LEAD, "Tags: đối ngoại nhân dân", "Tags: <script>alert(1)</script>, đối ngoại nhân dân"
        ),
        (C + LEAD, "Tags:"),
        ("chứa ký tự '<' hoặc '>'",),
    ),
    Case(
        "html-in-authors",
        replace_in(LEAD, "Authors: Phóng viên 1", "Authors: <img src=x onerror=alert(1)>"),
        (C + LEAD, "Authors:"),
        ("chứa ký tự '<' hoặc '>'",),
    ),
    Case(
        "symbols-only-tag",
        replace_in(LEAD, "Tags: đối ngoại nhân dân", "Tags: ???, đối ngoại nhân dân"),
        (C + LEAD, "Tags:"),
        ("không tạo được địa chỉ",),
    ),
    # --- images -----------------------------------------------------------
    Case(
        "missing-image",
        replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: images/2025/khong-co.jpg"),
        (C + LEAD, "Image:"),
        ("ảnh 'images/2025/khong-co.jpg' không có trong content/",),
    ),
    Case(
        "image-without-alt",
        replace_in(LEAD, "Image_Alt: Toàn cảnh buổi làm việc\n", ""),
        (C + LEAD, "Image:"),
        ("thiếu Image_Alt",),
    ),
    Case(
        "image-path-traversal",
        replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: ../../etc/passwd"),
        (C + LEAD, "Image:"),
        ("ra ngoài thư mục content/",),
    ),
    Case(
        "image-absolute-path",
        replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: /etc/passwd"),
        (C + LEAD, "Image:"),
        ("không có trong content/",),
    ),
    Case(
        # Markdown reads a destination in <…> with its spaces: it was read as
        # a link to 'images/2025/khong', "no page of the portal".
        "body-image-in-angle-brackets",
        append_to(LEAD, "\n![Ảnh mô tả](<images/2025/khong co.jpg>)\n"),
        (C + LEAD, "![Ảnh mô tả](<"),
        ("ảnh 'images/2025/khong co.jpg' không có trong content/",),
    ),
    Case(
        "body-image-without-alt",
        replace_in(LEAD, "![Đại biểu trao quà lưu niệm]", "![]"),
        (C + LEAD, "![]"),
        ("thiếu mô tả",),
    ),
    Case(
        "body-image-traversal",
        replace_in(LEAD, "](images/2025/can-tho.png", "](../../../etc/passwd"),
        (C + LEAD, "etc/passwd"),
        ("ra ngoài thư mục content/",),
    ),
    Case(
        "corrupt-image",
        _write_bytes(IMAGE, lambda s: b"not a png at all"),
        (C + LEAD, "Image:"),
        ("tệp không phải là ảnh",),
    ),
    Case(
        "truncated-image",
        both(
            write("images/2025/cat.jpg", _truncated),
            replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: images/2025/cat.jpg"),
        ),
        (C + LEAD, "Image:"),
        ("bị hỏng, không giải mã được",),
    ),
    Case(
        "decompression-bomb",
        _write_bytes(IMAGE, lambda s: _png_header_only(100_000, 100_000)),
        (C + LEAD, "Image:"),
        ("bom giải nén",),
    ),
    Case(
        "enormous-image",
        _write_bytes(IMAGE, lambda s: _png_header_only(8_000, 7_000)),
        (C + LEAD, "Image:"),
        ("ảnh quá lớn", "megapixel"),
    ),
    Case(
        "unsupported-image-format",
        both(
            write("images/2025/dong.png", _gif),
            replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: images/2025/dong.png"),
        ),
        (C + LEAD, "Image:"),
        ("định dạng GIF không được hỗ trợ",),
    ),
    Case(
        "unused-corrupt-image",
        write("images/2025/hong.jpg", b"\xff\xd8\xff\xe0 hong"),
        (C + "images/2025/hong.jpg", 1),
        ("tệp ảnh bị hỏng",),
    ),
    # --- links in the body --------------------------------------------------
    Case(
        "filename-link-missing",
        append_to(LEAD, "\nXem [bài cũ]({filename}/articles/2017/khong-co.md).\n"),
        (C + LEAD, "khong-co.md"),
        ("tới tệp 'articles/2017/khong-co.md' không có trong content/",),
    ),
    Case(
        "filename-link-to-draft",
        append_to(LEAD, "\nXem [bản nháp]({filename}../2026/ban-nhap-chua-dang.md).\n"),
        (C + LEAD, "bản nháp"),
        ("tới bản nháp",),
    ),
    Case(
        "static-link",
        append_to(LEAD, "\nTải [báo cáo]({static}/tai-lieu/bao-cao.pdf).\n"),
        (C + LEAD, "báo cáo"),
        ("không đăng tệp tĩnh",),
    ),
    Case(
        "tag-link-missing",
        append_to(LEAD, "\nXem [từ khóa]({tag}khong-co).\n"),
        (C + LEAD, "từ khóa]"),
        ("tới trang 'khong-co' không có",),
    ),
    Case(
        "root-link-missing",
        append_to(LEAD, "\nLiên hệ [tòa soạn](/lien-he/).\n"),
        (C + LEAD, "tòa soạn"),
        ("liên kết '/lien-he/' không dẫn tới trang nào của cổng",),
    ),
    Case(
        "relative-link-missing",
        append_to(LEAD, '\n<a href="../khac/">bài khác</a>\n'),
        (C + LEAD, "bài khác"),
        ("liên kết '../khac/' không dẫn tới trang nào",),
    ),
    Case(
        "link-without-scheme",
        append_to(LEAD, "\nTrang [VUFO](www.vufo.org.vn).\n"),
        (C + LEAD, "Trang [VUFO]"),
        ("thiếu 'https://'",),
    ),
    # --- HTML comments --------------------------------------------------------
    Case(
        "body-only-comment",
        write(
            "articles/2025/chi-chu-thich.md",
            article_like_old("chi-chu-thich", body="<!--\nBài viết sau.\n-->"),
        ),
        (C + "articles/2025/chi-chu-thich.md", "<!--"),
        ("thân bài trống",),
    ),
    Case(
        "header-only",
        write(
            "articles/2025/chi-co-phan-dau.md",
            lambda s: (BAD_INPUT / "only-header.md").read_bytes(),
        ),
        (C + "articles/2025/chi-co-phan-dau.md", 5),
        ("thân bài trống",),
    ),
    Case(
        "unclosed-comment",
        append_to(LEAD, "\n<!-- ghi chú chưa đóng\n\nĐoạn cuối.\n"),
        (C + LEAD, "ghi chú chưa đóng"),
        ("không có '-->' đóng lại",),
    ),
    Case(
        "summary-only-comment",
        lambda s: (
            s.edit(LEAD, "Summary: Đoàn công tác", "Summary: <!-- Đoàn công tác")
            or s.edit(LEAD, "hành chính.\n", "hành chính. -->\n")
        ),
        (C + LEAD, "Summary:"),
        ("Summary chỉ có chú thích",),
    ),
    # --- addresses: Legacy_URL and redirects against every output -----------
    Case(
        "legacy-url-robots",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /robots.txt",
        ),
        (C + OLD, "Legacy_URL:"),
        ("trùng với /robots.txt do cổng tự tạo",),
    ),
    Case(
        "legacy-url-feed",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /feeds/tat-ca.rss",
        ),
        (C + OLD, "Legacy_URL:"),
        ("trùng với /feeds/ do cổng tự tạo",),
    ),
    Case(
        "legacy-url-search-files",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /pagefind/pagefind.js",
        ),
        (C + OLD, "Legacy_URL:"),
        ("trùng với /pagefind/ do cổng tự tạo",),
    ),
    Case(
        "legacy-url-stylesheet",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /theme/css/layout.css",
        ),
        (C + OLD, "Legacy_URL:"),
        ("trùng với /theme/ do cổng tự tạo",),
    ),
    Case(
        "legacy-url-sitemap",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: https://cu.vn/sitemap.xml",
        ),
        (C + OLD, "Legacy_URL:"),
        ("trùng với /sitemap.xml do cổng tự tạo",),
    ),
    Case(
        "legacy-url-article",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /bai-viet/vufo-lam-viec-voi-can-tho/",
        ),
        (C + OLD, "Legacy_URL:"),
        ("bị trùng",),
    ),
    Case(
        "legacy-url-former-province",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /tinh/thai-binh/",
        ),
        (C + OLD, "Legacy_URL:"),
        ("bị trùng", "địa chỉ tỉnh cũ"),
    ),
    Case(
        # nginx's redirect map ignores ASCII case: this took over /tinh/can-tho/
        "legacy-url-case-only",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /Tinh/Can-Tho",
        ),
        (C + OLD, "Legacy_URL:"),
        ("bị trùng", "/tinh/can-tho/", "tỉnh 'Cần Thơ'"),
    ),
    Case(
        # plugins.topics writes /tinh/ (to the topics index): the build
        # crashed writing the file twice while the check passed
        "legacy-url-topic-folder",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /tinh/",
        ),
        (C + OLD, "Legacy_URL:"),
        ("bị trùng", "/tinh/", "trang hệ thống"),
    ),
    Case(
        "legacy-url-home",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: https://cu.vn/",
        ),
        (C + OLD, "Legacy_URL:"),
        ("không dùng được làm địa chỉ chuyển hướng",),
    ),
    Case(
        "legacy-url-dot-dot",
        replace_in(
            OLD,
            "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
            "Legacy_URL: /a/../../etc/x.html",
        ),
        (C + OLD, "Legacy_URL:"),
        ("không dùng được làm địa chỉ chuyển hướng",),
    ),
    Case(
        "legacy-url-file-and-folder",
        both(
            replace_in(
                OLD,
                "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html",
                "Legacy_URL: /tin-tuc.html",
            ),
            replace_in(
                LEAD, "Featured: lead", "Featured: lead\nLegacy_URL: /tin-tuc.html/chi-tiet"
            ),
        ),
        (C + OLD, "Legacy_URL:"),
        ("cần đây là thư mục",),
    ),
    Case(
        "redirect-from-not-a-path",
        replace_in(LEAD, "Featured: lead", "Featured: lead\nRedirect_From: https://cu.vn/bai.html"),
        (C + LEAD, "Redirect_From:"),
        ("phải là đường dẫn trên cổng",),
    ),
    Case(
        "redirect-from-a-page",
        replace_in(LEAD, "Featured: lead", "Featured: lead\nRedirect_From: /gioi-thieu/"),
        (C + LEAD, "Redirect_From:"),
        ("bị trùng",),
    ),
    Case(
        "feed-id-not-its-own",
        replace_in(
            LEAD,
            "Featured: lead",
            "Featured: lead\nFeed_ID: /bai-viet/thai-binh-trien-khai-cong-tac-2017/",
        ),
        (C + LEAD, "Feed_ID:"),
        ("phải là một địa chỉ của chính bài này",),
    ),
    Case(
        "redirects-file-syntax",
        _toml('[[redirect]]\nfrom = "/bai-viet/cu/\nto = "/"\n'),
        (C + "redirects.toml", 2),
        ("lỗi cú pháp TOML",),
    ),
    Case(
        "redirects-file-missing-target",
        _toml('[[redirect]]\nfrom = "/bai-viet/cu/"\nto = "/bai-viet/khong-co/"\n'),
        (C + "redirects.toml", 1),
        ("không dẫn tới trang nào của cổng",),
    ),
    Case(
        "redirects-file-chain",
        _toml(
            '[[redirect]]\nfrom = "/bai-viet/cu/"\nto = "/doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html"\n'
        ),
        (C + "redirects.toml", 1),
        ("lại là một địa chỉ được chuyển hướng",),
    ),
    Case(
        "redirects-file-unknown-key",
        _toml('[[redirect]]\nfrom = "/bai-viet/cu/"\nto = "/"\ncode = 302\n'),
        (C + "redirects.toml", 1),
        ("khóa không hợp lệ code",),
    ),
    # --- published addresses never disappear --------------------------------
    Case(
        "slug-changed",
        both(
            _published, replace_in(LEAD, "Slug: vufo-lam-viec-voi-can-tho", "Slug: vufo-va-can-tho")
        ),
        (C + LEAD, "Slug:"),
        ("đã đăng ở /bai-viet/vufo-lam-viec-voi-can-tho/", "Redirect_From"),
    ),
    Case(
        "slug-changed-and-renamed",
        both(
            _published,
            replace_in(LEAD, "Slug: vufo-lam-viec-voi-can-tho", "Slug: vufo-va-can-tho"),
            _rename(LEAD, "articles/2025/vufo-va-can-tho.md"),
        ),
        # found under its new name (make fix can then add the line)
        (C + "articles/2025/vufo-va-can-tho.md", "Slug:"),
        ("bài này đã đăng ở", "Redirect_From: /bai-viet/vufo-lam-viec-voi-can-tho/", "make fix"),
    ),
    Case(
        "article-deleted",
        both(
            _published,
            replace_in(LEAD, "Related: thai-binh-trien-khai-cong-tac-2017\n", ""),
            _delete(OLD),
        ),
        (C + "published-urls.txt", "/bai-viet/thai-binh-trien-khai-cong-tac-2017/"),
        ("không còn", "redirects.toml"),
    ),
    Case(
        "article-unpublished",
        both(_published, replace_in(VIDEO, "Category:", "Status: draft\nCategory:")),
        (C + VIDEO, "Slug:"),
        ("nay chuyển thành bản nháp",),
    ),
    Case(
        "legacy-url-removed",
        both(
            _published,
            replace_in(
                OLD, "Legacy_URL: /doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html\n", ""
            ),
        ),
        (C + "published-urls.txt", "/doi-ngoai/"),
        ("đã được chuyển hướng", "nay không còn"),
    ),
    # --- configuration and reference data ----------------------------------
    Case(
        "data-dir-nowhere",
        lambda s: s.set(PORTAL_DATA_DIR="/nonexistent/du-lieu"),
        ("/nonexistent/du-lieu/sections.toml", 1),
        ("không tìm thấy tệp dữ liệu", "PORTAL_DATA_DIR"),
    ),
    Case("corrupt-data-toml", _corrupt_toml, ("data/provinces.toml", 1), ("provinces.toml",)),
    Case(
        "settings-syntax-error",
        _settings_syntax,
        ("settings.py", "PLUGINS = ["),
        ("tệp cấu hình lỗi cú pháp",),
    ),
    Case(
        "theme-nowhere",
        lambda s: s.set(THEME="/nonexistent/giao-dien"),
        ("settings.py", "THEME ="),
        ("không tìm thấy giao diện",),
    ),
    Case(
        "unknown-plugin",
        lambda s: s.set(PLUGINS=["plugins.content_check", "plugins.khong_co"]),
        ("settings.py", "PLUGINS ="),
        ("plugins.khong_co",),
    ),
    Case(
        "bad-plugin-setting",
        lambda s: s.set(SEARCH={"fold": "moi"}),
        ("settings.py", "SEARCH ="),
        ("SEARCH['fold']",),
    ),
    Case(
        "bad-image-setting",
        lambda s: s.set(IMAGES={"widht": [320]}),
        ("settings.py", "IMAGES ="),
        ("IMAGES: khóa không hợp lệ widht",),
    ),
    Case(
        "bad-build-time",
        lambda s: s.set(BUILD_TIME="ngày mai"),
        ("settings.py", "ngày mai"),
        ("BUILD_TIME",),
    ),
    Case(
        "bad-schedule-setting",
        lambda s: s.set(SCHEDULE={"xem_truoc": True}),
        ("settings.py", "SCHEDULE ="),
        ("SCHEDULE: khóa không hợp lệ xem_truoc",),
    ),
    Case(
        "bad-parallel-setting",
        lambda s: s.set(PARALLEL={"wokers": 2}),
        ("settings.py", "PARALLEL ="),
        ("PARALLEL: khóa không hợp lệ wokers",),
    ),
    Case(
        "bad-incremental-setting",
        lambda s: s.set(INCREMENTAL={"enabld": True}),
        ("settings.py", "INCREMENTAL ="),
        ("INCREMENTAL: khóa không hợp lệ enabld",),
    ),
    Case(
        "url-pattern-not-set",
        lambda s: s.set(PROVINCE_URL=None),
        ("settings.py", "PROVINCE_URL ="),
        ("PROVINCE_URL: thiếu mẫu địa chỉ",),
    ),
    # --- the English edition (plugins/editions) ---------------------------------
    Case(
        "unknown-lang",
        replace_in(
            LEAD, "Slug: vufo-lam-viec-voi-can-tho\n", "Slug: vufo-lam-viec-voi-can-tho\nLang: fr\n"
        ),
        (C + LEAD, "Lang:"),
        ("'fr'",),
    ),
    Case(
        "lang-in-the-wrong-folder",
        replace_in(
            LEAD, "Slug: vufo-lam-viec-voi-can-tho\n", "Slug: vufo-lam-viec-voi-can-tho\nLang: en\n"
        ),
        (C + LEAD, "Lang:"),
        ("content/en/articles/",),
    ),
    Case(
        "space-before-colon",
        replace_in(
            LEAD,
            "Slug: vufo-lam-viec-voi-can-tho\n",
            "Slug: vufo-lam-viec-voi-can-tho\nStatus : draft\n",
        ),
        (C + LEAD, "Status :"),
        ("bỏ dấu cách trước dấu hai chấm",),
    ),
    Case(
        "short-indent-continuation",
        replace_in(
            LEAD,
            "Slug: vufo-lam-viec-voi-can-tho\n",
            "Slug: vufo-lam-viec-voi-can-tho\n  tiếp theo\n",
        ),
        (C + LEAD, "  tiếp theo"),
        ("ít nhất 4 dấu cách",),
    ),
    Case(
        "remote-image",
        replace_in(
            LEAD, "Image: images/2025/can-tho.png", "Image: https://example.org/anh/can-tho.jpg"
        ),
        (C + LEAD, "Image:"),
        ("lấy từ trang web khác",),
    ),
    Case(
        "remote-body-image",
        append_to(LEAD, "\n![Ảnh đoàn công tác](https://example.org/anh/doan.jpg)\n"),
        (C + LEAD, "![Ảnh đoàn công tác]"),
        ("lấy từ trang web khác",),
    ),
    Case(
        # An image that exists, written as HTML: it was called a link to no
        # page, with the article's own address as the suggestion.
        "html-image-in-body",
        append_to(LEAD, '\n<img src="images/2025/can-tho.png" alt="Cần Thơ">\n'),
        (C + LEAD, '<img src="images/2025/can-tho.png"'),
        ("thẻ HTML <img>", "![mô tả ảnh](images/"),
    ),
    Case(
        "remote-html-image-in-body",
        append_to(LEAD, "\nẢnh: <img src='https://example.org/anh/doan.jpg'>\n"),
        (C + LEAD, "Ảnh: <img"),
        ("thẻ HTML <img>",),
    ),
    Case(
        "image-name-with-space",
        both(
            _write_bytes("images/2025/can tho.png", lambda s: s.file(IMAGE).read_bytes()),
            replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: images/2025/can tho.png"),
        ),
        (C + LEAD, "Image:"),
        ("có dấu cách",),
    ),
    Case(
        "reference-style-image",
        append_to(LEAD, "\n![Đại biểu][anh1]\n\n[anh1]: images/2025/can-tho.png\n"),
        (C + LEAD, "![Đại biểu][anh1]"),
        ("kiểu tham chiếu",),
    ),
    Case(
        "page-lang-in-the-wrong-folder",
        replace_in(PAGE, "Slug: gioi-thieu\n", "Slug: gioi-thieu\nLang: en\n"),
        (C + PAGE, "Lang:"),
        ("content/en/pages/",),
    ),
    Case(
        "address-in-another-edition",
        both(_english("a-first"), write("pages/en.md", "Title: Trang en\nSlug: en\n\nNội dung.\n")),
        (C + "pages/en.md", "Slug:"),
        ("nằm trong phần của ấn bản 'en'",),
    ),
    Case(
        "redirect-from-another-editions-page",
        both(
            _english("a-first"),
            replace_in(
                LEAD,
                "Slug: vufo-lam-viec-voi-can-tho\n",
                "Slug: vufo-lam-viec-voi-can-tho\nRedirect_From: /en/article/a-first/\n",
            ),
        ),
        (C + LEAD, "Redirect_From:"),
        ("là trang đang đăng của ấn bản 'en'",),
    ),
    Case(
        "old-address-in-two-editions",
        both(
            replace_in(
                LEAD,
                "Slug: vufo-lam-viec-voi-can-tho\n",
                "Slug: vufo-lam-viec-voi-can-tho\nRedirect_From: /cu/vufo-can-tho/\n",
            ),
            _english("a-first", "Redirect_From: /cu/vufo-can-tho/\n"),
        ),
        (C + "en/articles/2025/a-first.md", "Redirect_From:"),
        ("mỗi địa chỉ cũ chỉ dẫn tới một trang",),
    ),
    Case(
        # the redirect tables are the whole site's: an English article's old
        # address took over the Vietnamese province page (nginx ignores case)
        "old-address-on-another-editions-page",
        _english("a-first", "Legacy_URL: https://old.example.vn/Tinh/Can-Tho\n"),
        (C + "en/articles/2025/a-first.md", "Legacy_URL:"),
        ("bị trùng", "một trang của ấn bản /"),
    ),
    Case(
        "redirect-to-nothing-in-another-edition",
        both(
            _english("a-first"),
            _toml('[[redirect]]\nfrom = "/bai-viet/da-xoa/"\nto = "/en/article/khong-co/"\n'),
        ),
        (C + "redirects.toml", 1),
        ("không phải trang chủ, bài hay trang tĩnh nào của ấn bản 'en'",),
    ),
    Case(
        "translation-key-alone",
        replace_in(
            LEAD,
            "Slug: vufo-lam-viec-voi-can-tho\n",
            "Slug: vufo-lam-viec-voi-can-tho\nTranslation_Key: khong-co-ban-dich\n",
        ),
        (C + LEAD, "Translation_Key:"),
        ("không có bài ngôn ngữ khác",),
    ),
    Case(
        "translation-twice",
        both(
            replace_in(
                LEAD,
                "Slug: vufo-lam-viec-voi-can-tho\n",
                "Slug: vufo-lam-viec-voi-can-tho\nTranslation_Key: vufo\n",
            ),
            write(
                "en/articles/2025/a-first.md", lambda s: ENGLISH.format(slug="a-first", key="vufo")
            ),
            write(
                "en/articles/2025/b-second.md",
                lambda s: ENGLISH.format(slug="b-second", key="vufo"),
            ),
        ),
        (C + "en/articles/2025/b-second.md", "Translation_Key:"),
        ("đã có bản 'en' khác",),
    ),
    Case(
        "topic-without-english-name",
        both(
            lambda site: (site.data / "organizations.toml").write_text(
                (site.data / "organizations.toml")
                .read_text(encoding="utf-8")
                .replace(
                    'name_en = "Committee for Foreign Non-Governmental Organization Affairs"\n', ""
                ),
                encoding="utf-8",
            ),
            write(
                "en/articles/2025/comingo.md",
                lambda s: ENGLISH.format(slug="comingo", key="x").replace(
                    "Translation_Key: x\n", "Organizations: COMINGO\n"
                ),
            ),
        ),
        (C + "en/articles/2025/comingo.md", "Organizations:"),
        ("chưa có tên tiếng Anh",),
    ),
    Case(
        "related-other-edition",
        _english("a-first", "Related: vufo-lam-viec-voi-can-tho\n"),
        (C + "en/articles/2025/a-first.md", "Related:"),
        ("thuộc ấn bản khác (/bai-viet/vufo-lam-viec-voi-can-tho/)",),
    ),
    Case(
        "filename-link-other-edition",
        both(
            _english("a-first"),
            append_to(LEAD, "\nXem [bản tiếng Anh]({filename}/en/articles/2025/a-first.md).\n"),
        ),
        (C + LEAD, "{filename}/en/"),
        ("tệp của ấn bản khác", "/en/article/a-first/"),
    ),
    Case(
        "link-to-nothing-in-other-edition",
        both(
            _english("a-first"), append_to(LEAD, "\nXem [bài không có](/en/article/khong-co/).\n")
        ),
        (C + LEAD, "/en/article/khong-co/"),
        ("không dẫn tới trang nào",),
    ),
]


def _location(site: Site, case: Case) -> str:
    """``path:line`` as both commands must print it (path relative to the site)."""
    rel, where = case.at
    if isinstance(where, int):
        return f"{rel}:{where}"
    path = Path(rel) if rel.startswith("/") else site.tmp / rel
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    number = next((n for n, text in enumerate(lines, 1) if where in text), None)
    assert number is not None, f"{where!r} not in {rel}"
    return f"{rel}:{number}"


# Lines that sum up, not report: they need no location.
SUMMARY_LINES = re.compile(
    r"^(?:ERROR: |Lỗi: )?(?:Nội dung có \d+ lỗi|Dựng trang thất bại|Đã kiểm tra \d+ bài"
    r"|có \d+ lỗi trong khi dựng trang)"
)
LOCATED = re.compile(r"^(?:ERROR: |WARNING: |Lỗi: )?\S+:\d+: ")


def _unlocated(text: str) -> list[str]:
    """Lines of an error output that report something without a ``path:line``."""
    return [
        line
        for line in text.splitlines()
        if line.strip()
        and not SUMMARY_LINES.match(line)
        and not LOCATED.match(line)
        and (line.startswith(("ERROR", "Lỗi")) or re.match(r"^\S+\.\w+:", line))
    ]


def run_check(site: Site, capfd) -> tuple[int, str]:
    """``python -m plugins.content_check --settings … content`` in this process."""
    from plugins.content_check.__main__ import main

    capfd.readouterr()
    code = main(["--settings", str(site.settings), str(site.content)])
    out, err = capfd.readouterr()
    return code, out + err


def _params():
    for case in CASES:
        yield pytest.param(case, id=case.id)


@pytest.mark.parametrize("case", list(_params()))
def test_check_and_build_refuse_bad_input_alike(case, tmp_path, capfd, caplog, monkeypatch):
    monkeypatch.chdir(ROOT)
    site = make_site(tmp_path)
    before = previous_site(site.output)
    case.mutate(site)
    where = re.escape(_location(site, case)) + ": "

    check_code, check_text = run_check(site, capfd)
    result = build_in_process(site, capfd, caplog)

    for name, code, text in (
        ("check", check_code, check_text),
        ("build", result.code, result.text),
    ):
        assert code == 1, f"{name} exit {code}:\n{text[-3000:]}"
        assert "Traceback" not in text, text[-4000:]
        assert re.search(where, text), f"{name} does not say {where!r}:\n{text[-3000:]}"
        for fragment in case.expected:
            assert fragment in text, f"{name}: {fragment!r} not in:\n{text[-3000:]}"
        assert _unlocated(text) == [], f"{name}: lines without a location"
    # A clear line in Vietnamese says the previous site is kept …
    assert "giữ nguyên bản trước" in result.text
    # … and it is: byte for byte, with no staging folder left behind.
    assert snapshot(site.output) == before
    assert staging_folders(site.tmp) == []


DOC = ROOT / "docs" / "bad-input.md"
DOC_ROW = re.compile(r"^\| `([a-z0-9-]+)` \|", re.M)


def _documented(section: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(section)
    end = text.find("\n## ", start + 1)
    return DOC_ROW.findall(text[start : end if end != -1 else None])


def test_every_refused_kind_is_documented_and_tested():
    documented = _documented("## Refused")
    assert len(documented) == len(set(documented)), "a kind is listed twice in docs/bad-input.md"
    assert sorted(documented) == sorted(case.id for case in CASES)


def test_there_are_at_least_seventy_kinds_of_bad_input():
    assert len({case.id for case in CASES}) == len(CASES) >= 70


# --- inputs with a documented safe result: one build for all of them -------

NFD_TITLE = unicodedata.normalize("NFD", "Hữu nghị Việt – Lào: đoàn kết, gắn bó")
EMOJI_TITLE = "Giao lưu hữu nghị 🇻🇳🤝🇱🇦 mùa xuân 🌸"
NOTE = "gọi anh Nam 0912 345 678"
NFD_ALT = unicodedata.normalize("NFD", "Đại biểu dự buổi làm việc ở Thái Bình")
PHOTO_CAPTION = "Ông Hoàn phát biểu tại buổi làm việc"
SAFE = (
    "nfd-text",
    "emoji",
    "future-date",
    "link-to-scheduled",
    "html-comment",
    "imported-photo-note",
    "symlink-inside",
    "html-in-plain-fields",
    "html-in-summary",
    "raw-html-in-body",
    "control-character-reference",
    "choice-in-any-case",  # tests/test_editions_addresses.py
    "link-into-other-edition",  # tests/test_editions_links.py
    "former-province-in-a-new-article",  # tests/test_check_cases.py
    "former-locality-in-a-new-article",  # tests/test_check_cases.py
    "wrapped-header-value",
    "semicolon-list",
    "gmt-plus-7",
    "site-path-image",
    "current-province-alias",
    "nbsp-in-names",
    "photo-credit-with-its-word",
)


@pytest.fixture(scope="module")
def safe_site(tmp_path_factory):
    """The golden site plus every input that builds with a documented result."""
    import logging

    from scripts.build import main

    tmp = tmp_path_factory.mktemp("safe")
    site = make_site(tmp)

    def article(slug: str, title: str, extra: str = "", body: str = "Nội dung.") -> None:
        text = article_like_old(slug, extra, body)(site).replace(
            "Thái Bình đặt mục tiêu cho công tác hữu nghị năm 2017", title
        )
        site.write(f"articles/2017/{slug}.md", text)

    # NFD text, the whole file (header values included): a warning, and the
    # published page is in NFC.
    article(
        "bai-nfd",
        NFD_TITLE,
        extra=f"\nImage: images/2025/can-tho.png\nImage_Alt: {NFD_ALT}",
        body="Thân bài viết ở dạng NFD.",
    )
    nfd_file = site.file("articles/2017/bai-nfd.md")
    nfd_file.write_text(
        unicodedata.normalize("NFD", nfd_file.read_text(encoding="utf-8")), encoding="utf-8"
    )
    article("bai-emoji", EMOJI_TITLE)
    # "Ảnh:" typed before the photographer's name: the page adds it itself.
    article(
        "bai-nguoi-chup",
        "Bài ghi người chụp kèm chữ Ảnh",
        extra="\nImage: images/2025/can-tho.png\nImage_Alt: Đại biểu dự buổi làm việc"
        "\nImage_Caption: Buổi làm việc\nImage_Credit: Ảnh: Quỳnh Hoa",
    )
    # A date after the build's clock: scheduled, published nothing yet.
    article("bai-tuong-lai", "Bài hẹn giờ năm 2999", body="Tương lai.")
    site.edit("articles/2017/bai-tuong-lai.md", "Date: 2017-01-06 14:31", "Date: 2999-01-06 14:31")
    # A link to it: a warning, shown as text until then.
    article(
        "bai-dan-link",
        "Bài dẫn tới bài hẹn giờ",
        body="Đọc [bài sắp đăng]({filename}bai-tuong-lai.md) sau.",
    )
    # An editor's note in a comment: a warning, removed from the page and feeds.
    article("bai-ghi-chu", "Bài có ghi chú nội bộ", body=f"Nội dung.\n\n<!-- {NOTE} -->\n")
    # make import's note for a photo of the old page it has no file of.
    from plugins.importer.capture import Caption
    from plugins.importer.convert import missing_photo_note

    photo = missing_photo_note(Caption(PHOTO_CAPTION, "Quỳnh Hoa"))
    article("bai-nhap-anh-cu", "Bài chuyển từ trang cũ", body=f"Nội dung.\n\n{photo}\n\nĐoạn sau.")
    # A symlink that stays inside content/ is fine.
    os.symlink("can-tho.png", site.file("images/2025/can-tho-ban-sao.png"))
    # Header values as editors write them: wrapped over indented lines, a
    # list with semicolons, a dateline's "GMT+7", the image's site path, a
    # current province by another name.
    article(
        "bai-dong-dau",
        "Bài có phần đầu viết đủ kiểu",
        body="![Đại biểu trao quà](/images/2025/can-tho.png)",
    )
    site.edit(
        "articles/2017/bai-dong-dau.md",
        "Tags: đối ngoại nhân dân, tổng kết",
        "Tags: đối ngoại nhân dân,\n    tổng kết, giao lưu văn hóa",
    )
    site.edit(
        "articles/2017/bai-dong-dau.md",
        "Authors: Phóng viên 1",
        "Authors: Phóng viên 1; Phóng viên 2",
    )
    site.edit(
        "articles/2017/bai-dong-dau.md", "Date: 2017-01-06 14:31", "Date: 2017-01-06 14:31 GMT+7"
    )
    site.edit(
        "articles/2017/bai-dong-dau.md", "Provinces: Thái Bình", "Provinces: Thái Bình, TP Cần Thơ"
    )
    # Non-breaking spaces pasted into names (nbsp-in-names).
    site.edit("articles/2017/bai-dong-dau.md", "Category: Địa phương", "Category: Địa\u00a0phương")
    site.edit(
        "articles/2017/bai-dong-dau.md",
        "Organizations: Liên hiệp các tổ chức hữu nghị",
        "Organizations: Liên hiệp các tổ chức hữu\u00a0nghị",
    )

    logger = logging.getLogger()
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    keep = Keep(level=logging.WARNING)
    logger.addHandler(keep)
    cwd = os.getcwd()
    try:
        from tests.bad_input_site import build_args

        code = main(build_args(site))
    finally:
        os.chdir(cwd)
        logger.removeHandler(keep)
    return site, code, "\n".join(r.getMessage() for r in records)


def test_every_safe_kind_is_documented():
    assert sorted(_documented("## Safe results")) == sorted(SAFE)


@pytest.mark.slow
def test_the_safe_inputs_build(safe_site):
    site, code, log = safe_site
    assert code == 0, log[-3000:]
    assert (site.output / "index.html").is_file()
    assert staging_folders(site.tmp) == []


@pytest.mark.slow
def test_header_values_are_published_as_the_check_reads_them(safe_site):
    """Wrapped Tags, Authors with a semicolon, a date with "GMT+7", an image
    at its site path and "TP Cần Thơ": what make check accepted is what the
    reader gets."""
    site, _, log = safe_site
    assert "bai-dong-dau.md" not in log  # no warning, no error
    page = (site.output / "bai-viet/bai-dong-dau/index.html").read_text(encoding="utf-8")
    for tag in ("tong-ket", "giao-luu-van-hoa", "doi-ngoai-nhan-dan"):
        assert f"/tu-khoa/{tag}/" in page, tag  # the wrapped line's tags too
    assert "/tac-gia/phong-vien-1/" in page and "/tac-gia/phong-vien-2/" in page
    assert "06/01/2017 14:31 GMT+7" in page and 'datetime="2017-01-06T14:31:00+07:00"' in page
    assert "<picture" in page and "can-tho" in page  # the image pipeline took /images/…
    chips = page[page.index("chip--province") - 200 :]
    # by its official name ("TP Cần Thơ" as written is another spelling), not a former province
    assert ">Cần Thơ<" in chips and "TP Cần Thơ" not in chips and "→ Cần Thơ" not in chips
    assert "→ Hưng Yên" in chips  # Thái Bình is one
    # A screen reader hears the words, not the arrow (touch readers never see the title).
    assert '<span aria-hidden="true">→ Hưng Yên</span>' in chips
    assert '<span class="visually-hidden">Nay thuộc tỉnh Hưng Yên</span>' in chips
    # "Địa\u00a0phương", "…hữu\u00a0nghị…": filed as the names they look like
    assert "\u00a0" not in page
    assert "/chuyen-muc/dia-phuong/" in page and "/to-chuc/" in page
    section = (site.output / "chuyen-muc/dia-phuong/index.html").read_text(encoding="utf-8")
    assert "/bai-viet/bai-dong-dau/" in section


@pytest.mark.slow
def test_nfd_text_is_published_in_nfc_with_a_warning(safe_site):
    site, _, log = safe_site
    assert "chưa chuẩn hóa NFC" in log and "bai-nfd.md" in log
    page = (site.output / "bai-viet/bai-nfd/index.html").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", NFD_TITLE) in page
    # og:image:alt and twitter:image:alt came from the metadata as written
    assert f'content="{unicodedata.normalize("NFC", NFD_ALT)}"' in page
    assert unicodedata.is_normalized("NFC", page), "the page still contains NFD text"


@pytest.mark.slow
def test_a_photo_credit_typed_with_its_word_names_the_photographer_once(safe_site):
    # The page read "Buổi làm việc (Ảnh: Ảnh: Quỳnh Hoa)".
    site, _, log = safe_site
    assert "bai-nguoi-chup.md" in log and "viết 'Quỳnh Hoa'" in log
    page = (site.output / "bai-viet/bai-nguoi-chup/index.html").read_text(encoding="utf-8")
    shown = re.sub(r"<[^>]+>", "", page[page.index("<figcaption") : page.index("</figcaption>")])
    assert " ".join(shown.split()) == "Buổi làm việc (Ảnh: Quỳnh Hoa)"


@pytest.mark.slow
def test_emoji_title_is_published_as_written(safe_site):
    site, _, _ = safe_site
    page = (site.output / "bai-viet/bai-emoji/index.html").read_text(encoding="utf-8")
    assert EMOJI_TITLE in page


@pytest.mark.slow
def test_a_future_dated_article_is_nowhere_yet(safe_site):
    site, _, log = safe_site
    assert not (site.output / "bai-viet/bai-tuong-lai").exists()
    published = [
        p
        for p in site.output.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".rss", ".atom", ".json")
    ]
    assert published
    for path in published:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "bai-tuong-lai" not in text and "Bài hẹn giờ năm 2999" not in text, path


@pytest.mark.slow
def test_a_link_to_a_scheduled_article_is_text_with_a_warning(safe_site):
    site, _, log = safe_site
    assert "bai-dan-link.md" in log and "bài hẹn giờ" in log
    page = (site.output / "bai-viet/bai-dan-link/index.html").read_text(encoding="utf-8")
    assert "bài sắp đăng" in page and "bai-tuong-lai" not in page and "{filename}" not in page


@pytest.mark.slow
def test_an_html_comment_is_removed_with_a_warning(safe_site):
    site, _, log = safe_site
    assert "bai-ghi-chu.md" in log and "chú thích HTML" in log
    leaked = [
        path
        for path in site.output.rglob("*")
        if path.is_file() and NOTE.encode() in path.read_bytes()
    ]
    assert leaked == []
    assert (site.output / "bai-viet/bai-ghi-chu/index.html").is_file()


def test_an_imported_photo_note_is_not_published_and_the_check_names_it(safe_site, reference):
    """make import keeps a caption whose photo it has no file of as a note:
    readers never get a caption under no photo, and make check says what
    to do, at the note's line."""
    from plugins.content_check import check_tree

    site, code, log = safe_site
    assert code == 0 and "bai-nhap-anh-cu.md" in log
    page = (site.output / "bai-viet/bai-nhap-anh-cu/index.html").read_text(encoding="utf-8")
    assert "Đoạn sau." in page and PHOTO_CAPTION not in page and "Quỳnh Hoa" not in page
    rel = "articles/2017/bai-nhap-anh-cu.md"
    lines = site.file(rel).read_text(encoding="utf-8").splitlines()
    at = next(number for number, line in enumerate(lines, 1) if line.startswith("<!--"))
    report = check_tree(site.content, reference, cwd=site.tmp)
    found = [(p.line, p.code) for p in report.problems if p.path.endswith("bai-nhap-anh-cu.md")]
    assert found == [(at, "missing-photo")]


@pytest.mark.slow
def test_a_symlink_inside_content_is_followed(safe_site):
    site, code, _ = safe_site
    assert code == 0
    assert (site.content / "images/2025/can-tho-ban-sao.png").is_symlink()
