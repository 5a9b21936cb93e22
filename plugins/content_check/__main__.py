"""``python -m plugins.content_check [content] [--data data/] [--fix]``.

Prints every problem as ``path:line: message``, then a summary line; exits 1
when there is an error (warnings alone exit 0), 2 when it cannot run.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from plugins.editions import built_languages, edition_settings
from plugins.images.config import image_settings
from plugins.reference import load_reference_data
from plugins.schedule.clock import build_time
from plugins.vietnamese import format_dateline

from . import CACHE_FILE, check_clock, edition_arguments, edition_report, other_editions
from .check import check_tree, merge_reports
from .config import config_problems, data_problems, load_settings
from .elsewhere import NONE as NO_OTHERS
from .problems import format_problem
from .urls import UrlScheme, scheme_from_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.content_check",
        description="Kiểm tra toàn bộ nội dung (bài, trang) theo mô hình nội dung.",
    )
    parser.add_argument(
        "content", nargs="?", default=None, help="thư mục nội dung (mặc định: content)"
    )
    parser.add_argument("--data", default=None, help="thư mục dữ liệu tham chiếu (mặc định: data)")
    parser.add_argument(
        "--settings", default="pelicanconf.py", help="tệp cấu hình Pelican (lược đồ URL)"
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="sửa những lỗi sửa được tự động: bỏ BOM, chuẩn hóa NFC, đổi U+2028/U+2029 thành xuống dòng",
    )
    args = parser.parse_args(argv)

    settings_file = Path(args.settings)
    settings: dict = {}
    config: list = []
    if settings_file.is_file():
        loaded, config = load_settings(settings_file)
        if loaded is None:
            sys.stdout.write("\n".join(format_problem(p) for p in config) + "\n")
            return 1
        settings = loaded
        config += config_problems(settings_file, settings)
    content = Path(args.content or settings.get("PATH") or "content")
    data = args.data or settings.get("PORTAL_DATA_DIR") or "data"
    if not content.is_dir():
        print(f"không tìm thấy thư mục nội dung '{content}'", file=sys.stderr)
        return 2
    broken = [p for p in data_problems(data) if p not in config]
    if broken or any(p.code.startswith("data-") for p in config):
        sys.stdout.write("\n".join(format_problem(p) for p in [*config, *broken]) + "\n")
        return 1
    reference = load_reference_data(data)
    try:
        scheme = scheme_from_settings(settings) if settings else UrlScheme()
    except ValueError:  # a pattern missing: config_problems named it (plugins.fixed_urls)
        sys.stdout.write("\n".join(format_problem(p) for p in config) + "\n")
        return 1
    try:
        images = image_settings(settings)
    except ValueError:
        images = None  # reported by config_problems (IMAGES)
    try:
        now = check_clock(settings)
    except ValueError:
        now = build_time({}, {})  # BUILD_TIME is reported by config_problems
    report = None
    editions = (
        [settings]
        if not settings
        else [edition_settings(settings, lang) for lang in built_languages(settings)]
    )
    for chosen in editions:
        scope = edition_arguments(chosen) if settings else {"other_dirs": (), "other_prefixes": ()}
        found = check_tree(
            content,
            reference.localized(chosen.get("DEFAULT_LANG", "vi")) if settings else reference,
            scheme_from_settings(chosen) if chosen is not settings else scheme,
            fix_nfc=args.fix,
            cache_file=(
                Path(chosen["CACHE_PATH"]) / f"{chosen.get('DEFAULT_LANG', 'vi')}-{CACHE_FILE}"
                if chosen.get("CACHE_CONTENT") and chosen.get("CACHE_PATH")
                else None
            ),
            image_settings=images,
            now=now,
            others=other_editions(chosen, content, now, images) if settings else NO_OTHERS,
            **scope,
        )
        if settings:
            found = edition_report(found, {**chosen, "PATH": str(content)}, scope["main_edition"])
        report = found if report is None else merge_reports(report, found)
    report = dataclasses.replace(report, problems=(*config, *report.problems))
    lines = [f"đã sửa: {path}" for path in report.fixed]
    lines += [format_problem(problem) for problem in report.problems]
    lines += [
        f"hẹn giờ đăng {format_dateline(date)}: {path} — {title}"
        for path, title, date in report.scheduled
    ]
    lines.append(report.summary)
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
