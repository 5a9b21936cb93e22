"""Importer runs: files written, idempotence, errors, report, related pins."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from plugins.content_model import read_header
from plugins.importer.__main__ import main
from plugins.importer.convert import load_legacy_table
from plugins.importer.run import Importer, check_header

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "legacy"
FIXTURES = Path(__file__).parent / "fixtures" / "legacy"


@pytest.fixture(scope="module")
def table(reference):
    return load_legacy_table(ROOT / "data" / "legacy_sections.toml", reference)


@pytest.fixture
def captures(tmp_path) -> Path:
    folder = tmp_path / "captures"
    shutil.copytree(FIXTURES, folder)
    if SHARED.is_dir():
        for path in SHARED.glob("*.txt"):
            shutil.copy(path, folder / path.name)
    return folder


def run(out: Path, sources: list[Path], reference, table, base_url: str = ""):
    return Importer(out, reference, table, base_url).run(sources)


def headers(out: Path) -> dict[str, dict[str, str]]:
    found = {}
    for path in sorted(out.rglob("*.md")):
        header, problems = read_header(path.read_text(encoding="utf-8"))
        assert not problems, path
        found[str(path.relative_to(out))] = {h.raw_key: h.value for h in header.lines}
    return found


def test_import_writes_valid_articles_by_year(tmp_path, captures, reference, table):
    out = tmp_path / "articles"
    report = run(out, [captures], reference, table)
    assert not report.has_errors
    written = headers(out)
    assert len(written) == len(list(captures.glob("*.*")))
    for name, header in written.items():
        assert name.startswith(header["Date"][:4] + "/"), name
        assert name.endswith(header["Slug"] + ".md")
        assert check_header(header, reference) == [], name
        text = (out / name).read_text(encoding="utf-8")
        assert "\n\n" in text and text.split("\n\n", 1)[1].strip()  # a body
        assert "http" not in text.split("\n\n", 1)[1]  # no hot-linked images


def test_second_import_changes_nothing_and_updates_in_place(tmp_path, captures, reference, table):
    out = tmp_path / "articles"
    run(out, [captures], reference, table)
    before = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    again = run(out, [captures], reference, table)
    assert {e.status for e in again.entries} == {"unchanged"}
    assert {p: p.read_text(encoding="utf-8") for p in out.rglob("*.md")} == before

    # The legacy page's title changed: same Legacy_URL → same file, same slug.
    html = captures / "thoidai-cuba-hoc-bong.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace(
            '<h1 class="article-detail-title">Hội hữu nghị Việt Nam - Cuba trao học bổng',
            '<h1 class="article-detail-title">Trao 30 suất học bổng Việt Nam - Cuba',
        ),
        encoding="utf-8",
    )
    third = run(out, [captures], reference, table)
    statuses = {Path(e.capture).name: e.status for e in third.entries}
    assert statuses["thoidai-cuba-hoc-bong.html"] == "updated"
    assert len(list(out.rglob("*.md"))) == len(before)
    path = out / "2022" / "hoi-huu-nghi-viet-nam-cuba-trao-hoc-bong-cho-sinh-vien-can-tho.md"
    assert "Title: Trao 30 suất học bổng Việt Nam - Cuba" in path.read_text(encoding="utf-8")


def test_update_keeps_editor_fields(tmp_path, reference, table):
    out = tmp_path / "articles"
    source = FIXTURES / "thoidai-quang-ninh-hiroshima.txt"
    run(out, [source], reference, table)
    (path,) = out.rglob("*.md")
    text = path.read_text(encoding="utf-8").replace(
        "Status: published", "Status: published\nFeatured: top"
    )
    path.write_text(
        text.replace("Summary:", "Series: Thanh niên hữu nghị\nSummary:"), encoding="utf-8"
    )
    edited = path.read_text(encoding="utf-8")
    entry = run(out, [source], reference, table).entries[0]
    assert entry.status == "kept" and "không ghi đè" in entry.reason
    assert path.read_text(encoding="utf-8") == edited


def test_an_editors_work_is_never_written_over(tmp_path, reference, table):
    """Published, moved to another section, a typo fixed: a re-import
    (after the capture changed too) keeps the editor's file as it is."""
    out = tmp_path / "articles"
    capture = tmp_path / "bai.txt"
    original = (FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt").read_text(encoding="utf-8")
    capture.write_text(original, encoding="utf-8")
    run(out, [capture], reference, table)
    (path,) = out.rglob("*.md")
    text = path.read_text(encoding="utf-8")
    assert "\nImported: " in text
    edited = re.sub(r"Status: \w+", "Status: published", text).replace(
        "\n\n", "\n\nĐoạn biên tập viên thêm.\n\n", 1
    )
    path.write_text(edited, encoding="utf-8")
    capture.write_text(
        original.replace(
            "trải nghiệm mùa gặt ở Thái Bình\n", "cùng nông dân Thái Bình vào mùa gặt\n", 1
        ),
        encoding="utf-8",
    )
    assert run(out, [capture], reference, table).entries[0].status == "kept"
    assert path.read_text(encoding="utf-8") == edited


def test_an_article_whose_editor_fixed_its_date_is_found_again(tmp_path, reference, table):
    out = tmp_path / "articles"
    source = FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt"
    run(out, [source], reference, table)
    (path,) = out.rglob("*.md")
    text = path.read_text(encoding="utf-8")
    fixed = re.sub(r"Date: [^\n]+", "Date: 2019-02-16 10:20", text)
    path.write_text(fixed, encoding="utf-8")
    entry = run(out, [source], reference, table).entries[0]
    assert entry.status == "kept"
    assert list(out.rglob("*.md")) == [path]  # no second copy
    assert path.read_text(encoding="utf-8") == fixed


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: re.sub(r"Summary: [^\n]+", "Summary: Sapo do biên tập viên viết lại.", t),
        lambda t: re.sub(r"Title: [^\n]+", "Title: Tiêu đề do biên tập viên đặt lại", t),
        lambda t: re.sub(r"Imported: [^\n]+\n", "", t),
        lambda t: re.sub(
            r"Title: [^\n]+",
            "Title: Tiêu đề mới",
            re.sub(r"Summary: [^\n]+", "Summary: Sapo mới.", t),
        ),
    ],
    ids=["sapo", "title", "no-imported-line", "title-and-sapo"],
)
def test_an_article_edited_after_its_date_was_fixed_is_not_copied_again(
    tmp_path, reference, table, edit
):
    # The editor fixed the estimated date and rewrote one more thing: a
    # re-import published a second copy (same minute no more, and title and
    # sapo both needed).
    out = tmp_path / "articles"
    source = FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt"
    run(out, [source], reference, table)
    (path,) = out.rglob("*.md")
    text = path.read_text(encoding="utf-8")
    fixed = edit(re.sub(r"Date: [^\n]+", "Date: 2019-02-16 10:20", text))
    assert fixed != re.sub(r"Date: [^\n]+", "Date: 2019-02-16 10:20", text)
    path.write_text(fixed, encoding="utf-8")
    entry = run(out, [source], reference, table).entries[0]
    assert entry.status == "kept"
    assert list(out.rglob("*.md")) == [path]  # no second copy
    assert path.read_text(encoding="utf-8") == fixed


