"""Legacy URLs: redirect table, loops and collisions, files written by a build."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from plugins.legacy_urls import (
    LegacyEntry,
    build_redirects,
    check_redirects,
    legacy_path,
    map_hash_sizes,
    netlify_redirects,
    nginx_map,
    redirect_output_name,
)


def entry(source: str, legacy: str, slug: str) -> LegacyEntry:
    return LegacyEntry(source, legacy, f"/bai-viet/{slug}/", f"Bài {slug}")


def test_legacy_paths_and_output_files():
    assert (
        legacy_path("https://thoidai.com.vn/tin-tuc/ab-123.html?utm=x#top")
        == "/tin-tuc/ab-123.html"
    )
    assert legacy_path("/tin-tuc/19/160123/ten-bai/") == "/tin-tuc/19/160123/ten-bai"
    assert legacy_path("https://a.vn/%C4%91%E1%BB%91i-ngo%E1%BA%A1i") == "/đối-ngoại"
    assert redirect_output_name("/tin-tuc/ab-123.html") == "tin-tuc/ab-123.html"
    assert (
        redirect_output_name("/tin-tuc/19/160123/ten-bai") == "tin-tuc/19/160123/ten-bai/index.html"
    )


def test_clean_table_has_no_problems_and_is_sorted():
    entries = [entry("b.md", "https://x.vn/b.html", "b"), entry("a.md", "/a", "a")]
    assert check_redirects(entries, {"/bai-viet/a/", "/bai-viet/b/"}) == []
    assert [r.old_path for r in build_redirects(entries)] == ["/a", "/b.html"]


def test_two_articles_claiming_one_old_path_collide():
    problems = check_redirects(
        [entry("a.md", "https://x.vn/tin/1.html", "a"), entry("b.md", "/tin/1.html", "b")]
    )
    assert len(problems) == 1
    assert (
        problems[0].source == "b.md"
        and "a.md" in problems[0].message
        and "trùng" in problems[0].message
    )


def test_old_path_equal_to_a_real_page_collides():
    problems = check_redirects(
        [entry("a.md", "/gioi-thieu/", "a")], {"/gioi-thieu/", "/bai-viet/a/"}
    )
    assert ["trang thật" in p.message for p in problems] == [True]


def test_old_path_equal_to_its_own_new_url_is_a_loop():
    problems = check_redirects([entry("a.md", "/bai-viet/a/", "a")], {"/bai-viet/a/"})
    assert len(problems) == 1 and "lặp" in problems[0].message


def test_chains_are_reported():
    entries = [entry("a.md", "/bai-viet/b", "a"), entry("b.md", "/cu/b.html", "b")]
    # a's old path is b's new URL: b's page is real, so the claim collides.
    problems = check_redirects(entries, {"/bai-viet/a/", "/bai-viet/b/"})
    assert any("trang thật" in p.message for p in problems)
    chain = [LegacyEntry("x.md", "/cu/x", "/cu/y/"), LegacyEntry("y.md", "/cu/y", "/bai-viet/y/")]
    assert any("nối chuỗi" in p.message for p in check_redirects(chain))


def test_paths_are_compared_as_nginx_matches_them_ignoring_ascii_case():
    # nginx's map ignores ASCII case: "/Tinh/Can-Tho" took over the province
    # page, and "/Bai-Viet/Y" redirected /bai-viet/y/ to itself, both unreported.
    pages = {"/tinh/can-tho/", "/bai-viet/x/", "/bai-viet/y/"}
    taken = check_redirects([entry("x.md", "https://old.vn/Tinh/Can-Tho", "x")], pages)
    assert ["trang thật" in p.message for p in taken] == [True]
    loop = check_redirects([entry("y.md", "/Bai-Viet/Y", "y")], pages)
    assert len(loop) == 1 and "lặp" in loop[0].message
    claimed = check_redirects(
        [entry("a.md", "/Tin/1.html", "a"), entry("b.md", "/tin/1.HTML", "b")]
    )
    assert [p.source for p in claimed] == ["b.md"] and "trùng" in claimed[0].message
    chain = [LegacyEntry("x.md", "/cu/x", "/Cu/Y/"), LegacyEntry("y.md", "/cu/y", "/bai-viet/y/")]
    assert any("nối chuỗi" in p.message for p in check_redirects(chain))
    # Vietnamese letters are not folded by nginx: these are two addresses.
    assert check_redirects([entry("a.md", "/Đối", "a"), entry("b.md", "/đối", "b")]) == []


def test_query_urls_are_warnings_and_unsafe_paths_errors():
    problems = check_redirects(
        [
            entry("a.md", "https://x.vn/Detail.aspx?id=5", "a"),
            entry("b.md", "/../etc/passwd", "b"),
            entry("c.md", "https://x.vn/", "c"),
        ]
    )
    assert [p.severity for p in problems] == ["warning", "error", "error"]
    assert str(problems[1]).startswith("b.md: ")


def test_redirect_files_formats():
    redirects = build_redirects(
        [entry("a.md", "/tin tức/a.html", "a"), entry("b.md", "/cu/b", "b")]
    )
    netlify = netlify_redirects(redirects)
    assert "/cu/b /bai-viet/b/ 301" in netlify.splitlines()
    # Cloudflare Pages matches a source exactly: a folder's slash form too,
    # as the nginx map has it; an old page's .html address is one form.
    assert "/cu/b/ /bai-viet/b/ 301" in netlify.splitlines()
    assert "/tin%20t%E1%BB%A9c/a.html /bai-viet/a/ 301" in netlify.splitlines()
    assert not any(line.startswith("/tin%20t%E1%BB%A9c/a.html/") for line in netlify.splitlines())
    nginx = nginx_map(redirects, "https://doingoai.vn")
    assert "map $uri $new_uri {" in nginx.splitlines() and nginx.rstrip().endswith("}")
    assert '    "/cu/b" "https://doingoai.vn/bai-viet/b/";' in nginx
    assert '    "/cu/b/" "https://doingoai.vn/bai-viet/b/";' in nginx
    assert '    "/tin tức/a.html" "https://doingoai.vn/bai-viet/a/";' in nginx


def test_the_nginx_map_sizes_its_hash_for_its_longest_key():
    """nginx's default map_hash_bucket_size (64) cannot hold a ~100-byte key:
    `nginx -t` stops with "could not build map_hash" (tests/test_nginx.py
    runs the real nginx on such a map)."""
    long_old = "/dia-phuong/lien-hiep-cac-to-chuc-huu-nghi-tinh-thai-binh-trien-khai-cong-tac-nam-2017-1153.html"
    assert len(long_old) > 90
    nginx = nginx_map(build_redirects([entry("a.md", long_old, "a")]))
    bucket = int(re.search(r"^map_hash_bucket_size (\d+);$", nginx, re.M).group(1))
    max_size = int(re.search(r"^map_hash_max_size (\d+);$", nginx, re.M).group(1))
    assert bucket > 64 and bucket & (bucket - 1) == 0  # a power of two
    # nginx: a key takes align8(8 + length + 2) bytes, a bucket one more pointer
    assert bucket >= (8 + len(long_old) + 2 + 7) // 8 * 8 + 8
    assert max_size >= 2048
    assert nginx.index("map_hash_bucket_size") < nginx.index("map $uri")
    # Sized by bytes (UTF-8), and the table grows with the number of keys.
    assert map_hash_sizes(["/" + "đ" * 60]) > map_hash_sizes(["/" + "d" * 60])
    assert map_hash_sizes(["/a"]) == (128, 2048)
    assert map_hash_sizes([f"/tin/{i}" for i in range(5000)])[1] == 16384


def test_the_nginx_map_keeps_nginx_loading():
    """Keys nginx compares without ASCII case, ``$`` in a target (a variable
    for nginx), quotes; the site's path prefix goes before every key."""
    redirects = build_redirects(
        [
            entry("a.md", "/Tin/Mot.html", "a"),
            entry("b.md", "/tin/mot.html", "b"),
            LegacyEntry("c.md", '/cu/"c"', "https://vufo.org.vn/x$y", "C"),
        ]
    )
    nginx = nginx_map(redirects, "https://x.github.io/cong-tin")
    assert '    "/cong-tin/Tin/Mot.html" "https://x.github.io/cong-tin/bai-viet/a/";' in nginx
    assert "/tin/mot.html" not in nginx  # the first of the two wins; a second stops nginx
    assert '    "/cong-tin/cu/\\"c\\"" "https://vufo.org.vn/x%24y";' in nginx
    assert "$y" not in nginx


