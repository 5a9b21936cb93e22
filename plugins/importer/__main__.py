"""``python -m plugins.importer SRC… [--out content/articles] [--report report.json]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.reference import load_reference_data

from .convert import load_legacy_table
from .run import Importer

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.importer",
        description="Nhập bài từ bản lưu trang web cũ (.txt, .html) vào content/articles.",
    )
    parser.add_argument("sources", nargs="+", metavar="SRC", help="tệp hoặc thư mục bản lưu")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "content" / "articles", help="thư mục bài viết"
    )
    parser.add_argument("--report", type=Path, help="ghi báo cáo JSON vào tệp này")
    parser.add_argument(
        "--base-url",
        default="",
        help="địa chỉ trang cũ; URL cũ = địa chỉ này + đường dẫn tệp (.html)",
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT / "data", help="thư mục dữ liệu tham chiếu"
    )
    parser.add_argument("--quiet", action="store_true", help="chỉ in tổng kết và lỗi")
    args = parser.parse_args(argv)
    sources = [Path(source) for source in args.sources if source.strip()]
    if len(sources) < len(args.sources):
        # "make import" without SRC passes "": the current folder, the
        # project itself (its output/ and tests/ pages would be imported).
        parser.error("thiếu thư mục bản lưu — ví dụ: make import SRC=../shared/legacy")
    out = args.out.resolve()
    for source in sources:
        if source.is_dir() and out.is_relative_to(source.resolve()):
            parser.error(
                f"thư mục nguồn '{source}' chứa chính thư mục bài viết '{args.out}' — hãy chỉ"
                " thư mục chứa bản lưu trang cũ, ví dụ: make import SRC=../shared/legacy"
            )

    try:
        reference = load_reference_data(args.data)
        table = load_legacy_table(args.data / "legacy_sections.toml", reference)
    except ValueError as error:
        print(f"Lỗi dữ liệu tham chiếu: {error}", file=sys.stderr)
        return 2

    def progress(line: str) -> None:
        if not args.quiet or line.split("] ", 1)[-1].startswith("Lỗi"):
            print(line, flush=True)

    site = ROOT / "content" / "articles"
    importer = Importer(args.out, reference, table, args.base_url, site=(site,))
    if not out.is_relative_to(site.resolve()):
        print(
            f"Lưu ý: bài được ghi vào {args.out}, ngoài {site.relative_to(ROOT)}/ — chỉ bài"
            " trong thư mục đó mới được đăng; bài cổng đã có được nhận ra, bỏ qua và giữ nguyên."
        )
    report = importer.run(sources, progress)
    for entry in report.entries:
        for note in entry.notes:
            # What asks the editor to act ("… hãy sửa Date", "hãy thêm ảnh …");
            # every note is in the JSON report.
            if "hãy " in note and not args.quiet:
                print(f"  Lưu ý — {entry.capture}: {note}")
        if entry.related_candidates and not args.quiet:
            print(
                f"  Tin liên quan chưa có bài — {entry.capture}: "
                + "; ".join(entry.related_candidates)
            )
    print(f"Tổng kết: {report.summary()}")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report.to_json() + "\n", encoding="utf-8")
        print(f"Báo cáo: {args.report}")
    return 1 if report.has_errors else 0


if __name__ == "__main__":
    sys.exit(main())
