"""Pelican settings for the portal (development build).

The whole URL scheme is defined in one block below; `publishconf.py` imports
this file and overrides only what production needs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # so `plugins.<name>` imports work under `pelican`
    sys.path.insert(0, str(ROOT))

from plugins.vietnamese import (  # noqa: E402
    collate,
    format_date,
    format_dateline,
    month_name,
    sort_key,
)

SITENAME = "Đối ngoại Nhân dân"
SITESUBTITLE = "Tin tức đối ngoại nhân dân, hữu nghị và hợp tác từ các tỉnh, thành"
SITEURL = ""
AUTHOR = "Ban Biên tập"
# One publisher name everywhere (news sitemap, JSON-LD publisher, og:site_name,
# feeds): SITENAME. Setting PUBLISHER_NAME would change all of them at once
# (plugins/seo/site.py publication_name).

# The legal notice in the footer of every page (theme/templates/partials/footer.html),
# as Vietnamese news sites must show it. SAMPLE VALUES: every one of them is
# fictional and MUST be replaced by the real ones before the site goes live.
# Keys (all optional; a missing or empty one is left out of the footer; an
# unknown key or a value that is not text stops `make check` / `make html`):
# governing_body (cơ quan chủ quản), licence (giấy phép: số, ngày cấp, nơi cấp),
# responsible (người chịu trách nhiệm nội dung), address, phone, email.
PUBLISHER = {
    "governing_body": "Cơ quan Chủ quản Mẫu",
    "licence": "Giấy phép số 000/GP-BTTTT (mẫu) do Bộ Thông tin và Truyền thông cấp ngày 01/01/2025",
    "responsible": "Nguyễn Văn Mẫu",
    "address": "Số 1 phố Mẫu, phường Mẫu, Hà Nội (địa chỉ mẫu)",
    "phone": "(024) 0000 0000",
    "email": "toasoan@example.org",
}

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Originals in content/images/ are NOT copied: they may carry EXIF/GPS.
# plugins.images publishes metadata-free derivatives of the images in use.
STATIC_PATHS: list[str] = []
THEME = "theme"
OUTPUT_PATH = "output"
PORTAL_DATA_DIR = str(ROOT / "data")

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
LOCALE = ("C.UTF-8",)
DEFAULT_DATE_FORMAT = "%d/%m/%Y %H:%M"
DEFAULT_METADATA = {"status": "published"}

# Reading: editors write Markdown with a metadata header.
READERS = {"html": None, "rst": None}  # Markdown only
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # Python-Markdown's smarty, skipping text it cannot change (plugins.markdown_reader)
        "plugins.markdown_reader.smarty": {"smart_angled_quotes": False},
        # ![alt](src "caption (Ảnh: Name)") → <figure> + <figcaption> (plugins.images)
        "plugins.images.markup": {},
        # each table in a scrolling region that Tab reaches, named "Bảng"
        "plugins.markdown_reader.tables": {"label": "Bảng"},
    },
    "output_format": "html5",
}
SLUGIFY_SOURCE = "title"
SUMMARY_MAX_LENGTH = None

# --- URL scheme: directory style everywhere, so no two pages collide -------
# The one definition of every address: the plugins read these settings
# (plugins/fixed_urls/scheme.py url_for / save_as_for) and write none again;
# a pattern missing here stops the build with the setting's name. Each
# SAVE_AS is its URL + "index.html" (_folder): the content check finds
# collisions by URL.


def _folder(url: str) -> tuple[str, str]:
    """A page's URL and the file it is saved as: the folder's index.html."""
    return url, url + "index.html"


ARTICLE_URL, ARTICLE_SAVE_AS = _folder("bai-viet/{slug}/")
DRAFT_URL = "ban-nhap/{slug}/"
DRAFT_SAVE_AS = ""  # drafts are never written
PAGE_URL, PAGE_SAVE_AS = _folder("{slug}/")
DRAFT_PAGE_SAVE_AS = ""
CATEGORY_URL, CATEGORY_SAVE_AS = _folder("chuyen-muc/{slug}/")
# A subsection's page (plugins.topics) sits under its section's: {section} is the section's slug.
SUBSECTION_URL, SUBSECTION_SAVE_AS = _folder("chuyen-muc/{section}/{slug}/")
TAG_URL, TAG_SAVE_AS = _folder("tu-khoa/{slug}/")
AUTHOR_URL, AUTHOR_SAVE_AS = _folder("tac-gia/{slug}/")
YEAR_ARCHIVE_URL, YEAR_ARCHIVE_SAVE_AS = _folder("luu-tru/{date:%Y}/")
MONTH_ARCHIVE_URL, MONTH_ARCHIVE_SAVE_AS = _folder("luu-tru/{date:%Y}/{date:%m}/")
DAY_ARCHIVE_SAVE_AS = ""
ARCHIVES_URL, ARCHIVES_SAVE_AS = _folder("luu-tru/")
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAGS_SAVE_AS = "tu-khoa/index.html"
AUTHORS_SAVE_AS = "tac-gia/index.html"
INDEX_SAVE_AS = "index.html"
# Topic pages (plugins/topics): province (a former province's old address,
# a redirect page, is a PROVINCE_URL too), partner country, organization,
# and the index of all topics.
PROVINCE_URL, PROVINCE_SAVE_AS = _folder("tinh/{slug}/")
COUNTRY_URL, COUNTRY_SAVE_AS = _folder("quoc-gia/{slug}/")
ORGANIZATION_URL, ORGANIZATION_SAVE_AS = _folder("to-chuc/{slug}/")
TOPICS_INDEX_URL, TOPICS_INDEX_SAVE_AS = _folder("chu-de/")
SEARCH_URL, SEARCH_SAVE_AS = _folder("tim-kiem/")  # plugins/search
# plugins/statistics; its CSV files sit beside the page
STATISTICS_URL, STATISTICS_SAVE_AS = _folder("thong-ke/")
# Feeds live under FEEDS["directory"] (plugins/feeds, default "feeds").
# The 404 page keeps Pelican's name, 404.html: a direct template's file is
# <NAME>_SAVE_AS, and 404_SAVE_AS is not a Python name.
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "authors", "404"]
TEMPLATE_PAGES: dict[str, str] = {}

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {
    # The front page shows its first page's 13 articles (the lead, four top
    # stories, eight in Tin mới: theme/templates/index.html), so /trang-2/
    # goes on with the 14th: no article falls between the two.
    "index": 13,
    "tag": None,
    "category": None,
    "author": None,
    "period_archives": None,
    "topic": None,
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
)

# Pelican's own feeds are off: plugins/feeds writes them with feedgen.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

RELATIVE_URLS = False
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Content hashes, not mtimes: a fresh CI clone (new mtimes) still hits the restored cache.
CHECK_MODIFIED_METHOD = "sha1"
CACHE_PATH = ".cache/pelican"
# Pelican rewrites its content cache on every build; gzip at level 9 took
# 2.8 s of each build at 10,000 articles (66 MB raw, written in 0.14 s).
GZIP_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

# --- Plugins: one concern each, in the order they must run -----------------
PLUGIN_PATHS: list[str] = []
PLUGINS = [
    "plugins.content_check",  # refuse to build invalid content (runs first)
    "plugins.editions",  # the English edition: alternates between editions (EDITIONS)
    "plugins.markdown_reader",  # one Markdown parser per process instead of one per file
    "plugins.schedule",  # future-dated articles held back until their time (before any list is made)
    "plugins.listings",  # tag / category / author / archive lists without quadratic scans
    "plugins.fixed_urls",  # each URL computed once, before the plugins that read them all
    "plugins.content_model",  # typed metadata on articles
    "plugins.sanitize",  # no script from content: clean body HTML, escape plain-text fields
    "plugins.i18n",  # interface texts from theme/translations/<DEFAULT_LANG> (gettext)
    "plugins.topics",  # province / country / organization pages
    "plugins.statistics",  # /thong-ke/: coverage charts, tables, CSV; topic sparklines
    "plugins.related",  # related articles, other news, previous / next
    "plugins.feeds",  # RSS / Atom feeds (feedgen), /feeds/ page, OPML
    "plugins.sitemap",  # sitemap index, news sitemap, robots.txt
    "plugins.seo",  # canonical, OpenGraph, Twitter card, JSON-LD
    "plugins.most_read",  # Đọc nhiều from a page-view export (MOST_READ)
    "plugins.images",  # responsive derivatives, <picture>, social images (IMAGES)
    "plugins.search",  # Pagefind index of the articles + /tim-kiem/ (SEARCH)
    "plugins.legacy_urls",  # old CMS addresses: redirect pages, _redirects, nginx map
    "plugins.assets",  # theme files under content-hashed names, asset() in templates
    "plugins.admin",  # /admin/: the web editor (Decap CMS), its config made from the content model
    "plugins.rendering",  # pages rendered over all cores (PARALLEL), unchanged ones reused (INCREMENTAL)
    "plugins.publish",  # link check, _headers, precompression (scripts/build.py runs them last)
]
# The web editor at /admin/ (plugins/admin): the GitHub repository it commits
# to, and the OAuth provider that logs editors in (docs/deploy.md). `make cms`
# runs decap-server at local_backend_url so an editor commits to their clone.
ADMIN = {
    "repo": "doingoainhandan/cong-doi-ngoai-nhan-dan",
    "branch": "main",
}
# The internal link check reads every page (15 s at 10k articles): publish only.
PUBLISH = {"link_check": False}
# Scheduled publishing (plugins/schedule): an article whose Date is later than
# the build's clock is held back until a build after its time (CI builds every
# 15 minutes). The clock is the setting BUILD_TIME ("2025-11-03 13:33", GMT+7;
# tests fix it), else the environment variable BUILD_TIME, else now.
# SCHEDULE = {"preview": True} (scripts/build.py --preview, `make serve`)
# shows scheduled articles instead, marked "Hẹn giờ đăng", with noindex.

from plugins.editions.names import as_written, marked_vietnamese  # noqa: E402

JINJA_FILTERS = {
    # A person's name as the page's language reads it (lang="vi" on the
    # English edition's pages): bylines, the footer.
    "person": as_written,
    "dateline": format_dateline,
    "vn_date": format_date,
    "month_name": month_name,
    "vn_sort_key": sort_key,
    "vn_sort": collate,  # Vietnamese order: {{ tags | vn_sort("0.name") }}
}
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    # {% memo %}: the article card is rendered once per build (plugins.fragments)
    # {{ _("…") }}: interface texts in the edition's language (plugins.i18n)
    "extensions": ["plugins.fragments.MemoExtension", "plugins.i18n.I18nExtension"],
}

# --- Language editions (plugins/editions) ------------------------------------
# The English edition: a second Pelican run (scripts/build.py runs it before
# the main one, into the same site) over content/en/, with these settings
# over the ones above (a dict setting is merged over the main one). Its whole
# URL scheme sits under en/; it is built when content/en/articles exists.
from plugins.editions.dates import (  # noqa: E402
    english_date,
    english_dateline,
    english_day,
    english_month_name,
)

_EN = "en/"
# Each edition's name in its own language, for the language switcher.
EDITION_NAMES = {"vi": "Tiếng Việt", "en": "English"}
EDITIONS = {
    "en": {
        "SITENAME": "Vietnam People's Diplomacy",
        "SITESUBTITLE": "People-to-people diplomacy, friendship and cooperation news from Vietnam's provinces",
        "AUTHOR": "Editorial Board",
        # The legal notice in English (SAMPLE VALUES, like the Vietnamese ones).
        "PUBLISHER": {
            "governing_body": "Sample Governing Body",
            "licence": "Licence No. 000/GP-BTTTT (sample) issued by the Ministry of Information"
            " and Communications on 1 January 2025",
            "responsible": "Nguyễn Văn Mẫu",
            "address": "1 Sample Street, Sample Ward, Hanoi (sample address)",
            "phone": "+84 24 0000 0000",  # as dialled from abroad
        },
        "ARTICLE_PATHS": ["en/articles"],
        "PAGE_PATHS": ["en/pages"],
        "ARTICLE_URL": _EN + "article/{slug}/",
        "ARTICLE_SAVE_AS": _EN + "article/{slug}/index.html",
        "DRAFT_URL": _EN + "draft/{slug}/",
        "PAGE_URL": _EN + "{slug}/",
        "PAGE_SAVE_AS": _EN + "{slug}/index.html",
        "CATEGORY_URL": _EN + "section/{slug}/",
        "CATEGORY_SAVE_AS": _EN + "section/{slug}/index.html",
        "SUBSECTION_URL": _EN + "section/{section}/{slug}/",
        "SUBSECTION_SAVE_AS": _EN + "section/{section}/{slug}/index.html",
        "TAG_URL": _EN + "tag/{slug}/",
        "TAG_SAVE_AS": _EN + "tag/{slug}/index.html",
        "AUTHOR_URL": _EN + "author/{slug}/",
        "AUTHOR_SAVE_AS": _EN + "author/{slug}/index.html",
        "YEAR_ARCHIVE_URL": _EN + "archive/{date:%Y}/",
        "YEAR_ARCHIVE_SAVE_AS": _EN + "archive/{date:%Y}/index.html",
        "MONTH_ARCHIVE_URL": _EN + "archive/{date:%Y}/{date:%m}/",
        "MONTH_ARCHIVE_SAVE_AS": _EN + "archive/{date:%Y}/{date:%m}/index.html",
        "ARCHIVES_URL": _EN + "archive/",
        "ARCHIVES_SAVE_AS": _EN + "archive/index.html",
        "CATEGORIES_SAVE_AS": _EN + "section/index.html",
        "TAGS_SAVE_AS": _EN + "tag/index.html",
        "AUTHORS_SAVE_AS": _EN + "author/index.html",
        # The home's page 1 as the pager links it (Pelican's default,
        # "index.html", is the Vietnamese home's).
        "INDEX_URL": _EN,
        "INDEX_SAVE_AS": _EN + "index.html",
        "404_SAVE_AS": _EN + "404.html",
        "PROVINCE_URL": _EN + "province/{slug}/",
        "PROVINCE_SAVE_AS": _EN + "province/{slug}/index.html",
        "COUNTRY_URL": _EN + "country/{slug}/",
        "COUNTRY_SAVE_AS": _EN + "country/{slug}/index.html",
        "ORGANIZATION_URL": _EN + "organization/{slug}/",
        "ORGANIZATION_SAVE_AS": _EN + "organization/{slug}/index.html",
        "TOPICS_INDEX_URL": _EN + "topics/",
        "TOPICS_INDEX_SAVE_AS": _EN + "topics/index.html",
        "SEARCH_URL": _EN + "search/",
        "SEARCH_SAVE_AS": _EN + "search/index.html",
        # The coverage statistics are the main edition's only (plugins/editions).
        "STATISTICS_URL": "thong-ke/",
        "STATISTICS_SAVE_AS": "",
        "PAGINATION_PATTERNS": (
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/page-{number}/", "{base_name}/page-{number}/index.html"),
        ),
        "FEEDS": {
            "directory": _EN + "feeds",
            "site_slug": "all",
            "folders": {
                "section": "section",
                "subsection": "section",
                "province": "province",
                "country": "country",
                "organization": "organization",
                "author": "author",
            },
        },
        "SEARCH": {
            "bundle_dir": _EN + "pagefind",
            "params": {"section": "section", "province": "province", "year": "year"},
        },
        "SITEMAP": {
            "index": _EN + "sitemap.xml",
            "part": _EN + "sitemap-{number}.xml",
            "news": _EN + "news-sitemap.xml",
            "robots": False,
        },
        "SEO": {"locale": "en_GB"},
        "MARKDOWN": {
            **MARKDOWN,
            "extension_configs": {
                **MARKDOWN["extension_configs"],
                "plugins.markdown_reader.tables": {"label": "Table"},
            },
        },
        "JINJA_FILTERS": {
            **JINJA_FILTERS,
            "person": marked_vietnamese,
            "dateline": english_dateline,
            "vn_date": english_date,
            "month_name": english_month_name,
            # the header's date line (partials/header.html): "6 December 2026"
            "day_label": english_day,
        },
    },
}
