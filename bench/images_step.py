"""Benchmark of the image pipeline (plugins.images): originals per second.

``step_images`` (registered as the ``images`` step) generates photo-like
originals, then runs the pipeline three times: cold (empty cache), cached
(same cache, new output folder) and on a "fresh clone" (files copied, new
modification times, cache folder restored). Only the cold run encodes.

``python -m bench.images_step --compare`` times pelican-plugins'
image-process (``pelican-image-process==3.4.0``, install it in a throwaway
venv and run this module with that venv's python) on the same originals and
the same 10 derivatives each (5 widths × WebP/JPEG), cold and re-run into a
new output folder. The figures are quoted in plugins/images/__init__.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_COUNT = 12
DEFAULT_SIZE = (4000, 3000)


def make_originals(
    folder: Path, count: int = DEFAULT_COUNT, size: tuple[int, int] = DEFAULT_SIZE
) -> list[str]:
    """Deterministic photo-like JPEGs (noise over gradients): ``images/bench/…``."""
    from PIL import Image

    target = folder / "images" / "bench"
    target.mkdir(parents=True, exist_ok=True)
    sources = []
    small = (size[0] // 8, size[1] // 8)
    for index in range(count):
        noise = Image.effect_noise(small, 40 + index).convert("RGB")
        ramp = Image.linear_gradient("L").resize(small).convert("RGB")
        tint = Image.new("RGB", small, (40 * index % 255, 120, 200 - 10 * index % 200))
        photo = Image.blend(Image.blend(noise, ramp, 0.5), tint, 0.3).resize(
            size, Image.Resampling.BICUBIC
        )
        name = f"anh-{index:03d}.jpg"
        photo.save(target / name, quality=90)
        sources.append(f"images/bench/{name}")
    return sources


def run_ours(
    content: Path, sources: list[str], cache: Path, output: Path, workers: int | None = None
):
    from plugins.images.config import ImageSettings
    from plugins.images.pipeline import ImagePipeline
    from plugins.images.refs import ImageRef

    settings = replace(ImageSettings(), cache_dir=str(cache), workers=workers)
    pipeline = ImagePipeline(settings, content, site_name="Bench")
    started = time.perf_counter()
    for src in sources:  # body images: 10 responsive derivatives each, no title card
        pipeline.use(ImageRef(src, "bench.md", 1, "body"))
    report = pipeline.run(output)
    return time.perf_counter() - started, report


def step_images(corpus=None) -> dict[str, float | int | str]:
    """Images per second, cold and cached, with this machine's cores."""
    count = int(os.environ.get("BENCH_IMAGES", DEFAULT_COUNT))
    with tempfile.TemporaryDirectory(prefix="bench-images-") as folder:
        base = Path(folder)
        sources = make_originals(base / "content", count)
        cold_s, cold = run_ours(base / "content", sources, base / "cache", base / "out1")
        cached_s, cached = run_ours(base / "content", sources, base / "cache", base / "out2")
        shutil.copytree(base / "content", base / "clone/content")
        for path in (base / "clone/content").rglob("*"):
            os.utime(path)
        clone_s, clone = run_ours(
            base / "clone/content", sources, base / "cache", base / "clone/out"
        )
    return {
        "seconds": round(cold_s + cached_s + clone_s, 3),
        "originals": count,
        "original_size": f"{DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]}",
        "workers": os.cpu_count() or 1,
        "derivatives": cold.encoded,
        "cold_s": round(cold_s, 3),
        "cold_images_per_s": round(count / cold_s, 2),
        "cached_s": round(cached_s, 3),
        "cached_images_per_s": round(count / cached_s, 1),
        "cached_encoded": cached.encoded,
        "fresh_clone_s": round(clone_s, 3),
        "fresh_clone_encoded": clone.encoded,
    }


def run_image_process(content: Path, sources: list[str], output: Path) -> float:
    """image-process's own per-image function, as its plugin calls it (serially)."""
    from pelican.plugins.image_process.image_process import process_image

    settings = {"IMAGE_PROCESS_FORCE": False}
    started = time.perf_counter()
    for src in sources:
        stem = Path(src).stem
        for width in (320, 640, 960, 1280, 1600):
            for extension in ("webp", "jpg"):
                target = output / "derivatives" / f"{width}" / f"{stem}.{extension}"
                process_image(
                    (str(content / src), str(target), [f"scale_in {width} 100000 False"]), settings
                )
    return time.perf_counter() - started


def compare(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-images-") as folder:
        base = Path(folder)
        sources = make_originals(base / "content", count)
        figures = {
            "ours_cold_s": run_ours(base / "content", sources, base / "cache", base / "o1")[0],
            "ours_rerun_new_output_s": run_ours(
                base / "content", sources, base / "cache", base / "o2"
            )[0],
            "ours_one_worker_cold_s": run_ours(
                base / "content", sources, base / "cache1", base / "o3", workers=1
            )[0],
            "image_process_cold_s": run_image_process(base / "content", sources, base / "p1"),
            "image_process_rerun_same_output_s": run_image_process(
                base / "content", sources, base / "p1"
            ),
            "image_process_rerun_new_output_s": run_image_process(
                base / "content", sources, base / "p2"
            ),
        }
    print(
        f"{count} originals {DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]}, 10 derivatives each, {os.cpu_count()} cores"
    )
    for name, seconds in figures.items():
        print(f"  {name:36} {seconds:7.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="also time pelican-image-process")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    args = parser.parse_args(argv)
    if args.compare:
        compare(args.count)
    else:
        os.environ["BENCH_IMAGES"] = str(args.count)
        for key, value in step_images().items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
