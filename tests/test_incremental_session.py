"""plugins/incremental's adapter helpers that need no build: options, packages text."""

from __future__ import annotations

import sys

import pytest

from plugins.incremental.session import incremental_options, packages_text


def test_options_merge_over_defaults_and_refuse_unknown_keys():
    assert incremental_options({}).enabled is True
    assert incremental_options({"INCREMENTAL": {"enabled": False}}).enabled is False
    with pytest.raises(ValueError, match="INCREMENTAL"):
        incremental_options({"INCREMENTAL": {"enable": False}})


def test_packages_text_ignores_folders_added_to_sys_path(tmp_path, monkeypatch):
    before = packages_text()
    info = tmp_path / "portal_fake-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Name: portal-fake\nVersion: 1.0\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert packages_text() == before
    assert "pelican==" in before
