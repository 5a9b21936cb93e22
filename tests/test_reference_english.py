"""Reference data in English: the English names of data/*.toml and the
localized data of the English edition (``ReferenceData.localized("en")``)."""

from __future__ import annotations

import shutil
import tomllib
import unicodedata
from pathlib import Path

import pytest

from plugins.reference import (
    has_english_name,
    list_name,
    load_reference_data,
    missing_english,
    reference_for,
)
from plugins.reference.data import DATA_FILES, DEFAULT_DATA_DIR


@pytest.fixture(scope="module")
def english(reference):
    return reference.localized("en")


def _raw(name: str) -> dict:
    return tomllib.loads((DEFAULT_DATA_DIR / name).read_text(encoding="utf-8"))


def _copy(tmp_path: Path) -> Path:
    for name in DATA_FILES:
        shutil.copy(DEFAULT_DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _plain(text: str) -> str:
    """Lower case, diacritics removed by Unicode decomposition (the oracle:
    not the portal's own ``fold``), đ → d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# --- the data files ---------------------------------------------------------------


def test_every_entry_has_an_english_name(reference):
    assert missing_english(reference) == []
    entries = [
        *reference.sections,
        *(sub for s in reference.sections for sub in s.subsections),
        *reference.provinces,
        *reference.former_provinces,
        *reference.countries,
        *reference.organizations,
    ]
    assert all(has_english_name(entry) for entry in entries)
    assert all(s.description_en for s in reference.sections)
    assert all(p.region_en for p in reference.provinces)
    assert len(reference.countries) == 56


def test_the_sections_english_names_and_slugs(english):
    assert [
        (s.name, s.slug, [(b.name, b.slug) for b in s.subsections]) for s in english.sections
    ] == [
        (
            "Friendship",
            "friendship",
            [
                ("Friendship Associations", "friendship-associations"),
                ("Cultural Exchange", "cultural-exchange"),
            ],
        ),
        ("Localities", "localities", []),
        ("NGOs", "ngos", [("Projects", "projects"), ("Disaster Relief", "disaster-relief")]),
        ("Overseas Vietnamese", "overseas-vietnamese", []),
        ("International Friends", "international-friends", []),
        ("Culture and Education", "culture-and-education", []),
        (
            "Multimedia",
            "multimedia",
            [
                ("Video", "video"),
                ("Infographic", "infographic"),
                ("Photo Stories", "photo-stories"),
            ],
        ),
    ]


def test_the_localities_section_is_found_by_what_an_english_editor_types(english):
    # "Localities" is also the name of a header field; "Local" was refused.
    for written in ("Local", "Local news", "Localities"):
        assert english.section(written).found.slug == "localities", written


# Names that are not the Vietnamese name without its diacritics.
KNOWN_EXCEPTIONS = {"Hà Nội": "Hanoi", "Thành phố Hồ Chí Minh": "Ho Chi Minh City"}


def test_english_province_names_are_the_vietnamese_without_diacritics(reference):
    """Catches typos: "Hung Yen" for "Hưng Yên", with a short list of real exceptions."""
    assert len(reference.provinces) == 34 and len(reference.former_provinces) == 63
    for entry in (*reference.provinces, *reference.former_provinces):
        if entry.name in KNOWN_EXCEPTIONS:
            assert entry.name_en == KNOWN_EXCEPTIONS[entry.name]
        else:
            assert entry.name_en.lower() == _plain(entry.name), entry.name
        assert entry.name_en.isascii()


def test_english_slugs_are_slugs_and_unique(reference):
    for items in (
        reference.sections,
        reference.provinces,
        reference.former_provinces,
        reference.countries,
        reference.organizations,
    ):
        slugs = [item.slug_en for item in items]
        assert len(set(slugs)) == len(slugs)
        assert all(s and s == s.lower() and s.isascii() and " " not in s for s in slugs)


def test_province_slugs_stay_unless_the_english_name_differs_in_letters(reference):
    assert {p.slug for p in reference.provinces if p.slug != p.slug_en} == {"tp-ho-chi-minh"}
    assert reference.province("Hà Nội").found.slug_en == "ha-noi"
    assert reference.province("Thành phố Hồ Chí Minh").found.slug_en == "ho-chi-minh-city"


# --- lookups -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "written", "slug_vi", "slug_en"),
    [
        ("province", "Hanoi", "ha-noi", "ha-noi"),
        ("province", "Ho Chi Minh City", "tp-ho-chi-minh", "ho-chi-minh-city"),
        ("province", "HCMC", "tp-ho-chi-minh", "ho-chi-minh-city"),
        ("section", "Friendship", "huu-nghi", "friendship"),
        ("section", "Culture and Education", "van-hoa-giao-duc", "culture-and-education"),
        ("country", "Japan", "nhat-ban", "japan"),
        ("country", "Republic of Korea", "han-quoc", "republic-of-korea"),
        ("country", "Democratic People's Republic of Korea", "trieu-tien", "dprk"),
        ("organization", "MOLISA", "bo-lao-dong-thuong-binh-va-xa-hoi", None),
        (
            "organization",
            "Committee for Foreign Non-Governmental Organization Affairs",
            "comingo",
            "comingo",
        ),
        ("organization", "Hanoi Union of Friendship Organizations", None, None),
        ("organization", "United Nations Children's Fund", "unicef", "unicef"),
    ],
)
def test_english_names_resolve_in_both_languages(
    reference, english, kind, written, slug_vi, slug_en
):
    in_vi = getattr(reference, kind)(written).found
    in_en = getattr(english, kind)(written).found
    assert in_vi is not None and in_en is not None
    items = {"province": "provinces", "section": "sections"}.get(
        kind, kind.replace("y", "ie") + "s"
    )
    # The same entry: same position in both languages' data.
    assert getattr(reference, items).index(in_vi) == getattr(english, items).index(in_en)
    assert in_en.name == in_vi.name_en
    if slug_vi:
        assert in_vi.slug == slug_vi
    if slug_en:
        assert in_en.slug == slug_en


@pytest.mark.parametrize(
    ("kind", "written", "english_name"),
    [
        ("province", "Hưng Yên", "Hung Yen"),
        ("province", "Thái Bình", "Hung Yen"),  # a former unit: its current one
        ("province", "TP.HCM", "Ho Chi Minh City"),
        ("province", "Thừa Thiên Huế", "Hue"),
        ("section", "Hữu nghị", "Friendship"),
        ("section", "Việt kiều", "Overseas Vietnamese"),
        ("country", "Nhật Bản", "Japan"),
        ("country", "Mỹ", "United States"),
        ("organization", "Bộ LĐ-TB&XH", "Ministry of Labour, Invalids and Social Affairs"),
        ("organization", "Chữ thập đỏ", "Vietnam Red Cross Society"),
        ("organization", "Tầm nhìn Thế giới", "World Vision"),
    ],
)
def test_vietnamese_names_resolve_in_the_english_data(english, kind, written, english_name):
    assert getattr(english, kind)(written).found.name == english_name


def test_english_spellings_of_former_units_and_subsections(reference, english):
    assert english.province("Soc Trang").found.name == "Can Tho"
    former = english.former_province("Thái Bình")
    assert (former.name, former.current, former.slug) == ("Thai Binh", "Hung Yen", "thai-binh")
    assert english.former_province("Thai Binh") is former
    assert reference.former_province("Ho Chi Minh City").name == "Thành phố Hồ Chí Minh"
    assert english.section("Hữu nghị").found.subsection("Hội hữu nghị").slug == (
        "friendship-associations"
    )
    assert reference.section("Friendship").found.subsection("Cultural Exchange").slug == (
        "giao-luu-van-hoa"
    )


def test_a_diacritic_free_spelling_stays_a_typo_in_the_vietnamese_data(reference, english):
    """ "Hung Yen" is the English name, and in a Vietnamese article a typo of
    "Hưng Yên": suggested there, accepted in the English data."""
    for written, suggestion in (("Hung Yen", "Hưng Yên"), ("Soc Trang", "Sóc Trăng")):
        lookup = reference.province(written)
        assert lookup.found is None and lookup.suggestion == suggestion
        assert english.province(written).found is not None


def test_every_english_entry_round_trips_through_a_list_field(english):
    from plugins.content_model import split_list

    for entries, lookup in (
        (english.provinces, english.province),
        (english.countries, english.country),
        (english.organizations, english.organization),
    ):
        written = [list_name(entry) for entry in entries]
        assert all("," not in name for name in written)
        assert [lookup(name).found for name in split_list(", ".join(written))] == list(entries)
    assert list_name(english.organization("UNESCO").found) == "UNESCO"
    assert list_name(english.organization("MOLISA").found) == "MOLISA"


# --- localized -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vietnamese", "english_long", "english_kind", "vietnamese_long"),
    [
        ("Hưng Yên", "Hung Yen Province", "Province", "tỉnh Hưng Yên"),
        ("Cần Thơ", "Can Tho City", "City", "thành phố Cần Thơ"),
        ("Huế", "Hue City", "City", "thành phố Huế"),
        ("Thành phố Hồ Chí Minh", "Ho Chi Minh City", "City", "Thành phố Hồ Chí Minh"),
        ("Hà Nội", "Hanoi", "City", "thành phố Hà Nội"),
    ],
)
def test_english_long_names(
    reference, english, vietnamese, english_long, english_kind, vietnamese_long
):
    province = english.province(vietnamese).found
    assert province.long_name == english_long and province.kind == english_kind
    assert province.shown_kind == ("" if english_long == province.name else english_kind)
    assert reference.province(vietnamese).found.long_name == vietnamese_long


def test_english_entries_show_english(english):
    hue = english.province("Huế").found
    assert (hue.name, hue.slug, hue.region) == (
        "Hue",
        "hue",
        "North Central and Central Coastal Areas",
    )
    assert hue.former_renamed == ("Thua Thien Hue",)
    assert "Huế" in hue.aliases
    assert [region for region, _ in english.provinces_by_region()] == [
        "Red River Delta",
        "North Central and Central Coastal Areas",
        "Northern Midlands and Mountain Areas",
        "Central Highlands",
        "Southeast",
        "Mekong River Delta",
    ]
    friendship = english.section("Friendship").found
    assert friendship.description.startswith("News from the Vietnam Union")
    assert "Hữu nghị" in friendship.aliases
    union = english.organization("Liên hiệp các tổ chức hữu nghị tỉnh Thái Bình").found
    assert (union.name, union.province) == (
        "Thai Binh Union of Friendship Organizations",
        "Thai Binh",
    )
    assert english.organization("VUFO").found.label == (
        "Vietnam Union of Friendship Organizations (VUFO)"
    )
    russian = english.organization("Trung tâm Văn hóa Nga").found
    assert (russian.short, russian.label) == ("", "Russian Centre of Science and Culture")
    assert all(f.current in {p.name for p in english.provinces} for f in english.former_provinces)


def test_localized_vi_is_the_data_unchanged(reference, english):
    assert reference.localized("vi") is reference
    assert english.localized("vi") is reference
    assert reference.localized("en") is english and english.localized("en") is english
    assert reference.localized("en-GB") is english
    assert reference == load_reference_data(DEFAULT_DATA_DIR).localized("vi")
    assert english.lang == "en" and reference.lang == "vi"
    with pytest.raises(ValueError, match="'fr'"):
        reference.localized("fr")


def test_the_vietnamese_fields_are_the_files_own(reference):
    """The English fields add nothing to the Vietnamese names, aliases and
    slugs the Vietnamese site shows (its search index lists the aliases)."""
    assert [(s.name, s.slug, s.aliases) for s in reference.sections] == [
        (s["name"], s["slug"], tuple(s.get("aliases", ())))
        for s in _raw("sections.toml")["section"]
    ]
    assert [(p.name, p.slug, p.kind, p.region, p.aliases) for p in reference.provinces] == [
        (p["name"], p["slug"], p["kind"], p["region"], tuple(p.get("aliases", ())))
        for p in _raw("provinces.toml")["province"]
    ]
    assert [(c.name, c.slug, c.aliases) for c in reference.countries] == [
        (c["name"], c["slug"], tuple(c.get("aliases", ())))
        for c in _raw("countries.toml")["country"]
    ]
    assert [(o.name, o.slug, o.short, o.province, o.aliases) for o in reference.organizations] == [
        (
            o["name"],
            o["slug"],
            o.get("short", ""),
            o.get("province", ""),
            tuple(o.get("aliases", ())),
        )
        for o in _raw("organizations.toml")["organization"]
    ]


def test_reference_for_follows_the_edition():
    """Each run of a build has its edition's data (EDITION, set by
    plugins/editions); bare settings (Pelican's DEFAULT_LANG is "en") get
    the Vietnamese data."""
    settings = {"PORTAL_DATA_DIR": str(DEFAULT_DATA_DIR)}
    vietnamese = reference_for(settings)
    assert vietnamese.lang == "vi" and reference_for({**settings, "EDITION": "vi"}) is vietnamese
    assert reference_for({**settings, "DEFAULT_LANG": "en"}) is vietnamese
    english = reference_for({**settings, "EDITION": "en"})
    assert english.lang == "en" and english is reference_for({**settings, "EDITION": "en"})
    assert english is vietnamese.localized("en")


# --- broken data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "provinces.toml",
            'name_en = "Hung Yen"',
            "name_en = 5",
            r"provinces.toml: 'Hưng Yên': name_en",
        ),
        (
            "provinces.toml",
            'name_en = "Hung Yen"',
            'name_en = ""',
            r"provinces.toml: 'Hưng Yên': name_en",
        ),
        (
            "sections.toml",
            'slug_en = "ngos"',
            'slug_en = "NGOs"',
            r"sections.toml: 'Phi chính phủ': slug_en",
        ),
        (
            "countries.toml",
            'name_en = "Cambodia"',
            'name_en = "Laos"',
            r"countries.toml: tên tiếng Anh 'Laos'",
        ),
        (
            "countries.toml",
            'name_en = "Cambodia"',
            'name_en = "Lao"',
            r"countries.toml: tên tiếng Anh 'Lao'",
        ),
        (
            "sections.toml",
            'slug_en = "ngos"',
            'slug_en = "friendship"',
            r"sections.toml: slug_en 'friendship'",
        ),
        (
            "provinces.toml",
            '"Kon Tum" = "Kon Tum"',
            '"Kon Tumm" = "Kon Tum"',
            r"provinces.toml: \[former_en\] 'Kon Tumm'",
        ),
        (
            "provinces.toml",
            '"Tây Nguyên" = "Central Highlands"',
            '"Tây Nguyên" = 1',
            r"provinces.toml: \[regions_en\]",
        ),
        (
            "organizations.toml",
            'short_en = "MOLISA"',
            'short_en = "Bộ, ngành"',
            r"organizations.toml: tên tiếng Anh 'Ministry of Labour, Invalids",
        ),
    ],
)
def test_a_broken_english_field_is_refused_naming_the_file(tmp_path, file, old, new, message):
    data = _copy(tmp_path)
    _edit(data / file, old, new)
    with pytest.raises(ValueError, match=message):
        load_reference_data(data)


def test_an_entry_without_an_english_name_keeps_its_vietnamese_one(tmp_path):
    data = _copy(tmp_path)
    _edit(data / "provinces.toml", 'name_en = "Ca Mau"\n', "")
    _edit(data / "provinces.toml", '"Bạc Liêu" = "Bac Lieu"\n', "")
    _edit(data / "provinces.toml", '"Tây Nguyên" = "Central Highlands"\n', "")
    _edit(data / "countries.toml", 'name_en = "Mozambique"\n', "")
    _edit(data / "organizations.toml", 'name_en = "Orbis"\n', "")
    _edit(data / "sections.toml", ', name_en = "Disaster Relief", slug_en = "disaster-relief"', "")
    reference = load_reference_data(data)
    expected = [
        ("subsection", "Cứu trợ thiên tai"),
        ("province", "Cà Mau"),
        ("region", "Tây Nguyên"),
        ("former_province", "Bạc Liêu"),
        ("country", "Mozambique"),
        ("organization", "Orbis"),
    ]
    assert missing_english(reference) == expected
    english = reference.localized("en")
    assert missing_english(english) == expected
    ca_mau = english.province("Cà Mau").found
    assert (ca_mau.name, ca_mau.long_name, ca_mau.former_renamed) == (
        "Cà Mau",
        "tỉnh Cà Mau",
        ("Bạc Liêu",),
    )
    assert not has_english_name(ca_mau) and has_english_name(english.province("Cần Thơ").found)
    assert english.province("Bạc Liêu").found is ca_mau
    assert english.province("Gia Lai").found.region == "Tây Nguyên"
    assert english.country("Mozambique").found.slug == "mozambique"
    assert english.section("NGOs").found.subsection("Cứu trợ thiên tai").slug == "cuu-tro-thien-tai"


def test_a_sentence_says_the_before_the_english_names_that_take_it(reference, english):
    def said(data, iso: str) -> str:
        return next(c.in_sentence for c in data.countries if c.iso == iso)

    assert said(english, "US") == "the United States"
    assert said(english, "KR") == "the Republic of Korea"
    assert said(english, "PH") == "the Philippines"
    assert said(english, "JP") == "Japan"
    assert said(english, "LA") == "Laos"
    # Vietnamese names never get it, even one spelt as in English.
    assert said(reference, "PH") == "Philippines"
    assert said(reference, "US") == "Hoa Kỳ"
