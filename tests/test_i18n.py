"""Interface texts through gettext (plugins/i18n, theme/translations).

The messages are extracted here with Babel's API and babel.cfg, as
``make messages`` does, independently of the catalogs: every message must
be translated in every catalog (vi, en), no catalog may keep a message the
code no longer uses, placeholders must agree, no Vietnamese interface text
may be left in the templates, and the plugin must give each language its
own texts.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import nodes

from plugins.i18n import catalog as i18n
from tests.conftest import ROOT

LANGUAGES = ("vi", "en")
TEMPLATES = ROOT / "theme" / "templates"
TRANSLATIONS = ROOT / "theme" / "translations"
GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# A "%" that is neither a %(name)s placeholder nor "%%" breaks newstyle
# gettext, which always %-formats ("100%" raises at render time).
STRAY_PERCENT = re.compile(r"%(?!\(\w+\)s|%)")
# Vietnamese after NFD: đ/Đ, the breve (ă), circumflex (â ê ô), horn (ơ ư)
# and the five tone marks.
VIETNAMESE = re.compile("[\u0111\u0110\u0306\u0302\u031b\u0300\u0301\u0303\u0309\u0323]")
# card.html recognises the format words editors write at the start of a
# title ("Phóng sự ảnh – …"): vocabulary of the content, not interface text.
CONTENT_WORDS = {
    "partials/card.html": {"đồ họa", "đồ hoạ", "phóng sự ảnh", "chùm ảnh", "album ảnh", "ảnh"},
}


def vietnamese(text: str) -> bool:
    return bool(VIETNAMESE.search(unicodedata.normalize("NFD", text)))


def key(message_id) -> tuple[str, ...]:
    """A message id as a tuple: (msgid,) or (msgid, msgid_plural)."""
    return tuple(message_id) if isinstance(message_id, (tuple, list)) else (message_id,)


# --- extraction and catalogs -----------------------------------------------------


@pytest.fixture(scope="module")
def mapping():
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        return parse_mapping_cfg(config)


@pytest.fixture(scope="module")
def extracted(mapping) -> dict[tuple[str, ...], list[str]]:
    """Every message of the code (templates and plugins), as pybabel extract
    finds them with babel.cfg: id → where."""
    method_map, options_map = mapping

    def only_code(path: str) -> bool:
        parts = Path(os.path.relpath(path, ROOT)).parts
        return parts[0] in ("theme", "plugins") and not any(
            part.startswith((".", "_")) for part in parts
        )

    found: dict[tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS, directory_filter=only_code
    ):
        assert context is None, f"{filename}:{lineno}: message contexts are not used"
        found.setdefault(key(message), []).append(f"{filename}:{lineno}")
    return found


def read_catalog(path: Path):
    with open(path, "rb") as source:
        return read_po(source)


@pytest.fixture(scope="module", params=LANGUAGES)
def language_catalog(request):
    path = i18n.catalog_path(request.param, TRANSLATIONS)
    return request.param, read_catalog(path)


def test_extraction_reads_the_templates_as_the_site_does(mapping):
    """babel.cfg names the Jinja options of pelicanconf.py, so a template
    that uses {% memo %} (or any other extension) is read, not skipped."""
    from pelicanconf import JINJA_ENVIRONMENT

    _, options_map = mapping
    options = options_map["theme/templates/**.html"]
    assert [e.strip() for e in options["extensions"].split(",")] == list(
        JINJA_ENVIRONMENT["extensions"]
    )
    for name in ("trim_blocks", "lstrip_blocks"):
        assert (options[name] == "true") is JINJA_ENVIRONMENT[name], name
    assert options["silent"] == "false"  # a template that does not parse fails the extraction
    assert "plugins.i18n.I18nExtension" in JINJA_ENVIRONMENT["extensions"]


def test_the_build_installs_the_catalogs():
    import pelicanconf

    assert "plugins.i18n" in pelicanconf.PLUGINS
    assert pelicanconf.DEFAULT_LANG == "vi"


def test_messages_are_found_in_templates_and_plugins(extracted):
    where = {place.split(":")[0] for places in extracted.values() for place in places}
    assert any(p.startswith("theme/templates/partials/card.html") for p in where)  # {% memo %}
    assert any(p.startswith("plugins/") for p in where)
    assert ("Home",) in extracted
    assert ("%(num)s article", "%(num)s articles") in extracted


def test_every_message_is_translated_in_every_catalog(extracted, language_catalog):
    language, catalog = language_catalog
    problems = []
    for message_id, places in sorted(extracted.items()):
        message = catalog.get(message_id[0])
        if message is None:
            problems.append(f"missing: {message_id[0]!r} ({places[0]})")
            continue
        if key(message.id) != message_id:
            problems.append(f"plural differs: {message_id!r} vs {key(message.id)!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message_id[0]!r}")
        forms = key(message.string)
        if len(message_id) > 1 and len(forms) != catalog.num_plurals:
            problems.append(
                f"{len(forms)} plural forms, not {catalog.num_plurals}: {message_id[0]!r}"
            )
        if not all(form.strip() for form in forms):
            problems.append(f"untranslated: {message_id[0]!r} ({places[0]})")
    assert not problems, (
        f"theme/translations/{language} (run `make messages`, then translate):\n"
        + "\n".join(problems)
    )


def test_no_catalog_keeps_an_unused_message(extracted, language_catalog):
    language, catalog = language_catalog
    unused = [m.id for m in catalog if m.id and key(m.id) not in extracted]
    assert not unused, f"theme/translations/{language}: messages no code uses: {unused}"


def test_the_template_catalog_is_current(extracted):
    template = read_catalog(TRANSLATIONS / "messages.pot")
    assert {key(m.id) for m in template if m.id} == set(extracted), "run `make messages`"


def test_placeholders_agree(language_catalog):
    language, catalog = language_catalog
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = key(message.id)
        expected = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for text in (*ids, *key(message.string)):
            if STRAY_PERCENT.search(text):
                problems.append(f"a lone % (write %%): {text!r}")
        for form in key(message.string):
            names = set(PLACEHOLDER.findall(form))
            # A plural form may leave the number out ("One article"), nothing else.
            allowed_missing = {"num"} if len(ids) > 1 else set()
            if not names <= expected or expected - names - allowed_missing:
                problems.append(f"{ids[0]!r} → {form!r}: {sorted(names)} ≠ {sorted(expected)}")
            form % dict.fromkeys(expected, "x")  # formats without error
    assert not problems, f"theme/translations/{language}:\n" + "\n".join(problems)


def test_the_vietnamese_catalog_holds_vietnamese_and_the_english_one_english():
    vi = read_catalog(TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po")
    en = read_catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
    assert vi.get("Home").string == "Trang chủ"
    assert en.get("Home").string == "Home"
    assert str(vi.locale) == "vi" and str(en.locale) == "en"
    assert vi.num_plurals == 1 and en.num_plurals == 2


# --- no interface text left in the templates ---------------------------------------


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def visible_text(source: str) -> str:
    """What a template writes by itself: comments, statements and expressions
    removed (their place kept as line breaks, for line numbers)."""

    def blank(match: re.Match) -> str:
        return "\n" * match.group().count("\n")

    source = re.sub(r"\{#.*?#\}", blank, source, flags=re.DOTALL)
    return re.sub(r"\{%.*?%\}|\{\{.*?\}\}", blank, source, flags=re.DOTALL)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_literal_vietnamese_interface_text_in_templates(path):
    """Text nodes and attribute values: everything a template writes as is."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(visible_text(path.read_text(encoding="utf-8")).split("\n"), 1)
        if vietnamese(line)
    ]
    assert not found, 'write it as {{ _("English") }} and translate it:\n' + "\n".join(found)


