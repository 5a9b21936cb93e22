"""Image markup: Markdown figures, and ``<picture>`` built with ElementTree.

Two steps, so that Pelican's content cache stays correct:

1. ``FigureExtension`` (Python-Markdown, registered in ``MARKDOWN``) turns a
   paragraph holding only an image into ``<figure>`` + ``<figcaption>`` and
   marks every local image with ``data-portal-image``. It depends on the
   Markdown text alone, so the cached HTML never goes stale.
2. ``rewrite_images(html, resolve)`` replaces each marked ``<img>`` by a
   ``<picture>`` from the current build's image sets (hashes, sizes).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from plugins.vietnamese import is_vietnamese_name, nfc

from .plan import MIME, ImageSet
from .refs import is_external

MARKER = "data-portal-image"
CREDIT_PREFIX = "Ảnh"
ENGLISH_CREDIT_PREFIX = "Photo"  # an English article's "(Photo: Name)"
# "Caption text (Ảnh: Name)" — the credit in brackets at the very end (a
# full stop after the bracket, as the legacy sites write it, is allowed) —
# or "Caption text. Ảnh: Name" without brackets, after a sentence's end or a
# dash (never mid-sentence: "Triển lãm ảnh: Hà Nội xưa" is a caption).
_WORD = r"(?P<word>Ảnh|ảnh|ẢNH|Photo|photo|PHOTO)\s*:\s*"
_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*\(\s*" + _WORD + r"(?P<credit>[^()]*?)\s*\)\s*\.?\s*$",
    re.DOTALL,
)
BARE_CREDIT_MAX = 40  # characters of a credit written without brackets
_BARE_CREDIT = re.compile(
    r"^(?:(?P<caption>.*?[.!?…])\s+|(?P<dashed>.*?)\s+[-–—]\s+|)"
    + _WORD
    + r"(?P<credit>(?:(?![.!?…]\s)[^()])*?[^().\s])\s*\.?\s*$",
    re.DOTALL,
)
_MARKED_IMG = re.compile(r"<img\b[^>]*\b" + MARKER + r'="[^"]*"[^>]*>')
_ATTRIBUTE = re.compile(r'([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"')


@dataclass(frozen=True)
class Caption:
    text: str
    credit: str  # the name only, without "Ảnh:"
    prefix: str = CREDIT_PREFIX  # the word before it, as the article's language writes it


# "Ảnh: Quỳnh Hoa", "Photo by Đức Thịnh" typed into Image_Credit, which
# holds the name alone (the page adds the word). Without a colon or "by" the
# word may be the name's own ("Photo Lab Hà Nội"): make check asks, the
# build keeps it (CREDIT_WORD_TYPED).
_CREDIT_WORD = re.compile(r"^(?:(?:ảnh|photo)\s*:|photo\s+by\s)\s*(?=\S)", re.IGNORECASE)
CREDIT_WORD_TYPED = re.compile(r"^(?:ảnh|photo)\b", re.IGNORECASE)


def credit_name(credit: str) -> str:
    """``Image_Credit`` as the page shows it after its own "Ảnh:": the name
    alone (``"Ảnh: Quỳnh Hoa"`` → ``"Quỳnh Hoa"``; a name stays as it is)."""
    credit = (credit or "").strip()
    return _CREDIT_WORD.sub("", credit, count=1).strip()


def split_caption(title: str) -> Caption:
    """``"Đoàn đại biểu (Ảnh: Minh Anh)"`` → caption and credit."""
    title = nfc(title or "").strip()
    match = _CREDIT.match(title)
    if not match:
        bare = _BARE_CREDIT.match(title)
        # Without brackets, only a name is a credit ("Ảnh: Quỳnh Hoa"), not
        # a caption that begins with the word ("Ảnh: Toàn cảnh hội nghị …").
        if bare and len(bare["credit"]) <= BARE_CREDIT_MAX and len(bare["credit"].split()) <= 5:
            match = bare
    if match:
        english = match["word"].lower() == "photo"
        prefix = ENGLISH_CREDIT_PREFIX if english else CREDIT_PREFIX
        caption = (match["caption"] or match.groupdict().get("dashed") or "").strip()
        if caption.endswith(".") and not caption.endswith(".."):  # "… làm việc. (Ảnh: …)"
            caption = caption[:-1]
        return Caption(caption, match["credit"].strip(), prefix)
    return Caption(title, "")


def figcaption(caption: Caption) -> ET.Element | None:
    """``<figcaption>Lễ đón đoàn <span class="credit">(Ảnh: Minh Anh)</span></figcaption>``.

    The credit is its own element and, after a caption, keeps its brackets:
    the text alone (a feed reader, the search index, a copied quote) still
    reads "Lễ đón đoàn (Ảnh: Minh Anh)", not "Lễ đón đoàn Ảnh: Minh Anh".
    A credit without a caption is just "Ảnh: Minh Anh".

    In an English credit ("Photo: Đức Thịnh") a Vietnamese name is marked
    ``lang="vi"``, as bylines are (plugins/editions/names.py): on an
    English page a screen reader would read it with English rules.
    """
    if not caption.text and not caption.credit:
        return None
    element = ET.Element("figcaption")
    element.text = caption.text
    if caption.credit:
        opening, closing = ("(", ")") if caption.text else ("", "")
        if caption.text:
            element.text = caption.text + " "
        credit = ET.SubElement(element, "span", {"class": "credit"})
        credit.text = f"{opening}{caption.prefix}: {caption.credit}{closing}"
        if caption.prefix == ENGLISH_CREDIT_PREFIX and is_vietnamese_name(caption.credit):
            credit.text = f"{opening}{caption.prefix}: "
            name = ET.SubElement(credit, "span", {"lang": "vi"})
            name.text = caption.credit
            name.tail = closing
    return element


def _only_child_image(paragraph: ET.Element) -> ET.Element | None:
    children = list(paragraph)
    if len(children) != 1 or children[0].tag != "img":
        return None
    image = children[0]
    if (paragraph.text or "").strip() or (image.tail or "").strip():
        return None
    return image


def figures_in_tree(root: ET.Element) -> None:
    """Pure transform of a Markdown tree: standalone images become figures.

    ``<p><img alt src title></p>`` → ``<figure class="figure"><img …>
    <figcaption>caption <span class="credit">(Ảnh: Name)</span></figcaption></figure>``.
    Local images (not ``https:``) get the ``data-portal-image`` marker.
    """
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            if child.tag != "p":
                continue
            image = _only_child_image(child)
            if image is None:
                continue
            figure = ET.Element("figure", {"class": "figure"})
            figure.tail = child.tail
            caption = split_caption(image.attrib.pop("title", ""))
            image.tail = None
            figure.append(image)
            element = figcaption(caption)
            if element is not None:
                figure.append(element)
            parent.remove(child)
            parent.insert(index, figure)
    for image in root.iter("img"):
        if not is_external(image.get("src", "")):
            image.set(MARKER, "")


class FigureTreeprocessor(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        figures_in_tree(root)


class FigureExtension(Extension):
    """Register with ``MARKDOWN = {"extension_configs": {"plugins.images.markup:FigureExtension": {}}}``."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        # After inline patterns (20) created the <img>, before prettify (10).
        md.treeprocessors.register(FigureTreeprocessor(md), "portal_figures", 15)


