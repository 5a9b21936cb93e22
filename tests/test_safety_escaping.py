"""HTML and ``<script>`` in what editors write never runs in a reader's browser.

One site is built with hostile text in every plain-text field (Title,
Summary, Image_Alt, Image_Caption, Image_Credit, Source, Series) and raw
HTML in the Markdown body; then every page, feed, JSON-LD block and search
record is checked. Tags and Authors with ``<``/``>`` are refused by the
content check (tests/test_bad_input_build.py).
"""

from __future__ import annotations

import gzip
import json
import re

import pytest
from lxml import etree, html

from tests.bad_input_site import LEAD, make_site

pytestmark = pytest.mark.slow

TITLE = 'Hợp tác <script>alert(1)</script> </script><b>đậm</b> & "Việt – Lào"'
CAPTION = "Chú thích <script>alert(6)</script> <img src=x onerror=alert(61)>"
ALT = 'Mô tả "><script>alert(5)</script>'
CREDIT = "<i>Hà Vy</i><script>alert(62)</script>"
SOURCE = "Báo <b>Thời Đại</b><script>alert(63)</script>"
SERIES = "Loạt bài <script>alert(64)</script>"
SUMMARY = "Sapo <script>alert(4)</script> <i>nghiêng</i> &lt;img src=x onerror=alert(41)&gt; & “x”"
BODY = """Thân bài <script>alert(7)</script> và <span onerror="alert(8)">chữ</span> và
<a href="javascript:alert(9)">liên kết</a>, <a href="&#106;avascript:alert(91)">mã hóa</a>.

<div onclick="alert(10)" onmouseover="alert(101)">khối</div>

<iframe src="https://evil.example/"></iframe>

<object data="data:text/html,<script>alert(12)</script>"></object>

<svg><script>alert(13)</script><a xlink:href="javascript:alert(14)"><text>svg</text></a></svg>

[liên kết Markdown](javascript:alert(11)) và ![ảnh](images/2025/can-tho.png)

Viết &lt;script&gt;alert(15)&lt;/script&gt; dưới dạng chữ thì được hiển thị như chữ.
"""
SLUG = "bai-nguy-hiem"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.bad_input_site import build_subprocess

    site = make_site(tmp_path_factory.mktemp("hostile"))
    header = site.file(LEAD).read_text(encoding="utf-8").split("\n\n", 1)[0]
    fields = {
        "Title": TITLE,
        "Slug": SLUG,
        "Summary": SUMMARY,
        "Image_Alt": ALT,
        "Image_Caption": CAPTION,
        "Image_Credit": CREDIT,
        "Source": SOURCE,
        "Featured": "no",
    }
    lines = []
    for line in header.splitlines():
        key = line.split(":", 1)[0]
        if key in ("Related", "Legacy_URL"):
            continue
        lines.append(f"{key}: {fields.pop(key)}" if key in fields else line)
    lines += [f"{key}: {value}" for key, value in fields.items()]
    lines += [f"Series: {SERIES}", "Series_Part: 1"]
    site.write(f"articles/2025/{SLUG}.md", "\n".join(lines) + "\n\n" + BODY)
    # A second part, so that the series navigation is shown.
    site.edit(LEAD, "Featured: lead", f"Featured: lead\nSeries: {SERIES}\nSeries_Part: 2")
    result = build_subprocess(site)
    assert result.code == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return site, result


def pages(output):
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts)


def active_code(document) -> list[str]:
    """Everything in a parsed page that a browser would run."""
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        if tag == "script":
            kind = (element.get("type") or "").lower()
            if kind != "application/ld+json" and not element.get("src"):
                found.append(f"inline <script>: {(element.text or '')[:60]!r}")
            if element.get("src") and re.match(r"\s*(https?:)?//", element.get("src")):
                found.append(f"external <script src={element.get('src')}>")
        if tag in ("iframe", "object", "embed", "frame", "applet", "base"):
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower() if name.startswith("{") else name.lower()
            if local.startswith("on"):
                found.append(f"<{tag} {local}=…>")
            if local in ("href", "src", "action", "formaction", "data", "poster") and re.sub(
                r"[\x00-\x20]", "", value
            ).lower().startswith(("javascript:", "vbscript:", "data:text")):
                found.append(f"<{tag} {local}={value[:40]}>")
    return found


