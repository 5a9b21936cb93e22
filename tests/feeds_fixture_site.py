"""A small real Pelican build for the feeds, sitemap and SEO tests.

Four articles (one with a hostile title: ``&``, ``<``, quotes, a control
character, ``</script>`` and an emoji), one static page, one image, the
reference data from ``data/``. The theme is a minimal ``base.html`` that
includes our ``partials/head_meta.html`` (so these tests do not depend on
the rest of the theme); other templates fall back to Pelican's ``simple``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITEURL = "https://doingoai.example.org"

HOSTILE_TITLE = 'Hà Nội & Lào: "hữu nghị" <bền vững> \x07 </script> 🇻🇳'
HOSTILE_TITLE_CLEAN = HOSTILE_TITLE.replace("\x07", "")

ARTICLES = {
    "2025/hanoi-lao.md": f"""Title: {HOSTILE_TITLE}
Slug: ha-noi-lao
Date: 2025-11-03 13:33
Modified: 2025-11-04 08:00
Category: Hữu nghị
Subsection: Hội hữu nghị
Tags: hữu nghị, Lào
Provinces: Hà Nội
Countries: Lào
Organizations: VUFO
Authors: Minh Châu, Bảo Ngọc
Image: images/2025/anh.png
Image_Alt: Đoàn đại biểu chụp ảnh lưu niệm
Summary: Sapo có dấu & ký tự đặc biệt < > "trích dẫn".

Đoạn đầu với [một liên kết tương đối](../thai-binh-cu/) và [ngoài](https://example.com/x).

![Ảnh minh họa](images/2025/anh.png "Chú thích")
""",
    "2017/thai-binh-cu.md": """Title: Thái Bình đón đoàn Nhật Bản
Slug: thai-binh-cu
Date: 2017-05-10 09:00
Category: Địa phương
Provinces: Thái Bình
Countries: Nhật Bản
Authors: Minh Châu
Summary: Bài cũ về tỉnh Thái Bình (nay thuộc Hưng Yên).

Nội dung bài cũ.
""",
    "2025/hung-yen.md": """Title: Hưng Yên tiếp đoàn Hàn Quốc
Slug: hung-yen-moi
Date: 2025-11-02 10:00
Category: Địa phương
Provinces: Hưng Yên
Countries: Hàn Quốc
Summary: Bài mới về tỉnh Hưng Yên.

Nội dung.
""",
    "2025/kieu-bao.md": """Title: Kiều bào về quê đón Tết
Slug: kieu-bao-don-tet
Date: 2025-10-01 08:00
Category: Kiều bào
Summary: Kiều bào khắp nơi về quê hương.

Nội dung.
""",
}

PAGE = """Title: Giới thiệu
Slug: gioi-thieu

Trang giới thiệu.
"""

BASE_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock title %}</title>
{% include "partials/head_meta.html" %}
</head><body>{% block content %}{% endblock content %}</body></html>
"""

# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def write_fixture(root: Path) -> tuple[Path, Path]:
    content, theme = root / "content", root / "theme"
    for name, text in ARTICLES.items():
        path = content / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "gioi-thieu.md").write_text(PAGE, encoding="utf-8")
    (content / "images" / "2025").mkdir(parents=True)
    (content / "images" / "2025" / "anh.png").write_bytes(PNG)
    templates = theme / "templates"
    # The theme's partials (ours and the breadcrumbs feeds.html imports),
    # feeds.html and the layout it extends; a minimal base.html instead of
    # the theme's.
    shutil.copytree(ROOT / "theme" / "templates" / "partials", templates / "partials")
    for name in ("feeds.html", "link_groups.html"):
        shutil.copy(ROOT / "theme" / "templates" / name, templates / name)
    (templates / "base.html").write_text(BASE_HTML, encoding="utf-8")
    return content, theme


def build_site(root: Path, **overrides) -> Path:
    """Build the fixture site under ``root``; returns the output folder."""
    from pelican import Pelican
    from pelican.settings import read_settings

    content, theme = write_fixture(root)
    output = root / "output"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(theme),
            "SITEURL": SITEURL,
            "PLUGINS": ["plugins.content_model", "plugins.feeds", "plugins.sitemap", "plugins.seo"],
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "TEMPLATE_PAGES": {},
            "DIRECT_TEMPLATES": ["index"],
            "PORTAL_DATA_DIR": str(ROOT / "data"),
            **overrides,
        },
    )
    Pelican(settings).run()
    return output
