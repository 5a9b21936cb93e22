"""plugins.sanitize without Pelican: the HTML filter and plain-text escaping."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup

from plugins.sanitize import PlainText, plain, sanitize_html
from plugins.sanitize.markup import _Filter, is_active_url, maybe_active
from plugins.sanitize.text import TEXT_FILTERS, keep_plain, make_finalize, plain_striptags


def test_html_comments_are_removed_from_bodies_and_sapos():
    """An editor's note must not reach the page source or the feeds."""
    cleaned = sanitize_html(
        "<p>Tin <!-- gọi anh Nam 0912 345 678 --> chính</p>\n<!--\nghi chú\n-->"
    )
    assert (
        "0912" not in cleaned.html and "ghi chú" not in cleaned.html and "<!--" not in cleaned.html
    )
    assert cleaned.html == "<p>Tin  chính</p>\n"
    assert cleaned.removed == ("<!-- … -->", "<!-- … -->")
    assert sanitize_html("<!-- toàn bộ bài -->").html == ""


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>Đoàn công tác <em>VUFO</em> &amp; bạn bè</p>",
        '<figure class="figure"><img src="/images/a.jpg" alt="Ảnh" loading="lazy"></figure>',
        '<p><a href="https://vufo.org.vn/">VUFO</a> <a href="#chu-thich">1</a></p>',
        "<blockquote><p>JavaScript là ngôn ngữ lập trình.</p></blockquote>",
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="chấm">',
        "<p>a &lt; b và 3 &lt; 4</p>",
        "<pre><code>&lt;!-- mã ví dụ --&gt;</code></pre>",
        "",
    ],
)
def test_safe_fragments_come_back_byte_for_byte(fragment):
    cleaned = sanitize_html(fragment)
    assert cleaned.html == fragment and not cleaned.changed


@pytest.mark.parametrize(
    ("fragment", "expected", "removed"),
    [
        ("<p>x <script>alert(1)</script> y</p>", "<p>x  y</p>", "<script>"),
        ("<p>x <SCRIPT type='text/javascript'>alert(1)</SCRIPT></p>", "<p>x </p>", "<script>"),
        ('<img src="x" onerror="alert(1)">', '<img src="x">', "onerror"),
        ('<div ONCLICK="a()" class="k">k</div>', '<div class="k">k</div>', "onclick"),
        ('<a href="javascript:alert(1)">l</a>', "<a>l</a>", "href=javascript:"),
        ('<a href=" JaVa\tScRiPt:alert(1)">l</a>', "<a>l</a>", "href=javascript:"),
        ('<a href="&#106;avascript:alert(1)">l</a>', "<a>l</a>", "href=javascript:"),
        ('<a href="vbscript:msgbox">l</a>', "<a>l</a>", "href=vbscript:"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">l</a>', "<a>l</a>", "href=data:"),
        ('<iframe src="https://e.example/"></iframe>sau', "sau", "<iframe>"),
        ('<object data="x.swf"><embed src="x.swf"></object>sau', "sau", "<object>"),
        ("<style>body{display:none}</style><p>a</p>", "<p>a</p>", "<style>"),
        ('<base href="https://e.example/"><p>a</p>', "<p>a</p>", "<base>"),
        ('<form action="https://e.example/"><input name="q"></form>', '<input name="q">', "<form>"),
        (
            '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
            "<svg><a>x</a></svg>",
            "xlink:href=javascript:",
        ),
        (
            '<img srcset="a.jpg 1x, javascript:alert(1) 2x">',
            "<img>",
            "srcset=a.jpg 1x, javascript:",
        ),
        ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "", "<iframe>"),
        ('<p>cuối <a href="javascript:x', '<p>cuối &lt;a href="javascript:x', "thẻ HTML dở dang"),
        # An attribute name may follow a slash or a quote, not only a space.
        ("<img/onerror=alert(1) src=x>", '<img src="x">', "onerror"),
        ('<img src="x"onerror=alert(1)>', '<img src="x">', "onerror"),
        # A tab or a named reference inside the scheme (browsers drop tabs).
        ('<a href="javascr\tipt:alert(1)">l</a>', "<a>l</a>", "href=javascript:"),
        ('<a href="jav&Tab;ascript&colon;alert(1)">l</a>', "<a>l</a>", "href=javascript:"),
    ],
)
def test_active_content_is_removed(fragment, expected, removed):
    cleaned = sanitize_html(fragment)
    assert cleaned.html == expected
    assert any(item.startswith(removed.split(" ")[0]) for item in cleaned.removed), cleaned.removed


