"""Read a page's template context once and describe it as a :class:`PageSeo`.

Works from any page context: article, static page, section (category),
keyword (tag), author, topic (``topic.kind``/``topic.slug``), period archive,
home page, and any other template (falls back to ``output_file``).

Images: an article or static page shares its own social image (plugins.images:
a crop of its lead photo, or its title card) with its size. Every other page
shares the *site card* (``site_social_image`` in the context, made once per
build by plugins.images), not its newest article's image: social networks
keep a URL's preview image for weeks while a list's newest article changes
daily, so a list page would go on showing a stale (or, once the article is
edited, a different) photo as if it stood for the whole list; the card is
always true, one encode per build, and the same for every list.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import mimetypes
import os
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from plugins.fixed_urls.scheme import home_url, save_as_for, url_for
from plugins.i18n.catalog import N_, translator
from plugins.options import plugin_options
from plugins.reference import ReferenceData
from plugins.vietnamese import month_name

from .model import Crumb, Image, PageSeo, Person, Publisher
from .site import (
    absolute_base,
    absolute_url,
    plain_text,
    publication_name,
    theme_asset_file,
    theme_asset_url,
    xml_safe,
)

DEFAULTS: dict = {
    "locale": "vi_VN",
    # The JSON-LD publisher's logo: a file of the theme's static/ folder
    # (Google: at most 600×60 px) or an absolute URL.
    "publisher_logo": "images/publisher-logo.png",
    "twitter_site": "",  # "@account"
}

# Context key of the site card (plugins.images): og:image of pages without their own.
SITE_IMAGE_KEY = "site_social_image"
NOINDEX = "noindex"

# Gettext messages (translated in page_seo), the same as the templates'.
TOPIC_INDEX_LABEL = N_("Topics")


def seo_options(settings: Mapping[str, Any]) -> dict:
    return plugin_options(settings, "SEO", DEFAULTS)


def _link(base: str, path: str) -> str:
    return absolute_url(base, path) if path else ""


def noindex_page_names(settings: Mapping[str, Any]) -> frozenset[str]:
    """``page_name`` of the pages written for visitors, not for search
    engines: the 404 page (``noindex``; no sitemap). The search page is
    indexable without a query (a page like any other, in the sitemap);
    robots.txt keeps crawlers off its result addresses (``?q=…``). Both
    the template's name (``404``, the sitemap's key) and the page's, under
    its edition's home (``en/404``, Pelican's ``page_name``)."""
    return frozenset({"404", f"{home_url(settings)}404"})


def _file_size(path: str) -> tuple[int, int]:
    """Pixel size of an image file from its header, (0, 0) if unreadable
    (read once per version of the file: ``make serve`` sees a new logo)."""
    try:
        return _header_size(path, os.stat(path).st_mtime_ns)
    except OSError:
        return 0, 0


@functools.lru_cache(maxsize=8)
def _header_size(path: str, mtime_ns: int) -> tuple[int, int]:
    from PIL import Image as PillowImage

    try:
        with PillowImage.open(path) as image:
            return image.size
    except (OSError, ValueError):
        return 0, 0


def publisher_logo(settings: Mapping[str, Any], options: Mapping[str, Any]) -> Image | None:
    """The publisher's logo: URL through :func:`theme_asset_url`, size read from the file."""
    logo = str(options["publisher_logo"] or "")
    if not logo:
        return None
    if logo.startswith(("http://", "https://")):
        return Image(logo)
    width, height = _file_size(theme_asset_file(settings, logo))
    mime = mimetypes.guess_type(logo)[0] or ""
    return Image(theme_asset_url(settings, logo), width, height, mime)


def _image(base: str, value: Any) -> Image | None:
    """An image with its size from plugins.images (duck-typed ``SizedImage``)."""
    url = str(getattr(value, "url", "") or "")
    if not url:
        return None
    return Image(
        absolute_url(base, url),
        int(getattr(value, "width", 0) or 0),
        int(getattr(value, "height", 0) or 0),
        str(getattr(value, "mime", "") or ""),
    )


def _image_fields(image: Image | None) -> dict[str, Any]:
    if image is None:
        return {}
    return {
        "image": image.url,
        "image_width": image.width,
        "image_height": image.height,
        "image_type": image.mime,
    }


