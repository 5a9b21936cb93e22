"""The build's clock, the ``SCHEDULE`` setting and what is scheduled: pure functions.

Nothing here needs a Pelican run: ``make check`` lists the scheduled
articles with :func:`build_time` and :func:`is_scheduled`, and
``scripts/build.py`` decides whether a site is still current with the same
clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from plugins.content_model.model import parse_datetime
from plugins.options import plugin_options
from plugins.vietnamese import VIETNAM_TZ, to_vietnam_time

__all__ = [
    "CLOCK_NAME",
    "DEFAULTS",
    "ScheduleOptions",
    "build_time",
    "is_scheduled",
    "next_release",
    "parse_clock",
    "schedule_options",
]

# The setting and the environment variable that fix the build's clock.
CLOCK_NAME = "BUILD_TIME"

DEFAULTS: dict = {
    # True: scheduled articles stay in the site, marked (make serve).
    "preview": False,
}


@dataclass(frozen=True)
class ScheduleOptions:
    preview: bool = False


def schedule_options(settings: Mapping) -> ScheduleOptions:
    """``SCHEDULE`` merged over :data:`DEFAULTS` (the settings are not touched)."""
    given = settings.get("SCHEDULE") or {}
    if not isinstance(given, Mapping):
        raise ValueError(
            f"SCHEDULE phải là một dict (ví dụ {{'preview': True}}), không phải {given!r}"
        )
    merged = plugin_options(settings, "SCHEDULE", DEFAULTS)
    if not isinstance(merged["preview"], bool):
        raise ValueError(
            f"SCHEDULE['preview'] phải là True hoặc False, không phải {merged['preview']!r}"
        )
    return ScheduleOptions(preview=merged["preview"])


def parse_clock(value: object, origin: str = CLOCK_NAME) -> datetime:
    """A clock value (``datetime`` or text) as an aware GMT+7 datetime.

    Text is read as an article date (``2025-11-03 13:33``, GMT+7 implied);
    an ISO 8601 time with another explicit offset (``2025-11-03T06:33Z``)
    is accepted too and converted. A naive ``datetime`` is GMT+7.
    """
    if isinstance(value, datetime):
        return to_vietnam_time(value)
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError as problem:
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is None:
                raise ValueError(
                    f"{origin}: {problem} — viết dạng '2025-11-03 13:33' (giờ Việt Nam)"
                ) from problem
            return to_vietnam_time(moment)
    raise ValueError(
        f"{origin} phải là ngày giờ (datetime hoặc chuỗi '2025-11-03 13:33'), không phải {value!r}"
    )


def build_time(settings: Mapping | None = None, environ: Mapping = os.environ) -> datetime:
    """The build's clock, timezone-aware in GMT+7.

    The setting ``BUILD_TIME`` if set, else the environment variable
    ``BUILD_TIME``, else now. An unparsable value raises ``ValueError``
    with a Vietnamese message naming ``BUILD_TIME``.
    """
    value = (settings or {}).get(CLOCK_NAME)
    if value not in (None, ""):
        return parse_clock(value, f"{CLOCK_NAME} (cấu hình)")
    value = environ.get(CLOCK_NAME)
    if value not in (None, ""):
        return parse_clock(value, f"{CLOCK_NAME} (biến môi trường)")
    return datetime.now(VIETNAM_TZ)


def is_scheduled(date: datetime, now: datetime) -> bool:
    """Whether an article dated ``date`` waits for its time at ``now``
    (a naive date is GMT+7, as article dates are)."""
    return to_vietnam_time(date) > to_vietnam_time(now)


def next_release(dates: Iterable[datetime], now: datetime) -> datetime | None:
    """The earliest of ``dates`` still to come at ``now`` (GMT+7), if any."""
    return min(
        (to_vietnam_time(d) for d in dates if is_scheduled(d, now)),
        default=None,
    )
