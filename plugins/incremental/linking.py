"""A reused page is hard-linked from the previous site instead of copied.

Why: reading 16,000 pages (420 MB at 10,000 articles) and writing them again
took 5.8 s; linking them takes 0.7 s (measured on the bench's 10k output,
one process). The bytes are the previous file's, so the site is the same.

How: :meth:`~.session.Session.render` returns a :class:`LinkedPage` (an
empty ``str`` that names the previous file) for a reused page. Pelican's
writer then calls ``_open_w`` and writes the render into what it returns;
:class:`plugins.rendering.PageWriter` returns a :class:`Sink`, which opens the
real file only when something that is not a ``LinkedPage`` is written, and
links (or, across file systems, copies) the previous file when a
``LinkedPage`` is. The writer's own ``_open_w`` still
runs for every file, so its guard against writing one file twice holds.

Safety: a new build must never write through a linked file, or the
previous site (kept if this build fails) would change too. So before a file
this writer linked is opened for writing again (an ``override`` write), it
is replaced by a private copy of itself (copy on write: if Pelican then
skips the write, the page is still there). Only the process that linked a
file does this: with the parallel plugin, the other processes open every
page they do not own too, and write nothing into it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO


class LinkedPage(str):
    """A render whose text is the file at ``source`` (written as a link)."""

    source: Path

    def __new__(cls, source: Path) -> LinkedPage:
        page = super().__new__(cls, "")
        page.source = Path(source)
        return page


def link_or_copy(source: Path, target: str) -> None:
    """Make ``target`` the file ``source`` (replacing whatever is there).

    Already that very file: nothing to do (``rename`` of two links to one
    file does nothing, and would leave the temporary name behind)."""
    try:
        if os.path.samefile(source, target):
            return
    except OSError:
        pass  # no target yet
    temporary = f"{target}.link-{os.getpid()}"
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def unshare(filename: str) -> None:
    """Make ``filename`` a file of its own (a copy) if it is a hard link."""
    try:
        if os.stat(filename).st_nlink < 2:
            return
    except FileNotFoundError:
        return
    temporary = f"{filename}.copy-{os.getpid()}"
    shutil.copyfile(filename, temporary)
    os.replace(temporary, filename)


class Sink:
    """What the writer writes a page into: a link, or the real file."""

    def __init__(self, open_real: Callable[[], IO[str]], filename: str, linked: set[str]) -> None:
        self._open_real = open_real
        self._filename = filename
        self._linked_here = linked  # the files this writer linked
        self._file: IO[str] | None = None
        self._linked = False

    def write(self, data: str) -> int:
        if isinstance(data, LinkedPage) and self._file is None and not self._linked:
            self._real().close()  # the writer's bookkeeping (and its guard)
            link_or_copy(data.source, self._filename)
            self._linked_here.add(self._filename)
            self._linked = True
            return 0
        if self._linked:
            raise OSError(f"{self._filename}: written after it was linked")
        return self._real().write(data)

    def _real(self) -> IO[str]:
        if self._file is None:
            if self._filename in self._linked_here:
                unshare(self._filename)
                self._linked_here.discard(self._filename)
            self._file = self._open_real()
        return self._file

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._file is None and not self._linked:
            self._real()  # nothing written: an empty file, as before
        if self._file is not None:
            self._file.close()
