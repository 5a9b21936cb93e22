"""Search quality on the sample site: the portal built from ``content/`` with
its own settings and theme, served locally, queried in Chromium on /tim-kiem/.

Each query lists the articles a reader expects near the top, chosen by
reading the sample articles (their titles, sapos and Provinces / Countries /
Organizations headers), not by copying what the engine returned:

- a province, with or without marks, and with ``d`` typed for ``đ``;
- a former province (Thái Bình, now part of Hưng Yên; Sóc Trăng, now Cần
  Thơ; Bắc Kạn, now Thái Nguyên): its own articles first, then the current
  province's; articles that hold *Thái* and *bình* apart ("dân tộc Thái …
  bình đẳng giới", "Thái Lan … bình dị", "Thái Nguyên … bình thường") are
  not results for "Thái Bình";
- partner countries (Lào is not Lào Cai), organizations by acronym (VUFO) or
  full name, and plain words.

Every excerpt shown must be a piece of the article's visible text (sapo and
body): never the hidden folded words the index holds for matching.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from plugins.vietnamese import slugify
from scripts.screenshots import CHROMIUM, serve_folder

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs {CHROMIUM} (make browsers)"),
]

# Sample articles (content/articles/…), by slug.
THAI_BINH = {
    "thai-binh-dat-muc-tieu-dua-cong-tac-phi-chinh-phu-vao-nen-nep",
    "thai-binh-mong-vufo-lam-cau-noi-voi-doi-tac-nuoc-ngoai",
    "thai-binh-tap-huan-ky-nang-van-dong-vien-tro-phi-chinh-phu-nuoc-ngoai",
}
HUNG_YEN = "hung-yen-kien-toan-lien-hiep-cac-to-chuc-huu-nghi-tinh-sau-hop-nhat"
# Hold "Thái" and "bình" but not "Thái Bình".
THAI_AND_BINH_APART = {
    "plan-international-trao-hoc-bong-cho-nu-sinh-lai-chau",
    "sinh-vien-lao-campuchia-tranh-tai-hung-bien-tieng-viet-ve-bac-ho",
    "phong-su-anh-mot-ngay-o-diem-truong-vung-cao-thai-nguyen",
}
DA_NANG = {
    "world-vision-ho-tro-nguoi-dan-hue-va-da-nang-sau-dot-lu-lich-su",
    "sinh-vien-lao-tai-da-nang-don-tet-bunpimay",
}
HOI_AN = "hoi-an-ron-rang-le-hoi-giao-luu-van-hoa-viet-nam-nhat-ban"  # Quảng Nam, now Đà Nẵng
SOC_TRANG = {
    "sinh-vien-campuchia-trai-nghiem-le-hoi-ooc-om-boc-o-soc-trang",
    "soc-trang-coi-trong-cong-tac-doi-ngoai-nhan-dan",
    "soc-trang-ra-mat-lien-hiep-cac-to-chuc-huu-nghi-tinh",
}
BAC_KAN = {
    "childfund-khoi-cong-cong-trinh-nuoc-sach-cho-ban-vung-cao-bac-kan",
    "thu-vien-than-thien-den-voi-tre-em-vung-cao-bac-kan",
}
VUFO_IN_TITLE = {
    "thai-binh-mong-vufo-lam-cau-noi-voi-doi-tac-nuoc-ngoai",
    "vufo-va-dai-su-quan-chile-ban-ke-hoach-giao-luu-nhan-dan",
    "doan-cong-tac-vufo-lam-viec-voi-thanh-pho-can-tho",
}
CUBA_IN_TITLE = {
    "ky-niem-60-nam-quan-he-ngoai-giao-viet-nam-cuba",
    "tri-an-nhung-nha-bao-viet-nam-tung-gan-bo-voi-cuba",
    "video-65-nam-quan-he-viet-nam-cuba-qua-nhung-khuon-hinh",
}
LAO = {  # Countries: Lào (the Lào Cai articles are not about Laos)
    "mit-tinh-ky-niem-55-nam-quan-he-ngoai-giao-viet-nam-lao",
    "luu-hoc-sinh-lao-tai-ha-noi-vui-tet-bunpimay",
    "luu-hoc-sinh-lao-o-nghe-an-gap-mat-nhan-nam-doan-ket-huu-nghi-viet-nam-lao",
    "sinh-vien-lao-campuchia-tranh-tai-hung-bien-tieng-viet-ve-bac-ho",
    "sinh-vien-lao-tai-da-nang-don-tet-bunpimay",
}
NHAT_BAN = {
    HOI_AN,
    "nguoi-viet-tren-dat-nhat-ky-1-nhung-thuc-tap-sinh-xa-que",
    "nguoi-viet-tren-dat-nhat-ky-2-san-bong-gan-ket-cong-dong",
    "nguoi-viet-tren-dat-nhat-ky-3-giu-tieng-viet-cho-the-he-thu-hai",
}
HOA_KY = {
    "kieu-bao-tai-hoa-ky-quyen-gop-ho-tro-dong-bao-vung-bao-lu",
    "cuu-binh-viet-nam-va-hoa-ky-cung-ke-chuyen-han-gan-o-quang-tri",
}
DOI_NGOAI_IN_TITLE = {
    "soc-trang-coi-trong-cong-tac-doi-ngoai-nhan-dan",
    "lien-hiep-huu-nghi-34-tinh-thanh-ban-cach-doi-moi-doi-ngoai-nhan-dan",
}
BUNPIMAY = {
    "luu-hoc-sinh-lao-tai-ha-noi-vui-tet-bunpimay",
    "sinh-vien-lao-tai-da-nang-don-tet-bunpimay",
}
VUFO_AND_CUBA = {  # Organizations: VUFO and Countries: Cuba
    "ky-niem-60-nam-quan-he-ngoai-giao-viet-nam-cuba",
    "video-65-nam-quan-he-viet-nam-cuba-qua-nhung-khuon-hinh",
    "ha-noi-mit-tinh-ky-niem-73-nam-ngay-tan-cong-trai-linh-moncada",
    "dai-su-cac-nuoc-cung-hat-mung-nam-moi-tai-ha-noi",
}
THAI_LAN = "kieu-bao-o-thai-lan-huong-ve-bac-nhan-135-nam-ngay-sinh-cua-nguoi"

# query → ([(articles expected among the first N results, N), …], articles not listed at all)
QUERIES: dict[str, tuple[list[tuple[set[str], int]], set[str]]] = {
    "Thái Bình": ([(THAI_BINH, 3), ({HUNG_YEN}, 5)], THAI_AND_BINH_APART | {THAI_LAN}),
    "thai binh": ([(THAI_BINH, 3), ({HUNG_YEN}, 5)], THAI_AND_BINH_APART | {THAI_LAN}),
    "Hưng Yên": ([({HUNG_YEN}, 2), (THAI_BINH | {HUNG_YEN}, 5)], set()),
    "Đà Nẵng": ([(DA_NANG, 3), ({HOI_AN}, 5)], set()),
    "da nang": ([(DA_NANG, 3), ({HOI_AN}, 5)], set()),
    "dà nẵng": ([(DA_NANG, 3), ({HOI_AN}, 5)], set()),
    "Sóc Trăng": ([(SOC_TRANG, 3)], set()),
    "bac kan": ([(BAC_KAN, 2)], set()),
    "VUFO": ([(VUFO_IN_TITLE, 5)], set()),
    "vufo": ([(VUFO_IN_TITLE, 5)], set()),
    "Liên hiệp các tổ chức hữu nghị Việt Nam": ([(VUFO_IN_TITLE, 5)], set()),
    "Cuba": ([(CUBA_IN_TITLE, 4)], set()),
    "Lào": ([(LAO, 5)], set()),
    "Nhật Bản": ([(NHAT_BAN, 5)], set()),
    "Hoa Kỳ": ([(HOA_KY, 2)], set()),
    "Thái Lan": ([({THAI_LAN}, 1)], THAI_BINH),
    "doi ngoai nhan dan": ([(DOI_NGOAI_IN_TITLE, 3)], set()),
    "đối ngoại nhân dân": ([(DOI_NGOAI_IN_TITLE, 3)], set()),
    "Bunpimay": ([(BUNPIMAY, 2)], set()),
    "Oxfam": ([({"oxfam-giup-phu-nu-ben-tre-thich-ung-voi-xam-nhap-man"}, 1)], set()),
    "childfund": (
        [
            (
                {
                    "childfund-khoi-cong-cong-trinh-nuoc-sach-cho-ban-vung-cao-bac-kan",
                    "childfund-tong-ket-du-an-phat-trien-tre-em-vung-cao-thai-nguyen",
                },
                3,
            )
        ],
        set(),
    ),
    "Thái Bình VUFO": (
        [
            (
                {
                    "thai-binh-mong-vufo-lam-cau-noi-voi-doi-tac-nuoc-ngoai",
                    "thai-binh-tap-huan-ky-nang-van-dong-vien-tro-phi-chinh-phu-nuoc-ngoai",
                },
                2,
            )
        ],
        set(),
    ),
    "VUFO Cuba": ([(VUFO_AND_CUBA, 4)], set()),
}

DATELINE = re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/\d{4} \d\d:\d\d GMT\+7$")
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure",
          "figcaption", "table", "tr", "td", "th", "br", "ul", "ol", "dd", "dt", "pre"}  # fmt: skip


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    from scripts.build import build

    work = tmp_path_factory.mktemp("search-quality")
    output = work / "out"
    build(
        ROOT / "pelicanconf.py",
        output,
        content=ROOT / "content",
        extra={"CACHE_PATH": str(work / "cache")},
        force=True,
    )
    return output


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_folder(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def tab(browser, base_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    yield page
    context.close()


def visible_text(sample_site: Path, slug: str) -> str:
    """The title, sapo and body of an article as its page shows them, spaces
    normalised; a heading or caption of the body read as a sentence (a full
    stop after it when it ends without punctuation), as excerpts quote it."""
    root = lxml_html.fromstring((sample_site / "bai-viet" / slug / "index.html").read_bytes())
    parts = []
    for element in root.xpath(
        '//article//h1[@class="article-title"] | //article//p[@class="sapo"]'
        ' | //article//div[contains(@class, "article-body")]'
    ):
        for dropped in element.xpath(".//script | .//style | .//noscript | .//template"):
            dropped.drop_tree()
        for label in element.xpath(".//h2 | .//h3 | .//h4 | .//figcaption"):
            words = label.text_content().strip().rstrip("\"'”’»)]")
            if words and words[-1] not in ".!?…:;":
                label.append(lxml_html.fromstring("<span>.</span>"))
        for block in element.iter():
            if isinstance(block.tag, str) and block.tag in BLOCKS:
                block.tail = "\n" + (block.tail or "")
        parts.append(element.text_content())
    return " ".join(" ".join(parts).split())


def open_search(tab, base_url: str, query: str, **filters: str) -> None:
    params = "&".join(f"{k}={quote(v)}" for k, v in {"q": query, **filters}.items())
    tab.goto(f"{base_url}/tim-kiem/?{params}")
    tab.wait_for_selector("[data-search][data-state=done]")


def results(tab) -> list[dict]:
    return tab.locator(".search-result").evaluate_all(
        """els => els.map(e => ({
            slug: e.querySelector('.search-result-title a').getAttribute('href')
                   .split('/').filter(Boolean).pop(),
            meta: e.querySelector('.search-result-meta').innerText,
            dateline: (e.querySelector('.search-result-date time') || {}).textContent,
            excerpt: e.querySelector('.search-result-excerpt').textContent,
            marks: [...e.querySelectorAll('.search-result-excerpt mark')].map(m => m.textContent),
        }))"""
    )


@pytest.mark.parametrize("query", list(QUERIES))
def test_expected_articles_come_first(tab, base_url, sample_site, query):
    expectations, absent = QUERIES[query]
    open_search(tab, base_url, query)
    shown = results(tab)
    ranked = [r["slug"] for r in shown]
    for expected, top in expectations:
        assert expected <= set(ranked[:top]), (
            f"{query!r}: {sorted(expected)} in top {top}: {ranked}"
        )
    assert not absent & set(ranked), f"{query!r}: {sorted(absent & set(ranked))} listed"
    for result in shown:
        # Vietnamese labels and the site's dateline.
        assert result["meta"].startswith("Chuyên mục: ") and "Ngày đăng: " in result["meta"]
        assert DATELINE.match(result["dateline"]), result["dateline"]
        # The excerpt is a piece of the article's text: no hidden folded words.
        excerpt = " ".join(result["excerpt"].split()).removeprefix("… ").removesuffix(" …")
        assert excerpt and "⁂" not in excerpt
        assert excerpt in visible_text(sample_site, result["slug"]), (query, result["slug"])
    # The query's words are highlighted where the article has them.
    assert any(result["marks"] for result in shown), query
    assert tab.errors == []


def test_the_filter_control_narrows_the_results(tab, base_url):
    open_search(tab, base_url, "VUFO")
    status = tab.locator("[data-search-status]")
    assert status.text_content().startswith("Tìm thấy 19 bài")
    # Ten at a time.
    assert len(results(tab)) == 10
    tab.locator("[data-search-more]").click()
    tab.wait_for_function("document.querySelectorAll('.search-result').length === 19")
    assert tab.locator("[data-search-more]").is_hidden()

    # Keyboard: open "Lọc", reach the first field, choose with the arrow keys.
    tab.wait_for_selector("[data-search][data-filters=ready]")
    tab.locator(".search-filters summary").focus()
    tab.keyboard.press("Enter")
    assert tab.locator(".search-filters").evaluate("el => el.open")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "search-filter-chuyen-muc"
    assert tab.evaluate("document.activeElement.labels[0].textContent") == "Chuyên mục"
    tab.keyboard.press("ArrowDown")  # the first section in Vietnamese order (d, đ, e … h)
    tab.wait_for_selector("[data-search][data-state=done]")
    assert tab.locator("#search-filter-chuyen-muc").input_value() == "Địa phương"
    assert (
        status.text_content().startswith("Tìm thấy 5 bài") and "(đã lọc)" in status.text_content()
    )
    tab.keyboard.press("ArrowUp")  # back to "Tất cả"
    tab.wait_for_selector("[data-search][data-state=done]")
    assert status.text_content().startswith("Tìm thấy 19 bài")

    def pick(label: str, value: str) -> list[str]:
        tab.locator(".search-filters").get_by_label(label, exact=True).select_option(value)
        tab.wait_for_selector("[data-search][data-state=done]")
        return sorted(r["slug"] for r in results(tab))

    assert pick("Tỉnh, thành phố", "Hưng Yên") == sorted(
        THAI_BINH - {"thai-binh-dat-muc-tieu-dua-cong-tac-phi-chinh-phu-vao-nen-nep"}
        | {HUNG_YEN, "lien-hiep-huu-nghi-34-tinh-thanh-ban-cach-doi-moi-doi-ngoai-nhan-dan"}
    )
    assert pick("Năm", "2024") == [
        "thai-binh-tap-huan-ky-nang-van-dong-vien-tro-phi-chinh-phu-nuoc-ngoai"
    ]
    assert tab.locator("[data-filter-count]").text_content() == "(2)"
    assert "(đã lọc)" in status.text_content()
    tab.locator("[data-filter-reset]").click()
    tab.wait_for_selector("[data-search][data-state=done]")
    assert status.text_content().startswith("Tìm thấy 19 bài")
    assert pick("Chuyên mục", "Quốc tế") == [
        "dai-su-cac-nuoc-cung-hat-mung-nam-moi-tai-ha-noi",
        "vufo-va-dai-su-quan-chile-ban-ke-hoach-giao-luu-nhan-dan",
    ]
    assert "chuyen-muc=Qu%E1%BB%91c+t%E1%BA%BF" in tab.url
    # Only the three filters readers use are offered.
    assert tab.locator(".search-filters select").count() == 3
    assert tab.errors == []


PHOTO_STORY = "phong-su-anh-mot-ngay-o-diem-truong-vung-cao-thai-nguyen"


def test_a_country_name_that_is_also_a_common_word_does_not_hide_the_common_word(tab, base_url):
    """ "Anh" is Britain, and "anh", "ảnh", "ánh" without their marks: a
    query without marks finds the photo story too, and its own title first."""
    for query in ("phong su anh", "Phong su anh mot ngay o diem truong vung cao Thai Nguyen"):
        open_search(tab, base_url, query)
        ranked = [r["slug"] for r in results(tab)]
        assert ranked and PHOTO_STORY in ranked[:3], (query, ranked)
    assert tab.errors == []


@pytest.mark.parametrize("query", ["Obama", "Messi", "bold"])
def test_a_word_no_article_holds_finds_nothing(tab, base_url, query):
    """Pagefind answers a missing word with the articles of a prefix it has
    ("obama" → "ở", "bold" → "bó"): the reader is told there is none."""
    open_search(tab, base_url, query)
    assert results(tab) == []
    status = tab.locator("[data-search-status]").text_content()
    assert status == f"Không tìm thấy bài nào cho “{query}”."
    assert tab.errors == []


def test_a_country_is_not_found_inside_a_longer_name(tab, base_url):
    """ "Lào" (Laos) is not "Lào Cai" (a province): the storm stories that
    name only Lào Cai are not Laos's."""
    open_search(tab, base_url, "Lào")
    ranked = [r["slug"] for r in results(tab)]
    assert ranked
    assert not {
        "kieu-bao-tai-hoa-ky-quyen-gop-ho-tro-dong-bao-vung-bao-lu",
        "save-the-children-va-plan-international-ho-tro-khan-cap-vung-bao-yagi",
    } & set(ranked), ranked
    assert tab.errors == []


