"""Functional build of a small fixture site, compared with a committed tree.

``python -m tests.golden update`` (``make update-golden``) rebuilds
``tests/fixtures/golden_expected/`` from ``tests/fixtures/golden_site/``;
``tests/test_build_golden.py`` builds the same site into a temporary folder
and diffs the two trees file by file.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "tests" / "fixtures" / "golden_site"
EXPECTED = ROOT / "tests" / "fixtures" / "golden_expected"

# Not compared: the search index (its bytes depend on Pagefind's version and
# its filter files are written in random order; the search tests check it)
# and the theme's static files (copied verbatim from theme/static/), and
# plugins/incremental's build state (digests of code and packages), and
# Decap CMS's bundle under admin/ (copied verbatim from node_modules).
VOLATILE_DIRS = ("pagefind", "en/pagefind", "theme/", ".incremental/", "admin/decap/")


def build_fixture_site(output: Path, cache: Path) -> Path:
    """Build the fixture site with the project's settings into ``output``."""
    from scripts.build import build

    settings = ROOT / "tests" / "golden_settings.py"
    build(settings, output, content=SITE, extra={"CACHE_PATH": str(cache)})
    return output


def tree(folder: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith(VOLATILE_DIRS):
            files[rel] = path.read_bytes()
    return files


def update() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        output = build_fixture_site(Path(tmp) / "out", Path(tmp) / "cache")
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(output, EXPECTED, ignore=shutil.ignore_patterns("pagefind", ".incremental"))
        # (ignore_patterns matches names at every depth: en/pagefind is left out too)
        shutil.rmtree(EXPECTED / "theme", ignore_errors=True)
        shutil.rmtree(EXPECTED / "admin" / "decap", ignore_errors=True)
    print(f"Đã cập nhật {len(tree(EXPECTED))} tệp trong {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        sys.exit("usage: python -m tests.golden update")
    update()
