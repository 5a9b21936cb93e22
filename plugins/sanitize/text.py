"""Plain-text values escape themselves when a template prints them.

Pelican's Jinja environment does not autoescape, and Pelican's convention
is that ``article.title`` is HTML. Our content model says the header fields
are plain text (docs/content-model.md), so a title such as
``Hợp tác <Việt – Lào> & …`` must be shown as written. :class:`PlainText`
marks such values; :func:`finalize` (Jinja's ``finalize`` hook) escapes a
plain-text value, a Pelican taxonomy object (tag, author, category) or the
result of ``striptags`` when it is printed. A value already escaped with
``|e`` is a ``Markup`` and is printed as is, so templates may keep ``|e``.
Text built by concatenation (``"Nguồn: " ~ article.source``) loses the mark:
such expressions still need ``|e`` in the template.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from markupsafe import Markup, escape


class PlainText(str):
    """A string that is text, not HTML (escaped when a template prints it)."""

    __slots__ = ()

    def __html__(self) -> str:  # markupsafe / Jinja: how to print it in HTML
        return str(escape(str(self)))


def plain(value: Any) -> Any:
    """``value`` marked as plain text if it is a string (and not already HTML)."""
    if isinstance(value, str) and not isinstance(value, (PlainText, Markup)):
        return PlainText(value)
    return value


def make_finalize(
    taxonomy_types: tuple[type, ...], previous: Callable[[Any], Any] | None = None
) -> Callable[[Any], Any]:
    """Jinja ``finalize``: escape plain text and taxonomy names when printed."""

    def finalize(value: Any) -> Any:
        if previous is not None:
            value = previous(value)
        kind = type(value)
        if kind is str or kind is Markup or kind is int:
            return value  # most printed values (5 million at 10k articles): nothing to do
        if isinstance(value, PlainText) or (taxonomy_types and isinstance(value, taxonomy_types)):
            return escape(str(value))
        return value

    # What it is made from, for the shared compiled templates (Jinja calls
    # finalize on constants while compiling; plugins/buildkit/templates.py)
    made_from = ", ".join(f"{kind.__module__}.{kind.__qualname__}" for kind in taxonomy_types)
    before = "" if previous is None else getattr(previous, "template_key", f"@{id(previous):x}")
    finalize.template_key = f"{__name__}.make_finalize(({made_from}), {before})"  # type: ignore[attr-defined]
    return finalize


# Filters that return a new plain ``str``: their result keeps the mark.
TEXT_FILTERS = (
    "trim",
    "truncate",
    "upper",
    "lower",
    "capitalize",
    "title",
    "replace",
    "center",
    "wordwrap",
    "indent",
    "default",
    "d",
)


def _wrap_filter(
    function: Callable[..., Any], mark: Callable[[Any, Any], Any]
) -> Callable[..., Any]:
    """Wrap a Jinja filter; ``mark(value, result)`` post-processes its result.
    Filters declared ``pass_context`` / ``pass_environment`` … get that
    argument first (``wraps`` copies the declaration)."""
    passes_arg = getattr(function, "jinja_pass_arg", None) is not None

    @wraps(function)
    def wrapper(*args, **kwargs):
        value = args[1] if passes_arg else args[0]
        return mark(value, function(*args, **kwargs))

    return wrapper


def keep_plain(function: Callable[..., Any]) -> Callable[..., Any]:
    """A string filter whose result stays plain text when its input was."""
    return _wrap_filter(
        function,
        lambda value, result: plain(result) if isinstance(value, PlainText) else result,
    )


def plain_striptags(function: Callable[..., Any]) -> Callable[..., Any]:
    """``striptags`` unescapes entities (``&lt;script&gt;`` → ``<script>``):
    its result is plain text, escaped when printed."""
    return _wrap_filter(function, lambda value, result: plain(result))
