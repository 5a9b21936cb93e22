"""What one language edition's check knows of the other editions.

Each edition is checked, and built, on its own: the English run reads only
``content/en/``. So an internal link from a Vietnamese article to an English
page (``/en/``, ``/en/article/…/``), or from an English article to a
Vietnamese section, would lead to "no page of the portal", and a
``Related:`` slug or a ``{filename}`` link naming the other edition's
article would be reported as missing, when the editor only needs to be told
which edition it belongs to.

:class:`OtherEditions` answers those questions. Each :class:`OtherEdition`
holds that edition's own check (:func:`plugins.content_check.check.check_tree`
with its folders, scheme and reference data), run the first time a link,
slug or file leads into it: a check without such a link never reads the
other edition's files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass
class OtherEdition:
    """Another edition: its part of the site (``home``: ``"en/"``, or ``""``
    for the main edition), its source folders and its own check."""

    home: str
    folders: tuple[str, ...]
    article_url: str  # its ARTICLE_URL pattern ("en/article/{slug}/")
    exists: Callable[[str, Any], bool]  # (output file, its written files): served?
    run_check: Callable[[], Any] = field(repr=False)

    @cached_property
    def report(self) -> Any:
        """Its check's :class:`~plugins.content_check.check.Report` (run once)."""
        return self.run_check()

    def has_page(self, file: str) -> bool:
        """Whether this edition writes the output ``file`` (``en/x/index.html``)."""
        return self.exists(file, self.report.written)

    @cached_property
    def urls_by_source(self) -> dict[str, str]:
        """The page address of each of its published articles and pages."""
        return {entry.source: entry.url for entry in self.report.published if entry.source}

    def holds_source(self, rel: str) -> bool:
        return any(
            rel == folder or rel.startswith(folder.rstrip("/") + "/") for folder in self.folders
        )

    def article(self, slug: str) -> str | None:
        """The address of its published article ``slug``, if it has one."""
        if "{slug}" not in self.article_url:
            return None
        url = "/" + self.article_url.replace("{slug}", slug).lstrip("/")
        return url if url in {entry.url for entry in self.report.published} else None


@dataclass(frozen=True)
class OtherEditions:
    """The other editions of the edition whose part of the site is ``own_home``."""

    own_home: str = ""
    editions: Sequence[OtherEdition] = ()

    def owner(self, file: str) -> OtherEdition | None:
        """The other edition whose part of the site holds the output ``file``
        (the longest home that starts it), or ``None``: this edition's."""
        best, length = None, len(self.own_home) if file.startswith(self.own_home) else -1
        for edition in self.editions:
            if file.startswith(edition.home) and len(edition.home) > length:
                best, length = edition, len(edition.home)
        return best

    def source(self, rel: str) -> OtherEdition | None:
        """The other edition whose folders hold the content file ``rel``."""
        return next((e for e in self.editions if e.holds_source(rel)), None)

    def article(self, slug: str) -> str | None:
        """The address of another edition's published article ``slug``."""
        return next(filter(None, (edition.article(slug) for edition in self.editions)), None)


NONE = OtherEditions()
