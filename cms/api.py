"""The one place that mounts every API under /api/.

- /api/v2/: Wagtail's pages, images and documents API (posts and network profiles with their fields).
- /api/: the project's own endpoints (comments, search). Each app contributes a django-ninja Router; it is added here.
- /api/openapi.json (browsable at /api/docs/) describes both: ninja's endpoints and, from cms.openapi_pages, /api/v2/.
- Any other address under /api/ is a JSON 404, never the site's HTML page.
"""

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from wagtail.api.v2.router import WagtailAPIRouter

from blog.api import BlogPagesAPIViewSet
from cms import openapi_pages
from cms.api_v2 import SiteDocumentsAPIViewSet, SiteImagesAPIViewSet
from dialog_moderation.api import install_error_handlers, router as comments_router
from dialog_moderation.inputs import StrictJSONParser
from dialog_search.api import router as search_router

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", BlogPagesAPIViewSet)
api_v2.register_endpoint("images", SiteImagesAPIViewSet)
api_v2.register_endpoint("documents", SiteDocumentsAPIViewSet)


class SiteAPI(NinjaAPI):
    """Ninja's API whose schema also describes the v2 router, mounted beside it at v2/."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi_pages.add_to(schema, prefix=f"{path_prefix}v2/")


site_api = SiteAPI(
    title="Dialog och innovation API",
    version="1.0.0",
    description="Comments and search for the blog Dialog och innovation.",
    urls_namespace="site_api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
    # Every JSON body (today the moderator decisions; the comment submission reads its own the same way).
    parser=StrictJSONParser(),
)


# Bad input is a 400 with a readable message, a refused bearer token a 401 that says what to send: the plugin's answers.
install_error_handlers(site_api)

site_api.add_router("/search/", search_router)
site_api.add_router("/comments/", comments_router)

def not_found(request, unmatched):
    return JsonResponse({"message": _("The address does not exist in the API.")}, status=404)


urlpatterns = [
    path("v2/", api_v2.urls),
    path("", site_api.urls),
    re_path(r"^(?P<unmatched>(?s:.*))$", not_found),  # (?s): a path with a newline is still an API 404
]
