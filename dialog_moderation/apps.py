from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


REQUIRED_APPS = ("django_comments_xtd", "django_comments", "django.contrib.sites")


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialog_moderation"
    verbose_name = _("Moderation")

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        _require_apps()

    def ready(self):
        from dialog_moderation import checks, signal_handlers  # noqa: F401

        _default_thread_level()


def _default_thread_level():
    """The plugin's documented default depth (2, a reply to a reply) also where django-comments-xtd enforces it
    (XtdComment.save reads xtd's own setting, whose default is 0): a host that does not set
    COMMENTS_XTD_MAX_THREAD_LEVEL gets 2, a host that sets it keeps its value."""
    from django.conf import settings
    from django_comments_xtd.conf import settings as xtd_settings

    from dialog_moderation.conf import DEFAULTS

    if not hasattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL"):
        settings.COMMENTS_XTD_MAX_THREAD_LEVEL = DEFAULTS["MAX_THREAD_LEVEL"]
        xtd_settings.COMMENTS_XTD_MAX_THREAD_LEVEL = DEFAULTS["MAX_THREAD_LEVEL"]


def _require_apps():
    """dialog_moderation.E005, raised while the app registry is built: without these apps the models cannot even be
    imported (Django would stop with a RuntimeError about XtdComment or Site that names neither the cause nor the
    fix), so this runs before any system check can."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    names = {entry.split(".apps.")[0] for entry in settings.INSTALLED_APPS}
    missing = [name for name in REQUIRED_APPS if name not in names]
    if missing:
        raise ImproperlyConfigured(
            f"dialog_moderation.E005: add {', '.join(repr(name) for name in missing)} to INSTALLED_APPS; the "
            "moderation plugin moderates django-comments-xtd's comments, which need django_comments and "
            "django.contrib.sites (with a SITE_ID).")
