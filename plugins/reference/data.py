"""Reference data (sections, provinces, partner countries, organizations).

The data lives in TOML files under ``data/``; this module loads it into small
frozen dataclasses and answers the questions the other plugins ask:
"which current province is 'Sóc Trăng' part of?", "is 'Soc Trang' a typo for
something we know?". Matching is by exact NFC name or alias first, then by the
diacritic-folded form (which is only ever used to *suggest*, never to accept).

Every entry also carries its English name (``name_en``, ``slug_en`` …) for the
English edition. English names are accepted in lookups of both languages'
data, except, in the Vietnamese data, a bare diacritic-free spelling of a
Vietnamese name ("Hung Yen", "Soc Trang"): there it stays a typo whose
suggestion is the Vietnamese name. :meth:`ReferenceData.localized` gives the
data as the English edition shows it: English names, slugs, kinds and
regions, with the Vietnamese names kept as aliases.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from plugins.vietnamese import fold, nfc, slugify, sort_key

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

LANGUAGES = ("vi", "en")
PROVINCE_KINDS = ("tỉnh", "Province")  # the kind word of a province, not a city
ENGLISH_KINDS = {"tỉnh": "Province", "thành phố": "City"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Subsection:
    name: str
    slug: str
    name_en: str = ""
    slug_en: str = ""
    aliases: tuple[str, ...] = ()  # in the English data: the Vietnamese name

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that picks this subsection."""
        return tuple(n for n in (self.name, self.name_en, *self.aliases) if n)


@dataclass(frozen=True)
class Section:
    name: str
    slug: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    subsections: tuple[Subsection, ...] = ()
    name_en: str = ""
    slug_en: str = ""
    description_en: str = ""
    aliases_en: tuple[str, ...] = ()

    def subsection(self, name: str) -> Subsection | None:
        """The subsection named ``name`` (its name first, then its English
        name or an alias: either language's name, in either language's data)."""
        wanted = nfc(name).strip()
        return next((s for s in self.subsections if s.name == wanted), None) or next(
            (s for s in self.subsections if wanted and wanted in s.names), None
        )


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
    name_en: str = ""
    slug_en: str = ""
    region_en: str = ""
    former_en: tuple[str, ...] = ()  # English names of `former`, same order ("" if none)
    long_name_en: str = ""  # English long name when "<name> <kind>" does not fit ("Hanoi")
    aliases_en: tuple[str, ...] = ()
    lang: str = "vi"  # language of name, kind and region ("en" in the English data)

    @property
    def shown_kind(self) -> str:
        """The kind word shown with the name: in Vietnamese written before it
        ("" when the name already starts with it: "Thành phố Hồ Chí Minh"),
        in English after it ("" when the long name has none: "Ho Chi Minh
        City", "Hanoi")."""
        if self.lang == "en":
            return "" if self.long_name == self.name else self.kind
        return "" if self.name.lower().startswith(self.kind.lower() + " ") else self.kind

    @property
    def long_name(self) -> str:
        """ "tỉnh Hưng Yên", "thành phố Huế", "Thành phố Hồ Chí Minh";
        in English "Hung Yen Province", "Hue City", "Ho Chi Minh City", "Hanoi"."""
        if self.lang == "en":
            if self.long_name_en:
                return self.long_name_en
            ends_with_kind = self.name.lower().endswith(" " + self.kind.lower())
            return self.name if ends_with_kind else f"{self.name} {self.kind}"
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
    current: str  # name of the current Province (its English name in the English data)
    aliases: tuple[str, ...] = ()
    name_en: str = ""
    slug_en: str = ""


@dataclass(frozen=True)
class Country:
    name: str
    iso: str
    slug: str
    aliases: tuple[str, ...] = ()
    name_en: str = ""
    slug_en: str = ""
    aliases_en: tuple[str, ...] = ()
    definite_en: bool = False  # "the" before the English name in a sentence
    lang: str = "vi"  # language of name ("en" in the English data)

    @property
    def in_sentence(self) -> str:
        """The name as a sentence says it: "cooperation with the United
        States" in English; the name itself in Vietnamese."""
        definite = self.lang == "en" and self.definite_en and self.name == self.name_en
        return f"the {self.name}" if definite else self.name


