"""Site-wide rules: unique slugs, reserved page slugs, Related targets, and
no two outputs written to the same URL (pagination included)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from plugins.content_model.model import is_url
from plugins.legacy_urls.redirects import (
    LegacyEntry,
    ManualRedirect,
    check_redirects,
    is_site_path,
    legacy_path,
    redirect_output_name,
    served_as,
    unsafe_path,
)
from plugins.reference import ReferenceData
from plugins.topics.pages import former_province_redirects, url_for
from plugins.vietnamese import name_key

from .elsewhere import NONE as NO_OTHERS
from .elsewhere import OtherEditions
from .files import REDIRECTS_FILE
from .links import link_problems
from .problems import Problem, completed, error, warning, with_suggestion
from .published import RecordEntry, lost_addresses, published_entries
from .rules import (
    KIND_ARTICLE,
    KIND_AUTHOR,
    KIND_KEYWORD,
    KIND_LEGACY,
    KIND_MANUAL,
    KIND_PAGE,
    KIND_PROVINCE,
    KIND_REDIRECT,
    Facts,
    Output,
)
from .source import ARTICLE, PAGE
from .urls import UrlScheme, normalize_url, output_file, page_count, page_urls, term_slug

FILE_KINDS = (KIND_ARTICLE, KIND_PAGE, KIND_LEGACY, KIND_REDIRECT, KIND_MANUAL)  # one per file
SPELLING_KINDS = (KIND_KEYWORD, KIND_AUTHOR)  # free text, slugified
KIND_HOME = "trang chủ"
KIND_FIXED = "trang hệ thống"
KIND_FORMER_PROVINCE = "địa chỉ tỉnh cũ (chuyển hướng)"
REDIRECT_KINDS = (KIND_LEGACY, KIND_REDIRECT, KIND_MANUAL, KIND_FORMER_PROVINCE)
OLD_ADDRESS_KINDS = (KIND_LEGACY, KIND_REDIRECT, KIND_MANUAL)  # written by an editor


@dataclass(frozen=True)
class Owner:
    """One thing that produces pages: a term, an article, the home page …"""

    kind: str
    name: str
    first_url: str
    path: str | None  # first place it is named (None: not from content)
    line: int
    paginated: bool
    file: str = ""  # the file written, when not urls.output_file(first_url)
    source_rel: str = ""  # the file it comes from, relative to content/

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


def related_targets(facts: list[Facts], others: OtherEditions = NO_OTHERS) -> list[Problem]:
    articles = {f.slug: f for f in facts if f.kind == ARTICLE and f.slug}
    known = sorted(articles)
    problems = []
    for item in facts:
        for slug, line in item.related:
            target = articles.get(slug)
            elsewhere = others.article(slug) if target is None else None
            if target is item:
                problems.append(
                    warning(
                        item.path,
                        line,
                        "related-itself",
                        f"bài liên quan '{slug}' là chính bài này: trang bỏ qua — xóa khỏi Related",
                    )
                )
            elif elsewhere:
                problems.append(
                    error(
                        item.path,
                        line,
                        "related-other-edition",
                        f"bài liên quan '{slug}' thuộc ấn bản khác ({elsewhere}): Related chỉ"
                        " chọn bài cùng ấn bản — bản dịch của một bài đã được nối qua"
                        " Translation_Key",
                    )
                )
            elif target is None:
                close = difflib.get_close_matches(slug, known, n=1, cutoff=0.6) or [
                    completed(slug, known)
                ]
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
    facts: list[Facts],
    scheme: UrlScheme,
    skip: set[str],
    former_province_urls: Iterable[str] = (),
    extra: Iterable[Owner] = (),
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
                owners[key] = _owner(output, item.rel)
            counts[key] += 1
    home = Owner(KIND_HOME, "", scheme.index, None, 0, True)
    owners[(KIND_HOME, "", scheme.index)] = home
    counts[(KIND_HOME, "", scheme.index)] = published
    for url in scheme.fixed:
        owners[(KIND_FIXED, url, url)] = Owner(KIND_FIXED, url, url, None, 0, False)
        counts[(KIND_FIXED, url, url)] = 1
    for url in former_province_urls:
        key = (KIND_FORMER_PROVINCE, url, url)
        owners[key] = Owner(KIND_FORMER_PROVINCE, url, url, None, 0, False)
        counts[key] = 1
    for owner in extra:
        # Pages that exist whatever the content (each current province …);
        # content that names them adds to their count.
        key = (owner.kind, owner.name, owner.file or owner.first_url)
        owners.setdefault(key, owner)
        counts[key] += 0 if owner.paginated else 1
    return list(owners.values()), counts


def _owner(output: Output, rel: str = "") -> Owner:
    return Owner(
        output.kind,
        output.name,
        output.url,
        output.path,
        output.line,
        output.paginated,
        output.file,
        rel,
    )


def written_files(
    owners: list[Owner], counts: dict, scheme: UrlScheme
) -> dict[str, list[tuple[Owner, int]]]:
    """Every file the owners (:func:`collect_owners`) write, with who writes
    it and which page of a list it is (``counts``: a list's articles)."""
    written: dict[str, list[tuple[Owner, int]]] = defaultdict(list)
    for owner in owners:
        if owner.file:
            written[owner.file].append((owner, 1))
            continue
        key = (owner.kind, owner.name, owner.first_url)
        per_page = scheme.home_per_page if owner.kind == KIND_HOME else scheme.per_page
        pages = page_count(counts[key], per_page) if owner.paginated else 1
        rules = scheme.pagination if owner.paginated else ((1, "{url}"),)
        for number, url in enumerate(page_urls(owner.first_url, pages, rules), start=1):
            written[output_file(url)].append((owner, number))
    return written


def _shown(file: str) -> str:
    return "/" + (file[: -len("index.html")] if file.endswith("index.html") else file)


def spelling_difference(names: list[str]) -> str:
    """What tells apart the spellings of one keyword or author, for the hint."""
    if len({name.lower() for name in names}) == 1:
        what = "chỉ khác chữ hoa, chữ thường"
    elif len({name_key(name) for name in names}) == 1:
        what = "chỉ khác chỗ đặt dấu thanh (như 'hoá' và 'hóa') hay chữ hoa, chữ thường"
    else:  # the same address: the same letters once folded
        what = "chỉ khác dấu hay dấu câu (như 'Hà Nội' và 'Ha Noi')"
    return f"{what}: dùng một cách viết thống nhất"


def url_collisions(written: dict[str, list[tuple[Owner, int]]]) -> list[Problem]:
    """Two owners writing one file, the files compared as the server matches
    addresses (:func:`served_as`, ASCII case ignored): an old address
    ``/Tinh/Can-Tho`` in nginx's redirect map takes over ``/tinh/can-tho/``."""
    grouped: dict[bytes, list[tuple[str, Owner, int]]] = defaultdict(list)
    for target, claims in written.items():
        grouped[served_as(target)] += [(target, owner, number) for owner, number in claims]
    problems = []
    for found in grouped.values():
        if len(found) < 2:
            continue
        # named by the page's own address, not the old one's spelling
        target = min(found, key=lambda item: item[1].kind in OLD_ADDRESS_KINDS)[0]
        claims = [(owner, number) for _, owner, number in found]
        listing = "; ".join(owner.describe(number) for owner, number in claims)
        kinds = {owner.kind for owner, _ in claims}
        same_term = (
            len(kinds) == 1 and kinds <= set(SPELLING_KINDS) and all(n == 1 for _, n in claims)
        )
        hint = f" — {spelling_difference([o.name for o, _ in claims])}" if same_term else ""
        message = f"địa chỉ {_shown(target)} bị trùng: {listing}{hint}"
        # An old address over one page of the site: the old address must
        # change (reported at its Legacy_URL or Redirect_From line, not at
        # the lines naming the page). Pages that collide among themselves are
        # reported too.
        old = [owner for owner, _ in claims if owner.kind in OLD_ADDRESS_KINDS]
        blamed = old if len(claims) - len(old) == 1 else [owner for owner, _ in claims]
        for owner in blamed:
            if owner.path:
                problems.append(error(owner.path, owner.line, "url-collision", message))
    return problems


def _ancestors(file: str) -> list[str]:
    parts = file.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def generated_collisions(
    written: dict[str, list[tuple[Owner, int]]], scheme: UrlScheme
) -> list[Problem]:
    """A file from content that falls on what the generators write (theme
    assets, feeds, sitemaps, search files, images, robots.txt …), or a file
    that another output needs as a folder (``/a/b`` and ``/a/b/c/``)."""
    folders: dict[str, tuple[str, Owner]] = {}
    for file, claims in written.items():
        for ancestor in _ancestors(file):
            folders.setdefault(ancestor, (file, claims[0][0]))
    problems = []
    for file, claims in written.items():
        for owner, _number in claims:
            if not owner.path:
                continue
            taken = scheme.generated_by(file)
            if taken:
                shown = "/" + taken
                problems.append(
                    error(
                        owner.path,
                        owner.line,
                        "generated-collision",
                        f"{owner.describe(1).split(' (')[0]} ghi vào {_shown(file)}, trùng với"
                        f" {shown} do cổng tự tạo (giao diện, RSS, sitemap, tìm kiếm, ảnh …)"
                        " — chọn địa chỉ khác",
                    )
                )
                continue
            if file in folders:
                inner, other = folders[file]
                problems.append(
                    error(
                        owner.path,
                        owner.line,
                        "url-collision",
                        f"địa chỉ {_shown(file)} bị trùng: {owner.describe(1)} ghi một tệp ở"
                        f" đây, còn {other.describe(1)} cần đây là thư mục ({_shown(inner)})",
                    )
                )
    return problems


def old_addresses_of_other_editions(
    written: dict[str, list[tuple[Owner, int]]], others: OtherEditions
) -> list[Problem]:
    """An old address (Legacy_URL, Redirect_From, redirects.toml) on a page
    of another edition: the server's redirect tables are the whole site's,
    so an English article's ``/tinh/can-tho`` took over the Vietnamese
    province page. Compared as the server matches (:func:`served_as`)."""
    problems = []
    folded: dict[str, frozenset[bytes]] = {}
    for target, claims in written.items():
        old = [owner for owner, _ in claims if owner.kind in OLD_ADDRESS_KINDS and owner.path]
        edition = others.owner(target) if old else None
        if edition is None:
            continue
        if edition.home not in folded:  # its pages (its own redirects are another check's)
            folded[edition.home] = frozenset(served_as(f) for f in edition.report.pages)
        if served_as(target) not in folded[edition.home]:
            continue
        for owner in old:
            problems.append(
                error(
                    owner.path,
                    owner.line,
                    "url-collision",
                    f"địa chỉ {_shown(target)} bị trùng: {owner.describe(1)}; một trang của"
                    f" ấn bản /{edition.home} — địa chỉ cũ không được trùng trang đang có",
                )
            )
    return problems


def legacy_problems(facts: list[Facts]) -> list[Problem]:
    """Legacy_URL values the redirect table refuses (the rules of
    plugins.legacy_urls, which the build applies too): an unsafe or empty
    path, a query string, a chain of redirects. Collisions are
    :func:`url_collisions`' job."""
    entries = [
        LegacyEntry(item.path, value, "/" + item.outputs[0].url, item.title, line)
        for item in facts
        if not item.draft and item.outputs and item.outputs[0].kind == KIND_ARTICLE
        for value, line in item.legacy
    ]
    problems = []
    for found in check_redirects(entries):
        if found.code == "collision":
            continue
        make = error if found.severity == "error" else warning
        problems.append(make(found.source, found.line or 1, f"legacy-{found.code}", found.message))
    return problems


@dataclass(frozen=True)
class SiteCheck:
    """The site-wide verdict and what the build needs from it."""

    problems: list[Problem]
    published: list[RecordEntry]  # what this content publishes (for the record)
    list_redirects: tuple[tuple[str, str], ...] = ()  # lost list pages → their index
    # (file, address) to add as Redirect_From, and whether the address
    # becomes its Feed_ID too (an article, surely the same one: its file)
    fixes: tuple[tuple[str, str, bool], ...] = ()
    written: frozenset[str] = frozenset()  # every page file written
    pages: frozenset[str] = frozenset()  # those that are pages, not redirects


def check_site(
    facts: list[Facts],
    scheme: UrlScheme,
    reference: ReferenceData | None = None,
    slug_of: Callable[[str], str] = term_slug,
    record: Iterable[RecordEntry] = (),
    manual: Iterable[ManualRedirect] = (),
    site_files: SiteFiles | None = None,
    own_target: Callable[[str], bool] = lambda target: True,
    others: OtherEditions = NO_OTHERS,
) -> SiteCheck:
    """Every cross-file problem of the site. ``record``: the addresses
    published so far; ``manual``: the redirects of content/redirects.toml;
    ``site_files``: how the record and redirects file are shown;
    ``own_target``: whether a redirect's target is this edition's to check
    (another language edition's pages are not known here); ``others``: the
    other editions, where what leads out of this one is looked up."""
    manual = list(manual)
    site_files = site_files or SiteFiles()
    problems = duplicate_slugs(facts)
    problems += reserved_page_slugs(facts, scheme.reserved)
    problems += related_targets(facts, others)
    skip = {p.path for p in problems if p.code in ("duplicate-slug", "reserved-slug")}
    former = former_province_urls(reference, scheme) if reference is not None else ()
    manual_owners, manual_problems = manual_redirect_owners(manual, site_files.redirects)
    problems += manual_problems
    always = province_owners(reference, scheme) if reference is not None else []
    owners, counts = collect_owners(facts, scheme, skip, former, [*always, *manual_owners])
    written = written_files(owners, counts, scheme)
    problems += url_collisions(written)
    problems += old_addresses_of_other_editions(written, others)
    problems += generated_collisions(written, scheme)
    problems += legacy_problems(facts)
    problems += link_problems(facts, written, scheme, slug_of, others)
    problems += manual_target_problems(
        [r for r in manual if own_target(r.target)], written, scheme, site_files.redirects
    )
    # A file refused for its slug (a duplicate, a reserved one) writes
    # nothing: its published address is not lost to a renaming, and make
    # fix must not redirect it to itself.
    lost = lost_addresses(
        record,
        written,
        {f.rel: f for f in facts if f.rel and f.path not in skip},
        site_files.record,
        scheme,
        refused=frozenset(f.rel for f in facts if f.rel and f.path in skip),
    )
    problems += lost.problems
    return SiteCheck(
        problems,
        published_entries(written),
        lost.list_redirects,
        lost.fixes,
        frozenset(written),
        frozenset(pages_of(written)),
    )


def pages_of(written: dict[str, list[tuple[Owner, int]]]) -> list[str]:
    """The files of ``written`` that some owner writes as a page, not as a redirect."""
    return [
        f for f, claims in written.items() if any(o.kind not in REDIRECT_KINDS for o, _ in claims)
    ]


@dataclass(frozen=True)
class SiteFiles:
    """The record and the redirects file, as shown in messages."""

    record: str = "content/published-urls.txt"
    redirects: str = "content/redirects.toml"


def manual_redirect_owners(
    manual: Iterable[ManualRedirect], shown: str
) -> tuple[list[Owner], list[Problem]]:
    owners, problems = [], []
    for redirect in manual:
        if not is_site_path(redirect.old):
            problems.append(
                error(
                    shown,
                    redirect.line,
                    "bad-redirect",
                    f"'from' = '{redirect.old}' phải là đường dẫn trên cổng, bắt đầu bằng '/'",
                )
            )
            continue
        old = legacy_path(redirect.old)
        if old == "/" or unsafe_path(old):
            problems.append(
                error(
                    shown,
                    redirect.line,
                    "bad-redirect",
                    f"'from' = '{redirect.old}' không dùng được làm địa chỉ chuyển hướng",
                )
            )
            continue
        owners.append(
            Owner(
                KIND_MANUAL,
                old,
                normalize_url(old),
                shown,
                redirect.line,
                False,
                redirect_output_name(old),
                REDIRECTS_FILE,
            )
        )
    return owners, problems


def manual_target_problems(
    manual: Iterable[ManualRedirect],
    written: dict[str, list[tuple[Owner, int]]],
    scheme: UrlScheme,
    shown: str,
) -> list[Problem]:
    """A redirect must lead to a page the site writes (or another site's https address)."""
    problems = []
    redirected = {
        file
        for file, claims in written.items()
        if any(owner.kind in REDIRECT_KINDS for owner, _ in claims)
    }
    for redirect in manual:
        target = redirect.target
        if not is_site_path(target):
            if not is_url(target):
                problems.append(
                    error(
                        shown,
                        redirect.line,
                        "bad-redirect",
                        f"'to' = '{target}' phải là đường dẫn trên cổng (/…) hoặc địa chỉ https://…",
                    )
                )
            continue
        file = output_file(
            normalize_url(legacy_path(target) + ("/" if target.endswith("/") else ""))
        )
        if file in redirected:
            problems.append(
                error(
                    shown,
                    redirect.line,
                    "bad-redirect",
                    f"'to' = '{target}' lại là một địa chỉ được chuyển hướng — trỏ thẳng tới trang đích",
                )
            )
        elif not (file in written or f"{file}/index.html" in written or scheme.generated_by(file)):
            problems.append(
                error(
                    shown,
                    redirect.line,
                    "bad-redirect",
                    f"'to' = '{target}' không dẫn tới trang nào của cổng",
                )
            )
    return problems


def province_owners(reference: ReferenceData, scheme: UrlScheme) -> list[Owner]:
    """Every current province has a page, even with no article yet (plugins.topics)."""
    urls = {"province": scheme.province}
    return [
        Owner(KIND_PROVINCE, p.name, normalize_url(url_for(p, urls)), None, 0, True)
        for p in reference.provinces
    ]


def former_province_urls(reference: ReferenceData, scheme: UrlScheme) -> list[str]:
    """The old province addresses plugins.topics redirects (``tinh/thai-binh/``)."""
    urls = {"province": scheme.province}
    return [normalize_url(r.url) for r in former_province_redirects(reference, urls)]
