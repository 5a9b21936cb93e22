"""The preview server's builder: one long-lived process that shows a saved
article at once, then brings the whole site up to date.

Why: ``make serve`` used to run the whole incremental build after every
save. At 10,000 articles that build takes 30–50 s, and an editor who fixes a
sentence waits that long to see it. Most saves change one article's text.

How: :func:`worker_main` runs in its own process (``spawn``: the server's
event loop is not forked). It runs :func:`scripts.build.build` in-process
and keeps the last build's ``ArticlesGenerator`` (its context, Jinja
environment and article objects), one per language edition: a file of
``content/en/`` is shown by the English run's, with that run's reuse state
(``.incremental/en/``). For one saved article file,
:meth:`ArticlePreview.render`:

1. checks that file alone (:func:`plugins.content_check.check.check_file`):
   an error is returned (``path:line: message``) and nothing is written;
2. reads it with the generator's readers (``content_object_init`` runs, so
   ``sanitize`` cleans it), then replays on it alone the per-article steps of
   the build's signals 6 and 7 (:func:`_per_article_steps`); what the *lists*
   give an article (related articles, other news, previous/next, Đọc nhiều,
   series parts) is kept from the article it replaces, and the new state
   goes into that same object, so the lists that hold it see it: the lists
   themselves are brought up to date by the build that follows;
3. renders its page with the generator's environment and context, as
   Pelican's writer does, and replaces the file in ``output/`` atomically.

Next (``("listings", path)``, :meth:`ArticlePreview.refresh_listings`) the
images the article now shows are encoded if new and published
(:func:`plugins.images.publish_document_images`), and the
pages that list the article are brought up to date: the pages whose last
build linked or showed it (``shows`` in ``.incremental/pages.json``), and
only they, are rendered again from the kept generators (all of the last
build's page-writing generators, whose context now holds the saved state)
and replaced in ``output/``: home, sections, topic pages, archives, the
related blocks of other articles. Every other page is skipped before it is
rendered (:class:`_TargetsOnly`, :func:`_listing_writer`).

It declines (returns ``None``) when the page would move or the change is
not one article's: a new or deleted file, a scheduled article, a changed
address (``save_as``: slug, section), status or date, or a draft (no page of
its own). Then, and after every fast render, the
server asks for the ordinary incremental build (``("build",)``), which makes
every page consistent, also what the edit changes at one remove (the
related lists of other articles, which are computed from every text; feeds,
search, sitemaps); ``make publish`` never uses any of this.

The first build of a session may be skipped as "nothing changed"
(``scripts/build.py``); it then leaves no generator, so the worker runs one
more build at once (``skip_unchanged=False``) while the server already
serves: from then on saves are fast.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from plugins.buildkit.templates import TEMPLATES_KEY, TemplateCache
from scripts.build import forget_memoized

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Outcome:
    """A worker's answer: what it did, the errors to show, how long it took."""

    kind: str  # "built", "rendered", "listed", "declined", "refused"
    errors: list[str]
    seconds: float
    page: str = ""  # "rendered": the file written, relative to the output; "listed": how many


class _ErrorLines(logging.Handler):
    """The build's ERROR records, as the lines the overlay shows."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _per_article_steps():
    """The build's per-article handlers of signals 6 and 7, in the build's
    order (docs/architecture.md): each takes a generator and works on its
    lists one article at a time, so a generator view holding the saved
    article alone gives that article what the build gives it."""
    from plugins.content_model import enrich_articles
    from plugins.fixed_urls import on_generator_finalized
    from plugins.images import on_articles_finalized
    from plugins.sanitize import mark_after_enrichment

    return (enrich_articles, mark_after_enrichment, on_generator_finalized, on_articles_finalized)


class _OneArticle:
    """A view of the build's ``ArticlesGenerator`` whose lists hold one article."""

    def __init__(self, generator, article) -> None:
        self._generator = generator
        self.articles, self.drafts, self.hidden_articles, self.translations = [article], [], [], []
        self.hidden_translations, self.drafts_translations = [], []

    def __getattr__(self, name: str):
        return getattr(self._generator, name)


