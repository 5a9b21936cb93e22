"""The thin Pelican handler: records read from articles, attributes set back."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from plugins.related import attach_related, record_from_article
from plugins.related.engine import RelatedSettings
from plugins.vietnamese import VIETNAM_TZ

DAY0 = datetime(2025, 5, 1, 8, 0, tzinfo=VIETNAM_TZ)


def article(slug, title, day, section="huu-nghi", related_slugs=(), tags=()):
    return SimpleNamespace(
        slug=slug,
        title=title,
        metadata={"summary": title},
        _content=f"<p>{title} &amp; <strong>hữu nghị</strong></p>",
        date=DAY0 + timedelta(days=day),
        category=SimpleNamespace(slug=section),
        section=SimpleNamespace(slug=section),
        provinces=(SimpleNamespace(slug="nghe-an"),),
        countries=(),
        organizations=(),
        tags=[SimpleNamespace(name=t) for t in tags],
        series=None,
        status="published",
        related_slugs=tuple(related_slugs),
    )


def test_record_reads_plain_text_and_slugs():
    record = record_from_article(
        article("a", "Lưu học sinh Lào", 0, tags=("Lào",)), RelatedSettings()
    )
    assert record.body.split() == ["Lưu", "học", "sinh", "Lào", "&", "hữu", "nghị"]
    assert record.provinces == ("nghe-an",)
    assert record.tags == ("Lào",)
    assert record.section == "huu-nghi"


def test_attach_related_sets_article_attributes():
    lao = "Lưu học sinh Lào đón Tết Bunpimay tại Nghệ An"
    articles = [
        article("lao-1", lao, 0),
        article("lao-2", lao + " vui vẻ", 3),
        article("pin", "Hội nghị tổng kết", 1, related_slugs=("lao-2", "khong-ton-tai")),
        article("khac", "Tin kiều bào", 2, section="kieu-bao"),
    ]
    generator = SimpleNamespace(
        articles=articles, settings={"RELATED": {"max_related": 1, "other_news": 1}}
    )
    attach_related(generator)
    lao_1, lao_2, pin, khac = articles
    assert lao_1.related_articles == [lao_2]
    assert pin.related_articles == [lao_2]  # the pin; the unknown slug is skipped
    assert lao_1.other_news == [pin]  # newest of the section, not already related
    assert lao_2.other_news == [pin]
    assert lao_1.prev_in_section is None and lao_1.next_in_section is pin
    assert lao_2.prev_in_section is pin and lao_2.next_in_section is None
    assert khac.prev_in_section is None and khac.next_in_section is None and khac.other_news == []


def test_plugin_is_enabled_after_content_model():
    import pelicanconf

    plugins = pelicanconf.PLUGINS
    assert plugins.index("plugins.related") > plugins.index("plugins.content_model")
