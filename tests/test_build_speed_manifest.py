"""The input manifest: a no-change rebuild is skipped, any input change rebuilds."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scripts.build_manifest import (
    Manifest,
    canonical,
    input_digest,
    load_manifest,
    output_fingerprint,
    read_cache_key,
    save_manifest,
)
from tests.bad_input_site import (
    OLD,
    PYTHON,
    ROOT,
    build_args,
    build_subprocess,
    make_site,
    snapshot,
)

# --- pure parts over a small fake project -----------------------------------------------


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "repo"
    for rel, text in {
        "plugins/demo/__init__.py": "def register(): pass\n",
        "scripts/build.py": "# build\n",
        "content/articles/a.md": "Title: A\n\nBody.\n",
        "theme/templates/base.html": "<html>{{ x }}</html>\n",
        "data/provinces.csv": "slug,name\nhue,Huế\n",
        "pelicanconf.py": "SITENAME = 'A'\n",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = {
        "PATH": str(root / "content"),
        "THEME": str(root / "theme"),
        "PORTAL_DATA_DIR": str(root / "data"),
        "SITENAME": "A",
        "OUTPUT_PATH": str(tmp_path / "out-1"),
        "CACHE_PATH": str(tmp_path / "cache-1"),
    }
    return root, settings


def _digest(root: Path, settings: dict) -> str | None:
    return input_digest(settings, root / "pelicanconf.py", root)


@pytest.mark.parametrize(
    "rel",
    [
        "content/articles/a.md",
        "theme/templates/base.html",
        "data/provinces.csv",
        "plugins/demo/__init__.py",
        "scripts/build.py",
        "pelicanconf.py",
    ],
)
def test_any_input_file_change_changes_the_digest(project, rel):
    root, settings = project
    before = _digest(root, settings)
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(original + b"\n")
    assert _digest(root, settings) != before
    path.write_bytes(original)  # same bytes again (new mtime): same digest
    assert _digest(root, settings) == before


def test_new_and_removed_files_change_the_digest(project):
    root, settings = project
    before = _digest(root, settings)
    extra = root / "content" / "articles" / "b.md"
    extra.write_text("Title: B\n\nBody.\n", encoding="utf-8")
    assert _digest(root, settings) != before
    extra.unlink()
    assert _digest(root, settings) == before


def test_settings_change_the_digest_but_not_where_the_build_writes(project):
    root, settings = project
    before = _digest(root, settings)
    assert _digest(root, {**settings, "SITENAME": "B"}) != before
    assert _digest(root, {**settings, "MARKDOWN": {"output_format": "html5"}}) != before
    moved = {**settings, "OUTPUT_PATH": "/elsewhere", "CACHE_PATH": "/cache-2"}
    assert _digest(root, moved) == before


def test_a_file_named_by_a_setting_is_an_input(project, tmp_path):
    root, settings = project
    views = tmp_path / "pageviews.csv"
    views.write_text("path,views\n/a/,1\n", encoding="utf-8")
    with_views = {**settings, "MOST_READ": {"path": str(views)}}
    before = _digest(root, with_views)
    views.write_text("path,views\n/a/,2\n", encoding="utf-8")
    assert _digest(root, with_views) != before


def test_an_unstable_setting_means_no_shortcut(project):
    root, settings = project
    assert _digest(root, {**settings, "THING": object()}) is None


def test_canonical_text_is_independent_of_order_and_names_functions():
    assert canonical({"b": 1, "a": {2, 1}}) == canonical({"a": {1, 2}, "b": 1})
    assert canonical(len) == "<builtins.len>"
    with pytest.raises(ValueError):
        canonical(object())


def test_the_read_cache_key_follows_settings_that_change_reading(project):
    root, settings = project
    key = read_cache_key(settings, root)
    assert read_cache_key({**settings, "OUTPUT_PATH": "/x"}, root) == key
    assert read_cache_key({**settings, "MARKDOWN": {"extensions": ["x"]}}, root) != key
    assert read_cache_key({**settings, "CATEGORY_URL": "x/{slug}/"}, root) != key
    (root / "plugins" / "demo" / "__init__.py").write_text("# changed\n", encoding="utf-8")
    assert read_cache_key(settings, root) != key


def test_manifests_are_kept_per_output_folder(tmp_path):
    one, two = tmp_path / "out", tmp_path / "out-2"
    save_manifest(tmp_path / "cache", one, Manifest("i1", "o1", 3, 0))
    save_manifest(tmp_path / "cache", two, Manifest("i2", "o2", 4, 1))
    assert load_manifest(tmp_path / "cache", one) == Manifest("i1", "o1", 3, 0)
    assert load_manifest(tmp_path / "cache", two).pages == 4
    save_manifest(tmp_path / "cache", one, None)
    assert load_manifest(tmp_path / "cache", one) is None
    assert json.loads((tmp_path / "cache" / "build-manifest.json").read_text())


def test_the_output_fingerprint_sees_edits_and_counts_pages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "feed.xml").write_text("y", encoding="utf-8")
    first, pages = output_fingerprint(tmp_path)
    assert pages == 1
    (tmp_path / "a" / "index.html").write_text("xx", encoding="utf-8")
    assert output_fingerprint(tmp_path)[0] != first


# --- real builds (scripts/build.py as a command) ------------------------------------------


SKIPPED = "không có thay đổi"


@pytest.fixture
def built(tmp_path):
    site = make_site(tmp_path)
    site.set(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    first = build_subprocess(site)
    assert first.code == 0, first.stderr[-3000:]
    assert SKIPPED not in first.stdout
    return site


@pytest.mark.slow
def test_a_no_change_rebuild_is_skipped_and_leaves_the_output_untouched(built):
    before = snapshot(built.output)
    stamps = {p: p.stat().st_mtime_ns for p in built.output.rglob("*")}
    again = build_subprocess(built)
    assert again.code == 0 and SKIPPED in again.stdout, again.stdout + again.stderr[-2000:]
    assert again.stdout.startswith("Đã dựng")  # the usual summary line
    assert snapshot(built.output) == before
    assert {p: p.stat().st_mtime_ns for p in built.output.rglob("*")} == stamps


@pytest.mark.slow
def test_an_edited_article_is_rebuilt_and_shows_up(built):
    built.edit(OLD, "\n\n", "\n\nĐoạn mở đầu mới được thêm để kiểm tra.\n\n")
    again = build_subprocess(built)
    assert again.code == 0 and SKIPPED not in again.stdout, again.stderr[-2000:]
    page = built.output / "bai-viet" / "thai-binh-trien-khai-cong-tac-2017" / "index.html"
    assert "Đoạn mở đầu mới được thêm để kiểm tra." in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_settings_change_or_a_touched_output_or_force_rebuilds(built):
    built.set(SITESUBTITLE="Phụ đề mới của cổng tin")
    again = build_subprocess(built)
    assert again.code == 0 and SKIPPED not in again.stdout, again.stderr[-2000:]
    assert "Phụ đề mới của cổng tin" in (built.output / "index.html").read_text(encoding="utf-8")

    (built.output / "index.html").unlink()  # someone changed the output folder
    again = build_subprocess(built)
    assert again.code == 0 and SKIPPED not in again.stdout
    assert (built.output / "index.html").is_file()

    forced = subprocess.run(
        [str(PYTHON), "-m", "scripts.build", *build_args(built), "--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert forced.returncode == 0 and SKIPPED not in forced.stdout
