"""A production build of the fixture site: 0 broken links, 0 HTML errors,
security headers and precompressed copies, under a path-prefixed SITEURL."""

from __future__ import annotations

import gzip

import pytest

from plugins.publish.validate import validator_available
from tests.golden import SITE

pytestmark = pytest.mark.slow


@pytest.mark.skipif(
    not validator_available(), reason="needs Java and node_modules/vnu-jar (make browsers)"
)
def test_publish_build_is_valid_and_complete(tmp_path):
    import shutil

    from scripts.build import build

    output = tmp_path / "out"
    content = tmp_path / "content"  # a copy: publishing writes the record into it
    shutil.copytree(SITE, content)
    build(
        __import__("pathlib").Path(__file__).resolve().parents[1] / "publishconf.py",
        output,
        content=content,
        extra={
            "SITEURL": "https://example.org/portal",
            "CACHE_PATH": str(tmp_path / "cache"),
            "MOST_READ": {"path": ""},
        },
        force=True,
    )
    # The build would have raised on a broken internal link or an HTML error;
    # check that the checks really ran by what they leave behind.
    headers = (output / "_headers").read_text(encoding="utf-8")
    assert headers.startswith("/portal/*") and "Content-Security-Policy" in headers
    page = output / "bai-viet" / "vufo-lam-viec-voi-can-tho" / "index.html"
    assert (
        gzip.decompress((output / "bai-viet/vufo-lam-viec-voi-can-tho/index.html.gz").read_bytes())
        == page.read_bytes()
    )
    assert 'href="https://example.org/portal/tinh/can-tho/"' in page.read_text(encoding="utf-8")
    # Publishing recorded every address it published.
    record = (content / "published-urls.txt").read_text(encoding="utf-8")
    assert "/bai-viet/vufo-lam-viec-voi-can-tho/\tarticle\t" in record


def test_a_broken_internal_link_fails_the_publish_build(tmp_path):
    """The content check finds the broken link first, at its line; with the
    check off, the publish step's own link check still refuses the site."""
    import shutil
    from pathlib import Path

    from scripts.build import build

    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    article = content / "articles" / "2017" / "thai-binh-trien-khai-cong-tac-2017.md"
    text = article.read_text(encoding="utf-8") + "\nXem [bài cũ](/bai-viet/khong-ton-tai/).\n"
    article.write_text(text, encoding="utf-8")
    line = text.splitlines().index("Xem [bài cũ](/bai-viet/khong-ton-tai/).") + 1
    output = tmp_path / "out"
    output.mkdir()
    (output / "marker.txt").write_text("bản trước", encoding="utf-8")
    settings = Path(__file__).resolve().parents[1] / "publishconf.py"
    extra = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "PUBLISH": {"fail_on_broken_links": True, "link_check": True},
    }
    from plugins.content_check.check import check_tree
    from plugins.reference import load_reference_data

    report = check_tree(content, load_reference_data(Path(__file__).resolve().parents[1] / "data"))
    assert [(p.code, p.line) for p in report.problems if p.is_error] == [("broken-link", line)]
    with pytest.raises(SystemExit, match="liên kết nội bộ hỏng"):
        build(
            settings,
            output,
            content=content,
            extra={**extra, "CONTENT_CHECK": {"enabled": False}},
            force=True,
        )
    assert (output / "marker.txt").read_text(encoding="utf-8") == "bản trước"
