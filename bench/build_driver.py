"""Run one portal build (``scripts.build.build``) with timing hooks; write the times as JSON.

The bench runs this in a subprocess (``python -m bench.build_driver``) so the
peak memory and CPU time of the build are measured alone. The hooks wrap the
functions and methods that do each step (the real code path), installed
before Pelican registers the plugins:

- ``read``: Pelican reading every source file (``Readers.read_file``);
- ``related``, ``most_read``: their article_generator_finalized handlers;
- ``images``: the image plugin's handlers (record documents, encode, publish);
- ``render``: the page-writing generators' output step (in parallel when
  plugins.parallel is on), ``feeds``, ``sitemap``, ``search``, ``legacy``;
- ``check``: the content check; ``publish``: link check and post-processing;
- ``incremental``: digesting the content before rendering and merging the
  page records after (plugins.incremental); ``swap``: removing stale build
  folders and replacing the output; ``articles_context``: Pelican's whole
  article context step (``read`` is part of it).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from unittest import mock


def _timed(timings: dict[str, float], name: str, function: Callable) -> Callable:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def _counted(counts: dict[str, int], key: str, function: Callable) -> Callable:
    """Keep the largest value ``function`` returned (processes, files read)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        value = function(*args, **kwargs)
        counts[key] = max(counts.get(key, 0), int(value or 0))
        return value

    return wrapper


def _hooks() -> list[tuple[object, str, str]]:
    """(owner, attribute, step) for every hook; owners that do not exist are skipped."""
    import importlib

    from pelican.generators import ArticlesGenerator, PagesGenerator
    from pelican.readers import Readers

    hooks: list[tuple[object, str, str]] = [
        (Readers, "read_file", "read"),
        (ArticlesGenerator, "generate_output", "render"),
        (PagesGenerator, "generate_output", "render"),
    ]
    wanted = [
        ("plugins.content_check", "check_before_build", "check"),
        # The check runs in a child beside the reading; this is the wait for it.
        ("plugins.content_check", "check_verdict", "check"),
        ("plugins.related", "attach_related", "related"),
        ("plugins.most_read", "add_most_read", "most_read"),
        ("plugins.images", "on_articles_finalized", "images"),
        ("plugins.images", "on_pages_finalized", "images"),
        ("plugins.images", "on_all_generators_finalized", "images"),
        ("plugins.topics", "TopicsGenerator.generate_output", "render"),
        ("plugins.topics", "TopicsGenerator.generate_context", "topics_context"),
        ("plugins.feeds", "FeedsGenerator.generate_context", "feeds"),
        ("plugins.feeds", "FeedsGenerator.generate_output", "feeds"),
        ("plugins.sitemap", "SitemapGenerator.generate_output", "sitemap"),
        ("plugins.search", "SearchGenerator.generate_output", "search"),
        ("plugins.legacy_urls", "LegacyRedirectsGenerator.generate_output", "legacy"),
        ("plugins.publish", "post_process", "publish"),
        ("plugins.incremental", "Session.start", "incremental"),
        ("plugins.rendering", "finish_session", "incremental"),
        ("scripts.build", "clean_stale_folders", "swap"),
        ("scripts.build", "_swap", "swap"),
        ("pelican.generators", "ArticlesGenerator.generate_context", "articles_context"),
        ("plugins.rendering", "render_in_parallel", "render_parallel"),
        ("plugins.rendering", "read_in_parallel", "read_parallel"),
        # Background generators (feeds, search, sitemap) run in a child whose
        # timers are lost; the parent's wait for them is measured here.
        ("plugins.parallel.render", "Background.join", "background_join"),
    ]
    for module_name, attribute, step in wanted:
        try:
            owner: object = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is not None and hasattr(owner, name):
            hooks.append((owner, name, step))
    return hooks


def plugins_without(plugins: list[str], names: list[str]) -> list[str]:
    """``plugins`` minus ``names`` (the feature-costs step builds without a
    feature to measure what it costs); a name not in ``plugins`` is an error,
    so a renamed plugin cannot make the step silently measure nothing."""
    unknown = [name for name in names if name not in plugins]
    if unknown:
        raise ValueError(f"not in PLUGINS: {', '.join(unknown)}")
    return [plugin for plugin in plugins if plugin not in names]


def settings_plugins(settings: Path) -> list[str]:
    """The ``PLUGINS`` list of a settings file, as Pelican reads it."""
    from pelican.settings import get_settings_from_file

    return list(get_settings_from_file(str(settings)).get("PLUGINS") or [])


def run(settings: Path, content: Path, output: Path, extra: dict, force: bool) -> dict:
    from scripts.build import build

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    started, cpu_started = time.perf_counter(), time.process_time()
    with ExitStack() as stack:
        for owner, name, step in _hooks():
            original = getattr(owner, name)
            if step in ("render_parallel", "read_parallel"):
                original = _counted(counts, step, original)
            stack.enter_context(mock.patch.object(owner, name, _timed(timings, step, original)))
        code = build(settings, output, content, extra, force=force)
    result = {key: round(value, 3) for key, value in sorted(timings.items())}
    result["render_processes"] = counts.get("render_parallel", 0)
    result["read_in_parallel"] = counts.get("read_parallel", 0)
    result.pop("read_parallel", None)  # its time is inside "read"
    if "render_parallel" in result:  # the wrapped generators' own time is inside it
        parallel = result.pop("render_parallel")
        result["render"] = parallel
    result["build_s"] = round(time.perf_counter() - started, 3)
    result["parent_cpu_s"] = round(time.process_time() - cpu_started, 3)
    result["code"] = code
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, required=True)
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--timings", type=Path, required=True)
    parser.add_argument("--extra", default="{}", help="settings overrides as JSON")
    parser.add_argument("--force", action="store_true")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="PLUGIN",
        help="build without this plugin of PLUGINS (repeatable)",
    )
    args = parser.parse_args(argv)
    extra = json.loads(args.extra)
    if args.without:
        extra["PLUGINS"] = plugins_without(settings_plugins(args.settings), args.without)
    result = run(args.settings, args.content, args.output, extra, args.force)
    args.timings.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return int(result["code"])


if __name__ == "__main__":
    sys.exit(main())
