"""The host's URLs: Wagtail's admin and pages, and the plugin's includes where a host chooses to put them."""

from django.urls import include, path
from ninja import NinjaAPI
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from dialog_moderation.api import install_error_handlers, router as comments_router
from dialog_search.api import router as search_router

api = NinjaAPI(title="Test host API", urls_namespace="host_api")
install_error_handlers(api)  # the plugin's JSON error answers (400 with a message, never 422; a clear 401)
api.add_router("/comments/", comments_router)
api.add_router("/search/", search_router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/", api.urls),
    path("search/", include("dialog_search.urls")),
    path("comments/", include("dialog_moderation.urls")),
    path("", include(wagtail_urls)),
]
