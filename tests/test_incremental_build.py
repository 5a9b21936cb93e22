"""Incremental rebuilds (plugins/incremental) write exactly what a full build writes.

One fixture site (the golden site's articles) is built in full, then edited
step by step; after each edit an incremental build of the site (reusing the
previous output) is compared byte for byte with a fresh full build
(``force``) of the same inputs, every file but the ``.incremental`` state.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plugins.incremental import STATE_DIR, last_build_counts
from tests.bad_input_site import LEAD, OLD, comparable_files, make_site

pytestmark = pytest.mark.slow

# Pagefind writes these in hash-map order (see test_safety_reproducible.py):
# they differ between any two builds, incremental or not.
PAGEFIND_UNORDERED = ("pagefind/filter/", "pagefind/pagefind-entry.json")
LEAD_PAGE = "bai-viet/vufo-lam-viec-voi-can-tho/index.html"
ENGLISH = "en/articles/2026/friendship-week-in-hanoi.md"
ENGLISH_MARKER = "A sentence added to check the incremental build."
OLD_ENGLISH_PAGE = "en/article/thai-binh-sets-goals-for-2017/index.html"
MARKER = "Câu mới thêm vào thân bài để kiểm tra dựng tăng dần."

NEW_ARTICLE = """\
Title: Giao lưu hữu nghị Việt Nam – Lào tại Huế
Slug: giao-luu-huu-nghi-viet-lao-tai-hue
Date: 2026-02-20 09:30
Category: Hữu nghị
Provinces: Huế
Countries: Lào
Tags: giao lưu văn hóa, đối ngoại nhân dân
Authors: Phóng viên 1
Summary: Sinh viên Lào và Việt Nam cùng tham gia đêm giao lưu văn hóa.

