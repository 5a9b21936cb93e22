"""Published addresses never disappear.

``content/published-urls.txt`` records every address the portal has
published: each article, page and redirect, and the first page of each list
(section, keyword, author, province, archive …). ``make publish`` adds the
addresses of the site it built (:func:`merge_record`; lines are never
removed) and CI commits the file. Each line is ``URL<TAB>kind<TAB>source``.

The check compares the record with what the content makes now
(:func:`lost_addresses`):

- a lost article, page or redirect is an error. When its file still exists
  (the slug changed, or it became a draft) the error is on that file and
  ``make fix`` adds ``Redirect_From: <old address>`` to it; when the
  file is gone, the error is on the record's line and says how to redirect
  it (``Redirect_From`` in the article that replaces it, or an entry in
  ``content/redirects.toml``);
- a lost list page (its last article moved elsewhere) is redirected
  automatically to the list of its kind (``/tu-khoa/``, ``/chu-de/`` …).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, error
from .rules import (
    KIND_ARCHIVE,
    KIND_ARTICLE,
    KIND_AUTHOR,
    KIND_COUNTRY,
    KIND_KEYWORD,
    KIND_LEGACY,
    KIND_MANUAL,
    KIND_ORGANIZATION,
    KIND_PAGE,
    KIND_PROVINCE,
    KIND_REDIRECT,
    KIND_SECTION,
    KIND_SUBSECTION,
)
from .urls import UrlScheme, normalize_url, output_file

ARTICLE = "article"
PAGE = "page"
REDIRECT = "redirect"
SOURCE_KINDS = (ARTICLE, PAGE, REDIRECT)  # lost: an error
# How alike (difflib ratio) a renamed file's new slug and the lost address
# must be: "vufo-lam-viec-voi-can-tho" → "vufo-va-can-tho" is 0.70; two
# unrelated slugs of one year score about 0.35.
RENAMED_SIMILARITY = 0.6

# Owner kinds (Vietnamese, as in messages) → record kinds (English, stable).
RECORD_KINDS = {
    KIND_ARTICLE: ARTICLE,
    KIND_PAGE: PAGE,
    KIND_LEGACY: REDIRECT,
    KIND_REDIRECT: REDIRECT,
    KIND_MANUAL: REDIRECT,
    KIND_SECTION: "section",
    KIND_SUBSECTION: "subsection",
    KIND_KEYWORD: "keyword",
    KIND_AUTHOR: "author",
    KIND_PROVINCE: "province",
    KIND_COUNTRY: "country",
    KIND_ORGANIZATION: "organization",
    KIND_ARCHIVE: "archive",
}
# Where a lost list page is sent: the list of lists of its kind (a fixed
# page), by its kind in the URL scheme (its URL: UrlScheme.lists).
LIST_INDEX = {
    "section": "sections",
    "subsection": "sections",
    "keyword": "keywords",
    "author": "authors",
    "province": "topics",
    "country": "topics",
    "organization": "topics",
    "former-province": "topics",
    "archive": "archives",
}

HEADER = (
    "# Mọi địa chỉ cổng đã đăng: make publish ghi thêm, CI lưu lại (đừng sửa, đừng xóa dòng).\n"
    "# Một địa chỉ đã đăng mà không còn phải được chuyển hướng (make check báo).\n"
)


@dataclass(frozen=True, order=True)
class RecordEntry:
    url: str  # "/bai-viet/x/" (leading "/", as readers see it)
    kind: str  # ARTICLE, PAGE, REDIRECT or a list kind
    source: str = ""  # the file that made it, relative to content/ ("" for lists)
    line: int = 0  # its line in the record (0: not read from a file)


def parse_record(text: str) -> list[RecordEntry]:
    """The record's lines; comments, blank and malformed lines are skipped."""
    entries = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) < 2 or not parts[0].startswith("/"):
            continue
        entries.append(RecordEntry(parts[0], parts[1], parts[2] if len(parts) > 2 else "", number))
    return entries


def format_record(entries: Iterable[RecordEntry]) -> str:
    lines = [
        "\t".join((e.url, e.kind, e.source)).rstrip("\t") for e in sorted(entries, key=_by_url)
    ]
    return HEADER + "".join(line + "\n" for line in lines)


def _by_url(entry: RecordEntry) -> tuple:
    return (entry.url, entry.kind, entry.source)


def merge_record(old: Iterable[RecordEntry], new: Iterable[RecordEntry]) -> list[RecordEntry]:
    """Every address of both, one line each (what it is now, for one still published)."""
    merged = {e.url: RecordEntry(e.url, e.kind, e.source) for e in old}
    merged.update({e.url: RecordEntry(e.url, e.kind, e.source) for e in new})
    return sorted(merged.values(), key=_by_url)


def published_entries(written: Mapping[str, list]) -> list[RecordEntry]:
    """What a build with these outputs publishes: the first page of every
    owner that comes from content (pagination and fixed pages left out)."""
    entries = {}
    for file, claims in written.items():
        for owner, number in claims:
            kind = RECORD_KINDS.get(owner.kind)
            if kind is None or number != 1:
                continue
            url = _url_of(file)
            source = owner.source_rel if kind in SOURCE_KINDS else ""
            entries[url] = RecordEntry(url, kind, source)
    return sorted(entries.values(), key=_by_url)


def _url_of(file: str) -> str:
    return "/" + (file[: -len("index.html")] if file.endswith("index.html") else file)


