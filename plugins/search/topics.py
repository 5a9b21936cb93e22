"""Topics for the search page: provinces, partner countries, organizations.

Every article record carries a hidden filter, :data:`FILTER_TOPIC`, whose
values are *topic keys* (``tinh:hung-yen``, ``tinh-cu:thai-binh``,
``quoc-gia:lao``, ``to-chuc:vufo``). The search page loads a small JSON
(:func:`topic_index`, written next to the page as :data:`TOPICS_FILE`) that
maps every name readers may type — current and former provinces, partner
countries, organizations, with their aliases and acronyms, all from the
reference data in ``data/`` — to those keys. When a query names a topic, the
page first searches that topic's articles (the filter), then the whole
index, so ``Thái Bình`` lists the articles filed under Thái Bình (now part
of Hưng Yên), then Hưng Yên's, before anything that merely holds the words
*Thái* and *bình* (``theme/static/js/search.js``).

Pure functions of the reference data and an article's topics; no Pelican.
"""

from __future__ import annotations

from collections.abc import Iterable

from plugins.reference import ReferenceData
from plugins.vietnamese import nfc

# The hidden filter group of the topic keys (never shown to readers).
FILTER_TOPIC = "chu-de"
# Written next to the search page (tim-kiem/chu-de.json).
TOPICS_FILE = "chu-de.json"

PROVINCE = "tinh"
FORMER_PROVINCE = "tinh-cu"
COUNTRY = "quoc-gia"
ORGANIZATION = "to-chuc"


def topic_key(kind: str, slug: str) -> str:
    """``tinh:hung-yen``."""
    return f"{kind}:{slug}"


def article_topic_keys(
    reference: ReferenceData,
    provinces_as_written: Iterable[str] = (),
    province_slugs: Iterable[str] = (),
    country_slugs: Iterable[str] = (),
    organization_slugs: Iterable[str] = (),
) -> tuple[str, ...]:
    """The topic keys of one article, each once, in a stable order.

    A province written by a former name (``Thái Bình``, ``Bắc Cạn``) gives
    the former unit's key as well as the current one's; a current name
    gives the current key only.
    """
    keys: list[str] = []
    for name in provinces_as_written:
        former = reference.former_province(name)
        if former is not None and former.name != former.current:
            keys.append(topic_key(FORMER_PROVINCE, former.slug))
    keys += [topic_key(PROVINCE, slug) for slug in province_slugs]
    keys += [topic_key(COUNTRY, slug) for slug in country_slugs]
    keys += [topic_key(ORGANIZATION, slug) for slug in organization_slugs]
    return tuple(dict.fromkeys(keys))


def topic_index(reference: ReferenceData) -> dict:
    """The search page's topic names: ``{"filter", "names", "terms"}``.

    ``names``: ``[name, [key, …]]`` pairs, every name (official, short,
    alias) once, its keys in the order the page searches them (a former
    province: its own articles, then the current province's). ``terms``:
    for each key, the words every article filed under it holds (its topic
    names are in its record), which the page searches within the filter.
    """
    names: dict[str, list[str]] = {}
    terms: dict[str, str] = {}

    def add(aliases: Iterable[str], keys: list[str]) -> None:
        for alias in aliases:
            alias = nfc(alias).strip()
            if alias:
                found = names.setdefault(alias, [])
                found += [key for key in keys if key not in found]

    by_name = {p.name: p for p in reference.provinces}
    # Former units first: a name that is also an alias of the current unit
    # ("Thừa Thiên - Huế") searches the former unit's articles first.
    for former in reference.former_provinces:
        current = topic_key(PROVINCE, by_name[former.current].slug)
        if former.name == former.current:
            add(former.aliases, [current])
            continue
        key = topic_key(FORMER_PROVINCE, former.slug)
        terms[key] = former.name
        add((former.name, *former.aliases), [key, current])
    for province in reference.provinces:
        key = topic_key(PROVINCE, province.slug)
        terms[key] = province.name
        add((province.name, *province.aliases), [key])
    for country in reference.countries:
        key = topic_key(COUNTRY, country.slug)
        terms[key] = country.name
        add((country.name, *country.aliases), [key])
    # A short name the data says is no English name (short_en = "":
    # "Habitat" is a common English word) names no topic on the English
    # page, though an English article may still write it.
    own = reference.localized("vi").organizations if reference.lang != "vi" else ()
    for index, organization in enumerate(reference.organizations):
        key = topic_key(ORGANIZATION, organization.slug)
        terms[key] = organization.short or organization.name
        dropped = own[index].short if own and organization.short_en == "" else None
        aliases = (organization.name, organization.short, *organization.aliases)
        add((alias for alias in aliases if alias != dropped), [key])
    return {
        "filter": FILTER_TOPIC,
        "names": [[name, keys] for name, keys in names.items()],
        "terms": terms,
    }
