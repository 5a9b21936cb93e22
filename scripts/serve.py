"""Serve output/ at http://127.0.0.1:8000 and rebuild + reload on change.

Watches content/, theme/, data/, plugins/ and the settings; each change runs
the same build as `make html` (check first, atomic swap) in a subprocess, in
preview mode (``--preview``: scheduled articles are shown, with a "Hẹn giờ
đăng" banner, instead of held back; `make serve`'s first build too), and
the browser reloads through livereload's injected script (dev only: the
published site carries no such script). A missing address answers 404 with
the portal's own 404 page, as the static host does, not livereload's bare
error page.

A refused build (the content check's ``path:line: message``, or any other
failure) leaves the previous site served, and every page then carries an
overlay with the errors, as Hugo's server shows them, until a build passes.
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WATCHED = ("content", "theme", "data", "plugins", "pelicanconf.py")


NOT_FOUND_PAGE = "404.html"


def not_found_handler(base: type) -> type:
    """``base`` (livereload's static-file handler) answering a missing file
    with the site's ``404.html`` and status 404, read at each request so a
    rebuild shows at once; any other error, or no such page, is ``base``'s."""

    class NotFoundPageHandler(base):
        def write_error(self, status_code: int, **kwargs) -> None:
            page = Path(self.root) / NOT_FOUND_PAGE
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.finish(page.read_bytes())
                return
            super().write_error(status_code, **kwargs)

    return NotFoundPageHandler


class BuildStatus:
    """What the last build said: the lines of its errors, none when it passed."""

    def __init__(self) -> None:
        self.errors: list[str] = []


def error_lines(stderr: str) -> list[str]:
    """The lines of a failed build's output that name a problem (``ERROR:``,
    ``Lỗi:`` …), without the log level; the last lines when none does."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    marked = [line for line in lines if line.startswith(("ERROR:", "CRITICAL:", "Lỗi:"))]
    return [line.split(":", 1)[1].strip() for line in marked] or lines[-5:]


def rebuild(status: BuildStatus | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--preview"],
        cwd=ROOT,
        check=False,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr = result.stderr or ""
    sys.stderr.write(stderr)
    if result.returncode:
        print("Xây dựng thất bại — trang đang phục vụ vẫn là bản trước.", file=sys.stderr)
    if status is not None:
        status.errors = error_lines(stderr) if result.returncode else []


OVERLAY_ID = "loi-xay-dung"


def with_build_errors(page: bytes, errors: list[str]) -> bytes:
    """``page`` with an overlay listing ``errors`` (escaped) before ``</body>``."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in errors)
    overlay = (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:auto 0 0 0;'
        "z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;"
        'background:#2b0a0a;color:#fff;font:15px/1.5 system-ui,sans-serif;border-top:4px solid #e53935">'
        '<button type="button" onclick="this.parentNode.remove()" style="float:right" '
        'aria-label="Đóng">×</button>'
        "<strong>Bản xây dựng mới bị từ chối: trang này là bản trước.</strong>"
        f'<ul style="margin:.5rem 0 0;padding-left:1.25rem">{items}</ul>'
        '<p style="margin:.5rem 0 0">Sửa tệp rồi lưu lại: trang tự tải lại khi xây dựng xong.'
        " Chạy <code>make check</code> để xem chi tiết.</p></div>"
    ).encode()
    end = page.rfind(b"</body>")
    return page + overlay if end < 0 else page[:end] + overlay + page[end:]


def preview_handler(base: type, status: BuildStatus) -> type:
    """``base`` with our 404 page (:func:`not_found_handler`) and, while the
    last build failed, its errors over every HTML page."""

    class PreviewHandler(not_found_handler(base)):
        overlaid = False  # this response is a page with the errors, not the file

        def compute_etag(self) -> str | None:
            return None if self.overlaid else super().compute_etag()

        async def get(self, path: str, include_body: bool = True) -> None:
            page = self._html_file(path) if status.errors else None
            if page is None:
                await super().get(path, include_body)
                return
            self.overlaid = True
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(with_build_errors(page.read_bytes(), status.errors))

        def write_error(self, status_code: int, **kwargs) -> None:
            if status.errors and status_code == 404:  # no site yet: the errors alone
                self.overlaid = True
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                page = b'<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body></body></html>'
                self.finish(with_build_errors(page, status.errors))
                return
            super().write_error(status_code, **kwargs)

        def _html_file(self, path: str) -> Path | None:
            root = Path(self.root).resolve()
            wanted = (root / path).resolve()
            if wanted.is_dir():
                wanted /= self.default_filename or "index.html"
            inside = wanted == root or root in wanted.parents
            return wanted if inside and wanted.suffix == ".html" and wanted.is_file() else None

    return PreviewHandler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    from livereload import Server

    server = Server()
    status = BuildStatus()
    rebuild(status)  # the first build: served even when refused (the overlay says why)
    server.SFH = preview_handler(server.SFH, status)
    for name in WATCHED:
        path = ROOT / name
        watched = str(path / "**" / "*") if path.is_dir() else str(path)
        server.watch(watched, lambda: rebuild(status), delay=1)
    print(f"Đang phục vụ cổng tin tại http://{args.host}:{args.port}/ (Ctrl+C để dừng)")
    server.serve(root=str(ROOT / "output"), host=args.host, port=args.port, open_url_delay=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
