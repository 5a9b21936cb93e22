"""The preview server's fast path (scripts/fast_preview.py): a saved article
is shown at once, and the page it shows is the one the full build then makes."""

from __future__ import annotations

import pytest

from scripts.fast_preview import ArticlePreview, Worker
from tests.bad_input_site import LEAD, OLD, make_site

pytestmark = pytest.mark.slow

LEAD_PAGE = "bai-viet/vufo-lam-viec-voi-can-tho/index.html"
MARKER = "Đoàn công tác còn thăm một lớp học tiếng Việt cho con em kiều bào."


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("fast-preview"))
    site.set(IMAGES={"cache_dir": str(site.tmp / "cache" / "images")})
    preview = ArticlePreview()
    assert preview.render(site.file(LEAD), site.output) is None  # no build yet
    assert preview.build(site.settings, site.output, site.content).kind == "built"
    yield site, preview
    preview.close()


def _page(site) -> str:
    return (site.output / LEAD_PAGE).read_text(encoding="utf-8")


def test_a_body_edit_shows_at_once_as_the_full_build_then_makes_it(preview):
    site, fast = preview
    before = _page(site)
    site.edit(LEAD, "> Người dân luôn", f"{MARKER}\n\n> Người dân luôn")
    outcome = fast.render(site.file(LEAD), site.output)
    assert outcome.kind == "rendered" and outcome.page == LEAD_PAGE and outcome.errors == []
    shown = _page(site)
    assert MARKER in shown and shown != before
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    assert _page(site) == shown  # byte for byte what the build writes


def test_a_summary_edit_too(preview):
    site, fast = preview
    text = site.file(LEAD).read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("Summary:"))
    site.edit(LEAD, summary, summary + " Hai bên hẹn gặp lại vào năm sau.")
    assert fast.render(site.file(LEAD), site.output).kind == "rendered"
    shown = _page(site)
    assert "Hai bên hẹn gặp lại vào năm sau." in shown
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    assert _page(site) == shown


def _showing(site, text: str) -> dict[str, str]:
    """Every HTML page of the site that holds ``text``, with its HTML."""
    pages = {}
    for path in site.output.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if text in html:
            pages[path.relative_to(site.output).as_posix()] = html
    return pages


def test_a_title_edit_then_brings_the_pages_listing_it_up_to_date(preview):
    """After the article's own page, the pages that list it show the new
    title before the build runs, and they are the pages the build writes."""
    site, fast = preview
    text = site.file(LEAD).read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("Title:"))[7:].strip()
    listing = set(_showing(site, title)) - {LEAD_PAGE}
    assert len(listing) >= 3  # home, its section, its topics …
    new_title = title + " (bản sửa)"
    site.edit(LEAD, f"Title: {title}", f"Title: {new_title}")
    assert fast.render(site.file(LEAD), site.output).kind == "rendered"
    untouched = {
        rel: html for rel, html in _showing(site, "").items() if rel not in listing | {LEAD_PAGE}
    }
    listed = fast.refresh_listings(site.file(LEAD), site.output)
    assert listed.kind == "listed" and int(listed.page) >= len(listing)
    shown = _showing(site, new_title)
    assert listing <= set(shown)  # every page that showed the old title
    assert not set(_showing(site, title + "<")) & listing  # … none of them the old one
    # Every other page is as it was, byte for byte.
    assert {rel: html for rel, html in _showing(site, "").items() if rel in untouched} == untouched
    assert fast.refresh_listings(site.file(LEAD), site.output) is None  # once per render
    # Nothing but pages: no generator wrote the live site beside the writer.
    assert not [p for p in site.output.rglob("*") if ".link-" in p.name or ".preview-" in p.name]
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    built = _showing(site, new_title)
    assert set(built) == set(shown)
    same = [rel for rel in shown if built[rel] == shown[rel]]
    assert len(same) >= len(shown) - 2, sorted(set(shown) - set(same))


