"""scripts.serve: the preview server answers a missing address with our 404 page.

The server runs on its own thread and event loop: Playwright's sync API
(browser tests in the same worker) keeps an asyncio loop on the main thread.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from livereload.handlers import StaticFileHandler
from tornado import web

from scripts.serve import BuildStatus, error_lines, preview_handler


@pytest.fixture
def status():
    return BuildStatus()


@pytest.fixture
def served(tmp_path, status):
    """(root folder, base URL) of a Tornado app with our handler."""
    root = tmp_path / "site"
    (root / "bai-viet").mkdir(parents=True)
    (root / "bai-viet" / "index.html").write_text("<p>Bài viết</p>", encoding="utf-8")
    (root / "404.html").write_text(
        "<html><head></head><body><h1>Không tìm thấy trang</h1></body></html>", encoding="utf-8"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop = asyncio.new_event_loop()
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        handler = preview_handler(StaticFileHandler, status)
        app = web.Application(
            [(r"/(.*)", handler, {"path": str(root), "default_filename": "index.html"})]
        )
        server = app.listen(port, address="127.0.0.1")
        started.set()
        loop.run_forever()
        server.stop()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10)
    yield root, f"http://127.0.0.1:{port}"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_a_missing_page_is_our_404_page_with_status_404(served):
    _, base = served
    status, kind, body = fetch(f"{base}/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in body
    assert kind.startswith("text/html")


def test_existing_pages_are_served_as_before(served):
    _, base = served
    assert fetch(f"{base}/bai-viet/")[::2] == (200, "<p>Bài viết</p>")


def test_without_a_404_page_the_plain_error_stays(served):
    root, base = served
    (root / "404.html").unlink()
    status, _, body = fetch(f"{base}/khong-co/")
    assert status == 404
    assert "Không tìm thấy trang" not in body


def test_the_page_is_read_at_each_request(served):
    root, base = served
    Path(root / "404.html").write_text("<p>Bản dựng mới</p>", encoding="utf-8")
    assert "Bản dựng mới" in fetch(f"{base}/mat/")[2]


# --- a refused build: the errors over every page --------------------------------------

CHECK_OUTPUT = (
    "ERROR: content/articles/2025/bai.md:3: thiếu trường bắt buộc 'Date' (ngày giờ đăng)\n"
    "ERROR: Nội dung có 1 lỗi — không xây dựng. Chạy 'make check' để xem chi tiết.\n"
    "Xây dựng thất bại — /srv/output giữ nguyên bản trước.\n"
)


def test_the_errors_of_a_failed_build_are_its_error_lines():
    assert error_lines(CHECK_OUTPUT) == [
        "content/articles/2025/bai.md:3: thiếu trường bắt buộc 'Date' (ngày giờ đăng)",
        "Nội dung có 1 lỗi — không xây dựng. Chạy 'make check' để xem chi tiết.",
    ]
    assert error_lines("Traceback\nsomething odd <b>\n") == ["Traceback", "something odd <b>"]


def test_a_refused_build_shows_its_errors_over_the_previous_page(served, status):
    root, base = served
    status.errors = error_lines(CHECK_OUTPUT) + ["<script>alert(1)</script>"]
    (root / "bai-viet" / "index.html").write_text(
        "<html><body><p>Bài viết</p></body></html>", encoding="utf-8"
    )
    code, kind, text = fetch(f"{base}/bai-viet/")
    assert code == 200 and kind.startswith("text/html")
    assert "<p>Bài viết</p>" in text  # the previous page stays
    overlay = text[text.index('id="loi-xay-dung"') :]
    assert "content/articles/2025/bai.md:3: thiếu trường bắt buộc" in overlay
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overlay and "<script>alert" not in text
    assert overlay.rstrip().endswith("</body></html>")
    # Not an HTML page: untouched.
    (root / "data.json").write_text("{}", encoding="utf-8")
    assert fetch(f"{base}/data.json")[2] == "{}"
    # No site at that address: the 404 carries the errors too.
    code, _, text = fetch(f"{base}/khong-co/")
    assert code == 404 and "bai.md:3" in text
    # The next build passed: the page as it is.
    status.errors = []
    assert fetch(f"{base}/bai-viet/")[2] == "<html><body><p>Bài viết</p></body></html>"


def test_rebuild_records_the_errors_and_clears_them_when_a_build_passes(monkeypatch):
    import subprocess
    from types import SimpleNamespace

    import scripts.serve as serve

    outcomes = iter([(1, CHECK_OUTPUT), (0, "")])

    def run(args, **options):
        code, stderr = next(outcomes)
        assert options.get("stderr") is subprocess.PIPE
        return SimpleNamespace(returncode=code, stderr=stderr)

    monkeypatch.setattr(serve.subprocess, "run", run)
    status = BuildStatus()
    serve.rebuild(status)
    assert status.errors[0].startswith("content/articles/2025/bai.md:3:")
    serve.rebuild(status)
    assert status.errors == []


def test_the_server_builds_first_and_serves_even_a_refused_build(monkeypatch):
    import scripts.serve as serve

    events = []
    monkeypatch.setattr(serve, "rebuild", lambda status: events.append("build"))

    class FakeServer:
        SFH = StaticFileHandler

        def watch(self, path, callback, delay=None):
            events.append("watch")

        def serve(self, **options):
            events.append("serve")

    import livereload

    monkeypatch.setattr(livereload, "Server", FakeServer)
    assert serve.main(["--port", "0"]) == 0
    assert events[0] == "build" and events[-1] == "serve" and "watch" in events