def test_the_page_title_names_the_query_and_a_long_query_is_shortened(tab, base_url):
    open_search(tab, base_url, "VUFO")
    assert tab.title().startswith("“VUFO” – ")
    long = " ".join(["hữu nghị"] * 75)  # 674 characters
    open_search(tab, base_url, long)
    status = tab.locator("[data-search-status]").text_content()
    assert len(status) < 160 and "…”" in status, status
    assert len(tab.title()) < 160
    tab.locator("#search-q").fill("")
    tab.locator("#search-q").press("Enter")
    tab.wait_for_selector("[data-search][data-state=idle]")
    assert not tab.title().startswith("“")
    assert tab.errors == []


def test_the_marks_typed_come_first(tab, base_url):
    """ "bão" (storm) before "bào" (kiều bào), "báo" (newspaper): all are
    found, those with the marks typed first."""
    open_search(tab, base_url, "bão")
    shown = results(tab)
    top = shown[:3]
    assert "save-the-children-va-plan-international-ho-tro-khan-cap-vung-bao-yagi" in [
        r["slug"] for r in top
    ]
    assert all("bão" in [m.lower() for m in r["marks"]] for r in top), top
    assert tab.errors == []


def test_a_wrong_tone_mark_still_finds_the_words(tab, base_url):
    open_search(tab, base_url, "hưu nghị")  # "hữu nghị" with a wrong mark
    assert len(results(tab)) == 10
    assert tab.errors == []


