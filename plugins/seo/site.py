"""Site-level helpers shared by the feeds, sitemap and SEO plugins.

Pure functions over plain values (absolute URLs, XML-safe text, plain text
from HTML), plus :func:`write_text`, the one place where these plugins hand
bytes to Pelican's writer (which sanitises paths and refuses to write a file
twice).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from typing import Any

DEV_BASE_URL = "http://127.0.0.1:8000"

# XML 1.0 allows TAB, LF, CR and everything from U+0020 except surrogates and
# U+FFFE/U+FFFF. C1 controls are allowed but never wanted in a title.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def absolute_base(settings: Mapping[str, Any]) -> str:
    """The site's absolute base URL, without a trailing slash.

    ``SITEURL`` when it is absolute (production), else ``FEED_DOMAIN``, else
    the development server's address: feeds, sitemaps and canonical URLs
    must be absolute even in a development build whose ``SITEURL`` is empty.
    """
    for key in ("SITEURL", "FEED_DOMAIN"):
        value = str(settings.get(key) or "")
        if value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return DEV_BASE_URL


def publication_name(settings: Mapping[str, Any]) -> str:
    """The site's one publisher name: ``news:name`` of the news sitemap, the
    JSON-LD publisher (NewsArticle, WebSite), ``og:site_name`` and the feeds'
    author. ``PUBLISHER_NAME`` if set, else ``SITENAME``."""
    return str(settings.get("PUBLISHER_NAME") or settings.get("SITENAME") or "")


ASSETS_PLUGIN = "plugins.assets"


def _uses_assets_plugin(settings: Mapping[str, Any]) -> bool:
    return any(
        getattr(plugin, "__name__", plugin) == ASSETS_PLUGIN
        for plugin in settings.get("PLUGINS") or ()
    )


def theme_asset_url(settings: Mapping[str, Any], path: str) -> str:
    """Absolute URL of a file of the theme's ``static/`` folder
    (``images/publisher-logo.png`` → ``{SITEURL}/theme/images/publisher-logo.<hash>.png``).

    The one place where the SEO, feeds and sitemap plugins build a theme
    file's published address: with ``plugins.assets`` (content-hashed
    names) its manifest names the file; without it Pelican copies the file
    under its own name.
    """
    path = path.lstrip("/")
    if _uses_assets_plugin(settings):
        from plugins.assets import asset_url

        return absolute_url(absolute_base(settings), asset_url(settings, path))
    static_dir = str(settings.get("THEME_STATIC_DIR") or "theme").strip("/")
    return f"{absolute_base(settings)}/{static_dir}/{path}"


def theme_asset_file(settings: Mapping[str, Any], path: str) -> str:
    """Where the source of a theme ``static/`` file is (to read its size)."""
    return os.path.join(str(settings.get("THEME") or ""), "static", path.lstrip("/"))


def absolute_url(base: str, path: str) -> str:
    """``base`` + site-relative ``path``; an ``index.html`` tail is dropped.

    >>> absolute_url("https://x.org", "bai-viet/a/index.html")
    'https://x.org/bai-viet/a/'
    >>> absolute_url("https://x.org", "")
    'https://x.org/'
    """
    if path.startswith(("http://", "https://")):
        return path
    path = path.lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{base.rstrip('/')}/{path}"


def xml_safe(text: str | None) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters)."""
    return _XML_FORBIDDEN.sub("", text or "")


def plain_text(markup: str | None) -> str:
    """Visible text of an HTML fragment: tags dropped, entities decoded,
    whitespace collapsed, XML-forbidden characters removed."""
    if not markup:
        return ""
    text = html.unescape(_TAG.sub(" ", str(markup)))
    return xml_safe(_SPACES.sub(" ", text).strip())


def write_text(writer: Any, relative_path: str, text: str) -> str:
    """Write ``text`` (UTF-8) at ``relative_path`` under the output folder
    through Pelican's writer, so a path collision fails the build."""
    from pelican.utils import sanitised_join

    path = sanitised_join(writer.output_path, relative_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with writer._open_w(path, "utf-8") as handle:  # the writer's own guard
        handle.write(text)
    return path
