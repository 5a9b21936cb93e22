"""A real Pelican build of a two-article site with plugins.images."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fixtures.images.factory import gradient, save_jpeg
from pelican import Pelican
from pelican.settings import read_settings
from PIL import Image

from plugins.images import ImageBuildError

pytestmark = pytest.mark.slow

ARTICLE_TEMPLATE = """<html><head><meta property="og:image" content="{{ social_image(article) }}">
{% for image in article.schema_images %}<link rel="x-schema" href="{{ image.url }}" data-size="{{ image.width }}x{{ image.height }}">
{% endfor %}<link rel="x-site-card" href="{{ site_social_image.url }}" data-size="{{ site_social_image.width }}x{{ site_social_image.height }}"></head>
<body>{{ picture(article.image, article.image_alt, lead=True) if article.image }}
{{ picture(article.image, '', crop=True) if article.image }}
<main>{{ article.content }}</main></body></html>
"""

WITH_IMAGE = """Title: Giao lưu hữu nghị
Slug: giao-luu
Date: 2025-11-03 13:33
Category: Tin tức
Image: images/2025/lead.jpg
Image_Alt: Các đại biểu

Đoạn mở đầu.

![Quang cảnh buổi lễ](images/2025/body.jpg "Quang cảnh (Ảnh: Thu Hà)")
"""

WITHOUT_IMAGE = """Title: Đại sứ các nước cùng hát mừng năm mới
Slug: dai-su
Date: 2025-11-04 08:00
Category: Tin tức

Không có ảnh.
"""


def site(tmp_path: Path, body_src: str = "images/2025/body.jpg") -> dict:
    content = tmp_path / "content"
    save_jpeg(content / "images/2025/lead.jpg", gradient(1400, 800), gps=True)
    save_jpeg(content / "images/2025/body.jpg", gradient(700, 500))
    (content / "articles").mkdir(parents=True)
    (content / "articles/giao-luu.md").write_text(
        WITH_IMAGE.replace("images/2025/body.jpg", body_src), encoding="utf-8"
    )
    (content / "articles/dai-su.md").write_text(WITHOUT_IMAGE, encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(ARTICLE_TEMPLATE, encoding="utf-8")
    return read_settings(
        None,
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "ARTICLE_PATHS": ["articles"],
            "STATIC_PATHS": [],
            "PLUGINS": ["plugins.images"],
            "THEME_TEMPLATES_OVERRIDES": [str(templates)],
            "MARKDOWN": {
                "extension_configs": {"markdown.extensions.extra": {}, "plugins.images.markup": {}},
                "output_format": "html5",
            },
            "ARTICLE_URL": "bai-viet/{slug}/",
            "ARTICLE_SAVE_AS": "bai-viet/{slug}/index.html",
            "DIRECT_TEMPLATES": [],
            "CACHE_CONTENT": False,
            "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None,
            "IMAGES": {"cache_dir": str(tmp_path / "cache"), "workers": 2},
            "TIMEZONE": "Asia/Ho_Chi_Minh",
        },
    )


def test_build_writes_pictures_figures_and_social_images(tmp_path):
    Pelican(site(tmp_path)).run()
    output = tmp_path / "output"
    page = (output / "bai-viet/giao-luu/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="/images/_d/' in page and '/lead-og.jpg">' in page
    assert 'fetchpriority="high"' in page and 'alt="Các đại biểu"' in page
    assert "lead-16x9-640.webp 640w" in page
    body = page.split("<main>")[1]
    assert '<figure class="figure"><picture><source type="image/webp" srcset="/images/_d/' in body
    assert (
        'width="700" height="500" alt="Quang cảnh buổi lễ" loading="lazy" decoding="async"></picture>'
        in body
    )
    assert '<figcaption>Quang cảnh <span class="credit">(Ảnh: Thu Hà)</span></figcaption>' in body
    for url in [part.split(" ")[0] for part in page.split('srcset="')[1].split('"')[0].split(", ")]:
        assert (output / url.lstrip("/")).is_file()
    other = (output / "bai-viet/dai-su/index.html").read_text(encoding="utf-8")
    card_url = other.split('og:image" content="')[1].split('"')[0]
    assert card_url.startswith("/images/_d/og/dai-su-")
    with Image.open(output / card_url.lstrip("/")) as card:
        assert card.size == (1200, 630)
    assert not list(output.rglob("lead.jpg"))  # the original (with GPS) is not published


def test_build_fails_with_the_article_line_for_a_bad_image(tmp_path, caplog):
    caplog.set_level(logging.ERROR)
    with pytest.raises(ImageBuildError) as caught:
        Pelican(site(tmp_path, body_src="../../etc/passwd")).run()
    assert (
        f"{tmp_path}/content/articles/giao-luu.md:10: ảnh '../../etc/passwd': đường dẫn ra ngoài"
        in str(caught.value)
    )


def test_shown_path_is_the_resolved_path_relative_to_the_working_folder(tmp_path, monkeypatch):
    from plugins.images import _shown_path

    real = tmp_path / "that" / "content"
    real.mkdir(parents=True)
    (real / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(real)  # a symlinked folder
    (real / "b.md").symlink_to(real / "a.md")  # a symlinked file
    monkeypatch.chdir(tmp_path)
    for given in ("that/content/a.md", str(tmp_path / "link" / "a.md"), "link/b.md"):
        expected = Path(given).resolve().relative_to(Path.cwd().resolve()).as_posix()
        assert _shown_path(given) == expected == "that/content/a.md"
    assert _shown_path("/elsewhere/x.md") == "/elsewhere/x.md"


def test_build_publishes_the_json_ld_images_and_the_site_card(tmp_path):
    from lxml import html

    Pelican(site(tmp_path)).run()
    output = tmp_path / "output"
    for slug in ("giao-luu", "dai-su"):  # a photo's crops; title cards without one
        root = html.parse(str(output / "bai-viet" / slug / "index.html")).getroot()
        schema = root.xpath('//link[@rel="x-schema"]')
        assert [link.get("data-size") for link in schema] == ["1200x675", "1200x900", "1200x1200"]
        for link in schema + root.xpath('//link[@rel="x-site-card"]'):
            with Image.open(output / link.get("href").lstrip("/")) as image:
                assert "x".join(map(str, image.size)) == link.get("data-size")
        card = root.xpath('//link[@rel="x-site-card"]/@href')[0]
        assert card.startswith("/images/_d/og/site-")
    crops = root.xpath('//link[@rel="x-schema"]/@href')
    assert all(url.startswith("/images/_d/og/dai-su-") for url in crops)
