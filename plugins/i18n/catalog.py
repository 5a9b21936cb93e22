"""The theme's gettext catalogs, compiled in memory, and their installation
in a Jinja environment.

Pure: no Pelican here (``plugins/i18n/__init__.py`` is the signal handler).

The interface texts of the theme (``theme/templates``) and the few texts
that plugins put on readers' pages are gettext messages with English
msgids; ``theme/translations/<lang>/LC_MESSAGES/messages.po`` holds their
text in each language (``vi``: the Vietnamese edition, ``en``: /en/).

Why the ``.po`` files are compiled here, in memory, and no ``.mo`` file is
kept: a ``.mo`` file is a second copy of the catalog that must be rebuilt
by hand after every edit of the ``.po``. A stale one builds the site with
yesterday's texts and nothing says so, and a committed one doubles every
review. Reading the ``.po`` (Babel's ``read_po`` → ``write_mo`` into a
buffer → :class:`babel.support.Translations`) costs a few milliseconds per
build and per language, and the result is cached by the file's path and
modification time, so an edited catalog is read again by the next build
of a long-lived process (``make serve``). ``pybabel compile`` still works
for anyone who wants ``.mo`` files; the build never reads them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import pass_context
from jinja2.ext import InternationalizationExtension

__all__ = [
    "DOMAIN",
    "SCRIPT_LANG",
    "SITE_LANG",
    "CatalogNotFound",
    "N_",
    "TRANSLATIONS_DIR",
    "Translations",
    "catalog_path",
    "install",
    "load",
    "translator",
]

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "messages"
# The language of settings that name none (a bare dict in a test, a pure
# function called without translations): the portal's own.
SITE_LANG = "vi"
# The language of the texts written into theme/static/js/*.js. A page in
# another language hands the scripts its own texts as data- attributes
# (the templates compare DEFAULT_LANG with this); a page in this language
# needs none, so its bytes stay as they were before the catalogs.
SCRIPT_LANG = "vi"


class CatalogNotFound(ValueError):
    """No catalog for the language asked for (the message names the file).

    A ``ValueError`` whose message starts with the setting's name, as
    ``make check`` expects of ``validate_settings``
    (``plugins/content_check/config.py``)."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (a constant
    translated where it is used)."""
    return message


# The catalogs hold the texts of the theme's templates and of the plugins,
# so they are the checkout's, not the THEME setting's: a build with a theme
# folder of its own (the tests copy a few templates) still finds them.
TRANSLATIONS_DIR = ROOT / "theme" / "translations"


def catalog_path(language: str, directory: Path | None = None) -> Path:
    """Where the catalog of ``language`` is: ``<dir>/<lang>/LC_MESSAGES/messages.po``
    (``dir``: theme/translations)."""
    return (directory or TRANSLATIONS_DIR) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str, directory: Path | None = None) -> Translations:
    """The compiled catalog of ``language`` (cached while the file is unchanged).

    Raises :class:`CatalogNotFound`, naming the expected file, for a language
    without a catalog."""
    path = catalog_path(language, directory)
    try:
        stat = path.stat()
    except OSError:
        raise CatalogNotFound(
            f"DEFAULT_LANG = {language!r}: không có bản dịch giao diện cho ngôn ngữ này;"
            f" cần tệp {path} (tạo bằng: pybabel init -D {DOMAIN}"
            f" -i {path.parents[2] / (DOMAIN + '.pot')} -d {path.parents[2]} -l {language})"
        ) from None
    return _compiled(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _compiled(path: str, mtime_ns: int, size: int) -> Translations:
    """``path`` read and compiled (the key holds the file's time and size, so
    an edited catalog is a new entry). Fuzzy entries are left out, as
    ``pybabel compile`` does."""
    with open(path, "rb") as source:
        catalog = read_po(source, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def translator(settings: Mapping[str, Any] | None = None) -> Translations:
    """The catalog of the settings' edition (``EDITION``, which
    plugins/editions sets for every run: "vi", "en"), else :data:`SITE_LANG`:
    bare Pelican settings, whose DEFAULT_LANG is Pelican's "en", are not an
    English edition."""
    language = str((settings or {}).get("EDITION") or SITE_LANG)
    return load(language)


def _apply_finalize(context: Any, value: Any) -> Any:
    """``value`` as ``{{ value }}`` would print it: through the environment's
    ``finalize`` (plugins.sanitize escapes plain-text fields there)."""
    finalize = context.environment.finalize
    if finalize is None:
        return value
    passed = getattr(finalize, "jinja_pass_arg", None)
    name = getattr(passed, "name", None)
    if name == "context":
        return finalize(context, value)
    if name == "eval_context":
        return finalize(context.eval_ctx, value)
    if name == "environment":
        return finalize(context.environment, value)
    return finalize(value)


def _finalizing(function: Callable[..., str]) -> Callable[..., str]:
    """A newstyle gettext function whose placeholder values are printed as
    ``{{ value }}`` prints them. Without this, a title passed as
    ``_("…%(title)s", title=article.title)`` would skip the escaping that
    ``{{ article.title }}`` gets (Pelican's Jinja does not autoescape)."""

    @pass_context
    def wrapper(__context: Any, *args: Any, **variables: Any) -> str:
        if variables:
            variables = {k: _apply_finalize(__context, v) for k, v in variables.items()}
        return function(__context, *args, **variables)

    wrapper.__name__ = getattr(function, "__name__", "gettext")
    return wrapper


def install(environment: Any, translations: Translations) -> None:
    """Install ``translations`` in a Jinja environment that has the
    ``jinja2.ext.i18n`` extension: ``_()``, ``gettext()``, ``ngettext()``
    (newstyle: ``_("%(count)s views", count=n)``), and ``SCRIPT_LANG``."""
    environment.install_gettext_translations(translations, newstyle=True)
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        if name in environment.globals:
            environment.globals[name] = _finalizing(environment.globals[name])
    environment.globals["SCRIPT_LANG"] = SCRIPT_LANG


class I18nExtension(InternationalizationExtension):
    """Jinja's i18n extension with the site language's catalog installed at
    once: any environment made with ``JINJA_ENVIRONMENT`` (Pelican's
    generators, a test's, a benchmark's without this plugin) renders
    ``_()``; plugins/i18n then installs each edition's own catalog."""

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        install(environment, load(SITE_LANG))
