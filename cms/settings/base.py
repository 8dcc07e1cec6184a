"""Settings shared by every environment. Environment variables override the safe defaults."""

import datetime
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str
from .media import media_origins, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "blog",
    "dialog_moderation",
    "dialog_search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    # Wagtail's API tokens: the moderator API's bearer tokens, managed under each account in the admin.
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    # Swagger UI for /api/docs/ from ninja's own static files: the site's policy refuses a CDN.
    "ninja",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_comments_xtd",
    "django_comments",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, so static files go out without a policy; the admin gets its own (cms/csp.py).
    "cms.csp.ContentSecurityPolicyMiddleware",
    # A database error anywhere below becomes a Swedish 503 with Retry-After (JSON under /api/), never a 500.
    "cms.middleware.DatabaseUnavailableMiddleware",
    # Before anything reads a parameter: a charset that can decode to lone surrogates is a 400.
    "cms.middleware.RequestEncodingMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

CSRF_FAILURE_VIEW = "cms.errors.csrf_failure"  # Swedish, and a refused comment is shown back

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite in a local file unless DATABASE_URL points elsewhere (PostgreSQL in CI and production). A kept-open
# connection is tested before each request reuses it, so a restarted database costs no failed requests.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# SQLite (development, tests) takes one writer at a time. In WAL mode readers never wait for the writer; a transaction
# takes the write lock when it begins (IMMEDIATE), so it waits its turn for up to SQLITE_TIMEOUT seconds instead of
# failing with "database is locked" when it turns from reading to writing while the task worker writes.
SQLITE_TIMEOUT = env_int("SQLITE_TIMEOUT", 20)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_TIMEOUT,
            **_database.get("OPTIONS", {}),
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin logins are limited per user name and IP address: after AXES_FAILURE_LIMIT failures the pair is locked
# out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_CLIENT_IP_CALLABLE = "dialog_moderation.http.client_ip"  # the same trusted-proxy rule as comments

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# The site's catalogue comes before every app's: it holds the site's own strings and the Swedish that Wagtail 8.0.1's
# catalogues lack ("A comma-separated list of tags.", "Exploring: …", "1-7 of 7 pages"), see cms/locale.
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded media go to MEDIA_ROOT on the local disk, or to an S3 bucket (AWS, MinIO, any S3-compatible service)
# when AWS_STORAGE_BUCKET_NAME is set: see cms/settings/media.py. Static files stay with whitenoise either way.
STORAGES = {
    "default": s3_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SITE_ID = 1
WAGTAIL_SITE_NAME = "Dialog och innovation"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin calls no third party from editors' browsers: no Gravatar (it sends a hash of the email address away),
# no release check (releases.wagtail.org). Both would also need origins in the admin's Content-Security-Policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "gif": "webp", "png": "webp", "jpeg": "webp", "webp": "webp"}
# Uploads: raster images only (never SVG), bounded in bytes and pixels; Wagtail checks the content matches the type.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_MB", 10) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_MEGAPIXELS", 40) * 1_000_000
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# The headless API: Wagtail's v2 API; cross-origin callers are named explicitly.
WAGTAILAPI_BASE_URL = env_str("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILAPI_LIMIT_MAX = 100
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Background work (Wagtail's own tasks and search indexing): a durable queue in the database, run by
# `manage.py db_worker`. A task is inserted in the transaction of the change that caused it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task RUNNING this long (seconds) whose worker ran on another host is taken as abandoned and queued again when
# a worker starts (cms/services.py); a worker on this host that is gone is noticed at once.
TASKS_ABANDONED_AFTER = env_int("TASKS_ABANDONED_AFTER", 900)
# A task that fails because SQLite was locked by another writer is queued again this many times (1, 2, 4 … s apart).
TASKS_LOCKED_RETRIES = env_int("TASKS_LOCKED_RETRIES", 8)
# Every task worker runs Wagtail's publish_scheduled (go-live and expiry dates) this often, in seconds; one worker
# at a time (a row lock on cms.PeriodicJob), so several workers publish once. 0 turns it off.
SCHEDULED_PUBLISHING_INTERVAL = env_int("SCHEDULED_PUBLISHING_INTERVAL", 30)

# --- search ---
# Elasticsearch for the reader search (search/). One URL or a comma-separated list; an empty value or
# SEARCH_ENABLED=0 turns search off (the search page and API answer 503, publishing enqueues nothing).
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL", "http://127.0.0.1:9201")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "dialog")
ELASTICSEARCH_TIMEOUT = float(env_str("ELASTICSEARCH_TIMEOUT", "2.5"))  # seconds, readers' searches
ELASTICSEARCH_INDEX_TIMEOUT = float(env_str("ELASTICSEARCH_INDEX_TIMEOUT", "30"))  # seconds, indexing
ELASTICSEARCH_SHARDS = env_int("ELASTICSEARCH_SHARDS", 1)  # primary shards of a new index
ELASTICSEARCH_REPLICAS = env_str("ELASTICSEARCH_REPLICAS", "0-1")  # auto_expand_replicas range of a new index
# Production clusters speak TLS (https:// URLs) and want an API key, or a user name and password.
ELASTICSEARCH_API_KEY = env_str("ELASTICSEARCH_API_KEY")
ELASTICSEARCH_USERNAME = env_str("ELASTICSEARCH_USERNAME")
ELASTICSEARCH_PASSWORD = env_str("ELASTICSEARCH_PASSWORD")
ELASTICSEARCH_CA_CERTS = env_str("ELASTICSEARCH_CA_CERTS")  # path to the CA bundle that signed the cluster
SEARCH_ENABLED = env_bool("SEARCH_ENABLED", True)
SEARCH_REGISTRY_MODULES = ["blog.search"]  # the modules that tell search which pages are indexed and how
SEARCH_RESULTS_PER_PAGE = env_int("SEARCH_RESULTS_PER_PAGE", 10)
SEARCH_QUERY_MAX_LENGTH = env_int("SEARCH_QUERY_MAX_LENGTH", 200)  # characters; longer queries are cut
SEARCH_TASK_RETRY_DELAY = float(env_str("SEARCH_TASK_RETRY_DELAY", "5"))  # first retry while ES is away, doubling
SEARCH_TASK_RETRY_MAX_DELAY = float(env_str("SEARCH_TASK_RETRY_MAX_DELAY", "60"))
# --- end search ---

# django-comments-xtd is the comment engine under moderation/.
COMMENTS_APP = "django_comments_xtd"

# --- moderation --- (every knob and its default is documented in moderation/conf.py)
COMMENTS_XTD_MAX_THREAD_LEVEL = env_int("COMMENTS_XTD_MAX_THREAD_LEVEL", 2)  # a reply to a reply, no deeper
COMMENTS_XTD_CONFIRM_EMAIL = False  # xtd's pickled links are never used; moderation signs its own (JSON, expiring)
COMMENT_MAX_LENGTH = env_int("MODERATION_MAX_LENGTH", 3000)
MODERATION_MAX_LENGTH = COMMENT_MAX_LENGTH
MODERATION_MAX_LINKS = env_int("MODERATION_MAX_LINKS", 2)
MODERATION_RATE_LIMIT_WINDOW = env_int("MODERATION_RATE_LIMIT_WINDOW", 3600)  # seconds
MODERATION_RATE_LIMIT_PER_IP = env_int("MODERATION_RATE_LIMIT_PER_IP", 10)
MODERATION_RATE_LIMIT_PER_EMAIL = env_int("MODERATION_RATE_LIMIT_PER_EMAIL", 5)
MODERATION_AUTO_APPROVE_KNOWN = env_bool("MODERATION_AUTO_APPROVE_KNOWN", False)
MODERATION_CONFIRM_EMAIL = env_bool("MODERATION_CONFIRM_EMAIL", False)
MODERATION_NOTIFY_INTERVAL = env_int("MODERATION_NOTIFY_INTERVAL", 15)  # minutes between two moderator mails
MODERATION_CLOSE_AFTER_DAYS = env_int("MODERATION_CLOSE_AFTER_DAYS", 0)  # 0: comments never close by themselves
MODERATION_TRUSTED_PROXY_COUNT = env_int("MODERATION_TRUSTED_PROXY_COUNT", 0)
MODERATION_IP_RETENTION_DAYS = env_int("MODERATION_IP_RETENTION_DAYS", 30)
# --- end moderation ---

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Dialog och innovation <noreply@localhost>")

# Security headers that hold in every environment; production.py tightens transport security.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its preview views SAMEORIGIN itself
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp), sent in every environment. The public pages load only their own
# stylesheet and static scripts: nothing inline, nothing from elsewhere but uploaded images from the media origin.
# The Wagtail admin gets CONTENT_SECURITY_POLICY_ADMIN under /admin/ (cms/csp.py): what it adds, and why, below.
# CSP_REPORT_ONLY=1 sends both as Content-Security-Policy-Report-Only (nothing is blocked, violations are reported
# to CSP_REPORT_URI when set), for trying out a change on a live site.
_csp_public = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *media_origins()],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
_csp_admin = {
    **_csp_public,
    # Wagtail shows an image chosen for upload before it is sent, from a blob: URL.
    "img-src": [*_csp_public["img-src"], "blob:"],
    # Draftail (the rich-text editor) renders <style> elements of its own: numbering of deeply nested lists and the
    # placeholder of an empty block, text that changes as one types, so neither a hash nor a nonce can name it.
    # Only <style> elements: style="" attributes stay refused (style-src), and scripts stay strict. CSS cannot
    # send anything away: images, fonts and connections are limited to the site itself.
    "style-src-elem": ["'self'", "'unsafe-inline'"],
    # The page editor's preview panel frames the admin's own preview view.
    "frame-ancestors": ["'self'"],
}
# A preview (Wagtail renders the public page for the editor's preview panel): the public policy, framed by the admin.
_csp_preview = {**_csp_public, "frame-ancestors": ["'self'"]}
_csp_report_uri = env_str("CSP_REPORT_URI")
if _csp_report_uri:
    for _directives in (_csp_public, _csp_admin, _csp_preview):
        _directives["report-uri"] = [_csp_report_uri]
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp_public}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp_public}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": _csp_admin, "URL_PREFIXES": ["/admin/"], "PREVIEW_DIRECTIVES": _csp_preview}

BLOG_POSTS_PER_PAGE = env_int("BLOG_POSTS_PER_PAGE", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        app: {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False}
        for app in ("cms", "blog", "dialog_moderation", "dialog_search")
    },
}
