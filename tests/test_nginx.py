"""The production site served by a real nginx with the generated snippet.

The sample site in ``content/`` is built once with ``publishconf.py`` (at
its production address, at the root of its host); nginx serves the output
with ``nginx-redirects.map`` in ``http { }`` and ``nginx-server.conf`` in
``server { }``, exactly as docs/deploy.md tells an administrator to, and the
tests ask it over HTTP. ``make test`` installs Debian's nginx (``make
webserver``); without it these tests are skipped.
"""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest

from plugins.publish.links import FEED_SUFFIXES, HTML_SUFFIXES, is_site_url, page_links
from scripts import local_nginx

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SITEURL = "https://doingoainhandan.example.org"  # publishconf.py's production address
NGINX = local_nginx.find_nginx()
MIME_TYPES = local_nginx.MIME_TYPES
IMMUTABLE = "public, max-age=31536000, immutable"
SECURITY = {
    "Content-Security-Policy": "default-src 'self'",
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
}

if NGINX is None or not MIME_TYPES.is_file():
    pytest.skip(
        "needs nginx and /etc/nginx/mime.types (make webserver installs Debian's nginx)",
        allow_module_level=True,
    )


# --- the site and the server --------------------------------------------------------


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    from scripts.build import build

    work = tmp_path_factory.mktemp("nginx-site")
    content = work / "content"  # a copy: publishing writes the record into it
    shutil.copytree(ROOT / "content", content)
    out = work / "out"
    build(
        ROOT / "publishconf.py",
        out,
        content=content,
        extra={
            "CACHE_PATH": str(work / "cache"),
            "MOST_READ": {"path": ""},
            # The HTML validator is tests/test_publish_site.py's business; a
            # broken link is this module's: the crawl below reports it over HTTP.
            "PUBLISH": {
                "link_check": True,
                "fail_on_broken_links": False,
                "validate_html": False,
                "headers": True,
                "precompress": True,
            },
        },
        force=True,
    )
    return out


@pytest.fixture(scope="module")
def server(output, tmp_path_factory):
    with local_nginx.serve(output, tmp_path_factory.mktemp("nginx")) as running:
        yield Server(running.port, running.checked, output)


class Server:
    def __init__(self, port: int, checked: subprocess.CompletedProcess, output: Path) -> None:
        self.port = port
        self.checked = checked
        self.output = output
        self.local = f"http://127.0.0.1:{port}"

    def get(self, path: str, method: str = "GET", headers: dict | None = None):
        """(status, headers, body) of one request, redirects not followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def local_path(self, url: str) -> str:
        """The request path of an address of the site, as a client sends it."""
        parts = urlsplit(url)
        path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
        return path + (f"?{parts.query}" if parts.query else "")


# --- the expected redirect table, read from content/ and data/ -------------------------


def _headers_of(path: Path) -> dict[str, str]:
    """The metadata lines at the top of a Markdown file (``Key: value``)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        found[key.strip().lower()] = value.strip()
    return found


def expected_redirects(output: Path) -> dict[str, str]:
    """Old path → new site-relative URL, computed from the sources, not from
    the build's tables: Legacy_URL and Redirect_From of the articles and
    pages, content/redirects.toml, and the former provinces of data/."""
    from plugins.vietnamese import slugify

    table: dict[str, str] = {}
    for folder, url in (
        (ROOT / "content" / "articles", "/bai-viet/{}/"),
        (ROOT / "content" / "pages", "/{}/"),
    ):
        for source in sorted(folder.rglob("*.md")):
            meta = _headers_of(source)
            target = url.format(meta.get("slug") or source.stem)
            if meta.get("status") == "draft" or not (output / target[1:] / "index.html").is_file():
                continue  # not published (a draft, or held back until its time)
            olds = [meta["legacy_url"]] if meta.get("legacy_url") else []
            olds += [o.strip() for o in meta.get("redirect_from", "").split(",") if o.strip()]
            for old in olds:
                table[urlsplit(old).path.rstrip("/")] = target
    manual = ROOT / "content" / "redirects.toml"
    if manual.is_file():
        for entry in tomllib.loads(manual.read_text(encoding="utf-8")).get("redirect", []):
            table[entry["from"].rstrip("/")] = entry["to"]
    provinces = tomllib.loads((ROOT / "data" / "provinces.toml").read_text(encoding="utf-8"))
    current = {p["slug"] for p in provinces["province"]}
    for province in provinces["province"]:
        for former in province.get("former", []):
            slug = slugify(former)
            if slug not in current:
                table.setdefault(f"/tinh/{slug}", f"/tinh/{province['slug']}/")
    return table


