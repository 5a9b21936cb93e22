"""``/admin/``: a web editor for correspondents who do not use git.

The editor is Decap CMS (npm ``decap-cms``, pinned in package.json), served
from the site itself, never from a CDN. It writes our Markdown files and
commits them: to GitHub through an OAuth provider in production, to the
editor's own clone through ``decap-server`` with ``make cms``.

Why Decap CMS and not Sveltia CMS (measured with both npm packages, 2026-12):

============================  ====================  =========================
                              Decap CMS 3.16.3      Sveltia CMS 0.221.1
============================  ====================  =========================
main bundle (raw / gzip)      5.0 MB / 1.51 MB      2.1 MB / 0.64 MB
Vietnamese interface          yes (``locale: vi``)  no
local mode testable here      decap-server, HTTP    File System Access API
                                                    (a folder picker a
                                                    headless browser cannot
                                                    drive)
draft → review → publish      yes (pull requests)   not supported
============================  ====================  =========================

Sveltia is lighter, but the issue asks for a Vietnamese interface, an
end-to-end test in Debian's chromium and the pull-request workflow; only
Decap gives all three. The weight is paid only by editors, on ``/admin/``:
no public page links to it or loads any of it.

What the build writes (a generator, so before plugins.publish's checks and
its ``.gz``/``.br`` copies):

* ``admin/index.html``: the shell (no inline script, ``noindex``);
* ``admin/config.json``: :func:`.config.editor_config`, from the content
  model and ``data/``, with the portal's fingerprinted stylesheets for the
  preview pane;
* ``admin/portal-cms.js``: our format, save checks, preview and the
  accessibility fixes of Decap's markup; ``admin/portal-cms.css``: its colours;
* ``admin/decap/``: Decap's bundle, linked (or copied) from
  ``node_modules/decap-cms/dist``. Without it (no ``npm ci`` yet) a
  development build warns and leaves it out; a build with
  ``ADMIN = {"required": True}`` (publishconf.py) fails.

``/admin/`` has its own Content-Security-Policy (plugins.publish.headers).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from plugins.generator_plugin import generator_plugin
from plugins.incremental.linking import link_or_copy
from plugins.options import plugin_options
from plugins.reference.data import reference_for

from .config import editor_config

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(__file__).resolve().parent / "static"
FOLDER = "admin"
BUNDLE = "decap"
STYLESHEETS = ("tokens", "reset", "layout", "components", "article", "overrides")

DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "repo": "doingoainhandan/cong-doi-ngoai-nhan-dan",  # owner/name on GitHub
    "branch": "main",
    "auth_url": "",  # the OAuth provider (docs/deploy.md); "" = Decap's default
    "local_backend_url": "http://127.0.0.1:8081/api/v1",  # make cms
    "bundle": str(ROOT / "node_modules" / "decap-cms" / "dist"),
    "required": False,  # no bundle: an error (publish) rather than a warning
}


class AdminError(RuntimeError):
    """The editor cannot be published (no bundle where one is required)."""


def read_setting(settings: Mapping) -> dict[str, Any]:
    """``ADMIN`` merged over :data:`DEFAULTS`; ValueError (Vietnamese) if bad."""
    options = plugin_options(settings, "ADMIN", DEFAULTS)
    repo = options["repo"]
    if not isinstance(repo, str) or repo.count("/") != 1 or not all(repo.split("/")):
        raise ValueError(f"ADMIN['repo'] phải có dạng 'chủ/kho' trên GitHub, nhận được {repo!r}")
    for key in ("auth_url", "local_backend_url"):
        value = options[key]
        if value and not str(value).startswith(("https://", "http://")):
            raise ValueError(f"ADMIN['{key}'] phải là địa chỉ http(s), nhận được {value!r}")
    return options


def article_paths(settings: Mapping) -> dict[str, str]:
    """Each edition's article address with ``{{fields.Slug}}`` for its slug
    (Decap's template), from the URL scheme of pelicanconf.py: where the
    editor's link to the published article leads."""
    from plugins.editions import edition_settings, main_settings
    from plugins.fixed_urls.scheme import url_for

    main = main_settings(dict(settings))
    return {
        lang: url_for(edition_settings(main, lang), "article", slug="{{fields.Slug}}")
        for lang in ("vi", "en")
    }


def bundle_files(folder: Path) -> list[Path]:
    """Decap's files that the page loads: the main script, its chunks, its
    WebAssembly and the licence notice (no source maps, no ``cms.js`` twin)."""
    if not (folder / "decap-cms.js").is_file():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.name.endswith((".decap-cms.js", ".wasm"))
        or path.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt")
    )


class AdminGenerator(Generator):
    """Writes ``admin/``: the shell, the configuration, our script, Decap."""

    # It links the Decap bundle into the output itself, beside the writer:
    # the preview server's listing refresh (scripts/fast_preview.py), which
    # runs the page generators against the live site, leaves it out.
    writes_beside_writer = True

    def generate_context(self) -> None:
        self.options = read_setting(self.settings)

    def generate_output(self, writer: Any) -> None:
        from plugins.assets import asset_url
        from plugins.editions import is_main_edition
        from plugins.seo.site import write_text

        options = self.options
        if not options["enabled"] or not is_main_edition(self.settings):  # one /admin/ per site
            return
        files = bundle_files(Path(options["bundle"]))
        if not files:
            message = (
                f"trình soạn bài /{FOLDER}/ thiếu Decap CMS ({options['bundle']}):"
                " chạy 'npm ci' (make cms và make publish tự chạy)"
            )
            if options["required"]:
                raise AdminError(message)
            logger.warning(message)
        site = self.settings.get("SITEURL", "")
        config = editor_config(
            reference_for(self.settings),
            repo=options["repo"],
            branch=options["branch"],
            auth_url=options["auth_url"],
            site_url=site,
            local_backend_url=options["local_backend_url"],
            preview_styles=[asset_url(self.settings, f"css/{name}.css") for name in STYLESHEETS],
            article_paths=article_paths(self.settings),
        )
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        page = page.replace("{sitename}", self.settings.get("SITENAME", ""))
        write_text(writer, f"{FOLDER}/index.html", page)
        text = json.dumps(config, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
        write_text(writer, f"{FOLDER}/config.json", text)
        for name in ("portal-cms.js", "portal-cms.css"):
            write_text(writer, f"{FOLDER}/{name}", (STATIC / name).read_text(encoding="utf-8"))
        target = Path(writer.output_path) / FOLDER / BUNDLE
        target.mkdir(parents=True, exist_ok=True)
        for path in files:  # 6 MB: a hard link when node_modules shares the disk
            link_or_copy(path, str(target / path.name))
        logger.info("Trình soạn bài /%s/: %d tệp Decap CMS", FOLDER, len(files))


get_generators, validate_settings, register = generator_plugin(AdminGenerator, read_setting)
