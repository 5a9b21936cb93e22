"""This build's own state, kept in its settings instead of module globals.

Pelican hands every signal receiver either the Pelican object, its
generators, its readers or a content object, and all of them hold the one
settings dict of the build (``pelican.settings is generator.settings is
article.settings``). So a plugin that must carry something from one signal
to a later one (the content check running beside the reading, the theme
manifest this build wrote) keeps it on the :class:`BuildRun` stored under
:data:`RUN_KEY` in those settings: it lives exactly as long as the build's
settings, another build in the same process (``make serve``, tests) has
its own, and nothing outlives a build that failed half way.

:data:`RUN_KEY` names how the build runs, never what it reads: the digests
of the settings leave it out (plugins/incremental ``HOW_KEYS``,
scripts/build_manifest.py ``WHERE_KEYS``).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from types import SimpleNamespace
from typing import Any, TypeVar

RUN_KEY = "PORTAL_BUILD_RUN"
T = TypeVar("T")


class BuildScoped:
    """An object that belongs to one build, kept in its settings.

    Objects that hold the settings are copied and pickled: Pelican's
    content cache pickles the metadata, whose authors and categories hold
    the settings. A copy still belongs to this build (the same object); a
    pickle leaves this process, where the state means nothing (an empty one).
    """

    def __copy__(self) -> BuildScoped:
        return self

    def __deepcopy__(self, memo: dict) -> BuildScoped:
        return self

    def __reduce__(self) -> tuple:
        return (type(self), ())


def stored(settings: MutableMapping[str, Any], key: str, kind: type[T]) -> T:
    """The ``kind`` object under ``key`` in ``settings`` (made on first use)."""
    value = settings.get(key)
    if not isinstance(value, kind):
        value = settings[key] = kind()
    return value


class BuildRun(BuildScoped, SimpleNamespace):
    """Attributes set by plugins, each documented where it is set
    (docs/architecture.md, "Per-build state")."""

    def __repr__(self) -> str:  # never part of a digest; short in logs
        return f"BuildRun({', '.join(sorted(vars(self)))})"


def build_run(settings: MutableMapping[str, Any]) -> BuildRun:
    """The state of the build ``settings`` belong to (made on first use)."""
    return stored(settings, RUN_KEY, BuildRun)
