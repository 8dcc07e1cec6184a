"""One Elasticsearch client per configuration, with timeouts, and the errors that mean "the engine is away"."""

from functools import lru_cache

from elasticsearch import ApiError, ConnectionError, ConnectionTimeout, Elasticsearch, TransportError

from dialog_search import conf


class SearchUnavailable(Exception):
    """Elasticsearch is not configured, unreachable, too slow or failing: readers get a 503, tasks retry."""


class SearchConfigurationError(Exception):
    """The cluster cannot hold our indexes as configured (for example the Swedish dictionary is missing)."""


@lru_cache(maxsize=8)
def _client(urls: tuple[str, ...], timeout: float, credentials: tuple) -> Elasticsearch:
    return Elasticsearch(
        list(urls),
        request_timeout=timeout,
        retry_on_timeout=False,
        max_retries=0 if len(urls) == 1 else len(urls),
        **dict(credentials),
    )


def get_client(*, for_indexing: bool = False) -> Elasticsearch:
    if not conf.enabled():
        raise SearchUnavailable("Search is disabled or ELASTICSEARCH_URL is empty.")
    timeout = conf.get("ELASTICSEARCH_INDEX_TIMEOUT" if for_indexing else "ELASTICSEARCH_TIMEOUT")
    return _client(tuple(conf.urls()), float(timeout), tuple(sorted(conf.credentials().items())))


UNAVAILABLE_ERRORS = (ConnectionError, ConnectionTimeout)


def is_unavailable(error: Exception) -> bool:
    """Errors worth waiting out: no connection, a timeout, or the cluster answering 429/5xx."""
    if isinstance(error, (SearchUnavailable, *UNAVAILABLE_ERRORS)):
        return True
    if isinstance(error, ApiError):
        return error.meta.status in (429, 502, 503, 504)
    return isinstance(error, TransportError)
