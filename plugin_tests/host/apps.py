from django.apps import AppConfig


class HostConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plugin_tests.host"
    label = "host"
    verbose_name = "Test host"
