"""scripts.serve: the preview server answers a missing address with our 404 page.

The server runs on its own thread and event loop: Playwright's sync API
(browser tests in the same worker) keeps an asyncio loop on the main thread.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from livereload.handlers import StaticFileHandler
from tornado import web

import scripts.serve as serve
from scripts.fast_preview import Outcome
from scripts.serve import BuildStatus, Preview, preview_handler


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

CHECK_ERRORS = [
    "content/articles/2025/bai.md:3: thiếu trường bắt buộc 'Date' (ngày giờ đăng)",
    "Nội dung có 1 lỗi — chưa dựng trang. Chạy 'make check' để xem chi tiết.",
]


def test_a_refused_build_shows_its_errors_over_the_previous_page(served, status):
    root, base = served
    status.errors = [*CHECK_ERRORS, "<script>alert(1)</script>"]
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


class FakeWorker:
    """Answers as scripts.fast_preview.Worker does, from a script of outcomes."""

    def __init__(self, **answers) -> None:
        self.asked: list[tuple] = []
        self.answers = answers

    def ask(self, *request):
        self.asked.append(request)
        return self.answers.get(request[0], Outcome("built", [], 0.1))


@pytest.fixture
def tree(tmp_path):
    for name in ("content/articles/2025", "theme/templates", "data", "plugins"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "pelicanconf.py").write_text("", encoding="utf-8")
    (tmp_path / "content/articles/2025/bai.md").write_text("Title: A\n", encoding="utf-8")
    (tmp_path / "content/articles/2025/khac.md").write_text("Title: B\n", encoding="utf-8")
    (tmp_path / "theme/templates/base.html").write_text("<html>", encoding="utf-8")
    return tmp_path


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_one_saved_article_is_shown_first_then_built_in_the_background(tree):
    rendered = Outcome("rendered", [], 0.05, "bai-viet/a/index.html")
    listed = Outcome("listed", [], 0.2, "12")
    worker, status, reloads = FakeWorker(article=rendered, listings=listed), BuildStatus(), []
    preview = Preview(worker, status, lambda: reloads.append(1), root=tree)
    status.errors = ["old"]
    article = tree / "content/articles/2025/bai.md"
    _save(article, "Title: A2\n")
    preview.on_change()
    assert preview.wait()
    assert worker.asked == [("article", str(article)), ("listings", str(article)), ("build",)]
    assert status.errors == [] and reloads == [1, 1, 1]  # the article, its lists, the build
    preview.on_change()  # the same change seen by another watch: nothing to do
    assert preview.wait()
    assert len(worker.asked) == 3


def test_a_refused_save_keeps_the_other_files_errors_on_the_overlay(tree):
    """Article A broken, then article B: the overlay showed B's error only,
    though A was still broken; a file's old errors go when it is refused again."""
    other = "content/articles/2025/khac.md:3: thiếu Category"
    old = "content/articles/2025/bai.md:2: lỗi cũ"
    new = "content/articles/2025/bai.md:4: chuyên mục 'Quoc te XX' không có"
    worker = FakeWorker(article=Outcome("refused", [new], 0.05))
    status = BuildStatus()
    status.errors = [other, old]
    preview = Preview(worker, status, root=tree)
    _save(tree / "content/articles/2025/bai.md", "Title: A2\n")
    preview.on_change()
    assert preview.wait()
    assert status.errors == [other, new]


def test_a_second_save_is_shown_before_the_first_saves_build(tree):
    """Saved again while the first save was shown: the second is shown at
    once, and one build after it covers both; it waited behind the first
    save's lists and whole build."""
    article = tree / "content/articles/2025/bai.md"
    preview = None

    class SavingAgain(FakeWorker):
        def ask(self, *request):
            if request[0] == "article" and len(self.asked) == 0:
                _save(article, "Title: A3\n")  # the editor saves again meanwhile
                preview.on_change()
            return super().ask(*request)

    worker = SavingAgain(
        article=Outcome("rendered", [], 0.05, "bai-viet/a/index.html"),
        listings=Outcome("listed", [], 0.2, "12"),
    )
    preview = Preview(worker, BuildStatus(), root=tree)
    _save(article, "Title: A2\n")
    preview.on_change()
    assert preview.wait()
    assert worker.asked == [
        ("article", str(article)),
        ("article", str(article)),
        ("listings", str(article)),
        ("build",),
    ]


