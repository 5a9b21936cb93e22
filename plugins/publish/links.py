"""Internal link check over a built site (pure: file names and HTML in, problems out)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "poster", "data-src"}


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


def _keep_tags(match: re.Match) -> str:
    """A comment goes; a <script>/<style> element keeps its start tag (its src)."""
    return f"<{match.group(1)}{match.group(2)}>" if match.group(1) else ""


def extract_links(html: str) -> list[str]:
    links: list[str] = []
    for tag in _TAG.finditer(_NOT_MARKUP.sub(_keep_tags, html)):
        attributes = tag.group(1)
        if "=" not in attributes:
            continue
        for name, double, single, bare in _ATTRIBUTE.findall(attributes):
            name = name.lower()
            value = unescape(double or single or bare)
            if not value:
                continue
            if name in LINK_ATTRIBUTES:
                links.append(value)
            elif name in ("srcset", "imagesrcset"):
                links.extend(
                    part.strip().split(" ")[0] for part in value.split(",") if part.strip()
                )
    return links


def resolve(page: str, link: str, site_url: str = "") -> str | None:
    """Output-relative file a link points at, or None when it leaves the site."""
    if site_url and link.startswith(site_url.rstrip("/") + "/"):
        link = link[len(site_url.rstrip("/")) :]
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
        # A site served under a path prefix (SITEURL=https://host/prefix).
        prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix) :]
        target = path.lstrip("/")
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
    """Every internal link of ``pages`` ((path, html) pairs) whose target is missing.

    ``existing`` holds every output-relative file name; a link to a folder
    is satisfied by its ``index.html``.
    """
    broken = set()
    for page, html in pages:
        for link in extract_links(html):
            target = resolve(page, link, site_url)
            if target is None or target in existing or f"{target}/index.html" in existing:
                continue
            broken.add(BrokenLink(page, link))
    return sorted(broken)