def test_old_style_tone_marks_find_what_the_new_style_finds(tab, base_url):
    """ "hoà bình" and "hòa bình", "thuỷ" and "thủy" are the same words."""
    for old, new in (("hoà bình", "hòa bình"), ("thuỷ", "thủy")):
        open_search(tab, base_url, new)
        expected = results(tab)
        open_search(tab, base_url, old)
        found = results(tab)
        assert expected and [r["slug"] for r in found] == [r["slug"] for r in expected], old
        assert [r["marks"] for r in found] == [r["marks"] for r in expected], old
    assert tab.errors == []


def articles_naming(sample_site: Path, name: str) -> set[str]:
    """The sample articles whose visible text names ``name`` (read from
    their pages, not from the index)."""
    return {
        page.parent.name
        for page in (sample_site / "bai-viet").glob("*/index.html")
        if name in visible_text(sample_site, page.parent.name)
    }


@pytest.mark.parametrize(("typed", "name"), [("da nang", "Đà Nẵng"), ("ha noi", "Hà Nội")])
def test_a_place_typed_without_marks_finds_every_article_that_names_it(
    tab, base_url, sample_site, typed, name
):
    """The search page's names also hold the English spellings ("Da Nang"):
    typed without marks, the name is still searched as the Vietnamese
    articles write it, so no article that names it is missed."""
    naming = articles_naming(sample_site, name)
    assert len(naming) >= 3
    open_search(tab, base_url, name)
    with_marks = {r["slug"] for r in results_all(tab)}
    open_search(tab, base_url, typed)
    without = {r["slug"] for r in results_all(tab)}
    assert naming <= with_marks, sorted(naming - with_marks)
    assert without == with_marks, (sorted(with_marks - without), sorted(without - with_marks))
    assert tab.errors == []


