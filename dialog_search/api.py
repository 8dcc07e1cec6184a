"""JSON search for the site and its apps: /api/search/ and /api/search/suggest/ (mounted in cms/api.py)."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from dialog_search import conf, selectors
from dialog_search.client import SearchUnavailable
from dialog_search.forms import form_from_querydict

router = Router(tags=["search"])


class SearchErrorOut(Schema):
    """Named apart from the comment API's ErrorOut: ninja keeps one schema per name in /api/openapi.json."""

    message: str
    errors: list[dict] = Field([], description="Field errors as {loc, msg}, like ninja's own validation errors")


class NetworkOut(Schema):
    slug: str
    label: str


class HitOut(Schema):
    kind: str = Field(description="post or profile")
    title: str
    url: str
    lead: str
    date: datetime.date | None
    author: str
    tags: list[str]
    networks: list[NetworkOut]
    image_url: str
    highlights: list[str] = Field(description="HTML snippets; matched words in <mark>, everything else escaped")


class FacetOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetsOut(Schema):
    network: list[FacetOut]
    tag: list[FacetOut]
    year: list[FacetOut]


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    per_page: int
    sort: str
    results: list[HitOut]
    facets: FacetsOut
    suggestion: str | None = Field(None, description="“Menade du …?”: a better spelled query when nothing matched")


class SearchQueryIn(Schema):
    q: str = Field("", description="What the reader typed (cut to SEARCH_QUERY_MAX_LENGTH characters)")
    network: list[str] = Field([], description="Network slugs (repeatable)")
    tag: list[str] = Field([], description="Tags (repeatable)")
    year: list[int] = Field([], description="Publication years (repeatable)")
    sort: Literal["relevance", "date"] = "relevance"
    page: int = Field(1, ge=1)


class SuggestionOut(Schema):
    title: str
    url: str
    kind: str


class SuggestOut(Schema):
    query: str
    suggestions: list[SuggestionOut]


def _unavailable(request):
    return Status(503, {"message": _("Sökningen är tillfälligt otillgänglig. Försök igen om en stund.")})


@router.get("/", response={200: SearchOut, 400: SearchErrorOut, 503: SearchErrorOut},
            summary="Search posts and networks")
def search_pages(request, filters: Query[SearchQueryIn]):
    form = form_from_querydict(request.GET)
    if not form.is_valid():
        return Status(400, {"message": _("Uppgifterna är ogiltiga."),
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
        "results": [{**hit.__dict__, "highlights": ([hit.title_html] if hit.title_html else []) + hit.snippets}
                    for hit in results.hits],
        "facets": {"network": [facet.__dict__ for facet in results.facets["networks"]],
                   "tag": [facet.__dict__ for facet in results.facets["tags"]],
                   "year": [facet.__dict__ for facet in results.facets["years"]]},
        "suggestion": results.suggestion,
    })


@router.get("/suggest/", response={200: SuggestOut, 503: SearchErrorOut}, summary="Autocomplete titles")
def suggest_titles(request, q: str = Query("", description="The start of what the reader is typing")):
    try:
        items = selectors.suggest(q)
    except SearchUnavailable:
        return _unavailable(request)
    return Status(200, {"query": q[: int(conf.get("SEARCH_QUERY_MAX_LENGTH"))], "suggestions": items})
