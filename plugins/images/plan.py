"""Which derivatives an original gets, their cache keys and their URLs (pure).

Nothing here touches Pillow or the file system: given what we know about an
original (content hash, oriented size) and the settings, the plan is fixed.
That is what lets markup be written before any pixel is encoded.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import PurePosixPath

from .config import ImageSettings

MIME = {"webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSION = {"webp": "webp", "jpeg": "jpg"}


@dataclass(frozen=True)
class SourceInfo:
    """An original image, as far as planning needs it."""

    src: str  # relative to content/, POSIX: images/2025/name.jpg
    sha256: str  # of the file's bytes
    width: int  # after EXIF orientation
    height: int
    format: str  # Pillow's format name: JPEG, PNG, WEBP


@dataclass(frozen=True)
class Variant:
    """One derivative: an operation (``resize``, ``crop``, ``social``, ``title_card``) and its output."""

    operation: str
    width: int
    height: int
    fmt: str  # "webp" | "jpeg"
    suffix: str  # file-name part: "640", "16x9-320", "og"

    def params(self) -> dict[str, object]:
        return {"op": self.operation, "w": self.width, "h": self.height, "fmt": self.fmt}


@dataclass(frozen=True)
class Derivative:
    variant: Variant
    key: str  # cache key (hex sha256)
    path: str  # relative to the output folder, POSIX

    @property
    def extension(self) -> str:
        return EXTENSION[self.variant.fmt]


@dataclass(frozen=True)
class Candidate:
    url: str
    width: int
    height: int
    fmt: str


@dataclass(frozen=True)
class SizedImage:
    """A published image with its pixel size (OpenGraph, JSON-LD ``ImageObject``)."""

    url: str
    width: int
    height: int
    mime: str = "image/jpeg"


@dataclass(frozen=True)
class ImageSet:
    """What a template needs to write a responsive ``<picture>``."""

    candidates: tuple[Candidate, ...]
    width: int  # intrinsic size of the largest candidate (for width/height)
    height: int
    fallback: str  # JPEG URL for <img src>

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{c.url} {c.width}w" for c in self.candidates if c.fmt == fmt)

    @property
    def full(self) -> str:
        """URL of the largest JPEG (e.g. to open an infographic at full size)."""
        return max((c for c in self.candidates if c.fmt == "jpeg"), key=lambda c: c.width).url

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.fmt for c in self.candidates))


def responsive_widths(original_width: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The configured widths an original can give without upscaling.

    The original's own width is added when it is smaller than the largest
    configured width, so the sharpest available version is always offered.
    """
    chosen = sorted({w for w in widths if w <= original_width})
    if original_width < max(widths) and original_width not in chosen:
        chosen.append(original_width)
    return tuple(chosen)


def scaled_height(width: int, original_width: int, original_height: int) -> int:
    return max(1, round(original_height * width / original_width))