def test_the_oracle_sees_text_nodes_and_attributes():
    source = '{# Tin #}<p title="Trang chủ">{{ _("Home") }}</p>{% set x = "ổn" %}<b>Tin mới</b>'
    assert visible_text(source).count("Trang chủ") == 1
    assert "Tin mới" in visible_text(source)
    assert not vietnamese(visible_text('{{ _("Home") }}{% set x = "ổn" %}{# Tin #}'))


def string_constants(node: nodes.Node, in_gettext: bool = False):
    """The string constants of a template's code, and whether each is a
    gettext call's argument (a message or a placeholder's value)."""
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        in_gettext = in_gettext or node.node.name in GETTEXT_CALLS
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        yield node.value, in_gettext
    for child in node.iter_child_nodes():
        yield from string_constants(child, in_gettext)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_vietnamese_text_in_the_templates_code(path):
    """Strings in {% set %} / {{ }} that end up on the page ("Tác giả",
    breadcrumb labels) must be messages too."""
    from pelicanconf import JINJA_ENVIRONMENT

    environment = jinja2.Environment(**JINJA_ENVIRONMENT)
    tree = environment.parse(path.read_text(encoding="utf-8"))
    allowed = CONTENT_WORDS.get(path.relative_to(TEMPLATES).as_posix(), set())
    found = [
        value
        for value, in_gettext in string_constants(tree)
        if not in_gettext and vietnamese(value) and value not in allowed
    ]
    assert not found, f"{path.relative_to(ROOT)}: {found}"