# --- the tests ------------------------------------------------------------------------


def test_the_production_build_is_for_the_portals_own_domain(output):
    """The address is publishconf.py's, at the root; GitHub Pages gets its CNAME."""
    configured = re.search(r'^SITEURL = "([^"]+)"$', (ROOT / "publishconf.py").read_text(), re.M)
    assert configured and configured.group(1) == SITEURL
    assert (output / "CNAME").read_text(encoding="utf-8") == urlsplit(SITEURL).hostname + "\n"
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots


def test_the_configuration_passes_nginx_t_without_a_warning(server):
    assert server.checked.returncode == 0, server.checked.stderr
    assert "test is successful" in server.checked.stderr
    assert not re.search(r"\[(warn|emerg|alert|crit)\]", server.checked.stderr), (
        server.checked.stderr
    )


def test_every_old_address_answers_301_with_its_new_page(server):
    table = expected_redirects(server.output)
    assert sum(old.startswith("/tinh/") for old in table) == 31  # the former provinces
    assert sum(old.endswith(".html") for old in table) >= 3  # the sample's Legacy_URLs
    checked = 0
    for old, target in table.items():
        variants = (
            [old] if old.endswith((".html", ".htm")) else [old, old + "/", old + "/index.html"]
        )
        for path in variants:
            status, headers, _ = server.get(server.local_path(path))
            assert (status, headers["Location"]) == (301, SITEURL + quote(target)), path
            # a shared link's query string (utm_…) goes along
            status, headers, _ = server.get(server.local_path(path) + "?utm_source=zalo&a=1")
            assert headers["Location"] == SITEURL + quote(target) + "?utm_source=zalo&a=1", path
            landed, _, _ = server.get(server.local_path(headers["Location"]))
            assert landed == 200, (path, headers["Location"])
            checked += 1
    print(f"nginx: {checked} địa chỉ cũ chuyển hướng 301 đúng trang")


def test_every_published_address_still_answers(server):
    """content/published-urls.txt: what the portal ever published answers 200,
    or 301 to a page that does."""
    record = (ROOT / "content" / "published-urls.txt").read_text(encoding="utf-8")
    paths = [line.split("\t")[0] for line in record.splitlines() if line.startswith("/")]
    assert paths
    for path in paths:
        status, headers, _ = server.get(server.local_path(path))
        if status == 301:
            status, _, _ = server.get(server.local_path(headers["Location"]))
        assert status == 200, path


def _some(output: Path, pattern: str) -> str:
    found = sorted(output.glob(pattern))
    assert found, pattern
    return "/" + found[0].relative_to(output).as_posix()


