from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = _("The site")

    def ready(self):
        from cms.widget_start import start_choosers_without_inline_scripts

        start_choosers_without_inline_scripts()

        from django.db.models.signals import post_migrate

        from cms.permissions import translate_permission_names
        from cms.wagtail_labels import label_wagtail_fields

        post_migrate.connect(translate_permission_names, dispatch_uid="cms.translate_permission_names")
        label_wagtail_fields()
