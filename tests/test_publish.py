"""Publishing: link check, precompression, _headers, HTML validation."""

from __future__ import annotations

import gzip

import brotli
import pytest

from plugins.publish.compress import gzip_bytes, precompress
from plugins.publish.headers import headers_file
from plugins.publish.links import extract_links, find_broken_links, resolve
from plugins.publish.validate import validate_html, validator_available


def test_links_resolve_against_the_page_and_the_site_prefix():
    assert resolve("bai-viet/a/index.html", "../b/") == "bai-viet/b/index.html"
    assert resolve("bai-viet/a/index.html", "/tinh/hue/") == "tinh/hue/index.html"
    assert (
        resolve("index.html", "https://x.org/site/tinh/hue/", "https://x.org/site")
        == "tinh/hue/index.html"
    )
    assert resolve("index.html", "/site/theme/a.css", "https://x.org/site") == "theme/a.css"
    assert resolve("index.html", "https://other.org/x") is None
    assert resolve("index.html", "#noi-dung") is None
    assert resolve("index.html", "mailto:a@b.c") is None


def test_srcset_candidates_are_checked():
    links = extract_links('<img src="/a.jpg" srcset="/a-320.jpg 320w, /a-640.jpg 640w">')
    assert links == ["/a.jpg", "/a-320.jpg", "/a-640.jpg"]


def test_broken_internal_links_are_reported_with_their_page():
    pages = [
        ("index.html", '<a href="/bai-viet/a/">A</a><a href="/bai-viet/khong-co/">X</a>'),
        (
            "bai-viet/a/index.html",
            '<img src="../../images/x.jpg" alt=""><a href="https://vufo.org.vn">V</a>',
        ),
    ]
    existing = {"index.html", "bai-viet/a/index.html"}
    broken = find_broken_links(pages, existing)
    assert [(b.page, b.target) for b in broken] == [
        ("bai-viet/a/index.html", "../../images/x.jpg"),
        ("index.html", "/bai-viet/khong-co/"),
    ]


def test_precompressed_copies_are_reproducible_and_decompress(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<p>Đối ngoại nhân dân</p>" * 50, encoding="utf-8")
    (tmp_path / "tiny.css").write_text("a{}", encoding="utf-8")
    assert precompress(tmp_path) == 1
    first = (tmp_path / "index.html.gz").read_bytes()
    assert gzip.decompress(first) == page.read_bytes()
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == page.read_bytes()
    assert gzip_bytes(page.read_bytes()) == first  # same bytes every time
    assert not (tmp_path / "tiny.css.gz").exists()  # too small to be worth it


def test_headers_forbid_inline_scripts_and_set_the_security_headers():
    text = headers_file("/portal")
    assert text.startswith("/portal/*\n")
    csp = next(line for line in text.splitlines() if "Content-Security-Policy" in line)
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for name in ("Referrer-Policy", "X-Content-Type-Options: nosniff", "Permissions-Policy"):
        assert name in text


@pytest.mark.skipif(
    not validator_available(), reason="needs Java and node_modules/vnu-jar (make browsers)"
)
def test_html_validation_finds_errors_and_passes_valid_pages(tmp_path):
    good = tmp_path / "good.html"
    good.write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>A</title></head><body><p>Xin chào</p></body></html>',
        encoding="utf-8",
    )
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>B</title></head><body><p><div>x</p></span></body></html>',
        encoding="utf-8",
    )
    errors = validate_html([good, bad])
    assert errors and {e.file.rsplit("/", 1)[-1] for e in errors} == {"bad.html"}
