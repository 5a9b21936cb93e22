"""Site-wide rules: unique slugs, reserved page slugs, Related targets, and
no two outputs written to the same URL (pagination included)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .problems import Problem, error, warning, with_suggestion
from .rules import KIND_ARTICLE, KIND_AUTHOR, KIND_KEYWORD, KIND_LEGACY, KIND_PAGE, Facts, Output
from .source import ARTICLE, PAGE
from .urls import UrlScheme, output_file, page_count, page_urls

FILE_KINDS = (KIND_ARTICLE, KIND_PAGE, KIND_LEGACY)  # one output per file
SPELLING_KINDS = (KIND_KEYWORD, KIND_AUTHOR)  # free text, slugified
KIND_HOME = "trang chủ"
KIND_FIXED = "trang hệ thống"


@dataclass(frozen=True)
class Owner:
    """One thing that produces pages: a term, an article, the home page …"""

    kind: str
    name: str
    first_url: str
    path: str | None  # first place it is named (None: not from content)
    line: int
    paginated: bool

    def describe(self, number: int) -> str:
        if self.kind in FILE_KINDS:
            return f"{self.kind} ({self.path}:{self.line})"
        label = self.kind if self.kind in (KIND_HOME, KIND_FIXED) else f"{self.kind} '{self.name}'"
        if number > 1:
            label += f" (trang {number})"
        if self.path:
            label += f" ({self.path}:{self.line})"
        return label


def duplicate_slugs(facts: Iterable[Facts]) -> list[Problem]:
    by_slug: dict[str, list[Facts]] = defaultdict(list)
    for item in facts:
        if item.slug:
            by_slug[item.slug].append(item)
    problems = []
    for slug, group in by_slug.items():
        if len(group) < 2:
            continue
        for item in group:
            others = ", ".join(f"{o.path}:{o.slug_line}" for o in group if o is not item)
            problems.append(
                error(
                    item.path, item.slug_line, "duplicate-slug", f"slug '{slug}' trùng với {others}"
                )
            )
    return problems


def reserved_page_slugs(facts: Iterable[Facts], reserved: frozenset[str]) -> list[Problem]:
    return [
        error(
            item.path,
            item.slug_line,
            "reserved-slug",
            f"slug trang '{item.slug}' trùng thư mục dành riêng /{item.slug}/ của cổng — chọn slug khác",
        )
        for item in facts
        if item.kind == PAGE and item.slug in reserved
    ]


def related_targets(facts: list[Facts]) -> list[Problem]:
    articles = {f.slug: f for f in facts if f.kind == ARTICLE and f.slug}
    known = sorted(articles)
    problems = []
    for item in facts:
        for slug, line in item.related:
            target = articles.get(slug)
            if target is None:
                close = difflib.get_close_matches(slug, known, n=1, cutoff=0.6)
                problems.append(
                    error(
                        item.path,
                        line,
                        "unknown-related",
                        with_suggestion(
                            f"bài liên quan '{slug}' không tồn tại", close[0] if close else None
                        ),
                    )
                )
            elif target.draft and not item.draft:
                problems.append(
                    warning(
                        item.path,
                        line,
                        "related-draft",
                        f"bài liên quan '{slug}' còn là bản nháp, chưa đăng",
                    )
                )
    return problems


def collect_owners(
    facts: list[Facts], scheme: UrlScheme, skip: set[str]
) -> tuple[list[Owner], dict]:
    """Owners of outputs, and how many articles each list holds.

    ``skip``: paths whose own URL is already reported (duplicate or reserved slug).
    """
    owners: dict[tuple[str, str, str], Owner] = {}
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    published = 0
    for item in facts:
        if item.kind == ARTICLE and not item.draft:
            published += 1
        for output in item.outputs:
            if output.kind in (KIND_ARTICLE, KIND_PAGE) and item.path in skip:
                continue
            key = (output.kind, output.name, output.url)
            if key not in owners:
                owners[key] = _owner(output)
            counts[key] += 1
    home = Owner(KIND_HOME, "", scheme.index, None, 0, True)
    owners[(KIND_HOME, "", scheme.index)] = home
    counts[(KIND_HOME, "", scheme.index)] = published
    for url in scheme.fixed:
        owners[(KIND_FIXED, url, url)] = Owner(KIND_FIXED, url, url, None, 0, False)
        counts[(KIND_FIXED, url, url)] = 1
    return list(owners.values()), counts


def _owner(output: Output) -> Owner:
    return Owner(output.kind, output.name, output.url, output.path, output.line, output.paginated)


def url_collisions(facts: list[Facts], scheme: UrlScheme, skip: set[str]) -> list[Problem]:
    owners, counts = collect_owners(facts, scheme, skip)
    written: dict[str, list[tuple[Owner, int]]] = defaultdict(list)
    for owner in owners:
        key = (owner.kind, owner.name, owner.first_url)
        pages = page_count(counts[key], scheme.per_page) if owner.paginated else 1
        rules = scheme.pagination if owner.paginated else ((1, "{url}"),)
        for number, url in enumerate(page_urls(owner.first_url, pages, rules), start=1):
            written[output_file(url)].append((owner, number))
    problems = []
    for target, claims in written.items():
        if len(claims) < 2:
            continue
        url = "/" + (target[: -len("index.html")] if target.endswith("index.html") else target)
        listing = "; ".join(owner.describe(number) for owner, number in claims)
        kinds = {owner.kind for owner, _ in claims}
        same_term = (
            len(kinds) == 1 and kinds <= set(SPELLING_KINDS) and all(n == 1 for _, n in claims)
        )
        hint = " — dùng một cách viết thống nhất" if same_term else ""
        message = f"địa chỉ {url} bị trùng: {listing}{hint}"
        for owner, _number in claims:
            if owner.path:
                problems.append(error(owner.path, owner.line, "url-collision", message))
    return problems


def check_site(facts: list[Facts], scheme: UrlScheme) -> list[Problem]:
    """Every cross-file problem of the site."""
    problems = duplicate_slugs(facts)
    problems += reserved_page_slugs(facts, scheme.reserved)
    problems += related_targets(facts)
    skip = {p.path for p in problems if p.code in ("duplicate-slug", "reserved-slug")}
    problems += url_collisions(facts, scheme, skip)
    return problems
