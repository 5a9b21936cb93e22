"""Theme partials rendered alone with Jinja (fast; no Pelican build)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import jinja2
import pytest

from plugins.vietnamese import format_date, format_dateline, month_name
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    from pelicanconf import JINJA_ENVIRONMENT

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"), **JINJA_ENVIRONMENT
    )
    from plugins.editions.names import as_written

    environment.filters.update(
        dateline=format_dateline, vn_date=format_date, month_name=month_name, person=as_written
    )
    environment.globals.update(SITEURL="", SITENAME="Đối ngoại Nhân dân")
    return environment


def _article(**extra):
    values = dict(
        title="VUFO làm việc với Cần Thơ",
        url="bai-viet/vufo/",
        slug="vufo",
        summary="Sapo.",
        date=datetime(2025, 11, 3, 13, 33),
        image="",
        format="article",
        section=None,
        authors=[],
        content="<p>" + "chữ " * 450 + "</p>",
        views=None,
        source="",
        source_url="",
    )
    values.update(extra)
    return SimpleNamespace(**values)


def _macro(env, template: str, name: str):
    return getattr(env.get_template(template).make_module({}), name)


def test_card_display_flags(env):
    card = _macro(env, "partials/card.html", "card")
    article = _article(image="images/2025/a.jpg", format="video")
    full = str(card(article))
    assert 'href="/bai-viet/vufo/"' in full and "Sapo." in full and "<img" in full
    assert "Video" in full and "03/11/2025" in full
    bare = str(card(article, show_image=False, show_summary=False, show_date=False))
    assert "<img" not in bare and "Sapo." not in bare and "03/11/2025" not in bare


def test_article_meta_dateline_update_and_reading_time(env):
    meta = _macro(env, "partials/article_meta.html", "article_meta")
    text = str(meta(_article(modified=datetime(2025, 11, 4, 8, 0), views=1375)))
    assert "Thứ Hai, 03/11/2025 13:33 GMT+7" in text
    assert "Cập nhật" in text and "04/11/2025 08:00 GMT+7" in text
    assert "3 phút đọc" in text  # 450 words at ~200 words per minute
    assert "1.375 lượt xem" in text
    assert "Cập nhật" not in str(meta(_article(modified=datetime(2025, 11, 3, 13, 33))))


def test_view_counts_group_thousands_as_each_language_writes_them(env):
    """1.375 in Vietnamese, 1,375 in English ("1.375 views" read as one and a half)."""
    from plugins.i18n.catalog import load

    meta = _macro(env, "partials/article_meta.html", "article_meta")
    assert "1.375 lượt xem" in str(meta(_article(views=1375)))
    from pelicanconf import JINJA_ENVIRONMENT

    english = jinja2.Environment(  # its own: an overlay shares the globals
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"), **JINJA_ENVIRONMENT
    )
    from plugins.editions.names import marked_vietnamese

    english.filters.update(env.filters, person=marked_vietnamese)
    english.globals.update(SITEURL="", DEFAULT_LANG="en")
    english.install_gettext_translations(load("en"), newstyle=True)
    text = str(_macro(english, "partials/article_meta.html", "article_meta")(_article(views=1375)))
    assert "1,375 views" in text


def test_source_is_credited_and_linked(env):
    source = _macro(env, "partials/article_meta.html", "source")
    text = str(source(_article(source="Báo Thời Đại", source_url="https://thoidai.com.vn/x")))
    assert 'Nguồn: <a href="https://thoidai.com.vn/x"' in text
    assert ">Theo Báo Hà Nội mới<" in str(
        source(_article(source="Theo Báo Hà Nội mới", source_url="https://h.vn/"))
    )


def test_share_links_are_plain_links_without_scripts(env):
    share = _macro(env, "partials/share.html", "share")
    text = str(share(_article()))
    for host in ("facebook.com/sharer", "zalo.me", "x.com/intent", "mailto:"):
        assert host in text
    assert "<script" not in text and "data-copy-link" in text


def test_pagination_uses_the_page_urls(env):
    pagination = _macro(env, "partials/pagination.html", "pagination")

    class Page(SimpleNamespace):
        def has_other_pages(self):
            return True

        def has_previous(self):
            return self.number > 1

        def has_next(self):
            return self.number < 3

        def previous_page_number(self):
            return self.number - 1

        def next_page_number(self):
            return self.number + 1

    urls = {
        1: "chuyen-muc/huu-nghi/",
        2: "chuyen-muc/huu-nghi/trang-2/",
        3: "chuyen-muc/huu-nghi/trang-3/",
    }
    paginator = SimpleNamespace(
        page_range=range(1, 4), num_pages=3, page=lambda n: SimpleNamespace(url=urls[n])
    )
    text = str(pagination(Page(number=2), paginator))
    assert 'rel="prev" href="/chuyen-muc/huu-nghi/"' in text
    assert 'rel="next" href="/chuyen-muc/huu-nghi/trang-3/"' in text
    assert '<span aria-current="page">2</span>' in text


# --- one format label (issue 18): a title that names its format gets no badge


@pytest.mark.parametrize(
    ("fmt", "title"),
    [
        ("video", "Video: 65 năm quan hệ Việt Nam - Cuba"),
        ("video", "VIDEO – Giao lưu hữu nghị"),
        ("photo", "Phóng sự ảnh: Một ngày ở điểm trường"),
        ("photo", "Ảnh: Lễ hội giao lưu"),
        ("infographic", "Infographic: Viện trợ năm 2025"),
        ("infographic", "[Infographic] Viện trợ năm 2025"),
    ],
)
def test_a_title_that_names_its_format_is_its_only_label(env, fmt, title):
    card = _macro(env, "partials/card.html", "card")
    text = str(card(_article(title=title, url=f"bai-viet/{fmt}-{len(title)}/", format=fmt)))
    assert "badge--" not in text
    assert title in text


@pytest.mark.parametrize(
    ("fmt", "title", "label"),
    [
        ("video", "65 năm quan hệ Việt Nam - Cuba", "Video"),
        ("photo", "Ảnh hưởng của lũ tới điểm trường", "Ảnh"),  # a word, not a label
        ("infographic", "Viện trợ năm 2025", "Infographic"),
    ],
)
def test_other_titles_get_the_format_badge(env, fmt, title, label):
    card = _macro(env, "partials/card.html", "card")
    text = str(card(_article(title=title, url=f"bai-viet/b-{fmt}-{len(title)}/", format=fmt)))
    assert f'<span class="badge badge--{fmt}">{label}</span>' in text


def test_the_video_facade_label_does_not_repeat_video(env):
    lead_media = _macro(env, "partials/media.html", "lead_media")
    video = dict(format="video", video_url="https://www.youtube.com/watch?v=abcdefghijk")
    text = str(lead_media(_article(title="Video: 65 năm quan hệ Việt Nam - Cuba", **video)))
    assert ">Xem video: 65 năm quan hệ Việt Nam - Cuba<" in text
    plain = str(lead_media(_article(title="Giao lưu hữu nghị", **video)))
    assert ">Xem video: Giao lưu hữu nghị<" in plain


# --- Đọc nhiều: hidden below three headlines, never the page's own article


def _most_read_module(env, context):
    return env.get_template("partials/most_read.html").make_module(context)


def _ranked(count):
    return [_article(title=f"Bài {i}", url=f"bai-viet/{i}/") for i in range(count)]


def test_most_read_block_is_hidden_below_three_headlines(env):
    articles = _ranked(3)
    block = _most_read_module(env, {}).most_read
    assert str(block(articles[:2])).strip() == ""
    assert str(block(articles)).count("<li>") == 3
    assert str(block(_ranked(8))).count("<li>") == 5


def test_most_read_block_never_lists_the_article_being_read_or_excluded(env):
    articles = _ranked(5)
    block = _most_read_module(env, {"article": articles[0]}).most_read
    text = str(block(articles))
    assert 'href="/bai-viet/0/"' not in text and text.count("<li>") == 4
    assert str(block(articles, exclude=[articles[1], articles[2]])).strip() == ""


def test_most_read_block_asks_the_plugin_to_fill_the_list(env):
    calls = []
    filled = _ranked(5)

    def most_read_list(ranked, section=None, exclude=(), listed=()):
        calls.append((list(ranked), section, list(exclude), list(listed)))
        return filled

    current = _article(title="Đang đọc", url="bai-viet/dang-doc/", section="huu-nghi")
    context = {"most_read_list": most_read_list, "article": current}
    text = str(_most_read_module(env, context).most_read(filled[:1], "doc-nhieu-muc"))
    assert text.count("<li>") == 5
    assert calls == [(filled[:1], "huu-nghi", [current], [])]


# --- header date line and captions (issue 18)


def _date_line(env, clock) -> str:
    header = env.get_template("partials/header.html").make_module({"categories": []})
    return str(header.date_line(clock))


@pytest.mark.parametrize(
    ("clock", "shown"),
    [
        # scripts/build.py sets BUILD_TIME to the build's clock, ISO in GMT+7
        ("2026-12-04T13:33:00+07:00", "Thứ Sáu, ngày 04/12/2026"),
        # as written in a settings file (GMT+7 implied)
        ("2026-03-01 12:00", "Chủ Nhật, ngày 01/03/2026"),
        (datetime(2024, 2, 29, 8, 0), "Thứ Năm, ngày 29/02/2024"),
        # 20:30 UTC is already the next day in Vietnam
        (datetime(2026, 12, 4, 20, 30, tzinfo=UTC), "Thứ Bảy, ngày 05/12/2026"),
    ],
)
def test_the_header_date_line_is_the_builds_date_in_vietnam(env, clock, shown):
    line = _date_line(env, clock)
    assert f">{shown}</time>" in line
    assert "data-today" in line and "hidden" not in line


@pytest.mark.parametrize("clock", [None, "2026-12-04T20:30:00Z", "ngày mai"])
def test_without_a_vietnam_date_the_line_waits_for_site_js(env, clock):
    """No clock, or one in another timezone the template cannot convert: no
    date is printed (a wrong one would be worse); site.js fills the line."""
    line = _date_line(env, clock)
    assert "data-today hidden" in line and "ngày" not in line


def test_the_weekday_of_the_date_line_is_pythons(env):
    """The template computes the weekday itself (Sakamoto's method): every
    day of a leap-year span agrees with Python's calendar."""
    header = env.get_template("partials/header.html").make_module({"categories": []})
    day = date(2027, 12, 20)
    while day <= date(2029, 3, 5):
        expected = format_dateline(datetime(day.year, day.month, day.day)).split(",")[0]
        text = str(header.date_line(day.isoformat()))
        assert f">{expected}, ngày {day:%d/%m/%Y}</time>" in text, day
        assert f'datetime="{day.isoformat()}"' in text
        day += timedelta(days=1)


def test_lead_and_body_captions_have_the_same_markup(env):
    """The lead image's caption (figure.html, from Image_Caption /
    Image_Credit) is written as plugins/images writes a body caption."""
    from markdown import Markdown

    from plugins.images.markup import FigureExtension

    figure = _macro(env, "partials/figure.html", "figure")
    body = Markdown(extensions=[FigureExtension()], output_format="html5").convert(
        '![a](images/x.jpg "Lớp học hè tại điểm trường (Ảnh: Phương Linh)")'
    )

    def caption(text: str) -> str:
        return text[text.index("<figcaption>") : text.index("</figcaption>")]

    lead = str(figure("images/x.jpg", "a", "Lớp học hè tại điểm trường", "Phương Linh"))
    assert caption(lead) == caption(body)
    assert '<span class="credit">(Ảnh: Phương Linh)</span>' in lead
    assert caption(str(figure("images/x.jpg", "a", "", "Phương Linh"))) == (
        '<figcaption><span class="credit">Ảnh: Phương Linh</span>'
    )


def test_an_english_lead_credit_marks_a_vietnamese_name_as_a_body_credit_does():
    # The body's "(Photo: Hồng Nhung)" was marked lang="vi", the lead's not.
    from markdown import Markdown

    from pelicanconf import JINJA_ENVIRONMENT
    from plugins.editions.names import marked_vietnamese
    from plugins.i18n.catalog import translator
    from plugins.images.markup import FigureExtension

    english = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"), **JINJA_ENVIRONMENT
    )
    english.install_gettext_translations(translator({"EDITION": "en"}), newstyle=True)
    english.filters.update(person=marked_vietnamese)
    english.globals.update(SITEURL="")
    figure = _macro(english, "partials/figure.html", "figure")
    lead = str(figure("images/x.jpg", "a", "Lanterns on the river", "Hồng Nhung"))
    body = Markdown(extensions=[FigureExtension()], output_format="html5").convert(
        '![a](images/x.jpg "Lanterns on the river (Photo: Hồng Nhung)")'
    )
    credit = '<span class="credit">(Photo: <span lang="vi">Hồng Nhung</span>)</span>'
    assert credit in lead and credit in body


