"""The web editor's configuration against the content model and data/, both
ways, and its file format (static/portal-cms.js, run by node) against
``make check`` and ``make new``.

The expected choices are read from ``data/*.toml`` with tomllib here, not
through plugins.reference, and the slug oracle is plugins.scaffold's Python
(unidecode), an implementation independent of the script's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plugins.admin.config import (
    COLLECTION,
    EN_COLLECTION,
    FILLED_ON_SAVE,
    FOLDER_FIELD,
    HIDDEN,
    editor_config,
)
from plugins.content_model.model import FEATURED, FIELDS, FORMATS, STATUSES, Kind, read_header
from plugins.reference.data import load_reference_data
from plugins.scaffold.article import article_slug, render_article
from plugins.vietnamese import VIETNAM_TZ

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SCRIPT = ROOT / "plugins" / "admin" / "static" / "portal-cms.js"
NODE = shutil.which("node")


@pytest.fixture(scope="module")
def config() -> dict:
    return editor_config(load_reference_data(DATA), repo="chu/kho", preview_styles=["/a.css"])


def _fields(config: dict, collection: int = 0) -> dict[str, dict]:
    return {field["name"]: field for field in config["collections"][collection]["fields"]}


# What tells the two editions' collections apart besides their fields.
NAMING = ("name", "label", "label_singular", "description", "folder")


def _values(field: dict) -> list[str]:
    return [option["value"] for option in field["options"]]


def _toml(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def _list_name(entry: dict) -> str:
    """How a list field writes an entry (a name with a comma cannot be)."""
    if "," not in entry["name"]:
        return entry["name"]
    return next(
        n for n in [entry.get("short", ""), *entry.get("aliases", [])] if n and "," not in n
    )


# --- the configuration and the model -----------------------------------------------


def test_every_model_field_is_in_the_form_in_order_and_nothing_else(config):
    names = [f["name"] for f in config["collections"][0]["fields"]]
    assert names == [spec.key for spec in FIELDS] + [FOLDER_FIELD, "body"]
    assert config["portal"]["order"] == [spec.key for spec in FIELDS]
    assert config["portal"]["lists"] == [s.key for s in FIELDS if s.kind is Kind.LIST]
    assert config["portal"]["integers"] == [s.key for s in FIELDS if s.kind is Kind.INT]


def test_required_in_the_form_exactly_where_the_check_requires(config):
    fields = _fields(config)
    for spec in FIELDS:
        expected = spec.required and spec.key not in FILLED_ON_SAVE
        assert fields[spec.key]["required"] is expected, spec.key
    # What the form leaves to the script is required by the check.
    assert all(next(s for s in FIELDS if s.key == key).required for key in FILLED_ON_SAVE)
    assert fields["body"]["widget"] == "markdown"


def test_widgets_follow_the_kinds(config):
    fields = _fields(config)
    for spec in FIELDS:
        widget = fields[spec.key]["widget"]
        if spec.key in HIDDEN:
            assert widget == "hidden"
        elif spec.kind is Kind.DATETIME:
            assert widget == "datetime" and fields[spec.key]["format"] == "YYYY-MM-DD HH:mm"
        elif spec.kind is Kind.CHOICE:
            assert widget == "select" and not fields[spec.key].get("multiple")
        elif spec.kind is Kind.LIST:
            assert widget in ("list", "select", "relation"), spec.key
            assert widget == "list" or fields[spec.key]["multiple"] is True
        elif spec.kind is Kind.PATH:
            assert widget == "image"
        elif spec.kind is Kind.INT:
            assert widget == "number" and fields[spec.key]["value_type"] == "int"
    assert fields["Related"]["value_field"] == "Slug"
    assert fields["Related"]["collection"] == config["collections"][0]["name"]
    assert fields["Title"]["pattern"][0] == "^[\\s\\S]{0,200}$"


def test_choices_are_the_reference_data_both_ways(config):
    """Every spelling the check accepts is offered (a select keeps only the
    values it offers: a file written "VUFO" would lose it on a save), and
    nothing else."""
    fields = _fields(config)
    sections = _toml("sections.toml")["section"]
    assert set(_values(fields["Category"])) == {
        n for s in sections for n in [s["name"], *s.get("aliases", [])]
    }
    assert set(_values(fields["Subsection"])) >= {
        sub["name"] for s in sections for sub in s.get("subsections", [])
    }
    data = _toml("provinces.toml")
    provinces = data["province"]
    expected = {n for p in provinces for n in [p["name"], *p.get("aliases", []), *p["former"]]}
    expected |= {a for former, aliases in data.get("former_aliases", {}).items() for a in aliases}
    assert set(_values(fields["Provinces"])) == expected
    current = {f: p["name"] for p in provinces for f in p["former"] if f != p["name"]}
    for option in fields["Provinces"]["options"]:
        if option["value"] in current:
            assert option["label"] == f"{option['value']} (nay là {current[option['value']]})"
    countries = _toml("countries.toml")["country"]
    assert set(_values(fields["Countries"])) == {
        n
        for c in countries
        for n in [_list_name(c), c["name"], *c.get("aliases", [])]
        if "," not in n
    }
    organizations = _toml("organizations.toml")["organization"]
    assert set(_values(fields["Organizations"])) == {
        n
        for o in organizations
        for n in [_list_name(o), o["name"], o.get("short", ""), *o.get("aliases", [])]
        if n and "," not in n  # a list item cannot hold a comma
    }
    vufo = next(o for o in fields["Organizations"]["options"] if o["value"] == "VUFO")
    assert vufo["label"] == "VUFO (Liên hiệp các tổ chức hữu nghị Việt Nam)"
    assert _values(fields["Featured"]) == list(FEATURED)
    assert _values(fields["Format"]) == list(FORMATS)
    assert _values(fields["Status"]) == list(STATUSES)


def test_every_name_the_sample_articles_write_is_offered_by_their_form(config):
    """Opening and saving any sample article keeps its topics, in both
    editions (the English form offers the English names too)."""
    selects = ("Category", "Subsection", "Provinces", "Countries", "Organizations")
    for collection, folder in ((0, "articles"), (1, "en/articles")):
        fields = _fields(config, collection)
        for path in sorted((ROOT / "content" / folder).rglob("*.md")):
            header, _ = read_header(path.read_text(encoding="utf-8"))
            for line in header.lines:
                if line.key.title() not in selects or not line.value:
                    continue
                key = line.key.title()
                items = [line.value] if key in ("Category", "Subsection") else line.value.split(",")
                for item in (i.strip() for i in items):
                    assert item in _values(fields[key]), (path.name, key, item)


def test_the_link_to_the_published_article_follows_the_url_scheme():
    """Decap's "view the published entry" led to the site's home: each
    collection names its article address, from pelicanconf.py's scheme."""
    from plugins.admin import article_paths
    from plugins.fixed_urls.scheme import portal_settings

    paths = article_paths(portal_settings())
    assert paths == {"vi": "bai-viet/{{fields.Slug}}/", "en": "en/article/{{fields.Slug}}/"}
    made = editor_config(load_reference_data(DATA), repo="chu/kho", article_paths=paths)
    vietnamese, english = made["collections"]
    assert (vietnamese["preview_path"], english["preview_path"]) == (paths["vi"], paths["en"])


