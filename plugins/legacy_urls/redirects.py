"""Legacy addresses → new article URLs: the table, its problems, its files.

Pure functions over small values; nothing here imports Pelican, so the
content checker can call :func:`check_redirects` on headers it read itself::

    entries = [LegacyEntry(source="content/articles/2020/x.md", line=12,
                           legacy_url="https://thoidai.com.vn/x-123.html",
                           target="/bai-viet/x/", title="…")]
    problems = check_redirects(entries, page_urls={"/bai-viet/x/", "/gioi-thieu/"})
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
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

    @property
    def external(self) -> bool:
        """The target is another site's address (https://…), not a path of this one."""
        return not is_site_path(self.target)


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    message: str  # Vietnamese
    severity: str = "error"  # "error" fails the build / make check; "warning" does not
    code: str = ""  # query, unsafe, collision, loop, chain

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


def served_as(path: str) -> bytes:
    """What a web server matches a path as: nginx's ``map`` ignores ASCII
    case (:func:`nginx_map`), so ``/Tinh/Can-Tho`` is ``/tinh/can-tho``."""
    return path.encode("utf-8").lower()


def redirect_output_name(old_path: str) -> str:
    """``/a/b.html`` → ``a/b.html``; ``/a/b`` → ``a/b/index.html``."""
    relative = old_path.strip("/")
    if relative.lower().endswith((".html", ".htm")):
        return relative
    return f"{relative}/index.html" if relative else "index.html"


