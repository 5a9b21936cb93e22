"""Communes and wards (plugins.localities): our data against the field's libraries.

The oracles are the libraries themselves, read by their own public API
(``vietnam_provinces.Ward``/``Province``, ``vietnamadminunits.convert_address``
and ``database.get_data``), never through our gazetteer's indexes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from vietnam_provinces import Province as LibraryProvince
from vietnam_provinces import VietNamDivisionType, Ward
from vietnamadminunits import convert_address
from vietnamadminunits.database import get_data

from plugins.content_model import resolve_topics
from plugins.localities import before_reorganisation, split_localities
from plugins.reference import load_reference_data
from plugins.topics.pages import locality_groups
from plugins.vietnamese import name_key

ROOT = Path(__file__).resolve().parents[1]
PREFIX = re.compile(r"^(Tỉnh|Thành phố) ")


@pytest.fixture(scope="module")
def reference():
    return load_reference_data()


@pytest.fixture(scope="module")
def gazetteer(reference):
    return reference.localities


# --- matching ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Xã Hiệp Hoà", "xã hiệp hòa"),
        ("Thuỷ", "Thủy"),
        ("Xã  Bắc Đông Quan", "xã Bắc Đông Quan"),
        ("Xã Ea H’Leo", "xã Ea H'Leo"),
        ("Xã M’Drăḱ", "Xã M'Drắk"),
        ("Chân Mây – Lăng Cô", "Chân Mây - Lăng Cô"),
    ],
)
def test_name_key_ignores_case_spaces_and_tone_placement(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(("one", "other"), [("Đắk", "Dak"), ("Hòa", "Hóa"), ("Thuỷ", "Thụy")])
def test_name_key_keeps_every_other_diacritic(one, other):
    assert name_key(one) != name_key(other)


def test_split_localities_keeps_commas_inside_parentheses():
    value = "xã Nam Cường (huyện Tiền Hải, Thái Bình), phường Trần Hưng Đạo,  , xã Nam Cường (huyện Tiền Hải, Thái Bình)"
    assert split_localities(value) == [
        "xã Nam Cường (huyện Tiền Hải, Thái Bình)",
        "phường Trần Hưng Đạo",
    ]


def test_the_reorganisation_day_splits_the_two_maps():
    assert before_reorganisation(datetime(2025, 6, 30, 23, 59))
    assert not before_reorganisation(datetime(2025, 7, 1, 0, 0))


# --- our province data against the libraries ----------------------------------


def test_the_34_provinces_match_vietnam_provinces(reference):
    library = {int(p.code): p for p in LibraryProvince.iter_all()}
    ours = {p.code: p for p in reference.provinces}
    assert set(ours) == set(library)
    for code, province in ours.items():
        theirs = library[code]
        # "Thành phố Hồ Chí Minh" keeps its kind word (the name alone is the person's).
        assert province.name in (PREFIX.sub("", theirs.name), theirs.name), code
        expected = (
            "thành phố"
            if theirs.division_type is VietNamDivisionType.THANH_PHO_TRUNG_UONG
            else "tỉnh"
        )
        assert province.kind == expected, province.name


def test_the_63_former_provinces_map_as_vietnamadminunits_converts(reference):
    former = {row["province"] for row in get_data("province", "admin_units_legacy")}
    assert len(former) == 63
    ours_seen = set()
    for name in former:
        converted = convert_address(name)
        short = PREFIX.sub("", name)
        ours = reference.province(short).found
        assert ours is not None, name
        assert ours == reference.province(PREFIX.sub("", converted.province)).found, name
        ours_seen.add(ours.name)
    # Both ways: every current province is some former one's destination,
    # and every former unit our data lists is one the library knows.
    assert ours_seen == {p.name for p in reference.provinces}
    library_keys = {name_key(n) for n in former} | {name_key(PREFIX.sub("", n)) for n in former}
    # The library already calls Thừa Thiên Huế by its January 2025 name, Huế.
    library_keys.add(name_key("Thừa Thiên Huế"))
    for unit in reference.former_provinces:
        keys = {name_key(unit.name), *map(name_key, unit.aliases)}
        assert keys & library_keys, unit.name
    assert len(reference.former_provinces) == 63


# --- every unit resolves ----------------------------------------------------------


def test_the_two_libraries_agree_on_the_3321_current_units():
    provinces = {p.code: PREFIX.sub("", p.name) for p in LibraryProvince.iter_all()}
    one = {(provinces[w.province_code], name_key(w.name)) for w in Ward.iter_all()}
    rows = get_data(["province", "ward"], "admin_units")
    other = {(PREFIX.sub("", r["province"]), name_key(r["ward"])) for r in rows}
    assert len(one) == len(other) == 3321
    assert one == other


def test_every_current_unit_resolves_to_itself(gazetteer, reference):
    provinces = {p.code: p.name for p in LibraryProvince.iter_all()}
    wards = list(Ward.iter_all())
    assert len(wards) == 3321
    for ward in wards:
        province = reference.province(PREFIX.sub("", provinces[ward.province_code])).found
        item = f"{ward.name} ({province.name})"  # "Phường Trần Hưng Đạo (Hưng Yên)"
        result = gazetteer.resolve(item)
        assert result.found is not None, (item, result.problem)
        assert result.found.unit.code == int(ward.code), item
        assert result.found.province == province.name
        assert not result.found.is_former


def test_every_former_commune_resolves_to_what_vietnamadminunits_converts_it_to(
    gazetteer, reference
):
    rows = get_data(["province", "district", "ward"], "admin_units_legacy")
    communes = [r for r in rows if r["ward"]]
    assert len(communes) > 10_000
    for row in communes:
        item = f"{row['ward']} ({row['district']}, {row['province']})"
        result = gazetteer.resolve(item, before_2025=True)
        assert result.found is not None, (item, result.problem)
        expected = convert_address(f"{row['ward']}, {row['district']}, {row['province']}")
        assert (
            result.found.province
            == reference.province(PREFIX.sub("", expected.province)).found.name
        ), item
        assert name_key(result.found.unit.label) == name_key(expected.ward), item
        assert result.found.is_former


def test_every_former_district_resolves_to_its_province(gazetteer, reference):
    rows = get_data(["province", "district"], "admin_units_legacy")
    districts = {(r["district"], r["province"]) for r in rows}
    assert len(districts) > 690
    for district, province in districts:
        result = gazetteer.resolve(f"{district} ({province})", before_2025=True)
        assert result.found is not None, (district, result.problem)
        expected = reference.province(PREFIX.sub("", province)).found
        assert result.found.province == expected.name, district


# --- which map, which place --------------------------------------------------------


def test_a_former_ward_becomes_its_current_one(gazetteer):
    # The example: Phường Quang Trung, Thành phố Thái Bình → Phường Trần Hưng Đạo, Hưng Yên.
    result = gazetteer.resolve("phường Quang Trung (thành phố Thái Bình, Thái Bình)")
    assert result.found.unit.label == "phường Trần Hưng Đạo"
    assert result.found.province == "Hưng Yên"
    assert result.found.now == "nay là phường Trần Hưng Đạo, Hưng Yên"


def test_the_article_date_chooses_the_map(gazetteer):
    old = gazetteer.resolve("phường Trần Hưng Đạo", ["Thái Bình"], before_2025=True).found
    new = gazetteer.resolve("phường Trần Hưng Đạo", ["Hưng Yên"], before_2025=False).found
    assert old.is_former and old.former_place == "thành phố Thái Bình, Thái Bình"
    assert not new.is_former and new.unit.province == "Hưng Yên"


def test_the_articles_provinces_narrow_the_search(gazetteer):
    assert gazetteer.resolve("xã Nam Cường").found is None
    assert "có ở nhiều nơi" in gazetteer.resolve("xã Nam Cường").problem
    found = gazetteer.resolve("xã Nam Cường", ["Thái Bình"], before_2025=True).found
    assert found.province == "Hưng Yên" and found.former_place == "huyện Tiền Hải, Thái Bình"


def test_a_name_in_two_places_lists_them_with_a_way_to_pick_one(gazetteer):
    result = gazetteer.resolve("phường Trần Hưng Đạo")
    assert result.found is None
    assert "phường Trần Hưng Đạo (Hải Phòng)" in result.problem
    assert "phường Trần Hưng Đạo (Hưng Yên)" in result.problem


def test_a_name_found_only_elsewhere_suggests_a_place_only_when_there_is_one(gazetteer):
    """'xã Tân Phú' in a Thái Bình article: it is in many other provinces;
    naming the first of them ("có phải 'xã Tân Phú (Đồng Nai)'?") was a guess."""
    several = gazetteer.resolve("xã Tân Phú", ["Thái Bình"])
    assert several.found is None and "có ở:" in several.problem
    assert several.suggestion is None
    one = gazetteer.resolve("xã Kế Sách", ["Hà Nội"])
    assert one.found is None and one.suggestion == "xã Kế Sách (Cần Thơ)"


def test_a_misspelt_name_gets_a_suggestion(gazetteer):
    result = gazetteer.resolve("xã Ke Sach", ["Cần Thơ"])
    assert result.found is None and result.suggestion == "xã Kế Sách (Cần Thơ)"


def test_an_item_without_a_kind_word_is_refused(gazetteer):
    result = gazetteer.resolve("Kế Sách", ["Cần Thơ"])
    assert result.found is None and "thiếu loại đơn vị" in result.problem


def test_an_island_district_lives_on_as_a_special_zone(gazetteer):
    found = gazetteer.resolve("huyện Côn Đảo (Bà Rịa - Vũng Tàu)", before_2025=True).found
    assert found.unit is not None and found.unit.label == "đặc khu Côn Đảo"
    assert found.province == "Thành phố Hồ Chí Minh"


def test_a_centrally_run_city_is_not_a_locality(gazetteer):
    result = gazetteer.resolve("thành phố Huế")
    assert result.found is None and "ghi ở Provinces" in result.problem
    # … but a district-level city of the old map is one.
    assert gazetteer.resolve("thành phố Cao Bằng", before_2025=True).found.province == "Cao Bằng"


# --- the content model and the province pages ----------------------------------------


def test_a_locality_adds_its_province_to_the_article(reference):
    topics = resolve_topics(
        {
            "category": "Hữu nghị",
            "localities": "xã Kế Sách",
            "date": datetime(2026, 1, 5, 9, 0),
        },
        reference,
    )
    assert [p.name for p in topics.provinces] == ["Cần Thơ"]
    assert [loc.label for loc in topics.localities] == ["xã Kế Sách"]


def test_province_pages_group_former_names_under_the_current_unit(reference):
    def article(slug, localities, provinces, year):
        metadata = {
            "category": "Hữu nghị",
            "localities": localities,
            "provinces": provinces,
            "date": datetime(year, 3, 1),
        }
        return SimpleNamespace(
            slug=slug, date=metadata["date"], **vars(resolve_topics(metadata, reference))
        )

    old = article("cu", "phường Quang Trung (thành phố Thái Bình, Thái Bình)", "Thái Bình", 2020)
    new = article("moi", "phường Trần Hưng Đạo", "Hưng Yên", 2026)
    district = article("huyen", "huyện Tiền Hải", "Thái Bình", 2019)
    groups = locality_groups([old, new, district])["Hưng Yên"]
    assert [g.label for g in groups] == ["huyện Tiền Hải (Thái Bình cũ)", "phường Trần Hưng Đạo"]
    ward = groups[1]
    assert ward.anchor == "phuong-tran-hung-dao"
    assert ward.former == ("phường Quang Trung (thành phố Thái Bình, Thái Bình)",)
    assert [a.slug for a in ward.articles] == ["moi", "cu"]

    # Hà Nội was not merged: its abolished district is not of a "Hà Nội cũ".
    hoan_kiem = article("hk", "quận Hoàn Kiếm (Hà Nội)", "Hà Nội", 2019)
    (group,) = locality_groups([hoan_kiem])["Hà Nội"]
    assert group.label == "quận Hoàn Kiếm (Hà Nội, trước 1/7/2025)"


def test_the_former_unit_library_is_loaded_only_when_a_name_needs_it():
    code = (
        "import sys\n"
        "from plugins.reference import load_reference_data\n"
        "g = load_reference_data().localities\n"
        "assert g.resolve('phường Trần Hưng Đạo (Hưng Yên)').found\n"
        "print('former_units' in vars(g), 'vietnam_provinces' in sys.modules)\n"
        "assert g.resolve('xã Nam Cường', ['Thái Bình'], True).found\n"
        "print('former_units' in vars(g), 'vietnamadminunits' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    # The old map is read on the first name that needs it, from the library's
    # data files: its package (shapely, geopy, numpy) is never imported.
    assert result.stdout.split() == ["False", "True", "True", "False"]


# --- names in running text (the importer) ------------------------------------------


def _as_written(unit: str) -> str:
    """ "Xã é Tòng" as a journalist writes it: kind word in lower case, each
    word of the name capitalised ("Nông trường" keeps its lower-case word)."""
    match = re.match(
        r"^(Thị trấn|Thị xã|Thành phố|Xã|Phường|Huyện|Quận|Đặc khu) (.+)$", unit, re.IGNORECASE
    )
    kind, name = match.groups()
    words = (w if w == "trường" else w[:1].upper() + w[1:] for w in name.split())
    return f"{kind.lower()} {' '.join(words)}"


def test_every_former_commune_named_in_a_sentence_is_found(gazetteer, reference):
    """The importer reads "tại xã X, huyện Y, tỉnh Z" in a 2020 article as
    the unit vietnamadminunits converts that address to."""
    from plugins.importer.convert import find_localities

    rows = get_data(["province", "district", "ward"], "admin_units_legacy")
    missed = []
    for row in (r for r in rows if r["ward"]):
        province = PREFIX.sub("", row["province"])
        text = (
            f"Sáng 5/3, tại {_as_written(row['ward'])}, {_as_written(row['district'])}, "
            f"tỉnh {province}, đoàn đã trao quà cho bà con."
        )
        items, _ = find_localities([text], (province,), datetime(2020, 3, 5), gazetteer)
        expected = convert_address(f"{row['ward']}, {row['district']}, {row['province']}")
        found = [gazetteer.resolve(i, (province,), True).found for i in items]
        if not any(
            f is not None
            and f.unit is not None
            and name_key(f.unit.label) == name_key(expected.ward)
            and f.province == reference.province(PREFIX.sub("", expected.province)).found.name
            for f in found
        ):
            missed.append(text)
    assert len(rows) > 10_000
    assert missed == []


def test_every_current_unit_named_in_a_sentence_is_found(gazetteer, reference):
    from plugins.importer.convert import find_localities

    provinces = {p.code: PREFIX.sub("", p.name) for p in LibraryProvince.iter_all()}
    missed = []
    for ward in Ward.iter_all():
        province = reference.province(provinces[ward.province_code]).found.name
        text = f"Ngày 2/9, tại {_as_written(ward.name)}, {province} đã diễn ra lễ trao quà."
        items, _ = find_localities([text], (province,), datetime(2026, 9, 2), gazetteer)
        found = [gazetteer.resolve(i, (province,), False).found for i in items]
        if not any(f is not None and f.unit and f.unit.code == int(ward.code) for f in found):
            missed.append(text)
    assert missed == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "tại xã Giao Thiện, huyện Giao Thủy và thị trấn Quất Lâm.",
            ["xã Giao Thiện (huyện Giao Thủy)", "thị trấn Quất Lâm"],
        ),
        ("Chủ tịch UBND xã Giao Thiện Nguyễn Văn Hùng cho biết", ["xã Giao Thiện"]),
        ("xã hội hóa ở các phường, xã và thị xã", []),
        ("Phường 3, Quận 10", ["phường 3 (quận 10)"]),
        ("phường Tiền Phong, thành phố Thái Bình", ["phường Tiền Phong (thành phố Thái Bình)"]),
        ("thành phố Hải Phòng và thành phố Thái Bình", []),
        ("xã Đông Trà thuộc huyện Tiền Hải", ["xã Đông Trà (huyện Tiền Hải)"]),
        (
            "xã Ch'ơm và thị trấn Nông trường Mộc Châu",
            ["xã Ch'ơm", "thị trấn Nông trường Mộc Châu"],
        ),
    ],
)
def test_mentions_in_text(text, expected, gazetteer):
    """What the text names, each read once; a name cut before a family name
    is what resolves."""
    from plugins.localities.mentions import locality_mentions

    got = []
    for mention in locality_mentions(text):
        items = list(mention.items())
        found = next(
            (i for i in items if gazetteer.resolve(i, ("Nam Định",), True).found is not None),
            items[0],
        )
        got.append(found)
    assert got == expected


def test_one_unit_written_two_ways_is_one_locality(reference):
    # Listed twice on the article and its province page, unreported.
    topics = resolve_topics(
        {
            "category": "Hữu nghị",
            "localities": "phường Thuận Hóa, phường Thuận Hoá, phường Sài Gòn (TP HCM),"
            " phường Sài Gòn (Thành phố Hồ Chí Minh)",
            "date": datetime(2026, 3, 1),
        },
        reference,
    )
    assert [(loc.label, loc.province) for loc in topics.localities] == [
        ("phường Thuận Hóa", "Huế"),
        ("phường Sài Gòn", "Thành phố Hồ Chí Minh"),
    ]
