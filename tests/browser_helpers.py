"""Shared Playwright fixtures: a built theme site, served locally, in Chromium.

The site is the lead's golden fixture (``tests/fixtures/golden_site``) plus
the theme's additions (``tests/fixtures/theme_site``: photo story, a series,
more provinces and countries), built once per session with the project's
settings and a small page size so every list is paginated.

Import the fixtures into a test module with
``from tests.browser_helpers import browser, theme_site, site_url, open_page``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.screenshots import CHROMIUM, launch_chromium, serve_folder

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SITE = ROOT / "tests" / "fixtures" / "golden_site"
THEME_SITE = ROOT / "tests" / "fixtures" / "theme_site"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_SIZE = 3  # articles per list page in the fixture build
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def build_theme_site(workdir: Path) -> Path:
    """Build golden_site + theme_site into ``workdir/out``; returns the output."""
    from plugins.fixed_urls.scheme import portal_settings
    from scripts.build import build

    content = workdir / "content"
    shutil.copytree(GOLDEN_SITE, content)
    shutil.copytree(THEME_SITE, content, dirs_exist_ok=True)
    output = workdir / "out"
    build(
        ROOT / "tests" / "golden_settings.py",
        output,
        content=content,
        extra={
            "CACHE_PATH": str(workdir / "cache"),
            "DEFAULT_PAGINATION": PAGE_SIZE,
            # the home page has its own size (13: its front layout); small
            # here too, so that it has a second page
            "PAGINATED_TEMPLATES": {**portal_settings()["PAGINATED_TEMPLATES"], "index": PAGE_SIZE},
        },
    )
    return output


@pytest.fixture(scope="session")
def theme_site(tmp_path_factory) -> Path:
    return build_theme_site(tmp_path_factory.mktemp("theme-site"))


@pytest.fixture(scope="session")
def site_url(theme_site) -> Iterator[str]:
    with serve_folder(theme_site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browsers)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@dataclass
class WatchedPage:
    """A page plus what went wrong while it was open."""

    page: object
    context: object
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console: {e}" for e in self.console_errors]
            + [f"request to another host: {u}" for u in self.foreign_requests]
            + [f"failed: {u}" for u in self.failed_requests]
        )


@pytest.fixture
def open_page(browser):
    """``open_page(viewport, storage=None)`` → a WatchedPage in a fresh context.

    Requests to any host other than 127.0.0.1 are recorded and aborted (so
    the test never depends on the network); console errors, page errors and
    HTTP errors of local resources are recorded too.
    """
    contexts = []

    def factory(viewport: dict | None = None, color_scheme: str = "light") -> WatchedPage:
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="vi-VN", color_scheme=color_scheme
        )
        contexts.append(context)
        page = context.new_page()
        watched = WatchedPage(page, context)

        def route(route_obj):
            url = route_obj.request.url
            host = urlsplit(url).hostname
            if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route_obj.continue_()
            else:
                watched.foreign_requests.append(url)
                route_obj.abort()

        context.route("**/*", route)
        page.on(
            "console",
            lambda message: (
                watched.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: watched.console_errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                watched.failed_requests.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        return watched

    yield factory
    for context in contexts:
        context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (from node_modules) on the page; returns the violations."""
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing (npm install)")
    page.add_script_tag(path=str(AXE))
    # target-size (WCAG 2.2, 2.5.8) is off in axe by default.
    result = page.evaluate(
        "async () => await axe.run(document,"
        " {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
