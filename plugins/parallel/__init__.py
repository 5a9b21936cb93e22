"""Parallel build over all cores (forked processes; output byte-identical to serial).

A library: :mod:`plugins.rendering` connects it to Pelican's signals, together
with the page reuse of :mod:`plugins.incremental`. Three mechanisms, each
measured by ``python -m bench --only build`` and checked by
tests/test_build_speed_parallel.py:

- reading (:mod:`.reading`): on the first ``article_generator_preread``, the
  articles the content cache lacks are read in ``workers`` children into
  Pelican's reader cache; Pelican's own loop then finds them there;
- rendering (:mod:`.render`): the generators named in
  ``PARALLEL['generators']`` run their ``generate_output`` in every process,
  each rendering the pages it owns (:mod:`.partition`);
- background (:class:`.render.Background`): the generators named in
  ``PARALLEL['background']`` (feeds, sitemaps, search index: output-only)
  run in a child each, joined after the last generator, before
  ``finalized``.

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

from .partition import PER_PAGE_SIGNALS, Share, busy_signals, page_owner, parallel_options
from .reading import read_in_parallel
from .render import Background, ParallelRenderError, ParallelWriter, render_in_parallel

__all__ = [
    "PER_PAGE_SIGNALS",
    "Background",
    "ParallelRenderError",
    "ParallelWriter",
    "Share",
    "busy_signals",
    "page_owner",
    "parallel_options",
    "read_in_parallel",
    "render_in_parallel",
]
