"""The check's caches on disk: one pickle per cache, valid for one context
(a digest of whatever the cached results depend on), written atomically."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path


def load_cache(path: Path | None, context: str) -> dict:
    """The entries a check cache saved under ``context`` (``{}`` when the
    file is missing, unreadable, or from another context)."""
    if path is None:
        return {}
    try:
        with open(path, "rb") as stream:
            loaded = pickle.load(stream)
        if isinstance(loaded, dict) and loaded.get("context") == context:
            return dict(loaded["entries"])
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, KeyError):
        pass
    return {}


def save_cache(path: Path | None, context: str, entries: dict) -> None:
    """Write a check cache atomically; on failure there is simply no cache
    next time (every file is inspected again)."""
    if path is None:
        return
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".content-check-", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            payload = {"context": context, "entries": entries}
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