class ArticlePreview:
    """Keeps the last build's articles generator; renders one saved article."""

    def __init__(self) -> None:
        from pelican import signals

        # Each edition's run of the last build (scripts/build.py runs the
        # English edition, then the main one): its ArticlesGenerator and all
        # its generators, by language.
        self.articles: dict[str, object] = {}
        self.runs: dict[str, list] = {}
        # The theme compiled once for the worker's life, not once a build
        # (a changed template has another checksum: compiled again).
        self.templates = TemplateCache()
        self.rendered = None  # (source, article, edition) of the last fast render
        # Each page a fast render replaced since the last build, with what it
        # held before (None: no file): a refused build puts them back.
        self.provisional: dict[Path, bytes | None] = {}
        # The editions whose run of the current build finished.
        self._finished: set[str] = set()
        signals.article_generator_finalized.connect(self._keep, weak=False)
        signals.all_generators_finalized.connect(self._keep_all, weak=False)
        signals.finalized.connect(self._finish, weak=False)

    def _keep(self, generator) -> None:
        if not isinstance(generator, _OneArticle):
            self.articles[_edition(generator.settings)] = generator

    def _keep_all(self, generators) -> None:
        if generators:
            self.runs[_edition(generators[0].settings)] = list(generators)

    def _finish(self, pelican) -> None:
        self._finished.add(_edition(pelican.settings))

    def _keep_good_runs(self, before: tuple[dict, dict]) -> None:
        """After a refused build: an edition whose run finished keeps its new
        generators; the others get back the last good build's (the run that
        was refused may have kept those of a broken tree). Forgetting them
        all made every save after an error a whole build until one passed."""
        articles, runs = before
        for edition in {*articles, *runs, *self.articles, *self.runs} - self._finished:
            for kept, old in ((self.articles, articles), (self.runs, runs)):
                if edition in old:
                    kept[edition] = old[edition]
                else:
                    kept.pop(edition, None)

    @property
    def generator(self):
        """The main edition's articles generator of the last build, if kept."""
        from plugins.editions.model import is_main_edition

        return next((g for g in self.articles.values() if is_main_edition(g.settings)), None)

    def _forget_runs(self) -> None:
        self.articles, self.runs = {}, {}

    def _write(self, output: Path, relative: str, text: str) -> None:
        """Replace the page ``relative`` of ``output`` with ``text``, provisionally.

        The page shown at once has passed the check of its own file only; a
        link to a missing page or an unknown ``Related:`` is found by the
        build that follows. Until then the page is provisional: what it held
        is kept here, and its name goes in the reuse state's list of pages
        the preview wrote (plugins/incremental ``PREVIEW_WRITTEN``), so that
        no later build reuses it as if that build had written it.
        """
        from plugins.incremental.session import PREVIEW_WRITTEN, STATE_DIR

        path = output / relative
        if path not in self.provisional:
            try:
                self.provisional[path] = path.read_bytes()
            except FileNotFoundError:
                self.provisional[path] = None
            written = output / STATE_DIR / PREVIEW_WRITTEN
            written.parent.mkdir(parents=True, exist_ok=True)
            with written.open("a", encoding="utf-8") as stream:
                stream.write(relative + "\n")
        _replace(path, text)

    def _settle(self, output: Path, refused: bool) -> None:
        """After a build: a refused one keeps the previous site, so the
        provisional pages get back what they held (the overlay says the page
        is the previous one, and it is); a passing one wrote them anew."""
        from plugins.incremental.session import PREVIEW_WRITTEN, STATE_DIR

        if refused and self.provisional:
            for path, held in self.provisional.items():
                if held is None:
                    path.unlink(missing_ok=True)
                else:
                    _replace(path, held)
            (output / STATE_DIR / PREVIEW_WRITTEN).unlink(missing_ok=True)
        self.provisional.clear()

    def close(self) -> None:
        from pelican import signals

        signals.article_generator_finalized.disconnect(self._keep)
        signals.all_generators_finalized.disconnect(self._keep_all)
        signals.finalized.disconnect(self._finish)
        self._forget_runs()
        self.rendered = None

    def build(
        self,
        settings_file: Path,
        output: Path,
        content: Path | None = None,
        skip_unchanged: bool = True,
    ) -> Outcome:
        """The ordinary preview build (``make serve``'s), in this process."""
        from scripts.build import build

        started, errors = time.perf_counter(), _ErrorLines()
        logging.getLogger().addHandler(errors)
        kind = "built"
        before = (dict(self.articles), dict(self.runs))
        self._finished = set()
        try:
            code = build(
                settings_file,
                output,
                content,
                extra={TEMPLATES_KEY: self.templates},
                preview=True,
                skip_unchanged=skip_unchanged,
            )
            kind = "built" if code == 0 else "refused"
        except SystemExit as stop:
            kind = "refused"
            if isinstance(stop.code, str):
                errors.lines.append(stop.code)
        except Exception as problem:  # noqa: BLE001 — shown in the overlay, the server goes on
            from scripts.build import describe_error

            kind = "refused"
            errors.lines.append(describe_error(problem))
        finally:
            logging.getLogger().removeHandler(errors)
            forget_memoized()
        self.rendered = None
        self._settle(Path(output), refused=kind == "refused")
        if kind == "refused":
            self._keep_good_runs(before)
        return Outcome(kind, errors.lines if kind == "refused" else [], _since(started))

    def render(self, source: Path, output: Path) -> Outcome | None:
        """Show the saved article ``source`` at once (see the module docstring);
        ``None``: not a change this can show alone, build instead."""
        started = time.perf_counter()
        # the edition whose run read this file (content/en/ is the English one's)
        found = [(g, a) for g in self.articles.values() if (a := _article_of(g, source))]
        if not found:
            return None  # not an article of the last build: new, or not kept
        generator, old = found[0]
        from pelican.contents import Article

        from plugins.content_check.check import check_file
        from plugins.content_check.problems import format_problem
        from plugins.content_check.urls import scheme_from_settings
        from plugins.reference import reference_for
        from plugins.schedule import MARK

        settings = generator.settings
        content = Path(settings["PATH"])
        try:
            rel = source.resolve().relative_to(content.resolve()).as_posix()
        except ValueError:
            return None
        if not source.is_file() or MARK in vars(old):
            return None  # new, deleted or scheduled: the lists change
        problems = check_file(
            content,
            rel,
            reference_for(settings),
            scheme_from_settings(settings),
            cwd=ROOT,
            article_dirs=tuple(settings.get("ARTICLE_PATHS") or ["articles"]),
            page_dirs=tuple(settings.get("PAGE_PATHS") or ["pages"]),
        )
        errors = [format_problem(p) for p in problems if p.is_error]
        if errors:
            return Outcome("refused", errors, _since(started))
        article = generator.readers.read_file(
            base_path=settings["PATH"],
            path=rel,
            content_class=Article,
            context=generator.context,
        )
        for step in _per_article_steps():
            step(_OneArticle(generator, article))
        if (article.save_as, article.status, article.date) != (old.save_as, old.status, old.date):
            return None  # the page moves, or its place in every list does
        if not old.save_as:
            return None  # a draft (DRAFT_SAVE_AS = ""): no page of its own to show
        # The saved state goes into the build's own object, with what the
        # lists gave it: every list that holds it (``sameas`` in templates,
        # the titles other pages show) then holds the new state.
        given = {name: value for name, value in vars(old).items() if name not in vars(article)}
        vars(old).clear()
        vars(old).update(vars(article), **given)
        forget_memoized(old)
        self._write(output, old.save_as, _render(generator, old))
        self.rendered = (os.path.realpath(source), old, _edition(settings))
        return Outcome("rendered", [], _since(started), old.save_as)

    def refresh_listings(self, source: Path, output: Path) -> Outcome | None:
        """Render again the pages that list the article :meth:`render` just
        showed (see the module docstring); ``None``: nothing kept to do it
        with (no fast render of ``source``, no reuse state), build instead."""
        started = time.perf_counter()
        if self.rendered is None or self.rendered[0] != os.path.realpath(source):
            return None
        from pelican.generators import StaticGenerator

        from plugins.fragments import forget
        from plugins.incremental import incremental_options
        from plugins.incremental.session import content_key, load_state

        _, article, edition = self.rendered
        self.rendered = None
        generators = self.runs.get(edition)
        if not generators:
            return None
        from plugins.images import ImageBuildError, publish_document_images

        try:
            # A photo the saved article now shows: encoded and published now,
            # not after the next build (at 10,000 articles, half a minute of
            # a broken image in the page the editor is reading).
            publish_document_images(generators[0], article, output)
        except ImageBuildError:
            return None  # a bad original: the build reports it, with its line
        state = load_state(output, generators[0].settings)  # that edition's
        if state is None:
            return None
        targets = pages_showing(state, content_key(article)) - {article.save_as}
        settings = generators[0].settings
        always = incremental_options(settings).always_render
        writer = _listing_writer(
            str(output), settings, targets, lambda name, text: self._write(output, name, text)
        )
        for generator in generators:
            if (
                type(generator).__name__ in always
                or isinstance(generator, StaticGenerator)
                or not callable(getattr(generator, "get_template", None))
                or getattr(generator, "writes_beside_writer", False)
            ):
                continue  # not in the reuse state, or writes the live site: the build's
            env = getattr(generator, "env", None)
            if env is not None:
                forget(env)  # cards of the article's old state
            kept = vars(generator).get("get_template")
            original = type(generator).get_template.__get__(generator)
            generator.get_template = lambda name, get=original: _TargetsOnly(get(name), targets)
            try:
                # The class's own step: the last build wrapped the instance's.
                type(generator).generate_output(generator, writer)
            finally:
                if kept is None:
                    del generator.get_template
                else:
                    generator.get_template = kept
        return Outcome("listed", [], _since(started), f"{len(writer.written)}")


