"""Serve output/ at http://127.0.0.1:8000 and rebuild + reload on change.

Watches content/, theme/, data/, plugins/ and the settings. The builds run
in one long-lived worker process (scripts/fast_preview.py). When the change
is one saved article, its page is shown at once (checked, read and rendered
alone; the browser reloads), then the pages that list it (home, sections,
topic pages, related blocks: another reload), and the ordinary build
follows in the background (a last reload when every page is consistent). Any other change
runs the same build as `make html` (check first, atomic swap), in
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
import os
import sys
import threading
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


def _file_states(paths: tuple[Path, ...]) -> dict[str, tuple[int, int]]:
    """Every watched file's (mtime in ns, size), but a text editor's working
    files: vim's swap file beside an article made each save "two files
    changed", a full build instead of the article at once (watchfiles does
    not report them either, so their deletion never rebuilt)."""
    from plugins.content_check.files import is_editor_working_file

    states = {}
    for path in paths:
        if path.is_file():
            stat = path.stat()
            states[str(path)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, folders, files in os.walk(path):
            folders[:] = [name for name in folders if name != "__pycache__"]
            for name in files:
                if is_editor_working_file(name):
                    continue
                try:
                    stat = os.stat(os.path.join(folder, name))
                except FileNotFoundError:
                    continue
                states[os.path.join(folder, name)] = (stat.st_mtime_ns, stat.st_size)
    return states


class Preview:
    """What a change does: one saved article first, then the build.

    ``worker``: anything with ``ask(*request) -> Outcome``
    (:class:`scripts.fast_preview.Worker`); ``reload``: called, from any
    thread, when new pages are out.

    :meth:`on_change` runs on the server's IOLoop, which serves the pages:
    it only notes what changed and wakes the preview thread, which talks to
    the worker. So a save while a build runs never stops the server; the
    changes saved meanwhile are handled together when the build is done.
    """

    def __init__(
        self,
        worker,
        status: BuildStatus,
        reload=lambda: None,
        root: Path = ROOT,
        content: Path | None = None,
    ) -> None:
        self.worker, self.status, self.reload = worker, status, reload
        self.root = root
        self.content = content or root / "content"
        self.paths = (self.content, *(root / name for name in WATCHED if name != "content"))
        self.states = _file_states(self.paths)
        self._pending: list[str] = []  # changed paths not yet handled, or "warm"
        self._busy = False
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def build(self) -> None:
        self._show(self.worker.ask("build"))

    def warm(self) -> None:
        """After the first build: make the next save fast (in the background)."""
        self._queue(["warm"])

    def on_change(self) -> None:
        states = _file_states(self.paths)
        changed = sorted(
            name
            for name in states.keys() | self.states.keys()
            if states.get(name) != self.states.get(name)
        )
        self.states = states
        if changed:  # else: another watch of the same change
            self._queue(changed)

    def wait(self, timeout: float = 30) -> bool:
        """Until every change noted so far is handled (tests, the bench)."""
        with self._wake:
            return self._wake.wait_for(lambda: not self._pending and not self._busy, timeout)

    def _queue(self, items: list[str]) -> None:
        with self._wake:
            self._pending += items
            self._wake.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="preview", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: bool(self._pending))
                items, self._pending, self._busy = sorted(set(self._pending)), [], True
            try:
                self._handle(items)
            finally:
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()

    def _handle(self, items: list[str]) -> None:
        changed = [item for item in items if item != "warm"]
        if not changed:
            self._show(self.worker.ask("warm"))
            return
        single = Path(changed[0])
        one_article = len(changed) == 1 and single.suffix == ".md" and single.is_file()
        if one_article and self.content in single.parents:
            outcome = self.worker.ask("article", str(single))
            if outcome.kind == "refused":
                self._show(outcome, single)
                self.reload()
                return
            if outcome.kind == "rendered":
                # The overlay stays until a build passes: another file may
                # still be broken, and this one may have errors only the
                # whole site's check sees (a link, Related).
                self.reload()
                print(
                    f"Đã hiện {outcome.page} sau {outcome.seconds:.2f} s;"
                    " đang dựng lại các trang liên quan…"
                )
                if self._saved_since():
                    return
                listed = self.worker.ask("listings", str(single))
                if listed.kind == "listed":
                    self.reload()
                    print(
                        f"Đã cập nhật {listed.page} trang liệt kê bài này"
                        f" sau {listed.seconds:.2f} s; đang dựng lại toàn trang…"
                    )
                if self._saved_since():
                    return
        self.build()
        self.reload()

    def _saved_since(self) -> bool:
        """A file was saved while this one was shown: it goes first, and the
        lists and the build are left to it (they cover this save too); a
        second save waited behind the whole build (30-50 s at 10,000
        articles)."""
        with self._wake:
            return any(item != "warm" for item in self._pending)

    def _show(self, outcome, single: Path | None = None) -> None:
        """The overlay's errors: a build's, or (``single``: one saved file
        refused) that file's, the other files' errors kept until a build."""
        errors = list(outcome.errors) if outcome.kind == "refused" else []
        if single is not None:
            named = (str(single), os.path.relpath(single, self.root))
            others = [
                line
                for line in self.status.errors
                if not any(line.startswith(f"{name}:") for name in named)
            ]
            errors = [*others, *errors]
        self.status.errors = errors
        if outcome.kind == "refused":
            print("Dựng trang thất bại — trang đang phục vụ vẫn là bản trước.", file=sys.stderr)
            for line in outcome.errors:
                print(f"  {line}", file=sys.stderr)


OVERLAY_ID = "loi-xay-dung"
_MAKE_CHECK = (
    ' Chạy <code style="color:#fff;background:none;font:inherit">make check</code> để xem chi tiết.'
)


def with_build_errors(page: bytes, errors: list[str]) -> bytes:
    """``page`` with an overlay listing ``errors`` (escaped) before ``</body>``."""
    items = "".join(f'<li style="color:#fff">{html.escape(line)}</li>' for line in errors)
    # The content check's last line already says to run make check: once is enough.
    said = any("make check" in line for line in errors)
    overlay = (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:auto 0 0 0;'
        "z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;"
        'background:#2b0a0a;color:#fff;font:15px/1.5 system-ui,sans-serif;border-top:4px solid #e53935">'
        '<button type="button" onclick="this.parentNode.remove()" style="float:right;'
        "margin:0 0 .5rem 1rem;padding:.1rem .6rem;font:inherit;font-size:1.25rem;color:inherit;"
        'background:transparent;border:1px solid currentColor;border-radius:4px;cursor:pointer" '
        'aria-label="Đóng">×</button>'
        # Each element has its own colour: a page's stylesheet (Decap's
        # in /admin/) recolours p and code, down to 1.6:1 on this red.
        '<strong style="color:#fff">Bản dựng mới có lỗi nên chưa được cập nhật: bạn đang xem bản trước.</strong>'
        f'<ul style="margin:.5rem 0 0;padding-left:1.25rem;color:#fff">{items}</ul>'
        '<p style="margin:.5rem 0 0;color:#fff;background:none">Sửa tệp rồi lưu lại: trang tự tải'
        f" lại khi dựng xong.{'' if said else _MAKE_CHECK}</p></div>"
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
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--content", default=None, help="another content folder (make bench)")
    parser.add_argument("--output", default=str(ROOT / "output"))
    args = parser.parse_args(argv)
    content = Path(args.content).resolve() if args.content else None
    output = Path(args.output).resolve()
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    from scripts.fast_preview import Worker

    status = BuildStatus()
    worker = Worker(Path(args.settings), output, content)
    loop = IOLoop.current()
    reload = lambda: loop.add_callback(LiveReloadHandler.reload_waiters)  # noqa: E731
    preview = Preview(worker, status, reload, content=content)
    preview.build()  # the first build: served even when refused (the overlay says why)
    preview.warm()
    stop = threading.Event()
    if watch_changes(preview.paths, preview.on_change, loop.add_callback, stop) is not None:
        server = Server(watcher=no_polling_watcher())
    else:
        server = Server()
        for path in preview.paths:  # livereload's own watcher: a walk every 0.8 s
            watched = str(path / "**" / "*") if path.is_dir() else str(path)
            server.watch(watched, preview.on_change, delay=0)
    server.SFH = preview_handler(server.SFH, status)
    print(f"Đang phục vụ cổng tin tại http://{args.host}:{args.port}/ (Ctrl+C để dừng)")
    try:
        server.serve(root=str(output), host=args.host, port=args.port, open_url_delay=None)
    finally:
        stop.set()
        worker.stop()
    return 0


def no_polling_watcher():
    """livereload's watcher for when watchfiles reports the changes."""
    from livereload.watcher import Watcher

    class NoPolling(Watcher):
        """livereload's watcher when watchfiles reports the changes: it must
        not poll. Given no task, livereload watches its working directory
        (all of ``.venv``, ``node_modules`` and the caches) every 0.8 s and
        reloads the browser on any write there; ``start`` returning True
        tells it that events come from elsewhere."""

        def start(self, callback) -> bool:  # noqa: ANN001
            return True

    return NoPolling()


