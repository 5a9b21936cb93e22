"""Settings of the functional (golden) build: the project's, made hermetic."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pelicanconf import *  # noqa: E402,F403

SITEURL = ""
# The build's clock (plugins/schedule): fixed, so no fixture article ever
# becomes "scheduled" or "due" as real time passes.
BUILD_TIME = "2026-03-01 12:00"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
MOST_READ = {
    "path": str(Path(__file__).resolve().parent / "fixtures" / "golden_pageviews.csv"),
    "window_days": 3650,
    "now": "2026-03-01",
}
