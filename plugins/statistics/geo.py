"""Where the map puts things: the 34 provinces and the 3,321 communes and
wards of 2025, from ``vietnamadminunits``' own dataset (coordinates of each
unit's centre), projected onto the map's plane.

No boundary file: no package on PyPI ships Vietnam's 2025 provincial
boundaries under a licence we can use, and the communes' centres, one dot
each, draw the country's shape well enough at a chart's size (3,321 dots,
7 KB gzipped as one path). The two archipelagos, Hoàng Sa (Đà Nẵng) and
Trường Sa (Khánh Hòa), are special zones (đặc khu) in that dataset: they
are drawn, and labelled, as Vietnamese maps show them.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

# The map's frame (degrees): mainland, Phú Quốc, Côn Đảo and both archipelagos.
WEST, EAST, SOUTH, NORTH = 101.8, 117.6, 7.0, 23.6
# Equirectangular, corrected for the middle latitude: shapes look right at this size.
_SCALE_X = math.cos(math.radians((SOUTH + NORTH) / 2))

# The archipelagos' islands, a few of each around the dataset's centre
# (degrees of offset): a chart mark, not a survey.
ARCHIPELAGOS = {
    "Hoàng Sa": ((0.0, 0.0), (-0.6, 0.25), (-0.9, -0.1), (0.4, 0.3), (-0.3, -0.45), (0.6, -0.2)),
    "Trường Sa": (
        (0.0, 0.0),
        (-1.6, 0.8),
        (-2.3, 1.0),
        (-1.0, -0.6),
        (0.8, -1.2),
        (1.5, 0.5),
        (-2.6, -0.9),
        (0.3, 1.2),
    ),
}


@dataclass(frozen=True)
class Place:
    name: str
    code: int  # official code (the province's for a commune)
    lat: float
    lon: float


def dataset_path() -> Path:
    """The package's SQLite file, found without importing the package
    (its import parses its tables and compiles its patterns: 1-2 s)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"


@functools.lru_cache(maxsize=1)
def units() -> tuple[tuple[Place, ...], tuple[Place, ...]]:
    """(the 34 provinces, the communes and wards), as the dataset has them."""
    uri = dataset_path().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        provinces = tuple(
            Place(name, int(code), lat, lon)
            for name, code, lat, lon in db.execute(
                "SELECT DISTINCT provinceShort, provinceCode, provinceLat, provinceLon"
                " FROM admin_units ORDER BY provinceCode"
            )
        )
        communes = tuple(
            Place(name, int(code), lat, lon)
            for name, code, lat, lon in db.execute(
                "SELECT ward, provinceCode, wardLat, wardLon FROM admin_units"
                " WHERE wardLat IS NOT NULL ORDER BY wardCode"
            )
        )
    return provinces, communes


def archipelago(name: str) -> Place:
    """The special zone of that archipelago ("Hoàng Sa", "Trường Sa")."""
    _, communes = units()
    return next(place for place in communes if place.name == f"Đặc khu {name}")


def project(lat: float, lon: float, width: float) -> tuple[float, float]:
    """(x, y) on a map ``width`` wide, north up; see :func:`height_for`."""
    unit = width / ((EAST - WEST) * _SCALE_X)
    return (lon - WEST) * _SCALE_X * unit, (NORTH - lat) * unit


def height_for(width: float) -> float:
    return project(SOUTH, WEST, width)[1]
