"""Reuse the previous build's feed files whose inputs did not change: pure functions.

Why: at 10,000 articles the portal writes thousands of feeds (one RSS and
one Atom per section, province, partner, organization and author), and
serialising them with feedgen is the longest part of the background work
of a rebuild, although one edited article changes only the few feeds it
appears in.

How: each channel's digest covers everything its two files are made of,
namely the channel (paths, title, links), every item (title, URL, dates,
authors, categories, summary, content, image), the site information, the
fallback date, and the code that renders them (this package's source and
feedgen's version). The digests are recorded in :data:`STATE_NAME` inside the
output's build-state folder (``.incremental/``, swapped with the site, so it
always describes the site beside it). A feed file is copied from the
previous site when its path's recorded digest equals the new one; any
doubt (no state, another recipe, a missing file) means render it. Copied
files are the very bytes a render would give (tested).

Nothing here imports Pelican.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from importlib import metadata
from pathlib import Path

from plugins.buildkit.digest import digest

from .model import FeedChannel, FeedItem, SiteInfo

STATE_NAME = "feeds.json"  # in the run's reuse-state folder (plugins.incremental.state_dir)
STATE_VERSION = 1


def code_digest() -> str:
    """This package's source files and feedgen's version: what turns the inputs into bytes."""
    folder = Path(__file__).parent
    parts = [f"{p.name}:{p.read_bytes().hex()}" for p in sorted(folder.glob("*.py"))]
    try:
        parts.append(f"feedgen=={metadata.version('feedgen')}")
    except metadata.PackageNotFoundError:
        parts.append("feedgen")
    return digest(*parts)


def item_digest(item: FeedItem) -> str:
    """A feed item is a frozen dataclass of plain values: its repr is its content."""
    return digest(repr(item))


def channel_digest(
    channel: FeedChannel,
    item_digests: Iterable[str],
    site: SiteInfo,
    fallback_updated: datetime,
    code: str,
) -> str:
    return digest(
        code,
        repr(channel),
        repr(site),
        fallback_updated.isoformat(),
        *item_digests,
    )


def read_state(previous_state: Path | None, code: str) -> dict[str, str]:
    """Feed path → digest recorded with the previous site (``previous_state``:
    the run's state folder in it); empty when unusable."""
    if previous_state is None:
        return {}
    try:
        data = json.loads((previous_state / STATE_NAME).read_text("utf-8"))
        if data.get("version") != STATE_VERSION or data.get("code") != code:
            return {}
        return {str(path): str(value) for path, value in data["feeds"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def state_text(digests: Mapping[str, str], code: str) -> str:
    payload = {"version": STATE_VERSION, "code": code, "feeds": dict(sorted(digests.items()))}
    return json.dumps(payload, indent=0, sort_keys=True) + "\n"


def reusable_text(
    previous_output: Path | None, previous: Mapping[str, str], path: str, digest: str
) -> str | None:
    """The previous site's file at ``path`` when it was made from the same inputs."""
    if previous_output is None or previous.get(path) != digest:
        return None
    try:
        with open(previous_output / path, encoding="utf-8", newline="") as stream:
            return stream.read()  # newline="": the very characters, no translation
    except (OSError, UnicodeDecodeError):
        return None
