"""Why each related article was chosen: ``explain_related`` and ``make related``."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from plugins.related.engine import RelatedSettings, compute_related, document_terms, explain_related
from plugins.related.evaluation import load_articles

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "fixtures" / "related_eval" / "articles"


@pytest.fixture(scope="module")
def records():
    return load_articles(EVAL)


def test_explanations_follow_the_engine_list(records):
    related = compute_related(records)
    for record in records[::7]:
        reasons = explain_related(records, record.slug)
        assert [reason.slug for reason in reasons] == related[record.slug]
        scores = [reason.score for reason in reasons]
        assert scores == sorted(scores, reverse=True)


def test_score_parts_recompose_the_score(records):
    settings = RelatedSettings()
    by_slug = {r.slug: r for r in records}
    for record in records[::9]:
        for reason in explain_related(records, record.slug):
            other = by_slug[reason.slug]
            product = (
                reason.text * (1 + reason.boost) * reason.place * reason.partner * reason.recency
            )
            assert reason.pair == pytest.approx(product, abs=1e-8)
            total = reason.pair + settings.neighbour_weight * reason.support
            assert reason.score == pytest.approx(total, abs=1e-8)
            assert reason.slug not in reason.neighbours
            assert record.slug not in reason.neighbours
            assert len(reason.neighbours) <= settings.neighbours
            assert math.fsum(share for _, share in reason.terms) == pytest.approx(reason.text)
            shares = [share for _, share in reason.terms]
            assert shares == sorted(shares, reverse=True)
            # Every shared term is a term of both texts (read independently).
            own, theirs = document_terms(record, settings), document_terms(other, settings)
            assert all(term in own and term in theirs for term, _ in reason.terms)
            # The shared metadata, read from the two records themselves.
            expected = {
                *(f"p:{v}" for v in set(record.provinces) & set(other.provinces)),
                *(f"c:{v}" for v in set(record.countries) & set(other.countries)),
                *(f"o:{v}" for v in set(record.organizations) & set(other.organizations)),
                *(f"t:{v}" for v in set(record.tags) & set(other.tags)),
            }
            assert set(reason.shared) == expected
            apart = (
                record.provinces
                and other.provinces
                and not expected & {f"p:{v}" for v in record.provinces}
            )
            assert reason.place == (1 - settings.place_mismatch if apart else 1.0)
            strangers = (
                record.countries
                and other.countries
                and not expected & {f"c:{v}" for v in record.countries}
            )
            assert reason.partner == (1 - settings.country_mismatch if strangers else 1.0)
            days = abs((record.date - other.date).total_seconds()) / 86400
            assert reason.days == pytest.approx(days)


def test_without_neighbours_the_score_is_the_pair_score(records):
    settings = RelatedSettings(neighbour_weight=0)
    related = compute_related(records, settings)
    for record in records[::11]:
        reasons = explain_related(records, record.slug, settings)
        assert [r.slug for r in reasons] == related[record.slug]
        assert all(r.score == r.pair for r in reasons)


def test_neighbours_support_a_candidate_the_whole_story_resembles():
    """A candidate that only the article resembles (same partner, another
    event) falls behind one that the article's nearest others resemble too."""
    from plugins.related.evaluation import load_labels

    folder = EVAL.parent
    records, labels = load_articles(folder / "articles"), load_labels(folder / "labels.toml")
    alone = compute_related(records, RelatedSettings(neighbour_weight=0))
    together = compute_related(records)

    def hits(ranking):
        return sum(len(set(ranking[q][:3]) & rel) for q, rel in labels.items())

    assert hits(together) > hits(alone)


def test_pins_are_marked_and_first(records):
    query, first, second = records[0], records[40], records[50]
    pinned = replace(query, pinned=(second.slug, "khong-co", first.slug))
    reasons = explain_related([pinned, *records[1:]], query.slug)
    assert [r.slug for r in reasons[:2]] == [second.slug, first.slug]
    assert [r.pinned for r in reasons] == [True, True] + [False] * (len(reasons) - 2)


def test_unknown_slug(records):
    with pytest.raises(KeyError):
        explain_related(records, "khong-co-bai-nay")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plugins.related", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def test_make_related_prints_the_list_and_why():
    slug = "kieu-bao-tai-hoa-ky-quyen-gop-ho-tro-dong-bao-vung-bao-lu"
    assert (ROOT / "content" / "articles" / "2024" / f"{slug}.md").is_file()
    done = _run(slug)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Tin bài liên quan của “Kiều bào tại Hoa Kỳ")
    assert "Biên tập viên ghim (Related:)" in out  # the sample pins one article
    assert "Điểm " in out and "Từ chung: “" in out and "Cách nhau " in out
    assert out.rstrip().splitlines()[-1].startswith("5 bài (1 ghim) chọn trong ")
    # Every address printed is one a reader can open: /bai-viet/<an article's slug>/.
    articles = {path.stem for path in (ROOT / "content" / "articles").rglob("*.md")}
    addresses = re.findall(r"(?<![\w/])/[\w/-]+/", out)
    assert len(addresses) >= 6
    for address in addresses:
        assert re.fullmatch(r"/bai-viet/([\w-]+)/", address), address
        assert address.split("/")[2] in articles, address


def test_make_related_unknown_slug_suggests():
    done = _run("kieu-bao-tai-hoa-ky-quyen-gop")
    assert done.returncode == 2
    assert "không có bài nào có slug 'kieu-bao-tai-hoa-ky-quyen-gop'" in done.stderr
    assert "kieu-bao-tai-hoa-ky-quyen-gop-ho-tro-dong-bao-vung-bao-lu" in done.stderr


def test_make_related_without_a_slug_says_how():
    done = subprocess.run(
        ["make", "-s", "related"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode != 0
    assert "thiếu slug. Cách dùng: make related SLUG=" in done.stderr
