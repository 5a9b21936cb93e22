"""Vietnamese text rules shared by every plugin (a library, not a Pelican plugin).

The rules live in :mod:`plugins.vietnamese.text` as pure functions;
``pelicanconf.py`` exposes the formatting ones to templates via ``JINJA_FILTERS``.
"""

from .text import (
    VIETNAM_TZ,
    WEEKDAYS,
    collate,
    datetime_from_match,
    fold,
    format_date,
    format_dateline,
    is_nfc,
    is_vietnamese_name,
    month_name,
    name_key,
    nfc,
    slugify,
    sort_key,
    to_vietnam_time,
)

__all__ = [
    "VIETNAM_TZ",
    "WEEKDAYS",
    "collate",
    "datetime_from_match",
    "fold",
    "format_date",
    "format_dateline",
    "is_nfc",
    "is_vietnamese_name",
    "month_name",
    "name_key",
    "nfc",
    "slugify",
    "sort_key",
    "to_vietnam_time",
]
