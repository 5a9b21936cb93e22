"""Settings of the functional (golden) build: the project's, made hermetic."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pelicanconf import *  # noqa: E402,F403

SITEURL = ""
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
