"""One real Elasticsearch node and one index prefix per session; the search corpus loaded once per package.

Tests run inside transactions that are rolled back, but Elasticsearch keeps what they wrote:
tests that change pages use `restore_index`, which puts the indexes back to the corpus snapshot.
"""


import pytest
from elasticsearch import helpers

from blog.models import BlogIndexPage, BlogPostPage, NetworkProfilePage
from dialog_search import conf, queries, registry, selectors, services
from dialog_search.client import get_client
from dialog_search.tasks import pending_index_tasks, run_pending_index_tasks
from tests.search.corpus import EXTRA_POSTS
from tests.search.isolation import own_indexes


@pytest.fixture(scope="session")
def search_prefix(elasticsearch_url, django_db_setup):
    with own_indexes(elasticsearch_url, "test") as prefix:
        yield prefix


def _create_post(blog, networks, spec):
    post = BlogPostPage(
        title=spec["title"], slug=spec["slug"], date=spec["date"], lead=spec["lead"],
        body=[("paragraph", f"<p>{text}</p>") for text in spec["body"]],
    )
    post.networks = [networks[slug] for slug in spec["networks"]]
    post.tags.set(spec["tags"])
    blog.add_child(instance=post)
    post.save_revision().publish()
    return post


@pytest.fixture(scope="package")
def search_corpus(search_prefix, django_db_setup, django_db_blocker):
    """The demo plus EXTRA_POSTS, committed for the package's tests, indexed by a rebuild; removed afterwards."""
    with django_db_blocker.unblock():
        blog = BlogIndexPage.objects.get(slug="blogg")
        networks = {profile.slug: profile for profile in NetworkProfilePage.objects.all()}
        extra = [_create_post(blog, networks, spec) for spec in EXTRA_POSTS]
        pending_index_tasks().delete()  # the rebuild below covers them
        services.index_rebuild(thread_count=1)
        snapshot = {kind: dict(services.iter_sources(kind)) for kind in registry.indexes()}
    yield {"extra": extra, "snapshot": snapshot}
    with django_db_blocker.unblock():
        for post in extra:
            BlogPostPage.objects.filter(pk=post.pk).delete()
        pending_index_tasks().delete()


def restore(snapshot) -> None:
    client = get_client(for_indexing=True)
    for kind, documents in snapshot.items():
        pattern = conf.index_names(kind).pattern
        # delete_by_query lives in the reindex module, which the integ-test-zip lacks.
        extra = [(hit["_index"], hit["_id"]) for hit in helpers.scan(
            client, index=pattern, _source=False,
            query={"query": {"bool": {"must_not": {"terms": {"page_id": list(documents)}}}}})]
        helpers.bulk(client, ({"_op_type": "delete", "_index": index, "_id": doc_id} for index, doc_id in extra))
        helpers.bulk(client, ({"_index": conf.index_names(kind).alias, "_id": str(page_id), "_source": body}
                              for page_id, body in documents.items()), refresh=True)


@pytest.fixture
def restore_index(search_corpus, db):
    """For tests that change pages: afterwards the indexes hold the corpus again (the database rolls back)."""
    yield
    restore(search_corpus["snapshot"])


@pytest.fixture
def run_index_tasks():
    def run():
        ran = run_pending_index_tasks()
        services.index_refresh()
        return ran

    return run


def find(query="", **filters):
    params = queries.SearchParams(query=queries.clean_query(query), **filters)
    return selectors.search(params)


def titles(query="", **filters):
    return [hit.title for hit in find(query, **filters).hits]
