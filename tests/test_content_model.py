"""Content model parsing: header lines with line numbers, dates, lists, topics."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from plugins.content_model.enrich import resolve_topics
from plugins.content_model.model import FIELDS_BY_NAME, parse_datetime, read_header, split_list


def test_header_keeps_line_numbers_and_continuations():
    # As Python-Markdown's meta: a value goes on over lines indented by 4+ spaces.
    text = "Title: Một bài\nSummary: Dòng đầu\n    dòng tiếp\nTags: a, b\n\nThân bài\n"
    header, problems = read_header(text)
    assert problems == []
    assert header.get("title").line == 1
    assert header.get("summary").value == "Dòng đầu dòng tiếp"
    assert header.get("tags").line == 4
    assert header.body_line == 6


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("  dòng tiếp", "ít nhất 4 dấu cách"),  # the build would end the header here
        ("\tdòng tiếp", "ít nhất 4 dấu cách"),
        ("Status : draft", "bỏ dấu cách trước dấu hai chấm"),
    ],
)
def test_a_line_the_build_would_not_read_as_header_is_refused(line, says):
    header, problems = read_header(f"Title: A\nSummary: B\n{line}\nTags: x\n\nThân")
    assert [number for number, _ in problems] == [3] and says in problems[0][1]


def test_a_key_indented_by_up_to_three_spaces_is_a_key_as_for_the_build():
    header, problems = read_header("Title: A\nImage_Credit: B\n   Status: draft\n\nThân")
    assert problems == [] and header.get("status").value == "draft"
    assert header.get("image_credit").value == "B"


def test_a_body_written_right_under_the_header_is_named_so():
    # It read only "dòng không đúng dạng …": the blank line's absence unsaid.
    header, problems = read_header("Title: A\nSummary: B\nĐoạn mở đầu của bài.\nCâu hai.\n")
    assert [line for line, _ in problems] == [3, 4]
    assert "thêm một dòng trống trước dòng này" in problems[0][1]
    assert "dòng trống" not in problems[1][1]


def test_header_reports_a_line_without_key():
    header, problems = read_header("Title: A\nkhông phải khóa\nDate: 2025-01-01 08:00\n\nBody")
    assert problems == [(2, "dòng không đúng dạng 'Tên trường: giá trị' trong phần đầu bài")]
    assert header.get("date").line == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-03 13:33", (2025, 11, 3, 13, 33, 0)),
        ("2025-11-03T13:33:20", (2025, 11, 3, 13, 33, 20)),
        ("2020-11-04 07:05 +07:00", (2020, 11, 4, 7, 5, 0)),
        ("2017-1-6 14:31", (2017, 1, 6, 14, 31, 0)),
    ],
)
def test_dates_are_vietnam_time(value, expected):
    moment = parse_datetime(value)
    assert (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    ) == expected
    assert moment.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-11-03", "thiếu giờ"),
        ("03/11/2025 13:33", "không đúng dạng"),
        ("2025-02-30 10:00", "không có thật"),
        ("2025-11-03 13:33 +02:00", "giờ Việt Nam"),
    ],
)
def test_bad_dates_explain_themselves(value, message):
    with pytest.raises(ValueError, match=message):
        parse_datetime(value)


@pytest.mark.parametrize(
    ("value", "suggested"),
    [
        ("03/11/2025 13:33", "2025-11-03 13:33"),
        ("3/11/2025 9:05", "2025-11-03 09:05"),
        ("03-11-2025", "2025-11-03 HH:MM"),  # no time made up
    ],
)
def test_a_day_first_date_is_given_back_in_the_header_form(value, suggested):
    """How Vietnamese writes a date (day first): the message says what to
    write, and what it says parses to that day."""
    with pytest.raises(ValueError, match=f"viết '{suggested}'"):
        parse_datetime(value)
    day, month, year = (int(part) for part in re.split(r"[/-]", value.split()[0]))
    moment = parse_datetime(suggested.replace("HH:MM", "00:00"))
    assert (moment.year, moment.month, moment.day) == (year, month, day)


def test_a_date_that_reads_two_ways_gets_both_readings():
    # "12/05/2026" is 12 May written the Vietnamese way, 5 December the
    # English way: an English article's editor was only told the first.
    with pytest.raises(ValueError) as raised:
        parse_datetime("12/05/2026 10:00")
    message = str(raised.value)
    assert "viết '2026-05-12 10:00' (ngày 12 tháng 5;" in message
    assert "nếu là ngày 5 tháng 12 thì viết '2026-12-05 10:00'" in message
    for one_way in (
        "25/11/2025 09:00",
        "05/05/2025 09:00",
    ):  # the other reading is none, or the same
        with pytest.raises(ValueError) as raised:
            parse_datetime(one_way)
        assert "nếu là" not in str(raised.value)


@pytest.mark.parametrize("value", ["11/25/2026 09:00", "31/02/2026 08:00", "03/11/2026 25:99"])
def test_a_day_first_date_that_is_no_real_moment_gets_no_suggestion(value):
    """A month-first date, a 31 February, a 25th hour: nothing to suggest
    that the header would take (it suggested 2026-25-11)."""
    with pytest.raises(ValueError, match="không đúng dạng") as raised:
        parse_datetime(value)
    assert "viết '" not in str(raised.value)


def test_split_list_normalises_and_deduplicates():
    assert split_list(" Lào,  Cuba ,, Lào ,Nhật Bản") == ["Lào", "Cuba", "Nhật Bản"]


def test_every_required_field_is_declared():
    required = {name for name, spec in FIELDS_BY_NAME.items() if spec.required}
    assert required == {"title", "slug", "date", "category", "summary"}


def test_resolve_topics_maps_former_names_and_keeps_what_was_written(reference):
    topics = resolve_topics(
        {
            "category": "Giao lưu hữu nghị",
            "provinces": "Thái Bình, Hưng Yên, Sóc Trăng",
            "countries": "Mỹ",
            "organizations": "VUFO, World Vision",
            "series_part": "2",
            "format": "Video",
            "views": "1.375",
        },
        reference,
    )
    assert topics.section.name == "Hữu nghị"
    assert [m.as_written for m in topics.province_mentions] == [
        "Thái Bình",
        "Hưng Yên",
        "Sóc Trăng",
    ]
    assert [p.name for p in topics.provinces] == ["Hưng Yên", "Cần Thơ"]
    assert topics.province_mentions[0].is_former and not topics.province_mentions[1].is_former

    # Shown by their official names: two spellings of one unit share one.
    spelled = resolve_topics(
        {"category": "Hữu nghị", "provinces": "Sài Gòn, TP HCM, Đăk Nông, Thủ đô Hà Nội"},
        reference,
    )
    assert [m.name for m in spelled.province_mentions] == [
        "Thành phố Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "Đắk Nông",
        "Hà Nội",
    ]
    assert [m.as_written for m in spelled.province_mentions][:2] == ["Sài Gòn", "TP HCM"]
    assert [c.iso for c in topics.countries] == ["US"]
    assert [o.slug for o in topics.organizations] == ["vufo", "world-vision"]
    assert (topics.series_part, topics.format, topics.views) == (2, "video", 1375)


def test_series_parts_are_ordered_by_part_then_date():
    from types import SimpleNamespace as A

    from plugins.content_model.enrich import series_parts

    one = A(slug="a", series="Người Việt trên đất Nhật", series_part=2, date=1)
    two = A(slug="b", series="Người Việt trên đất Nhật", series_part=1, date=2)
    other = A(slug="c", series=None, series_part=None, date=3)
    assert series_parts([one, two, other]) == {"Người Việt trên đất Nhật": [two, one]}


@pytest.mark.parametrize(
    "body",
    [
        "Đoạn.\n\n    ![a](images/2025/ma.png)\n    <iframe></iframe>\n\nSau ![b](images/2025/b.png)",
        "- mục\n\n    ![a](images/2025/a.png) vẫn thuộc mục\n\nSau",
        "Đoạn\n    ![a](images/2025/a.png) dòng nối, không phải mã\n",
        "    ![a](images/2025/ma.png)\n\n![b](images/2025/b.png)",
        "1. một\n2. hai\n\n    ![a](images/2025/a.png)\n\nĐoạn\n\n    ![c](images/2025/ma.png)",
        "```\n![a](images/2025/ma.png)\n```\n\n\t![c](images/2025/ma2.png)\n![b](images/2025/b.png)",
        "Chữ `![a](images/2025/ma.png)` và ![b](images/2025/b.png)",
        # a list item's lazy continuation line: the item goes on
        "- mục một\ntiếp tục dòng\n\n    ![a](images/2025/a.png)",
        # a horizontal rule is no list item; a heading is a block of its own
        "* * *\n\n    ![a](images/2025/ma.png)\n\nSau ![b](images/2025/b.png)",
        "## Tiêu đề\n    ![a](images/2025/ma.png)\n\n![b](images/2025/b.png)",
        "- mục\n\nĐoạn mới\n\n    ![a](images/2025/ma.png)",
    ],
)
def test_masked_code_leaves_the_images_markdown_shows(body):
    # Oracle: Python-Markdown with the build's "extra" renders the body; an
    # image inside code comes out as text, not as <img>.
    import markdown

    from plugins.content_model.body import masked_code

    rendered = markdown.markdown(body, extensions=["markdown.extensions.extra"])
    shown = sorted(re.findall(r'<img alt="[^"]*" src="([^"]+)"', rendered))
    masked, _ = masked_code(body.split("\n"))
    left = sorted(re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", masked))
    assert left == shown
    assert masked.count("\n") == body.count("\n")  # line numbers kept


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026-04-31 17:10", "ngày 31: tháng 4/2026 chỉ có 30 ngày"),
        ("2025-02-29 10:00", "ngày 29: tháng 2/2025 chỉ có 28 ngày"),
        ("2024-02-30 10:00", "ngày 30: tháng 2/2024 chỉ có 29 ngày"),
        ("2024-13-01 10:00", "tháng 13: tháng chỉ từ 1 đến 12"),
        ("2025-01-01 25:00", "25 giờ: giờ chỉ từ 0 đến 23"),
        ("2025-01-01 10:61", "61 phút: phút chỉ từ 0 đến 59"),
    ],
)
def test_an_impossible_date_is_explained_in_vietnamese(value, said):
    # Python's reason ("day is out of range for month") was shown as it was.
    from datetime import datetime as real

    numbers = [int(n) for n in value.replace("-", " ").replace(":", " ").split()]
    with pytest.raises(ValueError):
        real(*numbers)  # the oracle: the date does not exist
    with pytest.raises(ValueError) as refused:
        parse_datetime(value)
    assert str(refused.value) == f"ngày giờ '{value}' không có thật ({said})"


def test_the_build_names_a_lead_photos_credit_once():
    """Image_Caption copied from a legacy page with its "(Ảnh: …)" and the
    same name in Image_Credit printed "(Ảnh: Hồng Nhung) (Ảnh: Hồng Nhung)"."""
    from types import SimpleNamespace

    from plugins.content_model import enrich_articles
    from plugins.fixed_urls.scheme import portal_settings

    article = SimpleNamespace(
        metadata={"category": "Hữu nghị"},
        category=SimpleNamespace(name="Hữu nghị"),
        image_caption="Buổi làm việc (Ảnh: Hồng Nhung).",
        image_credit="Hồng Nhung",
    )
    generator = SimpleNamespace(
        settings=portal_settings(), articles=[article], drafts=[], hidden_articles=[]
    )
    enrich_articles(generator)
    assert (article.image_caption, article.image_credit) == ("Buổi làm việc", "Hồng Nhung")


def test_the_newest_multimedia_are_the_newest_of_those_formats():
    from types import SimpleNamespace as A

    from plugins.content_model import newest_of_formats

    items = [
        A(slug=f"{fmt}-{day}", format=fmt, date=datetime(2025, 1, day))
        for day, fmt in enumerate(["video", "article", "photo", "infographic", "video"], start=1)
    ]
    assert [a.slug for a in newest_of_formats(items, limit=3)] == [
        "video-5",
        "infographic-4",
        "photo-3",
    ]
