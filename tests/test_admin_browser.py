"""The web editor end to end: Debian's chromium drives /admin/ (Decap CMS)
against decap-server, which commits to a git repository holding a copy of
``content/``; the result must pass ``make check`` and be published by the
build.

The editor is served with its production security headers (the admin
Content-Security-Policy of plugins.publish.headers), and every policy
violation, console error, failed request and request to another host fails
the test. The browser runs in Vietnam's time zone, as editors' machines do.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from plugins.content_model.model import read_header
from plugins.publish.headers import ADMIN_PATH, ADMIN_SECURITY_HEADERS, SECURITY_HEADERS
from plugins.scaffold.article import article_slug
from tests.browser_helpers import axe_violations
from tests.test_admin import check_content

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
PICTURE = ROOT / "content" / "images" / "2025" / "dai-su-hat.jpg"
TITLE = "Thanh niên Đức giao lưu với sinh viên Hà Nam"
NEW_TITLE = "Thanh niên Đức giao lưu với sinh viên Hà Nam (cập nhật)"

if not DECAP_SERVER.is_file() or shutil.which("node") is None:
    pytest.skip("needs node and node_modules/decap-server (npm ci)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site with the headers production sends (nginx, _headers)."""

    def end_headers(self) -> None:
        admin = urlsplit(self.path).path.startswith(ADMIN_PATH)
        for name, value in (ADMIN_SECURITY_HEADERS if admin else SECURITY_HEADERS).items():
            if name != "Strict-Transport-Security":
                self.send_header(name, value.replace("; upgrade-insecure-requests", ""))
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def _build(content: Path, output: Path, cache: Path, proxy: str) -> None:
    from scripts.build import build

    build(
        ROOT / "pelicanconf.py",
        output,
        content=content,
        extra={
            "CACHE_PATH": str(cache),
            "ADMIN": {"repo": "doingoainhandan/thu-nghiem", "local_backend_url": proxy},
        },
        force=True,
    )


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(site URL, repository, build function): decap-server on a fresh port,
    the site built with its editor pointed there and served on another."""
    work = tmp_path_factory.mktemp("admin")
    repo = work / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    _git(repo.parent, "init", "-q", "-b", "main", str(repo))
    _git(repo, "config", "user.name", "Phóng viên thử")
    _git(repo, "config", "user.email", "phong-vien@example.org")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Nội dung ban đầu")
    port = _free_port()
    proxy = f"http://127.0.0.1:{port}/api/v1"
    env = {
        **os.environ,
        "GIT_REPO_DIRECTORY": str(repo),
        "MODE": "git",
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
    }
    log = (work / "decap-server.log").open("w")
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=log, stderr=log)
    site = work / "site"
    build = functools.partial(_build, repo / "content", site, work / "cache", proxy)
    build()
    handler = functools.partial(_Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(100):  # decap-server answers "info" once it listens
            try:
                request = urllib.request.Request(
                    proxy,
                    json.dumps({"action": "info"}).encode(),
                    {"Content-Type": "application/json"},
                )
                with urllib.request.urlopen(request, timeout=2) as answer:
                    assert json.load(answer)["type"] == "local_git"
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail((work / "decap-server.log").read_text())
        yield f"http://127.0.0.1:{httpd.server_address[1]}", repo, build, site
    finally:
        httpd.shutdown()
        server.terminate()
        server.wait(10)
        log.close()


class _Session:
    """One browser page on the editor, with everything that must not happen recorded."""

    def __init__(self, browser, base: str, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(
            viewport={"width": 1366, "height": 900},
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            bypass_csp=bypass_csp,  # only to inject axe, which is an inline script
        )
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e =>"
            " console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))"
        )
        page = self.page = self.context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # "publish this entry?"
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)
        self.base = base

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort()

    def _console(self, message) -> None:
        # A failed request is reported by _response, with its address.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.problems.append(f"console: {message.text}")

    def _response(self, response) -> None:
        # decap-server answers 404 to Decap's probe of unpublished entries.
        if response.status >= 400 and not (
            response.status == 404 and urlsplit(response.url).path == "/api/v1"
        ):
            self.problems.append(f"HTTP {response.status} {response.url}")

    def open(self, route: str) -> None:
        """Log in (decap-server asks no password) and open ``#/route``."""
        self.page.goto(f"{self.base}/admin/")
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.goto(f"{self.base}/admin/#/{route}")

    def field(self, key: str):
        return self.page.locator(f"[id^='{key}-field-']").first

    def choose(self, key: str, text: str) -> None:
        self.field(key).fill(text)
        self.page.get_by_role("option", name=text).first.click()

    def publish(self) -> None:
        """Save the draft (a branch), mark it ready, publish it (a merge)."""
        page = self.page
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.get_by_role("button", name="Trạng thái: Bản nháp").click()  # portal-cms.js's word
        page.get_by_text("Sẵn sàng", exact=True).click()
        page.get_by_text("Trạng thái của mục đã được cập nhật").first.wait_for()
        page.get_by_role("button", name="Công bố", exact=True).click()
        page.get_by_text("Công bố ngay", exact=True).click()
        page.get_by_text("Mục đã được công bố").first.wait_for()

    def close(self) -> None:
        self.context.close()