def makeExtension(**kwargs) -> FigureExtension:  # noqa: N802 (Python-Markdown's loader name)
    return FigureExtension(**kwargs)


# --- <picture> -------------------------------------------------------------------


def picture_element(
    images: ImageSet, alt: str, sizes: str, lead: bool = False, eager: bool = False
) -> ET.Element:
    """``<picture>`` with a WebP ``<source>`` and a JPEG ``<img>`` carrying width/height.

    ``lead``: the page's largest image, fetched first; ``eager``: an image
    in the first screen that is not the lead (the home page's top stories),
    loaded at once; any other waits until it is scrolled near (lazy)."""
    picture = ET.Element("picture")
    for fmt in images.formats:
        if fmt != "jpeg":
            ET.SubElement(
                picture, "source", {"type": MIME[fmt], "srcset": images.srcset(fmt), "sizes": sizes}
            )
    attributes = {
        "src": images.fallback,
        "srcset": images.srcset("jpeg"),
        "sizes": sizes,
        "width": str(images.width),
        "height": str(images.height),
        "alt": alt,
    }
    if lead:
        attributes["fetchpriority"] = "high"
    elif eager:
        attributes["decoding"] = "async"
    else:
        attributes |= {"loading": "lazy", "decoding": "async"}
    ET.SubElement(picture, "img", attributes)
    return picture


def to_html(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode", method="html")


def picture_html(
    images: ImageSet, alt: str, sizes: str, lead: bool = False, eager: bool = False
) -> str:
    return to_html(picture_element(images, alt, sizes, lead, eager))


def plain_img_html(src: str, alt: str) -> str:
    return to_html(
        ET.Element("img", {"src": src, "alt": alt, "loading": "lazy", "decoding": "async"})
    )


def rewrite_images(content: str, resolve: Callable[[str], ImageSet | None], sizes: str) -> str:
    """Replace every marked ``<img>`` in ``content`` by its ``<picture>``.

    Only tags written by ``FigureExtension`` carry the marker, and
    Python-Markdown escapes ``"`` and ``>`` inside attribute values, so a
    tag-level pattern is exact here. Unresolved images stay plain ``<img>``.
    """
    if MARKER not in content:
        return content

    def replace(match: re.Match[str]) -> str:
        attributes = {
            name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(0))
        }
        src, alt = attributes.get("src", ""), attributes.get("alt", "")
        images = resolve(src)
        if images is None:
            return plain_img_html(src, alt)
        return picture_html(images, alt, sizes)

    return _MARKED_IMG.sub(replace, content)
