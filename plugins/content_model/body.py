"""What of a Markdown body the reader gets as text: code and comments masked.

Fenced code (```` ``` ````, ``~~~``) and inline code are shown as written, and
HTML comments are never published (plugins/sanitize): an image, a link or a
note written inside them is not one. The content check and the image
pipeline both look for images in a body; they read it through
:func:`masked_code` and :data:`COMMENT`, so they agree on what is one.

Masking keeps every line break and offset, so a match in the masked text
is at the same line and column as in the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)  # an unclosed one runs to the end
INLINE_CODE = re.compile(r"(`+).*?\1")
FENCE = re.compile(r"^\s*(```|~~~)")


def masked_code(lines: Sequence[str]) -> tuple[str, bool]:
    """``lines`` joined, fenced code blanked and inline code turned into
    ``_``, offsets kept; and whether there was a fenced block."""
    text = "\n".join(lines)
    if "`" not in text and "~~~" not in text:  # most articles have no code at all
        return text, False
    masked: list[str] = []
    in_fence = fenced = False
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
            fenced = True
            masked.append("")
        elif in_fence:
            masked.append("")
        else:
            masked.append(INLINE_CODE.sub(lambda m: "_" * len(m.group()), line))
    return "\n".join(masked), fenced


def blank_comment(match: re.Match) -> str:
    """A comment's replacement: its line breaks only."""
    return "\n" * match.group().count("\n")


def visible_text(lines: Sequence[str]) -> str:
    """``lines`` with code masked and comments blanked (line breaks kept)."""
    text, _ = masked_code(lines)
    return COMMENT.sub(blank_comment, text) if "<!--" in text else text
