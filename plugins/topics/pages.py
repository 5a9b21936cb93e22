"""Topic pages: which articles belong to which province, country, organization.

Pure functions over plain values; the Pelican generator in ``__init__.py``
only feeds them articles and writes what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from plugins.fixed_urls.scheme import UrlSchemeError, fill, setting_name
from plugins.i18n.catalog import N_, Translations, translator
from plugins.reference import (
    Country,
    FormerProvince,
    Organization,
    Province,
    ReferenceData,
    Section,
    Subsection,
)
from plugins.vietnamese import fold, sort_key

# The kinds of page a reference object has (plugins.fixed_urls.scheme): a
# section's page is Pelican's category page, the others are written here.
URL_KINDS = ("province", "country", "organization", "section", "subsection")
PAGE_KINDS = ("province", "country", "organization", "subsection")

# The headings of /chu-de/'s groups: gettext messages, translated by
# topic_index_groups (``messages``: the build's catalog, plugins.i18n).
KIND_LABELS = {
    "province": N_("Provinces and cities"),
    "country": N_("Partner countries"),
    "organization": N_("Organizations"),
    "subsection": N_("Sections"),
}


@dataclass(frozen=True)
class TopicPage:
    """One topic page and the articles listed on it (newest first)."""

    kind: str  # province | country | organization | subsection
    name: str
    slug: str
    url: str
    record: object
    save_as: str = ""  # the file it is written to (``tinh/can-tho/index.html``)
    description: str = ""
    region: str = ""
    former_names: tuple[str, ...] = ()
    articles: tuple = field(default=(), compare=False)
    localities: tuple[LocalityGroup, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class LocalityGroup:
    """A commune or ward on its province page, with the articles that name
    it (by its current name or a former one), newest first."""

    anchor: str  # the id the article pages link to
    label: str  # "phường Trần Hưng Đạo"
    name: str  # "Trần Hưng Đạo" (the order of the list)
    former: tuple[str, ...]  # former units written in articles, with their place
    articles: tuple = field(default=(), compare=False)


@dataclass(frozen=True)
class Redirect:
    """A page that only points elsewhere (a former province's old address)."""

    url: str
    target_url: str
    target_title: str
    save_as: str = ""  # the file of the redirect page


def address(obj) -> tuple[str, dict[str, str]]:
    """The kind of a reference object's page and the fields its pattern is
    filled with: ``("province", {"slug": "can-tho"})``. A subsection is
    passed with its section, as ``(section, subsection)``."""
    if isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[1], Subsection):
        section, subsection = obj
        return "subsection", {"section": section.slug, "slug": subsection.slug}
    for kind, types in (
        ("province", (Province, FormerProvince)),
        ("country", Country),
        ("organization", Organization),
        ("section", Section),
    ):
        if isinstance(obj, types):
            return kind, {"slug": obj.slug}
    raise TypeError(f"no URL for {obj!r}")


def url_for(obj, urls: Mapping[str, str], suffix: str = "URL") -> str:
    """Relative URL of a reference object (``tinh/can-tho/``): the pattern of
    its kind in ``urls`` (``{kind: pattern}``, from the settings through
    :func:`plugins.fixed_urls.scheme.patterns`); with the ``SAVE_AS``
    patterns and ``suffix="SAVE_AS"``, the file its page is written to."""
    kind, fields = address(obj)
    if kind not in urls:
        raise UrlSchemeError(f"thiếu mẫu {setting_name(kind, suffix)} cho trang {obj!r}")
    return fill(urls[kind], kind, suffix, **fields)


def _newest_first(articles: Iterable) -> tuple:
    """Newest first; articles of the same time keep the order of the site's
    article list (given in that order), as on the home, section, keyword,
    author and archive pages (a stable sort: ``reverse`` keeps ties in
    place). Sorting ties by slug here put them the other way round."""
    return tuple(sorted(articles, key=lambda a: a.date, reverse=True))


