"""Where imported articles go, and how a re-import finds them again.

Identity of an imported article:

- its ``Legacy_URL`` path, when the capture tells the old address (or
  ``--base-url`` gives one): re-importing updates that file even if the title
  (hence the slug the importer would choose) changed;
- otherwise a file without ``Legacy_URL`` whose ``Date`` (to the minute) is the
  same and whose title or sapo is the same (diacritic-folded).

A file the importer wrote carries ``Imported:``, the digest of what it wrote
(:func:`written_digest`). A re-import updates the file only while it is
still exactly that: once an editor changed anything (published it, fixed the
date, the section or a typo), the file is kept as it is (``kept``) and the
report says so; delete the file to import the capture again. An update keeps
the file's slug and adds the editor's ``Related`` pins to the importer's.
An article whose editor changed its ``Date`` is still found, by its title and
sapo, so a re-import never makes a second copy of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.content_model import read_header, split_list
from plugins.content_model.body import COMMENT
from plugins.content_model.model import source_lines
from plugins.vietnamese import fold, nfc, slugify

from .convert import SLUG_MAX, Converted, render_article

IMPORTER_KEYS = frozenset(
    {
        "Title",
        "Date",
        "Category",
        "Subsection",
        "Tags",
        "Provinces",
        "Countries",
        "Organizations",
        "Localities",
        "Authors",
        "Source",
        "Source_URL",
        "Summary",
        "Legacy_URL",
        "Views",
        "Status",
        "Slug",
        "Related",
        "Imported",
    }
)
MARK = "Imported"  # the header key of the digest of what the importer wrote


def _parts(text: str, leave_out: str = "") -> tuple[list[tuple[str, str]], str]:
    """An article's header values, in any order (the key ``leave_out`` left
    out), and its body."""
    header, _ = read_header(text)
    body = "\n".join(text.splitlines()[header.body_line - 1 :]).strip()
    return sorted((h.key, h.value) for h in header.lines if h.key != leave_out), body


def written_digest(text: str) -> str:
    """Digest of an article's header values and body, ``Imported`` left out:
    what a re-import compares with the file's ``Imported``."""
    data = json.dumps(_parts(text, MARK.lower()), ensure_ascii=False).encode()
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def untouched(text: str) -> bool:
    """Whether ``text`` is still exactly what the importer wrote."""
    header, _ = read_header(text)
    mark = next((h.value.strip() for h in header.lines if h.key == MARK.lower()), "")
    return bool(mark) and mark == written_digest(text)


def legacy_path(url: str) -> str:
    """``https://site.vn/a/b.html?x#y`` → ``/a/b.html`` (decoded, NFC, no trailing ``/``)."""
    path = nfc(unquote(urlsplit(url.strip()).path or "/"))
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


# How much of a body's start identifies an article (folded, notes left out).
OPENING_CHARS = 200


def opening(body: str) -> str:
    """The start of a body as a reader gets it, folded (marks, case, white
    space): an editor rarely rewrites the first paragraph of an import."""
    visible = COMMENT.sub(" ", body) if "<!--" in body else body
    return " ".join(fold(visible).split())[:OPENING_CHARS]


@dataclass(frozen=True)
class StoredArticle:
    path: Path
    header: dict[str, str]  # canonical key (as in FIELDS) → value
    opening: str = ""  # :func:`opening` of its body

    def get(self, key: str) -> str:
        return self.header.get(key, "")


def _canonical_keys() -> dict[str, str]:
    from plugins.content_model import FIELDS

    return {spec.name: spec.key for spec in FIELDS}


def scan_articles(root: Path) -> list[StoredArticle]:
    """Every Markdown article under ``root`` with its header."""
    keys = _canonical_keys()
    found = []
    for path in sorted(root.rglob("*.md")) if root.exists() else []:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        header, _ = read_header(text)
        body = "\n".join(source_lines(text)[header.body_line - 1 :])
        found.append(
            StoredArticle(
                path, {keys.get(h.key, h.raw_key): h.value for h in header.lines}, opening(body)
            )
        )
    return found


