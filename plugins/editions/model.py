"""Language editions as data: the settings of each edition, the headers of
every edition's articles, translation pairs and the alternate addresses of
a page in the other editions. Pure functions; nothing here imports Pelican.

An edition is one Pelican run over its own folders of ``content/``:
the main edition (``DEFAULT_LANG``, ``content/articles`` and
``content/pages``) and each entry of the setting ``EDITIONS``
(``{"en": {setting: value, …}}``), whose values override the main settings
for that run (its URL scheme under ``en/``, its article folder
``en/articles``, its site name, its date filters …). This follows Hugo's
per-language content folders: an English article lives in
``content/en/articles/`` and says ``Lang: en``.

A translation is two articles in two editions with the same
``Translation_Key``. Pelican's own translation support (one run,
``ARTICLE_TRANSLATION_ID``, ``process_translations``) was considered and
left aside: in one run every list, feed, sitemap and search index
would mix both languages unless each plugin filtered by language, and an
English-only article (no Vietnamese original) becomes an original of the
Vietnamese site. Two runs give each edition its own lists for free; the key
is Pelican's idea of a translation id, shared by both articles.

Which other-language page answers a page (its *alternate*) is decided
here, from the articles' headers alone, so that both runs agree on every
pair without reading each other's output: the reciprocity of ``hreflang``
depends on it (tests/test_editions_site.py checks every pair of the built
site).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from plugins.content_model.model import parse_datetime, read_header, split_list

__all__ = [
    "ArticleHeader",
    "EditionError",
    "edition_languages",
    "edition_settings",
    "is_main_edition",
    "scan_headers",
    "translation_problems",
]

_HEADER_BYTES = 16384  # a header is far shorter; the body is never read


class EditionError(ValueError):
    """A bad ``EDITIONS`` setting (message in Vietnamese, naming the key)."""


def edition_languages(settings: Mapping[str, Any]) -> list[str]:
    """The main language first, then the other editions in setting order."""
    main = str(settings.get("DEFAULT_LANG") or "vi")
    others = list((settings.get("EDITIONS") or {}).keys())
    if main in others:
        raise EditionError(f"EDITIONS: '{main}' là ngôn ngữ chính (DEFAULT_LANG), không khai lại")
    return [main, *others]


def is_main_edition(settings: Mapping[str, Any]) -> bool:
    """Whether these are the settings of the main edition's run: only it
    writes what belongs to the whole site (robots.txt, the /admin/ editor,
    redirects, statistics, headers, the link check and precompression over
    every edition's pages)."""
    return settings.get("EDITION", settings.get("DEFAULT_LANG")) == settings.get(
        "MAIN_LANG", settings.get("DEFAULT_LANG")
    )


def edition_settings(settings: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The settings of the ``lang`` edition's run: the main settings, with
    ``EDITIONS[lang]`` applied over them (a dict value is merged over the
    main dict of the same name, so ``SEARCH = {"bundle_dir": …}`` keeps the
    other keys), and ``EDITION``/``MAIN_LANG`` set."""
    main = str(settings.get("DEFAULT_LANG") or "vi")
    editions = settings.get("EDITIONS") or {}
    result = dict(settings)
    result["MAIN_LANG"] = main
    if lang == main:
        result["EDITION"] = main
        return result
    if lang not in editions:
        known = ", ".join(edition_languages(settings))
        raise EditionError(f"EDITIONS: không có ấn bản '{lang}' (có: {known})")
    overrides = editions[lang]
    if not isinstance(overrides, Mapping):
        raise EditionError(f"EDITIONS['{lang}'] phải là một dict các thiết lập")
    # What the overrides replaced, so any run can make the main settings again.
    result["EDITION_BASE"] = {
        key: settings[key] for key in (*overrides, "DEFAULT_LANG") if key in settings
    }
    result["EDITION_ADDED"] = [key for key in overrides if key not in settings]
    for key, value in overrides.items():
        base = settings.get(key)
        if isinstance(value, Mapping) and isinstance(base, Mapping):
            result[key] = {**base, **value}
        else:
            result[key] = value
    result["DEFAULT_LANG"] = lang
    result["EDITION"] = lang
    return result


def main_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The main edition's settings, from the settings of any edition's run."""
    base = settings.get("EDITION_BASE") or {}
    result = {**settings, **base}
    for key in (*(settings.get("EDITION_ADDED") or ()), "EDITION_BASE", "EDITION_ADDED"):
        result.pop(key, None)
    result["EDITION"] = result["MAIN_LANG"] = str(result.get("DEFAULT_LANG") or "vi")
    return result


def edition_built(settings: Mapping[str, Any], lang: str) -> bool:
    """An edition is built when one of its article folders exists (a site
    without ``content/en/articles`` has no English edition, and no switcher)."""
    chosen = edition_settings(settings, lang)
    root = Path(chosen["PATH"])
    return any((root / folder).is_dir() for folder in chosen.get("ARTICLE_PATHS") or ())


def built_languages(settings: Mapping[str, Any]) -> list[str]:
    """The editions this build makes: the main one, then each built other."""
    main, *others = edition_languages(settings)
    return [main, *(lang for lang in others if edition_built(settings, lang))]


@dataclass(frozen=True)
class ArticleHeader:
    """What the alternates and the translation rules need of one article."""

    path: str  # relative to the content folder, POSIX
    lang: str  # its edition's language (the folder decides)
    slug: str
    key: str = ""  # Translation_Key
    key_line: int = 0
    lang_given: str = ""  # the Lang: line as written ("" when absent)
    lang_line: int = 0
    status: str = "published"
    date: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)

    def names(self, key: str) -> list[str]:
        """A list field (``provinces`` …) split as the content model splits it."""
        return split_list(self.fields.get(key, ""))


def _header_part(data: bytes) -> bytes:
    """``data`` up to its first empty line, where :func:`read_header` stops
    anyway: the body is neither decoded nor split (a third of the scan)."""
    ends = [end for end in (data.find(b"\n\n"), data.find(b"\n\r\n")) if end >= 0]
    return data[: min(ends) + 1] if ends else data


def scan_headers(content: Path, folders: Sequence[str], lang: str) -> list[ArticleHeader]:
    """Every ``*.md`` article under ``folders`` of ``content``, header only
    (16 KiB at most is read of each: 0.1 s for 1,000 files)."""
    entries: list[ArticleHeader] = []
    for folder in folders:
        root = content / folder
        if not root.is_dir():
            continue
        walked: set[str] = set()  # a link back to a folder already walked
        for dirpath, dirs, files in os.walk(root, followlinks=True):
            real = os.path.realpath(dirpath)
            if real in walked:
                dirs[:] = []
                continue
            walked.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.endswith(".md") or name.startswith("."):
                    continue
                path = Path(dirpath) / name
                if not path.is_file():  # a named pipe would wait (the check refuses it)
                    continue
                try:
                    with path.open("rb") as handle:
                        text = _header_part(handle.read(_HEADER_BYTES)).decode("utf-8", "replace")
                except OSError:
                    continue
                lines = read_header(text.lstrip("\ufeff"))[0].lines
                value = {line.key: line.value for line in reversed(lines)}  # first wins
                numbers = {line.key: line.line for line in reversed(lines)}
                entries.append(
                    ArticleHeader(
                        path=path.relative_to(content).as_posix(),
                        lang=lang,
                        slug=value.get("slug", ""),
                        key=value.get("translation_key", ""),
                        key_line=numbers.get("translation_key", 0),
                        lang_given=value.get("lang", ""),
                        lang_line=numbers.get("lang", 0),
                        status=(value.get("status") or "published").lower(),
                        date=value.get("date", ""),
                        fields=value,
                        lines=numbers,
                    )
                )
    return entries


def is_listed(entry: ArticleHeader, now: datetime | None) -> bool:
    """Whether the article is published by a build at ``now`` (``None``: a
    preview, where scheduled articles are shown): not a draft, not dated later."""
    if entry.status != "published":
        return False
    if now is None or not entry.date:
        return True
    try:
        moment = parse_datetime(entry.date)
    except ValueError:
        return True
    return moment <= now


def with_implied_keys(
    by_lang: Mapping[str, Sequence[ArticleHeader]], main_lang: str
) -> dict[str, list[ArticleHeader]]:
    """The articles of each edition, an article of the main edition without
    ``Translation_Key`` given its slug as its key when another edition's
    article names that slug as its key: the original of a translation need
    not be edited to be found (the web editor saves the two in two pull
    requests, and a lone key failed the first one's check). A slug that an
    article of the main edition already writes as its key implies nothing."""
    named = {e.key for lang, entries in by_lang.items() if lang != main_lang for e in entries}
    written = {e.key for e in by_lang.get(main_lang, ()) if e.key}
    result = {lang: list(entries) for lang, entries in by_lang.items()}
    result[main_lang] = [
        replace(e, key=e.slug)
        if not e.key and e.slug and e.slug in named and e.slug not in written
        else e
        for e in by_lang.get(main_lang, ())
    ]
    return result


def translation_problems(
    entries: Sequence[ArticleHeader], languages: Sequence[str], kind: str = "articles"
) -> list[tuple[str, int, str, str]]:
    """``(path, line, code, message)`` for what breaks a translation:
    a ``Lang`` that is not the language of the article's folder, a key no other-language article
    shares, and two articles of one language under one key. ``kind``
    "pages": the same for pages (``content/pages/`` and ``content/en/pages/``),
    whose keys are their own: a page translates a page, never an article."""
    problems = lang_folder_problems(entries, languages, kind)
    noun = "bài" if kind == "articles" else "trang"
    by_key: dict[str, list[ArticleHeader]] = {}
    for entry in entries:
        if entry.key:
            by_key.setdefault(entry.key, []).append(entry)
    for key, group in sorted(by_key.items()):
        langs = {entry.lang for entry in group}
        if len(langs) < 2:
            for entry in group:
                if sum(1 for other in group if other.lang == entry.lang) == 1:
                    problems.append(
                        (
                            entry.path,
                            entry.key_line,
                            "translation-alone",
                            f"Translation_Key '{key}' không có {noun} ngôn ngữ khác nào cùng khóa:"
                            f" kiểm tra chính tả, hoặc bỏ dòng này nếu {noun} không phải bản dịch",
                        )
                    )
        for lang in sorted(langs):
            same = [entry for entry in group if entry.lang == lang]
            for entry in same[1:]:
                problems.append(
                    (
                        entry.path,
                        entry.key_line,
                        "translation-twice",
                        f"Translation_Key '{key}' đã có bản '{lang}' khác: {same[0].path};"
                        " mỗi ngôn ngữ chỉ một bản dịch cho mỗi khóa",
                    )
                )
    return problems


def lang_folder_problems(
    entries: Sequence[ArticleHeader], languages: Sequence[str], kind: str = "articles"
) -> list[tuple[str, int, str, str]]:
    """``(path, line, code, message)`` for each article (or page, ``kind``
    "pages") whose ``Lang`` names another edition than its folder's: Pelican
    would write it as a translation, at an address of its own. An unknown
    Lang is the content model's error (a choice field); any case is read as
    lower case (plugins/markdown_reader)."""
    problems = []
    for entry in entries:
        given = entry.lang_given.strip().lower()
        if given in languages and given != entry.lang:
            problems.append(
                (
                    entry.path,
                    entry.lang_line,
                    "lang-folder",
                    f"{'bài' if kind == 'articles' else 'trang'} 'Lang: {given}'"
                    f" nằm trong thư mục của ấn bản '{entry.lang}':"
                    f" chuyển tệp sang {_folder_hint(given, languages, kind)} hoặc sửa dòng Lang",
                )
            )
    return problems


def untranslated_topics(
    entries: Sequence[ArticleHeader], reference: Any, has_name: Any
) -> list[tuple[str, int, str, str]]:
    """``(path, line, code, message)`` for each section, province, country or
    organization an article names whose entry ``has_name`` says has no name
    in the article's language (its page would show the Vietnamese name)."""
    problems = []
    for entry in entries:
        for field_name, lookup in (
            ("category", reference.section),
            ("provinces", reference.province),
            ("countries", reference.country),
            ("organizations", reference.organization),
        ):
            names = (
                entry.names(field_name)
                if field_name != "category"
                else [entry.fields.get("category", "")]
            )
            for name in names:
                found = lookup(name).found if name else None
                if found is not None and not has_name(found):
                    problems.append(
                        (
                            entry.path,
                            entry.lines.get(field_name, 1),
                            "no-english-name",
                            f"'{name}' chưa có tên tiếng Anh trong data/ (name_en):"
                            " thêm tên đó, hoặc bỏ mục này khỏi bài tiếng Anh",
                        )
                    )
    return problems


def _folder_hint(lang: str, languages: Sequence[str], kind: str = "articles") -> str:
    return f"content/{kind}/" if lang == languages[0] else f"content/{lang}/{kind}/"
