"""make audit's verdict on Lighthouse reports (scripts/audit.py), on small
reports shaped like Lighthouse 12's JSON."""

from __future__ import annotations

from scripts.audit import GOALS, lost_points, missed, scores


def report(performance, accessibility, practices=1.0, seo=1.0, audits=None) -> dict:
    return {
        "categories": {
            "performance": {"score": performance},
            "accessibility": {"score": accessibility},
            "best-practices": {"score": practices},
            "seo": {"score": seo},
        },
        "audits": audits or {},
    }


def test_the_goals_are_the_issues():
    assert GOALS == {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def test_scores_are_percentages_and_a_missing_score_is_zero():
    assert scores(report(0.984, 1.0, None, 0.5)) == {
        "performance": 98,
        "accessibility": 100,
        "best-practices": 0,
        "seo": 50,
    }


def test_a_page_misses_each_goal_below_it():
    assert missed(scores(report(0.98, 1.0))) == []
    assert missed(scores(report(0.97, 0.96))) == ["performance", "accessibility"]
    assert missed(scores(report(1.0, 1.0, 0.99, 1.0))) == ["best-practices"]


def test_lost_points_name_the_audits_that_cost_points():
    audits = {
        "link-name": {"score": 0, "scoreDisplayMode": "binary", "title": "Links have no name"},
        "color-contrast": {"score": 1, "scoreDisplayMode": "binary", "title": "ok"},
        "largest-contentful-paint": {
            "score": 0.91,
            "scoreDisplayMode": "numeric",
            "title": "Largest Contentful Paint",
        },
        "diagnostics": {"score": None, "scoreDisplayMode": "informative", "title": "info"},
    }
    assert lost_points(report(0.9, 0.96, audits=audits)) == [
        "link-name (0.00): Links have no name",
        "largest-contentful-paint (0.91): Largest Contentful Paint",
    ]


def test_the_audited_province_is_one_search_engines_may_index(tmp_path):
    from scripts.audit import first_indexable

    for slug, head in (
        ("an-giang", '<meta name="robots" content="noindex">'),  # empty province
        ("bac-ninh", '<meta http-equiv="refresh" content="0; url=/tinh/x/">'),  # redirect
        ("can-tho", ""),
    ):
        page = tmp_path / "tinh" / slug / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><head>{head}</head><body></body></html>", encoding="utf-8")
    assert first_indexable(tmp_path, "tinh/*/index.html") == "/tinh/can-tho/"
    assert first_indexable(tmp_path, "quoc-gia/*/index.html") is None
