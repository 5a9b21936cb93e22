"""plugins.listings: the same listings as Pelican's quadratic loops, in linear time."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from operator import attrgetter
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from plugins.listings import build_period_archives, install, write_groups
from plugins.listings.groups import members_in_order, period_groups


class Item:
    """Like Pelican's content objects: no ``__eq__`` (identity)."""

    def __init__(self, date: datetime) -> None:
        self.date = date

    def __repr__(self) -> str:
        return f"Item({self.date:%Y-%m-%d %H:%M%z})"


POOL = st.lists(
    st.datetimes(min_value=datetime(2019, 12, 25), max_value=datetime(2021, 1, 5)).map(Item),
    min_size=1,
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(POOL, st.data())
def test_members_in_order_is_the_comprehension(pool, data):
    order = data.draw(st.lists(st.sampled_from(pool), max_size=40))  # repeats allowed
    members = data.draw(st.lists(st.sampled_from(pool), max_size=40))
    expected = [item for item in order if item in members]
    assert members_in_order(order, members) == expected
    assert [id(x) for x in members_in_order(order, members)] == [id(x) for x in expected]


@settings(max_examples=200, deadline=None)
@given(POOL, st.data(), st.sampled_from(["year", "month", "day"]))
def test_period_groups_are_pelicans_groupby(pool, data, granularity):
    key = {
        "year": attrgetter("date.year"),
        "month": attrgetter("date.year", "date.month"),
        "day": attrgetter("date.year", "date.month", "date.day"),
    }[granularity]
    articles = data.draw(st.lists(st.sampled_from(pool), max_size=40))
    if data.draw(st.booleans()):
        dates = sorted(articles, key=attrgetter("date"), reverse=data.draw(st.booleans()))
    else:  # any order, repeats: groups that come back are new groups
        dates = data.draw(st.lists(st.sampled_from(pool), max_size=40))
    from itertools import groupby

    expected = []
    for period, run in groupby(dates, key=key):
        run = list(run)
        expected.append((period, run, [a for a in articles if a in run]))
    got = period_groups(dates, articles, key)
    assert [(p, [id(x) for x in r], [id(x) for x in m]) for p, r, m in got] == [
        (p, [id(x) for x in r], [id(x) for x in m]) for p, r, m in expected
    ]


def _settings(**extra) -> dict:
    values = copy.deepcopy(DEFAULT_CONFIG)
    values.update(
        YEAR_ARCHIVE_SAVE_AS="luu-tru/{date:%Y}/index.html",
        YEAR_ARCHIVE_URL="luu-tru/{date:%Y}/",
        MONTH_ARCHIVE_SAVE_AS="luu-tru/{date:%Y}/{date:%m}/index.html",
        MONTH_ARCHIVE_URL="luu-tru/{date:%Y}/{date:%m}/",
        DAY_ARCHIVE_SAVE_AS="luu-tru/{date:%Y}/{date:%m}/{date:%d}/index.html",
        DAY_ARCHIVE_URL="luu-tru/{date:%Y}/{date:%m}/{date:%d}/",
    )
    values.update(extra)
    return values


def _items(count: int) -> list[Item]:
    zone = timezone(timedelta(hours=7))
    start = datetime(2024, 12, 20, 8, tzinfo=zone)
    return [Item(start + timedelta(hours=17 * n)) for n in range(count)]


def _plain(archives: dict) -> dict:
    def one(archive: dict) -> dict:
        return {
            k: [id(x) for x in v] if k in ("dates", "articles") else v for k, v in archive.items()
        }

    return {g: [one(a) for a in found] for g, found in archives.items()}


def test_period_archives_equal_pelicans_for_every_granularity():
    articles = _items(90)
    dates = sorted(articles, key=attrgetter("date"), reverse=True)
    found = []
    for extra in ({}, {"DAY_ARCHIVE_SAVE_AS": ""}, {"YEAR_ARCHIVE_SAVE_AS": ""}):
        values = _settings(**extra)
        expected = ArticlesGenerator._build_period_archives(None, dates, articles, values)
        got = build_period_archives(dates, articles, values)
        assert _plain(got) == _plain(expected)
        assert got["none"] == []  # a defaultdict, as Pelican's
        found.append(set(got) - {"none"})
    assert found == [{"year", "month", "day"}, {"year", "month"}, {"month", "day"}]
    assert got["month"][0]["period"] == (2025, "February")  # newest first


def _fake_generator(articles: list[Item]) -> SimpleNamespace:
    values = _settings()
    tags = {Tag(n, values): [] for n in ("Hữu nghị", "Việt - Lào", "Kiều bào")}
    authors = {Author(n, values): [] for n in ("Minh Anh", "Quốc Huy")}
    categories = {Category(n, values): [] for n in ("Hoạt động", "Đối ngoại")}
    for number, article in enumerate(articles):
        for index, tag in enumerate(tags.values()):
            if (number + index) % (index + 2) == 0:
                tag.append(article)
        list(authors.values())[number % 2].append(article)
        list(categories.values())[number % 3 == 0].append(article)
    return SimpleNamespace(
        articles=articles,
        dates=sorted(articles, key=attrgetter("date"), reverse=True),
        tags=tags,
        categories=list(categories.items()),
        authors=list(authors.items()),
        context={"SITENAME": "x"},
        get_template=lambda name: f"template:{name}",
    )


def _recorder(calls: list):
    return lambda *args, **kwargs: calls.append((args, kwargs))


def test_tag_category_and_author_pages_are_written_as_pelican_writes_them():
    generator = _fake_generator(_items(40))
    for kind, method, groups in (
        ("tag", ArticlesGenerator.generate_tags, generator.tags.items()),
        ("category", ArticlesGenerator.generate_categories, generator.categories),
        ("author", ArticlesGenerator.generate_authors, generator.authors),
    ):
        expected, got = [], []
        method(generator, _recorder(expected))
        write_groups(generator, _recorder(got), kind, groups)
        assert len(got) == len(expected) > 0
        for (args, kwargs), (want_args, want_kwargs) in zip(got, expected, strict=True):
            assert args == want_args
            assert set(kwargs) == set(want_kwargs)
            for name, value in kwargs.items():
                if isinstance(value, list):
                    assert [id(x) for x in value] == [id(x) for x in want_kwargs[name]], name
                else:
                    assert value == want_kwargs[name], name


def test_install_replaces_the_four_methods_on_an_articles_generator_only():
    generator = object.__new__(ArticlesGenerator)
    install(generator)
    assert generator._build_period_archives is build_period_archives
    for name in ("generate_tags", "generate_categories", "generate_authors"):
        assert getattr(generator, name).func.__module__ == "plugins.listings"
    other = SimpleNamespace()
    install(other)
    assert vars(other) == {}