def test_text_of_a_removed_script_disappears_with_it():
    cleaned = sanitize_html("<p>trước<script>document.write('<b>x</b>')</script>sau</p>")
    assert cleaned.html == "<p>trướcsau</p>"


def test_unclosed_script_drops_the_rest():
    assert sanitize_html("<p>a</p><script>alert(1)<p>b</p>").html == "<p>a</p>"


@pytest.mark.parametrize(
    ("url", "attribute", "active"),
    [
        ("https://vufo.org.vn/", "href", False),
        ("/bai-viet/x/", "href", False),
        ("javascript:void(0)", "href", True),
        ("\x01javascript:x", "href", True),
        ("data:image/png;base64,AA", "src", False),
        ("data:image/svg+xml;base64,AA", "src", True),  # SVG can carry script
        ("data:image/png;base64,AA", "href", True),
    ],
)
def test_active_urls(url, attribute, active):
    assert is_active_url(url, attribute) is active


# --- plain text in templates ------------------------------------------------


class Term:
    """Stands for a Pelican tag/author (URLWrapper): printed as its name."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name


def environment() -> Environment:
    env = Environment(finalize=make_finalize((Term,)))
    env.filters["striptags"] = plain_striptags(env.filters["striptags"])
    for name in TEXT_FILTERS:
        env.filters[name] = keep_plain(env.filters[name])
    return env


TITLE = PlainText('Hợp tác <script>alert(1)</script> & "Việt – Lào"')
ESCAPED = "Hợp tác &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Việt – Lào&#34;"


@pytest.mark.parametrize(
    "template",
    [
        "{{ title }}",
        "{{ title | e }}",
        "{{ title | striptags }}",
        "{{ title | trim }}",
        "{{ title | replace('Lào', 'Lào') }}",
        "{{ title | default('') }}",
        "{% macro h(x) %}{{ x }}{% endmacro %}{{ h(title) }}",
    ],
)
def test_plain_text_is_escaped_once_whatever_the_filter(template):
    assert environment().from_string(template).render(title=TITLE) == ESCAPED


def test_striptags_of_escaped_entities_cannot_open_a_tag():
    # Pelican treats titles as HTML: '&lt;/title&gt;' would come back as a
    # real '</title>' from striptags; with the mark it is escaped again.
    out = environment().from_string("{{ t | striptags }}").render(t="&lt;/title&gt;&lt;script&gt;")
    assert "<" not in out


def test_html_content_and_markup_are_printed_as_they_are():
    env = environment()
    assert (
        env.from_string("{{ c }}").render(c="<p>Đoạn <em>văn</em></p>")
        == "<p>Đoạn <em>văn</em></p>"
    )
    assert env.from_string("{{ c }}").render(c=Markup("<b>x</b>")) == "<b>x</b>"


def test_taxonomy_names_are_escaped():
    assert (
        environment().from_string("{{ t }}").render(t=Term("C++ & <C#>")) == "C++ &amp; &lt;C#&gt;"
    )


def test_plain_text_stays_a_string_for_python_code():
    import json

    assert json.dumps({"t": TITLE}) == json.dumps({"t": str(TITLE)})
    assert TITLE.lower().startswith("hợp tác <script>")
    assert plain(TITLE) is TITLE and isinstance(plain("x"), PlainText)
    assert plain(Markup("<b>x</b>")) == Markup("<b>x</b>") and not isinstance(
        plain(Markup("x")), PlainText
    )


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("&#1", "&#xFFFD;"),
        ("<p>a &#x1; b</p>", "<p>a &#xFFFD; b</p>"),
        ("&#0;", "&#xFFFD;"),
        ("&#xD800;", "&#xFFFD;"),
        ("&#" + "9" * 5000 + ";", "&#xFFFD;"),
    ],
)
def test_references_to_control_characters_become_the_replacement_character(fragment, expected):
    cleaned = sanitize_html(fragment)
    assert cleaned.html == expected
    assert cleaned.changed  # the build warns, naming the file
    assert sanitize_html(cleaned.html).html == cleaned.html


@pytest.mark.parametrize("fragment", ["&#65;", "&#150;", "&#x1F600;", "&amp;#1;", "a &#10; b"])
def test_references_to_ordinary_characters_are_kept(fragment):
    assert sanitize_html(fragment).html == fragment
    assert not sanitize_html(fragment).changed


# Pieces the filter acts on, in every spelling that matters: case, white
# space, quotes and slashes before attributes, tabs, control characters and
# references inside schemes, look-alike letters (ſ, K, İ).
_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "/",
        " ",
        "\t",
        "\n",
        "\x01",
        "=",
        '"',
        "'",
        ":",
        ";",
        "&",
        "#",
        "p",
        "a",
        "img",
        "svg",
        "script",
        "SCRIPT",
        "ſcript",
        "iframe",
        "lin\u212a",
        "link",
        "on",
        "ON",
        "onerror",
        "oNcLiCk",
        "on\u212aey",
        "srcdoc",
        "SrcDoc",
        "href",
        "src",
        "srcset",
        "data",
        "DATA",
        "javascript",
        "java",
        "scr",
        "ipt",
        "vbscript",
        "İ",
        "&#106;",
        "&#x3a;",
        "&Tab;",
        "&colon;",
        "&NewLine;",
        "&amp;",
        "x",
        "1",
        "Hà Nội",
        "đ",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
@example("<p/on>")  # found by a local (random) run: a value-less "on" attribute
@example("<p on>")
def test_the_cheap_test_never_skips_what_the_parser_would_remove(fragment):
    parser = _Filter()
    parser.feed(fragment)
    parser.close()
    # Everything but the parser's escaping of a stray "<" (text either way);
    # a tag left open at the end is caught, see the next test.
    active = [item for item in parser.removed if item != "thẻ HTML dở dang"]
    if active:
        assert maybe_active(fragment), (fragment, parser.removed)


def test_a_tag_left_open_at_the_end_is_escaped():
    cleaned = sanitize_html('<p>cuối <a href="x')
    assert cleaned.html == '<p>cuối &lt;a href="x' and cleaned.removed == ("thẻ HTML dở dang",)


@pytest.mark.parametrize(
    ("status", "body", "warned"),
    [
        ("published", "<p>Tin.</p><!-- gọi anh Nam -->", True),
        ("draft", "<p>Tin.</p><!-- gọi anh Nam -->", False),  # nothing is published
        ("published", "<!--\nHướng dẫn (xóa khối này trước khi đăng):\n-->\n<p>Tin.</p>", False),
    ],
)
def test_a_removed_comment_is_reported_once_where_it_matters(status, body, warned, caplog):
    """The build's own warning (no line) only where the content check has
    none of its own: not for a draft, nor for make new's guide block."""
    import logging
    from types import SimpleNamespace

    from plugins.sanitize import clean_content

    instance = SimpleNamespace(
        _content=body, _summary=None, status=status, settings={}, source_path="a.md", metadata={}
    )
    with caplog.at_level(logging.WARNING):
        clean_content(instance)
    assert "<!--" not in instance._content
    assert ("chú thích HTML" in caplog.text) is warned
    # A draft's note is never called code that could run (make import's
    # photo notes in every undated draft were).
    assert "mã có thể chạy" not in caplog.text
    assert len(caplog.records) == int(warned)
