"""What of a Markdown body the reader gets as text: code and comments masked.

Code blocks (fenced with ```` ``` ```` or ``~~~``, or indented) and inline
code are shown as written, and
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
from itertools import repeat

COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)  # an unclosed one runs to the end
INLINE_CODE = re.compile(r"(`+).*?\1")
FENCE = re.compile(r"^\s*(```|~~~)")
# Markdown's indented code: a line indented by four spaces or a tab after a
# blank line, unless it goes on a list item (then it is the item's text).
INDENT = ("    ", "\t")
LIST_ITEM = re.compile(r"^\s{0,3}(?:[*+-]|\d+[.)])\s")
RULE = re.compile(r"^\s{0,3}([*_-])(?:\s*\1){2,}\s*$")  # "* * *", "---": not a list item
HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")  # a block of one line


def masked_code(lines: Sequence[str]) -> tuple[str, bool]:
    """``lines`` joined, code blocks (fenced or indented) blanked and inline
    code turned into ``_``, line breaks kept; and whether there was a code
    block (shown even when empty)."""
    text = "\n".join(lines)
    if (
        "`" not in text
        and "~~~" not in text
        and not any(map(str.startswith, lines, repeat(INDENT)))
    ):
        return text, False  # most articles have no code at all
    masked: list[str] = []
    in_fence = in_indented = code = in_list = False
    after_blank = True  # the body's first line starts a block
    for line in lines:
        blank = not line.strip()
        indented = line.startswith(INDENT)
        if in_indented and not blank and not indented:
            in_indented = False
        if FENCE.match(line) and not in_indented:
            in_fence = not in_fence
            code = True
            masked.append("")
        elif in_fence or in_indented:
            masked.append("")
        elif indented and not blank and after_blank and not in_list:
            in_indented = code = True
            masked.append("")
        else:
            # A line after a blank one starts a block (a list item or not);
            # one right after a list item's text goes on with it ("lazy").
            if not blank and not indented and (after_blank or not in_list):
                in_list = bool(LIST_ITEM.match(line)) and not RULE.match(line)
            masked.append(INLINE_CODE.sub(lambda m: "_" * len(m.group()), line))
        after_blank = blank or bool(HEADING.match(line) or RULE.match(line)) and not in_fence
    return "\n".join(masked), code


def blank_comment(match: re.Match) -> str:
    """A comment's replacement: its line breaks only."""
    return "\n" * match.group().count("\n")


def visible_text(lines: Sequence[str]) -> str:
    """``lines`` with code masked and comments blanked (line breaks kept)."""
    text, _ = masked_code(lines)
    return COMMENT.sub(blank_comment, text) if "<!--" in text else text
