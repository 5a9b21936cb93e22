"""plugins.markdown_reader: same HTML and metadata as Pelican's reader with
Python-Markdown's smarty, from one parser per process."""

from __future__ import annotations

import copy
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.readers import MarkdownReader, Readers
from pelican.settings import read_settings

from plugins.markdown_reader import ReusingMarkdownReader, use_reusing_reader
from plugins.markdown_reader.smarty import GATE_AVAILABLE, GatedSmartyExtension
from tests.conftest import ROOT

TRICKY = [
    'Ông nói: "Hữu nghị là cầu nối."',
    "Đoàn 'VUFO' đến Huế; it's the '80s and 'quoted' words.",
    "\"'Lồng' nhau\" và '\"ngược\"' lại.",
    "Khoảng 2019--2020, rồi---bất ngờ... hết.... Cuối.",
    'Mã `"không đổi" -- ...` giữ nguyên, còn \\"thoát\\" thì sao?',
    '[liên kết "có nháy"](https://vufo.org.vn "Tiêu đề \'nháy\'")',
    '![Ảnh](a.jpg "Lễ ký kết (Ảnh: Nguyễn Văn A)")',
    '<span title="x">HTML "nội tuyến"</span> -- và <<góc>> >>kép<<',
    "*\"nghiêng\"* **'đậm'** và ***--ba--***",
    'Chú thích[^1].\n\n[^1]: Nguồn: "Báo Quốc tế".',
    "| Cột \"A\" | Cột 'B' |\n|---|---|\n| 1--2 | 3... |",
    "'\"' \"'\" '' \"\" ' \" -- --- ---- ..... . .. ...",
]


def convert(text: str, smarty: object, **config) -> str:
    return markdown.markdown(
        text, extensions=["markdown.extensions.extra", smarty], extension_configs={}, **config
    )


def both(text: str, **options) -> tuple[str, str]:
    plain = markdown.extensions.smarty.SmartyExtension(**options)
    gated = GatedSmartyExtension(**options)
    return convert(text, plain), convert(text, gated)


def test_the_gate_is_installed_on_the_pinned_markdown():
    assert GATE_AVAILABLE
    md = markdown.Markdown(extensions=[GatedSmartyExtension()])
    assert type(md.treeprocessors["smarty"]).__name__ == "_GatedInlineProcessor"


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("angled", [False, True])
def test_gated_smarty_writes_what_smarty_writes(text, angled):
    plain, gated = both(text, smart_angled_quotes=angled)
    assert gated == plain
    assert "&" in plain or "'" not in text  # smarty did educate something here


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("aăđ \n'\"-.<>*`_[]()!\\&;:,?0123456789s"), max_size=80))
def test_gated_smarty_matches_smarty_on_any_text(text):
    plain, gated = both(text, smart_angled_quotes=True)
    assert gated == plain


def site_settings(**overrides) -> dict:
    settings_ = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")}
    )
    settings_.update(overrides)
    return settings_


def plain_smarty_settings() -> dict:
    """The site's settings with Python-Markdown's own smarty (Pelican's reader)."""
    settings_ = site_settings()
    configs = dict(settings_["MARKDOWN"]["extension_configs"])
    options = configs.pop("plugins.markdown_reader.smarty")
    configs["markdown.extensions.smarty"] = options
    settings_["MARKDOWN"] = {**settings_["MARKDOWN"], "extension_configs": configs}
    return settings_


STATEFUL = {
    "a.md": 'Title: A\nSummary: Sapo *A* "trích"\n\nXem [VUFO][v] và HTML[^n].\n\n'
    "[v]: https://vufo.org.vn\n[^n]: Ghi chú A.\n\n*[HTML]: HyperText\n",
    "b.md": "Title: B\n\nKhông định nghĩa: [VUFO][v], HTML, [^n].\n",
    "c.md": 'Không có siêu dữ liệu, chỉ "nội dung"...\n',
}


def sources(tmp_path: Path) -> list[Path]:
    for name, text in STATEFUL.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    own = sorted((ROOT / "content").rglob("*.md"))
    assert len(own) > 20
    return [tmp_path / name for name in STATEFUL] + own + [tmp_path / "a.md", tmp_path / "b.md"]


def test_one_reader_reads_every_file_as_pelicans_reader_does(tmp_path):
    reusing = ReusingMarkdownReader(copy.deepcopy(site_settings()))
    for path in sources(tmp_path):
        expected = MarkdownReader(copy.deepcopy(plain_smarty_settings())).read(str(path))
        assert reusing.read(str(path)) == expected, path


