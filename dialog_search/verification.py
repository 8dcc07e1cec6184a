"""Compare the indexes with what the database says they should hold."""

from elasticsearch import helpers

from dialog_search import conf, registry, services
from dialog_search.client import get_client

COMPARED_FIELDS = ("title", "lead", "body", "url", "date", "tags", "network_labels", "author", "keywords")


def index_verify() -> dict[str, dict[str, set[int]]]:
    """Per kind: ids missing from the index, stale (differing) and extra (in the index, not indexable)."""
    client = get_client(for_indexing=True)
    report = {}
    for kind in registry.KINDS:
        expected = {page_id: body for page_id, body in services.iter_sources(kind)}
        actual = {}
        for hit in helpers.scan(client, index=conf.index_names(kind).alias, query={"query": {"match_all": {}}},
                                _source=list(COMPARED_FIELDS)):
            actual[int(hit["_id"])] = hit["_source"]
        stale = {page_id for page_id in expected.keys() & actual.keys()
                 if any(_norm(expected[page_id].get(name)) != _norm(actual[page_id].get(name))
                        for name in COMPARED_FIELDS)}
        report[kind] = {
            "missing": set(expected) - set(actual),
            "stale": stale,
            "extra": set(actual) - set(expected),
        }
    return report


def _norm(value):
    return value if value not in ("", [], None) else None
