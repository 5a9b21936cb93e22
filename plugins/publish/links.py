"""Internal link check over a built site (pure: file names and HTML in, problems out)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "poster", "data-src"}


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # output-relative path of the page holding the link
    target: str  # the link as written


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.links.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())


def extract_links(html: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    return parser.links


def resolve(page: str, link: str, site_url: str = "") -> str | None:
    """Output-relative file a link points at, or None when it leaves the site."""
    if site_url and link.startswith(site_url.rstrip("/") + "/"):
        link = link[len(site_url.rstrip("/")):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        # A site served under a path prefix (SITEURL=https://host/prefix).
        prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix):]
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