def watch_changes(
    paths: tuple[Path, ...], on_change, call_soon, stop: threading.Event
) -> threading.Thread | None:
    """Call ``on_change`` through ``call_soon`` (the server's IOLoop) as soon
    as a file under ``paths`` changes, until ``stop`` is set.

    Why not livereload's ``server.watch``: without pyinotify (unmaintained,
    and gone with Python 3.12's asyncore) it walks every watched file each
    0.8 s, which adds 0.4 s on average, 0.8 s at worst, to the time from a
    save to the page shown. watchfiles (inotify on Linux) reports a save
    within its 50 ms step. ``None``: watchfiles is missing or cannot watch
    (inotify limits), so the caller falls back to livereload's walk.
    """
    try:
        import watchfiles
    except ImportError:
        return None
    existing = [str(path) for path in paths if path.exists()]
    try:
        changes = watchfiles.watch(
            *existing,
            stop_event=stop,
            step=50,
            raise_interrupt=False,
            ignore_permission_denied=True,
        )
        first = threading.Event()

        def run() -> None:
            first.set()
            for _ in changes:
                call_soon(on_change)

        thread = threading.Thread(target=run, name="watch", daemon=True)
        thread.start()
        first.wait(5)
    except OSError:
        return None
    return thread


if __name__ == "__main__":
    sys.exit(main())
