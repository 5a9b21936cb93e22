"""A Markdown reader that builds its parsers once instead of once per file."""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from plugins.content_model.model import FIELDS, Kind
from plugins.vietnamese import nfc

META = "meta"
# Fields with a fixed set of values ("Lang: en", "Status: draft"): make
# check accepts them in any case, so the build reads them lower-cased, as
# the check does ("Lang: EN" is the English edition, not a page of its own).
CHOICE_KEYS = frozenset(spec.name for spec in FIELDS if spec.kind is Kind.CHOICE)
DATE_KEYS = frozenset(spec.name for spec in FIELDS if spec.kind is Kind.DATETIME)
# The lists Pelican splits into pages of their own (keywords, authors).
LIST_KEYS = frozenset({"tags", "authors"})
_GMT_PLUS_7 = re.compile(r"\s*GMT\+7$")

# A field Markdown would only wrap in a paragraph: one line of letters,
# digits, spaces and punctuation no extension reads (no quote for smarty,
# no ``--``/``..``, no emphasis, link, code, HTML, reference, escape, table,
# heading or list start). Checked against the real parser (hypothesis,
# tests/test_markdown_reader.py).
_PLAIN_FIELD = re.compile(r"(?![\d.+=:-])(?!.*(?:--|\.\.))(?:[^\W_]|[ ,.;:!?()%/+=-])+")


class _NoMetadata(Preprocessor):
    """Stands in the field parser for the metadata preprocessor Pelican's
    ``_parse_metadata`` deregisters before converting a field."""

    def run(self, lines: list[str]) -> list[str]:
        return lines


class ReusingMarkdownReader(MarkdownReader):
    """Pelican's reader; the two parsers are made on first use and reset per use.

    ``Markdown.reset()`` clears what a document leaves behind (stashed HTML,
    references, footnotes, abbreviations, ``Meta``) in every extension that
    registers itself for it, as Python-Markdown's documentation asks of an
    extension that keeps state.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._documents: Markdown | None = None
        self._fields: Markdown | None = None

    def _parser(self, metadata: bool) -> Markdown:
        if metadata:
            if self._documents is None:
                self._documents = Markdown(**self.settings["MARKDOWN"])
            return self._documents
        if self._fields is None:
            self._fields = Markdown(**self.settings["MARKDOWN"])
            self._fields.preprocessors.deregister(META, strict=False)
        # Pelican's _parse_metadata deregisters "meta" from the parser it uses.
        self._fields.preprocessors.register(_NoMetadata(self._fields), META, 0)
        return self._fields

    def process_metadata(self, name: str, value: Any) -> Any:
        if name in CHOICE_KEYS and isinstance(value, str):
            value = value.strip().lower()
        elif name in LIST_KEYS and isinstance(value, str):
            # "đối ngoại  nhân dân" is the keyword "đối ngoại nhân dân", as
            # make check reads it (content_model.split_list): two spellings
            # of one address would otherwise refuse the build.
            value = " ".join(value.split())
        elif name in DATE_KEYS and isinstance(value, str):
            # "GMT+7" as datelines write it: make check reads Vietnam time;
            # dateutil reads POSIX "GMT+7", seven hours *behind* UTC.
            value = _GMT_PLUS_7.sub("+07:00", value.strip())
        return super().process_metadata(name, value)

    def read(self, source_path: str) -> tuple[str, dict]:
        self._source_path = source_path
        documents = self._parser(metadata=True)
        documents.reset()
        with pelican_open(source_path) as text:
            # In NFC, the header too: make check only warns about NFD text,
            # and an NFD value (Image_Alt) went out as written (og:image:alt).
            content = documents.convert(nfc(text))
        meta = getattr(documents, "Meta", None)
        if not meta:
            return content, {}
        # A value that goes on over indented lines is a list of its lines;
        # it is one value, joined by a space, as make check reads it (a
        # wrapped Tags line kept only its first line; a wrapped Title broke
        # the build). Formatted fields (the sapo) Pelican joins itself.
        formatted = set(self.settings.get("FORMATTED_FIELDS") or ())
        meta = {
            key: [" ".join(lines)] if len(lines) > 1 and key not in formatted else lines
            for key, lines in meta.items()
        }
        # What _parse_metadata converts with (the sapo of every article).
        self._md = _FieldConverter(self._parser(metadata=False))
        return content, self._parse_metadata(meta)


class _FieldConverter:
    """The field parser, except that plain one-line text (most sapos) is
    wrapped in a paragraph without running it: a conversion costs a whole
    document's fixed overhead, 10,000 of them at 10,000 articles."""

    def __init__(self, parser: Markdown) -> None:
        self._parser = parser
        self.preprocessors = parser.preprocessors

    def reset(self) -> _FieldConverter:
        self._parser.reset()
        return self

    def convert(self, text: str) -> str:
        if _PLAIN_FIELD.fullmatch(text) and text == text.strip():
            return f"<p>{text}</p>"
        return self._parser.convert(text)
