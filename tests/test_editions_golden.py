"""The English edition leaves the Vietnamese edition as it was.

The golden fixture site is built twice: as it is (with its English
articles, content/en/) and without its English edition (no en/ folder, no
Translation_Key lines). Every Vietnamese file of the first build equals the
second's, once the edition's own additions are taken out: the hreflang
links, the language switcher, og:locale:alternate, the sitemaps' xhtml:link
alternates, robots.txt's lines for the English sitemaps and search page,
the English 404 rule of Netlify's _redirects, and the English former
provinces' lines of the redirect tables (_redirects, the nginx map). The
statistics page (/thong-ke/) counts the whole site, so it also counts what
only the English edition publishes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.golden import SITE, tree

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

ADDITIONS = (
    (rb'<link rel="alternate" hreflang="[^"]+" href="[^"]*">\n', b""),
    (rb' *<nav class="edition-switch".*?</nav>\n', b""),
    (rb'<meta property="og:locale:alternate" content="[^"]*">\n', b""),
    (rb'\n *<xhtml:link rel="alternate" hreflang="[^"]+" href="[^"]*"/>', b""),
    (rb' xmlns:xhtml="http://www.w3.org/1999/xhtml"', b""),
    (rb"Sitemap: \S+/en/\S+\n", b""),
    (rb"Disallow: /en/\S+\n", b""),
    (rb"\n/en/\* /en/404\.html 404(?=\n)", b""),
    # the English edition's former provinces, in the server's redirect tables
    (rb"(?m)^/en/\S+ /en/\S+ 301\n", b""),
    (rb'(?m)^ +"/en/[^"]*" "[^"]*/en/[^"]*";\n', b""),
)


def _keys(folder: Path, every: bool = False) -> list[str]:
    """Each published article's Translation_Key (``every``: its path for
    one without a key) under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"(?m)^Status: draft", text):
            continue
        key = re.search(r"(?m)^Translation_Key: (.+)$", text)
        if key or every:
            found.append(key.group(1).strip() if key else str(path))
    return found


def _without_additions(data: bytes) -> bytes:
    for pattern, replacement in ADDITIONS:
        data = re.sub(pattern, replacement, data, flags=re.S)
    return data


def _build(content: Path, workdir: Path) -> dict[str, bytes]:
    from scripts.build import build

    output = workdir / "out"
    build(
        ROOT / "tests" / "golden_settings.py",
        output,
        content=content,
        extra={"CACHE_PATH": str(workdir / "cache")},
    )
    return tree(output)


def test_the_vietnamese_edition_is_unchanged_but_for_the_switcher_and_alternates(tmp_path):
    alone = tmp_path / "alone"
    shutil.copytree(SITE, alone)
    shutil.rmtree(alone / "en")
    for path in alone.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^Translation_Key: .*\n", "", text), encoding="utf-8")
    without = _build(alone, tmp_path / "one")
    both = _build(SITE, tmp_path / "two")
    assert any(name.startswith("en/") for name in both)
    assert not any(name.startswith("en/") for name in without)
    switchers = 0
    for name, data in without.items():
        assert name in both, name
        switchers += b'class="edition-switch"' in both[name]
        if name.startswith("thong-ke/"):
            continue  # counts the whole site: below
        assert _without_additions(both[name]) == data, name
    assert switchers >= 50  # every Vietnamese page has the switcher
    # /thong-ke/ counts the whole site: also what only the English edition
    # publishes (an article with no Vietnamese original), a translation once.
    keys = _keys(SITE / "articles")
    only_english = [key for key in _keys(SITE / "en", every=True) if key not in keys]
    assert only_english
    intro = re.compile(rb'class="list-intro">(\d+) ')
    alone_count = int(intro.search(without["thong-ke/index.html"]).group(1))
    both_count = int(intro.search(both["thong-ke/index.html"]).group(1))
    assert both_count == alone_count + len(only_english)
    # What the English edition adds outside en/: only derivatives of its images.
    extra = [name for name in both if name not in without and not name.startswith("en/")]
    assert all(name.startswith("images/_d/") for name in extra), extra
