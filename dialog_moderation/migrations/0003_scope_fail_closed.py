"""Scopes fail closed: a deleted root empties the scope instead of deleting it, and seeing every comment takes an
explicit whole-site scope. Groups that hold the moderate permission without any scope saw every comment until now
(the "Moderatorer" group of 0002 among them); each gets a whole-site scope so existing installs keep that."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_unscoped_groups_the_whole_site(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ModeratorScope = apps.get_model("dialog_moderation", "ModeratorScope")
    groups = Group.objects.filter(
        permissions__codename="moderate_comments", permissions__content_type__app_label="dialog_moderation"
    ).exclude(comment_scopes__isnull=False).distinct()
    ModeratorScope.objects.bulk_create([ModeratorScope(group=group, whole_site=True) for group in groups])


def remove_whole_site_scopes(apps, schema_editor):
    # Before 0003 a group without scopes saw everything and a scope always had a root.
    apps.get_model("dialog_moderation", "ModeratorScope").objects.filter(root__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dialog_moderation", "0002_moderators_group"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="moderatorscope",
            name="root",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL, verbose_name="sidträd",
                help_text="Gruppen modererar kommentarerna på sidorna under den här sidan.",
            ),
        ),
        migrations.AddField(
            model_name="moderatorscope",
            name="whole_site",
            field=models.BooleanField(
                default=False, verbose_name="hela webbplatsen",
                help_text="Gruppen modererar alla kommentarer på webbplatsen. Lämna då sidträdet tomt.",
            ),
        ),
        migrations.AddConstraint(
            model_name="moderatorscope",
            constraint=models.UniqueConstraint(
                condition=models.Q(whole_site=True), fields=("group",),
                name="moderation_scope_one_whole_site_per_group",
            ),
        ),
        migrations.RunPython(give_unscoped_groups_the_whole_site, remove_whole_site_scopes),
    ]
