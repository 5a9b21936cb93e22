"""Links and comments in bodies, as the check reads them from Markdown:
what is a link to the portal, where it is, and what is only shown as text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.content_check import check_tree
from plugins.content_check.links import is_internal_link

GOOD = Path(__file__).parent / "fixtures" / "check" / "good" / "content"
HEAD = """Title: Bài thử liên kết
Slug: lien-ket
Date: 2020-06-01 08:00
Category: Hữu nghị
Summary: Bài thử.
"""


@pytest.mark.parametrize(
    ("target", "internal"),
    [
        ("/tinh/can-tho/", True),
        ("../khac/", True),
        ("{filename}/articles/2020/a.md", True),
        ("|filename|a.md", True),
        ("https://vufo.org.vn/", False),
        ("//cdn.example/x.js", False),
        ("mailto:toasoan@example.vn", False),
        ("tel:+84240000000", False),
        ("#chu-thich", False),
        ("", False),
    ],
)
def test_what_is_a_link_to_the_portal(target, internal):
    assert is_internal_link(target) is internal


def problems_of(tmp_path: Path, body: str, reference) -> list[tuple[str, int, str]]:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    (content / "articles" / "2020" / "lien-ket.md").write_text(HEAD + "\n" + body, encoding="utf-8")
    report = check_tree(content, reference, cwd=tmp_path)
    return [(p.code, p.line, p.message) for p in report.problems if "lien-ket" in p.path]


def test_links_are_found_at_their_line(tmp_path, reference):
    body = (
        "Đoạn đầu.\n\n"  # line 7
        "Xem [trang cũ](/khong-co/) và [VUFO](https://vufo.org.vn/).\n\n"  # line 9
        '<p><a href="../cung-khong-co/">khác</a></p>\n\n'  # line 11
        "[tham khảo]: /cung-khong/\n"  # line 13
    )
    found = [(code, line) for code, line, _ in problems_of(tmp_path, body, reference)]
    assert found == [("broken-link", 9), ("broken-link", 11), ("broken-link", 13)]


def test_code_footnotes_and_good_links_are_not_reported(tmp_path, reference):
    body = (
        "Liên kết tốt tới [bài kia]({filename}good-article.md) và [chuyên mục](/chuyen-muc/huu-nghi/).\n\n"
        "Chú thích[^1].\n\n"
        "[^1]: Nguồn tham khảo, không phải liên kết.\n\n"
        "```\n[mã](/khong-co/) <!-- trong mã -->\n```\n\n"
        "Viết `[x](/khong-co/)` trong mã dòng.\n"
    )
    assert problems_of(tmp_path, body, reference) == []


def test_comments_are_warned_at_their_line_and_an_empty_body_is_refused(tmp_path, reference):
    found = problems_of(tmp_path, "Nội dung.\n\n<!-- ghi chú\nnội bộ -->\n", reference)
    assert [(code, line) for code, line, _ in found] == [("html-comment", 9)]
    found = problems_of(tmp_path / "b", "<!--\nchưa viết\n-->\n", reference)
    assert [(code, line) for code, line, _ in found] == [("empty-body", 7), ("html-comment", 7)]


def test_an_address_or_a_related_slug_cut_short_gets_the_whole_one(tmp_path, reference):
    # "/bai-viet/hung-yen-kien-toan/" and "Related: kieu-bao-tai-hoa-ky" got no
    # suggestion: a long slug cut short is too far from it for difflib.
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    long_slug = "hoi-huu-nghi-viet-nam-lao-tinh-dien-bien-to-chuc-dai-hoi-lan-thu-ba"
    second = (content / "articles" / "2021" / "good-second.md").read_text(encoding="utf-8")
    (content / "articles" / "2021" / f"{long_slug}.md").write_text(
        second.replace("Slug: good-second", f"Slug: {long_slug}"), encoding="utf-8"
    )
    (content / "articles" / "2020" / "lien-ket.md").write_text(
        HEAD.replace("Summary:", "Related: hoi-huu-nghi-viet-nam-lao\nSummary:")
        + "\nXem [đại hội](/bai-viet/hoi-huu-nghi-viet-nam-lao/).\n",
        encoding="utf-8",
    )
    report = check_tree(content, reference, cwd=tmp_path)
    messages = {p.code: p.message for p in report.problems if "lien-ket" in p.path}
    assert messages["unknown-related"].endswith(f"có phải '{long_slug}'?")
    assert messages["broken-link"].endswith(f"có phải '/bai-viet/{long_slug}/'?")
