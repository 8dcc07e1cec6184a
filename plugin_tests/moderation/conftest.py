import itertools

import pytest
from django.contrib.auth.models import Group

from dialog_moderation import services

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks (mails to moderators and commenters) run at once; the host's database backend would need a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MODERATION_FORM_MIN_SECONDS = 0  # the form is posted at once; the delay itself is tested on its own


@pytest.fixture
def moderators_group(db) -> Group:
    """The group the plugin's migration creates with the moderate_comments permission (its name is translated)."""
    return Group.objects.get(permissions__codename="moderate_comments", permissions__content_type__app_label="dialog_moderation")


@pytest.fixture
def moderator(django_user_model, moderators_group):
    user = django_user_model.objects.create_user("moderator", "moderator@example.com", "pw")
    user.groups.add(moderators_group)
    return user


@pytest.fixture
def editor(django_user_model):
    """A Wagtail editor (admin access) who may not moderate."""
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def submit():
    def make(page, text=None, **fields):
        number = next(_counter)
        fields.setdefault("name", f"Läsare {number}")
        fields.setdefault("email", f"lasare{number}@example.com")
        fields.setdefault("consent", True)
        fields.setdefault("ip", "192.0.2.10")
        return services.comment_submit(page=page, text=text or f"En tanke nummer {number}.", **fields)

    return make
