"""The related-articles engine: pins, exclusions, metadata, determinism, text terms."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from plugins.related import record_from_article
from plugins.related.engine import (
    ArticleRecord,
    RelatedSettings,
    compute_related,
    document_terms,
    other_news,
    related_settings,
    section_neighbours,
    sections_newest_first,
    syllables,
)
from plugins.vietnamese import VIETNAM_TZ

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DAY0 = datetime(2025, 3, 1, 9, 0, tzinfo=VIETNAM_TZ)


def record(slug: str, text: str, days: int = 0, **fields) -> ArticleRecord:
    return ArticleRecord(
        slug=slug,
        title=text,
        summary=text,
        body=text,
        date=DAY0 + timedelta(days=days),
        section=fields.pop("section", "huu-nghi"),
        **fields,
    )


FLOOD = "Cứu trợ đồng bào vùng lũ Quảng Bình, trao nhà tránh lũ và giếng nước sạch"
SCHOOL = "Khánh thành điểm trường bán trú cho học sinh vùng cao Cao Bằng"
CUBA = "Quyên góp gạo và sữa ủng hộ nhân dân Cuba anh em"


@pytest.fixture()
def corpus() -> list[ArticleRecord]:
    return [
        record("lu-1", FLOOD, 0),
        record("lu-2", FLOOD + " giai đoạn hai", 10),
        record("lu-3", FLOOD + " tổng kết", 20),
        record("truong-1", SCHOOL, 1),
        record("truong-2", SCHOOL + " năm học mới", 11),
        record("cuba-1", CUBA, 2),
        record("cuba-2", CUBA + " chuyến hàng thứ hai", 12),
    ]


def test_related_by_text_never_itself(corpus):
    related = compute_related(corpus)
    assert set(related["lu-1"][:2]) == {"lu-2", "lu-3"}
    assert related["truong-1"][0] == "truong-2"
    assert related["cuba-2"][0] == "cuba-1"
    for slug, chosen in related.items():
        assert slug not in chosen
        assert len(chosen) == len(set(chosen)) <= 5


def test_pins_come_first_in_editor_order_unknown_and_self_ignored(corpus):
    corpus[0] = replace(
        corpus[0], pinned=("cuba-2", "khong-co-bai-nay", "lu-1", "truong-1", "cuba-2")
    )
    chosen = compute_related(corpus)["lu-1"]
    assert chosen[:2] == ["cuba-2", "truong-1"]
    assert "khong-co-bai-nay" not in chosen and "lu-1" not in chosen
    assert set(chosen[2:4]) == {"lu-2", "lu-3"}  # then the best scores, pins not repeated
    assert chosen.count("cuba-2") == 1


def test_pins_fill_the_list(corpus):
    pins = ("cuba-1", "cuba-2", "truong-1", "truong-2", "lu-3", "lu-2")
    corpus[0] = replace(corpus[0], pinned=pins)
    assert compute_related(corpus)["lu-1"] == list(pins[:5])
    assert compute_related(corpus, RelatedSettings(max_related=2))["lu-1"] == list(pins[:2])


def test_drafts_are_never_related_even_when_pinned(corpus):
    corpus.append(record("lu-nhap", FLOOD, 1, is_draft=True))
    corpus[0] = replace(corpus[0], pinned=("lu-nhap",))
    related = compute_related(corpus)
    assert all("lu-nhap" not in chosen for chosen in related.values())
    assert related["lu-nhap"][0] == "lu-1"  # a draft may still be previewed


def test_metadata_breaks_a_text_tie(corpus):
    corpus += [
        record("a-cung-chu-de", CUBA, 5, organizations=("khac",)),
        record("b-cung-chu-de", CUBA, 5, organizations=("hoi-huu-nghi-viet-nam-cuba",)),
    ]
    corpus[5] = replace(corpus[5], organizations=("hoi-huu-nghi-viet-nam-cuba",))
    chosen = compute_related(corpus)["cuba-1"]
    assert chosen.index("b-cung-chu-de") < chosen.index("a-cung-chu-de")


def test_recency_prefers_the_closer_article():
    records = [
        record("goc", SCHOOL, 0),
        record("xa", SCHOOL, -900),
        record("gan", SCHOOL, 30),
    ]
    assert compute_related(records)["goc"] == ["gan", "xa"]


def test_ties_broken_by_date_then_slug():
    records = [
        record("goc", CUBA, 0),
        record("c", CUBA, 3),
        record("b", CUBA, -3),  # same distance in time as c: same score, older
        record("a", CUBA, 3),  # same score and date as c: slug order
    ]
    assert compute_related(records)["goc"] == ["a", "c", "b"]


def test_same_series_scores_higher():
    records = [
        record("ky-1", CUBA, 0, series="Nghĩa tình Việt Nam – Cuba"),
        record("ngoai-loat", CUBA, 1),
        record("ky-2", CUBA + " gửi tặng", 60, series="Nghĩa tình Việt Nam – Cuba"),
    ]
    assert compute_related(records)["ky-1"][0] == "ky-2"


def test_former_province_counts_as_its_current_unit(reference):
    from plugins.content_model import resolve_topics

    def article(slug: str, province: str, day: int):
        topics = resolve_topics({"category": "Địa phương", "provinces": province}, reference)
        return SimpleNamespace(
            slug=slug,
            title="Đoàn công tác làm việc về vận động viện trợ",
            metadata={"summary": "Buổi làm việc về vận động viện trợ phi chính phủ."},
            _content="<p>Hai bên trao đổi về dự án nước sạch và sinh kế.</p>",
            date=DAY0 + timedelta(days=day),
            category=SimpleNamespace(slug="dia-phuong"),
            tags=[],
            status="published",
            **{
                f: getattr(topics, f)
                for f in (
                    "section",
                    "provinces",
                    "countries",
                    "organizations",
                    "series",
                    "related_slugs",
                )
            },
        )

    settings = RelatedSettings()
    query = record_from_article(article("can-tho-2025", "Cần Thơ", 200), settings)
    former = record_from_article(article("b-soc-trang-2024", "Sóc Trăng", 10), settings)
    other = record_from_article(article("a-ha-noi-2024", "Hà Nội", 10), settings)
    assert former.provinces == query.provinces == ("can-tho",)
    # Same text, same date: only the shared (current) province can put b before a.
    assert compute_related([query, former, other])[query.slug] == [former.slug, other.slug]


def test_bigrams_stop_syllables_and_punctuation():
    assert syllables("Hữu Nghị, và HỢP TÁC") == ["hữu", "nghị", "\x00", "\x00", "hợp", "tác"]
    terms = document_terms(
        record("x", "Đối ngoại nhân dân: hữu nghị và hợp tác"), RelatedSettings()
    )
    assert {"hữu nghị", "nhân dân", "đối ngoại", "hợp tác", "hữu", "cuba"} - set(terms) == {"cuba"}
    assert "dân hữu" not in terms  # no bigram across the colon
    assert "nghị hợp" not in terms  # nor across a stop syllable ("và")
    title_weight = RelatedSettings().title_weight
    assert terms["hữu nghị"] == title_weight + 1 + 1  # title × weight, summary, body


def test_fields_weights_and_body_unigrams():
    article = replace(
        record("x", "Khánh thành trường học"),
        summary="Trao học bổng cho sinh viên",
        body="Đoàn thăm hỏi gia đình chính sách. " + "Lời cảm ơn " * 200,
    )
    settings = RelatedSettings(body_chars=40)
    terms = document_terms(article, settings)
    assert terms["khánh thành"] == terms["khánh"] == settings.title_weight
    assert terms["học bổng"] == terms["bổng"] == settings.summary_weight
    assert terms["thăm hỏi"] == terms["hỏi"] == 1
    assert "cảm ơn" not in terms  # past body_chars
    bigrams_only = document_terms(article, replace(settings, body_unigrams=0))
    assert "thăm hỏi" in bigrams_only and "hỏi" not in bigrams_only
    assert bigrams_only["bổng"] == 1  # the title and summary keep their syllables


def test_names_count_more():
    """Two capitalised syllables in a row are a name: the event's who and where."""
    article = record("x", "Đoàn Nhật Bản thăm nhà văn hóa ở Quảng Trị")
    plain = document_terms(article, RelatedSettings(entity_weight=0))
    named = document_terms(article, RelatedSettings(entity_weight=2))
    assert named["nhật bản"] == plain["nhật bản"] + 2 * 3  # title, summary and body
    assert named["quảng trị"] == plain["quảng trị"] + 2 * 3
    assert named["văn hóa"] == plain["văn hóa"]  # not capitalised: not a name
    assert named["đoàn nhật"] == plain["đoàn nhật"] + 2 * 3  # (capitalised too)


