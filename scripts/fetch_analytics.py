"""Download the page-view export used by "Đọc nhiều" before a build.

Reads two environment variables (set as CI secrets):

- ``ANALYTICS_URL``   — address of a CSV export (``path,views``, or a
  GoatCounter / Plausible / Umami export: see plugins/most_read/pageviews.py);
- ``ANALYTICS_TOKEN`` — optional; sent as ``Authorization: Bearer <token>``.

Without ``ANALYTICS_URL`` it does nothing (exit 0) and the build uses the
file already in the repository, or none. The download goes to a temporary
file and replaces the target only when complete, so a failed download never
leaves a half-written export; a failure is reported and exits 1 unless
``--keep-going`` is given (then the previous file is kept).

    python -m scripts.fetch_analytics [--output data/analytics/pageviews.csv]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "data" / "analytics" / "pageviews.csv"
MAX_BYTES = 50 * 2**20  # an export larger than this is surely not ours


def fetch(url: str, token: str | None, output: Path, timeout: float = 60.0) -> int:
    """Download ``url`` into ``output`` atomically; returns the number of bytes."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"ANALYTICS_URL phải bắt đầu bằng https:// (nhận được {url!r})")
    request = urllib.request.Request(
        url, headers={"Accept": "text/csv", "User-Agent": "doi-ngoai-nhan-dan-build"}
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    output.parent.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
        body = response.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise ValueError(f"tệp xuất lớn hơn {MAX_BYTES // 2**20} MB")
    # Refuse a non-UTF-8 answer; an HTML error page is still caught by the parser's header check.
    body.decode("utf-8-sig")
    with tempfile.NamedTemporaryFile(
        dir=output.parent, prefix=".pageviews-", delete=False
    ) as handle:
        handle.write(body)
        temporary = Path(handle.name)
    temporary.replace(output)
    return len(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--keep-going", action="store_true", help="on failure keep the previous file, exit 0"
    )
    args = parser.parse_args(argv)
    url = os.environ.get("ANALYTICS_URL", "").strip()
    if not url:
        print("ANALYTICS_URL chưa đặt: dùng tệp lượt xem có sẵn (nếu có).")
        return 0
    try:
        size = fetch(url, os.environ.get("ANALYTICS_TOKEN", "").strip() or None, args.output)
    except (OSError, ValueError, urllib.error.URLError) as error:
        print(f"Không tải được số liệu lượt xem: {error}", file=sys.stderr)
        return 0 if args.keep_going else 1
    print(f"Đã tải {size} byte số liệu lượt xem vào {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
