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

import contextlib
import ctypes
import logging
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pelican.log import FilteredMessage
from pelican.writers import Writer

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


class _Capture(logging.Handler):
    """In a child: keep the log records to hand them to the parent."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _die_with_parent() -> None:
    """Linux: a child is killed when the build is (no orphan keeps writing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_child(
    generate_output: Callable[[Writer], None],
    writer: ParallelWriter,
    share: Share | None,
    pipe: int,
) -> None:
    """Never returns: run ``generate_output`` (this share of it, or all of it
    with ``share=None``), report logs, errors and written files, exit."""
    code = 0
    capture = _Capture()
    before = set(writer._written_files)
    try:
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        loggers = [logging.getLogger()] + [
            item
            for item in logging.Logger.manager.loggerDict.values()
            if isinstance(item, logging.Logger)
        ]
        for item in loggers:
            item.handlers = []
        logging.getLogger().addHandler(capture)
        writer.share = share
        generate_output(writer)
        report: dict = {"ok": True}
    except BaseException as problem:  # noqa: BLE001 — reported to the parent
        code = 1
        report = {
            "ok": False,
            "error": f"{type(problem).__name__}: {problem}",
            "traceback": traceback.format_exc(),
        }
    report["written"] = sorted(writer._written_files - before)
    try:
        report["records"] = capture.records
        data = pickle.dumps(report)
    except Exception:  # noqa: BLE001 — an unpicklable record: send the text only
        report["records"] = []
        data = pickle.dumps(report)
    try:
        with os.fdopen(pipe, "wb") as stream:
            stream.write(data)
    finally:
        os._exit(code)


def replay(record: logging.LogRecord) -> None:
    """Log a child's record in this process, through its logger's filters.

    Pelican's loggers drop a message they have already logged (or one over
    a group's limit) by raising ``FilteredMessage`` from their ``filter``,
    which only their own ``_log`` expects: a record handed to ``handle``
    raised it here, and the build stopped on a bare "FilteredMessage". A
    filtered record is simply not logged, as in a serial build.
    """
    with contextlib.suppress(FilteredMessage):
        logging.getLogger(record.name).handle(record)


@dataclass
class Child:
    """A forked process and the read end of its report pipe."""

    pid: int
    pipe: int
    what: str


def _fork(
    generate_output: Callable[[Writer], None],
    writer: ParallelWriter,
    share: Share | None,
    what: str,
) -> Child:
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _run_child(generate_output, writer, share, write_end)
    os.close(write_end)
    return Child(pid, read_end, what)


def _kill(children: list[Child]) -> None:
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
        os.close(child.pipe)


def join(children: list[Child], writer: ParallelWriter) -> None:
    """Wait for ``children``; log what they logged; fail if one failed.

    The files they wrote join the writer's record, so a later write of the
    same file is refused as in a serial build.
    """
    failures = []
    written: list[str] = []
    for child in children:
        with os.fdopen(child.pipe, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(child.pid, 0)
        report = pickle.loads(data) if data else {"ok": False, "records": []}
        for record in report.get("records", []):
            replay(record)
        if not report["ok"] or os.waitstatus_to_exitcode(status) != 0:
            failures.append(
                f"{child.what}: "
                + (report.get("error") or f"mã thoát {os.waitstatus_to_exitcode(status)}")
            )
            logger.debug("%s", report.get("traceback", ""))
        written += report.get("written", [])
    children.clear()
    if failures:
        raise ParallelRenderError(
            "kết xuất song song thất bại: "
            + "; ".join(failures)
            + " (đặt PARALLEL = {'enabled': False} để xây dựng tuần tự và xem chi tiết)"
        )
    twice = sorted(set(written) & writer._written_files) or sorted(
        {name for name in written if written.count(name) > 1}
    )
    if twice:
        raise ParallelRenderError(f"kết xuất song song: tệp được ghi hai lần: {twice[0]}")
    writer._written_files.update(written)


def can_fork_here() -> bool:
    """No other thread runs in this process (a forked child could inherit a
    lock one of them holds, e.g. under pytest-xdist), and the OS can fork."""
    if not hasattr(os, "fork"):
        return False
    if threading.active_count() > 1:
        logger.info("Tuần tự: tiến trình đang chạy %d luồng", threading.active_count())
        return False
    return True


def can_fork(writer: Writer) -> bool:
    """Forking for rendering is safe: our writer, and :func:`can_fork_here`."""
    return isinstance(writer, ParallelWriter) and can_fork_here()


def render_in_parallel(
    generate_output: Callable[[Writer], None], workers: int, writer: Writer
) -> int:
    """Run ``generate_output(writer)`` over ``workers`` processes (see module doc).

    Returns the number of processes that rendered (1 when it stayed serial).
    """
    if workers < 2 or not can_fork(writer):
        generate_output(writer)
        return 1
    children: list[Child] = []
    try:
        for index in range(1, workers):
            children.append(_fork(generate_output, writer, Share(index, workers), "kết xuất"))
        writer.share = Share(0, workers)
        try:
            generate_output(writer)
        finally:
            writer.share = None
    except BaseException:
        _kill(children)
        raise
    join(children, writer)
    return workers


@dataclass
class Background:
    """This build's generators running in the background, joined at the end."""

    children: list[Child] = field(default_factory=list)

    def start(self, generate_output: Callable[[Writer], None], what: str, writer: Writer) -> None:
        """Run ``generate_output`` in a child; the parent goes on at once."""
        if not can_fork(writer):
            generate_output(writer)
            return
        self.children.append(_fork(generate_output, writer, None, what))

    def guard(self, generate_output: Callable[[Writer], None], writer: Writer) -> None:
        """Another generator's output step: if it fails, the background
        children are killed, so no process goes on writing for a build
        that failed (the parent may live on: ``make serve``, tests)."""
        try:
            generate_output(writer)
        except BaseException:
            _kill(self.children)
            self.children.clear()
            raise

    def run_then_join(self, generate_output: Callable[[Writer], None], writer: Writer) -> None:
        """The last generator's output step (guarded), then wait for the background ones."""
        self.guard(generate_output, writer)
        if self.children:
            join(self.children, writer)
