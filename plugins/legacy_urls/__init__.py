"""Legacy URLs keep working: redirect pages, ``_redirects`` and an nginx map.

For every published article with ``Legacy_URL`` the build writes, through
Pelican's writer:

- a static page at the old path (``/a/b.html`` → ``a/b.html``, ``/a/b`` →
  ``a/b/index.html``) with a canonical link, a meta refresh and a visible
  link (theme template ``redirect.html`` with ``target_url`` and
  ``target_title``; a built-in page when the theme has none);
- ``_redirects`` (Netlify / Cloudflare Pages) and ``nginx-redirects.map`` at
  the output root: the http-level part of the nginx snippet (the map and
  its hash sizes; plugins.publish writes the server-level part).

Both tables also hold the former provinces' addresses (``/tinh/hau-giang/``
→ ``/tinh/can-tho/``) when plugins.topics runs: it writes their redirect
pages (for hosts with no redirects, like GitHub Pages); here they only join
the tables, after the entries above, which win a path both claim.

Loops and collisions (:func:`.redirects.check_redirects`) stop the build
with a Vietnamese message. Setting (merged over the defaults)::

    LEGACY_URLS = {"template": "redirect", "redirects_file": "_redirects",
                   "nginx_map_file": "nginx-redirects.map"}
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator, PelicanTemplateNotFound

from plugins.content_model.model import split_list
from plugins.fixed_urls import scheme
from plugins.reference import reference_for
from plugins.topics.pages import former_province_redirects

from .redirects import (
    LegacyEntry,
    Problem,
    Redirect,
    build_redirects,
    check_redirects,
    format_problems,
    legacy_path,
    map_hash_sizes,
    netlify_redirects,
    nginx_map,
    parse_manual_redirects,
    redirect_output_name,
)

__all__ = [
    "LegacyEntry",
    "LegacyRedirectError",
    "Problem",
    "Redirect",
    "build_redirects",
    "check_redirects",
    "legacy_path",
    "map_hash_sizes",
    "netlify_redirects",
    "nginx_map",
    "redirect_output_name",
]

logger = logging.getLogger(__name__)

# Set by plugins.content_check (not imported: the check may be turned off).
LIST_REDIRECTS = "PORTAL_LIST_REDIRECTS"
REDIRECTS_FILE = "redirects.toml"  # at the top of the content folder

DEFAULTS = {
    "template": "redirect",
    "redirects_file": "_redirects",
    "nginx_map_file": "nginx-redirects.map",
}

# Used when the theme has no redirect.html. Pelican's Jinja environment does
# not autoescape, hence the explicit |e.
FALLBACK_TEMPLATE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Bài viết đã chuyển: {{ target_title|e }}</title>
<link rel="canonical" href="{{ target_url|e }}">
<meta http-equiv="refresh" content="0; url={{ target_url|e }}">
<meta name="robots" content="noindex">
</head>
<body>
<p>Bài viết đã chuyển sang địa chỉ mới: <a href="{{ target_url|e }}">{{ target_title|e }}</a></p>
</body>
</html>
"""


class LegacyRedirectError(Exception):
    """Loops or collisions in the legacy redirect table (message in Vietnamese)."""


def settings_for(settings) -> dict:
    return {**DEFAULTS, **settings.get("LEGACY_URLS", {})}


def site_urls(context) -> list[str]:
    """Site-relative URLs of the real pages of the build."""
    urls = []
    for key in ("articles", "pages", "hidden_pages", "hidden_articles"):
        urls += [item.url for item in context.get(key, [])]
    for key in ("categories", "tags", "authors"):
        urls += [item.url for item, _ in context.get(key, [])]
    return ["/" + u.lstrip("/") for u in urls if u]