def test_nothing_leaks_from_one_document_to_the_next(tmp_path):
    reader = ReusingMarkdownReader(copy.deepcopy(site_settings()))
    paths = {p.name: p for p in sources(tmp_path)[:3]}
    content_a, meta_a = reader.read(str(paths["a.md"]))
    assert 'href="https://vufo.org.vn"' in content_a and "<abbr" in content_a
    assert meta_a["summary"].startswith("<p>Sapo <em>A</em> &ldquo;")
    content_b, meta_b = reader.read(str(paths["b.md"]))
    assert "vufo.org.vn" not in content_b and "<abbr" not in content_b
    assert "footnote" not in content_b and "summary" not in meta_b
    assert reader.read(str(paths["c.md"]))[1] == {}


def test_the_plugin_puts_the_reader_in_place_of_pelicans():
    from pelican import signals

    signals.readers_init.connect(use_reusing_reader)
    readers = Readers(copy.deepcopy(site_settings()))
    assert type(readers.readers["md"]) is ReusingMarkdownReader
    assert "html" not in readers.readers  # the site's READERS still apply


def _field_parser():
    reader = ReusingMarkdownReader(copy.deepcopy(site_settings()))
    return reader._parser(metadata=False)


FIELD_ALPHABET = list("aăđÂ Zz09,.;:!?()%/+=-_*'\"`<>&[]#|\\{}~^@$\t\nx") + ["Hà Nội", "--", ".."]


PLAIN_ALPHABET = list("aăđÂ Zz09,.;:!?()%/+=-") + ["Hà Nội", "VUFO", "  "]


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(FIELD_ALPHABET), min_size=1, max_size=25),
        st.lists(st.sampled_from(PLAIN_ALPHABET), min_size=1, max_size=25),
    ).map("".join)
)
def test_a_plain_field_is_converted_as_the_parser_converts_it(text):
    from plugins.markdown_reader.reader import _FieldConverter

    parser = _field_parser()
    expected = parser.reset().convert(text)
    assert _FieldConverter(parser).reset().convert(text) == expected


def test_plain_sapos_take_the_short_way():
    from plugins.markdown_reader.reader import _PLAIN_FIELD

    plain = "Ngày 3/11, đoàn VUFO thăm tỉnh Hà Giang (Việt Nam): 40% hộ dân được hỗ trợ!"
    assert _PLAIN_FIELD.fullmatch(plain)
    for text in ("1. Danh sách", 'Có "trích dẫn"', "Có *nhấn*", "a -- b", "Hết...", "- mục"):
        assert not _PLAIN_FIELD.fullmatch(text), text


def test_each_editions_tables_scroll_in_a_region_named_in_its_language():
    from markdown import Markdown

    import pelicanconf

    table = "Trước.\n\n| Năm | Dự án |\n|---|---|\n| 2024 | Nước sạch |\n\nSau."
    for config, label in (
        (pelicanconf.MARKDOWN, "Bảng"),
        (pelicanconf.EDITIONS["en"]["MARKDOWN"], "Table"),
    ):
        configs = config["extension_configs"]  # as Pelican loads them
        html = Markdown(extensions=list(configs), extension_configs=configs).convert(table)
        assert (
            f'<p>Trước.</p>\n<div aria-label="{label}" class="table-scroll" role="region"'
            ' tabindex="0"><table>' in html
        )
        assert html.count("<table>") == 1 and html.endswith("</table></div>\n<p>Sau.</p>")


def test_a_keyword_with_a_double_space_is_the_keyword_with_one(tmp_path):
    # "đối ngoại  nhân dân" (two spaces, invisible on screen) and "đối ngoại
    # nhân dân" made one address with two names: the build was refused.
    from plugins.content_model.model import split_list

    path = tmp_path / "a.md"
    written = "đối ngoại  nhân dân,  hợp tác   quốc tế"
    path.write_text(f"Title: A\nTags: {written}\nAuthors: Hà  Vy\n\nChữ.\n", encoding="utf-8")
    meta = ReusingMarkdownReader(copy.deepcopy(site_settings())).read(str(path))[1]
    names = [tag.name for tag in meta["tags"]]
    assert names == ["đối ngoại nhân dân", "hợp tác quốc tế"] == split_list(written)
    assert [author.name for author in meta["authors"]] == ["Hà Vy"]
