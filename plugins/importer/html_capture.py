"""Saved HTML pages of the legacy sites (``Ctrl+S`` in a browser), read with lxml.

The markup differs between the sites and their redesigns, so nothing here
depends on one site's class names. The reader looks for:

- the article body: ``[itemprop=articleBody]``, else the element that holds
  most paragraph text;
- the title: the ``<h1>`` (else ``og:title``, else ``<title>``);
- the article scope: the smallest element holding both the title and the
  body; dateline, views, sapo, byline, source and tags are looked for there
  first, so sidebars (*Đọc nhiều*, tag clouds) never leak in;
- boxes named by class words (``breadcrumb``, ``sapo``, ``author``,
  ``source``, ``tags``, ``related``, ``share`` …), split on ``-``/``_``.

The body's blocks then go through the same rules as plain-text captures
(:func:`plugins.importer.capture.assemble_body`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from .capture import (
    CaptureError,
    LegacyArticle,
    RawBlock,
    assemble_body,
    clean_text,
    marker,
    parse_breadcrumb,
    parse_byline,
    parse_dateline,
    parse_iso_datetime,
    parse_source,
    parse_views,
)

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "form",
    "button",
    "input",
    "select",
    "template",
    "object",
    "embed",
    "video",
    "audio",
)
_CHROME_WORDS = {
    "share",
    "sharing",
    "social",
    "print",
    "comment",
    "comments",
    "ads",
    "ad",
    "adv",
    "advert",
    "advertisement",
    "banner",
    "sidebar",
    "weather",
    "thoitiet",
    "docnhieu",
    "mostread",
    "most",
    "multimedia",
    "toolbar",
    "rating",
    "follow",
    "subscribe",
    "newsletter",
    "zalo",
    "facebook",
    "fb",
}
_BREADCRUMB_WORDS = {"breadcrumb", "breadcrumbs", "crumb", "crumbs"}
_SAPO_WORDS = {"sapo", "chapeau", "lead", "summary", "excerpt"}
_AUTHOR_WORDS = {"author", "authors", "byline", "tacgia"}
_SOURCE_WORDS = {"source", "nguon", "nguontin"}
_TAG_WORDS = {"tag", "tags", "keyword", "keywords", "tukhoa"}
_RELATED_WORDS = {"related", "relate", "lienquan", "tinlienquan"}
_CAPTION_WORDS = {"caption", "figcaption", "desc", "note", "chuthich", "imgdesc"}
_DATE_WORDS = {"date", "time", "datetime", "publish", "published", "pubdate", "dateline", "ngay"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}  # the body's subheadings
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "h1",  # the title's level: not a subheading of the body
    *_HEADINGS,
    "figcaption",
    "center",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "dl",
    "dd",
    "dt",
}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(?P<url>\S+?)\s*-->", re.IGNORECASE)
_CLASS_SPLIT = re.compile(r"[\s_\-]+")


def _words(element) -> set[str]:
    """Class and id words of an element: ``box-tags detail__author`` → {box, tags, detail, author}."""
    if not isinstance(element.tag, str):
        return set()
    raw = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return {w for w in _CLASS_SPLIT.split(raw) if w}


def _has(element, words: set[str]) -> bool:
    return bool(_words(element) & words)


def _text(element) -> str:
    return clean_text(" ".join("".join(element.itertext()).split()))


def _find(scope, words: set[str]):
    return [el for el in scope.iter() if isinstance(el.tag, str) and _has(el, words)]


def _outermost(elements: list) -> list:
    """Drop elements nested in another one of the list."""
    chosen = set(elements)
    return [el for el in elements if not any(a in chosen for a in el.iterancestors())]


def parse_html_capture(data: bytes | str, capture: str, legacy_url: str = "") -> LegacyArticle:
    """Read one saved HTML page. Raises :class:`CaptureError`."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            data = data.decode("cp1258", errors="replace")
    data = re.sub(r"^\s*<\?xml[^>]*\?>", "", data)
    saved_from = _SAVED_FROM.search(data)
    try:
        doc = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as error:
        raise CaptureError(f"không đọc được HTML ({error})") from error

    legacy_url = _legacy_url(doc, saved_from.group("url") if saved_from else "") or legacy_url
    for element in list(doc.iter(*_DROP_TAGS, etree.Comment)):
        _remove(element)
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")

    container = _body_container(doc)
    if container is None:
        raise CaptureError("không tìm thấy phần nội dung bài trong trang HTML")
    title_el = _title_element(doc, container)
    title = _text(title_el) if title_el is not None else _meta_title(doc)
    if not title:
        raise CaptureError("không tìm thấy tiêu đề bài")
    scope = _scope(title_el, container)

    breadcrumb = _breadcrumb(doc)
    published = _published(doc, scope)
    views = next(
        (
            v
            for el in scope.iter()
            if isinstance(el.tag, str)
            and len(el) == 0
            and (v := parse_views(_text(el))) is not None
        ),
        None,
    )
    summary = _first_text(scope, _SAPO_WORDS, exclude=container)
    if not summary:
        summary = _first_text(container, _SAPO_WORDS)
    authors = _authors(scope)
    source, source_url = _source(scope)
    if not source:  # "Theo Báo Lào Cai" in the author's box is a source
        source, source_url = _author_box_source(scope)
    keywords = _keywords(scope)
    related = _related(scope)

    for element in _outermost(
        _find(
            container,
            _CHROME_WORDS
            | _TAG_WORDS
            | _RELATED_WORDS
            | _SAPO_WORDS
            | _AUTHOR_WORDS
            | _SOURCE_WORDS
            | _BREADCRUMB_WORDS,
        )
    ):
        if element is not container:
            _remove(element)
    host = urlsplit(legacy_url).hostname or ""
    blocks = [b for b in _walk(container, title_el, host) if not _is_header_line(b)]
    body = assemble_body(blocks, title)
    if related:
        body = replace(body, related_titles=tuple(dict.fromkeys((*related, *body.related_titles))))
    if not body.blocks and not summary:
        raise CaptureError("không tìm thấy nội dung bài (không có đoạn văn nào)")
    return LegacyArticle(
        capture=capture,
        title=title,
        published=published,
        body=body,
        breadcrumb=breadcrumb,
        views=views,
        legacy_url=legacy_url,
        summary=summary,
        authors=authors,
        source=source,
        source_url=source_url,
        keywords=keywords,
    )


