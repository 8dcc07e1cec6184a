"""Search on the test host: the real Elasticsearch node, indexes under a prefix of their own, removed after."""

import uuid

import pytest
from django.test import override_settings

from dialog_search import services
from dialog_search.client import get_client
from dialog_search.tasks import pending_index_tasks, run_pending_index_tasks


@pytest.fixture
def search_on(elasticsearch_url, db):
    """Search enabled against the node, with this test's own index prefix; the indexes are dropped afterwards."""
    with override_settings(ELASTICSEARCH_URL=elasticsearch_url, ELASTICSEARCH_INDEX_PREFIX=f"host-{uuid.uuid4().hex[:10]}",
                           ELASTICSEARCH_TIMEOUT=10.0, SEARCH_TASK_RETRY_DELAY=0.05, SEARCH_TASK_RETRY_MAX_DELAY=0.2):
        try:
            # What `manage.py search_index rebuild` does on a new site: the empty indexes exist before any search.
            services.indexes_ensure(client=get_client(for_indexing=True))
            yield elasticsearch_url
        finally:
            services.index_delete_all()


@pytest.fixture
def run_index_tasks(search_on):
    """Runs the index tasks publishing enqueued, in this process, and makes their writes searchable."""

    def run() -> int:
        ran = run_pending_index_tasks()
        services.index_refresh()
        return ran

    return run


@pytest.fixture
def indexed_site(search_on, home, make_article, run_index_tasks):
    """The home page (published before search was on here, so rebuilt), a section and three articles, indexed."""
    from plugin_tests.host.models import HomePage

    news = HomePage(title="Nyheter", slug="nyheter", intro="Nytt från kommunerna.")
    home.add_child(instance=news)
    news.save_revision().publish()
    articles = {
        "plan": make_article("Samhällsplanen antas i vår", body="<p>Kommunfullmäktige röstar i maj.</p>"),
        "skola": make_article("Ny skola i Övertorneå", body="<p>Eleverna flyttar in efter sommaren.</p>"),
    }
    news_article = news.add_child(instance=type(articles["plan"])(title="Vattenverket byggs ut", lead="Mer vatten."))
    news_article.save_revision().publish()
    articles["vatten"] = news_article
    run_index_tasks()
    pending_index_tasks().delete()
    services.index_rebuild(thread_count=1)  # the home page was published before search was on
    return {"home": home, "news": news, **articles}
