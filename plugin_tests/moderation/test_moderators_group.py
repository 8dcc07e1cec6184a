"""The plugin's group migration on an English host: Wagtail's own "Moderators" group (page moderators, made by
Wagtail's migrations) must neither gain the comment permission nor be deleted when the migration is reversed."""
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

migration = import_module("dialog_moderation.migrations.0002_moderators_group")


def comment_moderating_groups():
    return set(Group.objects.filter(permissions__codename="moderate_comments",
                                    permissions__content_type__app_label="dialog_moderation")
               .values_list("name", flat=True))


@pytest.mark.django_db
def test_an_english_host_gets_its_own_comment_moderators_group(settings):
    wagtail_moderators = Group.objects.get(name="Moderators")  # Wagtail's, there on every Wagtail site
    settings.LANGUAGE_CODE = "en"
    migration.create_group(apps, None)
    assert "Comment moderators" in comment_moderating_groups()
    assert "Moderators" not in comment_moderating_groups()
    assert not wagtail_moderators.permissions.filter(codename="moderate_comments").exists()

    migration.remove_group(apps, None)
    assert Group.objects.filter(pk=wagtail_moderators.pk).exists()
    assert not Group.objects.filter(name="Comment moderators").exists()


@pytest.mark.django_db
def test_a_swedish_host_gets_moderatorer(settings):
    settings.LANGUAGE_CODE = "sv"
    assert migration.group_name() == "Moderatorer"
    assert "Moderatorer" in comment_moderating_groups()  # made when the test database was migrated (sv host)
