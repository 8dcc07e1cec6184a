"""The host's URLs: Wagtail's admin and pages, and the plugin's includes where a host chooses to put them."""

from django.urls import include, path
from ninja import NinjaAPI
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from dialog_moderation.api import router as comments_router
from dialog_search.api import router as search_router

api = NinjaAPI(title="Test host API", urls_namespace="host_api")
api.add_router("/comments/", comments_router)
api.add_router("/search/", search_router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/", api.urls),
    path("search/", include("dialog_search.urls")),
    path("comments/", include("dialog_moderation.urls")),
    path("", include(wagtail_urls)),
]
