"""Which page of each edition answers which: the ``hreflang`` alternates.

Every page that exists in two editions has one *identity*: the home page
is ``("index",)``, an article ``("article", translation key)``, a section
``("section", position in data/sections.toml)``, a province
``("province", position in data/provinces.toml)`` … An identity maps to
one URL per edition that has the page. Both runs compute the whole map from
the article headers of every edition (:func:`plugins.editions.model.scan_headers`)
with the same function, so the English page's alternate is the Vietnamese
page whose alternate is the English page: reciprocity holds by construction.

Pages present in an edition, as the build makes them:
- always: home, search, topic index, archives index, sections index,
  keywords index, authors index, feeds page;
- an article with a ``Translation_Key`` that a published article of the
  other edition shares; a page (``content/pages/``: "Giới thiệu") the same
  with a page of the other edition (``("page", key)``);
- a section, subsection, province, country or organization page: when at
  least one published article of that edition is filed under it (plugins.topics
  writes all 34 province pages, but one without an article is ``noindex``:
  no indexed page may name it as its other edition);
- an author's page, and a year's or a month's archive: when both editions
  have a published article by that author (the same name gives the same
  slug), or of that year or month.
Keywords (named in each language) and a page without a ``Translation_Key``
have no alternate: the language switcher leads to the other edition's home
from them. A topic, author or archive page that the other edition lacks has
no alternate either; the switcher leads to that edition's index of its kind
(:func:`nearest_pages`), where the reader can go on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from plugins.content_check.urls import term_slug
from plugins.content_model.enrich import province_mentions
from plugins.fixed_urls.scheme import url_for

from .model import ArticleHeader, is_listed

Identity = tuple
FIXED_KINDS = ("index", "search", "topics", "archives", "sections", "keywords", "authors")


def _list_url(settings: Mapping[str, Any], kind: str) -> str:
    """URL of a list page that has only a SAVE_AS (``en/index.html`` → ``en/``)."""
    from plugins.fixed_urls.scheme import save_as_for

    name = {
        "index": "INDEX",
        "sections": "CATEGORIES",
        "keywords": "TAGS",
        "authors": "AUTHORS",
    }.get(kind)
    if name:
        save_as = save_as_for(settings, kind)
        return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as
    return url_for(settings, kind)


def _feeds_url(settings: Mapping[str, Any]) -> str:
    feeds = settings.get("FEEDS") or {}
    return f"{(feeds.get('directory') or 'feeds').strip('/')}/"


def edition_pages(
    settings: Mapping[str, Any],
    reference: Any,
    headers: Sequence[ArticleHeader],
    now: datetime | None,
    static: Sequence[ArticleHeader] = (),
) -> dict[Identity, str]:
    """``{identity: site-relative URL}`` of the pages of one edition
    (``settings``: that edition's, ``reference``: its localized data;
    ``headers``: its articles', ``static``: its pages' headers)."""
    pages: dict[Identity, str] = {kind: _list_url(settings, kind) for kind in FIXED_KINDS}
    pages = {(kind,): url for kind, url in pages.items()}
    pages[("feeds",)] = _feeds_url(settings)
    for entry in static:
        if entry.key and entry.slug and is_listed(entry, now):
            pages[("page", entry.key)] = url_for(settings, "page", slug=entry.slug)
    listed = [entry for entry in headers if entry.slug and is_listed(entry, now)]
    # Positions by identity: tuple.index compares dataclasses field by
    # field (0.45 s of 1.6 s at 10,000 articles under cProfile).
    place = {id(item): i for items in _numbered(reference) for i, item in enumerate(items)}
    for entry in listed:
        if entry.key:
            pages[("article", entry.key)] = url_for(settings, "article", slug=entry.slug)
        section = reference.section(entry.fields.get("category", "")).found
        if section is not None:
            index = place[id(section)]
            pages[("section", index)] = url_for(settings, "section", slug=section.slug)
            subsection = section.subsection(entry.fields.get("subsection", ""))
            if subsection is not None:
                pages[("subsection", index, place[id(subsection)])] = url_for(
                    settings, "subsection", section=section.slug, slug=subsection.slug
                )
        for name in entry.names("authors"):
            slug = term_slug(name)
            if slug:
                pages[("author", slug)] = url_for(settings, "author", slug=slug)
        published = _date_of(entry)
        # Its province pages: a province page without an article is noindex,
        # and no page names such a page as its other edition.
        metadata = {**entry.fields, "date": published}
        for mention in province_mentions(metadata, reference)[0]:
            province = mention.current
            pages[("province", place[id(province)])] = url_for(
                settings, "province", slug=province.slug
            )
        if published is not None:
            pages[("year", published.year)] = url_for(settings, "year_archive", date=published)
            pages[("month", published.year, published.month)] = url_for(
                settings, "month_archive", date=published
            )
        for kind, field, lookup in (
            ("country", "countries", reference.country),
            ("organization", "organizations", reference.organization),
        ):
            for name in entry.names(field):
                found = lookup(name).found
                if found is not None:
                    pages[(kind, place[id(found)])] = url_for(settings, kind, slug=found.slug)
    return pages


def province_pages(settings: Mapping[str, Any], reference: Any) -> dict[Identity, str]:
    """``{identity: URL}`` of every province page of one edition, with or
    without articles (plugins.topics writes all of them)."""
    return {
        ("province", index): url_for(settings, "province", slug=province.slug)
        for index, province in enumerate(reference.provinces)
    }


def _date_of(entry: ArticleHeader) -> datetime | None:
    from plugins.content_model.model import parse_datetime

    try:
        return parse_datetime(entry.date)
    except (TypeError, ValueError):
        return None


def _numbered(reference: Any) -> list[Sequence]:
    """The sequences whose positions name pages: sections, each section's
    subsections, countries, organizations."""
    return [
        reference.sections,
        *(section.subsections for section in reference.sections),
        reference.provinces,
        reference.countries,
        reference.organizations,
    ]


def alternates(pages: Mapping[str, Mapping[Identity, str]]) -> dict[str, dict[str, str]]:
    """``{lang: {identity: url}}`` of every edition → ``{url: {lang: url}}``:
    for each page that exists in two editions or more, every edition's
    address of it (its own included), keyed by each of those addresses."""
    result: dict[str, dict[str, str]] = {}
    identities = {identity for urls in pages.values() for identity in urls}
    for identity in identities:
        versions = {lang: urls[identity] for lang, urls in pages.items() if identity in urls}
        if len(versions) < 2:
            continue
        for url in versions.values():
            result[url] = versions
    return result


# Where the language switcher leads from a page the other edition lacks:
# the nearest page of its kind there (tried in order), else that edition's home.
NEAREST = {
    "section": (("sections",),),
    "subsection": (("sections",),),
    "country": (("topics",),),
    "organization": (("topics",),),
    "author": (("authors",),),
    "year": (("archives",),),
    "month": (("archives",),),
}


def nearest_pages(pages: Mapping[str, Mapping[Identity, str]]) -> dict[str, dict[str, str]]:
    """``{url: {lang: url}}``, for the switcher only: for each page of one
    edition that another edition does not have, that edition's nearest
    page (:data:`NEAREST`; a subsection's section, a month's year first)."""
    result: dict[str, dict[str, str]] = {}
    for lang, urls in pages.items():
        for identity, url in urls.items():
            kind = identity[0]
            if kind not in NEAREST:
                continue
            parent = {"subsection": ("section", *identity[1:2]), "month": ("year", *identity[1:2])}
            tried = ((parent[kind],) if kind in parent else ()) + NEAREST[kind]
            for other, theirs in pages.items():
                if other == lang or identity in theirs:
                    continue
                found = next((theirs[near] for near in tried if near in theirs), None)
                if found:
                    result.setdefault(url, {})[other] = found
    return result
