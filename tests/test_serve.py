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

from scripts.serve import not_found_handler


@pytest.fixture
def served(tmp_path):
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
        handler = not_found_handler(StaticFileHandler)
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
