"""Vietnamese names on the English edition's pages, marked ``lang="vi"``.

A byline or the person responsible for the content is a Vietnamese name
("Đức Thịnh") on an ``<html lang="en">`` page: screen readers read it with
English rules unless its element says its language. A name is marked when it
holds a letter outside ASCII and every such letter is one of Vietnamese
(``đ``, ``ơ``, ``ư``, the vowels with their tone marks): "José Müller" is not
marked (``ü``), a name in plain Latin letters ("Editorial Board", "Thu Ha")
neither, since nothing in it says its language. The Vietnamese edition's
filter is :func:`as_written` (the same markup as without a filter).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from plugins.vietnamese import is_vietnamese_name

__all__ = ["as_written", "is_vietnamese_name", "marked_vietnamese"]


def as_written(text: object) -> Markup:
    """``text`` escaped, as Jinja prints it."""
    return escape(text)


def marked_vietnamese(text: object) -> Markup:
    """``text`` escaped, in ``<span lang="vi">`` when it is a Vietnamese name."""
    shown = escape(text)
    if is_vietnamese_name(str(text)):
        return Markup('<span lang="vi">{}</span>').format(shown)
    return shown