@pytest.mark.parametrize(
    ("typed", "country"), [("Cambodia", "Campuchia"), ("Thailand", "Thái Lan"), ("Laos", "Lào")]
)
def test_a_country_typed_in_english_finds_its_articles_only(
    tab, base_url, sample_site, typed, country
):
    """ "Cambodia" is no word of the Vietnamese articles: Pagefind answered it
    with the articles of a prefix it has ("cam…"), 24 results of which 3
    were about Cambodia. Its articles are those that name it or are filed
    under it."""
    open_search(tab, base_url, typed)
    found = {r["slug"] for r in results_all(tab)}
    filed = {
        page.parent.name
        for page in (sample_site / "bai-viet").glob("*/index.html")
        if f"/quoc-gia/{slugify(country)}/" in page.read_text(encoding="utf-8")
    }
    assert filed and filed <= found, sorted(filed - found)
    stray = found - filed - articles_naming(sample_site, country)
    assert not stray, sorted(stray)
    assert tab.errors == []


def test_a_phrase_in_quotes_lists_only_the_articles_that_hold_it(tab, base_url, sample_site):
    """ "Kế Sách" (a commune) in quotes: not the articles that hold "sách"
    (books) and "kế" (thiết kế) apart; the status line quotes it once."""
    naming = articles_naming(sample_site, "Kế Sách")
    assert naming
    open_search(tab, base_url, '"Kế Sách"')
    assert {r["slug"] for r in results_all(tab)} == naming
    assert (
        tab.locator("[data-search-status]")
        .text_content()
        .startswith(f"Tìm thấy {len(naming)} bài cho “Kế Sách”")
    )
    open_search(tab, base_url, "Kế Sách")  # without quotes: the words anywhere
    assert len(results_all(tab)) > len(naming)
    assert tab.errors == []


