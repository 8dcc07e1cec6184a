"""JSON search: a django-ninja Router the host mounts on its API (this site: /api/search/ and /api/search/suggest/)."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from dialog_search import conf, registry, selectors
from dialog_search.client import SearchUnavailable
from dialog_search.forms import form_from_querydict

router = Router(tags=["search"])


class SearchErrorOut(Schema):
    """Named apart from the comment API's ErrorOut: ninja keeps one schema per name in /api/openapi.json."""

    message: str
    errors: list[dict] = Field([], description="Field errors as {loc, msg}, like ninja's own validation errors")


class LabelledValueOut(Schema):
    slug: str
    label: str


class FacetOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


def _facet_models():
    """The hit, facets and query schemas, with one field per registered facet (names from the registry).

    Built when the API module is imported (the URLconf), after the host's registry modules have run."""
    hit_fields = {facet.name: (list[LabelledValueOut] if facet.labelled else list[str],
                               Field(description=f"Values of the {facet.name} facet on this hit"))
                  for facet in registry.host_facets()}
    hit = create_model(
        "HitOut", __base__=Schema,
        kind=(str, Field(description="The kind's name as registered by the host (registry.register)")),
        title=(str, ...), url=(str, ...), lead=(str, ...), date=(datetime.date | None, ...), author=(str, ...),
        tags=(list[str], ...), **hit_fields, image_url=(str, ...),
        highlights=(list[str], Field(description="HTML snippets; matched words in <mark>, everything else escaped")),
    )
    facets = create_model(
        "FacetsOut", __base__=Schema,
        **{facet.param: (list[FacetOut], Field(description=f"Counts of the {facet.name} facet"))
           for facet in registry.facets()},
    )
    query_fields = {
        facet.param: (list[int] if facet.name == "year" else list[str],
                      Field([], description=f"Values of the {facet.name} facet (repeatable)"))
        for facet in registry.facets()
    }
    query = create_model(
        "SearchQueryIn", __base__=Schema,
        q=(str, Field("", description="What the reader typed (cut to SEARCH_QUERY_MAX_LENGTH characters)")),
        **query_fields,
        sort=(Literal["relevance", "date"], "relevance"),
        page=(int, Field(1, ge=1)),
    )
    return hit, facets, query


HitOut, FacetsOut, SearchQueryIn = _facet_models()


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    per_page: int
    sort: str
    results: list[HitOut]
    facets: FacetsOut
    suggestion: str | None = Field(None, description="“Did you mean …?”: a better spelled query when nothing matched")


class SuggestionOut(Schema):
    title: str
    url: str
    kind: str
    kind_label: str = Field("", description="The kind's label, for kinds registered with label_suggestions=True")


class SuggestOut(Schema):
    query: str
    suggestions: list[SuggestionOut]


def _unavailable(request):
    return Status(503, {"message": _("Search is temporarily unavailable. Please try again in a moment.")})


@router.get("/", response={200: SearchOut, 400: SearchErrorOut, 503: SearchErrorOut},
            summary="Search every registered kind")
def search_pages(request, filters: Query[SearchQueryIn]):
    form = form_from_querydict(request.GET)
    if not form.is_valid():
        return Status(400, {"message": _("The data is invalid."),
                            "errors": [{"loc": ["query", name], "msg": str(error)}
                                       for name, errors in form.errors.items() for error in errors]})
    params = form.params()
    try:
        results = selectors.search(params)
    except SearchUnavailable:
        return _unavailable(request)
    return Status(200, {
        "query": params.query,
        "total": results.total,
        "page": params.page,
        "pages": results.pages,
        "per_page": params.per_page,
        "sort": params.sort,
        "results": [{**hit.__dict__, **hit.facets,
                     "highlights": ([hit.title_html] if hit.title_html else []) + hit.snippets}
                    for hit in results.hits],
        "facets": {facet.param: [value.__dict__ for value in results.facets[facet.name]]
                   for facet in registry.facets()},
        "suggestion": results.suggestion,
    })


@router.get("/suggest/", response={200: SuggestOut, 503: SearchErrorOut}, summary="Autocomplete titles")
def suggest_titles(request, q: str = Query("", description="The start of what the reader is typing")):
    try:
        items = selectors.suggest(q)
    except SearchUnavailable:
        return _unavailable(request)
    return Status(200, {"query": q[: int(conf.get("SEARCH_QUERY_MAX_LENGTH"))], "suggestions": items})
