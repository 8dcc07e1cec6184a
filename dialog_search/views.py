"""The search page (URL name dialog_search:page): works without JavaScript (facets and pagination are links)."""

from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from dialog_search import registry, selectors
from dialog_search.client import SearchUnavailable
from dialog_search.forms import form_from_querydict

TEMPLATE = "dialog_search/search_page.html"


def _url(params, **changes) -> str:
    query = QueryDict(mutable=True)
    values = {"q": params.query, **{facet.param: [str(value) for value in params.selected(facet.name)]
                                    for facet in registry.facets()},
              "sort": params.sort, "page": params.page}
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
    context["hidden_filters"] = [(facet.param, value) for facet in registry.facets()
                                 for value in params.selected(facet.name)]
    if not params.query and not params.filtered:
        return render(request, TEMPLATE, context)
    try:
        results = selectors.search(params)
    except SearchUnavailable:
        context["unavailable"] = _("Search is temporarily unavailable. Please try again in a moment.")
        return render(request, TEMPLATE, context, status=503)
    facet_groups = []
    for facet in registry.facets():
        current = [str(value) for value in params.selected(facet.name)]
        values = results.facets.get(facet.name, [])
        for value in values:
            value.url = _url(params, page=1, **{facet.param: _toggle(current, value.value)})
        facet_groups.append({"facet": facet, "values": values})
    context.update(
        params=params,
        results=results,
        sort_urls={"relevance": _url(params, sort="relevance", page=1), "date": _url(params, sort="date", page=1)},
        previous_url=_url(params, page=params.page - 1) if params.page > 1 else None,
        next_url=_url(params, page=params.page + 1) if params.page < results.pages else None,
        suggestion_url=_url(params, q=results.suggestion, page=1) if results.suggestion else None,
        facet_groups=facet_groups,
        filtered=params.filtered,
        clear_url=_url(params, page=1, **{facet.param: [] for facet in registry.facets()}),
    )
    return render(request, TEMPLATE, context)