def test_separator_characters_in_the_text_do_not_shift_fields():
    tricky = replace(record("x", "Hữu nghị"), summary="a \x01 b \x02 c", body="Hợp tác")
    settings = RelatedSettings()
    terms = document_terms(tricky, settings)
    assert terms["hữu nghị"] == settings.title_weight and terms["hợp tác"] == 1


def test_nfc_and_case_are_normalised():
    decomposed = "Hu\u031b\u0303u nghi\u0323"  # "Hữu nghị" in NFD
    assert syllables(decomposed) == syllables("HỮU NGHỊ") == ["hữu", "nghị"]


def test_deterministic_regardless_of_input_order(corpus):
    forward = compute_related(corpus)
    backward = compute_related(list(reversed(corpus)))
    assert forward == backward


def test_deterministic_across_hash_seeds():
    script = (
        "import json; from plugins.related.evaluation import load_articles;"
        "from plugins.related.engine import compute_related;"
        "print(json.dumps(compute_related(load_articles('tests/fixtures/related_eval/articles'))))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": ROOT}
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]


def test_other_news_newest_of_section_without_related_or_self():
    records = [record(f"bai-{i}", f"Tin số {i}", i) for i in range(10)]
    records.append(record("khac-muc", "Tin mục khác", 50, section="kieu-bao"))
    records.append(record("nhap", "Bản nháp", 60, is_draft=True))
    sections = sections_newest_first(records)
    article = records[9]
    chosen = other_news(article, sections["huu-nghi"], exclude=["bai-8", "bai-6"], count=4)
    assert [r.slug for r in chosen] == ["bai-7", "bai-5", "bai-4", "bai-3"]
    assert "nhap" not in {r.slug for m in sections.values() for r in m}


