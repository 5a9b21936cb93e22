"""Build the fixture site and compare it with the committed expected tree.

When an intended change alters the output, run ``make update-golden`` and
review the diff of ``tests/fixtures/golden_expected/`` before committing.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden import EXPECTED, build_fixture_site, tree

pytestmark = pytest.mark.slow


def test_fixture_site_matches_the_expected_tree(tmp_path):
    built = tree(build_fixture_site(tmp_path / "out", tmp_path / "cache"))
    expected = tree(EXPECTED)
    assert sorted(built) == sorted(expected), "files differ: run `make update-golden` and review"
    for name, content in expected.items():
        if built[name] != content:
            try:
                diff = "\n".join(
                    difflib.unified_diff(
                        content.decode().splitlines(),
                        built[name].decode().splitlines(),
                        f"expected/{name}",
                        f"built/{name}",
                        lineterm="",
                        n=1,
                    )
                )
            except UnicodeDecodeError:
                diff = f"binary file {name} differs"
            pytest.fail(f"{name} differs from the expected tree:\n{diff[:4000]}")


def test_the_expected_tree_is_a_real_site():
    files = tree(EXPECTED)
    assert "index.html" in files
    assert "bai-viet/vufo-lam-viec-voi-can-tho/index.html" in files
    # The former province's address redirects, the current one lists both articles.
    assert "tinh/thai-binh/index.html" in files
    hung_yen = files["tinh/hung-yen/index.html"].decode()
    assert "Thái Bình đặt mục tiêu" in hung_yen
    # Drafts are never published.
    assert not any("ban-nhap-chua-dang" in name for name in files)


def test_an_english_country_page_names_the_country_as_a_sentence_does():
    # "Follow United States via RSS": the name without its article (the
    # expected tree is the build's, test_fixture_site_matches_the_expected_tree).
    page = (EXPECTED / "en" / "country" / "united-states" / "index.html").read_text()
    assert "Follow the United States via RSS" in page
    japan = (EXPECTED / "en" / "country" / "japan" / "index.html").read_text()
    assert "Follow Japan via RSS" in japan
