"""Derivative planning: widths, crops, cache keys, URLs (no Pillow involved)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plugins.images.config import ImageSettings, image_settings
from plugins.images.plan import (
    SourceInfo,
    cache_key,
    card_variants,
    crop_size,
    derivative,
    image_set,
    ratio_label,
    responsive_variants,
    responsive_widths,
    schema_variants,
    sized_image,
    social_variant,
    title_card_derivative,
)

SETTINGS = ImageSettings()


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (4000, (320, 640, 960, 1280, 1600)),
        (1600, (320, 640, 960, 1280, 1600)),
        (1100, (320, 640, 960, 1100)),
        (640, (320, 640)),
        (200, (200,)),
    ],
)
def test_widths_never_upscale_and_include_a_smaller_original(original, expected):
    assert responsive_widths(original, SETTINGS.widths) == expected


def test_every_width_in_webp_and_jpeg_with_proportional_height():
    info = SourceInfo("images/2025/a.jpg", "ab" * 32, 2000, 1000, "JPEG")
    variants = responsive_variants(info, SETTINGS)
    assert {(v.width, v.fmt) for v in variants} == {
        (w, f) for w in (320, 640, 960, 1280, 1600) for f in ("webp", "jpeg")
    }
    assert all(v.height == v.width // 2 for v in variants)


def test_card_crops_are_16_9_and_not_upscaled():
    assert crop_size(4000, 3000, (16, 9), 640) == (640, 360)
    assert crop_size(500, 1000, (16, 9), 640) == (500, 281)  # narrow original: its own width
    assert crop_size(1000, 200, (16, 9), 640) == (355, 200)  # wide but short: limited by height
    info = SourceInfo("images/2025/a.jpg", "ab" * 32, 400, 300, "JPEG")
    assert {(v.width, v.height) for v in card_variants(info, SETTINGS)} == {(320, 180), (400, 225)}


def test_cache_key_depends_on_content_operation_and_encoding_only():
    info = SourceInfo("images/2025/a.jpg", "ab" * 32, 2000, 1000, "JPEG")
    variant = responsive_variants(info, SETTINGS)[0]
    moved = replace(info, src="images/2019/other-name.jpg")
    assert cache_key(info.sha256, variant, SETTINGS) == cache_key(moved.sha256, variant, SETTINGS)
    assert cache_key("cd" * 32, variant, SETTINGS) != cache_key(info.sha256, variant, SETTINGS)
    lower = replace(SETTINGS, jpeg_quality=50)
    assert cache_key(info.sha256, variant, lower) != cache_key(info.sha256, variant, SETTINGS)
    assert cache_key(info.sha256, responsive_variants(info, SETTINGS)[1], SETTINGS) != cache_key(
        info.sha256, variant, SETTINGS
    )


def test_urls_carry_a_content_hash_folder_and_srcset_lists_widths():
    info = SourceInfo("images/2025/hoi-nghi.jpg", "ab" * 32, 1000, 500, "JPEG")
    items = [derivative(info, v, SETTINGS) for v in responsive_variants(info, SETTINGS)]
    assert items[0].path.startswith("images/_d/") and items[0].path.endswith("/hoi-nghi-320.webp")
    changed = derivative(replace(info, sha256="cd" * 32), items[0].variant, SETTINGS)
    assert changed.path != items[0].path
    images = image_set(items, "https://example.vn")
    assert images.srcset("jpeg").split(", ")[-1].endswith("hoi-nghi-1000.jpg 1000w")
    assert images.srcset("webp").count("w") >= 4 and "320w" in images.srcset("webp")
    assert (images.width, images.height) == (1000, 500)
    assert images.fallback.endswith("hoi-nghi-960.jpg")


def test_settings_are_namespaced_and_validated():
    assert image_settings({"IMAGES": {"widths": [100, 200]}}).widths == (100, 200)
    with pytest.raises(ValueError, match="widht"):
        image_settings({"IMAGES": {"widht": [100]}})
    with pytest.raises(ValueError):
        image_settings({"IMAGES": {"formats": ["avif"]}})


def test_json_ld_crops_are_16_9_4_3_and_1_1_at_least_1200_wide():
    variants = schema_variants(SETTINGS)
    assert [(v.width, v.height, v.suffix) for v in variants] == [
        (1200, 675, "16x9-1200"),
        (1200, 900, "4x3-1200"),
        (1200, 1200, "1x1-1200"),
    ]
    assert {v.operation for v in variants} == {"crop"} and {v.fmt for v in variants} == {"jpeg"}
    assert ratio_label(1200, 630) == "40x21"
    info = SourceInfo("images/2025/x.jpg", "c" * 64, 800, 600, "JPEG")
    # Their files sit beside the other derivatives and never share a name with them.
    names = {derivative(info, v, SETTINGS).path for v in variants}
    names.add(derivative(info, social_variant(SETTINGS), SETTINGS).path)
    assert len(names) == 4
    assert sized_image(derivative(info, variants[1], SETTINGS), "https://a.org").url.endswith(
        "/x-4x3-1200.jpg"
    )


def test_title_cards_of_each_size_have_their_own_file():
    og = title_card_derivative("bai", "Tiêu đề", "Site", "f" * 64, SETTINGS)
    square = title_card_derivative("bai", "Tiêu đề", "Site", "f" * 64, SETTINGS, (1200, 1200))
    assert og.path.startswith("images/_d/og/bai-") and "-1x1-" not in og.path
    assert square.path.startswith("images/_d/og/bai-1x1-")
    assert og.key != square.key
    assert (square.variant.width, square.variant.height) == (1200, 1200)


def test_schema_sizes_setting_is_validated():
    given = image_settings({"IMAGES": {"schema_sizes": [[1600, 900], [1200, 1200]]}})
    assert given.schema_sizes == ((1600, 900), (1200, 1200))
    hash(given)  # still a frozen, hashable settings value
    with pytest.raises(ValueError, match="schema_sizes"):
        image_settings({"IMAGES": {"schema_sizes": [[1200, 0]]}})


def test_images_in_code_or_in_a_comment_are_not_the_article_s():
    """Shown as written, or never published: the build must not process (or
    fail on) them, as the content check does not count them (one reading of
    the body for both: plugins/content_model/body.py)."""
    from plugins.images.refs import scan_document

    text = (
        "Title: Bài\nImage: images/a.jpg\n\n"
        "![Ảnh](images/b.jpg)\n\n"
        "<!-- ![cũ](images/da-xoa.jpg)\n![cũ nữa](images/da-xoa-2.jpg) -->\n\n"
        "Viết `![x](images/trong-ma.jpg)` trong mã.\n\n"
        "```\n![y](images/trong-khoi-ma.jpg)\n```\n\n"
        "![Ảnh sau](images/c.jpg)\n"
    )
    found = [(ref.src, ref.line, ref.role) for ref in scan_document(text, "bai.md")]
    assert found == [
        ("images/a.jpg", 2, "lead"),
        ("images/b.jpg", 4, "body"),
        ("images/c.jpg", 15, "body"),
    ]
