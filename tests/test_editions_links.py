"""Links across the language editions.

Each edition is checked and built on its own run, so a link from a
Vietnamese article to an English page (or back) used to be refused as
leading "to no page of the portal", even to ``/en/``. The check now looks
such a link up in the other edition (plugins/content_check/elsewhere.py),
and tells an editor who names the other edition's article in ``Related:`` or
in a ``{filename}`` link which edition it belongs to and what to write.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from plugins.content_check.elsewhere import OtherEdition, OtherEditions
from tests.bad_input_site import ROOT, build_args, make_site

VI = "articles/2025/vufo-lam-viec-voi-can-tho.md"
EN = "en/articles/2025/vufo-works-with-can-tho.md"
EN_OTHER = "en/articles/2017/thai-binh-sets-goals-for-2017.md"


def edition(home: str, published=(), written=()) -> OtherEdition:
    report = SimpleNamespace(
        published=[SimpleNamespace(url=u, source=s) for u, s in published],
        written=frozenset(written),
    )
    return OtherEdition(
        home,
        (home + "articles",),
        home + "article/{slug}/",
        lambda file, files: file in files,
        lambda: report,
    )


def test_a_file_belongs_to_the_edition_whose_home_starts_it_longest():
    english = edition("en/")
    from_main = OtherEditions("", (english,))
    assert from_main.owner("en/article/x/index.html") is english
    assert from_main.owner("bai-viet/x/index.html") is None  # its own part
    assert from_main.owner("english/index.html") is None  # only looks alike
    main = edition("")
    from_english = OtherEditions("en/", (main,))
    assert from_english.owner("bai-viet/x/index.html") is main
    assert from_english.owner("en/section/x/index.html") is None


def test_the_other_editions_check_runs_only_when_asked():
    runs = []
    english = OtherEdition("en/", ("en/articles",), "en/article/{slug}/", None, runs.append)
    others = OtherEditions("", (english,))
    others.owner("en/x/index.html")
    others.source("articles/a.md")
    assert runs == []


def test_an_article_of_another_edition_is_found_by_slug_and_by_file():
    english = edition("en/", published=[("/en/article/cuba/", "en/articles/cuba.md")])
    others = OtherEditions("", (english,))
    assert others.article("cuba") == "/en/article/cuba/"
    assert others.article("lao") is None
    assert others.source("en/articles/cuba.md") is english
    assert english.urls_by_source["en/articles/cuba.md"] == "/en/article/cuba/"
    assert others.source("articles/cuba.md") is None


def _append(site, rel: str, text: str) -> None:
    path = site.file(rel)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _run(site, capsys, caplog) -> tuple[int, str, int, str]:
    from plugins.content_check.__main__ import main as check
    from scripts.build import main as build

    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        checked = check(["--settings", str(site.settings), str(site.content)])
        check_out = capsys.readouterr().out
        code = build(build_args(site))
        build_out = capsys.readouterr()
    finally:
        os.chdir(cwd)
    return checked, check_out, code, build_out.out + build_out.err + caplog.text


@pytest.mark.slow
def test_links_into_the_other_edition_are_served(tmp_path, capsys, caplog):
    site = make_site(tmp_path, english=True)
    _append(
        site, VI, "\nXem [bản tiếng Anh](/en/article/vufo-works-with-can-tho/), [/en/](/en/).\n"
    )
    _append(site, EN, "\nSee [the Vietnamese section](/chuyen-muc/huu-nghi/).\n")
    checked, check_out, code, build_out = _run(site, capsys, caplog)
    assert (checked, code) == (0, 0), check_out + build_out
    page = site.output / "bai-viet/vufo-lam-viec-voi-can-tho/index.html"
    assert 'href="/en/article/vufo-works-with-can-tho/"' in page.read_text(encoding="utf-8")
    assert (site.output / "en/article/vufo-works-with-can-tho/index.html").is_file()
    assert (site.output / "chuyen-muc/huu-nghi/index.html").is_file()


@pytest.mark.slow
def test_what_leads_wrongly_into_the_other_edition_is_refused_by_check_and_build(
    tmp_path, capsys, caplog
):
    site = make_site(tmp_path, english=True)
    _append(site, VI, "\nXem [bài không có](/en/article/khong-co/).\n")
    _append(
        site,
        VI,
        "\nXem [bản tiếng Anh]({filename}/en/articles/2025/vufo-works-with-can-tho.md).\n",
    )
    site.edit(EN_OTHER, "Lang: en", "Lang: en\nRelated: vufo-lam-viec-voi-can-tho")
    checked, check_out, code, build_out = _run(site, capsys, caplog)
    assert checked == 1 and code != 0
    vi_lines = len(site.file(VI).read_text(encoding="utf-8").splitlines())
    expected = [
        (f"{VI}:{vi_lines - 2}:", "'/en/article/khong-co/' không dẫn tới trang nào"),
        (f"{VI}:{vi_lines}:", "tệp của ấn bản khác"),
        (f"{VI}:{vi_lines}:", "'/en/article/vufo-works-with-can-tho/'"),
        (f"{EN_OTHER}:", "thuộc ấn bản khác (/bai-viet/vufo-lam-viec-voi-can-tho/)"),
    ]
    for where, what in expected:
        for output in (check_out, build_out):
            assert any(where in line and what in line for line in output.splitlines()), (
                where,
                what,
                output,
            )
    assert "0 lỗi" not in check_out and "không tồn tại" not in check_out


@pytest.mark.slow
def test_the_english_home_pages_pager_leads_back_to_the_english_home(tmp_path, capsys, caplog):
    # Page 1 of the English "Latest news" was linked as "/", the Vietnamese home.
    site = make_site(tmp_path, english=True)
    text = site.file("en/articles/2026/friendship-week-in-hanoi.md").read_text(encoding="utf-8")
    for number in range(1, 25):
        site.write(
            f"en/articles/2026/friendship-note-{number}.md",
            text.replace("Slug: friendship-week-in-hanoi", f"Slug: friendship-note-{number}")
            .replace("Title: A friendship week", f"Title: Friendship note {number}:")
            .replace("Date: 2026-02-20 09:00", f"Date: 2026-01-{number:02d} 09:00"),
        )
    checked, check_out, code, build_out = _run(site, capsys, caplog)
    assert (checked, code) == (0, 0), check_out + build_out
    second = (site.output / "en/page-2/index.html").read_text(encoding="utf-8")
    pager = second[second.index('class="pagination"') :]
    assert 'rel="prev" href="/en/"' in pager and 'aria-label="Page 1"' in pager
    assert 'href="/"' not in pager
