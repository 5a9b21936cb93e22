"""The URL scheme, read from the settings: one pattern per kind of page.

Every address the portal makes is a pattern of the URL-scheme block of
``pelicanconf.py`` (``PROVINCE_URL = "tinh/{slug}/"``,
``PROVINCE_SAVE_AS = PROVINCE_URL + "index.html"`` …), filled with the fields
of one page. The plugins that make addresses themselves (topic pages, feeds'
links, SEO breadcrumbs, sitemap, redirects, the content check's collision
rules) read them here, so changing a pattern there moves every page, link
and check at once (tests/test_url_scheme.py changes some and follows them).

Pure functions over a settings mapping (Pelican's settings, or any dict):
nothing here imports Pelican. A pattern the settings lack is an error that
names the setting, never a default written again here.

Why in ``plugins.fixed_urls``: that plugin owns the site's URLs (each one
computed once), it sits early in ``PLUGINS``, before every plugin that reads
a URL, and it imports no other plugin, so any of them can import this module
without an import cycle (``plugins.content_check`` would make one: it imports
``plugins.topics``).
"""

from __future__ import annotations

import functools
import runpy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "KINDS",
    "UrlSchemeError",
    "fill",
    "pattern",
    "patterns",
    "portal_settings",
    "save_as_for",
    "scheme_settings",
    "setting_name",
    "url_for",
]

# Kind of page → prefix of its settings (``<PREFIX>_URL``, ``<PREFIX>_SAVE_AS``).
# The portal's words on the left, Pelican's setting names on the right
# (Pelican's categories are the portal's sections, its tags the keywords).
KINDS: dict[str, str] = {
    "article": "ARTICLE",
    "draft": "DRAFT",
    "page": "PAGE",
    "section": "CATEGORY",
    "subsection": "SUBSECTION",
    "keyword": "TAG",
    "author": "AUTHOR",
    "province": "PROVINCE",
    "country": "COUNTRY",
    "organization": "ORGANIZATION",
    "year_archive": "YEAR_ARCHIVE",
    "month_archive": "MONTH_ARCHIVE",
    "day_archive": "DAY_ARCHIVE",
    "index": "INDEX",  # the home page
    "archives": "ARCHIVES",  # the list pages of each kind
    "sections": "CATEGORIES",
    "keywords": "TAGS",
    "authors": "AUTHORS",
    "topics": "TOPICS_INDEX",  # /chu-de/ (plugins.topics)
    "search": "SEARCH",  # /tim-kiem/ (plugins.search)
    "statistics": "STATISTICS",  # /thong-ke/ and its CSV files (plugins.statistics)
}

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "pelicanconf.py"
# These list pages' address is their SAVE_AS folder: their URL setting may
# be left out (Pelican reads INDEX_URL only for the home's page 1, which the
# pager links; the English edition sets it); every other pattern of KINDS
# must be set.
UNSET_URLS = frozenset({"INDEX_URL", "CATEGORIES_URL", "TAGS_URL", "AUTHORS_URL"})


def required_settings() -> list[str]:
    """The names of every pattern the plugins read (``<PREFIX>_URL`` and
    ``<PREFIX>_SAVE_AS`` of each kind, but :data:`UNSET_URLS`)."""
    names = [f"{prefix}_{suffix}" for prefix in KINDS.values() for suffix in ("URL", "SAVE_AS")]
    return [name for name in names if name not in UNSET_URLS]


class UrlSchemeError(ValueError):
    """A pattern missing from the settings, or one that cannot be filled."""


def setting_name(kind: str, suffix: str = "URL") -> str:
    """``setting_name("province")`` → ``"PROVINCE_URL"``; ``suffix="SAVE_AS"``
    for the file a page is written to."""
    try:
        return f"{KINDS[kind]}_{suffix}"
    except KeyError:
        raise UrlSchemeError(
            f"không có loại trang '{kind}' trong lược đồ địa chỉ; các loại: {', '.join(KINDS)}"
        ) from None


def pattern(settings: Mapping[str, Any], kind: str, suffix: str = "URL") -> str:
    """The pattern of ``kind`` as the settings give it (``""``: no such page)."""
    name = setting_name(kind, suffix)
    value = settings.get(name)
    if not isinstance(value, str):
        raise UrlSchemeError(
            f"thiếu thiết lập {name} (mẫu địa chỉ loại trang '{kind}'): "
            "khai báo nó trong khối URL scheme của pelicanconf.py"
        )
    return value


def patterns(
    settings: Mapping[str, Any], kinds: Iterable[str], suffix: str = "URL"
) -> dict[str, str]:
    """``{kind: pattern}`` for each of ``kinds``, all read (and checked) now."""
    return {kind: pattern(settings, kind, suffix) for kind in kinds}


def fill(template: str, kind: str, suffix: str = "URL", **fields: Any) -> str:
    """``template`` (the ``suffix`` pattern of ``kind``) filled with ``fields``,
    as Pelican fills its own (``str.format``: ``{slug}``, ``{date:%Y}`` …)."""
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError) as problem:
        given = ", ".join(sorted(fields)) or "không có"
        raise UrlSchemeError(
            f"{setting_name(kind, suffix)} = {template!r}: không điền được ({problem}); "
            f"trường có: {given}"
        ) from None


def url_for(settings: Mapping[str, Any], kind: str, **fields: Any) -> str:
    """The site-relative URL of a page: ``url_for(s, "province", slug="hue")``
    → ``"tinh/hue/"``; a subsection needs ``section`` too."""
    return fill(pattern(settings, kind), kind, **fields)


def save_as_for(settings: Mapping[str, Any], kind: str, **fields: Any) -> str:
    """The file a page is written to (``tinh/hue/index.html``); ``""``: not written."""
    return fill(pattern(settings, kind, "SAVE_AS"), kind, "SAVE_AS", **fields)


def home_url(settings: Mapping[str, Any]) -> str:
    """The edition's home page URL (``""``, ``"en/"``), from ``INDEX_SAVE_AS``."""
    save_as = save_as_for(settings, "index")
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def scheme_settings(settings: Mapping[str, Any]) -> dict[str, str]:
    """Only the URL-scheme settings of ``settings`` (``ARTICLE_URL``,
    ``PROVINCE_SAVE_AS`` …): ``scheme_settings(portal_settings())`` is the
    URL-scheme block of pelicanconf.py."""
    names = [setting_name(kind, suffix) for kind in KINDS for suffix in ("URL", "SAVE_AS")]
    return {name: settings[name] for name in names if isinstance(settings.get(name), str)}


@functools.lru_cache(maxsize=1)
def _portal_settings() -> dict[str, Any]:
    namespace = runpy.run_path(str(SETTINGS_FILE))
    return {key: value for key, value in namespace.items() if key.isupper()}


def portal_settings() -> dict[str, Any]:
    """The project's own settings (``pelicanconf.py``, read once), for what
    runs without Pelican's: the content check without a settings file, tests."""
    return dict(_portal_settings())
