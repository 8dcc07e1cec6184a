"""Reads from the search indexes that more than one caller needs (the search page, the API, commands)."""

import math
from dataclasses import dataclass, field

from elasticsearch import ApiError, TransportError
from wagtail.models import Page

from dialog_search import conf, marking, queries, registry
from dialog_search.analysis import stop_words
from dialog_search.client import SearchUnavailable, get_client, is_unavailable


@dataclass
class Hit:
    kind: str
    page_id: int
    title: str
    url: str
    lead: str
    date: str | None
    author: str
    tags: list[str]
    networks: list[dict]
    image_url: str
    title_html: str
    snippets: list[str]
    score: float | None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    params: queries.SearchParams
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.total, conf.get("SEARCH_MAX_RESULT_WINDOW")) / self.params.per_page))


def search_aliases() -> str:
    return ",".join(conf.index_names(kind).alias for kind in registry.KINDS)


def _call(method, *, attempts: int = 2, **kwargs):
    """One request; a partial answer (a shard failed, e.g. an old index deleted after an alias swap) is
    asked again once, then reported as unavailable rather than shown incomplete."""
    for attempt in range(attempts):
        try:
            response = method(**kwargs)
        except (ApiError, TransportError) as error:
            if is_unavailable(error) or (isinstance(error, ApiError) and error.meta.status == 404):
                raise SearchUnavailable(str(error)) from error
            raise
        if not response.get("_shards", {}).get("failed"):
            return response
    raise SearchUnavailable(f"Partial answer: {response['_shards']}")


def _network(label: str) -> dict:
    slug, _sep, name = label.partition(":")
    return {"slug": slug, "label": name or slug}


def _hit(raw: dict, query: str) -> Hit:
    source, marks = raw["_source"], raw.get("highlight", {})
    snippets = marks.get("body", []) + marks.get("lead", [])
    title_html = (marks.get("title") or [""])[0]
    if query and not (title_html and snippets):
        # Met only through the folded or compound fields, which Elasticsearch does not mark.
        title_html = title_html or marking.mark(source.get("title", ""), query) or ""
        snippets = snippets or [text for text in [marking.mark(source.get("lead", ""), query)] if text]
    return Hit(
        kind=source.get("kind", ""),
        page_id=source.get("page_id", 0),
        title=source.get("title", ""),
        url=source.get("url", ""),
        lead=source.get("lead", ""),
        date=source.get("date"),
        author=source.get("author", ""),
        tags=source.get("tags", []),
        networks=[_network(label) for label in source.get("network_labels", [])],
        image_url=source.get("image_url", ""),
        title_html=title_html,
        snippets=snippets[:2],
        score=raw.get("_score"),
    )


def _facets(aggregations: dict, params: queries.SearchParams) -> dict[str, list[FacetValue]]:
    networks = [FacetValue(value=(item := _network(bucket["key"]))["slug"], label=item["label"],
                           count=bucket["doc_count"], selected=item["slug"] in params.networks)
                for bucket in aggregations["networks"]["buckets"]]
    tags = [FacetValue(value=bucket["key"], label=bucket["key"], count=bucket["doc_count"],
                       selected=bucket["key"] in params.tags) for bucket in aggregations["tags"]["buckets"]]
    years = [FacetValue(value=str(bucket["key"]), label=str(bucket["key"]), count=bucket["doc_count"],
                        selected=bucket["key"] in params.years) for bucket in aggregations["years"]["buckets"]]
    return {"networks": sorted(networks, key=lambda facet: facet.label.lower()), "tags": tags, "years": years}


def _visible_page_ids(page_ids) -> set[int]:
    """Of these pages, those any reader may see: live, not expired and without a view restriction on them or above.

    Only such pages are indexed; this is checked again at read time because the index may lag behind a
    restriction or unpublication that its task has not yet applied.
    """
    page_ids = [page_id for page_id in page_ids if page_id]
    if not page_ids:
        return set()
    return set(Page.objects.live().public().filter(pk__in=page_ids, expired=False).values_list("pk", flat=True))


def search(params: queries.SearchParams) -> SearchResults:
    """One page of hits with highlights, facet counts and, when nothing matched, a spelling suggestion."""
    client = get_client()
    response = _call(client.search, index=search_aliases(), body=queries.search_body(params),
                     search_type="dfs_query_then_fetch")
    hits = [_hit(raw, params.query) for raw in response["hits"]["hits"]]
    visible = _visible_page_ids([hit.page_id for hit in hits])
    results = SearchResults(
        params=params,
        total=response["hits"]["total"]["value"] - sum(1 for hit in hits if hit.page_id not in visible),
        hits=[hit for hit in hits if hit.page_id in visible],
        facets=_facets(response["aggregations"], params),
    )
    if results.total == 0 and params.query:
        results.suggestion = spelling_suggestion(params.query)
    return results


def spelling_suggestion(query: str) -> str | None:
    """The query with misspelled words replaced; words nobody wrote are dropped if that is what it takes."""
    response = _call(get_client().search, index=search_aliases(), body=queries.spelling_body(query))
    corrected, known_only = [], []
    for entry in response.get("suggest", {}).get("spelling", []):
        options = [option["text"] for option in entry.get("options") or [] if option["text"] not in stop_words()]
        corrected.append(options[0] if options else entry["text"])
        if options:
            known_only.append(options[0])
    if not known_only:
        return None
    for candidate in dict.fromkeys([" ".join(corrected), " ".join(known_only)]):
        # Only offer what would find something.
        params = queries.SearchParams(query=candidate, per_page=1)
        if _call(get_client().count, index=search_aliases(), query=queries.search_body(params)["query"])["count"]:
            return candidate
    return None


def suggest(prefix: str, *, size: int = 8) -> list[dict]:
    """Titles completing what the reader has typed (autocomplete)."""
    prefix = queries.clean_query(prefix)[:50]
    if not prefix:
        return []
    response = _call(get_client().search, index=search_aliases(), body=queries.suggest_body(prefix.lower(), size))
    seen, items = set(), []
    for entry in response.get("suggest", {}).get("titles", []):
        for option in entry.get("options", []):
            source = option.get("_source", {})
            if source.get("url") in seen:
                continue
            seen.add(source.get("url"))
            items.append({"title": source.get("title", ""), "url": source.get("url", ""),
                          "kind": source.get("kind", ""), "page_id": source.get("page_id", 0)})
    visible = _visible_page_ids([item["page_id"] for item in items])
    return [{key: value for key, value in item.items() if key != "page_id"}
            for item in items if item["page_id"] in visible][:size]


def index_counts() -> dict[str, dict]:
    """Per kind: the alias, the indexes behind it and the number of documents in them."""
    client = get_client(for_indexing=True)
    counts = {}
    for kind in registry.KINDS:
        names = conf.index_names(kind)
        try:
            targets = sorted(client.indices.get_alias(name=names.alias))
            documents = client.count(index=names.alias)["count"]
        except ApiError as error:
            if error.meta.status != 404:
                raise
            targets, documents = [], None
        counts[kind] = {"alias": names.alias, "indexes": targets, "documents": documents}
    return counts
