"""sitemap.xml (an index of sitemap-N.xml parts), news-sitemap.xml and robots.txt.

Setting ``SITEMAP`` merged over ``model.DEFAULTS``: ``max_urls`` per part
(50,000), ``news_days`` (2) and ``news_clock`` (``"build"``, the default: the
build's clock, ``BUILD_TIME`` or now (:func:`plugins.schedule.build_time`);
``"newest"``: the newest article's date; or a fixed ISO date-time for tests).
The news sitemap is a valid, empty ``urlset`` when nothing is recent.
"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from plugins.generator_plugin import generator_plugin
from plugins.schedule import build_time, clock_deadline
from plugins.seo.site import absolute_base, publication_name, write_text

from .adapter import news_clock, news_entries, robots_disallow, sitemap_options, sitemap_urls
from .model import news_expiry, news_window, render_news, render_robots, sitemap_files

__all__ = ["SitemapGenerator", "register"]


class SitemapGenerator(Generator):
    def generate_context(self) -> None:
        self.options = options = sitemap_options(self.settings)  # fail early on a bad setting
        entries = news_entries(self.context, self.settings)
        self.recent = news_window(
            entries,
            news_clock(options["news_clock"], entries, build_time(self.settings)),
            options["news_days"],
            options["news_max"],
        )
        # The news sitemap changes when its oldest entry is two days old, with
        # no change to the content: the no-change skip of scripts/build.py
        # must end then (sent here, in the parent process, not from
        # generate_output, which plugins.parallel may run in a child).
        expiry = news_expiry(self.recent, options["news_days"])
        if expiry is not None and options["news_clock"] == "build":
            clock_deadline.send(self, when=expiry)

    def generate_output(self, writer: Any) -> None:
        options, base = self.options, absolute_base(self.settings)
        index, parts = sitemap_files(
            sitemap_urls(self.context, self.settings), base, options["max_urls"], options["part"]
        )
        write_text(writer, options["index"], index.decode("utf-8"))
        for name, data in parts.items():
            write_text(writer, name, data.decode("utf-8"))
        recent = self.recent
        language = str(self.settings.get("DEFAULT_LANG", "vi"))
        publication = publication_name(self.settings)
        write_text(
            writer, options["news"], render_news(recent, publication, language).decode("utf-8")
        )
        if options["robots"]:
            robots = render_robots(
                [f"{base}/{name}" for name in edition_sitemaps(self.settings)],
                robots_disallow(self.context, self.settings),
            )
            write_text(writer, "robots.txt", robots)


def edition_sitemaps(settings: Any) -> list[str]:
    """The sitemap index and news sitemap of every edition this build makes
    (robots.txt names them all: a sitemap index may not hold another)."""
    from plugins.editions import edition_settings, main_settings

    main = main_settings(settings)
    names = []
    for lang in settings.get("EDITION_HOMES") or [main.get("DEFAULT_LANG")]:
        options = sitemap_options(edition_settings(main, lang))
        names += [options["index"], options["news"]]
    return names


# get_generators: the sitemap reads the articles, pages and taxonomies the
# articles/pages generators put in the shared context, and writes through
# Pelican's writer.
get_generators, validate_settings, register = generator_plugin(SitemapGenerator, sitemap_options)
