"""scripts/build.py's one-line messages for what stopped a build: each says
where (``path:line``) when the error knows it, as make check does."""

from __future__ import annotations

import pytest
from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError

from scripts.build import ROOT, describe_error


def test_a_theme_template_error_names_its_file_and_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "theme" / "templates" / "partials"
    folder.mkdir(parents=True)
    (folder / "footer.html").write_text("<footer>\n{% if %}\n</footer>\n", encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(tmp_path / "theme" / "templates")))
    with pytest.raises(TemplateSyntaxError) as raised:
        env.get_template("partials/footer.html")
    line = describe_error(raised.value)
    assert line.startswith("theme/templates/partials/footer.html:2: lỗi cú pháp mẫu giao diện: ")
    assert "không mong đợi" not in line


def test_an_unexpected_error_still_says_what_it_is():
    line = describe_error(KeyError("x"))
    assert "KeyError" in line and ROOT.name not in line


def test_each_build_starts_from_settings_no_earlier_build_changed():
    """Pelican's Markdown reader adds "extensions" to settings["MARKDOWN"] in
    place, and publishconf.py (like any settings file that imports
    pelicanconf) shares pelicanconf's dicts: the next build in the same
    process (make serve's) read changed settings, and the English run, whose
    settings keep the main ones, rendered every page again."""
    from pathlib import Path

    from scripts.build import _read_checked_settings

    root = Path(__file__).resolve().parents[1]
    first = _read_checked_settings(root / "publishconf.py", {})
    first["MARKDOWN"].setdefault("extensions", []).append("markdown.extensions.meta")
    first["SEARCH"]["bundle_dir"] = "changed"
    second = _read_checked_settings(root / "publishconf.py", {})
    assert "extensions" not in second["MARKDOWN"]
    assert second["SEARCH"].get("bundle_dir") != "changed"
