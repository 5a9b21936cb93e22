"""The exact texts of :func:`plugins.buildkit.digest.canonical`.

Every cache key and page fingerprint is made of these texts, so they are
pinned here for every kind of value the walker knows: recorded from the
plain ``isinstance`` chain before its per-type dispatch was written, and
kept so that a faster walker must write the very same texts (a changed
text would only cost one full build, but a text that stops telling two
values apart would reuse a stale page).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import os
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from plugins.buildkit.digest import canonical


class Level(enum.IntEnum):
    HIGH = 2


@dataclasses.dataclass(frozen=True)
class Frozen:
    name: str
    tags: frozenset


@dataclasses.dataclass
class Plain:
    n: int
    items: list


class Holder:
    def __init__(self) -> None:
        self.title = "Hữu nghị"
        self.when = dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        self.settings = {"skipped": True}  # never walked (SKIPPED_ATTRIBUTES)
        self.parts = (1, 2.5, None, True)


class Claimed:
    """Written by the caller's ``content_text``, as Pelican's content objects are."""


def _values() -> dict:
    cyclic: list = []
    cyclic.append(cyclic)
    return {
        "primitives": [None, True, 3, 2.5, "chữ", Markup("<b>x</b>"), Level.HIGH, b"bytes"],
        "times": [dt.date(2025, 3, 4), dt.time(5, 6), dt.datetime(2025, 1, 1)],
        "paths": [Path("/root/a.md"), PurePosixPath("b/c")],
        "module": os,
        "mapping": {"b": [1, 2], "a": {"z": 1}, 3: "three", (1, 2): frozenset({"x", "y"})},
        "long": list(range(70)),
        "sets": [{3, 1, 2}, frozenset({"b", "a"})],
        "partial": functools.partial(int, "7", base=8),
        "dataclasses": [Frozen("a", frozenset({1})), Plain(1, ["x"])],
        "callables": [len, Holder, Frozen],
        "object": Holder(),
        "claimed": Claimed(),
        "cycle": cyclic,
    }


def _claimed(value, top):
    return "CLAIMED" if isinstance(value, Claimed) else None


def _rooted(text: str) -> str:
    return text.replace("/root", "<root>")


def test_every_kind_of_value_keeps_its_text():
    m = __name__
    expected = (
        f"{{'callables':list[<builtins.len>,<{m}.Holder>,<{m}.Frozen>],'claimed':CLAIMED,"
        "'cycle':list[<cycle>],'dataclasses':list[Frozen{'name':'a','tags':set{1}},"
        "Plain{'items':list['x'],'n':1}],'long':list#5863e564f5e6e1c9424afd48a9c0d283cde95b4e,"
        "'mapping':{'a':{'z':1},'b':list[1,2],3:'three',tuple[1,2]:set{'x','y'}},"
        "'module':module:os,'object':Holder{'parts':tuple[1,2.5,None,True],'title':'Hữu nghị',"
        "'when':datetime:2025-01-02T03:04:00+07:00:UTC+07:00},"
        "'partial':partial(<builtins.int>,tuple['7'],{'base':8}),"
        "'paths':list[path:'<root>/a.md',PurePosixPath:PurePosixPath('b/c')],"
        "'primitives':list[None,True,3,2.5,'chữ','<b>x</b>',<Level.HIGH: 2>,"
        "b:e0c4fdb47cef1ca64139989952c9340ef637f51e],'sets':list[set{1,2,3},set{'a','b'}],"
        "'times':list[date:2025-03-04:None,time:05:06:00:None,datetime:2025-01-01T00:00:00:None]}"
    )
    assert canonical(_values(), _claimed, _rooted) == expected


def test_a_long_list_is_written_once_by_its_digest():
    memo: dict = {}
    shared = list(range(70))
    text = canonical({"x": shared, "y": shared}, memo=memo)
    assert text == (
        "{'x':list#5863e564f5e6e1c9424afd48a9c0d283cde95b4e,"
        "'y':list#5863e564f5e6e1c9424afd48a9c0d283cde95b4e}"
    )
    assert list(memo) == [id(shared)]