def test_security_and_cache_headers_on_every_kind_of_response(server):
    output = server.output
    old = next(iter(expected_redirects(output)))
    responses = {
        "html": ("/", "no-cache"),
        "css": (_some(output, "theme/css/*.css"), IMMUTABLE),
        "font": (_some(output, "theme/fonts/*.woff2"), IMMUTABLE),
        "image": (_some(output, "images/_d/*/*.jpg"), IMMUTABLE),
        "search": ("/pagefind/pagefind.js", "public, max-age=3600"),
        "feed": ("/feeds/tat-ca.rss", "no-cache"),
        "404": ("/khong-co-trang-nay/", "no-cache"),
        "404 in /theme/": ("/theme/css/khong-co.css", "no-cache"),
        "301": (server.local_path(old), None),
    }
    for kind, (path, cache) in responses.items():
        status, headers, _ = server.get(path)
        assert status == {"404": 404, "404 in /theme/": 404, "301": 301}.get(kind, 200), kind
        for name, start in SECURITY.items():
            assert (headers[name] or "").startswith(start), (kind, name, headers[name])
        if cache:
            assert headers.get_all("Cache-Control") == [cache], (kind, path)
    # Content types, with the charset on text.
    for path, expected in (
        ("/", "text/html; charset=utf-8"),
        (responses["css"][0], "text/css; charset=utf-8"),
        (responses["font"][0], "font/woff2"),
        ("/feeds/tat-ca.rss", "application/rss+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
    ):
        assert server.get(path, "HEAD")[1]["Content-Type"] == expected, path


def test_types_debian_lacks_are_served_right(server):
    """Debian's mime.types has no .webmanifest: the snippet adds it, in
    every location, without losing the headers there."""
    manifests = sorted(server.output.rglob("*.webmanifest"))
    if not manifests:  # the sample site has none (yet): one for the test
        manifests = [server.output / "theme" / "kiem-tra.webmanifest"]
        manifests[0].write_text('{"name": "Đối ngoại Nhân dân"}', encoding="utf-8")
    for manifest in manifests:
        path = "/" + manifest.relative_to(server.output).as_posix()
        status, headers, _ = server.get(path)
        assert status == 200
        assert headers["Content-Type"] == "application/manifest+json; charset=utf-8"
        assert headers["X-Content-Type-Options"] == "nosniff"
        if path.startswith("/theme/"):
            assert headers["Cache-Control"] == IMMUTABLE


def test_a_missing_address_gets_the_portal_404_page(server):
    status, _, body = server.get("/bai-viet/khong-ton-tai/")
    assert status == 404
    assert body == (server.output / "404.html").read_bytes()
    # Asked for by its own address, each 404 page is a missing page too (it
    # answered 200), in its own language, with the pages' headers.
    for path, page in (("/404.html", "404.html"), ("/en/404.html", "en/404.html")):
        status, headers, body = server.get(path)
        assert (status, body) == (404, (server.output / page).read_bytes()), path
        assert headers["Cache-Control"] == "no-cache", path
        for name, start in SECURITY.items():
            assert (headers[name] or "").startswith(start), (path, name)
    # The host files are not served to readers.
    for name in ("nginx-server.conf", "nginx-redirects.map", "_headers", "_redirects"):
        assert (server.output / name).is_file()
        assert server.get(f"/{name}")[0] == 404, name


def test_a_missing_english_address_gets_the_english_404_page(server):
    status, headers, body = server.get("/en/article/no-such-article/")
    assert status == 404
    assert body == (server.output / "en" / "404.html").read_bytes()
    assert b'<html lang="en">' in body
    status, headers, _ = server.get("/en/pagefind/pagefind-entry.json")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=3600"
    status, _, body = server.get("/en/pagefind/no-such-file.js")
    assert (status, body) == (404, (server.output / "en" / "404.html").read_bytes())


def test_a_folder_without_a_page_is_a_missing_address_not_a_refusal(server):
    """nginx refuses to list a folder without index.html (403); for the
    reader it is an address the site does not have: the 404 page, in the
    folder's edition, and not kept by caches for a year."""
    assert not (server.output / "bai-viet" / "index.html").exists()
    for path, page in (
        ("/bai-viet/", "404.html"),
        ("/theme/css/", "404.html"),
        ("/en/article/", "en/404.html"),
    ):
        status, headers, body = server.get(path)
        assert (status, body) == (404, (server.output / page).read_bytes()), path
        assert "immutable" not in headers.get("Cache-Control", ""), path


def test_a_topic_folder_leads_to_the_topics_index(server):
    # /tinh/ (a province page's address, shortened) was the 404 page.
    for path, index in (
        ("/tinh/", "/chu-de/"),
        ("/quoc-gia/", "/chu-de/"),
        ("/en/province/", "/en/topics/"),
    ):
        status, _, body = server.get(path)
        assert status == 200, path
        assert f'<link rel="canonical" href="{SITEURL}{index}">' in body.decode(), path


def test_the_statistics_downloads_are_csv_text(server):
    csv = next(server.output.rglob("*.csv"))
    path = "/" + csv.relative_to(server.output).as_posix()
    status, headers, _ = server.get(path, "HEAD")
    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"


def test_gzip_clients_get_the_precompressed_copy(server):
    for path, file in (("/", "index.html"), (_some(server.output, "theme/css/*.css"), None)):
        file = file or path.lstrip("/")
        status, headers, body = server.get(path, headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip", path
        assert body == (server.output / f"{file}.gz").read_bytes()
        assert gzip.decompress(body) == (server.output / file).read_bytes()
        assert "Accept-Encoding" in (headers["Vary"] or "")
        plain = server.get(path)
        assert (
            plain[1]["Content-Encoding"] is None and plain[2] == (server.output / file).read_bytes()
        )


def _request_url(base: str, link: str) -> str | None:
    """The absolute address a link of a page at ``base`` asks for, without its
    fragment, or None when it is not an address of this site."""
    url = urljoin(base, link).split("#", 1)[0]
    return url if is_site_url(url, SITEURL) else None


def test_no_broken_reference_over_http(server):
    """Every address of the site that a page, a feed or a sitemap names
    (links, JSON-LD, OpenGraph/Twitter, feed items, sitemap entries) answers
    200, or 301 to an address that does."""
    started = time.perf_counter()
    output = server.output
    wanted: dict[str, str] = {}  # address → first file naming it
    files = sorted(
        p
        for p in output.rglob("*")
        if p.is_file() and p.name.endswith(HTML_SUFFIXES + FEED_SUFFIXES)
    )
    for path in files:
        name = path.relative_to(output).as_posix()
        base = f"{SITEURL}/{name[: -len('index.html')] if name.endswith('index.html') else name}"
        for link in page_links(name, path.read_text(encoding="utf-8"), SITEURL):
            url = _request_url(base, link)
            # A 404 page's "#noi-dung" is its own address, which answers 404 by design.
            if url and not (name.endswith("404.html") and url == base):
                wanted.setdefault(url, name)
    broken, redirected, bare = [], 0, []
    for url, page in sorted(wanted.items()):
        local = server.local_path(url)
        status, headers, _ = server.get(local, "HEAD")
        # Every response carries the security headers and a cache policy.
        missing = [name for name in (*SECURITY, "Cache-Control") if not headers.get(name)]
        if missing:
            bare.append(f"{url}: {status}, thiếu {', '.join(missing)}")
        if status == 301:
            redirected += 1
            location = urljoin(server.local + local, headers["Location"])
            status, _, _ = server.get(server.local_path(location), "HEAD")
        if status != 200:
            broken.append(f"{page}: {url} → {status}")
    elapsed = time.perf_counter() - started
    print(
        f"nginx: {len(files)} tệp đọc, {len(wanted)} địa chỉ kiểm tra, {redirected} chuyển hướng,"
        f" {len(broken)} hỏng, {elapsed:.1f} s"
    )
    assert len(wanted) > 300
    assert not broken, f"{len(broken)} địa chỉ hỏng:\n" + "\n".join(broken[:50])
    assert not bare, f"{len(bare)} trả lời thiếu tiêu đề:\n" + "\n".join(bare[:50])


def test_the_web_editor_alone_gets_its_own_policy(server):
    """/admin/ (Decap CMS) needs eval and inline styles; no other page may."""
    from plugins.publish.headers import ADMIN_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY

    for path in ("/admin/", "/admin/config.json", "/admin/decap/decap-cms.js"):
        status, headers, _ = server.get(path)
        assert status == 200, path
        assert headers.get_all("Content-Security-Policy") == [ADMIN_CONTENT_SECURITY_POLICY]
        assert headers["X-Robots-Tag"] == "noindex, nofollow"
        assert headers["Cache-Control"] == "no-cache"
    status, headers, _ = server.get("/")
    assert headers.get_all("Content-Security-Policy") == [CONTENT_SECURITY_POLICY]
    assert "unsafe" not in CONTENT_SECURITY_POLICY.replace("'wasm-unsafe-eval'", "")
    assert server.get("/admin/khong-co.js")[0] == 404


def test_the_english_former_provinces_answer_301_with_their_english_page(server):
    """/en/province/binh-duong/ leads to the English page of the province it
    joined in 2025, as /tinh/binh-duong/ does to the Vietnamese one."""
    known = {
        "/en/province/binh-duong": "/en/province/ho-chi-minh-city/",
        "/en/province/ha-giang": "/en/province/tuyen-quang/",
        "/en/province/quang-binh": "/en/province/quang-tri/",
    }
    mapped = re.findall(
        r'^ +"(/en/province/[^"/]+)" "[^"]*(/en/province/[^"]+)";$',
        (server.output / "nginx-redirects.map").read_text(encoding="utf-8"),
        re.M,
    )
    table = dict(mapped)
    assert known.items() <= table.items()
    assert len(table) >= 25
    for old, target in table.items():
        for path in (old, old + "/"):
            status, headers, _ = server.get(server.local_path(path))
            assert (status, headers["Location"]) == (301, SITEURL + target), path
            landed, _, _ = server.get(server.local_path(target))
            assert landed == 200, (path, target)
