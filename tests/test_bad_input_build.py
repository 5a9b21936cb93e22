"""Bad content and configuration: a clear Vietnamese error naming the file,
exit code 1, no traceback, and the previous site left untouched.

Each case is a copy of the golden fixture site with one broken file or
setting (docs/bad-input.md lists them all with their documented result).
The build runs in this process (``scripts.build.main``): content errors stop
it before anything is rendered, so each case takes a fraction of a second.
``test_bad_input_cli.py`` runs a few of them as real processes.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.bad_input_site import (
    BAD_INPUT,
    LEAD,
    OLD,
    Site,
    build_in_process,
    make_site,
    previous_site,
    snapshot,
    staging_folders,
)


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Site], None]
    expected: tuple[str, ...]  # fragments of the error output, in Vietnamese
    names: str = ""  # a fragment of the file (or setting) the message must name
    slow: bool = False  # fails only after rendering (full build)


def replace_in(rel: str, old: str, new: str) -> Callable[[Site], None]:
    return lambda site: site.edit(rel, old, new)


def lead_header(site: Site) -> str:
    return site.file(LEAD).read_text(encoding="utf-8").split("\n\n", 1)[0]


def _write_bytes(rel: str, make: Callable[[Site], bytes]) -> Callable[[Site], None]:
    return lambda site: site.write(rel, make(site))


def _symlink_image_outside(site: Site) -> None:
    secret = site.tmp / "secret.txt"
    secret.write_text("mật khẩu\n", encoding="utf-8")
    os.symlink(secret, site.file("images/2025/bi-mat.jpg"))


def _symlink_article_outside(site: Site) -> None:
    outside = site.tmp / "ngoai.md"
    outside.write_text(
        site.file(OLD)
        .read_text(encoding="utf-8")
        .replace("thai-binh-trien-khai-cong-tac-2017", "ngoai"),
        encoding="utf-8",
    )
    os.symlink(outside, site.file("articles/2017/ngoai.md"))


def _symlink_folder_outside(site: Site) -> None:
    folder = site.tmp / "ngoai"
    folder.mkdir()
    os.symlink(folder, site.file("images/ngoai"))


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


CASES = [
    # --- encoding and file level ------------------------------------------
    Case(
        "invalid-utf8",
        _write_bytes(
            LEAD,
            lambda s: s.file(LEAD).read_bytes().replace("Cần Thơ".encode(), b"C\xe1n Th\xff", 1),
        ),
        ("không phải UTF-8 hợp lệ",),
        LEAD,
    ),
    Case(
        "bom",
        _write_bytes(LEAD, lambda s: b"\xef\xbb\xbf" + s.file(LEAD).read_bytes()),
        ("BOM",),
        LEAD,
    ),
    Case("empty-file", lambda s: s.write("articles/2025/rong.md", ""), ("tệp rỗng",), "rong.md"),
    Case(
        "whitespace-only-file",
        lambda s: s.write("articles/2025/trang.md", "\n  \n\t\n"),
        ("tệp rỗng",),
        "trang.md",
    ),
    Case(
        "control-character",
        replace_in(LEAD, "Title: VUFO", "Title: VUFO\x07\x1b[31m"),
        ("ký tự điều khiển U+0007",),
        LEAD,
    ),
    Case(
        "nul-byte",
        replace_in(LEAD, "Summary: Đoàn", "Summary: \x00Đoàn"),
        ("ký tự điều khiển U+0000",),
        LEAD,
    ),
    Case("huge-file-50mb", _huge_file, ("tệp quá lớn", "tối đa 2 MB"), "bai-rat-lon.md"),
    Case(
        "symlink-image-outside",
        _symlink_image_outside,
        ("liên kết tượng trưng trỏ ra ngoài",),
        "bi-mat.jpg",
    ),
    Case(
        "symlink-article-outside",
        _symlink_article_outside,
        ("liên kết tượng trưng trỏ ra ngoài",),
        "ngoai.md",
    ),
    Case(
        "symlink-folder-outside",
        _symlink_folder_outside,
        ("liên kết tượng trưng trỏ ra ngoài",),
        "images/ngoai",
    ),
    # --- header syntax and required fields --------------------------------
    Case(
        "missing-title",
        replace_in(LEAD, "Title: VUFO làm việc với Cần Thơ về đối ngoại nhân dân\n", ""),
        ("thiếu trường bắt buộc 'Title'",),
        LEAD,
    ),
    Case(
        "missing-summary",
        lambda s: s.edit(LEAD, lead_header(s).split("Summary: ")[1].split("\n")[0], ""),
        ("trường bắt buộc 'Summary' đang để trống",),
        LEAD,
    ),
    Case(
        "missing-date",
        replace_in(LEAD, "Date: 2025-11-03 13:33\n", ""),
        ("thiếu trường bắt buộc 'Date'",),
        LEAD,
    ),
    Case(
        "bad-header-line",
        replace_in(LEAD, "Category: Hữu nghị\n", "Category Hữu nghị\n"),
        ("không đúng dạng 'Tên trường: giá trị'",),
        LEAD,
    ),
    # --- values ---------------------------------------------------------
    Case(
        "date-impossible",
        replace_in(LEAD, "2025-11-03 13:33", "2025-02-30 13:33"),
        ("không có thật",),
        LEAD,
    ),
    Case(
        "date-garbage",
        replace_in(LEAD, "2025-11-03 13:33", "hôm qua"),
        ("không đúng dạng YYYY-MM-DD HH:MM",),
        LEAD,
    ),
    Case(
        "date-without-time",
        replace_in(LEAD, "2025-11-03 13:33", "2025-11-03"),
        ("thiếu giờ",),
        LEAD,
    ),
    Case(
        "date-other-timezone",
        replace_in(LEAD, "2025-11-03 13:33", "2025-11-03 13:33+09:00"),
        ("giờ Việt Nam",),
        LEAD,
    ),
    Case(
        "modified-before-date",
        replace_in(LEAD, "Modified: 2025-11-04 08:00", "Modified: 2024-01-01 08:00"),
        ("trước ngày đăng",),
        LEAD,
    ),
    Case(
        "title-too-long",
        replace_in(LEAD, "Title: VUFO", "Title: " + "Rất dài " * 130 + "VUFO"),
        ("Title dài", "tối đa 200"),
        LEAD,
    ),
    Case(
        "summary-huge",
        replace_in(LEAD, "Summary: Đoàn", "Summary: " + "Sapo rất dài. " * 800 + "Đoàn"),
        ("Summary dài", "tối đa 300"),
        LEAD,
    ),
    Case(
        "bad-slug",
        replace_in(LEAD, "Slug: vufo-lam-viec-voi-can-tho", "Slug: VUFO làm việc"),
        ("slug 'VUFO làm việc' không hợp lệ",),
        LEAD,
    ),
    Case(
        "source-url-javascript",
        replace_in(LEAD, "https://thoidai.com.vn/vi-du-123.html", "javascript:alert(1)"),
        ("không phải địa chỉ web hợp lệ",),
        LEAD,
    ),
    Case(
        "video-url-javascript",
        replace_in(
            "articles/2026/video-ban-hoa-ca-huu-nghi.md",
            "https://www.youtube.com/watch?v=abcdefghijk",
            "javascript:alert(1)",
        ),
        ("không phải địa chỉ web hợp lệ",),
        "video-ban-hoa-ca-huu-nghi.md",
    ),
    Case("bad-integer", replace_in(OLD, "Views: 375", "Views: nhiều"), ("phải là số nguyên",), OLD),
    Case(
        "bad-choice",
        replace_in(LEAD, "Featured: lead", "Featured: chính"),
        ("Featured 'chính' không hợp lệ",),
        LEAD,
    ),
    # --- references -------------------------------------------------------
    Case(
        "unknown-section",
        replace_in(LEAD, "Category: Hữu nghị", "Category: Thể thao"),
        ("chuyên mục 'Thể thao' không có trong danh mục",),
        LEAD,
    ),
    Case(
        "unknown-subsection",
        replace_in(LEAD, "Subsection: Hội hữu nghị", "Subsection: Bóng đá"),
        ("chuyên mục con 'Bóng đá'",),
        LEAD,
    ),
    Case(
        "unknown-province",
        replace_in(LEAD, "Provinces: Cần Thơ", "Provinces: Cần Thớ, Gotham"),
        ("tỉnh 'Gotham' không có trong danh mục",),
        LEAD,
    ),
    Case(
        "unknown-country",
        replace_in(LEAD, "Countries: Nhật Bản", "Countries: Atlantis"),
        ("quốc gia 'Atlantis' không có trong danh mục",),
        LEAD,
    ),
    Case(
        "unknown-organization",
        replace_in(LEAD, "Organizations: VUFO", "Organizations: Hội Không Tồn Tại"),
        ("tổ chức 'Hội Không Tồn Tại' không có trong danh mục",),
        LEAD,
    ),
    Case(
        "related-unknown-slug",
        replace_in(LEAD, "Related: thai-binh-trien-khai-cong-tac-2017", "Related: khong-ton-tai"),
        ("bài liên quan 'khong-ton-tai' không tồn tại",),
        LEAD,
    ),
    Case(
        "duplicate-slug",
        lambda s: s.write("articles/2025/ban-sao.md", s.file(LEAD).read_text(encoding="utf-8")),
        ("slug 'vufo-lam-viec-voi-can-tho' trùng với",),
        "ban-sao.md",
    ),
    Case(
        "url-collision-page-slug",
        replace_in("pages/gioi-thieu.md", "Slug: gioi-thieu", "Slug: chu-de"),
        ("trùng thư mục dành riêng /chu-de/",),
        "gioi-thieu.md",
    ),
    Case(
        "script-in-tags",
        replace_in(
            LEAD, "Tags: đối ngoại nhân dân", "Tags: <script>alert(1)</script>, đối ngoại nhân dân"
        ),
        ("chứa ký tự '<' hoặc '>'",),
        LEAD,
    ),
    Case(
        "html-in-authors",
        replace_in(LEAD, "Authors: Phóng viên 1", "Authors: <img src=x onerror=alert(1)>"),
        ("chứa ký tự '<' hoặc '>'",),
        LEAD,
    ),
    Case(
        "symbols-only-tag",
        replace_in(LEAD, "Tags: đối ngoại nhân dân", "Tags: ???, đối ngoại nhân dân"),
        ("không tạo được địa chỉ",),
        LEAD,
    ),
    # --- images -----------------------------------------------------------
    Case(
        "missing-image",
        replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: images/2025/khong-co.jpg"),
        ("ảnh 'images/2025/khong-co.jpg' không có trong content/",),
        LEAD,
    ),
    Case(
        "image-without-alt",
        replace_in(LEAD, "Image_Alt: Toàn cảnh buổi làm việc\n", ""),
        ("thiếu Image_Alt",),
        LEAD,
    ),
    Case(
        "image-path-traversal",
        replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: ../../etc/passwd"),
        ("ra ngoài thư mục content/",),
        LEAD,
    ),
    Case(
        "image-absolute-path",
        replace_in(LEAD, "Image: images/2025/can-tho.png", "Image: /etc/passwd"),
        ("không có trong content/",),
        LEAD,
    ),
    Case(
        "body-image-without-alt",
        replace_in(LEAD, "![Đại biểu trao quà lưu niệm]", "![]"),
        ("thiếu mô tả",),
        LEAD,
    ),
    Case(
        "body-image-traversal",
        replace_in(LEAD, "](images/2025/can-tho.png", "](../../../etc/passwd"),
        ("ra ngoài thư mục content/",),
        LEAD,
    ),
    Case(
        "corrupt-image",
        _write_bytes("images/2025/can-tho.png", lambda s: b"not a png at all"),
        ("tệp không phải là ảnh",),
        LEAD,
        slow=True,
    ),
    # --- configuration and reference data ----------------------------------
    Case(
        "data-dir-nowhere",
        lambda s: s.set(PORTAL_DATA_DIR="/nonexistent/du-lieu"),
        ("không tìm thấy tệp dữ liệu", "PORTAL_DATA_DIR"),
        "/nonexistent/du-lieu",
    ),
    Case("corrupt-data-toml", _corrupt_toml, ("provinces.toml",), "provinces.toml"),
    Case("settings-syntax-error", _settings_syntax, ("tệp cấu hình lỗi cú pháp",), "settings.py"),
    Case(
        "theme-nowhere",
        lambda s: s.set(THEME="/nonexistent/giao-dien"),
        ("không tìm thấy giao diện",),
        "/nonexistent/giao-dien",
    ),
    Case(
        "unknown-plugin",
        lambda s: s.set(PLUGINS=["plugins.content_check", "plugins.khong_co"]),
        ("plugins.khong_co",),
        "plugins.khong_co",
        slow=True,
    ),
    Case(
        "bad-plugin-setting",
        lambda s: s.set(SEARCH={"fold": "moi"}),
        ("SEARCH['fold']",),
        "SEARCH",
        slow=True,
    ),
]


def _params():
    for case in CASES:
        marks = [pytest.mark.slow] if case.slow else []
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_bad_input_gives_a_clear_error_and_keeps_the_previous_site(case, tmp_path, capfd, caplog):
    site = make_site(tmp_path)
    before = previous_site(site.output)
    case.mutate(site)

    result = build_in_process(site, capfd, caplog)

    assert result.code == 1, result.text[-2000:]
    assert "Traceback" not in result.text, result.text[-4000:]
    for fragment in case.expected:
        assert fragment in result.text, f"{fragment!r} not in:\n{result.text[-3000:]}"
    assert case.names in result.text, (
        f"the message does not name {case.names!r}:\n{result.text[-3000:]}"
    )
    # A clear line in Vietnamese says the previous site is kept …
    assert "giữ nguyên bản trước" in result.text
    # … and it is: byte for byte, with no staging folder left behind.
    assert snapshot(site.output) == before
    assert staging_folders(site.tmp) == []


def test_there_are_at_least_thirty_kinds_of_bad_input():
    assert len({case.id for case in CASES}) == len(CASES) >= 30


# --- inputs with a documented safe result: one build for all of them -------

NFD_TITLE = unicodedata.normalize("NFD", "Hữu nghị Việt – Lào: đoàn kết, gắn bó")
EMOJI_TITLE = "Giao lưu hữu nghị 🇻🇳🤝🇱🇦 mùa xuân 🌸"


@pytest.fixture(scope="module")
def safe_site(tmp_path_factory):
    """The golden site plus every input that builds with a documented result."""
    import logging

    from scripts.build import main

    tmp = tmp_path_factory.mktemp("safe")
    site = make_site(tmp)
    base = site.file(OLD).read_text(encoding="utf-8")

    def article(slug: str, title: str, extra: str = "", body: str = "Nội dung.") -> None:
        text = base.replace("thai-binh-trien-khai-cong-tac-2017", slug).replace(
            "Thái Bình đặt mục tiêu cho công tác hữu nghị năm 2017", title
        )
        head = text.split("\n\n", 1)[0]
        head = "\n".join(line for line in head.splitlines() if not line.startswith("Legacy_URL"))
        site.write(f"articles/2017/{slug}.md", head + extra + "\n\n" + body + "\n")

    # NFD text: a warning, and the published page is in NFC.
    article("bai-nfd", NFD_TITLE, body=unicodedata.normalize("NFD", "Thân bài viết ở dạng NFD."))
    article("bai-emoji", EMOJI_TITLE)
    # Far-future date: published as dated (a scheduled article is not supported).
    article("bai-tuong-lai", "Bài đề ngày năm 2999", body="Tương lai.")
    site.edit("articles/2017/bai-tuong-lai.md", "Date: 2017-01-06 14:31", "Date: 2999-01-06 14:31")
    # Unknown header key: a warning, the key is ignored.
    article("bai-truong-la", "Bài có trường lạ", extra="\nMood: vui")
    # A header without a body.
    site.write("articles/2025/chi-co-phan-dau.md", (BAD_INPUT / "only-header.md").read_bytes())
    # Files that are not Markdown: a warning, not published.
    site.write("articles/2025/bai-viet.docx", (BAD_INPUT / "bai-viet.docx").read_bytes())
    site.write("articles/2025/ghi-chu.txt", (BAD_INPUT / "ghi-chu.txt").read_bytes())
    # A symlink that stays inside content/ is fine.
    os.symlink("can-tho.png", site.file("images/2025/can-tho-ban-sao.png"))

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


@pytest.mark.slow
def test_the_safe_inputs_build(safe_site):
    site, code, log = safe_site
    assert code == 0, log[-3000:]
    assert (site.output / "index.html").is_file()
    assert staging_folders(site.tmp) == []


@pytest.mark.slow
def test_nfd_text_is_published_in_nfc_with_a_warning(safe_site):
    site, _, log = safe_site
    assert "chưa chuẩn hóa NFC" in log and "bai-nfd.md" in log
    page = (site.output / "bai-viet/bai-nfd/index.html").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", NFD_TITLE) in page
    assert unicodedata.is_normalized("NFC", page), "the page still contains NFD text"


@pytest.mark.slow
def test_emoji_title_is_published_as_written(safe_site):
    site, _, _ = safe_site
    page = (site.output / "bai-viet/bai-emoji/index.html").read_text(encoding="utf-8")
    assert EMOJI_TITLE in page


@pytest.mark.slow
def test_far_future_date_is_published_with_its_date(safe_site):
    site, _, log = safe_site
    page = (site.output / "bai-viet/bai-tuong-lai/index.html").read_text(encoding="utf-8")
    assert "2999-01-06T14:31:00+07:00" in page
    assert "năm 2999" in log  # year-folder warning names the year


@pytest.mark.slow
def test_unknown_key_is_a_warning(safe_site):
    site, _, log = safe_site
    assert "trường 'Mood' không có trong mô hình nội dung" in log
    assert (site.output / "bai-viet/bai-truong-la/index.html").is_file()


@pytest.mark.slow
def test_header_only_article_is_published_with_its_sapo(safe_site):
    site, _, _ = safe_site
    page = (site.output / "bai-viet/chi-co-phan-dau/index.html").read_text(encoding="utf-8")
    assert "Bài chỉ có phần đầu, thân bài để trống." in page


@pytest.mark.slow
def test_non_markdown_files_are_ignored_with_a_warning(safe_site):
    site, _, log = safe_site
    assert "bai-viet.docx" in log and "ghi-chu.txt" in log
    assert "không phải bài Markdown" in log
    published = snapshot(site.output)
    assert not any(name.endswith(("bai-viet.docx", "ghi-chu.txt")) for name in published)
    assert not any("ghi-chu" in name or name.endswith(".docx") for name in published)
