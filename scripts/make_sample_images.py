#!/usr/bin/env python3
"""Draw the illustrative sample images used by the sample content.

Every picture referenced by ``content/articles`` (lead images and inline
images) is drawn here with Pillow only: flat, friendly illustrations —
gradient skies, stylised landscapes, people silhouettes, a map-like shape and
one tall infographic with Vietnamese labels. Nothing is photographed or
downloaded.

The output is deterministic: every image has its own fixed random seed
(derived from its file name with CRC-32, never from ``hash()``), so running
the script twice produces byte-identical files.

Usage (from the repository root)::

    .venv/bin/python scripts/make_sample_images.py          # draw everything
    .venv/bin/python scripts/make_sample_images.py --list   # list the images
    .venv/bin/python scripts/make_sample_images.py 2025/duong-den-truong.jpg

Fonts: a font covering Vietnamese is needed only for the infographic and the
map. The script looks for Noto Sans or DejaVu Sans (Debian/Ubuntu paths, e.g.
``/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf`` or
``/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf``; install with
``apt-get install fonts-dejavu-core``) and falls back to Pillow's built-in
font, which may render Vietnamese diacritics poorly but never fails.
"""

from __future__ import annotations

import argparse
import glob
import math
import random
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "content" / "images"
SS = 2  # supersampling factor (drawn at 2x, downscaled with LANCZOS)
JPEG_QUALITY = 82

LEAD = (1600, 900)
INLINE = (1200, 800)
PHOTO = (1500, 1000)
TALL = (1080, 1920)

# --------------------------------------------------------------------------
# fonts

FONT_CANDIDATES = {
    "bold": [
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
    ],
    "regular": [
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
    ],
}
_font_cache: dict = {}


def font_path(weight: str) -> str | None:
    for path in FONT_CANDIDATES[weight]:
        if Path(path).exists():
            return path
    pattern = "*Bold*.ttf" if weight == "bold" else "*Sans*Regular*.ttf"
    for path in sorted(glob.glob(f"/usr/share/fonts/**/{pattern}", recursive=True)):
        if "Noto" in path or "DejaVu" in path:
            return path
    return None


def font(size: int, weight: str = "regular"):
    key = (size, weight)
    if key not in _font_cache:
        path = font_path(weight)
        if path:
            _font_cache[key] = ImageFont.truetype(path, size)
        else:  # graceful fallback: Pillow's bundled font
            try:
                _font_cache[key] = ImageFont.load_default(size)
            except TypeError:  # very old Pillow
                _font_cache[key] = ImageFont.load_default()
    return _font_cache[key]


# --------------------------------------------------------------------------
# colours


def hexc(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t: float):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def lighten(c, t):
    return mix(c, (255, 255, 255), t)


def darken(c, t):
    return mix(c, (0, 0, 0), t)


SKIES = {
    "morning": ("#8ec5e8", "#fde7c4"),
    "day": ("#5aa9e6", "#d8eefa"),
    "dawn": ("#f6b99b", "#fff1d6"),
    "dusk": ("#3b3f7a", "#f4a36b"),
    "sunset": ("#ef7b54", "#ffd28a"),
    "night": ("#0f1a3a", "#34407a"),
    "overcast": ("#8b97a3", "#cfd6dc"),
    "storm": ("#56616d", "#a7b0b8"),
}
SKIN = [hexc(c) for c in ("#f1c9a5", "#e0ac84", "#c98e65", "#a8714c", "#f4d3b6")]
HAIR = [hexc(c) for c in ("#2b2220", "#3a2a22", "#1d1b1f", "#5a3d2b")]
CLOTHES = [
    hexc(c)
    for c in (
        "#e4572e",
        "#2e86ab",
        "#f3a712",
        "#4caf50",
        "#8e44ad",
        "#ffffff",
        "#1b4965",
        "#d7263d",
        "#f6f0e3",
        "#29a19c",
        "#ff8c61",
        "#6a4c93",
        "#3d5a80",
        "#e9c46a",
    )
]


# --------------------------------------------------------------------------
# canvas: coordinates in final pixels, drawn supersampled


