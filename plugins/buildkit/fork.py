"""A forked child process that talks to its parent over pipes.

Why ``os.fork`` and not :mod:`multiprocessing`: the inputs of the build's
parallel work (the context of 10,000 articles, the related index, the
incremental session) are the large part; a forked child shares them by
copy-on-write, and only small results cross the pipe (pickled). A pool
would pickle every task's input.

One mechanism for every user (see docs/architecture.md, "Processes"):

- the child runs ``work(channel)``; ``channel.send(value)`` hands a value to
  the parent, ``channel.recv()`` takes one from it;
- when ``work`` returns, the child sends "done" and exits; when it raises,
  it sends its traceback, and the parent's next :meth:`Forked.recv` or
  :meth:`Forked.join` raises :class:`ChildFailed`;
- with ``logs=True`` the child's log records (warning and above) are kept
  and replayed in the parent by :meth:`Forked.join`, through the same
  loggers, so a parallel build logs what a serial one does;
- the child dies with its parent (Linux ``PR_SET_PDEATHSIG``) and ignores
  nothing: Ctrl+C kills it;
- leaving the ``with`` block (or :meth:`Forked.stop`) kills a child that is
  still running and waits for it: no zombie is left behind and no
  module-level list of children is kept.

Nothing here imports Pelican.
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
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

__all__ = [
    "Channel",
    "ChildFailed",
    "Forked",
    "can_fork",
    "captured_logs",
    "die_with_parent",
    "replay",
]

logger = logging.getLogger(__name__)


class ChildFailed(RuntimeError):
    """The child raised, died, or closed its pipe before it was done."""


def can_fork(why_not: bool = False) -> bool:
    """The OS can fork and no other thread runs here: a forked child could
    inherit a lock that another thread holds (pytest-xdist runs one).
    ``why_not``: say in the log why the work stays in this process."""
    if not hasattr(os, "fork"):
        return False
    if threading.active_count() > 1:
        if why_not:
            logger.info("Tuần tự: tiến trình đang chạy %d luồng", threading.active_count())
        return False
    return True


class Channel:
    """Pickled messages over a pair of pipe ends."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO) -> None:
        self._reader = reader
        self._writer = writer

    def send(self, value: Any) -> None:
        pickle.dump(value, self._writer, protocol=pickle.HIGHEST_PROTOCOL)
        self._writer.flush()

    def recv(self) -> Any:
        return pickle.load(self._reader)

    def close(self) -> None:
        for end in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                end.close()


class _ChildChannel(Channel):
    """The child's end: what ``work`` sends is wrapped as ``("ok", value)``."""

    def send(self, value: Any) -> None:
        super().send(("ok", value))

    def raw_send(self, message: tuple) -> None:
        super().send(message)


class _Capture(logging.Handler):
    """Keeps log records, made picklable (message and traceback as text)."""

    def __init__(self, level: int) -> None:
        super().__init__(level=level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


@contextlib.contextmanager
def captured_logs(level: int = logging.WARNING) -> Iterator[list[logging.LogRecord]]:
    """In a child: every logger's handlers are removed and the records at
    ``level`` and above are collected in the list this yields (the parent
    decides what to show: nothing is printed twice)."""
    capture = _Capture(level)
    for item in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(item, logging.Logger):
            item.handlers = []
    logging.getLogger().addHandler(capture)
    yield capture.records


def replay(record: logging.LogRecord) -> None:
    """Log a child's record in this process, through its logger's filters.

    Pelican's loggers drop a message they have already logged (or one over
    a group's limit) by raising ``FilteredMessage`` from their ``filter``,
    which only their own ``_log`` expects; a filtered record is simply not
    logged, as in a serial build.
    """
    from pelican.log import FilteredMessage  # only records from a build reach here

    with contextlib.suppress(FilteredMessage):
        logging.getLogger(record.name).handle(record)


def die_with_parent() -> None:
    """Linux: the child is killed with its parent (no orphan keeps working).
    Also the ``preexec_fn`` of a long external program the build starts
    (the HTML checker), so a killed build leaves none running."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Forked:
    """Run ``work(channel)`` in a forked child; the parent talks to it.

    ``what`` names the child in error messages (Vietnamese, for the editor);
    ``logs``: keep the child's warnings for :meth:`join` to replay.
    """

    def __init__(self, work: Callable[[Channel], None], what: str = "", logs: bool = False) -> None:
        self.what = what or "tiến trình phụ"
        self._done = False
        sys.stdout.flush()
        sys.stderr.flush()
        to_child_r, to_child_w = os.pipe()
        to_parent_r, to_parent_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(to_child_w)
            os.close(to_parent_r)
            _child_main(work, to_child_r, to_parent_w, logs)
        os.close(to_child_r)
        os.close(to_parent_w)
        self.pid = pid
        self._channel = Channel(os.fdopen(to_parent_r, "rb"), os.fdopen(to_child_w, "wb"))

    def send(self, value: Any) -> None:
        try:
            self._channel.send(value)
        except BrokenPipeError:
            raise ChildFailed(f"{self.what}: đã dừng") from None

    def recv(self) -> Any:
        """The next value the child sent; :class:`ChildFailed` if it failed
        (its log records are replayed first) or finished without one."""
        message = self._next()
        if message[0] == "ok":
            return message[1]
        self._finish(message)
        raise ChildFailed(f"{self.what}: đã kết thúc, không gửi kết quả")

    def join(self) -> None:
        """Wait for the child to finish ``work`` and replay its log records;
        :class:`ChildFailed` if it failed. Values it sent that nobody read
        are dropped."""
        try:
            while not self._done:
                message = self._next()
                if message[0] != "ok":
                    self._finish(message)
        finally:
            self.stop()

    def _next(self) -> tuple:
        if self._done:
            raise ChildFailed(f"{self.what}: đã kết thúc, không còn kết quả")
        try:
            return self._channel.recv()
        except (EOFError, pickle.UnpicklingError, OSError):
            self._done = True
            raise ChildFailed(f"{self.what}: đã dừng trước khi gửi kết quả") from None

    def _finish(self, message: tuple) -> None:
        """The child's last message ("done" or "error"): replay its records."""
        self._done = True
        for record in message[-1]:
            replay(record)
        if message[0] == "error":
            logger.debug("%s:\n%s", self.what, message[1])
            lines = message[1].strip().splitlines() or ["lỗi"]
            raise ChildFailed(f"{self.what}: {lines[-1]}")

    def stop(self) -> None:
        """Close the pipes, kill the child if it still runs, and reap it."""
        self._done = True
        self._channel.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # a no-op for a child that has exited
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _child_main(work: Callable[[Channel], None], reader: int, writer: int, logs: bool) -> None:
    code = 0
    channel = _ChildChannel(os.fdopen(reader, "rb"), os.fdopen(writer, "wb"))
    records: list[logging.LogRecord] = []
    try:
        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        with contextlib.ExitStack() as stack:
            if logs:
                records = stack.enter_context(captured_logs())
            work(channel)
        message: tuple = ("done", records)
    except BaseException:  # noqa: BLE001 — reported to the parent
        code = 1
        message = ("error", traceback.format_exc(), records)
    try:
        try:
            channel.raw_send(message)
        except Exception:  # noqa: BLE001 — an unpicklable record: send the text only
            channel.raw_send((*message[:-1], []))
    finally:
        os._exit(code)