def build_topic_pages(
    articles: Sequence,
    reference: ReferenceData,
    urls: Mapping[str, str],
    save_as: Mapping[str, str] | None = None,
    messages: Translations | None = None,
) -> list[TopicPage]:
    """Every topic page: the 34 current provinces, and each country,
    organization and subsection with at least one article. ``urls`` and
    ``save_as``: ``{kind: pattern}`` of the URL-scheme settings (no
    ``save_as``: the pages are not to be written, ``TopicPage.save_as`` is
    empty).

    Articles must carry the typed attributes of ``plugins.content_model``
    (``provinces``, ``countries``, ``organizations``, ``section``,
    ``subsection``). A province page lists the articles of its former units.
    ``messages``: the catalog of the pages' texts (plugins.i18n; the
    portal's, Vietnamese, when not given).
    """
    messages = messages or translator()
    by_key: dict[tuple[str, str], list] = {}
    records: dict[tuple[str, str], object] = {}
    for article in articles:
        keyed = [("province", p) for p in getattr(article, "provinces", ())]
        keyed += [("country", c) for c in getattr(article, "countries", ())]
        keyed += [("organization", o) for o in getattr(article, "organizations", ())]
        section = getattr(article, "section", None)
        subsection = getattr(article, "subsection", None)
        if section and subsection:
            keyed.append(("subsection", (section, subsection)))
        for kind, record in keyed:
            slug = record[1].slug if kind == "subsection" else record.slug
            key = (kind, slug if kind != "subsection" else f"{record[0].slug}/{slug}")
            by_key.setdefault(key, []).append(article)
            records[key] = record

    # Every current province has a page, even before its first article:
    # the navigator and the former provinces' addresses lead there.
    for province in reference.provinces:
        records.setdefault(("province", province.slug), province)
        by_key.setdefault(("province", province.slug), [])

    localities = locality_groups(articles, messages)
    pages = [
        TopicPage(
            kind=kind,
            url=url_for(records[(kind, key)], urls),
            save_as=url_for(records[(kind, key)], save_as, "SAVE_AS") if save_as else "",
            record=records[(kind, key)],
            articles=_newest_first({id(a): a for a in listed}.values()),
            localities=localities.get(records[(kind, key)].name, ()) if kind == "province" else (),
            **_labels(kind, records[(kind, key)], messages),
        )
        for (kind, key), listed in by_key.items()
    ]
    return sorted(pages, key=lambda p: (p.kind, sort_key(p.name)))


def _former_district_label(locality, _) -> str:
    """A district abolished on 1 July 2025, with its province: "Huyện Tiền
    Hải (Thái Bình cũ)"; a province that kept its name was not "former":
    "Quận Hoàn Kiếm (Hà Nội, trước 1/7/2025)"."""
    values = {"unit": locality.label, "place": locality.former_place}
    if fold(locality.former_place.rsplit(", ", 1)[-1]) == fold(locality.province):
        return _("%(unit)s (%(place)s, before 1 July 2025)") % values
    return _("%(unit)s (former %(place)s)") % values


def locality_groups(
    articles: Iterable, messages: Translations | None = None
) -> dict[str, tuple[LocalityGroup, ...]]:
    """Current province name → its communes and wards that articles name
    (``article.localities``, :mod:`plugins.localities`), in Vietnamese order.

    A former commune is filed under the unit it became, so "Tin từ xã,
    phường" lists one entry per current unit, with the former names the
    articles used; a former district (no current unit) has its own entry.
    ``messages``: as for :func:`build_topic_pages`.
    """
    _ = (messages or translator()).gettext
    groups: dict[tuple[str, str], dict] = {}
    for article in articles:
        for locality in getattr(article, "localities", ()):
            key = (locality.province, locality.anchor)
            group = groups.setdefault(
                key,
                {
                    "label": locality.unit.label
                    if locality.unit
                    else _former_district_label(locality, _),
                    "name": locality.unit.name if locality.unit else locality.name,
                    "former": {},
                    "articles": {},
                },
            )
            if locality.unit is not None and locality.is_former:
                group["former"][f"{locality.label} ({locality.former_place})"] = None
            group["articles"][id(article)] = article
    by_province: dict[str, list[LocalityGroup]] = {}
    for (province, anchor), group in groups.items():
        by_province.setdefault(province, []).append(
            LocalityGroup(
                anchor,
                group["label"],
                group["name"],
                tuple(sorted(group["former"], key=sort_key)),
                _newest_first(group["articles"].values()),
            )
        )
    return {
        province: tuple(sorted(items, key=lambda g: (sort_key(g.name), sort_key(g.label))))
        for province, items in by_province.items()
    }


