"""Reference data (sections, provinces, partner countries, organizations).

The data lives in TOML files under ``data/``; this module loads it into small
frozen dataclasses and answers the questions the other plugins ask:
"which current province is 'Sóc Trăng' part of?", "is 'Soc Trang' a typo for
something we know?". Matching is by exact NFC name or alias first, then by the
diacritic-folded form (which is only ever used to *suggest*, never to accept).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from plugins.vietnamese import fold, nfc, slugify, sort_key

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Subsection:
    name: str
    slug: str


@dataclass(frozen=True)
class Section:
    name: str
    slug: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    subsections: tuple[Subsection, ...] = ()

    def subsection(self, name: str) -> Subsection | None:
        wanted = nfc(name).strip()
        return next((s for s in self.subsections if s.name == wanted), None)


@dataclass(frozen=True)
class Province:
    """A provincial-level unit of the 34-unit map (since 1 July 2025)."""

    name: str
    slug: str
    kind: str
    region: str
    former: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    code: int = 0  # official code (vietnam-provinces)

    @property
    def shown_kind(self) -> str:
        """The kind word to write before the name ("" when the name already
        starts with it: "Thành phố Hồ Chí Minh")."""
        return "" if self.name.lower().startswith(self.kind.lower() + " ") else self.kind

    @property
    def long_name(self) -> str:
        """ "tỉnh Hưng Yên", "thành phố Huế", "Thành phố Hồ Chí Minh"."""
        return f"{self.shown_kind} {self.name}" if self.shown_kind else self.name

    @property
    def former_renamed(self) -> tuple[str, ...]:
        """Former units whose name differs from this one (what the page lists)."""
        return tuple(n for n in self.former if n != self.name)


@dataclass(frozen=True)
class FormerProvince:
    """A unit of the 63-unit map (before 1 July 2025) and where it is now."""

    name: str
    slug: str
    current: str  # name of the current Province
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Country:
    name: str
    iso: str
    slug: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organization:
    name: str
    slug: str
    kind: str
    short: str = ""
    country: str = ""
    province: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return (
            f"{self.name} ({self.short})"
            if self.short and self.short not in self.name
            else self.name
        )


def list_name(entry: Province | Country | Organization) -> str:
    """How a list field (``Provinces:``, ``Countries:``, ``Organizations:``)
    names ``entry``: its name, or, when the name holds a comma (list items
    are separated by commas), its short name or a comma-free alias.
    ``load_reference_data`` refuses an entry that has neither, so every entry
    round-trips through a list field."""
    if "," not in entry.name:
        return entry.name
    for name in (getattr(entry, "short", ""), *entry.aliases):
        if name and "," not in name:
            return name
    raise ValueError(f"'{entry.name}' không có tên viết được trong danh sách")


@dataclass(frozen=True)
class Lookup:
    """Result of resolving a name an editor wrote."""

    found: object | None
    suggestion: str | None = None


class _Index:
    """Name → item map with folded-name suggestions."""

    def __init__(self, entries: list[tuple[str, object]]):
        self.exact: dict[str, object] = {}
        self.folded: dict[str, str] = {}
        for name, item in entries:
            self.exact.setdefault(nfc(name), item)
            self.folded.setdefault(fold(name), nfc(name))

    def find(self, name: str) -> Lookup:
        key = nfc(name).strip()
        if key in self.exact:
            return Lookup(self.exact[key])
        folded = fold(key)
        if folded in self.folded:
            return Lookup(None, self.folded[folded])
        close = difflib.get_close_matches(folded, self.folded.keys(), n=1, cutoff=0.75)
        return Lookup(None, self.folded[close[0]] if close else None)


@dataclass(frozen=True)
class ReferenceData:
    sections: tuple[Section, ...]
    provinces: tuple[Province, ...]
    former_provinces: tuple[FormerProvince, ...]
    countries: tuple[Country, ...]
    organizations: tuple[Organization, ...]

    # -- indexes ---------------------------------------------------------
    @cached_property
    def _sections(self) -> _Index:
        return _Index([(n, s) for s in self.sections for n in (s.name, *s.aliases)])

    @cached_property
    def _provinces(self) -> _Index:
        entries: list[tuple[str, object]] = []
        for p in self.provinces:
            entries += [(n, p) for n in (p.name, *p.aliases)]
        by_name = {p.name: p for p in self.provinces}
        for f in self.former_provinces:
            entries += [(n, by_name[f.current]) for n in (f.name, *f.aliases)]
        return _Index(entries)

    @cached_property
    def _former(self) -> _Index:
        entries = [(n, f) for f in self.former_provinces for n in (f.name, *f.aliases)]
        return _Index(entries)

    @cached_property
    def _countries(self) -> _Index:
        return _Index([(n, c) for c in self.countries for n in (c.name, c.iso, *c.aliases)])

    @cached_property
    def _organizations(self) -> _Index:
        return _Index(
            [(n, o) for o in self.organizations for n in (o.name, o.short, *o.aliases) if n]
        )

    @cached_property
    def localities(self):
        """Communes and wards, current and former (:mod:`plugins.localities`),
        loaded on first use."""
        from plugins.localities import Gazetteer

        return Gazetteer(self)

    # -- questions -------------------------------------------------------
    def section(self, name: str) -> Lookup:
        return self._sections.find(name)

    def province(self, name: str) -> Lookup:
        """Resolve a province named as at the time to its *current* unit."""
        return self._provinces.find(name)

    def former_province(self, name: str) -> FormerProvince | None:
        found = self._former.find(name).found
        return found if isinstance(found, FormerProvince) else None

    def country(self, name: str) -> Lookup:
        return self._countries.find(name)

    def organization(self, name: str) -> Lookup:
        return self._organizations.find(name)

    def section_by_slug(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)

    def provinces_by_region(self) -> list[tuple[str, list[Province]]]:
        """Current provinces grouped by region, regions in data order, names collated."""
        regions: dict[str, list[Province]] = {}
        for p in self.provinces:
            regions.setdefault(p.region, []).append(p)
        return [(r, sorted(ps, key=lambda p: sort_key(p.name))) for r, ps in regions.items()]


def _tuple(values) -> tuple[str, ...]:
    return tuple(nfc(v) for v in values or ())


def load_reference_data(data_dir: Path | str = DEFAULT_DATA_DIR) -> ReferenceData:
    """Load and cross-check the TOML files. Raises ``ValueError`` naming the file."""
    data_dir = Path(data_dir)

    def read(name: str) -> dict:
        path = data_dir / name
        try:
            with path.open("rb") as handle:
                return tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ValueError(f"{path}: {error}") from error

    sections = tuple(
        Section(
            name=nfc(s["name"]),
            slug=s["slug"],
            description=nfc(s.get("description", "")),
            aliases=_tuple(s.get("aliases")),
            subsections=tuple(
                Subsection(nfc(sub["name"]), sub["slug"]) for sub in s.get("subsections", [])
            ),
        )
        for s in read("sections.toml")["section"]
    )
    raw_provinces = read("provinces.toml")
    provinces = tuple(
        Province(
            name=nfc(p["name"]),
            slug=p["slug"],
            kind=nfc(p["kind"]),
            region=nfc(p["region"]),
            former=_tuple(p.get("former")),
            aliases=_tuple(p.get("aliases")),
            code=int(p.get("code", 0)),
        )
        for p in raw_provinces["province"]
    )
    former_aliases = {nfc(k): _tuple(v) for k, v in raw_provinces.get("former_aliases", {}).items()}
    former = tuple(
        FormerProvince(name=n, slug=slugify(n), current=p.name, aliases=former_aliases.get(n, ()))
        for p in provinces
        for n in p.former
    )
    countries = tuple(
        Country(nfc(c["name"]), c["iso"], c["slug"], _tuple(c.get("aliases")))
        for c in read("countries.toml")["country"]
    )
    organizations = tuple(
        Organization(
            name=nfc(o["name"]),
            slug=o["slug"],
            kind=o["kind"],
            short=nfc(o.get("short", "")),
            country=o.get("country", ""),
            province=nfc(o.get("province", "")),
            aliases=_tuple(o.get("aliases")),
        )
        for o in read("organizations.toml")["organization"]
    )
    data = ReferenceData(sections, provinces, former, countries, organizations)
    _validate(data, data_dir)
    return data


def _validate(data: ReferenceData, data_dir: Path) -> None:
    problems = []
    for label, items in (
        ("sections.toml", data.sections),
        ("provinces.toml", data.provinces),
        ("countries.toml", data.countries),
        ("organizations.toml", data.organizations),
    ):
        seen: set[str] = set()
        for item in items:
            if item.slug in seen:
                problems.append(f"{data_dir / label}: slug '{item.slug}' dùng hai lần")
            seen.add(item.slug)
            if "," in item.name and not any(
                name and "," not in name for name in (getattr(item, "short", ""), *item.aliases)
            ):
                problems.append(
                    f"{data_dir / label}: '{item.name}' có dấu phẩy, cần 'short' hoặc một"
                    " bí danh không có dấu phẩy để ghi được trong danh sách (cách nhau bằng dấu phẩy)"
                )
    if len(data.former_provinces) != len({f.name for f in data.former_provinces}):
        problems.append(f"{data_dir / 'provinces.toml'}: một tỉnh cũ thuộc hai tỉnh mới")
    if problems:
        raise ValueError("\n".join(problems))


DATA_FILES = ("sections.toml", "provinces.toml", "countries.toml", "organizations.toml")


def reference_for(settings: Mapping) -> ReferenceData:
    """The reference data a build uses (setting ``PORTAL_DATA_DIR``, else ``data/``).

    Every plugin asks for it; the files are read once per build and again
    only when one of them changes.
    """
    data_dir = Path(settings.get("PORTAL_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    stamp = tuple(
        (name, path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else (name, 0, 0)
        for name in DATA_FILES
        for path in [data_dir / name]
    )
    return _load_cached(data_dir, stamp)


@lru_cache(maxsize=4)
def _load_cached(data_dir: Path, stamp: tuple) -> ReferenceData:
    return load_reference_data(data_dir)
