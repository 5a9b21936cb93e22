"""The English edition leaves the Vietnamese edition as it was.

The golden fixture site is built twice: as it is (with its English
articles, content/en/) and without its English edition (no en/ folder, no
Translation_Key lines). Every Vietnamese file of the first build equals the
second's, once the edition's own additions are taken out: the hreflang
links, the language switcher, og:locale:alternate, the sitemaps' xhtml:link
alternates, robots.txt's lines for the English sitemaps and search page,
the English 404 rule of Netlify's _redirects, and the English former
provinces' lines of the redirect tables (_redirects, the nginx map).
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
        assert _without_additions(both[name]) == data, name
    assert switchers >= 50  # every Vietnamese page has the switcher
    # What the English edition adds outside en/: only derivatives of its images.
    extra = [name for name in both if name not in without and not name.startswith("en/")]
    assert all(name.startswith("images/_d/") for name in extra), extra