def pages_showing(state, key: str) -> set[str]:
    """The pages (output files, relative) whose last build linked or showed
    the content object ``key`` (``shows`` of the reuse state)."""
    return {record.output for record in state.pages.values() if key in record.shows}


class _TargetsOnly:
    """A template that renders only the pages named in ``targets`` (the
    writer passes each page's ``output_file``); any other page renders as
    nothing, at no cost, and :func:`_listing_writer` does not write it."""

    def __init__(self, template, targets: set[str]) -> None:
        self._template, self._targets = template, targets

    def render(self, context) -> str:
        if context.get("output_file") in self._targets:
            return self._template.render(context)
        return ""

    def __getattr__(self, name: str):
        return getattr(self._template, name)


def _listing_writer(output_path: str, settings, targets: set[str], write):
    """Pelican's writer, writing only ``targets`` (relative output files),
    each with ``write(name, text)`` (:meth:`ArticlePreview._write`: through a
    new file, so a page hard-linked into another site is never changed in
    place); every other page is dropped. ``written``: the pages it wrote."""
    from pelican.writers import Writer

    class ListingWriter(Writer):
        def _open_w(self, filename, encoding, override=False):  # noqa: ANN001, ANN202
            relative = os.path.relpath(filename, self.output_path).replace(os.sep, "/")
            if relative not in targets:
                return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115
            self.written.append(relative)
            return _Replacing(lambda text: write(relative, text))

    writer = ListingWriter(output_path, settings=settings)
    writer.written = []
    return writer


