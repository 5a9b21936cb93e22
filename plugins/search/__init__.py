"""Site search: a Pagefind index of the articles, and the page /tim-kiem/.

The index is built from records (title, sapo, body text, topic names) that
we hand to Pagefind's service through its custom-record API, not by crawling
the rendered pages, so navigation and teasers are never indexed and the
indexer never parses 10,000 HTML files. Vietnamese matching (``đ`` → ``d``)
is explained in :mod:`plugins.search.records`; the memory bound (bundles of
at most about ``shard_size`` articles, merged at query time) and the
incremental rebuild (a bundle whose input did not change is copied from the
previous output, ``PREVIOUS_OUTPUT_PATH`` set by scripts/build.py) in
:mod:`plugins.search.index`.

Setting ``SEARCH`` (merged over :data:`DEFAULTS`)::

    SEARCH = {
        "enabled": True,        # False: no index, no page (fast previews)
        "template": "search",   # theme/templates/search.html
        "bundle_dir": "pagefind",
        "fold": "d_variants",   # or "full": append a fully folded copy
        "shard_size": 2000,     # articles per bundle; None: always one bundle
        "incremental": True,    # False: index every bundle (publishconf.py)
        "processes": None,      # Pagefind processes at once; None: one per core (max 4)
    }

The page's URL and file are ``SEARCH_URL`` and ``SEARCH_SAVE_AS`` of the
URL scheme (``tim-kiem/``, read through :mod:`plugins.fixed_urls.scheme`);
the topic names the page recognises in a query (:mod:`plugins.search.topics`)
are written next to it (``tim-kiem/chu-de.json``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pelican.generators import Generator

from plugins.fixed_urls.scheme import save_as_for, url_for
from plugins.generator_plugin import generator_plugin
from plugins.reference import reference_for
from plugins.vietnamese import format_date, format_dateline, to_vietnam_time

from .index import write_index
from .records import (
    ARTICLE_KIND,
    FILTER_PROVINCE,
    FILTER_SECTION,
    FILTER_YEAR,
    KIND_FILTER,
    ArticleText,
    RecordCache,
    bundle_paths,
    html_to_text,
    shard_count,
    shard_folders,
)
from .topics import TOPICS_FILE, article_topic_keys, topic_index

log = logging.getLogger(__name__)

DEFAULTS: dict = {
    "enabled": True,
    "template": "search",
    "bundle_dir": "pagefind",
    "fold": "d_variants",
    "shard_size": 2000,
    "incremental": True,
    "processes": None,
    # The query parameters of the search page's filters (shareable addresses
    # such as /tim-kiem/?q=…&tinh=Huế): each edition names them in its
    # own language (pelicanconf.py EDITIONS).
    "params": {"section": "chuyen-muc", "province": "tinh", "year": "nam"},
}

# The records of the last build, in Pelican's (settings- and code-keyed) cache folder.
RECORD_CACHE = "search-records.pickle"
# Each shard's words, by the digest of its records (plugins/search/index.py).
WORDS_CACHE = "search-words.pickle"

# The settings that shape the bundles' content, part of each shard's digest.
INDEX_SETTINGS = ("fold", "shard_size")

# The filter controls of the search page, in page order: what each filters
# (the template's label key, SEARCH["params"] key) and its Pagefind filter.
PAGE_FILTERS = (("section", FILTER_SECTION), ("province", FILTER_PROVINCE), ("year", FILTER_YEAR))


def page_filters(options: dict) -> tuple[tuple[str, str, str], ...]:
    """(query parameter, Pagefind filter, label key) of each filter control;
    the parameters are the edition's ``SEARCH["params"]``."""
    return tuple((str(options["params"][kind]), name, kind) for kind, name in PAGE_FILTERS)


def search_settings(settings) -> dict:
    """The ``SEARCH`` setting merged over :data:`DEFAULTS` (never mutated)."""
    merged = {**DEFAULTS, **(settings.get("SEARCH") or {})}
    if merged["fold"] not in ("d_variants", "full"):
        raise ValueError(
            f"SEARCH['fold'] phải là 'd_variants' hoặc 'full', không phải {merged['fold']!r}"
        )
    params = merged["params"]
    names = [params.get(kind) if isinstance(params, dict) else None for kind, _ in PAGE_FILTERS]
    if not all(isinstance(name, str) and name for name in names) or len({*names, "q"}) != 4:
        raise ValueError(
            "SEARCH['params'] phải đặt cho mỗi bộ lọc (section, province, year) một tên tham số"
            f" riêng, khác 'q'; đang là {params!r}"
        )
    return merged


