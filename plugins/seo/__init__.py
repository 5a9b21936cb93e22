"""Canonical URL, OpenGraph, Twitter card and JSON-LD for every page.

The logic is pure (``model.py``: :class:`PageSeo` → tags and schema.org
objects; ``site.py``: absolute URLs); ``adapter.py`` reads a template context
once. Templates call the context function ``seo_tags()`` (see
``theme/templates/partials/head_meta.html``). Setting: ``SEO`` merged over
``adapter.DEFAULTS``.
"""

from __future__ import annotations

from collections import ChainMap
from typing import Any

from jinja2 import pass_context
from pelican import signals

from plugins.reference import reference_for

from .adapter import page_seo, seo_options
from .model import PageSeo, SeoHead, json_ld, json_script, seo_head

__all__ = [
    "PageSeo",
    "SeoHead",
    "add_context_functions",
    "json_ld",
    "json_script",
    "register",
    "seo_head",
]


def add_context_functions(generator: Any) -> None:
    """Put ``seo_tags()`` and ``jsonld()`` in the shared template context
    (once: every generator shares the same context dictionary)."""
    context = generator.context
    if "seo_tags" in context:
        return
    settings = generator.settings
    seo_options(settings)  # fail early on a misspelt SEO setting
    reference = reference_for(settings)

    @pass_context
    def seo_tags(template_context: Any, **overrides: Any) -> SeoHead:
        page_context = ChainMap(overrides, template_context) if overrides else template_context
        return seo_head(page_seo(page_context, settings, reference))

    @pass_context
    def jsonld(template_context: Any, **overrides: Any) -> list[str]:
        page_context = ChainMap(overrides, template_context) if overrides else template_context
        return [json_script(obj) for obj in json_ld(page_seo(page_context, settings, reference))]

    context["seo_tags"] = seo_tags
    context["jsonld"] = jsonld


def validate_settings(settings) -> None:
    """Raise ValueError (in Vietnamese) for an invalid ``SEO`` setting
    (``make check`` and scripts/build.py call it before anything is read)."""
    seo_options(settings)


def register() -> None:
    # generator_init: every generator shares one context dict; adding the
    # functions when the first generator is created makes them available to
    # every template, before anything is rendered.
    signals.generator_init.connect(add_context_functions)