def test_a_chips_count_says_what_it_counts_to_screen_readers(env):
    # "Tháng 2 1", "October 1", "Hanoi 1": a bare figure after the name was
    # read as a date or a rank.
    badge = str(_macro(env, "partials/count.html", "count_badge")(3))
    shown = re.search(r'<span aria-hidden="true">([^<]*)</span>', badge)
    heard = re.search(r'<span class="visually-hidden">([^<]*)</span>', badge)
    assert shown and shown.group(1) == "3"
    assert heard and heard.group(1) == " (3 bài)"


def test_province_chips_show_each_unit_once_by_its_official_name(env, reference):
    # "Sài Gòn, TP HCM" were two chips, as typed; "Đăk Nông" kept its misspelling.
    from plugins.content_model.enrich import resolve_topics

    topics = resolve_topics(
        {"category": "Hữu nghị", "provinces": "Sài Gòn, TP HCM, Đăk Nông"}, reference
    )
    chips = env.get_template("partials/topic_chips.html").make_module(
        {"portal_url": lambda record: f"tinh/{record.slug}/"}
    )
    article = _article(
        province_mentions=topics.province_mentions,
        countries=(),
        organizations=(),
        localities=(),
        tags=(),
    )
    shown = re.findall(
        r'class="chip chip--province"[^>]*>(.*?)</a>', str(chips.topic_chips(article))
    )
    # What is seen (the words a screen reader hears instead are visually hidden).
    seen = [re.sub(r'<span class="visually-hidden">.*?</span>|<[^>]+>', "", chip) for chip in shown]
    assert seen == ["Thành phố Hồ Chí Minh", "Đắk Nông → Lâm Đồng"]
    assert '<span class="visually-hidden">Nay thuộc tỉnh Lâm Đồng</span>' in shown[1]
