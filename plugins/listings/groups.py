"""Listing groups in linear time: pure functions, no Pelican import.

Pelican's content objects have no ``__eq__``, so ``item in some_list`` is an
identity test; these functions select by ``id()`` and give exactly the lists
Pelican's comprehensions give, without scanning a list per item.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from itertools import groupby
from typing import Any


def positions(order: Sequence[Any]) -> dict[int, int]:
    """``id(item)`` → the item's first position in ``order``."""
    found: dict[int, int] = {}
    for number, item in enumerate(order):
        found.setdefault(id(item), number)
    return found


def members_in_order(
    order: Sequence[Any], members: Iterable[Any], where: Mapping[int, int] | None = None
) -> list[Any]:
    """``[item for item in order if item in members]`` (by identity), in
    O(len(members) log len(members)) given ``where = positions(order)``."""
    where = positions(order) if where is None else where
    ids = {id(member) for member in members}
    if len(where) == len(order):  # each item once: its position says where
        return [order[p] for p in sorted(where[i] for i in ids if i in where)]
    return [item for item in order if id(item) in ids]


def period_groups(
    dates: Sequence[Any], articles: Sequence[Any], key: Callable[[Any], Hashable]
) -> list[tuple[Hashable, list[Any], list[Any]]]:
    """(period, its run of ``dates``, the ``articles`` in that run) for each
    run of equal ``key`` in ``dates`` (``itertools.groupby``: a period that
    comes back after another one is a new group, as in Pelican)."""
    runs = [(period, list(run)) for period, run in groupby(dates, key=key)]
    run_of: dict[int, int] = {}
    for number, (_, run) in enumerate(runs):
        for item in run:
            run_of.setdefault(id(item), number)
    # An item in several runs (``dates`` holds it twice) is rare: scan then.
    duplicated = sum(len(run) for _, run in runs) != len(run_of)
    chosen: list[list[Any]] = [[] for _ in runs]
    for number, (_, run) in enumerate(runs):
        if duplicated:
            ids = {id(item) for item in run}
            chosen[number] = [a for a in articles if id(a) in ids]
    if not duplicated:
        for article in articles:
            number = run_of.get(id(article))
            if number is not None:
                chosen[number].append(article)
    return [(period, run, chosen[n]) for n, (period, run) in enumerate(runs)]