def test_text_capture_without_url_is_found_again_by_date_and_sapo(tmp_path, reference, table):
    out = tmp_path / "articles"
    capture = tmp_path / "bai.txt"
    original = (FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt").read_text(encoding="utf-8")
    capture.write_text(original, encoding="utf-8")
    run(out, [capture], reference, table)
    capture.write_text(
        original.replace(
            "trải nghiệm mùa gặt ở Thái Bình\n", "cùng nông dân Thái Bình vào mùa gặt\n", 1
        ),
        encoding="utf-8",
    )
    report = run(out, [capture], reference, table)
    assert report.entries[0].status == "updated"
    assert len(list(out.rglob("*.md"))) == 1


def test_base_url_gives_legacy_urls_to_text_captures(tmp_path, reference, table):
    out = tmp_path / "articles"
    run(out, [FIXTURES], reference, table, base_url="https://thoidai.com.vn/")
    legacy = {h["Slug"]: h.get("Legacy_URL") for h in headers(out).values()}
    assert legacy["quang-ninh-va-tinh-hiroshima-tang-cuong-giao-luu-thanh-nien"] == (
        "https://thoidai.com.vn/thoidai-quang-ninh-hiroshima.html"
    )
    # A URL found in the page itself wins over --base-url.
    assert legacy["hoi-huu-nghi-viet-nam-cuba-trao-hoc-bong-cho-sinh-vien-can-tho"].endswith(
        "-154321.html"
    )


def test_bad_capture_is_an_error_naming_the_file_and_others_import(tmp_path, captures, capsys):
    (captures / "hong.html").write_text(
        "<html><body><div>menu</div></body></html>", encoding="utf-8"
    )
    (captures / "rong.txt").write_text("", encoding="utf-8")
    (captures / "anh.jpg").write_bytes(b"\xff\xd8")
    out = tmp_path / "articles"
    report_path = tmp_path / "report.json"
    code = main([str(captures), "--out", str(out), "--report", str(report_path)])
    assert code == 1
    printed = capsys.readouterr().out
    assert "Lỗi:" in printed and "hong.html" in printed and "rong.txt" in printed
    report = json.loads(report_path.read_text(encoding="utf-8"))
    by_name = {Path(e["capture"]).name: e for e in report["entries"]}
    assert by_name["hong.html"]["status"] == "error" and by_name["hong.html"]["reason"]
    assert by_name["rong.txt"]["reason"] == "tệp rỗng"
    assert by_name["anh.jpg"]["status"] == "skipped"
    assert report["counts"]["imported"] == len(list(out.rglob("*.md"))) >= 4
    code = main([str(captures), "--out", str(out), "--quiet"])
    assert "không đổi" in capsys.readouterr().out


def test_related_titles_map_to_existing_articles(tmp_path, reference, table):
    out = tmp_path / "articles"
    existing = out / "2021" / "thanh-nien-viet-nhat.md"
    existing.parent.mkdir(parents=True)
    existing.write_text(
        "Title: Thanh niên Việt - Nhật giao lưu văn hóa tại Hạ Long\nSlug: thanh-nien-viet-nhat\n"
        "Date: 2021-02-03 08:00\nCategory: Địa phương\nSummary: Đêm giao lưu.\n\nNội dung.\n",
        encoding="utf-8",
    )
    report = run(out, [FIXTURES / "thoidai-quang-ninh-hiroshima.txt"], reference, table)
    entry = report.entries[0]
    assert entry.related_found == ["thanh-nien-viet-nhat"]
    assert entry.related_candidates == [
        "Quảng Ninh trao tặng sách cho thư viện trường học ở Hiroshima"
    ]
    assert "Related: thanh-nien-viet-nhat" in Path(entry.output).read_text(encoding="utf-8")


def test_same_article_twice_in_one_run_is_skipped(tmp_path, reference, table):
    folder = tmp_path / "src"
    folder.mkdir()
    for name in ("a.html", "b.html"):
        shutil.copy(FIXTURES / "thoidai-cuba-hoc-bong.html", folder / name)
    report = run(tmp_path / "articles", [folder], reference, table)
    assert [e.status for e in report.entries] == ["imported", "skipped"]
    assert "a.html" in report.entries[1].reason


def test_slug_collision_with_another_article_gets_a_date_suffix(tmp_path, reference, table):
    out = tmp_path / "articles"
    other = out / "2019" / "quang-ninh-va-tinh-hiroshima-tang-cuong-giao-luu-thanh-nien.md"
    other.parent.mkdir(parents=True)
    other.write_text(
        "Title: Quảng Ninh và tỉnh Hiroshima tăng cường giao lưu thanh niên\n"
        "Slug: quang-ninh-va-tinh-hiroshima-tang-cuong-giao-luu-thanh-nien\nDate: 2019-01-01 08:00\n"
        "Category: Địa phương\nSummary: Bài khác.\n\nNội dung.\n",
        encoding="utf-8",
    )
    entry = run(out, [FIXTURES / "thoidai-quang-ninh-hiroshima.txt"], reference, table).entries[0]
    assert entry.output.endswith(
        "2021/quang-ninh-va-tinh-hiroshima-tang-cuong-giao-luu-thanh-nien-20210312.md"
    )


def test_content_checker_accepts_imported_articles(tmp_path, captures):
    """When the project's checker is ready, imported articles must pass it."""
    import importlib

    checker = importlib.import_module("plugins.content_check")
    if not (hasattr(checker, "main") or importlib.util.find_spec("plugins.content_check.__main__")):
        pytest.skip("plugins.content_check not written yet")
    import subprocess
    import sys

    content = tmp_path / "content"
    assert main([str(captures), "--out", str(content / "articles"), "--quiet"]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "plugins.content_check", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_capture_of_an_article_editors_already_wrote_is_skipped(tmp_path, reference, table):
    out = tmp_path / "articles"
    written = out / "2020" / "soc-trang.md"
    written.parent.mkdir(parents=True)
    text = (
        "Title: Sóc Trăng: Lãnh đạo tỉnh quan tâm đối ngoại nhân dân\nSlug: soc-trang\n"
        "Date: 2020-11-04 07:05\nCategory: Hữu nghị\nSummary: Bản biên tập.\n"
        "Legacy_URL: /huu-nghi/quang-ninh-va-tinh-hiroshima-tang-cuong-giao-luu-thanh-nien-108234.html\n\nNội dung.\n"
    )
    written.write_text(text, encoding="utf-8")
    entry = run(out, [FIXTURES / "thoidai-quang-ninh-hiroshima.txt"], reference, table).entries[0]
    assert entry.status == "skipped" and entry.output == str(written)
    assert written.read_text(encoding="utf-8") == text and len(list(out.rglob("*.md"))) == 1


def test_an_import_into_another_folder_sees_the_sites_articles(
    tmp_path, captures, reference, table
):
    """``--out`` elsewhere (a folder under content/articles, a scratch folder):
    the site's own articles are still searched, so no story is published
    twice, no slug is taken twice, and a story imported before is updated
    where it is."""
    site = tmp_path / "articles"
    wrote = site / "2020" / "soc-trang.md"
    wrote.parent.mkdir(parents=True)
    text = (
        "Title: Sóc Trăng: Lãnh đạo tỉnh quan tâm đối ngoại nhân dân\nSlug: soc-trang\n"
        "Date: 2020-11-04 07:05\nCategory: Hữu nghị\nSummary: Bản biên tập.\n"
        "Legacy_URL: /huu-nghi/quang-ninh-va-tinh-hiroshima-tang-cuong-giao-luu-thanh-nien-108234.html\n\nNội dung.\n"
    )
    wrote.write_text(text, encoding="utf-8")
    elsewhere = site / "imported"
    capture = FIXTURES / "thoidai-quang-ninh-hiroshima.txt"
    entry = Importer(elsewhere, reference, table, site=(site,)).run([capture]).entries[0]
    assert entry.status == "skipped" and entry.output == str(wrote)
    assert not elsewhere.exists() and wrote.read_text(encoding="utf-8") == text

    # A capture imported into the site before: found, not copied into the other folder.
    cuba = FIXTURES / "thoidai-cuba-hoc-bong.html"
    first = Importer(site, reference, table).run([cuba]).entries[0]
    assert first.status == "imported"
    before = Path(first.output).read_text(encoding="utf-8")
    again = Importer(elsewhere, reference, table, site=(site,)).run([cuba]).entries[0]
    assert again.status == "skipped" and again.output == first.output
    assert not elsewhere.exists() and Path(first.output).read_text(encoding="utf-8") == before
    # Its slug is taken: another story of that title in the other folder gets a suffix.
    slug = Path(first.output).stem
    taken = Importer(elsewhere, reference, table, site=(site,)).store
    assert taken.free_slug("x", "2020-01-01") == "x"
    assert slug in taken.slugs


def test_an_unknown_topic_name_is_dropped_and_reported_not_fatal(
    tmp_path, captures, reference, table, monkeypatch
):
    """Issue 20: a recoverable problem does not stop an article."""
    import plugins.importer.run as run_module

    real_convert = run_module.convert

    def with_unknown_names(*args, **kwargs):
        converted = real_convert(*args, **kwargs)
        header = converted.header
        header["Organizations"] = ", ".join(
            filter(None, [header.get("Organizations", ""), "Hội Không Tồn Tại"])
        )
        header["Countries"] = ", ".join(filter(None, [header.get("Countries", ""), "Nhat Ban"]))
        return converted

    monkeypatch.setattr(run_module, "convert", with_unknown_names)
    out = tmp_path / "articles"
    report = run(out, [captures], reference, table)
    assert not report.has_errors
    imported = [e for e in report.entries if e.status == "imported"]
    assert len(imported) == len(list(captures.glob("*.*")))
    for entry in imported:
        assert "Organizations: bỏ 'Hội Không Tồn Tại' (không có trong dữ liệu tham chiếu)" in (
            entry.notes
        )
        assert any(
            note.startswith("Countries: bỏ 'Nhat Ban'") and "có phải 'Nhật Bản'?" in note
            for note in entry.notes
        )
    for name, header in headers(out).items():
        assert "Hội Không Tồn Tại" not in header.get("Organizations", ""), name
        assert check_header(header, reference) == [], name


def test_an_overlong_title_and_a_bad_address_are_repaired_and_reported(
    tmp_path, captures, reference, table, monkeypatch
):
    """Issue 20: the article imports (a draft, for an editor to finish); the
    report says what was repaired."""
    import plugins.importer.run as run_module

    real_convert = run_module.convert
    long_title = "Đoàn đại biểu hữu nghị " * 12  # 276 characters

    def with_problems(*args, **kwargs):
        converted = real_convert(*args, **kwargs)
        converted.header["Title"] = long_title.strip()
        converted.header["Source"] = converted.header.get("Source") or "Báo Nhân Dân"
        converted.header["Source_URL"] = "javascript:alert(1)"
        return converted

    monkeypatch.setattr(run_module, "convert", with_problems)
    out = tmp_path / "articles"
    report = run(out, [captures], reference, table)
    assert not report.has_errors
    entries = [e for e in report.entries if e.status == "imported"]
    assert entries
    for entry in entries:
        assert any(n.startswith("Title dài 275 ký tự") for n in entry.notes), entry.notes
        assert "Source_URL: bỏ 'javascript:alert(1)' (không phải địa chỉ http(s))" in entry.notes
    for name, header in headers(out).items():
        assert len(header["Title"]) <= 200 and header["Title"].startswith("Đoàn đại biểu")
        assert header["Status"] == "draft", name
        assert "Source_URL" not in header
        assert check_header(header, reference) == [], name


def test_a_capture_without_a_headline_loses_no_text(tmp_path, reference, table):
    """Its first paragraph becomes the (cut) title of a draft, and stays,
    whole, at the start of the body."""
    out = tmp_path / "articles"
    capture = tmp_path / "bai.txt"
    lines = (FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt").read_text(encoding="utf-8")
    body = lines.split("\n", 1)[1]  # the headline removed
    capture.write_text(body, encoding="utf-8")
    first = next(line for line in body.splitlines() if line.startswith("Trong hai ngày 13 và 14/8"))
    assert len(first) > 200
    entry = run(out, [capture], reference, table).entries[0]
    assert entry.status == "imported", entry.reason
    (path,) = out.rglob("*.md")
    text = path.read_text(encoding="utf-8")
    header, body_text = text.split("\n\n", 1)
    assert "Status: draft" in header
    assert " ".join(first.split()) in " ".join(body_text.split())


def test_the_report_says_when_an_article_has_no_old_address(tmp_path, reference, table):
    out = tmp_path / "articles"
    source = FIXTURES / "baothaibinh-luu-hoc-sinh-lao.txt"
    (entry,) = run(out, [source], reference, table).entries
    assert any("Legacy_URL" in note and "--base-url" in note for note in entry.notes)
    (entry,) = run(
        tmp_path / "other", [source], reference, table, base_url="https://baothaibinh.com.vn/"
    ).entries
    assert not any("Legacy_URL" in note for note in entry.notes)


def test_no_source_or_the_project_itself_is_refused_before_anything_is_written(
    tmp_path, captures, capsys
):
    # "make import" without SRC passed "": the current folder, whose output/
    # and tests/ pages were imported as 447 articles.
    project = tmp_path / "project"
    out = project / "content" / "articles"
    (project / "output").mkdir(parents=True)
    shutil.copytree(captures, project / "output" / "pages")
    for sources in ([""], [str(project)], [str(captures), ""]):
        with pytest.raises(SystemExit) as stopped:
            main([*sources, "--out", str(out)])
        assert stopped.value.code == 2
        message = capsys.readouterr().err
        assert "make import SRC=" in message
        assert not out.exists()
    assert main([str(captures), "--out", str(out), "--quiet"]) == 0
    assert list(out.rglob("*.md"))


def test_an_update_writes_the_header_a_fresh_import_writes(tmp_path, reference, table):
    # Oracle: importing the changed capture into an empty folder. An update
    # kept the old Localities (a key the importer writes but did not list as
    # its own), as if an editor had written them.
    capture = tmp_path / "captures" / "thoidai-quang-ninh-hiroshima.txt"
    capture.parent.mkdir()
    original = (FIXTURES / capture.name).read_text(encoding="utf-8")
    sentence = "Sáng 11/3, tại thành phố Hạ Long,"
    assert sentence in original
    capture.write_text(
        original.replace(sentence, "Sáng 11/3, tại phường Hồng Gai, thành phố Hạ Long,"),
        encoding="utf-8",
    )
    out = tmp_path / "articles"
    run(out, [capture], reference, table)
    assert "Hồng Gai" in next(iter(headers(out).values())).get("Localities", "")
    capture.write_text(
        original.replace(sentence, "Sáng 11/3, tại phường Bãi Cháy, thành phố Hạ Long,"),
        encoding="utf-8",
    )
    assert run(out, [capture], reference, table).entries[0].status == "updated"
    fresh = tmp_path / "fresh"
    run(fresh, [capture], reference, table)
    assert headers(out) == headers(fresh)
    assert "Bãi Cháy" in next(iter(headers(out).values()))["Localities"]


def test_a_capture_without_a_source_asks_for_one(tmp_path, captures, reference, table):
    # Without Source (and Authors) the page credited the portal's own
    # editors, silently. The note goes with the article, never otherwise.
    out = tmp_path / "articles"
    report = run(out, [captures], reference, table)
    written = {h["Slug"]: h for h in headers(out).values()}
    asked = 0
    for entry in report.entries:
        if entry.status != "imported":
            continue
        header = written[Path(entry.output).stem]
        notes = [n for n in entry.notes if "hãy ghi Source" in n]
        assert bool(notes) == (not header.get("Source")), entry.capture
        if notes:
            asked += 1
            assert ("Authors" in notes[0]) == (not header.get("Authors")), entry.capture
    assert asked  # the captures hold both kinds


def test_the_report_says_what_of_the_old_page_was_left_out(tmp_path, reference, table):
    # Teasers of other stories inside the body are dropped: the report named
    # none of them, so an editor could not check that nothing was lost.
    out = tmp_path / "articles"
    source = FIXTURES / "thoidai-quang-ninh-hiroshima.txt"
    entry = run(out, [source], reference, table).entries[0]
    (left_out,) = [note for note in entry.notes if note.startswith("đã bỏ khỏi thân bài: ")]
    text = next(out.rglob("*.md")).read_text(encoding="utf-8")
    for teaser in ("Đà Nẵng đón đoàn doanh nghiệp", "Lào Cai kêu gọi hợp tác"):
        assert teaser not in text  # dropped …
        assert f"tin khác '{teaser}" in left_out  # … and said