def _naming_in_words(sample_site: Path, phrase: str) -> set[str]:
    """Articles whose visible text holds ``phrase`` as words in a row (case
    and surrounding punctuation aside): the independent reading of a page."""
    wanted = phrase.lower().split()
    found = set()
    for page in (sample_site / "bai-viet").glob("*/index.html"):
        tokens = [
            t.strip(".,;:!?()“”\"'")
            for t in visible_text(sample_site, page.parent.name).lower().split()
        ]
        if any(tokens[i : i + len(wanted)] == wanted for i in range(len(tokens))):
            found.add(page.parent.name)
    return found


@pytest.mark.parametrize("phrase", ["Nam Việt", "Việt Nam - Lào", "trẻ em vùng cao"])
def test_a_quoted_phrase_keeps_its_words_in_their_order(tab, base_url, sample_site, phrase):
    """ "Nam Việt" is not "Việt Nam" (any two matched words side by side
    passed); a lone dash counts as Pagefind counts it."""
    expected = _naming_in_words(sample_site, phrase)
    assert expected
    open_search(tab, base_url, f'"{phrase}"')
    assert {r["slug"] for r in results_all(tab)} == expected
    assert tab.errors == []


def test_two_quoted_phrases_must_both_be_there(tab, base_url, sample_site):
    """Each phrase alone, then both: both lists' common articles (a record's
    hidden topic names count, as for every query), every article that shows
    both phrases among them."""
    found = {}
    for query in ('"hữu nghị"', '"Việt Nam"', '"hữu nghị" "Việt Nam"'):
        open_search(tab, base_url, query)
        found[query] = {r["slug"] for r in results_all(tab)}
    both = found['"hữu nghị" "Việt Nam"']
    assert both == found['"hữu nghị"'] & found['"Việt Nam"']
    visible = _naming_in_words(sample_site, "hữu nghị") & _naming_in_words(sample_site, "Việt Nam")
    assert visible <= both
    status = tab.locator("[data-search-status]").text_content()
    assert '“"hữu nghị" "Việt Nam"”' in status  # both phrases, as typed
    assert tab.errors == []


