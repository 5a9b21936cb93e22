"""``{% memo key, … %}…{% endmemo %}``: a template fragment rendered once per key.

A Jinja extension (named in ``JINJA_ENVIRONMENT["extensions"]``), not a
Pelican plugin. The theme wraps its article card in it: one article's card
appears on the home page, its section's, tags', provinces', author's and
archive pages, and in the related lists of other articles, always from the
same arguments. Rendering cards was a fifth of the template time of a
10,000-article build (``partials/card.html``'s macro in a serial cProfile,
see the README's benchmark section).

The key must name everything the fragment's output depends on (the theme
passes the article's URL, every macro argument and ``SITEURL``). The
memory is per Jinja environment: Pelican makes new environments for every
build, so nothing survives from one build to the next; :func:`forget`
clears it when an article changes within one environment's life. A key that
cannot be hashed renders the fragment every time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import nodes
from jinja2.environment import Environment
from jinja2.ext import Extension
from jinja2.parser import Parser

__all__ = ["MemoExtension", "forget"]


def forget(environment: Environment) -> None:
    """Drop every fragment ``environment`` remembers: an article changed
    within one environment's life (``make serve``'s fast preview)."""
    for extension in environment.extensions.values():
        if isinstance(extension, MemoExtension):
            extension.rendered.clear()


class MemoExtension(Extension):
    tags = {"memo"}  # noqa: RUF012 (Jinja's class attribute)

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.rendered: dict[tuple, Any] = {}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endmemo",), drop_needle=True)
        call = self.call_method("_render_once", [nodes.List(key, lineno=lineno)])
        return nodes.CallBlock(call, [], [], body, lineno=lineno)

    def _render_once(self, key: Sequence[Any], caller: Callable[[], Any]) -> Any:
        try:
            found = self.rendered.get(tuple(key))
        except TypeError:  # unhashable: no memory
            return caller()
        if found is None:
            found = self.rendered[tuple(key)] = caller()
        return found
