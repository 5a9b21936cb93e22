"""plugins.options.plugin_options: a plugin's dict setting over its defaults."""

from __future__ import annotations

import copy

import pytest

from plugins.options import plugin_options

DEFAULTS = {"enabled": True, "workers": None, "items": (1, 2)}


def test_the_setting_is_merged_over_the_defaults():
    merged = plugin_options({"DEMO": {"workers": 3}}, "DEMO", DEFAULTS)
    assert merged == {"enabled": True, "workers": 3, "items": (1, 2)}


@pytest.mark.parametrize("settings", [{}, {"DEMO": None}, {"DEMO": {}}, {"OTHER": {"x": 1}}])
def test_a_missing_or_empty_setting_gives_the_defaults(settings):
    merged = plugin_options(settings, "DEMO", DEFAULTS)
    assert merged == DEFAULTS
    assert merged is not DEFAULTS  # a new dict: the caller may change it


def test_unknown_keys_are_named_sorted_with_the_valid_ones():
    with pytest.raises(ValueError) as raised:
        plugin_options({"DEMO": {"zeta": 1, "enabled": False, "alpha": 2}}, "DEMO", DEFAULTS)
    assert str(raised.value) == (
        "DEMO: khóa không hợp lệ alpha, zeta (hợp lệ: enabled, items, workers)"
    )


def test_a_key_that_is_not_text_is_named_too():
    with pytest.raises(ValueError, match=r"^DEMO: khóa không hợp lệ 1, b \(hợp lệ: "):
        plugin_options({"DEMO": {1: "a", "b": 2}}, "DEMO", DEFAULTS)


def test_neither_the_settings_nor_the_defaults_are_modified():
    settings = {"DEMO": {"workers": 2}, "OTHER": {"x": 1}}
    defaults = {"enabled": True, "workers": None}
    before, defaults_before = copy.deepcopy(settings), dict(defaults)
    merged = plugin_options(settings, "DEMO", defaults)
    merged["enabled"] = False
    assert settings == before
    assert defaults == defaults_before
    with pytest.raises(ValueError):
        plugin_options({"DEMO": {"typo": 1}}, "DEMO", defaults)
    assert defaults == defaults_before
