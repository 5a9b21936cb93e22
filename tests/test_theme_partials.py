"""Theme partials rendered alone with Jinja (fast; no Pelican build)."""

from __future__ import annotations

from datetime import datetime
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
    environment.filters.update(dateline=format_dateline, vn_date=format_date, month_name=month_name)
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
