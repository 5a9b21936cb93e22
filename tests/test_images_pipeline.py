"""The per-build pipeline: derivatives on disk, content-hash cache, bad input reports."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.images.factory import gradient, png_declaring, save_jpeg
from PIL import Image

from plugins.images.config import ImageSettings
from plugins.images.pipeline import ImageBuildError, ImagePipeline

ARTICLE = """Title: Đoàn đại biểu thăm tỉnh
Slug: doan-dai-bieu
Image: images/2025/lead.jpg

Mở đầu.

![Phòng họp](images/2025/body.png "Hội đàm (Ảnh: Minh Anh)")
"""


def make_site(root: Path) -> Path:
    content = root / "content"
    save_jpeg(content / "images/2025/lead.jpg", gradient(1100, 700), orientation=1, gps=True)
    gradient(500, 400).save(content / "images/2025/body.png")
    (content / "articles").mkdir(parents=True)
    (content / "articles/a.md").write_text(ARTICLE, encoding="utf-8")
    return content


def build(content: Path, cache: Path, output: Path, **overrides) -> ImagePipeline:
    settings = replace(
        ImageSettings(), cache_dir=str(cache), workers=overrides.pop("workers", 1), **overrides
    )
    pipeline = ImagePipeline(settings, content, site_url="", site_name="Đối ngoại Nhân dân")
    for article in sorted((content / "articles").glob("*.md")):
        text = article.read_text(encoding="utf-8")
        pipeline.use_document(
            text,
            f"content/articles/{article.name}",
            str(article),
            article.stem,
            text.splitlines()[0][7:],
        )
    pipeline.run(output)
    return pipeline


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_derivatives_sizes_formats_and_no_upscale(tmp_path):
    content = make_site(tmp_path)
    pipeline = build(content, tmp_path / "cache", tmp_path / "out")
    out = files(tmp_path / "out")
    lead = {name.rsplit("/", 1)[1] for name in out if "/lead-" in name}
    assert lead == {
        f"lead-{s}.{e}"
        for s in ("320", "640", "960", "1100", "16x9-320", "16x9-640")
        for e in ("webp", "jpg")
    } | {"lead-og.jpg", "lead-16x9-1200.jpg", "lead-4x3-1200.jpg", "lead-1x1-1200.jpg"}
    body = {name.rsplit("/", 1)[1] for name in out if "/body-" in name}
    assert body == {
        f"body-{w}.{e}" for w in (320, 500) for e in ("webp", "jpg")
    }  # no crops for body images
    for name in out:
        with Image.open(tmp_path / "out" / name) as image:
            suffix = name.rsplit("-", 1)[1].split(".")[0]
            if suffix == "og":
                assert image.size == (1200, 630)
            elif name.endswith("-1200.jpg"):  # JSON-LD crops: exact sizes, upscaled if need be
                ratio = name.rsplit("-", 2)[1]
                assert (
                    image.size
                    == {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}[ratio]
                )
            elif "16x9" in name:
                assert (
                    image.width * 9 == image.height * 16
                    or abs(image.width * 9 / 16 - image.height) < 1
                )
            else:
                assert image.width == int(suffix) <= 1100
            assert image.format == ("WEBP" if name.endswith(".webp") else "JPEG")
            assert not image.getexif()
    lead_set = pipeline.image_set("images/2025/lead.jpg")
    assert (lead_set.width, lead_set.height) == (1100, 700)
    assert pipeline.social_image(str(content / "articles/a.md")).endswith("/lead-og.jpg")
    info = pipeline.social_image_info(str(content / "articles/a.md"))
    assert (info.width, info.height, info.mime) == (1200, 630, "image/jpeg")
    schema = pipeline.schema_images(str(content / "articles/a.md"))
    assert [(i.url.rsplit("/", 1)[1], i.width, i.height) for i in schema] == [
        ("lead-16x9-1200.jpg", 1200, 675),
        ("lead-4x3-1200.jpg", 1200, 900),
        ("lead-1x1-1200.jpg", 1200, 1200),
    ]


def test_second_build_and_fresh_clone_do_no_image_work(tmp_path):
    content = make_site(tmp_path / "first")
    cold = build(content, tmp_path / "first/cache", tmp_path / "first/out").report
    assert cold.encoded == 20 and cold.inspected == 2
    warm = build(content, tmp_path / "first/cache", tmp_path / "first/out2").report
    assert (warm.encoded, warm.inspected, warm.reused) == (0, 0, 20)
    # A fresh clone: other folder, new modification times; only the cache folder is restored.
    clone = tmp_path / "clone"
    shutil.copytree(tmp_path / "first/content", clone / "content")
    shutil.copytree(tmp_path / "first/cache", clone / "cache")
    for path in (clone / "content").rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
    fresh = build(clone / "content", clone / "cache", clone / "out").report
    assert (fresh.encoded, fresh.inspected) == (0, 0)
    assert files(clone / "out") == files(tmp_path / "first/out")


def test_a_changed_original_is_redone_under_a_new_url(tmp_path):
    content = make_site(tmp_path)
    first = build(content, tmp_path / "cache", tmp_path / "out1")
    save_jpeg(content / "images/2025/lead.jpg", gradient(900, 600))
    second = build(content, tmp_path / "cache", tmp_path / "out2")
    assert second.report.encoded == 14  # lead only (6 responsive, 4 crops, 1 social, 3 JSON-LD)
    assert (
        first.image_set("images/2025/lead.jpg").fallback
        != second.image_set("images/2025/lead.jpg").fallback
    )


def test_output_is_deterministic_serial_or_parallel(tmp_path):
    content = make_site(tmp_path)
    build(content, tmp_path / "c1", tmp_path / "o1", workers=1)
    build(content, tmp_path / "c2", tmp_path / "o2", workers=2)
    assert files(tmp_path / "o1") == files(tmp_path / "o2")
    assert not [p for p in (tmp_path / "c2").rglob(".*") if p.is_file()]  # no temporary files left


BAD_ARTICLE = """Title: Bài lỗi
Slug: bai-loi
Image: images/2025/missing.jpg