def test_no_hint_says_a_thing_twice(config):
    for collection in (0, 1):
        for key, field in _fields(config, collection).items():
            hint = field.get("hint", "")
            assert hint.count("dấu phẩy") <= 1, (key, hint)


def test_files_and_images_go_to_the_year_folders(config):
    collection = config["collections"][0]
    assert collection["folder"] == "content/articles"
    assert collection["path"] == "{{folder}}/{{slug}}"
    assert collection["slug"] == "{{fields.Slug}}"
    assert collection["media_folder"] == "/content/images/{{fields.Date | date('YYYY')}}"
    assert collection["public_folder"] == "images/{{fields.Date | date('YYYY')}}"
    assert config["locale"] == "vi" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {**config["backend"], "name": "github", "repo": "chu/kho"}


def test_the_english_collection_is_the_same_form_for_content_en(config):
    vietnamese, english = config["collections"]
    assert (english["name"], english["folder"]) == (EN_COLLECTION, "content/en/articles")
    assert {k: v for k, v in english.items() if k not in NAMING} == {
        k: v for k, v in vietnamese.items() if k not in NAMING
    } | {"fields": english["fields"]}
    fields, own = _fields(config, 1), _fields(config)
    assert list(fields) == list(own)
    assert fields["Lang"] == {**own["Lang"], "default": "en"}
    assert fields["Translation_Key"]["widget"] == "relation"
    assert fields["Translation_Key"]["collection"] == COLLECTION
    assert fields["Translation_Key"]["value_field"] == "Slug"
    assert fields["Translation_Key"]["multiple"] is False
    assert fields["Related"]["collection"] == EN_COLLECTION
    # The topics offer the English names too (and the Vietnamese ones).
    for key in ("Category", "Provinces", "Countries", "Organizations"):
        assert set(_values(own[key])) < set(_values(fields[key])), key
    assert {"Friendship", "Hữu nghị"} <= set(_values(fields["Category"]))
    assert {"Bac Kan", "Bắc Kạn", "Hue"} <= set(_values(fields["Provinces"]))
    changed = {"Lang", "Translation_Key", "Related", "Category", "Subsection"}
    changed |= {"Provinces", "Countries", "Organizations"}
    assert {k: v for k, v in fields.items() if k not in changed} == {
        k: v for k, v in own.items() if k not in changed
    }


