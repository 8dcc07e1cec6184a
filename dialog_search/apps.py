from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialog_search"
    verbose_name = _("Search")

    def ready(self):
        from dialog_search import checks, registry, signal_handlers  # noqa: F401

        registry.load()
        signal_handlers.connect()