@dataclass(frozen=True)
class Organization:
    name: str
    slug: str
    kind: str
    short: str = ""
    country: str = ""
    province: str = ""
    aliases: tuple[str, ...] = ()
    name_en: str = ""
    slug_en: str = ""
    short_en: str | None = None  # English short name; None: `short` serves in English too
    aliases_en: tuple[str, ...] = ()

    @property
    def english_short(self) -> str:
        return self.short if self.short_en is None else self.short_en

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
    """Name → item map with folded-name suggestions.

    ``entries`` are accepted and suggested. ``accepted`` (the English names,
    in the Vietnamese data) are accepted only when they are not a
    diacritic-free spelling of one of the ``entries`` ("Soc Trang" stays a
    typo of "Sóc Trăng"), and never suggested."""

    def __init__(
        self, entries: list[tuple[str, object]], accepted: Iterable[tuple[str, object]] = ()
    ):
        self.exact: dict[str, object] = {}
        self.folded: dict[str, str] = {}
        for name, item in entries:
            self.exact.setdefault(nfc(name), item)
            self.folded.setdefault(fold(name), nfc(name))
        for name, item in accepted:
            key = nfc(name).strip()
            if key and key not in self.exact and fold(key) not in self.folded:
                self.exact[key] = item

    def find(self, name: str) -> Lookup:
        # Any run of Unicode white space is one space: a non-breaking space
        # pasted from Word or a web page ("Thái\u00a0Nguyên") looks like a
        # space, and a suggestion to write what the editor sees helps no one.
        key = " ".join(nfc(name).split())
        if key in self.exact:
            return Lookup(self.exact[key])
        folded = fold(key)
        if folded in self.folded:
            return Lookup(None, self.folded[folded])
        close = difflib.get_close_matches(folded, self.folded.keys(), n=1, cutoff=0.75)
        return Lookup(None, self.folded[close[0]] if close else None)


def _language(lang: str) -> str:
    """``"vi"`` or ``"en"`` from a language setting ("en", "en-GB", "vi_VN")."""
    code = str(lang or "").strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise ValueError(
            f"ngôn ngữ '{lang}' không có dữ liệu tham chiếu (chỉ có: {', '.join(LANGUAGES)})"
        )
    return code


