"""RSS 2.0 and Atom feeds written with feedgen, a /feeds/ page and an OPML file.

Feeds: the whole site, each current province (its former provinces'
articles included), and each section, subsection, partner country,
organization and author with articles — rows of the ``FEED_KINDS`` table,
rendered by one loop. Only feeds with items are offered (``/feeds/``, OPML,
autodiscovery); a province's empty feed is written but not offered. URL
scheme and template API: ``docs/theme-contract.md``. Setting: ``FEEDS``
merged over ``model.DEFAULTS`` (``items`` per feed …).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from pelican.generators import Generator

from plugins.generator_plugin import generator_plugin
from plugins.reference import reference_for

from . import reuse as reuse_module
from .adapter import FeedPlan, feed_item, feed_options, page_feed_keys, plan_feeds
from .model import FEED_KINDS, FeedLink, render_feeds, render_opml

__all__ = ["FEED_KINDS", "FeedsGenerator", "register"]

logger = logging.getLogger(__name__)


class FeedsGenerator(Generator):
    """Plans the feeds after the articles are read (``generate_context``, so
    templates can link them), writes them in ``generate_output``."""

    def generate_context(self) -> None:
        self.options = feed_options(self.settings)
        self.reference = reference_for(self.settings)
        self.plan: FeedPlan = plan_feeds(
            self.context.get("articles", []), self.reference, self.settings
        )
        plan, reference = self.plan, self.reference

        def feeds_for(page_context: Any) -> list[FeedLink]:
            return plan.links_for(page_feed_keys(page_context, reference))

        @pass_context
        def feed_links(
            context: Any, kind: str | None = None, slug: str | None = None
        ) -> list[FeedLink]:
            if kind:
                return plan.links_for([(kind, slug or "")])
            return feeds_for(context)

        self.context["feeds_for"] = feeds_for
        self.context["feed_links"] = feed_links
        self.context["feed_groups"] = plan.groups()
        self.context["feed_label"] = plan.page_label  # a channel's name on /feeds/
        if self.options["page"]:  # the footer links it, the sitemap lists it
            self.context["FEEDS_PAGE_URL"] = f"{self.options['directory']}/"

    def generate_output(self, writer: Any) -> None:
        from plugins.incremental import state_dir
        from plugins.seo.site import write_text

        started = time.perf_counter()
        plan = self.plan
        base = plan.site.base_url
        folders = (self.output_path, self.settings["PATH"])  # derivative, then original
        items: dict[int, Any] = {}  # id(article) -> FeedItem, built once per article
        digests: dict[int, str] = {}  # id(article) -> its item's digest
        reuse = _reuse_from(self.settings)
        code = reuse_module.code_digest()
        state = state_dir(self.settings)  # this edition's, like the pages' state
        previous = reuse_module.read_state(reuse / state if reuse else None, code)
        recorded: dict[str, str] = {}
        written = copied = 0
        for channel in plan.channels:
            articles = plan.members.get(channel.key, [])
            channel_items = []
            for article in articles:
                item = items.get(id(article))
                if item is None:
                    item = items[id(article)] = feed_item(article, base, folders, plan.messages)
                    digests[id(article)] = reuse_module.item_digest(item)
                channel_items.append(item)
            digest = reuse_module.channel_digest(
                channel, (digests[id(a)] for a in articles), plan.site, plan.newest, code
            )
            texts = {
                fmt: reuse_module.reusable_text(reuse, previous, path, digest)
                for fmt, path in channel.paths.items()
            }
            if any(text is None for text in texts.values()):
                rendered = render_feeds(channel, channel_items, plan.site, plan.newest)
                texts = {fmt: data.decode("utf-8") for fmt, data in rendered.items()}
            else:
                copied += len(texts)
            for fmt, text in texts.items():
                write_text(writer, channel.paths[fmt], text)
                recorded[channel.paths[fmt]] = digest
                written += 1
        if _incremental(self.settings):
            write_text(
                writer,
                f"{state}/{reuse_module.STATE_NAME}",
                reuse_module.state_text(recorded, code),
            )
        if self.options["page"]:
            directory = self.options["directory"]
            write_text(
                writer,
                f"{directory}/opml.xml",
                render_opml(plan.groups(), plan.site, plan.newest, plan.messages).decode("utf-8"),
            )
            writer.write_file(
                f"{directory}/index.html",
                self.get_template("feeds"),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                page_name=f"{directory}/index",
                feed_groups=plan.groups(),
                opml_path=f"{directory}/opml.xml",
                feed_items=self.options["items"],
            )
        logger.info(
            "Nguồn tin: %d tệp (%d chép lại từ lần trước, %d bài) trong %.2f s",
            written,
            copied,
            len(items),
            time.perf_counter() - started,
        )


def _incremental(settings: Any) -> bool:
    """Incremental builds are on (``INCREMENTAL``, off for ``make publish``)."""
    return bool((settings.get("INCREMENTAL") or {}).get("enabled", True))


def _reuse_from(settings: Any) -> Path | None:
    """The previous site to copy unchanged feeds from, if this build may."""
    previous = settings.get("PREVIOUS_OUTPUT_PATH") or ""
    reuse = _incremental(settings) and (settings.get("FEEDS") or {}).get("reuse", True)
    return Path(previous) if previous and reuse else None


# get_generators: our generator plans feeds after the articles generator has
# read the articles, and writes them through Pelican's writer.
get_generators, validate_settings, register = generator_plugin(FeedsGenerator, feed_options)
