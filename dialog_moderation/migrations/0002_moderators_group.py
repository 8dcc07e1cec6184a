"""The "Moderatorer" group: may reach the Wagtail admin and moderate comments."""

from django.db import migrations


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    moderation_type, _ = ContentType.objects.get_or_create(app_label="dialog_moderation", model="commentmoderation")
    moderate, _ = Permission.objects.get_or_create(
        content_type=moderation_type, codename="moderate_comments", defaults={"name": "Kan moderera kommentarer"}
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name="Moderatorer")
    group.permissions.add(moderate, access_admin)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderatorer").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dialog_moderation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
