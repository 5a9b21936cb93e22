"""Publishing: link check, precompression, _headers, HTML validation."""

from __future__ import annotations

import gzip
import os

import brotli
import pytest

from plugins.publish.compress import gzip_bytes, precompress
from plugins.publish.headers import CACHE_RULES, IMMUTABLE, SECURITY_HEADERS, headers_file
from plugins.publish.links import (
    extract_feed_links,
    extract_links,
    extract_structured_links,
    find_broken_links,
    resolve,
)
from plugins.publish.nginx import server_conf
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


def test_under_a_path_prefix_a_root_relative_link_outside_it_is_broken():
    """https://x.github.io/repo serves nothing at /lien-he/: only /repo/lien-he/."""
    site = "https://x.github.io/repo"
    existing = {"index.html", "lien-he/index.html"}
    pages = [
        (
            "index.html",
            '<a href="/lien-he/">sai</a><a href="/repo/lien-he/">đúng</a>'
            '<a href="https://x.github.io/repo/lien-he/">đúng</a><a href="/repo">trang chủ</a>'
            '<a href="https://x.github.io/repo">trang chủ</a><a href="https://x.github.io/khac/">khác</a>',
        )
    ]
    assert [b.target for b in find_broken_links(pages, existing, site)] == ["/lien-he/"]
    assert resolve("index.html", "/lien-he/", site) == "../lien-he/index.html"
    # At the root of its host the same page breaks the other way round.
    broken = find_broken_links(pages, existing, "https://x.org")
    assert [b.target for b in broken] == ["/repo", "/repo/lien-he/"]
    assert resolve("index.html", "/lien-he/", "https://x.org") == "lien-he/index.html"


SITE = "https://doingoainhandan.example.org"
ARTICLE = f"""<!doctype html><html lang="vi"><head>
<meta property="og:url" content="{SITE}/bai-viet/a/">
<meta property="og:image" content="{SITE}/images/_d/ab/anh-og.jpg">
<meta name="twitter:image" content="{SITE}/images/_d/ab/khong-co.jpg">
<meta property="og:title" content="{SITE}/khong-phai-lien-ket/">
<meta property="og:see_also" content="https://vufo.org.vn/">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Bài a","url":"{SITE}/bai-viet/a/","publisher":{{"@type":"Organization",
"logo":{{"@type":"ImageObject","url":"{SITE}/favicon.svg"}}}},
"sameAs":["https://www.facebook.com/vufo"],"image":["{SITE}/images/_d/ab/anh-og.jpg"]}}</script>
<script>var x = "{SITE}/trong-script-thuong/";</script>
</head><body><a href="{SITE}/">Trang chủ</a></body></html>"""


def test_json_ld_and_social_card_urls_of_the_site_are_checked():
    """The publisher logo in JSON-LD pointing at a missing /favicon.svg (a bug
    the portal once shipped) and a missing twitter:image are found."""
    links = extract_structured_links(ARTICLE, SITE)
    assert f"{SITE}/favicon.svg" in links and f"{SITE}/bai-viet/a/" in links
    assert "https://schema.org" not in links and "https://www.facebook.com/vufo" not in links
    assert f"{SITE}/khong-phai-lien-ket/" not in links  # og:title is text, not a link
    existing = {"index.html", "bai-viet/a/index.html", "images/_d/ab/anh-og.jpg"}
    broken = find_broken_links([("bai-viet/a/index.html", ARTICLE)], existing, SITE)
    assert [b.target for b in broken] == [
        f"{SITE}/favicon.svg",
        f"{SITE}/images/_d/ab/khong-co.jpg",
    ]
    # A JSON-LD block that does not parse still gives its addresses.
    bad = ARTICLE.replace('"Bài a",', '"Bài a",,')
    assert f"{SITE}/favicon.svg" in extract_structured_links(bad, SITE)


def test_feed_and_sitemap_urls_of_the_site_are_checked():
    rss = f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" version="2.0">
