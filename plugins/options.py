"""Read a plugin's dict setting: merged over its defaults, unknown keys refused.

Most plugins take one namespaced setting (``SEO = {...}``, ``PARALLEL =
{...}`` …) whose keys override the plugin's defaults. A misspelt key must
not silently fall back to a default, so every plugin refuses the keys it
does not know, with the same Vietnamese message naming the setting, the
unknown keys and the valid ones. :func:`plugin_options` is that one
reading; each plugin keeps its own typed result and its own value checks.

A library, not a Pelican plugin: nothing here is registered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["plugin_options"]


def plugin_options(settings: Mapping[str, Any], name: str, defaults: Mapping[str, Any]) -> dict:
    """The setting ``name`` (a dict; absent or ``None``: empty) merged over
    ``defaults``, as a new dict (``settings`` is not touched).

    A key not in ``defaults`` raises ``ValueError``:
    ``"NAME: khóa không hợp lệ a, b (hợp lệ: x, y)"``, both lists sorted.
    """
    merged = {**defaults, **(settings.get(name) or {})}
    unknown = sorted(str(key) for key in merged.keys() - defaults.keys())
    if unknown:
        raise ValueError(
            f"{name}: khóa không hợp lệ {', '.join(unknown)}"
            f" (hợp lệ: {', '.join(sorted(defaults))})"
        )
    return merged
