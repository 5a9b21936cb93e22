"""Importer: what is read from legacy captures (real ones and our own)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from plugins.importer import CaptureError, parse_capture, parse_html_capture, parse_text_capture
from plugins.importer.capture import (
    Caption,
    Paragraph,
    Subheading,
    doubled,
    parse_byline,
    parse_dateline,
    parse_source,
    parse_views,
    split_credit,
)
from plugins.importer.convert import (
    build_matcher,
    convert,
    infer_topics,
    load_legacy_table,
    split_summary,
    trim_words,
)
from plugins.vietnamese import VIETNAM_TZ

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "legacy"
FIXTURES = Path(__file__).parent / "fixtures" / "legacy"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/legacy absent")


@pytest.fixture(scope="module")
def table(reference):
    return load_legacy_table(ROOT / "data" / "legacy_sections.toml", reference)


@pytest.fixture(scope="module")
def matcher(reference, table):
    return build_matcher(reference, table)


def converted(path: Path, reference, table, matcher):
    return convert(parse_capture(path), reference, table, matcher)


def body_text(article) -> str:
    return "\n".join(block.text for block in article.body.blocks)


CHROME = (
    "Đọc nhiều",
    "Multimedia",
    "Thời tiết hôm nay",
    "Xin chờ",
    "-->",
    "Theo dõi",
    "Xem trên",
    "Chia sẻ",
    "Tin bài liên quan",
    "Từ khóa",
)


# --- the shared line rules -----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ 6, 06/01/2017 | 14:31:31", datetime(2017, 1, 6, 14, 31, 31, tzinfo=VIETNAM_TZ)),
        ("07:05 | 04/11/2020 GMT+7", datetime(2020, 11, 4, 7, 5, tzinfo=VIETNAM_TZ)),
        ("Chủ nhật, 15/08/2021 | 09:05", datetime(2021, 8, 15, 9, 5, tzinfo=VIETNAM_TZ)),
        ("00:30 | 05/01/2021 GMT+0", datetime(2021, 1, 5, 7, 30, tzinfo=VIETNAM_TZ)),
        ("Sáng 26/4, HĐND huyện tổ chức kỳ họp", None),
        ("31/02/2020 | 10:00", None),
    ],
)
def test_datelines_of_both_sites_in_vietnam_time(line, expected):
    assert parse_dateline(line) == expected


def test_views_counts():
    assert parse_views("375 lượt xem") == 375
    assert parse_views("1.204 lượt xem") == 1204
    assert parse_views("Lượt xem: 2.315") == 2315
    assert parse_views("hàng trăm lượt xem trên mạng xã hội") is None


def test_teaser_titles_repeated_on_one_line():
    assert (
        doubled("Chia sẻ thông tin về VUFO Chia sẻ thông tin về VUFO")
        == "Chia sẻ thông tin về VUFO"
    )
    assert doubled("Hội nghị tổng kết năm Hội nghị tổng kết năm 2020") is None


def test_caption_credits():
    assert split_credit("Ông Hoàn phát biểu tại buổi làm việc (Ảnh: Quỳnh Hoa). |") == (
        "Ông Hoàn phát biểu tại buổi làm việc",
        "Quỳnh Hoa",
    )
    assert split_credit("Sinh viên chụp ảnh lưu niệm - Ảnh: Ngọc Anh") == (
        "Sinh viên chụp ảnh lưu niệm",
        "Ngọc Anh",
    )
    assert split_credit("Quang cảnh hội nghị.") == ("Quang cảnh hội nghị.", "")


def test_bylines_and_sources():
    assert parse_byline("Hà Vy - Thành Thật") == ("Hà Vy", "Thành Thật")
    assert parse_byline("Bài và ảnh: Thu Hà") == ("Thu Hà",)
    assert parse_byline("Các đại biểu dự hội nghị.") is None
    assert parse_source("Nguồn: Báo Quảng Ninh") == ("Báo Quảng Ninh", "")
    assert parse_source("Theo TTXVN") == ("TTXVN", "")
    assert parse_source("Nguồn: https://www.baoquangninh.vn/bai-1.html") == (
        "baoquangninh.vn",
        "https://www.baoquangninh.vn/bai-1.html",
    )
    assert (
        parse_source("Theo Bí thư Tỉnh ủy Sóc Trăng, thời gian tới, sẽ tiếp tục quan tâm") is None
    )
    # A short last line that names someone by office is what they said, not a source.
    assert parse_source("Theo Bí thư Tỉnh ủy Sóc Trăng.") is None
    assert parse_source("Theo ông Nguyễn Văn A") is None
    assert parse_source("Theo Đại sứ Cuba") is None
    for said in (
        "Theo Phó Bí thư Tỉnh ủy Sóc Trăng.",
        "Theo Phó Thủ tướng Phạm Bình Minh",
        "Theo Tổng Lãnh sự Nhật Bản",
        "Theo Trưởng ban Đối ngoại",
        "Theo TS. Nguyễn Văn A",
        "Theo Thượng tá Lê",
    ):
        assert parse_source(said) is None, said
    assert parse_source("Theo Báo Sóc Trăng.") == ("Báo Sóc Trăng", "")
    assert parse_source("Theo VietnamPlus") == ("VietnamPlus", "")
    assert parse_source("Theo baoquangninh.vn") == ("baoquangninh.vn", "")


def test_theo_names_a_person_or_a_publication():
    """Issue 20: "Theo NAME" is the author when NAME is a person (case
    restored), the source when it is a publication; never both."""
    assert parse_byline("Theo VŨ VĂN CÀI") == ("Vũ Văn Cài",)
    assert parse_source("Theo VŨ VĂN CÀI") is None
    assert parse_byline("Theo Nguyễn Thu Hà") == ("Nguyễn Thu Hà",)
    assert parse_byline("Theo Báo Lào Cai") is None
    assert parse_source("Theo Báo Lào Cai") == ("Báo Lào Cai", "")
    assert parse_byline("Theo TTXVN") is None
    assert parse_source("Theo Thời Đại") == ("Thời Đại", "")  # not a surname: a publication
    assert parse_byline("HÀ VY - THÀNH THẬT") == ("Hà Vy", "Thành Thật")


def test_summary_keeps_whole_sentences_and_loses_nothing():
    first = (
        "Câu thứ nhất khá dài nói về hội nghị tổng kết công tác đối ngoại nhân dân của tỉnh. " * 4
        + "Câu cuối cùng."
    )
    summary, rest = split_summary(first)
    assert len(summary) <= 300 and summary.endswith(".")
    assert f"{summary} {rest}" == first
    long_sentence = "chữ " * 120
    trimmed, rest = split_summary(long_sentence)
    assert len(trimmed) <= 300 and trimmed.endswith("…") and rest == long_sentence.strip()
    assert trim_words("một hai ba bốn", 9) == "một hai…"


def test_topics_are_matched_on_word_boundaries(matcher):
    topics = infer_topics(
        "Bà Nguyễn Phương Nga thăm Thái Bình",
        "Hợp tác khu vực châu Á - Thái Bình Dương; Chủ tịch Hồ Chí Minh; nhân dân Nga.",
        ["Đoàn đến Lào Cai rồi sang Lào.", "Đoàn đến Lào Cai rồi sang Lào."],
        matcher,
    )
    assert topics.provinces == ("Thái Bình", "Lào Cai")
    assert topics.countries == ("Nga", "Lào")  # "Nga" after "nhân dân", not the person
    assert topics.title_names_province


# --- the three real captures ---------------------------------------------------


@needs_shared
def test_baothaibinh_capture(reference, table, matcher):
    article = parse_capture(SHARED / "baothaibinh-2017.txt")
    assert (
        article.title
        == "Liên hiệp các Tổ chức Hữu nghị tỉnh Thái Bình triển khai công tác năm 2017"
    )
    assert article.published == datetime(2017, 1, 6, 14, 31, 31, tzinfo=VIETNAM_TZ)
    assert article.views == 375
    assert [type(b) for b in article.body.blocks] == [Paragraph] * 3
    assert "Vũ Thư" not in body_text(article)  # other-news teasers after "Từ khóa"
    result = converted(SHARED / "baothaibinh-2017.txt", reference, table, matcher)
    assert result.header["Date"] == "2017-01-06 14:31"
    assert result.header["Views"] == "375"
    assert result.header["Provinces"] == "Thái Bình"
    assert result.header["Category"] == "Địa phương"
    assert result.header["Summary"].startswith("Năm 2016 mặc dù là năm đầu tiên")
    assert len(result.header["Summary"]) <= 300
    assert "Các hoạt động đối ngoại nhân dân được triển khai" in result.body  # nothing lost
    # No source, no byline: published, the page would credit the portal's
    # own editors ("Ban Biên tập") with Báo Thái Bình's article.
    assert "Source" not in result.header and "Authors" not in result.header
    assert result.header["Status"] == "draft"
    assert any("Status: draft" in note and "Authors" in note for note in result.notes)


@needs_shared
def test_thoidai_soc_trang_capture(reference, table, matcher):
    article = parse_capture(SHARED / "thoidai-soc-trang.txt")
    assert (
        article.title == "Sóc Trăng: Lãnh đạo địa phương luôn quan tâm công tác đối ngoại nhân dân"
    )
    assert article.published == datetime(2020, 11, 4, 7, 5, tzinfo=VIETNAM_TZ)
    assert article.breadcrumb == ("Hữu nghị",)
    assert article.all_authors == ("Hà Vy", "Thành Thật")
    assert article.body.source == ""  # "Nguồn:" left empty
    assert (
        "Đại sứ Nguyễn Phương Nga và câu chuyện đối ngoại nhân dân trong thời đại mới"
        in article.body.related_titles
    )
    captions = [b for b in article.body.blocks if isinstance(b, Caption)]
    assert len(captions) == 5
    assert captions[0].text.startswith("Chủ tịch VUFO Nguyễn Phương Nga cùng Đoàn công tác")
    text = body_text(article)
    for chrome in (*CHROME, "Bạc Liêu", "Bàn giao 125 căn nhà", "Pushkin", "Hà Vy"):
        assert chrome not in text, chrome
    assert text.rstrip().endswith("theo chủ trương của Đảng và Nhà nước...")
    result = converted(SHARED / "thoidai-soc-trang.txt", reference, table, matcher)
    assert result.header["Provinces"] == "Sóc Trăng"
    assert result.header["Category"] == "Hữu nghị"
    assert result.header["Authors"] == "Hà Vy, Thành Thật"
    assert "Liên hiệp các tổ chức hữu nghị Việt Nam" in result.header["Organizations"]
    assert "Hội hữu nghị nhân dân các nước tỉnh Sóc Trăng" in result.header["Organizations"]
    assert "Countries" not in result.header
    assert result.header["Summary"].startswith("Chiều 3/11, Bí thư Đảng đoàn")


@needs_shared
def test_thoidai_thai_binh_capture(reference, table, matcher):
    article = parse_capture(SHARED / "thoidai-thai-binh.txt")
    assert (
        article.title == "VUFO sẽ hỗ trợ Thái Bình triển khai hiệu quả công tác đối ngoại nhân dân"
    )
    assert article.published is None  # the capture has no dateline
    captions = [b for b in article.body.blocks if isinstance(b, Caption)]
    assert [(c.text[:20], c.credit) for c in captions] == [
        ("Ông Lại Văn Hoàn, Ph", "Quỳnh Hoa"),
        ("Ông Nguyễn Văn Doanh", "Quỳnh Hoa"),
    ]
    text = body_text(article)
    for chrome in (*CHROME, "La Habana", "Trường Sa", "Infographics", "Bờ cõi"):
        assert chrome not in text, chrome
    result = converted(SHARED / "thoidai-thai-binh.txt", reference, table, matcher)
    assert result.header["Provinces"] == "Thái Bình"  # the former name, as written
    assert result.header["Status"] == "draft"  # date estimated from the text
    assert result.header["Date"] == "2022-01-05 00:00"
    # The photo is not in the capture: its caption waits for the editor in a
    # note that is never published, with the figure line to complete.
    assert (
        '![Mô tả ảnh](images/ten-anh.jpg "Ông Lại Văn Hoàn, Phó Chủ tịch UBND tỉnh Thái Bình'
        ' phát biểu tại buổi làm việc (Ảnh: Quỳnh Hoa)")\n-->' in result.body
    )
    assert "*Ông Lại Văn Hoàn" not in result.body
    assert any(note.startswith("2 ảnh của trang cũ chưa có tệp") for note in result.notes)
    assert any("ngày ước đoán" in note for note in result.notes)


# --- our own captures (not seen while writing the rules) ----------------------------


def test_own_thoidai_text_capture(reference, table, matcher):
    path = FIXTURES / "thoidai-quang-ninh-hiroshima.txt"
    article = parse_capture(path)
    assert article.title == "Quảng Ninh và tỉnh Hiroshima tăng cường giao lưu thanh niên"
    assert article.published == datetime(2021, 3, 12, 14, 20, tzinfo=VIETNAM_TZ)
    assert article.body.related_titles == (
        "Thanh niên Việt - Nhật giao lưu văn hóa tại Hạ Long",
        "Quảng Ninh trao tặng sách cho thư viện trường học ở Hiroshima",
    )
    text = body_text(article)
    for chrome in (*CHROME, "Lào Cai", "Osaka", "Hải Phòng", "[Video]"):
        assert chrome not in text, chrome
    result = converted(path, reference, table, matcher)
    header = result.header
    assert (header["Category"], header["Provinces"], header["Countries"]) == (
        "Địa phương",
        "Quảng Ninh",
        "Nhật Bản",
    )
    assert header["Authors"] == "Minh Châu" and header["Source"] == "Báo Quảng Ninh"
    assert '"Các đại biểu trao đổi tại buổi gặp gỡ (Ảnh: Minh Châu)")\n-->' in result.body


def test_an_official_name_with_a_comma_round_trips(reference, table, matcher):
    """UNESCO's Vietnamese name holds a comma: the list gets its short name,
    which splits back into the same entry (issue 20)."""
    from plugins.content_model import split_list

    path = FIXTURES / "thoidai-ninh-binh-unesco.txt"
    header = converted(path, reference, table, matcher).header
    organizations = split_list(header["Organizations"])
    assert "UNESCO" in organizations
    assert all("," not in name for name in organizations)
    found = [reference.organization(name).found for name in organizations]
    assert None not in found and "unesco" in {o.slug for o in found}
    assert split_list(header["Provinces"])[0] == "Ninh Bình"


def test_end_byline_with_the_authors_office(reference, table, matcher):
    path = FIXTURES / "thoidai-lao-cai-phong-vien.txt"
    result = converted(path, reference, table, matcher)
    assert result.header["Authors"] == "Vũ Văn Cài"
    assert result.header["Source"] == "Báo Lào Cai"
    for gone in ("VŨ VĂN CÀI", "Phóng viên thường trú", "Theo "):
        assert gone not in result.body, gone
    assert result.body.rstrip().endswith("trong năm học mới.")


def test_own_baothaibinh_text_capture(reference, table, matcher):
    path = FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt"
    article = parse_capture(path)
    assert article.views == 1204
    assert article.all_keywords == ("lưu học sinh Lào", "mùa gặt", "hữu nghị Việt - Lào")
    assert article.all_authors == ("Thu Hà",)
    assert "giữa nhân dân hai nước Việt Nam và Lào." in body_text(article)  # hard wrap joined
    assert "Hội nghị tổng kết" not in body_text(article)
    header = converted(path, reference, table, matcher).header
    assert header["Countries"] == "Lào"  # "bà Nguyễn Thị Nga" is not Russia
    assert header["Category"] == "Văn hóa - Giáo dục"  # title rule "lưu học sinh"
    assert header["Tags"] == "lưu học sinh Lào, mùa gặt, hữu nghị Việt - Lào"
    # "Hội hữu nghị Việt Nam - Lào tỉnh …" is a provincial branch, not the national association
    assert "Hội hữu nghị Việt Nam - Lào" not in header["Organizations"]


def test_own_thoidai_html_capture(reference, table, matcher):
    path = FIXTURES / "thoidai-cuba-hoc-bong.html"
    article = parse_capture(path)
    assert article.title == "Hội hữu nghị Việt Nam - Cuba trao học bổng cho sinh viên Cần Thơ"
    assert article.legacy_url.endswith("-154321.html")
    assert article.published == datetime(2022, 5, 20, 8, 15, tzinfo=VIETNAM_TZ)
    assert article.views == 2315
    assert article.breadcrumb == ("Hữu nghị", "Hội hữu nghị")
    assert article.all_keywords == ("Cuba", "học bổng", "Cần Thơ")
    assert (article.source, article.source_url) == (
        "Báo Cần Thơ",
        "https://baocantho.com.vn/trao-hoc-bong-a1234.html",
    )
    assert "Sinh viên Cuba tìm hiểu văn hóa miền Tây" in article.body.related_titles
    kinds = [type(b).__name__ for b in article.body.blocks]
    assert kinds == [
        "Paragraph",
        "Caption",
        "Paragraph",
        "Subheading",
        "Paragraph",
        "Caption",
        "Paragraph",
    ]
    assert [c.credit for c in article.body.blocks if isinstance(c, Caption)] == [
        "Ngọc Anh",
        "Ngọc Anh",
    ]
    text = body_text(article)
    for chrome in (*CHROME, "Facebook", "Lào Cai", "28°C", "Giấy phép", "Cần Thơ: Gặp mặt"):
        assert chrome not in text, chrome
    header = converted(path, reference, table, matcher).header
    assert (header["Category"], header["Subsection"]) == ("Hữu nghị", "Hội hữu nghị")
    assert header["Countries"] == "Cuba" and header["Provinces"] == "Cần Thơ"
    assert header["Authors"] == "Ngọc Anh"
    assert header["Summary"].startswith("Chiều 19/5, tại TP Cần Thơ")
    assert (
        "stores/news_dataimages" not in convert(article, reference, table, matcher).body
    )  # no hot-linking


def test_own_baothaibinh_html_capture(reference, table, matcher):
    path = FIXTURES / "baothaibinh-doan-lao-di-tich.html"
    article = parse_capture(path)
    assert (
        article.legacy_url
        == "https://baothaibinh.com.vn/tin-tuc/19/160123/doan-luu-hoc-sinh-lao-tham-di-tich"
    )
    assert article.published == datetime(2022, 5, 10, 16, 45, 2, tzinfo=VIETNAM_TZ)
    assert article.breadcrumb == ("Văn hóa",)
    assert article.body.related_titles[0] == "Lưu học sinh Lào trải nghiệm mùa gặt ở Thái Bình"
    assert Caption("Lưu học sinh Lào dâng hương tại Đền Trần", "Thu Hà") in article.body.blocks
    assert "Hưng Hà" not in body_text(article) and "Đọc nhiều" not in body_text(article)
    header = converted(path, reference, table, matcher).header
    assert header["Summary"].startswith("Ngày 9/5, Liên hiệp")  # "(BTBĐT) -" dropped
    assert header["Category"] == "Văn hóa - Giáo dục"
    assert header["Views"] == "1024"
    assert header["Authors"] == "Thu Hà"


def test_markup_headings_become_subheadings():
    html = (
        "<html><body><h1>Tiêu đề bài viết thử nghiệm</h1><div><p>"
        + "Đoạn mở đầu. " * 5
        + "</p><h2>Phần hai</h2><p>"
        + "Đoạn thứ hai. " * 5
        + "</p></div></body></html>"
    )
    article = parse_html_capture(html, "x.html")
    assert Subheading("Phần hai") in article.body.blocks


def test_a_capture_cut_mid_sentence_stays_a_draft(tmp_path, reference, table, matcher):
    # Cut short (a partial copy) but with its byline and source: it was
    # published with its last sentence stopping mid-word.
    path = tmp_path / "thoidai-nam-dinh-giao-thuy.txt"
    text = (FIXTURES / path.name).read_text(encoding="utf-8")
    assert converted(FIXTURES / path.name, reference, table, matcher).header["Status"] == (
        "published"
    )
    path.write_text(text.replace("nhân dân hai nước.\n", "nhân dân hai\n", 1), encoding="utf-8")
    result = converted(path, reference, table, matcher)
    assert result.header["Status"] == "draft"
    assert result.header["Source"] == "Báo Nam Định"
    assert any(
        "đoạn cuối dừng giữa câu" in note and "tình hữu nghị giữa nhân dân hai”" in note
        for note in result.notes
    )
    # A quotation or a list item ends an article without a full stop.
    for ending in ("nhân dân hai nước: “Chúng tôi sẽ trở lại”", "nhân dân hai nước:\n\n- hai máy"):
        path.write_text(text.replace("nhân dân hai nước.", ending, 1), encoding="utf-8")
        result = converted(path, reference, table, matcher)
        assert result.header["Status"] == "published", ending


def test_two_articles_saved_in_one_file_are_refused_not_cut_to_one():
    # The first article's keyword box swallowed the whole second article.
    first = (FIXTURES / "thoidai-nam-dinh-giao-thuy.txt").read_text(encoding="utf-8")
    second = (FIXTURES / "thoidai-quang-ninh-hiroshima.txt").read_text(encoding="utf-8")
    alone = parse_text_capture(second, "x.txt")
    assert alone.published is not None
    with pytest.raises(CaptureError, match="chứa hơn một bài") as refused:
        parse_text_capture(first + "\n" + second, "x.txt")
    assert f"{alone.published:%d/%m/%Y}" in str(refused.value) or str(alone.published.year) in str(
        refused.value
    )


def test_a_related_box_that_dates_its_headlines_is_no_second_article():
    # A date under each related headline was taken for a second article.
    text = (FIXTURES / "thoidai-nam-dinh-giao-thuy.txt").read_text(encoding="utf-8")
    headline = "Nam Định: Tình nguyện viên Nhật Bản giúp học sinh vùng biển học tiếng Anh\n"
    dated = text.replace(headline, headline + "\n09:15 | 12/08/2019 GMT+7\n", 1)
    assert dated != text
    article = parse_text_capture(dated, "x.txt")
    assert article.title == parse_text_capture(text, "x.txt").title


def test_character_references_in_a_text_capture_are_the_characters_they_name():
    # Copied from a page's source: "Liên hi&#7879;p" stayed in the title,
    # the body and the slug.
    original = (FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt").read_text(encoding="utf-8")
    encoded = (
        original.replace("ệ", "&#7879;")
        .replace("à", "&agrave;")
        .replace("ữ", "&#x1EEF;")
        .replace(" - ", "&nbsp;&ndash;&nbsp;", 1)
    )
    assert encoded.count("&#7879;") > 3 and encoded.count("&agrave;") > 3
    got = parse_text_capture(encoded, "x.txt")
    want = parse_text_capture(original.replace(" - ", " – ", 1), "x.txt")
    assert (got.title, got.published, got.body) == (want.title, want.published, want.body)
    assert "&" not in got.title
    # Only whole references: "&sect=2" in an address stays as written.
    link = parse_text_capture(
        encoded.replace("Thái Bình", "Thái Bình (?id=5&sect=2&para=1)", 1), "x"
    )
    assert "?id=5&sect=2&para=1" in link.title + "".join(b.text for b in link.body.blocks)


@pytest.mark.parametrize(
    "text",
    ["", "Đọc nhiều\nTin A\nTin A\n", "Chỉ có tiêu đề thôi"],
)
def test_unreadable_text_captures_raise(text):
    with pytest.raises(CaptureError):
        parse_text_capture(text, "x.txt")


# --- issue 20: four more captures, one test per field ---------------------------

NEW_CAPTURES = {
    "thoidai-nam-dinh-giao-thuy.txt": {
        "Title": "Nam Định: Bạn bè Nhật Bản trao tặng nhà lớp học cho trẻ em vùng biển Giao Thủy",
        "Date": "2019-10-16 10:25",
        "Category": "Hữu nghị",
        "Provinces": "Nam Định",
        "Countries": "Nhật Bản",
        "Organizations": "Liên hiệp các tổ chức hữu nghị tỉnh Nam Định",
        "Authors": "Phạm Thanh Tùng",
        "Source": "Báo Nam Định",
        "Status": "published",
    },
    "thoidai-unicef-dong-thap.html": {
        "Title": "UNICEF cùng Đồng Tháp xây dựng mô hình bảo vệ trẻ em ở xã biên giới",
        "Date": "2023-06-22 14:40",
        "Category": "Phi chính phủ",
        "Subsection": "Dự án",
        "Provinces": "Đồng Tháp",
        "Tags": "UNICEF, bảo vệ trẻ em, Đồng Tháp",
        "Authors": "Minh Thư",
        "Source": "thoidai.com.vn",  # credits no other paper: its own site's article
        "Views": "1873",
        "Legacy_URL": "https://thoidai.com.vn/"
        "unicef-cung-dong-thap-xay-dung-mo-hinh-bao-ve-tre-em-o-xa-bien-gioi-187654.html",
        "Status": "published",
    },
    "baothaibinh-han-quoc-tien-hai.txt": {
        "Title": "Đoàn y, bác sĩ Hàn Quốc khám bệnh, cấp thuốc miễn phí tại Tiền Hải",
        "Date": "2020-01-10 16:05",
        "Category": "Hữu nghị",
        "Provinces": "Thái Bình",
        "Countries": "Hàn Quốc",
        "Organizations": "Liên hiệp các tổ chức hữu nghị tỉnh Thái Bình",
        "Tags": "Hàn Quốc, khám bệnh miễn phí, Tiền Hải",
        "Authors": "Khánh Linh, Minh Hằng",
        "Views": "862",
        "Status": "published",
    },
    "baothaibinh-unesco-vu-thu.html": {
        "Title": "UNESCO đồng hành cùng Thái Bình bảo tồn nghệ thuật chèo",
        "Date": "2021-04-15 17:20",
        "Category": "Văn hóa - Giáo dục",
        "Provinces": "Thái Bình",
        "Tags": "UNESCO, nghệ thuật chèo, di sản văn hóa",
        "Authors": "Nguyễn Văn An",
        "Source": "Báo Văn hóa",
        "Views": "2107",
        "Legacy_URL": "https://baothaibinh.com.vn/tin-tuc/19/158930/"
        "unesco-dong-hanh-cung-thai-binh-bao-ton-nghe-thuat-cheo",
        "Status": "published",
    },
}
ALL_FIELDS = [
    "Title",
    "Date",
    "Category",
    "Subsection",
    "Provinces",
    "Countries",
    "Organizations",
    "Tags",
    "Authors",
    "Source",
    "Source_URL",
    "Views",
    "Legacy_URL",
    "Status",
]


@pytest.mark.parametrize(("capture", "field"), [(c, f) for c in NEW_CAPTURES for f in ALL_FIELDS])
def test_new_capture_field(capture, field, reference, table, matcher):
    """Each header field of each new capture: the value, or no field at all."""
    header = converted(FIXTURES / capture, reference, table, matcher).header
    expected = NEW_CAPTURES[capture].get(field)
    if field == "Organizations" and capture == "thoidai-unicef-dong-thap.html":
        # Two organizations from data, and the ministry whose name holds a
        # comma, written by its short name (slugs checked: independent of spelling).
        from plugins.content_model import split_list

        names = split_list(header[field])
        assert {reference.organization(n).found.slug for n in names} == {
            "unicef",
            "bo-lao-dong-thuong-binh-va-xa-hoi",
            reference.organization("Liên hiệp các tổ chức hữu nghị tỉnh Đồng Tháp").found.slug,
        }
        assert not any("," in n for n in names)
        return
    if field == "Organizations" and capture == "baothaibinh-unesco-vu-thu.html":
        assert header[field] == "UNESCO, Liên hiệp các tổ chức hữu nghị tỉnh Thái Bình"
        return
    assert header.get(field) == expected


NEW_LOCALITIES = {
    # capture: {former unit named: (current unit, current province)}
    "thoidai-nam-dinh-giao-thuy.txt": {
        "xã Giao Thiện": ("xã Giao Minh", "Ninh Bình"),
        "thị trấn Quất Lâm": ("xã Giao Ninh", "Ninh Bình"),
    },
    "thoidai-unicef-dong-thap.html": {"xã Tân Hộ Cơ": ("xã Tân Hộ Cơ", "Đồng Tháp")},
    "baothaibinh-han-quoc-tien-hai.txt": {
        "xã Đông Trà": ("xã Đông Tiền Hải", "Hưng Yên"),
        "thị trấn Tiền Hải": ("xã Tiền Hải", "Hưng Yên"),
    },
    "baothaibinh-unesco-vu-thu.html": {
        "phường Tiền Phong": ("phường Thái Bình", "Hưng Yên"),
        "xã Song Lãng": ("xã Thư Trì", "Hưng Yên"),
    },
}


@pytest.mark.parametrize("capture", list(NEW_LOCALITIES))
def test_new_capture_localities(capture, reference, table, matcher):
    """Communes named in the text, read on the pre-2025 map, each converted to
    the unit it is now; a district that only says where a listed commune is
    ("UBND huyện Giao Thủy") and a commune named in a teaser are not items."""
    from plugins.localities import split_localities

    header = converted(FIXTURES / capture, reference, table, matcher).header
    provinces = header["Provinces"].split(", ")
    found = [
        reference.localities.resolve(item, provinces, True).found
        for item in split_localities(header["Localities"])
    ]
    assert None not in found
    assert {f.label: (f.unit.label, f.province) for f in found} == NEW_LOCALITIES[capture]


NEW_BODIES = {
    "thoidai-nam-dinh-giao-thuy.txt": (
        "Sáng 15/10, tại xã Giao Thiện, huyện Giao Thủy, Quỹ Hikari vì trẻ em (Nhật Bản)",
        "Sự đồng hành bền bỉ của Quỹ là minh chứng sinh động cho tình hữu nghị giữa nhân"
        " dân hai nước.",
        ["Nam Định tăng cường hợp tác với các địa phương của Nhật Bản"],
        ("Xem thêm", "PHẠM THANH TÙNG", "Phóng viên thường trú", "Nguồn:", "khám bệnh miễn phí"),
        ("Theo bà Vũ Thị Hạnh",),
    ),
    "thoidai-unicef-dong-thap.html": (
        "Ngày 21/6, tại xã Tân Hộ Cơ, huyện Tân Hồng, Quỹ Nhi đồng Liên hợp quốc (UNICEF)",
        "Liên hiệp cũng sẽ tiếp tục làm cầu nối để các tổ chức quốc tế đồng hành cùng địa"
        " phương trong công tác chăm sóc, bảo vệ trẻ em.",
        ["UNICEF hỗ trợ trẻ em vùng lũ trở lại trường học"],
        ("vùng lũ", "Facebook", "Giấy phép", "Kiên Giang", "Campuchia", "Đọc nhiều"),
        ("Bộ Lao động, Thương binh và Xã hội", "## Tập huấn cho đội ngũ cộng tác viên"),
    ),
    "baothaibinh-han-quoc-tien-hai.txt": (
        "Trong hai ngày 9 và 10/1, Liên hiệp các tổ chức hữu nghị tỉnh Thái Bình",
        "cùng ngành y tế tỉnh trong những năm tới.",
        [
            "Tiền Hải: Bàn giao nhà đại đoàn kết cho hộ nghèo xã Nam Thịnh",
            "Hội hữu nghị Việt Nam - Hàn Quốc tỉnh tổng kết hoạt động năm 2019",
        ],
        (">>", "Tin liên quan", "Nam Thịnh", "Quỳnh Phụ", "Hội Nông dân", "Khánh Linh - Minh"),
        ("Theo bác sĩ Kim Min-jun", "cách phòng bệnh tăng huyết áp, tiểu đường"),
    ),
    "baothaibinh-unesco-vu-thu.html": (
        "Ngày 14/4, tại phường Tiền Phong, thành phố Thái Bình, Liên hiệp",
        "Liên hiệp các tổ chức hữu nghị tỉnh sẽ tiếp tục kết nối để chèo Thái Bình được giới"
        " thiệu rộng rãi hơn tới bạn bè quốc tế.",
        ["Câu lạc bộ chèo làng giữ lửa làn điệu cổ"],
        ("Câu lạc bộ chèo làng giữ lửa", "NGUYỄN VĂN AN", "Phóng viên thường trú", "Nguồn:"),
        ("Nghệ nhân Nguyễn Thị Thoa",),
    ),
}


@pytest.mark.parametrize("capture", list(NEW_BODIES))
def test_new_capture_summary_body_and_teasers(capture, reference, table, matcher):
    """The sapo, the body's last sentence, the inline teasers (out of the
    body, into the related titles, in page order) and the byline lines gone."""
    summary, last, teasers, absent, present = NEW_BODIES[capture]
    result = converted(FIXTURES / capture, reference, table, matcher)
    assert result.header["Summary"].startswith(summary)
    assert result.body.rstrip().endswith(last)
    inline = [t for t in result.related_titles if t in teasers]
    assert inline == teasers
    for text in absent:
        assert text not in result.body, text
    for text in present:
        assert text in result.body, text


def test_a_link_inside_a_sentence_is_not_a_teaser():
    html = (
        "<html><body><h1>Tiêu đề bài viết thử nghiệm dài</h1><div class='content-detail'>"
        "<p>" + "Đoạn mở đầu có nội dung. " * 4 + "</p>"
        "<p>Đọc về <a href='/tag/unicef'>UNICEF</a> tại đây và các hoạt động khác.</p>"
        "<p><a href='https://example.org/bai-khac-1.html'>Một bài ở trang web khác hẳn</a></p>"
        "<p><a href='/tin-tuc/1/2/bai-khac'>Một bài khác của cùng trang báo</a></p>"
        "</div></body></html>"
    )
    article = parse_html_capture(html, "x.html", "https://baothaibinh.com.vn/tin-tuc/1/1/x")
    text = body_text(article)
    assert "Đọc về UNICEF tại đây" in text
    assert "Một bài ở trang web khác hẳn" in text  # another site's page: not ours to list
    assert "Một bài khác của cùng trang báo" not in text
    assert article.body.related_titles == ("Một bài khác của cùng trang báo",)


def test_a_bare_headline_that_the_related_box_lists_is_a_teaser():
    """Copied from the page, an inline teaser is a bare headline line; when
    the *Tin bài liên quan* box lists the same headline, it is not body text."""
    text = (
        "Trang chủ > Địa phương\n07:05 | 04/11/2020 GMT+7\n\n"
        "Hà Giang đón đoàn tình nguyện viên Hàn Quốc\n\n"
        "Ngày 3/11, đoàn tình nguyện viên Hàn Quốc đã đến Hà Giang. Đoàn ở lại một tuần.\n\n"
        "Hà Giang xây trường nội trú cho học sinh vùng cao\n\n"
        "Các tình nguyện viên dạy tiếng Anh và sửa lớp học cho học sinh.\n\n"
        "Tin bài liên quan\n\n"
        "Hà Giang xây trường nội trú cho học sinh vùng cao\n\n"
    )
    article = parse_text_capture(text, "x.txt")
    assert "Hà Giang xây trường nội trú" not in body_text(article)
    assert "Các tình nguyện viên dạy tiếng Anh" in body_text(article)
    assert article.body.related_titles == ("Hà Giang xây trường nội trú cho học sinh vùng cao",)


@pytest.mark.parametrize("counter", ["1.204 lượt xem", "Bình luận (0)", "Lượt xem: 375"])
def test_counters_at_the_end_neither_stay_in_the_body_nor_hide_the_byline(counter):
    text = (
        "Trang chủ > Địa phương\n07:05 | 04/11/2020 GMT+7\n\n"
        "Hà Giang đón đoàn tình nguyện viên Hàn Quốc\n\n"
        "Ngày 3/11, đoàn tình nguyện viên Hàn Quốc đã đến Hà Giang. Đoàn ở lại một tuần.\n\n"
        f"Hồng Nhung\n\n{counter}\n\n"
        f"Từ khóa: hữu nghị, Hàn Quốc\n\n{counter}\n"
    )
    article = parse_text_capture(text, "x.txt")
    assert counter not in body_text(article)
    assert article.body.authors == ("Hồng Nhung",)
    assert article.body.keywords == ("hữu nghị", "Hàn Quốc")


@pytest.mark.parametrize(
    ("ending", "authors", "source"),
    [
        ("Theo Hà Nội Mới", (), "Hà Nội Mới"),  # a newspaper, though "Hà" is a surname
        ("Thu Hà/VOV", ("Thu Hà",), "VOV"),
        ("Minh Anh (TTXVN)", ("Minh Anh",), "TTXVN"),
        ("Theo thoidai.com.vn", (), "thoidai.com.vn"),
        ("Theo VŨ VĂN CÀI", ("Vũ Văn Cài",), ""),  # a person
        ("Hà Vy - Thành Thật", ("Hà Vy", "Thành Thật"), ""),
    ],
)
def test_a_closing_byline_tells_people_from_publications(ending, authors, source):
    text = (
        "Trang chủ > Địa phương\n07:05 | 04/11/2020 GMT+7\n\n"
        "Hà Giang đón đoàn tình nguyện viên Hàn Quốc\n\n"
        "Ngày 3/11, đoàn tình nguyện viên Hàn Quốc đã đến Hà Giang. Đoàn ở lại một tuần.\n\n"
        f"{ending}\n"
    )
    article = parse_text_capture(text, "x.txt")
    assert (article.body.authors, article.body.source) == (authors, source)
    assert ending not in body_text(article)


@pytest.mark.parametrize(
    ("follow_line", "address", "ending", "source", "status"),
    [
        # The page names its own site and credits no other: that site published it.
        ("Theo dõi thoidai.com.vn trên", "", "Hà Vy - Thành Thật", "thoidai.com.vn", "published"),
        # No author either: a draft, or the byline would credit the portal's editors.
        ("Theo dõi www.ThoiDai.com.vn trên Google News", "", "", "thoidai.com.vn", "draft"),
        # No such line: the host of the page's old address.
        (
            "",
            "https://baothaibinh.com.vn/tin-tuc/1.html",
            "Minh Anh",
            "baothaibinh.com.vn",
            "published",
        ),
        # A credited paper wins over the page's own site.
        ("Theo dõi thoidai.com.vn trên", "", "Theo Báo Hà Giang", "Báo Hà Giang", "published"),
        # "Theo dõi chúng tôi trên" names no site: nothing to credit.
        ("Theo dõi chúng tôi trên", "", "Hà Vy - Thành Thật", None, "published"),
        ("", "", "", None, "draft"),
    ],
)
def test_a_page_that_credits_no_paper_is_credited_to_its_own_site(
    follow_line, address, ending, source, status, reference, table, matcher
):
    # Published with a byline and no Source, the page credited the old
    # site's reporters to the portal, and the paper that employs them to no one.
    text = (
        f"Trang chủ > Địa phương\n{follow_line}\n{address}\n07:05 | 04/11/2020 GMT+7\n\n"
        "Hà Giang đón đoàn tình nguyện viên Hàn Quốc\n\n"
        "Ngày 3/11, đoàn tình nguyện viên Hàn Quốc đã đến Hà Giang. Đoàn ở lại một tuần.\n\n"
        f"{ending}\n"
    )
    article = parse_text_capture(text, "x.txt")
    if follow_line:
        assert follow_line.split(" trên")[0] not in body_text(article)
    result = convert(article, reference, table, matcher)
    assert result.header.get("Source") == source
    assert result.header["Status"] == status
    if source and "Theo Báo" not in ending:
        assert any(f"trang của bản lưu ({source})" in note for note in result.notes)
    if source is None:
        assert any("hãy ghi Source" in note for note in result.notes)
    if status == "draft":
        assert any("Authors" in note and "Status: draft" in note for note in result.notes)