def test_redirects_file_under_a_path_prefix():
    redirects = build_redirects([entry("a.md", "/cu/a", "a")])
    assert (
        "/cong-tin/cu/a /cong-tin/bai-viet/a/ 301"
        in netlify_redirects(redirects, prefix="/cong-tin").splitlines()
    )


def test_each_other_edition_gets_its_own_404_page_on_netlify():
    """The last lines, so that a redirect of the table comes first; Netlify
    applies a rule only where no file matches."""
    redirects = build_redirects([entry("a.md", "/cu/a", "a")])
    lines = netlify_redirects(redirects, prefix="/cong-tin", editions=["en/"]).splitlines()
    assert lines[-1] == "/cong-tin/en/* /cong-tin/en/404.html 404"
    assert lines.index("/cong-tin/cu/a /cong-tin/bai-viet/a/ 301") < len(lines) - 1
    assert not any(" 404" in line for line in netlify_redirects(redirects).splitlines())


def test_former_provinces_join_the_tables_when_the_topic_pages_are_built():
    from plugins.legacy_urls import former_provinces

    settings = {
        "PLUGINS": ["plugins.topics", "plugins.legacy_urls"],
        "PROVINCE_URL": "tinh/{slug}/",
    }
    table = {r.old_path: r.target for r in former_provinces(settings)}
    assert len(table) == 31
    assert table["/tinh/hau-giang"] == "/tinh/can-tho/"
    assert table["/tinh/thai-binh"] == "/tinh/hung-yen/"
    assert "/tinh/can-tho" not in table  # a current province keeps its page
    # Without plugins.topics there are no former-province pages to point past.
    assert former_provinces({"PLUGINS": ["plugins.legacy_urls"]}) == []


