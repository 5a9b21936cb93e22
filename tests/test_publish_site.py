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
    from scripts.build import build

    output = tmp_path / "out"
    build(
        __import__("pathlib").Path(__file__).resolve().parents[1] / "publishconf.py",
        output,
        content=SITE,
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


def test_a_broken_internal_link_fails_the_publish_build(tmp_path):
    import shutil

    from scripts.build import build

    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    article = content / "articles" / "2017" / "thai-binh-trien-khai-cong-tac-2017.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nXem [bài cũ](/bai-viet/khong-ton-tai/).\n",
        encoding="utf-8",
    )
    output = tmp_path / "out"
    output.mkdir()
    (output / "marker.txt").write_text("bản trước", encoding="utf-8")
    with pytest.raises(SystemExit, match="liên kết nội bộ hỏng"):
        build(
            __import__("pathlib").Path(__file__).resolve().parents[1] / "publishconf.py",
            output,
            content=content,
            extra={
                "CACHE_PATH": str(tmp_path / "cache"),
                "PUBLISH": {"fail_on_broken_links": True, "link_check": True},
            },
            force=True,
        )
    assert (output / "marker.txt").read_text(encoding="utf-8") == "bản trước"