![hỏng](images/2025/truncated.jpg)

![gif](images/2025/anim.gif)

![bom](images/2025/bomb.png)

![lớn](images/2025/huge.png)

Ảnh ngoài: ![thoát](../../etc/passwd) và ![tốt](images/2025/good.jpg)
"""


def test_every_bad_input_is_reported_with_article_and_line_and_nothing_is_published(tmp_path):
    content = tmp_path / "content"
    images = content / "images/2025"
    good = save_jpeg(images / "good.jpg", gradient(200, 150))
    (images / "truncated.jpg").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    Image.new("P", (8, 8)).save(images / "anim.gif")
    png_declaring(images / "bomb.png", 20_000, 20_000)
    gradient(300, 300).save(images / "huge.png")
    (content / "articles").mkdir()
    (content / "articles/bad.md").write_text(BAD_ARTICLE, encoding="utf-8")
    with pytest.raises(ImageBuildError) as caught:
        build(content, tmp_path / "cache", tmp_path / "out", max_pixels=80_000)
    problems = caught.value.problems
    where = "content/articles/bad.md"
    expected = [
        (f"{where}:3: ảnh 'images/2025/missing.jpg': không tìm thấy tệp", ""),
        (f"{where}:5: ảnh 'images/2025/truncated.jpg': tệp ảnh bị hỏng", ""),
        (f"{where}:7: ảnh 'images/2025/anim.gif': định dạng GIF không được hỗ trợ", ""),
        (f"{where}:9: ảnh 'images/2025/bomb.png': ", "bom giải nén"),
        (f"{where}:11: ảnh 'images/2025/huge.png': ảnh quá lớn: 300×300", ""),
        (f"{where}:13: ảnh '../../etc/passwd': đường dẫn ra ngoài thư mục content/", ""),
    ]
    assert len(problems) == len(expected)
    for prefix, words in expected:
        assert any(p.startswith(prefix) and words in p for p in problems), (prefix, problems)
    assert "6 lỗi" in str(caught.value)
    assert not (tmp_path / "out").exists()  # the good image was not published either


def test_a_symlink_leaving_content_is_refused(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    outside = save_jpeg(tmp_path / "secret.jpg", gradient(40, 40))
    (content / "images/link.jpg").symlink_to(outside)
    (content / "articles").mkdir()
    (content / "articles/a.md").write_text(
        "Title: A\nSlug: a\nImage: images/link.jpg\n\nx\n", encoding="utf-8"
    )
    with pytest.raises(ImageBuildError, match=r"a\.md:3: .*ra ngoài thư mục content/"):
        build(content, tmp_path / "cache", tmp_path / "out")


def test_article_without_image_gets_a_title_card(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles/t.md").write_text(
        "Title: Giao lưu hữu nghị Việt – Lào\nSlug: giao-luu\n\nx\n", encoding="utf-8"
    )
    pipeline = build(content, tmp_path / "cache", tmp_path / "out")
    url = pipeline.social_image(str(content / "articles/t.md"))
    assert url.startswith("/images/_d/og/t-") and url.endswith(".jpg")
    with Image.open(tmp_path / "out" / url.lstrip("/")) as card:
        assert card.size == (1200, 630)
    # The JSON-LD images of a photo-less article: title cards of the same sizes as crops.
    schema = pipeline.schema_images(str(content / "articles/t.md"))
    assert [(i.width, i.height) for i in schema] == [(1200, 675), (1200, 900), (1200, 1200)]
    for image, ratio in zip(schema, ("16x9", "4x3", "1x1"), strict=True):
        assert image.url.startswith(f"/images/_d/og/t-{ratio}-")
        with Image.open(tmp_path / "out" / image.url.lstrip("/")) as card:
            assert (card.format, card.size) == ("JPEG", (image.width, image.height))
    assert build(content, tmp_path / "cache", tmp_path / "out2").report.encoded == 0


def test_a_derivative_redone_alone_has_the_same_bytes(tmp_path):
    # JPEG decode reduction is chosen per derivative, so partial re-runs match full ones.
    content = make_site(tmp_path)
    build(content, tmp_path / "cache", tmp_path / "full")
    full = files(tmp_path / "full")
    for cached in (tmp_path / "cache").rglob("*.jpg"):
        if cached.stat().st_size < 6000:  # drop the small derivatives only
            cached.unlink()
    again = build(content, tmp_path / "cache", tmp_path / "partial")
    assert 0 < again.report.encoded < 20
    assert files(tmp_path / "partial") == full


def test_cached_derivatives_are_linked_into_the_output_or_copied(tmp_path, monkeypatch):
    from plugins.images import pipeline

    cached = tmp_path / "cache" / "ab" / "abcd.webp"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"webp bytes")
    os.chmod(cached, 0o600)
    linked = tmp_path / "out" / "images" / "a.webp"
    pipeline.publish_cached(cached, linked)
    assert linked.read_bytes() == b"webp bytes"
    assert os.path.samefile(cached, linked)  # no second copy of the bytes
    assert linked.stat().st_mode & 0o777 == 0o644  # readable by the web server
    pipeline.publish_cached(cached, linked)  # again over an existing file: fine
    assert os.path.samefile(cached, linked)

    def refuse(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(pipeline.os, "link", refuse)
    copied = tmp_path / "out" / "images" / "b.webp"
    pipeline.publish_cached(cached, copied)
    assert copied.read_bytes() == b"webp bytes"
    assert not os.path.samefile(cached, copied)