def unsafe_path(path: str) -> bool:
    """A path no redirect may be written at (``..``, ``.``, control characters, ``\\``)."""
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

    Paths are compared as the server matches them (:func:`served_as`): an
    old path that differs from a page only in ASCII case would take it over.
    """
    entries = list(entries)
    real = {served_as(normalize_url(u)) for u in page_urls}
    real_files = {served_as(redirect_output_name(normalize_url(u))) for u in page_urls}
    problems: list[Problem] = []
    claims: dict[bytes, LegacyEntry] = {}
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
                    "query",
                )
            )
        if old == "/" or unsafe_path(old):
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    f"Legacy_URL '{entry.legacy_url}' không dùng được làm địa chỉ chuyển hướng",
                    code="unsafe",
                )
            )
            continue
        if served_as(old) in claims:
            other = claims[served_as(old)]
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    f"địa chỉ cũ '{old}' trùng với bài {other.source} — "
                    "hai bài không thể cùng nhận một địa chỉ cũ",
                    code="collision",
                )
            )
            continue
        claims[served_as(old)] = entry
        if served_as(old) in real or served_as(redirect_output_name(old)) in real_files:
            if served_as(normalize_url(entry.target)) == served_as(old):
                problems.append(
                    Problem(
                        entry.source,
                        entry.line,
                        f"địa chỉ cũ '{old}' chính là địa chỉ mới của bài: "
                        "chuyển hướng sẽ lặp vô tận — bỏ Legacy_URL hoặc sửa nó",
                        code="loop",
                    )
                )
            else:
                problems.append(
                    Problem(
                        entry.source,
                        entry.line,
                        f"địa chỉ cũ '{old}' trùng với một trang thật của cổng tin",
                        code="collision",
                    )
                )
    for key, entry in claims.items():
        old, target = legacy_path(entry.legacy_url), normalize_url(entry.target)
        if served_as(target) != key and served_as(target) in claims:
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    f"chuyển hướng nối chuỗi: '{old}' → '{target}', mà '{target}' "
                    f"lại là địa chỉ cũ của bài {claims[served_as(target)].source}",
                    code="chain",
                )
            )
    return problems


def build_redirects(entries: Iterable[LegacyEntry]) -> list[Redirect]:
    """The redirect table, sorted by old path; the first claim of a path wins."""
    table: dict[str, Redirect] = {}
    for entry in entries:
        old = legacy_path(entry.legacy_url)
        if old == "/" or unsafe_path(old) or old in table:
            continue
        table[old] = Redirect(old, entry.target, entry.title, entry.source)
    return [table[k] for k in sorted(table)]


def _encoded(path: str) -> str:
    return quote(path, safe="/-._~!$&'()*+,;=:@%")


def _target(redirect: Redirect, site_url: str) -> str:
    return redirect.target if redirect.external else site_url + _encoded(redirect.target)


def spellings(paths: Iterable[str]) -> list[str]:
    """Each path (NFC, :func:`legacy_path`), then its decomposed (NFD) form
    when that differs: a server compares the bytes of the decoded address,
    and an old link may spell "đối ngoại" either way."""
    found: list[str] = []
    for path in paths:
        found.append(path)
        decomposed = unicodedata.normalize("NFD", path)
        if decomposed != path:
            found.append(decomposed)
    return found


def _folder_forms(old_path: str) -> list[str]:
    """A folder's address without and with its slash (``/tinh/hau-giang``,
    ``/tinh/hau-giang/``): Cloudflare Pages matches a rule's source exactly,
    and the site itself linked the slash form. An old page's own address
    (``….html``) is one form."""
    if old_path.lower().endswith((".html", ".htm")) or old_path.endswith("/"):
        return [old_path]
    return [old_path, old_path + "/"]


def netlify_redirects(
    redirects: Iterable[Redirect],
    site_url: str = "",
    prefix: str = "",
    editions: Iterable[str] = (),
) -> str:
    """``_redirects`` for Netlify / Cloudflare Pages: ``/old /new/ 301``.

    ``prefix``: the site's path under its host (``/portal``), put before the
    old paths and the site-relative targets. ``editions``: the other language
    editions' folders (``en/``): a missing page there gets that edition's
    404 page (``/en/* /en/404.html 404``, last: Netlify applies it only when
    no file matches). Cloudflare Pages ignores that line and finds the
    nearest ``404.html`` itself.
    """
    prefix = _encoded(prefix.rstrip("/"))

    def target(r: Redirect) -> str:
        return _target(r, site_url) if r.external or site_url else prefix + _encoded(r.target)

    lines = [
        "# Địa chỉ cũ (trang web cũ, địa chỉ đã đổi, tỉnh cũ) → trang mới (tạo tự động, đừng sửa tay)"
    ]
    lines += [
        f"{prefix}{_encoded(old)} {target(r)} 301"
        for r in redirects
        for old in spellings(_folder_forms(r.old_path))
    ]
    for home in editions:
        folder = f"{prefix}/{_encoded(home.strip('/'))}/"
        lines.append(f"{folder}* {folder}404.html 404")
    return "\n".join(lines) + "\n"


# nginx stores each map key in a hash bucket as a pointer, the key and two
# bytes, rounded up to a pointer (8 bytes on 64-bit); a bucket ends with one
# more pointer. Below room for a few keys per bucket nginx gives up
# ("could not build map_hash, you should increase map_hash_bucket_size",
# or the warning "could not build optimal map_hash"); tried with nginx 1.22
# on up to 100,000 keys of up to 100 bytes.
_POINTER = 8
_KEYS_PER_BUCKET = 4
_MIN_HASH_SIZE = 2048  # nginx's default map_hash_max_size


def _power_of_two(n: int) -> int:
    return 1 << max(0, n - 1).bit_length()


def map_hash_sizes(keys: Iterable[str]) -> tuple[int, int]:
    """``(map_hash_bucket_size, map_hash_max_size)`` for an nginx map of ``keys``."""
    sizes = [len(k.encode("utf-8")) for k in keys]
    element = -(-(max(sizes, default=0) + 2 + _POINTER) // _POINTER) * _POINTER
    bucket = _power_of_two(max(64, _KEYS_PER_BUCKET * element + _POINTER))
    return bucket, max(_MIN_HASH_SIZE, _power_of_two(2 * len(sizes)))


def nginx_map(redirects: Iterable[Redirect], site_url: str = "") -> str:
    """The http-level part of the nginx snippet: a ``map`` from ``$uri`` to
    the new URL, and the hash sizes it needs (the server-level part,
    plugins.publish's ``nginx-server.conf``, answers
    ``if ($new_uri) { return 301 $new_uri$is_args$args; }``).

    ``$uri`` is decoded, so the keys are the decoded paths, under the path
    of ``site_url`` if it has one. nginx compares them ignoring ASCII case:
    of two keys differing only so, the first is kept (a second one would
    stop nginx). A ``$`` in a target is written ``%24`` (nginx would read a
    variable).
    """

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    prefix = unquote(urlsplit(site_url).path).rstrip("/")
    entries: dict[bytes, tuple[str, str]] = {}
    for r in redirects:
        target = _target(r, site_url).replace("$", "%24")
        keys = [prefix + r.old_path]
        if not r.old_path.lower().endswith((".html", ".htm")):
            # the folder's address with its slash, and its file, as a link may write them
            keys += [prefix + r.old_path + "/", prefix + r.old_path + "/index.html"]
        for key in spellings(keys):
            entries.setdefault(key.encode("utf-8").lower(), (key, target))
    bucket, max_size = map_hash_sizes(key for key, _ in entries.values())
    lines = [
        "# Cấu hình nginx của cổng, phần cấp http (tạo tự động, đừng sửa tay):",
        "# include trong khối http { }; phần cấp server là nginx-server.conf (xem docs/deploy.md).",
        "# Địa chỉ cũ (trang web cũ, địa chỉ đã đổi, tỉnh cũ) → trang mới; trong server { }:"
        " if ($new_uri) { return 301 $new_uri$is_args$args; }",
        "# Kích thước bảng băm tính theo địa chỉ dài nhất và số địa chỉ"
        " (mặc định 64 của nginx không đủ cho địa chỉ dài).",
        f"map_hash_bucket_size {bucket};",
        f"map_hash_max_size {max_size};",
        "map $uri $new_uri {",
        '    default "";',
    ]
    lines += [f"    {quoted(key)} {quoted(target)};" for key, target in entries.values()]
    lines.append("}")
    return "\n".join(lines) + "\n"


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(f"  {p}" for p in problems)


# --- redirects the editors declare: content/redirects.toml -----------------

_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class ManualRedirect:
    """One ``[[redirect]]`` of ``content/redirects.toml``: an address the
    portal published (an article deleted, a page merged) → where it went."""

    old: str  # as written: a path of this site, "/bai-viet/bai-da-xoa/"
    target: str  # a path of this site, or an https:// address
    line: int


def parse_manual_redirects(text: str) -> tuple[list[ManualRedirect], list[tuple[int, str]]]:
    """The redirects of a ``redirects.toml`` text and its problems (line,
    Vietnamese message)::

        [[redirect]]
        from = "/bai-viet/bai-da-xoa/"
        to = "/chuyen-muc/huu-nghi/"
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        found = _TOML_LINE.search(str(problem))
        # tomllib explains in English: the advice first, its words after.
        detail = str(problem).split(" (at ", 1)[0]
        return [], [
            (
                int(found.group(1)) if found else 1,
                'lỗi cú pháp TOML — mỗi dòng viết dạng from = "/địa-chỉ-cũ/", giá trị trong'
                f" ngoặc kép, đóng đủ ngoặc (chi tiết: {detail})",
            )
        ]
    problems: list[tuple[int, str]] = []
    unknown = sorted(set(data) - {"redirect"})
    if unknown:
        problems.append(
            (1, f"khóa không hợp lệ {', '.join(unknown)} — chỉ dùng các bảng [[redirect]]")
        )
    entries = data.get("redirect", [])
    if not isinstance(entries, list):
        return [], [*problems, (1, "'redirect' phải là các bảng [[redirect]]")]
    lines = text.splitlines()
    tables = [n for n, line in enumerate(lines, 1) if line.strip().startswith("[[redirect]]")]
    redirects = []
    for index, entry in enumerate(entries):
        line = tables[index] if index < len(tables) else 1
        if not isinstance(entry, dict):
            problems.append((line, "mỗi [[redirect]] cần 'from' và 'to'"))
            continue
        extra = sorted(set(entry) - {"from", "to"})
        old, target = entry.get("from"), entry.get("to")
        if extra:
            problems.append(
                (line, f"khóa không hợp lệ {', '.join(extra)} — chỉ dùng 'from' và 'to'")
            )
        if not isinstance(old, str) or not isinstance(target, str) or not old or not target:
            problems.append((line, "mỗi [[redirect]] cần 'from' và 'to' (chuỗi, không để trống)"))
            continue
        redirects.append(ManualRedirect(old.strip(), target.strip(), line))
    return redirects, problems


def is_site_path(value: str) -> bool:
    """A path of this site (``/bai-viet/x/``), not an address of another."""
    return value.startswith("/") and not value.startswith("//")
