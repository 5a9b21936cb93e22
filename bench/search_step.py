"""Benchmark step "search": Pagefind indexing time and peak memory.

The synthetic corpus (:mod:`bench.corpus`) is turned into search records
exactly as the plugin does for real articles and streamed to Pagefind — no
HTML is built — so the step measures the search index alone, at sizes the
sample site will never reach (100,000 articles).

Peak memory is the Pagefind service processes' ``VmHWM`` (read from /proc
before each exits; the largest over the shards) and this Python process's
own ``ru_maxrss``. The whole build's peak is about Pelican's peak plus the
Pagefind figure, since the indexer runs while Pelican still holds the site.

``--edit known-words`` then changes one article's body (words the site
already has) and indexes again with the first index as the previous output:
``edit_seconds`` is the incremental rebuild (unchanged shards copied).
``--edit new-word`` adds a word new to the site instead, which re-indexes
every shard (each holds the site's vocabulary).

    python -m bench --articles 10000 --only search
    python -m bench.search_step --articles 10000 --shard-size 0 --fold full   # comparisons
    python -m bench.search_step --articles 2000 --shard-size 400 --edit known-words
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import SyntheticArticle, generate_corpus  # noqa: E402
from plugins.reference import load_reference_data  # noqa: E402
from plugins.search import DEFAULTS  # noqa: E402
from plugins.search.index import write_index  # noqa: E402
from plugins.search.records import ArticleText, search_record  # noqa: E402

EDITS = ("none", "known-words", "new-word")


def _body_html(markdown_body: str) -> str:
    paragraphs = (p.strip().lstrip("#").strip() for p in markdown_body.split("\n\n"))
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)


def article_texts(corpus: Iterable[SyntheticArticle]) -> Iterator[ArticleText]:
    """The corpus as the plugin's :class:`ArticleText`, oldest first, drafts left out."""
    reference = load_reference_data()

    def current(names: tuple[str, ...]) -> tuple[str, ...]:
        found = (reference.province(name).found for name in names)
        return tuple(dict.fromkeys(p.name for p in found if p))

    for article in sorted(corpus, key=lambda a: a.date):
        if article.status == "draft":
            continue
        yield ArticleText(
            url=f"/bai-viet/{article.slug}/",
            title=article.title,
            date_iso=article.date.isoformat(),
            date_label=f"{article.date:%d/%m/%Y}",
            year=f"{article.date:%Y}",
            sapo=article.summary,
            body_html=_body_html(article.body),
            section=article.section,
            subsection=article.subsection or "",
            provinces_as_written=article.provinces,
            provinces_current=current(article.provinces),
            countries=article.countries,
            organizations=article.organizations,
            keywords=article.tags,
        )


def edited(texts: list[ArticleText], edit: str) -> list[ArticleText]:
    """``texts`` with the middle article's body changed (see the module doc)."""
    middle = len(texts) // 2
    body = texts[middle].body_html
    if edit == "new-word":
        body += "<p>Zyxwvutsrq</p>"
    else:  # its first paragraph once more: no word new to the site
        body += body[: body.find("</p>") + 4]
    return [*texts[:middle], replace(texts[middle], body_html=body), *texts[middle + 1 :]]


def measure(
    corpus: list[SyntheticArticle], shard_size: int | None, fold_mode: str, edit: str = "none"
) -> dict:
    texts = list(article_texts(corpus))

    def index(articles: list[ArticleText], folder: Path, previous: Path | None = None):
        return write_index(
            (search_record(a, fold_mode) for a in articles),
            folder,
            count=len(articles),
            shard_size=shard_size,
            previous_root=previous,
            settings={"fold": fold_mode, "shard_size": shard_size},
        )

    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        report = index(texts, Path(folder) / "pagefind")
        again = None
        if edit != "none":
            again = index(
                edited(texts, edit), Path(folder) / "next" / "pagefind", Path(folder) / "pagefind"
            )
    figures = {
        "seconds": round(report.seconds, 2),
        "records": report.records,
        "shard_size": shard_size or 0,
        "shards": len(report.shards),
        "fold": fold_mode,
        "pagefind_peak_mb": round(report.peak_rss / 2**20),
        "python_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "bundle_mb": round(report.bundle_bytes / 2**20, 1),
        "ms_per_article": round(report.seconds / max(report.records, 1) * 1000, 2),
    }
    if again is not None:
        figures["edit"] = edit
        figures["edit_seconds"] = round(again.seconds, 2)
        figures["edit_reused_shards"] = len(again.reused)
        figures["edit_ratio"] = round(again.seconds / report.seconds, 2)
    return figures


def step_search(corpus: list[SyntheticArticle]) -> dict:
    """Index the corpus with the plugin's default settings."""
    return measure(corpus, DEFAULTS["shard_size"], DEFAULTS["fold"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--shard-size", type=int, default=DEFAULTS["shard_size"], help="0: one bundle"
    )
    parser.add_argument("--fold", choices=["d_variants", "full"], default=DEFAULTS["fold"])
    parser.add_argument("--edit", choices=EDITS, default="none", help="then one incremental run")
    args = parser.parse_args(argv)
    corpus = generate_corpus(args.articles)
    figures = {
        "articles": args.articles,
        **measure(corpus, args.shard_size or None, args.fold, args.edit),
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
