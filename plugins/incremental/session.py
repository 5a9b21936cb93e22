"""This build's reuse session: reads Pelican objects once, decides per page.

The Pelican-facing half of the plugin (the logic is in :mod:`.fingerprint`).
A :class:`Session` is created once the context is complete (before any page
is rendered, before the parallel plugin forks its render processes), so every rendering process
inherits the content digests and the previous build's state.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from jinja2 import TemplateError
from pelican.contents import Content
from pelican.paginator import Page as PaginatorPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

from plugins.buildkit.digest import (
    SKIPPED_ATTRIBUTES,
    Unrepresentable,
    canonical,
    digest,
    file_digest,
    packages_text,
    setting_files,
    tree_digest,
)
from plugins.buildkit.fork import Forked, can_fork
from plugins.buildkit.run import RUN_KEY
from plugins.buildkit.templates import TEMPLATES_KEY, template_cache
from plugins.options import plugin_options

from .fingerprint import (
    BuildState,
    PageRecord,
    changed_contents,
    page_fingerprint,
    parse_record_lines,
    parse_state,
    path_placeholder,
    prefix_replacer,
    record_line,
    reusable,
    shown_keys,
    state_text,
    url_pattern,
)
from .linking import LinkedPage

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = ".incremental"
STATE_FILE = "pages.json"
SUMMARY_FILE = "last-build.json"
SHARDS_DIR = "shards"
CONTENTS_FILE = "contents.json"
# Pages the preview server (scripts/fast_preview.py) wrote into this output
# since the build that made it, one per line: their files are no longer what
# that build's records describe, so the next build renders them again.
PREVIEW_WRITTEN = "preview-written.txt"

DEFAULTS: dict = {
    "enabled": True,
    # Generators whose pages are always rendered, never fingerprinted: each
    # writes one or two pages and reuses its own heavy output (feeds, search
    # chunks), and plugins.parallel runs them in children started before the
    # session exists. A rule that holds in serial and parallel builds alike,
    # so both write the same state.
    "always_render": ("FeedsGenerator", "SearchGenerator", "SitemapGenerator"),
}
# From this many content objects their digests are computed in two processes.
FORK_FROM = 2000
# Settings that name where this build writes or what it reuses, not what it reads.
WHERE_KEYS = frozenset({"OUTPUT_PATH", "CACHE_PATH", "PREVIOUS_OUTPUT_PATH"})
# Settings that change how the build runs, never what it writes: PARALLEL's
# output is byte-identical to a serial build (tests/test_build_speed_parallel.py).
# So are this build's own state (plugins/buildkit/run.py) and its compiled
# templates (plugins/buildkit/templates.py).
HOW_KEYS = frozenset({"PARALLEL", "INCREMENTAL", RUN_KEY, TEMPLATES_KEY})
# The build's clock (plugins/schedule): what it decides, which articles are
# published (and, in preview, which are marked), is in the catalogue.
CLOCK_KEYS = frozenset({"BUILD_TIME"})
# Attributes of a content object that other pages show only next to a link
# to it (body, sapo, title, and the images drawn from the title: the title
# card), and its lists of other articles (related, other news, previous /
# next: computed from bodies): in its own digest, which decides for its
# page and the pages linking it, not in the site-wide catalogue. No list,
# menu, count or order is made of them (lists sort by date, topics by
# name), so a title edit re-renders the article and the pages that link
# it, not the whole site. The same keys are taken out of ``metadata``.
BODY_ATTRIBUTES = frozenset(
    {
        "_content",
        "_summary",
        "title",
        "social_image",
        "social_image_info",
        "social_image_card",
        "schema_images",
    }
)
_MISSING = object()


@dataclass(frozen=True)
class IncrementalOptions:
    enabled: bool
    always_render: frozenset[str] = frozenset()


def incremental_options(settings: Mapping) -> IncrementalOptions:
    """``INCREMENTAL`` merged over :data:`DEFAULTS` (the settings are not touched)."""
    merged = plugin_options(settings, "INCREMENTAL", DEFAULTS)
    return IncrementalOptions(
        enabled=bool(merged["enabled"]), always_render=frozenset(merged["always_render"])
    )


def _is_content_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and any(isinstance(v, Content) for v in value)


def collect_contents(generators: Iterable[Any]) -> list[Content]:
    """Every content object the generators hold (articles, pages, drafts,
    translations …), once each, in a stable order. Articles held back until
    their time (plugins/schedule keeps them in ``generator.schedule``, not in
    a list) are not part of this build: when one is published, the
    catalogue gains it and every page is rendered again."""
    seen: dict[int, Content] = {}
    for generator in generators:
        for value in vars(generator).values():
            if isinstance(value, list | tuple):
                for item in value:
                    if isinstance(item, Content):
                        seen.setdefault(id(item), item)
    return sorted(seen.values(), key=content_key)


def content_key(content: Content) -> str:
    """A stable, location-independent name of a content object."""
    try:
        source = content.get_relative_source_path()
    except Exception:  # noqa: BLE001 — no source: its URL names it
        source = str(getattr(content, "url", ""))
    return f"{type(content).__name__}:{str(source).replace(os.sep, '/')}"


@dataclass
class Session:
    """One build's reuse decisions and records (one per build, never global)."""

    settings: Mapping
    shared: Mapping  # the context every generator shares
    env: Any  # a Jinja environment, to find what templates read
    output_path: Path
    previous_output: Path | None
    previous: BuildState | None
    state: Path = Path()  # this run's state folder in the output (state_dir)
    site: str = ""
    contents: dict[str, str] = field(default_factory=dict)
    keys_by_id: dict[int, str] = field(default_factory=dict)
    refs: dict[int, str] = field(default_factory=dict)  # id → how a list names it
    url_keys: dict[str, str] = field(default_factory=dict)
    patterns: list = field(default_factory=list)
    changed: frozenset[str] = frozenset()
    strings: Any = None
    _names: dict[tuple[int, str], tuple[Any, frozenset[str]]] = field(default_factory=dict)
    _shared_texts: dict[str, tuple[Any, str | None]] = field(default_factory=dict)
    _lists: dict[int, tuple[Any, int, str]] = field(default_factory=dict)
    _paginators: dict[int, tuple[Any, str]] = field(default_factory=dict)
    _wrappers: dict[int, tuple[Any, str]] = field(default_factory=dict)
    _shard: tuple[int, IO[str]] | None = None
    # True once this process's writer writes a LinkedPage as a link
    # (plugins.rendering.PageWriter with links on).
    linking: bool = False

    # --- set-up (parent, before rendering) -------------------------------

    def reusing_template(self, get_template: Any, name: str) -> ReusingTemplate:
        """A generator's ``get_template``, its templates checked for reuse."""
        return ReusingTemplate(get_template(name), self)

    @classmethod
    def start(cls, generators: list[Any]) -> Session:
        first = generators[0]
        settings = first.settings
        output_path = Path(settings["OUTPUT_PATH"]).resolve()
        previous_output = None
        previous = None
        if settings.get("PREVIOUS_OUTPUT_PATH"):
            candidate = Path(settings["PREVIOUS_OUTPUT_PATH"]).resolve()
            if candidate != output_path:
                previous_output = candidate
                previous = without_previewed(load_state(candidate, settings), candidate)
        env = next((g.env for g in generators if getattr(g, "env", None) is not None), None)
        session = cls(settings, first.context, env, output_path, previous_output, previous)
        session.strings = prefix_replacer({"content": str(Path(settings["PATH"]).resolve())})
        contents = collect_contents(generators)
        for content in contents:  # names first: digests write other contents by name
            key = content_key(content)
            url = getattr(content, "url", None)
            session.keys_by_id[id(content)] = key
            session.refs[id(content)] = f"ref:{key}:{url}"
            if isinstance(url, str) and url:
                session.url_keys.setdefault(url, key)
        catalogue = []
        for content, (entry, full) in zip(contents, session._digest_all(contents), strict=True):
            key = session.keys_by_id[id(content)]
            session.contents[key] = full
            catalogue.append(f"{key}\0{entry}")
        session.patterns = [
            p
            for p in (
                url_pattern(str(settings.get(k) or "")) for k in ("ARTICLE_URL", "ARTICLE_LANG_URL")
            )
            if p is not None
        ]
        session.site = digest(site_digest(settings), digest(*catalogue))
        if previous is not None:
            session.changed = changed_contents(previous.contents, session.contents)
        session.state = output_path / state_dir(settings)
        shards = session.state / SHARDS_DIR
        shards.mkdir(parents=True, exist_ok=True)
        (shards / CONTENTS_FILE).write_text(
            json.dumps(session.contents, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )
        return session

    def _digest_all(self, contents: list[Content]) -> list[tuple[str, str]]:
        """(digest of the catalogue entry, full digest) of every content object.

        From :data:`FORK_FROM` objects on, a forked helper digests the second
        half (0.5 ms an article: 5 s at 10,000 articles, before any page is
        rendered); the helper inherits the session and sends back short
        digests only, so the result is the serial one.
        """

        def digests(part: list[Content]) -> list[tuple[str, str]]:
            return [(digest(entry), full) for entry, full in map(self._digest, part)]

        if len(contents) < FORK_FROM or not can_fork():
            return digests(contents)
        middle = len(contents) // 2
        with Forked(lambda channel: channel.send(digests(contents[middle:]))) as helper:
            first = digests(contents[:middle])
            return first + helper.recv()

    def _digest(self, content: Content) -> tuple[str, str]:
        """(catalogue entry: what it says about itself but its body;
        full digest: its source bytes, the entry and its body)."""
        attributes = {k: v for k, v in vars(content).items() if k not in SKIPPED_ATTRIBUTES}
        body = {
            k: v
            for k, v in attributes.items()
            if k in BODY_ATTRIBUTES or _is_content_list(v) or isinstance(v, Content)
        }
        rest = {k: v for k, v in attributes.items() if k not in body}
        metadata = rest.get("metadata")
        if isinstance(metadata, Mapping) and not BODY_ATTRIBUTES.isdisjoint(metadata):
            rest["metadata"] = {k: v for k, v in metadata.items() if k not in BODY_ATTRIBUTES}
            body["metadata"] = {k: v for k, v in metadata.items() if k in BODY_ATTRIBUTES}
        entry = canonical(rest, self._content_text, self.strings, top=False, memo=self._lists)
        body_text = canonical(body, self._content_text, self.strings, top=False, memo=self._lists)
        source = getattr(content, "source_path", None)
        source_hash = file_digest(Path(source)) if source and os.path.isfile(source) else ""
        return entry, digest(source_hash, entry, body_text)

    def _content_text(self, value: Any, top: bool) -> str | None:
        """How objects Pelican makes are written in a fingerprint (``None``:
        walk it as any object)."""
        if isinstance(value, Paginator):
            # One paginator serves every page of its list: written once per process.
            known = self._paginators.get(id(value))
            if known is None or known[0] is not value:
                rest = {k: v for k, v in vars(value).items() if k not in SKIPPED_ATTRIBUTES}
                text = "Paginator" + canonical(
                    rest, self._content_text, self.strings, top=False, memo=self._lists
                )
                known = self._paginators[id(value)] = (value, text)
            return known[1]
        if isinstance(value, PaginatorPage):
            # Its articles are a slice of its paginator's (memoised) list, by
            # number: write the paginator and the number, not the slice again.
            rest = {
                k: v
                for k, v in vars(value).items()
                if k != "object_list" and k not in SKIPPED_ATTRIBUTES
            }
            return "PaginatorPage" + canonical(
                rest, self._content_text, self.strings, top=False, memo=self._lists
            )
        if isinstance(value, URLWrapper):
            # A tag, category or author: shared by thousands of articles and
            # pages, never changed once the context is complete; written once
            # per process, as the generic walk writes it.
            known = self._wrappers.get(id(value))
            if known is None or known[0] is not value:
                rest = {k: v for k, v in vars(value).items() if k not in SKIPPED_ATTRIBUTES}
                text = type(value).__qualname__ + canonical(
                    rest, self._content_text, self.strings, top=False, memo=self._lists
                )
                known = self._wrappers[id(value)] = (value, text)
            return known[1]
        if not isinstance(value, Content):
            return None
        if not top:
            known = self.refs.get(id(value))
            return known or f"ref:{content_key(value)}:{getattr(value, 'url', '')}"
        key = self.keys_by_id.get(id(value)) or content_key(value)
        full = self.contents.get(key) if id(value) in self.keys_by_id else None
        if full is None:
            full = self._digest(value)[1]
        return f"content:{key}:{full}"

    # --- per page -------------------------------------------------------

    def template_names(self, template: Any) -> frozenset[str]:
        """Context names ``template`` (and what it extends, includes, imports)
        reads; every template's names if one is chosen at run time."""
        env = template.environment
        key = (id(env), template.name)
        known = self._names.get(key)
        if known is not None:
            return known[1]
        names: set[str] = set()
        seen: set[str] = set()
        todo = [template.name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            own, referenced = self._template_file(env, current)
            names |= own
            todo.extend(referenced)
        self._names[key] = (env, frozenset(names))
        return self._names[key][1]

    def _template_file(self, env: Any, name: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """(names one template file reads, the files it refers to), parsed
        once per build (plugins/buildkit/templates.py): the theme's templates
        share their bases and includes, and one include chosen at run time
        refers to them all."""
        return template_cache(self.settings).facts(env, name)

    def _shared_text(self, name: str, value: Any) -> str | None:
        """Digest of a value every page shares (once per process); ``None``: none."""
        known = self._shared_texts.get(name)
        if known is not None and known[0] is value:
            return known[1]
        try:
            text = digest(canonical(value, self._content_text, self.strings, memo=self._lists))
        except Unrepresentable:
            text = None
        self._shared_texts[name] = (value, text)
        return text

    def fingerprint(self, template: Any, localcontext: Mapping) -> str:
        """Raises :class:`Unrepresentable` when the page must be rendered."""
        names = set(self.template_names(template))
        names |= {k for k, v in localcontext.items() if self.shared.get(k, _MISSING) is not v}
        values: dict[str, str] = {}
        for name in names:
            value = localcontext.get(name, _MISSING)
            if value is _MISSING:
                continue
            if self.shared.get(name, _MISSING) is value:
                if self.settings.get(name, _MISSING) is value:
                    continue  # a setting: in the site digest
                text = self._shared_text(name, value)
                if text is None:
                    raise Unrepresentable(name)
            else:
                text = digest(canonical(value, self._content_text, self.strings, memo=self._lists))
            values[name] = text
        return page_fingerprint(self.site, template.name, _output_name(localcontext), values)

    def render(self, template: Any, localcontext: Mapping) -> str:
        output = _output_name(localcontext)
        if not output:
            return template.render(localcontext)
        try:
            fingerprint = self.fingerprint(template, localcontext)
        except (Unrepresentable, OSError, TemplateError) as problem:
            logger.debug("Không tái sử dụng được %s: %s", output, problem)
            return template.render(localcontext)
        previous = reusable(self.previous, output, fingerprint, self.changed)
        # Only a writer that links (PageWriter.links) can take a reused page;
        # any other render of a reusable page renders it.
        if previous is not None and self.previous_output is not None and self.linking:
            source = self.previous_output / output
            if source.is_file():
                self._record(PageRecord(output, fingerprint, previous.shows, True))
                return LinkedPage(source)
        html = template.render(localcontext)
        shows = shown_keys(
            html, self.url_keys, str(self.settings.get("SITEURL", "")), self.patterns
        )
        self._record(PageRecord(output, fingerprint, tuple(sorted(shows)), False))
        return html

    def _record(self, record: PageRecord) -> None:
        """Append to this process's shard (line-buffered: a forked child that
        exits with ``os._exit`` has already written every line)."""
        pid = os.getpid()
        if self._shard is None or self._shard[0] != pid:
            path = self.state / SHARDS_DIR / f"{pid}.jsonl"
            self._shard = (pid, open(path, "a", encoding="utf-8", buffering=1))  # noqa: SIM115
        self._shard[1].write(record_line(record) + "\n")

    # --- end of build (parent) ------------------------------------------


class ReusingTemplate:
    """A template whose render is the previous page's text when reusable."""

    def __init__(self, template: Any, session: Session) -> None:
        self._template = template
        self._session = session

    def render(self, localcontext: dict) -> str:
        return self._session.render(self._template, localcontext)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def _output_name(localcontext: Mapping) -> str:
    output = localcontext.get("output_file")
    if not isinstance(output, str) or not output:
        return ""
    return posixpath.normpath(output.replace(os.sep, "/")).lstrip("/")


def state_dir(settings: Mapping) -> str:
    """Where the run of ``settings`` keeps its reuse state in the output
    (relative): :data:`STATE_DIR` for the main edition, ``STATE_DIR/<lang>``
    for another edition's run. The runs of one build write into one output,
    and one shared state would keep only the last run's pages: every English
    page was rendered again by every build."""
    from plugins.editions.model import is_main_edition

    if is_main_edition(settings):
        return STATE_DIR
    return f"{STATE_DIR}/{settings['EDITION']}"


def load_state(previous_output: Path, settings: Mapping | None = None) -> BuildState | None:
    """The reuse state the run of ``settings`` (the main edition's when
    ``None``) left in ``previous_output``."""
    folder = previous_output / state_dir(settings or {})
    try:
        text = (folder / STATE_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return parse_state(text)


def previewed_pages(output: Path) -> frozenset[str]:
    """The pages of ``output`` the preview server wrote after its build."""
    try:
        text = (Path(output) / STATE_DIR / PREVIEW_WRITTEN).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line for line in text.splitlines() if line)


def without_previewed(state: BuildState | None, output: Path) -> BuildState | None:
    """``state`` without the records of the pages the preview server wrote
    since (:data:`PREVIEW_WRITTEN`): never reused, rendered again."""
    written = previewed_pages(output)
    if state is None or not written:
        return state
    pages = {name: record for name, record in state.pages.items() if name not in written}
    return BuildState(state.contents, pages)


def site_digest(settings: Mapping) -> str:
    """Everything every page depends on: settings, theme, code, reference
    data, content files that are not any edition's articles or pages (images), files named
    by a setting, installed packages."""
    from plugins.editions import other_edition_folders

    what = {k: v for k, v in settings.items() if k not in WHERE_KEYS | HOW_KEYS | CLOCK_KEYS}
    content = Path(settings["PATH"])
    # Every edition's articles and pages are left out: this edition's are
    # in the catalogue, and what another edition's give this one (hreflang
    # alternates) is in the settings (plugins/editions' facts).
    own = [
        content / p
        for p in (
            *settings.get("ARTICLE_PATHS", ()),
            *settings.get("PAGE_PATHS", ()),
            *other_edition_folders(settings),
        )
    ]
    parts = [
        canonical(what, strings=path_placeholder),
        tree_digest([settings["THEME"], ROOT / "plugins", ROOT / "scripts"]),
        *(f"{p.name}:{file_digest(p)}" for p in sorted(ROOT.glob("*.py"))),
        tree_digest([settings.get("PORTAL_DATA_DIR") or ROOT / "data"]),
        tree_digest([content], skip=own),
        *(file_digest(p) for p in setting_files(settings, WHERE_KEYS)),
        packages_text(),
    ]
    return digest(*parts)


def finish(output_path: Path, settings: Mapping | None = None) -> tuple[int, int] | None:
    """End of the run of ``settings`` (parent): merge the processes' shards
    and the content digests into its state file; (rendered, reused), ``None``
    if no session ran."""
    folder = Path(output_path) / state_dir(settings or {})
    shards = folder / SHARDS_DIR
    if not shards.is_dir():
        return None
    contents = json.loads((shards / CONTENTS_FILE).read_text(encoding="utf-8"))
    records: dict[str, list[PageRecord]] = {}
    for path in sorted(shards.glob("*.jsonl")):
        with open(path, encoding="utf-8") as stream:
            for record in parse_record_lines(stream):
                records.setdefault(record.output, []).append(record)
    # A file written twice (override rules) is not described by one record.
    kept = [found[0] for found in records.values() if len(found) == 1]
    (folder / STATE_FILE).write_text(state_text(contents, kept), encoding="utf-8")
    reused = sum(record.reused for record in kept)
    rendered = sum(len(found) for found in records.values()) - reused
    (folder / SUMMARY_FILE).write_text(
        json.dumps({"rendered": rendered, "reused": reused}, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    shutil.rmtree(shards)
    return rendered, reused


def last_build_counts(output_path: Path, settings: Mapping | None = None) -> tuple[int, int] | None:
    """(rendered, reused) of the run of ``settings`` (the main edition's when
    ``None``) in the build that wrote ``output_path``, if recorded."""
    return _counts(Path(output_path) / state_dir(settings or {}) / SUMMARY_FILE)


def site_build_counts(output_path: Path) -> tuple[int, int] | None:
    """(rendered, reused) summed over every edition's run of that build."""
    found = [_counts(path) for path in sorted(Path(output_path, STATE_DIR).rglob(SUMMARY_FILE))]
    found = [counts for counts in found if counts is not None]
    if not found:
        return None
    return sum(c[0] for c in found), sum(c[1] for c in found)


def _counts(summary: Path) -> tuple[int, int] | None:
    try:
        data = json.loads(summary.read_text("utf-8"))
        return int(data["rendered"]), int(data["reused"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
