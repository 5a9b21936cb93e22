"""The ``make new`` command: ask, validate, write (I/O around ``article``)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from plugins.content_model.model import TITLE_MAX, split_list
from plugins.localities import before_reorganisation
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
    taken_by: str | None = None  # the file (under content/) that has that slug
    notes: list[str] = field(default_factory=list)  # what was written otherwise than typed
    draft_url: str = ""  # its page in make serve's preview (``ban-nhap/<slug>/``)


# Each edition's article folder, under content/ (plugins/editions: en/articles).
ARTICLE_FOLDERS = {"vi": "articles", "en": "en/articles"}
LANGUAGE_NAMES = {"vi": "tiếng Việt", "en": "tiếng Anh"}


def _headers(content_dir: Path, folders: dict[str, str]):
    """``(lang, header)`` of every article or page in ``folders`` (lang → folder)."""
    from plugins.editions import scan_headers

    return [
        (lang, entry)
        for lang, folder in folders.items()
        for entry in scan_headers(content_dir, [folder], lang)
    ]


def taken_slugs(content_dir: Path) -> dict[str, str]:
    """Slugs already used by articles and pages of every edition, from their
    ``Slug:`` lines and their file names, with the file that uses each."""
    from plugins.editions import scan_headers

    folders = ["articles", "pages", "en/articles", "en/pages"]
    taken: dict[str, str] = {}
    for entry in scan_headers(content_dir, folders, ""):
        for slug in (entry.slug, Path(entry.path).stem):
            if slug:
                taken.setdefault(slug, entry.path)
    return taken


def translation_key_of(content_dir: Path, slug: str, lang: str) -> tuple[str, Path | None]:
    """The key a ``lang`` translation of the article ``slug`` takes: its own
    ``Translation_Key``, else its slug; and the original's file when the key
    must be added to it too. Refuses an article that does not exist, one in
    ``lang`` itself, and one that already has a ``lang`` version."""
    headers = _headers(content_dir, ARTICLE_FOLDERS)
    found = next(((own, entry) for own, entry in headers if entry.slug == slug), None)
    if found is None:
        raise ScaffoldError(f"không có bài nào có slug '{slug}' để dịch (TRANSLATES=…)")
    own, original = found
    if own == lang:
        raise ScaffoldError(
            f"bài '{slug}' ({content_dir / original.path}) cũng là bài {LANGUAGE_NAMES[lang]}:"
            " bản dịch phải"
            " khác ngôn ngữ — bản tiếng Anh của một bài tiếng Việt: thêm EDITION=en"
        )
    key = original.key or slug
    twin = next((e for other, e in headers if other == lang and e.key == key), None)
    if twin is not None:
        raise ScaffoldError(
            f"bài '{slug}' đã có bản {LANGUAGE_NAMES[lang]}: {content_dir / twin.path} — sửa bài đó"
        )
    return key, None if original.key else content_dir / original.path


def add_translation_key(path: Path, key: str) -> None:
    """Write ``Translation_Key: key`` into ``path``: on its empty
    ``Translation_Key:`` line if it has one, else after its ``Slug:`` line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    empty = next(
        (
            i
            for i, line in enumerate(lines)
            if line.lower().startswith("translation_key:") and not line.split(":", 1)[1].strip()
        ),
        None,
    )
    if empty is not None:
        lines[empty] = f"Translation_Key: {key}" + ("\r" if lines[empty].endswith("\r") else "")
    else:
        at = next((i for i, line in enumerate(lines) if line.lower().startswith("slug:")), 0)
        ending = "\r" if lines[at].endswith("\r") else ""
        lines.insert(at + 1, f"Translation_Key: {key}{ending}")
    path.write_text("\n".join(lines), encoding="utf-8")


def resolve_section(name: str, reference: ReferenceData) -> str:
    result = reference.section(name)
    if result.found is None:
        names = ", ".join(s.name for s in reference.sections)
        hint = f" — có phải '{result.suggestion}'?" if result.suggestion else f" (có: {names})"
        raise ScaffoldError(f"chuyên mục '{name}' không có trong danh mục{hint}")
    return result.found.name


def resolve_provinces(value: str, reference: ReferenceData) -> list[str]:
    """The provinces as the data names them ("Ha Noi", "Hanoi" → "Hà Nội"),
    as the section is; a former province keeps its own (former) name."""
    names = split_list(value)
    unknown, written = [], []
    for name in names:
        result = reference.province(name)
        former = reference.former_province(name)
        if result.found is not None:
            written.append(former.name if former is not None else result.found.name)
        else:
            hint = (
                f" — có phải '{result.suggestion}'?"
                if result.suggestion
                else " — ghi tên một trong 34 tỉnh, thành phố (hoặc tên tỉnh trước 1/7/2025)"
                " như trong data/provinces.toml"
            )
            unknown.append(f"tỉnh '{name}' không có trong danh mục{hint}")
    if unknown:
        raise ScaffoldError("\n".join(unknown))
    return written


