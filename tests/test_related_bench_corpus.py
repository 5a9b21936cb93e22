"""The benchmark's synthetic corpus: deterministic, valid content files."""

from __future__ import annotations

from bench.corpus import MERGER, generate_corpus, write_markdown
from plugins.content_model.model import parse_datetime, read_header, split_list


def test_corpus_is_deterministic_and_unique(reference):
    first = generate_corpus(120, reference=reference)
    assert first == generate_corpus(120, reference=reference)
    assert first != generate_corpus(120, seed=7, reference=reference)
    assert len({a.slug for a in first}) == 120
    words = sorted(len(a.body.split()) for a in first)
    assert words[60] > 700  # ~800 syllables


def test_former_province_names_before_the_merger(reference):
    corpus = generate_corpus(400, reference=reference)
    current = {p.name for p in reference.provinces}
    former_used = [a for a in corpus if any(n not in current for n in a.provinces)]
    assert former_used and all(a.date < MERGER for a in former_used)
    for a in corpus:
        assert tuple(reference.province(n).found.slug for n in a.provinces) == a.province_slugs


def test_markdown_files_follow_the_content_model(tmp_path, reference):
    corpus = generate_corpus(40, reference=reference)
    paths = write_markdown(corpus, tmp_path)
    assert len(paths) == 40
    for article, path in zip(corpus, paths, strict=True):
        assert (
            path.relative_to(tmp_path).as_posix() == f"articles/{article.date:%Y}/{article.slug}.md"
        )
        header, problems = read_header(path.read_text(encoding="utf-8"))
        assert problems == []
        values = {h.key: h.value for h in header.lines}
        assert values["slug"] == article.slug
        assert parse_datetime(values["date"]) == article.date
        assert reference.section(values["category"]).found is not None
        assert len(values["summary"]) <= 300
        for name in split_list(values.get("organizations", "")):
            assert reference.organization(name).found is not None
        for name in split_list(values.get("countries", "")):
            assert reference.country(name).found is not None