Đêm giao lưu có các tiết mục múa, hát của sinh viên hai nước.
"""


def _compared(output: Path) -> dict[str, str]:
    assert STATE_DIR == ".incremental"  # comparable_files leaves it out
    return comparable_files(output)


def _differing(first: Path, second: Path) -> list[str]:
    one, two = _compared(first), _compared(second)
    return sorted(name for name in set(one) | set(two) if one.get(name) != two.get(name))


def _edit_header(site, rel: str, field: str, value: str | None) -> None:
    path = site.file(rel)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"{field}:")]
    if value is not None:
        kept.insert(1, f"{field}: {value}\n")
    path.write_text("".join(kept), encoding="utf-8")


def _body_edit(site) -> None:
    site.edit(LEAD, "> Người dân luôn", f"{MARKER}\n\n> Người dân luôn")


def _corrupt_state_then_body_edit(site) -> None:
    (site.output / STATE_DIR / "pages.json").write_text("{không phải json", encoding="utf-8")
    site.edit(LEAD, MARKER, MARKER + " Lần hai.")


def _missing_previous_page_then_body_edit(site) -> None:
    (site.output / "chu-de" / "index.html").unlink()
    site.edit(LEAD, MARKER, MARKER + " Lần ba.")


def _refused_build_then_body_edit(site) -> None:
    """A save with a broken header (the check refuses that build), then the
    fix: the refused build must not cost the next one its reuse state."""
    path = site.file(LEAD)
    good = path.read_text(encoding="utf-8")
    assert "\nDate:" in good
    path.write_text(good.replace("\nDate:", "\nDat e:", 1), encoding="utf-8")
    with pytest.raises(SystemExit):
        _build(site, site.output, force=False)
    path.write_text(good, encoding="utf-8")
    site.edit(LEAD, MARKER, MARKER + " Lần bốn.")


EDITS = {
    "body": _body_edit,
    # OLD is in LEAD's related list: its title shows on LEAD's page.
    "title": lambda site: _edit_header(site, OLD, "Title", "Thái Bình: kế hoạch hữu nghị 2017"),
    "date": lambda site: _edit_header(site, OLD, "Date", "2026-02-28 07:00"),
    "tags-provinces": lambda site: (
        _edit_header(site, LEAD, "Tags", "hợp tác quốc tế, VUFO"),
        _edit_header(site, LEAD, "Provinces", "Cần Thơ, Hà Nội"),
    ),
    "new-article": lambda site: site.write("articles/2026/giao-luu-viet-lao.md", NEW_ARTICLE),
    "deleted-article": lambda site: site.file(
        "articles/2026/infographic-34-tinh-thanh.md"
    ).unlink(),
    "corrupt-state": _corrupt_state_then_body_edit,
    "missing-previous-page": _missing_previous_page_then_body_edit,
    "refused-then-fixed": _refused_build_then_body_edit,
    # The English edition: its own files are its run's; a Vietnamese slug
    # reaches its pages only through the hreflang alternates (settings).
    "english-body": lambda site: site.edit(
        ENGLISH, "Delegates from", f"{ENGLISH_MARKER}\n\nDelegates from"
    ),
    "translated-slug": lambda site: (
        _edit_header(site, OLD, "Slug", "thai-binh-ke-hoach-2017"),
        site.edit(LEAD, "thai-binh-trien-khai-cong-tac-2017", "thai-binh-ke-hoach-2017"),
    ),
}


# The English run's settings, as far as where its reuse state lives goes.
ENGLISH_RUN = {"EDITION": "en", "MAIN_LANG": "vi"}


def _build(site, output: Path, force: bool) -> None:
    from scripts.build import build

    build(site.settings, output, content=site.content, force=force)


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory):
    """Full build, then each edit: incremental build vs. full build."""
    site = make_site(tmp_path_factory.mktemp("incremental"), english=True)
    site.set(IMAGES={"cache_dir": str(site.tmp / "cache" / "images")})
    _build(site, site.output, force=True)
    first = {
        "counts": last_build_counts(site.output),
        "english_counts": last_build_counts(site.output, ENGLISH_RUN),
        "files": _compared(site.output),
    }
    results = {}
    for name, edit in EDITS.items():
        before = _compared(site.output)
        edit(site)
        _build(site, site.output, force=False)
        full = site.tmp / f"full-{name}"
        _build(site, full, force=True)
        results[name] = {
            "differing": _differing(site.output, full),
            "counts": last_build_counts(site.output),
            "english_counts": last_build_counts(site.output, ENGLISH_RUN),
            "full_counts": last_build_counts(full),
            "before": before,
            "after": _compared(site.output),
            "lead_html": (site.output / LEAD_PAGE).read_text(encoding="utf-8"),
            "old_english_html": (site.output / OLD_ENGLISH_PAGE).read_text(encoding="utf-8"),
        }
        shutil.rmtree(full)
    return first, results


@pytest.mark.parametrize("name", list(EDITS))
def test_incremental_rebuild_is_byte_identical_to_a_full_build(rebuilds, name):
    _, results = rebuilds
    assert results[name]["differing"] == []


def test_a_full_build_renders_every_page(rebuilds):
    first, results = rebuilds
    rendered, reused = first["counts"]
    assert reused == 0
    assert rendered > 50
    for result in results.values():
        assert result["full_counts"][1] == 0  # --force: nothing reused


def test_body_edit_reuses_pages_and_rerenders_the_edited_article(rebuilds):
    _, results = rebuilds
    body = results["body"]
    rendered, reused = body["counts"]
    assert reused > rendered > 0
    assert MARKER in body["lead_html"]
    assert body["before"][LEAD_PAGE] != body["after"][LEAD_PAGE]


def test_a_title_edit_rerenders_the_pages_that_link_the_article_not_the_site(rebuilds):
    """The title is not in the site-wide catalogue: the pages that link the
    edited article (its section, topics, LEAD's related block …) are
    rendered again, the rest is reused (and the result is byte-identical
    to a full build: test_incremental_rebuild_is_byte_identical_to_a_full_build)."""
    _, results = rebuilds
    rendered, reused = results["title"]["counts"]
    assert reused > rendered > 1
    assert "Thái Bình: kế hoạch hữu nghị 2017" in results["title"]["lead_html"]


def test_corrupt_or_missing_state_means_a_full_render(rebuilds):
    _, results = rebuilds
    assert results["corrupt-state"]["counts"][1] == 0
    # a page whose previous file is gone is rendered, the rest is still reused
    assert results["missing-previous-page"]["counts"][1] > 0


def test_a_refused_build_keeps_the_reuse_state(rebuilds):
    _, results = rebuilds
    fixed, edited = results["refused-then-fixed"], results["body"]
    assert fixed["counts"][1] > fixed["counts"][0] > 0  # mostly reused, as after a body edit
    assert fixed["counts"][0] <= edited["counts"][0] + 2
    assert "Lần bốn." in fixed["lead_html"]


def test_state_is_deterministic_and_holds_no_build_path(rebuilds, tmp_path):
    first, _ = rebuilds
    site = make_site(tmp_path / "again")
    site.set(IMAGES={"cache_dir": str(tmp_path / "cache-again")})
    _build(site, site.output, force=True)
    again = make_site(tmp_path / "other-place")
    again.set(IMAGES={"cache_dir": str(tmp_path / "cache-other")})
    _build(again, again.output, force=True)
    state = (site.output / STATE_DIR / "pages.json").read_bytes()
    assert state == (again.output / STATE_DIR / "pages.json").read_bytes()
    assert str(tmp_path).encode() not in state
    assert not (site.output / STATE_DIR / "shards").exists()
    data = json.loads(state)
    assert data["pages"] and data["contents"]


def test_disabled_writes_no_state(tmp_path):
    site = make_site(tmp_path)
    site.set(
        IMAGES={"cache_dir": str(tmp_path / "cache" / "images")},
        INCREMENTAL={"enabled": False},
    )
    _build(site, site.output, force=True)
    assert not (site.output / STATE_DIR).exists()


def test_publishing_is_a_full_build():
    from pelican.settings import read_settings

    root = Path(__file__).resolve().parents[1]
    assert read_settings(str(root / "publishconf.py"))["INCREMENTAL"] == {"enabled": False}


def test_pages_linking_an_edited_article_are_rendered_again(tmp_path, monkeypatch):
    """Serial build (so a spy sees every decision): after a body edit, every
    page whose previous HTML linked the edited article is rendered, not reused."""
    from plugins.incremental import session

    site = make_site(tmp_path)
    site.set(
        IMAGES={"cache_dir": str(tmp_path / "cache" / "images")},
        PARALLEL={"enabled": False},
    )
    _build(site, site.output, force=True)
    link = 'href="/bai-viet/vufo-lam-viec-voi-can-tho/"'
    linking = {
        path.relative_to(site.output).as_posix()
        for path in site.output.rglob("*.html")
        if link in path.read_text(encoding="utf-8")
    }
    decisions: dict[str, bool] = {}
    real = session.reusable

    def spy(previous, output, fingerprint, changed):
        found = real(previous, output, fingerprint, changed)
        decisions[output] = found is not None
        return found

    monkeypatch.setattr(session, "reusable", spy)
    _body_edit(site)
    _build(site, site.output, force=False)
    rendered = {output for output, reused in decisions.items() if not reused}
    assert len(linking) > 3 and LEAD_PAGE in rendered
    assert linking <= rendered
    assert len(rendered) < len(decisions) / 2


def test_an_english_edit_leaves_every_vietnamese_page_reused(rebuilds):
    """An English file is not part of the Vietnamese run's site digest (the
    counts are the last run's: the Vietnamese one)."""
    _, results = rebuilds
    english = results["english-body"]
    rendered, reused = english["counts"]
    assert rendered == 0
    assert reused == sum(results["refused-then-fixed"]["counts"])  # the edit before
    page = "en/article/friendship-week-in-hanoi/index.html"
    assert english["before"][page] != english["after"][page]


def test_each_edition_reuses_its_own_pages(rebuilds):
    """Each run keeps its own reuse state (.incremental/ and .incremental/en/):
    with one shared file, the Vietnamese run's state replaced the English
    one's and every build rendered every English page again."""
    first, results = rebuilds
    english_pages = sum(first["english_counts"])
    assert first["english_counts"] == (english_pages, 0) and english_pages > 10
    # A Vietnamese body edit: no English page changes, none is rendered.
    assert results["body"]["english_counts"] == (0, english_pages)
    # An English body edit: its page and the lists that show it, not all.
    rendered, reused = results["english-body"]["english_counts"]
    assert 0 < rendered < english_pages / 2 and rendered + reused == english_pages


def test_a_vietnamese_slug_reaches_its_english_translation(rebuilds):
    """Through the hreflang alternates (settings), not the English run's files."""
    _, results = rebuilds
    before = results["english-body"]["old_english_html"]
    after = results["translated-slug"]["old_english_html"]
    assert "/bai-viet/thai-binh-trien-khai-cong-tac-2017/" in before
    assert "/bai-viet/thai-binh-trien-khai-cong-tac-2017/" not in after
    assert "/bai-viet/thai-binh-ke-hoach-2017/" in after
