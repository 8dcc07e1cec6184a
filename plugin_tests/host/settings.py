"""Settings of the minimal test host: only what the plugin's README asks a Wagtail site to add.

DATABASE_URL picks the database (PostgreSQL in CI); without it an SQLite file in a temporary folder.
ELASTICSEARCH_URL is set by the tests' Elasticsearch node (tests.plugins.elasticsearch_node) when one is needed.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url

HOST_DIR = Path(__file__).resolve().parent

SECRET_KEY = "plugin-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "plugin_tests.host",
    "dialog_moderation",
    "dialog_search",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",  # Wagtail's API tokens admin (the moderator API's bearer tokens)
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_comments_xtd",
    "django_comments",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "plugin_tests.host.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{Path(tempfile.mkdtemp(prefix='plugin-tests-db-')) / 'host.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text fields there, which Django 6 only accepts with this app
    # installed (its system check postgres.E005); any host on PostgreSQL and Django 6 needs the same line.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "sv"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = tempfile.mkdtemp(prefix="plugin-tests-static-")
MEDIA_ROOT = tempfile.mkdtemp(prefix="plugin-tests-media-")
MEDIA_URL = "/media/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

SITE_ID = 1
WAGTAIL_SITE_NAME = "Testvärd"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# What the plugin needs from a host (dialog_moderation/README.md, dialog_search/README.md).
COMMENTS_APP = "django_comments_xtd"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# No MODERATION_* or COMMENTS_XTD_* settings: the plugin's documented defaults are what these tests check.

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = "plugin-tests"
SEARCH_REGISTRY_MODULES = ["plugin_tests.host.search"]
SEARCH_API_NAMESPACE = "host_api"  # urls.py mounts the search router on its NinjaAPI(urls_namespace="host_api")
