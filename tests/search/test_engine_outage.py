"""Elasticsearch truly stops (its process ends), editors keep publishing, and nothing is lost when it returns."""

import os
import time
import uuid

import pytest
from django.test import override_settings

from cms.demo.content import SEED_POST_TITLE
from scripts import es_node
from dialog_search import services
from dialog_search.tasks import pending_index_tasks, run_pending_index_tasks
from tests.search.conftest import titles

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def own_node(search_corpus):
    """A node for this test alone, on its own port, so stopping it disturbs no other test."""
    port = es_node.free_port()
    major = os.environ.get("ES_TEST_MAJOR")
    start = lambda: es_node.start_node(port, major=int(major) if major else None)  # noqa: E731
    url = start()
    try:
        with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_INDEX_PREFIX=f"outage-{uuid.uuid4().hex[:8]}",
                               ELASTICSEARCH_TIMEOUT=10.0, ELASTICSEARCH_INDEX_TIMEOUT=10.0):
            yield {"stop": lambda: es_node.stop_node(port), "start": start}
    finally:
        es_node.stop_node(port, purge=True)


def test_updates_made_while_the_engine_is_down_are_searchable_after_it_returns(own_node, client, make_post,
                                                                              seed_post):
    services.index_rebuild(thread_count=1)
    pending_index_tasks().delete()
    assert SEED_POST_TITLE in titles("erfarenhetsutbyte")

    own_node["stop"]()
    # Editors keep working: publishing and unpublishing only enqueue.
    make_post("Publicerat under avbrottet", lead="Ordet gnistrandefjäril finns bara här.")
    seed_post.unpublish()
    assert client.get("/blogg/").status_code == 200
    page = client.get("/sok/", {"q": "erfarenhetsutbyte"})
    assert page.status_code == 503 and "Sökningen är tillfälligt otillgänglig" in page.content.decode()

    # The worker tries, fails, and re-enqueues each task with a delay instead of losing it.
    assert run_pending_index_tasks() >= 2
    retries = list(pending_index_tasks())
    assert retries and all(task.run_after is not None for task in retries)
    assert all(task.args_kwargs["kwargs"]["attempt"] >= 1 for task in retries)

    own_node["start"]()
    deadline = time.monotonic() + 30
    while pending_index_tasks().exists() and time.monotonic() < deadline:
        run_pending_index_tasks()
        time.sleep(0.1)
    assert not pending_index_tasks().exists()
    services.index_refresh()
    assert titles("gnistrandefjäril") == ["Publicerat under avbrottet"]
    assert SEED_POST_TITLE not in titles("erfarenhetsutbyte")
