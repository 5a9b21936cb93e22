"""Resolve a commune, ward or former district to its current unit.

An editor writes ``Localities: xã Nam Cường, phường Trần Hưng Đạo (Hưng Yên)``.
Each item is a kind word and a name, optionally followed by where it is, in
parentheses: a province (current or former) and, for a pre-2025 unit, its
district (``xã Nam Cường (huyện Tiền Hải, Thái Bình)``). Without a place,
the article's own ``Provinces:`` narrow the search, and with none the whole
country is searched; a name found in two places is refused with both
written out, so the editor can pick one.

Which map a name is read on
---------------------------
The current map (3,321 units, ``vietnam-provinces``) and the pre-2025 one
(10,040 communes and 705 districts, ``vietnamadminunits``) share many
names, often for different places: old ``phường Quang Trung`` of Thái Bình
city is now ``phường Trần Hưng Đạo`` of Hưng Yên. A name is read on the map
of its time: an article dated before 1 July 2025, a name with a district, or
a kind that no longer exists (thị trấn, huyện, quận, thị xã) is looked up on
the old map first; anything else on the current map first. A former commune
becomes its current unit by the library's own conversion table, the one
``vietnamadminunits.convert_address`` reads (its default new unit when the
old one was split, as ``convert_address`` gives for an address without a
street; the tests compare every former commune with ``convert_address``). A former district has no
current unit: only its province.

Matching
--------
Names match by :func:`plugins.vietnamese.name_key`: case, spaces and the old
or new tone placement (``Hoà``/``Hòa``) do not matter, other diacritics do.
The two libraries spell a few units differently ("Xã Hiệp Hoà" and "Xã
Hiệp Hòa"); the key makes them one. Anything else is not accepted but
suggested (diacritics folded, then ``difflib``), as for provinces.

Cost
----
``vietnam-provinces`` imports in about 0.05 s. ``vietnamadminunits`` is
never imported by a build: importing it costs about 0.3 s and 60 MB (its
address parser, shapely, geopy, numpy), and its ``convert_address`` parses
the text of each address (about 1.6 ms a name). The gazetteer reads the
package's two data files instead (:func:`_library_data`, about 0.15 s),
the first time a name is read on the old map, so a site without former
units never reads them. A resolution is cached per (item, provinces, era)
for the process. ``make bench`` (step ``localities``) measures it all.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from plugins.vietnamese import fold, name_key, nfc, slugify, sort_key

if TYPE_CHECKING:
    from plugins.reference import Province, ReferenceData

# The libraries the data comes from (their versions key the check's cache).
LIBRARIES = ("vietnam-provinces", "vietnamadminunits")


def library_versions() -> tuple[str, ...]:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (missing)")
    return tuple(found)


# Kinds of the current map, and the pre-2025 kinds that no longer exist.
CURRENT_KINDS = ("xã", "phường", "đặc khu")
FORMER_KINDS = ("thị trấn", "huyện", "quận", "thị xã", "thành phố")
_COMMUNE_KINDS = ("xã", "phường", "thị trấn")
_DISTRICT_KINDS = ("huyện", "quận", "thị xã", "thành phố")
_ABBREVIATIONS = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn"}
_KIND = re.compile(
    r"^(?P<kind>đặc khu|thị trấn|thị xã|thành phố|xã|phường|huyện|quận|tp|tx|tt)\.?\s+(?P<name>.+)$",
    re.IGNORECASE,
)
_PLACE = re.compile(r"^(?P<item>[^()]*?)\s*\((?P<where>[^()]*)\)$")
# Parts of a place: commas (names hold dashes: "Phan Rang - Tháp Chàm").
_PLACE_PARTS = re.compile(r"\s*[,;]\s*")
# Province names in the libraries carry their kind.
_PROVINCE_PREFIX = re.compile(r"^(?:tỉnh|thành phố)\s+", re.IGNORECASE)


# The two-level map (34 provinces, 3,321 communes) took effect on this day.
REORGANISATION = datetime(2025, 7, 1)


def before_reorganisation(date: object) -> bool:
    """An article of this date names units of the pre-2025 map (wall time, GMT+7)."""
    return isinstance(date, datetime) and date.replace(tzinfo=None) < REORGANISATION


def split_localities(value: str) -> list[str]:
    """The items of a ``Localities:`` value: commas separate them, except
    inside parentheses (``xã Nam Cường (Tiền Hải, Thái Bình)``). NFC,
    blanks dropped, duplicates removed, order kept."""
    items: dict[str, None] = {}
    depth, current = 0, []
    for char in nfc(value) + ",":
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            item = " ".join("".join(current).split())
            if item:
                items.setdefault(item, None)
            current = []
        else:
            current.append(char)
    return list(items)


@dataclass(frozen=True)
class Unit:
    """A commune, ward or special zone of the current map."""

    kind: str  # xã | phường | đặc khu
    name: str  # "Trần Hưng Đạo"
    province: str  # current province, as named in data/provinces.toml
    code: int  # official code (vietnam-provinces)

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def slug(self) -> str:
        return slugify(self.label)


@dataclass(frozen=True)
class _FormerUnit:
    """A commune or district of the pre-2025 map."""

    kind: str
    name: str
    district: str  # "huyện Tiền Hải" ("" for a district itself)
    province: str  # the former province, short ("Thái Bình")
    current_province: str  # where it is now (data/provinces.toml name)
    address: str  # as the library writes it ("Xã Nam Cường, Huyện Tiền Hải, Tỉnh Thái Bình")
    key: str = ""  # the library's key of a commune ("tinhthaibinh_huyentienhai_xanamcuong")

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.district, self.province) if p)


@dataclass(frozen=True)
class Locality:
    """A ``Localities:`` item, resolved."""

    written: str  # as the editor wrote it
    label: str  # the unit named, officially spelled: "phường Quang Trung"
    province: str  # current province
    unit: Unit | None  # the current unit (None: a former district)
    former_place: str = ""  # "Thành phố Thái Bình, Thái Bình" when the unit named is former

    @property
    def is_former(self) -> bool:
        return bool(self.former_place)

    @property
    def name(self) -> str:
        """The name without its kind word ("Quang Trung")."""
        match = _KIND.match(self.label)
        return match["name"] if match else self.label

    @property
    def anchor(self) -> str:
        """The id of its entry on the province page."""
        return self.unit.slug if self.unit else slugify(f"{self.label} {self.former_place}")

    @property
    def now(self) -> str:
        """ "nay là phường Trần Hưng Đạo, Hưng Yên" for a former unit, else ""."""
        if not self.is_former:
            return ""
        if self.unit is None:
            return f"nay thuộc {self.province}"
        return f"nay là {self.unit.label}, {self.province}"


@dataclass(frozen=True)
class Resolution:
    found: Locality | None
    problem: str = ""  # why not found (Vietnamese, for make check)
    suggestion: str | None = None


@dataclass(frozen=True)
class _Scope:
    """Where to look: current provinces (ours), former provinces (ours,
    when one was named), an old district ("huyện Tiền Hải"). Empty: anywhere."""

    current: frozenset[str] = frozenset()
    former: frozenset[str] = frozenset()
    district: str = ""
    written: frozenset[str] = frozenset()  # name keys of the provinces as written


_U = TypeVar("_U", Unit, _FormerUnit)


def _by_name_key(units: Iterable[_U]) -> dict[str, list[_U]]:
    """Units by the key of their name, in their order: one name stands for
    several units (a "xã Tân Lập" in many provinces), and the questions
    narrow them down by province, kind or district."""
    index: dict[str, list[_U]] = defaultdict(list)
    for unit in units:
        index[name_key(unit.name)].append(unit)
    return dict(index)


class Gazetteer:
    """The current and former units, indexed by name key, for one set of
    reference data (the province names are ours)."""

    def __init__(self, reference: ReferenceData):
        self.reference = reference

    # -- data (lazy) -------------------------------------------------------
    def _our_province(self, library_name: str) -> Province | None:
        return self.reference.province(
            _PROVINCE_PREFIX.sub("", " ".join(library_name.split()))
        ).found

    @cached_property
    def current_units(self) -> tuple[Unit, ...]:
        """The 3,321 units of ``vietnam-provinces``, filed under our provinces."""
        from vietnam_provinces import Province as LibraryProvince
        from vietnam_provinces import Ward

        provinces = {}
        for province in LibraryProvince.iter_all():
            ours = self._our_province(province.name)
            if ours is None:
                raise ValueError(
                    f"vietnam-provinces: tỉnh '{province.name}' không có trong data/provinces.toml"
                )
            provinces[province.code] = ours.name
        units = []
        for ward in Ward.iter_all():
            kind = ward.division_type.value
            name = " ".join(ward.name.split())
            if name.lower().startswith(kind + " "):
                name = name[len(kind) + 1 :]
            units.append(Unit(kind, name, provinces[ward.province_code], int(ward.code)))
        return tuple(units)

    @cached_property
    def former_units(self) -> tuple[_FormerUnit, ...]:
        """The communes and districts of the 63-province map (``vietnamadminunits``)."""
        rows = _library_rows(
            "admin_units_legacy",
            "province, district, ward, districtType, wardType, provinceKey, districtKey, wardKey",
        )
        units: dict[tuple, _FormerUnit] = {}
        current_of: dict[str, str] = {}
        for row in rows:
            province = _PROVINCE_PREFIX.sub("", row["province"])
            if province not in current_of:
                ours = self._our_province(row["province"])
                if ours is None:
                    raise ValueError(
                        f"vietnamadminunits: tỉnh cũ '{row['province']}' không có trong data/provinces.toml"
                    )
                current_of[province] = ours.name
            district_kind, district = _kind_and_name(row["district"], row["districtType"])
            district_label = f"{district_kind} {district}"
            key = (district_kind, district, "", province)
            units.setdefault(
                key,
                _FormerUnit(
                    district_kind,
                    district,
                    "",
                    province,
                    current_of[province],
                    f"{row['district']}, {row['province']}",
                ),
            )
            if row["ward"]:
                kind, name = _kind_and_name(row["ward"], row["wardType"])
                units[(kind, name, district_label, province)] = _FormerUnit(
                    kind,
                    name,
                    district_label,
                    province,
                    current_of[province],
                    f"{row['ward']}, {row['district']}, {row['province']}",
                    f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}",
                )
        return tuple(units.values())

    @cached_property
    def _conversion(self) -> dict[str, Unit | None]:
        """Former commune key → the current unit, from the library's own
        conversion table (``data/converter_2025.json``, the table its
        ``convert_address`` reads): where an old commune was split, its
        default new unit, as ``convert_address`` gives it for an address
        without a street.

        ``convert_address`` parses the address text on every call (about
        1.6 ms, most of it compiling regular expressions), which made a
        10,000-article archive spend seconds converting; the table is read
        once (about 0.1 s). The tests check every entry against
        ``convert_address`` itself, so a change of the library's layout
        fails loudly rather than silently.
        """
        converter_data = json.loads((_library_data() / "converter_2025.json").read_bytes())
        new_units: dict[tuple[str, str], Unit | None] = {}
        for row in _library_rows("admin_units", "province, ward, provinceKey, wardKey"):
            province = self._our_province(row["province"])
            match = _KIND.match(" ".join(row["ward"].split()))
            unit = None
            if province is not None and match is not None:
                kind = _ABBREVIATIONS.get(match["kind"].lower(), match["kind"].lower())
                unit = self._current_by_name.get((province.name, kind, name_key(match["name"])))
            new_units[(row["provinceKey"], row["wardKey"])] = unit
        table: dict[str, Unit | None] = {}
        for province, wards in converter_data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for ward, old_keys in wards.items():
                for old in old_keys:
                    table[old] = new_units.get((province, ward))
        for province, split in converter_data["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, options in split.items():
                default = next((o["newWardKey"] for o in options if o["isDefaultNewWard"]), None)
                if default is not None and old not in table:
                    table[old] = new_units.get((province, default))
        return table

    @cached_property
    def _current_index(self) -> dict[str, list[Unit]]:
        return _by_name_key(self.current_units)

    @cached_property
    def _former_index(self) -> dict[str, list[_FormerUnit]]:
        return _by_name_key(self.former_units)

    @cached_property
    def _current_by_name(self) -> dict[tuple[str, str, str], Unit]:
        return {(u.province, u.kind, name_key(u.name)): u for u in self.current_units}

    # -- questions -------------------------------------------------------
    def units_of(self, province: str) -> list[Unit]:
        """The current units of one province, in Vietnamese order."""
        return sorted(
            (u for u in self.current_units if u.province == province),
            key=lambda u: (sort_key(u.name), u.kind),
        )

    def convert(self, unit: _FormerUnit) -> Unit | None:
        """The current unit a former commune became (a district: None, or the
        special zone an island district became)."""
        return _convert(self, unit)

    def resolve(
        self, item: str, provinces: Sequence[str] = (), before_2025: bool = False
    ) -> Resolution:
        """Resolve one ``Localities:`` item (see the module docstring).

        ``provinces``: the article's ``Provinces:`` as written (they narrow
        the search when the item names no place); ``before_2025``: the
        article is dated before 1 July 2025.
        """
        return _resolve(self, nfc(item).strip(), tuple(provinces), before_2025)

    # -- internals -------------------------------------------------------
    def _search(self, item: str, provinces: tuple[str, ...], before_2025: bool) -> Resolution:
        written, where = item, ""
        placed = _PLACE.match(item)
        if placed:
            item, where = placed["item"], placed["where"]
        scope = self._scope(provinces)
        if where:
            placed_in = _place(self, where)
            if isinstance(placed_in, str):
                return Resolution(None, placed_in)
            # A district alone ("xã Tân Phú (huyện Châu Thành)") is looked
            # for within the article's provinces: many districts share a name.
            named_province = placed_in.current or placed_in.former
            scope = placed_in if named_province else replace(scope, district=placed_in.district)
        match = _KIND.match(item)
        if not match:
            return Resolution(
                None,
                f"'{item}' thiếu loại đơn vị ở đầu: xã, phường, đặc khu"
                " (tên cũ: thị trấn, huyện, quận, thị xã)",
                self._suggest(item, None, scope),
            )
        kind = match["kind"].lower()
        kind = _ABBREVIATIONS.get(kind, kind)
        name = " ".join(match["name"].split())
        key = name_key(name)
        province = self.reference.province(name).found if kind == "thành phố" else None
        if (
            province is not None
            and province.kind == "thành phố"
            and not any(u.kind == kind and not u.district for u in self._former_index.get(key, ()))
        ):
            return Resolution(
                None,
                f"'{kind} {name}' là tỉnh, thành phố trực thuộc trung ương — ghi ở Provinces",
            )
        current = [
            u
            for u in self._current_index.get(key, ())
            if u.kind == kind and (not scope.current or u.province in scope.current)
        ]
        prefer_former = kind not in CURRENT_KINDS or bool(scope.district) or before_2025
        former: list[_FormerUnit] = []
        if prefer_former or not current:
            allowed = self._former_scope(scope)
            district = name_key(scope.district) if scope.district else ""
            former = [
                u
                for u in self._former_index.get(key, ())
                if u.kind == kind
                and (not allowed or u.province in allowed)
                and (not district or name_key(u.district) == district)
            ]
        if len(former) > 1 and scope.written:
            # "Tây Ninh" is a current province and a former one: a former
            # unit is read in the former province of that very name first.
            named = [u for u in former if name_key(u.province) in scope.written]
            former = named or former
        order = [(former, True), (current, False)]
        if not prefer_former:
            order.reverse()
        for found, is_former in order:
            if len(found) == 1:
                return Resolution(self._locality(written, found[0], is_former))
            if len(found) > 1:
                places = sorted(
                    {f"{u.label} ({u.place if is_former else u.province})" for u in found},
                    key=sort_key,
                )
                shown = "; ".join(places[:4])
                if len(places) > 4:
                    shown += f" và {len(places) - 4} nơi khác"
                return Resolution(
                    None,
                    f"'{kind} {name}' có ở nhiều nơi: {shown} — ghi rõ nơi trong ngoặc,"
                    f" ví dụ '{places[0]}'",
                )
        where_text = f" ở {where}" if where else (f" ở {', '.join(provinces)}" if provinces else "")
        if scope.current or scope.former:
            # Not where the article is; maybe elsewhere (a province to add).
            elsewhere = sorted(
                {
                    f"{u.label} ({u.province})"
                    for u in self._current_index.get(key, ())
                    if u.kind == kind
                }
                | {
                    f"{u.label} ({u.place})"
                    for u in self._former_index.get(key, ())
                    if u.kind == kind
                },
                key=sort_key,
            )
            if elsewhere:
                shown = "; ".join(elsewhere[:4])
                if len(elsewhere) > 4:
                    shown += f" và {len(elsewhere) - 4} nơi khác"
                return Resolution(
                    None,
                    f"không có {kind} '{name}'{where_text}; có ở: {shown} — ghi rõ nơi trong ngoặc",
                    # One place: that is it; among several, the first would be a guess.
                    elsewhere[0] if len(elsewhere) == 1 else None,
                )
        return Resolution(
            None, f"không có {kind} '{name}'{where_text}", self._suggest(name, kind, scope)
        )

    def _scope(self, provinces: Iterable[str]) -> _Scope:
        """The current provinces a list of province names (current or former) covers."""
        current = set()
        for written in provinces:
            found = self.reference.province(written).found
            if found is not None:
                current.add(found.name)
        return _Scope(frozenset(current), written=frozenset(map(name_key, provinces)))

    def _former_scope(self, scope: _Scope) -> set[str]:
        """The former provinces (library names) a scope covers; empty: all."""
        if scope.former:
            named = {
                short
                for short, ours in self._former_provinces.items()
                if ours is not None and ours.name in scope.former
            }
            if named:
                return named
        if not scope.current:
            return set()
        return set().union(*(self._former_of_current.get(c, ()) for c in scope.current))

    @cached_property
    def _former_of_current(self) -> dict[str, frozenset[str]]:
        """Current province → the former provinces (library names) it covers."""
        found: dict[str, set[str]] = defaultdict(set)
        for unit in self._former_districts:
            found[unit.current_province].add(unit.province)
        return {k: frozenset(v) for k, v in found.items()}

    def _place(self, where: str) -> _Scope | str:
        """The parenthesised place: provinces (current or former) and a district."""
        current: set[str] = set()
        former: set[str] = set()
        written: set[str] = set()
        district = ""
        for part in filter(None, _PLACE_PARTS.split(where.strip())):
            match = _KIND.match(part)
            kind = _ABBREVIATIONS.get(match["kind"].lower(), match["kind"].lower()) if match else ""
            if kind in _DISTRICT_KINDS:
                # "thành phố Cao Bằng" was a district of Cao Bằng province:
                # a district when the old map had one of that name.
                name = " ".join(match["name"].split())
                if any(
                    u.kind == kind and not u.district
                    for u in self._former_index.get(name_key(name), ())
                ):
                    district = f"{kind} {name}"
                    continue
            part = _PROVINCE_PREFIX.sub("", part)
            found = self.reference.province(part).found
            if found is not None:
                current.add(found.name)
                written.add(name_key(part))
                named = self.reference.former_province(part)
                if named is not None and named.name != found.name:
                    former.add(named.name)  # a former province only ("Thái Bình")
                continue
            return f"'{part}' trong ngoặc không phải tỉnh, thành phố hay huyện, quận, thị xã"
        return _Scope(frozenset(current), frozenset(former), district, frozenset(written))

    @cached_property
    def _former_provinces(self) -> dict:
        """The library's former province names → our FormerProvince (or None)."""
        mapping = {}
        for unit in self._former_districts:
            ours = self.reference.former_province(unit.province)
            if ours is None:  # the library's name is the current one ("Huế")
                current = self.reference.province(unit.province).found
                formers = [f for f in self.reference.former_provinces if f.current == current.name]
                ours = formers[0] if len(formers) == 1 else None
            mapping[unit.province] = ours
        return mapping

    @cached_property
    def _former_districts(self) -> list[_FormerUnit]:
        return [u for u in self.former_units if not u.district]

    def _locality(self, written: str, unit, is_former: bool) -> Locality:
        if not is_former:
            return Locality(written, unit.label, unit.province, unit)
        current = self.convert(unit)
        return Locality(
            written,
            unit.label,
            current.province if current else unit.current_province,
            current,
            unit.place,
        )

    def _suggest(self, name: str, kind: str | None, scope: _Scope) -> str | None:
        pool: dict[str, str] = {}
        for unit in self.current_units:
            if (not scope.current or unit.province in scope.current) and (
                not kind or unit.kind == kind
            ):
                pool.setdefault(fold(unit.name), f"{unit.label} ({unit.province})")
        if kind is None or kind not in CURRENT_KINDS or not pool:
            allowed = self._former_scope(scope)
            for unit in self.former_units:
                if (not allowed or unit.province in allowed) and (not kind or unit.kind == kind):
                    pool.setdefault(fold(unit.name), f"{unit.label} ({unit.place})")
        wanted = fold(name)
        if wanted in pool:
            return pool[wanted]
        close = difflib.get_close_matches(wanted, pool.keys(), n=1, cutoff=0.75)
        return pool[close[0]] if close else None


