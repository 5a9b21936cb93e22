"""Incremental rebuild: reuse the previous build's unchanged HTML pages.

A library: :mod:`plugins.rendering` connects it to Pelican's signals, together
with the parallel rendering of :mod:`plugins.parallel`.

Why: Pelican renders every page on every build. After one article's body
changed, almost every page of a 10,000-article site would come out byte for
byte as before; rendering them again is most of a rebuild's time.

How: ``scripts/build.py`` builds into a staging folder and passes the last
site as ``PREVIOUS_OUTPUT_PATH`` (empty with ``--force``). Once the context
is complete (``all_generators_finalized``, before any render process
forks), a :class:`~.session.Session` digests every content object and the
site, and every generator's templates are wrapped
(:class:`~.session.ReusingTemplate`). For each page Pelican's writer asks
to render, the wrapper computes the page's fingerprint *before* rendering:

- the site digest: settings (minus where the build writes and ``PARALLEL``,
  whose output is byte-identical; absolute paths as placeholders), the theme, the plugins' and scripts' code, the settings
  files, the reference data, content files that are not articles or pages
  (images), files a setting names (page views), the installed packages, and
  the *catalogue*: every article's and page's attributes except its body,
  sapo, title and title card (date, slug, section, tags, provinces, views
  …). So any change of what lists, menus, counts and orders are made of
  re-renders every page;
- the template's name and the output file name;
- every value the template can read (names found in the template and what
  it extends, includes or imports, by ``jinja2.meta``) plus every value
  passed for this page only. A content object passed as the page's own
  (``article``, ``page``) counts as its full digest (source bytes, all
  attributes, body HTML, the slugs of its related / other-news /
  previous / next lists); a content object inside a list counts as its key
  and URL.

After rendering, the page's HTML is scanned for the articles and pages it
links (``href``/``src`` values, and article URLs anywhere, e.g. JSON-LD):
their keys are recorded. A page is reused (the previous file is
hard-linked into the new site by the writer, :mod:`.linking` and
:class:`plugins.rendering.PageWriter`) only when
its fingerprint is equal to the previous build's *and* none of the content
objects it showed changed digest (or disappeared). Anything that
cannot be represented stably renders the page. So a body or title edit
re-renders the edited article, the pages that link it (lists, related
blocks, Đọc nhiều …) and the pages whose related lists changed; a date or
tag edit, a new or deleted article re-renders everything (simple and safe).
A page that showed an article's title without linking it would be missed:
none does (the differential test, tests/differential.py, edits titles).

State: the session writes the content digests to
``OUTPUT_PATH/.incremental/shards/contents.json`` and every process appends
its page records to ``shards/<pid>.jsonl`` (line-buffered, so the forked
render children need no channel back); on ``finalized`` the parent merges
them into ``.incremental/pages.json`` (sorted, deterministic, no absolute
path) and ``.incremental/last-build.json`` (rendered / reused counts, shown
by ``scripts/build.py``). The state is inside the output, so it is swapped
with the site atomically and never describes a site that does not exist;
missing or corrupt state means a full render.

Assumptions (the parallel plugin makes the same): templates are pure (a page
is a function of its context); context functions (``seo_tags``,
``feed_links`` …) read only the page's values, settings, reference data and
the catalogue. Pages rendered outside a generator's ``get_template`` (e.g.
``TEMPLATE_PAGES``) are always rendered, and so are the pages of the
generators named in ``INCREMENTAL["always_render"]`` (feeds, search,
sitemaps: one or two pages each, with their own reuse).

Setting ``INCREMENTAL`` (merged over :data:`~.session.DEFAULTS`)::

    INCREMENTAL = {"enabled": True, "always_render": ("FeedsGenerator", …)}

``publishconf.py`` disables it: a production build is always a full build and
leaves no ``.incremental`` folder.
"""

from __future__ import annotations

from .session import (
    STATE_DIR,
    ReusingTemplate,
    Session,
    finish,
    incremental_options,
    last_build_counts,
    site_build_counts,
    state_dir,
)

__all__ = [
    "STATE_DIR",
    "ReusingTemplate",
    "Session",
    "finish",
    "incremental_options",
    "last_build_counts",
    "site_build_counts",
    "state_dir",
]
