"""The test host's search registration (named in SEARCH_REGISTRY_MODULES): articles become search documents."""

from wagtail.rich_text import get_text_for_indexing

from dialog_search.registry import SearchSource, register
from plugin_tests.host.models import ArticlePage


def article_source(page: ArticlePage) -> SearchSource:
    return SearchSource(title=page.title, url=page.get_url() or "", lead=page.lead, body=get_text_for_indexing(page.body),
                        date=page.first_published_at.date() if page.first_published_at else None)


register(ArticlePage, kind="post", to_source=article_source)
