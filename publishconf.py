"""Production settings: pelicanconf plus absolute URLs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://doingoainhandan.example.org").rstrip("/")
RELATIVE_URLS = False
PORTAL_PUBLISH = True
# Publishing is always a full build (and leaves no .incremental state).
INCREMENTAL = {"enabled": False}
# Publishing indexes every search bundle afresh (no reuse of the previous output).
SEARCH = {**globals().get("SEARCH", {}), "incremental": False}

# The addresses of the published site are added to content/published-urls.txt
# (CI commits it): a published address may never disappear (make check).
CONTENT_CHECK = {**globals().get("CONTENT_CHECK", {}), "update_record": True}

PUBLISH = {
    "link_check": True,
    "fail_on_broken_links": True,
    "validate_html": True,
    "headers": True,
    "precompress": True,
}
