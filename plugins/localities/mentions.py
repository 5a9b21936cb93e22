"""Communes, wards and districts named in running text.

The importer reads them from legacy articles ("… tại xã Giao Thiện, huyện
Giao Thủy, tỉnh Nam Định …") and writes them as ``Localities:`` items that
the :class:`~plugins.localities.Gazetteer` resolves. A mention is a kind
word followed by a capitalised name (or a number: "Phường 3"); a commune
directly followed by its district (", huyện Giao Thủy" or ", thành phố Thái
Bình") gets that district as its place: ``xã Giao Thiện (huyện Giao Thủy)``.

"thành phố" alone is not read as a mention: in news text it names a
province-level city far more often than a former district-level one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from plugins.vietnamese import nfc

# Longest first, so that "thị xã" is not read as "xã".
_KINDS = ("đặc khu", "thị trấn", "thị xã", "phường", "huyện", "quận", "xã")
_MENTION = re.compile(
    r"(?<![\w])(?P<kind>" + "|".join(_KINDS) + r")\s+(?=(?P<rest>[^\W_][\w\s\-–'’]{0,80}))",
    re.IGNORECASE,
)
# The name is read in a lookahead, so that the next match may start inside it
# ("huyện Giao Thủy và thị trấn Quất Lâm").
# What may follow a commune to say where it is (matched at the name's end).
_PLACE = re.compile(
    r"\s*(?:,|thuộc|của)\s*(?P<kind>huyện|quận|thị xã|thành phố|TP\.?)\s+(?P<rest>[^\W_][\w\s\-–'’]{0,80})",
    re.IGNORECASE,
)
_COMMUNES = ("xã", "phường", "thị trấn")
_MAX_WORDS = 5  # "phường Văn Miếu Quốc Tử Giám"
_MIN_WORDS = 2  # a name is never cut shorter than this
# Family names that often follow a unit's name in "Chủ tịch UBND xã X Nguyễn Văn Y".
_SURNAMES = frozenset(
    [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Trịnh",
        "Đào",
        "Mai",
        "Lương",
        "Lưu",
        "Tạ",
        "Hà",
        "Vương",
        "Cao",
        "Lâm",
        "Quách",
        "Thái",
        "Triệu",
        "Châu",
        "Tô",
        "Đoàn",
        "Chu",
        "Giang",
    ]
)


@dataclass(frozen=True)
class Mention:
    """A unit named in text: kind, the capitalised words after it, and the
    district that follows a commune (``("huyện", "Giao Thủy")``)."""

    kind: str
    words: tuple[str, ...]
    place: tuple[str, tuple[str, ...]] | None = None

    def items(self) -> Iterator[str]:
        """``Localities:`` items to try, most likely first.

        The words after a name may be a person's ("Chủ tịch UBND xã Giao
        Thiện Nguyễn Văn Hùng"), so the name cut before a family name is
        tried next; each with its district, then without it.
        """
        for name in _prefixes(self.words):
            if self.place:
                kind, words = self.place
                for district in _prefixes(words):
                    yield f"{self.kind} {name} ({kind} {district})"
            yield f"{self.kind} {name}"


def _prefixes(words: tuple[str, ...]) -> Iterator[str]:
    """The name, then the name cut before a family name that may start the
    sentence's next words (never shorter than two words, or a number)."""
    yield " ".join(words)
    shortest = 1 if words[0].isdigit() else _MIN_WORDS
    for size in range(len(words) - 1, shortest - 1, -1):
        if words[size] in _SURNAMES:
            yield " ".join(words[:size])


def _name(rest: str) -> tuple[str, ...]:
    """The name at the start of ``rest`` ("Giao Thiện, huyện" → "Giao Thiện"):
    capitalised words ("Ch'ơm", "Phan Rang - Tháp Chàm"), numbers and the
    "Nông trường" of state-farm towns."""
    words: list[str] = []
    for word in rest.split(" "):
        if not word or len([w for w in words if w not in ("-", "–")]) == _MAX_WORDS:
            break
        if word.isdigit():  # "Phường 3", "Mỹ Đình 1", "Phường 1 Bảo Lộc"
            words.append(word)
            continue
        if word in ("-", "–") and words:
            words.append(word)
            continue
        letters = word.replace("-", "").replace("'", "").replace("’", "")
        farm = word == "trường" and words[-1:] == ["Nông"]
        if not letters.isalpha() or not (word[0].isupper() or farm):
            break
        words.append(word)
    while words and words[-1] in ("-", "–"):
        words.pop()
    return tuple(words)


def locality_mentions(text: str) -> list[Mention]:
    """The units ``text`` names, in order, each once.

    >>> [next(m.items()) for m in locality_mentions(
    ...     "tại xã Giao Thiện, huyện Giao Thủy và thị trấn Quất Lâm.")]
    ['xã Giao Thiện (huyện Giao Thủy)', 'thị trấn Quất Lâm']
    """
    text = nfc(text)
    found: dict[Mention, None] = {}
    consumed = -1
    for match in _MENTION.finditer(text):
        if match.start() < consumed:
            continue
        words = _name(match["rest"])
        if not words:
            continue
        kind = match["kind"].lower()
        end = match.start("rest") + len(" ".join(words))
        place = _PLACE.match(text, end) if kind in _COMMUNES else None
        district = _name(place["rest"]) if place else ()
        where = None
        if place and district:
            where_kind = place["kind"].lower().rstrip(".")
            where = ("thành phố" if where_kind == "tp" else where_kind, district)
            consumed = place.start("rest") + len(" ".join(district))
        found.setdefault(Mention(kind, words, where), None)
    return list(found)