class _Replacing:
    """A file opened for writing that hands its text to ``done`` when closed."""

    def __init__(self, done) -> None:
        self.done, self.parts = done, []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def __enter__(self) -> _Replacing:
        return self

    def __exit__(self, kind, value, trace) -> None:  # noqa: ANN001
        if kind is None:
            self.done("".join(self.parts))


def _edition(settings) -> str:
    return str(settings.get("EDITION") or settings.get("DEFAULT_LANG") or "")


def _article_of(generator, source: Path):
    wanted = os.path.realpath(source)
    for article in (*generator.articles, *generator.drafts, *generator.hidden_articles):
        if os.path.realpath(article.source_path) == wanted:
            return article
    return None


def _render(generator, article) -> str:
    """The page as Pelican's ``generate_articles`` and writer render it."""
    from plugins.fragments import forget

    forget(generator.env)  # cards of the old state (the article's own among them)
    template = generator.env.get_template(f"{article.template}.html")
    context = dict(generator.context)
    context["localsiteurl"] = context.get("localsiteurl")
    context["output_file"] = article.save_as
    context.update(
        article=article,
        category=getattr(article, "category", None),
        url=article.url,
        blog=True,
    )
    return template.render(context)


def _replace(path: Path, text: str | bytes) -> None:
    """Write ``path`` through a new file: a page hard-linked into another
    site (plugins/incremental) is never changed in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".preview-", dir=path.parent)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def worker_main(channel, settings_file: str, output: str, content: str | None = None) -> None:
    """The worker's loop: ``("build",)``, ``("warm",)``, ``("article", path)``
    or ``("listings", path)``
    in, an :class:`Outcome` out, until ``("stop",)`` or the pipe closes."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    preview = ArticlePreview()
    settings_path, output_path = Path(settings_file), Path(output)
    content_path = Path(content) if content else None
    while True:
        try:
            request = channel.recv()
        except EOFError:
            return
        if request[0] == "stop":
            return
        try:
            if request[0] in ("article", "listings"):
                show = preview.render if request[0] == "article" else preview.refresh_listings
                outcome = show(Path(request[1]), output_path)
                if outcome is None:
                    outcome = Outcome("declined", [], 0.0)
            elif request[0] == "warm":  # no generator yet: build once more, reusing pages
                outcome = (
                    preview.build(settings_path, output_path, content_path, skip_unchanged=False)
                    if preview.generator is None
                    else Outcome("built", [], 0.0)
                )
            else:
                outcome = preview.build(settings_path, output_path, content_path)
        except Exception:  # noqa: BLE001 — the server shows it and goes on
            lines = traceback.format_exc().strip().splitlines()
            outcome = Outcome("refused", lines[-3:], 0.0)
        channel.send(outcome)


class Worker:
    """The server's handle on the worker process (one request at a time)."""

    def __init__(self, settings_file: Path, output: Path, content: Path | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self._channel, child = context.Pipe()
        self._lock = threading.Lock()
        self.process = context.Process(
            target=worker_main,
            args=(child, str(settings_file), str(output), str(content) if content else None),
            name="preview-worker",
            daemon=False,  # a build forks helpers, which a daemon process may not
        )
        self.process.start()
        child.close()
        atexit.register(self.stop)

    def ask(self, *request: str) -> Outcome:
        with self._lock:
            self._channel.send(request)
            return self._channel.recv()

    def stop(self) -> None:
        if not self.process.is_alive():
            return
        try:
            with self._lock:
                self._channel.send(("stop",))
        except OSError:
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
