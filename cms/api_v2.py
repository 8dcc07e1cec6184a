"""Wagtail's v2 endpoints with their malformed-input holes closed: a bad parameter is a 400, never a 500.

Found by fuzzing (tests/api/test_fuzz.py): Wagtail hands ?id= of the find views, ?offset= and ?search= /
?search_operator= to the database or the search backend unchecked, which raises. The pages endpoint
(blog.api.BlogPagesAPIViewSet) uses the same pieces as the images and documents endpoints here.
"""

from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

# Larger offsets and ids overflow the database's integer columns (SQLite raises, PostgreSQL refuses bigint).
MAX_INTEGER = 2**31 - 1
SEARCH_OPERATORS = ("and", "or")


def checked_integer(request, name: str) -> int | None:
    """The parameter as a non-negative integer no larger than MAX_INTEGER, None when absent; otherwise a 400."""
    value = request.GET.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()):
        raise BadRequestError(f"{name} must be a positive integer")
    if int(value) > MAX_INTEGER:
        raise BadRequestError(f"{name} cannot be higher than {MAX_INTEGER}")
    return int(value)


class CheckedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        checked_integer(request, "offset")
        return super().paginate_queryset(queryset, request, view)


class SearchParametersFilter(BaseFilterBackend):
    """Checks ?search= and ?search_operator= before Wagtail's SearchFilter passes them to the search backend."""

    def filter_queryset(self, request, queryset, view):
        if "\x00" in request.GET.get("search", ""):
            raise BadRequestError("search error. null characters are not allowed")
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        return queryset


class CheckedAPIViewSetMixin:
    """For a BaseAPIViewSet: checked pagination and a checked ?id= on the find view."""

    pagination_class = CheckedPagination

    def find_object(self, queryset, request):
        checked_integer(request, "id")
        return super().find_object(queryset, request)


class SiteImagesAPIViewSet(CheckedAPIViewSetMixin, ImagesAPIViewSet):
    filter_backends = [FieldsFilter, OrderingFilter, SearchParametersFilter, SearchFilter]


class SiteDocumentsAPIViewSet(CheckedAPIViewSetMixin, DocumentsAPIViewSet):
    filter_backends = [FieldsFilter, OrderingFilter, SearchParametersFilter, SearchFilter]
