"""Vietnamese names on the English edition's pages, marked ``lang="vi"``.

A byline, a photo credit or the person responsible for the content is a
Vietnamese name ("Đức Thịnh") on an ``<html lang="en">`` page: screen readers
read it with English rules unless its element says its language. A name with
Vietnamese letters (marks, ``đ``) is wrapped in ``<span lang="vi">``; one in
plain Latin letters ("Editorial Board", "Thu Ha") is left as it is, since
nothing in it says which language it is. The Vietnamese edition's filter is
:func:`as_written` (the same markup as without a filter).
"""

from __future__ import annotations

from markupsafe import Markup, escape

__all__ = ["as_written", "marked_vietnamese"]


def as_written(text: object) -> Markup:
    """``text`` escaped, as Jinja prints it."""
    return escape(text)


def marked_vietnamese(text: object) -> Markup:
    """``text`` escaped, in ``<span lang="vi">`` when it holds a letter
    outside ASCII (Vietnamese marks, ``đ``)."""
    shown = escape(text)
    if any(ord(ch) > 127 and ch.isalpha() for ch in str(text)):
        return Markup('<span lang="vi">{}</span>').format(shown)
    return shown