# --- the script's format, run by node ------------------------------------------------

needs_node = pytest.mark.skipif(NODE is None, reason="needs node")


def _node(program: str, payload: object) -> object:
    """Run ``program`` with ``api`` (the script's exports) and ``input``."""
    code = (
        f"const api = require({json.dumps(str(SCRIPT))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        f"process.stdout.write(JSON.stringify((() => {{ {program} }})()));"
    )
    done = subprocess.run(
        [NODE, "-e", code], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def check_content(content: Path) -> subprocess.CompletedProcess:
    """``make check`` on ``content`` (also used by tests/test_admin_browser.py)."""
    return subprocess.run(
        [sys.executable, "-m", "plugins.content_check", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


@needs_node
def test_the_script_writes_exactly_what_make_new_writes(config):
    moment = datetime(2026, 1, 1, 0, 30, tzinfo=VIETNAM_TZ)
    text = render_article("Đà Nẵng đón đoàn", "da-nang-don-doan", "Hữu nghị", ["Huế"], moment)
    again = _node(
        "return api.serialize(api.parse(input.text, input.model), input.model);",
        {"text": text, "model": config["portal"]},
    )
    assert again == text


@needs_node
def test_every_sample_article_round_trips_and_still_passes_the_check(config, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    # both editions: the English collection writes with the same script
    files = sorted((content / "articles").rglob("*.md"))
    files += sorted((content / "en" / "articles").rglob("*.md"))
    assert any(f.is_relative_to(content / "en") for f in files)
    texts = [path.read_text(encoding="utf-8") for path in files]
    written = _node(
        "return input.texts.map(t => api.serialize(api.parse(t, input.model), input.model));",
        {"texts": texts, "model": config["portal"]},
    )
    lists = set(config["portal"]["lists"])
    for path, before, after in zip(files, texts, written, strict=True):
        old, new = (
            {
                h.raw_key: [v.strip() for v in h.value.split(",")]
                if h.raw_key in lists
                else h.value
                for h in read_header(text)[0].lines
                if h.value
            }
            for text in (before, after)
        )
        assert new == old, path.name
        assert after.split("\n\n", 1)[1].strip() == before.split("\n\n", 1)[1].strip()
        path.write_text(after, encoding="utf-8")
    checked = check_content(content)
    assert checked.returncode == 0, checked.stdout


@needs_node
def test_every_choice_of_the_form_is_accepted_by_the_check(config, tmp_path):
    fields = _fields(config)
    data = {
        "Title": "Mọi lựa chọn của biểu mẫu",
        "Date": "2026-11-03 13:33",
        "Category": "Hữu nghị",
        "Summary": "Một bài thử chứa mọi tỉnh, quốc gia và tổ chức của biểu mẫu.",
        "Provinces": _values(fields["Provinces"]),
        "Countries": _values(fields["Countries"]),
        "Organizations": _values(fields["Organizations"]),
        "Format": "article",
        "Status": "draft",
        "body": "Nội dung.",
    }
    content = tmp_path / "content"
    (content / "articles" / "2026").mkdir(parents=True)
    for section in _values(fields["Category"]):
        data["Category"] = section
        text, slug = _node(
            "const d = api.prepared(input.data, input.model);"
            "return [api.serialize(d, input.model), d.Slug];",
            {"data": data, "model": config["portal"]},
        )
        (content / "articles" / "2026" / f"{slug}.md").write_text(text, encoding="utf-8")
        checked = check_content(content)
        assert checked.returncode == 0, checked.stdout


@needs_node
def test_the_slug_is_the_python_slug_of_the_title():
    titles = [
        read_header(path.read_text(encoding="utf-8"))[0].get("title").value
        for path in sorted((ROOT / "content" / "articles").rglob("*.md"))
    ]
    titles += [
        "Đoàn đại biểu Đắk Lắk thăm Lào – “hữu nghị” 2025!",
        "ĐẠI HỘI Hội hữu nghị Việt Nam - Nhật Bản lần thứ ba",
        "Thuỷ Nguyên đón khách Hoà Bình",
        "a" * 50 + " " + "b" * 50,
    ]
    slugs = _node("return input.map(t => api.articleSlug(t));", titles)
    assert slugs == [article_slug(title) for title in titles]


@needs_node
def test_a_save_is_refused_for_what_the_check_would_refuse(config):
    base = {"Title": "T", "Format": "article", "body": "Chữ."}
    cases = [
        ({**base, "Format": "video"}, "Video_URL"),
        ({**base, "Format": "photo"}, "Image"),
        ({**base, "Format": "infographic"}, "Image"),
        ({**base, "Image": "images/2026/a.jpg"}, "Image_Alt"),
        ({**base, "body": "Ảnh ![](images/2026/b.jpg) đây."}, "images/2026/b.jpg"),
        ({**base, "Format": "video", "Video_URL": "https://youtu.be/x"}, None),
        ({**base, "Image": "images/2026/a.jpg", "Image_Alt": "Mô tả"}, None),
        ({**base, "body": "Ảnh ![Mô tả](images/2026/b.jpg) đây."}, None),
        # "Insert from URL" in the body: the check refuses a remote image.
        ({**base, "body": "![Mô tả](https://example.com/anh.jpg)"}, "trang web khác"),
        ({**base, "body": "![Mô tả](//example.com/anh.jpg)"}, "trang web khác"),
        # raw HTML: the check refuses an <img>, the build strips code that runs
        ({**base, "body": 'Ảnh <img src="https://example.com/x.jpg"> đây.'}, "<img>"),
        ({**base, "body": "<script>alert(1)</script>"}, "mã chạy"),
        ({**base, "body": '<a href="/" onclick="x()">đây</a>'}, "mã chạy"),
        ({**base, "body": "[xem](javascript:alert(1))"}, "mã chạy"),
        ({**base, "body": "Chữ <b>đậm</b> và 3 < 4, <https://example.com/online/>."}, None),
        # what is shown as code, and prose that names the words, is only text
        ({**base, "body": "Mã `<script>` và `<img src='x.jpg'>` giữ nguyên."}, None),
        ({**base, "body": "Trước.\n\n```html\n<iframe src='x'></iframe>\n```\n\nSau."}, None),
        ({**base, "body": "Trước.\n\n    <img src='x.jpg'>\n\nSau."}, None),
        ({**base, "body": "Kẻ gian dùng liên kết javascript: để lừa; ong = 5, online = 3."}, None),
        ({**base, "body": "Chỉ số <img so với\nnăm> tăng."}, None),
        # what the check refuses in one file, caught before the save (review
        # of the editor: these were saved, then refused by make check)
        ({**base, "Category": "Hữu nghị", "Subsection": "Dự án"}, "không thuộc chuyên mục"),
        ({**base, "Category": "Địa phương", "Subsection": "Dự án"}, "không có chuyên mục con"),
        ({**base, "Category": "Hữu nghị", "Subsection": "Hội hữu nghị"}, None),
        ({**base, "Category": "Hữu nghị", "Subsection": "Friendship Associations"}, None),
        ({**base, "Category": "Friendship", "Subsection": "Hội hữu nghị"}, None),
        (
            {**base, "Date": "2026-05-10 14:30", "Modified": "2026-05-01 10:00"},
            "trước ngày giờ đăng",
        ),
        ({**base, "Date": "2026-05-10 14:30", "Modified": "2026-05-11 08:00"}, None),
        ({**base, "body": "<!-- ghi chú -->\n"}, "chưa có nội dung"),
        ({**base, "body": "", "Status": "draft"}, None),
        (
            {**base, "Image_Caption": "Đoàn thăm trường (Ảnh: Hoa)", "Image_Credit": "Minh Anh"},
            "giữ một tên",
        ),
        (
            {**base, "Image_Caption": "Đoàn thăm trường (Ảnh: Hoa)", "Image_Credit": "Ảnh: Hoa"},
            None,
        ),
        (
            {**base, "Image_Caption": "Đoàn thăm trường – Ảnh: Hoa", "Image_Credit": "Minh Anh"},
            "giữ một tên",
        ),
        ({**base, "Image": "images/2026/a.gif", "Image_Alt": "Mô tả"}, "không phải ảnh"),
        ({**base, "Image": "images/2026/a.WEBP", "Image_Alt": "Mô tả"}, None),
        ({**base, "body": "![Mô tả](images/2026/b.heic)"}, "không phải ảnh"),
    ]
    found = _node(
        "return input.cases.map(d => api.problems(d, input.model));",
        {"cases": [data for data, _ in cases], "model": config["portal"]},
    )
    for (data, word), problems in zip(cases, found, strict=True):
        if word is None:
            assert problems == [], data
        else:
            assert len(problems) == 1 and word in problems[0], (data, problems)


@needs_node
def test_the_forms_now_on_a_computer_abroad_is_refused_with_the_time_in_vietnam():
    """Date left as the form filled it ("now") on a computer in New York
    wrote a time 12 hours early, read as GMT+7; in Tokyo a future one."""
    from datetime import timedelta, timezone

    moment = datetime(2026, 12, 8, 2, 1, tzinfo=UTC)
    vietnam = moment.astimezone(VIETNAM_TZ).strftime("%Y-%m-%d %H:%M")
    cases = []
    for hours, typed in ((-5, None), (9, None), (-5, vietnam), (7, None), (5.5, None)):
        local = moment.astimezone(timezone(timedelta(hours=hours))).strftime("%Y-%m-%d %H:%M")
        clock = {"offset": int(-hours * 60), "local": local, "vietnam": vietnam}
        cases.append({"date": typed or local, "clock": clock})
    found = _node(
        "return input.map(c => api.clockProblem(c.date, c.clock));",
        cases,
    )
    new_york, tokyo, typed_in_vietnam_time, in_vietnam, delhi = found
    assert "GMT-5" in new_york and vietnam in new_york
    assert "GMT+9" in tokyo
    assert typed_in_vietnam_time is None and in_vietnam is None
    assert "GMT+5:30" in delhi
    # clockAt: the browser's own clock read the same way
    clock = _node("return api.clockAt(new Date(Date.UTC(2026, 11, 8, 2, 1)));", None)
    assert clock["vietnam"] == vietnam


@needs_node
def test_abroad_the_forms_default_date_is_the_time_in_vietnam(config):
    """The form's "now" read the computer's clock: the default is the time
    in Vietnam when the computer is elsewhere, and left to Decap at home."""
    clocks = [
        {"offset": 300, "local": "2026-12-07 21:01", "vietnam": "2026-12-08 09:01"},
        {"offset": -420, "local": "2026-12-08 09:01", "vietnam": "2026-12-08 09:01"},
    ]
    defaults = _node(
        "return input.clocks.map(c => api.vietnamDefaults(JSON.parse(JSON.stringify(input.config)), c)"
        ".collections.map(col => col.fields.filter(f => f.name === 'Date')[0].default));",
        {"clocks": clocks, "config": config},
    )
    assert defaults == [["2026-12-08 09:01"] * 2, ["{{now}}"] * 2]


@needs_node
def test_the_preview_dateline_is_the_pages():
    from plugins.editions.dates import english_dateline
    from plugins.vietnamese import format_dateline

    moment = datetime(2026, 12, 8, 9, 1, tzinfo=VIETNAM_TZ)
    shown = _node(
        "return [api.dateline(input, 'vi'), api.dateline(input, 'en'), api.dateline('soon', 'vi')];",
        "2026-12-08 09:01",
    )
    assert shown == [format_dateline(moment), english_dateline(moment), "soon"]


def test_each_province_spelling_is_offered_once(config):
    """'Thừa Thiên - Huế' was offered twice: as Huế's alias and as the
    former province the check names it."""
    for collection in config["collections"]:
        fields = {f["name"]: f for f in collection["fields"]}
        values = [o["value"] for o in fields["Provinces"]["options"]]
        assert len(values) == len(set(values)), collection["name"]
        label = {o["value"]: o["label"] for o in fields["Provinces"]["options"]}
        assert "nay là" in label["Thừa Thiên - Huế"], collection["name"]


@needs_node
def test_a_pasted_decomposed_body_is_saved_in_nfc(config):
    import unicodedata

    text = _node(
        "return api.serialize(input.data, input.model);",
        {
            "data": {"Title": "T", "body": unicodedata.normalize("NFD", "Hữu nghị Việt – Lào.")},
            "model": config["portal"],
        },
    )
    assert text.endswith("\n\nHữu nghị Việt – Lào.\n") and unicodedata.is_normalized("NFC", text)


@needs_node
def test_the_year_folder_is_the_year_of_the_date_as_written(config):
    # 1 January 00:30 in Vietnam is still 31 December in UTC: the folder
    # follows what the editor wrote, as make new does.
    prepared = _node(
        "return api.prepared(input.data, input.model);",
        {
            "data": {"Title": "Chúc mừng năm mới", "Date": "2026-01-01 00:30"},
            "model": config["portal"],
        },
    )
    assert prepared[FOLDER_FIELD] == "2026"
    assert prepared["Slug"] == "chuc-mung-nam-moi"
    kept = _node(
        "return api.prepared(input.data, input.model).Slug;",
        {"data": {"Title": "Tiêu đề mới", "Slug": "tieu-de-cu"}, "model": config["portal"]},
    )
    assert kept == "tieu-de-cu"


@needs_node
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_preview_credits_a_photo_as_the_edition_s_theme_does(config, lang):
    # Oracle: the theme's own macro (partials/figure.html), rendered with the
    # edition's catalog, its markup stripped.
    import re

    from jinja2 import Environment, FileSystemLoader

    from plugins.i18n.catalog import load

    env = Environment(
        loader=FileSystemLoader(ROOT / "theme" / "templates"), extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_translations(load(lang), newstyle=True)
    credited = env.get_template("partials/figure.html").module.credited
    cases = [
        ("Đoàn đại biểu thăm trường.", "Minh Anh"),
        ("Lễ ký kết", "TTXVN"),
        ("Còn tiếp...", "Hà Phương"),
        ("", "Lan Hương"),
        ("Chỉ có chú thích.", ""),
    ]
    shown = _node(
        "return input.cases.map(c => api.creditedCaption(c[0], c[1], input.lang, input.model));",
        {"cases": cases, "lang": lang, "model": config["portal"]},
    )
    expected = [re.sub(r"<[^>]+>", "", str(credited(c, who))) for c, who in cases]
    assert shown == expected
    assert ("Photo: " if lang == "en" else "Ảnh: ") in shown[0]


def test_each_collections_preview_speaks_its_editions_language(config):
    """An English article without a Lang line (or "Lang: EN") was previewed
    with the Vietnamese credit "(Ảnh: …)"; the page says "(Photo: …)"."""
    langs = config["portal"]["collection_langs"]
    assert {c["name"]: langs[c["name"]] for c in config["collections"]} == {
        "articles": "vi",
        "articles-en": "en",
    }
    labels = config["portal"]["credit_labels"]
    assert labels["en"].startswith("Photo") and labels["vi"].startswith("Ảnh")


@needs_node
def test_the_preview_names_a_lead_photos_credit_as_the_page_does(config):
    """The preview printed "(Ảnh: Hồng Nhung) (Ảnh: Hồng Nhung)" where the
    page (content_model.lead_caption, then partials/figure.html) says it once."""
    from plugins.content_model.enrich import lead_caption

    cases = [
        ("Buổi làm việc (Ảnh: Hồng Nhung)", "Hồng Nhung"),
        ("Buổi làm việc (Ảnh: Hồng Nhung).", ""),
        ("Buổi làm việc. Ảnh: Hồng Nhung", ""),
        ("Buổi làm việc (Ảnh: hồng nhung)", "Hồng Nhung"),
        ("Buổi làm việc (Ảnh: Hồng Nhung)", "Quỳnh Hoa"),
        ("Triển lãm ảnh: Hà Nội xưa", ""),
        ("Buổi làm việc.", "Hồng Nhung"),
        # The word the page adds, typed in the credit: dropped, as the build does.
        ("Buổi làm việc", "Ảnh: Quỳnh Hoa"),
        ("", "Photo by Đức Thịnh"),
        ("Buổi làm việc (Ảnh: Quỳnh Hoa)", "ẢNH : Quỳnh Hoa"),
        ("Buổi làm việc", "Photo Lab Hà Nội"),  # no colon: the name's own word
    ]

    def page(caption: str, credit: str) -> str:  # the build: split, then the theme's macro
        caption, credit = lead_caption(caption, credit)
        if not credit:
            return caption
        if caption.endswith(".") and not caption.endswith(".."):
            caption = caption[:-1]
        return f"{caption} (Ảnh: {credit})" if caption else f"Ảnh: {credit}"

    shown = _node(
        "return input.cases.map(c => api.creditedCaption(c[0], c[1], 'vi', input.model));",
        {"cases": cases, "model": config["portal"]},
    )
    assert shown == [page(*case) for case in cases]


@needs_node
def test_the_web_editor_keeps_what_make_fix_wrote(config):
    # Feed_ID is hidden in the form: saving the article must keep it as it was.
    source = sorted((ROOT / "content" / "articles").rglob("*.md"))[0].read_text(encoding="utf-8")
    head, body = source.split("\n\n", 1)
    fixed = f"{head}\nRedirect_From: /bai-viet/cu/\nFeed_ID: /bai-viet/cu/\n\n{body}"
    again = _node(
        "return api.serialize(api.parse(input.text, input.model), input.model);",
        {"text": fixed, "model": config["portal"]},
    )
    header = again.split("\n\n", 1)[0].splitlines()
    assert "Feed_ID: /bai-viet/cu/" in header and "Redirect_From: /bai-viet/cu/" in header