class LegacyRedirectsGenerator(Generator):
    """Runs after the article and page generators (it reads their context)."""

    def generate_context(self) -> None:
        entries = [
            LegacyEntry(
                str(article.source_path),
                str(article.metadata["legacy_url"]),
                "/" + article.url.lstrip("/"),
                article.title,
            )
            for article in self.context.get("articles", [])
            if article.metadata.get("legacy_url")
        ]
        # Redirect_From: this site's own old addresses of an article or page.
        for item in [*self.context.get("articles", []), *self.context.get("pages", [])]:
            for old in split_list(str(item.metadata.get("redirect_from") or "")):
                entries.append(
                    LegacyEntry(str(item.source_path), old, "/" + item.url.lstrip("/"), item.title)
                )
        from plugins.editions import is_main_edition, other_edition_redirects

        main = is_main_edition(self.settings)
        if main:  # content/redirects.toml is the main edition's (its check's)
            entries += manual_entries(Path(self.settings["PATH"]), self.context)
        problems = check_redirects(entries, site_urls(self.context))
        for problem in problems:
            if problem.severity != "error":
                logger.warning("%s", problem)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise LegacyRedirectError(
                "Địa chỉ cũ (Legacy_URL) không chuyển hướng được:\n" + format_problems(errors)
            )
        if main:
            # The other editions' old addresses: their runs checked them; the
            # main run writes every edition's redirect pages and tables.
            entries += [LegacyEntry(*found) for found in other_edition_redirects(self.settings)]
        self.redirects = build_redirects(entries)

    def generate_output(self, writer) -> None:
        from plugins.editions import is_main_edition

        if not is_main_edition(self.settings):  # the main run writes every edition's
            return
        config = settings_for(self.settings)
        # Lost list pages (a keyword, a province … with no article left): the
        # content check found them in content/published-urls.txt.
        lost = self.context.get(LIST_REDIRECTS, ())
        redirects = sorted(
            [
                *self.redirects,
                *(Redirect(legacy_path(old), target, "", "") for old, target in lost),
            ],
            key=lambda r: r.old_path,
        )
        try:
            template = self.get_template(config["template"])
        except PelicanTemplateNotFound:
            template = self.env.from_string(FALLBACK_TEMPLATE)
        site_url = self.settings.get("SITEURL", "").rstrip("/")
        for redirect in redirects:
            writer.write_file(
                redirect.output_name,
                template,
                self.context,
                target_url=redirect.target if redirect.external else site_url + redirect.target,
                target_title=redirect.title or redirect.target,
            )
        # The former provinces' pages are plugins.topics' to write.
        claimed = {r.old_path for r in redirects}
        table = sorted(
            [
                *redirects,
                *(
                    r
                    for r in every_editions_former_provinces(self.settings)
                    if r.old_path not in claimed
                ),
            ],
            key=lambda r: r.old_path,
        )
        prefix = urlsplit(site_url).path
        text = self.env.from_string("{{ text }}")
        writer.write_file(
            config["redirects_file"],
            text,
            self.context,
            text=netlify_redirects(
                table,
                prefix=prefix,
                # The other language editions' folders (plugins/editions): "en/".
                editions=[h for h in (self.settings.get("EDITION_HOMES") or {}).values() if h],
            ),
        )
        writer.write_file(
            config["nginx_map_file"], text, self.context, text=nginx_map(table, site_url)
        )


TOPICS_PLUGIN = "plugins.topics"
PROVINCES_FILE = "data/provinces.toml"  # where the former provinces come from, for messages


def former_provinces(settings) -> list[Redirect]:
    """The former provinces' old addresses, when plugins.topics writes their pages."""
    plugins = [getattr(p, "__name__", p) for p in settings.get("PLUGINS") or ()]
    if TOPICS_PLUGIN not in plugins:
        return []
    urls = scheme.patterns(settings, ["province"])
    return [
        Redirect(legacy_path(r.url), "/" + r.target_url.lstrip("/"), r.target_title, PROVINCES_FILE)
        for r in former_province_redirects(reference_for(settings), urls)
    ]


def every_editions_former_provinces(settings) -> list[Redirect]:
    """:func:`former_provinces` of every edition this build makes (the
    English edition's ``/en/province/binh-duong/`` too), for the server's
    redirect tables, which the main edition's run writes for the whole site."""
    from plugins.editions import edition_settings, main_settings

    main = main_settings(settings)
    found = former_provinces(main)
    for lang in settings.get("EDITION_HOMES") or {}:
        if lang != main["EDITION"]:
            found += former_provinces(edition_settings(main, lang))
    return found


def manual_entries(content: Path, context) -> list[LegacyEntry]:
    """The redirects the editors declare in ``content/redirects.toml`` (the
    content check refuses a broken file, so its problems are not repeated)."""
    path = content / REDIRECTS_FILE
    if not path.is_file():
        return []
    redirects, _problems = parse_manual_redirects(path.read_text(encoding="utf-8"))
    titles = {
        "/" + item.url.lstrip("/"): item.title
        for key in ("articles", "pages")
        for item in context.get(key, [])
    }
    return [
        LegacyEntry(str(path), r.old, r.target, titles.get(r.target, ""), r.line) for r in redirects
    ]


def get_generators(pelican) -> type[Generator]:
    return LegacyRedirectsGenerator


def register() -> None:
    # get_generators: our generator runs after articles and pages, so their
    # URLs are known; it writes through Pelican's writer.
    signals.get_generators.connect(get_generators)