def _own_image(base: str, content: Any) -> dict[str, Any]:
    """A document's social image: with its size from plugins.images, else
    the bare URL of its social image or (without plugins.images) its ``Image``."""
    sized = _image(base, getattr(content, "social_image_info", None))
    if sized:
        return _image_fields(sized)
    metadata = getattr(content, "metadata", None) or {}
    url = getattr(content, "social_image", None) or metadata.get("image")
    return _image_fields(Image(_link(base, str(url)))) if url else {}


def _document(base: str, content: Any) -> dict[str, Any]:
    """What the head says of an article or a page itself: its title,
    address, sapo and social image (plugins.images' 1200×630 crop or card
    first: originals carry EXIF/GPS) with its description."""
    return {
        "title": xml_safe(str(content.title)),
        "url": absolute_url(base, content.url),
        "description": plain_text(getattr(content, "summary", "")),
        **_own_image(base, content),
        "image_alt": _image_alt(content),
    }


def _image_alt(content: Any) -> str:
    """What the social image of an article or a page shows: its title card
    (plugins.images made one: no lead photo it could use) shows the title;
    a lead photo is described by Image_Alt."""
    metadata = getattr(content, "metadata", None) or {}
    card = getattr(content, "social_image_card", None)
    if card is None:  # without plugins.images: a card where no Image is named
        card = not metadata.get("image")
    return xml_safe(str(content.title if card else metadata.get("image_alt", "") or ""))


def _paginated_url(context: Mapping[str, Any], default_path: str) -> str:
    """The URL of the current page of a paginated list (page 1: the list's)."""
    for name in ("articles_page", "dates_page"):
        page = context.get(name)
        if page and getattr(page, "number", 1) > 1:
            return str(getattr(page, "url", default_path) or default_path)
    return default_path


# Context keys the theme passes to ``seo_tags()`` (theme/templates/base.html):
# the text of the page template's ``description`` block and of its title.
PAGE_DESCRIPTION = "page_description"
PAGE_TITLE = "page_title"
# ... and the markup of its breadcrumbs block (partials/breadcrumbs.html).
PAGE_TRAIL = "page_trail"


class _TrailParser(HTMLParser):
    """The items of a breadcrumbs ``<ol>``: each one's text and link."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[list] = []  # [text, href or None]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.items.append(["", None])
        elif tag == "a" and self.items and self.items[-1][1] is None:
            self.items[-1][1] = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self.items:
            self.items[-1][0] += data


def visible_trail(markup: str) -> tuple[tuple[str, str | None], ...]:
    """(text, link) of each crumb of a rendered breadcrumbs block, in order;
    the current page's has no link.

    >>> visible_trail('<ol><li><a href="/">Home</a></li><li><span>Tin RSS</span></li></ol>')
    (('Home', '/'), ('Tin RSS', None))
    """
    parser = _TrailParser()
    parser.feed(markup)
    parser.close()
    return tuple((" ".join(text.split()), href) for text, href in parser.items)


def _versions(context: Mapping[str, Any], settings: Mapping[str, Any]) -> Mapping[str, str]:
    """``{lang: URL}`` of the page rendered with ``context`` in every edition
    it exists in (plugins/editions' EDITION_ALTERNATES, keyed as
    partials/editions.html keys it: the output file without index.html)."""
    output_file = str(context.get("output_file") or "")
    own = output_file.removesuffix("index.html")
    return (settings.get("EDITION_ALTERNATES") or {}).get(own) or {}


def page_seo(
    context: Mapping[str, Any],
    settings: Mapping[str, Any],
    reference: ReferenceData | None = None,
) -> PageSeo:
    """What search engines and social networks get for the page of ``context``.

    Where this module knows nothing better than the site's subtitle (or
    nothing: a keyword, an author, an archive, a page without a sapo), the
    page template's own description is used (``PAGE_DESCRIPTION``), and on a
    page of no kind known here its title (``PAGE_TITLE``): every page says
    what it is, and no two say it alike."""
    seo = _page_seo(context, settings, reference)
    subtitle = str(settings.get("SITESUBTITLE", ""))
    described = plain_text(str(context.get(PAGE_DESCRIPTION) or ""))
    if described and seo.description in ("", subtitle):
        seo = dataclasses.replace(seo, description=described)
    titled = plain_text(str(context.get(PAGE_TITLE) or ""))
    if titled and seo.kind == "other" and seo.title == seo.site_name:
        seo = dataclasses.replace(seo, title=titled)
    trail = visible_trail(str(context.get(PAGE_TRAIL) or ""))
    if len(trail) > 1 and not seo.breadcrumbs and not seo.robots:
        # A page of no kind known here (an index, search, feeds, statistics):
        # its structured trail is the one its reader sees.
        crumbs = tuple(
            Crumb(name, urljoin(seo.url, href) if href else seo.url) for name, href in trail
        )
        seo = dataclasses.replace(seo, breadcrumbs=crumbs)
    return seo


def _subsection_crumbs(
    article: Any, section: Any, base: str, settings: Mapping[str, Any]
) -> tuple[Crumb, ...]:
    """The article's subsection, as its visible breadcrumbs show it."""
    subsection = getattr(article, "subsection", None)
    if section is None or subsection is None:
        return ()
    url = url_for(settings, "subsection", section=section.slug, slug=subsection.slug)
    return (Crumb(subsection.name, absolute_url(base, url)),)


