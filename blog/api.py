"""Wagtail's v2 pages endpoint, with a `network` filter and clear 400s for malformed filter values."""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BooleanField
from rest_framework.filters import BaseFilterBackend
from taggit.managers import TaggableManager
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from blog.models import BlogPostPage, NetworkProfilePage
from cms.api_v2 import CheckedAPIViewSetMixin, SearchParametersFilter


class NetworkFilter(BaseFilterBackend):
    """?network=<slug, acronym or id> narrows posts to those concerning that network."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("network")
        if value is None:
            return queryset
        if not issubclass(queryset.model, BlogPostPage):
            raise BadRequestError("the network filter needs type=blog.BlogPostPage")
        value = value.strip()
        if not value or "\x00" in value:
            raise BadRequestError("network filter error. give a network slug, acronym or id")
        networks = NetworkProfilePage.objects.live().public()
        if value.isdigit():
            networks = networks.filter(pk=int(value))
        else:
            networks = networks.filter(slug=value) | networks.filter(acronym__iexact=value)
        return queryset.filter(networks__in=networks).distinct()


class FieldValueFilter(BaseFilterBackend):
    """Rejects field filter values the column cannot hold (?date=not-a-date) before Wagtail's filter queries them.

    Booleans are left to Wagtail's filter, which reads its documented true/false/1/0 (Django's to_python does not
    take "true").
    """

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, (TaggableManager, BooleanField)) or field.is_relation:
                continue
            try:
                field.get_prep_value(field.to_python(value))
            except (ValidationError, ValueError, TypeError) as error:
                message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                raise BadRequestError(f"field filter error. '{value}' is not a valid value for {name} ({message})")
        return queryset


class BlogPagesAPIViewSet(CheckedAPIViewSetMixin, PagesAPIViewSet):
    filter_backends = [NetworkFilter, FieldValueFilter, SearchParametersFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union({"network"})

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only=db_fields_only)
        if db_fields_only:
            # Many-to-many values are matched through ?network=, which validates its input.
            fields = [name for name in fields if name != "networks"]
        return fields
