"""Every image under ``content/images/`` opened and decoded as the image
pipeline would, so the check refuses what the build would refuse: a file
that is not an image, a corrupt or truncated one, a decompression bomb, an
enormous picture, an unsupported format (:func:`plugins.images.ops.verify_image`).

An image used by an article is reported at every ``path:line`` that uses it;
an image nobody uses, at the image itself. Verdicts are kept between runs by
path, size and modification time (a decode of every original at each check
would cost seconds at 10,000 articles), under a key made of the image
settings and the checking code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from plugins.buildkit.digest import canonical, digest
from plugins.images.config import ImageSettings
from plugins.images.ops import ImageProblem, verify_image

from .cache import load_cache, save_cache
from .problems import Problem, error

CACHE_FILE = "content-check-images.pickle"


class ImageVerdicts:
    """The message for each image that failed (``None``: it is fine), from
    this run or an earlier one with the same settings and code."""

    def __init__(self, path: Path | None, settings: ImageSettings, code_digest: str) -> None:
        self.path = path
        self.settings = settings
        self.context = digest(code_digest, canonical(settings))
        self.previous: dict[tuple, str | None] = load_cache(path, self.context)
        self.current: dict[tuple, str | None] = {}

    def verdict(self, content_dir: Path, rel: str) -> str | None:
        path = content_dir / rel
        try:
            stat = path.stat()
        except OSError as problem:
            return f"không đọc được tệp ảnh ({problem.strerror})"
        key = (rel, stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if key in self.previous:
            found = self.previous[key]
        else:
            try:
                verify_image(path, self.settings)
                found = None
            except ImageProblem as problem:
                found = problem.message
        self.current[key] = found
        return found

    def save(self) -> None:
        save_cache(self.path, self.context, self.current)


def image_problems(
    images: Iterable[str],
    uses: Iterable[tuple[str, str, int]],
    content_dir: Path,
    verdicts: ImageVerdicts,
    shown_of: Callable[[str], str],
) -> list[Problem]:
    """``images``: the image files (relative to content/); ``uses``: (image,
    article path as shown, line) for every use by a published article or page."""
    by_image: dict[str, list[tuple[str, int]]] = {}
    for image, path, line in uses:
        by_image.setdefault(image, []).append((path, line))
    problems = []
    for rel in sorted(images):
        message = verdicts.verdict(content_dir, rel)
        if message is None:
            continue
        users = by_image.get(rel)
        if not users:
            problems.append(
                error(shown_of(rel), 1, "bad-image", f"{message} — thay bằng ảnh khác hoặc xóa")
            )
            continue
        for path, line in users:
            problems.append(
                error(
                    path,
                    line,
                    "bad-image",
                    f"ảnh '{rel}': {message} — lưu lại ảnh (JPEG, PNG, WebP) hoặc dùng ảnh khác",
                )
            )
    verdicts.save()
    return problems
