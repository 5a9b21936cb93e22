"""Publishing checks and post-processing of the finished output tree.

``scripts/build.py`` calls :func:`post_process` once every edition's run
has written its pages, feeds and search index into the build's staging
folder, and before it swaps that folder in, so a failed check never
reaches ``output/``. Steps (setting ``PUBLISH``, merged over ``DEFAULTS``):

- internal link check (every ``href``/``src``/``srcset`` that stays on the
  site must exist, and every address of the site in JSON-LD, OpenGraph and
  Twitter tags, feeds and sitemaps): a warning in development, an error
  when publishing;
- HTML validation with the Nu Html Checker (``vnu-jar`` from npm, needs
  Java): errors fail a publish build;
- ``_headers`` with security headers (CSP without inline scripts, …) and
  cache rules, and the same as an nginx snippet, ``nginx-server.conf``
  (:mod:`.nginx`; its http-level half is plugins.legacy_urls'
  ``nginx-redirects.map``); ``PUBLISH = {"nginx_brotli": True}`` adds
  ``brotli_static`` for an nginx with the brotli module;
- ``.gz`` and ``.br`` copies of text files (byte-reproducible);
- ``CNAME`` (the host of ``SITEURL``) for GitHub Pages, when the site is at
  the root of its domain (:func:`cname`).

Not a signal handler: it needs every edition's pages, and a ``finalized``
handler of the main edition's run saw them only if it ran after every
other plugin's (it had to be last in ``PLUGINS``, which only a comment
said). The plugin stays in ``PLUGINS`` for its ``validate_settings`` and
to say that the build runs these steps.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .compress import precompress
from .headers import headers_file
from .links import FEED_SUFFIXES, HTML_SUFFIXES, find_broken_links
from .nginx import HTTP_FILE, SERVER_FILE, server_conf
from .validate import ValidatorFailed, validate_html, validator_available

logger = logging.getLogger(__name__)

DEFAULTS = {
    "link_check": True,
    "fail_on_broken_links": False,
    "validate_html": False,
    "headers": False,
    "precompress": False,
    "nginx_brotli": False,
}


class PublishError(SystemExit):
    """A publishing check failed; the message is for the editor."""


def options(settings) -> dict:
    return {**DEFAULTS, **settings.get("PUBLISH", {})}


def cname(site_url: str) -> str | None:
    """The ``CNAME`` file's text for a site at the root of its own domain
    (``https://host`` → ``host``); ``None`` for a site under a path prefix or
    a relative ``SITEURL`` (GitHub Pages serves a domain's root only)."""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
        return None
    return parts.hostname + "\n"


def validate_settings(settings) -> None:
    """Raise ``ValueError`` (Vietnamese, naming the setting) when a
    production build (``PUBLISH["headers"]``) has no absolute ``SITEURL``:
    every absolute URL, ``CNAME`` and the nginx snippet are made from it."""
    if not options(settings)["headers"]:
        return
    site_url = str(settings.get("SITEURL") or "")
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"SITEURL = {site_url!r}: bản xuất bản cần địa chỉ tuyệt đối của cổng,"
            " ví dụ 'https://doingoainhandan.example.org' (đặt trong publishconf.py)"
        )
    if site_url.endswith("/") or parts.query or parts.fragment:
        raise ValueError(
            f"SITEURL = {site_url!r}: bỏ dấu '/' ở cuối, '?…' và '#…'"
            " (ví dụ 'https://doingoainhandan.example.org')"
        )


def check_links(output: Path, site_url: str) -> list[str]:
    existing = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    pages = (
        (name, (output / name).read_text(encoding="utf-8"))
        for name in sorted(existing)
        if name.endswith(HTML_SUFFIXES + FEED_SUFFIXES)
    )
    return [
        f"{b.page}: liên kết hỏng '{b.target}'"
        for b in find_broken_links(pages, existing, site_url)
    ]


def post_process(settings) -> None:
    """The steps above over the staging folder ``OUTPUT_PATH`` of ``settings``
    (the main edition's run's), which holds every edition's pages."""
    chosen = options(settings)
    output = Path(settings["OUTPUT_PATH"])
    problems: list[str] = []
    if chosen["link_check"]:
        broken = check_links(output, settings.get("SITEURL", ""))
        for line in broken:
            logger.warning(line)
        if broken and chosen["fail_on_broken_links"]:
            problems.append(f"{len(broken)} liên kết nội bộ hỏng")
        else:
            logger.info("Kiểm tra liên kết: %d liên kết hỏng", len(broken))
    if chosen["validate_html"]:
        if not validator_available():
            problems.append("không kiểm tra được HTML: cần Java và vnu-jar (chạy 'npm install')")
        else:
            try:
                errors = validate_html(sorted(output.rglob("*.html")))
            except ValidatorFailed as failed:
                problems.append(f"không kiểm tra được HTML: {failed}")
                errors = []
            for error in errors[:200]:
                logger.error("%s:%d: HTML không hợp lệ: %s", error.file, error.line, error.message)
            if errors:
                problems.append(f"{len(errors)} lỗi HTML")
    if problems:
        raise PublishError("Không xuất bản: " + "; ".join(problems))
    if chosen["headers"]:
        prefix = urlsplit(settings.get("SITEURL", "")).path.rstrip("/")
        # The other language editions' folders (plugins/editions): "en/".
        editions = tuple(home for home in (settings.get("EDITION_HOMES") or {}).values() if home)
        (output / "_headers").write_text(headers_file(prefix, editions), encoding="utf-8")
        # The redirects' `if` needs the map of the http-level file.
        http_file = (settings.get("LEGACY_URLS") or {}).get("nginx_map_file") or HTTP_FILE
        nginx = server_conf(
            unquote(prefix),
            redirects=(output / http_file).is_file(),
            brotli=bool(chosen["nginx_brotli"]),
            http_file=http_file,
            editions=editions,
        )
        (output / SERVER_FILE).write_text(nginx, encoding="utf-8")
        domain = cname(settings.get("SITEURL", ""))
        if domain:
            (output / "CNAME").write_text(domain, encoding="utf-8")
    if chosen["precompress"]:
        count = precompress(output)
        logger.info("Đã nén sẵn %d tệp (.gz, .br)", count)


def register() -> None:
    """Nothing to connect: scripts/build.py calls :func:`post_process`."""