@pytest.mark.parametrize("working", [".bai.md.swp", "bai.md~", ".#bai.md", "#bai.md#"])
def test_a_save_beside_an_editor_s_working_file_is_one_article(tree, working):
    # vim keeps .bai.md.swp beside the article while it is open: the save
    # counted as two changed files, a full build (refused by the check).
    rendered = Outcome("rendered", [], 0.05, "bai-viet/a/index.html")
    worker = FakeWorker(article=rendered, listings=Outcome("listed", [], 0.2, "3"))
    preview = Preview(worker, BuildStatus(), root=tree)
    article = tree / "content/articles/2025/bai.md"
    (article.parent / working).write_text("khóa", encoding="utf-8")
    _save(article, "Title: A2\n")
    preview.on_change()
    assert preview.wait()
    assert worker.asked[0] == ("article", str(article))
    (article.parent / working).unlink()  # the editor closed the file
    preview.on_change()
    assert preview.wait()
    assert len(worker.asked) == 3  # nothing more to do


def test_the_preview_check_leaves_an_editor_s_working_files_alone(tmp_path):
    # make check and a build refuse them (never to be committed); make serve
    # runs while the editor has the article open.
    from plugins.content_check import check_tree
    from plugins.reference import load_reference_data

    ROOT = Path(__file__).resolve().parents[1]
    content = tmp_path / "content"
    (content / "articles" / "2025").mkdir(parents=True)
    for name in (".bai.md.swp", "bai.md~", ".~lock.bai.md#"):
        (content / "articles" / "2025" / name).write_text("x", encoding="utf-8")
    reference = load_reference_data(ROOT / "data")
    refused = check_tree(content, reference, cwd=tmp_path)
    assert refused.errors == 3
    assert check_tree(content, reference, cwd=tmp_path, preview=True).errors == 0


def test_a_page_shown_at_once_keeps_the_overlay_until_a_build_passes(tree):
    """Another file is still broken (or this one has errors only the whole
    site's check sees): showing the saved article does not take the
    overlay away; the build that follows decides."""
    broken = ["content/articles/2025/khac.md:3: tỉnh 'Cần Thơo' không có"]
    status = BuildStatus()
    seen: list[tuple[str, list[str]]] = []

    class Watching(FakeWorker):
        def ask(self, *request):
            seen.append((request[0], list(status.errors)))
            return super().ask(*request)

    worker = Watching(
        article=Outcome("rendered", [], 0.05, "bai-viet/a/index.html"),
        listings=Outcome("listed", [], 0.2, "3"),
        build=Outcome("refused", broken, 1.0),
    )
    preview = Preview(worker, status, root=tree)
    status.errors = list(broken)
    _save(tree / "content/articles/2025/bai.md", "Title: A2\n")
    preview.on_change()
    assert preview.wait()
    assert seen == [("article", broken), ("listings", broken), ("build", broken)]
    assert status.errors == broken


def test_a_refused_article_shows_its_errors_and_builds_nothing(tree):
    worker, status = FakeWorker(article=Outcome("refused", CHECK_ERRORS, 0.01)), BuildStatus()
    preview = Preview(worker, status, root=tree)
    _save(tree / "content/articles/2025/bai.md", "Dat e:\n")
    preview.on_change()
    assert preview.wait()
    assert [request[0] for request in worker.asked] == ["article"]
    assert status.errors == CHECK_ERRORS


@pytest.mark.parametrize(
    "change",
    [
        "theme/templates/base.html",  # a template: every page
        "two articles",
        "new article",
        "declined",  # the worker cannot show it alone (a moved page …)
    ],
)
def test_other_changes_run_the_build(tree, change):
    answers = {"article": Outcome("declined", [], 0.0)} if change == "declined" else {}
    worker, status = FakeWorker(**answers), BuildStatus()
    preview = Preview(worker, status, root=tree)
    if change == "two articles":
        _save(tree / "content/articles/2025/bai.md", "Title: A2\n")
        _save(tree / "content/articles/2025/khac.md", "Title: B2\n")
    elif change == "new article":
        (tree / "content/articles/2025/moi.md").write_text("Title: C\n", encoding="utf-8")
        (tree / "content/articles/2025/khac.md").unlink()
    elif change == "declined":
        _save(tree / "content/articles/2025/bai.md", "Slug: khac\n")
    else:
        _save(tree / change, "<html><body>")
    preview.on_change()
    assert preview.wait()
    assert worker.asked[-1] == ("build",)
    assert [r[0] for r in worker.asked] == (
        ["article", "build"] if change == "declined" else ["build"]
    )


