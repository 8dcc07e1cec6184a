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
    # The host's facet values on this hit, by facet name: {slug, label} for a labelled facet, else plain values.
    facets: dict[str, list]
    image_url: str
    title_html: str
    snippets: list[str]
    score: float | None

    @property
    def kind_label(self) -> str:
        return registry.kind_labels().get(self.kind, self.kind)


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
    return ",".join(conf.index_names(index).alias for index in registry.indexes())


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


def _labelled(label: str) -> dict:
    slug, _sep, name = label.partition(":")
    return {"slug": slug, "label": name or slug}


def _hit_facets(source: dict) -> dict[str, list]:
    values = {}
    for facet in registry.host_facets():
        raw = source.get(facet.aggregation_field, [])
        values[facet.name] = [_labelled(label) for label in raw] if facet.labelled else list(raw)
    return values


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
        facets=_hit_facets(source),
        image_url=source.get("image_url", ""),
        title_html=title_html,
        snippets=snippets[:2],
        score=raw.get("_score"),
    )


def _facets(aggregations: dict, params: queries.SearchParams) -> dict[str, list[FacetValue]]:
    """Per facet name (registry.facets()), its values with counts, in the facet's order."""
    result = {}
    for facet in registry.facets():
        selected = {str(value) for value in params.selected(facet.name)}
        values = []
        for bucket in aggregations[facet.name]["buckets"]:
            item = _labelled(bucket["key"]) if facet.labelled else {"slug": str(bucket["key"]),
                                                                   "label": str(bucket["key"])}
            values.append(FacetValue(value=item["slug"], label=item["label"], count=bucket["doc_count"],
                                     selected=item["slug"] in selected))
        if facet.order == "label":
            values.sort(key=lambda value: value.label.lower())
        result[facet.name] = values
    return result


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
    labels = {registration.kind: registration.label for registration in registry.registrations()
              if registration.label_suggestions}
    for entry in response.get("suggest", {}).get("titles", []):
        for option in entry.get("options", []):
            source = option.get("_source", {})
            if source.get("url") in seen:
                continue
            seen.add(source.get("url"))
            kind = source.get("kind", "")
            items.append({"title": source.get("title", ""), "url": source.get("url", ""), "kind": kind,
                          "kind_label": str(labels.get(kind, "")), "page_id": source.get("page_id", 0)})
    visible = _visible_page_ids([item["page_id"] for item in items])
    return [{key: value for key, value in item.items() if key != "page_id"}
            for item in items if item["page_id"] in visible][:size]


def index_counts() -> dict[str, dict]:
    """Per registered index (by default one per kind): the alias, the versioned indexes behind it and the number of documents in them."""
    client = get_client(for_indexing=True)
    counts = {}
    for index in registry.indexes():
        names = conf.index_names(index)
        try:
            targets = sorted(client.indices.get_alias(name=names.alias))
            documents = client.count(index=names.alias)["count"]
        except ApiError as error:
            if error.meta.status != 404:
                raise
            targets, documents = [], None
        counts[index] = {"alias": names.alias, "indexes": targets, "documents": documents}
    return counts
