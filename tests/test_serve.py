"""scripts.serve: the preview server answers a missing address with our 404 page."""

from __future__ import annotations

import tempfile
from pathlib import Path

from livereload.handlers import StaticFileHandler
from tornado import web
from tornado.testing import AsyncHTTPTestCase

from scripts.serve import not_found_handler


class ServeTest(AsyncHTTPTestCase):
    def setUp(self) -> None:
        self._folder = tempfile.TemporaryDirectory()
        self.root = Path(self._folder.name)
        (self.root / "bai-viet").mkdir()
        (self.root / "bai-viet" / "index.html").write_text("<p>Bài viết</p>", encoding="utf-8")
        (self.root / "404.html").write_text(
            "<html><head></head><body><h1>Không tìm thấy trang</h1></body></html>",
            encoding="utf-8",
        )
        super().setUp()

    def tearDown(self) -> None:
        super().tearDown()
        self._folder.cleanup()

    def get_app(self) -> web.Application:
        handler = not_found_handler(StaticFileHandler)
        return web.Application(
            [(r"/(.*)", handler, {"path": str(self.root), "default_filename": "index.html"})]
        )

    def test_a_missing_page_is_our_404_page_with_status_404(self) -> None:
        response = self.fetch("/khong-co-trang-nay/")
        assert response.code == 404
        assert "Không tìm thấy trang" in response.body.decode("utf-8")
        assert response.headers["Content-Type"].startswith("text/html")

    def test_existing_pages_are_served_as_before(self) -> None:
        response = self.fetch("/bai-viet/")
        assert response.code == 200
        assert response.body.decode("utf-8") == "<p>Bài viết</p>"

    def test_without_a_404_page_the_plain_error_stays(self) -> None:
        (self.root / "404.html").unlink()
        response = self.fetch("/khong-co/")
        assert response.code == 404
        assert "Không tìm thấy trang" not in response.body.decode("utf-8")

    def test_the_page_is_read_at_each_request(self) -> None:
        (self.root / "404.html").write_text("<p>Bản dựng mới</p>", encoding="utf-8")
        assert "Bản dựng mới" in self.fetch("/mat/").body.decode("utf-8")
