"""Production settings: pelicanconf plus the portal's address and the publishing checks."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

# The portal's one address: the root of its own domain, with no path. It is
# set here and nowhere else (not in the workflow, not in the environment):
# every absolute URL, the feeds, sitemaps, robots.txt, the CNAME file for
# GitHub Pages and the nginx snippet are made from it. See docs/deploy.md.
SITEURL = "https://doingoainhandan.example.org"
RELATIVE_URLS = False
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

# The web editor is part of the published site: no Decap bundle, no publish.
# auth_url: the OAuth provider that exchanges GitHub logins (docs/deploy.md).
ADMIN = {
    **globals().get("ADMIN", {}),
    "auth_url": "https://cms-auth.doingoainhandan.example.org",
    "required": True,
}