def test_previous_and_next_within_the_section():
    records = [
        record("cu", "a", 0),
        record("giua", "b", 5),
        record("moi", "c", 9),
        record("muc-khac", "d", 6, section="kieu-bao"),
    ]
    around = section_neighbours(records)
    assert (around["giua"].previous, around["giua"].next) == ("cu", "moi")
    assert (around["cu"].previous, around["moi"].next) == (None, None)
    assert (around["muc-khac"].previous, around["muc-khac"].next) == (None, None)


def test_settings_merge_and_validation():
    assert related_settings(None) == RelatedSettings()
    assert related_settings({"max_related": 3}).max_related == 3
    assert related_settings({"max_related": 3}).other_news == RelatedSettings().other_news
    with pytest.raises(ValueError, match="khóa không hợp lệ"):
        related_settings({"max_count": 3})
    with pytest.raises(ValueError, match="số không âm"):
        related_settings({"tag_weight": -1})


def _oracle_pair(scorer, one, other, settings: RelatedSettings) -> float:
    """The documented pair score, computed the plain way: dict intersection,
    set intersection, Python floats (see ``_Matrix``)."""
    text = sum(one.vector[t] * other.vector[t] for t in one.vector.keys() & other.vector.keys())
    shared = one.meta & other.meta
    boost = min(sum(scorer.meta_weight[key] for key in shared), settings.metadata_cap)
    total = text * (1.0 + boost)
    (own_p, own_c), (p, c) = one.places, other.places
    if own_p and p and own_p.isdisjoint(p):
        total *= 1.0 - settings.place_mismatch
    if own_c and c and own_c.isdisjoint(c):
        total *= 1.0 - settings.country_mismatch
    days = abs(one.stamp - other.stamp) / 86400.0
    weight = settings.recency_weight
    return total * ((1.0 - weight) + weight * 0.5 ** (days / settings.recency_half_life_days))


def test_pair_scores_of_the_array_scorer_match_the_plain_formula():
    from plugins.related.engine import _Scorer

    texts = [FLOOD, SCHOOL, CUBA, FLOOD + " " + CUBA, SCHOOL + " tại Cuba"]
    records = [
        record(
            f"bai-{i}",
            texts[i % len(texts)] + f" lần thứ {i}",
            days=i * 7,
            provinces=(("quang-tri",), ("cao-bang",), (), ("quang-tri", "hue"))[i % 4],
            countries=(("cuba",), (), ("nhat-ban",))[i % 3],
            organizations=(("unicef",), ())[i % 2],
            tags=(("cứu trợ", "hữu nghị"), ("hữu nghị",), ())[i % 3],
            series="lu" if i % 5 == 0 else None,
            is_draft=i in (3, 8),
        )
        for i in range(12)
    ]
    settings = replace(RelatedSettings(), workers=1)
    scorer = _Scorer([r for r in records if not r.is_draft], settings)
    matrix, rows = scorer.rows(records)
    pairs = [(a.slug, b.slug) for a in records for b in records if a is not b and not b.is_draft]
    got = matrix.score([rows[a] for a, _ in pairs], [rows[b] for _, b in pairs])
    by_slug = {r.slug: r for r in records}
    nonzero = 0
    for (a, b), value in zip(pairs, got, strict=True):
        expected = _oracle_pair(
            scorer, scorer.profile(by_slug[a]), scorer.profile(by_slug[b]), settings
        )
        assert value == pytest.approx(expected, abs=2e-9), (a, b)
        nonzero += expected > 0.01
    assert nonzero > len(pairs) // 2  # the texts do overlap: not a test of zeros
