"""Pillow operations: open safely, normalise, resize, crop, encode, draw a title card.

Every function takes and returns plain values; the pipeline runs them in
worker processes. Problems are raised as ``ImageProblem`` with a Vietnamese
message (the pipeline adds the article and line).
"""

from __future__ import annotations

import functools
import io
import math
import warnings
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageCms, ImageColor, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from .config import ImageSettings
from .plan import Variant

# EXIF orientations that swap width and height (rotated by 90° or 270°).
_TRANSPOSED = {5, 6, 7, 8}
_ORIENTATION_TAG = 0x0112


class ImageProblem(Exception):
    """An original the pipeline refuses, with the reason in Vietnamese."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _decimal(value: float) -> str:
    """Vietnamese decimal comma: 12,5."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _open(path: Path, settings: ImageSettings) -> Image.Image:
    """Open (header only) with every safety check that needs no decoding."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: we refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageProblem(
            "bomb",
            f"ảnh khai báo kích thước quá lớn so với dung lượng tệp (nghi là 'bom giải nén'): {error}",
        ) from None
    except UnidentifiedImageError:
        raise ImageProblem(
            "unsupported", "tệp không phải là ảnh hoặc có định dạng không đọc được"
        ) from None
    except FileNotFoundError:
        raise ImageProblem("missing", "không tìm thấy tệp ảnh") from None
    except OSError as error:
        raise ImageProblem("corrupt", f"tệp ảnh bị hỏng ({error})") from None
    if image.format not in settings.accepted_formats:
        found = image.format
        image.close()
        raise ImageProblem(
            "unsupported",
            f"định dạng {found} không được hỗ trợ — chỉ nhận {', '.join(settings.accepted_formats)}",
        )
    width, height = image.size
    if width * height > settings.max_pixels:
        image.close()
        raise ImageProblem(
            "enormous",
            f"ảnh quá lớn: {width}×{height} = {_decimal(width * height / 1e6)} megapixel, vượt giới hạn "
            f"{_decimal(settings.max_pixels / 1e6)} megapixel — hãy thu nhỏ ảnh trước khi đăng",
        )
    return image


def inspect_image(path: Path, settings: ImageSettings) -> tuple[str, int, int]:
    """Format and displayed size (after EXIF orientation), reading the header only."""
    with _open(path, settings) as image:
        width, height = image.size
        try:
            orientation = image.getexif().get(_ORIENTATION_TAG, 1)
        except Exception:  # a broken EXIF block: exif_transpose will ignore it too
            orientation = 1
        if orientation in _TRANSPOSED:
            width, height = height, width
        return image.format or "", width, height


def verify_image(path: Path, settings: ImageSettings) -> None:
    """Raise ``ImageProblem`` for every original the pipeline would refuse:
    :func:`_open`'s checks, then a decode (a JPEG at 1/8 size, which reads
    every byte of it but makes few pixels), so a truncated or corrupt file
    is found before a build decodes it. Used by the content check."""
    with _open(path, settings) as image:
        if image.format == "JPEG":
            image.draft(
                image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB",
                (max(1, image.width // 8), max(1, image.height // 8)),
            )
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as error:
            raise ImageProblem(
                "corrupt", f"tệp ảnh bị hỏng, không giải mã được ({error})"
            ) from None


def to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels to sRGB using the embedded ICC profile, if any; RGB or RGBA out."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    icc = image.info.get("icc_profile")
    if image.mode == "P":
        image = image.convert("RGBA" if has_alpha else "RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            if image.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
                alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
                base = image.convert("RGB") if image.mode == "LA" else image
                base = base.convert("RGB") if base.mode == "RGBA" else base
                converted = ImageCms.profileToProfile(
                    base, source, srgb, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
                )
                if alpha is not None:
                    converted.putalpha(alpha)
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: treat the pixels as sRGB, as browsers do
    return image.convert("RGBA" if has_alpha else "RGB")


def needed_size(width: int, height: int, variant: Variant) -> tuple[int, int]:
    """How large the whole (upright) original must be to make ``variant`` without upscaling."""
    if variant.operation == "social" and height > width:
        scale = variant.height / height  # a portrait shown whole (:func:`social`)
    elif (
        variant.operation in ("crop", "social") and width * variant.height > height * variant.width
    ):
        scale = variant.height / height  # wider than the crop: height decides
    else:
        scale = variant.width / width
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def reduction(width: int, height: int, variant: Variant) -> int:
    """JPEG decode-time reduction (1, 2, 4 or 8) that still leaves enough pixels.

    Chosen per variant, so a derivative's bytes never depend on which other
    derivatives were made in the same run (the cache stays a pure function).
    """
    need_w, need_h = needed_size(width, height, variant)
    factor = max(1, min(width // need_w, height // need_h))
    return next(s for s in (8, 4, 2, 1) if factor >= s)


def load_normalised(path: Path, settings: ImageSettings, reduce: int = 1) -> Image.Image:
    """Decoded, upright, sRGB, RGB/RGBA pixels with no metadata attached.

    ``reduce`` > 1 lets libjpeg decode at 1/2, 1/4 or 1/8 size (much faster).
    """
    image = _open(path, settings)
    if reduce > 1 and image.format == "JPEG":
        image.draft(
            image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB",
            (image.width // reduce, image.height // reduce),
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageProblem("corrupt", f"tệp ảnh bị hỏng, không giải mã được ({error})") from None
    upright = ImageOps.exif_transpose(image)
    normalised = to_srgb(upright)
    normalised.info = {}
    return normalised


def resize(image: Image.Image, variant: Variant) -> Image.Image:
    if image.size == (variant.width, variant.height):
        return image.copy()
    return image.resize((variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def crop(image: Image.Image, variant: Variant) -> Image.Image:
    """Centre crop to the variant's aspect ratio, then scale to its size."""
    return ImageOps.fit(
        image, (variant.width, variant.height), Image.Resampling.LANCZOS, centering=(0.5, 0.4)
    )


