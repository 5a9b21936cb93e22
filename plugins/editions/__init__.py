"""Language editions: the English edition at /en/ beside the Vietnamese one.

Each edition is its own Pelican run (scripts/build.py runs the other
editions first, then the main one, into the same staging folder); the
settings of a run are :func:`model.edition_settings`. This plugin only
hands every run the facts that join the editions, as settings (so they
are in every template's context and in the page-reuse digest):

- ``EDITION_ALTERNATES``: ``{url: {lang: url}}``, every page's versions
  (:mod:`.alternates`), for ``hreflang`` links, the sitemap and the
  language switcher;
- ``EDITION_SWITCHES``: the same for pages that both editions write without
  being alternates (every province's), and for a page the other edition
  lacks, the nearest page there (:func:`.alternates.nearest_pages`), for the
  language switcher only;
- ``EDITION_HOMES``: ``{lang: home URL}`` of the editions this build makes;
- ``EDITION_LOCALES``: ``{lang: OpenGraph locale}`` (``og:locale:alternate``);
- ``HOME_URL``: this edition's home (``""`` or ``"en/"``), for the theme's home links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from plugins.content_model.model import split_list
from plugins.fixed_urls.scheme import home_url, url_for
from plugins.reference import reference_for

from .addresses import Claim, address_problems, edition_claims
from .alternates import alternates, edition_pages, nearest_pages, province_pages
from .model import (
    ArticleHeader,
    EditionError,
    built_languages,
    edition_languages,
    edition_settings,
    is_listed,
    is_main_edition,
    main_settings,
    scan_headers,
    translation_problems,
    untranslated_topics,
    with_implied_keys,
)

__all__ = [
    "ArticleHeader",
    "EditionError",
    "built_languages",
    "edition_facts",
    "edition_problems",
    "home_url",
    "edition_languages",
    "edition_settings",
    "is_main_edition",
    "main_settings",
    "other_edition_folders",
    "other_edition_redirects",
    "run_settings",
    "scan_headers",
    "translation_problems",
]

DEFAULT_LOCALE = {"vi": "vi_VN", "en": "en_GB"}


def run_settings(settings: dict, lang: str) -> dict[str, Any]:
    """The settings Pelican runs the ``lang`` edition with: :func:`edition_settings`,
    with the overridden values made what Pelican's ``read_settings`` makes
    of them (the pagination patterns become ``PaginationRule``)."""
    from pelican.paginator import PaginationRule

    result = edition_settings(settings, lang)
    rules = result.get("PAGINATION_PATTERNS")
    if rules:
        result["PAGINATION_PATTERNS"] = [
            rule if isinstance(rule, PaginationRule) else PaginationRule(*rule) for rule in rules
        ]
    return result


def _clock(settings: dict):
    from plugins.schedule.clock import build_time, schedule_options

    return None if schedule_options(settings).preview else build_time(settings)


def _edition_articles(
    main: dict, languages: list[str], content: Path
) -> dict[str, list[ArticleHeader]]:
    """Each edition's article headers, a translation's original keyed by
    its slug when it has no key of its own (:func:`with_implied_keys`)."""
    return with_implied_keys(
        {
            lang: scan_headers(
                content, edition_settings(main, lang).get("ARTICLE_PATHS") or (), lang
            )
            for lang in languages
        },
        main["EDITION"],
    )


def edition_facts(settings: dict) -> dict[str, Any]:
    """The four settings above, for the run of ``settings`` (any edition)."""
    main = main_settings(settings)
    languages = built_languages(main)
    if len(languages) < 2:
        return {
            "EDITION_ALTERNATES": {},
            "EDITION_SWITCHES": {},
            "EDITION_HOMES": {},
            "EDITION_LOCALES": {},
        }
    content = Path(main["PATH"])
    now = _clock(settings)
    pages, homes, locales, provinces = {}, {}, {}, {}
    articles = _edition_articles(main, languages, content)
    for lang in languages:
        chosen = edition_settings(main, lang)
        reference = reference_for(chosen)
        headers = articles[lang]
        static = scan_headers(content, chosen.get("PAGE_PATHS") or (), lang)
        pages[lang] = edition_pages(chosen, reference, headers, now, static)
        homes[lang] = pages[lang][("index",)]
        locales[lang] = (chosen.get("SEO") or {}).get("locale") or DEFAULT_LOCALE.get(lang, lang)
        provinces[lang] = province_pages(chosen, reference)
    return {
        "EDITION_ALTERNATES": alternates(pages),
        # Where the language switcher leads from a page without an
        # alternate that exists in the other edition all the same: a
        # province's page (all 34 are written in each edition; one without
        # an article is noindex, so it is no hreflang alternate).
        # A page that the other edition lacks: its index of the same kind
        # there (the countries, the authors, the archives …), not its home.
        "EDITION_SWITCHES": {**nearest_pages(pages), **alternates(provinces)},
        "EDITION_HOMES": homes,
        "EDITION_LOCALES": locales,
    }


def articles_only_elsewhere(settings: dict) -> list[tuple[ArticleHeader, Any]]:
    """``(header, its edition's reference data)`` of each listed article of
    the other editions that translates no listed article of the main one:
    what only they publish (the statistics page counts it with the main
    edition's articles, a translation once). Empty with one edition."""
    main = main_settings(settings)
    languages = built_languages(main)
    if len(languages) < 2:
        return []
    content = Path(main["PATH"])
    now = _clock(settings)
    listed = {}
    for lang in languages:
        paths = edition_settings(main, lang).get("ARTICLE_PATHS") or ()
        listed[lang] = [
            h for h in scan_headers(content, paths, lang) if h.slug and is_listed(h, now)
        ]
    listed = with_implied_keys(listed, main["EDITION"])
    translated = {header.key for header in listed[languages[0]] if header.key}
    found = []
    for lang in languages[1:]:
        reference = reference_for(edition_settings(main, lang))
        found += [(h, reference) for h in listed[lang] if not h.key or h.key not in translated]
    return found


def edition_problems(settings: dict) -> list[tuple[str, int, str, str]]:
    """``(path under content/, line, code, message)``: what joins the
    editions wrongly (:func:`model.translation_problems`) and, in every
    edition but the main one, topics without a name in its language."""
    from plugins.reference import has_english_name

    main = main_settings(settings)
    languages = built_languages(main)
    content = Path(main["PATH"])
    entries: list[ArticleHeader] = []
    pages: list[ArticleHeader] = []
    claims: list[Claim] = []
    homes: dict[str, str] = {}
    problems: list[tuple[str, int, str, str]] = []
    articles = _edition_articles(main, languages, content)
    for lang in languages:
        chosen = edition_settings(main, lang)
        headers = articles[lang]
        own_pages = scan_headers(content, chosen.get("PAGE_PATHS") or (), lang)
        entries += headers
        pages += own_pages
        if len(languages) > 1:  # one edition: its own check sees every address
            claims += edition_claims(chosen, lang, headers, own_pages)
            homes[lang] = home_url(chosen)
        if lang == "en":
            problems += untranslated_topics(headers, reference_for(chosen), has_english_name)
    # Every configured language: "Lang: en" is wrong in content/articles/
    # (and content/pages/) even on a site that has no English article yet.
    every = edition_languages(main)
    problems += translation_problems(entries, every)
    problems += translation_problems(pages, every, "pages")
    if len(homes) > 1:
        problems += address_problems(claims, homes, _declared_redirects(content))
    return problems


def other_edition_redirects(settings: dict) -> list[tuple[str, str, str, str]]:
    """``(source file, old address, target URL, title)`` of every old address
    (``Redirect_From``; ``Legacy_URL`` of an article) that the published
    articles and pages of the editions other than the main one declare.

    Each edition's run checks its own redirects, but only the main run
    writes the redirect pages and the server's tables (``_redirects``, the
    nginx map), for the whole site: it takes the other editions' from their
    headers, as their runs publish them (no draft, nothing scheduled)."""
    main = main_settings(settings)
    content = Path(main["PATH"])
    now = _clock(settings)
    found = []
    for lang in built_languages(main):
        if lang == main["EDITION"]:
            continue
        chosen = edition_settings(main, lang)
        for kind, folders in (("article", "ARTICLE_PATHS"), ("page", "PAGE_PATHS")):
            for entry in scan_headers(content, chosen.get(folders) or (), lang):
                if not entry.slug or not is_listed(entry, now):
                    continue
                target = "/" + url_for(chosen, kind, slug=entry.slug).lstrip("/")
                olds = split_list(entry.fields.get("redirect_from", ""))
                if kind == "article":
                    olds.append(entry.fields.get("legacy_url", "").strip())
                title = entry.fields.get("title", "")
                source = str(content / entry.path)
                found += [(source, old, target, title) for old in olds if old]
    return found


def _declared_redirects(content: Path) -> list[tuple[str, int, str]]:
    """``content/redirects.toml``'s redirects (its problems are the content check's)."""
    from plugins.legacy_urls.redirects import parse_manual_redirects

    path = content / "redirects.toml"
    if not path.is_file():
        return []
    redirects, _ = parse_manual_redirects(path.read_text(encoding="utf-8"))
    return [(r.old, r.line, r.target) for r in redirects]


def other_edition_folders(settings: dict) -> tuple[str, ...]:
    """The source folders (``ARTICLE_PATHS``, ``PAGE_PATHS``, under ``PATH``)
    of every language edition but the one ``settings`` run."""
    main = main_settings(settings)
    own = settings.get("DEFAULT_LANG") or main.get("DEFAULT_LANG") or "vi"
    folders: list[str] = []
    for lang in edition_languages(main):
        if lang != own:
            chosen = edition_settings(main, lang)
            folders += [*(chosen.get("ARTICLE_PATHS") or ()), *(chosen.get("PAGE_PATHS") or ())]
    return tuple(folders)


FACT_KEYS = ("EDITION_ALTERNATES", "EDITION_SWITCHES", "EDITION_HOMES", "EDITION_LOCALES")


def add_edition_facts(pelican) -> None:
    """initialized: before any generator reads the settings. scripts/build.py
    computes the facts once for all the editions' runs (every article header
    read once: 1.1 s at 10,000 articles); a run without them (Pelican run
    directly) computes its own."""
    if not all(key in pelican.settings for key in FACT_KEYS):
        pelican.settings.update(edition_facts(pelican.settings))
    pelican.settings["HOME_URL"] = home_url(pelican.settings)


def register() -> None:
    signals.initialized.connect(add_edition_facts)
