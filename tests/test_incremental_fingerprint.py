"""Pure functions of plugins/incremental: fingerprints, what a page shows, reuse, state."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pytest

from plugins.buildkit.digest import Unrepresentable, canonical, digest
from plugins.incremental.fingerprint import (
    BuildState,
    PageRecord,
    changed_contents,
    normal_url,
    page_fingerprint,
    parse_record_lines,
    parse_state,
    path_placeholder,
    prefix_replacer,
    record_line,
    reusable,
    shown_keys,
    state_text,
    url_pattern,
)


@dataclass
class Province:
    name: str
    slug: str


class FakeArticle:
    """Stands for a content object: the hook below recognises it."""

    def __init__(self, slug: str, body: str) -> None:
        self.slug = slug
        self.body = body


def article_text(value, top):
    if isinstance(value, FakeArticle):
        return f"full:{value.slug}:{value.body}" if top else f"ref:{value.slug}"
    return None


class Holder:
    def __init__(self, **attributes) -> None:
        vars(self).update(attributes)


def test_canonical_ignores_mapping_and_set_order():
    assert canonical({"b": 1, "a": {3, 1, 2}}) == canonical({"a": {2, 3, 1}, "b": 1})
    assert canonical([1, 2]) != canonical([2, 1])
    assert canonical((1,)) != canonical([1])


def test_canonical_tells_values_and_types_apart():
    assert canonical("1") != canonical(1)
    assert canonical(True) != canonical(1)
    assert canonical(dt.date(2025, 1, 2)) != canonical(dt.date(2025, 1, 3))
    assert canonical(b"ab") != canonical(b"ac")


def test_canonical_walks_dataclasses_and_objects_without_settings():
    one = Holder(name="Cần Thơ", settings={"X": 1}, _context={"huge": 1})
    two = Holder(name="Cần Thơ", settings={"X": 2}, _context={"huge": 2})
    assert canonical(one) == canonical(two)  # settings and context are skipped
    assert canonical(Holder(name="Huế")) != canonical(one)
    assert canonical(Province("Huế", "hue")) != canonical(Province("Huế", "thua-thien-hue"))


def test_canonical_names_functions_and_partials():
    assert canonical(len) == canonical(len)
    assert "builtins.len" in canonical(len)
    assert canonical(functools.partial(max, 1)) != canonical(functools.partial(max, 2))
    assert canonical(functools) == "module:functools"


def test_canonical_refuses_values_with_an_address():
    class Opaque:
        __slots__ = ()

    with pytest.raises(Unrepresentable):
        canonical([Opaque()])


def test_canonical_survives_cycles():
    node = Holder(name="a")
    node.me = node
    assert "<cycle>" in canonical(node)


def test_content_objects_full_on_top_references_inside():
    article = FakeArticle("a", "body 1")
    assert canonical(article, article_text) == "full:a:body 1"
    edited = FakeArticle("a", "body 2")
    assert canonical(article, article_text) != canonical(edited, article_text)
    # in a list (a listing page): only which article, not its body
    assert canonical([article], article_text) == canonical([edited], article_text)
    assert canonical([article], article_text) != canonical([FakeArticle("b", "")], article_text)


def test_strings_hook_rewrites_paths():
    replace = prefix_replacer({"content": "/tmp/site-1/content"})
    assert replace("/tmp/site-1/content/articles/a.md") == "<content>/articles/a.md"
    assert replace("/tmp/site-1/content") == "<content>"
    assert replace("/tmp/site-10/x") == "/tmp/site-10/x"
    one = canonical({"p": "/tmp/site-1/content/a.md"}, strings=replace)
    other = canonical(
        {"p": "/tmp/site-2/content/a.md"},
        strings=prefix_replacer({"content": "/tmp/site-2/content"}),
    )
    assert one == other
    assert path_placeholder("/srv/x/data") == "<path>"
    assert path_placeholder("data/x.csv") == "data/x.csv"


def test_page_fingerprint_depends_on_every_part():
    base = page_fingerprint("site", "article", "bai-viet/a/index.html", {"article": "x"})
    assert base == page_fingerprint("site", "article", "bai-viet/a/index.html", {"article": "x"})
    for changed in (
        page_fingerprint("site2", "article", "bai-viet/a/index.html", {"article": "x"}),
        page_fingerprint("site", "page", "bai-viet/a/index.html", {"article": "x"}),
        page_fingerprint("site", "article", "bai-viet/b/index.html", {"article": "x"}),
        page_fingerprint("site", "article", "bai-viet/a/index.html", {"article": "y"}),
        page_fingerprint("site", "article", "bai-viet/a/index.html", {"article": "x", "n": "1"}),
    ):
        assert changed != base
    assert digest("ab", "c") != digest("a", "bc")


URLS = {
    "bai-viet/mot/": "Article:a/mot.md",
    "bai-viet/hai/": "Article:a/hai.md",
    "gioi-thieu/": "Page:pages/gioi-thieu.md",
}


def test_shown_keys_finds_links_in_every_form():
    html = (
        '<a href="/bai-viet/mot/">1</a>'
        '<a href="https://site.example/bai-viet/hai/index.html#top">2</a>'
        "<a href='/gioi-thieu/'>3</a>"
        '<a href="/chuyen-muc/x/">not content</a>'
        '<a href="https://other.example/bai-viet/mot/">elsewhere</a>'
    )
    assert shown_keys(html, URLS, "https://site.example") == set(URLS.values())
    assert shown_keys('<a href="https://other.example/bai-viet/mot/">x</a>', URLS, "") == set()


def test_shown_keys_finds_article_urls_anywhere_with_the_pattern():
    pattern = url_pattern("bai-viet/{slug}/")
    text = '<script type="application/ld+json">{"url": "https://s/bai-viet/hai/"}</script>'
    assert shown_keys(text, URLS, "", []) == set()
    assert shown_keys(text, URLS, "", [pattern]) == {"Article:a/hai.md"}
    assert url_pattern("{slug}/") is None
    assert url_pattern("{date:%Y}/{slug}/") is None
    assert url_pattern("bai-viet/{slug}.html").search("x bai-viet/mot.html y")


def test_normal_url():
    assert normal_url("/bai-viet/mot/index.html?x=1", "") == "bai-viet/mot/"
    assert normal_url("https://s.example/bai-viet/mot/", "https://s.example") == "bai-viet/mot/"
    assert normal_url("https://x.example/bai-viet/mot/", "https://s.example") == ""


def test_changed_contents_counts_edits_and_removals_not_additions():
    previous = {"a": "1", "b": "2", "c": "3"}
    current = {"a": "1", "b": "9", "d": "4"}
    assert changed_contents(previous, current) == {"b", "c"}


def test_reusable_needs_equal_fingerprint_and_unchanged_shown_content():
    record = PageRecord("x/index.html", "fp", ("a", "b"))
    state = BuildState({"a": "1", "b": "2"}, {"x/index.html": record})
    assert reusable(state, "x/index.html", "fp", frozenset()) == record
    assert reusable(state, "x/index.html", "fp", frozenset({"c"})) == record
    assert reusable(state, "x/index.html", "fp", frozenset({"b"})) is None
    assert reusable(state, "x/index.html", "other", frozenset()) is None
    assert reusable(state, "y/index.html", "fp", frozenset()) is None
    assert reusable(None, "x/index.html", "fp", frozenset()) is None


def test_state_round_trip_is_deterministic():
    contents = {"b": "2", "a": "1"}
    records = [PageRecord("z.html", "f2", ("b", "a")), PageRecord("a.html", "f1", ())]
    text = state_text(contents, records)
    assert text == state_text(dict(reversed(contents.items())), list(reversed(records)))
    state = parse_state(text)
    assert state.contents == {"a": "1", "b": "2"}
    assert state.pages["z.html"] == PageRecord("z.html", "f2", ("a", "b"))
    assert state.pages["a.html"].shows == ()


def test_state_drops_pages_that_showed_unknown_content():
    text = state_text({"a": "1"}, [PageRecord("x.html", "f", ("a", "gone"))])
    assert parse_state(text).pages == {}


@pytest.mark.parametrize("text", ["", "{", "[]", '{"version": 99}', '{"version": 1}'])
def test_corrupt_state_is_no_state(text):
    assert parse_state(text) is None


def test_shard_lines_round_trip_and_skip_a_torn_line():
    records = [PageRecord("a.html", "f", ("k",), True), PageRecord("b.html", "g", (), False)]
    lines = [record_line(r) + "\n" for r in records] + ['["c.html", "h", [']
    assert parse_record_lines(lines) == records


def test_memo_reuses_long_list_texts_by_identity_only():
    long = list(range(100))
    memo: dict = {}
    first = canonical({"a": long}, memo=memo)
    assert canonical({"b": long}, memo=memo).endswith(first.split(":", 1)[1])
    long.append(100)  # a changed length is noticed
    assert canonical(long, memo=memo) == canonical(list(range(101)))
    assert canonical(list(range(101)), memo=memo) == canonical(long, memo=memo)


def test_prefix_replacer_prefers_the_longest_root_and_leaves_other_text_alone():
    replace = prefix_replacer({"site": "/srv/site", "content": "/srv/site/content"})
    assert replace("/srv/site/content/a.md") == "<content>/a.md"
    assert replace("/srv/site/theme/x.html") == "<site>/theme/x.html"
    assert replace("/srv/site/content") == "<content>"
    assert replace("Hà Nội /srv/site") == "Hà Nội /srv/site"
    assert prefix_replacer({})("/srv/site") == "/srv/site"