class Canvas:
    def __init__(self, size, rng: random.Random, bg=(255, 255, 255)):
        self.w, self.h = size
        self.rng = rng
        self.img = Image.new("RGB", (self.w * SS, self.h * SS), bg)
        self.d = ImageDraw.Draw(self.img)

    # scaling helpers
    def _p(self, pts):
        return [(x * SS, y * SS) for x, y in pts]

    def _b(self, x0, y0, x1, y1):
        return [min(x0, x1) * SS, min(y0, y1) * SS, max(x0, x1) * SS, max(y0, y1) * SS]

    # primitives
    def gradient(self, top, bottom, y0=0, y1=None, x0=0, x1=None):
        y1 = self.h if y1 is None else y1
        x1 = self.w if x1 is None else x1
        top, bottom = (
            hexc(top) if isinstance(top, str) else top,
            hexc(bottom) if isinstance(bottom, str) else bottom,
        )
        rows = max(1, int((y1 - y0) * SS))
        for i in range(rows):
            col = mix(top, bottom, i / max(1, rows - 1))
            y = y0 * SS + i
            self.d.line([(x0 * SS, y), (x1 * SS, y)], fill=col)

    def rect(self, x0, y0, x1, y1, fill):
        self.d.rectangle(self._b(x0, y0, x1, y1), fill=fill)

    def rrect(self, x0, y0, x1, y1, r, fill):
        self.d.rounded_rectangle(self._b(x0, y0, x1, y1), radius=max(1, r * SS), fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, width=1):
        self.d.ellipse(
            self._b(x0, y0, x1, y1), fill=fill, outline=outline, width=max(1, int(width * SS))
        )

    def circle(self, x, y, r, fill=None, outline=None, width=1):
        self.ellipse(x - r, y - r, x + r, y + r, fill, outline, width)

    def poly(self, pts, fill):
        self.d.polygon(self._p(pts), fill=fill)

    def line(self, pts, fill, width=1):
        self.d.line(self._p(pts), fill=fill, width=max(1, int(width * SS)), joint="curve")

    def text(self, x, y, s, size, fill, weight="regular", anchor="la"):
        self.d.text(
            (x * SS, y * SS), s, font=font(int(size * SS), weight), fill=fill, anchor=anchor
        )

    def text_width(self, s, size, weight="regular"):
        box = self.d.textbbox((0, 0), s, font=font(int(size * SS), weight))
        return (box[2] - box[0]) / SS

    def overlay(self, draw_fn, alpha: int):
        """Draw with ``draw_fn(draw, scale)`` on a transparent layer and blend it."""
        layer = Image.new("RGBA", self.img.size, (0, 0, 0, 0))
        ld = ImageDraw.Draw(layer)
        draw_fn(ld)
        r, g, b, a = layer.split()
        a = a.point(lambda v: v * alpha // 255)
        layer = Image.merge("RGBA", (r, g, b, a))
        base = self.img.convert("RGBA")
        base.alpha_composite(layer)
        self.img = base.convert("RGB")
        self.d = ImageDraw.Draw(self.img)

    def blur_overlay(self, draw_fn, alpha: int, radius: float):
        layer = Image.new("RGBA", self.img.size, (0, 0, 0, 0))
        draw_fn(ImageDraw.Draw(layer))
        layer = layer.filter(ImageFilter.GaussianBlur(radius * SS))
        r, g, b, a = layer.split()
        a = a.point(lambda v: v * alpha // 255)
        base = self.img.convert("RGBA")
        base.alpha_composite(Image.merge("RGBA", (r, g, b, a)))
        self.img = base.convert("RGB")
        self.d = ImageDraw.Draw(self.img)

    def final(self):
        return self.img.resize((self.w, self.h), Image.LANCZOS)


# --------------------------------------------------------------------------
# building blocks


def sky(c: Canvas, kind="morning", y1=None):
    top, bottom = SKIES[kind]
    c.gradient(top, bottom, 0, y1 if y1 is not None else c.h)


def sun(c: Canvas, x, y, r, color="#fff4c2", glow=True):
    col = hexc(color)
    if glow:

        def g(d):
            for k in range(6, 0, -1):
                rr = r * (1 + k * 0.35)
                d.ellipse(
                    [(x - rr) * SS, (y - rr) * SS, (x + rr) * SS, (y + rr) * SS], fill=col + (40,)
                )

        c.overlay(g, 150)
    c.circle(x, y, r, fill=col)


def clouds(c: Canvas, n=4, y_range=(0.08, 0.35), color=(255, 255, 255), alpha=200):
    rng = c.rng
    specs = []
    for _ in range(n):
        cx = rng.uniform(0.05, 0.95) * c.w
        cy = rng.uniform(*y_range) * c.h
        s = rng.uniform(0.05, 0.1) * c.w
        specs.append((cx, cy, s))

    def draw(d):
        for cx, cy, s in specs:
            for dx, dy, k in (
                (-0.6, 0.1, 0.55),
                (0, -0.15, 0.75),
                (0.6, 0.1, 0.6),
                (0.2, 0.2, 0.6),
                (-0.2, 0.2, 0.6),
            ):
                r = s * k
                x, y = cx + dx * s, cy + dy * s
                d.ellipse(
                    [(x - r) * SS, (y - r * 0.7) * SS, (x + r) * SS, (y + r * 0.7) * SS],
                    fill=color + (255,),
                )

    c.overlay(draw, alpha)


def ridge(c: Canvas, base_y, amp, color, waves=3, phase=None, rough=0.25):
    rng = c.rng
    phase = rng.uniform(0, 6.28) if phase is None else phase
    f2 = rng.uniform(2.0, 3.5)
    pts = [(0, c.h)]
    steps = 120
    for i in range(steps + 1):
        x = c.w * i / steps
        t = i / steps
        y = base_y - amp * (
            0.6 * math.sin(t * math.pi * waves + phase)
            + rough * math.sin(t * math.pi * waves * f2 + phase * 2)
            + 0.4
        )
        pts.append((x, y))
    pts.append((c.w, c.h))
    c.poly(pts, fill=color)
    return pts


def karst(c: Canvas, base_y, color, n=6, hmin=0.25, hmax=0.45):
    rng = c.rng
    for i in range(n):
        cx = (i + rng.uniform(0.1, 0.9)) * c.w / n
        w = rng.uniform(0.09, 0.16) * c.w
        h = rng.uniform(hmin, hmax) * c.h
        top = base_y - h
        c.poly(
            [
                (cx - w / 2, base_y),
                (cx - w * 0.28, top + h * 0.25),
                (cx + w * 0.28, top + h * 0.25),
                (cx + w / 2, base_y),
            ],
            color,
        )
        c.ellipse(cx - w * 0.3, top, cx + w * 0.3, top + h * 0.5, fill=color)


def terraces(c: Canvas, y0, y1, color, n=6):
    dark = darken(color, 0.12)
    for i in range(n):
        y = y0 + (y1 - y0) * (i + 1) / (n + 1)
        pts = []
        for k in range(41):
            x = c.w * k / 40
            pts.append((x, y + 6 * math.sin(k / 3 + i)))
        c.line(pts, fill=dark, width=2)


def tea_rows(c: Canvas, y0, y1, color):
    dark = darken(color, 0.18)
    rows = 9
    for i in range(rows):
        y = y0 + (y1 - y0) * i / rows
        r = 7 + i * 1.6
        for k in range(int(c.w / (r * 2.1)) + 2):
            x = k * r * 2.1 + (i % 2) * r
            c.ellipse(x - r, y - r * 0.6, x + r, y + r * 0.6, fill=dark if (k + i) % 3 else color)


def stilt_house(c: Canvas, x, ground, w, wall="#b07a4f", roof="#6b4a35"):
    wall, roof = hexc(wall), hexc(roof)
    h = w * 0.45
    post = w * 0.05
    for px in (x + w * 0.08, x + w * 0.48, x + w * 0.88):
        c.rect(px, ground - h * 0.5, px + post, ground, darken(wall, 0.3))
    c.rect(x, ground - h * 1.2, x + w, ground - h * 0.5, wall)
    c.rect(x + w * 0.4, ground - h * 1.05, x + w * 0.56, ground - h * 0.65, darken(wall, 0.35))
    c.poly(
        [
            (x - w * 0.12, ground - h * 1.15),
            (x + w * 0.2, ground - h * 1.9),
            (x + w * 0.8, ground - h * 1.9),
            (x + w * 1.12, ground - h * 1.15),
        ],
        roof,
    )


def school(c: Canvas, x, ground, w, wall="#f6e7b4", roof="#c8553d"):
    wall, roof = hexc(wall), hexc(roof)
    h = w * 0.32
    c.rect(x, ground - h, x + w, ground, wall)
    c.poly(
        [
            (x - w * 0.05, ground - h),
            (x + w * 0.08, ground - h * 1.55),
            (x + w * 0.92, ground - h * 1.55),
            (x + w * 1.05, ground - h),
        ],
        roof,
    )
    n = 4
    for i in range(n):
        wx = x + w * (0.08 + i * 0.23)
        c.rect(wx, ground - h * 0.72, wx + w * 0.13, ground - h * 0.3, hexc("#4f7ca8"))
    c.rect(x + w * 0.46, ground - h * 0.5, x + w * 0.54, ground, darken(wall, 0.4))


def palm(c: Canvas, x, ground, h, color="#2f6b3b"):
    col = hexc(color) if isinstance(color, str) else color
    trunk = hexc("#7a5a3a")
    lean = c.rng.uniform(-0.15, 0.15) * h
    c.line(
        [(x, ground), (x + lean * 0.5, ground - h * 0.5), (x + lean, ground - h)],
        fill=trunk,
        width=max(3, h * 0.04),
    )
    tx, ty = x + lean, ground - h
    for ang in range(0, 360, 40):
        a = math.radians(ang + c.rng.uniform(-10, 10))
        ex, ey = tx + math.cos(a) * h * 0.35, ty + math.sin(a) * h * 0.18 + h * 0.08
        mx, my = tx + math.cos(a) * h * 0.18, ty + math.sin(a) * h * 0.1 - h * 0.05
        c.poly([(tx, ty), (mx, my - h * 0.03), (ex, ey), (mx, my + h * 0.03)], col)


def round_tree(c: Canvas, x, ground, h, color="#3f8f4f"):
    col = hexc(color) if isinstance(color, str) else color
    c.rect(x - h * 0.04, ground - h * 0.45, x + h * 0.04, ground, hexc("#6b4a35"))
    c.circle(x, ground - h * 0.62, h * 0.32, fill=col)
    c.circle(x - h * 0.18, ground - h * 0.5, h * 0.22, fill=darken(col, 0.08))
    c.circle(x + h * 0.18, ground - h * 0.52, h * 0.22, fill=lighten(col, 0.08))


def building_row(c: Canvas, widths, heights, colours):
    """Buildings side by side across the picture, left to right: yields
    ``(x, width, height, colour)``, the width and height drawn from
    ``widths`` and ``heights`` (fractions of the picture's) and the colour
    from ``colours``; the caller draws each one (walls, windows, roof). A
    generator, so the caller's own random draws keep their place between
    the buildings' and the picture stays the same."""
    rng = c.rng
    x = 0
    while x < c.w:
        bw = rng.uniform(*widths) * c.w
        bh = rng.uniform(*heights) * c.h
        yield x, bw, bh, hexc(rng.choice(colours))
        x += bw


def person(
    c: Canvas,
    x,
    feet,
    h,
    shirt=None,
    pants=None,
    skin=None,
    hair=None,
    arms="down",
    dress=False,
    seated=False,
):
    rng = c.rng
    shirt = shirt or rng.choice(CLOTHES)
    pants = pants or darken(rng.choice(CLOTHES), 0.35)
    skin = skin or rng.choice(SKIN)
    hair = hair or rng.choice(HAIR)
    head = h * 0.085
    sh_y = feet - h * 0.8
    hip_y = feet - h * 0.45
    if not seated:
        if dress:
            c.poly(
                [
                    (x - h * 0.12, sh_y + h * 0.1),
                    (x + h * 0.12, sh_y + h * 0.1),
                    (x + h * 0.2, feet - h * 0.12),
                    (x - h * 0.2, feet - h * 0.12),
                ],
                shirt,
            )
            c.rect(x - h * 0.08, feet - h * 0.13, x - h * 0.03, feet, darken(skin, 0.1))
            c.rect(x + h * 0.03, feet - h * 0.13, x + h * 0.08, feet, darken(skin, 0.1))
        else:
            c.rrect(x - h * 0.1, hip_y - h * 0.02, x - h * 0.015, feet, h * 0.02, pants)
            c.rrect(x + h * 0.015, hip_y - h * 0.02, x + h * 0.1, feet, h * 0.02, pants)
    # arms: a polyline of (dx, y) joints per side, dx in heights from x, mirrored
    # by side (-1 left, 1 right); a raised hand is drawn at its end
    arm_w = h * 0.055
    shoulder = sh_y + h * 0.04
    if arms == "up":
        raised = [(0.11, shoulder), (0.2, sh_y - h * 0.12), (0.22, sh_y - h * 0.24)]
        limbs = [(-1, raised), (1, raised)]
        hands = [(-1, 0.22, sh_y - h * 0.25), (1, 0.22, sh_y - h * 0.25)]
    elif arms == "wave":
        waving = [(0.11, shoulder), (0.22, sh_y - h * 0.1), (0.25, sh_y - h * 0.22)]
        limbs = [(-1, [(0.11, shoulder), (0.15, hip_y)]), (1, waving)]
        hands = [(1, 0.25, sh_y - h * 0.23)]
    elif arms == "side":
        held_out = [(0.11, shoulder), (0.25, sh_y + h * 0.12)]
        limbs = [(-1, held_out), (1, held_out)]
        hands = []
    else:
        hanging = [(0.115, shoulder), (0.14, hip_y + h * 0.02)]
        limbs = [(-1, hanging), (1, hanging)]
        hands = []
    for side, joints in limbs:
        c.line([(x + side * h * dx, y) for dx, y in joints], shirt, width=arm_w)
    for side, dx, y in hands:
        c.circle(x + side * h * dx, y, arm_w * 0.6, fill=skin)
    if not dress or seated:
        c.rrect(x - h * 0.12, sh_y, x + h * 0.12, hip_y + h * 0.04, h * 0.05, shirt)
    else:
        c.rrect(x - h * 0.12, sh_y, x + h * 0.12, sh_y + h * 0.16, h * 0.05, shirt)
    # neck + head + hair
    c.rect(x - h * 0.025, sh_y - h * 0.04, x + h * 0.025, sh_y + h * 0.01, skin)
    hy = sh_y - h * 0.04 - head
    c.circle(x, hy, head, fill=skin)
    c.d.pieslice(
        c._b(x - head * 1.05, hy - head * 1.1, x + head * 1.05, hy + head * 0.9),
        180,
        360,
        fill=hair,
    )


def back_head(c: Canvas, x, y, r, shirt=None, hair=None):
    rng = c.rng
    shirt = shirt or darken(rng.choice(CLOTHES), 0.2)
    hair = hair or rng.choice(HAIR)
    c.rrect(x - r * 1.9, y + r * 0.8, x + r * 1.9, y + r * 3.2, r * 0.9, shirt)
    c.circle(x, y, r, fill=hair)


def group(c: Canvas, n, x0, x1, feet, h, jitter=0.06, **kw):
    rng = c.rng
    step = (x1 - x0) / max(1, n - 1)
    xs = (
        [x0 + i * step + rng.uniform(-step * 0.2, step * 0.2) for i in range(n)]
        if n > 1
        else [(x0 + x1) / 2]
    )
    for x in xs:
        hh = h * rng.uniform(1 - jitter, 1 + jitter)
        opts = dict(kw)
        if "dress" not in opts:
            opts["dress"] = rng.random() < 0.35
        person(c, x, feet + rng.uniform(-h * 0.03, h * 0.03), hh, **opts)


def water(c: Canvas, y0, top="#5fa8c9", bottom="#2f6f8f", y1=None):
    c.gradient(top, bottom, y0, c.h if y1 is None else y1)
    rng = c.rng
    light = lighten(hexc(top), 0.35)
    for _ in range(40):
        x = rng.uniform(0, c.w)
        y = rng.uniform(y0 + 8, c.h - 4 if y1 is None else y1 - 4)
        w = rng.uniform(20, 70)
        c.line([(x, y), (x + w, y)], light, width=2)


def boat(c: Canvas, x, y, w, color="#8b5a2b", people=0, long=False):
    col = hexc(color) if isinstance(color, str) else color
    h = w * (0.08 if long else 0.16)
    c.poly([(x, y), (x + w, y), (x + w * 0.9, y + h), (x + w * 0.1, y + h)], col)
    c.line([(x, y), (x + w, y)], lighten(col, 0.3), width=3)
    if people:
        for i in range(people):
            px = x + w * (0.15 + 0.7 * (i + 0.5) / people)
            ph = w * (0.18 if long else 0.45) * (0.9 if long else 1)
            person(c, px, y + 2, ph, seated=True, arms="side" if long else "down")


def lantern(c: Canvas, x, y, r, color):
    col = hexc(color) if isinstance(color, str) else color

    def glow(d):
        rr = r * 2.4
        d.ellipse([(x - rr) * SS, (y - rr) * SS, (x + rr) * SS, (y + rr) * SS], fill=col + (255,))

    c.blur_overlay(glow, 70, r * 0.9)
    c.line([(x, y - r * 2), (x, y - r)], hexc("#2a1d12"), width=2)
    c.ellipse(x - r, y - r * 1.2, x + r, y + r * 1.2, fill=col)
    c.rect(x - r * 0.45, y - r * 1.35, x + r * 0.45, y - r * 1.1, hexc("#3b2a1a"))
    c.rect(x - r * 0.45, y + r * 1.1, x + r * 0.45, y + r * 1.35, hexc("#3b2a1a"))
    c.line([(x - r * 0.5, y), (x + r * 0.5, y)], lighten(col, 0.4), width=2)


def bunting(c: Canvas, y, sag=30, n=22):
    pts = [(c.w * i / n, y + sag * math.sin(math.pi * i / n)) for i in range(n + 1)]
    c.line(pts, hexc("#5a4632"), width=2)
    for i in range(n):
        x0, y0 = pts[i]
        x1, y1 = pts[i + 1]
        col = CLOTHES[(i * 5) % len(CLOTHES)]
        c.poly([(x0 + 3, y0), (x1 - 3, y1), ((x0 + x1) / 2, (y0 + y1) / 2 + 36)], col)


def flowers(c: Canvas, x, y, w, colors=("#f25f5c", "#ffe066", "#f7a1c4", "#ffffff")):
    rng = c.rng
    c.ellipse(x - w * 0.55, y - w * 0.25, x + w * 0.55, y + w * 0.2, fill=hexc("#3e7c3a"))
    for _ in range(14):
        fx = x + rng.uniform(-w * 0.5, w * 0.5)
        fy = y + rng.uniform(-w * 0.32, w * 0.05)
        c.circle(fx, fy, w * 0.08, fill=hexc(rng.choice(colors)))


def blossom_branch(c: Canvas, x, y, length, flip=1, color="#f7a1c4"):
    rng = c.rng
    brown = hexc("#5b3a29")
    pts = [(x, y)]
    for i in range(1, 6):
        pts.append((x + flip * length * i / 5, y + rng.uniform(-20, 20) + i * 8))
    c.line(pts, brown, width=6)
    for px, py in pts[1:]:
        for _ in range(4):
            c.circle(
                px + rng.uniform(-30, 30),
                py + rng.uniform(-25, 25),
                rng.uniform(7, 12),
                fill=hexc(color),
            )


def mist(c: Canvas, y, height, alpha=150):
    def draw(d):
        for k in range(5):
            yy = y + k * height * 0.2
            d.ellipse(
                [
                    -0.2 * c.w * SS,
                    (yy - height * 0.3) * SS,
                    1.2 * c.w * SS,
                    (yy + height * 0.3) * SS,
                ],
                fill=(255, 255, 255, 255),
            )

    c.blur_overlay(draw, alpha, height * 0.25)


def bookshelf(c: Canvas, x, y, w, h, rows=4):
    wood = hexc("#8a5a3b")
    c.rect(x, y, x + w, y + h, wood)
    rng = c.rng
    for r in range(rows):
        y0 = y + h * 0.05 + r * h * 0.94 / rows
        y1 = y0 + h * 0.94 / rows - h * 0.04
        c.rect(x + w * 0.04, y0, x + w * 0.96, y1, darken(wood, 0.45))
        bx = x + w * 0.05
        while bx < x + w * 0.92:
            bw = rng.uniform(w * 0.03, w * 0.06)
            bh = (y1 - y0) * rng.uniform(0.7, 0.95)
            c.rect(bx, y1 - bh, min(bx + bw, x + w * 0.95), y1, rng.choice(CLOTHES))
            bx += bw + 2


def chalkboard(c: Canvas, x, y, w, h):
    c.rect(x - 8, y - 8, x + w + 8, y + h + 8, hexc("#8a5a3b"))
    c.rect(x, y, x + w, y + h, hexc("#2f5d50"))
    rng = c.rng
    for i in range(4):
        yy = y + h * (0.2 + i * 0.18)
        c.line([(x + w * 0.08, yy), (x + w * rng.uniform(0.4, 0.85), yy)], hexc("#dfe9e2"), width=4)


def play_button(c: Canvas):
    cx, cy, r = c.w / 2, c.h / 2, c.h * 0.11
    c.overlay(
        lambda d: d.ellipse(
            [(cx - r) * SS, (cy - r) * SS, (cx + r) * SS, (cy + r) * SS], fill=(20, 20, 20, 255)
        ),
        150,
    )
    c.poly(
        [(cx - r * 0.35, cy - r * 0.5), (cx - r * 0.35, cy + r * 0.5), (cx + r * 0.55, cy)],
        (255, 255, 255),
    )


# --------------------------------------------------------------------------
# scenes


def scene_mountains(
    c: Canvas,
    time="morning",
    houses=3,
    school_at=None,
    karst_peaks=False,
    tea=False,
    kids=0,
    tank=False,
    fog=False,
    path=False,
    girls=0,
    terrace=True,
):
    sky(c, time, c.h * 0.75)
    if time in ("morning", "day"):
        clouds(c, 3)
    if time == "dawn":
        sun(c, c.w * 0.72, c.h * 0.3, c.h * 0.06, "#fff0c8")
    else:
        sun(c, c.w * 0.82, c.h * 0.16, c.h * 0.05)
    far = hexc("#8fb3c9") if time != "dawn" else hexc("#c9a7b8")
    if karst_peaks:
        karst(c, c.h * 0.62, far, n=7)
        karst(c, c.h * 0.7, hexc("#7a8f92"), n=5, hmin=0.2, hmax=0.35)
    else:
        ridge(c, c.h * 0.42, c.h * 0.12, far)
        ridge(c, c.h * 0.52, c.h * 0.12, hexc("#6f9f8a"))
    if fog:
        mist(c, c.h * 0.55, c.h * 0.2, 170)
    mid = hexc("#5e9b5a")
    ridge(c, c.h * 0.66, c.h * 0.1, mid, waves=2)
    if terrace:
        terraces(c, c.h * 0.58, c.h * 0.78, mid)
    front = hexc("#4b8a47") if not tea else hexc("#3f7f3c")
    ridge(c, c.h * 0.8, c.h * 0.06, front, waves=1.5, rough=0.1)
    if tea:
        tea_rows(c, c.h * 0.74, c.h * 1.02, hexc("#5fa65a"))
    if path:
        c.poly(
            [
                (c.w * 0.47, c.h),
                (c.w * 0.62, c.h),
                (c.w * 0.55, c.h * 0.62),
                (c.w * 0.53, c.h * 0.62),
            ],
            hexc("#c99a6b"),
        )
    rng = c.rng
    for i in range(houses):
        hx = c.w * (0.06 + i * 0.17) + rng.uniform(-20, 20)
        stilt_house(c, hx, c.h * (0.72 + 0.03 * (i % 2)), c.w * 0.09)
    if school_at is not None:
        school(c, c.w * school_at, c.h * 0.7, c.w * 0.24)
    if tank:
        tx, ty = c.w * 0.7, c.h * 0.7
        c.rect(tx, ty - c.h * 0.12, tx + c.w * 0.14, ty, hexc("#d9dcd6"))
        c.rect(tx, ty - c.h * 0.13, tx + c.w * 0.14, ty - c.h * 0.115, hexc("#a8aea5"))
        c.line(
            [(tx, ty - c.h * 0.03), (c.w * 0.45, c.h * 0.86), (c.w * 0.2, c.h * 0.95)],
            hexc("#2e86ab"),
            width=7,
        )
    if kids:
        for i in range(kids):
            t = (i + 0.5) / kids
            person(
                c,
                c.w * (0.54 + 0.03 * t) + (i % 2) * 70 - 35,
                c.h * (0.7 + 0.27 * t),
                c.h * (0.09 + 0.15 * t),
                shirt=(250, 250, 250),
            )
    if girls:
        group(
            c,
            girls,
            c.w * 0.25,
            c.w * 0.75,
            c.h * 0.98,
            c.h * 0.3,
            shirt=(250, 250, 250),
            dress=False,
        )


def scene_delta(
    c: Canvas, time="day", boats=2, long_boats=False, market=False, school_bank=False, palms=6
):
    sky(c, time, c.h * 0.55)
    clouds(c, 3, (0.06, 0.28))
    sun(c, c.w * 0.18, c.h * 0.18, c.h * 0.05)
    c.rect(0, c.h * 0.42, c.w, c.h * 0.56, hexc("#6fae5c"))
    ridge(c, c.h * 0.5, c.h * 0.02, hexc("#5c9e4c"), waves=5)
    rng = c.rng
    for i in range(palms):
        palm(
            c,
            c.w * (0.04 + i / palms) + rng.uniform(-30, 30),
            c.h * 0.52,
            c.h * rng.uniform(0.22, 0.32),
        )
    if school_bank:
        school(c, c.w * 0.55, c.h * 0.54, c.w * 0.3, wall="#f7e2a1", roof="#d0643f")
    water(c, c.h * 0.55, "#7bb7c9", "#3f7f95")
    if market:
        for _i in range(7):
            bx = rng.uniform(0.02, 0.82) * c.w
            by = c.h * rng.uniform(0.62, 0.92)
            boat(
                c,
                bx,
                by,
                c.w * rng.uniform(0.12, 0.18),
                rng.choice(["#8b5a2b", "#3d6e8f", "#6f4e37"]),
                people=1,
            )
            for k in range(5):
                c.circle(
                    bx + c.w * (0.03 + 0.02 * k),
                    by - 8,
                    9,
                    fill=hexc(rng.choice(["#f3a712", "#e4572e", "#4caf50", "#ffe066"])),
                )
    elif long_boats:
        for i in range(boats):
            by = c.h * (0.66 + i * 0.14)
            bx = c.w * (0.08 + i * 0.12)
            boat(
                c,
                bx,
                by,
                c.w * 0.62,
                ["#d7263d", "#f3a712", "#2e86ab"][i % 3],
                people=12,
                long=True,
            )
    else:
        for i in range(boats):
            boat(c, c.w * (0.15 + i * 0.4), c.h * (0.7 + i * 0.1), c.w * 0.16, "#6f4e37", people=1)


def scene_flood(c: Canvas, setting="village"):
    sky(c, "storm", c.h * 0.6)
    clouds(c, 6, (0.05, 0.3), color=(120, 128, 138), alpha=190)
    if setting == "mountain":
        ridge(c, c.h * 0.45, c.h * 0.15, hexc("#6d8a7a"))
        ridge(c, c.h * 0.56, c.h * 0.12, hexc("#557a5e"))
        # landslide scar
        c.poly(
            [
                (c.w * 0.64, c.h * 0.34),
                (c.w * 0.665, c.h * 0.35),
                (c.w * 0.68, c.h * 0.42),
                (c.w * 0.7, c.h * 0.5),
                (c.w * 0.72, c.h * 0.58),
                (c.w * 0.63, c.h * 0.58),
                (c.w * 0.645, c.h * 0.5),
                (c.w * 0.635, c.h * 0.42),
            ],
            hexc("#a87a55"),
        )
        for i in range(4):
            stilt_house(c, c.w * (0.05 + i * 0.23), c.h * 0.68, c.w * 0.11)
    elif setting == "city":
        colours = ["#c9b79c", "#b8c4c9", "#d9c5a0", "#a9b4a0"]
        for x, bw, bh, col in building_row(c, (0.06, 0.12), (0.18, 0.38), colours):
            c.rect(x, c.h * 0.58 - bh, x + bw - 4, c.h * 0.6, col)
            for wy in range(int(c.h * 0.6 - bh + 20), int(c.h * 0.56), 36):
                for wx in range(int(x + 10), int(x + bw - 20), 30):
                    c.rect(wx, wy, wx + 14, wy + 18, darken(col, 0.3))
        for i in range(6):
            round_tree(c, c.w * (0.08 + i * 0.17), c.h * 0.62, c.h * 0.2, "#4f7d50")
    else:
        ridge(c, c.h * 0.5, c.h * 0.05, hexc("#7d9a86"))
        for i in range(5):
            hx = c.w * (0.05 + i * 0.2)
            roof = hexc(["#a0522d", "#8b4513", "#b5651d"][i % 3])
            c.rect(hx, c.h * 0.52, hx + c.w * 0.12, c.h * 0.64, hexc("#e8d8b8"))
            c.poly(
                [
                    (hx - 15, c.h * 0.53),
                    (hx + c.w * 0.06, c.h * 0.45),
                    (hx + c.w * 0.12 + 15, c.h * 0.53),
                ],
                roof,
            )
        for i in range(4):
            round_tree(c, c.w * (0.16 + i * 0.22), c.h * 0.62, c.h * 0.22, "#4f7d50")
    water(c, c.h * 0.6, "#b08d63", "#7d6140")
    boat(c, c.w * 0.38, c.h * 0.78, c.w * 0.22, "#2e86ab", people=3)
    for i in range(5):
        bx = c.w * 0.42 + i * 40
        c.rect(bx, c.h * 0.745, bx + 32, c.h * 0.775, hexc("#f3a712" if i % 2 else "#e4572e"))
    # rain
    rng = c.rng

    def rain(d):
        for _ in range(260):
            x = rng.uniform(0, c.w) * SS
            y = rng.uniform(0, c.h) * SS
            d.line([(x, y), (x - 8 * SS, y + 26 * SS)], fill=(230, 235, 240, 255), width=SS)

    c.overlay(rain, 90)


def wall_room(c: Canvas, wall="#f1e6d2", floor="#c9a27e", horizon=0.68):
    c.gradient(lighten(hexc(wall), 0.2), hexc(wall), 0, c.h * horizon)
    c.gradient(hexc(floor), darken(hexc(floor), 0.2), c.h * horizon, c.h)


def backdrop(c: Canvas, x0, y0, x1, y1, color="#1f5fa8"):
    col = hexc(color)
    c.rect(x0, y0, x1, y1, col)
    c.gradient(lighten(col, 0.15), darken(col, 0.15), y0, y1, x0, x1)
    # abstract dove-like / wave shapes, no text, no flags
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for k in range(3):
        r = (y1 - y0) * (0.25 + k * 0.12)
        c.ellipse(
            cx - r * 2.2,
            cy - r * 0.4 + k * 12,
            cx + r * 2.2,
            cy + r * 0.4 + k * 12,
            outline=lighten(col, 0.3 + k * 0.1),
            width=3,
        )
    c.rrect(
        x0 + (x1 - x0) * 0.25,
        y0 + (y1 - y0) * 0.12,
        x1 - (x1 - x0) * 0.25,
        y0 + (y1 - y0) * 0.22,
        6,
        lighten(col, 0.55),
    )


def scene_meeting(c: Canvas, back="#1f5fa8"):
    wall_room(c, "#efe4cf", "#b98b63", 0.6)
    backdrop(c, c.w * 0.12, c.h * 0.06, c.w * 0.88, c.h * 0.4, back)
    rng = c.rng
    # seated people behind a long table
    for i in range(7):
        x = c.w * (0.16 + i * 0.113)
        person(
            c,
            x,
            c.h * 0.7,
            c.h * 0.42,
            shirt=rng.choice([hexc("#1b2a41"), hexc("#f6f0e3"), hexc("#2e4057"), hexc("#7a1f2b")]),
            seated=True,
        )
    c.rect(c.w * 0.08, c.h * 0.58, c.w * 0.92, c.h * 0.64, hexc("#f4f1ea"))
    c.rect(c.w * 0.08, c.h * 0.64, c.w * 0.92, c.h * 0.76, hexc("#2f6f8f"))
    for i in range(7):
        x = c.w * (0.16 + i * 0.113)
        c.rect(x - 18, c.h * 0.56, x + 18, c.h * 0.585, hexc("#ffffff"))
        c.rect(x + 26, c.h * 0.53, x + 34, c.h * 0.585, hexc("#7fb7d9"))
    flowers(c, c.w * 0.5, c.h * 0.8, c.w * 0.12)


def scene_hall(c: Canvas, back="#b3261e", stage_people=0, rows=4, blossom=False):
    wall_room(c, "#3a3140", "#5b4a3f", 0.5)
    c.rect(0, c.h * 0.38, c.w, c.h * 0.48, hexc("#8a5a3b"))
    backdrop(c, c.w * 0.15, c.h * 0.04, c.w * 0.85, c.h * 0.38, back)
    flowers(c, c.w * 0.2, c.h * 0.42, c.w * 0.08)
    flowers(c, c.w * 0.8, c.h * 0.42, c.w * 0.08)
    if stage_people:
        group(c, stage_people, c.w * 0.3, c.w * 0.7, c.h * 0.4, c.h * 0.22, jitter=0.03)
    if blossom:
        blossom_branch(c, 0, c.h * 0.1, c.w * 0.22)
        blossom_branch(c, c.w, c.h * 0.14, c.w * 0.22, flip=-1)
    rng = c.rng
    for r in range(rows):
        y = c.h * (0.56 + r * 0.11)
        rr = c.h * (0.028 + r * 0.006)
        n = int(c.w / (rr * 4.4))
        for i in range(n + 1):
            back_head(c, i * rr * 4.4 + (r % 2) * rr * 2.2 + rng.uniform(-5, 5), y, rr)


def scene_stage(c: Canvas):
    c.gradient("#1c1233", "#3b2458", 0, c.h)
    rng = c.rng

    def beams(d):
        for k in range(5):
            x = c.w * (0.1 + k * 0.2)
            d.polygon(
                [
                    (x * SS, 0),
                    ((x - 40) * SS, 0),
                    ((x - 220 + k * 60) * SS, c.h * 0.75 * SS),
                    ((x + 160 + k * 30) * SS, c.h * 0.75 * SS),
                ],
                fill=(255, 236, 180, 255),
            )

    c.blur_overlay(beams, 60, 8)
    c.rect(0, c.h * 0.72, c.w, c.h, hexc("#5a3b2a"))
    c.rect(0, c.h * 0.72, c.w, c.h * 0.74, hexc("#c9a14a"))
    for i in range(9):
        person(
            c,
            c.w * (0.1 + i * 0.1),
            c.h * 0.74,
            c.h * rng.uniform(0.44, 0.5),
            dress=i % 3 == 1,
            arms="side" if i % 4 == 0 else "down",
        )
    for i in range(14):
        back_head(c, c.w * (i + 0.5) / 14, c.h * 0.9, c.h * 0.035, shirt=hexc("#241a2e"))


def scene_speaker(c: Canvas):
    scene_hall(c, back="#2b6cb0", stage_people=0, rows=3)
    # podium + one speaker in traditional dress
    person(c, c.w * 0.5, c.h * 0.41, c.h * 0.3, shirt=hexc("#d7263d"), dress=True)
    c.poly(
        [
            (c.w * 0.555, c.h * 0.41),
            (c.w * 0.625, c.h * 0.41),
            (c.w * 0.615, c.h * 0.28),
            (c.w * 0.565, c.h * 0.28),
        ],
        hexc("#8a5a3b"),
    )
    c.line([(c.w * 0.565, c.h * 0.28), (c.w * 0.53, c.h * 0.24)], hexc("#222222"), width=3)


def scene_classroom(c: Canvas, kind="class"):
    wall_room(c, "#f4ead6" if kind != "poetry" else "#e9dcc9", "#c08a5d", 0.64)
    rng = c.rng
    if kind in ("class", "vietnamese"):
        chalkboard(c, c.w * 0.25, c.h * 0.1, c.w * 0.5, c.h * 0.3)
        person(c, c.w * 0.16, c.h * 0.78, c.h * 0.55, shirt=hexc("#f6f0e3"), dress=True)
        # window
        c.rect(c.w * 0.82, c.h * 0.12, c.w * 0.95, c.h * 0.42, hexc("#bfe3f5"))
        c.line([(c.w * 0.885, c.h * 0.12), (c.w * 0.885, c.h * 0.42)], hexc("#8a5a3b"), width=6)
        for row in range(2):
            for i in range(4):
                x = c.w * (0.35 + i * 0.15) + row * 30
                y = c.h * (0.8 + row * 0.16)
                person(
                    c,
                    x,
                    y,
                    c.h * 0.3,
                    seated=True,
                    shirt=hexc("#ffffff"),
                    arms="up" if (kind == "vietnamese" and (i + row) % 3 == 0) else "down",
                )
                c.rect(
                    x - c.w * 0.06, y - c.h * 0.1, x + c.w * 0.06, y - c.h * 0.06, hexc("#a8744f")
                )
    elif kind in ("library", "reading"):
        for i in range(3):
            bookshelf(
                c,
                c.w * (0.05 + i * 0.31),
                c.h * 0.18,
                c.w * 0.27,
                c.h * 0.42 if kind == "library" else c.h * 0.36,
            )
        c.rrect(
            c.w * 0.1,
            c.h * 0.72,
            c.w * 0.9,
            c.h * 0.97,
            30,
            hexc("#f3a712" if kind == "library" else "#29a19c"),
        )
        for i in range(6):
            x = c.w * (0.17 + i * 0.13)
            person(c, x, c.h * 0.9, c.h * 0.28, seated=True)
            c.rect(
                x - 26,
                c.h * 0.8,
                x + 26,
                c.h * 0.83,
                hexc(rng.choice(["#e4572e", "#2e86ab", "#ffe066"])),
            )
        if kind == "reading":
            for i in range(5):
                c.circle(
                    c.w * (0.15 + i * 0.18),
                    c.h * 0.66,
                    26,
                    fill=hexc(rng.choice(["#e9c46a", "#f4a261", "#e76f51", "#8ab17d"])),
                )
    elif kind == "poetry":
        bookshelf(c, c.w * 0.05, c.h * 0.08, c.w * 0.9, c.h * 0.45, rows=3)
        c.rect(c.w * 0.15, c.h * 0.72, c.w * 0.85, c.h * 0.77, hexc("#6b4a35"))
        for i in range(5):
            person(
                c,
                c.w * (0.22 + i * 0.14),
                c.h * 0.85,
                c.h * 0.4,
                seated=True,
                arms="up" if i == 2 else "down",
            )
        c.rect(c.w * 0.15, c.h * 0.72, c.w * 0.85, c.h * 0.8, hexc("#7a553d"))


def scene_festival(c: Canvas, kind="water"):
    rng = c.rng
    if kind == "beach":
        sky(c, "sunset", c.h * 0.55)
        sun(c, c.w * 0.3, c.h * 0.4, c.h * 0.07, "#fff1c1")
        water(c, c.h * 0.5, "#f0a57a", "#4f8fa8", c.h * 0.66)
        c.gradient("#f1d9a6", "#e0bf86", c.h * 0.66, c.h)
        group(c, 9, c.w * 0.08, c.w * 0.92, c.h * 0.93, c.h * 0.32, arms="up")
        return
    if kind == "carp":
        sky(c, "day", c.h * 0.4)
        for i in range(5):
            round_tree(c, c.w * (0.05 + i * 0.22), c.h * 0.42, c.h * 0.3, "#3f7f3c")
        c.rect(0, c.h * 0.4, c.w, c.h * 0.55, hexc("#c7b08a"))
        water(c, c.h * 0.55, "#6fb0c2", "#3b7f93")
        for _i in range(6):
            fx, fy = c.w * rng.uniform(0.1, 0.9), c.h * rng.uniform(0.68, 0.95)
            c.ellipse(fx - 30, fy - 12, fx + 30, fy + 12, fill=hexc("#f08a24"))
            c.poly([(fx + 26, fy), (fx + 50, fy - 14), (fx + 50, fy + 14)], hexc("#f08a24"))
        group(c, 7, c.w * 0.1, c.w * 0.9, c.h * 0.56, c.h * 0.3, dress=True)
        return
    if kind == "relief":
        sky(c, "overcast", c.h * 0.5)
        c.rect(c.w * 0.55, c.h * 0.2, c.w * 0.95, c.h * 0.55, hexc("#e9dcc0"))
        c.poly(
            [(c.w * 0.52, c.h * 0.22), (c.w * 0.75, c.h * 0.08), (c.w * 0.98, c.h * 0.22)],
            hexc("#a0522d"),
        )
        c.gradient("#bfa784", "#9c8462", c.h * 0.5, c.h)
        for i in range(8):
            c.rect(
                c.w * (0.08 + i * 0.05),
                c.h * 0.6 - (i % 2) * 40,
                c.w * (0.12 + i * 0.05),
                c.h * 0.66 - (i % 2) * 40,
                hexc("#d9a35b"),
            )
        c.rect(c.w * 0.06, c.h * 0.66, c.w * 0.5, c.h * 0.7, hexc("#2e86ab"))
        group(c, 8, c.w * 0.1, c.w * 0.95, c.h * 0.97, c.h * 0.34)
        return
    if kind == "volunteer":
        sky(c, "day", c.h * 0.6)
        clouds(c, 3)
        school(c, c.w * 0.12, c.h * 0.7, c.w * 0.76, wall="#f2dfa7", roof="#c8553d")
        c.rect(0, c.h * 0.7, c.w, c.h, hexc("#9ccf7a"))
        c.rect(c.w * 0.2, c.h * 0.5, c.w * 0.3, c.h * 0.6, hexc("#8fd3c9"))
        group(c, 6, c.w * 0.1, c.w * 0.9, c.h * 0.96, c.h * 0.33, arms="wave")
        c.line([(c.w * 0.3, c.h * 0.9), (c.w * 0.36, c.h * 0.55)], hexc("#7a5a3a"), width=5)
        return
    if kind == "reception":
        wall_room(c, "#f3e9d9", "#a0785a", 0.62)
        blossom_branch(c, 0, c.h * 0.1, c.w * 0.3)
        blossom_branch(c, c.w, c.h * 0.2, c.w * 0.25, flip=-1, color="#f9c0d0")
        for k in range(3):
            group(
                c,
                3,
                c.w * (0.05 + k * 0.32),
                c.w * (0.27 + k * 0.32),
                c.h * 0.95,
                c.h * 0.55,
                jitter=0.04,
            )
        return
    if kind == "craft":
        sky(c, "sunset", c.h * 0.45)
        sun(c, c.w * 0.8, c.h * 0.3, c.h * 0.06, "#fff0c8")
        for i in range(6):
            palm(c, c.w * (0.05 + i * 0.18), c.h * 0.46, c.h * 0.3)
        c.gradient("#9cc46f", "#7faa55", c.h * 0.44, c.h * 0.78)
        water(c, c.h * 0.78, "#d49a6a", "#5b6f8a")
        ground = c.h * 0.72
        for i in range(5):
            x = c.w * (0.12 + i * 0.19)
            ph = c.h * 0.36
            trousers = darken(c.rng.choice(CLOTHES), 0.35)
            c.rrect(x - ph * 0.22, ground - ph * 0.1, x + ph * 0.22, ground, ph * 0.05, trousers)
            person(c, x, ground - ph * 0.06 + ph * 0.45, ph, seated=True, arms="side")
            lx, ly = x, ground + c.h * 0.02
            c.poly(
                [(lx - 38, ly), (lx + 38, ly), (lx + 26, ly + 16), (lx - 26, ly + 16)],
                hexc("#6f9f3f"),
            )
            c.rect(lx - 4, ly - 26, lx + 4, ly, hexc("#fff3b0"))
            c.circle(lx, ly - 30, 6, fill=hexc("#ffb703"))
        for i in range(6):
            x, y = c.w * (0.08 + i * 0.17), c.h * (0.86 + (i % 2) * 0.06)

            def glow(d, x=x, y=y):
                d.ellipse(
                    [(x - 30) * SS, (y - 18) * SS, (x + 30) * SS, (y + 18) * SS],
                    fill=(255, 210, 120, 255),
                )

            c.blur_overlay(glow, 110, 8)
            c.poly([(x - 26, y), (x + 26, y), (x + 18, y + 10), (x - 18, y + 10)], hexc("#5f8f35"))
            c.circle(x, y - 10, 6, fill=hexc("#ffd166"))
        return
    if kind == "thread":
        sky(c, "day", c.h * 0.6)
        c.rect(0, c.h * 0.55, c.w, c.h, hexc("#a6cf8a"))
        round_tree(c, c.w * 0.5, c.h * 0.62, c.h * 0.9, "#3f7f3c")
        c.rect(c.w * 0.3, c.h * 0.7, c.w * 0.7, c.h * 0.74, hexc("#f6f0e3"))
        person(c, c.w * 0.4, c.h * 0.97, c.h * 0.46, dress=True, shirt=hexc("#d7263d"), arms="side")
        person(c, c.w * 0.56, c.h * 0.97, c.h * 0.5, shirt=hexc("#1b2a41"), arms="side")
        c.line([(c.w * 0.45, c.h * 0.62), (c.w * 0.51, c.h * 0.62)], hexc("#ffffff"), width=4)
        group(c, 3, c.w * 0.05, c.w * 0.25, c.h * 0.95, c.h * 0.4)
        group(c, 3, c.w * 0.72, c.w * 0.95, c.h * 0.95, c.h * 0.4)
        return
    # water festival / dancing circle
    sky(c, "day", c.h * 0.6)
    clouds(c, 2)
    c.rect(0, c.h * 0.55, c.w, c.h, hexc("#d8c7a6"))
    for i in range(4):
        round_tree(c, c.w * (0.1 + i * 0.27), c.h * 0.58, c.h * 0.35, "#4c8f4a")
    bunting(c, c.h * 0.12)
    if kind == "water":
        group(c, 8, c.w * 0.06, c.w * 0.94, c.h * 0.95, c.h * 0.42, arms="up")

        def splash(d):
            for _ in range(120):
                x = rng.uniform(0.05, 0.95) * c.w
                y = rng.uniform(0.25, 0.6) * c.h
                r = rng.uniform(3, 9)
                d.ellipse(
                    [(x - r) * SS, (y - r) * SS, (x + r) * SS, (y + r) * SS],
                    fill=(150, 210, 245, 255),
                )

        c.overlay(splash, 200)
    else:  # dance
        for i in range(10):
            a = 2 * math.pi * i / 10
            x = c.w * 0.5 + math.cos(a) * c.w * 0.33
            y = c.h * 0.82 + math.sin(a) * c.h * 0.1
            person(c, x, y, c.h * 0.36 * (1 + math.sin(a) * 0.1), dress=i % 2 == 0, arms="side")


def scene_lantern_street(c: Canvas):
    c.gradient("#101a3d", "#2b2f5e", 0, c.h * 0.5)
    rng = c.rng
    for i in range(4):
        x0 = c.w * i / 4
        col = hexc(["#e6b655", "#d8a24a", "#e7c07a", "#cf9a3e"][i])
        c.rect(x0 + 6, c.h * 0.3, x0 + c.w / 4 - 6, c.h * 0.85, col)
        c.poly(
            [(x0 - 10, c.h * 0.32), (x0 + c.w / 8, c.h * 0.2), (x0 + c.w / 4 + 10, c.h * 0.32)],
            hexc("#7a3b2e"),
        )
        for k in range(2):
            wx = x0 + c.w * (0.04 + k * 0.11)
            c.rect(wx, c.h * 0.5, wx + c.w * 0.06, c.h * 0.78, hexc("#4a2a1a"))
            c.rect(wx + 6, c.h * 0.52, wx + c.w * 0.06 - 6, c.h * 0.76, hexc("#ffcf7a"))
    c.rect(0, c.h * 0.85, c.w, c.h, hexc("#3b3a46"))
    for row in range(2):
        for i in range(12):
            x = c.w * (i + 0.5 + row * 0.5) / 12
            y = c.h * (0.12 + row * 0.1) + 18 * math.sin(i)
            lantern(
                c,
                x,
                y,
                c.h * 0.035,
                rng.choice(["#e63946", "#f4a261", "#ffd166", "#ef476f", "#06d6a0", "#f77f00"]),
            )
    group(c, 6, c.w * 0.05, c.w * 0.95, c.h * 0.99, c.h * 0.28, shirt=None)


def scene_river_lanterns(c: Canvas, time="night"):
    if time == "night":
        c.gradient("#0c1433", "#27305e", 0, c.h * 0.45)
    else:
        c.gradient("#3b3f7a", "#f29e6d", 0, c.h * 0.45)
    rng = c.rng
    ridge(
        c, c.h * 0.43, c.h * 0.04, hexc("#1a2238") if time == "night" else hexc("#35405c"), waves=4
    )
    if time == "night":
        for i in range(6):
            x0 = c.w * i / 6
            c.rect(x0 + 10, c.h * 0.3, x0 + c.w / 6 - 10, c.h * 0.46, hexc("#5a4a3a"))
            c.rect(x0 + 30, c.h * 0.36, x0 + 60, c.h * 0.42, hexc("#ffcf7a"))
            c.poly(
                [(x0, c.h * 0.31), (x0 + c.w / 12, c.h * 0.24), (x0 + c.w / 6, c.h * 0.31)],
                hexc("#3b2520"),
            )
    water(
        c,
        c.h * 0.46,
        "#1d2b55" if time == "night" else "#6b5a7a",
        "#0e1530" if time == "night" else "#2d3350",
    )
    for _ in range(26):
        x = rng.uniform(0.03, 0.97) * c.w
        y = rng.uniform(0.52, 0.97) * c.h
        r = 8 + (y / c.h) * 14
        col = hexc(rng.choice(["#ffd166", "#ff8fab", "#f4a261", "#fff3b0"]))

        def glow(d, x=x, y=y, r=r, col=col):
            d.ellipse(
                [(x - r * 2.5) * SS, (y - r * 1.6) * SS, (x + r * 2.5) * SS, (y + r * 1.6) * SS],
                fill=col + (255,),
            )

        c.blur_overlay(glow, 90, r)
        c.poly(
            [
                (x - r * 1.2, y),
                (x + r * 1.2, y),
                (x + r * 0.7, y + r * 0.5),
                (x - r * 0.7, y + r * 0.5),
            ],
            darken(col, 0.3),
        )
        c.ellipse(x - r * 0.5, y - r * 1.2, x + r * 0.5, y + r * 0.1, fill=col)


def scene_city(c: Canvas, kind="jp_dusk"):
    rng = c.rng
    if kind == "night":
        c.gradient("#0b1330", "#3a2d5c", 0, c.h)
        for _ in range(60):
            c.circle(
                rng.uniform(0, c.w),
                rng.uniform(0, c.h * 0.35),
                rng.uniform(1, 2.2),
                fill=(255, 255, 230),
            )
        colours = ["#1f2a4d", "#27355e", "#1a2342"]
        for x, bw, bh, col in building_row(c, (0.05, 0.1), (0.25, 0.62), colours):
            c.rect(x, c.h * 0.75 - bh, x + bw - 3, c.h * 0.75, col)
            for wy in range(int(c.h * 0.75 - bh + 14), int(c.h * 0.73), 22):
                for wx in range(int(x + 8), int(x + bw - 14), 18):
                    if rng.random() < 0.55:
                        c.rect(
                            wx,
                            wy,
                            wx + 9,
                            wy + 12,
                            hexc(rng.choice(["#ffd27a", "#fff0b3", "#9ad1ff"])),
                        )
        c.rect(0, c.h * 0.75, c.w, c.h, hexc("#1b1b2a"))
        for row in range(2):
            for i in range(16):
                lantern(
                    c,
                    c.w * (i + 0.5) / 16,
                    c.h * (0.8 + row * 0.09),
                    10,
                    rng.choice(["#e63946", "#ffd166", "#f77f00", "#ef476f"]),
                )
        for i in range(6):
            blossom_branch(c, c.w * (0.1 + i * 0.16), c.h * 0.97, 60, color="#ffd166")
        return
    sky(c, "dusk", c.h * 0.7)
    ridge(c, c.h * 0.5, c.h * 0.06, hexc("#5b5f8f"), waves=2)
    colours = ["#d9d4c7", "#c9c2b0", "#e6dfcf", "#b9b2a3"]
    for x, bw, bh, col in building_row(c, (0.08, 0.14), (0.12, 0.22), colours):
        c.rect(x, c.h * 0.72 - bh, x + bw - 6, c.h * 0.72, col)
        c.poly(
            [
                (x - 6, c.h * 0.72 - bh),
                (x + bw / 2, c.h * 0.72 - bh - 40),
                (x + bw, c.h * 0.72 - bh),
            ],
            hexc("#4a4e69"),
        )
        c.rect(
            x + bw * 0.3,
            c.h * 0.72 - bh * 0.6,
            x + bw * 0.5,
            c.h * 0.72 - bh * 0.3,
            hexc("#ffd27a"),
        )
    c.rect(0, c.h * 0.72, c.w, c.h, hexc("#6c6f7d"))
    c.rect(0, c.h * 0.84, c.w, c.h * 0.86, hexc("#e8e8e8"))
    for i in range(4):
        px = c.w * (0.12 + i * 0.27)
        c.rect(px, c.h * 0.2, px + 8, c.h * 0.74, hexc("#3a3a46"))
        c.rect(px - 30, c.h * 0.24, px + 38, c.h * 0.25, hexc("#3a3a46"))
    c.line([(0, c.h * 0.26), (c.w, c.h * 0.3)], hexc("#2a2a36"), width=2)
    c.line([(0, c.h * 0.29), (c.w, c.h * 0.31)], hexc("#2a2a36"), width=2)
    person(c, c.w * 0.6, c.h * 0.95, c.h * 0.3, shirt=hexc("#2e4057"))
    person(c, c.w * 0.66, c.h * 0.95, c.h * 0.28, shirt=hexc("#e4572e"))


def scene_football(c: Canvas):
    sky(c, "day", c.h * 0.35)
    clouds(c, 2, (0.05, 0.2))
    c.rect(0, c.h * 0.25, c.w, c.h * 0.35, hexc("#7a8fa3"))
    for i in range(12):
        c.rect(c.w * i / 12 + 4, c.h * 0.22, c.w * (i + 1) / 12 - 4, c.h * 0.3, hexc("#c5d1dc"))
    for i in range(8):
        c.gradient(
            "#3f9b4a" if i % 2 else "#4aa955",
            "#3f9b4a" if i % 2 else "#4aa955",
            c.h * 0.35,
            c.h,
            c.w * i / 8,
            c.w * (i + 1) / 8,
        )
    white = (245, 245, 245)
    c.line([(0, c.h * 0.45), (c.w, c.h * 0.45)], white, width=4)
    c.line([(c.w * 0.5, c.h * 0.45), (c.w * 0.5, c.h)], white, width=4)
    c.ellipse(c.w * 0.4, c.h * 0.6, c.w * 0.6, c.h * 0.84, outline=white, width=4)
    rng = c.rng
    for i in range(10):
        team = hexc("#d7263d") if i % 2 else hexc("#f3a712")
        x = c.w * rng.uniform(0.08, 0.92)
        y = c.h * rng.uniform(0.55, 0.98)
        person(
            c,
            x,
            y,
            c.h * (0.16 + (y / c.h - 0.5) * 0.3),
            shirt=team,
            pants=hexc("#1b2a41"),
            arms="side" if i % 3 == 0 else "down",
        )
    c.circle(c.w * 0.52, c.h * 0.8, 12, fill=white)


def scene_coast(c: Canvas, kind="icise"):
    if kind == "sunset":
        sky(c, "sunset", c.h * 0.6)
        sun(c, c.w * 0.5, c.h * 0.5, c.h * 0.1, "#fff0b0")
        water(c, c.h * 0.58, "#f2a96b", "#3d6f8f", c.h * 0.75)
        c.gradient("#f3d59f", "#e2b878", c.h * 0.75, c.h)
        palm(c, c.w * 0.12, c.h * 0.85, c.h * 0.6)
        palm(c, c.w * 0.2, c.h * 0.88, c.h * 0.5)
        palm(c, c.w * 0.86, c.h * 0.86, c.h * 0.55)
        boat(c, c.w * 0.6, c.h * 0.66, c.w * 0.1, "#2b2b3a")
        play_button(c)
        return
    sky(c, "day", c.h * 0.55)
    clouds(c, 3)
    ridge(c, c.h * 0.45, c.h * 0.14, hexc("#6f9f8a"), waves=1.5)
    c.gradient("#4ea3c9", "#2f7fa8", c.h * 0.5, c.h * 0.72, c.w * 0.45, c.w)
    c.gradient("#efd9a7", "#e0c48a", c.h * 0.5, c.h, 0, c.w * 0.45)
    c.poly(
        [(c.w * 0.45, c.h * 0.5), (c.w * 0.52, c.h * 0.5), (c.w * 0.7, c.h), (c.w * 0.45, c.h)],
        hexc("#efd9a7"),
    )
    c.gradient("#4ea3c9", "#246c91", c.h * 0.72, c.h, c.w * 0.7, c.w)
    # round building
    bx, by, bw = c.w * 0.08, c.h * 0.68, c.w * 0.32
    c.ellipse(bx, by - c.h * 0.05, bx + bw, by + c.h * 0.05, fill=hexc("#d5d9dd"))
    c.rect(bx, by - c.h * 0.2, bx + bw, by, hexc("#eef1f3"))
    c.ellipse(bx, by - c.h * 0.25, bx + bw, by - c.h * 0.15, fill=hexc("#c7a27c"))
    for i in range(8):
        c.rect(
            bx + bw * (0.06 + i * 0.115),
            by - c.h * 0.14,
            bx + bw * (0.1 + i * 0.115),
            by - c.h * 0.03,
            hexc("#7fb7d9"),
        )
    for i in range(3):
        palm(c, c.w * (0.03 + i * 0.18), c.h * 0.92, c.h * 0.3)


def scene_road_hills(c: Canvas):
    sky(c, "sunset", c.h * 0.6)
    sun(c, c.w * 0.7, c.h * 0.35, c.h * 0.06, "#fff0c8")
    ridge(c, c.h * 0.5, c.h * 0.1, hexc("#7f8f6a"))
    ridge(c, c.h * 0.62, c.h * 0.1, hexc("#6d9a4f"), waves=2)
    ridge(c, c.h * 0.78, c.h * 0.08, hexc("#5c8a40"), waves=1.2)
    pts_l, pts_r = [], []
    for k in range(21):
        t = k / 20
        x = c.w * (0.55 + 0.25 * math.sin(t * 3.0)) * (1 - t) + c.w * 0.45 * t
        y = c.h * (0.56 + 0.44 * t)
        half = 4 + 110 * t
        pts_l.append((x - half, y))
        pts_r.append((x + half, y))
    c.poly(pts_l + pts_r[::-1], hexc("#b5533c"))
    for i in range(5):
        round_tree(c, c.w * (0.05 + i * 0.1), c.h * 0.8, c.h * 0.18, "#3f6f3a")
    round_tree(c, c.w * 0.88, c.h * 0.92, c.h * 0.35, "#3f6f3a")


def scene_ricefield(c: Canvas):
    sky(c, "morning", c.h * 0.5)
    clouds(c, 4, (0.05, 0.3))
    c.rect(0, c.h * 0.42, c.w, c.h * 0.5, hexc("#7aa86b"))
    for i in range(8):
        round_tree(c, c.w * (0.04 + i * 0.13), c.h * 0.48, c.h * 0.14, "#4f8a46")
    for i in range(10):
        y0 = c.h * (0.5 + i * 0.05)
        col = hexc("#8cc63f") if i % 2 else hexc("#7ab835")
        c.rect(0, y0, c.w, y0 + c.h * 0.05, col)
        for k in range(int(c.w / 24)):
            x = k * 24 + (i % 2) * 12
            c.line([(x, y0 + c.h * 0.045), (x + 4, y0 + c.h * 0.015)], darken(col, 0.2), width=2)
    c.poly(
        [(c.w * 0.35, c.h), (c.w * 0.42, c.h), (c.w * 0.52, c.h * 0.5), (c.w * 0.51, c.h * 0.5)],
        hexc("#c2a272"),
    )
    person(c, c.w * 0.7, c.h * 0.8, c.h * 0.2, shirt=hexc("#f6f0e3"))
    c.poly(
        [
            (c.w * 0.7 - 34, c.h * 0.8 - c.h * 0.18),
            (c.w * 0.7 + 34, c.h * 0.8 - c.h * 0.18),
            (c.w * 0.7, c.h * 0.8 - c.h * 0.24),
        ],
        hexc("#e9d9a6"),
    )


def scene_river_bridge(c: Canvas):
    sky(c, "dusk", c.h * 0.55)
    ridge(c, c.h * 0.45, c.h * 0.08, hexc("#4b5478"), waves=2)
    c.rect(0, c.h * 0.45, c.w, c.h * 0.52, hexc("#4f6b4a"))
    water(c, c.h * 0.52, "#d48a6a", "#394b6e", c.h * 0.78)
    # bridge
    c.rect(c.w * 0.35, c.h * 0.4, c.w * 0.98, c.h * 0.43, hexc("#2d2f45"))
    for i in range(6):
        x = c.w * (0.38 + i * 0.11)
        c.rect(x, c.h * 0.43, x + 12, c.h * 0.56, hexc("#2d2f45"))
    c.gradient("#6e8f57", "#4f6f3f", c.h * 0.78, c.h)
    person(c, c.w * 0.22, c.h * 0.96, c.h * 0.38, shirt=hexc("#556b2f"), hair=hexc("#d8d8d8"))
    person(
        c,
        c.w * 0.31,
        c.h * 0.96,
        c.h * 0.42,
        shirt=hexc("#3d5a80"),
        hair=hexc("#e8e2d0"),
        skin=SKIN[4],
    )
    for i in range(4):
        round_tree(c, c.w * (0.55 + i * 0.12), c.h * 0.88, c.h * 0.2, "#3d5f36")


def scene_andes(c: Canvas):
    sky(c, "day")
    clouds(c, 2, (0.05, 0.18))
    rng = c.rng
    peaks = [
        (0.0, 0.55),
        (0.12, 0.22),
        (0.26, 0.42),
        (0.4, 0.14),
        (0.55, 0.36),
        (0.7, 0.18),
        (0.86, 0.4),
        (1.0, 0.3),
    ]
    pts = [(0, c.h * 0.75)] + [(c.w * x, c.h * y) for x, y in peaks] + [(c.w, c.h * 0.75)]
    c.poly(pts, hexc("#7d87a6"))
    for x, y in peaks[1:-1]:
        px, py = c.w * x, c.h * y
        c.poly(
            [
                (px, py),
                (px - c.w * 0.05, py + c.h * 0.1),
                (px - c.w * 0.02, py + c.h * 0.08),
                (px + c.w * 0.01, py + c.h * 0.11),
                (px + c.w * 0.05, py + c.h * 0.09),
            ],
            (250, 250, 252),
        )
    ridge(c, c.h * 0.66, c.h * 0.05, hexc("#9a8f6a"), waves=2)
    c.gradient("#a8b86a", "#7d9a4a", c.h * 0.66, c.h)
    for row in range(8):
        y = c.h * (0.7 + row * 0.04)
        r = 7 + row * 1.5
        c.line([(0, y + r * 0.4), (c.w, y + r * 0.4)], hexc("#6b5a3a"), width=2)
        for k in range(int(c.w / (r * 2.2)) + 1):
            x = k * r * 2.2 + (row % 2) * r
            c.circle(x, y, r, fill=hexc("#4f7d3a") if (k + row) % 4 else hexc("#5f8f45"))
            if rng.random() < 0.15:
                c.circle(x + r * 0.3, y + r * 0.5, r * 0.35, fill=hexc("#6d3a5c"))


def scene_schoolyard(c: Canvas, kind="taps"):
    sky(c, "day" if kind == "taps" else "overcast", c.h * 0.45)
    school(c, c.w * 0.05, c.h * 0.55, c.w * 0.9, wall="#f5e6b8" if kind == "taps" else "#e6d8b0")
    if kind == "taps":
        c.gradient("#c9b48f", "#b39a72", c.h * 0.55, c.h)
        c.rect(c.w * 0.12, c.h * 0.62, c.w * 0.88, c.h * 0.66, hexc("#9aa3a8"))
        c.rect(c.w * 0.12, c.h * 0.74, c.w * 0.88, c.h * 0.8, hexc("#d9dcd6"))
        for i in range(7):
            x = c.w * (0.17 + i * 0.11)
            c.line([(x, c.h * 0.66), (x, c.h * 0.7), (x + 12, c.h * 0.7)], hexc("#8a9399"), width=6)
            person(
                c,
                x + 10,
                c.h * 0.98,
                c.h * 0.3,
                shirt=hexc("#ffffff"),
                pants=hexc("#1d3557"),
                arms="side",
            )
    else:
        c.gradient("#8a6b48", "#6f5538", c.h * 0.55, c.h)

        def puddles(d):
            for i in range(6):
                x = c.w * (0.1 + i * 0.15)
                d.ellipse(
                    [(x - 90) * SS, (c.h * 0.7) * SS, (x + 90) * SS, (c.h * 0.76) * SS],
                    fill=(160, 190, 205, 255),
                )

        c.overlay(puddles, 160)
        group(c, 5, c.w * 0.1, c.w * 0.9, c.h * 0.97, c.h * 0.36, arms="side")
        c.line([(c.w * 0.3, c.h * 0.78), (c.w * 0.42, c.h * 0.62)], hexc("#2e86ab"), width=6)


# Rough outline of Viet Nam (lon, lat), enough for a stylised, map-like shape.
VN_OUTLINE = [
    (105.3, 23.4),
    (106.7, 22.8),
    (108.0, 21.55),
    (106.8, 20.8),
    (106.0, 19.9),
    (105.8, 18.9),
    (106.5, 17.6),
    (107.5, 16.6),
    (108.2, 16.05),
    (108.8, 15.2),
    (109.2, 13.8),
    (109.3, 12.3),
    (109.0, 11.5),
    (108.1, 10.9),
    (107.1, 10.35),
    (106.6, 9.8),
    (105.6, 8.9),
    (104.8, 8.6),
    (104.9, 9.8),
    (104.5, 10.4),
    (105.1, 10.9),
    (106.2, 11.6),
    (107.5, 12.3),
    (107.6, 14.4),
    (107.3, 15.3),
    (107.0, 16.2),
    (106.5, 16.6),
    (105.6, 18.0),
    (104.0, 19.2),
    (104.1, 19.9),
    (103.2, 20.7),
    (102.2, 21.6),
    (102.4, 22.4),
    (103.3, 22.8),
    (104.0, 22.8),
    (104.8, 22.9),
]
CAPITALS = [
    (105.85, 21.03),
    (107.58, 16.46),
    (103.45, 22.40),
    (103.02, 21.39),
    (103.90, 21.33),
    (106.76, 21.85),
    (107.08, 20.95),
    (105.78, 19.80),
    (105.68, 18.67),
    (105.90, 18.34),
    (106.26, 22.67),
    (105.22, 21.82),
    (103.97, 22.48),
    (105.84, 21.59),
    (105.40, 21.32),
    (106.07, 21.18),
    (106.05, 20.65),
    (106.68, 20.86),
    (105.97, 20.25),
    (107.10, 16.75),
    (108.20, 16.05),
    (108.80, 15.12),
    (108.00, 13.98),
    (109.19, 12.24),
    (108.44, 11.94),
    (108.05, 12.67),
    (106.70, 10.78),
    (106.82, 10.95),
    (106.10, 11.31),
    (105.78, 10.03),
    (105.97, 10.25),
    (105.63, 10.45),
    (105.15, 9.18),
    (105.43, 10.38),
]
ISLANDS = [
    (111.6, 16.5),
    (112.0, 16.2),
    (112.3, 16.6),
    (111.9, 16.8),
    (114.0, 10.6),
    (114.4, 10.2),
    (113.8, 9.9),
    (114.9, 10.9),
    (115.2, 9.7),
]


def scene_map(c: Canvas):
    c.gradient("#0f3d5e", "#1b6a8f", 0, c.h)
    rng = c.rng
    for _ in range(50):
        x, y = rng.uniform(0, c.w), rng.uniform(0, c.h)
        c.line([(x, y), (x + rng.uniform(20, 60), y)], (70, 140, 175), width=2)
    lon0, lon1, lat0, lat1 = 101.5, 116.0, 8.0, 23.8
    scale = min(c.w * 0.9 / (lon1 - lon0), c.h * 0.92 / (lat1 - lat0))
    ox = (c.w - (lon1 - lon0) * scale) / 2
    oy = (c.h - (lat1 - lat0) * scale) / 2

    def proj(lon, lat):
        return ox + (lon - lon0) * scale, oy + (lat1 - lat) * scale

    outline = [proj(*p) for p in VN_OUTLINE]
    c.poly([(x + 8, y + 10) for x, y in outline], (10, 40, 60))
    c.poly(outline, hexc("#f4d58d"))
    c.line(outline + [outline[0]], hexc("#e0a458"), width=3)
    for lon, lat in CAPITALS:
        x, y = proj(lon, lat)

        def glow(d, x=x, y=y):
            d.ellipse(
                [(x - 16) * SS, (y - 16) * SS, (x + 16) * SS, (y + 16) * SS],
                fill=(255, 120, 80, 255),
            )

        c.blur_overlay(glow, 120, 6)
        c.circle(x, y, 6, fill=hexc("#d7263d"), outline=(255, 255, 255), width=2)
    for lon, lat in ISLANDS:
        x, y = proj(lon, lat)
        c.circle(x, y, 3.5, fill=hexc("#f4d58d"))
    c.text(c.w * 0.72, c.h * 0.12, "34", 150, (255, 255, 255), "bold", "mm")
    c.text(c.w * 0.72, c.h * 0.24, "tỉnh, thành phố", 40, (255, 236, 200), "regular", "mm")


def infographic(c: Canvas):
    W, H = c.w, c.h
    c.gradient("#0b4f6c", "#062a3d", 0, H)
    rng = c.rng
    for _ in range(18):
        x, y, r = rng.uniform(0, W), rng.uniform(0, H), rng.uniform(30, 120)
        c.circle(x, y, r, outline=(30, 100, 130), width=2)
    white = (255, 255, 255)
    gold = hexc("#ffd166")
    soft = (200, 228, 240)
    c.rect(0, 0, W, 300, hexc("#e4572e"))
    c.text(W / 2, 70, "INFOGRAPHIC", 34, (255, 230, 210), "bold", "mm")
    c.text(W / 2, 140, "VIỆN TRỢ PHI CHÍNH PHỦ", 60, white, "bold", "mm")
    c.text(W / 2, 210, "NƯỚC NGOÀI NĂM 2025", 60, white, "bold", "mm")
    c.text(W / 2, 268, "qua những con số", 32, (255, 230, 210), "regular", "mm")

    def stat(y, big, label, sub, icon):
        c.rrect(60, y, W - 60, y + 280, 36, (14, 74, 100))
        c.circle(190, y + 140, 90, fill=hexc("#1b6a8f"))
        icon(190, y + 140)
        c.text(330, y + 95, big, 96, gold, "bold", "lm")
        c.text(330, y + 175, label, 38, white, "bold", "lm")
        c.text(330, y + 225, sub, 30, soft, "regular", "lm")

    def icon_people(x, y):
        for dx, s in ((-38, 0.8), (38, 0.8), (0, 1.0)):
            c.circle(x + dx, y - 30 * s, 22 * s, fill=white)
            c.rrect(x + dx - 34 * s, y - 4 * s, x + dx + 34 * s, y + 50 * s, 20 * s, white)

    def icon_coin(x, y):
        c.circle(x, y, 56, fill=gold)
        c.circle(x, y, 42, outline=hexc("#c99a2e"), width=6)
        c.text(x, y + 2, "$", 60, hexc("#8a5a00"), "bold", "mm")

    def icon_pin(x, y):
        c.circle(x, y - 18, 40, fill=hexc("#e4572e"))
        c.poly([(x - 34, y), (x + 34, y), (x, y + 62)], hexc("#e4572e"))
        c.circle(x, y - 18, 16, fill=white)

    stat(350, "~500", "tổ chức phi chính phủ", "nước ngoài đang hoạt động", icon_people)
    stat(670, "~250", "triệu USD", "giá trị viện trợ giải ngân", icon_coin)
    stat(990, "34/34", "tỉnh, thành phố", "có chương trình, dự án", icon_pin)

    c.text(W / 2, 1335, "LĨNH VỰC NHẬN NHIỀU VIỆN TRỢ", 40, white, "bold", "mm")
    bars = [
        ("Y tế", 0.92, "#ef476f"),
        ("Giáo dục", 0.8, "#ffd166"),
        ("Nông nghiệp - nông thôn", 0.66, "#06d6a0"),
        ("Ứng phó thiên tai, khí hậu", 0.58, "#4cc9f0"),
        ("Lĩnh vực khác", 0.34, "#b8c0ff"),
    ]
    for i, (label, v, col) in enumerate(bars):
        y = 1400 + i * 82
        c.text(80, y + 18, label, 30, white, "regular", "lm")
        c.rrect(80, y + 40, 80 + (W - 160) * v, y + 66, 13, hexc(col))
    c.rect(0, H - 110, W, H, (4, 30, 44))
    c.text(W / 2, H - 72, "Nguồn: VUFO, COMINGO", 30, soft, "bold", "mm")
    c.text(W / 2, H - 34, "Số liệu làm tròn, mang tính minh họa", 26, soft, "regular", "mm")


# --------------------------------------------------------------------------
# the catalogue: every image the sample content uses

IMAGES = {
    # 2017
    "2017/mit-tinh-viet-lao.jpg": (LEAD, scene_hall, dict(back="#b3261e", stage_people=0)),
    "2017/ben-tre-man.jpg": (LEAD, scene_delta, dict(time="day", boats=1)),
    # 2018
    "2018/bunpimay-ha-noi.jpg": (LEAD, scene_festival, dict(kind="water")),
    "2018/tinh-nguyen-binh-duong.jpg": (LEAD, scene_festival, dict(kind="volunteer")),
    "2018/diem-truong-ha-giang.jpg": (
        LEAD,
        scene_mountains,
        dict(karst_peaks=True, houses=2, school_at=0.55),
    ),
    # 2019
    "2019/nuoc-sach-bac-kan.jpg": (LEAD, scene_mountains, dict(time="morning", houses=4, tea=True)),
    "2019/be-nuoc-ban-na.jpg": (
        INLINE,
        scene_mountains,
        dict(time="day", houses=2, tank=True, terrace=False),
    ),
    "2019/lop-hoc-hue.jpg": (LEAD, scene_classroom, dict(kind="class")),
    "2019/den-long-hoi-an.jpg": (LEAD, scene_lantern_street, {}),
    "2019/tha-den-song-hoai.jpg": (INLINE, scene_river_lanterns, dict(time="night")),
    "2019/dua-ghe-ngo.jpg": (
        LEAD,
        scene_delta,
        dict(time="day", boats=2, long_boats=True, palms=7),
    ),
    "2019/den-nuoc-ooc-om-boc.jpg": (INLINE, scene_festival, dict(kind="craft")),
    # 2020
    "2020/lu-mien-trung.jpg": (LEAD, scene_flood, dict(setting="village")),
    "2020/phat-hang-cuu-tro.jpg": (INLINE, scene_festival, dict(kind="relief")),
    "2020/soc-trang-lam-viec.jpg": (LEAD, scene_meeting, dict(back="#2b6cb0")),
    "2020/cuba-60-nam.jpg": (LEAD, scene_hall, dict(back="#1d4e89", stage_people=3)),
    # 2021
    "2021/hoc-bong-lai-chau.jpg": (
        LEAD,
        scene_mountains,
        dict(houses=2, school_at=0.6, girls=5, terrace=True),
    ),
    # 2022
    "2022/thu-vien-bac-kan.jpg": (LEAD, scene_classroom, dict(kind="library")),
    "2022/goc-doc-sach.jpg": (INLINE, scene_classroom, dict(kind="reading")),
    "2022/nghe-an-lao.jpg": (LEAD, scene_festival, dict(kind="dance")),
    "2022/icise-quy-nhon.jpg": (LEAD, scene_coast, dict(kind="icise")),
    # 2023
    "2023/xuan-que-huong.jpg": (INLINE, scene_festival, dict(kind="carp")),
    "2023/vufo-thai-binh.jpg": (LEAD, scene_meeting, dict(back="#1f7a8c")),
    "2023/thai-binh-dong-lua.jpg": (INLINE, scene_ricefield, {}),
    "2023/quang-tri-fidel.jpg": (LEAD, scene_road_hills, {}),
    # 2024
    "2024/thuc-tap-sinh-nhat.jpg": (LEAD, scene_city, dict(kind="jp_dusk")),
    "2024/bong-da-cong-dong.jpg": (LEAD, scene_football, {}),
    "2024/lop-tieng-viet.jpg": (LEAD, scene_classroom, dict(kind="vietnamese")),
    "2024/hung-bien.jpg": (INLINE, scene_speaker, {}),
    "2024/bao-yagi.jpg": (LEAD, scene_flood, dict(setting="mountain")),
    # 2025
    "2025/dai-su-hat.jpg": (LEAD, scene_stage, {}),
    "2025/doc-tho-pushkin.jpg": (INLINE, scene_classroom, dict(kind="poetry")),
    "2025/quang-tri-cuu-binh.jpg": (LEAD, scene_river_bridge, {}),
    "2025/hoa-dang-thach-han.jpg": (INLINE, scene_river_lanterns, dict(time="dusk")),
    "2025/childfund-thai-nguyen.jpg": (
        LEAD,
        scene_mountains,
        dict(time="day", houses=3, tea=True, terrace=False),
    ),
    "2025/rua-tay-diem-truong.jpg": (INLINE, scene_schoolyard, dict(kind="taps")),
    "2025/diem-truong-sang-som.jpg": (
        PHOTO,
        scene_mountains,
        dict(time="dawn", houses=1, school_at=0.62, fog=True, path=True),
    ),
    "2025/duong-den-truong.jpg": (
        PHOTO,
        scene_mountains,
        dict(time="dawn", houses=2, tea=True, kids=4, fog=True, terrace=False, path=True),
    ),
    "2025/gio-hoc-tieng-viet.jpg": (PHOTO, scene_classroom, dict(kind="vietnamese")),
    "2025/gio-doc-thu-vien.jpg": (PHOTO, scene_classroom, dict(kind="library")),
    "2025/lu-hue-da-nang.jpg": (LEAD, scene_flood, dict(setting="city")),
    "2025/don-truong-sau-lu.jpg": (INLINE, scene_schoolyard, dict(kind="cleanup")),
    "2025/video-cuba-65.jpg": (LEAD, scene_coast, dict(kind="sunset")),
    # 2026
    "2026/gap-mat-pcpnn.jpg": (LEAD, scene_festival, dict(kind="reception")),
    "2026/xuan-que-huong-tphcm.jpg": (LEAD, scene_city, dict(kind="night")),
    "2026/infographic-vien-tro-2025.png": (TALL, infographic, {}),
    "2026/bunpimay-da-nang.jpg": (LEAD, scene_festival, dict(kind="beach")),
    "2026/buoc-chi-co-tay.jpg": (INLINE, scene_festival, dict(kind="thread")),
    "2026/vufo-can-tho.jpg": (LEAD, scene_meeting, dict(back="#3d5a80")),
    "2026/can-tho-song-nuoc.jpg": (INLINE, scene_delta, dict(time="morning", market=True, palms=8)),
    "2026/lop-hoc-can-tho.jpg": (
        LEAD,
        scene_delta,
        dict(time="day", school_bank=True, boats=1, palms=5),
    ),
    "2026/tuan-van-hoa-chile.jpg": (LEAD, scene_andes, {}),
    "2026/hoi-nghi-toan-quoc.jpg": (LEAD, scene_hall, dict(back="#1f5fa8", stage_people=0, rows=4)),
    "2026/ban-do-34-tinh.jpg": (INLINE, scene_map, {}),
}


def render(name: str) -> Path:
    size, fn, kwargs = IMAGES[name]
    rng = random.Random(zlib.crc32(name.encode("utf-8")))
    canvas = Canvas(size, rng)
    fn(canvas, **kwargs)
    img = canvas.final()
    out = OUT / name
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".png":
        img.save(out, "PNG", optimize=True)
    else:
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help="only these images (e.g. 2025/duong-den-truong.jpg)"
    )
    parser.add_argument("--list", action="store_true", help="list the images and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, (size, fn, _) in IMAGES.items():
            print(f"{name}\t{size[0]}x{size[1]}\t{fn.__name__}")
        return 0
    names = args.names or list(IMAGES)
    unknown = [n for n in names if n not in IMAGES]
    if unknown:
        print("unknown image(s): " + ", ".join(unknown), file=sys.stderr)
        return 2
    if not font_path("regular"):
        print("warning: no Noto/DejaVu font found; using Pillow's default font", file=sys.stderr)
    total = 0
    for name in names:
        out = render(name)
        total += out.stat().st_size
        print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    print(f"{len(names)} image(s), {total / 1024 / 1024:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
