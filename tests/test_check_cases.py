"""One bad-content fixture per rule: exact code, file, line and message.

Each case under tests/fixtures/check/cases/<case>/ is an overlay copied onto a
copy of the valid tree tests/fixtures/check/good/content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.content_check import check_tree
from plugins.content_check.problems import Severity
from plugins.content_check.urls import UrlScheme

FIXTURES = Path(__file__).parent / "fixtures" / "check"
A = "content/articles/2020"

E, W = Severity.ERROR, Severity.WARNING

# case: [(code, file, line, severity, fragments of the message)] — the full
# list of problems the case must produce, nothing more.
CASES: dict[str, list[tuple[str, str, int, Severity, tuple[str, ...]]]] = {
    "missing-field": [
        ("missing-field", f"{A}/missing-field.md", 5, E, ("thiếu trường bắt buộc 'Title'",))
    ],
    "empty-field": [("empty-field", f"{A}/empty-field.md", 6, E, ("'Summary' đang để trống",))],
    "unknown-key": [
        ("unknown-key", f"{A}/unknown-key.md", 7, E, ("trường 'Tag' không có", "có phải 'Tags'?"))
    ],
    "duplicate-key": [
        ("duplicate-key", f"{A}/duplicate-key.md", 7, E, ("'Category' đã khai báo ở dòng 4",))
    ],
    "bad-date": [
        (
            "bad-date",
            f"{A}/bad-date.md",
            3,
            E,
            ("'10/05/2020 08:30' không đúng dạng YYYY-MM-DD HH:MM — viết '2020-05-10 08:30'",),
        )
    ],
    "date-without-time": [
        ("date-without-time", f"{A}/date-without-time.md", 3, E, ("thiếu giờ", "2020-05-10 HH:MM"))
    ],
    "modified-before-date": [
        (
            "modified-before-date",
            f"{A}/modified-before-date.md",
            7,
            E,
            ("ngày cập nhật 2020-05-09 08:00 trước ngày đăng 2020-05-10 08:30",),
        )
    ],
    "unknown-section": [
        (
            "unknown-section",
            f"{A}/unknown-section.md",
            4,
            E,
            ("chuyên mục 'Huu nghi' không có trong danh mục — có phải 'Hữu nghị'?",),
        )
    ],
    "unknown-subsection": [
        (
            "unknown-subsection",
            f"{A}/unknown-subsection.md",
            7,
            E,
            ("'Hoi huu nghi' không thuộc chuyên mục 'Hữu nghị'", "có phải 'Hội hữu nghị'?"),
        )
    ],
    "unknown-province": [
        (
            "unknown-province",
            f"{A}/unknown-province.md",
            5,
            E,
            ("tỉnh 'Soc Trang' không có trong danh mục — có phải 'Sóc Trăng'?",),
        )
    ],
    # No name near it: where the names are is said instead of a guess.
    "unknown-province-far": [
        (
            "unknown-province",
            f"{A}/unknown-province-far.md",
            5,
            E,
            ("tỉnh 'Gotham' không có trong danh mục — ghi tên tỉnh", "data/provinces.toml"),
        )
    ],
    # Dated after the 2025 reorganisation: a merged unit warns; a unit that
    # kept its name (Quảng Trị, Cần Thơ) does not.
    "former-province-name": [
        (
            "former-province-name",
            "content/articles/2026/former-province-name.md",
            5,
            W,
            ("'Quảng Bình' là tên tỉnh trước 1/7/2025, nay thuộc Quảng Trị", "10/03/2026"),
        ),
    ],
    # The same for a commune or district abolished on 1 July 2025.
    "former-locality-name": [
        (
            "former-locality-name",
            "content/articles/2026/former-locality-name.md",
            6,
            W,
            (
                "'huyện Tiền Hải (Thái Bình)' là đơn vị hành chính trước 1/7/2025",
                "xã, phường hiện nay",
            ),
        ),
        (
            "former-locality-name",
            "content/articles/2026/former-commune-name.md",
            6,
            W,
            ("nay là phường Trần Hưng Đạo, Hưng Yên", "nên ghi 'phường Trần Hưng Đạo'"),
        ),
    ],
    "unknown-country": [
        ("unknown-country", f"{A}/unknown-country.md", 7, E, ("quốc gia 'Lao'", "có phải 'Lào'?"))
    ],
    "unknown-organization": [
        (
            "unknown-organization",
            f"{A}/unknown-organization.md",
            7,
            E,
            ("tổ chức 'Vufo'", "có phải 'VUFO'?"),
        )
    ],
    "image-missing": [
        (
            "image-missing",
            f"{A}/image-missing.md",
            7,
            E,
            (
                "ảnh 'images/2020/anhh.jpg' không có trong content/",
                "có phải 'images/2020/anh.jpg'?",
            ),
        )
    ],
    # Written from the project's folder: the suggestion drops "content/".
    "image-under-content": [
        (
            "image-missing",
            f"{A}/image-under-content.md",
            7,
            E,
            (
                "ảnh 'content/images/2020/anh.jpg' không có trong content/",
                "có phải 'images/2020/anh.jpg'?",
            ),
        )
    ],
    "image-outside-content": [
        (
            "image-outside-content",
            f"{A}/image-outside-content.md",
            7,
            E,
            ("'../../secret.jpg' ra ngoài thư mục content/",),
        )
    ],
    "image-without-alt": [
        ("image-without-alt", f"{A}/image-without-alt.md", 7, E, ("thiếu Image_Alt",))
    ],
    "body-image-no-alt": [
        (
            "body-image-no-alt",
            f"{A}/body-image-no-alt.md",
            10,
            E,
            # the suggestion keeps the caption (it was dropped)
            ("thiếu mô tả", '— viết ![mô tả ảnh](images/2020/anh.jpg "Chú thích")'),
        )
    ],
    "body-image-missing": [
        (
            "body-image-missing",
            f"{A}/body-image-missing.md",
            10,
            E,
            ("'images/2020/khong-co.jpg' không có trong content/",),
        )
    ],
    "format-needs-image": [
        ("format-needs-image", f"{A}/format-needs-image.md", 7, E, ("'infographic' cần ảnh",))
    ],
    "video-needs-url": [
        ("video-needs-url", f"{A}/video-needs-url.md", 7, E, ("cần trường Video_URL",))
    ],
    "bad-url": [
        (
            "bad-url",
            f"{A}/bad-url.md",
            8,
            E,
            ("Source_URL 'www.baosoctrang.vn/bai' không phải địa chỉ web hợp lệ",),
        )
    ],
    "source-url-without-source": [
        ("source-url-without-source", f"{A}/source-url-without-source.md", 7, W, ("thiếu Source",))
    ],
    "bad-slug": [
        ("bad-slug", f"{A}/bad-slug.md", 2, E, ("slug 'Bài_Thử' không hợp lệ", "'bai-thu'"))
    ],
    "slug-filename-mismatch": [
        (
            "slug-filename-mismatch",
            f"{A}/slug-filename-mismatch.md",
            2,
            W,
            ("đổi tên tệp thành 'mot-slug-khac.md'",),
        )
    ],
    "year-folder-mismatch": [
        (
            "year-folder-mismatch",
            f"{A}/year-folder-mismatch.md",
            3,
            W,
            ("năm 2019", "'2020'", "articles/2019/"),
        )
    ],
    "duplicate-slug": [
        (
            "duplicate-slug",
            f"{A}/gioi-thieu.md",
            2,
            E,
            ("slug 'gioi-thieu' trùng với content/pages/gioi-thieu.md:2",),
        ),
        (
            "duplicate-slug",
            "content/pages/gioi-thieu.md",
            2,
            E,
            (f"trùng với {A}/gioi-thieu.md:2",),
        ),
    ],
    "keyword-collision": [
        (
            "url-collision",
            f"{A}/keyword-collision-a.md",
            7,
            E,
            ("/tu-khoa/ha-noi/", "'Hà Nội'", "'Ha Noi'", f"{A}/keyword-collision-b.md:7"),
        ),
        (
            "url-collision",
            f"{A}/keyword-collision-b.md",
            7,
            E,
            ("/tu-khoa/ha-noi/", "'Hà Nội'", "'Ha Noi'", f"{A}/keyword-collision-a.md:7"),
        ),
    ],
    "author-collision": [
        (
            "url-collision",
            f"{A}/author-collision.md",
            7,
            E,
            ("/tac-gia/minh-anh/", "'Minh anh'", "'Minh Anh'", "chỉ khác chữ hoa, chữ thường"),
        ),
        ("url-collision", f"{A}/good-article.md", 11, E, ("/tac-gia/minh-anh/",)),
    ],
    "legacy-collision": [
        (
            "url-collision",
            f"{A}/good-article.md",
            22,
            E,
            ("/doi-ngoai/good-article-123.html", f"{A}/legacy-collision.md:7"),
        ),
        (
            "url-collision",
            f"{A}/legacy-collision.md",
            7,
            E,
            ("/doi-ngoai/good-article-123.html", f"{A}/good-article.md:22"),
        ),
    ],
    # nginx's redirect map ignores ASCII case: "/Tinh/Can-Tho" would take
    # over the province page. Reported at the old address only.
    "legacy-case-collision": [
        (
            "url-collision",
            f"{A}/legacy-case-collision.md",
            7,
            E,
            ("/tinh/can-tho/", "tỉnh 'Cần Thơ'", "địa chỉ cũ (chuyển hướng)"),
        ),
    ],
    # /quoc-gia/ leads to the topics index (plugins.topics): the build
    # crashed writing it twice while the check passed.
    "legacy-topic-folder": [
        (
            "url-collision",
            f"{A}/legacy-topic-folder.md",
            7,
            E,
            ("/quoc-gia/", "trang hệ thống"),
        ),
    ],
    "reserved-slug": [
        (
            "reserved-slug",
            "content/pages/tu-khoa.md",
            2,
            E,
            ("'tu-khoa' trùng thư mục dành riêng /tu-khoa/",),
        )
    ],
    "page-missing-slug": [
        ("missing-field", "content/pages/lien-he.md", 1, E, ("thiếu trường bắt buộc 'Slug'",))
    ],
    "summary-too-long": [
        (
            "summary-too-long",
            f"{A}/summary-too-long.md",
            6,
            E,
            ("Summary dài 301 ký tự, tối đa 300",),
        )
    ],
    "title-too-long": [
        ("title-too-long", f"{A}/title-too-long.md", 1, E, ("Title dài 201 ký tự, tối đa 200",))
    ],
    "bad-integer": [
        ("bad-integer", f"{A}/bad-integer.md", 8, E, ("Series_Part phải là số nguyên", "'hai'"))
    ],
    "unknown-related": [
        (
            "unknown-related",
            f"{A}/unknown-related.md",
            7,
            E,
            ("'good-articel' không tồn tại — có phải 'good-article'?",),
        )
    ],
    "image-credit-word": [
        (
            "image-credit-word",
            f"{A}/image-credit-word.md",
            7,
            W,
            ("Image_Credit chỉ ghi tên người chụp", "viết 'Quỳnh Hoa'"),
        )
    ],
    "two-image-credits": [
        (
            "two-image-credits",
            f"{A}/two-image-credits.md",
            7,
            E,
            ("người chụp 'Phương Linh' nhưng Image_Credit là 'Quỳnh Hoa'", "giữ một tên"),
        )
    ],
    "summary-markup": [
        (
            "summary-markup",
            f"{A}/summary-markup.md",
            6,
            W,
            ("'**Đoàn VUFO**'", "không đọc Markdown"),
        ),
        (
            "summary-markup",
            f"{A}/summary-tag.md",
            6,
            W,
            ("'<kinh nghiệm>'", "chữ trong < > mất cả"),
        ),
    ],
    "video-elsewhere": [
        (
            "video-elsewhere",
            f"{A}/video-elsewhere.md",
            8,
            W,
            ("không phải địa chỉ một video YouTube",),
        )
    ],
    "related-itself": [("related-itself", f"{A}/related-itself.md", 7, W, ("là chính bài này",))],
    "series-part-without-series": [
        (
            "series-part-without-series",
            f"{A}/series-part-without-series.md",
            7,
            W,
            ("có Series_Part nhưng thiếu Series",),
        )
    ],
    "unknown-section-far": [
        (
            "unknown-section",
            f"{A}/unknown-section-far.md",
            4,
            E,
            ("chuyên mục 'Tin tức' không có trong danh mục (có: Hữu nghị, Địa phương",),
        )
    ],
    "related-draft": [
        (
            "related-draft",
            f"{A}/related-draft.md",
            7,
            W,
            ("'draft-without-summary' còn là bản nháp",),
        )
    ],
    "bad-status": [
        (
            "bad-choice",
            f"{A}/bad-status.md",
            7,
            E,
            ("Status 'publish' không hợp lệ", "có phải 'published'?"),
        )
    ],
    "status-in-vietnamese": [
        (
            "bad-choice",
            f"{A}/status-in-vietnamese.md",
            7,
            E,
            ("Status 'Nháp' không hợp lệ", "có phải 'draft'?"),
        )
    ],
    "bad-featured": [
        (
            "bad-choice",
            f"{A}/bad-featured.md",
            7,
            E,
            ("Featured 'yes' không hợp lệ", "lead, top, no"),
        )
    ],
    "bad-format": [
        (
            "bad-choice",
            f"{A}/bad-format.md",
            7,
            E,
            ("Format 'videos' không hợp lệ", "có phải 'video'?"),
        )
    ],
    "draft-without-summary": [],
    "bad-header-line": [
        (
            "bad-header-line",
            f"{A}/bad-header-line.md",
            7,
            E,
            ("không đúng dạng 'Tên trường: giá trị'",),
        )
    ],
    "empty-file": [("empty-file", f"{A}/empty-file.md", 1, E, ("tệp rỗng",))],
    "bom": [("bom", f"{A}/bom.md", 1, E, ("BOM",))],
    "invalid-utf8": [
        ("invalid-utf8", f"{A}/invalid-utf8.md", 4, E, ("không phải UTF-8 hợp lệ", "0xfb")),
        # The undecodable name is then also an unknown section.
        ("unknown-section", f"{A}/invalid-utf8.md", 4, E, ("có phải 'Hữu nghị'?",)),
    ],
    "not-nfc": [("not-nfc", f"{A}/not-nfc.md", 1, W, ("văn bản chưa chuẩn hóa NFC",))],
    "template-guide-left": [
        ("template-guide-left", f"{A}/template-guide-left.md", 9, W, ("khối hướng dẫn",))
    ],
    # The sample lines of 'make new' left in a published body, each at its line.
    "template-body-left": [
        ("template-body-left", f"{A}/template-body-left.md", 10, E, ("'## Tiêu đề đoạn'",)),
        ("template-body-left", f"{A}/template-body-left.md", 12, E, ("'Nội dung chính của bài.'",)),
    ],
}


def site_with(tmp_path: Path, *cases: str) -> Path:
    """A copy of the good tree with the given cases' files laid over it."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "good", site)
    for case in cases:
        shutil.copytree(FIXTURES / "cases" / case, site / "content", dirs_exist_ok=True)
    return site


