"""The server-level part of the nginx snippet: ``nginx-server.conf``.

The build writes a complete nginx configuration for the site in two files,
both at the top of the output folder:

- ``nginx-redirects.map`` (plugins.legacy_urls), the **http-level** part:
  ``map_hash_bucket_size`` sized for the longest address, and the map of old
  addresses to new ones (``$new_uri``);
- ``nginx-server.conf`` (this module), the **server-level** part, included
  inside ``server { }`` after the ``root`` that points at the output folder:
  the 301s of the map, ``gzip_static``, charset, the 404 page, the security
  headers of :mod:`.headers` and a cache policy per location.

Why at the top of the output, not in a folder of their own or beside it:
the build publishes exactly one folder (a failed build leaves the previous
one, see scripts/build.py), so the snippet is always the one of the pages
beside it, and a deploy that copies the folder copies its configuration
too. The names were already taken there (``nginx-redirects.map``, which the
content check reserves along with ``_headers`` and ``_redirects``), and
nothing in them is secret: every redirect and header is visible to anyone
who asks the server. Served by nginx, the snippet still refuses to hand out
these files (a 404); on other hosts they are harmless static files.

nginx pitfalls the snippet avoids:

- ``add_header`` is inherited only by a location with no ``add_header`` of
  its own, so every location repeats the security headers (generated, so
  the copies cannot drift apart), and the server level has them too for the
  301s answered before any location is chosen; ``always`` puts them on
  errors (404) as well;
- ``types { }`` in a location replaces the whole MIME table there, so the
  types Debian's ``mime.types`` lacks (``.webmanifest``) get a nested
  location that matches only their extension;
- ``absolute_redirect off``: nginx's own redirects (a folder without its
  ``/``) keep the browser on the scheme and host it asked for, even behind a
  proxy that terminates TLS.

``brotli_static`` needs a module Debian's nginx does not load by default
(``libnginx-mod-http-brotli-static``): it is written only when asked
(``PUBLISH = {"nginx_brotli": True}``). Includes are by absolute path in the
server's own configuration (see docs/deploy.md); neither file includes the
other, so the output folder can live anywhere.
"""

from __future__ import annotations

import re

from .headers import (
    ADMIN_PATH,
    ADMIN_SECURITY_HEADERS,
    IMMUTABLE,
    REVALIDATE,
    SEARCH_INDEX,
    SECURITY_HEADERS,
)

SERVER_FILE = "nginx-server.conf"
HTTP_FILE = "nginx-redirects.map"  # plugins.legacy_urls' default name
HOST_FILES = ("_headers", "_redirects")

# Extensions of files the portal publishes that Debian 12's /etc/nginx/mime.types
# (nginx 1.22) does not know (it has avif, webp, woff2, svg, json, wasm).
EXTRA_TYPES = {
    "webmanifest": "application/manifest+json",
    "mjs": "text/javascript",
    "csv": "text/csv",  # the statistics page's downloads
}

# Text types that get "; charset=utf-8" (text/html always does).
CHARSET_TYPES = (
    "text/css",
    "text/csv",
    "text/plain",
    "text/xml",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/rss+xml",
    "application/atom+xml",
    "image/svg+xml",
)

IMAGES = "public, max-age=2592000"  # images/ outside images/_d/: names may be reused

# (location, Cache-Control). Everything not listed (pages, feeds, sitemaps,
# the 404 page) is revalidated; the longest matching prefix wins.
LOCATIONS = (
    ("/", REVALIDATE),
    ("/theme/", IMMUTABLE),
    ("/images/", IMAGES),
    ("/images/_d/", IMMUTABLE),
    ("/pagefind/", SEARCH_INDEX),
    (ADMIN_PATH, REVALIDATE),  # the web editor: its own security headers
)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_PLAIN = re.compile(r"[^\s;{}\"'#]+")
_REGEX_SPECIAL = re.compile(r"([.^$*+?()\[\]{}|\\])")


def _token(value: str) -> str:
    """A location or regex as nginx reads it: bare when it can be, else quoted
    (nginx keeps a backslash before any character but \\, " and ')."""
    return value if _PLAIN.fullmatch(value) else '"' + value.replace('"', '\\"') + '"'


def _escape(text: str) -> str:
    return _REGEX_SPECIAL.sub(r"\\\1", text)


def _headers(
    cache: str | None, indent: str, security: dict[str, str] = SECURITY_HEADERS
) -> list[str]:
    lines = [
        f"{indent}add_header {name} {_quoted(value)} always;" for name, value in security.items()
    ]
    if cache:
        lines.append(f"{indent}add_header Cache-Control {_quoted(cache)} always;")
    return lines


