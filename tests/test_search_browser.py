"""Search in a real browser: build a small site, serve it, type queries into /tim-kiem/.

The fixture site is built with Pelican, plugins.content_model and
plugins.search and our search page and script; base.html and article.html
are minimal stand-ins so these tests depend only on the search feature.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
from scripts.screenshots import CHROMIUM  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs {CHROMIUM} (make browsers)"),
]

ARTICLES = {
    "2017/thai-binh-2017.md": """Title: Thái Bình triển khai công tác đối ngoại nhân dân năm 2017
Slug: thai-binh-2017
Date: 2017-03-01 09:00
Category: Địa phương
Provinces: Thái Bình
Summary: Liên hiệp các tổ chức hữu nghị tỉnh tổng kết năm và đề ra nhiệm vụ mới.

Hội nghị đánh giá kết quả hoạt động đối ngoại nhân dân của tỉnh trong năm qua.
""",
    "2019/thai-binh-nhat-ban.md": """Title: Đoàn thanh niên Nhật Bản trồng cây hữu nghị
Slug: thai-binh-nhat-ban
Date: 2019-04-02 10:00
Category: Hữu nghị
Provinces: Thái Bình
Localities: phường Quang Trung (thành phố Thái Bình, Thái Bình)
Countries: Nhật Bản
Summary: Các bạn trẻ Nhật Bản cùng học sinh địa phương trồng hàng cây kỷ niệm.

Buổi trồng cây diễn ra trong không khí vui tươi tại sân trường huyện ven biển.
""",
    "2025/da-nang-cuba.md": """Title: Đoàn đại biểu Đà Nẵng thăm Cuba
Slug: da-nang-cuba
Date: 2025-05-20 08:00
Category: Hữu nghị
Provinces: Đà Nẵng
Countries: Cuba
Summary: Thành phố bên sông Hàn thắt chặt quan hệ với thủ đô La Habana.

Chuyến thăm mở ra nhiều chương trình giao lưu văn hóa, thể thao giữa hai thành phố.
""",
    "2025/hung-yen-doi-ngoai.md": """Title: Hưng Yên đẩy mạnh đối ngoại nhân dân sau sáp nhập
Slug: hung-yen-doi-ngoai
Date: 2025-09-10 14:00
Category: Địa phương
Provinces: Hưng Yên
Summary: Tỉnh mới kiện toàn tổ chức hữu nghị và lên kế hoạch giao lưu.

Công tác đối ngoại nhân dân được xác định là một kênh quan trọng của tỉnh.
""",
    "2024/giao-duc-lao.md": """Title: Hội thảo hợp tác giáo dục với Lào
Slug: giao-duc-lao
Date: 2024-06-15 09:30
Category: Văn hóa - Giáo dục
Provinces: Hà Nội
Countries: Lào
Summary: Các trường đại học chia sẻ kinh nghiệm đào tạo lưu học sinh.

Hội thảo quy tụ nhiều nhà giáo và lưu học sinh Lào đang học tập tại thủ đô.
""",
}

BASE_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{% block title %}{% endblock title %}</title>
{% block head %}{% endblock head %}</head>
<body><nav>Trang chủ · Chuyên mục · Điều hướng chỉ có trên trang</nav>
{% block breadcrumbs %}{% endblock breadcrumbs %}<main>{% block content %}{% endblock content %}</main></body></html>
"""
ARTICLE_HTML = """{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>
{{ article.content }}<aside>Đọc thêm: teaser chỉ có ở đây</aside>{% endblock content %}"""

SECTION_FILTER = "Chuyên mục"
PROVINCE_FILTER = "Tỉnh, thành phố"  # the control's label (the index's filter: "Tỉnh, thành")


def search_site(root: Path, **search_options) -> tuple[Path, dict]:
    """Write the small search site under ``root``: (content folder, settings
    overrides for Pelican, without PATH and OUTPUT_PATH)."""
    content = root / "content"
    for rel, text in ARTICLES.items():
        path = content / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    theme = root / "theme"
    templates = theme / "templates"
    templates.mkdir(parents=True)
    shutil.copy(ROOT / "theme" / "templates" / "search.html", templates / "search.html")
    shutil.copytree(ROOT / "theme" / "templates" / "partials", templates / "partials")
    (templates / "base.html").write_text(BASE_HTML, encoding="utf-8")
    (templates / "article.html").write_text(ARTICLE_HTML, encoding="utf-8")
    for sub in ("js/search.js", "css/search.css"):
        (theme / "static" / sub).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "theme" / "static" / sub, theme / "static" / sub)
    blank = dict.fromkeys(
        (
            "CATEGORY_SAVE_AS",
            "TAG_SAVE_AS",
            "AUTHOR_SAVE_AS",
            "YEAR_ARCHIVE_SAVE_AS",
            "MONTH_ARCHIVE_SAVE_AS",
            "ARCHIVES_SAVE_AS",
            "CATEGORIES_SAVE_AS",
            "TAGS_SAVE_AS",
            "AUTHORS_SAVE_AS",
            "INDEX_SAVE_AS",
        ),
        "",
    )
    overrides = {
        "THEME": str(theme),
        "SITEURL": "",
        "PLUGINS": ["plugins.content_model", "plugins.search", "plugins.assets"],
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "DIRECT_TEMPLATES": [],
        "PAGINATED_TEMPLATES": {},
        "PORTAL_DATA_DIR": str(ROOT / "data"),
        "SEARCH": search_options,
        **blank,
    }
    return content, overrides


