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
PROVINCE_FILTER = "Tỉnh, thành"


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
    tab.wait_for_selector(".pagefind-ui__search-input")
    yield tab
    context.close()


def search(page, query: str) -> list[str]:
    """Type ``query`` and return the result URLs (slugs) once the UI has settled."""
    box = page.locator(".pagefind-ui__search-input")
    box.fill("")
    page.wait_for_function("!document.querySelector('.pagefind-ui__result')")
    box.fill(query)
    page.wait_for_function(
        "document.querySelector('.pagefind-ui__message') && "
        "!/Đang tìm/.test(document.querySelector('.pagefind-ui__message').textContent)"
    )
    page.wait_for_timeout(300)  # result cards load their data after the count appears
    return result_slugs(page)


def result_slugs(page) -> list[str]:
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return sorted(link.strip("/").split("/")[-1] for link in links)


def test_the_bundles_are_written(site):
    output, _ = site
    assert list(output.rglob("pagefind-ui.js"))
    assert (output / "tim-kiem" / "index.html").is_file()


@pytest.mark.parametrize(
    "query", ["doi ngoai nhan dan", "đối ngoại nhân dân", "Doi Ngoai", "ĐỐI NGOẠI"]
)
def test_with_or_without_diacritics_the_same_articles(page, query):
    assert search(page, query) == ["hung-yen-doi-ngoai", "thai-binh-2017"]


def test_folded_province_name_and_former_province(page):
    # The second article never writes "Thái Bình" in its text: only its Provinces header does.
    assert search(page, "thai binh") == ["thai-binh-2017", "thai-binh-nhat-ban"]
    assert search(page, "Thái Bình") == ["thai-binh-2017", "thai-binh-nhat-ban"]
    # The current province finds the articles filed under its former name too.
    assert search(page, "hung yen") == [
        "hung-yen-doi-ngoai",
        "thai-binh-2017",
        "thai-binh-nhat-ban",
    ]


def test_d_words(page):
    assert search(page, "da nang") == ["da-nang-cuba"]
    assert search(page, "Đà Nẵng") == ["da-nang-cuba"]


def test_navigation_and_teasers_are_not_indexed(page):
    assert search(page, "teaser") == []
    assert search(page, "điều hướng") == []


def test_excerpts_hide_the_hidden_terms(page):
    search(page, "doi ngoai nhan dan")
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_text_contents()
    assert excerpts and all("⁂" not in e and "dối" not in e for e in excerpts)
    assert any("đối ngoại nhân dân" in e for e in excerpts)


def _filter_option(page, group: str, value: str):
    block = page.locator(".pagefind-ui__filter-block", has_text=group)
    if not block.evaluate("el => el.open"):
        block.locator("summary").click()
    return (
        block.locator(".pagefind-ui__filter-checkbox + label", has_text=value)
        .or_(block.locator("label", has_text=value))
        .first
    )


def test_filters_by_section_province_and_year(page):
    assert search(page, "huu nghi") == [
        "da-nang-cuba",
        "hung-yen-doi-ngoai",
        "thai-binh-2017",
        "thai-binh-nhat-ban",
    ]
    option = _filter_option(page, SECTION_FILTER, "Địa phương")
    option.click()
    page.wait_for_timeout(600)
    assert result_slugs(page) == ["hung-yen-doi-ngoai", "thai-binh-2017"]
    option.click()  # off again
    option = _filter_option(page, PROVINCE_FILTER, "Hưng Yên")
    option.click()
    page.wait_for_timeout(600)
    assert result_slugs(page) == ["hung-yen-doi-ngoai", "thai-binh-2017", "thai-binh-nhat-ban"]
    option.click()
    option = _filter_option(page, "Năm", "2025")
    option.click()
    page.wait_for_timeout(600)
    assert result_slugs(page) == ["da-nang-cuba", "hung-yen-doi-ngoai"]
    option.click()


def test_query_in_the_address_starts_a_search(site, page):
    page.goto(site[1] + "/tim-kiem/?q=doi+ngoai+nhan+dan")
    page.wait_for_selector(".pagefind-ui__result-link")
    page.wait_for_timeout(300)
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert sorted(links) == ["/bai-viet/hung-yen-doi-ngoai/", "/bai-viet/thai-binh-2017/"]
