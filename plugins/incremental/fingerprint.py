"""Fingerprints of a page's inputs and the reuse decision: pure functions.

Nothing here imports Pelican. The adapter (:mod:`.session`) hands in plain
values and two callables: ``content_text(obj, top)`` says how a content
object (article, page) is written into a fingerprint, and ``strings(text)``
rewrites absolute paths so that a fingerprint does not depend on where the
site was checked out.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from plugins.buildkit.digest import digest

STATE_VERSION = 1


@dataclass(frozen=True)
class PageRecord:
    """What one written page depended on."""

    output: str  # output file, relative to the output folder (posix)
    fingerprint: str
    shows: tuple[str, ...]  # keys of the content objects the page links or displays
    reused: bool = False


@dataclass(frozen=True)
class BuildState:
    """What a build recorded: each content object's digest and each page's record."""

    contents: Mapping[str, str]
    pages: Mapping[str, PageRecord]


def path_placeholder(text: str) -> str:
    """Settings: an absolute path names *where* something is; what it holds is
    hashed separately (trees and named files), so the location is left out."""
    return "<path>" if os.path.isabs(text) and "\n" not in text else text


def prefix_replacer(roots: Mapping[str, str]) -> Callable[[str], str]:
    """Rewrite ``<root>/rest`` as ``<name>/rest`` for each ``name: root``
    (the longest root first)."""
    pairs = sorted(
        ((root.rstrip(os.sep) + os.sep, name) for name, root in roots.items()),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    bare = [(root[: -len(os.sep)], name) for root, name in pairs]
    # Called for every string of every page's values: most start with no root.
    starts = tuple({root[:1] for root, _ in pairs})

    def replace(text: str) -> str:
        if not text.startswith(starts):
            return text
        for (root, name), (whole, _) in zip(pairs, bare, strict=True):
            if text.startswith(root):
                return f"<{name}>/{text[len(root) :]}"
            if text == whole:
                return f"<{name}>"
        return text

    return replace


def page_fingerprint(site: str, template: str, output: str, page_values: Mapping[str, str]) -> str:
    """The fingerprint of one page: the site digest, its template and output
    name, and the texts of the values the template can see."""
    parts = [site, template, output]
    parts += [f"{name}={text}" for name, text in sorted(page_values.items())]
    return digest(*parts)


# --- what a rendered page shows ------------------------------------------------

_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""")


def url_pattern(url_format: str) -> re.Pattern[str] | None:
    """A pattern finding URLs of ``url_format`` (``bai-viet/{slug}/``) anywhere
    in a text (JSON-LD, data attributes); ``None`` when the format is not a
    fixed prefix + ``{slug}`` + a fixed suffix."""
    prefix, found, suffix = url_format.partition("{slug}")
    if not found or not prefix or "{" in prefix or "{" in suffix:
        return None
    end = re.escape(suffix) if suffix else r"(?=[\"'\s<>?#]|$)"
    return re.compile(re.escape(prefix) + r"[^/\"'\s<>?#]+" + end)


def shown_keys(
    html: str,
    url_keys: Mapping[str, str],
    site_url: str,
    patterns: Iterable[re.Pattern[str]] = (),
) -> set[str]:
    """Keys of the content objects whose URL ``html`` links (or, for
    ``patterns``, mentions anywhere)."""
    found: set[str] = set()
    site = site_url.rstrip("/")
    # A page's links repeat across pages (menus, sections, cards): each
    # distinct link is made normal once (1.2 million calls at 10k articles).
    for link in set(_LINK.findall(html)):
        key = url_keys.get(_normal_url_cached(link, site))
        if key is not None:
            found.add(key)
    for pattern in patterns:
        for match in pattern.finditer(html):
            key = url_keys.get(match.group(0))
            if key is not None:
                found.add(key)
    return found


@functools.lru_cache(maxsize=1 << 16)
def _normal_url_cached(link: str, site_url: str) -> str:
    return normal_url(link, site_url)


def normal_url(link: str, site_url: str) -> str:
    """``https://site/bai-viet/x/#y`` or ``/bai-viet/x/index.html`` → ``bai-viet/x/``."""
    if site_url and link.startswith(site_url):
        link = link[len(site_url) :]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return ""
    path = parts.path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


# --- reuse decision and state --------------------------------------------------


def changed_contents(previous: Mapping[str, str], current: Mapping[str, str]) -> frozenset[str]:
    """Keys whose digest changed or that no longer exist (new ones are not
    shown by any previous page)."""
    return frozenset(key for key, value in previous.items() if current.get(key) != value)


def reusable(
    previous: BuildState | None, output: str, fingerprint: str, changed: frozenset[str]
) -> PageRecord | None:
    """The previous record of ``output`` if its page can be reused as is."""
    if previous is None:
        return None
    record = previous.pages.get(output)
    if record is None or record.fingerprint != fingerprint:
        return None
    if any(key in changed for key in record.shows):
        return None
    return record


def state_text(contents: Mapping[str, str], records: Iterable[PageRecord]) -> str:
    """The state file: deterministic (sorted, shown keys as indexes)."""
    keys = sorted(contents)
    index = {key: number for number, key in enumerate(keys)}
    pages = sorted(
        (
            record.output,
            record.fingerprint,
            sorted(index[key] for key in record.shows if key in index),
        )
        for record in records
        if all(key in index for key in record.shows)  # else: not reusable later
    )
    data = {
        "version": STATE_VERSION,
        "contents": [[key, contents[key]] for key in keys],
        "pages": [list(page) for page in pages],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def parse_state(text: str) -> BuildState | None:
    """The state written by :func:`state_text`; ``None`` if unreadable."""
    try:
        data = json.loads(text)
        if data.get("version") != STATE_VERSION:
            return None
        keys = [str(key) for key, _ in data["contents"]]
        contents = {str(key): str(value) for key, value in data["contents"]}
        pages = {}
        for output, fingerprint, shows in data["pages"]:
            pages[str(output)] = PageRecord(
                str(output), str(fingerprint), tuple(keys[int(i)] for i in shows)
            )
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return BuildState(contents, pages)


def record_line(record: PageRecord) -> str:
    """One line of a process's shard file (JSON)."""
    return json.dumps(
        [record.output, record.fingerprint, sorted(record.shows), record.reused],
        ensure_ascii=False,
    )


def parse_record_lines(lines: Iterable[str]) -> list[PageRecord]:
    """Records of shard lines; a torn last line (killed process) is skipped."""
    records = []
    for line in lines:
        try:
            output, fingerprint, shows, reused = json.loads(line)
        except ValueError:
            continue
        records.append(PageRecord(output, fingerprint, tuple(shows), bool(reused)))
    return records