def test_a_save_during_a_build_never_waits_for_it(tree):
    """on_change runs on the server's IOLoop: it must return at once even
    while the worker is busy, and the saves made meanwhile are handled
    together once the build is done."""
    started, release = threading.Event(), threading.Event()

    class SlowWorker(FakeWorker):
        def ask(self, *request):
            if request[0] == "build" and not release.is_set():
                started.set()
                release.wait(30)
            return super().ask(*request)

    worker = SlowWorker()
    preview = Preview(worker, BuildStatus(), root=tree)
    _save(tree / "theme/templates/base.html", "<html><body>")
    preview.on_change()
    assert started.wait(10)  # the build holds the worker
    began = time.monotonic()
    _save(tree / "content/articles/2025/bai.md", "Title: A2\n")
    preview.on_change()
    _save(tree / "content/articles/2025/khac.md", "Title: B2\n")
    preview.on_change()
    assert time.monotonic() - began < 1  # the IOLoop went on serving
    release.set()
    assert preview.wait()
    assert [r[0] for r in worker.asked] == ["build", "build"]  # two saves: one build


def test_a_refused_build_keeps_its_errors_until_one_passes(tree):
    refused = Outcome("refused", CHECK_ERRORS, 1.0)
    worker, status = FakeWorker(build=refused), BuildStatus()
    preview = Preview(worker, status, root=tree)
    preview.build()
    assert status.errors == CHECK_ERRORS
    worker.answers = {}
    preview.build()
    assert status.errors == []


def test_the_server_builds_first_and_serves_even_a_refused_build(monkeypatch):
    events = []

    class Worker:
        def __init__(self, *args):
            events.append("worker")

        def ask(self, *request):
            events.append(request[0])
            return Outcome("refused", ["a.md:1: lỗi"], 0.1)

        def stop(self):
            events.append("stop")

    import scripts.fast_preview

    monkeypatch.setattr(scripts.fast_preview, "Worker", Worker)

    class FakeServer:
        SFH = StaticFileHandler

        def __init__(self, watcher=None):
            # watchfiles watches: livereload's watcher must not poll the tree
            events.append("no polling" if watcher and watcher.start(None) else "polling")

        def watch(self, path, callback, delay=None):
            events.append("watch")

        def serve(self, **options):
            events.append("serve")

    import livereload

    monkeypatch.setattr(livereload, "Server", FakeServer)
    assert serve.main(["--port", "0"]) == 0
    assert events[:2] == ["worker", "build"]
    assert "watch" not in events  # watchfiles watches; livereload's walk is the fallback
    assert "no polling" in events
    assert events[-2:] == ["serve", "stop"]


def test_a_saved_file_is_seen_at_once(tmp_path):
    """watchfiles (inotify) reports a save to the preview without a walk."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "bai.md").write_text("Title: A\n", encoding="utf-8")
    seen, stop = threading.Event(), threading.Event()
    thread = serve.watch_changes((folder,), seen.set, lambda callback: callback(), stop)
    try:
        assert thread is not None and thread.is_alive()
        assert not seen.wait(0.3)  # nothing changed yet
        (folder / "bai.md").write_text("Title: B\n", encoding="utf-8")
        assert seen.wait(10)
    finally:
        stop.set()
    thread.join(10)
    assert not thread.is_alive()  # the stop event ends the watch


@pytest.mark.browser
def test_the_overlay_stays_readable_under_a_page_that_recolours_text(browser):
    """In /admin/, Decap's stylesheet recoloured the overlay's p and code:
    dark grey on dark red (1.6:1)."""
    from tests.browser_helpers import axe_violations

    page_html = (
        "<!doctype html><html lang='vi'><head><title>Quản trị</title><style>"
        "p, code, li, strong, ul { color: #313d3e; background: transparent }"
        "</style></head><body><main><h1>Quản trị</h1></main></body></html>"
    ).encode()
    shown = serve.with_build_errors(page_html, ["content/a.md:3: thiếu Title"]).decode()
    assert shown.count("make check") == 1  # the overlay names the command that explains more
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(shown)
        contrast = [v for v in axe_violations(page) if v["id"] == "color-contrast"]
        assert contrast == [], contrast
    finally:
        context.close()


def test_the_overlay_says_to_run_make_check_once():
    # The check's own last line says "Chạy 'make check' …": the overlay's
    # closing sentence said it again.
    errors = [
        "content/a.md:3: thiếu Title",
        "Nội dung có 1 lỗi — chưa dựng trang. Chạy 'make check' để xem chi tiết.",
    ]
    shown = serve.with_build_errors(b"<html><body></body></html>", errors).decode()
    assert shown.count("make check") == 1
    assert "trang tự tải lại khi dựng xong." in shown
