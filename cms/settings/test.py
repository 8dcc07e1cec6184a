"""The test suite: fast hashing, in-memory email, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="dialog-media-")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
# Tests log in with force_login; the login-limit tests switch django-axes on for themselves.
AXES_ENABLED = False
# whitenoise serves from the apps' static folders, as in development; nothing is collected for tests.
STATIC_ROOT = tempfile.mkdtemp(prefix="dialog-static-")
WHITENOISE_USE_FINDERS = True
