"""Serve output/ at http://127.0.0.1:8000 and rebuild + reload on change.

Watches content/, theme/, data/, plugins/ and the settings; each change runs
the same build as `make html` (check first, atomic swap) in a subprocess, in
preview mode (``--preview``: scheduled articles are shown, with a "Hẹn giờ
đăng" banner, instead of held back; `make serve`'s first build too), and
the browser reloads through livereload's injected script (dev only: the
published site carries no such script). A missing address answers 404 with
the portal's own 404 page, as the static host does, not livereload's bare
error page.
"""

from __future__ import annotations

import argparse
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


def rebuild() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--preview"], cwd=ROOT, check=False
    )
    if result.returncode:
        print("Xây dựng thất bại — trang đang phục vụ vẫn là bản trước.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    from livereload import Server

    server = Server()
    server.SFH = not_found_handler(server.SFH)
    for name in WATCHED:
        path = ROOT / name
        server.watch(str(path / "**" / "*") if path.is_dir() else str(path), rebuild, delay=1)
    print(f"Đang phục vụ cổng tin tại http://{args.host}:{args.port}/ (Ctrl+C để dừng)")
    server.serve(root=str(ROOT / "output"), host=args.host, port=args.port, open_url_delay=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
