"""Language editions as data (plugins/editions): settings, translations, alternates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from plugins.editions import edition_settings, main_settings, scan_headers, translation_problems
from plugins.editions.alternates import alternates, edition_pages
from plugins.editions.dates import english_date, english_dateline, english_month_name
from plugins.fixed_urls.scheme import portal_settings
from plugins.sitemap.model import SitemapUrl, render_urlset
from plugins.vietnamese import VIETNAM_TZ

ROOT = Path(__file__).resolve().parents[1]


def _write(folder: Path, rel: str, header: str) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header.strip() + "\n\nBody.\n", encoding="utf-8")


def test_english_settings_override_the_main_ones_and_give_them_back():
    settings = portal_settings()
    english = edition_settings(settings, "en")
    assert english["DEFAULT_LANG"] == "en" and english["EDITION"] == "en"
    assert english["ARTICLE_URL"].startswith("en/") and english["INDEX_SAVE_AS"] == "en/index.html"
    # A dict setting is merged over the main one, not replaced.
    assert english["SEARCH"]["bundle_dir"] == "en/pagefind"
    back = main_settings(english)
    for key in ("ARTICLE_URL", "SITENAME", "DEFAULT_LANG", "FEEDS", "JINJA_FILTERS"):
        assert back.get(key) == settings.get(key), key
    assert "404_SAVE_AS" not in back or back["404_SAVE_AS"] == settings.get("404_SAVE_AS")
    with pytest.raises(ValueError, match="fr"):
        edition_settings(settings, "fr")


def test_translation_problems_name_file_line_and_what_is_wrong(tmp_path):
    _write(tmp_path, "articles/2025/a.md", "Title: A\nSlug: a\nTranslation_Key: a")
    _write(tmp_path, "articles/2025/b.md", "Title: B\nSlug: b\nTranslation_Key: lonely")
    _write(tmp_path, "en/articles/2025/a1.md", "Title: A\nSlug: a1\nLang: en\nTranslation_Key: a")
    _write(tmp_path, "en/articles/2025/a2.md", "Title: A\nSlug: a2\nLang: en\nTranslation_Key: a")
    _write(tmp_path, "en/articles/2025/c.md", "Title: C\nSlug: c\nLang: vi")
    entries = scan_headers(tmp_path, ["articles"], "vi") + scan_headers(
        tmp_path, ["en/articles"], "en"
    )
    found = {
        (path, line, code) for path, line, code, _ in translation_problems(entries, ["vi", "en"])
    }
    assert found == {
        ("articles/2025/b.md", 3, "translation-alone"),
        ("en/articles/2025/a2.md", 4, "translation-twice"),
        ("en/articles/2025/c.md", 3, "lang-folder"),
    }


def test_page_translations_are_checked_apart_from_the_articles(tmp_path):
    # A page's key was never checked: one with no partner was accepted, and
    # "Giới thiệu" and "About us" had no link to each other.
    _write(
        tmp_path, "pages/gioi-thieu.md", "Title: Giới thiệu\nSlug: gioi-thieu\nTranslation_Key: g"
    )
    _write(tmp_path, "en/pages/about.md", "Title: About\nSlug: about\nLang: en\nTranslation_Key: g")
    _write(tmp_path, "en/pages/us.md", "Title: Us\nSlug: us\nLang: en\nTranslation_Key: g")
    _write(tmp_path, "en/pages/contact.md", "Title: Contact\nSlug: contact\nTranslation_Key: lh")
    # An article under the same key is no partner of a page.
    _write(tmp_path, "articles/2025/lh.md", "Title: L\nSlug: lh\nTranslation_Key: lh")
    pages = scan_headers(tmp_path, ["pages"], "vi") + scan_headers(tmp_path, ["en/pages"], "en")
    found = {
        (path, line, code)
        for path, line, code, _ in translation_problems(pages, ["vi", "en"], "pages")
    }
    assert found == {
        ("en/pages/us.md", 4, "translation-twice"),
        ("en/pages/contact.md", 3, "translation-alone"),
    }
    message = next(m for *_, m in translation_problems(pages, ["vi", "en"], "pages") if "lh" in m)
    assert "không có trang ngôn ngữ khác" in message


def test_translated_pages_are_each_others_alternates(tmp_path, reference):
    _write(tmp_path, "pages/gioi-thieu.md", "Slug: gioi-thieu\nTranslation_Key: g")
    _write(tmp_path, "pages/lien-he.md", "Slug: lien-he")
    _write(tmp_path, "en/pages/about.md", "Slug: about\nLang: en\nTranslation_Key: g")
    _write(tmp_path, "en/pages/contact.md", "Slug: contact\nLang: en")
    _write(tmp_path, "en/pages/hidden.md", "Slug: hidden\nLang: en\nStatus: hidden")
    settings = portal_settings()
    pages = {}
    for lang in ("vi", "en"):
        chosen = edition_settings(settings, lang)
        pages[lang] = edition_pages(
            chosen,
            reference.localized(lang),
            [],
            None,
            scan_headers(tmp_path, chosen["PAGE_PATHS"], lang),
        )
    found = alternates(pages)
    assert found["gioi-thieu/"] == {"vi": "gioi-thieu/", "en": "en/about/"}
    assert found["en/about/"] is found["gioi-thieu/"]
    assert "lien-he/" not in found and "en/contact/" not in found  # no key: no alternate
    assert "en/hidden/" not in found


def test_alternates_join_pages_present_in_both_editions_only(tmp_path, reference):
    _write(
        tmp_path,
        "articles/2025/a.md",
        "Slug: a\nTranslation_Key: k\nCategory: Hữu nghị\nCountries: Nhật Bản\n"
        "Provinces: Thừa Thiên Huế, Lào Cai\nDate: 2025-01-01 08:00",
    )
    _write(
        tmp_path,
        "en/articles/2025/b.md",
        "Slug: b\nLang: en\nTranslation_Key: k\nCategory: Friendship\nProvinces: Hue\n"
        "Date: 2025-01-01 08:00",
    )
    _write(
        tmp_path,
        "articles/2025/later.md",
        "Slug: later\nTranslation_Key: z\nDate: 2030-01-01 08:00",
    )
    _write(tmp_path, "en/articles/2025/z.md", "Slug: z\nTranslation_Key: z\nDate: 2025-01-01 08:00")
    settings = portal_settings()
    now = datetime(2026, 1, 1, tzinfo=VIETNAM_TZ)
    pages = {
        lang: edition_pages(
            edition_settings(settings, lang),
            reference.localized(lang),
            scan_headers(tmp_path, edition_settings(settings, lang)["ARTICLE_PATHS"], lang),
            now,
        )
        for lang in ("vi", "en")
    }
    found = alternates(pages)
    assert found["bai-viet/a/"] == {"vi": "bai-viet/a/", "en": "en/article/b/"}
    assert found["en/article/b/"] is found["bai-viet/a/"]
    assert found[""] == {"vi": "", "en": "en/"}
    assert found["chuyen-muc/huu-nghi/"]["en"] == "en/section/friendship/"
    assert found["tinh/hue/"]["en"] == "en/province/hue/"  # Thừa Thiên Huế: now Huế
    # A province page with no article is noindex: never named as an alternate.
    assert "tinh/lao-cai/" not in found and "tinh/ha-noi/" not in found
    # Japan has a Vietnamese article only; the scheduled article is not out yet.
    assert "quoc-gia/nhat-ban/" not in found
    assert "en/article/z/" not in found
    # Reciprocity: each version's entry lists the same versions.
    for versions in found.values():
        for url in versions.values():
            assert found[url] == versions


def test_a_translation_names_its_original_by_slug_alone(tmp_path, reference):
    """The web editor saves a translation and its original in two pull
    requests: an English article keyed with the Vietnamese one's slug pairs
    with it although the original has no Translation_Key yet; each pull
    request's check passed nothing until both were merged."""
    from plugins.editions import edition_facts, edition_problems

    _write(
        tmp_path,
        "articles/2025/goc.md",
        "Title: Gốc\nSlug: goc\nCategory: Hữu nghị\nSummary: S.\nDate: 2025-01-01 08:00",
    )
    _write(
        tmp_path,
        "articles/2025/khac.md",
        "Title: Khác\nSlug: khac\nTranslation_Key: rieng\nCategory: Hữu nghị\nDate: 2025-01-02 08:00",
    )
    _write(
        tmp_path,
        "en/articles/2025/original.md",
        "Title: Original\nSlug: original\nLang: en\nTranslation_Key: goc\nCategory: Friendship\n"
        "Date: 2025-01-01 08:00",
    )
    # A slug another article writes as its key implies nothing: "rieng" is khac's.
    _write(
        tmp_path,
        "articles/2025/rieng.md",
        "Title: Riêng\nSlug: rieng\nCategory: Hữu nghị\nDate: 2025-01-03 08:00",
    )
    _write(
        tmp_path,
        "en/articles/2025/other.md",
        "Title: Other\nSlug: other\nLang: en\nTranslation_Key: rieng\nCategory: Friendship\n"
        "Date: 2025-01-02 08:00",
    )
    settings = {**portal_settings(), "PATH": str(tmp_path), "BUILD_TIME": "2026-01-01 08:00"}
    codes = {(path, code) for path, _, code, _ in edition_problems(settings)}
    assert not any(code.startswith("translation") for _, code in codes), codes
    found = edition_facts(settings)["EDITION_ALTERNATES"]
    assert found["bai-viet/goc/"] == {"vi": "bai-viet/goc/", "en": "en/article/original/"}
    assert found["bai-viet/khac/"] == {"vi": "bai-viet/khac/", "en": "en/article/other/"}
    assert "bai-viet/rieng/" not in found
    # Without its original, the English article's key is still alone.
    (tmp_path / "articles/2025/goc.md").unlink()
    codes = {(path, code) for path, _, code, _ in edition_problems(settings)}
    assert ("en/articles/2025/original.md", "translation-alone") in codes


