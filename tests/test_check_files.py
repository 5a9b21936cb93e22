"""Every file under content/ is accounted for: one list, read by the check
and compared with what Pelican read in the build."""

from __future__ import annotations

import os
import unicodedata

import pytest

from plugins.content_check.files import (
    ARTICLE,
    IMAGE,
    PAGE,
    RECORD,
    REDIRECTS,
    REFUSED,
    classify,
    content_files,
    unlisted_sources,
)
from tests.bad_input_site import LEAD, build_in_process, make_site, previous_site, snapshot


@pytest.mark.parametrize(
    ("rel", "kind", "code"),
    [
        ("articles/2025/bai.md", ARTICLE, ""),
        ("articles/bai.md", ARTICLE, ""),
        ("pages/gioi-thieu.md", PAGE, ""),
        ("images/2025/anh.jpg", IMAGE, ""),
        ("images/2025/ANH.JPEG", IMAGE, ""),
        ("images/anh.webp", IMAGE, ""),
        ("published-urls.txt", RECORD, ""),
        ("redirects.toml", REDIRECTS, ""),
        ("articles/2026/.t9.md", REFUSED, "hidden-file"),
        ("articles/2026/.#x.md", REFUSED, "hidden-file"),
        ("articles/2026/._x.md", REFUSED, "hidden-file"),
        ("images/.DS_Store", REFUSED, "hidden-file"),
        ("articles/.nhap/x.md", REFUSED, "hidden-folder"),
        ("articles/2025/x.md~", REFUSED, "temporary-file"),
        ("articles/2025/#x.md#", REFUSED, "temporary-file"),
        ("articles/2025/~$bai.docx", REFUSED, "temporary-file"),
        ("articles/2025/x.md.swp", REFUSED, "temporary-file"),
        ("articles/2026/x.markdown", REFUSED, "markdown-extension"),
        ("articles/2026/x.MD", REFUSED, "markdown-extension"),
        ("pages/x.mkd", REFUSED, "markdown-extension"),
        ("articles/2025/bai.docx", REFUSED, "not-markdown"),
        ("articles/2025/anh.jpg", REFUSED, "image-outside-images"),
        ("anh.png", REFUSED, "image-outside-images"),
        ("t12.md", REFUSED, "markdown-outside-sources"),
        ("images/2026/t15.md", REFUSED, "markdown-outside-sources"),
        ("images/2026/anh.gif", REFUSED, "not-an-image"),
        ("tai-lieu/bao-cao.pdf", REFUSED, "unknown-file"),
        ("README", REFUSED, "unknown-file"),
        ("articles/published-urls.txt", REFUSED, "not-markdown"),
    ],
)
def test_each_file_is_an_article_a_page_an_image_or_refused(rel, kind, code):
    found = classify(rel)
    assert (found.kind, found.code) == (kind, code)
    assert bool(found.message) == (kind == REFUSED)


def test_the_folders_come_from_the_settings():
    assert classify("tin/bai.md", article_dirs=("tin",)).kind == ARTICLE
    assert classify("articles/bai.md", article_dirs=("tin",)).code == "markdown-outside-sources"
    assert classify("trang/a.md", page_dirs=("trang",)).kind == PAGE


def test_the_walk_sees_hidden_files_and_follows_links_inside_once(tmp_path):
    content = tmp_path / "content"
    (content / "articles" / "2025").mkdir(parents=True)
    (content / "articles" / "2025" / "a.md").write_text("x", encoding="utf-8")
    (content / "articles" / "2025" / ".b.md").write_text("x", encoding="utf-8")
    (content / "images").mkdir()
    os.symlink("../articles", content / "articles" / "2025" / "vong")  # a loop
    os.symlink(tmp_path, content / "images" / "ngoai")  # outside
    os.symlink("khong-co", content / "articles" / "2025" / ".#c.md")  # dangling
    tree = content_files(content)
    rels = sorted(f.rel for f in tree.files)
    assert "articles/2025/.b.md" in rels and "articles/2025/.#c.md" in rels
    assert tree.sources.count("articles/2025/a.md") == 1
    assert tree.outside_links == (("images/ngoai", os.path.realpath(tmp_path)),)
    assert {f.rel for f in tree.of_kind(REFUSED)} >= {"articles/2025/.b.md", "articles/2025/.#c.md"}


def test_unlisted_sources_name_both_directions():
    assert unlisted_sources(["a.md", "b.md"], ["b.md", "c.md"]) == (["c.md"], ["a.md"])


def test_a_file_pelican_does_not_read_fails_the_build(tmp_path, capfd, caplog):
    """The build compares what Pelican read with the check's list: a source
    Pelican skipped (here by a setting) is never dropped without a word."""
    site = make_site(tmp_path)
    before = previous_site(site.output)
    site.set(ARTICLE_EXCLUDES=["articles/2025"])
    result = build_in_process(site, capfd, caplog)
    assert result.code == 1, result.text[-2000:]
    assert f"{LEAD}:1: phần kiểm tra thấy tệp này nhưng Pelican không đọc" in result.text
    assert snapshot(site.output) == before


_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks, combining


def _encoded(text: str, encoding: str) -> bytes:
    """``text`` as Windows stores it in ``encoding``: Windows-1258 holds the
    letters ư, ơ, â, ă, ê, ô, đ but writes the tone as a combining mark."""
    if encoding != "cp1258":
        return text.encode(encoding)
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("cp1258", "Windows-1258"),
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),  # without its byte-order mark
        ("cp1252", "Windows-1252"),
    ],
)
def test_a_file_saved_in_another_encoding_is_named(encoding, named):
    # "tệp không phải UTF-8 hợp lệ (byte 0xe0 …)" left the editor to guess what to do.
    from plugins.content_check.source import decode

    vietnamese = "Title: Hữu nghị Việt – Lào\nCategory: Hữu nghị\n\nĐoàn đến Đà Nẵng.\n"
    english = "Title: Café in Hanoi\nCategory: Friendship\n\nThe café opened.\n"
    text = english if encoding == "cp1252" else vietnamese
    _, problems = decode("a.md", _encoded(text, encoding))
    (problem,) = [p for p in problems if p.code == "invalid-utf8"]
    assert named in problem.message and "lưu lại với mã hóa UTF-8" in problem.message
    # A UTF-8 file with one bad byte names no encoding.
    _, problems = decode("b.md", vietnamese.encode("utf-8").replace("Lào".encode(), b"L\xe0o"))
    (problem,) = [p for p in problems if p.code == "invalid-utf8"]
    assert "Windows-1258" not in problem.message and "UTF-16" not in problem.message