def _library_data() -> Path:
    """``vietnamadminunits``' data folder, found without importing the package.

    Importing it costs about 0.3 s and 60 MB (its ``__init__`` loads the
    address parser, shapely, geopy and numpy); the gazetteer needs only its
    two data files: ``dataset.db`` (the units, which ``database.get_data``
    reads) and ``converter_2025.json`` (the table ``convert_address`` reads).
    Their layout is pinned with the library's version, and the tests compare
    every former unit with the package's own API.
    """
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed (make venv)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _library_rows(table: str, columns: str) -> list[dict]:
    """``SELECT DISTINCT columns FROM table`` of the library's database, read-only
    (the query ``vietnamadminunits.database.get_data`` makes)."""
    uri = (_library_data() / "dataset.db").as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute(f"SELECT DISTINCT {columns} FROM [{table}]")]


def _kind_and_name(written: str, typed: str | None) -> tuple[str, str]:
    """("thị trấn", "Ngọc Lặc") from "Thị trấn Ngọc Lặc": the kind is read
    from the name first (the library's type column disagrees with it for a
    few units), else from the type."""
    written = " ".join(written.split())
    match = _KIND.match(written)
    if match:
        kind = match["kind"].lower()
        return _ABBREVIATIONS.get(kind, kind), match["name"]
    return (typed or "").lower(), written


@lru_cache(maxsize=16384)
def _resolve(gazetteer: Gazetteer, item: str, provinces: tuple, before_2025: bool) -> Resolution:
    return gazetteer._search(item, provinces, before_2025)


@lru_cache(maxsize=4096)
def _place(gazetteer: Gazetteer, where: str) -> _Scope | str:
    """A parenthesised place, read once per process (articles share them)."""
    return gazetteer._place(where)


@lru_cache(maxsize=16384)
def _convert(gazetteer: Gazetteer, unit: _FormerUnit) -> Unit | None:
    if not unit.district:
        # Districts are gone; an island district lives on as a special zone.
        return gazetteer._current_by_name.get(
            (unit.current_province, "đặc khu", name_key(unit.name))
        )
    # The kind of the new unit is read from its name: the library's type
    # column disagrees with it for a few units ("Xã Phong Điền" typed "Phường").
    return gazetteer._conversion.get(unit.key)