def test_a_new_photo_is_served_with_the_pages_listing_the_article(preview):
    """A photo the saved article now shows is encoded and published before
    the build: every image file the fast page names exists once the pages
    listing it are up to date, and they are the build's files."""
    import io
    import re

    from PIL import Image

    site, fast = preview
    picture = io.BytesIO()
    Image.new("RGB", (960, 640), (30, 120, 90)).save(picture, "JPEG")
    site.write("images/2025/doan-cong-tac-tham-lop-hoc.jpg", picture.getvalue())
    figure = (
        "![Đoàn công tác thăm lớp học tiếng Việt](images/2025/doan-cong-tac-tham-lop-hoc.jpg"
        ' "Lớp học tiếng Việt (Ảnh: Hà Vy)")'
    )
    site.edit(LEAD, "> Người dân luôn", f"{figure}\n\n> Người dân luôn")

    def named(html: str) -> set[str]:
        found = set(re.findall(r'(?:src|srcset)="([^"]+)"', html))
        names = {part.strip().split(" ")[0] for value in found for part in value.split(",")}
        return {name.lstrip("/") for name in names if "doan-cong-tac-tham-lop-hoc" in name}

    assert fast.render(site.file(LEAD), site.output).kind == "rendered"
    shown = named(_page(site))
    assert shown  # the page names the new photo's derivatives …
    assert fast.refresh_listings(site.file(LEAD), site.output).kind == "listed"
    missing = sorted(name for name in shown if not (site.output / name).is_file())
    assert missing == []  # … and they are served before the build runs
    before = {name: (site.output / name).read_bytes() for name in shown}
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    assert {name: (site.output / name).read_bytes() for name in shown} == before


def test_an_error_in_the_saved_file_is_refused_with_its_line(preview):
    site, fast = preview
    before = _page(site)
    path = site.file(LEAD)
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("Date:"))
    path.write_text(good.replace("\nDate:", "\nDat e:", 1), encoding="utf-8")
    try:
        outcome = fast.render(path, site.output)
        assert outcome.kind == "refused"
        assert any(f"vufo-lam-viec-voi-can-tho.md:{number}:" in line for line in outcome.errors)
        assert _page(site) == before  # nothing written
    finally:
        path.write_text(good, encoding="utf-8")


def _own_preview(preview):
    """A preview of the module's site whose signal handlers this test
    connected (tests/conftest.py disconnects every handler before a test: a
    build after a refused one could not keep its generators otherwise)."""
    site, shared = preview
    fast = ArticlePreview()
    assert (
        fast.build(site.settings, site.output, site.content, skip_unchanged=False).kind == "built"
    )
    return site, fast


def test_a_page_shown_at_once_but_refused_by_the_build_is_put_back(preview):
    """A link to a page that does not exist passes the check of one file; the
    page is shown, the build refuses it, and the site is again the last good
    build's, byte for byte: the overlay's "previous version" is true, and
    taking the edit back leaves nothing of it anywhere."""
    from plugins.incremental.session import PREVIEW_WRITTEN, STATE_DIR

    site, fast = _own_preview(preview)
    before = {rel: html for rel, html in _showing(site, "").items()}
    path = site.file(LEAD)
    good = path.read_text(encoding="utf-8")
    title = next(line for line in good.splitlines() if line.startswith("Title:"))
    broken = good.replace(title, title + " (bị từ chối)").replace(
        "> Người dân luôn", "[một bài](/bai-viet/khong-co-bai-nay/)\n\n> Người dân luôn"
    )
    path.write_text(broken, encoding="utf-8")
    try:
        assert fast.render(path, site.output).kind == "rendered"
        assert fast.refresh_listings(path, site.output).kind == "listed"
        assert "(bị từ chối)" in _page(site)
        written = site.output / STATE_DIR / PREVIEW_WRITTEN
        assert LEAD_PAGE in written.read_text(encoding="utf-8").splitlines()
        refused = fast.build(site.settings, site.output, site.content)
        assert refused.kind == "refused"
        assert any("khong-co-bai-nay" in line for line in refused.errors)
        assert _showing(site, "") == before  # every page as the last good build left it
        assert not written.exists()
    finally:
        path.write_text(good, encoding="utf-8")
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    assert not _showing(site, "(bị từ chối)")


