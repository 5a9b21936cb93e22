"""`make new`: slug rules, GMT+7 date, no overwrite, and the checker accepts the draft."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plugins.content_check import check_tree
from plugins.content_model.model import FIELDS, is_slug, read_header
from plugins.scaffold import article_slug, main, unique_slug
from plugins.scaffold.command import PROMPTS

PROVINCES_PROMPT = PROMPTS["provinces"]

ROOT = Path(__file__).resolve().parents[1]
# 2025-12-31 20:30 UTC is already 2026-01-01 03:30 in Viet Nam.
CLOCK = lambda: datetime(2025, 12, 31, 20, 30, tzinfo=UTC)  # noqa: E731


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(tmp_path: Path, *args: str, stdin=None, ask=None):
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--content", str(tmp_path / "content"), "--data", str(ROOT / "data"), *args],
        now=CLOCK,
        stdin=stdin or io.StringIO(),
        stdout=out,
        stderr=err,
        ask=ask or (lambda prompt: pytest.fail(f"unexpected prompt {prompt}")),
    )
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đoàn đại biểu Đà Nẵng thăm Lào", "doan-dai-bieu-da-nang-tham-lao"),
        ("ĐỐI NGOẠI nhân dân: 2025!", "doi-ngoai-nhan-dan-2025"),
        ("Hữu nghị Việt – Nhật (kỳ 1)", "huu-nghi-viet-nhat-ky-1"),
        ("  Thừa Thiên - Huế  ", "thua-thien-hue"),
    ],
)
def test_slug_rules(title, slug):
    assert article_slug(title) == slug
    assert is_slug(slug)


def test_long_title_slug_is_cut_at_a_word():
    slug = article_slug("Liên hiệp các tổ chức hữu nghị " * 10)
    assert len(slug) <= 80 and is_slug(slug) and not slug.endswith("-")
    assert slug.startswith("lien-hiep-cac-to-chuc-huu-nghi-lien-hiep")


def test_unique_slug_adds_a_suffix():
    assert unique_slug("a", []) == "a"
    assert unique_slug("a", ["a"]) == "a-2"
    assert unique_slug("a", ["a", "a-2"]) == "a-3"


def test_creates_draft_in_year_folder_with_gmt7_date(tmp_path):
    code, out, err = run(
        tmp_path,
        "--title",
        "Đà Nẵng đón đoàn Lào",
        "--section",
        "Hữu nghị",
        "--provinces",
        "Đà Nẵng, Quảng Nam",
    )
    assert code == 0, err
    path = tmp_path / "content/articles/2026/da-nang-don-doan-lao.md"
    assert f"Đã tạo bài nháp: {path}" in out
    assert "make check" in out
    text = path.read_text(encoding="utf-8")
    header, problems = read_header(text)
    assert problems == []
    values = {h.key: h.value for h in header.lines}
    assert values["title"] == "Đà Nẵng đón đoàn Lào"
    assert values["slug"] == "da-nang-don-doan-lao"
    assert values["date"] == "2026-01-01 03:30"
    assert values["category"] == "Hữu nghị"
    # Quảng Nam joined Đà Nẵng on 1 July 2025: a 2026 article names Đà Nẵng once.
    assert values["provinces"] == "Đà Nẵng"
    assert "'Quảng Nam' là tên tỉnh trước 1/7/2025: bài mới ghi 'Đà Nẵng'" in out
    assert values["status"] == "draft"
    # every model field is in the header or explained in the guide
    for spec in FIELDS:
        assert spec.name in values or f"- {spec.key}:" in text


def test_section_alias_is_written_as_canonical_name(tmp_path):
    code, _, _ = run(tmp_path, "--title", "Tin thử", "--section", "Việt kiều")
    assert code == 0
    assert "Category: Kiều bào\n" in (tmp_path / "content/articles/2026/tin-thu.md").read_text(
        encoding="utf-8"
    )


def test_generated_file_passes_the_checker(tmp_path, reference):
    assert (
        run(
            tmp_path,
            "--title",
            "Sóc Trăng giao lưu với Lào",
            "--section",
            "Địa phương",
            "--provinces",
            "Sóc Trăng",
        )[0]
        == 0
    )
    report = check_tree(tmp_path / "content", reference, cwd=tmp_path)
    assert report.problems == ()
    assert report.files_checked == 1


def test_a_former_province_is_written_by_its_current_name_on_a_new_article(tmp_path):
    code, out, _ = run(
        tmp_path, "--title", "Tin", "--section", "Địa phương", "--provinces", "Sóc Trăng, Cần Thơ"
    )
    assert code == 0
    assert "'Sóc Trăng' là tên tỉnh trước 1/7/2025: bài mới ghi 'Cần Thơ'" in out
    text = (tmp_path / "content/articles/2026/tin.md").read_text(encoding="utf-8")
    assert "\nProvinces: Cần Thơ\n" in text


def test_refuses_to_overwrite_adds_suffix(tmp_path):
    first = tmp_path / "content/articles/2026/tin-thu.md"
    assert run(tmp_path, "--title", "Tin thử", "--section", "Hữu nghị")[0] == 0
    first.write_text(first.read_text(encoding="utf-8") + "Đã viết.\n", encoding="utf-8")
    before = first.read_bytes()
    code, out, _ = run(tmp_path, "--title", "Tin thử", "--section", "Hữu nghị")
    assert code == 0
    assert first.read_bytes() == before
    second = tmp_path / "content/articles/2026/tin-thu-2.md"
    assert "Slug: tin-thu-2\n" in second.read_text(encoding="utf-8")
    assert (
        "slug 'tin-thu' đã có ở content/articles/2026/tin-thu.md, bài mới dùng 'tin-thu-2'" in out
    )


def test_slug_taken_in_another_year_or_a_page_gets_a_suffix(tmp_path):
    (tmp_path / "content/articles/2019").mkdir(parents=True)
    (tmp_path / "content/articles/2019/tin-thu.md").write_text("x", encoding="utf-8")
    (tmp_path / "content/pages").mkdir(parents=True)
    (tmp_path / "content/pages/tin-thu-2.md").write_text("x", encoding="utf-8")
    assert run(tmp_path, "--title", "Tin thử", "--section", "Hữu nghị")[0] == 0
    assert (tmp_path / "content/articles/2026/tin-thu-3.md").exists()


def test_unknown_section_and_province_suggest_and_exit_2(tmp_path):
    code, _, err = run(
        tmp_path, "--title", "Tin thử", "--section", "Huu nghi", "--provinces", "Soc Trang"
    )
    assert code == 2
    assert "chuyên mục 'Huu nghi' không có trong danh mục — có phải 'Hữu nghị'?" in err
    assert "tỉnh 'Soc Trang' không có trong danh mục — có phải 'Sóc Trăng'?" in err
    assert not (tmp_path / "content/articles").exists()


def test_missing_arguments_without_tty_exit_2(tmp_path):
    code, _, err = run(tmp_path, "--title", "", "--section", "", "--provinces", "")
    assert code == 2
    assert "cần tiêu đề bài" in err


def test_missing_arguments_are_asked_on_a_tty(tmp_path):
    answers = {"Tiêu đề bài: ": "Tin hỏi đáp", "Chuyên mục: ": "Quốc tế"}
    asked = []

    def ask(prompt):
        asked.append(prompt)
        return answers.get(prompt, "")

    code, _, err = run(tmp_path, "--provinces", "Hà Nội", stdin=FakeTTY(), ask=ask)
    assert code == 0, err
    assert asked == ["Tiêu đề bài: ", "Chuyên mục: "]
    text = (tmp_path / "content/articles/2026/tin-hoi-dap.md").read_text(encoding="utf-8")
    assert "Category: Quốc tế\n" in text and "Provinces: Hà Nội\n" in text


def _article(tmp_path: Path, rel: str, header: str) -> Path:
    path = tmp_path / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n\nThân bài.\n", encoding="utf-8")
    return path


def test_a_slug_taken_by_a_slug_line_gets_a_suffix(tmp_path):
    _article(tmp_path, "articles/2025/ten-tep-khac.md", "Title: A\nSlug: tin-thu")
    assert run(tmp_path, "--title", "Tin thử", "--section", "Hữu nghị")[0] == 0
    assert (tmp_path / "content/articles/2026/tin-thu-2.md").exists()


def test_a_title_over_the_limit_is_refused(tmp_path):
    code, _, err = run(tmp_path, "--title", "Hữu nghị " * 30, "--section", "Hữu nghị")
    assert code == 2 and "tối đa 200" in err
    assert not (tmp_path / "content/articles").exists()


def test_a_translation_is_refused_when_one_exists_or_the_language_is_the_same(tmp_path):
    _article(tmp_path, "articles/2025/goc.md", "Title: Gốc\nSlug: goc\nTranslation_Key: k")
    _article(
        tmp_path,
        "en/articles/2025/done.md",
        "Title: Done\nSlug: done\nLang: en\nTranslation_Key: k",
    )
    _article(tmp_path, "articles/2025/khac.md", "Title: Khác\nSlug: khac")
    english = ("--section", "Friendship", "--lang", "en")
    code, _, err = run(tmp_path, "--title", "Again", *english, "--translation-of", "goc")
    # named as every other message names a file: from content/, not within it
    done = tmp_path / "content" / "en" / "articles" / "2025" / "done.md"
    assert code == 2 and f"đã có bản tiếng Anh: {done}" in err
    code, _, err = run(
        tmp_path, "--title", "Khác nữa", "--section", "Hữu nghị", "--translation-of", "khac"
    )
    assert code == 2 and "cũng là bài tiếng Việt" in err and "EDITION=en" in err
    assert "Translation_Key" not in (tmp_path / "content/articles/2025/khac.md").read_text("utf-8")
    assert not (tmp_path / "content/articles/2026").exists()
    assert not (tmp_path / "content/en/articles/2026").exists()


def test_an_empty_translation_key_line_of_the_original_is_filled(tmp_path):
    original = _article(tmp_path, "articles/2025/goc.md", "Title: Gốc\nTranslation_Key:\nSlug: goc")
    code, _, err = run(
        tmp_path,
        "--title",
        "Origin",
        "--section",
        "Friendship",
        "--lang",
        "en",
        "--translation-of",
        "goc",
    )
    assert code == 0, err
    lines = original.read_text("utf-8").splitlines()
    assert [line for line in lines if line.startswith("Translation_Key")] == [
        "Translation_Key: goc"
    ]


def test_an_english_draft_credits_photos_in_english(tmp_path):
    assert run(tmp_path, "--title", "Visit", "--section", "Friendship", "--lang", "en")[0] == 0
    text = (tmp_path / "content/en/articles/2026/visit.md").read_text("utf-8")
    assert "(Photo: " in text and "(Ảnh: " not in text


@pytest.mark.parametrize(
    "title", ['Hội "Hữu nghị" Việt - Lào', "Chương trình $100 triệu cho `trẻ em`", "L'amitié"]
)
def test_make_new_keeps_the_title_as_typed(tmp_path, title):
    """The Makefile hands what the editor typed over in the environment:
    quotes, $ and backticks are neither read by make nor run by the shell."""
    import subprocess

    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(ROOT),
            "new",
            f"TITLE={title}",
            "SECTION=Hữu nghị",
            f"PYTHON={ROOT / '.venv/bin/python'} -m plugins.scaffold --content {tmp_path / 'content'} --data {ROOT / 'data'} #",
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    created = [line for line in done.stdout.splitlines() if line.startswith("Đã tạo bài nháp: ")]
    path = Path(created[0].split(": ", 1)[1])
    assert f"Title: {title}\n" in path.read_text("utf-8")


def test_provinces_are_written_as_the_data_names_them_like_the_section(tmp_path, reference):
    # "Ha Noi" and "Sài Gòn" were written as typed while SECTION was corrected.
    code, _, _ = run(
        tmp_path, "--title", "Tin", "--section", "Friendship", "--provinces", "Ha Noi, Sài Gòn"
    )
    assert code == 0
    text = (tmp_path / "content/articles/2026/tin.md").read_text(encoding="utf-8")
    expected = ", ".join(reference.province(n).found.name for n in ("Hà Nội", "TP.HCM"))
    assert f"\nProvinces: {expected}\n" in text
    assert "\nCategory: Hữu nghị\n" in text


def test_a_title_pasted_over_two_lines_is_one_header_line(tmp_path, reference):
    # The line break ended the Title line: make check refused the file, and
    # a second line such as "Status: published" became a header field.
    title = "Đoàn VUFO làm việc tại Cần Thơ\nStatus: published"
    code, out, _ = run(tmp_path, "--title", title, "--section", "Địa phương")
    assert code == 0
    (path,) = (tmp_path / "content" / "articles").rglob("*.md")
    header = {h.key: h.value for h in read_header(path.read_text(encoding="utf-8"))[0].lines}
    assert header["title"] == "Đoàn VUFO làm việc tại Cần Thơ Status: published"
    assert header["status"] == "draft"
    assert check_tree(tmp_path / "content", reference, cwd=tmp_path).errors == 0


@pytest.mark.parametrize(("edition", "address"), [("", "ban-nhap/tin/"), ("en", "en/draft/tin/")])
def test_the_next_steps_give_the_draft_s_preview_address(tmp_path, edition, address):
    args = ["--title", "Tin", "--section", "Hữu nghị"]
    code, out, _ = run(tmp_path, *args, *(["--lang", edition] if edition else []))
    assert code == 0
    assert f"http://127.0.0.1:8000/{address}" in out


def test_the_preview_address_uses_the_port_make_serve_is_given(tmp_path):
    # make new PORT=8080: the draft is at 8080 once "make serve PORT=8080" runs
    code, out, _ = run(tmp_path, "--title", "Tin", "--section", "Hữu nghị", "--port", "8080")
    assert code == 0
    assert "'make serve PORT=8080'" in out
    assert "http://127.0.0.1:8080/ban-nhap/tin/" in out


def test_a_port_that_is_no_number_is_named_not_a_traceback(tmp_path, monkeypatch, capsys):
    # make new PORT=abc: int() ran while the defaults were made, and raised.
    monkeypatch.setenv("NEW_PORT", "abc")
    with pytest.raises(SystemExit) as stopped:
        run(tmp_path, "--title", "Tin", "--section", "Hữu nghị")
    assert stopped.value.code == 2
    assert "--port: invalid int value: 'abc'" in capsys.readouterr().err


def test_a_typo_at_a_prompt_is_asked_again_not_the_end_of_the_command(tmp_path):
    answers = {
        "Tiêu đề bài: ": ["Tin hỏi lại"],
        "Chuyên mục: ": ["Dia phuong", "Địa phương"],
        PROVINCES_PROMPT: ["Hue", "Huế"],
    }
    asked = []

    def ask(prompt):
        asked.append(prompt)
        return answers[prompt].pop(0)

    code, _, err = run(tmp_path, stdin=FakeTTY(), ask=ask)
    assert code == 0, err
    assert "'Dia phuong'" in err and "có phải 'Địa phương'?" in err and "nhập lại" in err
    assert asked.count("Chuyên mục: ") == 2 and asked.count(PROVINCES_PROMPT) == 2
    text = (tmp_path / "content/articles/2026/tin-hoi-lai.md").read_text(encoding="utf-8")
    assert "Category: Địa phương\n" in text and "Provinces: Huế\n" in text