def _remove(element) -> None:
    """Remove an element but keep its tail text."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _legacy_url(doc, saved_from: str) -> str:
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        found = [v.strip() for v in doc.xpath(xpath) if v.strip().startswith(("http", "/"))]
        if found:
            return found[0]
    return saved_from if saved_from.startswith("http") else ""


def _body_container(doc):
    marked = doc.xpath("//*[@itemprop='articleBody']")
    if marked:
        return marked[0]
    credit: dict = {}
    for paragraph in doc.iter("p"):
        holder = paragraph.getparent()
        while holder is not None and holder.tag not in (
            "div",
            "section",
            "article",
            "td",
            "main",
            "body",
        ):
            holder = holder.getparent()
        if holder is None or _has(holder, _SAPO_WORDS | _CHROME_WORDS | _RELATED_WORDS):
            continue
        credit[holder] = credit.get(holder, 0) + len(_text(paragraph))
    if not credit:
        return None
    return max(credit, key=credit.get)


def _title_element(doc, container):
    headings = [h for h in doc.iter("h1") if len(_text(h)) >= 10]
    if not headings:
        return None
    # The heading nearest before the body (a logo <h1> comes first on some sites).
    before = [h for h in headings if h in container.iterancestors() or _precedes(h, container)]
    return (before or headings)[-1]


def _precedes(a, b) -> bool:
    for element in a.getroottree().iter():
        if element is a:
            return True
        if element is b:
            return False
    return False


def _meta_title(doc) -> str:
    for value in doc.xpath("//meta[@property='og:title']/@content"):
        if value.strip():
            return clean_text(value)
    titles = doc.xpath("//title")
    if titles:
        return clean_text(re.split(r"\s+[|–-]\s+", _text(titles[0]))[0])
    return ""


def _scope(title_el, container):
    if title_el is None:
        return container.getparent() if container.getparent() is not None else container
    ancestors = set(title_el.iterancestors())
    for element in (container, *container.iterancestors()):
        if element in ancestors:
            return element
    return container


def _breadcrumb(doc) -> tuple[str, ...]:
    for box in _outermost(_find(doc, _BREADCRUMB_WORDS)):
        items = [
            clean_text(_text(a)) for a in box.iter("a", "li", "span") if len(a) == 0 and _text(a)
        ]
        if not items:
            items = list(parse_breadcrumb(_text(box)) or ())
        items = [i for i in dict.fromkeys(items) if i.strip("›»>/| ")]
        if items and re.match(r"^(Trang chủ|Trang nhất|Home)$", items[0], re.IGNORECASE):
            items = items[1:]
        if items:
            return tuple(items)
    return ()


def _published(doc, scope):
    for value in doc.xpath(
        "//meta[@property='article:published_time']/@content"
        " | //meta[@itemprop='datePublished']/@content"
    ):
        moment = parse_iso_datetime(value)
        if moment:
            return moment
    for area in (scope, doc):
        candidates = _find(area, _DATE_WORDS) + [
            el for el in area.iter() if isinstance(el.tag, str)
        ]
        for element in candidates:
            text = _text(element)
            if len(text) <= 60 and (moment := parse_dateline(text)):
                return moment
            if element.tag == "time" and (
                moment := parse_iso_datetime(element.get("datetime", ""))
            ):
                return moment
    return None


def _first_text(scope, words: set[str], exclude=None) -> str:
    for element in _outermost(_find(scope, words)):
        if exclude is not None and (element is exclude or exclude in element.iterancestors()):
            continue
        if element.tag == "meta":
            continue
        text = _text(element)
        if 20 <= len(text) <= 1000:
            return text
    return ""


def _authors(scope) -> tuple[str, ...]:
    for element in _outermost(_find(scope, _AUTHOR_WORDS)):
        names = parse_byline(_text(element))
        if names:
            return names
    return ()


def _author_box_source(scope) -> tuple[str, str]:
    for element in _outermost(_find(scope, _AUTHOR_WORDS)):
        credited = parse_source(_text(element))
        if credited and credited[0]:
            return credited
    return "", ""


def _source(scope) -> tuple[str, str]:
    for element in _outermost(_find(scope, _SOURCE_WORDS)):
        text = _text(element)
        link = next(
            (a.get("href", "") for a in element.iter("a") if a.get("href", "").startswith("http")),
            "",
        )
        credited = parse_source(text) or ((text, "") if 1 < len(text) <= 80 else None)
        if credited and credited[0]:
            return credited[0], credited[1] or link
    return "", ""


def _keywords(scope) -> tuple[str, ...]:
    found: list[str] = []
    for box in _outermost(_find(scope, _TAG_WORDS)):
        found += [_text(a) for a in box.iter("a") if 1 < len(_text(a)) <= 60]
    return tuple(dict.fromkeys(k.lstrip("#").strip() for k in found))


def _related(scope) -> tuple[str, ...]:
    boxes = _find(scope, _RELATED_WORDS)
    parent = scope.getparent()
    if not boxes and parent is not None:
        boxes = _find(parent, _RELATED_WORDS)
    # A box whose heading says "Tin bài liên quan", whatever its class.
    for heading in scope.iter():
        if (
            isinstance(heading.tag, str)
            and len(_text(heading)) < 40
            and (marker(_text(heading)) or ("",))[0] == "related"
        ):
            box = heading.getparent()
            if box is not None and box not in boxes and box is not scope:
                boxes.append(box)
    titles: list[str] = []
    for box in _outermost(boxes):
        for link in box.iter("a"):
            text = _text(link) or clean_text(link.get("title", ""))
            if 15 <= len(text) <= 200:
                titles.append(text)
    return tuple(dict.fromkeys(titles))


def _is_caption(element) -> bool:
    if element.tag == "figcaption" or _has(element, _CAPTION_WORDS):
        return True
    text = _text(element)
    italic = clean_text(
        " ".join("".join(t for e in element.iter("em", "i") for t in e.itertext()).split())
    )
    return bool(text) and italic == text


def _is_header_line(block: RawBlock) -> bool:
    return block.kind == "p" and (
        parse_dateline(block.text) is not None or parse_views(block.text) is not None
    )


def _is_teaser(element, text: str, host: str) -> bool:
    """The paragraph is one link to another page of the same site (the old
    CMS's inline "related article" teaser), with a headline for its text."""
    links = [a for a in element.iter("a") if (a.get("href") or "").strip()]
    if len(links) != 1 or _text(links[0]) != text or len(text.split()) < 4:
        return False
    href = urlsplit(links[0].get("href").strip())
    if href.scheme not in ("", "http", "https") or not (href.path.strip("/") or href.query):
        return False
    site = host.removeprefix("www.")
    return not href.netloc or (bool(site) and href.hostname.removeprefix("www.") == site)


def _walk(element, title_el, host: str = "") -> list[RawBlock]:
    """Blocks of ``element`` in reading order (``host``: the page's own site)."""
    out: list[RawBlock] = []
    if element is title_el or not isinstance(element.tag, str):
        return out
    tag = element.tag.lower()
    if tag == "img":
        return [RawBlock(clean_text(element.get("alt", "")), "img")]
    if tag == "figure" or (tag == "table" and element.find(".//img") is not None):
        images = list(element.iter("img"))
        out.append(RawBlock(clean_text(images[0].get("alt", "")) if images else "", "img"))
        holders = ("figcaption", "td", "p", "div")
        captions = [
            _text(part)
            for part in element.iter(*holders)
            if part.find(".//img") is None
            and _text(part)
            and not any(part.find(f".//{h}") is not None for h in holders)
        ]
        caption = " ".join(dict.fromkeys(captions))
        if caption:
            out.append(RawBlock(caption, "caption"))
        return out
    if tag in _HEADINGS:
        text = _text(element)
        return [RawBlock(text, "heading")] if text else []
    children = [c for c in element if isinstance(c.tag, str)]
    if not any(
        c.tag in _BLOCK_TAGS or c.tag == "img" or c.find(".//img") is not None for c in children
    ):
        text = _text(element)
        if text:
            kind = "caption" if _is_caption(element) and len(text) <= 400 else "p"
            kind = "teaser" if _is_teaser(element, text, host) else kind
            out.append(RawBlock(text, kind))
        return out
    if element.text and element.text.strip():
        out.append(RawBlock(clean_text(" ".join(element.text.split()))))
    for child in children:
        out += _walk(child, title_el, host)
        if child.tail and child.tail.strip():
            out.append(RawBlock(clean_text(" ".join(child.tail.split()))))
    return out