def test_the_hostile_site_builds_and_warns_about_the_removed_code(site):
    _, result = site
    assert f"{SLUG}.md: đã loại bỏ mã có thể chạy trong trình duyệt" in result.stderr


def test_no_page_contains_code_from_the_content(site):
    built, _ = site
    problems = {}
    for page in pages(built.output):
        found = active_code(html.fromstring(page.read_bytes()))
        if found:
            problems[page.relative_to(built.output).as_posix()] = found
    assert problems == {}


def test_plain_text_fields_are_shown_as_written(site):
    built, _ = site
    document = html.fromstring((built.output / f"bai-viet/{SLUG}/index.html").read_bytes())
    h1 = document.xpath("//h1")[0]
    assert h1.text_content() == TITLE  # the text, not markup
    assert len(h1) == 0  # no element came from the title
    text = document.text_content()
    for value in (CAPTION, SERIES):
        assert value in text, value
    assert f"Ảnh: {CREDIT}" in text
    assert any(img.get("alt") == ALT for img in document.iter("img"))
    assert document.xpath("//title")[0].text.startswith(TITLE)


def test_body_keeps_its_text_and_safe_markup(site):
    built, _ = site
    document = html.fromstring((built.output / f"bai-viet/{SLUG}/index.html").read_bytes())
    body = document.find_class("article-body")[0]
    text = body.text_content()
    assert "khối" in text and "liên kết" in text and "mã hóa" in text
    assert "<script>alert(15)</script>" in text  # written as text, shown as text
    assert "alert(7)" not in text  # the script's code is gone with it
    assert [a.get("href") for a in body.iter("a") if a.text in ("liên kết", "mã hóa")] == [
        None,
        None,
    ]


def test_json_ld_cannot_be_closed_by_a_title(site):
    built, _ = site
    raw = (built.output / f"bai-viet/{SLUG}/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    assert blocks
    headlines = []
    for block in blocks:
        assert "</" not in block and "<!--" not in block
        data = json.loads(block)
        if data.get("@type") == "NewsArticle":
            headlines.append(data["headline"])
    assert headlines == [TITLE]


def test_feeds_carry_the_text_escaped(site):
    built, _ = site
    feeds = sorted((built.output / "feeds").rglob("*.rss")) + sorted(
        (built.output / "feeds").rglob("*.atom")
    )
    assert feeds
    seen = 0
    for feed in feeds:
        tree = etree.parse(str(feed))  # well-formed XML
        for element in tree.iter():
            if not isinstance(element.tag, str) or not element.text:
                continue
            local = etree.QName(element).localname
            if local == "title" and "Hợp tác" in element.text:
                assert element.text == TITLE
                seen += 1
            # HTML payloads: RSS <description> and <content:encoded>, Atom
            # type="html" (an Atom type="text" element is shown as text).
            is_html = local in ("description", "encoded") or (
                local in ("summary", "content") and element.get("type") == "html"
            )
            if is_html and element.text.strip():
                fragment = html.fragment_fromstring(element.text, create_parent="div")
                assert active_code(fragment) == [], f"{feed.name}: {active_code(fragment)}"
    assert seen, "the article is in no feed"


def test_search_records_hold_no_markup_from_the_content(site):
    built, _ = site
    records = []
    for fragment in (built.output / "pagefind" / "fragment").glob("*"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        if record["url"].endswith(f"/{SLUG}/"):
            records.append(record)
    assert len(records) == 1
    record = records[0]
    assert "alert(7)" not in record["content"] and "alert(4)" not in record["content"]
    # Meta values are plain text for the results page, which must escape them.
    assert "<script" not in json.dumps(record["meta"].get("sapo", ""))


def test_rss_description_is_escaped_html(site):
    built, _ = site
    for feed in sorted((built.output / "feeds").rglob("*.rss")):
        for element in etree.parse(str(feed)).iter("description"):
            if element.text and element.text.strip():
                fragment = html.fragment_fromstring(element.text, create_parent="div")
                assert active_code(fragment) == [], f"{feed.name}: {active_code(fragment)}"
