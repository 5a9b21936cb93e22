"""The image pipeline's settings: one namespaced ``IMAGES`` dict merged over defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from plugins.options import plugin_options

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSans-Bold.ttf"

# Bump when an operation changes its output: every cached derivative is then redone.
PIPELINE_VERSION = "1"


@dataclass(frozen=True)
class ImageSettings:
    """What the pipeline produces and where. Override any field in ``IMAGES = {...}``."""

    widths: tuple[int, ...] = (320, 640, 960, 1280, 1600)
    card_widths: tuple[int, ...] = (320, 640)
    card_ratio: tuple[int, int] = (16, 9)
    social_size: tuple[int, int] = (1200, 630)
    # The article images of JSON-LD (Google's Article guidance: 16:9, 4:3 and
    # 1:1, large): crops of the lead image, or title cards, at these sizes.
    schema_sizes: tuple[tuple[int, int], ...] = ((1200, 675), (1200, 900), (1200, 1200))
    formats: tuple[str, ...] = ("webp", "jpeg")
    jpeg_quality: int = 82
    webp_quality: int = 78
    # Above this many pixels an original is refused (an "enormous image").
    max_pixels: int = 50_000_000
    accepted_formats: tuple[str, ...] = ("JPEG", "PNG", "WEBP")
    cache_dir: str = ".cache/images"
    output_dir: str = "images/_d"  # inside OUTPUT_PATH
    workers: int | None = None  # None: os.cpu_count()
    sizes: str = "(min-width: 1024px) 720px, 100vw"
    card_sizes: str = "(min-width: 768px) 320px, 100vw"
    brand_background: str = "#9b1c1c"
    brand_accent: str = "#f2c94c"
    brand_foreground: str = "#ffffff"
    font_file: str = str(FONT_FILE)

    def encoding_params(self) -> dict[str, Any]:
        """The settings that change derivative bytes (part of every cache key)."""
        return {
            "version": PIPELINE_VERSION,
            "jpeg_quality": self.jpeg_quality,
            "webp_quality": self.webp_quality,
        }


_DEFAULTS = {f.name: f.default for f in fields(ImageSettings)}
_TUPLE_FIELDS = {f.name for f in fields(ImageSettings) if str(f.type).startswith("tuple")}


def image_settings(pelican_settings: dict[str, Any]) -> ImageSettings:
    """``ImageSettings`` from Pelican's settings (``IMAGES`` over the defaults).

    Unknown keys are an error, so a typo never silently falls back to a default.
    """
    given = plugin_options(pelican_settings, "IMAGES", _DEFAULTS)
    for name in _TUPLE_FIELDS:
        given[name] = tuple(given[name])
    given["schema_sizes"] = tuple(tuple(size) for size in given["schema_sizes"])
    settings = ImageSettings(**given)
    if not settings.widths or min(settings.widths) <= 0:
        raise ValueError("IMAGES['widths'] phải là các số nguyên dương")
    if not set(settings.formats) <= {"webp", "jpeg"} or "jpeg" not in settings.formats:
        raise ValueError("IMAGES['formats'] chỉ nhận 'webp' và 'jpeg' (bắt buộc có 'jpeg')")
    if not all(
        len(size) == 2 and all(isinstance(n, int) and n > 0 for n in size)
        for size in settings.schema_sizes
    ):
        raise ValueError(
            "IMAGES['schema_sizes'] phải là các cặp (rộng, cao) số nguyên dương, "
            "ví dụ ((1200, 675), (1200, 900), (1200, 1200))"
        )
    return settings
