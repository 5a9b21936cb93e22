"""Sanitise what editors write before it reaches readers' browsers.

* Body and sapo HTML (Markdown allows raw HTML; legacy imports carry HTML):
  ``<script>``, ``<iframe>``, ``<object>`` … and event-handler attributes,
  ``javascript:`` / ``data:`` URLs are removed (a warning names the file).
* Text not in NFC (a warning of the content check) is published in NFC.
* Plain-text header fields (Title, Image_Alt, Image_Caption, Image_Credit,
  Source, Series) and tag / author / category names are marked
  :class:`~plugins.sanitize.text.PlainText`; the templates' Jinja
  environment escapes them when printed (``finalize`` hook), so
  ``<script>`` in a title is shown, never run.

Setting ``SANITIZE`` (merged over :data:`DEFAULTS`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from pelican import signals
from pelican.urlwrappers import URLWrapper

from plugins.vietnamese import nfc

from .markup import COMMENT, Cleaned, sanitize_html
from .text import TEXT_FILTERS, PlainText, keep_plain, make_finalize, plain, plain_striptags

__all__ = ["Cleaned", "PlainText", "plain", "register", "sanitize_html"]

logger = logging.getLogger(__name__)

DEFAULTS: dict = {
    "text_fields": ("title", "image_alt", "image_caption", "image_credit", "source", "series"),
}


def options(settings: Mapping) -> dict:
    """``SANITIZE`` merged over the defaults (the settings are not touched)."""
    return {**DEFAULTS, **(settings.get("SANITIZE") or {})}


def _shown(instance) -> str:
    path = getattr(instance, "source_path", None) or "?"
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _reports_comments(instance, content: object) -> bool:
    """Whether removing an HTML comment is worth a warning here: not for a
    draft (nothing is published), nor for the guide block of ``make new``
    (the content check warns, at its line, when a published article keeps it)."""
    from plugins.scaffold.article import GUIDE_MARKER

    if str(getattr(instance, "status", "")).lower() == "draft":
        return False
    return not (isinstance(content, str) and GUIDE_MARKER in content)


def clean_content(instance) -> None:
    """content_object_init: clean the HTML, mark the plain-text fields."""
    removed: list[str] = []
    content = getattr(instance, "_content", None)
    if isinstance(content, str):
        cleaned = sanitize_html(nfc(content))
        instance._content = cleaned.html
        removed += cleaned.removed
    summary = getattr(instance, "_summary", None)
    if isinstance(summary, str):
        cleaned = sanitize_html(nfc(summary))
        if cleaned.html != summary:
            instance._summary = cleaned.html
            instance.metadata["summary"] = cleaned.html
        removed += cleaned.removed
    if COMMENT in removed:
        # A note, never code: its own warning, or none (a draft, the guide
        # of make new), never the one about code that could run below.
        if _reports_comments(instance, content):
            logger.warning(
                "%s: đã xóa chú thích HTML <!-- … --> (không đăng ghi chú nội bộ)",
                _shown(instance),
            )
        removed = [item for item in removed if item != COMMENT]
    if removed:
        logger.warning(
            "%s: đã loại bỏ mã có thể chạy trong trình duyệt (%s) — bài không được chứa"
            " <script>, <iframe>, thuộc tính on…= hay liên kết javascript:",
            _shown(instance),
            ", ".join(dict.fromkeys(removed)),
        )
    mark_plain_text(instance)
    for name in ("tags", "authors"):
        for item in getattr(instance, name, None) or ():
            if isinstance(item, URLWrapper) and isinstance(item.name, str):
                slug = item.slug  # keep the URL computed from the original name
                item.name = plain(nfc(item.name))
                item.slug = slug


def mark_plain_text(instance) -> None:
    """Mark the plain-text fields of a content object (idempotent)."""
    for name in options(instance.settings)["text_fields"]:
        value = getattr(instance, name, None)
        if isinstance(value, str):
            setattr(instance, name, plain(nfc(value)))


def mark_after_enrichment(generator) -> None:
    """article_generator_pretaxonomy: plugins.content_model sets ``series``
    (and may set other fields) again from the metadata: mark them again."""
    for article in (*generator.articles, *generator.drafts, *generator.hidden_articles):
        mark_plain_text(article)


def escape_in_templates(generator) -> None:
    """generator_init: plain text and taxonomy names escape themselves."""
    env = generator.env
    env.finalize = make_finalize((URLWrapper,), env.finalize)
    if "striptags" in env.filters:
        env.filters["striptags"] = plain_striptags(env.filters["striptags"])
    for name in TEXT_FILTERS:
        if name in env.filters:
            env.filters[name] = keep_plain(env.filters[name])


def register() -> None:
    signals.content_object_init.connect(clean_content)
    signals.article_generator_pretaxonomy.connect(mark_after_enrichment)
    signals.generator_init.connect(escape_in_templates)
