"""Read Pelican articles and settings once; hand plain values to ``model``.

The only module of the feeds plugin that knows Pelican's objects (by duck
typing: ``article.url``, ``article.date``, ``article.authors`` …).
"""

from __future__ import annotations

import html
import mimetypes
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from plugins.fixed_urls.scheme import home_url, url_for
from plugins.i18n.catalog import Translations, translator
from plugins.options import plugin_options
from plugins.reference import ReferenceData
from plugins.seo.site import absolute_base, plain_text, publication_name
from plugins.vietnamese import VIETNAM_TZ, sort_key

from .model import (
    DEFAULTS,
    FEED_KINDS,
    FeedChannel,
    FeedItem,
    FeedLink,
    ItemImage,
    SiteInfo,
    TopicRef,
    absolute_link,
    absolutize_html,
    channel_links,
    group_articles,
    make_channel,
    subsection_slug,
)

Key = tuple[str, str]


def feed_options(settings: Mapping[str, Any]) -> dict:
    """The ``FEEDS`` setting merged over the defaults, validated."""
    options = plugin_options(settings, "FEEDS", DEFAULTS)
    if not isinstance(options["items"], int) or options["items"] < 1:
        raise ValueError("FEEDS['items'] phải là số nguyên dương")
    folders = options["folders"]
    kinds = {kind.kind for kind in FEED_KINDS if kind.directory}
    if not isinstance(folders, Mapping) or not all(
        key in kinds and isinstance(value, str) and value.strip("/")
        for key, value in folders.items()
    ):
        raise ValueError(
            f"FEEDS['folders'] phải là dict {{loại: thư mục}}, loại là một trong: {', '.join(sorted(kinds))}"
        )
    return options


# How an article names the feeds it belongs to, one function per kind of
# the variants table (site-wide feed aside).
ARTICLE_TOPICS: dict[str, Callable[[Any], Iterable[TopicRef]]] = {
    "section": lambda a: (
        [TopicRef("section", a.section.slug, a.section.name)] if getattr(a, "section", None) else []
    ),
    "subsection": lambda a: (
        [
            TopicRef(
                "subsection", subsection_slug(a.section.slug, a.subsection.slug), a.subsection.name
            )
        ]
        if getattr(a, "section", None) and getattr(a, "subsection", None)
        else []
    ),
    "province": lambda a: [
        TopicRef("province", p.slug, p.name) for p in getattr(a, "provinces", ())
    ],
    "country": lambda a: [TopicRef("country", c.slug, c.name) for c in getattr(a, "countries", ())],
    "organization": lambda a: [
        TopicRef("organization", o.slug, o.label) for o in getattr(a, "organizations", ())
    ],
    "author": lambda a: [
        TopicRef("author", x.slug, x.name) for x in getattr(a, "authors", ()) or ()
    ],
}


def article_topics(article: Any) -> list[TopicRef]:
    """Every non-site topic of an article, in variants-table order."""
    return [
        ref
        for kind in FEED_KINDS
        if kind.kind in ARTICLE_TOPICS
        for ref in ARTICLE_TOPICS[kind.kind](article)
    ]


# The groups of the /feeds/ page listed by name (the others in the portal's order).
BY_NAME = frozenset({"country", "organization", "author"})


@dataclass
class FeedPlan:
    """Which feeds exist and which articles each one carries."""

    site: SiteInfo
    channels: list[FeedChannel]
    members: dict[Key, list[Any]]  # channel key -> newest articles
    newest: datetime
    index: dict[Key, FeedChannel] = field(default_factory=dict)
    # The catalog of the groups' headings and the page's labels (plugins.i18n;
    # the portal's, Vietnamese, when not given).
    messages: Translations | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.index = {channel.key: channel for channel in self.channels}

    @property
    def site_channel(self) -> FeedChannel:
        return self.channels[0]

    def advertised(self, channel: FeedChannel) -> bool:
        """Whether a feed is offered to readers: the site feed always, any
        other only when it has an item. An empty feed (a province without
        articles yet: its page exists, "Chưa có tin bài.") is still
        written, so its address works as soon as it has one, but no page,
        OPML or autodiscovery link offers it."""
        return channel.key == self.site_channel.key or bool(self.members.get(channel.key))

    def _(self, message: str) -> str:
        return (self.messages or translator()).gettext(message)

    def groups(self) -> list[tuple[str, list[FeedChannel]]]:
        """Advertised channels grouped by kind, in table order (for /feeds/ and
        OPML); partner countries, organizations and authors in Vietnamese
        order of their names, as /chu-de/ lists them (sections and provinces
        keep the portal's order)."""
        result = []
        for kind in FEED_KINDS:
            channels = [
                c for c in self.channels if c.topic.kind == kind.kind and self.advertised(c)
            ]
            if kind.kind in BY_NAME:
                channels.sort(key=lambda channel: sort_key(channel.topic.name))
            if channels:
                result.append((self._(kind.heading), channels))
        return result

    def page_label(self, channel: FeedChannel) -> str:
        """A feed's name on the /feeds/ page, under its group's heading.

        The feed's own title starts with the site's name ("Đối ngoại Nhân
        dân – Hà Nội"), which a feed reader needs; on the page it would repeat
        on every row, so it is left off ("Hà Nội"), and the site feed is
        "Tất cả tin bài".
        """
        if channel.key == self.site_channel.key:
            return self._("All articles")
        if channel.topic.kind == "author":  # under "Tác giả": "Bảo Ngọc", not "Tác giả Bảo Ngọc"
            return channel.topic.name
        return channel.title.removeprefix(f"{self.site.name} – ") or channel.title

    def links_for(self, keys: Iterable[Key]) -> list[FeedLink]:
        """Autodiscovery links: the site feed, then each advertised feed named."""
        links = channel_links(self.site_channel)
        seen = {self.site_channel.key}
        for key in keys:
            channel = self.index.get(key)
            if channel is not None and key not in seen and self.advertised(channel):
                seen.add(key)
                links += channel_links(channel)
        return links


