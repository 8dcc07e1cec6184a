"""The moderators group may create, rename and revoke its members' own Wagtail API tokens (Settings → API tokens
in the admin), the bearer tokens of the moderator API. Wagtail lets a user without change_user manage only their
own tokens, so this gives no one a token of someone else."""

from django.db import migrations

CODENAMES = {"add_apitoken": "Can add API token", "change_apitoken": "Can change API token",
             "delete_apitoken": "Can delete API token"}


def moderators_group(apps):
    """The group 0002 made: the one holding the moderate_comments permission (its name is translated)."""
    Group = apps.get_model("auth", "Group")
    return Group.objects.filter(permissions__codename="moderate_comments",
                                permissions__content_type__app_label="dialog_moderation").order_by("pk").first()


def grant(apps, schema_editor):
    group = moderators_group(apps)
    if group is None:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    token_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="apitoken")
    for codename, name in CODENAMES.items():
        permission, _ = Permission.objects.get_or_create(content_type=token_type, codename=codename,
                                                         defaults={"name": name})
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    group = moderators_group(apps)
    if group is not None:
        group.permissions.remove(*apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="wagtailcore", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("dialog_moderation", "0010_remove_moderator_api_token"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
