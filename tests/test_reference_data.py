"""Reference data: 63 former units → 34 current, lookups and suggestions."""

from __future__ import annotations

import shutil

import pytest

from plugins.reference import load_reference_data


def test_34_current_provinces_hold_all_63_former_units(reference):
    assert len(reference.provinces) == 34
    assert len(reference.former_provinces) == 63
    assert len({f.name for f in reference.former_provinces}) == 63
    assert sum(1 for p in reference.provinces if p.kind == "thành phố") == 6


@pytest.mark.parametrize(
    ("as_written", "current"),
    [
        ("Thái Bình", "Hưng Yên"),
        ("Sóc Trăng", "Cần Thơ"),
        ("Bắc Kạn", "Thái Nguyên"),
        ("Bắc Cạn", "Thái Nguyên"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Bình Dương", "Thành phố Hồ Chí Minh"),
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("Thừa Thiên Huế", "Huế"),
        ("Hà Giang", "Tuyên Quang"),
        ("Hưng Yên", "Hưng Yên"),
    ],
)
def test_a_province_named_as_at_the_time_resolves_to_its_current_unit(
    reference, as_written, current
):
    assert reference.province(as_written).found.name == current


def test_unknown_names_get_a_suggestion_but_are_not_accepted(reference):
    lookup = reference.province("Soc Trang")
    assert lookup.found is None and lookup.suggestion == "Sóc Trăng"
    assert reference.country("Nhat Ban").suggestion == "Nhật Bản"
    assert reference.organization("Child Fund").suggestion == "ChildFund"
    assert reference.section("Huu nghi").suggestion == "Hữu nghị"
    assert reference.province("Atlantis").suggestion is None


def test_aliases_and_short_names_resolve(reference):
    assert reference.country("Mỹ").found.iso == "US"
    assert reference.organization("VUFO").found.slug == "vufo"
    assert reference.organization("World Vision").found.name == "Tầm nhìn Thế giới"
    assert reference.section("Việt kiều").found.slug == "kieu-bao"


def test_every_provincial_union_points_at_a_known_province(reference):
    for org in reference.organizations:
        if org.province:
            assert reference.province(org.province).found, org.name


def test_a_duplicate_slug_in_the_data_is_refused(tmp_path):
    from plugins.reference.data import DEFAULT_DATA_DIR

    for name in ("sections.toml", "provinces.toml", "countries.toml", "organizations.toml"):
        shutil.copy(DEFAULT_DATA_DIR / name, tmp_path / name)
    with (tmp_path / "countries.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[country]]\nname = "Lào 2"\niso = "XL"\nslug = "lao"\n')
    with pytest.raises(ValueError, match="countries.toml: slug 'lao'"):
        load_reference_data(tmp_path)


def test_every_entry_round_trips_through_a_list_field(reference):
    """Both ways: each entry's list form holds no comma and resolves to that
    entry, and a list of all of them splits back into the same entries."""
    from plugins.content_model import split_list
    from plugins.reference import list_name

    for entries, lookup in (
        (reference.provinces, reference.province),
        (reference.countries, reference.country),
        (reference.organizations, reference.organization),
    ):
        written = [list_name(entry) for entry in entries]
        assert all("," not in name for name in written)
        assert [lookup(name).found for name in written] == list(entries)
        assert [lookup(name).found for name in split_list(", ".join(written))] == list(entries)
    unesco = reference.organization("UNESCO").found
    assert "," in unesco.name and list_name(unesco) == "UNESCO"


def test_a_name_with_a_comma_and_no_short_form_is_refused(tmp_path):
    from plugins.reference.data import DEFAULT_DATA_DIR

    for name in ("sections.toml", "provinces.toml", "countries.toml", "organizations.toml"):
        shutil.copy(DEFAULT_DATA_DIR / name, tmp_path / name)
    with (tmp_path / "organizations.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[organization]]\nname = "Bộ Văn hóa, Thể thao và Du lịch"\n'
            'slug = "bo-vhttdl"\nkind = "co-quan"\n'
        )
    with pytest.raises(ValueError, match="có dấu phẩy, cần 'short'"):
        load_reference_data(tmp_path)


def test_no_organization_is_named_by_its_acronym_in_another_case(reference):
    """ "Koica (KOICA)" was shown: a name that is the short name written in
    another case is a short name, not the organization's name."""
    for organization in reference.organizations:
        if organization.short and organization.name != organization.short:
            assert organization.name.casefold() != organization.short.casefold(), organization


def test_a_former_unit_is_named_as_written_or_by_its_own_name(reference):
    # "'Vũng Tàu' là tên tỉnh" called a city a province: Vũng Tàu is a
    # spelling that stands for the province Bà Rịa - Vũng Tàu.
    assert reference.as_former("Quảng Bình") == "'Quảng Bình' là tên tỉnh"
    assert reference.as_former("quảng bình") == "'quảng bình' là tên tỉnh"
    assert reference.as_former("Vũng Tàu") == "'Vũng Tàu' chỉ tỉnh Bà Rịa - Vũng Tàu"


@pytest.mark.parametrize(
    ("written", "slug", "former"),
    [
        ("Can Tho City", "can-tho", None),
        ("Hung Yen Province", "hung-yen", None),
        ("Hue City", "hue", None),
        # a former province, as an English text names it
        ("Thai Binh Province", "hung-yen", "Thai Binh"),
        ("Quang Binh Province", "quang-tri", "Quang Binh"),
    ],
)
def test_a_province_is_found_by_the_long_english_name_its_page_shows(
    reference, written, slug, former
):
    # An English article that wrote "Can Tho City", the heading of the
    # English province page, was refused without a suggestion.
    assert reference.province(written).found.slug == slug
    english = reference.localized("en")
    found = english.province(written).found
    if former is None:
        assert found.long_name == written
    else:  # shown as the former unit it names: "Thai Binh → Hung Yen"
        assert english.former_province(written).name == former


@pytest.mark.parametrize("written", ["Hanoi Province", "Can Tho Province", "Da Nang Province"])
def test_a_city_is_no_province_in_english(reference, written):
    assert reference.province(written).found is None
    assert reference.localized("en").province(written).found is None
