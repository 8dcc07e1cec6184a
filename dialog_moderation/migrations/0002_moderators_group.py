"""The comment moderators group ("Moderatorer" on a Swedish site): may reach the Wagtail admin and moderate comments.

Its English name is "Comment moderators", not "Moderators": Wagtail's own migrations create a "Moderators" group (page
moderators), and on an English host this migration would otherwise hand that group the comment permission (and its
reversal would delete it).

A group name is data, not a message: Wagtail shows `Group.name` as stored, and people rename groups. So the name is
translated once, here, into the host's LANGUAGE_CODE (msgid "Comment moderators"; "Moderatorer" from the sv catalogue), and
stays stable afterwards whatever language a user later picks. Reversing deletes the group by the same name."""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext


def group_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Comment moderators")


def permission_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Can moderate comments")


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    moderation_type, _ = ContentType.objects.get_or_create(app_label="dialog_moderation", model="commentmoderation")
    moderate, _ = Permission.objects.get_or_create(
        content_type=moderation_type, codename="moderate_comments", defaults={"name": permission_name()}
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=group_name())
    group.permissions.add(moderate, access_admin)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=group_name()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dialog_moderation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
