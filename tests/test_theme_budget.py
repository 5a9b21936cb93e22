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


def test_article_pages_stay_within_the_budget(theme_site):
    for page in _article_pages(theme_site):
        assets = _local_assets(theme_site, page)
        assert assets and all(a.exists() for a in assets), assets
        total = _gzipped(page.read_bytes()) + sum(_gzipped(a.read_bytes()) for a in assets)
        assert total <= BUDGET_BYTES, f"{page.parent.name}: {total} bytes gzipped"


def test_no_inline_script_and_no_foreign_resource(theme_site):
    for page in sorted(theme_site.rglob("*.html")):
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
    for sheet in (theme_site / "theme" / "css").glob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", sheet.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            assert url.startswith(("data:", "../", "/")) or "://" not in url, f"{sheet.name}: {url}"
