"""The build's template cache (plugins/buildkit/templates.py): each template
is compiled and parsed once per build, never reused where it would compile
or parse differently."""

from __future__ import annotations

import copy
import pickle

import pytest
from jinja2 import DictLoader, Environment, meta, pass_context

from plugins.buildkit.templates import (
    TEMPLATES_KEY,
    TemplateCache,
    environment_key,
    template_cache,
)

SOURCES = {
    "base.html": "<title>{{ title }}</title>\n  {% block body %}{% endblock %}\n",
    "page.html": (
        '{% extends "base.html" %}{% block body %}{{ text | upper }}'
        '{% include "part.html" %}{% endblock %}'
    ),
    "part.html": "{% if flag %}\n  <b>{{ flag }}</b>\n{% endif %}",
}


class Counting(Environment):
    """An environment that counts what it compiles and parses."""

    def __init__(self, cache: TemplateCache | None = None, **options) -> None:
        super().__init__(loader=DictLoader(dict(SOURCES)), **options)
        self.bytecode_cache = cache
        self.compiled: list[str] = []
        self.parsed = 0

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN201
        self.compiled.append(name)
        return super().compile(source, name, filename, raw, defer_init)

    def parse(self, source, name=None, filename=None):  # noqa: ANN001, ANN201
        self.parsed += 1
        return super().parse(source, name, filename)


CONTEXT = {"title": "T", "text": "chữ", "flag": "x"}


def test_a_second_environment_with_the_same_options_compiles_nothing():
    cache = TemplateCache()
    first, second = Counting(cache, trim_blocks=True), Counting(cache, trim_blocks=True)
    assert first.get_template("page.html").render(CONTEXT)
    assert sorted(first.compiled) == ["base.html", "page.html", "part.html"]
    rendered = second.get_template("page.html").render(CONTEXT)
    assert second.compiled == []
    # the oracle: an environment without the cache
    assert rendered == Counting(trim_blocks=True).get_template("page.html").render(CONTEXT)


def test_options_that_change_the_code_are_not_shared():
    cache = TemplateCache()
    Counting(cache, trim_blocks=True).get_template("part.html").render(CONTEXT)
    other = Counting(cache)  # trim_blocks off: other whitespace
    rendered = other.get_template("part.html").render(CONTEXT)
    assert other.compiled == ["part.html"]
    assert rendered == Counting().get_template("part.html").render(CONTEXT)
    assert rendered != Counting(trim_blocks=True).get_template("part.html").render(CONTEXT)


def test_a_changed_source_is_compiled_again():
    cache = TemplateCache()
    Counting(cache).get_template("part.html")
    changed = Counting(cache)
    changed.loader.mapping["part.html"] = "<i>{{ flag }}</i>"
    assert changed.get_template("part.html").render(CONTEXT) == "<i>x</i>"
    assert changed.compiled == ["part.html"]


def test_the_environment_key_follows_what_the_compiler_reads():
    source = "{{ text | shout }}"

    def key(**options):
        env = Environment(**options)
        return environment_key(env, source)

    assert key() == key()
    assert key(trim_blocks=True) != key()
    assert key(extensions=["jinja2.ext.i18n"]) != key()
    assert key(block_start_string="<%", block_end_string="%>") != key()
    assert key(autoescape=True) != key()

    plain, with_filter, with_context_filter = Environment(), Environment(), Environment()
    with_filter.filters["shout"] = str.upper
    with_context_filter.filters["shout"] = pass_context(lambda context, text: text.upper())
    keys = {environment_key(e, source) for e in (plain, with_filter, with_context_filter)}
    assert len(keys) == 3
    # a filter the source does not name reaches none of its code
    assert environment_key(with_filter, "{{ text }}") == environment_key(plain, "{{ text }}")
    # same name, another function (the English dates): not shared, the
    # optimizer may have called it
    other = Environment()
    other.filters["shout"] = str.lower
    assert environment_key(other, source) != environment_key(with_filter, source)
    assert environment_key(other, "{{ text }}") == environment_key(with_filter, "{{ text }}")


def _upper(text: str) -> str:
    return text.upper()


def _lower(text: str) -> str:
    return text.lower()


def test_a_filter_folded_into_the_code_keeps_each_edition_its_own():
    """Jinja's optimizer calls a filter on a constant while compiling: two
    environments whose filter of one name differs (the two editions'
    month_name) get their own code for the template that names it, and
    share the templates that do not."""
    cache = TemplateCache()
    sources = {"folded.html": '{{ "abc" | shout }}', "plain.html": "<p>{{ text }}</p>"}
    envs = []
    for function in (_upper, _lower):
        env = Counting(cache)
        env.loader.mapping.update(sources)
        env.filters["shout"] = function
        envs.append(env)
    first, second = envs
    assert first.get_template("folded.html").render() == "ABC"
    assert second.get_template("folded.html").render() == "abc"  # the oracle: its own filter
    assert first.get_template("plain.html").render(CONTEXT) == "<p>chữ</p>"
    assert second.get_template("plain.html").render(CONTEXT) == "<p>chữ</p>"
    assert first.compiled == ["folded.html", "plain.html"]
    assert second.compiled == ["folded.html"]


def test_facts_are_what_jinja_meta_finds_parsed_once_per_source():
    cache = TemplateCache()
    env = Counting(cache)
    own, referenced = cache.facts(env, "page.html")
    tree = Environment().parse(SOURCES["page.html"])
    assert own == meta.find_undeclared_variables(tree)
    assert set(referenced) == {"base.html", "part.html"}
    again = Counting(cache)
    assert cache.facts(again, "page.html") == (own, referenced)
    assert (env.parsed, again.parsed) == (1, 0)
    again.loader.mapping["page.html"] = "{{ other }}"
    assert cache.facts(again, "page.html") == (frozenset({"other"}), ())


def test_a_template_chosen_at_run_time_refers_to_them_all():
    cache = TemplateCache()
    env = Counting(cache)
    env.loader.mapping["chooser.html"] = "{% include name %}"
    assert set(cache.facts(env, "chooser.html")[1]) == {*SOURCES, "chooser.html"}


def test_warm_compiles_the_theme_and_leaves_a_broken_template_to_its_page():
    cache = TemplateCache()
    env = Counting(cache)
    env.loader.mapping["broken.html"] = "{% if %}"
    assert cache.warm(env) == len(SOURCES)
    later = Counting(cache)
    later.loader.mapping["broken.html"] = "{% if %}"
    later.get_template("page.html").render(CONTEXT)
    assert later.compiled == []
    with pytest.raises(Exception, match="Expected an expression"):
        later.get_template("broken.html")


def test_one_cache_per_build_shared_by_copies_left_behind_by_pickles():
    settings: dict = {}
    cache = template_cache(settings)
    assert settings[TEMPLATES_KEY] is cache is template_cache(settings)
    assert template_cache({}) is not cache
    Counting(cache).get_template("page.html")
    assert copy.copy(cache) is cache and copy.deepcopy(settings)[TEMPLATES_KEY] is cache
    unpickled = pickle.loads(pickle.dumps(cache))
    assert isinstance(unpickled, TemplateCache) and "0 compiled" in repr(unpickled)
    assert "0 compiled" not in repr(cache)