def plan_feeds(
    articles: Sequence[Any], reference: ReferenceData, settings: Mapping[str, Any]
) -> FeedPlan:
    """The feeds and their members. A feed links the page it mirrors: its
    topic's page, at the address the settings' URL scheme gives it."""
    options = feed_options(settings)
    messages = translator(settings)  # the feeds' titles and descriptions, in DEFAULT_LANG
    _ = messages.gettext
    directory = options["directory"]
    site_name = str(settings.get("SITENAME", ""))
    site = SiteInfo(
        base_url=absolute_base(settings),
        name=site_name,
        language=str(settings.get("DEFAULT_LANG", "vi")),
        publisher=publication_name(settings),
    )
    ordered = sorted(articles, key=lambda a: a.date, reverse=True)
    site_key = ("site", options["site_slug"])

    def keys_of(article: Any) -> list[Key]:
        return [site_key, *(ref.key for ref in article_topics(article))]

    members = group_articles(ordered, keys_of, options["items"])
    authors: dict[str, TopicRef] = {}
    for article in ordered:
        for ref in ARTICLE_TOPICS["author"](article):
            authors.setdefault(ref.slug, ref)

    site_ref = TopicRef("site", options["site_slug"], site_name)
    subtitle = str(settings.get("SITESUBTITLE") or site_name)
    folders = options["folders"]
    # The whole site's feed mirrors the edition's home ("", "en/").
    home = home_url(settings)
    channels = [make_channel(site_ref, site_name, subtitle, home, directory, folders)]

    def add(ref: TopicRef, title: str, description: str, **fields: str) -> None:
        """The feed of ``ref``, linking its page (``fields`` fill its URL pattern)."""
        page = url_for(settings, ref.kind, **(fields or {"slug": ref.slug}))
        channels.append(
            make_channel(ref, f"{site_name} – {title}", description, page, directory, folders)
        )

    for section in reference.sections:
        # Like a country's, a section's feed exists once it has an article:
        # before that it has no page for the feed to link to.
        if ("section", section.slug) in members:
            add(
                TopicRef("section", section.slug, section.name),
                section.name,
                section.description
                or _("Articles of the section %(section)s") % {"section": section.name},
            )
    for section in reference.sections:
        for subsection in section.subsections:
            slug = subsection_slug(section.slug, subsection.slug)
            if ("subsection", slug) in members:
                add(
                    TopicRef("subsection", slug, subsection.name),
                    f"{section.name} › {subsection.name}",
                    _("Articles of %(subsection)s, in the section %(section)s.")
                    % {"subsection": subsection.name, "section": section.name},
                    section=section.slug,
                    slug=subsection.slug,
                )
    for province in reference.provinces:
        label = province.long_name  # "tỉnh Hưng Yên", "Thành phố Hồ Chí Minh", "Hue City"
        if province.former_renamed:
            description = _(
                "People-to-people diplomacy articles of %(place)s,"
                " including its former areas: %(former)s."
            ) % {"place": label, "former": ", ".join(province.former_renamed)}
        else:
            description = _("People-to-people diplomacy articles of %(place)s.") % {"place": label}
        add(
            TopicRef("province", province.slug, province.name),
            f"{label[:1].upper()}{label[1:]}",
            description,
        )
    for country in reference.countries:
        if ("country", country.slug) in members:
            add(
                TopicRef("country", country.slug, country.name),
                country.name,
                _(
                    "Articles on people-to-people exchange, friendship and cooperation"
                    " with %(country)s."
                )
                % {"country": country.in_sentence},
            )
    for organization in reference.organizations:
        if ("organization", organization.slug) in members:
            name = organization.label
            add(
                TopicRef("organization", organization.slug, name),
                name,
                _("Articles about %(name)s.") % {"name": name},
            )
    for ref in sorted(authors.values(), key=lambda r: sort_key(r.name)):
        add(
            ref,
            _("Author %(name)s") % {"name": ref.name},
            _("Articles written by %(name)s.") % {"name": ref.name},
        )
    newest = ordered[0].date if ordered else datetime(2000, 1, 1, tzinfo=VIETNAM_TZ)
    return FeedPlan(site, channels, members, newest, messages=messages)