@dataclass(frozen=True)
class ReferenceData:
    sections: tuple[Section, ...]
    provinces: tuple[Province, ...]
    former_provinces: tuple[FormerProvince, ...]
    countries: tuple[Country, ...]
    organizations: tuple[Organization, ...]
    lang: str = "vi"  # language of the names: "en" for ``localized("en")``

    # -- indexes ---------------------------------------------------------
    # Each index takes the names of the data's language, then (``accepted``)
    # the English names: in the English data they are the names already.
    @cached_property
    def _sections(self) -> _Index:
        return _Index(
            [(n, s) for s in self.sections for n in (s.name, *s.aliases)],
            [(n, s) for s in self.sections for n in (s.name_en, *s.aliases_en)],
        )

    @cached_property
    def _provinces(self) -> _Index:
        entries: list[tuple[str, object]] = []
        for p in self.provinces:
            entries += [(n, p) for n in (p.name, *p.aliases)]
        by_name = {p.name: p for p in self.provinces}
        for f in self.former_provinces:
            entries += [(n, by_name[f.current]) for n in (f.name, *f.aliases)]
        english = [(n, p) for p in self.provinces for n in (p.name_en, *p.aliases_en)]
        # and as the English pages title them ("Can Tho City", "Hung Yen Province")
        english += [(_english_long_name(p), p) for p in self.provinces if p.name_en]
        english += [
            (n, by_name[f.current]) for f in self.former_provinces for n in self._english_names(f)
        ]
        return _Index(entries, english)

    @cached_property
    def _former(self) -> _Index:
        entries = [(n, f) for f in self.former_provinces for n in (f.name, *f.aliases)]
        english = [(n, f) for f in self.former_provinces for n in self._english_names(f)]
        return _Index(entries, english)

    @cached_property
    def _cities(self) -> frozenset[str]:
        """Units that are cities ("Hà Nội", "Cần Thơ"), by name, in either language."""
        return frozenset(
            name
            for p in self.provinces
            if p.kind not in PROVINCE_KINDS
            for name in (p.name, p.name_en)
        )

    def _english_names(self, f: FormerProvince) -> tuple[str, ...]:
        """A former unit's English names: "Thai Binh", and "Thai Binh
        Province" as an English text names a province (a city, "Can Tho",
        is no province)."""
        if not f.name_en:
            return ()
        if f.name in self._cities or f.name_en.endswith((" City", " Province")):
            return (f.name_en,)
        return (f.name_en, f"{f.name_en} Province")

    @cached_property
    def _countries(self) -> _Index:
        return _Index(
            [(n, c) for c in self.countries for n in (c.name, c.iso, *c.aliases)],
            [(n, c) for c in self.countries for n in (c.name_en, *c.aliases_en)],
        )

    @cached_property
    def _organizations(self) -> _Index:
        return _Index(
            [(n, o) for o in self.organizations for n in (o.name, o.short, *o.aliases) if n],
            [
                (n, o)
                for o in self.organizations
                for n in (o.name_en, o.short_en or "", *o.aliases_en)
            ],
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

    def as_former(self, name: str) -> str:
        """How a message names a pre-2025 unit as written: "'Quảng Bình' là
        tên tỉnh"; another spelling of it by that unit's name, since it may
        name a city of it ("'Vũng Tàu' chỉ tỉnh Bà Rịa - Vũng Tàu")."""
        former = self.former_province(name)
        if former is None or fold(former.name) == fold(name):
            return f"'{name}' là tên tỉnh"
        return f"'{name}' chỉ tỉnh {former.name}"

    def merged_into(self, name: str) -> Province | None:
        """The current province a unit named ``name`` became on 1 July 2025
        when it is now called otherwise (Quảng Bình → Quảng Trị, Thừa Thiên
        Huế → Huế); ``None`` for a current name (Cần Thơ, TP.HCM)."""
        former, current = self.former_province(name), self.province(name).found
        if former is None or current is None or fold(former.name) == fold(current.name):
            return None
        return current

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

    # -- languages -------------------------------------------------------
    def localized(self, lang: str) -> ReferenceData:
        """The data as the ``lang`` edition shows it.

        ``"vi"``: the Vietnamese data (``self`` for the data as loaded).
        ``"en"``: the same entries, in the same order, with English names,
        slugs, descriptions, kinds ("Province", "City") and regions; former
        provinces point at the English name of their current unit; the
        Vietnamese names become aliases, so lookups by them still work. An
        entry without an English name keeps its Vietnamese one (see
        :func:`missing_english`). Raises ``ValueError`` for another language.
        Computed once per data and language; the Vietnamese data is unchanged.
        """
        lang = _language(lang)
        if lang == self.lang:
            return self
        if lang == "vi":
            source = self.__dict__.get("_vietnamese")
            if source is None:
                raise ValueError("dữ liệu tiếng Anh này không được tạo từ dữ liệu tiếng Việt")
            return source
        english = self.__dict__.get("_english")
        if english is None:
            english = _english(self)
            # Plain attributes beside the fields (frozen dataclass, as cached_property does).
            english.__dict__["_vietnamese"] = self
            self.__dict__["_english"] = english
        return english


def has_english_name(entry: object) -> bool:
    """Whether ``entry`` (a section, subsection, province, former province,
    country or organization, of either language's data) has an English name."""
    return bool(getattr(entry, "name_en", ""))


def missing_english(data: ReferenceData) -> list[tuple[str, str]]:
    """``(kind, Vietnamese name)`` of every entry the English edition shows
    in Vietnamese, in data order. Kinds: "section", "section_description",
    "subsection", "province", "region", "former_province", "country",
    "organization". Works on either language's data."""
    missing: list[tuple[str, str]] = []
    for section in data.sections:
        if not section.name_en:
            missing.append(("section", section.name))
        if not section.description_en and section.description:
            missing.append(("section_description", section.name))
        missing += [("subsection", s.name) for s in section.subsections if not s.name_en]
    missing += [("province", p.name) for p in data.provinces if not p.name_en]
    regions = dict.fromkeys(p.region for p in data.provinces if not p.region_en)
    missing += [("region", region) for region in regions]
    missing += [("former_province", f.name) for f in data.former_provinces if not f.name_en]
    missing += [("country", c.name) for c in data.countries if not c.name_en]
    missing += [("organization", o.name) for o in data.organizations if not o.name_en]
    return missing


# -- the English data ------------------------------------------------------


def _others(name: str, names: Iterable[str]) -> tuple[str, ...]:
    """``names`` without blanks, repeats and ``name`` itself, in order."""
    return tuple(dict.fromkeys(n for n in names if n and n != name))


def _english_long_name(p: Province) -> str:
    """The long name the English pages give ``p`` (:attr:`Province.long_name`)."""
    kind = ENGLISH_KINDS.get(p.kind, p.kind)
    return replace(p, name=p.name_en, kind=kind, lang="en").long_name


def _english(data: ReferenceData) -> ReferenceData:
    current_en = {p.name: p.name_en or p.name for p in data.provinces}
    any_province_en = {f.name: f.name_en or f.name for f in data.former_provinces}
    any_province_en.update(current_en)

    def section(s: Section) -> Section:
        name = s.name_en or s.name
        return replace(
            s,
            name=name,
            slug=s.slug_en or s.slug,
            description=s.description_en or s.description,
            aliases=_others(name, (s.name, *s.aliases, *s.aliases_en)),
            subsections=tuple(subsection(sub) for sub in s.subsections),
        )

    def subsection(s: Subsection) -> Subsection:
        name = s.name_en or s.name
        return replace(
            s, name=name, slug=s.slug_en or s.slug, aliases=_others(name, (s.name, *s.aliases))
        )

    def province(p: Province) -> Province:
        # The unit whose name the province kept is named as the province.
        english = dict(zip(p.former, p.former_en, strict=False))
        english[p.name] = p.name_en or p.name
        former = tuple(english.get(f) or f for f in p.former)
        aliases = _others(p.name_en or p.name, (p.name, *p.aliases, *p.aliases_en))
        region = p.region_en or p.region
        if not p.name_en:  # shown as in Vietnamese ("tỉnh X"), reported by missing_english
            return replace(p, region=region, former=former, aliases=aliases)
        return replace(
            p,
            name=p.name_en,
            slug=p.slug_en or p.slug,
            kind=ENGLISH_KINDS.get(p.kind, p.kind),
            region=region,
            former=former,
            aliases=aliases,
            lang="en",
        )

    def former(f: FormerProvince) -> FormerProvince:
        name = f.name_en or f.name
        return replace(
            f,
            name=name,
            slug=f.slug_en or f.slug,
            current=current_en[f.current],
            aliases=_others(name, (f.name, *f.aliases)),
        )

    def country(c: Country) -> Country:
        name = c.name_en or c.name
        return replace(
            c,
            name=name,
            slug=c.slug_en or c.slug,
            aliases=_others(name, (c.name, *c.aliases, *c.aliases_en)),
            lang="en",
        )

    def organization(o: Organization) -> Organization:
        name, short = o.name_en or o.name, o.english_short
        names = (o.name, o.short, *o.aliases, *o.aliases_en)
        return replace(
            o,
            name=name,
            slug=o.slug_en or o.slug,
            short=short,
            province=any_province_en.get(o.province, o.province),
            aliases=tuple(n for n in _others(name, names) if n != short),
        )

    return ReferenceData(
        sections=tuple(section(s) for s in data.sections),
        provinces=tuple(province(p) for p in data.provinces),
        former_provinces=tuple(former(f) for f in data.former_provinces),
        countries=tuple(country(c) for c in data.countries),
        organizations=tuple(organization(o) for o in data.organizations),
        lang="en",
    )


# -- loading ---------------------------------------------------------------


def _tuple(values) -> tuple[str, ...]:
    return tuple(nfc(v) for v in values or ())


class _English:
    """Reads the English fields of one file's entries, noting what is wrong
    (a wrong type, a blank name, a slug that is not one) in ``problems``."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems

    def _problem(self, raw: Mapping, key: str, message: str) -> None:
        self.problems.append(f"{self.path}: '{raw.get('name', '?')}': {key} {message}")

    def text(self, raw: Mapping, key: str, *, blank_ok: bool = False) -> str | None:
        """The field ``key`` (NFC), or None when absent or wrong."""
        if key not in raw:
            return None
        value = raw[key]
        if not isinstance(value, str):
            self._problem(raw, key, "phải là một chuỗi chữ")
            return None
        if not blank_ok and not value.strip():
            self._problem(raw, key, "để trống")
            return None
        if value != value.strip():
            self._problem(raw, key, "có khoảng trắng thừa ở đầu hoặc cuối")
        return nfc(value.strip())

    def names(self, raw: Mapping, key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self._problem(raw, key, "phải là một danh sách tên (chuỗi chữ không trống)")
            return ()
        return tuple(nfc(v.strip()) for v in value)

    def slug(self, raw: Mapping, slug: str, candidates: Iterable[str]) -> str:
        """``slug_en`` as written, else ``slug`` when it is already the slug of
        one of the English ``candidates`` (same letters: "ha-noi" for "Hanoi"),
        else the ASCII slug of the first candidate ("" without one)."""
        written = self.text(raw, "slug_en")
        if written is not None:
            if not _SLUG.match(written):
                self._problem(raw, "slug_en", f"'{written}' không phải slug (a-z, 0-9, '-')")
            return written
        candidates = [c for c in candidates if c]
        letters = slug.replace("-", "")
        if any(slugify(c).replace("-", "") == letters for c in candidates):
            return slug
        return slugify(candidates[0]) if candidates else ""

    def named(self, raw: Mapping, *others: str) -> dict[str, str]:
        """An entry's ``name_en`` and ``slug_en`` (:meth:`slug` of its name,
        then of ``others``, more English names), as keyword arguments."""
        name_en = self.text(raw, "name_en") or ""
        return {"name_en": name_en, "slug_en": self.slug(raw, raw["slug"], [name_en, *others])}


def load_reference_data(data_dir: Path | str = DEFAULT_DATA_DIR) -> ReferenceData:
    """Load and cross-check the TOML files. Raises ``ValueError`` naming the file."""
    data_dir = Path(data_dir)
    problems: list[str] = []

    def read(name: str) -> dict:
        path = data_dir / name
        try:
            with path.open("rb") as handle:
                return tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ValueError(f"{path}: {error}") from error

    en = _English(data_dir / "sections.toml", problems)

    def subsection(sub: Mapping) -> Subsection:
        return Subsection(nfc(sub["name"]), sub["slug"], **en.named(sub))

    def section(s: Mapping) -> Section:
        return Section(
            name=nfc(s["name"]),
            slug=s["slug"],
            description=nfc(s.get("description", "")),
            aliases=_tuple(s.get("aliases")),
            subsections=tuple(subsection(sub) for sub in s.get("subsections", [])),
            **en.named(s),
            description_en=en.text(s, "description_en") or "",
            aliases_en=en.names(s, "aliases_en"),
        )

    sections = tuple(section(s) for s in read("sections.toml")["section"])

    raw_provinces = read("provinces.toml")
    en = _English(data_dir / "provinces.toml", problems)
    former_en = _english_table(raw_provinces, "former_en", en)
    regions_en = _english_table(raw_provinces, "regions_en", en)

    def province(p: Mapping) -> Province:
        former = _tuple(p.get("former"))
        return Province(
            name=nfc(p["name"]),
            slug=p["slug"],
            kind=nfc(p["kind"]),
            region=nfc(p["region"]),
            former=former,
            aliases=_tuple(p.get("aliases")),
            code=int(p.get("code", 0)),
            **en.named(p),
            region_en=regions_en.get(nfc(p["region"]), ""),
            former_en=tuple(former_en.get(f, "") for f in former),
            long_name_en=en.text(p, "long_name_en") or "",
            aliases_en=en.names(p, "aliases_en"),
        )

    provinces = tuple(province(p) for p in raw_provinces["province"])
    former_aliases = {nfc(k): _tuple(v) for k, v in raw_provinces.get("former_aliases", {}).items()}
    former = tuple(
        FormerProvince(
            name=n,
            slug=slugify(n),
            current=p.name,
            aliases=former_aliases.get(n, ()),
            name_en=former_en.get(n, ""),
            slug_en=en.slug({"name": n}, slugify(n), [former_en.get(n, "")]),
        )
        for p in provinces
        for n in p.former
    )
    known = {f.name for f in former}
    problems += [
        f"{en.path}: [former_en] '{n}' không phải tỉnh cũ nào" for n in former_en if n not in known
    ]
    regions = {p.region for p in provinces}
    problems += [
        f"{en.path}: [regions_en] '{r}' không phải vùng nào" for r in regions_en if r not in regions
    ]

    en = _English(data_dir / "countries.toml", problems)

    def country(c: Mapping) -> Country:
        return Country(
            nfc(c["name"]),
            c["iso"],
            c["slug"],
            _tuple(c.get("aliases")),
            **en.named(c),
            aliases_en=en.names(c, "aliases_en"),
            definite_en=c.get("definite_en") is True,
        )

    countries = tuple(country(c) for c in read("countries.toml")["country"])

    en = _English(data_dir / "organizations.toml", problems)

    def organization(o: Mapping) -> Organization:
        short = nfc(o.get("short", ""))
        short_en = en.text(o, "short_en", blank_ok=True)
        english_short = short if short_en is None else short_en
        return Organization(
            name=nfc(o["name"]),
            slug=o["slug"],
            kind=o["kind"],
            short=short,
            country=o.get("country", ""),
            province=nfc(o.get("province", "")),
            aliases=_tuple(o.get("aliases")),
            **en.named(o, english_short),
            short_en=short_en,
            aliases_en=en.names(o, "aliases_en"),
        )

    organizations = tuple(organization(o) for o in read("organizations.toml")["organization"])
    if problems:
        raise ValueError("\n".join(problems))
    data = ReferenceData(sections, provinces, former, countries, organizations)
    _validate(data, data_dir)
    _validate_english(data, data_dir)
    return data


def _english_table(raw: Mapping, key: str, en: _English) -> dict[str, str]:
    """A ``[key]`` table of Vietnamese name → English name."""
    table = raw.get(key, {})
    if not isinstance(table, dict):
        en.problems.append(f"{en.path}: [{key}] phải là một bảng tên tiếng Việt = tên tiếng Anh")
        return {}
    found = {}
    for name, value in table.items():
        if not isinstance(value, str) or not value.strip():
            en.problems.append(
                f"{en.path}: [{key}] '{name}': tên tiếng Anh phải là chuỗi chữ không trống"
            )
        else:
            found[nfc(name)] = nfc(value.strip())
    return found


def _files(data: ReferenceData) -> tuple[tuple[str, tuple], ...]:
    """Each data file with the entries it lists (the top-level ones)."""
    return (
        ("sections.toml", data.sections),
        ("provinces.toml", data.provinces),
        ("countries.toml", data.countries),
        ("organizations.toml", data.organizations),
    )


def _validate(data: ReferenceData, data_dir: Path) -> None:
    problems = []
    for label, items in _files(data):
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


def _validate_english(data: ReferenceData, data_dir: Path) -> None:
    """The English fields: slugs unique, English names not another entry's
    name (nor a diacritic-free spelling of it), a name with a comma written
    in lists by an English short name or alias."""
    problems = []
    by_name = {p.name: p for p in data.provinces}
    for label, items in (
        *_files(data),
        ("provinces.toml", data.former_provinces),
        *(("sections.toml", s.subsections) for s in data.sections),
    ):
        seen: set[str] = set()
        for item in items:
            if item.slug_en and item.slug_en in seen:
                problems.append(f"{data_dir / label}: slug_en '{item.slug_en}' dùng hai lần")
            seen.add(item.slug_en)
    for label, items, vietnamese, english in (
        (
            "sections.toml",
            data.sections,
            lambda s: [(n, s) for n in (s.name, *s.aliases)],
            lambda s: [(n, s) for n in (s.name_en, *s.aliases_en)],
        ),
        (
            "provinces.toml",
            (*data.provinces, *data.former_provinces),
            lambda p: [(n, by_name[getattr(p, "current", p.name)]) for n in (p.name, *p.aliases)],
            lambda p: [
                (n, by_name[getattr(p, "current", p.name)])
                for n in (p.name_en, *getattr(p, "aliases_en", ()))
            ],
        ),
        (
            "provinces.toml",
            data.former_provinces,
            lambda f: [(n, f) for n in (f.name, *f.aliases)],
            lambda f: [(f.name_en, f)],
        ),
        (
            "countries.toml",
            data.countries,
            lambda c: [(n, c) for n in (c.name, c.iso, *c.aliases)],
            lambda c: [(n, c) for n in (c.name_en, *c.aliases_en)],
        ),
        (
            "organizations.toml",
            data.organizations,
            lambda o: [(n, o) for n in (o.name, o.short, *o.aliases)],
            lambda o: [(n, o) for n in (o.name_en, o.short_en or "", *o.aliases_en)],
        ),
    ):
        problems += _english_collisions(data_dir / label, items, vietnamese, english)
    for label, items in (
        ("provinces.toml", data.provinces),
        ("countries.toml", data.countries),
        ("organizations.toml", data.organizations),
    ):
        for item in items:
            written = (getattr(item, "english_short", ""), *item.aliases_en)
            if "," in item.name_en and not any(n and "," not in n for n in written):
                problems.append(
                    f"{data_dir / label}: tên tiếng Anh '{item.name_en}' có dấu phẩy, cần"
                    " 'short_en' hoặc một bí danh tiếng Anh (aliases_en) không có dấu phẩy"
                    " để ghi được trong danh sách"
                )
    if problems:
        raise ValueError("\n".join(dict.fromkeys(problems)))


def _english_collisions(path: Path, items, vietnamese, english) -> list[str]:
    """English names (``english(item)``: (name, target) pairs) that name
    another target than the Vietnamese names (``vietnamese(item)``) or the
    English names of the other items, exactly or but for diacritics."""
    owner: dict[str, object] = {}
    folded: dict[str, tuple[str, object]] = {}
    for item in items:
        for name, target in vietnamese(item):
            if name:
                owner.setdefault(name, target)
                folded.setdefault(fold(name), (name, target))
    problems = []
    for item in items:
        for name, target in english(item):
            if not name:
                continue
            other = owner.get(name)
            if other is None and fold(name) in folded:
                name_of_other, other = folded[fold(name)]
                if other is not target:
                    problems.append(
                        f"{path}: tên tiếng Anh '{name}' của '{item.name}' chỉ khác"
                        f" '{name_of_other}' (của '{other.name}') ở dấu"
                    )
                    continue
            if other is not None and other is not target:
                problems.append(
                    f"{path}: tên tiếng Anh '{name}' của '{item.name}' trùng với tên của '{other.name}'"
                )
            owner.setdefault(name, target)
    return problems


DATA_FILES = ("sections.toml", "provinces.toml", "countries.toml", "organizations.toml")


def reference_for(settings: Mapping) -> ReferenceData:
    """The reference data a build uses (setting ``PORTAL_DATA_DIR``, else
    ``data/``), in the build's language (``DEFAULT_LANG``: "vi", "en").

    Every plugin asks for it; the files are read once per build and again
    only when one of them changes; each language's data is made once per
    reading (the Vietnamese data is the data as read).
    """
    data_dir = Path(settings.get("PORTAL_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    stamp = tuple(
        (name, path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else (name, 0, 0)
        for name in DATA_FILES
        for path in [data_dir / name]
    )
    return _load_cached(data_dir, stamp).localized(settings.get("EDITION") or "vi")


@lru_cache(maxsize=4)
def _load_cached(data_dir: Path, stamp: tuple) -> ReferenceData:
    return load_reference_data(data_dir)
