"""Legacy addresses → new article URLs: the table, its problems, its files.

Pure functions over small values; nothing here imports Pelican, so the
content checker can call :func:`check_redirects` on headers it read itself::

    entries = [LegacyEntry(source="content/articles/2020/x.md", line=12,
                           legacy_url="https://thoidai.com.vn/x-123.html",
                           target="/bai-viet/x/", title="…")]
    problems = check_redirects(entries, page_urls={"/bai-viet/x/", "/gioi-thieu/"})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from plugins.vietnamese import nfc


@dataclass(frozen=True)
class LegacyEntry:
    """One article's claim on an old address."""

    source: str  # the article file, for messages
    legacy_url: str  # Legacy_URL as written: a path or a full URL of the old site
    target: str  # the article's new URL, site-relative with a leading "/"
    title: str = ""
    line: int | None = None  # line of Legacy_URL in the file, when known


@dataclass(frozen=True)
class Redirect:
    old_path: str  # decoded, NFC, leading "/"
    target: str
    title: str
    source: str

    @property
    def output_name(self) -> str:
        """File written at the old address (relative to the output root)."""
        return redirect_output_name(self.old_path)


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    message: str  # Vietnamese
    severity: str = "error"  # "error" fails the build / make check; "warning" does not

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


def legacy_path(legacy_url: str) -> str:
    """The path of an old address: ``https://a.vn/x/y.html?id=1`` → ``/x/y.html``.

    Percent-escapes are decoded and the result is NFC; a trailing ``/`` is
    dropped except for the root.
    """
    parts = urlsplit(legacy_url.strip())
    path = nfc(unquote(parts.path or "/"))
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


def normalize_url(url: str) -> str:
    """A site URL in the same form as :func:`legacy_path`, to compare them."""
    return legacy_path(url)


def redirect_output_name(old_path: str) -> str:
    """``/a/b.html`` → ``a/b.html``; ``/a/b`` → ``a/b/index.html``."""
    relative = old_path.strip("/")
    if relative.lower().endswith((".html", ".htm")):
        return relative
    return f"{relative}/index.html" if relative else "index.html"


def _unsafe(path: str) -> bool:
    segments = path.split("/")
    return any(s in ("..", ".") for s in segments) or any(ord(c) < 32 for c in path) or "\\" in path


def check_redirects(entries: Iterable[LegacyEntry], page_urls: Iterable[str] = ()) -> list[Problem]:
    """Every problem of the redirect table, in Vietnamese, one per claim.

    - an old address with a query (``?id=``) cannot be served statically (warning);
    - an unsafe or empty old path (``..``, the site root) is an error;
    - two articles claiming the same old path (collision);
    - an old path that is a real page of the new site (collision);
    - an old path equal to its own target, or to another redirect's
      target, or a target that is itself an old path (loop / chain).
    """
    entries = list(entries)
    real = {normalize_url(u) for u in page_urls}
    problems: list[Problem] = []
    claims: dict[str, LegacyEntry] = {}
    for entry in entries:
        old = legacy_path(entry.legacy_url)
        query = urlsplit(entry.legacy_url.strip()).query
        if query:
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    f"Legacy_URL '{entry.legacy_url}' có tham số '?{query}': "
                    "trang chuyển hướng tĩnh chỉ dùng đường dẫn "
                    f"'{old}'",
                    "warning",
                )
            )
        if old == "/" or _unsafe(old):
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    f"Legacy_URL '{entry.legacy_url}' không dùng được làm địa chỉ chuyển hướng",
                )
            )
            continue
        if old in claims:
            other = claims[old]
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    f"địa chỉ cũ '{old}' trùng với bài {other.source} — "
                    "hai bài không thể cùng nhận một địa chỉ cũ",
                )
            )
            continue
        claims[old] = entry
        if old in real or redirect_output_name(old) in {redirect_output_name(u) for u in real}:
            if normalize_url(entry.target) == old:
                problems.append(
                    Problem(
                        entry.source,
                        entry.line,
                        f"địa chỉ cũ '{old}' chính là địa chỉ mới của bài: "
                        "chuyển hướng sẽ lặp vô tận — bỏ Legacy_URL hoặc sửa nó",
                    )
                )
            else:
                problems.append(
                    Problem(
                        entry.source,
                        entry.line,
                        f"địa chỉ cũ '{old}' trùng với một trang thật của cổng tin",
                    )
                )
    for old, entry in claims.items():
        target = normalize_url(entry.target)
        if target != old and target in claims:
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    f"chuyển hướng nối chuỗi: '{old}' → '{target}', mà '{target}' "
                    f"lại là địa chỉ cũ của bài {claims[target].source}",
                )
            )
    return problems


def build_redirects(entries: Iterable[LegacyEntry]) -> list[Redirect]:
    """The redirect table, sorted by old path; the first claim of a path wins."""
    table: dict[str, Redirect] = {}
    for entry in entries:
        old = legacy_path(entry.legacy_url)
        if old == "/" or _unsafe(old) or old in table:
            continue
        table[old] = Redirect(old, entry.target, entry.title, entry.source)
    return [table[k] for k in sorted(table)]


def _encoded(path: str) -> str:
    return quote(path, safe="/-._~!$&'()*+,;=:@%")


def netlify_redirects(redirects: Iterable[Redirect], site_url: str = "") -> str:
    """``_redirects`` for Netlify / Cloudflare Pages: ``/old /new/ 301``."""
    lines = ["# Địa chỉ của trang web cũ → bài viết mới (tạo tự động, đừng sửa tay)"]
    lines += [f"{_encoded(r.old_path)} {site_url}{_encoded(r.target)} 301" for r in redirects]
    return "\n".join(lines) + "\n"


def nginx_map(redirects: Iterable[Redirect], site_url: str = "") -> str:
    """An nginx ``map`` from ``$uri`` to the new URL; use it with
    ``if ($new_uri) { return 301 $new_uri; }``. ``$uri`` is decoded, so the
    keys are the decoded paths."""

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "# Địa chỉ của trang web cũ → bài viết mới (tạo tự động, đừng sửa tay)",
        "# include trong khối http { }, rồi trong server { }: if ($new_uri) { return 301 $new_uri; }",
        "map $uri $new_uri {",
        '    default "";',
    ]
    for r in redirects:
        lines.append(f"    {quoted(r.old_path)} {quoted(site_url + _encoded(r.target))};")
        if not r.old_path.lower().endswith((".html", ".htm")):
            lines.append(f"    {quoted(r.old_path + '/')} {quoted(site_url + _encoded(r.target))};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(f"  {p}" for p in problems)
