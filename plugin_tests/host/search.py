"""The test host's search registration (named in SEARCH_REGISTRY_MODULES).

Two kinds in one index ("pages"): articles, and the home page. One facet of the host's own: the section an
article is published in (its parent page), ?section=<slug>, with the section's title as its label.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import get_text_for_indexing

from dialog_search.registry import SearchSource, register, register_facet
from plugin_tests.host.models import ArticlePage, HomePage


def article_source(page: ArticlePage) -> SearchSource:
    parent = page.get_parent()
    return SearchSource(title=page.title, url=page.get_url() or "", lead=page.lead, body=get_text_for_indexing(page.body),
                        date=page.first_published_at.date() if page.first_published_at else None,
                        facets={"sections": [(parent.slug, parent.title)]})


def home_source(page: HomePage) -> SearchSource:
    return SearchSource(title=page.title, url=page.get_url() or "", lead=page.intro)


def articles_under(page: HomePage) -> list[int]:
    """A renamed section changes the facet label of the articles in it."""
    return list(ArticlePage.objects.child_of(page).values_list("pk", flat=True))


register_facet("sections", param="section", label=_("Section"), labelled=True)
register(ArticlePage, kind="article", label=_("Article"), to_source=article_source, index="pages")
register(HomePage, kind="home", label=_("Start page"), to_source=home_source, index="pages", dependents=articles_under,
         label_suggestions=True)
