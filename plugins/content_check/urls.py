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

from plugins.fixed_urls import scheme as url_scheme
from plugins.topics.pages import PAGE_KINDS, URL_KINDS, topic_folders

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
GENERATED_FOLDERS = (
    "feeds/",
    "pagefind/",
    "theme/",
    "images/_d/",
    "admin/",
)  # admin: plugins.admin

PELICAN_DEFAULT_PAGINATION: tuple[tuple[int, str], ...] = (
    (1, "{name}{extension}"),
    (2, "{name}{number}{extension}"),
)


def _portal(name: str, **options):
    """A field whose default is pelicanconf.py's: ``UrlScheme()`` is the
    project's own scheme (the check also runs without Pelican's settings)."""
    return field(default_factory=lambda: _portal_fields()[name], **options)


@dataclass(frozen=True)
class UrlScheme:
    """The URL patterns the check finds collisions with (one per kind of
    page, as :func:`scheme_from_settings` reads them), the fixed pages, the
    pagination and the top-level folders no static page may take."""

    article: str = _portal("article")
    page: str = _portal("page")
    section: str = _portal("section")
    subsection: str = _portal("subsection")
    keyword: str = _portal("keyword")
    author: str = _portal("author")
    province: str = _portal("province")
    country: str = _portal("country")
    organization: str = _portal("organization")
    year_archive: str = _portal("year_archive")
    month_archive: str = _portal("month_archive")
    index: str = _portal("index")
    # The list of lists of each kind, by its kind in the scheme (the
    # DIRECT_LISTS and "topics"): {"sections": "chuyen-muc/", "topics":
    # "chu-de/", …}. Not hashed (a dict).
    lists: Mapping[str, str] = _portal("lists", hash=False)
    fixed: tuple[str, ...] = _portal("fixed")
    pagination: tuple[tuple[int, str], ...] = _portal("pagination")
    per_page: int | None = _portal("per_page")
    home_per_page: int | None = _portal("home_per_page")  # PAGINATED_TEMPLATES["index"]
    default_author: str = ""
    reserved: frozenset[str] = _portal("reserved")
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

    >>> page_urls("tu-khoa/a/", 3, ((1, "{url}"), (2, "{base_name}/trang-{number}/")))
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


# The kinds of page whose URL patterns the check fills (UrlScheme's fields).
PATTERN_KINDS = (
    "article",
    "page",
    "section",
    "subsection",
    "keyword",
    "author",
    "province",
    "country",
    "organization",
    "year_archive",
    "month_archive",
)

# The lists of lists: Pelican's direct templates (read by the file they are
# written to, their <NAME>_SAVE_AS; their <NAME>_URL is optional in Pelican)
# and the topics index.
DIRECT_LISTS = ("sections", "keywords", "authors", "archives")


def scheme_from_settings(settings: Mapping) -> UrlScheme:
    """Read the scheme from Pelican settings (or a ``pelicanconf`` namespace).

    Every pattern is the settings' (read by ``plugins.fixed_urls.scheme``);
    one they lack is pelicanconf.py's, as in ``UrlScheme()``: ``make check``
    without a settings file, and tests, give the check few settings or none.
    """
    author = settings.get("AUTHOR")
    return UrlScheme(
        **_scheme_fields({**url_scheme.portal_settings(), **settings}),
        default_author=author if isinstance(author, str) else "",
        generated_files=_generated_files(settings),
        generated_folders=_generated_folders(settings),
    )


def _scheme_fields(settings: Mapping) -> dict:
    """UrlScheme's fields, but the author and the generated files."""
    # The fixed list pages: Pelican's direct templates (by the file they are
    # written to), the topics index, the search page, the statistics page
    # (its CSV files sit in its folder), the feeds page, 404.
    lists = {kind: url_of_file(url_scheme.save_as_for(settings, kind)) for kind in DIRECT_LISTS}
    lists["topics"] = normalize_url(url_scheme.url_for(settings, "topics"))
    fixed = [
        *lists.values(),
        *(normalize_url(url_scheme.url_for(settings, kind)) for kind in ("search", "statistics")),
    ]
    fixed.append(_option(settings, "FEEDS", "directory", "feeds") + "/")
    fixed.append(settings.get("404_SAVE_AS") or "404.html")  # Pelican's name for it
    # plugins.topics' pages at the topic folders (tinh/, en/province/ …)
    fixed += [normalize_url(url) for url, _file in _topic_folders(settings)]
    rules = settings.get("PAGINATION_PATTERNS") or ()
    return {
        **url_scheme.patterns(settings, PATTERN_KINDS),
        "index": url_of_file(url_scheme.save_as_for(settings, "index")),
        "lists": lists,
        "fixed": tuple(fixed),
        "pagination": tuple((int(rule[0]), str(rule[1])) for rule in rules),
        "per_page": settings.get("DEFAULT_PAGINATION") or None,
        # Pelican: PAGINATED_TEMPLATES[name] items a page, else DEFAULT_PAGINATION.
        "home_per_page": (settings.get("PAGINATED_TEMPLATES") or {}).get("index")
        or settings.get("DEFAULT_PAGINATION")
        or None,
        "reserved": _reserved(settings, fixed),
    }


@functools.lru_cache(maxsize=1)
def _portal_fields() -> dict:
    return _scheme_fields(url_scheme.portal_settings())


def _topic_folders(settings: Mapping) -> list[tuple[str, str]]:
    urls = url_scheme.patterns(settings, URL_KINDS)
    return topic_folders(urls, url_scheme.patterns(settings, PAGE_KINDS, "SAVE_AS"))


def _reserved(settings: Mapping, fixed: list[str]) -> frozenset[str]:
    """Top-level folders a static page may not take: the constant first
    segment of every pattern (``bai-viet``, ``tinh`` …, ``ban-nhap`` of the
    drafts), the fixed list pages' (``chu-de``, ``tim-kiem``, ``feeds``), and
    the images, theme and web editor (``admin``) folders."""
    top = [
        _first_segment(p) for p in url_scheme.patterns(settings, (*PATTERN_KINDS, "draft")).values()
    ]
    top += [_first_segment(url) for url in fixed if url.endswith("/")]
    top += ["images", settings.get("THEME_STATIC_DIR") or "theme", "admin"]  # plugins.admin
    return frozenset(segment for segment in top if segment)


def _first_segment(url: str) -> str:
    """``"tinh"`` of ``"tinh/{slug}/"``; ``""`` when it is filled per page (``"{slug}/"``)."""
    first, slash, _rest = normalize_url(url).partition("/")
    return first if slash and "{" not in first else ""


def url_of_file(save_as: str) -> str:
    """The URL a written file is served at: ``tu-khoa/index.html`` → ``tu-khoa/``."""
    file = normalize_url(save_as)
    return (
        file[: -len("index.html")] if file == "index.html" or file.endswith("/index.html") else file
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
        "admin",  # plugins.admin, the web editor
    ]
    return tuple(dict.fromkeys(normalize_url(f).rstrip("/") + "/" for f in folders))


def term_slug(text: str) -> str:
    """A keyword's or author's slug exactly as Pelican makes its page's:
    Pelican's slugify with its SLUG_REGEX_SUBSTITUTIONS (pelicanconf.py sets
    none of its own), which drops an apostrophe ("people's diplomacy" →
    "peoples-diplomacy") where plugins.vietnamese.slugify puts a hyphen."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify as pelican_slugify

    return pelican_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
