"""Responsive images: derivatives, <picture> markup, social images (Pillow).

Every original that content uses (an article's ``Image`` field, Markdown
images in a body) gets WebP and JPEG derivatives at the configured widths
(never upscaled), 16:9 card crops, a 1200×630 OpenGraph image and the
JSON-LD images (16:9, 4:3, 1:1, 1200 px wide); an article without a photo
gets generated title cards of the same sizes. One more title card, the site
card, is made once per build for the pages that have no image of their own. EXIF orientation is applied,
pixels are converted to sRGB and no metadata reaches a derivative. Work is
cached by content hash in ``.cache/images`` (no mtimes involved, so a CI
restore of that folder makes a fresh clone's build encode nothing) and spread
over all cores. Every bad original is reported with the article and line.

Templates get ``image_set(src, crop=False)``, ``picture(src, alt, sizes,
lead, crop)`` and ``social_image(article)``; documents get the attributes
``social_image``, ``social_image_info`` and ``schema_images``, the shared
context ``site_social_image`` (see docs/theme-contract.md).

Why not pelican-plugins' image-process (``pelican-image-process==3.4.0``)?
Measured on the same 12 photo-like originals (4000×3000 JPEG), 10
derivatives each (5 widths × WebP/JPEG), on a shared 2-core machine under
load (load average ≈ 8, so absolute times are noisy; the ratios held over
two runs), ``python -m bench.images_step --compare`` run with a throwaway
venv holding pelican-image-process 3.4.0:

    cold build:                       ours 28–37 s    image-process 70–110 s
    re-run, same output folder:       ours 0.1–0.4 s  image-process 0.1 s
    re-run, new output (fresh clone): ours 0.1–0.4 s  image-process 83–94 s

It decodes the original once per derivative (we decode once per JPEG
reduction level, with libjpeg's DCT scaling), works serially, and its
"cache" is the derivative's mtime in the output folder. It does srcset and <picture> by rewriting every generated HTML page with
BeautifulSoup (the pattern our STYLE.md avoids); since its cache lives in
the output folder, a fresh clone or our build-then-swap output redoes all
work; a missing or unreadable original is only a warning; it neither applies
EXIF orientation nor converts colour profiles to sRGB, has no title-card
social images and no per-article error report. We therefore keep
our own pipeline; the plugin is not a dependency.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from .config import ImageSettings, image_settings
from .markup import FigureExtension, picture_html, plain_img_html, rewrite_images, split_caption
from .pipeline import ImageBuildError, ImagePipeline, RunReport
from .plan import SizedImage

__all__ = [
    "FigureExtension",
    "ImageBuildError",
    "ImagePipeline",
    "ImageSettings",
    "RunReport",
    "SizedImage",
    "image_settings",
    "publish_document_images",
    "register",
    "rewrite_images",
    "split_caption",
]

logger = logging.getLogger(__name__)

# Key of the per-build pipeline in Pelican's context (shared by all generators).
CONTEXT_KEY = "IMAGE_PIPELINE"
# Key of the site card (a SizedImage) in the same context: plugins.seo gives
# it as og:image to every page without an image of its own.
SITE_IMAGE_KEY = "site_social_image"
# The site card's file name stem (under IMAGES["output_dir"]/og/).
SITE_CARD_SLUG = "site"


def pipeline_for(generator) -> ImagePipeline:
    context = generator.context
    if CONTEXT_KEY not in context:
        settings = generator.settings
        pipeline = context[CONTEXT_KEY] = ImagePipeline(
            image_settings(settings),
            Path(settings["PATH"]),
            site_url=settings.get("SITEURL", ""),
            site_name=settings.get("SITENAME", ""),
        )
        context[SITE_IMAGE_KEY] = site_card(pipeline, settings)
    return context[CONTEXT_KEY]


def site_card(pipeline: ImagePipeline, settings) -> SizedImage:
    """The site's card: its subtitle under its name, at the social size,
    planned once per build (encoded with the other cards, then cached)."""
    name = str(settings.get("SITENAME", ""))
    text = str(settings.get("SITESUBTITLE") or name)
    return pipeline.sized(pipeline.title_card(SITE_CARD_SLUG, text, label=name))


def template_functions(pipeline: ImagePipeline) -> dict:
    """The functions templates call (see docs/theme-contract.md)."""

    def image_set(src: str, crop: bool = False):
        pipeline.ensure(src, "mẫu giao diện (theme)")
        return pipeline.image_set(src, crop=crop)

    def picture(
        src: str,
        alt: str,
        sizes: str | None = None,
        lead: bool = False,
        crop: bool = False,
        eager: bool = False,
    ) -> Markup:
        images = image_set(src, crop=crop)
        if images is None:  # an external URL: nothing to derive, still lazy
            return Markup(plain_img_html(src, alt)) if src else Markup("")
        default = pipeline.settings.card_sizes if crop else pipeline.settings.sizes
        return Markup(picture_html(images, alt, sizes or default, lead=lead, eager=eager))

    def social_image(content) -> str | None:
        return pipeline.social_image(getattr(content, "source_path", ""))

    return {"image_set": image_set, "picture": picture, "social_image": social_image}


def _shown_path(source_path: str) -> str:
    """Relative to the working folder when inside it (``content/articles/…``)."""
    if os.path.islink(source_path):
        path = Path(source_path).resolve()
    else:  # resolve the folder once per folder: Path.resolve is 90 µs a file
        folder, name = os.path.split(os.path.abspath(source_path))
        path = _resolved_folder(folder) / name
    cwd = Path.cwd()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else str(path)


@functools.lru_cache(maxsize=1024)
def _resolved_folder(folder: str) -> Path:
    return Path(folder).resolve()


def record_documents(pipeline: ImagePipeline, documents, schema: bool = True) -> None:
    """Record the images of ``documents``; ``schema``: they are articles,
    which get JSON-LD images (static pages have no NewsArticle)."""
    _resolved_folder.cache_clear()  # folders are resolved once per build
    for document in documents:
        text = Path(document.source_path).read_text(encoding="utf-8")
        pipeline.use_document(
            text,
            _shown_path(document.source_path),
            document.source_path,
            document.slug,
            document.title,
            schema=schema,
        )
        document.social_image = pipeline.social_image(document.source_path)
        document.social_image_info = pipeline.social_image_info(document.source_path)
        document.social_image_card = pipeline.social_is_card(document.source_path)
        document.schema_images = pipeline.schema_images(document.source_path)
        document._content = rewrite_images(
            document._content, pipeline.image_set, pipeline.settings.sizes
        )


# --- thin handlers ------------------------------------------------------------


def on_generator_init(generator) -> None:
    pipeline = pipeline_for(generator)
    if getattr(generator, "env", None) is not None:
        generator.env.globals.update(template_functions(pipeline))


def on_articles_finalized(generator) -> None:
    record_documents(
        pipeline_for(generator),
        [*generator.articles, *generator.translations, *generator.hidden_articles],
    )


def on_pages_finalized(generator) -> None:
    record_documents(
        pipeline_for(generator),
        [*generator.pages, *generator.translations, *generator.hidden_pages],
        schema=False,
    )


def on_all_generators_finalized(generators) -> None:
    pipeline = pipeline_for(generators[0])
    report = pipeline.run(Path(generators[0].settings["OUTPUT_PATH"]))
    logger.info(
        "Ảnh: mã hóa %d, dùng lại từ bộ nhớ đệm %d, xuất %d tệp (%.1f s)",
        report.encoded,
        report.reused,
        report.published,
        report.seconds,
    )


def publish_document_images(generator, document, output_root: Path) -> RunReport:
    """Encode and publish the images of one ``document`` that the build of
    ``generator`` recorded (its originals, its title cards) into
    ``output_root``: make serve shows a saved article's new photo before the
    next build (scripts/fast_preview.py). ``ImageBuildError`` if one is bad."""
    source_path = document.source_path
    return pipeline_for(generator).run_document(
        Path(output_root), source_path, _shown_path(source_path)
    )


def validate_settings(settings) -> None:
    """Raise ValueError (in Vietnamese) for an invalid ``IMAGES`` setting
    (``make check`` and scripts/build.py call it before anything is read)."""
    image_settings(settings)


def register() -> None:
    # generator_init: every generator (and its Jinja env) exists; install template functions.
    signals.generator_init.connect(on_generator_init)
    # *_generator_finalized: content is read; record images, plan, rewrite body <img>.
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.page_generator_finalized.connect(on_pages_finalized)
    # all_generators_finalized: before any page is written, encode and publish (or fail).
    signals.all_generators_finalized.connect(on_all_generators_finalized)