def build_search_site(root: Path, **search_options) -> Path:
    from pelican import Pelican
    from pelican.settings import read_settings

    content, overrides = search_site(root, **search_options)
    output = root / "output"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), **overrides},
    )
    Pelican(settings).run()
    return output


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module", params=[None, 2], ids=["one-bundle", "sharded"])
def site(request, tmp_path_factory):
    """The fixture site served over HTTP: once as one bundle, once in chunks of 2."""
    output = build_search_site(tmp_path_factory.mktemp("search"), shard_size=request.param)
    server, base = serve(output)
    yield output, base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(site, browser):
    """The search page, in the Chromium the browser tests share (tests/conftest.py)."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(site[1] + "/tim-kiem/")
    tab.wait_for_selector("[data-search][data-filters=ready]")
    yield tab
    context.close()


def settle(page) -> None:
    """Wait until the search started last has rendered its results."""
    page.wait_for_selector("[data-search][data-state=done], [data-search][data-state=idle]")


def search(page, query: str) -> list[str]:
    """Type ``query``, press Enter, and return the result URLs (slugs, sorted)."""
    box = page.locator("#search-q")
    box.fill(query)
    box.press("Enter")
    settle(page)
    return result_slugs(page)


def result_slugs(page) -> list[str]:
    return sorted(ranked_slugs(page))


def ranked_slugs(page) -> list[str]:
    links = page.locator(".search-result-title a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return [link.strip("/").split("/")[-1] for link in links]


def test_the_bundles_are_written(site):
    output, _ = site
    assert list(output.rglob("pagefind.js"))
    assert (output / "tim-kiem" / "index.html").is_file()
    assert (output / "tim-kiem" / "chu-de.json").is_file()


@pytest.mark.parametrize(
    "query", ["doi ngoai nhan dan", "đối ngoại nhân dân", "Doi Ngoai", "ĐỐI NGOẠI"]
)
def test_with_or_without_diacritics_the_same_articles(page, query):
    assert search(page, query) == ["hung-yen-doi-ngoai", "thai-binh-2017"]


def test_folded_province_name_and_former_province(page):
    # The second article never writes "Thái Bình" in its text: only its Provinces header does.
    # Thái Bình is part of Hưng Yên now: its articles first, then Hưng Yên's.
    for query in ("thai binh", "Thái Bình"):
        search(page, query)
        ranked = ranked_slugs(page)
        assert sorted(ranked[:2]) == ["thai-binh-2017", "thai-binh-nhat-ban"], query
        assert ranked[2:] == ["hung-yen-doi-ngoai"], query
    # The current province finds the articles filed under its former name too.
    assert search(page, "hung yen") == [
        "hung-yen-doi-ngoai",
        "thai-binh-2017",
        "thai-binh-nhat-ban",
    ]


def test_a_commune_is_found_by_its_former_and_its_current_name(page):
    # Phường Quang Trung of Thái Bình city is part of phường Trần Hưng Đạo (Hưng Yên) now;
    # the article writes neither name in its text, only in Localities.
    for query in ("Quang Trung", "quang trung", "Trần Hưng Đạo", "tran hung dao"):
        assert search(page, query) == ["thai-binh-nhat-ban"], query


def test_d_words(page):
    assert search(page, "da nang") == ["da-nang-cuba"]
    assert search(page, "Đà Nẵng") == ["da-nang-cuba"]
    assert search(page, "dà nẵng") == ["da-nang-cuba"]


def test_navigation_and_teasers_are_not_indexed(page):
    assert search(page, "teaser") == []
    assert search(page, "điều hướng") == []
    assert "Không tìm thấy bài nào" in page.locator("[data-search-status]").text_content()


def test_excerpts_show_the_articles_text_only(page):
    search(page, "doi ngoai nhan dan")
    excerpts = page.locator(".search-result-excerpt").all_text_contents()
    assert len(excerpts) == 2
    # No hidden mark, no "d" twin of a "đ" word, no topic list.
    assert all("⁂" not in e and "dối" not in e and " · " not in e for e in excerpts)
    assert any("đối ngoại nhân dân" in e for e in excerpts)
    marked = page.locator(".search-result-excerpt mark").all_text_contents()
    # A run of matched words is one highlight.
    assert "đối ngoại nhân dân" in {m.lower() for m in marked}


def test_results_carry_vietnamese_labels_and_the_dateline(page):
    search(page, "Cuba")
    meta = page.locator(".search-result-meta").first
    text = " ".join(meta.text_content().split())
    assert text == "Chuyên mục: Hữu nghị Ngày đăng: Thứ Ba, 20/05/2025 08:00 GMT+7"
    assert meta.locator("time").get_attribute("datetime") == "2025-05-20T08:00:00+07:00"
    listed = page.locator("[data-search-results]").inner_text()
    assert "Date" not in listed and "Section" not in listed


def choose(page, label: str, value: str) -> None:
    """Pick ``value`` in the filter labelled ``label`` (the "Lọc" panel)."""
    panel = page.locator("details.search-filters")
    if not panel.evaluate("el => el.open"):
        panel.locator("summary").click()
    page.get_by_label(label, exact=True).select_option(value)
    settle(page)


def test_filters_by_section_province_and_year(page):
    assert search(page, "huu nghi") == [
        "da-nang-cuba",
        "hung-yen-doi-ngoai",
        "thai-binh-2017",
        "thai-binh-nhat-ban",
    ]
    choose(page, SECTION_FILTER, "Địa phương")
    assert result_slugs(page) == ["hung-yen-doi-ngoai", "thai-binh-2017"]
    assert page.locator("[data-filter-count]").text_content() == "(1)"
    choose(page, SECTION_FILTER, "")  # "Tất cả"
    choose(page, PROVINCE_FILTER, "Hưng Yên")
    assert result_slugs(page) == ["hung-yen-doi-ngoai", "thai-binh-2017", "thai-binh-nhat-ban"]
    choose(page, "Năm", "2025")
    assert result_slugs(page) == ["hung-yen-doi-ngoai"]
    assert "tinh=H%C6%B0ng+Y%C3%AAn" in page.url and "nam=2025" in page.url
    page.locator("[data-filter-reset]").click()
    settle(page)
    assert len(result_slugs(page)) == 4


def shown_query(page, query: str) -> list[str]:
    """After Back / Forward: wait for ``query`` in the field and its results."""
    page.wait_for_function("q => document.querySelector('#search-q').value === q", arg=query)
    settle(page)
    return result_slugs(page)


def test_back_and_forward_go_through_the_queries_searched(site, page):
    # Each search replaced the one before in the history: Back left the page.
    page.goto(site[1] + "/tim-kiem/")
    assert search(page, "cuba") == ["da-nang-cuba"]
    assert search(page, "lào") == ["giao-duc-lao"]
    choose(page, "Năm", "2024")
    assert page.url.endswith("?q=l%C3%A0o&nam=2024")
    page.go_back()
    assert shown_query(page, "lào") == ["giao-duc-lao"]
    assert page.get_by_label("Năm", exact=True).input_value() == ""
    page.go_back()
    assert shown_query(page, "cuba") == ["da-nang-cuba"]
    assert page.url.endswith("/tim-kiem/?q=cuba")
    page.go_back()
    assert shown_query(page, "") == []
    assert page.url.endswith("/tim-kiem/")
    page.go_forward()
    assert shown_query(page, "cuba") == ["da-nang-cuba"]
    # Typing makes one entry, whatever the pauses: Back skips the words typed.
    box = page.locator("#search-q")
    for typed in ("hội", "hội thảo"):
        box.fill(typed)
        page.wait_for_function(
            "q => new URLSearchParams(location.search).get('q') === q", arg=typed
        )
        settle(page)
    box.press("Enter")
    settle(page)
    assert result_slugs(page) == ["giao-duc-lao"]
    page.go_back()
    assert shown_query(page, "cuba") == ["da-nang-cuba"]


def test_query_and_filters_in_the_address_start_a_search(site, page):
    page.goto(site[1] + "/tim-kiem/?q=doi+ngoai+nhan+dan")
    settle(page)
    links = page.locator(".search-result-title a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert sorted(links) == ["/bai-viet/hung-yen-doi-ngoai/", "/bai-viet/thai-binh-2017/"]
    page.goto(site[1] + "/tim-kiem/?q=doi+ngoai+nhan+dan&nam=2017")
    settle(page)
    assert result_slugs(page) == ["thai-binh-2017"]
    assert page.locator("details.search-filters").evaluate("el => el.open")
    assert page.get_by_label("Năm", exact=True).input_value() == "2017"
