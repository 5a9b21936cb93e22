"""Internal link check over a built site (pure: file names and texts in, problems out).

What is checked, for every output file the check is given:

- HTML pages: every ``href``/``src``/``poster``/``data-src``/``srcset`` of
  the markup, the URLs of this site in JSON-LD (every string value of a
  ``<script type="application/ld+json">``) and the OpenGraph/Twitter
  ``<meta content>`` URLs (``og:url``, ``og:image``, ``twitter:image`` …);
- feeds and sitemaps (``.rss``, ``.atom``, ``.xml``, ``.opml``): the
  addresses of this site in links (``<link>``, ``<loc>``, ``href=``),
  enclosures and media (``url=``) and OPML outlines (``xmlUrl=``).

A link "of this site" is one under ``SITEURL``; when ``SITEURL`` has a path
(``https://x.github.io/repo``) the site lives only under that prefix, so a
root-relative link outside it (``/lien-he/``) is broken there.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "poster", "data-src"}
# <meta property|name=… content=URL> whose URL a crawler or a sharing card fetches.
URL_META = frozenset(
    {
        "og:url",
        "og:image",
        "og:image:url",
        "og:image:secure_url",
        "og:video",
        "og:video:url",
        "og:audio",
        "twitter:image",
        "twitter:image:src",
        "twitter:url",
    }
)
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".opml")
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # output-relative path of the page holding the link
    target: str  # the link as written


# Links are read with regular expressions, not html.parser: at 10,000 pages
# the parser took longer than rendering them (bench: `python -m bench
# --only build`); tests/test_build_speed_links.py checks both agree.
# Comments and the text of <script>/<style> hold no links (as for html.parser).
_NOT_MARKUP = re.compile(
    r"<(?:!--.*?-->|(script|style)\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>.*?</\1\s*>)",
    re.S | re.I,
)
_TAG = re.compile(r"<[a-zA-Z][^\s/>]*((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_JSON_LD = re.compile(
    r"<script\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>(.*?)</script\s*>",
    re.S | re.I,
)
_META = re.compile(r"<meta\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.I)
# Feeds and sitemaps: the text of link-like elements, and link-like attributes
# (also inside the escaped article HTML of <content:encoded>; only absolute
# addresses of this site are kept from either).
_FEED_TEXT = re.compile(
    r"<((?:[\w.-]+:)?(?:link|loc|url|icon|logo))(?:\s[^>]*)?>\s*"
    r"(?:<!\[CDATA\[)?\s*([^<\s\]]+)\s*(?:\]\]>)?\s*</\1\s*>"
)
_FEED_ATTRIBUTE = re.compile(
    r"""\b(?:href|url|src|xmlUrl|htmlUrl)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I
)
_JSON_STRING_URL = re.compile(r'"(https?:(?:[^"\\]|\\.)*)"')


def _keep_tags(match: re.Match) -> str:
    """A comment goes; a <script>/<style> element keeps its start tag (its src)."""
    return f"<{match.group(1)}{match.group(2)}>" if match.group(1) else ""


def _attributes(text: str) -> Iterator[tuple[str, str]]:
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        yield name.lower(), unescape(double or single or bare)


def extract_links(html: str) -> list[str]:
    """The links of the markup (attributes), in document order."""
    links: list[str] = []
    for tag in _TAG.finditer(_NOT_MARKUP.sub(_keep_tags, html)):
        attributes = tag.group(1)
        if "=" not in attributes:
            continue
        for name, value in _attributes(attributes):
            if not value:
                continue
            if name in LINK_ATTRIBUTES:
                links.append(value)
            elif name in ("srcset", "imagesrcset"):
                links.extend(
                    part.strip().split(" ")[0] for part in value.split(",") if part.strip()
                )
    return links


def is_site_url(value: str, site_url: str) -> bool:
    """An absolute address under ``site_url`` (never true when it is empty)."""
    base = site_url.rstrip("/")
    return bool(base) and (value == base or value.startswith((base + "/", base + "?", base + "#")))


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def extract_structured_links(html: str, site_url: str) -> list[str]:
    """URLs of this site in JSON-LD and in OpenGraph/Twitter ``<meta>`` tags.

    JSON-LD keeps only absolute addresses under ``site_url`` (its other
    strings are text); a ``<meta>`` of :data:`URL_META` keeps its content
    whatever it is, :func:`resolve` tells whether it is on this site.
    """
    links: list[str] = []
    if "ld+json" in html:
        for match in _JSON_LD.finditer(_COMMENT.sub("", html)):
            if "ld+json" not in match.group(1).lower():
                continue
            text = match.group(2)
            try:
                strings = list(_json_strings(json.loads(text)))
            except ValueError:
                # Unreadable JSON-LD still names its addresses.
                strings = [s.replace("\\/", "/") for s in _JSON_STRING_URL.findall(text)]
            links += [s for s in strings if is_site_url(s, site_url)]
    if "og:" in html or "twitter:" in html:
        for match in _META.finditer(html):
            attributes = dict(_attributes(match.group(1)))
            kind = attributes.get("property") or attributes.get("name") or ""
            content = attributes.get("content", "")
            if kind.lower() in URL_META and content:
                links.append(content)
    return links


def extract_feed_links(xml: str, site_url: str) -> list[str]:
    """Absolute addresses of this site in a feed, a sitemap or an OPML file."""
    found = [m.group(2) for m in _FEED_TEXT.finditer(xml)]
    found += [m.group(1) or m.group(2) for m in _FEED_ATTRIBUTE.finditer(xml)]
    return [u for u in map(unescape, found) if is_site_url(u, site_url)]


def page_links(name: str, text: str, site_url: str = "") -> list[str]:
    """Every link the check follows in one output file, by its kind."""
    lowered = name.lower()
    if lowered.endswith(HTML_SUFFIXES):
        return extract_links(text) + extract_structured_links(text, site_url)
    if lowered.endswith(FEED_SUFFIXES):
        return extract_feed_links(text, site_url)
    return []


def resolve(page: str, link: str, site_url: str = "") -> str | None:
    """Output-relative file a link points at, or None when it leaves the site.

    Under a path prefix (``SITEURL=https://host/prefix``) a root-relative
    link outside the prefix gets a name starting with ``../`` (outside the
    output, so never an existing file).
    """
    base = site_url.rstrip("/")
    prefix = urlsplit(base).path if base else ""
    if is_site_url(link, base):
        rest = link[len(base) :]
        link = prefix + (rest if rest.startswith("/") else "/" + rest)
    parts = urlsplit(link)
    if (
        parts.scheme
        or parts.netloc
        or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:"))
    ):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        if not prefix or path == prefix or path.startswith(prefix + "/"):
            target = path[len(prefix) :].lstrip("/")
        else:
            target = posixpath.relpath(path, prefix)
    else:
        target = posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(target)
    if target in (".", ""):
        return "index.html"
    if path.endswith("/"):
        return f"{target}/index.html"
    return target


def find_broken_links(
    pages: Iterable[tuple[str, str]], existing: set[str], site_url: str = ""
) -> list[BrokenLink]:
    """Every internal link of ``pages`` ((path, text) pairs: HTML pages, feeds,
    sitemaps) whose target is missing.

    ``existing`` holds every output-relative file name; a link to a folder
    is satisfied by its ``index.html``.
    """
    broken = set()
    for page, text in pages:
        for link in page_links(page, text, site_url):
            target = resolve(page, link, site_url)
            if target is None or target in existing or f"{target}/index.html" in existing:
                continue
            broken.add(BrokenLink(page, link))
    return sorted(broken)
