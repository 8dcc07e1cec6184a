"""Permission names in the site's language.

Django stores `Permission.name` as data, written once by `create_permissions` as "Can add <verbose_name_raw>" in
English, and Wagtail's group editor prints the stored name (its screen-reader labels read "Can add page", "Publish
any page"). After every migrate this puts each name into LANGUAGE_CODE: Django's four default actions through the
site catalogue's "Can add %(name)s" and friends with the model's translated verbose name; a model's own
`Meta.permissions` through the msgid it declares (Wagtail's "Publish any page" and the like are in its catalogues).
"""

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

DEFAULT_ACTIONS = {
    "add": lambda name: gettext("Can add %(name)s") % {"name": name},
    "change": lambda name: gettext("Can change %(name)s") % {"name": name},
    "delete": lambda name: gettext("Can delete %(name)s") % {"name": name},
    "view": lambda name: gettext("Can view %(name)s") % {"name": name},
}


def translated_name(permission, model) -> str | None:
    declared = dict(model._meta.permissions)
    if permission.codename in declared:
        return str(declared[permission.codename])
    action, _sep, model_name = permission.codename.partition("_")
    if model_name == model._meta.model_name and action in DEFAULT_ACTIONS:
        return DEFAULT_ACTIONS[action](str(model._meta.verbose_name))
    return None


def translate_permission_names(sender, using="default", **kwargs):
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.name != with_models[-1].name:
        return  # once, after the last app post_migrate is sent for: every app's permissions exist by then
    from django.contrib.auth.models import Permission

    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.using(using).select_related("content_type"):
            model = permission.content_type.model_class()
            name = translated_name(permission, model) if model else None
            if name and name[:255] != permission.name:
                permission.name = name[:255]
                permission.save(update_fields=["name"], using=using)