def test_after_a_build_refused_for_another_file_a_save_is_still_shown_at_once(preview):
    """Another article broken (an unknown section), the build refused: the
    next save of a good article was a whole build until a build passed (the
    kept generators were all forgotten); it is shown at once again."""
    site, fast = _own_preview(preview)
    other = site.file(OLD)
    good = other.read_text(encoding="utf-8")
    category = next(line for line in good.splitlines() if line.startswith("Category:"))
    other.write_text(good.replace(category, "Category: Chuyên mục không có"), encoding="utf-8")
    try:
        assert fast.build(site.settings, site.output, site.content).kind == "refused"
        site.edit(LEAD, "> Người dân luôn", "Một câu mới sau lỗi.\n\n> Người dân luôn")
        outcome = fast.render(site.file(LEAD), site.output)
        assert outcome is not None and outcome.kind == "rendered"
        assert "Một câu mới sau lỗi." in _page(site)
    finally:
        other.write_text(good, encoding="utf-8")
        site.edit(LEAD, "Một câu mới sau lỗi.\n\n> Người dân luôn", "> Người dân luôn")
    assert fast.build(site.settings, site.output, site.content).kind == "built"


def test_a_page_the_preview_wrote_is_never_reused_by_the_next_build(preview):
    """Shown at once, then the edit taken back before any build: the build's
    inputs are the last build's again, but the page in output/ is the one the
    preview wrote, so the build renders it again instead of reusing it."""
    site, fast = _own_preview(preview)
    before = _page(site)
    path = site.file(LEAD)
    good = path.read_text(encoding="utf-8")
    path.write_text(
        good.replace("> Người dân luôn", f"{MARKER} (nháp)\n\n> Người dân luôn"), encoding="utf-8"
    )
    try:
        assert fast.render(path, site.output).kind == "rendered"
        assert "(nháp)" in _page(site)
    finally:
        path.write_text(good, encoding="utf-8")
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    assert _page(site) == before


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        (LEAD, "\nSlug: ", "\nSlug: doi-dia-chi-"),  # the page would move
        (OLD, "\nDate: 2017", "\nDate: 2018"),  # its place in every list changes
    ],
)
def test_a_change_that_moves_the_page_is_left_to_the_build(preview, rel, old, new):
    site, fast = preview
    path = site.file(rel)
    good = path.read_text(encoding="utf-8")
    assert old in good
    path.write_text(good.replace(old, new, 1), encoding="utf-8")
    try:
        assert fast.render(path, site.output) is None
    finally:
        path.write_text(good, encoding="utf-8")


def test_a_new_file_is_left_to_the_build(preview):
    site, fast = preview
    path = site.write("articles/2026/bai-moi.md", site.file(LEAD).read_text(encoding="utf-8"))
    try:
        assert fast.render(path, site.output) is None
    finally:
        path.unlink()


