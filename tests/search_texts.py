"""Search texts for the search plugin's tests: one numbered article."""

from __future__ import annotations

from plugins.search.records import ArticleText


def numbered_text(number: int, **values: str) -> ArticleText:
    """Article ``number``'s search text (``values`` replace fields)."""
    fields = {
        "url": f"/bai-viet/bai-{number}/",
        "title": f"Đoàn đại biểu số {number} thăm Đà Nẵng",
        "date_iso": "2024-01-01T09:00:00+07:00",
        "date_label": "01/01/2024",
        "year": "2024",
        "body_html": f"<p>Đối ngoại nhân dân <b>{number}</b></p>",
    }
    return ArticleText(**{**fields, **values})
