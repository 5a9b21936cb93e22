"""Where every output goes: the URL scheme as data, and pagination.

Pure functions: given a scheme and the list of things the site will render,
compute each output's URL so that two outputs written to the same place are
found before a build silently overwrites one with the other.
"""

from __future__ import annotations

import fnmatch
import functools
import math
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

# Top-level folders of the portal; a static page may not take their name.
RESERVED_TOP_LEVEL = frozenset(
    {
        "bai-viet",
        "chuyen-muc",
        "tu-khoa",
        "tac-gia",
        "tinh",
        "quoc-gia",
        "to-chuc",
        "luu-tru",
        "chu-de",
        "tim-kiem",
        "feeds",
        "images",
        "theme",
        "ban-nhap",
    }
)

# (first page number the rule applies from, URL pattern), as in Pelican's
# PAGINATION_PATTERNS. The context is Pelican's: url, save_as, name,
# base_name, number, extension.
_SLASHES = re.compile(r"/{2,}")

PaginationRules = Sequence[tuple[int, str]]

# What the portal's generators write besides the pages made from content:
# files (fnmatch patterns) and whole folders. A redirect or a page may not
# take their place (scheme_from_settings reads the plugins' own settings).
GENERATED_FILES = (
    "robots.txt",
    "sitemap.xml",
    "sitemap-*.xml",
    "news-sitemap.xml",
    "_redirects",
    "nginx-redirects.map",
    "_headers",
    "nginx-server.conf",
    "CNAME",
)
GENERATED_FOLDERS = ("feeds/", "pagefind/", "theme/", "images/_d/")

PORTAL_PAGINATION: tuple[tuple[int, str], ...] = (
    (1, "{url}"),
    (2, "{base_name}/trang-{number}/"),
)
PELICAN_DEFAULT_PAGINATION: tuple[tuple[int, str], ...] = (
    (1, "{name}{extension}"),
    (2, "{name}{number}{extension}"),
)


@dataclass(frozen=True)
class UrlScheme:
    article: str = "bai-viet/{slug}/"
    page: str = "{slug}/"
    section: str = "chuyen-muc/{slug}/"
    subsection: str = "chuyen-muc/{section}/{slug}/"
    keyword: str = "tu-khoa/{slug}/"
    author: str = "tac-gia/{slug}/"
    province: str = "tinh/{slug}/"
    country: str = "quoc-gia/{slug}/"
    organization: str = "to-chuc/{slug}/"
    year_archive: str = "luu-tru/{date:%Y}/"
    month_archive: str = "luu-tru/{date:%Y}/{date:%m}/"
    index: str = ""
    fixed: tuple[str, ...] = (
        "chuyen-muc/",
        "tu-khoa/",
        "tac-gia/",
        "luu-tru/",
        "chu-de/",
        "tim-kiem/",
        "feeds/",
        "404.html",
    )
    pagination: tuple[tuple[int, str], ...] = PORTAL_PAGINATION
    per_page: int | None = 20
    default_author: str = ""
    reserved: frozenset[str] = field(default=RESERVED_TOP_LEVEL)
    generated_files: tuple[str, ...] = GENERATED_FILES
    generated_folders: tuple[str, ...] = GENERATED_FOLDERS

    def generated_by(self, file: str) -> str | None:
        """The generated file or folder that ``file`` (an output file), or
        the folder it is in, falls on. The generators' files are all at the
        top of the site, so only the first segment can be one of them."""
        for folder in self.generated_folders:
            if file.startswith(folder) or file == folder[:-1]:
                return folder
        top = file.split("/", 1)[0]
        if top and _generated_pattern(self.generated_files).match(top):
            return next(p for p in self.generated_files if fnmatch.fnmatchcase(top, p))
        return None


@functools.lru_cache(maxsize=8)
def _generated_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


def normalize_url(url: str) -> str:
    """Site-relative, no leading slash, no doubled slashes (``''`` is the home)."""
    return _SLASHES.sub("/", url).lstrip("/")


def output_file(url: str) -> str:
    """The file a URL is written to: directory URLs get ``index.html``."""
    url = normalize_url(url)
    return url + "index.html" if url == "" or url.endswith("/") else url


def page_count(items: int, per_page: int | None) -> int:
    if not per_page:
        return 1
    return max(1, math.ceil(items / per_page))


