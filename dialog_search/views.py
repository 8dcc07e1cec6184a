"""The search page /sok/: works without JavaScript (facets are links, pagination is links)."""

from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from dialog_search import selectors
from dialog_search.client import SearchUnavailable
from dialog_search.forms import form_from_querydict

TEMPLATE = "dialog_search/search_page.html"


def _url(params, **changes) -> str:
    query = QueryDict(mutable=True)
    values = {"q": params.query, "network": params.networks, "tag": params.tags,
              "year": [str(year) for year in params.years], "sort": params.sort, "page": params.page}
    values.update(changes)
    for name, value in values.items():
        if name == "sort" and value == "relevance":
            continue
        if name == "page" and value == 1:
            continue
        if isinstance(value, list):
            query.setlist(name, value)
        elif value not in ("", None):
            query[name] = str(value)
    return "?" + query.urlencode()


def _toggle(values, value):
    return [item for item in values if item != value] if value in values else [*values, value]


def search_page(request):
    form = form_from_querydict(request.GET)
    context = {"form": form, "query": request.GET.get("q", "")[:200]}
    if not form.is_valid():
        context["errors"] = [str(error) for errors in form.errors.values() for error in errors]
        return render(request, TEMPLATE, context, status=400)
    params = form.params()
    context["query"] = params.query
    if not params.query and not (params.networks or params.tags or params.years):
        return render(request, TEMPLATE, context)
    try:
        results = selectors.search(params)
    except SearchUnavailable:
        context["unavailable"] = _("Sökningen är tillfälligt otillgänglig. Försök igen om en stund.")
        return render(request, TEMPLATE, context, status=503)
    for name, facet_values in results.facets.items():
        field = {"networks": "network", "tags": "tag", "years": "year"}[name]
        current = {"network": params.networks, "tag": params.tags,
                   "year": [str(year) for year in params.years]}[field]
        for facet in facet_values:
            facet.url = _url(params, page=1, **{field: _toggle(current, facet.value)})
    context.update(
        params=params,
        results=results,
        sort_urls={"relevance": _url(params, sort="relevance", page=1), "date": _url(params, sort="date", page=1)},
        previous_url=_url(params, page=params.page - 1) if params.page > 1 else None,
        next_url=_url(params, page=params.page + 1) if params.page < results.pages else None,
        suggestion_url=_url(params, q=results.suggestion, page=1) if results.suggestion else None,
        filtered=bool(params.networks or params.tags or params.years),
        clear_url=_url(params, network=[], tag=[], year=[], page=1),
    )
    return render(request, TEMPLATE, context)
