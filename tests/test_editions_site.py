"""The English edition in a real build of the sample content (content/).

Every hreflang pair of every page and of the sitemaps is reciprocal, every
page type exists under /en/, the language switcher leads to the other
version or the other home, and the English feeds, search index, news
sitemap and structured data speak English.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree, html

ROOT = Path(__file__).resolve().parents[1]
XHTML = "{http://www.w3.org/1999/xhtml}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from scripts.build import build

    tmp = tmp_path_factory.mktemp("editions")
    output = tmp / "out"
    build(
        ROOT / "tests" / "golden_settings.py",
        output,
        content=ROOT / "content",
        extra={
            "CACHE_PATH": str(tmp / "cache"),
            "BUILD_TIME": "2026-12-05 12:00",
            "SITEMAP": {"news_clock": "newest"},
        },
    )
    return output


def _pages(site: Path) -> dict[str, html.HtmlElement]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("admin/"):
            continue
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        pages[url] = html.fromstring(path.read_bytes())
    return pages


def _alternates(page: html.HtmlElement) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href").lstrip("/")
        for link in page.xpath("//head/link[@rel='alternate'][@hreflang]")
    }


def test_every_hreflang_pair_is_reciprocal(site):
    pages = _pages(site)
    pairs = 0
    for url, page in pages.items():
        versions = _alternates(page)
        if not versions:
            continue
        assert set(versions) == {"vi", "en", "x-default"}, url
        assert versions["x-default"] == versions["vi"], url
        assert url in (versions["vi"], versions["en"]), url
        for lang in ("vi", "en"):
            target = pages.get(versions[lang])
            assert target is not None, f"{url}: {lang} → {versions[lang]} does not exist"
            assert _alternates(target) == versions, f"{url} ↔ {versions[lang]}"
            assert target.get("lang") == lang
            pairs += 1
    # The ten translated samples at least, and the pages of both editions.
    assert pairs >= 2 * 10 + 2 * 5


def test_sitemaps_carry_the_same_alternates_as_the_pages(site):
    pages = _pages(site)
    seen = 0
    for sitemap in [*site.glob("sitemap-*.xml"), *site.glob("en/sitemap-*.xml")]:
        for url in etree.parse(str(sitemap)).getroot().iter(f"{SM}url"):
            loc = (
                url.findtext(f"{SM}loc").split("/", 3)[-1]
                if "://" in url.findtext(f"{SM}loc")
                else url.findtext(f"{SM}loc").lstrip("/")
            )
            links = {
                link.get("hreflang"): re.sub(r"^(https?://[^/]+)?/", "", link.get("href"))
                for link in url.findall(f"{XHTML}link")
            }
            assert links == _alternates(pages[loc]), loc
            seen += bool(links)
    assert seen >= 20
    robots = (site / "robots.txt").read_text()
    assert "/en/sitemap.xml" in robots and "/en/news-sitemap.xml" in robots


def test_every_page_type_exists_in_english(site):
    for rel in (
        "en/index.html",
        "en/section/friendship/index.html",
        "en/section/index.html",
        "en/province/hue/index.html",
        "en/country/japan/index.html",
        "en/organization/vufo/index.html",
        "en/topics/index.html",
        "en/archive/index.html",
        "en/search/index.html",
        "en/feeds/index.html",
        "en/404.html",
        "en/article/vietnam-and-cuba-mark-60-years-of-diplomatic-relations/index.html",
    ):
        page = html.fromstring((site / rel).read_bytes())
        assert page.get("lang") == "en", rel
        text = page.text_content()
        for vietnamese in ("Trang chủ", "Tìm kiếm", "Chuyên mục", "Bài viết", "Xem thêm"):
            assert vietnamese not in text, f"{rel}: {vietnamese}"


def test_switcher_leads_to_the_translation_or_the_other_home(site):
    vi = html.fromstring(
        (site / "bai-viet/ky-niem-60-nam-quan-he-ngoai-giao-viet-nam-cuba/index.html").read_bytes()
    )
    assert vi.xpath("//nav[contains(@class,'edition-switch')]//a/@href") == [
        "/en/article/vietnam-and-cuba-mark-60-years-of-diplomatic-relations/"
    ]
    alone = html.fromstring(
        (
            site / "en/article/savannakhet-friendship-delegation-visits-quang-tri/index.html"
        ).read_bytes()
    )
    assert alone.xpath("//nav[contains(@class,'edition-switch')]//a/@href") == ["/"]
    assert not _alternates(alone)
    # A province page without English articles (noindex, no alternate) still
    # switches to the province's Vietnamese page, not to the Vietnamese home.
    empty = html.fromstring((site / "en/province/vinh-long/index.html").read_bytes())
    assert "No articles yet" in empty.text_content()
    assert not _alternates(empty)
    assert empty.xpath("//nav[contains(@class,'edition-switch')]//a/@href") == ["/tinh/vinh-long/"]
    # The English edition's own links lead to its own pages.
    missing = html.fromstring((site / "en" / "404.html").read_bytes())
    assert missing.xpath("//main//a/@href")[:2] == ["/en/", "/en/search/"]
    assert alone.xpath("//a[@rel='home']/@href") == ["/en/"]


def _switch(site: Path, rel: str) -> list[str]:
    page = html.fromstring((site / rel / "index.html").read_bytes())
    return page.xpath("//nav[contains(@class,'edition-switch')]//a/@href")


def test_switcher_leads_from_a_page_the_other_edition_lacks_to_its_index_of_that_kind(site):
    """Chile, an author or a month with no English article: the English
    countries, authors or archives (the year's first), not the English home."""
    assert _switch(site, "quoc-gia/chile") == ["/en/topics/"]
    assert _switch(site, "tac-gia/quynh-anh") == ["/en/author/"]
    months = sorted(p.parent for p in (site / "luu-tru").glob("20*/*/index.html"))
    english = {
        p.parent.relative_to(site / "en/archive").as_posix()
        for p in (site / "en/archive").glob("20*/*/index.html")
    }
    years = {p.parent.name for p in (site / "en/archive").glob("20*/index.html")}
    seen = set()
    for month in months:
        year, number = month.parent.name, month.name
        if f"{year}/{number}" in english:
            expected = f"/en/archive/{year}/{number}/"
        elif year in years:
            expected = f"/en/archive/{year}/"
        else:
            expected = "/en/archive/"
        assert _switch(site, month.relative_to(site).as_posix()) == [expected], month
        seen.add(expected.count("/"))
    assert seen == {3, 4, 5}  # each of the three cases occurs
    # The other way: an English-only organization leads to the Vietnamese topics.
    habitat = next((site / "en/organization").glob("habitat*/index.html")).parent
    assert _switch(site, habitat.relative_to(site).as_posix()) == ["/chu-de/"]


def test_the_former_provinces_are_listed_in_alphabetical_order(site):
    from plugins.vietnamese import sort_key

    for rel in ("chu-de", "en/topics"):
        page = html.fromstring((site / rel / "index.html").read_bytes())
        names = [
            li.text_content().split("→")[0].strip()
            for li in page.xpath("//ul[@class='former-list']/li")
        ]
        assert len(names) == 30, rel
        assert names == sorted(names, key=sort_key), rel


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    """The sample site with three articles a page: lists run to page 2 and more."""
    from scripts.build import build

    tmp = tmp_path_factory.mktemp("paged")
    build(
        ROOT / "tests" / "golden_settings.py",
        tmp / "out",
        content=ROOT / "content",
        extra={
            "CACHE_PATH": str(tmp / "cache"),
            "BUILD_TIME": "2026-12-05 12:00",
            "DEFAULT_PAGINATION": 3,
        },
    )
    return tmp / "out"


def test_page_two_of_a_list_switches_where_its_first_page_does(paged):
    """Page 2 of Hà Nội's list leads to its English page, not the English
    home; so does every later page of every list, in both editions."""
    assert _switch(paged, "tinh/ha-noi/trang-2") == ["/en/province/ha-noi/"]
    later = sorted([*paged.glob("**/trang-*/index.html"), *paged.glob("en/**/page-*/index.html")])
    leading = set()
    for page in later:
        first = page.parent.parent.relative_to(paged).as_posix()
        target = _switch(paged, page.parent.relative_to(paged).as_posix())
        assert target == _switch(paged, first), page
        leading.add((page.parent.name.startswith("page-"), target[0] not in ("/", "/en/")))
    assert leading == {(False, True), (False, False), (True, True), (True, False)}


def test_english_feeds_are_valid_and_english(site):
    feeds = sorted(
        [*(site / "en" / "feeds").rglob("*.rss"), *(site / "en" / "feeds").rglob("*.atom")]
    )
    names = {path.relative_to(site).as_posix() for path in feeds}
    # English addresses: the whole site's, each section's, province's, country's …
    assert {"en/feeds/all.rss", "en/feeds/all.atom", "en/feeds/section/friendship.rss"} <= names
    assert any(name.startswith("en/feeds/province/") for name in names)
    assert any(name.startswith("en/feeds/country/") for name in names)
    assert len(feeds) >= 20
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.get("language", "en").startswith("en"), path
        if path.stem == "all":
            assert len(parsed.entries) == 12  # every English sample
        for entry in parsed.entries:
            assert "/en/article/" in entry.link, (path, entry.link)
    page = (site / "en" / "feeds" / "index.html").read_text(encoding="utf-8")
    assert "/en/feeds/all.rss" in page and "/feeds/tat-ca" not in page


def test_english_structured_data_and_open_graph(site):
    page = html.fromstring(
        (
            site / "en/article/vietnam-and-cuba-mark-60-years-of-diplomatic-relations/index.html"
        ).read_bytes()
    )
    assert page.xpath("//meta[@property='og:locale']/@content") == ["en_GB"]
    assert page.xpath("//meta[@property='og:locale:alternate']/@content") == ["vi_VN"]
    blocks = [json.loads(s) for s in page.xpath("//script[@type='application/ld+json']/text()")]
    languages = {
        item.get("inLanguage")
        for block in blocks
        for item in (block.get("@graph", [block]) if isinstance(block, dict) else block)
        if isinstance(item, dict) and "inLanguage" in item
    }
    assert languages == {"en"}


def test_feeds_carry_what_a_video_or_infographic_page_shows_above_its_body(site):
    """The page's video player and infographic are outside the body: the
    feed item said "bấm vào khung hình phía trên" with no video at all."""
    header = {}
    source = (
        ROOT / "content/articles/2025/video-65-nam-quan-he-viet-nam-cuba-qua-nhung-khuon-hinh.md"
    )
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    entries = {
        e.link.rstrip("/").rsplit("/", 1)[-1]: e
        for e in feedparser.parse((site / "feeds" / "tat-ca.rss").read_bytes()).entries
    }
    video = html.fromstring(entries[source.stem].content[0].value)
    assert header["Video_URL"] in video.xpath("//a/@href")
    assert "Xem video: 65 năm" in video.text_content()
    infographic = "infographic-vien-tro-phi-chinh-phu-nuoc-ngoai-nam-2025-qua-nhung-con-so"
    body = html.fromstring(entries[infographic].content[0].value)
    assert entries[infographic].link in body.xpath("//a/@href")
    # The link leads to the article's page, not to an image file: it says so.
    assert "Xem infographic" in body.text_content()
    others = [
        e.content[0].value for slug, e in entries.items() if slug not in (source.stem, infographic)
    ]
    assert others and not any("Xem video" in o or "Xem infographic" in o for o in others)


def test_keywords_with_as_many_articles_are_in_vietnamese_order(site):
    """/chu-de/ lists the most used keywords first; ties were in no order."""
    from plugins.vietnamese import sort_key

    page = html.fromstring((site / "chu-de" / "index.html").read_bytes())
    chips = page.xpath(
        "//section[.//h2[starts-with(normalize-space(), 'Từ khóa')]]//a[@class='chip']"
    )
    shown = [
        (int(chip.xpath("string(.//span[@class='count']/span[@aria-hidden])")), chip.text.strip())
        for chip in chips
    ]
    assert len(shown) > 20 and len({count for count, _ in shown}) < len(shown)
    assert shown == sorted(shown, key=lambda pair: (-pair[0], sort_key(pair[1])))


def test_a_page_names_another_locale_only_when_it_has_that_version(site):
    """og:locale:alternate says the page exists in another language: only
    the pages whose hreflang links name another edition carry it (every
    Vietnamese article without a translation said en_GB)."""
    locales = {"vi": "vi_VN", "en": "en_GB"}
    checked = with_alternate = 0
    for path in site.rglob("*.html"):
        page = html.fromstring(path.read_bytes())
        own = page.get("lang")
        if own not in locales or not page.xpath("//meta[@property='og:locale']"):
            continue
        others = {
            lang
            for lang in page.xpath("//head/link[@rel='alternate']/@hreflang")
            if lang in locales and lang != own
        }
        named = set(page.xpath("//meta[@property='og:locale:alternate']/@content"))
        assert named == {locales[lang] for lang in others}, path.relative_to(site)
        checked += 1
        with_alternate += bool(others)
    assert checked > 100 and 0 < with_alternate < checked


def test_english_articles_are_in_the_english_news_sitemap(site):
    root = etree.parse(str(site / "en" / "news-sitemap.xml")).getroot()
    locs = [loc.text for loc in root.iter(f"{SM}loc")]
    assert locs and all("/en/article/" in loc for loc in locs)
    languages = {
        e.text for e in root.iter("{http://www.google.com/schemas/sitemap-news/0.9}language")
    }
    assert languages == {"en"}


def test_a_separate_english_search_index(site):
    english = json.loads((site / "en" / "pagefind" / "pagefind-entry.json").read_text())
    main = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert set(english["languages"]) == {"en"}
    assert set(main["languages"]) == {"vi"}
    search = (site / "en" / "search" / "index.html").read_text()
    assert "/en/pagefind/" in search


def test_english_home_and_archive_pages_describe_themselves_in_english(site):
    home = html.fromstring((site / "en" / "index.html").read_bytes())
    blocks = [json.loads(s) for s in home.xpath("//script[@type='application/ld+json']/text()")]
    websites = [b for b in blocks if isinstance(b, dict) and b.get("@type") == "WebSite"]
    assert len(websites) == 1 and websites[0]["url"].endswith("/en/")
    assert websites[0]["inLanguage"] == "en"
    month = html.fromstring((site / "en" / "archive" / "2025" / "11" / "index.html").read_bytes())
    assert month.findtext(".//title").startswith("Archives: November 2025")


def test_the_check_predicts_the_english_keyword_and_author_pages_the_build_writes(site):
    """The record of published addresses comes from the check: an English
    keyword with an apostrophe ("people's diplomacy") is where Pelican
    writes it (en/tag/peoples-diplomacy/), not a page that never existed."""
    from plugins.content_check.check import check_tree
    from plugins.content_check.urls import scheme_from_settings
    from plugins.editions import run_settings
    from plugins.fixed_urls.scheme import portal_settings
    from plugins.reference import load_reference_data

    english = run_settings(portal_settings(), "en")
    report = check_tree(
        ROOT / "content",
        load_reference_data(ROOT / "data").localized("en"),
        scheme_from_settings(english),
        article_dirs=("en/articles",),
        page_dirs=("en/pages",),
        other_dirs=("articles", "pages"),
        main_edition=False,
        other_prefixes=(),
        now=None,
    )
    lists = [e.url for e in report.published if e.kind in ("keyword", "author")]
    assert "/en/tag/peoples-diplomacy/" in lists
    missing = [url for url in lists if not (site / url.strip("/") / "index.html").is_file()]
    assert missing == []


def test_netlify_serves_the_english_404_under_en(site):
    lines = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "/en/* /en/404.html 404"
    assert (site / "en" / "404.html").is_file()


def test_a_build_leaves_none_of_its_articles_alive(site):
    """Pelican memoises every article's HTML for the life of the process:
    scripts/build.py drops that after each run, so the English run's
    articles (and their context) are gone before the Vietnamese run."""
    import gc

    from pelican.contents import Content

    gc.collect()
    staging = str(site.parent / f".{site.name}-building-")  # this build's OUTPUT_PATH
    ours = [
        o
        for o in gc.get_objects()
        if isinstance(o, Content)
        and str((getattr(o, "settings", None) or {}).get("OUTPUT_PATH", "")).startswith(staging)
    ]
    assert ours == []


def _text(page: html.HtmlElement, path: str) -> str:
    return " ".join(page.xpath(f"string({path})").split())


def test_a_province_page_puts_the_kind_word_where_its_language_does(site):
    def heading(rel: str) -> str:
        return _text(html.fromstring((site / rel / "index.html").read_bytes()), "//h1")

    assert heading("en/province/hue") == "Hue City"
    assert heading("en/province/an-giang") == "An Giang Province"
    assert heading("en/province/ha-noi") == "Hanoi"  # the capital: no kind word
    assert heading("en/province/ho-chi-minh-city") == "Ho Chi Minh City"
    assert heading("tinh/hue") == "Thành phố Huế"
    assert heading("tinh/tp-ho-chi-minh") == "Thành phố Hồ Chí Minh"


def test_feed_names_say_a_province_once_in_either_language(site):
    english = feedparser.parse((site / "en/feeds/province/ho-chi-minh-city.rss").read_bytes())
    assert english.feed.title.endswith("– Ho Chi Minh City")
    assert "City Ho Chi Minh" not in english.feed.description
    hue = feedparser.parse((site / "en/feeds/province/hue.rss").read_bytes())
    assert hue.feed.title.endswith("– Hue City")
    main = feedparser.parse((site / "feeds/tinh/tp-ho-chi-minh.rss").read_bytes())
    assert main.feed.title.endswith("– Thành phố Hồ Chí Minh")
    assert "Thành phố Thành phố" not in main.feed.description


def test_the_english_site_feed_mirrors_the_english_home(site):
    for name in ("all.rss", "all.atom"):
        parsed = feedparser.parse((site / "en/feeds" / name).read_bytes())
        assert parsed.feed.link.endswith("/en/"), name
    main = feedparser.parse((site / "feeds/tat-ca.rss").read_bytes())
    assert not main.feed.link.endswith("/en/")
    opml = etree.parse(str(site / "en/feeds/opml.xml")).getroot()
    homes = [o.get("htmlUrl") for o in opml.iter("outline") if o.get("htmlUrl", "").endswith("/")]
    assert homes and homes[0].endswith("/en/")


def test_each_editions_404_page_is_kept_out_of_search_engines(site):
    for rel in ("404.html", "en/404.html"):
        page = html.fromstring((site / rel).read_bytes())
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"], rel


def test_an_english_collection_page_is_part_of_the_english_website(site):
    def website(rel: str) -> str:
        page = html.fromstring((site / rel / "index.html").read_bytes())
        blocks = [json.loads(s) for s in page.xpath("//script[@type='application/ld+json']/text()")]
        return next(b["isPartOf"]["url"] for b in blocks if b.get("@type") == "CollectionPage")

    assert website("en/province/hue").endswith("/en/")
    assert not website("tinh/hue").endswith("/en/")


def test_the_search_form_submits_to_its_own_search_page(site):
    for rel, url in (("en/search", "/en/search/"), ("tim-kiem", "/tim-kiem/")):
        page = html.fromstring((site / rel / "index.html").read_bytes())
        assert [a.rstrip() for a in page.xpath("//form[@role='search']/@action")][0].endswith(url)
    english = _text(html.fromstring((site / "en/search/index.html").read_bytes()), "//main")
    assert "doi ngoai nhan dan" not in english  # a Vietnamese query, useless in English


def test_each_search_page_names_its_filter_parameters_in_its_own_language(site):
    """A shared English search address reads /en/search/?q=…&province=…;
    the Vietnamese one keeps ?tinh=… (search.js takes the names from the form)."""
    for rel, names, labels in (
        ("en/search", ["section", "province", "year"], ["Section", "Province", "Year"]),
        ("tim-kiem", ["chuyen-muc", "tinh", "nam"], ["Chuyên mục", "Tỉnh, thành phố", "Năm"]),
    ):
        page = html.fromstring((site / rel / "index.html").read_bytes())
        assert page.xpath("//form[@role='search']//select/@name") == names
        shown = [" ".join(t.split()) for t in page.xpath("//form[@role='search']//label/text()")]
        assert shown[-3:] == labels


def test_the_english_former_provinces_are_redirected_by_the_server(site):
    redirects = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/en/province/binh-duong /en/province/ho-chi-minh-city/ 301" in redirects
    assert "/tinh/binh-duong /tinh/tp-ho-chi-minh/ 301" in redirects
    nginx = (site / "nginx-redirects.map").read_text(encoding="utf-8")
    assert '"/en/province/binh-duong/" "' in nginx


def test_an_english_feed_says_the_before_a_country_that_takes_it(site):
    korea = feedparser.parse((site / "en/feeds/country/republic-of-korea.rss").read_bytes())
    assert korea.feed.description.endswith("cooperation with the Republic of Korea.")
    japan = feedparser.parse((site / "en/feeds/country/japan.rss").read_bytes())
    assert japan.feed.description.endswith("cooperation with Japan.")


def test_every_visible_breadcrumb_trail_is_in_the_structured_data(site):
    """Search engines get the trail a reader sees, in both editions: the
    names and links of each indexed page's breadcrumbs, in order, the last
    one (this page, shown without a link) at the address of its first page."""
    checked = []
    for path in sorted(site.rglob("*.html")):
        root = html.fromstring(path.read_bytes())
        trail = root.xpath("//nav[contains(@class, 'breadcrumbs')]//li")
        if not trail or root.xpath("//meta[@name='robots' and contains(@content, 'noindex')]"):
            continue
        where = str(path.relative_to(site))
        visible = [
            (" ".join(li.text_content().split()), (li.xpath(".//a/@href") or [None])[0])
            for li in trail
        ]
        blocks = [json.loads(s) for s in root.xpath('//script[@type="application/ld+json"]/text()')]
        lists = [b for b in blocks if b["@type"] == "BreadcrumbList"]
        assert len(lists) == 1, f"{where}: no BreadcrumbList for {visible}"
        items = [(i["name"], i["item"]) for i in lists[0]["itemListElement"]]
        own = urlsplit(root.xpath('//link[@rel="canonical"]/@href')[0]).path
        paths = [urlsplit(item).path for _, item in items]
        if len(items) == len(visible) + 1:  # an article's trail shows its sections only
            assert paths.pop() == own, where
            items.pop()
        assert [name for name, _ in items] == [name for name, _ in visible], where
        first_page = re.sub(r"(page|trang)-\d+/$", "", own)  # a list's later page
        assert paths == [urlsplit(link).path if link else first_page for _, link in visible], where
        checked.append(where)
    for kind in ("luu-tru/2025/11/", "en/archive/2025/", "bai-viet/", "tinh/", "en/article/"):
        assert any(p.startswith(kind) for p in checked), kind


def test_a_breadcrumb_names_the_page_it_leads_to_as_that_page_names_itself(site):
    """/en/tag/x/ read "Home › Keyword › x" while /en/tag/ calls itself
    "Keywords": each linked crumb is the last crumb of the page it links to."""
    checked = 0
    for path in sorted(site.rglob("*.html")):
        root = html.fromstring(path.read_bytes())
        for link in root.xpath("//nav[contains(@class, 'breadcrumbs')]//li/a")[1:]:
            target = site / link.get("href").lstrip("/") / "index.html"
            own = html.fromstring(target.read_bytes()).xpath(
                "//nav[contains(@class, 'breadcrumbs')]//li[last()]"
            )
            shown = " ".join(link.text_content().split())
            assert own and " ".join(own[0].text_content().split()) == shown, (path, shown)
            checked += 1
    assert checked > 50


def test_every_section_page_offers_its_own_feed_as_topic_pages_do(site):
    """Subsection and topic pages said "Theo dõi … qua RSS"; section pages
    did not, though their feed exists."""
    pages = sorted(site.glob("chuyen-muc/*/index.html")) + sorted(
        site.glob("en/section/*/index.html")
    )
    assert len(pages) >= 10
    for path in pages:
        page = html.fromstring(path.read_bytes())
        name = " ".join(page.xpath("string(//h1)").split())
        (link,) = page.xpath("//p[@class='feed-link']/a")
        assert name in link.text_content(), path
        assert (site / link.get("href").lstrip("/")).is_file(), link.get("href")


def test_vietnamese_names_say_their_language_wherever_an_english_page_shows_them(site):
    """An author's heading, the authors index and a Vietnamese source credit
    were read with English rules on <html lang="en"> pages (bylines were not)."""
    from plugins.vietnamese import is_vietnamese_name

    def unmarked(elements) -> list[str]:
        found = []
        for element in elements:
            text = " ".join(element.text_content().split())
            if is_vietnamese_name(text) and not element.xpath(".//span[@lang='vi']"):
                found.append(text)
        return found

    headings, sources = [], []
    for page in sorted((site / "en/author").glob("*/index.html")):
        headings += html.fromstring(page.read_bytes()).xpath("//h1")
    index = html.fromstring((site / "en/author/index.html").read_bytes())
    chips = index.xpath("//a[@class='chip']")
    for page in sorted((site / "en/article").glob("*/index.html")):
        sources += html.fromstring(page.read_bytes()).xpath("//p[@class='source']")
    vietnamese = [e for e in headings + chips + sources if is_vietnamese_name(e.text_content())]
    assert len(vietnamese) >= 3  # the sample site has such names in each place
    assert unmarked(headings) == [] and unmarked(chips) == [] and unmarked(sources) == []


@pytest.mark.parametrize(
    ("folder", "prefix"), [("luu-tru", "/luu-tru/"), ("en/archive", "/en/archive/")]
)
def test_an_archive_page_leads_to_its_months_and_the_periods_beside_it(site, folder, prefix):
    """A year or month page linked only to the archives index: a reader went
    back there for every step. The oracle is the folders the build wrote."""
    root = site / folder
    years = sorted(p.name for p in root.iterdir() if p.name.isdigit())
    months = sorted(
        f"{y}/{m.name}" for y in years for m in (root / y).iterdir() if m.name.isdigit()
    )
    assert len(years) > 2 and len(months) > 3

    def nav(page: str) -> tuple[list[str], list[str]]:
        doc = html.fromstring((root / page / "index.html").read_bytes())
        (found,) = doc.xpath("//nav[@class='archive-nav']")
        chips = [a.get("href") for a in found.xpath(".//ul//a")]
        steps = [a.get("href") for a in found.xpath(".//p[@class='archive-steps']/a")]
        return chips, steps

    for periods in (years, months):
        for index, period in enumerate(periods):
            chips, steps = nav(period)
            if periods is years:
                assert chips == [f"{prefix}{m}/" for m in months if m.startswith(f"{period}/")]
            else:
                assert chips == []
            beside = [periods[i] for i in (index - 1, index + 1) if 0 <= i < len(periods)]
            assert steps == [f"{prefix}{p}/" for p in beside], period


def test_a_section_block_on_the_home_page_leads_with_its_newest_story(site):
    """The block's card was its newest story with a picture: a 2018 story
    stood above the block's 2025 headlines."""

    def published(href: str) -> str:
        page = (site / href.strip("/") / "index.html").read_text(encoding="utf-8")
        return re.search(r'property="article:published_time" content="([^"]+)"', page).group(1)

    home = html.fromstring((site / "index.html").read_bytes())
    blocks = home.xpath("//section[contains(@class, 'section-block')]")
    assert len(blocks) >= 5
    for block in blocks:
        card = block.xpath(".//article[contains(@class, 'card')]//h3//a/@href")[0]
        others = block.xpath(".//div[@class='section-block-more']//a/@href")
        assert all(published(card) >= published(other) for other in others), card


def test_latest_news_beside_an_article_is_among_the_editions_newest(site):
    """ "Latest news" beside an article lists only stories among its edition's
    ten newest: a small edition showed one 2018 story left over as "latest"."""
    from plugins.content_model.model import parse_datetime, read_header

    for edition, folder, prefix in (
        ("vi", "articles", "bai-viet"),
        ("en", "en/articles", "en/article"),
    ):
        headers = []
        for path in sorted((ROOT / "content" / folder).rglob("*.md")):
            header, _ = read_header(path.read_text(encoding="utf-8"))
            values = {line.key: line.value for line in header.lines}
            if values.get("status", "published") == "published" and values.get("slug"):
                headers.append((parse_datetime(values["date"]), values["slug"]))
        # Published at the build's clock (the fixture's BUILD_TIME), newest first.
        published = sorted(
            (date, slug) for date, slug in headers if date.isoformat() < "2026-12-05T12:00"
        )[::-1]
        newest = {f"/{prefix}/{slug}/" for _, slug in published[:10]}
        shown = 0
        for page in sorted((site / prefix).glob("*/index.html")):
            doc = html.fromstring(page.read_bytes())
            links = doc.xpath("//section[.//h2[@id='tin-moi-nhat']]//a/@href")
            assert set(links) <= newest, (edition, page, set(links) - newest)
            shown += bool(links)
        assert shown, edition
