"""Topic pages: province, partner country, organization, subsection, and /chu-de/.

A province page is the *current* unit (34 since 1 July 2025) and lists the
articles that name any of its former units; each former unit's old address
(``tinh/thai-binh/``) is a small redirect page to it, and the folders
(``tinh/``) lead to /chu-de/. The grouping rules are
pure functions in :mod:`plugins.topics.pages`; this module only adapts
Pelican's objects and writes through Pelican's writer. Every address and
file name is a pattern of the settings (``PROVINCE_URL``/``PROVINCE_SAVE_AS``
…, ``TOPICS_INDEX_URL``), read through :mod:`plugins.fixed_urls.scheme`.
"""

from __future__ import annotations

from functools import partial

from pelican import signals
from pelican.generators import Generator

from plugins.fixed_urls import scheme
from plugins.i18n.catalog import translator
from plugins.reference import reference_for
from plugins.vietnamese import sort_key

from .pages import (
    PAGE_KINDS,
    URL_KINDS,
    build_topic_pages,
    country_navigator,
    former_province_redirects,
    organization_navigator,
    province_navigator,
    topic_folders,
    topic_index_groups,
    url_for,
)

DEFAULTS = {
    "index_template": "topics_index",
    "topic_template": "topic",
    "redirect_template": "redirect",
}


class TopicsGenerator(Generator):
    """Adds navigators to the shared context, then writes the topic pages."""

    def generate_context(self) -> None:
        reference = reference_for(self.settings)
        urls = scheme.patterns(self.settings, URL_KINDS)
        save_as = scheme.patterns(self.settings, PAGE_KINDS, "SAVE_AS")
        articles = self.context.get("articles", [])
        self.reference = reference
        messages = translator(self.settings)  # the pages' texts, in DEFAULT_LANG
        _ = messages.gettext
        self.pages = build_topic_pages(articles, reference, urls, save_as, messages)
        self.redirects = former_province_redirects(reference, urls, save_as)
        # The most used keywords first; as many articles: in Vietnamese order.
        tags = sorted(self.context.get("tags", []), key=lambda t: (-len(t[1]), sort_key(t[0].name)))
        self.context.update(
            portal_sections=reference.sections,
            portal_url=partial(url_for, urls=urls),
            portal_reference=reference,
            province_navigator=province_navigator(reference, self.pages),
            country_navigator=country_navigator(self.pages),
            organization_navigator=organization_navigator(self.pages),
            topic_pages=self.pages,
            # /chu-de/ lists the provinces once, by region (province_navigator,
            # all 34 with their former names): not again as a group of chips.
            topic_groups=topic_index_groups(
                self.pages,
                [(_("Keywords"), [(t.name, t.url, len(a)) for t, a in tags])] if tags else [],
                kinds=("country", "organization"),
                messages=messages,
            ),
        )

    def generate_output(self, writer) -> None:
        settings = {**DEFAULTS, **self.settings.get("TOPICS", {})}

        def write(save_as: str, template_key: str, url: str, /, **context) -> None:
            writer.write_file(
                save_as,
                self.get_template(settings[template_key]),
                self.context,
                page_name=url.rstrip("/"),
                **context,
            )

        for page in self.pages:
            write(
                page.save_as,
                "topic_template",
                page.url,
                paginated={"articles": list(page.articles)},
                template_name=settings["topic_template"],
                url=page.url,
                topic=page,
                articles=list(page.articles),
            )
        for redirect in self.redirects:
            write(
                redirect.save_as,
                "redirect_template",
                redirect.url,
                target_url=redirect.target_url,
                target_title=redirect.target_title,
            )
        index_url = scheme.url_for(self.settings, "topics")
        write(scheme.save_as_for(self.settings, "topics"), "index_template", index_url)
        # /tinh/, /quoc-gia/, /to-chuc/ (a shortened page address) lead to
        # the topics index, not to the 404 page.
        urls = scheme.patterns(self.settings, URL_KINDS)
        save_as = scheme.patterns(self.settings, PAGE_KINDS, "SAVE_AS")
        title = translator(self.settings).gettext("Topics")
        for url, file in topic_folders(urls, save_as):
            write(file, "redirect_template", url, target_url=index_url, target_title=title)


def get_generators(pelican_object):
    return TopicsGenerator


def register() -> None:
    # get_generators: our generator runs after the articles are read, so its
    # context additions are visible to every template rendered afterwards.
    signals.get_generators.connect(get_generators)
