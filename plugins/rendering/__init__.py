"""Rendering pages: one writer and one output step own parallel rendering and page reuse.

The two speed mechanisms of writing pages are libraries without signals of
their own: :mod:`plugins.parallel` (render over all cores, byte-identical to
serial; read uncached sources in forked children; feeds, sitemaps and the
search index in background children) and :mod:`plugins.incremental` (reuse
the previous build's unchanged pages as hard links). This plugin composes
them, in this order, in one place, so that nothing depends on the order of
``PLUGINS`` or on which wrapper wraps which:

1. ``get_writer``: :class:`PageWriter`, the writer of both: with a share
   set it writes only the pages its process owns, and with links on it
   writes a reused page as a hard link to the previous file;
2. ``article_generator_preread``: the first time, uncached articles are read
   in forked children into Pelican's reader cache;
3. ``all_generators_finalized`` (:func:`prepare_output`): the background
   generators start first (they overlap what follows), then the reuse
   session digests the context, then each page-writing generator gets
   one output step, :func:`output_step`, and its templates the reuse check;
   the last generator (Pelican's ``StaticGenerator``) joins the background;
4. ``finalized``: the pages every process recorded become the reuse state.

And ``generator_init``: every generator's Jinja environment compiles through
the build's :class:`~plugins.buildkit.templates.TemplateCache`, which
:func:`prepare_output` fills before anything forks, so the theme is compiled
once per build, not once per generator, run and render process.

Per-page signals (``content_written`` …) would run once per process: with a
receiver connected the build stays serial (with an info line).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from pelican import signals
from pelican.generators import StaticGenerator

from plugins.buildkit.templates import template_cache
from plugins.incremental import Session, finish, incremental_options
from plugins.incremental.linking import Sink
from plugins.parallel import (
    Background,
    ParallelWriter,
    busy_signals,
    parallel_options,
    read_in_parallel,
    render_in_parallel,
)
from plugins.parallel.partition import PER_PAGE_SIGNALS

logger = logging.getLogger(__name__)


class PageWriter(ParallelWriter):
    """Pelican's writer for both mechanisms.

    ``share`` (plugins/parallel): while set, only that share's pages are
    rendered and written. ``links`` (plugins/incremental): once set, a
    :class:`~plugins.incremental.linking.LinkedPage` render is written as a
    hard link, and the files linked by this process are kept here.
    """

    def __init__(self, output_path: str, settings: dict | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.links: set[str] | None = None

    def _open_w(self, filename, encoding, override=False):  # noqa: ANN001, ANN202
        opened = partial(super()._open_w, filename, encoding, override)
        return opened() if self.links is None else Sink(opened, filename, self.links)


def validate_settings(settings: Any) -> None:
    """``PARALLEL`` and ``INCREMENTAL`` are readable: ``make check`` and
    scripts/build.py report a bad key or value at the settings file's line
    (plugins.content_check.config), as the build would refuse it."""
    parallel_options(settings)
    incremental_options(settings)


def provide_writer(pelican: Any) -> type:
    return PageWriter


def read_sources_first(generator: Any) -> None:
    """article_generator_preread (sent before each file): the first time,
    read every uncached article over the workers."""
    if getattr(generator, "_parallel_read_done", False):
        return
    generator._parallel_read_done = True  # this generator object only
    options = parallel_options(generator.settings)
    if options.enabled and options.read:
        read_in_parallel(generator, options.workers)


def _workers(settings: dict) -> int:
    options = parallel_options(settings)
    if not options.enabled or options.workers < 2:
        return 1
    busy = busy_signals({name: len(getattr(signals, name).receivers) for name in PER_PAGE_SIGNALS})
    if busy:
        logger.info("Kết xuất tuần tự: có plugin nghe tín hiệu %s", ", ".join(busy))
        return 1
    return options.workers


def share_templates(generator: Any) -> None:
    """generator_init: compile through the build's template cache."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.bytecode_cache = template_cache(generator.settings)


def prepare_output(generators: list) -> None:
    """all_generators_finalized: the context is complete, nothing is written."""
    if not generators:
        return
    settings = generators[0].settings
    env = next((g.env for g in generators if getattr(g, "env", None) is not None), None)
    if env is not None:  # before any child forks: each inherits the compiled theme
        template_cache(settings).warm(env)
    parallel, reuse = parallel_options(settings), incremental_options(settings)
    workers = _workers(settings)
    background = Background()
    if workers > 1 and isinstance(generators[-1], StaticGenerator):
        # Started before the session digests the content, so they overlap
        # it; Pelican makes its writer later, so they get one of their own.
        writer = PageWriter(generators[0].output_path, settings=settings)
        for generator in generators:
            if type(generator).__name__ in parallel.background:
                background.start(
                    generator.generate_output, f"nền {type(generator).__name__}", writer
                )
                generator.generate_output = _started_earlier
    session = Session.start(generators) if reuse.enabled else None
    for generator in generators:
        step = generator.generate_output
        if step is _started_earlier:
            continue
        name = type(generator).__name__
        reusing = (
            session is not None
            and name not in reuse.always_render
            and callable(getattr(generator, "get_template", None))
        )
        if reusing:
            # Instance attributes: only this build's generator objects change.
            generator.get_template = partial(session.reusing_template, generator.get_template)
        generator.generate_output = partial(
            output_step,
            step,
            session if reusing else None,
            workers if name in parallel.generators else 1,
            background,
            generator is generators[-1],
        )


def _started_earlier(writer: Any) -> None:
    """A background generator's output step: already running in a child."""


def output_step(
    step: Any,
    session: Session | None,
    workers: int,
    background: Background,
    last: bool,
    writer: Any,
) -> None:
    """One generator's ``generate_output``: links on when its pages may be
    reused (before the render processes fork: each inherits them, with its
    own record of what it linked), rendered over ``workers`` processes. If
    it fails, the background children are killed; after the last
    generator, they are joined."""
    if session is not None and isinstance(writer, PageWriter):
        if writer.links is None:
            writer.links = set()
        session.linking = True
    try:
        render_in_parallel(step, workers, writer)
    except BaseException:
        background.stop()
        raise
    if last:
        background.join(writer)


def finish_session(pelican: Any) -> None:
    """finalized: merge what every process recorded into the reuse state."""
    counts = finish(pelican.settings["OUTPUT_PATH"], pelican.settings)
    if counts is not None:
        logger.info("Tăng dần: kết xuất %d trang, dùng lại %d trang", *counts)


def register() -> None:
    signals.generator_init.connect(share_templates)
    signals.get_writer.connect(provide_writer)
    signals.article_generator_preread.connect(read_sources_first)
    signals.all_generators_finalized.connect(prepare_output)
    signals.finalized.connect(finish_session)
