"""plugins.fragments: {% memo %} renders a fragment once per key and environment."""

from __future__ import annotations

import jinja2

from plugins.fragments import MemoExtension

TEMPLATE = "{% memo 'card', key %}[{{ count() }}:{{ key }}]{% endmemo %}"


def environment() -> tuple[jinja2.Environment, list[int]]:
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    env = jinja2.Environment(extensions=[MemoExtension], autoescape=True)
    env.globals["count"] = count
    return env, calls


def test_a_fragment_is_rendered_once_per_key():
    env, calls = environment()
    template = env.from_string(TEMPLATE)
    assert template.render(key="a") == "[1:a]"
    assert template.render(key="a") == "[1:a]"  # remembered, not rendered again
    assert template.render(key="b") == "[2:b]"
    assert env.from_string(TEMPLATE).render(key="b") == "[2:b]"  # any template, same env
    assert len(calls) == 2


def test_an_unhashable_key_renders_every_time():
    env, calls = environment()
    template = env.from_string(TEMPLATE)
    assert template.render(key=["a"]) == "[1:[&#39;a&#39;]]"
    assert template.render(key=["a"]) == "[2:[&#39;a&#39;]]"


def test_environments_do_not_share_fragments():
    first, _ = environment()
    second, _ = environment()
    assert first.from_string(TEMPLATE).render(key="a") == "[1:a]"
    assert second.from_string(TEMPLATE).render(key="a") == "[1:a]"
    assert first.from_string(TEMPLATE).render(key="a") == "[1:a]"


def test_the_fragment_keeps_its_escaping():
    env, _ = environment()
    text = env.from_string(TEMPLATE).render(key="<b>")
    assert text == "[1:&lt;b&gt;]"
    assert (
        env.from_string("{{ x }}{% memo 'k', 1 %}<i>{{ y }}</i>{% endmemo %}").render(x="<", y="&")
        == "&lt;<i>&amp;</i>"
    )
