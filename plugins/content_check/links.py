"""Links from article and page bodies to the portal itself: each must lead
to a page the build writes.

Pelican leaves a ``{filename}`` link to a missing file as it is (a broken
link, and a warning in the middle of the build); a root-relative or relative
link to a page that does not exist is only found by the link check of
``make publish``, after a full build. Here both are found from the facts of
every file, before anything is built. Links are resolved as the publish
check resolves them (:func:`plugins.publish.links.resolve`).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from plugins.publish.links import resolve

from .elsewhere import NONE as NO_OTHERS
from .elsewhere import OtherEditions
from .problems import Problem, completed, error, warning, with_suggestion
from .urls import UrlScheme, normalize_url, output_file

# Pelican's INTRASITE_LINK_REGEX: {filename}path or |filename|path.
_INTRASITE = re.compile(r"^[{|](?P<what>[a-z]+)[|}](?P<value>.*)$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_LOOKS_LIKE_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Later:
    """A link to a scheduled article: shown as text until it is published (a warning)."""

    text: str


TERM_LINKS = {"tag": "keyword", "category": "section", "author": "author"}


def is_internal_link(target: str) -> bool:
    """A link to the portal itself: ``{filename}…`` and the like, or a path
    without a scheme or host (``/tinh/can-tho/``, ``../khac/``)."""
    if not target or target.startswith(("#", "?")):
        return False
    if _INTRASITE.match(target):
        return True
    return not (target.startswith("//") or _SCHEME.match(target))


def link_problems(
    facts: Iterable,
    written: Mapping[str, object],
    scheme: UrlScheme,
    slug_of,
    others: OtherEditions = NO_OTHERS,
) -> list[Problem]:
    """Every internal link of a published article or page that leads nowhere
    (a link into another edition's part of the site: nowhere in ``others``)."""
    facts = list(facts)
    sources = {item.rel: item for item in facts if item.rel}
    problems: list[Problem] = []
    for item in facts:
        if item.draft or not item.links:
            continue
        page = item.page_file
        if page is None:  # no valid slug: reported already
            continue
        for target, line in item.links:
            message = _broken(item, page, target, sources, written, scheme, slug_of, others)
            if isinstance(message, Later):
                problems.append(warning(item.path, line, "link-to-scheduled", message.text))
            elif message:
                problems.append(error(item.path, line, "broken-link", message))
    return problems


def _broken(
    item, page, target, sources, written, scheme: UrlScheme, slug_of, others: OtherEditions
) -> str | None:
    intrasite = _INTRASITE.match(target)
    if intrasite:
        return _broken_intrasite(
            item,
            target,
            intrasite["what"],
            intrasite["value"],
            sources,
            written,
            scheme,
            slug_of,
            others,
        )
    file = resolve(page, target)
    if file is None or page_exists(file, written, scheme):
        return None
    edition = others.owner(file)
    if edition is not None:  # the other edition's part of the site
        if edition.has_page(file):
            return None
        written = edition.report.written
    hint = None
    if _LOOKS_LIKE_HOST.match(target):
        return (
            f"liên kết '{target}' thiếu 'https://' nên bị hiểu là một trang của cổng"
            f" (không có) — viết 'https://{target}'"
        )
    close = difflib.get_close_matches(file, list(written), n=1, cutoff=0.8)
    if not close and file.endswith("/index.html"):  # an address cut short
        folder = file[: -len("/index.html")]
        pages = (w[: -len("/index.html")] for w in written if w.endswith("/index.html"))
        found = completed(folder, pages)
        close = [f"{found}/index.html"] if found else []
    if close:
        hint = "/" + (
            close[0][: -len("index.html")] if close[0].endswith("index.html") else close[0]
        )
    return with_suggestion(f"liên kết '{target}' không dẫn tới trang nào của cổng", hint)


def page_exists(file: str, written: Collection[str], scheme: UrlScheme) -> bool:
    """Whether the output ``file`` is written (``written``: this content's
    page files) or generated (feeds, search …)."""
    return (
        file in written
        or f"{file}/index.html" in written
        or scheme.generated_by(file) is not None
        or scheme.generated_by(f"{file}/") is not None
    )


def _broken_intrasite(
    item, target, what, value, sources, written, scheme: UrlScheme, slug_of, others: OtherEditions
) -> str | None:
    path = unquote(urlsplit(value).path)
    if what == "filename":
        if path.startswith("/"):
            rel = path.lstrip("/")
        else:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(item.rel), path))
        found = sources.get(rel)
        edition = others.source(rel) if found is None else None
        if edition is not None:
            url = edition.urls_by_source.get(rel)
            if url is None:
                return f"liên kết '{target}' tới '{rel}', bài chưa đăng của ấn bản khác"
            return with_suggestion(
                f"liên kết '{target}' tới tệp của ấn bản khác: {{filename}} chỉ nối các"
                " tệp cùng ấn bản — viết địa chỉ trang của bài đó",
                url,
            )
        if found is None:
            close = difflib.get_close_matches(rel, list(sources), n=1, cutoff=0.6)
            return with_suggestion(
                f"liên kết '{target}' tới tệp '{rel}' không có trong content/",
                "{filename}/" + close[0] if close else None,
            )
        if found.draft:
            return f"liên kết '{target}' tới bản nháp {found.path} (chưa đăng, địa chỉ chưa có)"
        if found.scheduled:
            return Later(
                f"liên kết '{target}' tới bài hẹn giờ {found.path}: cho tới giờ đăng bài"
                " này chỉ hiện chữ, không có liên kết"
            )
        if found.page_file is None:
            return None  # its own problem (slug) is reported on it
        return None
    if what == "index":
        return None
    if what in TERM_LINKS:
        pattern = getattr(scheme, TERM_LINKS[what])
        slug = slug_of(path)
        file = output_file(normalize_url(pattern.format(slug=slug)))
        if slug and file in written:
            return None
        return (
            f"liên kết '{target}' tới trang '{path}' không có (không bài nào đăng với"
            f" {_TERM_NAMES[what]} này)"
        )
    if what in ("static", "attach"):
        return (
            f"liên kết '{target}': cổng không đăng tệp tĩnh qua {{{what}}} — ảnh viết"
            " ![mô tả ảnh](images/năm/tên-ảnh.jpg), tài liệu khác đặt ở trang ngoài"
        )
    return (
        f"liên kết '{target}': không hiểu '{{{what}}}' — chỉ dùng {{filename}}, {{tag}},"
        " {category}, {author}, {index}"
    )


_TERM_NAMES = {"tag": "từ khóa", "category": "chuyên mục", "author": "tác giả"}