<channel><link>{SITE}/</link><atom:link href="{SITE}/feeds/tat-ca.rss" rel="self"/>
<docs>http://www.rssboard.org/rss-specification</docs>
<item><link>{SITE}/bai-viet/a/</link><guid isPermaLink="false">{SITE}/khong-phai-dia-chi</guid>
<enclosure url="{SITE}/images/_d/ab/anh.jpg" type="image/jpeg" length="1"/>
<media:content url="{SITE}/images/_d/ab/mat.jpg" medium="image"/>
<content:encoded>&lt;p&gt;&lt;a href="{SITE}/bai-viet/xoa/"&gt;x&lt;/a&gt;&lt;/p&gt;</content:encoded></item>
<item><link>https://vufo.org.vn/tin/1.html</link></item>
</channel></rss>"""
    atom = f"""<feed xmlns="http://www.w3.org/2005/Atom"><link href="{SITE}/" rel="alternate"/>
<entry><link href="{SITE}/bai-viet/b/" rel="alternate"/></entry></feed>"""
    sitemap = f"""<urlset><url><loc>{SITE}/bai-viet/a/</loc></url>
<url><loc>{SITE}/tinh/hau-giang/</loc></url><url><loc>
  {SITE}/bai-viet/c/?a=1&amp;b=2
