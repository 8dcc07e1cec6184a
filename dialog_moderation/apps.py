from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialog_moderation"
    verbose_name = _("Moderation")

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
