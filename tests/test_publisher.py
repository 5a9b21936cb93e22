"""The publisher's legal notice (PUBLISHER, issue 18): its check and the footer.

The footer is rendered alone with Jinja (no Pelican build); the check is
:func:`plugins.content_check.config.publisher_problems`, which ``make check``
and ``scripts/build.py`` report at the setting's line.
"""

from __future__ import annotations

import jinja2
import pytest
from lxml import html as lxml_html

from plugins.content_check.config import PUBLISHER_KEYS, config_problems, publisher_problems
from tests.conftest import ROOT

FULL = {
    "governing_body": "Liên hiệp Mẫu",
    "licence": "Giấy phép số 000/GP-BTTTT (mẫu) do Bộ Thông tin và Truyền thông cấp ngày 01/01/2025",
    "responsible": "Nguyễn Văn Mẫu",
    "address": "Số 1 phố Mẫu & Con, Hà Nội",
    "phone": "(024) 3826 0000",
    "email": "toasoan@example.org",
}


# --- the check ------------------------------------------------------------------


def test_the_projects_sample_publisher_is_valid_and_clearly_a_sample():
    from pelicanconf import PUBLISHER

    assert publisher_problems(PUBLISHER) == []
    assert set(PUBLISHER) == set(PUBLISHER_KEYS)
    assert PUBLISHER["email"].endswith("@example.org")
    assert "(mẫu)" in PUBLISHER["licence"]


@pytest.mark.parametrize("value", [None, {}, {"email": ""}, {"address": "Hà Nội"}, FULL])
def test_missing_or_empty_keys_are_fine(value):
    assert publisher_problems(value) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Liên hiệp Mẫu", "PUBLISHER phải là một dict"),
        (["Liên hiệp Mẫu"], "PUBLISHER phải là một dict"),
        ({"adress": "Hà Nội"}, "PUBLISHER: khóa không hợp lệ adress"),
        ({"phone": 2438260000}, "PUBLISHER['phone'] phải là chuỗi chữ"),
        ({"licence": ("số 1", "2025")}, "PUBLISHER['licence'] phải là chuỗi chữ"),
        ({"email": "toasoan at example.org"}, "PUBLISHER['email'] không phải địa chỉ email"),
    ],
)
def test_a_malformed_publisher_is_named_in_the_message(value, message):
    problems = publisher_problems(value)
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_the_build_refuses_a_malformed_publisher_at_its_line(tmp_path):
    settings_file = tmp_path / "pelicanconf.py"
    settings_file.write_text('SITENAME = "x"\nPUBLISHER = "Liên hiệp Mẫu"\n', encoding="utf-8")
    settings = {"PUBLISHER": "Liên hiệp Mẫu", "PORTAL_DATA_DIR": str(ROOT / "data")}
    (problem,) = config_problems(settings_file, settings)
    assert (problem.line, problem.code) == (2, "bad-setting")
    assert problem.message.startswith("PUBLISHER phải là một dict")
    assert config_problems(settings_file, {**settings, "PUBLISHER": FULL}) == []


# --- the footer -----------------------------------------------------------------


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    from pelicanconf import JINJA_ENVIRONMENT, JINJA_FILTERS

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"), **JINJA_ENVIRONMENT
    )
    environment.filters.update(JINJA_FILTERS)
    environment.globals.update(
        SITEURL="", SITENAME="Đối ngoại Nhân dân", SITESUBTITLE="Tin tức", categories=[], pages=[]
    )
    return environment


def footer(env, **context):
    text = env.get_template("partials/footer.html").render(**context)
    return text, lxml_html.fragment_fromstring(text)


def lines(root) -> list[str]:
    return [" ".join(p.text_content().split()) for p in root.xpath("//*[@class='publisher']//p")]


def test_the_footer_shows_every_part_of_the_notice(env):
    text, root = footer(env, PUBLISHER=FULL)
    assert lines(root) == [
        "Cơ quan chủ quản: Liên hiệp Mẫu",
        FULL["licence"],
        "Chịu trách nhiệm nội dung: Nguyễn Văn Mẫu",
        "Địa chỉ: Số 1 phố Mẫu & Con, Hà Nội",
        "Điện thoại: (024) 3826 0000",
        "Email: toasoan@example.org",
    ]
    assert "Mẫu &amp; Con" in text  # escaped
    assert root.xpath("//address//a/@href") == ["tel:02438260000", "mailto:toasoan@example.org"]


def test_the_footer_leaves_out_missing_parts_without_empty_labels(env):
    _, root = footer(env, PUBLISHER={"governing_body": "Liên hiệp Mẫu", "phone": "", "email": ""})
    assert lines(root) == ["Cơ quan chủ quản: Liên hiệp Mẫu"]
    assert root.xpath("//address") == []
    _, root = footer(env, PUBLISHER={"email": "toasoan@example.org"})
    assert lines(root) == ["Email: toasoan@example.org"]
    assert root.xpath("//*[@class='publisher-licence']") == []


@pytest.mark.parametrize("context", [{}, {"PUBLISHER": {}}, {"PUBLISHER": "Liên hiệp Mẫu"}])
def test_without_a_usable_publisher_the_footer_has_no_notice(env, context):
    text, root = footer(env, **context)
    assert root.xpath("//*[@class='publisher']") == []
    assert "Liên hiệp Mẫu" not in text
    assert "Tất cả chủ đề" in text  # the rest of the footer is there
