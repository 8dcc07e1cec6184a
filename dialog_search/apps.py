from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialog_search"
    verbose_name = _("Search")

    def ready(self):
        from dialog_search import registry, signal_handlers

        registry.load()
        signal_handlers.connect()