# --- a small Pelican build --------------------------------------------------------

ARTICLE = """Title: {title}
Slug: {slug}
Date: 2021-03-12 14:20
Category: Địa phương
Summary: Tóm tắt.
{extra}
Nội dung bài.
"""


def build(tmp_path: Path, articles: dict[str, str]) -> Path:
    from pelican import Pelican
    from pelican.settings import read_settings

    content = tmp_path / "content"
    content.mkdir()
    for slug, extra in articles.items():
        (content / f"{slug}.md").write_text(
            ARTICLE.format(title=f"Bài {slug}", slug=slug, extra=extra), encoding="utf-8"
        )
    output = tmp_path / "output"
    settings = read_settings(
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "PLUGINS": ["plugins.legacy_urls"],
            "ARTICLE_URL": "bai-viet/{slug}/",
            "ARTICLE_SAVE_AS": "bai-viet/{slug}/index.html",
            "SITEURL": "",
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None,
            "TIMEZONE": "Asia/Ho_Chi_Minh",
            "DIRECT_TEMPLATES": [],
            "AUTHOR_SAVE_AS": "",
            "CATEGORY_SAVE_AS": "",
            "TAG_SAVE_AS": "",
            "ARCHIVES_SAVE_AS": "",
            "INDEX_SAVE_AS": "",
        }
    )
    Pelican(settings).run()
    return output


@pytest.mark.slow
def test_build_writes_redirect_pages_and_maps(tmp_path):
    output = build(
        tmp_path,
        {
            "mot": "Legacy_URL: https://thoidai.com.vn/tin-tuc/mot-123.html\n",
            "hai": "Legacy_URL: /tin-tuc/19/160123/hai\n",
            "ba": "",
        },
    )
    page = (output / "tin-tuc" / "mot-123.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="/bai-viet/mot/">' in page
    assert '<meta http-equiv="refresh" content="0; url=/bai-viet/mot/">' in page
    assert 'Bài viết đã chuyển sang địa chỉ mới: <a href="/bai-viet/mot/">Bài mot</a>' in page
    assert (output / "tin-tuc" / "19" / "160123" / "hai" / "index.html").is_file()
    assert (output / "_redirects").read_text(encoding="utf-8").splitlines()[1:] == [
        "/tin-tuc/19/160123/hai /bai-viet/hai/ 301",
        "/tin-tuc/19/160123/hai/ /bai-viet/hai/ 301",
        "/tin-tuc/mot-123.html /bai-viet/mot/ 301",
    ]
    assert '"/tin-tuc/mot-123.html" "/bai-viet/mot/";' in (
        output / "nginx-redirects.map"
    ).read_text(encoding="utf-8")
    assert (output / "bai-viet" / "ba" / "index.html").is_file()


@pytest.mark.slow
def test_build_fails_on_collisions_with_a_vietnamese_message(tmp_path, caplog):
    from plugins.legacy_urls import LegacyRedirectError

    caplog.set_level(logging.ERROR)
    with pytest.raises(LegacyRedirectError, match="trùng với bài"):
        build(
            tmp_path,
            {"mot": "Legacy_URL: /tin/1.html\n", "hai": "Legacy_URL: https://x.vn/tin/1.html\n"},
        )


def test_an_old_address_with_vietnamese_letters_is_matched_in_both_unicode_forms():
    # An old link spelling "tức" decomposed (u + horn + acute) got 404: nginx
    # compares the bytes of the decoded address, and the key was NFC only.
    import unicodedata

    redirects = build_redirects(
        [entry("a.md", "https://old.vn/tin-t%E1%BB%A9c/%C4%91%E1%BB%91i", "a")]
    )
    composed = "/tin-tức/đối"
    decomposed = unicodedata.normalize("NFD", composed)
    nginx = nginx_map(redirects, "https://x.vn")
    assert f'"{composed}"' in nginx and f'"{decomposed}"' in nginx
    netlify = netlify_redirects(redirects).splitlines()[1:]
    # NFC and NFD, each without and with its slash
    assert len(netlify) == 4 and len(set(netlify)) == 4
    assert all(line.endswith(" /bai-viet/a/ 301") for line in netlify)
