"""Which edition owns which address: the checks no single edition can make.

Each edition's content check knows its own pages and redirects, and refuses
two of them at one address. Across editions nothing did, and one edition's
file could take another's page:

- a Vietnamese page with ``Slug: en`` was written at ``/en/``, over the
  English home;
- a Vietnamese article's ``Redirect_From`` (or ``Legacy_URL``) naming a
  live English address replaced that page with a redirect;
- a ``content/redirects.toml`` entry from a live English address passed
  ``make check`` and stopped the build (now the English edition's check
  answers for the file's old addresses under ``/en/``).

:func:`address_problems` answers from the headers of every edition's
articles and pages (:func:`plugins.editions.model.scan_headers`) and the
declared redirects, so ``make check`` and the build (whose main run makes
the same check) refuse the same files, each at its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plugins.content_model.model import split_list
from plugins.fixed_urls.scheme import url_for
from plugins.legacy_urls.redirects import is_site_path, legacy_path

from .model import ArticleHeader


@dataclass(frozen=True)
class Claim:
    """An address an edition's file takes: its page, or an old address it
    redirects from (both as :func:`legacy_path` writes them: ``/en/x``)."""

    path: str
    lang: str
    source: str  # the file, relative to content/
    line: int
    redirect: bool  # an old address (Redirect_From, Legacy_URL), not a page


def edition_claims(
    settings: Mapping[str, Any],
    lang: str,
    articles: Sequence[ArticleHeader],
    pages: Sequence[ArticleHeader],
) -> list[Claim]:
    """The addresses the articles and pages of one edition take (drafts have
    no page; a scheduled article's address is taken already)."""
    claims = []
    for kind, entries in (("article", articles), ("page", pages)):
        for entry in entries:
            if entry.status == "draft":
                continue
            if entry.slug:
                url = url_for(settings, kind, slug=entry.slug)
                claims.append(
                    Claim(legacy_path(url), lang, entry.path, entry.lines.get("slug", 0), False)
                )
            olds = split_list(entry.fields.get("redirect_from", ""))
            olds += [entry.fields["legacy_url"]] if entry.fields.get("legacy_url") else []
            for old in olds:
                key = "legacy_url" if old == entry.fields.get("legacy_url") else "redirect_from"
                claims.append(
                    Claim(legacy_path(old), lang, entry.path, entry.lines.get(key, 0), True)
                )
    return claims


def address_problems(
    claims: Iterable[Claim],
    homes: Mapping[str, str],
    declared: Iterable[tuple[str, int, str]] = (),
    declared_file: str = "redirects.toml",
) -> list[tuple[str, int, str, str]]:
    """``(path, line, code, message)`` for each address one edition's file
    takes from another edition:

    - a page of one edition under another's folder (``homes``: each
      edition's home, ``""`` or ``"en/"``);
    - an old address (``Redirect_From``, ``Legacy_URL``) that is a page of
      another edition, or that another edition redirects too;
    - a ``declared`` redirect (``(old address, line, target)`` of
      ``content/redirects.toml``) into another edition's part than its old
      address's: the edition whose part holds the old address checks it
      (plugins/content_check), but not a target in another part, so here
      that target must be an article, a page or the home of that edition.
    """
    claims = list(claims)
    pages: dict[str, Claim] = {}
    for claim in claims:
        if not claim.redirect:
            pages.setdefault(claim.path, claim)
    folders = {lang: legacy_path(home) for lang, home in homes.items() if home}
    main = next((lang for lang, home in homes.items() if not home), "")

    def part(path: str) -> str:
        inside = [lang for lang, f in folders.items() if path == f or path.startswith(f + "/")]
        return inside[0] if inside else main

    problems = []
    redirected: dict[str, Claim] = {}
    for claim in claims:
        if not claim.redirect:
            if part(claim.path) != claim.lang:
                problems.append(
                    (
                        claim.source,
                        claim.line,
                        "edition-address",
                        f"địa chỉ '{claim.path}/' nằm trong phần của ấn bản"
                        f" '{part(claim.path)}': đổi Slug",
                    )
                )
            continue
        page = pages.get(claim.path)
        if page is not None and page.lang != claim.lang:
            problems.append(
                (
                    claim.source,
                    claim.line,
                    "edition-redirect",
                    f"địa chỉ cũ '{claim.path}' là trang đang đăng của ấn bản '{page.lang}'"
                    f" ({page.source}): chuyển hướng sẽ thay trang đó; bỏ địa chỉ này",
                )
            )
            continue
        earlier = redirected.setdefault(claim.path, claim)
        if earlier.lang != claim.lang:
            problems.append(
                (
                    claim.source,
                    claim.line,
                    "edition-redirect",
                    f"địa chỉ cũ '{claim.path}' đã chuyển hướng từ {earlier.source}"
                    f" (ấn bản '{earlier.lang}'): mỗi địa chỉ cũ chỉ dẫn tới một trang",
                )
            )
    for old, line, target in declared:
        if not is_site_path(target):
            continue
        where = part(legacy_path(target))
        if where == part(legacy_path(old)):
            continue
        known = {c.path for c in pages.values() if c.lang == where}
        known.add(folders.get(where, "/"))
        if legacy_path(target) not in known:
            problems.append(
                (
                    declared_file,
                    line,
                    "bad-redirect",
                    f"'to' = '{target}' không phải trang chủ, bài hay trang tĩnh nào của ấn bản"
                    f" '{where}' (một chuyển hướng sang ấn bản khác chỉ dẫn tới những trang đó)",
                )
            )
    return problems
