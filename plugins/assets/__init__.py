"""Theme files (CSS, JS, fonts, favicon) published under content-hashed names.

Why: ``/theme/`` is served with a one-year ``immutable`` cache. A file whose
name stays the same across deploys would then stay stale in readers'
browsers; a file whose name is a hash of its bytes never changes, and a new
version is a new URL.

What: every file under ``<THEME>/static/`` is published once, at
``<THEME_STATIC_DIR>/<folder>/<stem>.<hash>.<suffix>`` (hash: the first 10 hex
digits of the sha256 of the bytes written, e.g.
``theme/css/layout.3f2a9c1e5b.css``); no file is published under its plain
name (the fonts' OFL text too: nothing links it, one rule for all is simpler
to check). Pelican's own copy is turned off (``THEME_STATIC_PATHS = []`` at
``initialized``). A stylesheet's relative references to other theme files
(``url(../fonts/x.woff2)``, ``@import``) are rewritten to the hashed names
first, so its hash covers the fonts' hashes. JavaScript is not rewritten: a
script must not name a theme file by URL (pass it from the template).

Templates call ``{{ asset('css/layout.css') }}`` →
``{SITEURL}/theme/css/layout.<hash>.css``; Python code calls
:func:`asset_url` (``settings, logical path`` → the same absolute URL). An
unknown path raises :class:`AssetError` naming it, which fails the build.

The names are a pure function of the files (:func:`~.manifest.theme_manifest`,
memoised by each file's path, size and mtime), so they do not depend on the
plugin order or on when they are asked for, and forked render processes
(``plugins.parallel``) find the same names. At ``all_generators_finalized``
the files are written into the build's output folder (``scripts/build.py``'s
staging folder) and that manifest is *pinned* on the build's state
(plugins/buildkit/run.py) for the rest of the build: every page
links exactly the files written, with a dictionary lookup per call (checking
the files' stats costs about 0.1 ms, too much for ten calls per page).
``plugins.incremental`` hashes the whole theme folder into its site digest:
a changed CSS byte re-renders every page, which then links the new name.

Why not ``pelican-webassets`` (2.1.0, on ``webassets`` 3.0.0; tried in a
scratch virtualenv): it versions *bundles* of CSS/JS declared in a
``{% assets %}…{% endassets %}`` block around every reference, not single
files such as fonts or the favicon; its ``cssrewrite`` filter only re-bases
relative ``url()`` paths and cannot point them at hashed font names; and
Pelican would still copy the unhashed originals. :mod:`.manifest` is about
200 lines and computes the theme's manifest in about 2 ms.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from jinja2 import pass_context
from pelican import signals

from plugins.buildkit.run import RUN_KEY, build_run

from .manifest import (
    AssetError,
    Manifest,
    build_manifest,
    content_hash,
    css_references,
    hashed_name,
    is_hashed,
    theme_manifest,
    write_files,
)

__all__ = [
    "AssetError",
    "Manifest",
    "asset_url",
    "build_manifest",
    "content_hash",
    "css_references",
    "current_manifest",
    "hashed_name",
    "is_hashed",
    "register",
    "static_folder",
    "theme_manifest",
    "validate_settings",
]

logger = logging.getLogger(__name__)

SOURCE_DIR = "static"  # under THEME: the files published under THEME_STATIC_DIR


def static_folder(settings: Mapping) -> Path:
    return Path(settings["THEME"]) / SOURCE_DIR


def current_manifest(settings: Mapping) -> Manifest:
    """The manifest of the theme named by ``settings``: the one the running
    build wrote, else computed from the files (memoised)."""
    # Set by write_theme_files at all_generators_finalized: the very files
    # this build wrote, even if the theme changes while its pages render.
    pinned = getattr(settings.get(RUN_KEY), "theme_manifest", None)
    if isinstance(pinned, Manifest):
        return pinned
    return theme_manifest(static_folder(settings), settings.get("IGNORE_FILES") or ())


def validate_settings(settings: Mapping) -> None:
    """Raise ``ValueError`` (Vietnamese, naming ``THEME``) when the theme's
    files cannot be published: a stylesheet naming a missing file, an
    import cycle. ``make check`` and scripts/build.py call it, so the check
    refuses what the build would (a theme without ``static/`` has nothing
    to publish)."""
    folder = static_folder(settings)
    if not folder.is_dir():
        return
    try:
        theme_manifest(folder, settings.get("IGNORE_FILES") or ())
    except AssetError as problem:
        raise ValueError(f"THEME: tệp giao diện không xuất bản được: {problem}") from problem


def _url(site_url: str, static_dir: str, published: str) -> str:
    parts = [p.strip("/") for p in (static_dir, quote(published)) if p.strip("/")]
    return "/".join([(site_url or "").rstrip("/"), *parts])


def asset_url(settings: Mapping, logical_path: str) -> str:
    """``{SITEURL}/{THEME_STATIC_DIR}/<hashed name>`` of the theme file
    ``logical_path`` (``images/favicon.svg``); :class:`AssetError` if none."""
    published = current_manifest(settings).hashed(logical_path)
    return _url(settings.get("SITEURL", ""), settings.get("THEME_STATIC_DIR", "theme"), published)


def template_function(settings: Mapping):
    """The ``asset(logical_path)`` function of the templates. It reads
    ``SITEURL`` from the page's context (Pelican makes it relative per page
    with ``RELATIVE_URLS``)."""

    @pass_context
    def asset(context, logical_path: str) -> str:
        published = current_manifest(settings).hashed(logical_path)
        site_url = context.get("SITEURL", settings.get("SITEURL", ""))
        return _url(site_url, settings.get("THEME_STATIC_DIR", "theme"), published)

    return asset


# --- thin handlers ------------------------------------------------------------


def take_over_theme_files(pelican) -> None:
    """initialized: Pelican no longer copies the theme's static files."""
    settings = pelican.settings
    paths = list(settings.get("THEME_STATIC_PATHS") or [])
    if paths not in ([], [SOURCE_DIR]):
        raise ValueError(
            f"plugins.assets xuất bản các tệp trong {SOURCE_DIR}/ của giao diện;"
            f" THEME_STATIC_PATHS = {paths!r} không được hỗ trợ"
        )
    settings["THEME_STATIC_PATHS"] = []


def add_template_function(generator) -> None:
    """generator_init: ``asset()`` in every generator's templates."""
    if getattr(generator, "env", None) is not None:
        generator.env.globals["asset"] = template_function(generator.settings)


def write_theme_files(generators) -> None:
    """all_generators_finalized (nothing rendered yet): write the hashed
    files and pin their manifest for the pages of this build."""
    if not generators:
        return
    settings = generators[0].settings
    folder = static_folder(settings)
    manifest = theme_manifest(folder, settings.get("IGNORE_FILES") or ())
    destination = Path(settings["OUTPUT_PATH"]) / settings.get("THEME_STATIC_DIR", "theme")
    written = write_files(manifest, destination)
    build_run(settings).theme_manifest = manifest
    logger.info("Giao diện: %d tệp với tên theo mã băm", len(written))


def register() -> None:
    signals.initialized.connect(take_over_theme_files)
    signals.generator_init.connect(add_template_function)
    signals.all_generators_finalized.connect(write_theme_files)
