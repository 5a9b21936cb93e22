"""The ``make new`` command: ask, validate, write (I/O around ``article``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from plugins.content_model.model import split_list
from plugins.reference import ReferenceData, load_reference_data
from plugins.vietnamese import VIETNAM_TZ, nfc, to_vietnam_time

from .article import article_slug, render_article, unique_slug

PROMPTS = {
    "title": "Tiêu đề bài: ",
    "section": "Chuyên mục: ",
    "provinces": "Tỉnh, thành phố (cách nhau bằng dấu phẩy, Enter để bỏ qua): ",
}


class ScaffoldError(Exception):
    """An input the command refuses (message in Vietnamese)."""


@dataclass(frozen=True)
class Created:
    path: Path
    slug: str
    renamed_from: str | None  # the slug wanted, when a suffix was added


def taken_slugs(content_dir: Path) -> set[str]:
    """Slugs already used by articles and pages of every edition (their file names)."""
    return {
        path.stem
        for folder in ("articles", "pages", "en/articles", "en/pages")
        if (content_dir / folder).is_dir()
        for path in (content_dir / folder).rglob("*.md")
    }


def translation_key_of(content_dir: Path, slug: str) -> tuple[str, Path | None]:
    """The key a translation of the article ``slug`` takes: its own
    ``Translation_Key``, else its slug; and the original's file when the key
    must be added to it too. Raises when no article has that slug."""
    from plugins.editions import scan_headers

    for entry in scan_headers(content_dir, ["articles", "en/articles"], ""):
        if entry.slug == slug:
            return entry.key or slug, None if entry.key else content_dir / entry.path
    raise ScaffoldError(f"không có bài nào có slug '{slug}' để dịch (--translation-of)")


def add_translation_key(path: Path, key: str) -> None:
    """Write ``Translation_Key: key`` after the ``Slug:`` line of ``path``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next((i for i, line in enumerate(lines) if line.lower().startswith("slug:")), 0)
    lines.insert(at + 1, f"Translation_Key: {key}")
    path.write_text("\n".join(lines), encoding="utf-8")


def resolve_section(name: str, reference: ReferenceData) -> str:
    result = reference.section(name)
    if result.found is None:
        names = ", ".join(s.name for s in reference.sections)
        hint = f" — có phải '{result.suggestion}'?" if result.suggestion else f" (có: {names})"
        raise ScaffoldError(f"chuyên mục '{name}' không có trong danh mục{hint}")
    return result.found.name


def resolve_provinces(value: str, reference: ReferenceData) -> list[str]:
    names = split_list(value)
    unknown = []
    for name in names:
        result = reference.province(name)
        if result.found is None:
            hint = f" — có phải '{result.suggestion}'?" if result.suggestion else ""
            unknown.append(f"tỉnh '{name}' không có trong danh mục{hint}")
    if unknown:
        raise ScaffoldError("\n".join(unknown))
    return names


def scaffold(
    title: str,
    section: str,
    provinces: str,
    *,
    content_dir: Path,
    reference: ReferenceData,
    now: Callable[[], datetime],
    lang: str = "vi",
    translation_of: str = "",
) -> Created:
    """Write the draft; raises :class:`ScaffoldError` on invalid input.
    ``lang="en"``: an English article, in ``content/en/articles/<year>/``;
    ``translation_of``: the slug of the article it translates (its
    ``Translation_Key`` when it has one, else the slug, which the new
    article's key then is: add the same line to that article)."""
    if lang not in ("vi", "en"):
        raise ScaffoldError(f"ngôn ngữ '{lang}' không có: vi hoặc en")
    reference = reference.localized(lang)
    title = nfc(title).strip()
    if not title:
        raise ScaffoldError("cần tiêu đề bài (--title)")
    if not section.strip():
        raise ScaffoldError("cần chuyên mục (--section)")
    problems = []
    section_name = province_names = None
    try:
        section_name = resolve_section(section, reference)
    except ScaffoldError as problem:
        problems.append(str(problem))
    try:
        province_names = resolve_provinces(provinces, reference)
    except ScaffoldError as problem:
        problems.append(str(problem))
    if problems:
        raise ScaffoldError("\n".join(problems))
    wanted = article_slug(title)
    if not wanted:
        raise ScaffoldError(f"tiêu đề '{title}' không tạo được slug — cần có chữ hoặc số")
    key, original = "", None
    if translation_of:
        key, original = translation_key_of(content_dir, translation_of)
    slug = unique_slug(wanted, taken_slugs(content_dir))
    moment = to_vietnam_time(now())
    base = content_dir / "en" if lang == "en" else content_dir
    folder = base / "articles" / f"{moment:%Y}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    text = render_article(
        title, slug, section_name, province_names, moment, "en" if lang == "en" else "", key
    )
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    if original is not None:  # the pair needs the key on both articles
        add_translation_key(original, key)
    return Created(path, slug, wanted if slug != wanted else None)


def _ask_missing(args: argparse.Namespace, stdin: TextIO, ask: Callable[[str], str]) -> None:
    if not stdin.isatty():
        return
    for name in ("title", "section", "provinces"):
        if not (getattr(args, name) or "").strip():
            setattr(args, name, ask(PROMPTS[name]))


def main(
    argv: list[str] | None = None,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(VIETNAM_TZ),
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    ask: Callable[[str], str] = input,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="python -m plugins.scaffold",
        description="Tạo bài nháp mới trong content/articles/<năm>/.",
    )
    parser.add_argument("--title", default="", help="tiêu đề bài")
    parser.add_argument("--section", default="", help="chuyên mục (tên trong data/sections.toml)")
    parser.add_argument("--provinces", default="", help="tỉnh, thành phố, cách nhau bằng dấu phẩy")
    parser.add_argument(
        "--lang", default="vi", help="ngôn ngữ: vi, hoặc en (bài trong content/en/articles/)"
    )
    parser.add_argument(
        "--translation-of", default="", help="slug của bài được dịch (ghi Translation_Key)"
    )
    parser.add_argument("--content", default="content", help="thư mục nội dung")
    parser.add_argument("--data", default="data", help="thư mục dữ liệu tham chiếu")
    args = parser.parse_args(argv)
    try:
        _ask_missing(args, stdin, ask)
    except EOFError:
        print("đã hủy", file=stderr)
        return 2
    try:
        created = scaffold(
            args.title,
            args.section,
            args.provinces,
            content_dir=Path(args.content),
            reference=load_reference_data(args.data),
            now=now,
            lang=args.lang or "vi",
            translation_of=args.translation_of,
        )
    except ScaffoldError as problem:
        print(f"Lỗi: {problem}", file=stderr)
        if not (args.title and args.section):
            print('Dùng: make new TITLE="…" SECTION="…" PROVINCES="…"', file=stderr)
        return 2
    if created.renamed_from:
        print(f"slug '{created.renamed_from}' đã có, bài mới dùng '{created.slug}'", file=stdout)
    print(f"Đã tạo bài nháp: {created.path}", file=stdout)
    print(
        "Bước tiếp theo:\n"
        "  1. Mở tệp, viết sapo (Summary) và nội dung; xóa khối hướng dẫn.\n"
        "  2. Chạy 'make check' để kiểm tra.\n"
        "  3. Khi bài đã duyệt, đổi 'Status: draft' thành 'Status: published'.\n"
        "  4. Chạy 'make serve' để xem trước.",
        file=stdout,
    )
    return 0
