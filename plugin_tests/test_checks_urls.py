"""A URLconf without the plugin's includes, for test_checks (not a test module: it has no tests)."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [path("admin/", include(wagtailadmin_urls))]
