"""Vietnamese text rules: NFC, slugs, diacritic folding, collation, dates.

Pure functions, no Pelican imports, so every rule is tested directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from unidecode import unidecode

VIETNAM_TZ = timezone(timedelta(hours=7), "GMT+7")

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

_NON_SLUG = re.compile(r"[^a-z0-9]+")

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
# Every letter of Vietnamese outside ASCII, lower case, NFC.
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES
) - set("aeiouy") | {"đ"}


def nfc(text: str) -> str:
    """Return ``text`` in Unicode Normalization Form C."""
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def is_vietnamese_name(text: str) -> bool:
    """Whether ``text`` holds a letter outside ASCII, all of them Vietnamese
    ("Đức Thịnh", not "José Müller", nor "Thu Ha": nothing in it says its
    language), so an English page marks it ``lang="vi"``."""
    others = [ch.lower() for ch in nfc(text) if ch.isalpha() and ord(ch) > 127]
    return bool(others) and all(ch in VIETNAMESE_LETTERS for ch in others)


def slugify(text: str) -> str:
    """ASCII slug: diacritics dropped, ``đ`` → ``d``, runs of other chars → ``-``.

    >>> slugify("Đối ngoại nhân dân: Thái Bình 2025")
    'doi-ngoai-nhan-dan-thai-binh-2025'
    """
    ascii_text = unidecode(nfc(text).replace("đ", "d").replace("Đ", "D"))
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def fold(text: str) -> str:
    """Lower-case, diacritic-free form for matching (``Sóc Trăng`` → ``soc trang``)."""
    ascii_text = unidecode(nfc(text).replace("đ", "d").replace("Đ", "D")).lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text))


_NAME_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "–": "-", "—": "-"})


def name_key(text: str) -> str:
    """Matching key of a place name: spelled the same, whatever the tone placement.

    Lower-case, spaces collapsed, and each syllable's tone mark moved to its
    end, so the old and the new placement give one key (``Hoà`` and ``Hòa``,
    ``Thuỷ`` and ``Thủy``) while other diacritics still count (``Đắk`` is
    not ``Dak``); typographic apostrophes and dashes are the plain ones
    (``Ea H’Leo``, ``Chân Mây – Lăng Cô``). Used to *accept* a name;
    :func:`fold` only suggests.
    """
    words = []
    text = text.translate(_NAME_PUNCTUATION)
    for word in unicodedata.normalize("NFD", text.lower()).split():
        tones = [part for part in word if part in _TONES]
        base = "".join(part for part in word if part not in _TONES)
        words.append(unicodedata.normalize("NFC", base) + "".join(tones))
    return " ".join(words)


# Vietnamese alphabetical order, as dictionaries give it (Hoàng Phê): syllable
# by syllable; in a syllable the letters first (letters with a breve,
# circumflex, horn or stroke are letters of their own), then the tone. So
# "giao lưu" < "giáo dục" ("giao" < "giáo"), although "d" < "l".
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_SPACE = re.compile(r"\s")


def _split_letter(ch: str) -> tuple[str, int]:
    """Split one character into (base letter incl. vowel marks, tone rank)."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _syllable_key(syllable: str) -> tuple[tuple, tuple]:
    """(letters, tones) of one syllable: digits before letters, any other
    character after them."""
    letters = []
    tones = []
    for ch in syllable:
        base, tone = _split_letter(ch)
        if base in _LETTER_RANK:
            letters.append((1, _LETTER_RANK[base]))
        elif len(base) == 1 and base.isdigit():
            letters.append((0, ord(base)))
        else:  # any other character; "" (a lone tone mark) or two ("İ".lower())
            letters.append((2, tuple(map(ord, base))))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(text: str) -> tuple:
    """Collation key for Vietnamese: a < ă < â < b … d < đ …, syllable by
    syllable, the tone breaking ties within a syllable; a text that begins
    another comes first; the case last.

    >>> sorted(["Đà Nẵng", "Dak Lak", "An Giang", "Ăn"], key=sort_key)
    ['An Giang', 'Ăn', 'Dak Lak', 'Đà Nẵng']
    >>> sorted(["giáo dục", "giao lưu"], key=sort_key)
    ['giao lưu', 'giáo dục']
    """
    text = nfc(text)
    return (tuple(map(_syllable_key, _SPACE.split(text))), text)


_SEVEN_HOURS = timedelta(hours=7)


def collate(items: Iterable[Any], attribute: str = "") -> list[Any]:
    """``items`` in Vietnamese order (:func:`sort_key`) of ``attribute``, a
    dotted path as Jinja's ``sort`` filter takes it (``"0.name"``: the name
    of a pair's first item); equal keys keep their order. The templates'
    ``vn_sort`` filter: Jinja's own ``sort`` puts "âm nhạc" after "VUFO"."""

    def value(item: Any) -> str:
        for part in attribute.split(".") if attribute else ():
            item = item[int(part)] if part.isdigit() else getattr(item, part)
        return str(item)

    return sorted(items, key=lambda item: sort_key(value(item)))


def to_vietnam_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VIETNAM_TZ)
    if moment.utcoffset() == _SEVEN_HOURS:  # already Vietnam time (every article date)
        return moment
    return moment.astimezone(VIETNAM_TZ)


def datetime_from_match(match: re.Match[str], tz: timezone = VIETNAM_TZ) -> datetime:
    """The moment a date pattern matched, from its named groups ``y``, ``m``,
    ``d``, ``H``, ``M`` and the optional ``S``, in ``tz``.

    The content model's ``Date:`` and the importer's datelines are written
    differently but name their parts alike, so one function reads both.
    Raises ``ValueError`` for a date that does not exist (31/02).
    """
    return datetime(
        int(match["y"]),
        int(match["m"]),
        int(match["d"]),
        int(match["H"]),
        int(match["M"]),
        int(match["S"] or 0),
        tzinfo=tz,
    )


def format_dateline(moment: datetime, with_weekday: bool = True) -> str:
    """``Thứ Hai, 03/11/2025 13:33 GMT+7`` (Vietnam time)."""
    local = to_vietnam_time(moment)
    text = (
        f"{local.day:02d}/{local.month:02d}/{local.year} {local.hour:02d}:{local.minute:02d} GMT+7"
    )
    if with_weekday:
        text = f"{WEEKDAYS[local.weekday()]}, {text}"
    return text


def format_date(moment: datetime) -> str:
    """``03/11/2025``."""
    # Called for every card of every list page: plain formatting, not strftime.
    local = to_vietnam_time(moment)
    return f"{local.day:02d}/{local.month:02d}/{local.year}"


def month_name(month: int, year: int | None = None) -> str:
    """``Tháng 11/2025`` or ``Tháng 11``."""
    return f"Tháng {month}/{year}" if year else f"Tháng {month}"
