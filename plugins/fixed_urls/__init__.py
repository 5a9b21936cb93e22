"""Each article's and page's URL, computed once when the context is complete.

Why: Pelican computes ``content.url`` again on every access: it copies the
metadata, makes the path relative and formats ``ARTICLE_URL`` (37 µs).
A portal page shows dozens of links (cards, related lists, Đọc nhiều,
previous / next), so a 2,000-article build asked for 95,000 URLs: 3.5 s of
a 48 s profile (``python -m cProfile`` of a serial build, see the README's
benchmark section).

How: every article and page gets ``override_url``, Pelican's own attribute
for a URL given in the metadata (``URL:``), set to the URL it has at that
moment; ``Content.url`` returns it from then on. Articles are fixed on
``article_generator_finalized`` and pages on ``page_generator_finalized``,
before the other plugins' handlers (this plugin comes early in PLUGINS):
most read, legacy redirects, search and feeds each ask every article for its
URL there (7.5 µs each: 0.3 s at 10,000 articles). What a URL is made of (slug, date,
category, language) is set when an article is read and by
``article_generator_pretaxonomy`` handlers, never later. On
``all_generators_finalized`` whatever is left (content other generators
made) is fixed too; nothing is rendered yet. ``save_as`` is left alone: Pelican
treats an ``override_save_as`` as permission to overwrite another file.
Nothing changes in the output (tests/test_fixed_urls.py).

The patterns these URLs (and every other address of the portal) are made
from are the URL-scheme settings of ``pelicanconf.py``, read for every
plugin by :mod:`plugins.fixed_urls.scheme`.
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


def on_generator_finalized(generator: Any) -> None:
    fix_urls(contents_of([generator]))


def on_all_generators_finalized(generators: list) -> None:
    fix_urls(contents_of(generators))


def validate_settings(settings: Any) -> None:
    """Every pattern the plugins read is set, as text:
    ``make check`` and scripts/build.py report a missing one at the settings
    file's line before anything is read (plugins.content_check.config)."""
    from .scheme import required_settings

    for name in required_settings():
        if not isinstance(settings.get(name), str):
            raise ValueError(
                f"{name}: thiếu mẫu địa chỉ (hoặc không phải chuỗi) — khai báo nó"
                " trong khối URL scheme của pelicanconf.py"
            )


def register() -> None:
    # Connected before the plugins that read every article's URL (PLUGINS
    # order), plugins.rendering among them.
    signals.article_generator_finalized.connect(on_generator_finalized)
    signals.page_generator_finalized.connect(on_generator_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
