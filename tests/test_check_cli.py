"""The command line (run as `make check` does) and the Pelican hook."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.content_check import check_before_build, options, wait_for_check

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "check"
PYTHON = ROOT / ".venv" / "bin" / "python"
BROKEN = ("unknown-province", "bad-date", "keyword-collision", "image-without-alt", "unknown-key")


def make_site(tmp_path: Path, *cases: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "good", site)
    for case in cases:
        shutil.copytree(FIXTURES / "cases" / case, site / "content", dirs_exist_ok=True)
    return site


def run_check(site: Path, *args: str) -> subprocess.CompletedProcess:
    python = PYTHON if PYTHON.exists() else Path(sys.executable)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [
            str(python),
            "-m",
            "plugins.content_check",
            "content",
            "--data",
            str(ROOT / "data"),
            *args,
        ],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_cli_lists_every_problem_sorted_and_exits_1(tmp_path):
    site = make_site(tmp_path, *BROKEN)
    result = run_check(site)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    a = "content/articles/2020"
    assert lines == [
        f"{a}/bad-date.md:3: Date: ngày giờ '10/05/2020 08:30' không đúng dạng YYYY-MM-DD HH:MM — viết '2020-05-10 08:30' (ngày 10 tháng 5; nếu là ngày 5 tháng 10 thì viết '2020-10-05 08:30')",
        f"{a}/image-without-alt.md:7: có ảnh (Image) nhưng thiếu Image_Alt — mô tả ảnh cho người khiếm thị",
        f"{a}/keyword-collision-a.md:7: địa chỉ /tu-khoa/ha-noi/ bị trùng: từ khóa 'Hà Nội' ({a}/keyword-collision-a.md:7); từ khóa 'Ha Noi' ({a}/keyword-collision-b.md:7) — chỉ khác dấu hay dấu câu (như 'Hà Nội' và 'Ha Noi'): dùng một cách viết thống nhất",
        f"{a}/keyword-collision-b.md:7: địa chỉ /tu-khoa/ha-noi/ bị trùng: từ khóa 'Hà Nội' ({a}/keyword-collision-a.md:7); từ khóa 'Ha Noi' ({a}/keyword-collision-b.md:7) — chỉ khác dấu hay dấu câu (như 'Hà Nội' và 'Ha Noi'): dùng một cách viết thống nhất",
        f"{a}/unknown-key.md:7: trường 'Tag' không có trong mô hình nội dung (bảng các trường: docs/huong-dan-bien-tap.md, mục 3) — có phải 'Tags'?",
        f"{a}/unknown-province.md:5: tỉnh 'Soc Trang' không có trong danh mục — có phải 'Sóc Trăng'?",
        "Đã kiểm tra 9 bài: 6 lỗi, 0 cảnh báo",
    ]


def test_cli_good_tree_exits_0(tmp_path):
    result = run_check(make_site(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Đã kiểm tra 3 bài: 0 lỗi, 0 cảnh báo"


def test_cli_warnings_alone_exit_0(tmp_path):
    result = run_check(make_site(tmp_path, "not-nfc", "slug-filename-mismatch"))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "Đã kiểm tra 5 bài: 0 lỗi, 2 cảnh báo"


def test_cli_fix_rewrites_nfc(tmp_path):
    site = make_site(tmp_path, "not-nfc")
    target = site / "content/articles/2020/not-nfc.md"
    before = target.read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", before)
    result = run_check(site, "--fix")
    assert result.returncode == 0
    assert "đã sửa: content/articles/2020/not-nfc.md (chuẩn hóa NFC)" in result.stdout
    assert result.stdout.splitlines()[-1] == "Đã kiểm tra 4 bài: 0 lỗi, 0 cảnh báo"
    after = target.read_text(encoding="utf-8")
    assert after == unicodedata.normalize("NFC", before)
    # Without --fix the warning is reported and the file left alone.
    site2 = make_site(tmp_path / "again", "not-nfc")
    result = run_check(site2)
    assert "văn bản chưa chuẩn hóa NFC" in result.stdout
    assert not unicodedata.is_normalized(
        "NFC", (site2 / "content/articles/2020/not-nfc.md").read_text(encoding="utf-8")
    )


def test_cli_missing_content_dir_exits_2(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert "không tìm thấy thư mục nội dung" in result.stderr


def _pelican(site: Path, **extra) -> SimpleNamespace:
    settings = {"PATH": str(site / "content"), "PORTAL_DATA_DIR": str(ROOT / "data"), **extra}
    return SimpleNamespace(settings=settings)


def test_build_hook_refuses_invalid_content(tmp_path, caplog):
    site = make_site(tmp_path, "unknown-province", "bad-date")
    pelican = _pelican(site)
    with caplog.at_level(logging.WARNING), pytest.raises(SystemExit) as stop:
        check_before_build(pelican)  # in a child or here, by whether it can fork
        wait_for_check(pelican.settings)
    assert stop.value.code == 1
    messages = [r.getMessage() for r in caplog.records]
    assert any("tỉnh 'Soc Trang' không có trong danh mục" in m for m in messages)
    assert messages[-1] == "Nội dung có 2 lỗi — chưa dựng trang. Chạy 'make check' để xem chi tiết."


FORKED_CHECK = """
import sys
from pathlib import Path
import plugins.content_check as plugin
from tests.test_check_cli import _pelican, make_site

