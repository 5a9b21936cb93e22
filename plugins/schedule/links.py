"""Links from published content to a held-back article: pure functions.

A live article may link a scheduled one with ``[text]({filename}b.md)``.
Until ``b.md`` is published its address answers 404, and writing it would
publish the scheduled article's slug early. So the link is taken out and
its text kept (``<a href="{filename}b.md">text</a>`` → ``text``); once the
article is published, the next build links it again.

Paths are resolved as Pelican resolves ``{filename}`` (``pelican.contents``,
``_link_replacer``): a leading ``/`` from the content folder, otherwise from
the linking file's folder, also unquoted and HTML-unescaped.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection
from functools import lru_cache
from urllib.parse import unquote, urlparse

__all__ = ["DEFAULT_INTRASITE", "linked_source", "unlink_held"]

# Pelican's default INTRASITE_LINK_REGEX (``{filename}`` or ``|filename|``).
DEFAULT_INTRASITE = "[{|](?P<what>.*?)[|}]"

# An anchor with a quoted href and its text (anchors do not nest in HTML).
_ANCHOR = re.compile(
    r"<a\s[^>]*?\bhref\s*=\s*(?P<quote>[\"'])(?P<target>.*?)(?P=quote)[^>]*>(?P<text>.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)


@lru_cache(maxsize=8)
def _intrasite(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"{pattern}(?P<value>.*)", re.DOTALL)


def linked_source(target: str, source_dir: str, intrasite: str = DEFAULT_INTRASITE) -> list[str]:
    """The content paths a ``{filename}`` link target may name (Pelican's
    candidates, in its order); empty for any other link."""
    match = _intrasite(intrasite).fullmatch(target)
    if match is None or match["what"] != "filename":
        return []
    value = match["value"]
    written = urlparse(value).path
    found: list[str] = []
    for path in (written, unquote(written), urlparse(html.unescape(value)).path):
        if path.startswith("/"):
            resolved = posixpath.normpath(path[1:])
        else:
            resolved = posixpath.normpath(posixpath.join(source_dir, path))
        if resolved not in found:
            found.append(resolved)
    return found


def unlink_held(
    markup: str,
    source_dir: str,
    held: Collection[str],
    intrasite: str = DEFAULT_INTRASITE,
) -> tuple[str, tuple[str, ...]]:
    """``markup`` with every ``{filename}`` link to a path in ``held``
    replaced by its text; and the held paths it linked, in order."""
    if not held or "filename" not in markup:  # the cheap common case: no such link
        return markup, ()
    unlinked: list[str] = []

    def replace(match: re.Match[str]) -> str:
        for path in linked_source(match["target"], source_dir, intrasite):
            if path in held:
                unlinked.append(path)
                return match["text"]
        return match[0]

    result = _ANCHOR.sub(replace, markup)
    return result, tuple(dict.fromkeys(unlinked))
