"""``make new``: scaffold a draft article (a command, not a Pelican plugin).

``python -m plugins.scaffold --title … --section … --provinces "A, B"``
writes ``content/articles/<YYYY>/<slug>.md`` with ``Status: draft``, the
current time in GMT+7 and every field of the content model. Missing
arguments are asked for when stdin is a terminal. An existing slug (anywhere
under ``articles/`` or ``pages/``) is never overwritten: the new file gets
the first free ``-2``, ``-3`` … suffix, and the command says so.
"""

from .article import GUIDE_MARKER, article_slug, format_date, render_article, unique_slug
from .command import main, scaffold

__all__ = [
    "GUIDE_MARKER",
    "article_slug",
    "format_date",
    "main",
    "render_article",
    "scaffold",
    "unique_slug",
]