def page_urls(first_url: str, pages: int, rules: PaginationRules) -> tuple[str, ...]:
    """URLs of pages 1…``pages`` of a list whose first page is ``first_url``.

    Mirrors Pelican's paginator: the last rule whose ``min_page`` ≤ n applies.

    >>> page_urls("tu-khoa/a/", 3, PORTAL_PAGINATION)
    ('tu-khoa/a/', 'tu-khoa/a/trang-2/', 'tu-khoa/a/trang-3/')
    >>> page_urls("tag/a.html", 3, PELICAN_DEFAULT_PAGINATION)[-1]
    'tag/a3.html'
    """
    save_as = output_file(first_url)
    name, extension = posixpath.splitext(save_as)
    folder, filename = posixpath.split(save_as)
    base_name = folder if filename in ("index.htm", "index.html") else name
    ordered = sorted(((int(min_page), pattern) for min_page, pattern in rules), key=lambda r: r[0])
    urls = []
    for number in range(1, pages + 1):
        pattern = next((p for min_page, p in reversed(ordered) if 0 < min_page <= number), "{url}")
        url = pattern.format(
            url=first_url,
            save_as=save_as,
            name=name,
            base_name=base_name,
            number=number,
            extension=extension,
        )
        urls.append(normalize_url(url))
    return tuple(urls)


def archive_url(pattern: str, year: int, month: int = 1) -> str:
    return normalize_url(pattern.format(date=datetime(year, month, 1)))


def scheme_from_settings(settings: Mapping) -> UrlScheme:
    """Read the scheme from Pelican settings (or a ``pelicanconf`` namespace)."""
    base = UrlScheme()

    def pick(key: str, default: str) -> str:
        value = settings.get(key)
        return value if isinstance(value, str) else default

    rules = settings.get("PAGINATION_PATTERNS")
    pagination = tuple((int(rule[0]), str(rule[1])) for rule in rules) if rules else base.pagination
    return UrlScheme(
        generated_files=_generated_files(settings),
        generated_folders=_generated_folders(settings),
        article=pick("ARTICLE_URL", base.article),
        page=pick("PAGE_URL", base.page),
        section=pick("CATEGORY_URL", base.section),
        subsection=pick("SUBSECTION_URL", base.subsection),
        keyword=pick("TAG_URL", base.keyword),
        author=pick("AUTHOR_URL", base.author),
        province=pick("PROVINCE_URL", base.province),
        country=pick("COUNTRY_URL", base.country),
        organization=pick("ORGANIZATION_URL", base.organization),
        year_archive=pick("YEAR_ARCHIVE_URL", base.year_archive),
        month_archive=pick("MONTH_ARCHIVE_URL", base.month_archive),
        pagination=pagination,
        per_page=settings.get("DEFAULT_PAGINATION", base.per_page) or None,
        default_author=pick("AUTHOR", base.default_author),
    )


def _option(settings: Mapping, name: str, key: str, default: str) -> str:
    value = (settings.get(name) or {}).get(key, default)
    return value if isinstance(value, str) and value else default


def _generated_files(settings: Mapping) -> tuple[str, ...]:
    """The generators' files, named by their settings where they have one."""
    sitemap = [
        _option(settings, "SITEMAP", "index", "sitemap.xml"),
        _option(settings, "SITEMAP", "part", "sitemap-{number}.xml").replace("{number}", "*"),
        _option(settings, "SITEMAP", "news", "news-sitemap.xml"),
    ]
    legacy = [
        _option(settings, "LEGACY_URLS", "redirects_file", "_redirects"),
        _option(settings, "LEGACY_URLS", "nginx_map_file", "nginx-redirects.map"),
    ]
    # plugins.publish: the host files (_headers, the server half of the nginx
    # snippet, GitHub Pages' CNAME)
    publish = ["_headers", "nginx-server.conf", "CNAME"]
    return tuple(dict.fromkeys(["robots.txt", *sitemap, *legacy, *publish]))


def _generated_folders(settings: Mapping) -> tuple[str, ...]:
    folders = [
        _option(settings, "FEEDS", "directory", "feeds"),
        _option(settings, "SEARCH", "bundle_dir", "pagefind"),
        settings.get("THEME_STATIC_DIR") or "theme",
        _option(settings, "IMAGES", "output_dir", "images/_d"),
    ]
    return tuple(dict.fromkeys(normalize_url(f).rstrip("/") + "/" for f in folders))
