"""``python -m plugins.content_check [content] [--data data/] [--fix]``.

Prints every problem as ``path:line: message``, then a summary line; exits 1
when there is an error (warnings alone exit 0), 2 when it cannot run.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from plugins.reference import load_reference_data

from .check import check_tree
from .problems import format_problem
from .urls import UrlScheme, scheme_from_settings


def _settings(path: Path) -> dict:
    if not path.is_file():
        return {}
    return {k: v for k, v in runpy.run_path(str(path)).items() if k.isupper()}


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
    parser.add_argument("--fix", action="store_true", help="chuẩn hóa NFC các tệp chưa chuẩn hóa")
    args = parser.parse_args(argv)

    settings = _settings(Path(args.settings))
    content = Path(args.content or settings.get("PATH") or "content")
    data = args.data or settings.get("PORTAL_DATA_DIR") or "data"
    if not content.is_dir():
        print(f"không tìm thấy thư mục nội dung '{content}'", file=sys.stderr)
        return 2
    try:
        reference = load_reference_data(data)
    except ValueError as problem:
        print(f"dữ liệu tham chiếu lỗi: {problem}", file=sys.stderr)
        return 2
    scheme = scheme_from_settings(settings) if settings else UrlScheme()
    report = check_tree(
        content,
        reference,
        scheme,
        fix_nfc=args.fix,
        article_dirs=tuple(settings.get("ARTICLE_PATHS", ["articles"])),
        page_dirs=tuple(settings.get("PAGE_PATHS", ["pages"])),
    )
    lines = [f"đã chuẩn hóa NFC: {path}" for path in report.fixed]
    lines += [format_problem(problem) for problem in report.problems]
    lines.append(report.summary)
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
