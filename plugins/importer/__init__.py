"""Importer of legacy page captures (a command-line tool, not a Pelican plugin).

``python -m plugins.importer SRC… [--out content/articles] [--report r.json]``
(``make import SRC=…``) reads plain-text captures (``.txt``) and saved HTML
pages (``.html``/``.htm``) of the legacy sites and writes one Markdown
article per capture into ``content/articles/YYYY/<slug>.md``.

- :mod:`.capture` — the shared page rules (chrome, teasers, captions, byline);
- :mod:`.text_capture`, :mod:`.html_capture` — the two readers;
- :mod:`.convert` — section, topics, sapo and Markdown (the rules for the
  section are documented in ``data/legacy_sections.toml``);
- :mod:`.store` — identity of an article across re-imports, the report.
"""

from __future__ import annotations

from .capture import CaptureError, LegacyArticle
from .html_capture import parse_html_capture
from .run import CAPTURE_SUFFIXES, Importer, find_captures, parse_capture
from .store import Report, ReportEntry
from .text_capture import parse_text_capture

__all__ = [
    "CAPTURE_SUFFIXES",
    "CaptureError",
    "Importer",
    "LegacyArticle",
    "Report",
    "ReportEntry",
    "find_captures",
    "parse_capture",
    "parse_html_capture",
    "parse_text_capture",
]
