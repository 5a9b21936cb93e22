"""Topic pages: province, partner country, organization, subsection, and /chu-de/.

A province page is the *current* unit (34 since 1 July 2025) and lists the
articles that name any of its former units; each former unit's old address
(``tinh/thai-binh/``) is a small redirect page to it. The grouping rules are
pure functions in :mod:`plugins.topics.pages`; this module only adapts
Pelican's objects and writes through Pelican's writer.
"""

from __future__ import annotations

from functools import partial

from pelican import signals
from pelican.generators import Generator

from plugins.reference import reference_for

from .pages import (
    build_topic_pages,
    country_navigator,
    former_province_redirects,
    organization_navigator,
    province_navigator,
    topic_index_groups,
    url_for,
)

DEFAULTS = {
    "index_template": "topics_index",
    "topic_template": "topic",
    "redirect_template": "redirect",
}


def _urls(settings) -> dict[str, str]:
    return {
        "province": settings.get("PROVINCE_URL", "tinh/{slug}/"),
        "country": settings.get("COUNTRY_URL", "quoc-gia/{slug}/"),
        "organization": settings.get("ORGANIZATION_URL", "to-chuc/{slug}/"),
        "section": settings.get("CATEGORY_URL", "chuyen-muc/{slug}/"),
        "subsection": settings.get("SUBSECTION_URL", "chuyen-muc/{section}/{slug}/"),
    }


class TopicsGenerator(Generator):
    """Adds navigators to the shared context, then writes the topic pages."""

    def generate_context(self) -> None:
        reference = reference_for(self.settings)
        urls = _urls(self.settings)
        articles = self.context.get("articles", [])
        self.reference = reference
        self.pages = build_topic_pages(articles, reference, urls)
        self.redirects = former_province_redirects(reference, urls)
        tags = sorted(self.context.get("tags", []), key=lambda t: -len(t[1]))
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
                [("Từ khóa", [(t.name, t.url, len(a)) for t, a in tags])] if tags else [],
                kinds=("country", "organization"),
            ),
        )

    def generate_output(self, writer) -> None:
        settings = {**DEFAULTS, **self.settings.get("TOPICS", {})}
        topic_template = self.get_template(settings["topic_template"])
        for page in self.pages:
            writer.write_file(
                page.url + "index.html",
                topic_template,
                self.context,
                paginated={"articles": list(page.articles)},
                template_name=settings["topic_template"],
                url=page.url,
                topic=page,
                articles=list(page.articles),
                page_name=page.url.rstrip("/"),
            )
        redirect_template = self.get_template(settings["redirect_template"])
        for redirect in self.redirects:
            writer.write_file(
                redirect.url + "index.html",
                redirect_template,
                self.context,
                target_url=redirect.target_url,
                target_title=redirect.target_title,
                page_name=redirect.url.rstrip("/"),
            )
        index_url = self.settings.get("TOPICS_INDEX_URL", "chu-de/")
        writer.write_file(
            index_url + "index.html",
            self.get_template(settings["index_template"]),
            self.context,
            page_name=index_url.rstrip("/"),
        )


def get_generators(pelican_object):
    return TopicsGenerator


def register() -> None:
    # get_generators: our generator runs after the articles are read, so its
    # context additions are visible to every template rendered afterwards.
    signals.get_generators.connect(get_generators)
