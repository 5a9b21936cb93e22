"""Stand-ins for Pelican's articles and generator, for the most-read tests
(the handler reads only these attributes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Section:
    slug: str


@dataclass
class Article:
    url: str
    date: datetime
    section: Section
    views: int | None = None
    legacy_url: str | None = None
    metadata: dict = field(default_factory=dict)


@dataclass
class Generator:
    articles: list
    settings: dict
    context: dict = field(default_factory=dict)