def _image(article: Any, base_url: str, folders: Sequence[str]) -> ItemImage | None:
    """The article's image for enclosure/media:content: plugins.images' social
    crop when there is one (originals carry EXIF/GPS), else ``Image``. The
    length is the file's size, looked up in ``folders`` (0 when not found)."""
    image = getattr(article, "social_image", None) or article.metadata.get("image")
    if not image:
        return None
    url = absolute_link(str(image).strip(), base_url)
    relative = url.removeprefix(base_url).lstrip("/")
    mime = mimetypes.guess_type(relative)[0] or "image/jpeg"
    length = 0
    for folder in folders:
        try:
            length = os.path.getsize(os.path.join(folder, relative))
            break
        except OSError:
            continue
    return ItemImage(url, mime, length)


# A title's own format label, with the separators partials/card.html's
# format_prefix accepts ("Video: …", "Video – …", "[Video] …"): it is the link's label.
_VIDEO_PREFIX = re.compile(
    r"^\s*(?:[\[(](?:video clip|video|clip)[\])]\s*|(?:video clip|video|clip)(?::| - | – | \| )\s*)",
    re.I,
)


def lead_html(article: Any, url: str, messages: Translations | None = None) -> str:
    """What the article page shows above the body and a feed reader would
    miss: the video (a link to ``Video_URL``: the page's player is a script)
    or the infographic (a link to it on the page: the feed's image is a
    1200×630 preview). "" for other formats."""
    _ = (messages or translator()).gettext
    video = str(getattr(article, "video_url", "") or "")
    if getattr(article, "format", "") == "video" and video:
        # "Video: …" titles are their own label (as partials/card.html's format_prefix).
        title = _VIDEO_PREFIX.sub("", plain_text(str(article.title)))
        label = _("Watch the video: %(title)s") % {"title": title}
        return f'<p><a href="{html.escape(video)}">{html.escape(label)}</a></p>'
    if getattr(article, "format", "") == "infographic" and getattr(article, "image", None):
        label = _("View the infographic")
        return f'<p><a href="{html.escape(url)}">{html.escape(label)}</a></p>'
    return ""


def feed_item(
    article: Any, base_url: str, folders: Sequence[str], messages: Translations | None = None
) -> FeedItem:
    """The feed entry of one Pelican article (plain values, absolute URLs)."""
    section = getattr(article, "section", None)
    categories = [section.name if section else article.category.name]
    categories += [tag.name for tag in getattr(article, "tags", ()) or ()]
    published = article.date
    updated = getattr(article, "modified", None) or published
    url = absolute_link(article.url, base_url)
    feed_id = article.metadata.get("feed_id")  # the first address of a renamed article
    return FeedItem(
        title=str(article.title),
        url=url,
        published=published,
        updated=max(updated, published),
        authors=tuple(a.name for a in getattr(article, "authors", ()) or ()),
        categories=tuple(dict.fromkeys(categories)),
        summary=plain_text(getattr(article, "summary", "") or ""),
        content_html=lead_html(article, url, messages)
        + absolutize_html(article.content or "", base_url, url),
        image=_image(article, base_url, folders),
        guid=absolute_link(str(feed_id), base_url) if feed_id else "",
    )


def page_feed_keys(context: Mapping[str, Any], reference: ReferenceData | None = None) -> list[Key]:
    """The feeds concerning the page rendered with ``context``.

    Article: its section, provinces, countries, organizations and authors.
    Section page: the section; topic page: that province/country/organization;
    author page: the author. Other pages: none (the site feed is always added).
    """
    article = context.get("article")
    if article:
        return [ref.key for ref in article_topics(article)]
    topic = context.get("topic")
    if topic and getattr(topic, "kind", None) == "subsection":
        section, subsection = topic.record
        return [("subsection", subsection_slug(section.slug, subsection.slug))]
    if topic and getattr(topic, "kind", None):
        return [(str(topic.kind), str(topic.slug))]
    category = context.get("category")
    if category:
        found = reference.section(category.name).found if reference else None
        return [("section", found.slug if found else category.slug)]
    author = context.get("author")
    if author and hasattr(author, "slug"):
        return [("author", author.slug)]
    return []
