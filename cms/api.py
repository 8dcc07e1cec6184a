"""The one place that mounts every API under /api/.

- /api/v2/: Wagtail's pages, images and documents API (posts and network profiles with their fields).
- /api/: the project's own endpoints (comments, search), described by an OpenAPI schema at /api/openapi.json
  and browsable at /api/docs/. Each app contributes a django-ninja Router; it is added here.
"""

from django.urls import path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from blog.api import BlogPagesAPIViewSet
from moderation.api import router as comments_router
from search.api import router as search_router

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", BlogPagesAPIViewSet)
api_v2.register_endpoint("images", ImagesAPIViewSet)
api_v2.register_endpoint("documents", DocumentsAPIViewSet)

site_api = NinjaAPI(
    title="Dialog och innovation API",
    version="1.0.0",
    description="Kommentarer och sökning för bloggen Dialog och innovation.",
    urls_namespace="site_api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)


@site_api.exception_handler(ValidationError)
def invalid_input(request, exc):
    """Bad input is a 400 with a readable message and the field errors, never ninja's default 422."""
    return site_api.create_response(
        request,
        {"message": _("Uppgifterna är ogiltiga."), "errors": exc.errors},
        status=400,
    )


site_api.add_router("/search/", search_router)
site_api.add_router("/comments/", comments_router)

urlpatterns = [
    path("v2/", api_v2.urls),
    path("", site_api.urls),
]
