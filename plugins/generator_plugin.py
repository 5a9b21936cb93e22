"""The module functions of a plugin that is one Pelican generator with one setting.

``plugins.feeds``, ``plugins.sitemap`` and ``plugins.search`` each add a
generator (it runs after the articles are read, so their context is known)
and read one setting (``FEEDS``, ``SITEMAP``, ``SEARCH``) that ``make check``
and scripts/build.py validate before anything is read
(:mod:`plugins.content_check.config` calls a plugin's ``validate_settings``).
:func:`generator_plugin` makes the three functions Pelican and the check
look for, so the plugins differ only in what they pass.

A library, not a Pelican plugin: nothing here is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pelican import signals
from pelican.generators import Generator


def generator_plugin(
    generator: type[Generator], read_setting: Callable[[Mapping], Any]
) -> tuple[Callable[[Any], type[Generator]], Callable[[Mapping], None], Callable[[], None]]:
    """``(get_generators, validate_settings, register)`` for a plugin module.

    ``read_setting(settings)`` is the plugin's own reader of its setting; it
    raises ``ValueError`` (in Vietnamese, naming the setting) for a bad one,
    which is what ``validate_settings`` must do.
    """

    def get_generators(pelican: Any) -> type[Generator]:
        return generator

    def validate_settings(settings: Mapping) -> None:
        """Raise ValueError (in Vietnamese) for an invalid setting of the
        plugin (``make check`` and scripts/build.py call it before anything
        is read)."""
        read_setting(settings)

    def register() -> None:
        signals.get_generators.connect(get_generators)

    return get_generators, validate_settings, register
