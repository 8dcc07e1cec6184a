from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialog_moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from dialog_moderation import signal_handlers  # noqa: F401