pelican = _pelican(make_site(Path(sys.argv[1]), "bad-date"))
plugin.check_before_build(pelican)  # returns at once: a child checks
print("pending", isinstance(plugin._check_run(pelican.settings).outcome, plugin.Forked))
try:
    plugin.wait_for_check(pelican.settings)
except SystemExit as stop:
    print("verdict", stop.code, plugin._check_run(pelican.settings) is not None)
plugin.wait_for_check(pelican.settings)  # nothing pending: nothing to say
print("done")
"""


def test_the_check_runs_beside_the_build(tmp_path):
    # A fresh process: forking is refused where other threads run (xdist).
    done = subprocess.run(
        [sys.executable, "-c", FORKED_CHECK, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.split("\n")[:3] == ["pending True", "verdict 1 False", "done"], (
        done.stdout + done.stderr
    )


def test_the_check_runs_in_the_build_when_it_cannot_fork(tmp_path, monkeypatch):
    import plugins.content_check as plugin

    monkeypatch.setattr(plugin, "can_fork", lambda: False)
    pelican = _pelican(make_site(tmp_path, "bad-date"))
    with pytest.raises(SystemExit):
        check_before_build(pelican)  # the verdict at once
    assert plugin._check_run(pelican.settings) is None


def test_build_hook_passes_valid_content_and_can_be_disabled(tmp_path):
    check_before_build(_pelican(make_site(tmp_path / "ok")))  # no exception
    broken = make_site(tmp_path / "bad", "bad-date")
    check_before_build(_pelican(broken, CONTENT_CHECK={"enabled": False}))  # skipped
    settings = {"CONTENT_CHECK": {"enabled": False}}
    assert options(settings) == {"enabled": False, "update_record": False, "cache": True}
    assert settings == {"CONTENT_CHECK": {"enabled": False}}  # not mutated
    assert options({}) == {"enabled": True, "update_record": False, "cache": True}


def test_cli_fix_removes_a_bom(tmp_path):
    site = make_site(tmp_path, "bom")
    target = next((site / "content").rglob("bom.md"))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run_check(site).returncode == 1  # the BOM is an error …
    result = run_check(site, "--fix")  # … that --fix mends
    assert result.returncode == 0, result.stdout
    assert "(bỏ BOM)" in result.stdout
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_cli_fix_turns_unicode_line_separators_into_line_breaks(tmp_path):
    site = make_site(tmp_path)
    target = next((site / "content" / "articles").rglob("*.md"))
    text = target.read_text(encoding="utf-8")
    title = text.split("\n", 1)[0]
    target.write_text(
        text.replace(title, title + "\u2028Image_Credit: Minh Anh", 1), encoding="utf-8"
    )
    refused = run_check(site)
    assert refused.returncode == 1
    assert f"{target.relative_to(site).as_posix()}:1: " in refused.stdout
    assert "ký tự ngắt dòng U+2028" in refused.stdout
    fixed = run_check(site, "--fix")
    assert fixed.returncode == 0, fixed.stdout
    assert "U+2028/U+2029" in fixed.stdout
    lines = target.read_text(encoding="utf-8").split("\n")
    assert lines[:2] == [title, "Image_Credit: Minh Anh"]


def test_cli_warns_at_its_line_of_code_the_build_will_remove(tmp_path):
    # The build's sanitizer removes these (with a warning naming no line);
    # make check said nothing. Code shown as code is left alone.
    site = make_site(tmp_path)
    target = next((site / "content" / "articles").rglob("*.md"))
    text = target.read_text(encoding="utf-8").rstrip("\n")
    lines = text.split("\n")
    added = [
        "",
        "<script>alert(1)</script>",
        "",
        "Xem [trang này](javascript:alert(1)) và <a href='/' onclick='x()'>đây</a>.",
        "",
        "`<script>` trong mã thì được giữ nguyên.",
        "",
        "    <iframe src='https://example.com'></iframe>",
        "",
        '<a href="/gioi-thieu/"',
        '   onmouseover="alert(1)">Giới thiệu</a>',
    ]
    target.write_text("\n".join(lines + added) + "\n", encoding="utf-8")
    result = run_check(site)
    assert result.returncode == 0, result.stdout  # warnings: the build goes on too
    shown = target.relative_to(site).as_posix()
    warned = [line for line in result.stdout.splitlines() if "sẽ bị loại bỏ khi đăng" in line]
    script, link, split_tag = len(lines) + 2, len(lines) + 4, len(lines) + 10
    assert [w.split(": ", 1)[0] for w in warned] == [
        f"{shown}:{script}",
        f"{shown}:{link}",
        f"{shown}:{link}",
        f"{shown}:{split_tag}",  # a tag over two lines, at its first (it was not named)
    ], result.stdout
    assert "(onmouseover)" in warned[3]
    assert "(<script>)" in warned[0]
    assert {w[w.index("(") : w.index(")") + 1] for w in warned[1:3]} == {
        "(onclick)",
        "(liên kết javascript:)",
    }


def test_autolinks_and_the_word_img_in_prose_are_not_code(tmp_path):
    # An autolink <https://…/online/…> was read as a tag with an "on…"
    # attribute, and "<img" in a sentence as an HTML image (an error).
    site = make_site(tmp_path)
    target = next((site / "content" / "articles").rglob("*.md"))
    text = target.read_text(encoding="utf-8").rstrip("\n")
    prose = [
        "",
        "Xem <https://vov.vn/online/tin-tuc> và <https://example.com/a/onerror=1>.",
        "",
        "Không nên viết thẻ <img trong bài, vì 3 < img size.",
        "",
        "> Trích dẫn.",
        "",
        "Thư gửi <ban@vufo.org.vn>.",
    ]
    target.write_text("\n".join([text, *prose]) + "\n", encoding="utf-8")
    result = run_check(site)
    assert result.returncode == 0, result.stdout
    assert "sẽ bị loại bỏ" not in result.stdout and "thẻ HTML <img>" not in result.stdout


def test_a_keyword_collision_says_what_tells_the_spellings_apart():
    from plugins.content_check.site import spelling_difference

    assert spelling_difference(["Đối ngoại nhân dân", "đối ngoại nhân dân"]).startswith(
        "chỉ khác chữ hoa, chữ thường:"
    )
    assert spelling_difference(["Giao lưu văn hoá", "giao lưu văn hóa"]).startswith(
        "chỉ khác chỗ đặt dấu thanh"
    )
    assert spelling_difference(["Hà Nội", "Ha Noi"]).startswith("chỉ khác dấu hay dấu câu")


def test_an_old_address_over_one_page_is_blamed_alone_but_pages_that_collide_are_reported():
    from plugins.content_check.rules import KIND_LEGACY, KIND_PAGE, KIND_PROVINCE
    from plugins.content_check.site import Owner, url_collisions

    old = Owner(KIND_LEGACY, "/Tinh/Can-Tho", "Tinh/Can-Tho/", "a.md", 7, False)
    province = Owner(KIND_PROVINCE, "Cần Thơ", "tinh/can-tho/", "b.md", 5, True)
    alone = url_collisions(
        {"Tinh/Can-Tho/index.html": [(old, 1)], "tinh/can-tho/index.html": [(province, 1)]}
    )
    assert [(p.path, p.line) for p in alone] == [("a.md", 7)]
    assert "/tinh/can-tho/" in alone[0].message  # named by the page's own address
    # a static page over the home's second page, and an old address there too:
    # the two pages collide among themselves, each is reported
    page = Owner(KIND_PAGE, "trang-2", "trang-2/", "pages/trang-2.md", 2, False)
    home = Owner("trang chủ", "", "", None, 0, True)
    crowded = url_collisions(
        {"trang-2/index.html": [(page, 1), (home, 2)], "Trang-2/index.html": [(old, 1)]}
    )
    assert sorted(p.path for p in crowded) == ["a.md", "pages/trang-2.md"]
