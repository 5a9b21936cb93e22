"""Find the images a Markdown source uses, with their line numbers (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from plugins.content_model import read_header
from plugins.content_model.body import visible_text
from plugins.content_model.model import source_lines

# ![alt](src "title") — alt may hold escaped brackets; src may be in <…>.
MARKDOWN_IMAGE = re.compile(
    r"!\[(?P<alt>(?:\\.|[^\]\\])*)\]\(\s*<?(?P<src>(?<=<)[^>\n]+|[^\s)>]+)>?(?:\s+(?P<q>[\"'])(?P<title>.*?)(?P=q))?\s*\)"
)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class ImageRef:
    src: str  # as written by the editor
    document: str  # source file, as shown in messages
    line: int  # 1-based; 0 when unknown
    role: str  # "lead" (the Image field) or "body"

    def where(self) -> str:
        return f"{self.document}:{self.line}" if self.line else self.document


def is_external(src: str) -> bool:
    """An absolute URL (https:, data:, //host) — not an original of ours."""
    return bool(_EXTERNAL.match(src)) and not src.startswith("{")


def content_relative(src: str) -> str:
    """``{static}/images/x.jpg``, ``./images/x.jpg`` or ``/images/x.jpg`` (the
    image's address on the site) → ``images/x.jpg`` (leaves ``..`` alone).
    The content check resolves paths with it too (one rule for both)."""
    text = src.strip()
    for prefix in ("{static}", "{attach}", "{filename}"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    text = text.lstrip("/")
    while text.startswith("./"):
        text = text[2:]
    return text


def resolve_in_content(src: str, content_root: Path) -> tuple[str, Path] | None:
    """``(key, absolute path)`` when ``src`` stays inside ``content_root``, else None.

    Symbolic links are followed first, so a link pointing outside is refused too.
    """
    root = content_root.resolve()
    target = (root / content_relative(src)).resolve()
    if not target.is_relative_to(root):
        return None
    return PurePosixPath(target.relative_to(root)).as_posix(), target


def scan_document(text: str, document: str) -> list[ImageRef]:
    """The ``Image:`` header field and every Markdown body image, in order
    (not those in code or in an HTML comment)."""
    header, _ = read_header(text)
    refs: list[ImageRef] = []
    lead = header.get("image")
    if lead and lead.value:
        refs.append(ImageRef(lead.value, document, lead.line, "lead"))
    # Not in code or in a comment: shown as written, or never published
    # (the content check reads the body the same way).
    body = visible_text(source_lines(text)[header.body_line - 1 :])
    for number, line in enumerate(body.split("\n"), header.body_line):
        for match in MARKDOWN_IMAGE.finditer(line):
            if not is_external(match["src"]):
                refs.append(ImageRef(match["src"], document, number, "body"))
    return refs
