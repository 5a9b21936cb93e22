"""Render one generator's pages in several forked processes.

Once every generator has built its context, the page-writing generators
(articles, pages, topic pages …) are the bulk of a build and pure: given the
context, each page is a template render written to one file. The parent
forks ``workers - 1`` children at the start of such a generator's
``generate_output``; every process (the parent too) runs the *same*
``generate_output`` with a :class:`ParallelWriter` that renders and writes
only the pages it owns (:func:`plugins.parallel.partition.page_owner`) and
skips the template render of the others. The children send their warnings
and errors back through a pipe and exit; the parent waits for them, logs
what they logged, and goes on alone: everything after rendering (feeds,
search index, publishing checks, the atomic swap) stays in the parent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pelican.writers import Writer

from plugins.buildkit import fork
from plugins.buildkit.fork import Channel, ChildFailed, Forked

from .partition import Share

logger = logging.getLogger(__name__)


class ParallelRenderError(RuntimeError):
    """A rendering process failed; the message is for the editor."""


class _ShareOfTemplate:
    """A template that renders only the pages its writer's share owns."""

    def __init__(self, template: Any, writer: ParallelWriter, share: Share) -> None:
        self._template = template
        self._writer = writer
        self._share = share

    def render(self, localcontext: dict) -> str:
        owned = self._share.owns(str(localcontext.get("output_file", "")))
        self._writer._owned_next = owned
        return self._template.render(localcontext) if owned else ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class ParallelWriter(Writer):
    """Pelican's writer; while ``share`` is set, it writes only that share's pages."""

    def __init__(self, output_path: str, settings: dict | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.share: Share | None = None
        self._owned_next: bool | None = None

    def write_file(self, name, template, context, *args, **kwargs):  # noqa: ANN001, ANN201
        if self.share is not None and name:
            template = _ShareOfTemplate(template, self, self.share)
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):  # noqa: ANN001, ANN202
        if self.share is not None:
            owned = self._owned_next
            self._owned_next = None
            if owned is None:  # a feed: no template render came first
                owned = self.share.owns(os.path.relpath(filename, self.output_path))
            if not owned:
                return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


def _rendering(
    generate_output: Callable[[Writer], None], writer: ParallelWriter, share: Share | None
) -> Callable[[Channel], None]:
    """In a child: run ``generate_output`` (this share of it, or all of it
    with ``share=None``) and send the names of the files it wrote."""

    def work(channel: Channel) -> None:
        before = set(writer._written_files)
        writer.share = share
        generate_output(writer)
        channel.send(sorted(writer._written_files - before))

    return work


def _start(
    generate_output: Callable[[Writer], None],
    writer: ParallelWriter,
    share: Share | None,
    what: str,
) -> Forked:
    return Forked(_rendering(generate_output, writer, share), what, logs=True)


def _stop(children: list[Forked]) -> None:
    for child in children:
        child.stop()
    children.clear()


def join(children: list[Forked], writer: ParallelWriter) -> None:
    """Wait for ``children``; log what they logged; fail if one failed.

    The files they wrote join the writer's record, so a later write of the
    same file is refused as in a serial build.
    """
    failures = []
    written: list[str] = []
    for child in children:
        try:
            written += child.recv()
            child.join()
        except ChildFailed as problem:
            failures.append(str(problem))
    _stop(children)
    if failures:
        raise ParallelRenderError(
            "kết xuất song song thất bại: "
            + "; ".join(failures)
            + " (đặt PARALLEL = {'enabled': False} để dựng trang tuần tự và xem chi tiết)"
        )
    twice = sorted(set(written) & writer._written_files) or sorted(
        {name for name in written if written.count(name) > 1}
    )
    if twice:
        raise ParallelRenderError(f"kết xuất song song: tệp được ghi hai lần: {twice[0]}")
    writer._written_files.update(written)


def can_fork(writer: Writer) -> bool:
    """Forking for rendering is safe: our writer, and no other thread."""
    return isinstance(writer, ParallelWriter) and fork.can_fork(why_not=True)


def render_in_parallel(
    generate_output: Callable[[Writer], None], workers: int, writer: Writer
) -> int:
    """Run ``generate_output(writer)`` over ``workers`` processes (see module doc).

    Returns the number of processes that rendered (1 when it stayed serial).
    """
    if workers < 2 or not can_fork(writer):
        generate_output(writer)
        return 1
    children: list[Forked] = []
    try:
        for index in range(1, workers):
            children.append(_start(generate_output, writer, Share(index, workers), "kết xuất"))
        writer.share = Share(0, workers)
        try:
            generate_output(writer)
        finally:
            writer.share = None
    except BaseException:
        _stop(children)
        raise
    join(children, writer)
    return workers


@dataclass
class Background:
    """This build's generators running in the background, joined at the end."""

    children: list[Forked] = field(default_factory=list)

    def start(self, generate_output: Callable[[Writer], None], what: str, writer: Writer) -> None:
        """Run ``generate_output`` in a child; the parent goes on at once."""
        if not can_fork(writer):
            generate_output(writer)
            return
        self.children.append(_start(generate_output, writer, None, what))

    def stop(self) -> None:
        """Another output step failed: kill the children, so no process goes
        on writing for a build that failed (the parent may live on: ``make
        serve``, tests)."""
        _stop(self.children)

    def join(self, writer: Writer) -> None:
        """After the last generator: wait for the children (see :func:`join`)."""
        if self.children:
            join(self.children, writer)