# --- the plugin --------------------------------------------------------------------


def environment(language: str, templates: dict[str, str] | None = None, **options):
    """A Jinja environment as Pelican's generators make it, with the plugin's
    handler run on it (generator_init)."""
    from pelicanconf import JINJA_ENVIRONMENT
    from plugins.i18n import install_translations

    loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader(templates or {}), jinja2.FileSystemLoader(TEMPLATES)]
    )
    env = jinja2.Environment(loader=loader, **JINJA_ENVIRONMENT, **options)
    env.globals.update(SITEURL="", DEFAULT_LANG=language)
    install_translations(
        SimpleNamespace(env=env, settings={"DEFAULT_LANG": language, "EDITION": language})
    )
    return env


SMALL = (
    '{{ _("Home") }}|{{ ngettext("%(num)s article", "%(num)s articles", 1) }}'
    '|{{ ngettext("%(num)s article", "%(num)s articles", n) }}'
    '|{{ _("Follow %(name)s via RSS", name=name) }}'
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Home|1 article|3 articles|Follow Hà Nội via RSS"),
        ("vi", "Trang chủ|1 bài|3 bài|Theo dõi Hà Nội qua RSS"),
    ],
)
def test_a_template_speaks_the_language_of_the_build(language, expected):
    env = environment(language, {"small.html": SMALL})
    assert env.get_template("small.html").render(n=3, name="Hà Nội") == expected


def test_the_theme_partials_speak_the_language_of_the_build():
    english = environment("en").get_template("partials/breadcrumbs.html").module
    vietnamese_ = environment("vi").get_template("partials/breadcrumbs.html").module
    assert '<a href="/">Home</a>' in str(english.breadcrumbs([], "X"))
    assert 'aria-label="Breadcrumb"' in str(english.breadcrumbs([], "X"))
    assert '<a href="/">Trang chủ</a>' in str(vietnamese_.breadcrumbs([], "X"))
    assert 'aria-label="Vị trí trang"' in str(vietnamese_.breadcrumbs([], "X"))


def test_scripts_get_their_texts_only_on_pages_in_another_language():
    """theme/static/js speaks SCRIPT_LANG; the pages in that language carry no
    data- texts (their bytes are unchanged), the others carry their own."""
    article = SimpleNamespace(url="bai-viet/a/", title="A")
    share = {
        language: str(
            environment(language).get_template("partials/share.html").module.share(article)
        )
        for language in LANGUAGES
    }
    assert i18n.SCRIPT_LANG == "vi"
    assert "data-copied" not in share["vi"] and ">Sao chép liên kết</button>" in share["vi"]
    assert 'data-copied="Copied">Copy link</button>' in share["en"]


def test_placeholder_values_are_printed_as_the_page_prints_them():
    """plugins.sanitize escapes plain text (a title) in {{ }} through Jinja's
    finalize; a title passed to _() must be escaped the same way."""
    from pelican.urlwrappers import URLWrapper

    from plugins.sanitize import PlainText
    from plugins.sanitize.text import make_finalize

    env = environment(
        "en",
        {"t.html": '{{ title }}|{{ _("Moved to %(title)s", title=title) }}'},
        finalize=make_finalize((URLWrapper,)),
    )
    title = PlainText("Việt <b> & Lào")
    escaped = "Việt &lt;b&gt; &amp; Lào"
    assert env.get_template("t.html").render(title=title) == f"{escaped}|Moved to {escaped}"