def test_the_worker_process_answers_builds_and_renders(tmp_path):
    site = make_site(tmp_path / "site")
    site.set(IMAGES={"cache_dir": str(tmp_path / "cache" / "images")})
    worker = Worker(site.settings, site.output, site.content)
    try:
        built = worker.ask("build")
        assert built.kind == "built", built.errors
        warm = worker.ask("warm")
        assert warm.kind == "built", warm.errors
        site.edit(LEAD, "> Người dân luôn", f"{MARKER}\n\n> Người dân luôn")
        outcome = worker.ask("article", str(site.file(LEAD)))
        assert outcome.kind == "rendered" and MARKER in _page(site)
        site.edit(LEAD, MARKER, "")
        site.file(LEAD).write_text(
            site.file(LEAD).read_text(encoding="utf-8").replace("\nDate:", "\nDat e:", 1),
            encoding="utf-8",
        )
        refused = worker.ask("build")
        assert refused.kind == "refused"
        assert any("vufo-lam-viec-voi-can-tho.md:" in line for line in refused.errors)
    finally:
        worker.stop()
    assert not worker.process.is_alive()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\nDate:", "\nDat e:"),  # a broken header line and a missing field
        ("\nProvinces: Cần Thơ", "\nProvinces: Cần Thớ"),  # an unknown province
        ("\nSummary:", "\nSummary: \nX-Unknown: 1\nSummary2:"),  # unknown fields
    ],
)
def test_the_check_of_one_file_finds_what_the_whole_check_finds_in_it(tmp_path, old, new):
    from plugins.content_check.check import check_file, check_tree
    from plugins.reference import load_reference_data

    site = make_site(tmp_path / "site")
    path = site.file(LEAD)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    reference = load_reference_data(site.data)
    alone = check_file(site.content, LEAD, reference, cwd=site.content)
    whole = [p for p in check_tree(site.content, reference, cwd=site.content).problems]
    assert alone  # the edit is a problem
    assert alone == [p for p in whole if p.path == LEAD]


def test_the_preview_compiles_the_theme_once_for_its_life(preview, monkeypatch):
    """Its builds share one template cache: a later build compiles nothing
    (a changed source is compiled again: tests/test_template_cache.py)."""
    from jinja2 import Environment

    site, fast = preview
    compiled: list[str] = []
    original = Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN202
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    site.edit(LEAD, "> Người dân luôn", "Một câu nữa.\n\n> Người dân luôn")
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    assert [name for name in compiled if name and not name.startswith("!")] == []
    assert "Một câu nữa." in _page(site)


ENGLISH = "en/articles/2026/friendship-week-in-hanoi.md"
ENGLISH_PAGE = "en/article/friendship-week-in-hanoi/index.html"


@pytest.fixture(scope="module")
def editions_preview(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("fast-preview-en"), english=True)
    site.set(IMAGES={"cache_dir": str(site.tmp / "cache" / "images")})
    preview = ArticlePreview()
    assert preview.build(site.settings, site.output, site.content).kind == "built"
    yield site, preview
    preview.close()


def test_an_english_article_is_shown_at_once_with_its_own_edition(editions_preview):
    """The English run's generators are kept beside the Vietnamese ones: a
    saved English article is rendered by its edition (English dates and
    texts), the English pages listing it follow, and the build then writes
    the same pages."""
    site, fast = editions_preview
    title = "A friendship week brings partners from five countries to Hanoi"
    listing = set(_showing(site, title)) - {ENGLISH_PAGE}
    assert listing and all(rel.startswith("en/") for rel in listing)
    site.edit(ENGLISH, f"Title: {title}", f"Title: {title} (updated)")
    site.edit(ENGLISH, "Delegates from", "Friends and delegates from")
    shown = fast.render(site.file(ENGLISH), site.output)
    assert shown.kind == "rendered" and shown.page == ENGLISH_PAGE
    page = (site.output / ENGLISH_PAGE).read_text(encoding="utf-8")
    assert "Friends and delegates from" in page and f"{title} (updated)" in page
    assert '<html lang="en"' in page and "20 February 2026" in page
    listed = fast.refresh_listings(site.file(ENGLISH), site.output)
    assert listed.kind == "listed"
    fast_pages = _showing(site, f"{title} (updated)")
    assert listing <= set(fast_pages)
    assert fast.build(site.settings, site.output, site.content).kind == "built"
    built = _showing(site, f"{title} (updated)")
    assert set(built) == set(fast_pages)
    assert built[ENGLISH_PAGE] == fast_pages[ENGLISH_PAGE]