def test_every_case_fixture_has_expectations():
    assert sorted(CASES) == sorted(
        p.name for p in (FIXTURES / "cases").iterdir() if p.name != "page-pagination-collision"
    )


def test_good_tree_has_no_problem(tmp_path, reference):
    site = site_with(tmp_path)
    report = check_tree(site / "content", reference, cwd=site)
    assert report.problems == ()
    assert report.files_checked == 3


@pytest.mark.parametrize("case", sorted(CASES))
def test_case(case, tmp_path, reference):
    site = site_with(tmp_path, case)
    report = check_tree(site / "content", reference, cwd=site)
    got = [(p.code, p.path, p.line, p.severity) for p in report.problems]
    assert sorted(got) == sorted(
        (code, path, line, sev) for code, path, line, sev, _ in CASES[case]
    )
    for code, path, line, _sev, fragments in CASES[case]:
        problem = next(p for p in report.problems if (p.code, p.path, p.line) == (code, path, line))
        for fragment in fragments:
            assert fragment in problem.message


def test_page_slug_colliding_with_home_pagination(tmp_path, reference):
    # With one article per page the home has a page 2 at /trang-2/, which a
    # static page slugged 'trang-2' would overwrite.
    site = site_with(tmp_path, "page-pagination-collision")
    report = check_tree(
        site / "content", reference, UrlScheme(per_page=20, home_per_page=1), cwd=site
    )
    assert [(p.code, p.path, p.line) for p in report.problems] == [
        ("url-collision", "content/pages/trang-2.md", 2)
    ]
    assert "địa chỉ /trang-2/ bị trùng" in report.problems[0].message
    assert "trang chủ (trang 2)" in report.problems[0].message
    # With 20 per page there is no page 2: no collision (the home's own size
    # counts: PAGINATED_TEMPLATES["index"], not DEFAULT_PAGINATION).
    scheme = UrlScheme(per_page=1, home_per_page=20)
    assert check_tree(site / "content", reference, scheme, cwd=site).problems == ()


