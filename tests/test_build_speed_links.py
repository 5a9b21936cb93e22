"""The link check's fast extractor finds exactly what html.parser finds."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from plugins.publish.links import LINK_ATTRIBUTES, extract_links

ROOT = Path(__file__).resolve().parents[1]


class _Oracle(HTMLParser):
    """The reference: the standard library's HTML tokenizer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.links.extend(p.strip().split(" ")[0] for p in value.split(",") if p.strip())


def oracle(html: str) -> list[str]:
    parser = _Oracle()
    parser.feed(html)
    parser.close()
    return parser.links


CASES = [
    '<a href="/bai-viet/a/">A</a><img src=/x.jpg alt="">',
    "<A HREF='/Hoa/' Class=x>hoa</A>",
    '<a href="/tim-kiem/?q=a&amp;b=c">amp</a>',
    '<a title="a > b" href="/sau-dau-lon/">gt in a value</a>',
    '<!-- <a href="/trong-chu-thich/">x</a> --><a href="/ngoai/">y</a>',
    '<script src="/theme/js/a.js"></script><script>var s = "<a href=\'/khong/\'>";</script>',
    '<style>a[href="/khong-phai/"] { color: red }</style><link href="/theme/a.css" rel=stylesheet>',
    '<script type="application/ld+json">{"url": "<img src=/no.jpg>"}</script><p>x</p>',
    '<img srcset="/a-320.webp 320w, /a-640.webp 640w" src="/a.jpg">',
    '<link rel="preload" as="image" imagesrcset="/b-1.jpg 1x, /b-2.jpg 2x">',
    '<video poster="/p.jpg"><source src="/v.mp4"></video><div data-src="/lazy.jpg"></div>',
    '<a href="">empty</a><a href>bare</a><input disabled value="1">',
    "<p>Giá 5 > 3 và href=/khong-phai-the/ trong văn bản</p><br/><hr />",
]


@pytest.mark.parametrize("html", CASES)
def test_the_extractor_agrees_with_html_parser(html):
    assert extract_links(html) == oracle(html)


def test_it_agrees_on_every_page_of_the_sample_site():
    pages = sorted((ROOT / "tests" / "fixtures" / "golden_expected").rglob("*.html"))
    if not pages:
        pytest.skip("no expected tree")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert extract_links(html) == oracle(html), page
