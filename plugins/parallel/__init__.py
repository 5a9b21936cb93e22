"""Parallel build over all cores (forked processes; output byte-identical to serial).

Three things, each measured by ``python -m bench --only build`` and checked
by tests/test_build_speed_parallel.py:

- reading: on the first ``article_generator_preread``, the articles the
  content cache lacks are read in ``workers`` children into Pelican's reader
  cache (:mod:`.reading`); Pelican's own loop then finds them there;
- rendering: after ``all_generators_finalized``, the generators named in
  ``PARALLEL['generators']`` run their ``generate_output`` in every process,
  each rendering the pages it owns (:mod:`.render`);
- background: the generators named in ``PARALLEL['background']`` (feeds,
  sitemaps, search index: output-only) run in a child each, started once
  the context is complete (``all_generators_finalized``, before
  ``plugins.incremental`` digests it), joined after the last generator,
  before ``finalized``.

Templates must not keep state between pages (all of ours are pure).

Setting ``PARALLEL`` (merged over :data:`~.partition.DEFAULTS`)::

    PARALLEL = {"enabled": True, "workers": None, "generators": (...), "background": (...)}

Setting ``"read": False`` turns the parallel reading off (it also needs
``CACHE_CONTENT``). The build stays serial (with an info line) when
``workers`` is 1, when the platform cannot fork, when the process runs other
threads (pytest-xdist), or when a plugin listens to a per-page signal such as
``content_written`` (each process would send it).
"""

from __future__ import annotations

import logging
from functools import partial

from pelican import signals
from pelican.generators import StaticGenerator

from .partition import PER_PAGE_SIGNALS, Share, busy_signals, page_owner, parallel_options
from .reading import read_in_parallel
from .render import Background, ParallelRenderError, ParallelWriter, render_in_parallel

__all__ = [
    "ParallelRenderError",
    "ParallelWriter",
    "Share",
    "page_owner",
    "parallel_options",
    "register",
    "render_in_parallel",
]

logger = logging.getLogger(__name__)


def _receiver_counts() -> dict[str, int]:
    return {name: len(getattr(signals, name).receivers) for name in PER_PAGE_SIGNALS}


def provide_writer(pelican) -> type | None:
    return ParallelWriter if parallel_options(pelican.settings).enabled else None


def prepare_generators(generators) -> None:
    options = parallel_options(generators[0].settings)
    if not options.enabled or options.workers < 2:
        return
    busy = busy_signals(_receiver_counts())
    if busy:
        logger.info("Kết xuất tuần tự: có plugin nghe tín hiệu %s", ", ".join(busy))
        return
    # Pelican runs StaticGenerator last: background work is joined after it,
    # before the ``finalized`` signal (publishing checks read the output).
    last = generators[-1]
    background = Background() if isinstance(last, StaticGenerator) else None
    late: list = []  # background generators' output steps, in Pelican's order
    for generator in generators:
        name = type(generator).__name__
        # Instance attributes: only this build's generator objects change.
        if name in options.generators:
            generator.generate_output = partial(
                render_in_parallel, generator.generate_output, options.workers
            )
        elif background is not None and name in options.background:
            late.append(generator.generate_output)
            generator.generate_output = _started_earlier
    if background is not None and late:
        # A child each, started now: before the incremental session digests
        # the content (plugins.incremental comes after this plugin), so they
        # overlap it and the rendering. Pelican makes its writer later, so
        # the children get one of their own; join() adds the files they
        # wrote to Pelican's writer.
        first = generators[0]
        writer = ParallelWriter(first.output_path, settings=first.settings)
        for step in late:
            background.start(step, f"nền {type(step.__self__).__name__}", writer)
        for generator in generators[:-1]:
            if generator.generate_output is not _started_earlier:
                generator.generate_output = partial(background.guard, generator.generate_output)
        last.generate_output = partial(background.run_then_join, last.generate_output)


def _started_earlier(writer) -> None:
    """A background generator's output step: already running in a child."""


def read_sources_first(generator) -> None:
    """article_generator_preread (sent before each file): the first time,
    read every uncached article over the workers (see :mod:`.reading`)."""
    if getattr(generator, "_parallel_read_done", False):
        return
    generator._parallel_read_done = True  # this generator object only
    options = parallel_options(generator.settings)
    if options.enabled and options.read:
        read_in_parallel(generator, options.workers)


def register() -> None:
    # get_writer: Pelican writes every page through our writer (serial until
    # a share is set, so a generator we do not wrap behaves as usual).
    signals.get_writer.connect(provide_writer)
    # all_generators_finalized: the context is complete and nothing is
    # written yet; wrap the page-writing generators' output step.
    signals.all_generators_finalized.connect(prepare_generators)
    # article_generator_preread: the article list is known, nothing is read.
    signals.article_generator_preread.connect(read_sources_first)