def test_a_query_of_quotes_only_is_no_query(tab, base_url):
    tab.goto(f"{base_url}/tim-kiem/?q=%22%22")
    tab.wait_for_selector("[data-search][data-state=idle]")
    assert tab.locator("[data-search-hint]").is_hidden()
    assert tab.locator("[data-search-status]").text_content() == ""
    assert tab.errors == []


def test_a_filter_alone_lists_its_articles_newest_first(tab, base_url, sample_site):
    """/tim-kiem/?tinh=Hưng Yên with no keyword: the province's articles
    (those whose page links its topic page), newest first."""
    dates = {}
    for page in (sample_site / "bai-viet").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        if 'href="/tinh/hung-yen/"' in text:
            published = re.search(r'property="article:published_time" content="([^"]+)"', text)
            dates[page.parent.name] = published.group(1)
    assert len(dates) >= 3
    tab.goto(f"{base_url}/tim-kiem/?tinh={quote('Hưng Yên')}")
    tab.wait_for_selector("[data-search][data-state=done]")
    ranked = [r["slug"] for r in results_all(tab)]
    assert sorted(ranked) == sorted(dates)
    assert ranked == sorted(ranked, key=lambda slug: dates[slug], reverse=True)
    status = tab.locator("[data-search-status]").text_content()
    assert status == f"{len(dates)} bài theo bộ lọc đã chọn."
    tab.goto(f"{base_url}/tim-kiem/?tinh={quote('Hưng Yên')}&nam=1999")
    tab.wait_for_selector("[data-search][data-state=done]")
    assert results(tab) == []
    assert (
        "Không có bài nào theo bộ lọc đã chọn" in tab.locator("[data-search-status]").text_content()
    )
    assert tab.errors == []


def test_a_filter_value_typed_without_marks_is_the_value_it_stands_for(tab, base_url):
    """?tinh=hung+yen (typed or shared without marks) is Hưng Yên; it found
    nothing ("no articles with the chosen filters")."""
    tab.goto(f"{base_url}/tim-kiem/?tinh={quote('Hưng Yên')}")
    tab.wait_for_selector("[data-search][data-state=done]")
    expected = sorted(r["slug"] for r in results_all(tab))
    tab.goto(f"{base_url}/tim-kiem/?tinh=hung+yen")
    tab.wait_for_selector("[data-search][data-filters=ready]")
    tab.wait_for_function(
        "document.querySelector('#search-filter-tinh').value === 'Hưng Yên'"
        " && document.querySelector('[data-search]').dataset.state === 'done'"
    )
    assert expected and sorted(r["slug"] for r in results_all(tab)) == expected
    assert tab.errors == []


