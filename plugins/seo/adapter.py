"""Read a page's template context once and describe it as a :class:`PageSeo`.

Works from any page context: article, static page, section (category),
keyword (tag), author, topic (``topic.kind``/``topic.slug``), period archive,
home page, and any other template (falls back to ``output_file``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.reference import ReferenceData
from plugins.vietnamese import month_name

from .model import HOME_LABEL, Crumb, PageSeo, Person, Publisher
from .site import absolute_base, absolute_url, plain_text, xml_safe

DEFAULTS: dict = {
    "locale": "vi_VN",
    "publisher_logo": "favicon.svg",  # site-relative path or absolute URL
    "default_image": "",  # og:image of pages without an image
    "twitter_site": "",  # "@account"
}

TOPIC_INDEX_LABEL = "Chủ đề"


def seo_options(settings: Mapping[str, Any]) -> dict:
    options = {**DEFAULTS, **(settings.get("SEO") or {})}
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise ValueError(
            f"SEO: khóa không hợp lệ {sorted(unknown)}; các khóa hợp lệ: {sorted(DEFAULTS)}"
        )
    return options


def _link(base: str, path: str) -> str:
    return absolute_url(base, path) if path else ""


def _paginated_url(context: Mapping[str, Any], default_path: str) -> str:
    """The URL of the current page of a paginated list (page 1: the list's)."""
    for name in ("articles_page", "dates_page"):
        page = context.get(name)
        if page and getattr(page, "number", 1) > 1:
            return str(getattr(page, "url", default_path) or default_path)
    return default_path


def page_seo(
    context: Mapping[str, Any],
    settings: Mapping[str, Any],
    reference: ReferenceData | None = None,
) -> PageSeo:
    options = seo_options(settings)
    base = absolute_base(settings)
    site_name = str(settings.get("SITENAME", ""))
    publisher = Publisher(
        name=str(settings.get("PUBLISHER_NAME") or site_name),
        url=f"{base}/",
        logo_url=_link(base, options["publisher_logo"]),
    )
    home = Crumb(HOME_LABEL, f"{base}/")
    common = {
        "site_name": site_name,
        "publisher": publisher,
        "locale": options["locale"],
        "language": str(settings.get("DEFAULT_LANG", "vi")),
        "twitter_site": options["twitter_site"],
        "image": _link(base, options["default_image"]),
    }

    def section_crumb(name: str, slug: str) -> Crumb:
        url_format = str(settings.get("CATEGORY_URL", "chuyen-muc/{slug}/"))
        return Crumb(name, absolute_url(base, url_format.format(slug=slug)))

    def section_of(name: str):
        return reference.section(name).found if reference else None

    article = context.get("article")
    if article:
        section = getattr(article, "section", None)
        section_name = section.name if section else article.category.name
        section_slug = section.slug if section else article.category.slug
        url = absolute_url(base, article.url)
        # plugins.images' 1200×630 social crop first (originals carry EXIF/GPS).
        image = getattr(article, "social_image", None) or article.metadata.get("image")
        if image:
            common["image"] = _link(base, str(image))
        authors = tuple(
            Person(a.name, absolute_url(base, a.url)) for a in getattr(article, "authors", ()) or ()
        )
        return PageSeo(
            kind="article",
            title=xml_safe(str(article.title)),
            url=url,
            description=plain_text(getattr(article, "summary", "")),
            image_alt=xml_safe(str(article.metadata.get("image_alt", "") or "")),
            published=article.date,
            modified=getattr(article, "modified", None) or article.date,
            section=section_name,
            tags=tuple(t.name for t in getattr(article, "tags", ()) or ()),
            authors=authors,
            breadcrumbs=(
                home,
                section_crumb(section_name, section_slug),
                Crumb(xml_safe(str(article.title)), url),
            ),
            **common,
        )

    page = context.get("page")
    if page and hasattr(page, "url") and hasattr(page, "title"):
        url = absolute_url(base, page.url)
        if getattr(page, "social_image", None):
            common["image"] = _link(base, str(page.social_image))
        return PageSeo(
            kind="page",
            title=xml_safe(str(page.title)),
            url=url,
            description=plain_text(getattr(page, "summary", "")),
            breadcrumbs=(home, Crumb(str(page.title), url)),
            **common,
        )

    topic = context.get("topic")
    if topic and getattr(topic, "kind", None):
        url = absolute_url(base, _paginated_url(context, str(topic.url)))
        if topic.kind == "subsection":
            # As the visible breadcrumbs: a subsection sits under its section.
            section = topic.record[0]
            section_url = str(settings.get("CATEGORY_URL", "chuyen-muc/{slug}/"))
            parent = Crumb(section.name, absolute_url(base, section_url.format(slug=section.slug)))
        else:
            topics_index = str(settings.get("TOPICS_INDEX_URL", "chu-de/"))
            parent = Crumb(TOPIC_INDEX_LABEL, absolute_url(base, topics_index))
        return PageSeo(
            kind="collection",
            title=str(topic.name),
            url=url,
            description=plain_text(getattr(topic, "description", "") or ""),
            breadcrumbs=(
                home,
                parent,
                Crumb(str(topic.name), absolute_url(base, str(topic.url))),
            ),
            **common,
        )

    category = context.get("category")
    if category:
        section = section_of(category.name)
        list_url = absolute_url(base, category.url)
        return PageSeo(
            kind="collection",
            title=category.name,
            url=absolute_url(base, _paginated_url(context, category.url)),
            description=section.description if section else "",
            breadcrumbs=(home, Crumb(category.name, list_url)),
            **common,
        )

    for name, label in (("tag", "Từ khóa"), ("author", "Tác giả")):
        value = context.get(name)
        if value and hasattr(value, "url"):
            return PageSeo(
                kind="collection",
                title=f"{label}: {value.name}",
                url=absolute_url(base, _paginated_url(context, value.url)),
                breadcrumbs=(home, Crumb(value.name, absolute_url(base, value.url))),
                **common,
            )

    period = context.get("period")
    output_file = str(context.get("output_file") or "")
    if period:
        parts = list(context.get("period_num") or period)  # (2025,) or (2025, 11)
        title = f"Lưu trữ năm {parts[0]}"
        if len(parts) > 1 and isinstance(parts[1], int):
            title = f"Lưu trữ {month_name(parts[1], parts[0]).lower()}"
        return PageSeo(kind="other", title=title, url=absolute_url(base, output_file), **common)

    if context.get("page_name") == "index":
        return PageSeo(
            kind="home",
            title=site_name,
            url=absolute_url(base, _paginated_url(context, "")),
            description=str(settings.get("SITESUBTITLE", "")),
            **common,
        )

    return PageSeo(
        kind="other",
        title=site_name,
        url=absolute_url(base, output_file),
        description=str(settings.get("SITESUBTITLE", "")),
        **common,
    )
