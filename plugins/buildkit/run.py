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
from typing import Any

RUN_KEY = "PORTAL_BUILD_RUN"


class BuildRun(SimpleNamespace):
    """Attributes set by plugins, each documented where it is set
    (docs/architecture.md, "Per-build state")."""

    def __repr__(self) -> str:  # never part of a digest; short in logs
        return f"BuildRun({', '.join(sorted(vars(self)))})"

    # Objects that hold the settings are copied and pickled: Pelican's
    # content cache pickles the metadata, whose authors and categories hold
    # the settings. A copy still belongs to this build (the same run); a
    # pickle leaves this process, where the state means nothing (empty run).
    def __copy__(self) -> BuildRun:
        return self

    def __deepcopy__(self, memo: dict) -> BuildRun:
        return self

    def __reduce__(self) -> tuple:
        return (BuildRun, ())


def build_run(settings: MutableMapping[str, Any]) -> BuildRun:
    """The state of the build ``settings`` belong to (made on first use)."""
    run = settings.get(RUN_KEY)
    if not isinstance(run, BuildRun):
        run = settings[RUN_KEY] = BuildRun()
    return run
