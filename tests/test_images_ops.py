"""Pillow operations: orientation, metadata stripping, sRGB, encoding, title cards."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from fixtures.images.factory import gradient, png_declaring, save_jpeg, swapped_primaries_profile
from PIL import Image, ImageChops, ImageDraw

from plugins.images.config import ImageSettings
from plugins.images.ops import (
    ImageProblem,
    _font,
    crop,
    draw_title_card,
    encode,
    inspect_image,
    load_normalised,
    resize,
    wrap_text,
)
from plugins.images.plan import Variant

SETTINGS = ImageSettings()


def test_exif_orientation_is_applied(tmp_path):
    # Orientation 6: stored landscape, displayed rotated 90° clockwise (portrait).
    path = save_jpeg(tmp_path / "a.jpg", gradient(80, 40), orientation=6)
    assert inspect_image(path, SETTINGS) == ("JPEG", 40, 80)
    image = load_normalised(path, SETTINGS)
    assert image.size == (40, 80)
    # The stored top half was green; after a clockwise turn it is the right half.
    assert image.getpixel((35, 40))[1] > 200 and image.getpixel((4, 40))[1] < 60


@pytest.mark.parametrize("fmt", ["webp", "jpeg"])
def test_gps_and_all_metadata_never_reach_a_derivative(tmp_path, fmt):
    path = save_jpeg(
        tmp_path / "gps.jpg",
        gradient(64, 48),
        orientation=1,
        gps=True,
        icc=swapped_primaries_profile(),
    )
    assert Image.open(path).getexif().get_ifd(0x8825)  # the source does carry a position
    data = encode(
        resize(load_normalised(path, SETTINGS), Variant("resize", 32, 24, fmt, "32")), fmt, SETTINGS
    )
    out = Image.open(io.BytesIO(data))
    assert out.format == {"webp": "WEBP", "jpeg": "JPEG"}[fmt]
    assert not out.getexif() and "exif" not in out.info
    assert "icc_profile" not in out.info and "xmp" not in out.info
    for marker in (b"Exif", b"GPS", b"ICC_PROFILE", b"ICCP", b"XMP", b"http://ns.adobe.com"):
        assert marker not in data


def test_colour_profile_is_converted_to_srgb(tmp_path):
    # Pure red in a profile whose "red" primary is sRGB green: it must come out green.
    path = save_jpeg(
        tmp_path / "p.jpg", Image.new("RGB", (16, 16), (255, 0, 0)), icc=swapped_primaries_profile()
    )
    r, g, b = load_normalised(path, SETTINGS).getpixel((8, 8))
    assert g > 200 and r < 60
    untagged = save_jpeg(tmp_path / "u.jpg", Image.new("RGB", (16, 16), (255, 0, 0)))
    assert load_normalised(untagged, SETTINGS).getpixel((8, 8))[0] > 200


def test_png_with_alpha_keeps_it_in_webp_and_is_flattened_in_jpeg(tmp_path):
    path = tmp_path / "t.png"
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(path)
    image = load_normalised(path, SETTINGS)
    assert Image.open(io.BytesIO(encode(image.copy(), "webp", SETTINGS))).mode == "RGBA"
    jpeg = Image.open(io.BytesIO(encode(image.copy(), "jpeg", SETTINGS)))
    assert jpeg.mode == "RGB" and jpeg.getpixel((10, 10)) == (255, 255, 255)


def test_resize_and_crop_give_exact_sizes(tmp_path):
    image = gradient(400, 300)
    assert resize(image, Variant("resize", 320, 240, "jpeg", "320")).size == (320, 240)
    assert crop(image, Variant("crop", 320, 180, "jpeg", "16x9-320")).size == (320, 180)


def test_encoding_is_deterministic():
    image = gradient(120, 90)
    for fmt in ("webp", "jpeg"):
        assert encode(image.copy(), fmt, SETTINGS) == encode(image.copy(), fmt, SETTINGS)


def test_bad_headers_are_refused_with_vietnamese_reasons(tmp_path):
    bomb = png_declaring(tmp_path / "bomb.png", 10_000, 10_000)  # only a warning for Pillow
    with pytest.raises(ImageProblem, match="bom giải nén") as caught:
        inspect_image(bomb, SETTINGS)
    assert caught.value.kind == "bomb"
    big = tmp_path / "big.png"
    Image.new("RGB", (200, 100)).save(big)
    with pytest.raises(ImageProblem, match="quá lớn: 200×100") as caught:
        inspect_image(big, replace(SETTINGS, max_pixels=10_000))
    gif = tmp_path / "a.gif"
    Image.new("P", (4, 4)).save(gif)
    with pytest.raises(ImageProblem, match="định dạng GIF không được hỗ trợ"):
        inspect_image(gif, SETTINGS)
    text = tmp_path / "passwd.jpg"
    text.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(ImageProblem, match="không phải là ảnh"):
        inspect_image(text, SETTINGS)


def test_truncated_file_fails_when_decoded(tmp_path):
    path = save_jpeg(tmp_path / "ok.jpg", gradient(300, 200))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    inspect_image(broken, SETTINGS)  # the header alone looks fine
    with pytest.raises(ImageProblem, match="bị hỏng") as caught:
        load_normalised(broken, SETTINGS)
    assert caught.value.kind == "corrupt"


def _glyph(text: str, font) -> bytes:
    canvas = Image.new("L", (120, 120), 0)
    ImageDraw.Draw(canvas).text((10, 10), text, font=font, fill=255)
    return canvas.tobytes()


def test_bundled_font_draws_every_vietnamese_diacritic():
    font = _font(SETTINGS, 60)
    missing = _glyph("\ue000", font)  # a private-use code point: the .notdef box
    letters = "aăâeêoôơuưyđ" + "ảãạấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵĐ"
    drawn = {letter: _glyph(letter, font) for letter in letters}
    assert all(glyph != missing for glyph in drawn.values())
    assert len(set(drawn.values())) == len(letters)  # no two letters share a (fallback) glyph


def test_title_card_is_branded_wrapped_and_shows_the_title():
    title = "Hội hữu nghị Việt Nam – Lào tỉnh Quảng Trị đón đoàn đại biểu tỉnh Savannakhet sang thăm và làm việc"
    card = draw_title_card(title, "Đối ngoại Nhân dân", SETTINGS)
    assert card.size == (1200, 630) and card.mode == "RGB"
    assert card.getpixel((1190, 10)) == (0x9B, 0x1C, 0x1C)
    other = draw_title_card(title.replace("Quảng Trị", "Quang Tri"), "Đối ngoại Nhân dân", SETTINGS)
    assert ImageChops.difference(card, other).getbbox() is not None
    assert len(wrap_text(title, _font(SETTINGS, 66), 1032)) >= 2
    assert draw_title_card(title, "Đối ngoại Nhân dân", SETTINGS).tobytes() == card.tobytes()


@pytest.mark.parametrize("size", [(1200, 630), (1200, 675), (1200, 900), (1200, 1200), (800, 900)])
@pytest.mark.parametrize(
    "title",
    [
        "Giao lưu hữu nghị Việt Nam – Lào",
        "Hội hữu nghị Việt Nam – Lào tỉnh Quảng Trị đón đoàn đại biểu tỉnh Savannakhet"
        " sang thăm và làm việc, trao đổi kinh nghiệm công tác đối ngoại nhân dân năm 2025",
        "Ý",
    ],
)
def test_a_composed_title_card_is_the_card_drawn_directly(title, size):
    """Taller cards are composed from the memoised social card: the same
    pixels as drawing them from scratch."""
    from plugins.images.ops import _draw_title_card

    composed = draw_title_card(title, "Đối ngoại Nhân dân", SETTINGS, size)
    direct, _top, _bottom = _draw_title_card(title, "Đối ngoại Nhân dân", SETTINGS, size)
    assert composed.size == size
    assert ImageChops.difference(composed, direct).getbbox() is None


def test_title_cards_of_other_sizes_keep_the_lettering_and_centre_the_title():
    title = "Giao lưu hữu nghị Việt Nam – Lào"
    card = draw_title_card(title, "Đối ngoại Nhân dân", SETTINGS)
    assert draw_title_card(title, "Đối ngoại Nhân dân", SETTINGS, (1200, 630)) == card
    square = draw_title_card(title, "Đối ngoại Nhân dân", SETTINGS, (1200, 1200))
    assert square.size == (1200, 1200)
    background = (0x9B, 0x1C, 0x1C)
    # The site-name band is drawn alike at the top of both cards.
    top = (0, 0, 1200, 150)
    assert ImageChops.difference(card.crop(top), square.crop(top)).getbbox() is None

    def title_rows(image):
        rows = [
            y
            for y in range(150, image.height - 30)
            if any(image.getpixel((x, y)) != background for x in range(84, 1116, 4))
        ]
        return rows[0], rows[-1]

    first, last = title_rows(card)
    square_first, square_last = title_rows(square)
    assert last - first == square_last - square_first  # same letters, same lines
    assert square_first > first + 200  # lower: centred in the taller card


def test_jpeg_reduction_keeps_enough_pixels():
    from plugins.images.ops import needed_size, reduction

    assert reduction(4000, 3000, Variant("resize", 1600, 1200, "jpeg", "1600")) == 2
    assert reduction(4000, 3000, Variant("resize", 320, 240, "jpeg", "320")) == 8
    assert reduction(4000, 3000, Variant("resize", 960, 720, "jpeg", "960")) == 4
    assert needed_size(4000, 1000, Variant("crop", 640, 360, "jpeg", "c")) == (
        1440,
        360,
    )  # height decides
    assert needed_size(1000, 1000, Variant("crop", 640, 360, "jpeg", "c")) == (640, 640)
    assert (
        reduction(800, 600, Variant("crop", 1200, 630, "jpeg", "og")) == 1
    )  # upscaled social image


def _bands(width: int, height: int) -> Image.Image:
    """A tall "infographic": red top tenth, blue bottom tenth, grey between."""
    image = Image.new("RGB", (width, height), (128, 128, 128))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 10), fill=(220, 0, 0))
    draw.rectangle((0, height - height // 10, width, height), fill=(0, 0, 220))
    return image


def test_a_portrait_social_preview_shows_the_whole_image():
    """A 1080×1920 infographic's preview was its middle strip, cutting its
    text; now all of it, from the top band to the bottom band, on white."""
    from plugins.images.ops import OPERATIONS
    from plugins.images.plan import social_variant

    variant = social_variant(ImageSettings())  # the og:image the pipeline makes
    preview = OPERATIONS[variant.operation](_bands(540, 960), variant)
    assert preview.size == (1200, 630)
    middle = preview.width // 2
    top, bottom = preview.getpixel((middle, 5)), preview.getpixel((middle, 624))
    assert top[0] > 150 and top[2] < 80, top  # the red band is there
    assert bottom[2] > 150 and bottom[0] < 80, bottom  # and the blue one
    assert preview.getpixel((5, 315)) == (255, 255, 255)  # white beside it
    # A landscape photo is still cropped to fill the preview.
    wide = OPERATIONS[variant.operation](_bands(1600, 900), variant)
    assert wide.size == (1200, 630) and wide.getpixel((5, 315)) != (255, 255, 255)
