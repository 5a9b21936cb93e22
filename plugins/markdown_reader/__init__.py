"""Pelican's Markdown reader, with one parser per process and a faster smarty.

Why (measured by ``python -m bench --only build``; per-document figures by
``tests/test_markdown_reader.py``'s corpus): Pelican's ``MarkdownReader``
builds a new ``markdown.Markdown`` for every file (extensions loaded and
registered again, 0.35 ms a file) and Python-Markdown's ``smarty``
extension runs 18 regular expressions over every text node of the tree,
although a node without a quote, ``--``, ``...``, ``<<`` or ``>>`` cannot
match any of them: with our extensions smarty was half of the Markdown
time (2.4 ms of a 2.4 ms document against 1.2 ms with both fixes).

What:

- :class:`ReusingMarkdownReader` keeps two parsers per reader (Pelican's
  ``Readers`` keeps one reader per process, and the parallel reading
  children inherit it): one for documents, reset between them as
  Python-Markdown documents, and one for the formatted fields (``summary``)
  without the metadata preprocessor, as Pelican's own reader does it;
- :mod:`.smarty` is Python-Markdown's smarty with a check before its
  patterns run. Its output is the same, tested on tricky text.

The output is byte-identical to Pelican's reader with
``markdown.extensions.smarty`` (tests/test_markdown_reader.py compares
them on every sample article and on the benchmark corpus).
"""

from __future__ import annotations

from pelican import signals
from pelican.readers import MarkdownReader

from .reader import ReusingMarkdownReader

__all__ = ["ReusingMarkdownReader", "register", "use_reusing_reader"]


def use_reusing_reader(readers) -> None:  # noqa: ANN001 (pelican.readers.Readers)
    """readers_init: read Markdown extensions with :class:`ReusingMarkdownReader`."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
