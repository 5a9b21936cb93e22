"""One forked helper process that talks to its parent over pipes.

The related engine splits its per-article work (tokenising, vectors, scoring)
in two halves and gives one half to a child made with ``os.fork``: the child
inherits the records and the index by copy-on-write, so only small results
cross the pipe (pickled). Why not :mod:`multiprocessing`: its pools pickle
every task's input, and the inputs (the records, the index) are the large
part here; a fork shares them for free.

Nothing here imports Pelican.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO

__all__ = ["Channel", "ForkedHelper", "HelperFailed", "can_fork", "reap_helpers"]


class HelperFailed(RuntimeError):
    """The helper process raised, died, or closed its pipe early."""


def can_fork() -> bool:
    """The OS can fork and no other thread runs here (a forked child could
    inherit a lock held by another thread, e.g. under pytest-xdist)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Channel:
    """Pickled messages over a pair of pipe ends."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO) -> None:
        self._reader = reader
        self._writer = writer

    def send(self, value: Any) -> None:
        pickle.dump(value, self._writer, protocol=pickle.HIGHEST_PROTOCOL)
        self._writer.flush()

    def recv(self) -> Any:
        try:
            return pickle.load(self._reader)
        except EOFError:
            raise HelperFailed("tiến trình phụ đã dừng trước khi gửi kết quả") from None

    def close(self) -> None:
        for end in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                end.close()


def _die_with_parent() -> None:
    """Linux: the helper is killed with its parent (no orphan keeps computing)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class ForkedHelper:
    """Run ``work(channel)`` in a forked child; the parent talks to it.

    The child sends ``("ok", value)`` messages through :meth:`Channel.send`
    as ``work`` pleases (:meth:`recv` unwraps them) and, if ``work`` raises,
    one ``("error", traceback)`` message that :meth:`recv` turns into
    :class:`HelperFailed`. Use as a context manager: leaving it closes the
    pipes and kills the child if it is still running; its exit status is
    collected later, by :func:`reap_helpers`.
    """

    def __init__(self, work: Callable[[Channel], None]) -> None:
        to_child_r, to_child_w = os.pipe()
        to_parent_r, to_parent_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            try:
                os.close(to_child_w)
                os.close(to_parent_r)
                _die_with_parent()
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                channel = _ChildChannel(os.fdopen(to_child_r, "rb"), os.fdopen(to_parent_w, "wb"))
                try:
                    work(channel)
                except BaseException:  # noqa: BLE001 — reported to the parent
                    code = 1
                    with contextlib.suppress(Exception):
                        channel.raw_send(("error", traceback.format_exc()))
            finally:
                os._exit(code)
        os.close(to_child_r)
        os.close(to_parent_w)
        self.pid = pid
        self.channel = Channel(os.fdopen(to_parent_r, "rb"), os.fdopen(to_child_w, "wb"))

    def send(self, value: Any) -> None:
        try:
            self.channel.send(value)
        except BrokenPipeError:
            raise HelperFailed("tiến trình phụ đã dừng") from None

    def recv(self) -> Any:
        kind, value = self.channel.recv()
        if kind == "error":
            raise HelperFailed(f"lỗi trong tiến trình phụ:\n{value}")
        return value

    def __enter__(self) -> ForkedHelper:
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the pipes and stop the child, without waiting for it to exit.

        A child that has shared a large parent's memory takes a while to
        tear down (tens of milliseconds at 10k articles); the parent reaps
        it later (:func:`reap_helpers`) instead of waiting now.
        """
        self.channel.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # a no-op for a child that has exited
        _UNREAPED.append(self.pid)
        reap_helpers()


# Helpers that were stopped but not yet waited for (zombies until reaped).
_UNREAPED: list[int] = []


def reap_helpers(wait: bool = False) -> None:
    """Collect the exit status of stopped helpers (all of them if ``wait``)."""
    for pid in list(_UNREAPED):
        try:
            done, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:  # already reaped elsewhere
            done = pid
        if done:
            _UNREAPED.remove(pid)


atexit.register(reap_helpers, wait=True)


class _ChildChannel(Channel):
    """The child's end: what it sends is wrapped as ``("ok", value)``."""

    def send(self, value: Any) -> None:
        super().send(("ok", value))

    def raw_send(self, message: tuple[str, Any]) -> None:
        super().send(message)

    def recv(self) -> Any:
        return pickle.load(self._reader)