def test_an_unknown_language_names_the_catalog_it_needs(tmp_path):
    with pytest.raises(i18n.CatalogNotFound) as error:
        i18n.translator({"EDITION": "fr"})
    assert str(TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po") in str(error.value)
    assert str(error.value).startswith("DEFAULT_LANG")  # make check files it under the setting
    with pytest.raises(i18n.CatalogNotFound, match=str(tmp_path / "xx" / "LC_MESSAGES")):
        i18n.load("xx", tmp_path)
    from plugins.i18n import validate_settings

    with pytest.raises(ValueError, match="DEFAULT_LANG"):
        validate_settings({"DEFAULT_LANG": "fr"})
    with pytest.raises(ValueError, match="fr"):
        validate_settings({"DEFAULT_LANG": "vi", "EDITIONS": {"fr": {}}})
    validate_settings({"DEFAULT_LANG": "en", "THEME": str(tmp_path)})  # any theme folder


def test_catalogs_are_compiled_in_memory_and_reread_when_edited(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder)
    first = i18n.load("en", folder)
    assert i18n.load("en", folder) is first  # cached while unchanged
    assert not list(folder.rglob("*.mo"))  # nothing written
    path = i18n.catalog_path("en", folder)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "Home"', 'msgstr "Start"'), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert i18n.load("en", folder).gettext("Home") == "Start"
    assert not list(TRANSLATIONS.rglob("*.mo")), "no .mo files in git: the build compiles the .po"


def test_fuzzy_translations_are_not_used(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder)
    path = i18n.catalog_path("vi", folder)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "Home"', '#, fuzzy\nmsgid "Home"', 1), encoding="utf-8")
    assert i18n.load("vi", folder).gettext("Home") == "Home"


def test_settings_without_an_edition_get_the_portal_s():
    assert i18n.translator({}).gettext("Home") == "Trang chủ"
    # Pelican's own default DEFAULT_LANG is "en": bare settings are not the English edition.
    assert i18n.translator({"DEFAULT_LANG": "en"}).gettext("Home") == "Trang chủ"
    assert i18n.translator({"EDITION": "en"}).gettext("Home") == "Home"


def test_texts_made_in_python_follow_the_catalog():
    from plugins.topics.pages import TopicPage, topic_index_groups

    page = TopicPage("country", "Lào", "lao", "quoc-gia/lao/", None, articles=(object(),))
    assert topic_index_groups([page])[0][0] == "Quốc gia đối tác"
    assert topic_index_groups([page], messages=i18n.load("en"))[0][0] == "Partner countries"


def test_pybabel_can_still_compile_the_catalogs(tmp_path):
    """For anyone who wants .mo files: the catalogs compile without errors."""
    from babel.messages.mofile import read_mo, write_mo

    for language in LANGUAGES:
        catalog = read_catalog(i18n.catalog_path(language, TRANSLATIONS))
        errors = [(m.id, e) for m, e in catalog.check() if e]
        assert not errors, (language, errors)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        assert read_mo(buffer).get("Home").string


@pytest.mark.parametrize(
    ("language", "shown", "months"),
    [
        ("vi", "Thứ Sáu, ngày 04/12/2026", None),
        ("en", "Friday, 4 December 2026", "January"),
    ],
)
def test_the_header_date_line_speaks_the_editions_language(language, shown, months):
    """The English edition's filters (pelicanconf.py EDITIONS) write the day
    with its month name, and hand site.js the month names to do the same."""
    from pelicanconf import EDITIONS, JINJA_FILTERS

    env = environment(language)
    env.filters.update(JINJA_FILTERS if language == "vi" else EDITIONS["en"]["JINJA_FILTERS"])
    header = env.get_template("partials/header.html").make_module({"categories": []})
    line = str(header.date_line("2026-12-04T13:33:00+07:00"))
    assert f'<time datetime="2026-12-04">{shown}</time>' in line
    if months is None:
        assert "data-months" not in line
    else:
        assert months in line.split('data-months="', 1)[1].split('"', 1)[0]