@dataclass(frozen=True)
class Lost:
    """What the check found about the record: the errors, the automatic
    redirects of lost list pages (old URL, target URL), and the fixes
    ``--fix`` may make (file relative to content/, the address to add as
    ``Redirect_From``)."""

    problems: tuple[Problem, ...]
    list_redirects: tuple[tuple[str, str], ...]
    fixes: tuple[tuple[str, str, bool], ...]


def lost_addresses(
    record: Iterable[RecordEntry],
    written: Mapping[str, list],
    facts_by_rel: Mapping,
    record_path: str,
    scheme: UrlScheme,
    refused: frozenset[str] = frozenset(),
) -> Lost:
    """Compare the record with the files the content writes now.

    ``refused``: the files whose slug the check refused (a duplicate): they
    write nothing yet keep their addresses, the slug's error says why."""
    problems: list[Problem] = []
    redirects: list[tuple[str, str]] = []
    fixes: list[tuple[str, str, bool]] = []
    record = list(record)
    recorded = {entry.source for entry in record}
    for entry in record:
        file = output_file(normalize_url(entry.url))
        if file in written or (not file.endswith(".html") and f"{file}/index.html" in written):
            continue
        if entry.kind not in SOURCE_KINDS:
            index = LIST_INDEX.get(entry.kind)
            target = "/" + (scheme.lists[index] if index else scheme.index)
            redirects.append((entry.url, target))
            continue
        if entry.source in refused:
            continue
        item = facts_by_rel.get(entry.source)
        same_file = item is not None
        if item is None and entry.kind != REDIRECT:
            item = renamed_file(entry, facts_by_rel, recorded)
        problems.append(_lost_problem(entry, item, record_path, fixes, same_file))
    return Lost(tuple(problems), tuple(redirects), tuple(fixes))


def renamed_file(entry: RecordEntry, facts_by_rel: Mapping, recorded: set[str]):
    """The article ``entry``'s file became, when it was renamed (as the
    check asks when a slug changes: the file named by the slug): among the
    same folder's published articles that published nothing yet, the one
    whose slug is closest to the lost address's, if close (a new, unrelated
    article of the same year must not inherit a deleted one's address)."""
    folder = entry.source.rsplit("/", 1)[0] if "/" in entry.source else ""
    candidates = [
        item
        for rel, item in facts_by_rel.items()
        if rel not in recorded
        and (rel.rsplit("/", 1)[0] if "/" in rel else "") == folder
        and item.kind == ARTICLE
        and item.slug
        and not item.draft
    ]
    old = entry.url.strip("/").rsplit("/", 1)[-1]
    scored = sorted(
        (difflib.SequenceMatcher(None, old, item.slug).ratio(), item.rel) for item in candidates
    )
    if scored and scored[-1][0] >= RENAMED_SIMILARITY:
        return facts_by_rel[scored[-1][1]]
    return None


def _lost_problem(
    entry: RecordEntry, item, record_path: str, fixes: list, same_file: bool = True
) -> Problem:
    url = entry.url
    how = (
        f"thêm 'Redirect_From: {url}' vào phần đầu bài thay thế nó, hoặc thêm vào"
        f' content/redirects.toml: [[redirect]] from = "{url}" to = "/địa-chỉ-mới/"'
    )
    if entry.kind == REDIRECT:
        return error(
            record_path,
            entry.line,
            "lost-url",
            f"địa chỉ cũ {url} đã được chuyển hướng (từ {entry.source or 'dữ liệu'}) nay không"
            f" còn: người đọc theo liên kết cũ sẽ gặp lỗi 404 — giữ lại dòng Legacy_URL /"
            f" Redirect_From / redirects.toml đó, hoặc {how}",
        )
    if item is not None and not item.draft and item.page_file is not None:
        # Its feed id only when it is surely the same article (the same
        # file): a renamed file is a guess by its slug, and a new article
        # must not take a deleted one's place in feed readers.
        fixes.append((item.rel, url, item.kind == ARTICLE and same_file))
        return error(
            item.path,
            item.slug_line,
            "lost-url",
            f"bài này đã đăng ở {url}; đổi slug làm mất địa chỉ đó — thêm dòng"
            f" 'Redirect_From: {url}' vào phần đầu bài (make fix tự thêm)",
        )
    if item is not None:
        state = "thành bản nháp" if item.draft else "không còn địa chỉ (hẹn giờ đăng?)"
        return error(
            item.path,
            item.slug_line,
            "lost-url",
            f"bài này đã đăng ở {url}, nay chuyển {state}: người đọc theo liên kết cũ sẽ gặp"
            f" lỗi 404 — {how}",
        )
    return error(
        record_path,
        entry.line,
        "lost-url",
        f"địa chỉ đã đăng {url} ({entry.source} đã bị xóa hoặc đổi tên) không còn: người đọc"
        f" theo liên kết cũ sẽ gặp lỗi 404 — {how}",
    )


def merge_files(ours: Path, target: Path) -> bool:
    """Merge the record ``ours`` into ``target`` (lines are only ever added);
    whether ``target`` changed."""
    old = target.read_text(encoding="utf-8") if target.is_file() else ""
    merged = format_record(
        merge_record(parse_record(old), parse_record(ours.read_text(encoding="utf-8")))
    )
    if merged == old:
        return False
    target.write_text(merged, encoding="utf-8")
    return True


if __name__ == "__main__":  # python -m plugins.content_check.published OURS TARGET (CI)
    import sys

    changed = merge_files(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {'đã cập nhật' if changed else 'không đổi'}")
