"""Markdown figures and <picture> markup, tested without Pelican."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from lxml import html as lxml_html
from markdown import Markdown

from plugins.images.markup import (
    MARKER,
    Caption,
    FigureExtension,
    figures_in_tree,
    picture_html,
    rewrite_images,
    split_caption,
)
from plugins.images.plan import Candidate, ImageSet

IMAGES = ImageSet(
    (
        Candidate("/d/a-320.webp", 320, 180, "webp"),
        Candidate("/d/a-320.jpg", 320, 180, "jpeg"),
        Candidate("/d/a-640.webp", 640, 360, "webp"),
        Candidate("/d/a-640.jpg", 640, 360, "jpeg"),
    ),
    640,
    360,
    "/d/a-640.jpg",
)


def render(text: str) -> str:
    md = Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.smarty", FigureExtension()],
        output_format="html5",
    )
    return md.convert(text)


def test_split_caption_separates_the_credit():
    assert split_caption("Đoàn đại biểu tại Hà Nội (Ảnh: Minh Anh)") == Caption(
        "Đoàn đại biểu tại Hà Nội", "Minh Anh"
    )
    assert split_caption("Không có tác giả") == Caption("Không có tác giả", "")
    assert split_caption("(Ảnh: TTXVN)") == Caption("", "TTXVN")


@pytest.mark.parametrize(
    ("title", "caption", "credit"),
    [
        # the legacy sites' form: a full stop after the bracket
        ("Ông Lâm Văn Mẫn phát biểu (Ảnh: Quỳnh Hoa).", "Ông Lâm Văn Mẫn phát biểu", "Quỳnh Hoa"),
        # no brackets, after the caption's last sentence or a dash
        ("Buổi làm việc. Ảnh: Quỳnh Hoa", "Buổi làm việc", "Quỳnh Hoa"),
        ("Buổi làm việc! Ảnh: N.T.Hà.", "Buổi làm việc!", "N.T.Hà"),
        ("Lễ trao quà – Ảnh: TTXVN", "Lễ trao quà", "TTXVN"),
        ("Ảnh: TTXVN", "", "TTXVN"),
        # not a credit: "ảnh:" inside a sentence, or text after the name's sentence
        ("Triển lãm ảnh: Hà Nội xưa", "Triển lãm ảnh: Hà Nội xưa", ""),
        ("Ảnh: Hà Nội xưa. Triển lãm mở cửa", "Ảnh: Hà Nội xưa. Triển lãm mở cửa", ""),
        ("Lễ ký (Ảnh: Minh). Đoàn thăm", "Lễ ký (Ảnh: Minh). Đoàn thăm", ""),
        # a caption that begins with the word: a description, not a name
        (
            "Ảnh: Toàn cảnh hội nghị hữu nghị Việt Nam – Lào tại Hà Nội",
            "Ảnh: Toàn cảnh hội nghị hữu nghị Việt Nam – Lào tại Hà Nội",
            "",
        ),
    ],
)
def test_split_caption_finds_the_credit_as_the_legacy_sites_wrote_it(title, caption, credit):
    assert (split_caption(title).text, split_caption(title).credit) == (caption, credit)


def test_a_lead_caption_gives_its_own_credit_to_image_credit():
    from plugins.content_model.enrich import lead_caption

    copied = "Buổi làm việc giữa VUFO và tỉnh Thái Bình (Ảnh: Hồng Nhung)"
    expected = ("Buổi làm việc giữa VUFO và tỉnh Thái Bình", "Hồng Nhung")
    assert lead_caption(copied, "Hồng Nhung") == expected  # named twice: once
    assert lead_caption(copied, "") == expected
    assert lead_caption(copied, "Quỳnh Hoa") == (copied, "Quỳnh Hoa")  # two names: as written
    assert lead_caption(copied, "hồng nhung") == (expected[0], "hồng nhung")  # one name, any case
    assert lead_caption("Buổi làm việc", "Hồng Nhung") == ("Buổi làm việc", "Hồng Nhung")


def test_standalone_image_becomes_figure_with_caption_and_credit():
    html = render(
        'Mở đầu.\n\n![Đoàn đại biểu](images/2025/a.jpg "Lễ đón đoàn (Ảnh: Minh Anh)")\n\nKết.'
    )
    assert (
        '<figure class="figure"><img alt="Đoàn đại biểu" data-portal-image="" src="images/2025/a.jpg">'
        in html
    )
    assert (
        '<figcaption>Lễ đón đoàn <span class="credit">(Ảnh: Minh Anh)</span></figcaption>\n</figure>'
        in html
    )
    assert "title=" not in html
    assert "<p>Mở đầu.</p>" in html and "<p>Kết.</p>" in html


def _caption(text: str):
    return lxml_html.fragment_fromstring(render(f'![a](images/x.jpg "{text}")')).find(
        ".//figcaption"
    )


def test_the_credit_is_its_own_element_set_off_from_the_caption():
    """Issue 18: "…điểm trường tiểu học Ảnh: Phương Linh" ran together. The
    text alone (feed readers, the search index, a copied quote) keeps the
    brackets, and the credit is a span the theme can style."""
    figcaption = _caption("Các em học vẽ tại điểm trường tiểu học (Ảnh: Phương Linh)")
    assert figcaption.text_content() == "Các em học vẽ tại điểm trường tiểu học (Ảnh: Phương Linh)"
    (credit,) = figcaption.findall("span")
    assert credit.get("class") == "credit" and credit.text == "(Ảnh: Phương Linh)"
    assert figcaption.text == "Các em học vẽ tại điểm trường tiểu học "
    # Nothing to set it off from: no brackets.
    alone = _caption("(Ảnh: Phương Linh)")
    assert (
        alone.text_content() == "Ảnh: Phương Linh" and alone.find("span").get("class") == "credit"
    )
    # No credit: the caption only, no empty span.
    assert _caption("Quang cảnh").text_content() == "Quang cảnh"
    assert _caption("Quang cảnh").find("span") is None


@pytest.mark.parametrize(
    ("title", "shown", "marked"),
    [
        (
            "Lanterns on the river (Photo: Đức Thịnh)",
            "Lanterns on the river (Photo: Đức Thịnh)",
            "Đức Thịnh",
        ),
        ("(Photo: Hồng Nhung)", "Photo: Hồng Nhung", "Hồng Nhung"),
        # nothing says the language of a name in plain Latin letters, or of José's
        ("Lanterns (Photo: Thu Ha)", "Lanterns (Photo: Thu Ha)", None),
        ("Lanterns (Photo: José Müller)", "Lanterns (Photo: José Müller)", None),
        # a Vietnamese credit on a Vietnamese page needs no mark
        ("Hoa đăng (Ảnh: Đức Thịnh)", "Hoa đăng (Ảnh: Đức Thịnh)", None),
    ],
)
def test_a_vietnamese_name_in_an_english_credit_is_marked_vietnamese(title, shown, marked):
    # An English page's screen reader read "Đức Thịnh" with English rules.
    figcaption = _caption(title)
    assert figcaption.text_content() == shown
    names = figcaption.xpath(".//span[@class='credit']/span[@lang='vi']")
    assert [name.text for name in names] == ([marked] if marked else [])


def test_inline_and_external_images_stay_in_their_paragraph():
    html = render("Chữ ![nhỏ](images/2025/b.png) chữ.\n\n![ngoài](https://example.org/x.jpg)")
    inline, external = html.split("\n", 1)
    assert inline == f'<p>Chữ <img alt="nhỏ" {MARKER}="" src="images/2025/b.png"> chữ.</p>'
    assert external.startswith(
        '<figure class="figure"><img alt="ngoài" src="https://example.org/x.jpg">'
    )


def test_tree_transform_is_a_pure_function():
    root = ET.fromstring('<div><p><img src="images/x.jpg" alt="a" title="T"/></p></div>')
    figures_in_tree(root)
    assert [e.tag for e in root] == ["figure"]
    assert [e.tag for e in root[0]] == ["img", "figcaption"]
    assert root[0][1].text == "T"


def test_picture_has_webp_source_jpeg_img_size_and_lazy_loading():
    html = picture_html(IMAGES, "Ảnh đoàn", "100vw")
    root = lxml_html.fragment_fromstring(html)
    source, img = root.find(".//source"), root.find(".//img")
    assert root.tag == "picture" and html.index("<source") < html.index("<img") < html.index(
        "</picture>"
    )
    assert source.get("type") == "image/webp"
    assert source.get("srcset") == "/d/a-320.webp 320w, /d/a-640.webp 640w"
    assert img.get("srcset") == "/d/a-320.jpg 320w, /d/a-640.jpg 640w"
    assert (img.get("width"), img.get("height"), img.get("sizes")) == ("640", "360", "100vw")
    assert img.get("src") == "/d/a-640.jpg" and img.get("alt") == "Ảnh đoàn"
    assert img.get("loading") == "lazy" and img.get("decoding") == "async"
    assert img.get("fetchpriority") is None


def test_lead_picture_is_eager_with_high_priority():
    html = picture_html(IMAGES, "x", "100vw", lead=True)
    assert 'fetchpriority="high"' in html
    assert "loading=" not in html and "decoding=" not in html


def test_rewrite_replaces_marked_images_only():
    html = render('![Đoàn "A" & B](images/2025/a.jpg "Chú thích")\n\n<img src="raw.jpg" alt="raw">')
    seen = []

    def resolve(src):
        seen.append(src)
        return IMAGES

    out = rewrite_images(html, resolve, "50vw")
    assert seen == ["images/2025/a.jpg"]
    assert out.startswith('<figure class="figure"><picture><source type="image/webp"')
    assert 'alt="Đoàn &quot;A&quot; &amp; B"' in out
    assert MARKER not in out and 'sizes="50vw"' in out
    assert '<img src="raw.jpg" alt="raw">' in out
    assert "<figcaption>Chú thích</figcaption>" in out
    assert rewrite_images(out, resolve, "50vw") == out  # idempotent


def test_rewrite_keeps_an_unresolved_image_plain_and_lazy():
    out = rewrite_images(render("![a](images/x.jpg)"), lambda src: None, "100vw")
    assert '<img src="images/x.jpg" alt="a" loading="lazy" decoding="async">' in out


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Ảnh: Quỳnh Hoa", "Quỳnh Hoa"),  # the page adds "Ảnh:" itself
        ("Photo by Đức Thịnh", "Đức Thịnh"),
        ("Quỳnh Hoa", "Quỳnh Hoa"),
        # Without a colon the word may be the name's own: kept.
        ("Photo Lab Hà Nội", "Photo Lab Hà Nội"),
        ("Ảnh tư liệu", "Ảnh tư liệu"),
    ],
)
def test_a_lead_photo_credit_loses_only_the_word_the_page_adds(typed, shown):
    from plugins.images.markup import credit_name

    assert credit_name(typed) == shown
