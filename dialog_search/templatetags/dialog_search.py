"""{% load dialog_search %}: the search URLs a template needs, by URL name (no path is assumed)."""

from django import template
from django.urls import NoReverseMatch, reverse

from dialog_search import conf

register = template.Library()


@register.simple_tag
def search_suggest_url() -> str:
    """The autocomplete endpoint of the host's API (SEARCH_API_NAMESPACE:suggest_titles), or "" when the host
    has not mounted the search router there (the header box is then a plain form)."""
    try:
        return reverse(f"{conf.get('SEARCH_API_NAMESPACE')}:suggest_titles")
    except NoReverseMatch:
        return ""
