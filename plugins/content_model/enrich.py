"""Turn an article's raw metadata strings into typed reference values.

Pure: takes a metadata mapping and the reference data, returns a
:class:`Topics` value. The Pelican handler copies its fields onto the article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plugins.localities import Locality, before_reorganisation, split_localities
from plugins.reference import Country, Organization, Province, ReferenceData, Section, Subsection

from .model import split_list


@dataclass(frozen=True)
class ProvinceMention:
    """A province as the article names it, and the current unit it belongs to."""

    as_written: str  # as the editor wrote it ("Sài Gòn", "TP HCM"): found by search
    current: Province
    # Written as a unit of the map before 1 July 2025 that is not the
    # current one's name ("Thái Bình" → Hưng Yên), not another spelling of
    # the current unit ("TP Cần Thơ", "Sài Gòn"): shown "Thái Bình → Hưng Yên".
    is_former: bool = False
    # The official name of what was written, as the page shows it: the former
    # unit's ("Thái Bình", "Đắk Nông" for "Đăk Nông") or the current one's
    # ("Thành phố Hồ Chí Minh" for "Sài Gòn"). Two spellings of one unit
    # share it, and the chips show it once.
    name: str = ""


@dataclass(frozen=True)
class Topics:
    section: Section | None
    subsection: Subsection | None
    province_mentions: tuple[ProvinceMention, ...]
    provinces: tuple[Province, ...]  # current units, de-duplicated, in order
    localities: tuple[Locality, ...]  # communes and wards (a former one with its current unit)
    countries: tuple[Country, ...]
    organizations: tuple[Organization, ...]
    related_slugs: tuple[str, ...]
    series: str | None
    series_part: int | None
    format: str
    featured: str
    views: int | None


def _as_list(value) -> list[str]:
    """The names of a list field, each with its white space made plain
    spaces (a pasted non-breaking space is shown as the editor sees it)."""
    if value is None:
        return []
    names = value if isinstance(value, (list, tuple)) else split_list(str(value))
    return [" ".join(str(name).split()) for name in names]


def _as_int(value) -> int | None:
    try:
        return int(str(value).replace(".", "").replace(",", "").strip())
    except (TypeError, ValueError):
        return None


def resolve_topics(metadata: dict, reference: ReferenceData) -> Topics:
    """Resolve names to reference records; unknown names are dropped (the
    checker has already refused them before a build gets here)."""
    category = metadata.get("category")
    section = reference.section(str(category)).found if category else None
    subsection = None
    if section and metadata.get("subsection"):
        subsection = section.subsection(str(metadata["subsection"]))

    mentions, localities = province_mentions(metadata, reference)
    current = tuple(dict.fromkeys(m.current for m in mentions))

    def resolve(names, lookup):
        items = (lookup(name).found for name in _as_list(names))
        return tuple(dict.fromkeys(item for item in items if item))

    part = _as_int(metadata.get("series_part"))
    return Topics(
        section=section,
        subsection=subsection,
        province_mentions=tuple(mentions),
        provinces=current,
        localities=localities,
        countries=resolve(metadata.get("countries"), reference.country),
        organizations=resolve(metadata.get("organizations"), reference.organization),
        related_slugs=tuple(_as_list(metadata.get("related"))),
        series=str(metadata["series"]).strip() if metadata.get("series") else None,
        series_part=part,
        format=str(metadata.get("format") or "article").strip().lower(),
        featured=str(metadata.get("featured") or "no").strip().lower(),
        views=_as_int(metadata.get("views")) if metadata.get("views") is not None else None,
    )


def province_mentions(
    metadata: Mapping, reference: ReferenceData
) -> tuple[list[ProvinceMention], tuple[Locality, ...]]:
    """The provinces an article is filed under (its province pages), as
    named: those of ``Provinces:`` (a former one as its current unit), then
    those of its ``Localities:`` communes; and those communes."""
    mentions: list[ProvinceMention] = []
    written = _as_list(metadata.get("provinces"))
    for name in written:
        found = reference.province(name).found
        if found:
            former = reference.former_province(name)
            is_former = bool(former) and former.name != found.name
            shown = former.name if is_former else found.name
            mentions.append(ProvinceMention(name, found, is_former, shown))
    localities = resolve_localities(metadata, reference, written)
    # A commune's province is the article's too, written or not.
    named = {m.current.name for m in mentions}
    for locality in localities:
        if locality.province not in named:
            named.add(locality.province)
            province = reference.province(locality.province).found
            mentions.append(ProvinceMention(locality.province, province, name=province.name))
    return mentions, localities


def resolve_localities(
    metadata: dict, reference: ReferenceData, provinces: list[str]
) -> tuple[Locality, ...]:
    """``Localities:`` resolved (:mod:`plugins.localities`); unknown or
    ambiguous names are dropped (the checker has refused them already)."""
    value = metadata.get("localities")
    if not value:
        return ()
    items = value if isinstance(value, list | tuple) else split_localities(str(value))
    before = before_reorganisation(metadata.get("date"))
    found = (reference.localities.resolve(item, provinces, before).found for item in items)
    # One unit written two ways ("phường Thuận Hóa, phường Thuận Hoá") is
    # one locality: the first spelling is kept.
    unique: dict[tuple, Locality] = {}
    for item in found:
        if item:
            unique.setdefault((item.label, item.province, item.unit, item.former_place), item)
    return tuple(unique.values())


def series_parts(articles) -> dict[str, list]:
    """Series name → its published parts, by ``Series_Part`` then date.

    Computed once per build so a template never scans every article for
    every article of a series (quadratic on a large site).
    """
    by_series: dict[str, list] = {}
    for article in articles:
        if getattr(article, "series", None):
            by_series.setdefault(article.series, []).append(article)
    for parts in by_series.values():
        parts.sort(key=lambda a: (a.series_part is None, a.series_part or 0, a.date, a.slug))
    return by_series


def lead_caption(caption: str, credit: str) -> tuple[str, str]:
    """``(Image_Caption, Image_Credit)`` as the page shows them. A caption
    that ends with its own credit ("… (Ảnh: Hồng Nhung)", copied from a
    legacy page) gives it up to ``Image_Credit``, as body captions do
    (plugins/images/markup.py), so the page names the photographer once;
    unless ``Image_Credit`` names someone else: then both stay as written
    (``make check`` refuses that, ``two-image-credits``). A credit typed
    with its word ("Ảnh: Quỳnh Hoa") loses it (:func:`credit_name`)."""
    from plugins.images.markup import credit_name, split_caption  # the body's rule, one place

    credit = credit_name(credit)  # "Ảnh: Quỳnh Hoa" typed: the page adds "Ảnh:" itself
    split = split_caption(caption or "")
    if not split.credit or (credit and credit.casefold() != split.credit.casefold()):
        return caption, credit
    return split.text, credit or split.credit
