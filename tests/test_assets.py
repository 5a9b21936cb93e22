"""plugins/assets: theme files published under content-hashed names."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import jinja2
import pytest

from plugins.assets import (
    AssetError,
    asset_url,
    build_manifest,
    css_references,
    is_hashed,
    theme_manifest,
)
from plugins.assets import template_function as asset_function

ROOT = Path(__file__).resolve().parents[1]

FONT = b"wOF2 font bytes"
TOKENS = b"""/* url(../fonts/in-a-comment.woff2) stays as written */
@font-face { src: url(../fonts/serif.woff2) format("woff2"); }
@font-face { src: url("../fonts/serif.woff2?v=2#icons") format("woff2"); }
.play { background: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"); }
.far { background: url('https://example.org/x.png'), url(/images/site.png); }
"""


def _files(changes: dict[str, bytes] | None = None) -> dict[str, bytes]:
    files = {
        "css/tokens.css": TOKENS,
        "css/layout.css": b'@import "tokens.css";\nbody { margin: 0 }\n',
        "fonts/serif.woff2": FONT,
        "js/site.js": b"console.log(1);\n",
    }
    files.update(changes or {})
    return files


# --- the pure manifest ----------------------------------------------------------


def test_a_name_is_the_logical_name_with_the_sha256_of_its_bytes():
    manifest = build_manifest(_files())
    digest = hashlib.sha256(b"console.log(1);\n").hexdigest()[:10]
    assert manifest.hashed("js/site.js") == f"js/site.{digest}.js"
    assert manifest.files[f"js/site.{digest}.js"] == b"console.log(1);\n"
    assert set(manifest.files) == set(manifest.names.values())
    assert all(is_hashed(name) for name in manifest.files)
    assert not is_hashed("css/layout.css") and not is_hashed("fonts/OFL.txt")


def test_the_hash_changes_when_a_byte_changes():
    before = build_manifest(_files())
    after = build_manifest(_files({"js/site.js": b"console.log(2);\n"}))
    assert before.hashed("js/site.js") != after.hashed("js/site.js")
    # the others keep their names: a reader's cache keeps them
    assert before.hashed("css/layout.css") == after.hashed("css/layout.css")


def test_css_references_point_at_the_hashed_files():
    manifest = build_manifest(_files())
    font = manifest.hashed("fonts/serif.woff2").rsplit("/", 1)[1]
    tokens = manifest.files[manifest.hashed("css/tokens.css")].decode()
    assert f"url(../fonts/{font}) format" in tokens
    assert f'url("../fonts/{font}?v=2#icons")' in tokens  # quotes, query and fragment kept
    assert "url(../fonts/serif.woff2)" not in tokens
    assert "/* url(../fonts/in-a-comment.woff2) stays as written */" in tokens
    assert "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\")" in tokens
    assert "url('https://example.org/x.png'), url(/images/site.png)" in tokens
    layout = manifest.files[manifest.hashed("css/layout.css")].decode()
    assert f'@import "{manifest.hashed("css/tokens.css").rsplit("/", 1)[1]}";' in layout


def test_a_new_font_renames_the_stylesheets_that_load_it():
    before = build_manifest(_files())
    after = build_manifest(_files({"fonts/serif.woff2": FONT + b"!"}))
    assert before.hashed("fonts/serif.woff2") != after.hashed("fonts/serif.woff2")
    assert before.hashed("css/tokens.css") != after.hashed("css/tokens.css")
    # layout.css imports tokens.css: its bytes (the import's name) changed too
    assert before.hashed("css/layout.css") != after.hashed("css/layout.css")
    assert before.hashed("js/site.js") == after.hashed("js/site.js")


def test_an_unknown_path_is_an_error_naming_it():
    manifest = build_manifest(_files())
    with pytest.raises(AssetError, match="css/khong-co.css"):
        manifest.hashed("css/khong-co.css")


def test_a_stylesheet_naming_a_missing_file_is_an_error_naming_both():
    with pytest.raises(AssetError, match=r"css/tokens\.css.*fonts/serif\.woff2"):
        build_manifest({"css/tokens.css": TOKENS})
    with pytest.raises(AssetError, match="ra ngoài"):
        build_manifest({"css/a.css": b"a { background: url(../../x.png) }"})
    with pytest.raises(AssetError, match="vòng"):
        build_manifest({"css/a.css": b'@import "b.css";', "css/b.css": b'@import "a.css";'})


def test_css_references_lists_what_a_sheet_loads():
    refs = css_references(TOKENS.decode())
    assert refs.count("../fonts/serif.woff2") == 1
    assert "../fonts/in-a-comment.woff2" not in refs
    assert "/images/site.png" in refs


# --- reading a folder, URLs -----------------------------------------------------


def _theme(tmp_path: Path) -> Path:
    static = tmp_path / "theme" / "static"
    for logical, data in _files().items():
        (static / logical).parent.mkdir(parents=True, exist_ok=True)
        (static / logical).write_bytes(data)
    (static / "css" / ".tokens.css.swp").write_bytes(b"editor swap file")
    return tmp_path / "theme"


def test_the_folder_is_read_again_only_when_a_file_changed(tmp_path):
    static = _theme(tmp_path) / "static"
    first = theme_manifest(static)
    assert "css/.tokens.css.swp" not in first.names  # dot files are not published
    assert theme_manifest(static) is first
    site = static / "js" / "site.js"
    mtime = site.stat().st_mtime_ns
    site.write_bytes(b"console.log(9);\n")  # same size
    os.utime(site, ns=(mtime + 1_000_000, mtime + 1_000_000))
    second = theme_manifest(static)
    assert second.hashed("js/site.js") != first.hashed("js/site.js")
    assert second.hashed("js/site.js") == build_manifest(
        _files({"js/site.js": b"console.log(9);\n"})
    ).hashed("js/site.js")


def test_asset_url_is_absolute_with_siteurl(tmp_path):
    theme = _theme(tmp_path)
    settings = {"THEME": str(theme), "SITEURL": "https://dnnd.vn", "THEME_STATIC_DIR": "theme"}
    name = build_manifest(_files()).hashed("css/layout.css")
    assert asset_url(settings, "css/layout.css") == f"https://dnnd.vn/theme/{name}"
    assert asset_url({**settings, "SITEURL": ""}, "css/layout.css") == f"/theme/{name}"
    with pytest.raises(AssetError, match="images/publisher-logo.png"):
        asset_url(settings, "images/publisher-logo.png")


def test_the_template_function_uses_the_page_siteurl(tmp_path):
    theme = _theme(tmp_path)
    settings = {"THEME": str(theme), "SITEURL": "https://dnnd.vn", "THEME_STATIC_DIR": "theme"}
    env = jinja2.Environment()
    env.globals["asset"] = asset_function(settings)
    template = env.from_string("{{ asset('js/site.js') }}")
    name = build_manifest(_files()).hashed("js/site.js")
    assert template.render(SITEURL="../..") == f"../../theme/{name}"
    with pytest.raises(AssetError, match="js/khong-co.js"):
        env.from_string("{{ asset('js/khong-co.js') }}").render(SITEURL="")


# --- whole builds -----------------------------------------------------------------

THEME_LINK = re.compile(r"""/theme/[^"'\s<>)]*""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)""")


def _build(output: Path, cache: Path, theme: Path | None = None) -> Path:
    from scripts.build import build

    extra = {"CACHE_PATH": str(cache)}
    if theme is not None:
        extra["THEME"] = str(theme)
    build(
        ROOT / "tests" / "golden_settings.py",
        output,
        content=ROOT / "tests" / "fixtures" / "golden_site",
        extra=extra,
    )
    return output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("assets-site")
    return _build(work / "out", work / "cache")


def _theme_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in (site / "theme").rglob("*") if p.is_file()}


