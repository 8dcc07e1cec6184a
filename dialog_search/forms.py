"""The search parameters, validated the same way for the search page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialog_moderation.inputs import StrictInputMixin
from dialog_search import conf, queries

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
            raise forms.ValidationError(_("För många eller för långa filtervärden."))
        return list(dict.fromkeys(values))


class SearchForm(StrictInputMixin, forms.Form):
    network = FilterValuesField(required=False)
    tag = FilterValuesField(required=False)
    year = FilterValuesField(required=False)
    sort = forms.ChoiceField(choices=[(sort, sort) for sort in queries.SORTS], required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def clean_year(self):
        years = []
        for value in self.cleaned_data["year"]:
            if not value.isdigit() or not 1900 <= int(value) <= 2100:
                raise forms.ValidationError(_("Årtalet måste vara ett år mellan 1900 och 2100."))
            years.append(int(value))
        return years

    def clean_page(self):
        page = self.cleaned_data["page"] or 1
        if page > max_page():
            raise forms.ValidationError(_("Sidnumret är för högt (högst %(max)s).") % {"max": max_page()})
        return page

    def params(self) -> queries.SearchParams:
        data = self.cleaned_data
        return queries.SearchParams(
            # The query text is never rejected, only cleaned (control characters, length): any text is a search.
            query=queries.clean_query(self.data.get("q", "")),
            networks=data["network"],
            tags=data["tag"],
            years=data["year"],
            sort=data["sort"] or "relevance",
            page=data["page"],
            per_page=int(conf.get("SEARCH_RESULTS_PER_PAGE")),
        )


def form_from_querydict(querydict) -> SearchForm:
    data = {"q": querydict.get("q", ""), "sort": querydict.get("sort", ""), "page": querydict.get("page", "")}
    for name in ("network", "tag", "year"):
        data[name] = querydict.getlist(name)
    return SearchForm(data)
