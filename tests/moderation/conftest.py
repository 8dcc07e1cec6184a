import itertools

import pytest
from django.contrib.auth.models import Group

from dialog_moderation import services
from tests import demo_snapshot
from dialog_moderation.forms import form_token

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def moderation_settings(settings):
    settings.MODERATION_FORM_MIN_SECONDS = 0
    settings.MODERATION_RATE_LIMIT_PER_IP = 1000
    settings.MODERATION_RATE_LIMIT_PER_EMAIL = 1000
    settings.MODERATION_NOTIFY_INTERVAL = 15
    return settings


@pytest.fixture
def immediate_tasks(settings):
    """Run django-tasks at once (the site uses the database backend and a worker). Call it after creating pages,
    so search's index tasks for those pages are not run against an absent Elasticsearch."""

    def switch():
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    return switch


@pytest.fixture
def moderators_group(db):
    return Group.objects.get(name="Moderatorer")


@pytest.fixture
def scoped_moderator(django_user_model, moderators_group):
    """`scoped_moderator(root, username)`: a moderator in a group of its own, limited to the pages under root."""
    from dialog_moderation.models import ModeratorScope

    def make(root, username):
        group = Group.objects.create(name=f"Moderatorer {username}")
        group.permissions.set(moderators_group.permissions.all())
        ModeratorScope.objects.create(group=group, root=root)
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
        user.groups.add(group)
        return user

    return make


@pytest.fixture
def moderator(django_user_model, moderators_group):
    user = django_user_model.objects.create_user("moderator", "moderator@example.com", "pw")
    user.groups.add(moderators_group)
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def submit():
    """Submits a comment through the service, with distinct senders unless told otherwise."""

    def make(page, text=None, **fields):
        number = next(_counter)
        fields.setdefault("name", f"Läsare {number}")
        fields.setdefault("email", f"lasare{number}@example.com")
        fields.setdefault("consent", True)
        fields.setdefault("ip", "192.0.2.10")
        return services.comment_submit(page=page, text=text or f"En tanke nummer {number} om upphandling.", **fields)

    return make


@pytest.fixture
def approved(submit, superuser):
    def make(page, text=None, **fields):
        comment = submit(page, text, **fields)
        services.comment_approve(comment=comment, by=superuser)
        comment.refresh_from_db()
        return comment

    return make


def form_data(target, /, **overrides):
    data = {
        "page": str(target.pk),
        "name": "Anna Andersson",
        "email": "anna@example.com",
        "text": "Intressant inlägg om innovationsupphandling.",
        "consent": "on",
        "ts": form_token(target.pk),
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}



# --- transactional (PostgreSQL) tests -------------------------------------------------------------------------
# Django empties every table after a transactional test. The demo database is serialised once, restored by
# Django before each such test (serialized_rollback) and put back after it here, so later tests find the demo.


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_snapshot.take()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or item.get_closest_marker("postgres") is None or "_demo_snapshot" not in item.fixturenames:
        return  # nothing follows (the test database is being dropped) or nothing was emptied
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        demo_snapshot.restore()
