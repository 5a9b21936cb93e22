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


def headers_file(prefix: str = "") -> str:
    """Text of ``_headers``; ``prefix`` is the site's path under its host, if any."""
    lines = [f"{prefix}/*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    for pattern, cache in CACHE_RULES.items():
        lines += ["", f"{prefix}{pattern}", f"  Cache-Control: {cache}"]
    return "\n".join(lines) + "\n"
