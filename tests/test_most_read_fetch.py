"""scripts/fetch_analytics.py: nothing without ANALYTICS_URL, atomic download with the token."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from scripts import fetch_analytics


def test_without_url_it_does_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYTICS_URL", raising=False)
    target = tmp_path / "pageviews.csv"
    assert fetch_analytics.main(["--output", str(target)]) == 0
    assert not target.exists()


def test_downloads_with_bearer_token(tmp_path, monkeypatch):
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            seen["auth"] = self.headers.get("Authorization")
            body = b"path,views\n/bai-viet/a/,3\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("ANALYTICS_URL", f"http://127.0.0.1:{server.server_port}/export.csv")
        monkeypatch.setenv("ANALYTICS_TOKEN", "bi-mat")
        target = tmp_path / "analytics" / "pageviews.csv"
        assert fetch_analytics.main(["--output", str(target)]) == 0
    finally:
        server.shutdown()
        server.server_close()
    assert target.read_text() == "path,views\n/bai-viet/a/,3\n"
    assert seen["auth"] == "Bearer bi-mat"


def test_failure_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "pageviews.csv"
    target.write_text("path,views\n/cu/,1\n")
    monkeypatch.setenv("ANALYTICS_URL", "http://127.0.0.1:9/none.csv")
    assert fetch_analytics.main(["--output", str(target)]) == 1
    assert fetch_analytics.main(["--output", str(target), "--keep-going"]) == 0
    assert target.read_text() == "path,views\n/cu/,1\n"
    monkeypatch.setenv("ANALYTICS_URL", "file:///etc/passwd")
    assert fetch_analytics.main(["--output", str(target)]) == 1