@pytest.mark.parametrize(
    ("former", "current"), [("Thái Bình", "Hưng Yên"), ("quang binh", "Quảng Trị")]
)
def test_a_former_province_in_the_address_is_the_province_it_is_now_part_of(
    tab, base_url, former, current
):
    """?tinh=Thái Bình found nothing, though the page says former names still
    work: the articles are filed under Hưng Yên since 1 July 2025."""
    tab.goto(f"{base_url}/tim-kiem/?tinh={quote(current)}")
    tab.wait_for_selector("[data-search][data-state=done]")
    expected = sorted(r["slug"] for r in results_all(tab))
    tab.goto(f"{base_url}/tim-kiem/?tinh={quote(former)}")
    tab.wait_for_selector("[data-search][data-filters=ready]")
    tab.wait_for_function(
        f"document.querySelector('#search-filter-tinh').value === '{current}'"
        " && document.querySelector('[data-search]').dataset.state === 'done'"
    )
    assert expected and sorted(r["slug"] for r in results_all(tab)) == expected
    assert tab.errors == []


def test_the_language_switch_takes_the_keywords_along(tab, base_url):
    open_search(tab, base_url, "VUFO Cuba")
    link = tab.locator(".edition-switch a")
    assert link.get_attribute("href") == "/en/search/?q=VUFO%20Cuba"
    tab.locator("#search-q").fill("")
    tab.locator("#search-q").press("Enter")
    tab.wait_for_selector("[data-search][data-state=idle]")
    assert link.get_attribute("href") == "/en/search/"
    assert tab.errors == []


def test_a_search_with_no_result_suggests_where_to_look(tab, base_url):
    open_search(tab, base_url, "Obama")
    hint = tab.locator("[data-search-hint]")
    assert hint.is_visible()
    assert [a.get_attribute("href") for a in hint.locator("a").all()] == ["/chu-de/", "/luu-tru/"]
    open_search(tab, base_url, "VUFO")
    assert hint.is_hidden()
    assert tab.errors == []


