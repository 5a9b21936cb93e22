"""Addresses across the language editions: no edition's file takes another's
page, every edition's old addresses are redirected, and a field with a
fixed set of values means the same in the check and the build in any case.

The pure rules (plugins/editions/addresses.py) are checked on hand-made
claims; a build of the golden site with its English edition shows what a
reader gets.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plugins.editions.addresses import Claim, address_problems
from tests.bad_input_site import ROOT, build_args, make_site

HOMES = {"vi": "", "en": "en/"}


def page(path: str, lang: str, source: str = "a.md") -> Claim:
    return Claim(path, lang, source, 2, False)


def old(path: str, lang: str, source: str = "b.md") -> Claim:
    return Claim(path, lang, source, 3, True)


def codes(problems) -> list[tuple[str, str]]:
    return [(source, code) for source, _line, code, _message in problems]


def test_a_page_inside_another_editions_folder_is_refused():
    claims = [
        page("/en", "vi", "pages/en.md"),
        page("/en/ve-chung-toi", "vi", "pages/x.md"),
        page("/bai-viet/a", "vi"),
        page("/en/article/a", "en"),
        page("/english-notes", "vi", "pages/english-notes.md"),  # only looks alike
    ]
    assert codes(address_problems(claims, HOMES)) == [
        ("pages/en.md", "edition-address"),
        ("pages/x.md", "edition-address"),
    ]
    # An English page outside /en/ is in the Vietnamese edition's part.
    assert codes(address_problems([page("/about", "en", "en/pages/about.md")], HOMES)) == [
        ("en/pages/about.md", "edition-address")
    ]


def test_an_old_address_may_not_be_another_editions_page_or_redirect():
    claims = [
        page("/en/article/cuba", "en", "en/cuba.md"),
        page("/bai-viet/cuba", "vi", "cuba.md"),
        old("/en/article/cuba", "vi", "can-tho.md"),  # would replace the English page
        old("/cu/dia-chi.html", "vi", "vi-old.md"),
        old("/cu/dia-chi.html", "en", "en-old.md"),  # the same old address twice
        old("/bai-viet/ten-cu", "en", "en-moved.md"),  # an old address anywhere: fine
        old("/cu/khac.html", "vi", "one.md"),
        old("/cu/khac.html", "vi", "two.md"),  # within one edition: its own check's
    ]
    problems = address_problems(claims, HOMES)
    assert codes(problems) == [
        ("can-tho.md", "edition-redirect"),
        ("en-old.md", "edition-redirect"),
    ]
    assert "en/cuba.md" in problems[0][3] and "vi-old.md" in problems[1][3]


def test_a_declared_redirect_into_another_edition_must_reach_a_page_there():
    claims = [page("/en/article/cuba", "en"), page("/bai-viet/cuba", "vi")]
    declared = [
        ("/en/article/da-xoa/", 1, "/en/article/cuba/"),  # same part: the English check's
        ("/en/article/da-xoa-2/", 4, "/bai-viet/cuba/"),  # a Vietnamese article: fine
        ("/bai-viet/da-xoa/", 7, "/en/"),  # the English home: fine
        ("/bai-viet/da-xoa-2/", 10, "/en/article/khong-co/"),  # nothing there
        ("/bai-viet/da-xoa-3/", 13, "https://example.org/"),  # another site: fine
    ]
    problems = address_problems(claims, HOMES, declared)
    assert [(line, code) for _source, line, code, _ in problems] == [(10, "bad-redirect")]


def test_choice_fields_are_read_lower_case_as_the_check_reads_them(tmp_path):
    from pelican.settings import DEFAULT_CONFIG

    from plugins.markdown_reader.reader import ReusingMarkdownReader

    source = tmp_path / "a.md"
    source.write_text(
        "Title: A\nLang: EN\nStatus: Draft\nFormat: Video\nFeatured: Lead\n\nBody.\n",
        encoding="utf-8",
    )
    settings = {**DEFAULT_CONFIG, "PATH": str(tmp_path)}
    _, metadata = ReusingMarkdownReader(settings).read(str(source))
    assert (metadata["lang"], metadata["status"]) == ("en", "draft")
    assert (metadata["format"], metadata["featured"]) == ("video", "lead")
    assert metadata["title"] == "A"  # other fields as written


EN = "en/articles/2025/vufo-works-with-can-tho.md"
GONE = "en/articles/2026/friendship-week-in-hanoi.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The golden site with its English edition, where an editor wrote
    ``Lang: EN``, moved an English article (Redirect_From, Legacy_URL) and
    deleted another one, redirected in content/redirects.toml."""
    from plugins.content_check.__main__ import main as check
    from scripts.build import main as build

    site = make_site(tmp_path_factory.mktemp("addresses"), english=True)
    site.edit(EN, "Lang: en", "Lang: EN")
    site.edit(
        EN,
        "Slug: vufo-works-with-can-tho",
        "Slug: vufo-works-with-can-tho\nRedirect_From: /en/article/vufo-and-can-tho/\n"
        "Legacy_URL: https://old.example.org/english/vufo-can-tho-123.html",
    )
    record = site.file("published-urls.txt")
    gone_url = "/en/article/friendship-week-in-hanoi/"
    with record.open("a", encoding="utf-8") as out:
        out.write(f"{gone_url}\tarticle\t{GONE}\n")
    site.file(GONE).unlink()
    site.write(
        "redirects.toml",
        f'[[redirect]]\nfrom = "{gone_url}"\nto = "/en/article/vufo-works-with-can-tho/"\n',
    )
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        checked = check(["--settings", str(site.settings), str(site.content)])
        code = build(build_args(site))
    finally:
        os.chdir(cwd)
    return site, checked, code


@pytest.mark.slow
def test_lang_in_capitals_is_the_english_edition(built):
    site, checked, code = built
    assert (checked, code) == (0, 0)
    out = site.output
    assert (out / "en/article/vufo-works-with-can-tho/index.html").is_file()
    assert not list(out.rglob("*-EN.html")) and not list(out.rglob("*-en.html"))


@pytest.mark.slow
def test_every_editions_old_addresses_are_redirected(built):
    site, _, _ = built
    out: Path = site.output
    table = (out / "_redirects").read_text(encoding="utf-8").splitlines()
    target = "/en/article/vufo-works-with-can-tho/"
    for old_path in (
        "/en/article/vufo-and-can-tho",  # Redirect_From of an English article
        "/english/vufo-can-tho-123.html",  # its Legacy_URL
        "/en/article/friendship-week-in-hanoi",  # a deleted one, in redirects.toml
    ):
        assert f"{old_path} {target} 301" in table, old_path
        page_file = out / old_path.lstrip("/")
        if not old_path.endswith(".html"):
            page_file = page_file / "index.html"
        assert target in page_file.read_text(encoding="utf-8"), old_path
    nginx = (out / "nginx-redirects.map").read_text(encoding="utf-8")
    assert '"/en/article/vufo-and-can-tho/"' in nginx
