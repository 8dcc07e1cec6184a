"""Moderator API tokens are Wagtail's own `wagtail.models.APIToken` (issue 10): the plugin's ModeratorApiToken goes.

Its tokens are not carried over: only a SHA-256 digest was kept, and Wagtail stores an HMAC with the SECRET_KEY, so
an old token cannot be turned into a new one. Moderators make a new one (`manage.py api_tokens create --user U
--name N`, or Settings > API tokens in the admin). So that they can, the moderators group is given Wagtail's
add/change/delete permissions on API tokens; Wagtail lets a user without "change user" manage only their own tokens.
"""

import importlib

from django.db import migrations

# The group's name as 0002 made it (translated once into LANGUAGE_CODE).
group_name = importlib.import_module("dialog_moderation.migrations.0002_moderators_group").group_name

TOKEN_PERMISSIONS = {
    "add_apitoken": "Can add API token", "change_apitoken": "Can change API token",
    "delete_apitoken": "Can delete API token",
}


def token_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    token_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="apitoken")
    return [Permission.objects.get_or_create(content_type=token_type, codename=codename, defaults={"name": name})[0]
            for codename, name in TOKEN_PERMISSIONS.items()]


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=group_name()).first()
    if group is not None:
        group.permissions.add(*token_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=group_name()).first()
    if group is not None:
        group.permissions.remove(*token_permissions(apps))


class Migration(migrations.Migration):

    dependencies = [
        ("dialog_moderation", "0009_english_msgids"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.DeleteModel(name="ModeratorApiToken"),
        migrations.RunPython(grant, revoke),
    ]
