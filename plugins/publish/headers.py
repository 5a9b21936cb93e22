"""The ``_headers`` file (Netlify / Cloudflare Pages): security and caching headers.

The same headers go into the nginx snippet (:mod:`.nginx`).
"""

from __future__ import annotations

# script-src: our own files only, no inline script; 'wasm-unsafe-eval' lets
# the search engine (Pagefind) run its WebAssembly. frame-src: the video
# hosts, loaded only after a reader clicks play.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    ]
)

# /admin/ (plugins/admin, Decap CMS) is an application, not a page: it
# injects its styles (emotion: 'unsafe-inline' styles, no inline script),
# compiles its configuration schema ('unsafe-eval'), previews uploads as
# blob: and data: images in a same-origin frame, and talks to GitHub's API
# (or to decap-server on the editor's own machine, make cms). Measured in
# chromium: tests/test_admin_browser.py runs the editor under this policy
# and fails on any violation. Only /admin/ gets it (nginx: its own
# location; _headers: Cloudflare Pages' "! header" detaches the site's).
ADMIN_PATH = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https://avatars.githubusercontent.com"
        " https://raw.githubusercontent.com",
        "font-src 'self' data:",
        "connect-src 'self' blob: https://api.github.com http://127.0.0.1:* http://localhost:*",
        "frame-src 'self' blob:",
        "media-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Strict-Transport-Security": "max-age=31536000",
}

# Content-hashed file names (theme files, image derivatives): a changed file
# gets a new name, so a copy may be kept for a year without asking again.
IMMUTABLE = "public, max-age=31536000, immutable"
SEARCH_INDEX = "public, max-age=3600"  # Pagefind's files keep their names between builds
REVALIDATE = "no-cache"  # pages: a cached copy is checked (ETag) before every use

# No two patterns may match one file: Netlify and Cloudflare Pages join the
# values of every matching rule ("max-age=2592000, max-age=31536000, …").
CACHE_RULES = {
    "/theme/*": IMMUTABLE,
    "/images/_d/*": IMMUTABLE,
    "/pagefind/*": SEARCH_INDEX,
}


ADMIN_SECURITY_HEADERS = {
    **SECURITY_HEADERS,
    "Content-Security-Policy": ADMIN_CONTENT_SECURITY_POLICY,
    "X-Robots-Tag": "noindex, nofollow",
}


def headers_file(prefix: str = "", editions: tuple[str, ...] = ()) -> str:
    """Text of ``_headers``; ``prefix`` is the site's path under its host, if
    any; ``editions``: the other language editions' folders (``en/``), whose
    search index has the cache policy of the main one's."""
    lines = [f"{prefix}/*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    lines += ["", f"{prefix}{ADMIN_PATH}*", "  ! Content-Security-Policy"]
    lines += [
        f"  {name}: {value}"
        for name, value in ADMIN_SECURITY_HEADERS.items()
        if name in ("Content-Security-Policy", "X-Robots-Tag")
    ]
    rules = dict(CACHE_RULES)
    for home in editions:
        rules[f"/{home.strip('/')}/pagefind/*"] = SEARCH_INDEX
    for pattern, cache in rules.items():
        lines += ["", f"{prefix}{pattern}", f"  Cache-Control: {cache}"]
    return "\n".join(lines) + "\n"
