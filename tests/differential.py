"""Differential test of the preview builds: random edits, each followed by the
incremental build (and the fast preview of one saved article), compared byte
for byte with a clean build of the same tree.

Three parts, used by tests/test_differential_edits*.py, the bench step
``differential`` (bench/differential_step.py) and ``python -m tests.differential``:

- the **edit generator** (:func:`next_edit`, :func:`break_edit`): pure and
  seeded. Given a ``random.Random`` and the site tree as read from disk
  (:class:`Tree`), it proposes one edit of one kind (:data:`KINDS`: body,
  summary, title, date, topics, slug, new article, deletion, image,
  template) as whole-file writes (:class:`Edit`). An edit of the content is
  kept only if the content check finds no error in the tree it makes, in
  preview (``make serve``) and with the build's clock (``make check``):
  otherwise another is drawn. :func:`break_edit` makes, for a fraction of
  the steps, a broken version of an edit (a header typo, an unknown
  province, a truncated image, a template syntax error …) that the build
  refuses; the step then writes the fix (the edit itself).
- the **clean builder** (:class:`CleanBuilder`): a spawned process that
  imports the build once and forks a fresh child for every build, so each
  clean build starts from no state at all: ``force`` (no reuse of the
  previous output), no Pelican content cache, no check or search cache,
  an empty image cache, into a folder of its own; as ``make publish``
  builds, without ``plugins.incremental``, and serially (the reference the
  parallel render must equal). Only Jinja's compiled templates are kept
  between clean builds (a bytecode cache keyed by the template's source),
  and the reference data is read before the fork.
- the **runner** (:class:`DifferentialRun`): the site is the golden fixture
  site (tests/bad_input_site.py) with a copy of the theme (template edits
  never touch /work/main/theme) and a pagination of 3 articles, so list
  pages have a second page; its preview builds run in the preview server's
  own worker (:class:`scripts.fast_preview.Worker`: ``ArticlePreview``,
  ``scripts.build.build(preview=True)`` over the previous output, content
  caches on, as ``make serve``). After each edit it does what the server
  does on a save (one saved article: the fast path first, then the pages
  listing it, then the build; anything else: the build), runs the clean build of the same tree beside
  it, and compares every file (``comparable_files``: all but the
  ``.incremental`` state and Pagefind's unordered files). A broken step
  checks that both builds refuse it and that the refused build left the
  previous site untouched, file for file.

A failure names the seed, the steps (each edit, what it wrote) and the
differing files with a diff excerpt; ``python -m tests.differential --seed
S --steps N`` replays it, ``--minimize`` then leaves out every earlier step
that the failure does not need (:func:`minimize`).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from plugins.fixed_urls.scheme import portal_settings  # noqa: E402
from tests.bad_input_site import comparable_files, make_site, snapshot  # noqa: E402

KINDS = (
    "body",
    "summary",
    "title",
    "date",
    "topics",
    "slug",
    "new",
    "delete",
    "image",
    "template",
)
WEIGHTS = {
    "body": 4,
    "summary": 2,
    "title": 2,
    "date": 2,
    "topics": 3,
    "slug": 1,
    "new": 2,
    "delete": 1,
    "image": 2,
    "template": 1,
}
INVALID_RATE = 0.12  # share of steps first saved broken, then fixed
MIN_PUBLISHED = 3  # below 3 articles the site hides Đọc nhiều: keep lists alive
MAX_ARTICLES = 9  # a tiny site: every build takes about a second
MAX_IMAGES = 6  # beyond, an image edit deletes an unused image
PAGINATION = 3  # list pages get a second page with a handful of articles
BUILD_TIME = datetime(2026, 12, 1, 8, 0)  # the fixture's clock (make_site)

# --- vocabulary: small pools, so articles share topics, tags and words -------

PROVINCES = ("Hà Nội", "Huế", "Cần Thơ", "Hưng Yên", "Thái Bình", "Sóc Trăng", "Đà Nẵng")
COUNTRIES = ("Lào", "Cuba", "Nhật Bản", "Pháp", "Hàn Quốc")
ORGANIZATIONS = (
    "VUFO",
    "COMINGO",
    "Liên hiệp các tổ chức hữu nghị tỉnh Thái Bình",
    "Bộ Ngoại giao",
    "Oxfam",
)
TAGS = (
    "đối ngoại nhân dân",
    "giao lưu văn hóa",
    "VUFO",
    "tổng kết",
    "học bổng",
    "cứu trợ",
    "thanh niên",
    "hợp tác quốc tế",
)
AUTHORS = ("Phóng viên 1", "Phóng viên 12", "Hà Vy", "Quỳnh Hoa")
SECTIONS = {
    "Hữu nghị": ("Hội hữu nghị", "Giao lưu văn hóa"),
    "Địa phương": (),
    "Phi chính phủ": ("Dự án", "Cứu trợ thiên tai"),
    "Kiều bào": (),
    "Quốc tế": (),
    "Văn hóa - Giáo dục": (),
    "Multimedia": ("Video", "Infographic", "Phóng sự ảnh"),
}
SUBJECTS = (
    "Đoàn công tác",
    "Liên hiệp hữu nghị tỉnh",
    "Sinh viên quốc tế",
    "Hội hữu nghị",
    "Các tình nguyện viên",
    "Kiều bào",
    "Tổ chức phi chính phủ",
    "Đại sứ quán",
)
VERBS = (
    "trao học bổng cho",
    "làm việc với",
    "giao lưu cùng",
    "hỗ trợ",
    "thăm",
    "ký kết hợp tác với",
    "tổ chức triển lãm về",
    "quyên góp cho",
)
OBJECTS = (
    "học sinh vùng cao",
    "bà con vùng lũ",
    "các trường học",
    "bệnh viện huyện",
    "hội người cao tuổi",
    "thanh niên hai nước",
    "làng nghề truyền thống",
    "các gia đình chính sách",
)
PLACES = ("Hà Nội", "Huế", "Cần Thơ", "Hưng Yên", "Đà Nẵng", "Viêng Chăn", "La Habana", "Tokyo")
NAMES = ("Ngọc Lan", "Minh Châu", "Hải Đăng", "Thu Trang", "Bảo Anh", "Quốc Khánh", "Lệ Hằng")
WORDS = (
    "hữu nghị",
    "hợp tác",
    "nhân dân",
    "cộng đồng",
    "văn hóa",
    "giáo dục",
    "y tế",
    "thiện nguyện",
    "lễ hội",
    "truyền thống",
    "bền vững",
    "tri ân",
)
SPECIAL_DATES = (  # around the fixture's clock: news sitemap, scheduled articles
    "2026-11-29 09:00",
    "2026-11-30 18:45",
    "2026-12-01 07:59",
    "2026-12-01 08:00",
    "2026-12-01 08:01",
    "2026-12-03 10:00",
    "2027-01-15 06:30",
)
# Where a template edit goes: before the first of these in a template.
TEMPLATE_ANCHORS = ("</body>", "{% endblock content %}", "{% endmacro %}", "</footer>", "</main>")
MARKER = re.compile(r"(<!-- dt-\d+ -->|\{# dt-\d+ #\}|/\* dt-\d+ \*/)\n?")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.6:
        words.append(f"tại {rng.choice(PLACES)}")
    if rng.random() < 0.4:
        words.append(f"cùng {rng.choice(NAMES)} {rng.randrange(10, 100)}")
    if rng.random() < 0.3:
        words.append(f"vì {rng.choice(WORDS)} và {rng.choice(WORDS)}")
    return " ".join(words) + "."


def _title(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.5:
        text += f" tại {rng.choice(PLACES)}"
    if rng.random() < 0.3:
        text += f" năm {rng.randrange(2016, 2027)}"
    return text


def _summary(rng: random.Random) -> str:
    text = _sentence(rng)
    if rng.random() < 0.5:
        text += " " + _sentence(rng)
    return text[:300].rstrip()


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


# --- an article file: its header fields and its body -----------------------


@dataclass
class Doc:
    header: list[list[str]]  # [key, value], in file order
    body: str

    @classmethod
    def parse(cls, text: str) -> Doc:
        head, _, body = text.partition("\n\n")
        header = []
        for line in head.splitlines():
            key, _, value = line.partition(":")
            header.append([key.strip(), value.strip()])
        return cls(header, body)

    def get(self, key: str) -> str:
        return next((value for name, value in self.header if name == key), "")

    def set(self, key: str, value: str, after: str = "Summary") -> None:
        for item in self.header:
            if item[0] == key:
                item[1] = value
                return
        keys = [name for name, _ in self.header]
        at = keys.index(after) + 1 if after in keys else len(keys)
        self.header.insert(at, [key, value])

    def drop(self, *keys: str) -> None:
        self.header = [item for item in self.header if item[0] not in keys]

    def paragraphs(self) -> list[str]:
        return [p for p in self.body.strip("\n").split("\n\n") if p.strip()]

    def set_paragraphs(self, paragraphs: list[str]) -> None:
        self.body = "\n\n".join(paragraphs) + "\n"

    def text(self) -> str:
        head = "\n".join(f"{key}: {value}" for key, value in self.header)
        return f"{head}\n\n{self.body.lstrip(chr(10))}"

    def copy(self) -> Doc:
        return Doc([list(item) for item in self.header], self.body)


# --- the site tree and an edit of it ---------------------------------------


@dataclass(frozen=True)
class Tree:
    """The files an edit can touch, relative to the site folder: articles
    (``content/articles``), images (``content/images``), theme templates
    and stylesheets (``theme/``), as bytes."""

    files: dict[str, bytes]

    @classmethod
    def read(cls, root: Path) -> Tree:
        files = {}
        for folder, pattern in (
            ("content/articles", "*.md"),
            ("content/images", "*"),
            ("theme/templates", "*.html"),
            ("theme/static/css", "*.css"),
        ):
            for path in sorted((root / folder).rglob(pattern)):
                if path.is_file():
                    files[path.relative_to(root).as_posix()] = path.read_bytes()
        return cls(files)

    def under(self, prefix: str, suffix: str = "") -> list[str]:
        return sorted(r for r in self.files if r.startswith(prefix) and r.endswith(suffix))

    def articles(self) -> list[str]:
        return self.under("content/articles/", ".md")

    def doc(self, rel: str) -> Doc:
        return Doc.parse(self.files[rel].decode("utf-8"))

    def published(self) -> list[str]:
        return [rel for rel in self.articles() if self.doc(rel).get("Status") != "draft"]

    def slugs(self) -> dict[str, str]:
        return {self.doc(rel).get("Slug"): rel for rel in self.articles()}

    def text(self, rel: str) -> str:
        return self.files[rel].decode("utf-8")

    def with_edit(self, edit: Edit) -> Tree:
        files = dict(self.files)
        for rel, data in edit.writes:
            if data is None:
                files.pop(rel, None)
            else:
                files[rel] = data
        return Tree(files)


@dataclass(frozen=True)
class Edit:
    """One save: whole files written (``None``: deleted), relative to the site folder."""

    kind: str
    summary: str
    writes: tuple[tuple[str, bytes | None], ...]

    def apply(self, root: Path) -> list[str]:
        """Write the files; the ones whose bytes (or existence) changed."""
        changed = []
        for rel, data in self.writes:
            path = root / rel
            old = path.read_bytes() if path.is_file() else None
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            if old != data:
                changed.append(rel)
        return changed

    def describe(self) -> str:
        files = ", ".join(
            f"{rel} ({'deleted' if data is None else hashlib.sha1(data).hexdigest()[:8]})"
            for rel, data in self.writes
        )
        return f"{self.kind}: {self.summary} [{files}]"


def make_edit(kind: str, summary: str, *writes: tuple[str, str | bytes | None]) -> Edit:
    encoded = []
    for rel, data in writes:
        encoded.append((rel, data.encode("utf-8") if isinstance(data, str) else data))
    merged = dict(encoded)  # a later write of a file wins
    return Edit(kind, summary, tuple(sorted(merged.items())))


def _short(rel: str) -> str:
    return rel.removeprefix("content/")


# --- the proposers: one edit of one kind, or None when it does not apply ----


def _pick_article(rng: random.Random, tree: Tree) -> tuple[str, Doc]:
    rel = rng.choice(tree.articles())
    return rel, tree.doc(rel)


def _link_target(rng: random.Random, tree: Tree, rel: str) -> tuple[str, str] | None:
    """(markdown target, what it links) of another published article."""
    others = [r for r in tree.published() if r != rel]
    if not others:
        return None
    other = rng.choice(others)
    if rng.random() < 0.5:
        return f"/bai-viet/{tree.doc(other).get('Slug')}/", other
    return "{filename}/" + _short(other).removeprefix("articles/"), other


def propose_body(rng: random.Random, tree: Tree) -> Edit | None:
    rel, doc = _pick_article(rng, tree)
    paragraphs = doc.paragraphs()
    op = rng.choice(
        ("append", "paragraph", "word", "heading", "drop", "link", "list", "quote", "nothing")
    )
    if op == "append" and paragraphs:
        at = rng.randrange(len(paragraphs))
        paragraphs[at] = paragraphs[at] + " " + _sentence(rng)
    elif op == "word":
        plain = [
            i for i, p in enumerate(paragraphs) if "](" not in p and not p.startswith(("#", ">"))
        ]
        if not plain:
            return None
        at = rng.choice(plain)
        words = paragraphs[at].split(" ")
        places = [i for i, w in enumerate(words) if w.isalpha()]
        if not places:
            return None
        words[rng.choice(places)] = rng.choice(WORDS)
        paragraphs[at] = " ".join(words)
    elif op == "heading":
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), f"## {_title(rng)}")
    elif op == "drop" and len(paragraphs) >= 2:
        paragraphs.pop(rng.randrange(len(paragraphs)))
    elif op == "link":
        target = _link_target(rng, tree, rel)
        if target is None:
            return None
        words = rng.choice(OBJECTS)
        paragraphs.insert(
            rng.randrange(len(paragraphs) + 1), f"Xem thêm bài về [{words}]({target[0]})."
        )
    elif op == "list":
        items = "\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(2, 3)))
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), items)
    elif op == "quote":
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), f"> {_sentence(rng)}")
    elif op == "nothing":  # a save without a change (editors do that)
        return make_edit("body", f"{_short(rel)}: saved unchanged", (rel, tree.files[rel]))
    else:  # "paragraph", or an op that did not apply
        op = "paragraph"
        sentences = " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), sentences)
    doc.set_paragraphs(paragraphs)
    return make_edit("body", f"{_short(rel)}: {op}", (rel, doc.text()))


def propose_summary(rng: random.Random, tree: Tree) -> Edit | None:
    rel, doc = _pick_article(rng, tree)
    old = doc.get("Summary")
    if old and rng.random() < 0.5 and len(old) < 200:
        doc.set("Summary", f"{old} {rng.choice(WORDS).capitalize()} {rng.choice(OBJECTS)}.")
    else:
        doc.set("Summary", _summary(rng), after="Authors")
    return make_edit("summary", f"{_short(rel)}: Summary", (rel, doc.text()))


def propose_title(rng: random.Random, tree: Tree) -> Edit | None:
    rel, doc = _pick_article(rng, tree)
    title = _title(rng)
    doc.set("Title", title)
    return make_edit("title", f"{_short(rel)}: Title {title!r}", (rel, doc.text()))


def _random_date(rng: random.Random, tree: Tree) -> str:
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(SPECIAL_DATES)
    if roll < 0.3:  # the same time as another article: ties in every list
        dates = sorted({tree.doc(r).get("Date") for r in tree.articles()} - {""})
        if dates:
            return rng.choice(dates)
    year = rng.randrange(2016, 2027)
    when = datetime(
        year, rng.randint(1, 12), rng.randint(1, 28), rng.randrange(24), rng.randrange(60)
    )
    return f"{min(when, BUILD_TIME - timedelta(days=3)):%Y-%m-%d %H:%M}"


def _set_date(doc: Doc, value: str) -> None:
    doc.set("Date", value, after="Slug")
    modified = doc.get("Modified")
    if modified and modified < value:  # Modified may not be before Date
        doc.drop("Modified")


def propose_date(rng: random.Random, tree: Tree) -> Edit | None:
    rel, doc = _pick_article(rng, tree)
    value = _random_date(rng, tree)
    _set_date(doc, value)
    writes: list[tuple[str, str | None]] = [(rel, doc.text())]
    summary = f"{_short(rel)}: Date {value}"
    year_folder = f"content/articles/{value[:4]}/{Path(rel).name}"
    if rng.random() < 0.3 and year_folder != rel and year_folder not in tree.files:
        writes = [(rel, None), (year_folder, doc.text())]  # moved to its year's folder
        writes += _retarget(tree, rel, year_folder, doc.get("Slug"), doc.get("Slug"))
        summary += f", moved to {_short(year_folder)}"
    return make_edit("date", summary, *writes)


TOPIC_FIELDS = {
    "Provinces": PROVINCES,
    "Countries": COUNTRIES,
    "Organizations": ORGANIZATIONS,
    "Tags": TAGS,
    "Authors": AUTHORS,
}


def propose_topics(rng: random.Random, tree: Tree) -> Edit | None:
    rel, doc = _pick_article(rng, tree)
    name = rng.choice((*TOPIC_FIELDS, "Category", "Featured"))
    if name == "Category":
        section = rng.choice(sorted(SECTIONS))
        doc.set("Category", section, after="Date")
        subsections = SECTIONS[section]
        if subsections and rng.random() < 0.6:
            doc.set("Subsection", rng.choice(subsections), after="Category")
        else:
            doc.drop("Subsection")
        return make_edit(
            "topics",
            f"{_short(rel)}: Category {section} / {doc.get('Subsection')}",
            (rel, doc.text()),
        )
    if name == "Featured":
        value = rng.choice(("lead", "top", ""))
        if value:
            doc.set("Featured", value)
        else:
            doc.drop("Featured")
        return make_edit("topics", f"{_short(rel)}: Featured {value!r}", (rel, doc.text()))
    pool = TOPIC_FIELDS[name]
    items = _split(doc.get(name))
    op = rng.choice(("add", "remove", "replace", "clear"))
    if op == "add":
        missing = [item for item in pool if item not in items]
        if not missing:
            return None
        items.insert(rng.randrange(len(items) + 1), rng.choice(missing))
    elif op == "remove" and items:
        items.pop(rng.randrange(len(items)))
    elif op == "clear":
        items = []
    else:
        op = "replace"
        items = rng.sample(pool, rng.randint(1, min(3, len(pool))))
    if items:
        doc.set(name, ", ".join(items), after="Category")
    else:
        doc.drop(name)
    return make_edit("topics", f"{_short(rel)}: {name} {op} -> {items}", (rel, doc.text()))


def _retarget(
    tree: Tree, old_rel: str, new_rel: str | None, old_slug: str, new_slug: str | None
) -> list[tuple[str, str]]:
    """Other articles' links and Related pins to an article that moved
    (``new_rel``, ``new_slug``) or was deleted (``None``): rewritten."""
    writes = []
    old_link = "{filename}/" + _short(old_rel).removeprefix("articles/")
    new_link = "{filename}/" + _short(new_rel).removeprefix("articles/") if new_rel else None
    for rel in tree.articles():
        if rel == old_rel:
            continue
        doc = tree.doc(rel)
        before = doc.text()
        pins = _split(doc.get("Related"))
        if old_slug in pins:
            pins = [new_slug if p == old_slug else p for p in pins if new_slug or p != old_slug]
            if pins:
                doc.set("Related", ", ".join(pins))
            else:
                doc.drop("Related")
        for target, replacement in (
            (f"/bai-viet/{old_slug}/", f"/bai-viet/{new_slug}/" if new_slug else None),
            (old_link, new_link),
        ):
            if replacement:
                doc.body = doc.body.replace(f"]({target})", f"]({replacement})")
            else:  # the link goes, its text stays
                doc.body = re.sub(r"\[([^\]]*)\]\(" + re.escape(target) + r"\)", r"\1", doc.body)
        if doc.text() != before:
            writes.append((rel, doc.text()))
    return writes


def propose_slug(rng: random.Random, tree: Tree) -> Edit | None:
    rel, doc = _pick_article(rng, tree)
    old = doc.get("Slug")
    base = slugify(" ".join(_title(rng).split()[:5]))
    slug = base if rng.random() < 0.5 else f"{base}-{rng.randrange(2, 99)}"
    if slug in tree.slugs() or slug == "gioi-thieu":
        return None
    doc.set("Slug", slug, after="Title")
    if rng.random() < 0.3 and doc.get("Status") != "draft":
        # what make fix adds for a published address (docs/huong-dan-bien-tap.md §12)
        # and the first address kept as the feed id, which stays a redirect
        first = doc.get("Feed_ID") or f"/bai-viet/{old}/"
        redirects = [first, *_split(doc.get("Redirect_From"))[-1:], f"/bai-viet/{old}/"]
        doc.set("Redirect_From", ", ".join(dict.fromkeys(redirects)))
        doc.set("Feed_ID", first, after="Redirect_From")
    new_rel = rel
    if rng.random() < 0.5:
        new_rel = str(Path(rel).with_name(f"{slug}.md"))
        if new_rel in tree.files:
            new_rel = rel
    writes: list[tuple[str, str | None]] = [(rel, None)] if new_rel != rel else []
    writes.append((new_rel, doc.text()))
    writes += _retarget(tree, rel, new_rel, old, slug)
    moved = f", renamed {_short(new_rel)}" if new_rel != rel else ""
    return make_edit("slug", f"{_short(rel)}: Slug {old} -> {slug}{moved}", *writes)


def propose_new(rng: random.Random, tree: Tree) -> Edit | None:
    if len(tree.articles()) >= MAX_ARTICLES:
        return None
    title = _title(rng)
    slug = slugify(" ".join(title.split()[:6]))
    if slug in tree.slugs():
        slug = f"{slug}-{rng.randrange(2, 99)}"
    if slug in tree.slugs() or slug == "gioi-thieu":
        return None
    date = _random_date(rng, tree)
    section = rng.choice(sorted(SECTIONS))
    doc = Doc([["Title", title], ["Slug", slug], ["Date", date], ["Category", section]], "")
    if SECTIONS[section] and rng.random() < 0.5:
        doc.set("Subsection", rng.choice(SECTIONS[section]), after="Category")
    for name, pool in TOPIC_FIELDS.items():
        if rng.random() < 0.6:
            doc.header.append([name, ", ".join(rng.sample(pool, rng.randint(1, 2)))])
    doc.header.append(["Summary", _summary(rng)])
    images = tree.under("content/images/")
    if images and rng.random() < 0.4:
        doc.header.append(["Image", _short(rng.choice(images))])
        doc.header.append(["Image_Alt", f"Ảnh {rng.choice(OBJECTS)}"])
        if rng.random() < 0.5:
            doc.header.append(["Format", rng.choice(("photo", "infographic"))])
    elif rng.random() < 0.15:
        doc.header.append(["Format", "video"])
        doc.header.append(
            ["Video_URL", f"https://www.youtube.com/watch?v=dt{rng.randrange(10**8):08d}x"]
        )
    if rng.random() < 0.2:
        doc.header.append(["Featured", rng.choice(("lead", "top"))])
    if rng.random() < 0.2:
        doc.header.append(["Series", "Hành trình hữu nghị"])
        doc.header.append(["Series_Part", str(rng.randint(1, 4))])
    published = tree.published()
    if published and rng.random() < 0.25:
        doc.header.append(["Related", tree.doc(rng.choice(published)).get("Slug")])
    draft = rng.random() < 0.1
    if draft:
        doc.header.append(["Status", "draft"])
    doc.set_paragraphs(
        [
            " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(1, 3))
        ]
    )
    rel = f"content/articles/{date[:4]}/{slug}.md"
    if rel in tree.files:
        return None
    return make_edit("new", f"{_short(rel)}{' (draft)' if draft else ''}", (rel, doc.text()))


def propose_delete(rng: random.Random, tree: Tree) -> Edit | None:
    rel, doc = _pick_article(rng, tree)
    published = tree.published()
    if rel in published and len(published) <= MIN_PUBLISHED:
        return None
    writes: list[tuple[str, str | None]] = [(rel, None)]
    writes += _retarget(tree, rel, None, doc.get("Slug"), None)
    return make_edit("delete", _short(rel), *writes)


def picture(rng: random.Random, extension: str) -> bytes:
    """A small image of a few coloured blocks (deterministic bytes)."""
    from PIL import Image, ImageDraw

    width, height = rng.randrange(160, 961, 16), rng.randrange(90, 721, 9)
    image = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(2, 6)):
        x, y = rng.randrange(width), rng.randrange(height)
        box = (
            x,
            y,
            min(width, x + rng.randrange(8, width)),
            min(height, y + rng.randrange(8, height)),
        )
        draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    data = io.BytesIO()
    image.save(data, "PNG" if extension == "png" else "JPEG", quality=85)
    return data.getvalue()


def _new_image(rng: random.Random, tree: Tree) -> tuple[str, bytes]:
    extension = rng.choice(("png", "jpg"))
    for _ in range(20):
        rel = f"content/images/{rng.randrange(2016, 2027)}/anh-{rng.randrange(1000)}.{extension}"
        if rel not in tree.files:
            return rel, picture(rng, extension)
    raise RuntimeError("no free image name")


def _unused_images(tree: Tree) -> list[str]:
    texts = [tree.text(rel) for rel in tree.articles()]
    return [
        rel
        for rel in tree.under("content/images/")
        if not any(_short(rel) in text for text in texts)
    ]


def propose_image(rng: random.Random, tree: Tree) -> Edit | None:
    images = tree.under("content/images/")
    unused = _unused_images(tree)
    if unused and (len(images) > MAX_IMAGES or rng.random() < 0.15):
        rel = rng.choice(unused)
        return make_edit("image", f"{_short(rel)}: unused, deleted", (rel, None))
    op = rng.choice(("lead-new", "lead-existing", "body-new", "replace", "replace", "drop-lead"))
    if op == "replace":  # the same file, new pixels: every page showing it changes
        if not images:
            return None
        rel = rng.choice(images)
        return make_edit(
            "image", f"{_short(rel)}: replaced", (rel, picture(rng, rel.rsplit(".", 1)[1]))
        )
    rel, doc = _pick_article(rng, tree)
    if op == "drop-lead":
        if not doc.get("Image") or doc.get("Format") in ("photo", "infographic"):
            return None
        doc.drop("Image", "Image_Alt", "Image_Caption", "Image_Credit")
        return make_edit("image", f"{_short(rel)}: Image removed", (rel, doc.text()))
    writes: list[tuple[str, str | bytes | None]] = []
    if op == "lead-existing":
        if not images:
            return None
        image = rng.choice(images)
    else:
        image, data = _new_image(rng, tree)
        writes.append((image, data))
    if op == "body-new":
        paragraphs = doc.paragraphs()
        caption = f"{rng.choice(OBJECTS).capitalize()} (Ảnh: {rng.choice(NAMES)})"
        figure = f'![{rng.choice(OBJECTS).capitalize()}]({_short(image)} "{caption}")'
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), figure)
        doc.set_paragraphs(paragraphs)
    else:
        doc.set("Image", _short(image))
        doc.set("Image_Alt", f"Ảnh {rng.choice(OBJECTS)}", after="Image")
        if rng.random() < 0.5:
            doc.set(
                "Image_Caption",
                f"{rng.choice(SUBJECTS)} tại {rng.choice(PLACES)}",
                after="Image_Alt",
            )
            doc.set("Image_Credit", rng.choice(NAMES), after="Image_Caption")
    writes.append((rel, doc.text()))
    return make_edit("image", f"{_short(rel)}: {op} {_short(image)}", *writes)


def propose_template(rng: random.Random, tree: Tree) -> Edit | None:
    number = rng.randrange(10**6)
    if rng.random() < 0.2:  # a stylesheet: its published name (content hash) changes everywhere
        rel = rng.choice(tree.under("theme/static/css/", ".css"))
        text = MARKER.sub("", tree.text(rel))
        if text == tree.text(rel) or rng.random() < 0.5:
            text = text.rstrip("\n") + f"\n/* dt-{number} */\n"
        return make_edit("template", f"{rel}: comment", (rel, text))
    choices = [
        (rel, anchor)
        for rel in tree.under("theme/templates/", ".html")
        for anchor in TEMPLATE_ANCHORS
        if anchor in tree.text(rel)
    ]
    rel, anchor = rng.choice(choices)
    text = tree.text(rel)
    if MARKER.search(text) and rng.random() < 0.5:
        return make_edit("template", f"{rel}: marker removed", (rel, MARKER.sub("", text)))
    text = MARKER.sub("", text)
    marker = f"<!-- dt-{number} -->" if rng.random() < 0.7 else f"{{# dt-{number} #}}"
    text = text.replace(anchor, f"{marker}\n{anchor}", 1)
    return make_edit("template", f"{rel}: {marker} before {anchor}", (rel, text))


PROPOSERS: dict[str, Callable[[random.Random, Tree], Edit | None]] = {
    "body": propose_body,
    "summary": propose_summary,
    "title": propose_title,
    "date": propose_date,
    "topics": propose_topics,
    "slug": propose_slug,
    "new": propose_new,
    "delete": propose_delete,
    "image": propose_image,
    "template": propose_template,
}


def next_edit(
    rng: random.Random,
    tree: Tree,
    errors: Callable[[Tree], list[str]],
    kinds: tuple[str, ...] = KINDS,
) -> Edit:
    """One valid edit of ``tree``: proposals are drawn until the content
    check finds no error in the tree the edit makes (``errors``)."""
    weights = [WEIGHTS[kind] for kind in kinds]
    for _ in range(200):
        kind = rng.choices(kinds, weights)[0]
        edit = PROPOSERS[kind](rng, tree)
        if edit is None:
            continue
        if kind == "template" or not errors(tree.with_edit(edit)):
            return edit
    raise RuntimeError("no valid edit after 200 proposals")


# --- broken saves: what the build must refuse --------------------------------


def _breakages(rng: random.Random, tree: Tree, rel: str) -> dict[str, str | bytes]:
    """Broken versions of article ``rel`` (a name → the file's new content)."""
    doc = tree.doc(rel)
    text = doc.text()
    broken: dict[str, str | bytes] = {}
    if "\nDate:" in text:
        broken["header typo 'Dat e:'"] = text.replace("\nDate:", "\nDat e:", 1)
    for name, key, value in (
        ("unknown province", "Provinces", ", ".join([*_split(doc.get("Provinces")), "Cần Thớ"])),
        ("invalid slug", "Slug", "Bài Viết Sai"),
        ("date without time", "Date", doc.get("Date")[:10]),
        ("summary over 300 characters", "Summary", ("Sapo quá dài. " * 30).strip()),
        ("misspelt field", "Provinse", "Huế"),
        ("unknown section", "Category", "Thể thao"),
    ):
        other = doc.copy()
        other.set(key, value)
        broken[name] = other.text()
    slugs = [slug for slug in tree.slugs() if slug != doc.get("Slug")]
    if slugs:
        other = doc.copy()
        other.set("Slug", rng.choice(slugs))
        broken["duplicate slug"] = other.text()
    for name, paragraph in (
        ("broken link", "Xem [bài không có](/bai-viet/khong-co-bai-nay/)."),
        ("missing image", "![Ảnh không có](images/khong-co-anh.png)"),
    ):
        other = doc.copy()
        other.set_paragraphs([*other.paragraphs(), paragraph])
        broken[name] = other.text()
    if doc.get("Status") != "draft":
        other = doc.copy()
        other.body = "<!-- chưa viết xong -->\n"
        broken["empty body"] = other.text()
    broken["not UTF-8"] = text.encode("utf-8").replace(b"\n\n", b"\n\n\xff\xfe ", 1)
    return broken


def break_edit(
    rng: random.Random, tree: Tree, edit: Edit, errors: Callable[[Tree], list[str]]
) -> tuple[Edit, Edit] | None:
    """(the broken save, its fix) for ``edit`` of ``tree``: the broken save
    writes what ``edit`` writes, one file broken (one of them, or another
    article); the fix writes ``edit``'s files and that file as ``edit``
    leaves it. ``None``: no broken version found."""
    after = tree.with_edit(edit)
    written = [rel for rel, data in edit.writes if data is not None]
    if edit.kind == "template":
        templates = [r for r in written if r.startswith("theme/templates/")]
        if not templates:
            return None  # a stylesheet: nothing in it stops a build
        rel = templates[0]
        text = after.text(rel).replace("</", "{% if %}</", 1)
        broken = make_edit("broken", f"{rel}: template syntax error", *edit.writes, (rel, text))
        return broken, edit
    images = [r for r in written if r.startswith("content/images/")]
    if images and rng.random() < 0.7:
        rel = images[0]
        data = after.files[rel]
        broken = make_edit(
            "broken", f"{_short(rel)}: truncated image", *edit.writes, (rel, data[: len(data) // 3])
        )
    else:
        articles = [r for r in written if r.endswith(".md")] or after.articles()
        rel = rng.choice(articles)
        choices = sorted(_breakages(rng, after, rel).items())
        name, data = rng.choice(choices)
        broken = make_edit("broken", f"{_short(rel)}: {name}", *edit.writes, (rel, data))
    if not errors(tree.with_edit(broken)):
        return None
    fix = make_edit(edit.kind, edit.summary, *edit.writes, (rel, after.files[rel]))
    return broken, fix


# --- the content check, as make check and the preview build run it -----------


class ContentErrors:
    """The content check's errors in a tree (a scratch copy of the site's
    content with the tree's files), in preview and with the build's clock."""

    def __init__(self, settings_file: Path, content: Path, scratch: Path) -> None:
        from plugins.content_check.config import load_settings
        from plugins.content_check.urls import scheme_from_settings
        from plugins.images.config import image_settings
        from plugins.reference import reference_for
        from plugins.schedule.clock import build_time

        settings, problems = load_settings(settings_file)
        assert settings is not None, problems
        self.reference = reference_for(settings)
        self.scheme = scheme_from_settings(settings)
        self.images = image_settings(settings)
        self.clock = build_time(settings)
        self.article_dirs = tuple(settings.get("ARTICLE_PATHS") or ["articles"])
        self.page_dirs = tuple(settings.get("PAGE_PATHS") or ["pages"])
        self.content, self.scratch = content, scratch

    def __call__(self, tree: Tree) -> list[str]:
        from plugins.content_check.check import check_tree
        from plugins.content_check.problems import format_problem

        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.copytree(
            self.content,
            self.scratch / "content",
            ignore=shutil.ignore_patterns("articles", "images"),
        )
        for rel, data in tree.files.items():
            if rel.startswith("content/"):
                path = self.scratch / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        found = []
        for now in (None, self.clock):
            report = check_tree(
                self.scratch / "content",
                self.reference,
                self.scheme,
                cwd=self.scratch,
                article_dirs=self.article_dirs,
                page_dirs=self.page_dirs,
                image_settings=self.images,
                now=now,
            )
            found += [format_problem(p) for p in report.problems if p.is_error]
        return sorted(set(found))


# --- clean builds: a fresh fork of a process that imported the build once ----


def _clean_build(settings: str, content: str, output: str, cache: str, jinja: dict) -> dict:
    """One clean build (in a fresh fork): what it says, as the worker's ``Outcome``."""
    import logging

    from jinja2 import FileSystemBytecodeCache

    from scripts.build import build, describe_error

    errors: list[str] = []

    class Errors(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record.getMessage())

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    logging.getLogger().addHandler(Errors(logging.ERROR))
    Path(f"{cache}-jinja").mkdir(parents=True, exist_ok=True)
    extra = {
        "CACHE_PATH": cache,  # empty: no content, check, search or image cache
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "IMAGES": {"cache_dir": str(Path(cache) / "images"), "workers": 1},
        # as make publish: no incremental state written, nothing to reuse
        "INCREMENTAL": {"enabled": False},
        # the serial build, which the parallel one must equal byte for byte
        # (and no processes to start: the preview worker builds alongside)
        "PARALLEL": {"enabled": False},
        # Jinja's compiled templates, by source checksum (a third of a build)
        "JINJA_ENVIRONMENT": {
            **jinja,
            "bytecode_cache": FileSystemBytecodeCache(f"{cache}-jinja"),
        },
    }
    try:
        build(Path(settings), Path(output), Path(content), extra=extra, force=True, preview=True)
        return {"kind": "built", "errors": []}
    except SystemExit as stop:
        return {"kind": "refused", "errors": [*errors, str(stop.code)]}
    except Exception as problem:  # noqa: BLE001 — reported by the runner
        return {"kind": "refused", "errors": [*errors, describe_error(problem)]}


def _warm(settings_file: Path) -> dict:
    """Read the site's reference data and the communes' gazetteer (a second
    of indexes) before any fork: every clean build finds them ready, as the
    preview worker's builds do. The site's Jinja options."""
    from plugins.content_check.config import load_settings
    from plugins.reference import reference_for

    settings, problems = load_settings(settings_file)
    assert settings is not None, problems
    gazetteer = reference_for(settings).localities
    gazetteer.resolve("huyện Tiền Hải", ("Thái Bình",), True)
    gazetteer.resolve("phường Trần Hưng Đạo", ("Hưng Yên",), False)
    return dict(settings.get("JINJA_ENVIRONMENT") or {})


def _clean_server(channel, log: str) -> None:
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    stream = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(stream, 1)
    os.dup2(stream, 2)
    import importlib

    import pelican  # noqa: F401 — imported once, before any fork

    import scripts.build  # noqa: F401
    from pelicanconf import PLUGINS

    for name in PLUGINS:
        importlib.import_module(name)
    jinja = None
    while True:
        try:
            request = channel.recv()
        except EOFError:
            return
        if request is None:
            return
        settings, content, output, cache = request
        if jinja is None:
            jinja = _warm(Path(settings))
        trash = Path(f"{output}.old")
        shutil.rmtree(trash, ignore_errors=True)
        if Path(output).exists():
            Path(output).rename(trash)
        shutil.rmtree(cache, ignore_errors=True)
        read, write = os.pipe()
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: one build, then gone
            os.close(read)
            try:
                outcome = _clean_build(settings, content, output, cache, jinja)
                with os.fdopen(write, "wb") as answer:
                    answer.write(json.dumps(outcome).encode("utf-8"))
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(0)
        os.close(write)
        shutil.rmtree(trash, ignore_errors=True)  # while the child builds
        with os.fdopen(read, "rb") as answer:
            data = answer.read()
        _, status = os.waitpid(pid, 0)
        outcome = (
            json.loads(data) if data else {"kind": "crashed", "errors": [f"exit status {status}"]}
        )
        channel.send({**outcome, "seconds": round(time.perf_counter() - started, 3)})


class CleanBuilder:
    """Clean builds of a site, one at a time, in their own process (beside
    the preview worker): ``start`` then ``result``."""

    def __init__(self, log: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self._channel, child = context.Pipe()
        self.process = context.Process(
            target=_clean_server, args=(child, str(log)), name="clean-builds", daemon=False
        )
        self.process.start()
        child.close()

    def start(self, settings: Path, content: Path, output: Path, cache: Path) -> None:
        self._channel.send((str(settings), str(content), str(output), str(cache)))

    def result(self) -> dict:
        return self._channel.recv()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._channel.send(None)
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(10)


@contextlib.contextmanager
def _stdio_to(log: Path):
    """Standard output and error go to ``log`` (in this process and in the
    processes it starts meanwhile: the preview worker's build lines)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    stream = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.dup2(stream, 1)
        os.dup2(stream, 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, stream):
            os.close(fd)


# --- the runner --------------------------------------------------------------


@contextlib.contextmanager
def _timed(result: Result, phase: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        result.phases[phase] += time.perf_counter() - started


@dataclass
class StepRecord:
    number: int
    edit: Edit
    broken: Edit | None = None
    fast: str = ""  # the fast path's answer: rendered, declined, refused, or "" (not asked)
    seconds: float = 0.0

    def line(self) -> str:
        text = f"{self.number:4d}. {self.edit.describe()}"
        if self.broken is not None:
            text += f"\n      first saved broken: {self.broken.describe()}"
        if self.fast:
            text += f"\n      fast preview: {self.fast}"
        return text


@dataclass
class Difference:
    step: int
    what: str
    files: list[str]
    excerpt: str


@dataclass
class Result:
    seed: int
    steps: list[StepRecord] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    fast: Counter = field(default_factory=Counter)  # rendered / declined / refused, and kept
    invalid: Counter = field(default_factory=Counter)  # broken saves: built / fast-refused only
    phases: Counter = field(default_factory=Counter)  # seconds spent, by phase
    seconds: float = 0.0
    folder: Path | None = None

    @property
    def seconds_per_step(self) -> float:
        return self.seconds / max(len(self.steps), 1)

    def timings(self) -> str:
        """Seconds per step, by phase."""
        steps = max(len(self.steps), 1)
        return ", ".join(f"{name} {seconds / steps:.2f}" for name, seconds in self.phases.items())

    def report(self, limit: int = 3) -> str:
        """The seed, a count of the differences by what went wrong, the
        first ``limit`` in full, and the steps up to the first one."""
        lines = [
            f"seed {self.seed}: {len(self.steps)} steps, {len(self.differences)} with differences,"
            f" {self.seconds_per_step:.2f} s per step (site and logs: {self.folder})"
        ]
        first_of: dict[str, int] = {}
        for difference in self.differences:
            first_of.setdefault(difference.what, difference.step)
        counts = Counter(difference.what for difference in self.differences)
        for what, count in counts.most_common():
            lines.append(f"  {count} x {what} (first at step {first_of[what]})")
        for difference in self.differences[:limit]:
            lines.append(f"step {difference.step}: {difference.what}")
            lines += [f"  {name}" for name in difference.files[:20]]
            if len(difference.files) > 20:
                lines.append(f"  … and {len(difference.files) - 20} more")
            if difference.excerpt:
                lines.append(difference.excerpt)
        if self.differences:
            first = self.differences[0].step
            lines.append(
                f"to reproduce: .venv/bin/python -m tests.differential --seed {self.seed}"
                f" --steps {first}; the steps:"
            )
            lines += [record.line() for record in self.steps if record.number <= first]
        return "\n".join(lines)


def differing_files(first: Path, second: Path) -> list[str]:
    one, two = comparable_files(first), comparable_files(second)
    return sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name))


def diff_excerpt(first: Path, second: Path, files: list[str], lines: int = 24) -> str:
    """A unified diff of the first differing files (incremental vs clean)."""
    out = []
    for name in files[:3]:
        a, b = first / name, second / name
        if not a.is_file() or not b.is_file():
            out.append(
                f"--- {name}: only in {'the clean build' if b.is_file() else 'the incremental build'}"
            )
            continue
        try:
            left = a.read_text(encoding="utf-8").splitlines()
            right = b.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            out.append(f"--- {name}: binary, {a.stat().st_size} vs {b.stat().st_size} bytes")
            continue
        if len(left) == 1 and len(right) == 1:  # minified: one line each
            left = re.split(r"(?<=>)", left[0])
            right = re.split(r"(?<=>)", right[0])
        diff = difflib.unified_diff(
            left, right, f"incremental/{name}", f"clean/{name}", n=1, lineterm=""
        )
        out += [line[:240] for line in list(diff)[:lines]]
    return "\n".join(out)


class DifferentialRun:
    """The fixture site, its preview worker and clean builder; :meth:`run`."""

    def __init__(self, folder: Path, seed: int, invalid_rate: float = INVALID_RATE) -> None:
        from scripts.fast_preview import Worker

        self.folder, self.seed, self.invalid_rate = folder, seed, invalid_rate
        self.rng = random.Random(seed)
        self.site = make_site(folder / "site")
        self.root = self.site.tmp  # content/ and theme/ are under it
        shutil.copytree(ROOT / "theme", self.root / "theme")
        self.site.set(
            THEME=str(self.root / "theme"),
            IMAGES={"cache_dir": str(self.root / "cache" / "images")},
            # as make serve: Pelican's, the check's and the search's caches
            CACHE_CONTENT=True,
            LOAD_CONTENT_CACHE=True,
            DEFAULT_PAGINATION=PAGINATION,
            # the home page's own size (pelicanconf.py: 13), small here too
            PAGINATED_TEMPLATES={**portal_settings()["PAGINATED_TEMPLATES"], "index": PAGINATION},
        )
        self.clean_output = folder / "clean"
        self.clean_cache = folder / "clean-cache"
        self.errors = ContentErrors(self.site.settings, self.site.content, folder / "scratch")
        self.log = folder / "builds.log"
        with _stdio_to(self.log):
            self.worker = Worker(self.site.settings, self.site.output, self.site.content)
        self.clean = CleanBuilder(folder / "clean-builds.log")

    def close(self) -> None:
        self.worker.stop()
        self.clean.stop()

    def __enter__(self) -> DifferentialRun:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _build_both(self) -> tuple[object, dict]:
        self.clean.start(self.site.settings, self.site.content, self.clean_output, self.clean_cache)
        incremental = self.worker.ask("build")
        return incremental, self.clean.result()

    def _single_article(self, changed: list[str]) -> Path | None:
        """What make serve asks the fast path for: one changed .md file that exists."""
        if len(changed) == 1 and changed[0].endswith(".md"):
            path = self.root / changed[0]
            if path.is_file() and changed[0].startswith("content/"):
                return path
        return None

    def run(
        self,
        steps: int,
        stop_at_first: bool = True,
        progress: Callable[[Result], None] | None = None,
        every: int = 25,
        edits: list[Edit] | None = None,
    ) -> Result:
        """``steps`` random edits (``edits``: these instead, none broken),
        each built and compared; stops at the first difference unless
        ``stop_at_first`` is false (then the site is put back in step)."""
        result = Result(self.seed, folder=self.folder)
        started = time.perf_counter()
        first = self.worker.ask("build")
        assert first.kind == "built", first.errors
        self.worker.ask("warm")
        steps = len(edits) if edits is not None else steps
        for number in range(1, steps + 1):
            step_started = time.perf_counter()
            tree = Tree.read(self.root)
            if edits is not None:
                edit = edits[number - 1]
            else:
                edit = next_edit(self.rng, tree, self.errors)
            record = StepRecord(number, edit)
            result.steps.append(record)
            result.kinds[edit.kind] += 1
            pair = None
            if edits is None and self.rng.random() < self.invalid_rate:
                pair = break_edit(self.rng, tree, edit, self.errors)
            result.phases["edit"] += time.perf_counter() - step_started
            if pair is not None:
                record.broken, edit = pair
                record.edit = edit
                with _timed(result, "broken save"):
                    problem = self._broken_step(record, result)
                    if problem:
                        result.differences.append(Difference(number, problem, [], ""))
            changed = edit.apply(self.root)
            out_of_step = self._valid_step(record, changed, result)
            record.seconds = time.perf_counter() - step_started
            result.seconds = time.perf_counter() - started
            if result.differences and result.differences[-1].step == number and stop_at_first:
                break
            if out_of_step:  # back in step: the next build starts from the clean site
                shutil.rmtree(self.site.output, ignore_errors=True)
                shutil.copytree(self.clean_output, self.site.output, symlinks=True)
            if progress is not None and (number % every == 0 or number == steps):
                progress(result)
        result.seconds = time.perf_counter() - started
        return result

    def _valid_step(self, record: StepRecord, changed: list[str], result: Result) -> bool:
        """What make serve does after a valid save (the fast path for one
        saved article, then the build), beside a clean build; differences
        go in ``result``. True: the site is no longer the clean build's."""
        number = record.number
        single = self._single_article(changed)
        fast_page = None
        if single is not None:
            with _timed(result, "fast preview"):
                outcome = self.worker.ask("article", str(single))
            record.fast = outcome.kind
            result.fast[outcome.kind] += 1
            if outcome.kind == "refused":
                result.differences.append(
                    Difference(
                        number,
                        "the fast preview refused a valid edit",
                        [],
                        "\n".join(outcome.errors),
                    )
                )
            elif outcome.kind == "rendered":
                page = self.site.output / outcome.page
                fast_page = (page, page.read_bytes() if page.is_file() else None)
                with _timed(result, "listing pages"):
                    listed = self.worker.ask("listings", str(single))
                result.fast[f"listings {listed.kind}"] += 1
        with _timed(result, "builds"):
            incremental, clean = self._build_both()
        result.phases["incremental build"] += incremental.seconds
        result.phases["clean build"] += clean.get("seconds", 0.0)
        if incremental.kind != "built" or clean["kind"] != "built":
            result.differences.append(
                Difference(
                    number,
                    f"a valid edit: incremental build {incremental.kind},"
                    f" clean build {clean['kind']}",
                    [],
                    "\n".join([*incremental.errors, *clean["errors"]][:20]),
                )
            )
            return clean["kind"] == "built"
        with _timed(result, "compare"):
            files = differing_files(self.site.output, self.clean_output)
        if files:
            result.differences.append(
                Difference(
                    number,
                    "the incremental build differs from the clean build",
                    files,
                    diff_excerpt(self.site.output, self.clean_output, files),
                )
            )
        if fast_page is not None:
            page, shown = fast_page
            kept = page.is_file() and page.read_bytes() == shown
            result.fast[f"rendered page {'kept' if kept else 'changed'} by the build"] += 1
        return bool(files)

    def _broken_step(self, record: StepRecord, result: Result) -> str:
        """Save the broken version; what make serve does with it must leave
        the site as it was, and both builds must refuse it. ``""``: so it did."""
        broken = record.broken
        assert broken is not None
        changed = broken.apply(self.root)
        before = snapshot(self.site.output)
        single = self._single_article(changed)
        if single is not None:
            outcome = self.worker.ask("article", str(single))
            result.invalid[f"fast preview {outcome.kind}"] += 1
            if outcome.kind == "refused":
                if snapshot(self.site.output) != before:
                    return "the fast preview refused a broken save but changed the site"
                if self.rng.random() < 0.5:  # make serve: a refused save is not built
                    result.invalid["not built (as make serve)"] += 1
                    return ""
            if outcome.kind == "rendered":  # make serve: then the pages listing it
                result.invalid[f"listings {self.worker.ask('listings', str(single)).kind}"] += 1
            # Pages shown at once are provisional: the refused build below
            # puts them back, so the site is again the one before the save.
        incremental, clean = self._build_both()
        result.invalid["built"] += 1
        if incremental.kind != "refused" or clean["kind"] != "refused":
            return (
                f"a broken save: incremental build {incremental.kind},"
                f" clean build {clean['kind']} (both should refuse it)"
            )
        after = snapshot(self.site.output)
        if after != before:
            changed_files = sorted(
                k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
            )
            return f"the refused build changed the previous site: {changed_files[:10]}"
        return ""


def check_chain(folder: Path, seed: int, steps: int) -> None:
    """The test of one seed: ``steps`` random edits, every one built as a
    clean build builds it, through every kind of edit, broken saves and the
    fast path (tests/test_differential_edits*.py)."""
    result = run_chain(folder, seed, steps, stop_at_first=False)
    assert len(result.steps) == steps
    assert not result.differences, result.report()
    assert set(result.kinds) >= {"body", "title", "date", "topics", "new", "delete"}
    assert result.invalid["built"] > 0
    assert result.fast["rendered"] > 0


def run_chain(
    folder: Path,
    seed: int,
    steps: int,
    stop_at_first: bool = True,
    progress: Callable[[Result], None] | None = None,
    every: int = 25,
) -> Result:
    with DifferentialRun(folder, seed) as run:
        return run.run(steps, stop_at_first=stop_at_first, progress=progress, every=every)


def _failure(result: Result) -> str:
    return result.differences[0].what if result.differences else ""


def minimize(folder: Path, seed: int, result: Result) -> list[Edit]:
    """The shortest list of the failing chain's edits (up to its first
    difference, as saved once fixed) whose last step still fails the same
    way: each earlier edit is left out in turn, and stays out if the rest
    is still valid content and still fails (greedy; one replay each)."""
    wanted = _failure(result)
    edits = [record.edit for record in result.steps]
    edits = edits[: result.differences[0].step]
    index = 0
    while index < len(edits) - 1:
        candidate = edits[:index] + edits[index + 1 :]
        attempt = folder / f"minimize-{len(edits)}-{index}"
        attempt.mkdir(parents=True)
        with DifferentialRun(attempt, seed) as run:
            tree, valid = Tree.read(run.root), True
            for edit in candidate:
                tree = tree.with_edit(edit)
                valid = valid and (edit.kind == "template" or not run.errors(tree))
            replayed = run.run(0, edits=candidate) if valid else None
        if replayed is not None and _failure(replayed) == wanted:
            edits = candidate
        else:
            index += 1
    return edits


def progress_line(result: Result, total: int) -> str:
    done = len(result.steps)
    return (
        f"seed {result.seed}: step {done}/{total}, {len(result.differences)} differences,"
        f" {result.seconds_per_step:.2f} s/step"
    )


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder (kept)")
    parser.add_argument("--go-on", action="store_true", help="do not stop at the first difference")
    parser.add_argument("--list", action="store_true", help="print every step")
    parser.add_argument(
        "--minimize", action="store_true", help="then replay fewer steps until the first difference"
    )
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="differential-"))
    folder.mkdir(parents=True, exist_ok=True)
    result = run_chain(
        folder,
        args.seed,
        args.steps,
        stop_at_first=not args.go_on,
        progress=lambda r: print(progress_line(r, args.steps), flush=True),
        every=10,
    )
    print(result.report(limit=10))
    print(f"seconds per step: {result.timings()}")
    print(
        f"edits: {dict(result.kinds)}; fast preview: {dict(result.fast)};"
        f" broken saves: {dict(result.invalid)}"
    )
    if args.list:
        for record in result.steps:
            print(record.line())
    if args.minimize and result.differences:
        edits = minimize(folder, args.seed, result)
        print(f"minimal steps ({len(edits)}) for: {_failure(result)}")
        for number, edit in enumerate(edits, 1):
            print(f"{number:4d}. {edit.describe()}")
    return 1 if result.differences else 0


if __name__ == "__main__":
    sys.exit(main())