@pytest.mark.slow
def test_every_theme_link_of_every_page_is_a_hashed_file_that_exists(built):
    files = _theme_files(built)
    assert files and all(is_hashed(name) for name in files), sorted(files)
    # every file of theme/static/ is there, once
    assert len(files) == len([p for p in (ROOT / "theme" / "static").rglob("*") if p.is_file()])
    pages = sorted(built.rglob("*.html"))
    linked = set()
    for page in pages:
        for link in THEME_LINK.findall(page.read_text(encoding="utf-8")):
            target = link.lstrip("/")
            assert target in files, f"{page.relative_to(built)}: {link}"
            linked.add(target)
    assert any(name.startswith("theme/css/layout.") for name in linked)
    assert any(name.startswith("theme/css/search.") for name in linked)  # /tim-kiem/
    assert any(name.startswith("theme/fonts/") for name in linked)  # the preload


@pytest.mark.slow
def test_every_url_in_the_published_css_is_a_hashed_file_that_exists(built):
    files = _theme_files(built)
    seen = 0
    for sheet in sorted((built / "theme").rglob("*.css")):
        for ref in CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "http:", "https:", "/", "#")):
                continue
            target = (sheet.parent / ref.split("?")[0].split("#")[0]).resolve()
            rel = target.relative_to(built.resolve()).as_posix()
            assert rel in files and is_hashed(rel), f"{sheet.name}: {ref}"
            seen += 1
    assert seen >= 2  # the two fonts of tokens.css


@pytest.mark.slow
def test_a_changed_css_byte_gives_a_new_name_that_every_page_links(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(output, cache, theme)
    before = {p.name for p in (output / "theme" / "css").glob("layout.*.css")}
    layout = theme / "static" / "css" / "layout.css"
    layout.write_bytes(layout.read_bytes().replace(b"margin", b"MARGIN", 1))  # same size
    os.utime(layout, ns=(layout.stat().st_mtime_ns + 10**9,) * 2)
    _build(output, cache, theme)  # into the same output: incremental, as make serve does
    after = {p.name for p in (output / "theme" / "css").glob("layout.*.css")}
    assert len(before) == len(after) == 1 and before != after
    old, new = f"/theme/css/{before.pop()}", f"/theme/css/{after.pop()}"
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert old not in text, page.relative_to(output)
        if "/theme/css/" in text:
            assert new in text, page.relative_to(output)
    assert new in (output / "index.html").read_text(encoding="utf-8")


def test_make_check_refuses_a_stylesheet_naming_a_missing_theme_file(tmp_path):
    """The build cannot publish such a theme; make check (config_problems,
    which the build runs first too) says so at the THEME setting's line."""
    from plugins.content_check.config import config_problems

    root = Path(__file__).resolve().parents[1]
    theme = tmp_path / "theme"
    shutil.copytree(root / "theme", theme)
    with (theme / "static" / "css" / "layout.css").open("a", encoding="utf-8") as sheet:
        sheet.write('\n.x { background: url("../images/khong-co.png"); }\n')
    settings_file = tmp_path / "conf.py"
    settings_file.write_text(f'PATH = "content"\nTHEME = "{theme}"\n', encoding="utf-8")
    settings = {
        "THEME": str(theme),
        "PLUGINS": ["plugins.assets"],
        "PORTAL_DATA_DIR": str(root / "data"),
    }
    problems = config_problems(settings_file, settings)
    assert [(p.line, p.code) for p in problems] == [(2, "bad-setting")]
    assert "khong-co.png" in problems[0].message and "layout.css" in problems[0].message
    # The theme as shipped passes.
    settings["THEME"] = str(root / "theme")
    assert config_problems(settings_file, settings) == []