def _page_seo(
    context: Mapping[str, Any],
    settings: Mapping[str, Any],
    reference: ReferenceData | None = None,
) -> PageSeo:
    options = seo_options(settings)
    _ = translator(settings).gettext  # the visible breadcrumbs' and titles' texts
    base = absolute_base(settings)
    site_name = str(settings.get("SITENAME", ""))
    logo = publisher_logo(settings, options)
    publisher = Publisher(
        name=publication_name(settings),
        url=f"{base}/",
        logo_url=logo.url if logo else "",
        logo_width=logo.width if logo else 0,
        logo_height=logo.height if logo else 0,
    )
    language = str(settings.get("DEFAULT_LANG", "vi"))
    # The edition's own home (en/ for the English edition; plugins/editions).
    home = Crumb(_("Home"), absolute_url(base, save_as_for(settings, "index")))
    common = {
        "site_name": publication_name(settings),
        "site_url": home.url,
        "publisher": publisher,
        "locale": options["locale"],
        "language": language,
        # The editions this very page exists in (as its hreflang links):
        # a page of one edition has no alternate locale.
        "alternate_locales": tuple(
            locale
            for lang, locale in (settings.get("EDITION_LOCALES") or {}).items()
            if lang != language and lang in _versions(context, settings)
        ),
        "twitter_site": options["twitter_site"],
        **_image_fields(_image(base, context.get(SITE_IMAGE_KEY))),
    }

    def section_crumb(name: str, slug: str) -> Crumb:
        return Crumb(name, absolute_url(base, url_for(settings, "section", slug=slug)))

    def section_of(name: str):
        return reference.section(name).found if reference else None

    article = context.get("article")
    if article:
        section = getattr(article, "section", None)
        section_name = section.name if section else article.category.name
        section_slug = section.slug if section else article.category.slug
        own = _document(base, article)
        url = own["url"]
        images = tuple(
            image
            for image in (_image(base, i) for i in getattr(article, "schema_images", ()) or ())
            if image
        )
        authors = tuple(
            Person(a.name, absolute_url(base, a.url)) for a in getattr(article, "authors", ()) or ()
        )
        return PageSeo(
            kind="article",
            **{**common, **own},
            published=article.date,
            modified=getattr(article, "modified", None) or article.date,
            section=section_name,
            tags=tuple(t.name for t in getattr(article, "tags", ()) or ()),
            authors=authors,
            images=images,
            breadcrumbs=(
                home,
                section_crumb(section_name, section_slug),
                *_subsection_crumbs(article, section, base, settings),
                Crumb(own["title"], url),
            ),
        )

    page = context.get("page")
    if page and hasattr(page, "url") and hasattr(page, "title"):
        own = _document(base, page)
        return PageSeo(
            kind="page",
            **{**common, **own},
            breadcrumbs=(home, Crumb(str(page.title), own["url"])),
        )

    topic = context.get("topic")
    if topic and getattr(topic, "kind", None):
        url = absolute_url(base, _paginated_url(context, str(topic.url)))
        if topic.kind == "subsection":
            # As the visible breadcrumbs: a subsection sits under its section.
            section = topic.record[0]
            parent = section_crumb(section.name, section.slug)
        else:
            parent = Crumb(_(TOPIC_INDEX_LABEL), absolute_url(base, url_for(settings, "topics")))
        # A topic without articles ("Chưa có tin bài."): kept for visitors
        # (navigators and old addresses lead there), not for search engines.
        empty = hasattr(topic, "articles") and not topic.articles
        return PageSeo(
            kind="collection",
            title=str(topic.name),
            url=url,
            description=plain_text(getattr(topic, "description", "") or ""),
            robots=NOINDEX if empty else "",
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

    for name, label, index_label, index in (
        ("tag", N_("Keyword"), N_("Keywords"), "keywords"),
        ("author", N_("Author"), N_("Authors"), "authors"),
    ):
        value = context.get(name)
        if value and hasattr(value, "url"):
            # As the visible breadcrumbs: Home › Keywords (the index) › name.
            listing = absolute_url(base, save_as_for(settings, index))
            return PageSeo(
                kind="collection",
                title=f"{_(label)}: {value.name}",
                url=absolute_url(base, _paginated_url(context, value.url)),
                breadcrumbs=(
                    home,
                    Crumb(_(index_label), listing),
                    Crumb(value.name, absolute_url(base, value.url)),
                ),
                **common,
            )

    period = context.get("period")
    output_file = str(context.get("output_file") or "")
    if period:
        parts = list(context.get("period_num") or period)  # (2025,) or (2025, 11)
        # As theme/templates/period_archives.html: "Archives: year 2025".
        year_label = _("Year %(year)s") % {"year": parts[0]}
        year_url = absolute_url(
            base, url_for(settings, "year_archive", date=datetime.date(parts[0], 1, 1))
        )
        crumbs = [home, Crumb(_("Archives"), absolute_url(base, url_for(settings, "archives")))]
        shown, own_url = year_label, year_url
        month = len(parts) > 1 and isinstance(parts[1], int)
        if month:
            # The edition's month names (plugins/editions: English ones in /en/).
            months = (settings.get("JINJA_FILTERS") or {}).get("month_name", month_name)
            shown = months(parts[1], parts[0])
            own_url = absolute_url(
                base,
                url_for(settings, "month_archive", date=datetime.date(parts[0], parts[1], 1)),
            )
            crumbs.append(Crumb(year_label, year_url))
        # As the visible breadcrumbs: Home › Archives › [Year 2025 ›] this period.
        crumbs.append(Crumb(shown, own_url))
        # Mid-sentence (as the template's title), Vietnamese writes "tháng
        # 11/2025" and "năm 2025"; English keeps "November 2025", and a year
        # alone is "2025".
        if (settings.get("EDITION") or "vi") == "vi":
            shown = shown.lower()
        elif not month:
            shown = str(parts[0])
        title = _("Archives: %(period)s") % {"period": shown}
        return PageSeo(
            kind="collection",
            title=title,
            url=absolute_url(base, output_file),
            breadcrumbs=tuple(crumbs),
            **common,
        )

    home = home_url(settings)  # "en/" for the English edition
    if context.get("page_name") == f"{home}index":
        url = _paginated_url(context, home)
        return PageSeo(
            # One WebSite, on the home page: its later pages are lists.
            kind="home" if url == home else "other",
            title=site_name,
            url=absolute_url(base, url),
            description=str(settings.get("SITESUBTITLE", "")),
            **common,
        )

    page_name = str(context.get("page_name") or "")
    hidden = page_name in noindex_page_names(settings)
    return PageSeo(
        kind="other",
        title=site_name,
        # The 404 page is served at every missing address and answers 404
        # at its own: it names no address of its own (canonical, og:url).
        url="" if hidden else absolute_url(base, output_file),
        description=str(settings.get("SITESUBTITLE", "")),
        robots=NOINDEX if hidden else "",
        **common,
    )
