"""plugins.fixed_urls: each URL is computed once, and is the URL Pelican computes."""

from __future__ import annotations

import copy
from types import SimpleNamespace

from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from plugins.fixed_urls import contents_of, fix_urls


def settings() -> dict:
    values = copy.deepcopy(DEFAULT_CONFIG)
    values.update(ARTICLE_URL="bai-viet/{slug}/", ARTICLE_SAVE_AS="bai-viet/{slug}/index.html")
    return values


def article(slug: str, **metadata) -> Article:
    from datetime import datetime

    return Article(
        "<p>x</p>",
        {"title": slug, "slug": slug, "date": datetime(2025, 11, 3), **metadata},
        settings=settings(),
        source_path=f"/content/{slug}.md",
    )


def test_the_fixed_url_is_pelicans_and_stays_fixed():
    item = article("hop-tac-huu-nghi")
    computed = item.url
    assert fix_urls([item]) == 1
    assert item.url == computed == "bai-viet/hop-tac-huu-nghi/"
    item.slug = "doi-slug-sau-do"  # the URL no longer follows: it is not computed again
    assert item.url == computed
    assert item.save_as == "bai-viet/doi-slug-sau-do/index.html"  # save_as is not fixed


def test_a_url_given_in_the_metadata_is_kept():
    item = article("a", url="trang-rieng/")
    assert fix_urls([item]) == 0
    assert item.url == "trang-rieng/"


def test_every_article_page_draft_and_translation_is_found():
    first, second, draft, translation = (article(s) for s in ("a", "b", "nhap", "ban-dich"))
    first.translations = [translation]
    page = Page("<p>p</p>", {"title": "Giới thiệu", "slug": "gioi-thieu"}, settings=settings())
    generators = [
        SimpleNamespace(articles=[first, second], drafts=[draft], settings={}),
        SimpleNamespace(pages=[page], hidden_pages=(), other="not a list"),
    ]
    found = contents_of(generators)
    assert {id(x) for x in found} == {id(x) for x in (first, second, draft, translation, page)}
    assert len(found) == 5
    assert fix_urls(found) == 5 and fix_urls(found) == 0


def test_articles_are_fixed_when_their_generator_is_finalized():
    from plugins.fixed_urls import on_generator_finalized

    first, second = article("a"), article("b")
    generator = SimpleNamespace(articles=[first], drafts=[second], settings={})
    on_generator_finalized(generator)
    assert vars(first)["override_url"] == "bai-viet/a/"
    assert vars(second)["override_url"] == "bai-viet/b/"