def _location(
    match: str,
    cache: str,
    security: dict[str, str] = SECURITY_HEADERS,
    extra: tuple[str, ...] = (),
) -> list[str]:
    extensions = "|".join(_escape(e) for e in EXTRA_TYPES)
    types = " ".join(f"{mime} {extension};" for extension, mime in EXTRA_TYPES.items())
    return [
        f"location {match} {{",
        *(f"    {line}" for line in extra),
        *_headers(cache, "    ", security),
        f"    location ~ \\.(?:{extensions})$ {{",
        f"        types {{ {types} }}",
        *_headers(cache, "        ", security),
        "    }",
        "}",
    ]


def _error_page_location(path: str, extra: tuple[str, ...] = ()) -> list[str]:
    """An error page's exact location: ``internal`` (asked for by name, it
    is a missing address) with the pages' headers (an exact location holds
    no inner one, and add_header is not inherited)."""
    return [
        f"location = {_token(path)} {{",
        "    internal;",
        *(f"    {line}" for line in extra),
        *_headers(REVALIDATE, "    ", SECURITY_HEADERS),
        "}",
    ]


def server_conf(
    prefix: str = "",
    redirects: bool = True,
    brotli: bool = False,
    http_file: str = HTTP_FILE,
    editions: tuple[str, ...] = (),
) -> str:
    """Text of ``nginx-server.conf``.

    ``prefix``: the site's path under its host (``/portal``), if any;
    ``redirects``: the http-level file with the ``$new_uri`` map exists;
    ``brotli``: serve the ``.br`` copies too (needs the brotli module);
    ``http_file``: the name of the http-level file (LEGACY_URLS' ``nginx_map_file``);
    ``editions``: the other language editions' folders (``en/``): each gets
    its own 404 page (``en/404.html``) and its search index's cache policy.
    """
    prefix = prefix.rstrip("/")
    names = "|".join(_escape(name) for name in (*HOST_FILES, http_file, SERVER_FILE))
    hidden = _token(f"^{_escape(prefix)}/(?:{names})" + r"(?:\.gz|\.br)?$")
    lines = [
        "# Cấu hình nginx của cổng, phần cấp server (tạo tự động, đừng sửa tay).",
        "# Dùng: server { root <thư mục output>; include <thư mục output>/nginx-server.conf; }",
        f"# và trong http {{ }}: include <thư mục output>/{http_file}; (xem docs/deploy.md)",
        "",
        "charset utf-8;",
        f"charset_types {' '.join(CHARSET_TYPES)};",
        "index index.html;",
        "absolute_redirect off;",
        "server_tokens off;",
        "gzip_static on;",
        "gzip_vary on;",
    ]
    if brotli:
        lines.append("brotli_static on;")
    # 403: a folder without index.html ("/tinh/"), which nginx refuses to
    # list: for the reader it is an address the site does not have.
    lines.append(f"error_page 403 404 =404 {_token(prefix + '/404.html')};")
    if redirects:
        lines += [
            "",
            f"# Địa chỉ cũ → địa chỉ mới (bảng $new_uri trong {http_file})",
            "if ($new_uri) {",
            "    return 301 $new_uri$is_args$args;  # the query string goes along",
            "}",
        ]
    lines += [
        "",
        "# Cho các phản hồi trả về trước khi chọn location (301 ở trên)",
        *_headers(None, ""),
        "",
        "# Các tệp cấu hình máy chủ không phục vụ cho người đọc",
        f"location ~ {hidden} {{",
        "    return 404;",
        "}",
    ]
    for path, cache in LOCATIONS:
        match = _token(prefix + path) if path == "/" else f"^~ {_token(prefix + path)}"
        security = ADMIN_SECURITY_HEADERS if path == ADMIN_PATH else SECURITY_HEADERS
        lines += ["", *_location(match, cache, security)]
    # A 404 page asked for by its own address is a missing page too (it
    # answered 200): only error_page's internal redirect reaches it.
    lines += ["", *_error_page_location(prefix + "/404.html")]
    for home in editions:
        folder = f"{prefix}/{home.strip('/')}/"
        own_page = (f"error_page 403 404 =404 {_token(f'{folder}404.html')};",)
        lines += ["", *_error_page_location(f"{folder}404.html", own_page)]
        lines += ["", *_location(f"^~ {_token(folder)}", REVALIDATE, extra=own_page)]
        lines += [
            "",
            *_location(f"^~ {_token(folder + 'pagefind/')}", SEARCH_INDEX, extra=own_page),
        ]
    return "\n".join(lines) + "\n"
