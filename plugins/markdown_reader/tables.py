"""Markdown tables in a scrolling region that a keyboard can reach.

A table wider than a phone scrolls sideways inside the article, not the
page. A scrolling box must be reachable with Tab (axe:
``scrollable-region-focusable``) and say what it is, so each ``<table>``
of a Markdown body is wrapped as the statistics page wraps its tables:
``<div class="table-scroll" role="region" tabindex="0" aria-label="Bảng">``.
The name is the extension's ``label`` (pelicanconf.py: "Bảng", "Table" in
the English edition); the theme draws the scroll cue (article.css).
Raw HTML tables (kept as HTML by Markdown) are left as they are; the theme
lets them scroll by themselves (article.css).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class _ScrollingTables(Treeprocessor):
    def __init__(self, md: Markdown, label: str) -> None:
        super().__init__(md)
        self.label = label

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                region = ET.Element(
                    "div",
                    {
                        "class": "table-scroll",
                        "role": "region",
                        "tabindex": "0",
                        "aria-label": self.label,
                    },
                )
                region.tail, child.tail = child.tail, None
                parent.remove(child)
                region.append(child)
                parent.insert(index, region)


class ScrollingTablesExtension(Extension):
    def __init__(self, **kwargs) -> None:  # noqa: ANN003 — Markdown's extension config
        self.config = {"label": ["Bảng", "the accessible name of a table's scrolling region"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 — Markdown's API
        # A tree processor: after the block parser built the tables. Priority
        # 5 runs after inline processing (20) and prettify (10); any place
        # among the tree processors works, since none looks for tables.
        md.treeprocessors.register(
            _ScrollingTables(md, self.getConfig("label")), "scrolling_tables", 5
        )


def makeExtension(**kwargs) -> ScrollingTablesExtension:  # noqa: ANN003, N802 — Markdown's API
    return ScrollingTablesExtension(**kwargs)