def crop_size(
    original_width: int, original_height: int, ratio: tuple[int, int], target_width: int
) -> tuple[int, int]:
    """The largest ``ratio`` box no wider than ``target_width`` that fits without upscaling."""
    rw, rh = ratio
    box_width = min(original_width, original_height * rw // rh)
    width = min(target_width, box_width)
    return width, max(1, round(width * rh / rw))


def responsive_variants(info: SourceInfo, settings: ImageSettings) -> list[Variant]:
    return [
        Variant("resize", w, scaled_height(w, info.width, info.height), fmt, str(w))
        for w in responsive_widths(info.width, settings.widths)
        for fmt in settings.formats
    ]


def card_variants(info: SourceInfo, settings: ImageSettings) -> list[Variant]:
    rw, rh = settings.card_ratio
    sizes = dict.fromkeys(
        crop_size(info.width, info.height, settings.card_ratio, w) for w in settings.card_widths
    )
    return [
        Variant("crop", w, h, fmt, f"{rw}x{rh}-{w}") for w, h in sizes for fmt in settings.formats
    ]


def ratio_label(width: int, height: int) -> str:
    """``16x9`` for 1200×675: the reduced aspect ratio, as file names show it."""
    divisor = math.gcd(width, height)
    return f"{width // divisor}x{height // divisor}"


def social_variant(settings: ImageSettings) -> Variant:
    # Social networks want this exact size, so this is one of the derivatives that may upscale.
    width, height = settings.social_size
    return Variant("social", width, height, "jpeg", "og")


def schema_variants(settings: ImageSettings) -> list[Variant]:
    """The JSON-LD article images (16:9, 4:3, 1:1 by default), exact sizes.

    Like the social image they may upscale: search engines want these
    ratios at least this large, whatever the original.
    """
    return [
        Variant("crop", width, height, "jpeg", f"{ratio_label(width, height)}-{width}")
        for width, height in settings.schema_sizes
    ]


def title_card_variant(settings: ImageSettings, size: tuple[int, int] | None = None) -> Variant:
    width, height = size or settings.social_size
    return Variant("title_card", width, height, "jpeg", "og")


def cache_key(source_digest: str, variant: Variant, settings: ImageSettings) -> str:
    """sha256 of the source's content hash, the operation and the encoding parameters."""
    payload = json.dumps(
        [source_digest, variant.params(), settings.encoding_params()], sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def derivative(info: SourceInfo, variant: Variant, settings: ImageSettings) -> Derivative:
    """Derivatives live in ``<output_dir>/<hash prefix>/<name>-<suffix>.<ext>``.

    The folder is named after the source's content and the pipeline version,
    so a changed image gets new URLs (safe for long browser caching).
    """
    folder = hashlib.sha256(f"{info.sha256}:{settings.encoding_params()}".encode()).hexdigest()[:12]
    stem = PurePosixPath(info.src).stem
    name = f"{stem}-{variant.suffix}.{EXTENSION[variant.fmt]}"
    return Derivative(
        variant, cache_key(info.sha256, variant, settings), f"{settings.output_dir}/{folder}/{name}"
    )


def title_card_derivative(
    slug: str,
    title: str,
    site_name: str,
    font_digest: str,
    settings: ImageSettings,
    size: tuple[int, int] | None = None,
) -> Derivative:
    """A generated card: ``og/<slug>-<key>.jpg`` at the social size, else
    ``og/<slug>-<ratio>-<key>.jpg`` (``size``: a JSON-LD size)."""
    variant = title_card_variant(settings, size)
    digest = hashlib.sha256(
        json.dumps(
            [
                title,
                site_name,
                font_digest,
                settings.brand_background,
                settings.brand_accent,
                settings.brand_foreground,
            ]
        ).encode()
    ).hexdigest()
    key = cache_key(digest, variant, settings)
    name = slug
    if (variant.width, variant.height) != tuple(settings.social_size):
        name = f"{slug}-{ratio_label(variant.width, variant.height)}"
    return Derivative(variant, key, f"{settings.output_dir}/og/{name}-{key[:10]}.jpg")


def sized_image(item: Derivative, site_url: str) -> SizedImage:
    """The published URL (``site_url`` + path) and pixel size of a derivative."""
    return SizedImage(
        f"{site_url}/{item.path}", item.variant.width, item.variant.height, MIME[item.variant.fmt]
    )


def image_set(derivatives: list[Derivative], site_url: str) -> ImageSet:
    """Template-facing view of a list of derivatives of one shape."""
    candidates = tuple(
        Candidate(f"{site_url}/{d.path}", d.variant.width, d.variant.height, d.variant.fmt)
        for d in derivatives
    )
    largest = max(candidates, key=lambda c: c.width)
    jpegs = [c for c in candidates if c.fmt == "jpeg"]
    # The fallback src: the widest JPEG no wider than 960 px (old browsers, feed readers).
    fallback = max(
        (c for c in jpegs if c.width <= 960),
        key=lambda c: c.width,
        default=min(jpegs, key=lambda c: c.width),
    )
    return ImageSet(candidates, largest.width, largest.height, fallback.url)