def _labels(kind: str, record, messages: Translations) -> dict:
    """Name, slug and the descriptive fields of one topic page."""
    _ = messages.gettext
    if kind == "province":
        return {
            "name": record.name,
            "slug": record.slug,
            "description": _("People-to-people diplomacy news of %(place)s")
            % {"place": record.long_name},
            "region": record.region,
            "former_names": record.former_renamed,
        }
    if kind == "country":
        return {
            "name": record.name,
            "slug": record.slug,
            "description": _("Viet Nam – %(country)s friendship") % {"country": record.name},
        }
    if kind == "organization":
        return {
            "name": record.label,
            "slug": record.slug,
            "description": _("Articles about %(name)s.") % {"name": record.label},
        }
    section, subsection = record
    return {
        "name": subsection.name,
        "slug": subsection.slug,
        "description": _("Articles of %(subsection)s, in the section %(section)s.")
        % {"subsection": subsection.name, "section": section.name},
    }


def former_province_redirects(
    reference: ReferenceData, urls: Mapping[str, str], save_as: Mapping[str, str] | None = None
) -> list[Redirect]:
    """Old province addresses (``tinh/thai-binh/``) that lead to the new unit
    (``urls``, ``save_as``: as for :func:`build_topic_pages`)."""
    current = {p.name: p for p in reference.provinces}
    current_slugs = {p.slug for p in reference.provinces}
    redirects = []
    for former in reference.former_provinces:
        if former.slug in current_slugs:
            continue
        target = current[former.current]
        redirects.append(
            Redirect(
                url_for(former, urls),
                url_for(target, urls),
                target.long_name,  # mid-sentence: "Đã chuyển đến tỉnh Hưng Yên"
                url_for(former, save_as, "SAVE_AS") if save_as else "",
            )
        )
    return redirects


def topic_folders(urls: Mapping[str, str], save_as: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(url, save_as)`` of the folders that hold the province, country and
    organization pages (``tinh/``, ``tinh/index.html``), when a pattern
    puts its pages in one: a reader who shortens a page's address lands there."""
    folders: dict[str, str] = {}
    for kind in ("province", "country", "organization"):
        url, file = urls.get(kind, ""), save_as.get(kind, "")
        url_folder, file_folder = url.split("{", 1)[0], file.split("{", 1)[0]
        if "{" in url and url_folder.endswith("/") and file_folder.endswith("/"):
            folders.setdefault(url_folder, file_folder + "index.html")
    return list(folders.items())


def province_navigator(
    reference: ReferenceData, pages: Sequence[TopicPage]
) -> list[tuple[str, list[tuple[Province, int]]]]:
    """The 34 current provinces by region, with their article counts."""
    counts = {p.slug: len(p.articles) for p in pages if p.kind == "province"}
    return [
        (region, [(p, counts.get(p.slug, 0)) for p in provinces])
        for region, provinces in reference.provinces_by_region()
    ]


def country_navigator(pages: Sequence[TopicPage]) -> list[tuple[Country, int]]:
    """Countries with articles, most covered first, then by Vietnamese name."""
    found = [(p.record, len(p.articles)) for p in pages if p.kind == "country"]
    return sorted(found, key=lambda item: (-item[1], sort_key(item[0].name)))


def organization_navigator(pages: Sequence[TopicPage]) -> list[tuple[Organization, int]]:
    """Organizations with articles, most covered first, then by Vietnamese name."""
    found = [(p.record, len(p.articles)) for p in pages if p.kind == "organization" and p.articles]
    return sorted(found, key=lambda item: (-item[1], sort_key(item[0].name)))


def topic_index_groups(
    pages: Sequence[TopicPage],
    extra_groups: Sequence[tuple[str, list[tuple[str, str, int]]]] = (),
    kinds: Sequence[str] = ("province", "country", "organization"),
    messages: Translations | None = None,
) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """Groups for the all-topics page: (title, [(label, url, count)]), one
    per topic kind in ``kinds`` that has pages with articles (``messages``:
    as for :func:`build_topic_pages`)."""
    _ = (messages or translator()).gettext
    groups = []
    for kind in kinds:
        entries = [(p.name, p.url, len(p.articles)) for p in pages if p.kind == kind and p.articles]
        if entries:
            groups.append((_(KIND_LABELS[kind]), sorted(entries, key=lambda e: sort_key(e[0]))))
    groups.extend(extra_groups)
    return groups
