"""Python-Markdown's smarty, skipping text that none of its patterns can match.

Use it in ``MARKDOWN["extension_configs"]`` as
``"plugins.markdown_reader.smarty"``, with smarty's own options.

Smarty registers a second inline pass (the ``smarty`` tree processor) whose
18 patterns are tried one after the other on every text node; Python-
Markdown's generic loop makes that about 1 ms per article on our corpus,
half of the whole conversion. Every one of those patterns needs one of the
strings in :data:`TRIGGERS` (a quote, ``--`` or ``---``, ``...``, ``<<``
or ``>>``), so a text node without any of them comes out of the pass
unchanged: :class:`_GatedInlineProcessor` returns such a node at once and
hands the others to smarty's own loop. The result is smarty's,
byte for byte (tests/test_markdown_reader.py).

It overrides ``InlineProcessor.__handleInline`` (a name-mangled method of
``markdown`` 3.x, pinned in pyproject.toml); if a later ``markdown`` renames
it, :func:`makeExtension` falls back to plain smarty and the test that
checks the gate fails.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import InlineProcessor

TRIGGERS = re.compile(r"['\"]|--|\.\.\.|<<|>>")
_HANDLE = "_InlineProcessor__handleInline"
GATE_AVAILABLE = callable(getattr(InlineProcessor, _HANDLE, None))


class _GatedInlineProcessor(InlineProcessor):
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if TRIGGERS.search(data) is None:
            return data
        return getattr(InlineProcessor, _HANDLE)(self, data, patternIndex)


class GatedSmartyExtension(SmartyExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        super().extendMarkdown(md)
        if not GATE_AVAILABLE or "smarty" not in md.treeprocessors:
            return
        plain = md.treeprocessors["smarty"]
        gated = _GatedInlineProcessor(md)
        gated.inlinePatterns = plain.inlinePatterns
        md.treeprocessors.register(gated, "smarty", 6)  # smarty's own priority


def makeExtension(**kwargs: Any) -> GatedSmartyExtension:  # noqa: N802 (Python-Markdown's loader name)
    return GatedSmartyExtension(**kwargs)