def article_text(
    article, siteurl: str, reference=None, date_format=format_date, dateline_format=format_dateline
) -> ArticleText:
    """Adapter: read a Pelican article once into plain values (``reference``:
    the reference data, for the topic keys; None: no topic keys; the date
    formats: the edition's, its ``vn_date`` and ``dateline`` filters)."""
    date = to_vietnam_time(article.date)
    section = getattr(article, "section", None)
    subsection = getattr(article, "subsection", None)
    image = getattr(article, "image", None) or article.metadata.get("image")
    return ArticleText(
        url=f"{siteurl}/{article.url}",
        title=html_to_text(article.title),
        date_iso=date.isoformat(),
        date_label=date_format(date),
        year=f"{date:%Y}",
        dateline=dateline_format(date),
        sapo=html_to_text(getattr(article, "summary", "") or ""),
        body_html=article.content or "",
        section=section.name if section else article.category.name,
        subsection=subsection.name if subsection else "",
        provinces_as_written=tuple(m.as_written for m in getattr(article, "province_mentions", ())),
        provinces_current=tuple(p.name for p in getattr(article, "provinces", ())),
        # A commune is found by the name the article wrote and by its current one.
        localities=tuple(
            name
            for locality in getattr(article, "localities", ())
            for name in (locality.label, locality.unit.label if locality.unit else "")
            if name
        ),
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
        topic_keys=article_topic_keys(
            reference,
            provinces_as_written=[m.as_written for m in getattr(article, "province_mentions", ())],
            province_slugs=[p.slug for p in getattr(article, "provinces", ())],
            country_slugs=[c.slug for c in getattr(article, "countries", ())],
            organization_slugs=[o.slug for o in getattr(article, "organizations", ())],
        )
        if reference is not None
        else (),
    )


class SearchGenerator(Generator):
    """Writes /tim-kiem/ and the Pagefind bundle(s) of the published articles."""

    def generate_context(self) -> None:
        self.options = search_settings(self.settings)
        # Oldest first, then by URL: a stable order of the records in a shard.
        self.search_articles = sorted(
            self.context.get("articles", []), key=lambda a: (a.date, a.url)
        )
        shards = shard_count(len(self.search_articles), self.options["shard_size"])
        siteurl = self.settings.get("SITEURL", "")
        self.bundles = [
            f"{siteurl}/{path}"
            for path in bundle_paths(shard_folders(shards), self.options["bundle_dir"])
        ]
        self.context["search_bundles"] = self.bundles

    def generate_output(self, writer) -> None:
        if not self.options["enabled"]:
            return
        url = url_for(self.settings, "search")
        siteurl = self.settings.get("SITEURL", "")
        reference = reference_for(self.settings)
        writer.write_file(
            save_as_for(self.settings, "search"),
            self.get_template(self.options["template"]),
            self.context,
            search_bundles=self.bundles,
            search_topics=f"{siteurl}/{url}{TOPICS_FILE}",
            search_filters=page_filters(self.options),
            search_kind={KIND_FILTER: ARTICLE_KIND},
            page_name=url.rstrip("/"),
            # Not "url": Pelican's write_file takes that one for itself.
            search_url=url,
        )
        topics_path = Path(self.output_path) / url / TOPICS_FILE
        topics_path.parent.mkdir(parents=True, exist_ok=True)
        topics_path.write_text(
            json.dumps(topic_index(reference), ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )

        cache_dir = self.settings.get("CACHE_PATH") if self.settings.get("CACHE_CONTENT") else None
        cache = RecordCache(Path(cache_dir) / RECORD_CACHE if cache_dir else None)

        filters = self.settings.get("JINJA_FILTERS") or {}
        dates = (filters.get("vn_date", format_date), filters.get("dateline", format_dateline))

        def records():
            for article in self.search_articles:
                text = article_text(article, siteurl, reference, *dates)
                yield cache.record(text, self.options["fold"])

        previous = self.settings.get("PREVIOUS_OUTPUT_PATH") or ""
        report = write_index(
            records(),
            Path(self.output_path) / self.options["bundle_dir"],
            count=len(self.search_articles),
            shard_size=self.options["shard_size"],
            search_url=f"{siteurl}/{url}",
            previous_root=(
                Path(previous) / self.options["bundle_dir"]
                if previous and self.options["incremental"]
                else None
            ),
            # What shapes the bundles; not "incremental", so that an
            # incremental and a full build write the same state file.
            settings={key: self.options[key] for key in INDEX_SETTINGS},
            # The preview build copies shards whose records did not change,
            # even when the site's vocabulary did (see plugins/search/index.py).
            vocabulary_may_lag=bool(previous and self.options["incremental"]),
            processes=self.options["processes"],
            words_cache=Path(cache_dir) / WORDS_CACHE if cache_dir else None,
            language=str(self.settings.get("DEFAULT_LANG") or "vi"),
        )
        cache.save()
        log.info(
            "Chỉ mục tìm kiếm: %d bài (%d bản ghi từ bộ nhớ đệm), %d gói"
            " (%d gói giữ nguyên từ lần trước), %.1f s, Pagefind dùng tối đa %d MB",
            report.records,
            cache.hits,
            len(report.shards),
            len(report.reused),
            report.seconds,
            report.peak_rss // 2**20,
        )


# get_generators: runs after the article generator, so the published articles
# are in the context; its output step writes the page and the index into the
# build folder (scripts/build.py publishes it atomically).
get_generators, validate_settings, register = generator_plugin(SearchGenerator, search_settings)