def test_english_dates():
    moment = datetime(2025, 10, 16, 10, 30, tzinfo=VIETNAM_TZ)
    assert english_dateline(moment) == "Thursday, 16 October 2025, 10:30 GMT+7"
    assert english_date(moment) == "16 Oct 2025"
    assert english_month_name(10, 2025) == "October 2025"


def test_every_short_english_month_has_three_letters():
    # en_GB wrote "8 Sept 2025" beside "6 Nov 2025" on the same page.
    shown = [
        english_date(datetime(2025, month, 8, 10, tzinfo=VIETNAM_TZ)).split(" ")[1]
        for month in range(1, 13)
    ]
    long_names = [english_month_name(month) for month in range(1, 13)]
    assert shown == [name[:3] for name in long_names]


def test_sitemap_writes_hreflang_links():
    data = render_urlset(
        [
            SitemapUrl(
                "https://x.org/bai-viet/a/",
                None,
                (
                    ("vi", "https://x.org/bai-viet/a/"),
                    ("en", "https://x.org/en/article/b/"),
                    ("x-default", "https://x.org/bai-viet/a/"),
                ),
            )
        ]
    )
    root = etree.fromstring(data)
    links = root.findall(".//{http://www.w3.org/1999/xhtml}link")
    assert [(link.get("hreflang"), link.get("href")) for link in links] == [
        ("vi", "https://x.org/bai-viet/a/"),
        ("en", "https://x.org/en/article/b/"),
        ("x-default", "https://x.org/bai-viet/a/"),
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_section_pages_are_where_the_reference_data_says(lang, reference):
    """Pelican names a section's page after its category's slug; the menu,
    the alternates and the feeds use the reference data's: they must agree."""
    from pelican.settings import read_settings
    from pelican.urlwrappers import Category

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    for section in reference.localized(lang).sections:
        assert Category(section.name, settings).slug == section.slug, section.name


def test_scaffold_writes_an_english_translation_and_keys_the_original(tmp_path, reference):
    from plugins.scaffold.command import scaffold

    original = tmp_path / "articles" / "2025" / "goc.md"
    original.parent.mkdir(parents=True)
    original.write_text("Title: Gốc\nSlug: goc\nCategory: Hữu nghị\n\nThân bài.\n", "utf-8")
    created = scaffold(
        "Friendship visit",
        "Friendship",
        "Hanoi",
        content_dir=tmp_path,
        reference=reference,
        now=lambda: datetime(2025, 5, 1, 9, 0, tzinfo=VIETNAM_TZ),
        lang="en",
        translation_of="goc",
    )
    assert created.path == tmp_path / "en" / "articles" / "2025" / "friendship-visit.md"
    text = created.path.read_text("utf-8")
    assert "\nLang: en\n" in text and "\nTranslation_Key: goc\n" in text
    assert "Category: Friendship\n" in text
    assert original.read_text("utf-8").startswith("Title: Gốc\nSlug: goc\nTranslation_Key: goc\n")


def test_an_english_photo_credit_keeps_its_word():
    from plugins.images.markup import figcaption, split_caption

    caption = split_caption("Students at the school (Photo: Phuong Linh)")
    assert (caption.text, caption.credit, caption.prefix) == (
        "Students at the school",
        "Phuong Linh",
        "Photo",
    )
    assert figcaption(caption)[0].text == "(Photo: Phuong Linh)"
    assert split_caption("Học sinh (ảnh: Minh)").prefix == "Ảnh"


def test_english_feeds_have_english_addresses():
    from plugins.feeds.adapter import feed_options
    from plugins.feeds.model import FEED_KINDS_BY_NAME, feed_path

    english = feed_options(edition_settings(portal_settings(), "en"))
    province = FEED_KINDS_BY_NAME["province"]
    assert feed_path("en/feeds", province, "hue", "rss", english["folders"]) == (
        "en/feeds/province/hue.rss"
    )
    assert feed_path("feeds", province, "hue", "rss") == "feeds/tinh/hue.rss"
    with pytest.raises(ValueError, match="FEEDS\\['folders'\\]"):
        feed_options({"FEEDS": {"folders": {"planet": "x"}}})


@pytest.mark.parametrize(
    "text",
    [
        "Title: A\nSlug: a\nTranslation_Key: k\n\nBody: not a header\n",
        "Title: A\r\nSlug: a\r\nTranslation_Key: k\r\n\r\nBody: not a header\r\n",
        "Title: A\nSlug: a\n  continued\nTranslation_Key: k\n",  # no body at all
        "Title: A\n   \nSlug: b\n\nBody: x\n",  # a blank line of spaces ends it first
        "\ufeffTitle: Ă\nSlug: a\n\n\n\nBody: x\n",
    ],
)
def test_the_scan_reads_the_header_read_header_reads(tmp_path, text):
    """scan_headers decodes only up to the first empty line: the same
    fields as read_header over the whole file (the oracle)."""
    from plugins.content_model.model import read_header

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_bytes(text.encode("utf-8"))
    [entry] = scan_headers(tmp_path, ["articles"], "vi")
    lines = read_header(text.lstrip("\ufeff"))[0].lines
    assert entry.fields == {line.key: line.value for line in reversed(lines)}
    assert entry.lines == {line.key: line.line for line in reversed(lines)}


@pytest.mark.parametrize(
    ("lang", "caption", "credit", "graphic", "expected"),
    [
        (
            "vi",
            "Đoàn đại biểu chụp ảnh lưu niệm.",
            "Minh Anh",
            False,
            'Đoàn đại biểu chụp ảnh lưu niệm <span class="credit">(Ảnh: Minh Anh)</span>',
        ),
        ("vi", "Bản đồ 34 tỉnh, thành phố.", "Hà Vy", True, "(Đồ họa: Hà Vy)"),
        (
            "en",
            "The delegation.",
            "Minh Anh",
            False,
            'The delegation <span class="credit">(Photo: Minh Anh)',
        ),
        ("en", "", "Ha Vy", True, '<span class="credit">Graphic: Ha Vy</span>'),
        ("vi", "Chờ đợi...", "Minh Anh", False, "Chờ đợi... <span"),  # an ellipsis stays
        ("vi", "Không ghi công.", "", False, "Không ghi công."),
    ],
)
def test_a_caption_reads_as_body_captions_do(lang, caption, credit, graphic, expected):
    """Lead and video captions as plugins/images/markup.py writes body ones:
    "Chú thích (Ảnh: Tên)", no full stop before the brackets; a graphic is
    credited "Đồ họa"."""
    from jinja2 import Environment, FileSystemLoader

    from plugins.i18n.catalog import load

    env = Environment(
        loader=FileSystemLoader(ROOT / "theme" / "templates"), extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_translations(load(lang), newstyle=True)
    module = env.get_template("partials/figure.html").make_module({"SITEURL": ""})
    assert expected in str(module.credited(caption, credit, graphic))