def test_reserved_folders_are_all_refused(tmp_path, reference):
    site = site_with(tmp_path)
    names = [
        "bai-viet",
        "chuyen-muc",
        "tu-khoa",
        "tac-gia",
        "tinh",
        "quoc-gia",
        "to-chuc",
        "luu-tru",
        "chu-de",
        "tim-kiem",
        "feeds",
        "images",
        "theme",
    ]
    for name in names:
        (site / "content" / "pages" / f"{name}.md").write_text(
            f"Title: {name}\nSlug: {name}\n\nx\n", encoding="utf-8"
        )
    report = check_tree(site / "content", reference, cwd=site)
    assert sorted(p.path for p in report.problems if p.code == "reserved-slug") == sorted(
        f"content/pages/{n}.md" for n in names
    )


@pytest.mark.parametrize(
    ("url", "played"),
    [
        ("https://www.youtube.com/watch?v=Vn65CuBa2Lk", True),
        ("https://youtu.be/Vn65CuBa2Lk", True),
        ("https://m.youtube.com/shorts/Vn65CuBa2Lk", True),
        ("https://vimeo.com/123456789", True),
        # A host the page plays, but no video of it: no warning let these by.
        ("https://www.youtube.com/playlist?list=PL123", False),
        ("https://www.youtube.com/@vufo", False),
        ("https://vimeo.com/channels/staffpicks", False),
        ("https://www.facebook.com/watch/?v=1", False),
    ],
)
def test_a_video_is_played_on_the_page_only_where_the_script_plays_it(url, played):
    """The check's rule and site.js's embedUrl take the same addresses."""
    from plugins.content_check.rules import plays_here

    assert plays_here(url) is played