class ArticleStore:
    """The articles folder, indexed by identity, slug and title.

    New articles are written under ``root``; ``also`` are the site's other
    article folders (``content/articles`` when ``root`` is elsewhere): an
    article there is found and its slug taken, so an import into another
    folder never makes a second copy of a story the site already has (the
    importer leaves that article as it is: :meth:`elsewhere`)."""

    def __init__(self, root: Path, also: Iterable[Path] = ()):
        self.root = root
        seen: set[Path] = set()
        self.articles = []
        for folder in (root, *also):
            for article in scan_articles(folder):
                if article.path.resolve() not in seen:
                    seen.add(article.path.resolve())
                    self.articles.append(article)
        self.slugs: dict[str, Path] = {
            a.get("Slug"): a.path for a in self.articles if a.get("Slug")
        }
        self.by_legacy = {
            legacy_path(a.get("Legacy_URL")): a for a in self.articles if a.get("Legacy_URL")
        }
        self.by_title = {
            fold(a.get("Title")): a.get("Slug") for a in self.articles if a.get("Slug")
        }

    def find(self, converted: Converted) -> StoredArticle | None:
        header = converted.header
        if header.get("Legacy_URL"):
            return self.by_legacy.get(legacy_path(header["Legacy_URL"]))
        minute = header["Date"][:16]
        for article in self.articles:
            if article.get("Legacy_URL") or article.get("Date")[:16] != minute:
                continue
            if fold(article.get("Title")) == fold(header["Title"]) or (
                fold(article.get("Summary"))[:80] == fold(header["Summary"])[:80]
            ):
                return article
        # Its editor may have fixed the date the importer estimated, and
        # rewritten the title or the sapo (or removed the Imported line): two
        # of title, sapo and the body's opening still name it; so does a
        # whole opening (OPENING_CHARS characters: no two articles start
        # with the same 200), the title and the sapo both rewritten. A match
        # that an editor changed is kept as it is (save), never copied again.
        title, sapo = fold(header["Title"]), fold(header["Summary"])[:80]
        start = opening(converted.body)
        for article in self.articles:
            if article.get("Legacy_URL"):
                continue
            same = (
                fold(article.get("Title")) == title,
                bool(sapo) and fold(article.get("Summary"))[:80] == sapo,
                len(start) >= 40 and article.opening == start,
            )
            if sum(same) >= 2 or (len(start) >= OPENING_CHARS and article.opening == start):
                return article
        return None

    def elsewhere(self, article: StoredArticle) -> bool:
        """``article`` is in one of the site's folders, not under ``root``."""
        return not article.path.resolve().is_relative_to(self.root.resolve())

    def covered_by(self, converted: Converted) -> StoredArticle | None:
        """An article (written by an editor) whose old or source address is
        named after this capture's title: the capture is that article."""
        slug = slugify(converted.header["Title"])
        for article in self.articles:
            for key in ("Legacy_URL", "Source_URL"):
                tail = legacy_path(article.get(key)).rsplit("/", 1)[-1] if article.get(key) else ""
                if (
                    len(slug) >= 20
                    and tail.startswith(slug)
                    and tail[len(slug) : len(slug) + 1] in ("", "-", ".")
                ):
                    return article
        return None

    def free_slug(self, title: str, date: str) -> str:
        base = (
            slugify(title)[:SLUG_MAX].rsplit("-", 1)[0]
            if len(slugify(title)) > SLUG_MAX
            else slugify(title)
        )
        candidates = [base, f"{base}-{date[:10].replace('-', '')}"]
        candidates += [f"{candidates[1]}-{n}" for n in range(2, 100)]
        return next(c for c in candidates if c not in self.slugs)

    def related_slugs(self, titles: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """``(slugs found, titles not found)`` for *Tin bài liên quan* titles."""
        found, missing = [], []
        for title in titles:
            slug = self.by_title.get(fold(title))
            (found if slug else missing).append(slug or title)
        return found, missing

    def save(self, converted: Converted) -> tuple[str, Path]:
        """Write (or update) the article; returns ``(status, path)``.

        ``status`` is ``imported``, ``updated`` or ``unchanged``.
        """
        existing = self.find(converted)
        header = dict(converted.header)
        related, _ = self.related_slugs(converted.related_titles)
        if existing is not None:
            header["Slug"] = existing.get("Slug") or self.free_slug(header["Title"], header["Date"])
            for key, value in existing.header.items():
                if key not in IMPORTER_KEYS:
                    header[key] = value
            related = list(dict.fromkeys([*split_list(existing.get("Related")), *related]))
        else:
            header["Slug"] = self.free_slug(header["Title"], header["Date"])
        related = [slug for slug in related if slug != header["Slug"]]
        if related:
            header["Related"] = ", ".join(related)
        header.pop(MARK, None)
        header[MARK] = written_digest(render_article(header, converted.body))
        text = render_article(header, converted.body)
        target = self.root / header["Date"][:4] / f"{header['Slug']}.md"
        if existing is not None:
            current = existing.path.read_text(encoding="utf-8")
            if existing.path == target and _same(current, text):
                return "unchanged", target
            if not untouched(current):  # an editor's work: never written over
                return "kept", existing.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if existing is not None and existing.path != target:
            existing.path.unlink()
        stored = StoredArticle(target, header)
        self.articles = [
            a for a in self.articles if existing is None or a.path != existing.path
        ] + [stored]
        self.slugs[header["Slug"]] = target
        self.by_title[fold(header["Title"])] = header["Slug"]
        if header.get("Legacy_URL"):
            self.by_legacy[legacy_path(header["Legacy_URL"])] = stored
        return ("updated" if existing is not None else "imported"), target


def _same(old: str, new: str) -> bool:
    """Same header values and body, whatever the order of the header lines."""
    return _parts(old) == _parts(new)


# --- the report -------------------------------------------------------------

STATUS_LABELS = {
    "imported": "Đã nhập",
    "updated": "Đã cập nhật",
    "unchanged": "Không đổi",
    "kept": "Giữ bản đã sửa",
    "skipped": "Bỏ qua",
    "error": "Lỗi",
}


@dataclass
class ReportEntry:
    capture: str
    status: str  # imported | updated | unchanged | kept | skipped | error
    output: str = ""
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    related_found: list[str] = field(default_factory=list)
    related_candidates: list[str] = field(default_factory=list)  # titles without an article

    def line(self) -> str:
        label = STATUS_LABELS[self.status]
        text = f"{label}: {self.capture}"
        if self.output:
            text += f" → {self.output}"
        if self.reason:
            text += f" ({self.reason})"
        return text


@dataclass
class Report:
    entries: list[ReportEntry] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {status: sum(e.status == status for e in self.entries) for status in STATUS_LABELS}

    @property
    def has_errors(self) -> bool:
        return any(e.status == "error" for e in self.entries)

    def summary(self) -> str:
        counts = self.counts()
        return ", ".join(f"{STATUS_LABELS[s].lower()} {n}" for s, n in counts.items())

    def to_json(self) -> str:
        return json.dumps(
            {"counts": self.counts(), "entries": [asdict(e) for e in self.entries]},
            ensure_ascii=False,
            indent=2,
        )
