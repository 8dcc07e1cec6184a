"""Search settings for tests: the real node, indexes under a prefix of their own, fast retries; indexes removed after."""

import contextlib
import uuid

from django.test import override_settings

from dialog_search import services


@contextlib.contextmanager
def own_indexes(elasticsearch_url: str, label: str):
    """Yields the prefix; every index created under it is deleted when the block ends."""
    prefix = f"{label}-{uuid.uuid4().hex[:10]}"
    override = override_settings(
        ELASTICSEARCH_URL=elasticsearch_url,
        ELASTICSEARCH_INDEX_PREFIX=prefix,
        SEARCH_ENABLED=True,
        ELASTICSEARCH_TIMEOUT=10.0,
        SEARCH_TASK_RETRY_DELAY=0.05,
        SEARCH_TASK_RETRY_MAX_DELAY=0.2,
    )
    override.enable()
    try:
        yield prefix
    finally:
        try:
            services.index_delete_all()
        finally:
            override.disable()


@contextlib.contextmanager
def own_indexes_of_the_site(elasticsearch_url: str, label: str, django_db_blocker):
    """own_indexes, filled with every indexed page of the test database (for module-scoped fixtures)."""
    with own_indexes(elasticsearch_url, label) as prefix:
        with django_db_blocker.unblock():
            services.index_rebuild(thread_count=1)
        yield prefix
