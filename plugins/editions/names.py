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

import unicodedata

from markupsafe import Markup, escape

__all__ = ["as_written", "is_vietnamese_name", "marked_vietnamese"]

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
# Every letter of Vietnamese outside ASCII, lower case, NFC.
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES
) - set("aeiouy") | {"đ"}


def as_written(text: object) -> Markup:
    """``text`` escaped, as Jinja prints it."""
    return escape(text)


def is_vietnamese_name(text: str) -> bool:
    """Whether ``text`` holds a letter outside ASCII, all of them Vietnamese."""
    others = [
        ch.lower() for ch in unicodedata.normalize("NFC", text) if ch.isalpha() and ord(ch) > 127
    ]
    return bool(others) and all(ch in VIETNAMESE_LETTERS for ch in others)


def marked_vietnamese(text: object) -> Markup:
    """``text`` escaped, in ``<span lang="vi">`` when it is a Vietnamese name."""
    shown = escape(text)
    if is_vietnamese_name(str(text)):
        return Markup('<span lang="vi">{}</span>').format(shown)
    return shown
