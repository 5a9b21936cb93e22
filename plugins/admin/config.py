"""The web editor's configuration, made from the content model and ``data/``.

:func:`editor_config` turns :data:`plugins.content_model.model.FIELDS` and
the reference data into a Decap CMS configuration, so the form cannot drift
from what ``make check`` accepts: one widget per field, in the model's
order, required where the check requires, the choices of ``data/*.toml``;
one collection per edition (``content/articles``, ``content/en/articles``).
Pure: no Pelican, no I/O (tests/test_admin.py checks it both ways).

What Decap cannot express is done by our script (``static/portal-cms.js``),
which reads the ``portal`` key of the same configuration:

* the file format: our ``Key: value`` header, written in the model's order
  exactly as ``make new`` writes it (``portal.order``, ``portal.lists``);
* ``Slug`` made from the title at the first save (``đ`` → ``d``) and kept
  afterwards, so an edit never moves an article;
* the checks that depend on another field (``portal.rules``): a video needs
  ``Video_URL``, a photo or an infographic needs ``Image``, an image needs
  its ``Image_Alt``, and so does every image of the body.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from plugins.content_check.files import IMAGE_EXTENSIONS
from plugins.content_model.model import (
    FEATURED,
    FIELDS,
    FORMATS,
    STATUSES,
    SUMMARY_MAX,
    TITLE_MAX,
    FieldSpec,
    Kind,
)
from plugins.i18n.catalog import load
from plugins.reference.data import ReferenceData, list_name
from plugins.vietnamese import sort_key

COLLECTION = "articles"
CONTENT_FOLDER = "content/articles"
# The English edition's articles (plugins/editions): the same form, with
# Lang fixed to "en" and the translated Vietnamese article chosen by slug.
EN_COLLECTION = "articles-en"
EN_CONTENT_FOLDER = "content/en/articles"
DATE_FORMAT = "YYYY-MM-DD HH:mm"  # dayjs: what parse_datetime reads
YEAR = "{{fields.Date | date('YYYY')}}"  # the article's year, as written (GMT+7)
# Decap lower-cases a collection's ``path`` and turns its periods into dashes
# before filling it, so ``fields.Date`` cannot appear there, and ``{{year}}``
# is the year in UTC (1 January before 07:00 would go to the previous year).
# The script copies the year of ``Date`` (as written, GMT+7) into this
# hidden field before a save; the file never holds it.
FOLDER_FIELD = "folder"

# The short Vietnamese label of each field (the hint is the model's help_vi).
LABELS = {
    "Title": "Tiêu đề",
    "Slug": "Đường dẫn (slug)",
    "Date": "Ngày giờ đăng",
    "Modified": "Ngày giờ cập nhật",
    "Category": "Chuyên mục",
    "Subsection": "Chuyên mục con",
    "Tags": "Từ khóa",
    "Provinces": "Tỉnh, thành phố",
    "Localities": "Xã, phường, đặc khu",
    "Countries": "Quốc gia đối tác",
    "Organizations": "Tổ chức",
    "Authors": "Tác giả",
    "Source": "Nguồn",
    "Source_URL": "Địa chỉ bài gốc",
    "Summary": "Sapo",
    "Image": "Ảnh đại diện",
    "Image_Alt": "Mô tả ảnh",
    "Image_Caption": "Chú thích ảnh",
    "Image_Credit": "Người chụp",
    "Featured": "Vị trí trên trang chủ",
    "Format": "Loại bài",
    "Video_URL": "Địa chỉ video",
    "Series": "Loạt bài",
    "Series_Part": "Phần số",
    "Related": "Bài liên quan (biên tập viên chọn)",
    "Legacy_URL": "Địa chỉ trên trang web cũ",
    "Redirect_From": "Địa chỉ cũ trên cổng",
    "Feed_ID": "Mã bài trong RSS",
    "Views": "Lượt xem cũ",
    "Imported": "Dấu của lệnh nhập bài cũ",
    "Status": "Trạng thái",
    "Lang": "Ngôn ngữ",
    "Translation_Key": "Khóa bản dịch",
}

# Filled by the script at save time when left empty, so not required in the
# form although the check requires them: the slug (from the title).
FILLED_ON_SAVE = ("Slug",)
# Kept as they are, not shown: numbers carried over from the old site, the
# feed id make fix writes, and the language (each collection is one edition:
# "en" in the English one).
HIDDEN = ("Views", "Legacy_URL", "Lang", "Imported", "Feed_ID")
# Left out of a new file when empty (``make new`` leaves them out too).
OMITTED_WHEN_EMPTY = ("Modified", "Lang", "Translation_Key", "Imported", "Feed_ID")
# Choices shown to editors for the model's choice fields.
CHOICE_LABELS = {
    "Featured": {"lead": "Tin chính (lead)", "top": "Tin nổi bật (top)", "no": "Không (no)"},
    "Format": {
        "article": "Bài viết",
        "video": "Video",
        "infographic": "Infographic",
        "photo": "Phóng sự ảnh",
    },
    "Status": {"published": "Đăng (published)", "draft": "Bản nháp (draft)"},
}
DEFAULTS = {"Format": "article", "Status": "published", "Date": "{{now}}"}

# The form's hints where the model's (written for the check's messages)
# speak of files and codes a correspondent does not see.
HINTS = {
    "Category": "chuyên mục của bài; chuyên mục con (nếu có) phải thuộc chuyên mục này",
    "Related": "chọn bài theo tiêu đề; các bài này đứng đầu mục Tin bài liên quan",
    "Status": "Đăng: bài lên trang khi được duyệt; Bản nháp: chưa đăng",
    "Image": "ảnh JPEG, PNG hoặc WebP",
}

TRANSLATION_HINT = (
    "Bài tiếng Việt mà bài này dịch (để trống nếu bài chỉ có bằng tiếng Anh). "
    "Ô này ghi slug của bài tiếng Việt; bài tiếng Việt không cần sửa"
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://\S+$"


def _options(pairs: Iterable[tuple[str, str] | tuple[str, str, bool]]) -> list[dict[str, str]]:
    """``{label, value}`` options in Vietnamese order of their labels, the
    other spellings (:func:`_spellings`) after the names: typing "Đức"
    picks "Đức" before "CHLB Đức (Đức)"."""
    triples = {(p[0], p[1], p[2] if len(p) > 2 else False) for p in pairs}
    return [
        {"label": label, "value": value}
        for label, value, _ in sorted(triples, key=lambda p: (p[2], sort_key(p[0]), p[1]))
    ]


def _spellings(
    label: str, value: str, others: Iterable[str], shown: str = ""
) -> list[tuple[str, str, bool]]:
    """``(label, value)`` of an entry, then one option per other spelling the
    check accepts ("VUFO", an English name in the English collection): a
    select keeps only the values it offers, so a file written with another
    spelling would lose it on the first save. ``shown``: how an alias's
    label names the entry (its value by default)."""
    pairs = [(label, value, False)]
    # A name with a comma cannot be an item of a list (it would split in two).
    for other in dict.fromkeys(o for o in others if o and o != value and "," not in o):
        pairs.append((f"{other} ({shown or value})", other, True))
    return pairs


def choices(reference: ReferenceData) -> dict[str, list[dict[str, str]]]:
    """The options of every select of the form, by field key (``reference``:
    the edition's data, ``reference.localized("en")`` for English)."""
    current = {p.name for p in reference.provinces}
    former = [
        pair
        for f in reference.former_provinces
        if f.name not in current
        for pair in _spellings(
            f"{f.name} (nay là {f.current})", f.name, f.aliases, f"nay là {f.current}"
        )
    ]
    # A spelling that is both a current province's alias and a former
    # province's ("Thừa Thiên - Huế") is offered once, as the former
    # province the check names it (a warning for an event after 1/7/2025).
    formerly = {value for _, value, _ in former}
    provinces = [
        pair
        for p in reference.provinces
        for pair in _spellings(p.name, p.name, p.aliases)
        if not (pair[2] and pair[1] in formerly)
    ] + former
    subsections = [
        pair
        for s in reference.sections
        for sub in s.subsections
        for pair in _spellings(
            f"{s.name} › {sub.name}", sub.name, sub.names, f"{s.name} › {sub.name}"
        )
    ]
    organizations = []
    for org in reference.organizations:
        value = list_name(org)
        label = f"{org.short} — {org.name}" if org.short and org.short != org.name else org.name
        label = label if value in label else f"{label} ({value})"
        organizations += _spellings(label, value, (org.name, org.short, *org.aliases), org.name)
    countries = [
        pair
        for c in reference.countries
        for pair in _spellings(list_name(c), list_name(c), (c.name, *c.aliases))
    ]
    sections = [pair for s in reference.sections for pair in _spellings(s.name, s.name, s.aliases)]
    return {
        # the sections in the data's order, then their other names
        "Category": [
            {"label": label, "value": value}
            for label, value, _ in sorted(sections, key=lambda p: p[2])
        ],
        "Subsection": _options(subsections),
        "Provinces": _options(provinces),
        "Countries": _options(countries),
        "Organizations": _options(organizations),
        **{
            key: [{"label": CHOICE_LABELS[key][v], "value": v} for v in values]
            for key, values in (("Featured", FEATURED), ("Format", FORMATS), ("Status", STATUSES))
        },
    }


def subsection_spellings(*references: ReferenceData) -> dict[str, list[str]]:
    """Each spelling of each section → the spellings of its subsections, in
    any of ``references`` (the editions' data)."""
    found: dict[str, dict[str, None]] = {}
    for reference in references:
        for section in reference.sections:
            allowed = [name for sub in section.subsections for name in (sub.name, *sub.names)]
            for name in (section.name, *section.aliases):
                found.setdefault(name, {}).update(dict.fromkeys(allowed))
    return {name: list(allowed) for name, allowed in found.items()}


def _length_pattern(limit: int) -> list[str]:
    return [f"^[\\s\\S]{{0,{limit}}}$", f"Tối đa {limit} ký tự"]


def _relation(collection: str, multiple: bool) -> dict[str, Any]:
    """A choice among the articles of ``collection``, by title, saved as slugs."""
    return {
        "widget": "relation",
        "collection": collection,
        "search_fields": ["Title", "Slug"],
        "value_field": "Slug",
        "display_fields": ["Title"],
        "multiple": multiple,
    }


def field_widget(
    spec: FieldSpec, options: Mapping[str, list[dict[str, str]]], edition: str = "vi"
) -> dict[str, Any]:
    """The Decap field of one model field, in the collection of ``edition``
    ("vi" or "en")."""
    key = spec.key
    field: dict[str, Any] = {
        "name": key,
        "label": LABELS[key],
        "hint": HINTS.get(key, spec.help_vi),
        "required": spec.required and key not in FILLED_ON_SAVE,
    }
    if key in HIDDEN:
        field["widget"] = "hidden"
        if key == "Lang" and edition == "en":
            field["default"] = "en"
    elif key == "Translation_Key" and edition == "en":
        # The key of a translation is the Vietnamese article's slug, written
        # in both files (docs/huong-dan-bien-tap.md §14).
        field.update(_relation(COLLECTION, multiple=False), hint=TRANSLATION_HINT)
    elif key in options:
        field.update(widget="select", options=options[key])
        if spec.kind is Kind.LIST:
            field["multiple"] = True
    elif key == "Related":
        field.update(_relation(EN_COLLECTION if edition == "en" else COLLECTION, multiple=True))
    elif spec.kind is Kind.DATETIME:
        # (Decap shows the browser's own date input, in the browser's
        # language: a date_format would be ignored with a storage format.)
        field.update(
            widget="datetime",
            format=DATE_FORMAT,
            hint=f"{spec.help_vi}; giờ Việt Nam (GMT+7); ngày hiện theo ngôn ngữ của trình duyệt",
        )
    elif spec.kind is Kind.LIST:
        hint = (
            spec.help_vi
            if "dấu phẩy" in spec.help_vi
            else f"{spec.help_vi} (cách nhau bằng dấu phẩy)"
        )
        field.update(widget="list", hint=hint)
    elif spec.kind is Kind.INT:
        field.update(widget="number", value_type="int", min=1)
    elif spec.kind is Kind.PATH:
        field.update(widget="image", choose_url=False)
    elif key == "Summary":
        field["widget"] = "text"
    else:
        field["widget"] = "string"
    if field["widget"] == "relation":
        pass  # its values are existing slugs
    elif spec.kind is Kind.SLUG:
        field["pattern"] = [SLUG_PATTERN, "Chữ thường không dấu, số, nối bằng '-'"]
    elif spec.kind is Kind.URL:
        field["pattern"] = [URL_PATTERN, "Địa chỉ bắt đầu bằng http:// hoặc https://"]
    elif spec.max_length:
        field["pattern"] = _length_pattern(spec.max_length)
    if key in DEFAULTS:
        field["default"] = DEFAULTS[key]
    return field


def editor_config(
    reference: ReferenceData,
    *,
    repo: str,
    branch: str = "main",
    auth_url: str = "",
    site_url: str = "",
    local_backend_url: str = "http://127.0.0.1:8081/api/v1",
    preview_styles: Iterable[str] = (),
    article_paths: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The Decap CMS configuration (``admin/config.json``).

    ``repo``: ``owner/name`` on GitHub; ``auth_url``: the OAuth provider's
    address (``base_url``, see docs/deploy.md); ``local_backend_url``: where
    ``make cms`` runs decap-server (used only on 127.0.0.1 / localhost);
    ``preview_styles``: the portal's stylesheets, for the preview pane;
    ``article_paths``: by edition ("vi", "en"), an article's address with
    ``{{fields.Slug}}`` for its slug (the URL scheme's), where the editor's link to
    the published article leads (Decap's ``preview_path``).
    """
    paths = dict(article_paths or {})
    options = choices(reference)
    english = choices(reference.localized("en"))  # English names, and the Vietnamese ones
    backend: dict[str, Any] = {
        "name": "github",
        "repo": repo,
        "branch": branch,
        "commit_messages": {
            "create": "Bài mới: {{slug}} (qua /admin/, {{author-login}})",
            "update": "Sửa bài: {{slug}} (qua /admin/, {{author-login}})",
            "delete": "Xóa bài: {{slug}} (qua /admin/, {{author-login}})",
            "uploadMedia": "Ảnh: {{path}} (qua /admin/)",
            "deleteMedia": "Xóa ảnh: {{path}} (qua /admin/)",
        },
    }
    if auth_url:
        backend["base_url"] = auth_url
    return {
        "backend": backend,
        "local_backend": {"url": local_backend_url},
        "publish_mode": "editorial_workflow",
        "locale": "vi",
        "site_url": site_url or "/",
        "display_url": site_url or "/",
        "media_folder": "content/images",
        "public_folder": "images",
        "load_config_file": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            _collection(
                COLLECTION,
                CONTENT_FOLDER,
                [field_widget(spec, options) for spec in FIELDS],
                label="Bài viết",
                singular="bài viết",
                preview_path=paths.get("vi", ""),
                description="Tin bài của cổng. Lưu là tạo một tệp Markdown trong "
                f"{CONTENT_FOLDER}/<năm>/ và một commit.",
            ),
            _collection(
                EN_COLLECTION,
                EN_CONTENT_FOLDER,
                [field_widget(spec, english, "en") for spec in FIELDS],
                label="Bài tiếng Anh (/en/)",
                singular="bài tiếng Anh",
                preview_path=paths.get("en", ""),
                description="Bài của ấn bản tiếng Anh (Lang: en). Lưu là tạo một tệp "
                f"Markdown trong {EN_CONTENT_FOLDER}/<năm>/ và một commit. Bản dịch "
                "của một bài tiếng Việt: chọn bài đó ở ô Khóa bản dịch.",
            ),
        ],
        "portal": {
            "order": [spec.key for spec in FIELDS],
            "lists": [spec.key for spec in FIELDS if spec.kind is Kind.LIST],
            "integers": [spec.key for spec in FIELDS if spec.kind is Kind.INT],
            "omitted_when_empty": list(OMITTED_WHEN_EMPTY),
            "filled_on_save": list(FILLED_ON_SAVE),
            "folder_field": FOLDER_FIELD,
            "rules": {
                "video_needs": "Video_URL",
                "picture_formats": ["infographic", "photo"],
                "title_max": TITLE_MAX,
                "summary_max": SUMMARY_MAX,
                # Every spelling of a section (either edition's) → the
                # spellings of its subsections: a subsection of another
                # section is refused, as the check refuses it.
                "subsections": subsection_spellings(reference, reference.localized("en")),
                "image_extensions": sorted(IMAGE_EXTENSIONS),
            },
            "preview_styles": list(preview_styles),
            # The preview's photo credit, as each edition's theme writes it
            # (theme/templates/partials/figure.html), by the entry's Lang.
            "credit_labels": {
                lang: load(lang).gettext("Photo: %(credit)s") for lang in ("vi", "en")
            },
            # Each collection's edition: its preview's language and credit label.
            "collection_langs": {COLLECTION: "vi", EN_COLLECTION: "en"},
        },
    }


def _collection(
    name: str,
    folder: str,
    fields: list[dict[str, Any]],
    *,
    label: str,
    singular: str,
    description: str,
    preview_path: str = "",
) -> dict[str, Any]:
    """One edition's articles: a folder of ``<year>/<slug>.md`` files."""
    preview = {"preview_path": preview_path} if preview_path else {}
    return {
        **preview,
        "name": name,
        "label": label,
        "label_singular": singular,
        "description": description,
        "folder": folder,
        "path": f"{{{{{FOLDER_FIELD}}}}}/{{{{slug}}}}",
        "slug": "{{fields.Slug}}",
        "identifier_field": "Title",
        "summary": "{{Title}} ({{Date}})",
        "extension": "md",
        "format": "portal-md",
        "create": True,
        "delete": False,
        "media_folder": f"/content/images/{YEAR}",
        "public_folder": f"images/{YEAR}",
        "sortable_fields": ["Date", "Title"],
        "view_filters": [
            {"label": "Bản nháp", "field": "Status", "pattern": "draft"},
            {"label": "Video", "field": "Format", "pattern": "video"},
        ],
        "fields": [
            *fields,
            {"name": FOLDER_FIELD, "widget": "hidden", "required": False},
            {
                "name": "body",
                "label": "Nội dung",
                "widget": "markdown",
                "hint": "Ảnh trong bài: bấm + → Image, điền mô tả ảnh vào Alt Text (bắt buộc), "
                "chú thích vào Title",
            },
        ],
    }