def current_names(names: list[str], reference: ReferenceData) -> tuple[list[str], list[str]]:
    """A new article is dated today: provinces merged or renamed on 1 July
    2025 are written by their current name (as ``make check`` asks of an
    article of that date). Returns the names and a note per change."""
    written, notes = [], []
    for name in names:
        current = reference.merged_into(name)
        if current is not None:
            notes.append(
                f"{reference.as_former(name)} trước 1/7/2025: bài mới ghi '{current.name}'"
            )
            name = current.name
        if name not in written:
            written.append(name)
    return written, notes


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
    lang = (lang or "vi").strip().lower()
    if lang not in ("vi", "en"):
        raise ScaffoldError(f"EDITION='{lang}' không có: bỏ trống (tiếng Việt) hoặc EDITION=en")
    reference = reference.localized(lang)
    # A headline pasted over two lines is one title (a line break would
    # end the header line: make check refused the file make new wrote).
    title = " ".join(nfc(title).split())
    if not title:
        raise ScaffoldError('cần tiêu đề bài (TITLE="…")')
    if len(title) > TITLE_MAX:
        raise ScaffoldError(f"tiêu đề dài {len(title)} ký tự, tối đa {TITLE_MAX} — rút gọn tiêu đề")
    if not section.strip():
        raise ScaffoldError('cần chuyên mục (SECTION="…")')
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
    if translation_of.strip():
        key, original = translation_key_of(content_dir, translation_of.strip(), lang)
    taken = taken_slugs(content_dir)
    slug = unique_slug(wanted, taken)
    moment = to_vietnam_time(now())
    notes: list[str] = []
    if not before_reorganisation(moment):
        province_names, notes = current_names(province_names, reference)
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
    return Created(
        path,
        slug,
        wanted if slug != wanted else None,
        taken.get(wanted),
        notes,
        draft_url(lang, slug),
    )


def draft_url(lang: str, slug: str) -> str:
    """Where make serve shows the draft (plugins/schedule), from the URL
    scheme of pelicanconf.py (the edition's, for an English article)."""
    from plugins.editions import edition_settings
    from plugins.fixed_urls.scheme import portal_settings, url_for

    settings = portal_settings()
    if lang != str(settings.get("DEFAULT_LANG") or "vi"):
        settings = edition_settings(settings, lang)
    return url_for(settings, "draft", slug=slug)


# An answer typed at a prompt is checked there: a typo is asked again (with
# the suggestion), not the end of the command and every answer lost.
ASK_TRIES = 3
# make serve's port when PORT is not given (Makefile: PORT ?= 8000)
DEFAULT_PORT = 8000


def _ask_missing(
    args: argparse.Namespace,
    stdin: TextIO,
    ask: Callable[[str], str],
    reference: Callable[[], ReferenceData],
    stderr: TextIO,
) -> None:
    if not stdin.isatty():
        return
    checks = {"section": resolve_section, "provinces": resolve_provinces}
    for name in ("title", "section", "provinces"):
        if (getattr(args, name) or "").strip():
            continue
        for _ in range(ASK_TRIES):
            value = ask(PROMPTS[name])
            check = checks.get(name)
            if check is None or not value.strip():
                break
            try:
                check(value, reference().localized(args.lang or "vi"))
            except ScaffoldError as problem:
                print(f"Lỗi: {problem} — nhập lại", file=stderr)
                continue
            break
        setattr(args, name, value)


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
    # make new passes what the editor typed in the environment (NEW_TITLE …,
    # Makefile): on a command line, quotes, $ and backticks in a title would
    # be read by make and the shell.
    env = os.environ.get
    parser.add_argument("--title", default=env("NEW_TITLE", ""), help="tiêu đề bài")
    parser.add_argument(
        "--section",
        default=env("NEW_SECTION", ""),
        help="chuyên mục (tên trong data/sections.toml)",
    )
    parser.add_argument(
        "--provinces",
        default=env("NEW_PROVINCES", ""),
        help="tỉnh, thành phố, cách nhau bằng dấu phẩy",
    )
    parser.add_argument(
        "--lang",
        default=env("NEW_EDITION", "") or "vi",
        help="ngôn ngữ: vi, hoặc en (bài trong content/en/articles/)",
    )
    parser.add_argument(
        "--translation-of",
        default=env("NEW_TRANSLATES", ""),
        help="slug của bài được dịch (ghi Translation_Key)",
    )
    parser.add_argument("--content", default="content", help="thư mục nội dung")
    parser.add_argument("--data", default="data", help="thư mục dữ liệu tham chiếu")
    parser.add_argument(
        "--port",
        type=int,
        default=env("NEW_PORT", "") or str(DEFAULT_PORT),  # argparse converts it, or says why not
        help="cổng của make serve, cho địa chỉ xem trước",
    )
    args = parser.parse_args(argv)
    try:
        _ask_missing(args, stdin, ask, lambda: load_reference_data(args.data), stderr)
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
        print(
            f"slug '{created.renamed_from}' đã có ở content/{created.taken_by}, bài mới dùng"
            f" '{created.slug}' (nếu đó là cùng một bài, hãy xóa bài nháp mới và sửa bài cũ)",
            file=stdout,
        )
    for note in created.notes:
        print(note, file=stdout)
    print(f"Đã tạo bài nháp: {created.path}", file=stdout)
    serve = "make serve" if args.port == DEFAULT_PORT else f"make serve PORT={args.port}"
    print(
        "Bước tiếp theo:\n"
        "  1. Mở tệp, viết sapo (Summary) và nội dung; xóa khối hướng dẫn.\n"
        f"  2. Chạy '{serve}' và mở http://127.0.0.1:{args.port}/{created.draft_url} để xem trước"
        " bản nháp (mỗi lần lưu, trang tự tải lại).\n"
        "  3. Chạy 'make check' để kiểm tra.\n"
        "  4. Khi bài đã duyệt, đổi 'Status: draft' thành 'Status: published'.",
        file=stdout,
    )
    return 0
