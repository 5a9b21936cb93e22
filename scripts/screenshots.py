"""PNG screenshots of every page type of a built site, at phone and desktop sizes.

``make screenshots`` builds the portal, then runs
``python -m scripts.screenshots output/screenshots``: the site in ``output/``
is served on 127.0.0.1 (a free port) and Debian's chromium, driven by
Playwright, saves ``<page-type>-<width>x<height>.png`` for each page type.

The page discovery (:func:`page_types`) and the local server
(:func:`serve_folder`) are shared with the browser tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from plugins.fixed_urls.scheme import portal_settings, save_as_for

ROOT = Path(__file__).resolve().parents[1]

# Debian's chromium first; elsewhere (e.g. a GitHub runner) an installed
# Chromium or Chrome; CHROMIUM=/path overrides.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_chromium() -> str:
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen
    return next(
        (path for path in CHROMIUM_CANDIDATES if Path(path).exists()), CHROMIUM_CANDIDATES[0]
    )


CHROMIUM = find_chromium()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 768)}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the browser closing a connection early is not an error here


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _first(site: Path, pattern: str, exclude: str | None = None) -> str | None:
    """Site-relative URL of the first page matching ``pattern`` (sorted)."""
    for path in sorted(site.glob(pattern)):
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        if exclude and re.search(exclude, url):
            continue
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8", errors="replace")[:2000]:
            continue  # a redirect page, not a page type
        return url
    return None


class _AnyNumber:
    """A date field of a URL pattern, filled as a glob: ``{date:%Y}`` → ``[0-9]*``."""

    def __format__(self, spec: str) -> str:
        return "[0-9]*"


def page_glob(kind: str, settings: Mapping[str, Any] | None = None) -> str:
    """The glob of the files of a kind of page, from the URL scheme (pelicanconf.py's
    by default): ``page_glob("province")`` → ``"tinh/*/index.html"``."""
    return save_as_for(
        settings or portal_settings(), kind, slug="*", section="*", date=_AnyNumber()
    )


def _article_of_format(site: Path, fmt: str, settings: Mapping[str, Any]) -> str | None:
    body = re.compile(rf'<body class="[^"]*\bformat-{re.escape(fmt)}\b')
    for path in sorted(site.glob(page_glob("article", settings))):
        if body.search(path.read_text(encoding="utf-8", errors="replace")):
            return "/" + path.parent.relative_to(site).as_posix() + "/"
    return None


def page_types(site: Path, settings: Mapping[str, Any] | None = None) -> dict[str, str]:
    """One URL per page type that exists in the built ``site`` (made with the
    URL scheme of ``settings``, pelicanconf.py's by default)."""
    settings = settings or portal_settings()

    def first(kind: str, exclude: str | None = None) -> str | None:
        return _first(site, page_glob(kind, settings), exclude)

    def fixed(kind: str) -> str | None:
        """The URL of a page written once (``luu-tru/index.html`` → ``/luu-tru/``)."""
        file = save_as_for(settings, kind)
        return "/" + file.removesuffix("index.html") if file and (site / file).exists() else None

    home = save_as_for(settings, "index").removesuffix("index.html")
    rules = settings.get("PAGINATION_PATTERNS") or ()
    second = next((rule for rule in rules if rule[0] == 2), None)
    page_two = (
        second[2].format(base_name=home.rstrip("/") or ".", number=2).removeprefix("./")
        if second
        else "trang-2/index.html"
    )
    feeds = (settings.get("FEEDS") or {}).get("directory") or "feeds"
    not_found = settings.get("404_SAVE_AS") or "404.html"
    found = {
        "home": fixed("index"),
        "home-page-2": _first(site, page_two),
        "article": _article_of_format(site, "article", settings),
        "article-video": _article_of_format(site, "video", settings),
        "article-infographic": _article_of_format(site, "infographic", settings),
        "article-photo": _article_of_format(site, "photo", settings),
        "section": first("section"),
        "subsection": first("subsection", exclude=r"/trang-\d+/"),
        "province": first("province"),
        "country": first("country"),
        "organization": first("organization"),
        "keyword": first("keyword", exclude=r"/trang-\d+/"),
        "author": first("author", exclude=r"/trang-\d+/"),
        "year-archive": first("year_archive"),
        "month-archive": first("month_archive"),
        "archives": fixed("archives"),
        "topics-index": fixed("topics"),
        "categories": fixed("sections"),
        "tags": fixed("keywords"),
        "authors": fixed("authors"),
        "search": fixed("search"),
        "statistics": fixed("statistics"),
        "feeds": f"/{feeds}/" if (site / feeds / "index.html").exists() else None,
        "static-page": _first(site, save_as_for(settings, "page", slug="gioi-thieu")),
        "not-found": f"/{not_found}" if (site / not_found).exists() else None,
    }
    return {name: url for name, url in found.items() if url}


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def every_page_type(site: Path) -> dict[str, str]:
    """:func:`page_types` of every language edition: the English ones as ``en-<type>``."""
    from plugins.editions import edition_languages, run_settings

    settings = portal_settings()
    found = dict(page_types(site, settings))
    for lang in edition_languages(settings)[1:]:
        edition = run_settings(settings, lang)
        found.update({f"{lang}-{k}": v for k, v in page_types(site, edition).items()})
    return found


def take_screenshots(
    site: Path, destination: Path, full_page: bool = True, only: list[str] | None = None
) -> list[Path]:
    """Save one PNG per page type and viewport; returns the files written."""
    from playwright.sync_api import sync_playwright

    destination.mkdir(parents=True, exist_ok=True)
    written = []
    pages = {k: v for k, v in every_page_type(site).items() if not only or k in only}
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width, height in VIEWPORTS.values():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="vi-VN"
                )
                page = context.new_page()
                for name, url in pages.items():
                    page.goto(base + url, wait_until="networkidle")
                    # A full-page shot shows what is below the fold: load lazy images too.
                    page.evaluate(
                        "Promise.all([...document.images].map(i => { i.loading = 'eager';"
                        " return i.decode().catch(() => null); }))"
                    )
                    target = destination / f"{name}-{width}x{height}.png"
                    page.screenshot(path=str(target), full_page=full_page)
                    written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination", nargs="?", default=str(ROOT / "output" / "screenshots"))
    parser.add_argument(
        "--site", default=None, help="built site (default: the destination's parent)"
    )
    parser.add_argument(
        "--viewport-only", action="store_true", help="only the first screen, not the full page"
    )
    parser.add_argument("--only", nargs="*", help="page types to capture (default: all)")
    args = parser.parse_args(argv)
    destination = Path(args.destination).resolve()
    site = Path(args.site).resolve() if args.site else destination.parent
    if not (site / "index.html").exists():
        print(f"Không thấy trang đã dựng trong {site}: chạy `make html` trước.", file=sys.stderr)
        return 1
    written = take_screenshots(site, destination, full_page=not args.viewport_only, only=args.only)
    print(f"Đã chụp {len(written)} ảnh vào {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
