"""search_index rebuild: a new versioned index, bulk-loaded, swapped in atomically while readers search."""

import threading

import pytest
from django.core.management import call_command

from cms.demo.content import SEED_POST_TITLE
from dialog_search import conf, selectors, services
from dialog_search.client import get_client
from tests.search.conftest import find

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def test_searches_keep_answering_during_rebuilds(search_corpus, restore_index):
    stop, answers, failures = threading.Event(), [], []

    def search_repeatedly():
        while not stop.is_set():
            try:
                results = find("beställarnätverk")
                answers.append(results.total)
                if SEED_POST_TITLE not in [hit.title for hit in results.hits]:
                    failures.append(f"seed post missing, {results.total} hits")
            except Exception as error:  # recorded, not swallowed: the test fails on any
                failures.append(repr(error))

    reader = threading.Thread(target=search_repeatedly)
    reader.start()
    try:
        for _round in range(2):
            services.index_rebuild(thread_count=1)
    finally:
        stop.set()
        reader.join(timeout=30)
    assert failures == []
    assert len(answers) > 5 and min(answers) > 0


def test_rebuild_command_swaps_the_alias_and_removes_the_old_index(search_corpus, restore_index, capsys):
    client = get_client(for_indexing=True)
    alias = conf.index_names("post").alias
    (before,) = client.indices.get_alias(name=alias)
    call_command("search_index", "rebuild", "--no-progress")
    (after,) = client.indices.get_alias(name=alias)
    assert after != before and after.startswith(f"{alias}-")
    assert not client.indices.exists(index=before)
    assert "swapped" in capsys.readouterr().out
    counts = selectors.index_counts()
    assert counts["post"]["documents"] == services.indexable_count("post")
    assert counts["profile"]["documents"] == services.indexable_count("profile")


def test_a_sync_during_a_rebuild_reaches_the_new_index(search_corpus, restore_index, seed_post):
    client = get_client(for_indexing=True)
    names = conf.index_names("post")
    building = services.index_create(client=client, index="post", name=names.versioned("99990101"))
    seed_post.title = "Nyss ändrad under ombyggnaden"
    seed_post.save_revision().publish()
    services.pages_sync(page_ids=[seed_post.pk], refresh=True)
    assert client.get(index=building, id=str(seed_post.pk))["_source"]["title"] == "Nyss ändrad under ombyggnaden"
    client.indices.delete(index=building)