def social(image: Image.Image, variant: Variant) -> Image.Image:
    """The social preview (og:image, the feeds' image): a crop, as
    :func:`crop`; but a portrait original (an infographic, a poster) is shown
    whole on white, its height the preview's: its middle strip cut its text
    mid-line."""
    width, height = image.size
    if height <= width:
        return crop(image, variant)
    inner_width = max(1, round(width * variant.height / height))
    inner = image.resize((inner_width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    card = Image.new(inner.mode, (variant.width, variant.height), PORTRAIT_BACKGROUND[inner.mode])
    card.paste(inner, ((variant.width - inner_width) // 2, 0))
    return card


# What is around a portrait original in its social preview, by pixel mode.
PORTRAIT_BACKGROUND = {"RGB": (255, 255, 255), "RGBA": (255, 255, 255, 255)}

# Dispatch table: operation name → function (image, variant) → image.
OPERATIONS: dict[str, Callable[[Image.Image, Variant], Image.Image]] = {
    "resize": resize,
    "crop": crop,
    "social": social,
}


def encode(image: Image.Image, fmt: str, settings: ImageSettings) -> bytes:
    """Bytes of ``image`` in ``fmt`` with no EXIF, XMP or ICC data."""
    image.info = {}
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=settings.webp_quality, method=4)
    elif fmt == "jpeg":
        if image.mode == "RGBA":
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(
            buffer,
            "JPEG",
            quality=settings.jpeg_quality,
            optimize=True,
            progressive=True,
            subsampling="4:2:0",
        )
    else:  # guarded by image_settings(); kept for a clear failure
        raise ValueError(f"unknown format {fmt}")
    return buffer.getvalue()


def _font(settings: ImageSettings, size: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: same pixels whether or not libraqm is installed.
    return ImageFont.truetype(settings.font_file, size, layout_engine=ImageFont.Layout.BASIC)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap by measured width (a word longer than a line stays whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        attempt = f"{current} {word}".strip()
        if current and font.getlength(attempt) > max_width:
            lines.append(current)
            current = word
        else:
            current = attempt
    if current:
        lines.append(current)
    return lines


def draw_title_card(
    title: str, site_name: str, settings: ImageSettings, size: tuple[int, int] | None = None
) -> Image.Image:
    """The article title on the brand background, for articles without a photo.

    ``size`` defaults to the social size. Lettering is sized for a card of
    the social size's shape (a taller card keeps the same letters, and its
    title is centred in the extra height), so every ratio reads alike.

    An article gets four cards (social 1200×630, 16:9, 4:3, 1:1): the
    lettering is laid out and drawn once per title (:func:`_social_card`,
    memoised; wrapping and glyph rendering are most of the cost) and a taller
    card is composed from it by moving the title block down. The result is
    the same pixels as drawing the taller card directly
    (:func:`_draw_title_card`; tests/test_images_ops.py compares them); at
    1,000 articles it saved most of the cards' drawing time (make bench).
    """
    width, height = size or settings.social_size
    unit = _unit(width, height, settings)
    base, top, bottom = _social_card(title, site_name, settings, width, unit)
    if height == unit:
        return base.copy()
    card = Image.new("RGB", (width, height), ImageColor.getrgb(settings.brand_background))
    card.paste(base.crop((0, 0, width, top)), (0, 0))  # the site name
    offset = _title_offset(height, top, bottom - top, width)
    card.paste(base.crop((0, top, width, unit - ACCENT_BAR)), (0, top + offset))
    ImageDraw.Draw(card).rectangle(
        (0, height - ACCENT_BAR, width, height), fill=ImageColor.getrgb(settings.brand_accent)
    )
    return card


ACCENT_BAR = 18  # px: the accent band at the foot of a title card


def _unit(width: int, height: int, settings: ImageSettings) -> int:
    """The height of a social-shaped card of ``width`` (at most ``height``)."""
    social_width, social_height = settings.social_size
    return min(height, round(width * social_height / social_width))


def _title_offset(height: int, top: int, block: int, width: int) -> int:
    """How far a taller card moves the title block down to centre it."""
    margin = round(width * 0.07)
    return max(0, (height - top - margin - ACCENT_BAR - block) // 2)


@functools.lru_cache(maxsize=8)
def _social_card(
    title: str, site_name: str, settings: ImageSettings, width: int, unit: int
) -> tuple[Image.Image, int, int]:
    return _draw_title_card(title, site_name, settings, (width, unit))


def _draw_title_card(
    title: str, site_name: str, settings: ImageSettings, size: tuple[int, int]
) -> tuple[Image.Image, int, int]:
    """A title card drawn directly: (card, first row of the title block before
    centring, row below its last line)."""
    width, height = size
    unit = _unit(width, height, settings)
    margin = round(width * 0.07)
    background = ImageColor.getrgb(settings.brand_background)
    card = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(card)
    accent = ImageColor.getrgb(settings.brand_accent)
    foreground = ImageColor.getrgb(settings.brand_foreground)
    draw.rectangle((0, height - ACCENT_BAR, width, height), fill=accent)
    site_font = _font(settings, round(unit * 0.055))
    draw.rectangle((margin, margin, margin + 10, margin + round(unit * 0.07)), fill=accent)
    draw.text((margin + 28, margin), site_name.upper(), font=site_font, fill=accent)

    top = margin + round(unit * 0.16)
    available = unit - top - margin - ACCENT_BAR
    size_px = round(unit * 0.11)
    while True:  # shrink until the wrapped title fits (at most 5 lines)
        font = _font(settings, size_px)
        lines = wrap_text(title, font, width - 2 * margin)
        line_height = round(size_px * 1.25)
        if (len(lines) <= 5 and len(lines) * line_height <= available) or size_px <= 24:
            break
        size_px -= 4
    lines = lines[:5]
    block = len(lines) * line_height
    offset = _title_offset(height, top, block, width) if height > unit else 0
    for index, line in enumerate(lines):
        draw.text((margin, top + offset + index * line_height), line, font=font, fill=foreground)
    return card, top, top + block
