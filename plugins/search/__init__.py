"""Site search: a Pagefind index of the articles, and the page /tim-kiem/.

The index is built from records (title, sapo, body text, topic names) that
we hand to Pagefind's service through its custom-record API, not by crawling
the rendered pages, so navigation and teasers are never indexed and the
indexer never parses 10,000 HTML files. Vietnamese matching (``đ`` → ``d``)
is explained in :mod:`plugins.search.records`; the memory bound (chunked
bundles merged at query time) in :mod:`plugins.search.index`.

Setting ``SEARCH`` (merged over :data:`DEFAULTS`)::

    SEARCH = {
        "enabled": True,        # False: no index, no page (fast previews)
        "template": "search",   # theme/templates/search.html
        "bundle_dir": "pagefind",
        "fold": "d_variants",   # or "full": append a fully folded copy
        "shard_size": 2000,     # articles per bundle; None: always one bundle
    }

The page URL is ``SEARCH_URL`` (``tim-kiem/``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.vietnamese import format_date, to_vietnam_time

from .index import write_index
from .records import (
    ArticleText,
    bundle_paths,
    html_to_text,
    search_record,
    shard_names,
    vocabulary,
)

log = logging.getLogger(__name__)

DEFAULTS: dict = {
    "enabled": True,
    "template": "search",
    "bundle_dir": "pagefind",
    "fold": "d_variants",
    "shard_size": 2000,
}


def search_settings(settings) -> dict:
    """The ``SEARCH`` setting merged over :data:`DEFAULTS` (never mutated)."""
    merged = {**DEFAULTS, **(settings.get("SEARCH") or {})}
    if merged["fold"] not in ("d_variants", "full"):
        raise ValueError(
            f"SEARCH['fold'] phải là 'd_variants' hoặc 'full', không phải {merged['fold']!r}"
        )
    return merged


def article_text(article, siteurl: str) -> ArticleText:
    """Adapter: read a Pelican article once into plain values."""
    date = to_vietnam_time(article.date)
    section = getattr(article, "section", None)
    subsection = getattr(article, "subsection", None)
    image = getattr(article, "image", None) or article.metadata.get("image")
    return ArticleText(
        url=f"{siteurl}/{article.url}",
        title=html_to_text(article.title),
        date_iso=date.isoformat(),
        date_label=format_date(date),
        year=f"{date:%Y}",
        sapo=html_to_text(getattr(article, "summary", "") or ""),
        body_html=article.content or "",
        section=section.name if section else article.category.name,
        subsection=subsection.name if subsection else "",
        provinces_as_written=tuple(m.as_written for m in getattr(article, "province_mentions", ())),
        provinces_current=tuple(p.name for p in getattr(article, "provinces", ())),
        countries=tuple(c.name for c in getattr(article, "countries", ())),
        organizations=tuple(
            name
            for o in getattr(article, "organizations", ())
            for name in (o.name, o.short)
            if name
        ),
        keywords=tuple(tag.name for tag in getattr(article, "tags", ()) or ()),
        image=f"{siteurl}/{image}" if image else "",
        image_alt=getattr(article, "image_alt", "") or "",
    )


class SearchGenerator(Generator):
    """Writes /tim-kiem/ and the Pagefind bundle(s) of the published articles."""

    def generate_context(self) -> None:
        self.options = search_settings(self.settings)
        self.search_articles = sorted(self.context.get("articles", []), key=lambda a: a.date)
        shards = shard_names(len(self.search_articles), self.options["shard_size"])
        siteurl = self.settings.get("SITEURL", "")
        self.bundles = [
            f"{siteurl}/{path}" for path in bundle_paths(shards, self.options["bundle_dir"])
        ]
        self.context["search_bundles"] = self.bundles

    def generate_output(self, writer) -> None:
        if not self.options["enabled"]:
            return
        url = self.settings.get("SEARCH_URL", "tim-kiem/")
        writer.write_file(
            url + "index.html",
            self.get_template(self.options["template"]),
            self.context,
            search_bundles=self.bundles,
            page_name=url.rstrip("/"),
            url=url,
        )
        siteurl = self.settings.get("SITEURL", "")

        def records():
            for article in self.search_articles:
                yield search_record(article_text(article, siteurl), self.options["fold"])

        count = len(self.search_articles)
        chunked = len(set(shard_names(count, self.options["shard_size"]))) > 1
        report = write_index(
            records(),
            Path(self.output_path) / self.options["bundle_dir"],
            count=count,
            shard_size=self.options["shard_size"],
            words=vocabulary(records()) if chunked else (),
            search_url=f"{siteurl}/{url}",
        )
        log.info(
            "Chỉ mục tìm kiếm: %d bài, %d gói, %.1f s, Pagefind dùng tối đa %d MB",
            report.records,
            len(report.shards),
            report.seconds,
            report.peak_rss // 2**20,
        )


def get_generators(pelican_object):
    return SearchGenerator


def register() -> None:
    # get_generators: runs after the article generator, so the published
    # articles are in the context; its output step writes the page and the
    # index into the build folder (scripts/build.py publishes it atomically).
    signals.get_generators.connect(get_generators)
