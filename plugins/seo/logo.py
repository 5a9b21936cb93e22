"""Draw the publisher logo of the JSON-LD ``publisher`` (run once, commit the PNG).

Google's rule for a publisher logo: it fits in 600×60 px (ideally exactly
60 px high), with a little padding around the mark on a solid background.
The logo is the site's name in the brand colours and the title cards' font
(plugins/images), on white::

    .venv/bin/python -m plugins.seo.logo            # theme/static/images/publisher-logo.png
    .venv/bin/python -m plugins.seo.logo other.png  # elsewhere

The build only reads the file (its size goes into the ``ImageObject``); the
URL comes from :func:`plugins.seo.site.theme_asset_url`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "theme" / "static" / "images" / "publisher-logo.png"
MAX_WIDTH, HEIGHT = 600, 60
PADDING = 8  # around the mark (Google asks for at least 6 px on a solid background)


def draw_logo(name: str, max_width: int = MAX_WIDTH, height: int = HEIGHT):
    """The logo as a Pillow image: an accent bar and ``name``, ``height`` px
    high, as wide as the text needs (at most ``max_width``)."""
    from PIL import Image, ImageColor, ImageDraw, ImageFont

    from plugins.images.config import ImageSettings

    settings = ImageSettings()
    brand = ImageColor.getrgb(settings.brand_background)
    accent = ImageColor.getrgb(settings.brand_accent)
    bar = 8
    text_left = PADDING + bar + 10
    size = height - 2 * PADDING - 8
    while True:  # shrink until the name fits the width
        font = ImageFont.truetype(settings.font_file, size, layout_engine=ImageFont.Layout.BASIC)
        left, top, right, bottom = font.getbbox(name)
        width = text_left + (right - left) + PADDING
        if width <= max_width or size <= 10:
            break
        size -= 1
    logo = Image.new("RGB", (min(width, max_width), height), (255, 255, 255))
    draw = ImageDraw.Draw(logo)
    draw.rectangle((PADDING, PADDING, PADDING + bar - 1, height - PADDING - 1), fill=accent)
    text_top = (height - (bottom - top)) // 2 - top
    draw.text((text_left - left, text_top), name, font=font, fill=brand)
    return logo


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else TARGET
    sys.path.insert(0, str(ROOT))
    import pelicanconf  # the site's name, as the build reads it

    logo = draw_logo(pelicanconf.SITENAME)
    target.parent.mkdir(parents=True, exist_ok=True)
    logo.save(target, "PNG", optimize=True)
    print(f"{target}: {logo.width}×{logo.height}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
