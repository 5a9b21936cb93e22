"""``python -m plugins.related SLUG`` (``make related SLUG=…``): why these related articles.

Reads the content as a build does (Pelican's readers and our plugins, up to
the point where the related lists are made; nothing is written), then prints
the article's *Tin bài liên quan* in order and, for each, the parts of its
score (:func:`plugins.related.engine.explain_related`): the shared terms and
their share of the text similarity, the shared metadata and the boost, the
place and date factors. Editors use it to trust a list, or to pin articles
(``Related:``) where they do not.

Exit status: 0, or 2 when the article is not found (with the nearest slugs).
"""

from __future__ import annotations

import argparse
import difflib
import logging
import sys
import tempfile
import time
from pathlib import Path

from . import record_from_article
from .engine import Reason, explain_related, related_settings

KINDS = {
    "p": "tỉnh/thành",
    "c": "quốc gia",
    "o": "tổ chức",
    "t": "từ khóa",
    "s": "chuỗi bài",
}


def read_articles(settings_file: Path, preview: bool) -> tuple[list, dict]:
    """The articles of a build (drafts included), enriched by our plugins,
    and the settings; nothing is written (a temporary output folder)."""
    with tempfile.TemporaryDirectory(prefix="related-explain-") as output:
        return _read(settings_file, preview, output)


def _read(settings_file: Path, preview: bool, output: str) -> tuple[list, dict]:
    from pelican import Pelican
    from pelican.generators import ArticlesGenerator

    from plugins.content_check.config import load_settings
    from plugins.schedule import build_time

    settings, problems = load_settings(
        settings_file,
        {"OUTPUT_PATH": output, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False},
    )
    if settings is None:
        raise SystemExit(f"không đọc được {settings_file}: {problems[0]}")
    if preview:
        settings["SCHEDULE"] = {**(settings.get("SCHEDULE") or {}), "preview": True}
    settings["BUILD_TIME"] = build_time(settings).isoformat(timespec="seconds")
    pelican = Pelican(settings)
    context = {
        **settings,
        "generated_content": {},
        "static_links": set(),
        "static_content": {},
        "localsiteurl": settings["SITEURL"],
    }
    generator = ArticlesGenerator(
        context=context,
        settings=settings,
        path=pelican.path,
        theme=pelican.theme,
        output_path=pelican.output_path,
    )
    generator.generate_context()
    return [*generator.articles, *generator.drafts], settings


def names_of(articles) -> dict[str, str]:
    """``kind:slug`` → the display name, from the articles' own topic objects."""
    names = {}
    for article in articles:
        for kind, attribute in (("p", "provinces"), ("c", "countries"), ("o", "organizations")):
            for item in getattr(article, attribute, ()) or ():
                names[f"{kind}:{item.slug}"] = getattr(item, "name", item.slug)
    return names


def decimal(value: float, places: int = 3) -> str:
    """A number as Vietnamese writes it: decimal comma."""
    return f"{value:.{places}f}".replace(".", ",")


def describe(
    number: int,
    reason: Reason,
    titles: dict[str, str],
    names: dict[str, str],
    weight: float,
    urls: dict[str, str] | None = None,
) -> str:
    """One related article's lines; ``urls``: slug → its address on the site
    (``/bai-viet/<slug>/``), the slug itself when unknown."""

    def address(slug: str) -> str:
        return (urls or {}).get(slug) or slug

    lines = [f"{number}. {titles.get(reason.slug, reason.slug)}", f"   {address(reason.slug)}"]
    if reason.pinned:
        lines.append("   Biên tập viên ghim (Related:), xếp trước mọi bài được chấm điểm.")
        return "\n".join(lines)
    lines.append(
        f"   Điểm {decimal(reason.score)} = cặp bài {decimal(reason.pair)}"
        f" + {decimal(weight, 2)} × đồng thuận {decimal(reason.support)}"
    )
    lines.append(
        f"   Cặp bài {decimal(reason.pair)} = văn bản {decimal(reason.text)}"
        f" × thông tin chung {decimal(1 + reason.boost, 2)}"
        f" × địa điểm {decimal(reason.place, 2)} × đối tác {decimal(reason.partner, 2)}"
        f" × thời gian {decimal(reason.recency, 2)}"
    )
    if reason.neighbours:
        near = ", ".join(address(slug) for slug in reason.neighbours)
        lines.append(f"   Đồng thuận: điểm cặp bài trung bình với các bài gần nhất khác ({near})")
    if reason.terms:
        shown = ", ".join(f"“{term}” {decimal(share)}" for term, share in reason.terms[:8])
        more = f" (và {len(reason.terms) - 8} từ khác)" if len(reason.terms) > 8 else ""
        lines.append(f"   Từ chung: {shown}{more}")
    if reason.shared:
        shared = ", ".join(
            f"{KINDS.get(key[0], key[0])} {names.get(key, key[2:])}" for key in reason.shared
        )
        lines.append(f"   Thông tin chung: {shared}")
    if reason.place < 1:
        lines.append("   Hai bài ghi hai tỉnh/thành khác nhau: có thể là hai sự kiện khác nhau.")
    if reason.partner < 1:
        lines.append(
            "   Hai bài ghi hai quốc gia đối tác khác nhau: có thể là hai sự kiện khác nhau."
        )
    lines.append(f"   Cách nhau {reason.days:.0f} ngày.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.related",
        description="Giải thích vì sao mỗi bài có trong Tin bài liên quan của một bài.",
    )
    parser.add_argument("slug", help="slug của bài cần giải thích")
    parser.add_argument("--settings", default="pelicanconf.py", help="tệp cấu hình Pelican")
    parser.add_argument(
        "--preview", action="store_true", help="như make serve: tính cả bài hẹn giờ đăng"
    )
    args = parser.parse_args(argv)
    if not args.slug.strip():
        print("Lỗi: thiếu slug. Cách dùng: make related SLUG=slug-cua-bai", file=sys.stderr)
        return 2
    started = time.perf_counter()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    articles, pelican_settings = read_articles(Path(args.settings), args.preview)
    by_slug = {article.slug: article for article in articles}
    article = by_slug.get(args.slug)
    if article is None:
        near = difflib.get_close_matches(args.slug, list(by_slug), n=3, cutoff=0.5)
        hint = f" Có phải: {', '.join(near)}?" if near else ""
        if not args.preview:
            hint += " Nếu là bài hẹn giờ đăng, thêm PREVIEW=1."
        print(f"Lỗi: không có bài nào có slug '{args.slug}'.{hint}", file=sys.stderr)
        return 2
    settings = related_settings(pelican_settings.get("RELATED"))
    records = [record_from_article(a, settings) for a in articles]
    reasons = explain_related(records, args.slug, settings)
    titles = {a.slug: str(a.title) for a in articles}
    names = names_of(articles)
    # Their addresses as a reader opens them (/bai-viet/<slug>/, /en/article/<slug>/).
    urls = {a.slug: "/" + str(a.url).lstrip("/") for a in articles}
    print(f"Tin bài liên quan của “{article.title}” ({urls[article.slug]}):")
    print()
    for number, reason in enumerate(reasons, 1):
        print(describe(number, reason, titles, names, settings.neighbour_weight, urls))
    pinned = sum(reason.pinned for reason in reasons)
    published = sum(1 for a in articles if getattr(a, "status", "published") != "draft")
    print()
    print(
        f"{len(reasons)} bài ({pinned} ghim) chọn trong {published} bài đã đăng,"
        f" {decimal(time.perf_counter() - started, 1)} giây."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
