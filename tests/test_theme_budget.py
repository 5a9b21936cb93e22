"""Weight and safety of the built theme: the article page budget, no inline
scripts, nothing from another host in the HTML or CSS."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from tests import browser_helpers

theme_site = browser_helpers.theme_site  # the shared fixture, visible to pytest here

pytestmark = pytest.mark.slow

BUDGET_BYTES = 60 * 1024  # HTML + CSS + JS of an article page, gzipped


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def _local_assets(site: Path, page: Path) -> list[Path]:
    tree = lxml_html.fromstring(page.read_bytes())
    refs = tree.xpath("//link[@rel='stylesheet']/@href | //script/@src")
    return [site / urlsplit(ref).path.lstrip("/") for ref in refs]


def _article_pages(site: Path) -> list[Path]:
    return sorted(site.glob("bai-viet/*/index.html"))


def _published_fixture_slugs() -> set[str]:
    """Slugs of the fixture's articles that are not drafts, read from their
    headers (the theme site is golden_site + theme_site)."""
    slugs = set()
    for folder in (browser_helpers.GOLDEN_SITE, browser_helpers.THEME_SITE):
        for source in (folder / "articles").rglob("*.md"):
            header = source.read_text(encoding="utf-8").split("\n\n", 1)[0]
            fields = {
                key.lower(): value.strip()
                for key, value in re.findall(r"^(\w+):(.*)$", header, re.MULTILINE)
            }
            if fields.get("status", "published").lower() not in ("draft", "hidden"):
                slugs.add(fields.get("slug", source.stem))
    return slugs


def test_the_fixture_has_published_articles():
    assert len(_published_fixture_slugs()) >= 5


def test_article_pages_stay_within_the_budget(theme_site):
    pages = _article_pages(theme_site)
    # every published article is weighed: a build that lost its articles
    # (or a glob that matches nothing) fails here instead of passing
    assert pages, "no article page in the built site"
    assert {page.parent.name for page in pages} >= _published_fixture_slugs(), pages
    for page in pages:
        assets = _local_assets(theme_site, page)
        assert assets and all(a.exists() for a in assets), assets
        total = _gzipped(page.read_bytes()) + sum(_gzipped(a.read_bytes()) for a in assets)
        assert total <= BUDGET_BYTES, f"{page.parent.name}: {total} bytes gzipped"


def test_no_inline_script_and_no_foreign_resource(theme_site):
    pages = sorted(theme_site.rglob("*.html"))
    # the home page and every published article are among the pages read
    assert theme_site / "index.html" in pages, "no home page in the built site"
    articles = {page.parent.name for page in pages if page.parent.parent.name == "bai-viet"}
    assert articles >= _published_fixture_slugs(), articles
    for page in pages:
        tree = lxml_html.fromstring(page.read_bytes())
        for script in tree.xpath("//script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src"), f"inline script in {page}"
        for attribute in tree.xpath(
            "//link[@rel!='canonical' and @rel!='alternate']/@href | //img/@src | //script/@src | //iframe/@src | //source/@srcset"
        ):
            host = urlsplit(attribute.split()[0]).hostname
            assert host in (None, "127.0.0.1", "localhost"), f"{page}: {attribute}"
        for element in tree.iter():
            inline = [k for k in element.attrib if k == "style" or k.startswith("on")]
            assert not inline, (
                f"inline style or handler in {page}: {lxml_html.tostring(element)[:80]!r}"
            )


def test_css_loads_nothing_from_another_host(theme_site):
    sheets = sorted((theme_site / "theme" / "css").glob("*.css"))
    # every stylesheet an article page links is read
    linked = {a for page in _article_pages(theme_site) for a in _local_assets(theme_site, page)}
    linked_sheets = {a for a in linked if a.suffix == ".css"}
    assert linked_sheets and linked_sheets <= set(sheets), (linked_sheets, sheets)
    for sheet in sheets:
        for url in re.findall(r"url\(([^)]+)\)", sheet.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            assert url.startswith(("data:", "../", "/")) or "://" not in url, f"{sheet.name}: {url}"
