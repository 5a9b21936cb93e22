"""Interface texts in the build's language (gettext, Jinja's i18n extension).

Every generator's Jinja environment gets the catalog of the run's edition
(``settings["EDITION"]``, plugins/editions) (``theme/translations/<lang>/LC_MESSAGES/
messages.po``, compiled in memory: see :mod:`plugins.i18n.catalog`), so the
templates' ``{{ _("…") }}`` print Vietnamese in the portal and English in
the /en/ edition. The extension itself (:class:`I18nExtension`, Jinja's
with the Vietnamese catalog installed from the start) is named in
``JINJA_ENVIRONMENT["extensions"]`` (pelicanconf.py). Plugins that put
texts on readers' pages themselves use :func:`translator`.

Every Pelican generator (the plugins' own ones too: topics, feeds, search,
statistics, legacy_urls) makes its environment in ``Generator.__init__``,
which sends ``generator_init``: one handler covers them all.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .catalog import N_, CatalogNotFound, I18nExtension, install, load, translator

__all__ = ["N_", "CatalogNotFound", "I18nExtension", "install", "load", "register", "translator"]


def install_translations(generator: Any) -> None:
    """generator_init: the catalog of DEFAULT_LANG into the generator's environment."""
    install(generator.env, translator(generator.settings))


def validate_settings(settings: Any) -> None:
    """``make check``: every edition's language (DEFAULT_LANG and each of
    EDITIONS) must have a catalog (CatalogNotFound is a ValueError)."""
    for lang in [settings.get("DEFAULT_LANG") or "vi", *(settings.get("EDITIONS") or {})]:
        translator({"EDITION": lang})


def register() -> None:
    signals.generator_init.connect(install_translations)
