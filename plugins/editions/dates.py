"""English dates for the English edition, in Vietnam time (GMT+7).

``Thursday, 16 October 2025, 10:30 GMT+7`` (British order, as the
friendship unions' English pages write it). Month and weekday names come
from Babel's CLDR data, not a table of ours. The Vietnamese forms stay in
:mod:`plugins.vietnamese` (``Thứ Năm, 16/10/2025 10:30 GMT+7``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from babel.dates import format_date as _babel_date
from babel.dates import get_month_names

from plugins.vietnamese import to_vietnam_time

__all__ = ["english_date", "english_dateline", "english_day", "english_month_name"]

LOCALE = "en_GB"


def english_dateline(moment: datetime, with_weekday: bool = True) -> str:
    """``Thursday, 16 October 2025, 10:30 GMT+7`` (without the weekday:
    ``16 October 2025, 10:30 GMT+7``)."""
    local = to_vietnam_time(moment)
    pattern = "EEEE, d MMMM y" if with_weekday else "d MMMM y"
    day = _babel_date(local.date(), pattern, locale=LOCALE)
    return f"{day}, {local.hour:02d}:{local.minute:02d} GMT+7"


def english_date(moment: datetime) -> str:
    """``16 Oct 2025`` (cards and lists). The short month is CLDR's for
    ``en``: ``en_GB`` abbreviates September alone to four letters ("8 Sept
    2025" beside "6 Nov 2025")."""
    day = to_vietnam_time(moment).date()
    return f"{day.day} {_short_month_names()[day.month]} {day.year}"


def english_month_name(month: int, year: int | None = None) -> str:
    """``October 2025`` or ``October``."""
    name = _month_names()[month]
    return f"{name} {year}" if year else name


@cache
def _month_names() -> dict[int, str]:
    # Babel builds its mapping anew on each call: once per page otherwise
    return dict(get_month_names("wide", locale=LOCALE))


@cache
def _short_month_names() -> dict[int, str]:
    return dict(get_month_names("abbreviated", locale="en"))


def english_day(numeric: str) -> str:
    """``06/12/2026`` (the header's date line) → ``6 December 2026``; any
    other text is returned as it is."""
    day, _, rest = numeric.partition("/")
    month, _, year = rest.partition("/")
    if not (day.isdigit() and month.isdigit() and year.isdigit() and 1 <= int(month) <= 12):
        return numeric
    return f"{int(day)} {english_month_name(int(month))} {year}"
