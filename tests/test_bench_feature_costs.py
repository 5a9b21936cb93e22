"""bench feature-costs: builds without a plugin group, and the figures from them."""

from __future__ import annotations

from pathlib import Path

import pytest

import pelicanconf
from bench.build_driver import plugins_without, settings_plugins
from bench.build_step import FEATURE_SETTINGS, FEATURES, feature_costs
from tests.bad_input_site import ROOT, driver_build, make_site


def test_plugins_without_keeps_the_order_of_the_others():
    plugins = ["a", "b", "c", "d"]
    assert plugins_without(plugins, ["c", "a"]) == ["b", "d"]
    assert plugins_without(plugins, []) == plugins


def test_a_plugin_not_in_the_list_is_an_error_not_a_silent_no_op():
    with pytest.raises(ValueError, match="plugins.searh"):
        plugins_without(["plugins.search"], ["plugins.searh"])


def test_every_feature_group_names_plugins_the_portal_has():
    plugins = settings_plugins(ROOT / "pelicanconf.py")
    assert plugins == pelicanconf.PLUGINS
    for name, group in FEATURES.items():
        assert plugins_without(plugins, list(group)) != plugins or FEATURE_SETTINGS[name]


def test_costs_are_the_full_build_minus_each_build_without():
    full = {"seconds": 60.0, "cpu_s": 120.0}
    without = {
        "search": {"seconds": 40.0, "cpu_s": 80.5},
        "lean": {"seconds": 30.0, "cpu_s": 50.0},
    }
    figures = feature_costs(full, without, {"seconds": 40.0})
    assert figures["cost_search_s"] == 20.0
    assert figures["cost_search_cpu_s"] == 39.5
    assert figures["cost_lean_cpu_s"] == 70.0
    assert figures["lean_x_vanilla-pelican"] == 0.75
    # No vanilla figure (the step ran alone): no ratio rather than a wrong one.
    assert "lean_x_vanilla-pelican" not in feature_costs(full, without, {})


@pytest.mark.slow
def test_the_driver_builds_without_the_named_plugin(tmp_path):
    site = make_site(tmp_path)
    trees = {}
    for name, without in (("with", []), ("without", ["--without", "plugins.search"])):
        trees[name] = tmp_path / name
        extra = {"PARALLEL": {"enabled": False}}
        driver_build(site, trees[name], extra, tmp_path / f"timings-{name}.json", *without)
    assert (trees["with"] / "pagefind").is_dir()
    assert (trees["with"] / "tim-kiem" / "index.html").is_file()
    assert not (trees["without"] / "pagefind").exists()
    assert not (trees["without"] / "tim-kiem").exists()
    # Everything else is still built.
    assert (trees["without"] / "index.html").is_file()
    assert len(list(Path(trees["without"]).rglob("*.html"))) > 20