</loc></url></urlset>"""
    assert extract_feed_links(rss, SITE) == [
        f"{SITE}/",
        f"{SITE}/bai-viet/a/",
        f"{SITE}/feeds/tat-ca.rss",
        f"{SITE}/images/_d/ab/anh.jpg",
        f"{SITE}/images/_d/ab/mat.jpg",
        f"{SITE}/bai-viet/xoa/",
    ]
    assert extract_feed_links(sitemap, SITE)[-1] == f"{SITE}/bai-viet/c/?a=1&b=2"
    existing = {
        "index.html",
        "feeds/tat-ca.rss",
        "bai-viet/a/index.html",
        "bai-viet/c/index.html",
        "images/_d/ab/anh.jpg",
    }
    files = [("feeds/tat-ca.rss", rss), ("feeds/tat-ca.atom", atom), ("sitemap-1.xml", sitemap)]
    broken = {(b.page, b.target) for b in find_broken_links(files, existing, SITE)}
    assert broken == {
        ("feeds/tat-ca.rss", f"{SITE}/images/_d/ab/mat.jpg"),
        ("feeds/tat-ca.rss", f"{SITE}/bai-viet/xoa/"),
        ("feeds/tat-ca.atom", f"{SITE}/bai-viet/b/"),
        ("sitemap-1.xml", f"{SITE}/tinh/hau-giang/"),
    }


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


def test_content_hashed_files_are_cached_for_a_year_and_no_two_cache_rules_overlap():
    text = headers_file()
    blocks = {b.splitlines()[0]: b.splitlines()[1:] for b in text.strip().split("\n\n")}
    immutable = "  Cache-Control: public, max-age=31536000, immutable"
    assert blocks["/theme/*"] == [immutable] and blocks["/images/_d/*"] == [immutable]
    # Netlify and Cloudflare join the values of every rule that matches a file.
    patterns = [p.rstrip("*") for p in CACHE_RULES]
    assert not [(a, b) for a in patterns for b in patterns if a != b and b.startswith(a)]


def _blocks(conf: str) -> list[str]:
    """The text of every location block of an nginx snippet, nested ones apart."""
    blocks, stack = [], []
    for line in conf.splitlines():
        if line.strip().startswith("location "):
            stack.append([line])
        elif stack:
            stack[-1].append(line)
            if line.strip() == "}":
                blocks.append("\n".join(stack.pop()))
                if stack:
                    stack[-1].append(blocks[-1])
    return blocks


def test_nginx_snippet_puts_the_headers_in_every_location():
    """A location with an add_header of its own drops the server's: each one
    repeats the security headers, with `always` (404s too)."""
    conf = server_conf()
    blocks = [b for b in _blocks(conf) if "return 404" not in b]
    assert len(blocks) >= 6
    for block in blocks:
        own = block if block.count("location ") == 1 else block.split("\n    location ")[0]
        for name in SECURITY_HEADERS:
            assert f"add_header {name} " in own, (name, block.splitlines()[0])
        assert own.count("add_header Cache-Control") == 1
        assert all(line.endswith(" always;") for line in own.splitlines() if "add_header" in line)
    by_location = {b.splitlines()[0]: b for b in blocks}
    assert f'"{IMMUTABLE}"' in by_location["location ^~ /theme/ {"]
    assert f'"{IMMUTABLE}"' in by_location["location ^~ /images/_d/ {"]
    assert '"no-cache"' in by_location["location / {"]
    assert "max-age=3600" in by_location["location ^~ /pagefind/ {"]
    # The server level too: the 301s are answered before any location is chosen.
    server_level = conf.split("\nlocation ")[0]
    assert all(f"add_header {name} " in server_level for name in SECURITY_HEADERS)
    assert (
        "if ($new_uri) {\n    return 301 $new_uri$is_args$args;  # the query string goes along\n}"
        in conf
    )
    assert "gzip_static on;" in conf and "error_page 403 404 =404 /404.html;" in conf
    assert "charset utf-8;" in conf and "application/manifest+json webmanifest;" in conf
    assert "brotli" not in conf  # Debian's nginx has no brotli module by default


def test_nginx_snippet_options():
    assert "brotli_static on;" in server_conf(brotli=True)
    assert "$new_uri" not in server_conf(redirects=False)
    prefixed = server_conf("/portal")
    assert "location ^~ /portal/theme/ {" in prefixed and "location /portal/ {" in prefixed
    assert "error_page 403 404 =404 /portal/404.html;" in prefixed
    assert 'location "/cong tin/" {' in server_conf("/cong tin")


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


@pytest.mark.parametrize(
    ("java", "said"),
    [
        ("kill -KILL $$", "không in gì"),  # killed (out of memory): no output at all
        ("echo 'Error: Unable to access jarfile' >&2; exit 1", "Unable to access jarfile"),
        ("echo 'not a report' >&2; exit 0", "not a report"),
    ],
)
def test_a_checker_that_did_not_finish_stops_the_publication(tmp_path, monkeypatch, java, said):
    """A checker killed before it printed anything counted as "no errors"
    and the site was published unchecked."""
    from plugins.publish import PublishError, post_process
    from plugins.publish.validate import ValidatorFailed

    (tmp_path / "bin").mkdir()
    fake = tmp_path / "bin" / "java"
    fake.write_text(f"#!/bin/sh\n{java}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    page = tmp_path / "out" / "index.html"
    page.parent.mkdir()
    page.write_text("<!doctype html><title>x</title>", encoding="utf-8")
    with pytest.raises(ValidatorFailed, match=said):
        validate_html([page])
    monkeypatch.setattr("plugins.publish.validator_available", lambda: True)
    settings = {"OUTPUT_PATH": str(page.parent), "PUBLISH": {"validate_html": True}}
    with pytest.raises(PublishError, match="không kiểm tra được HTML"):
        post_process(settings)


def test_cname_names_the_domain_of_a_site_at_its_root():
    from plugins.publish import cname

    assert cname("https://doingoainhandan.example.org") == "doingoainhandan.example.org\n"
    assert cname("https://doingoainhandan.example.org:8443") == "doingoainhandan.example.org\n"
    # GitHub Pages serves a custom domain at its root only.
    assert cname("https://owner.github.io/portal") is None
    assert cname("") is None


def test_a_production_build_needs_the_portals_absolute_address():
    from plugins.publish import validate_settings

    production = {"PUBLISH": {"headers": True}}
    validate_settings({**production, "SITEURL": "https://doingoainhandan.example.org"})
    for wrong in ("", "/", "doingoainhandan.example.org", "https://doingoainhandan.example.org/"):
        with pytest.raises(ValueError, match="SITEURL"):
            validate_settings({**production, "SITEURL": wrong})
    validate_settings({"SITEURL": ""})  # a development build: relative addresses are fine


def test_headers_give_the_web_editor_its_own_policy_in_place_of_the_site_one():
    from plugins.publish.headers import ADMIN_CONTENT_SECURITY_POLICY

    blocks = {b.splitlines()[0]: b.splitlines()[1:] for b in headers_file("/portal").split("\n\n")}
    assert blocks["/portal/admin/*"] == [
        "  ! Content-Security-Policy",  # Cloudflare Pages: detach the /* one first
        f"  Content-Security-Policy: {ADMIN_CONTENT_SECURITY_POLICY}",
        "  X-Robots-Tag: noindex, nofollow",
    ]