def _wait_for_commit(repo: Path, subject: str) -> None:
    for _ in range(100):
        if subject in _git(repo, "log", "-1", "--format=%s"):
            return
        time.sleep(0.1)
    pytest.fail(f"no commit '{subject}': {_git(repo, 'log', '-3', '--format=%s')}")


def _header(path: Path) -> dict[str, str]:
    header, problems = read_header(path.read_text(encoding="utf-8"))
    assert not problems
    return {line.raw_key: line.value for line in header.lines}


@pytest.fixture(scope="module")
def created(editor, browser):
    """The article created through the form: (its file, the session's problems)."""
    base, repo, build, _ = editor
    session = _Session(browser, base)
    page = session.page
    session.open("collections/articles/new")
    session.field("Title").fill(TITLE)
    session.choose("Category", "Hữu nghị")
    session.choose("Provinces", "Hà Nam (nay là Ninh Bình)")  # a former province
    session.choose("Countries", "Đức")
    session.field("Summary").fill("Ba mươi thanh niên Đức dành một tuần giao lưu với sinh viên.")
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(str(PICTURE))
    page.get_by_role("button", name="Dùng ảnh đã chọn").click()
    session.field("Image_Alt").fill("Thanh niên hai nước hát cùng nhau trên sân khấu")
    session.field("Image_Credit").fill("Minh Anh")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("Sáng 3/12, đoàn thanh niên Đức đến thăm trường đại học.")
    try:
        session.publish()
    except Exception:
        page.screenshot(path="/tmp/exp/fail.png")
        print("PROBLEMS", session.problems)
        raise
    _wait_for_commit(repo, "Bài mới:")
    slug = article_slug(TITLE)
    files = list((repo / "content" / "articles").glob(f"*/{slug}.md"))
    assert len(files) == 1, files
    yield files[0], session
    session.close()


def test_an_article_made_in_the_form_is_committed_checked_and_published(editor, created):
    base, repo, build, site = editor
    path, session = created
    slug = article_slug(TITLE)
    meta = _header(path)
    year = meta["Date"][:4]
    assert path == repo / "content" / "articles" / year / f"{slug}.md"
    assert meta["Title"] == TITLE and meta["Slug"] == slug
    assert meta["Category"] == "Hữu nghị"
    assert meta["Provinces"] == "Hà Nam" and meta["Countries"] == "Đức"
    assert meta["Status"] == "published" and meta["Format"] == "article"
    assert meta["Image"] == f"images/{year}/{PICTURE.name}"
    assert meta["Image_Alt"] == "Thanh niên hai nước hát cùng nhau trên sân khấu"
    assert (repo / "content" / meta["Image"]).read_bytes() == PICTURE.read_bytes()
    assert "đoàn thanh niên Đức đến thăm trường đại học" in path.read_text(encoding="utf-8")
    # Committed on main, the draft branch merged and gone, nothing left over.
    assert _git(repo, "branch", "--format=%(refname:short)").split() == ["main"]
    assert _git(repo, "status", "--porcelain") == ""
    checked = check_content(repo / "content")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    build()
    pages = list(site.rglob(f"{slug}/index.html"))
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert TITLE in html and "/tinh/ninh-binh/" in html  # filed under today's province
    assert not session.problems, session.problems


def test_an_edit_in_the_form_keeps_the_file_the_slug_and_the_address(editor, created, browser):
    base, repo, build, site = editor
    path, _ = created
    before = _header(path)
    address = sorted(p.relative_to(site) for p in site.rglob(f"{before['Slug']}/index.html"))
    session = _Session(browser, base)
    try:
        relative = path.relative_to(repo / "content" / "articles").with_suffix("").as_posix()
        session.open(f"collections/articles/entries/{relative}")
        session.field("Title").fill(NEW_TITLE)
        session.publish()
        _wait_for_commit(repo, "Sửa bài:")
        after = _header(path)
        assert after["Title"] == NEW_TITLE
        assert {k: v for k, v in after.items() if k != "Title"} == {
            k: v for k, v in before.items() if k != "Title"
        }
        assert sorted((repo / "content" / "articles").glob(f"*/{before['Slug']}*.md")) == [path]
        assert check_content(repo / "content").returncode == 0
        build()
        pages = sorted(p.relative_to(site) for p in site.rglob(f"{before['Slug']}/index.html"))
        assert pages == address
        assert NEW_TITLE in (site / pages[0]).read_text(encoding="utf-8")
        assert not session.problems, session.problems
    finally:
        session.close()


