"""Benchmark step "feeds": the feed step's share of a full site build.

The synthetic corpus is written as Markdown and built by Pelican with the
project's own settings (``pelicanconf.py``: every plugin, the real theme).
During that build the feeds generator's two phases (planning in
``generate_context``, rendering and writing in ``generate_output``) and the
sitemap generator are timed by wrapping their methods, so the figures are
those of the real code path, not of a re-implementation. The goal (issue 5):
feeds under 10% of the build at 10,000 articles.

    python -m bench --articles 10000 --only feeds
    python -m bench.feeds_step --articles 1000          # alone, prints JSON
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import SyntheticArticle, generate_corpus, write_markdown  # noqa: E402


def _timed(timings: dict[str, float], name: str, method: Callable) -> Callable:
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def measure(corpus: list[SyntheticArticle], settings_file: Path = ROOT / "pelicanconf.py") -> dict:
    """Build the corpus once; return the build time and the feed step's share."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from plugins.feeds import FeedsGenerator
    from plugins.sitemap import SitemapGenerator

    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as folder:
        content, output = Path(folder) / "content", Path(folder) / "output"
        write_markdown(corpus, content)
        settings = read_settings(
            str(settings_file),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(output),
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
            },
        )
        patches = [
            (FeedsGenerator, "generate_context", "feeds_plan_s"),
            (FeedsGenerator, "generate_output", "feeds_write_s"),
            (SitemapGenerator, "generate_output", "sitemap_s"),
        ]
        logging.disable(logging.WARNING)  # the corpus has no images: expected warnings
        try:
            with ExitStack() as stack:
                for cls, name, key in patches:
                    stack.enter_context(
                        mock.patch.object(cls, name, _timed(timings, key, getattr(cls, name)))
                    )
                started = time.perf_counter()
                Pelican(settings).run()
                build_s = time.perf_counter() - started
        finally:
            logging.disable(logging.NOTSET)
        feed_files = sum(1 for _ in (output / "feeds").rglob("*.*"))
        feed_bytes = sum(p.stat().st_size for p in (output / "feeds").rglob("*.*"))
    feeds_s = timings.get("feeds_plan_s", 0.0) + timings.get("feeds_write_s", 0.0)
    return {
        "seconds": round(feeds_s, 3),
        "feeds_plan_s": round(timings.get("feeds_plan_s", 0.0), 3),
        "feeds_write_s": round(timings.get("feeds_write_s", 0.0), 3),
        "sitemap_s": round(timings.get("sitemap_s", 0.0), 3),
        "build_s": round(build_s, 2),
        "feeds_share": round(feeds_s / build_s, 4) if build_s else 0.0,
        "feed_files": feed_files,
        "feed_mb": round(feed_bytes / 1e6, 1),
        "goal": "feeds_share < 0.10",
    }


def step_feeds(corpus: list[SyntheticArticle]) -> dict:
    """The :mod:`bench.steps` entry point."""
    return measure(corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
    print(json.dumps(measure(generate_corpus(args.articles)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