def test_without_scripts_the_page_offers_no_dead_form(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/tim-kiem/?q=VUFO")
        assert page.locator("form.search-form").is_hidden()
        # (Chromium's switch for scripts leaves <noscript> unparsed: its text is read as markup.)
        assert "Tìm kiếm cần JavaScript" in page.locator("noscript").inner_html()
    finally:
        context.close()


def test_a_long_unbroken_query_does_not_widen_a_phone_page(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_search(page, base_url, "x" * 90)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def results_all(tab) -> list[dict]:
    """Every result, "Xem thêm" pressed until none is left."""
    more = tab.locator("[data-search-more]")
    while more.is_visible():
        count = tab.locator(".search-result").count()
        more.click()
        tab.wait_for_function(f"document.querySelectorAll('.search-result').length > {count}")
    return results(tab)


def test_back_from_a_result_returns_to_the_same_place_in_the_list(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    try:
        open_search(page, base_url, "VUFO")
        page.locator("[data-search-more]").click()
        page.wait_for_function("document.querySelectorAll('.search-result').length > 10")
        shown = page.locator(".search-result").count()
        fifteenth = page.locator(".search-result-title a").nth(14)
        fifteenth.scroll_into_view_if_needed()
        href = fifteenth.get_attribute("href")
        fifteenth.click()
        page.wait_for_url(f"**{href}")
        page.go_back()
        page.wait_for_selector("[data-search][data-state=done]")
        page.wait_for_function(f"document.querySelectorAll('.search-result').length === {shown}")
        link = page.locator(f'.search-result-title a[href="{href}"]')
        page.wait_for_function(
            "a => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
            arg=link.element_handle(),
        )
    finally:
        context.close()


@contextmanager
def english_search(browser, base_url: str, query: str, **filters: str):
    """A desktop page of /en/search/ with the results of ``query`` shown."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page = context.new_page()
    try:
        params = "".join(f"&{k}={quote(v)}" for k, v in filters.items())
        page.goto(f"{base_url}/en/search/?q={quote(query)}{params}")
        page.wait_for_selector("[data-search][data-state=done]")
        yield page
    finally:
        context.close()


def test_laos_is_not_found_inside_lao_cai_in_english(browser, base_url):
    """English search stems "Laos" to "lao": the Habitat story that names
    only Lao Cai (a province) came second for "Laos"."""
    with english_search(browser, base_url, "Laos") as page:
        ranked = [r["slug"] for r in results(page)]
    assert ranked, "Laos finds its articles"
    assert "habitat-for-humanity-helps-lao-cai-families-rebuild-after-typhoon-yagi" not in ranked


def test_english_place_names_are_highlighted_as_english_articles_write_them(browser, base_url):
    with english_search(browser, base_url, "Quang Tri") as page:
        marks = page.locator(".search-result mark").all_text_contents()
    assert "Quang Tri" in " ".join(marks), marks


def test_an_english_search_address_filters_by_its_english_parameters(browser, base_url):
    """/en/search/?q=…&year=2025 shows only 2025's articles, and a filter
    chosen on the page goes into the address under its English name."""
    with english_search(browser, base_url, "friendship", year="2025") as page:
        shown = results(page)
        assert shown and all("2025" in r["dateline"] for r in shown), shown
        assert page.locator("select[name=year]").input_value() == "2025"  # the panel is open
        years = page.locator("select[name=year] option").evaluate_all(
            "os => os.map(o => o.value).filter(Boolean)"
        )
        assert len(years) > 1 and years == sorted(years, reverse=True)  # newest first
        page.locator("select[name=year]").select_option("")
        page.wait_for_function("!location.search.includes('year=')")
        assert "q=friendship" in page.url


# English sample articles (content/en/articles/…), by slug.
KOREAN_VOLUNTEERS = "korean-students-spend-summer-volunteering-in-binh-duong"
WORLD_VISION_EN = "world-vision-supports-hue-and-da-nang-residents-after-record-floods"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A plural: Pagefind's English index finds "scholarship"; the page
        # threw its answer away ("No articles found").
        ("scholarships", KOREAN_VOLUNTEERS),
        ("scholarship", KOREAN_VOLUNTEERS),
        # A place word after the name: no article need write "Hue Province".
        ("Hue Province", WORLD_VISION_EN),
        ("Hue", WORLD_VISION_EN),
        # The official spellings: "Viet Nam" (the UN's), "HCM City" (VNA's).
        ("HCM City", KOREAN_VOLUNTEERS),
        # A word of the same family that the page's own stemming cuts
        # otherwise than Pagefind's ("celebrat" / "celebration").
        ("celebrations", "cambodian-students-join-the-ok-om-bok-festival-in-soc-trang"),
        # A Vietnamese name filed on English articles keeps its "Việt Nam".
        ("Hội hữu nghị Việt Nam - Cuba", "vietnam-and-cuba-mark-60-years-of-diplomatic-relations"),
    ],
)
def test_english_queries_as_foreign_readers_write_them(browser, base_url, query, expected):
    with english_search(browser, base_url, query) as page:
        ranked = [r["slug"] for r in results(page)]
    assert expected in ranked, (query, ranked)


def test_a_word_after_a_place_name_is_a_word_not_a_place_word(tab, base_url):
    """ "tình nguyện" after a name keeps its "tình" (searched and marked):
    only "tỉnh X", "thành phố X", "TP X" (and "X Province") are place
    phrases; "tinh" was dropped as one wherever it stood."""
    open_search(tab, base_url, "Huế tình nguyện")
    shown = results(tab)
    assert shown and any("tình nguyện" in mark for r in shown for mark in r["marks"]), shown


def test_viet_nam_finds_what_vietnam_finds_in_english(browser, base_url):
    found = {}
    for query in ("Vietnam", "Viet Nam"):
        with english_search(browser, base_url, query) as page:
            found[query] = [r["slug"] for r in results(page)]
    assert found["Vietnam"] and found["Viet Nam"] == found["Vietnam"]


def test_an_english_result_marks_the_word_in_its_plural_and_its_hyphenated_forms(browser, base_url):
    """ "NGOs" marks "NGO", and "people" marks "people-to-people": the
    excerpts showed nothing marked, not why the article was found."""
    with english_search(browser, base_url, "NGOs") as page:
        marks = [m.lower() for m in page.locator(".search-result mark").all_text_contents()]
    assert "ngo" in marks, marks
    with english_search(browser, base_url, "people exchanges") as page:
        marks = [m.lower() for m in page.locator(".search-result mark").all_text_contents()]
    assert any("people-to-people" in mark for mark in marks), marks
    # A hyphenated query is searched as its words; "to" alone is not marked.
    with english_search(browser, base_url, "people-to-people") as page:
        marks = [m.lower() for m in page.locator(".search-result mark").all_text_contents()]
    assert "people-to-people" in marks and "to" not in marks, marks


def test_the_page_fits_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"{base_url}/tim-kiem/?q={quote('Thái Bình')}")
        page.wait_for_selector("[data-search][data-state=done]")
        page.locator(".search-filters summary").click()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        for field in page.locator(".search-filters select, #search-q").all():
            box = field.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
            assert box["height"] >= 40  # a finger-sized target
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_and_the_filter_panel_pass_axe(browser, base_url, scheme):
    from tests.browser_helpers import axe_violations

    # Desktop width: at phone width the header's search link (not part of
    # this page) shows its icon only and axe reports its missing name.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme=scheme)
    page = context.new_page()
    try:
        open_search(page, base_url, "Thái Bình", nam="2024")
        page.wait_for_selector("[data-search][data-filters=ready]")
        assert page.locator(".search-filters").evaluate("el => el.open")  # a filter is set
        assert axe_violations(page) == []
    finally:
        context.close()
