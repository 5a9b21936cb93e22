"""Each article's and page's URL, computed once when the context is complete.

Why: Pelican computes ``content.url`` again on every access: it copies the
metadata, makes the path relative and formats ``ARTICLE_URL`` (37 µs).
A portal page shows dozens of links (cards, related lists, Đọc nhiều,
previous / next), so a 2,000-article build asked for 95,000 URLs: 3.5 s of
a 48 s profile (``python -m cProfile`` of a serial build, see the README's
benchmark section).

How: on ``all_generators_finalized`` (every plugin has set slugs, dates and
sections; nothing is rendered yet; the parallel plugin has not forked),
every article and page gets ``override_url``, Pelican's own attribute for a
URL given in the metadata (``URL:``), set to the URL it has at that moment;
``Content.url`` returns it from then on. ``save_as`` is left alone: Pelican
treats an ``override_save_as`` as permission to overwrite another file.
Nothing changes in the output (tests/test_fixed_urls.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pelican import signals
from pelican.contents import Article, Page

__all__ = ["contents_of", "fix_urls", "register"]


def contents_of(generators: Iterable[Any]) -> list[Article | Page]:
    """Every article and page the generators hold (drafts, hidden and
    translations included), once each."""
    found: dict[int, Article | Page] = {}

    def add(item: Any) -> None:
        if isinstance(item, Article | Page) and id(item) not in found:
            found[id(item)] = item
            for translation in getattr(item, "translations", ()) or ():
                add(translation)

    for generator in generators:
        for value in vars(generator).values():
            if isinstance(value, list | tuple):
                for item in value:
                    add(item)
    return list(found.values())


def fix_urls(contents: Iterable[Article | Page]) -> int:
    """Set ``override_url`` to the current URL where none is set; how many were set."""
    count = 0
    for content in contents:
        if "override_url" not in vars(content):
            content.override_url = content.url
            count += 1
    return count


def on_all_generators_finalized(generators: list) -> None:
    fix_urls(contents_of(generators))


def register() -> None:
    # Connected before plugins.incremental and plugins.parallel (PLUGINS
    # order): they read URLs for every page.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