@pytest.mark.parametrize("collection", ["articles", "articles-en"])
def test_the_form_has_no_accessibility_violation(editor, browser, collection):
    base = editor[0]
    session = _Session(browser, base, bypass_csp=True)
    try:
        page = session.page
        session.open(f"collections/{collection}/new")
        session.field("Title").fill(TITLE)
        violations = axe_violations(page)
        assert not violations, violations
    finally:
        session.close()


# A Vietnamese sample article with no translation yet, and its English version.
VI_ORIGINAL = (
    Path("articles") / "2017" / "mit-tinh-ky-niem-55-nam-quan-he-ngoai-giao-viet-nam-lao.md"
)
EN_TITLE = "Hanoi rally marks 55 years of Vietnam-Laos diplomatic ties"


def test_the_editor_never_reloads_for_the_preview_server(editor, browser):
    """make cms serves /admin/ through make serve, whose livereload script
    reloads every page after a rebuild: the editor shuts it down (what
    livereload.js offers: shutDown, and its connect event), so a rebuild
    never throws away what is being typed."""
    base = editor[0]
    session = _Session(browser, base)
    try:
        page = session.page
        # livereload.js, as far as the editor sees it: connected before the
        # editor's script runs, or after.
        page.add_init_script(
            "window.__shut = 0;window.LiveReload = {shutDown: () => { window.__shut += 1; }};"
        )
        page.goto(f"{base}/admin/")
        page.wait_for_function("window.__shut === 1")
        page.evaluate("document.dispatchEvent(new Event('LiveReloadConnect'))")
        assert page.evaluate("window.__shut") == 2
    finally:
        session.close()


def test_a_translation_made_in_the_english_form_joins_its_vietnamese_article(editor, browser):
    """The English collection writes content/en/articles/ with Lang: en and
    the chosen Vietnamese article's slug as Translation_Key; the check
    passes without an edit of that article, and the two pages point to
    each other."""
    base, repo, build, site = editor
    original = repo / "content" / VI_ORIGINAL
    vietnamese = _header(original)
    key = vietnamese["Slug"]
    slug = article_slug(EN_TITLE)
    session = _Session(browser, base)
    try:
        page = session.page
        session.open("collections/articles-en/new")
        session.field("Title").fill(EN_TITLE)
        # The English form names the topics as the English edition does.
        session.choose("Category", "Friendship")
        session.choose("Provinces", "Hanoi")
        session.choose("Countries", "Laos")
        session.field("Summary").fill("Friends of Laos met in Hanoi to mark 55 years of ties.")
        session.choose("Translation_Key", vietnamese["Title"])
        page.locator("[data-slate-editor]").first.click()
        page.keyboard.type("Hundreds of guests filled the hall for the anniversary rally.")
        session.publish()
        _wait_for_commit(repo, f"/{slug} (qua /admin/")  # "Bài mới: <year>/<slug> …"
        files = list((repo / "content" / "en" / "articles").glob(f"*/{slug}.md"))
        assert len(files) == 1, files
        meta = _header(files[0])
        assert files[0].parent.name == meta["Date"][:4]
        assert meta["Lang"] == "en" and meta["Translation_Key"] == key
        assert (meta["Category"], meta["Provinces"], meta["Countries"]) == (
            "Friendship",
            "Hanoi",
            "Laos",
        )
        # The Vietnamese article is not edited: its slug is its key (the two
        # halves were two pull requests, each refused by the check until both
        # were merged).
        assert "Translation_Key" not in _header(original)
        checked = check_content(repo / "content")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        build()
        english = (site / "en" / "article" / slug / "index.html").read_text(encoding="utf-8")
        assert EN_TITLE in english
        assert f'hreflang="vi" href="/bai-viet/{key}/"' in english
        own = (site / "bai-viet" / key / "index.html").read_text(encoding="utf-8")
        assert f'hreflang="en" href="/en/article/{slug}/"' in own
        assert not session.problems, session.problems
    finally:
        session.close()
