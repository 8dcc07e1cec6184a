"""Compare the indexes with what the database says they should hold."""

from elasticsearch import helpers

from dialog_search import conf, registry, services
from dialog_search.client import get_client

BASE_COMPARED_FIELDS = ("kind", "title", "lead", "body", "url", "date", "tags", "author", "keywords")


def compared_fields() -> tuple[str, ...]:
    return (*BASE_COMPARED_FIELDS, *(facet.aggregation_field for facet in registry.host_facets()))


def index_verify() -> dict[str, dict[str, set[int]]]:
    """Per registered index: ids missing from the index, stale (differing) and extra (in the index, not indexable)."""
    client = get_client(for_indexing=True)
    report = {}
    fields = compared_fields()
    for index in registry.indexes():
        expected = {page_id: body for page_id, body in services.iter_sources(index)}
        actual = {}
        for hit in helpers.scan(client, index=conf.index_names(index).alias, query={"query": {"match_all": {}}},
                                _source=list(fields)):
            actual[int(hit["_id"])] = hit["_source"]
        stale = {page_id for page_id in expected.keys() & actual.keys()
                 if any(_norm(expected[page_id].get(name)) != _norm(actual[page_id].get(name))
                        for name in fields)}
        report[index] = {
            "missing": set(expected) - set(actual),
            "stale": stale,
            "extra": set(actual) - set(expected),
        }
    return report


def _norm(value):
    return value if value not in ("", [], None) else None
