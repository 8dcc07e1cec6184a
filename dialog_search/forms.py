"""The search parameters, validated the same way for the search page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialog_moderation.inputs import StrictInputMixin
from dialog_search import conf, queries, registry

MAX_FILTER_VALUES = 20
MAX_FILTER_LENGTH = 100


def max_page() -> int:
    return max(1, int(conf.get("SEARCH_MAX_RESULT_WINDOW")) // int(conf.get("SEARCH_RESULTS_PER_PAGE")))


class FilterValuesField(forms.Field):
    """Repeated GET values (?tag=a&tag=b), each a short string."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [item.strip() for item in (value or []) if item and item.strip()]
        if len(values) > MAX_FILTER_VALUES or any(len(item) > MAX_FILTER_LENGTH for item in values):
            raise forms.ValidationError(_("Too many or too long filter values."))
        return list(dict.fromkeys(values))


class SearchForm(StrictInputMixin, forms.Form):
    """One repeatable field per facet (its ``param``: the host's facets, ``tag`` and ``year``)."""

    sort = forms.ChoiceField(choices=[(sort, sort) for sort in queries.SORTS], required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        # The facet fields first (their errors come first), before StrictInputMixin checks the values.
        self.base_fields = {**{facet.param: FilterValuesField(required=False) for facet in registry.facets()},
                            **type(self).base_fields}
        super().__init__(*args, **kwargs)

    def clean_year(self):
        years = []
        for value in self.cleaned_data["year"]:
            if not value.isdigit() or not 1900 <= int(value) <= 2100:
                raise forms.ValidationError(_("The year must be a year between 1900 and 2100."))
            years.append(int(value))
        return years

    def clean_page(self):
        page = self.cleaned_data["page"] or 1
        if page > max_page():
            raise forms.ValidationError(_("The page number is too high (at most %(max)s).") % {"max": max_page()})
        return page

    def params(self) -> queries.SearchParams:
        data = self.cleaned_data
        return queries.SearchParams(
            # The query text is never rejected, only cleaned (control characters, length): any text is a search.
            query=queries.clean_query(self.data.get("q", "")),
            filters={facet.name: data[facet.param] for facet in registry.facets() if data[facet.param]},
            sort=data["sort"] or "relevance",
            page=data["page"],
            per_page=int(conf.get("SEARCH_RESULTS_PER_PAGE")),
        )


def form_from_querydict(querydict) -> SearchForm:
    data = {"q": querydict.get("q", ""), "sort": querydict.get("sort", ""), "page": querydict.get("page", "")}
    for facet in registry.facets():
        data[facet.param] = querydict.getlist(facet.param)
    return SearchForm(data)
