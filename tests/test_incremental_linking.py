"""plugins.incremental.linking: reused pages are links, never written through."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import FileOverwriteFailedError, Writer

from plugins.incremental.linking import LinkedPage
from plugins.parallel import Share
from plugins.rendering import PageWriter


class Fixed:
    """A template whose render is given."""

    def __init__(self, render: str) -> None:
        self._render = render

    def render(self, localcontext: dict) -> str:
        return self._render


@pytest.fixture
def site(tmp_path):
    previous = tmp_path / "previous" / "bai-viet" / "a" / "index.html"
    previous.parent.mkdir(parents=True)
    previous.write_bytes("<p>trang cũ</p>\n".encode())
    output = tmp_path / "output"
    writer = PageWriter(str(output), settings=dict(DEFAULT_CONFIG, RELATIVE_URLS=False))
    writer.links = set()
    return previous, output, writer


def write(writer: Writer, name: str, render: str, override: bool = False) -> Path:
    writer.write_file(name, Fixed(render), {}, override_output=override)
    return Path(writer.output_path) / name


def test_a_linked_page_is_the_previous_file_itself(site):
    previous, _, writer = site
    page = write(writer, "bai-viet/a/index.html", LinkedPage(previous))
    assert page.read_bytes() == previous.read_bytes()
    assert os.path.samefile(page, previous)


def test_a_rendered_page_is_written(site):
    _, _, writer = site
    page = write(writer, "trang/index.html", "<p>mới</p>")
    assert page.read_text(encoding="utf-8") == "<p>mới</p>"
    assert page.stat().st_nlink == 1
    assert write(writer, "rong/index.html", "").read_bytes() == b""  # empty, as before


def test_writing_over_a_linked_page_leaves_the_previous_site_alone(site):
    previous, _, writer = site
    page = write(writer, "bai-viet/a/index.html", LinkedPage(previous))
    write(writer, "bai-viet/a/index.html", "<p>ghi đè</p>", override=True)
    assert page.read_text(encoding="utf-8") == "<p>ghi đè</p>"
    assert previous.read_text(encoding="utf-8") == "<p>trang cũ</p>\n"
    assert not os.path.samefile(page, previous)


def test_the_writers_guard_still_holds(site):
    previous, _, writer = site
    write(writer, "bai-viet/a/index.html", LinkedPage(previous))
    with pytest.raises(FileOverwriteFailedError):
        write(writer, "bai-viet/a/index.html", "<p>lần hai</p>")


def test_a_failed_link_becomes_a_copy(site):
    previous, _, writer = site
    with mock.patch("os.link", side_effect=OSError("EXDEV")):
        page = write(writer, "bai-viet/a/index.html", LinkedPage(previous))
    assert page.read_bytes() == previous.read_bytes()
    assert not os.path.samefile(page, previous)


def test_a_page_another_process_owns_is_left_alone(site):
    """With plugins.parallel every process opens every page; the ones it does
    not own go to os.devnull and must not touch the owner's link."""
    previous, output, owner = site

    name = "bai-viet/a/index.html"
    other = PageWriter(str(output), settings=dict(DEFAULT_CONFIG, RELATIVE_URLS=False))
    other.links = set()
    mine = Share(0, 2) if Share(0, 2).owns(name) else Share(1, 2)
    other.share = Share(1 - mine.index, 2)  # the share that does not own the page
    page = write(owner, name, LinkedPage(previous))
    write(other, name, "")
    assert page.read_bytes() == previous.read_bytes()


def test_a_skipped_override_keeps_the_linked_page(site):
    previous, _, writer = site
    page = write(writer, "bai-viet/a/index.html", LinkedPage(previous), override=True)
    write(writer, "bai-viet/a/index.html", "<p>bị bỏ qua</p>")  # Pelican: "not overwriting"
    assert page.read_bytes() == previous.read_bytes()
    assert previous.read_text(encoding="utf-8") == "<p>trang cũ</p>\n"


def test_linking_a_file_onto_itself_again_leaves_nothing_behind(tmp_path):
    """rename() of two links to one file does nothing: the temporary name
    stayed in the folder (a live site's admin/decap/ filled with *.link-*)."""
    from plugins.incremental.linking import link_or_copy

    source = tmp_path / "bundle.js"
    source.write_text("x", encoding="utf-8")
    target = tmp_path / "site" / "bundle.js"
    target.parent.mkdir()
    for _ in range(3):
        link_or_copy(source, str(target))
    assert sorted(p.name for p in target.parent.iterdir()) == ["bundle.js"]
    assert target.samefile(source) or target.read_text(encoding="utf-8") == "x"
