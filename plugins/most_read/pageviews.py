"""Read page-view exports into ``{path: views}``: pure functions, no Pelican.

Accepted files (UTF-8 CSV with a header row; the flavour is recognised from
the header, case-insensitive, and columns may come in any order):

=============  =====================================  ===============================
Flavour        Header (columns used)                  Meaning of a row
=============  =====================================  ===============================
simple         ``path,views``                         a page and its view count
plausible      ``name,visitors,pageviews,…``          Plausible ``pages.csv``: page
               (``pageviews``, else ``visitors``)     path and its counts
umami          ``x,y`` or ``Path,Views``              Umami metrics export
goatcounter    ``2Path,Title,Event,UserAgent,…``      GoatCounter export: one row per
               (``Path``, ``Event``, ``Bot``,         hit; events and bots are skipped,
               ``Date``)                              hits before the window too
goatcounter    ``Path,…,Count`` (``Count``/``Hits``)  GoatCounter per-path counts
=============  =====================================  ===============================

A path may be written with or without the site's address, with or without
the trailing slash, with a query string or ``#fragment``, or be an address
of the old CMS (``Legacy_URL``); :func:`normalize_path` brings them all to
one form. A malformed row (missing column, empty path, count that is not a
whole number ≥ 0, unreadable date) is reported as ``file:line: message``
and skipped; the rest of the file is still used.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Flavour:
    """How to read one export format, recognised by its header."""

    name: str
    requires: tuple[str, ...]  # all these columns must be present
    path_columns: tuple[str, ...]  # the first present one holds the path
    count_columns: tuple[str, ...] = ()  # the first present one; none: one row = one hit


# Most specific first: the first flavour whose columns are all present wins.
FLAVOURS: tuple[Flavour, ...] = (
    Flavour("goatcounter", ("2path",), ("2path",)),
    Flavour("goatcounter", ("path", "event", "useragent"), ("path",)),
    Flavour("goatcounter", ("path", "count"), ("path",), ("count",)),
    Flavour("goatcounter", ("path", "hits"), ("path",), ("hits",)),
    Flavour("plausible", ("name", "pageviews"), ("name",), ("pageviews",)),
    Flavour("plausible", ("name", "visitors"), ("name",), ("visitors",)),
    Flavour("umami", ("x", "y"), ("x",), ("y",)),
    Flavour("simple", ("path", "views"), ("path",), ("views",)),
    Flavour("simple", ("url", "views"), ("url",), ("views",)),
    Flavour("simple", ("path", "pageviews"), ("path",), ("pageviews",)),
)


@dataclass
class PageviewData:
    """Views per normalised path, plus the problems found while reading."""

    views: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    flavour: str = ""
    rows: int = 0


def normalize_path(raw: str, siteurl: str = "") -> str | None:
    """One form for every way of writing a page's address: ``bai-viet/x/``.

    The site's address, scheme and host, query string and fragment are
    dropped, percent-escapes decoded, ``index.html`` removed, and a trailing
    slash added to directory-style paths (a path ending in ``.html`` or
    another extension keeps its name). ``/`` becomes ``""`` (the home page).
    Returns None for something that is not a path.

    >>> normalize_path("https://example.vn/bai-viet/abc?utm_source=x#top")
    'bai-viet/abc/'
    """
    text = raw.strip()
    if not text:
        return None
    if siteurl and text.startswith(siteurl.rstrip("/")):
        text = text[len(siteurl.rstrip("/")) :]
    parts = urlsplit(text)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    path = unquote(parts.path)
    segments = [s for s in path.split("/") if s]
    if segments and segments[-1] in ("index.html", "index.htm"):
        segments.pop()
        return "/".join(segments) + "/" if segments else ""
    if not segments:
        return ""
    joined = "/".join(segments)
    return joined if "." in segments[-1] else joined + "/"


def _count(value: str) -> int | None:
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if not text.isdigit():
        return None
    return int(text)


def _hit_date(value: str) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def detect_flavour(header: list[str]) -> Flavour | None:
    columns = {h.strip().lower().lstrip("\ufeff") for h in header}
    return next((f for f in FLAVOURS if set(f.requires) <= columns), None)


def parse_pageviews(
    text: str,
    source: str = "pageviews.csv",
    siteurl: str = "",
    hits_since: datetime | None = None,
) -> PageviewData:
    """Parse one export's text; ``source`` names the file in warnings.

    ``hits_since``: for per-hit exports, hits dated before it are not counted.
    """
    data = PageviewData()
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return data
    flavour = detect_flavour(header)
    if flavour is None:
        data.warnings.append(
            f"{source}:1: không nhận ra định dạng tệp lượt xem (dòng tiêu đề: {','.join(header)}); "
            "cần 'path,views' hoặc tệp xuất của GoatCounter, Plausible, Umami"
        )
        return data
    data.flavour = flavour.name
    columns = [h.strip().lower().lstrip("\ufeff") for h in header]
    path_at = columns.index(next(c for c in flavour.path_columns if c in columns))
    count_at = columns.index(flavour.count_columns[0]) if flavour.count_columns else None
    event_at = columns.index("event") if "event" in columns and count_at is None else None
    bot_at = columns.index("bot") if "bot" in columns and count_at is None else None
    date_at = columns.index("date") if "date" in columns and count_at is None else None
    needed = max(i for i in (path_at, count_at, event_at, bot_at, date_at) if i is not None) + 1

    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < needed:
            data.warnings.append(
                f"{source}:{line}: thiếu cột (có {len(row)}, cần {needed}), bỏ qua dòng này"
            )
            continue
        path = normalize_path(row[path_at], siteurl)
        if path is None:
            data.warnings.append(
                f"{source}:{line}: đường dẫn không hợp lệ {row[path_at]!r}, bỏ qua dòng này"
            )
            continue
        if count_at is None:
            if event_at is not None and row[event_at].strip().lower() in ("true", "1", "yes"):
                continue
            if bot_at is not None and row[bot_at].strip() not in ("", "0"):
                continue
            if date_at is not None and hits_since is not None:
                try:
                    when = _hit_date(row[date_at])
                except ValueError:
                    data.warnings.append(
                        f"{source}:{line}: ngày không hợp lệ {row[date_at]!r}, bỏ qua dòng này"
                    )
                    continue
                if when is not None and when.tzinfo is None:
                    when = when.replace(tzinfo=hits_since.tzinfo)
                if when is not None and when < hits_since:
                    continue
            views = 1
        else:
            views = _count(row[count_at])
            if views is None:
                data.warnings.append(
                    f"{source}:{line}: số lượt xem không hợp lệ {row[count_at]!r}, bỏ qua dòng này"
                )
                continue
        data.views[path] += views
        data.rows += 1
    return data


def read_pageviews(
    path: Path, siteurl: str = "", hits_since: datetime | None = None
) -> PageviewData:
    """Read an export file; a missing file is no data (not an error)."""
    if not path.is_file():
        return PageviewData()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return PageviewData(warnings=[f"{path}:1: không đọc được tệp lượt xem ({error})"])
    return parse_pageviews(text, str(path), siteurl, hits_since)
