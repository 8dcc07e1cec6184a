"""Moderator scopes fail closed: a group sees only what its scopes name, a deleted root narrows instead of widening,
and every read that shows comment data to a moderator (queue, detail, the sender's earlier comments, counts,
notifications, the moderator API) goes through the one selector, moderations_for."""

import json

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core import mail
from importlib import import_module

from dialog_moderation import selectors
from dialog_moderation.models import CommentModeration, ModeratorScope
from dialog_moderation.notifications import moderators_notify
from wagtail.models import APIToken

QUEUE = "/admin/moderation/"
API = "/api/comments/moderation/"


def moderate_permission():
    return Permission.objects.get(codename="moderate_comments", content_type__app_label="dialog_moderation")


@pytest.fixture
def group_moderator(django_user_model):
    """`group_moderator(username, *scopes)`: a moderator in a group of their own with these scopes
    (a page for a subtree, "site" for the whole site, none for a group without scopes)."""

    def make(username, *scopes):
        group = Group.objects.create(name=f"Grupp {username}")
        group.permissions.add(moderate_permission(), Permission.objects.get(codename="access_admin"))
        for scope in scopes:
            if scope == "site":
                ModeratorScope.objects.create(group=group, whole_site=True)
            else:
                ModeratorScope.objects.create(group=group, root=scope)
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
        user.groups.add(group)
        return user

    return make


@pytest.fixture
def two_posts(make_post, submit):
    inside, outside = make_post("Inom området"), make_post("Utanför området")
    return {"inside": inside, "outside": outside,
            "mine": submit(inside, "Kommentar inom området", email="samma@example.com"),
            "theirs": submit(outside, "Kommentar utanför området", email="samma@example.com")}


def visible_ids(user):
    return set(selectors.moderations_for(user=user).values_list("comment_id", flat=True))


@pytest.mark.django_db
class TestFailClosed:
    def test_deleting_the_root_keeps_the_scope_and_the_group_sees_nothing(self, group_moderator, two_posts,
                                                                         client):
        user = group_moderator("scoped", two_posts["inside"])
        assert two_posts["mine"].pk in visible_ids(user) and two_posts["theirs"].pk not in visible_ids(user)
        two_posts["inside"].delete()
        scope = ModeratorScope.objects.get(group__user=user)
        assert scope.root_id is None and not scope.whole_site
        assert visible_ids(user) == set()
        client.force_login(user)
        assert "Kommentar utanför området" not in client.get(QUEUE, {"state": "all"}).content.decode()
        assert client.get(f"{QUEUE}{two_posts['theirs'].pk}/").status_code == 404

    def test_group_that_lost_every_root_sees_nothing_even_with_other_lost_scopes(self, group_moderator, make_post,
                                                                                two_posts):
        other = make_post("Ett annat område")
        user = group_moderator("twice", two_posts["inside"], other)
        two_posts["inside"].delete()
        assert visible_ids(user) == set()
        other.delete()
        assert visible_ids(user) == set()

    def test_group_with_the_permission_and_no_scope_sees_nothing(self, group_moderator, two_posts):
        assert visible_ids(group_moderator("unscoped")) == set()

    def test_whole_site_scope_sees_everything(self, group_moderator, two_posts):
        assert {two_posts["mine"].pk, two_posts["theirs"].pk} <= visible_ids(group_moderator("all", "site"))

    def test_whole_site_in_one_group_wins_over_a_narrow_scope_in_another(self, group_moderator, two_posts):
        user = group_moderator("narrow", two_posts["inside"])
        user.groups.add(Group.objects.get(name="Moderatorer"))
        assert two_posts["theirs"].pk in visible_ids(user)

    def test_permission_given_directly_is_the_whole_site(self, django_user_model, two_posts):
        user = django_user_model.objects.create_user("direct", "direct@example.com", "pw")
        user.user_permissions.add(moderate_permission())
        assert {two_posts["mine"].pk, two_posts["theirs"].pk} <= visible_ids(user)

    def test_superuser_sees_everything_and_others_nothing(self, superuser, editor, two_posts):
        assert {two_posts["mine"].pk, two_posts["theirs"].pk} <= visible_ids(superuser)
        assert visible_ids(editor) == set()

    def test_moderatorer_group_keeps_seeing_everything(self, moderator, moderators_group, two_posts):
        assert ModeratorScope.objects.filter(group=moderators_group, whole_site=True, root=None).exists()
        assert {two_posts["mine"].pk, two_posts["theirs"].pk} <= visible_ids(moderator)


@pytest.mark.django_db
def test_migration_gives_unscoped_groups_the_whole_site(group_moderator, make_post):
    migration = import_module("dialog_moderation.migrations.0003_scope_fail_closed")
    unscoped = group_moderator("legacy")
    scoped = group_moderator("legacy-scoped", make_post("Område"))
    without_permission = Group.objects.create(name="Redaktörer utan moderering")
    migration.give_unscoped_groups_the_whole_site(django_apps, None)
    assert ModeratorScope.objects.filter(group__user=unscoped, whole_site=True).exists()
    assert not ModeratorScope.objects.filter(group__user=scoped, whole_site=True).exists()
    assert not ModeratorScope.objects.filter(group=without_permission).exists()


@pytest.mark.django_db
class TestEveryReadIsScoped:
    def test_detail_sender_history_stays_in_scope(self, client, group_moderator, two_posts):
        user = group_moderator("scoped", two_posts["inside"])
        client.force_login(user)
        response = client.get(f"{QUEUE}{two_posts['mine'].pk}/")
        assert response.status_code == 200
        assert "Kommentar utanför området" not in response.content.decode()
        assert "Utanför området" not in BeautifulSoup(response.content, "html.parser").get_text()

    def test_detail_sender_history_shows_earlier_comments_in_scope(self, client, moderator, two_posts):
        client.force_login(moderator)
        response = client.get(f"{QUEUE}{two_posts['mine'].pk}/")
        assert "Kommentar utanför området" in response.content.decode()

    def test_counts_of_a_group_that_lost_its_root(self, client, group_moderator, two_posts):
        user = group_moderator("scoped", two_posts["inside"])
        two_posts["inside"].delete()
        assert selectors.pending_count_for(user=user) == 0
        assert selectors.oldest_pending_for(user=user) is None
        client.force_login(user)
        soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
        assert soup.select("[data-pending-comments]") == []

    def test_notifications_skip_groups_that_see_nothing(self, group_moderator, two_posts):
        lost = group_moderator("lost", two_posts["inside"])
        group_moderator("unscoped")
        whole = group_moderator("whole", "site")
        two_posts["inside"].delete()
        mail.outbox = []
        assert moderators_notify() >= 1
        recipients = {address for message in mail.outbox for address in message.to}
        assert whole.email in recipients
        assert lost.email not in recipients and "unscoped@example.com" not in recipients

    def test_moderator_api_is_scoped_and_fails_closed(self, client, group_moderator, two_posts):
        user = group_moderator("api", two_posts["inside"])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='test')[1]}"}
        items = client.get(f"{API}queue/", {"state": "all"}, **headers).json()["items"]
        assert [item["id"] for item in items] == [two_posts["mine"].pk]
        two_posts["inside"].delete()
        assert client.get(f"{API}queue/", {"state": "all"}, **headers).json() == {"count": 0, "items": []}
        response = client.post(f"{API}{two_posts['theirs'].pk}/approve/", json.dumps({}),
                               content_type="application/json", **headers)
        assert response.status_code == 404
        assert CommentModeration.objects.get(comment_id=two_posts["theirs"].pk).state == "pending"


@pytest.mark.django_db
class TestScopeAdmin:
    ADD = "/admin/snippets/dialog_moderation/moderatorscope/add/"

    def test_whole_site_scope_is_added_in_the_admin(self, client, superuser):
        group = Group.objects.create(name="Nya moderatorer")
        client.force_login(superuser)
        assert "hela webbplatsen" in client.get(self.ADD).content.decode().lower()
        response = client.post(self.ADD, {"group": group.pk, "whole_site": "on"})
        assert response.status_code == 302
        assert ModeratorScope.objects.filter(group=group, whole_site=True, root=None).exists()

    @pytest.mark.parametrize("data", [{}, {"whole_site": "on", "root": "blog"}], ids=["neither", "both"])
    def test_scope_needs_exactly_one_of_root_and_whole_site(self, client, superuser, blog, data):
        group = Group.objects.create(name="Nya moderatorer")
        client.force_login(superuser)
        data = {key: blog.pk if value == "blog" else value for key, value in data.items()}
        response = client.post(self.ADD, {"group": group.pk, **data})
        assert response.status_code == 200
        assert "hela webbplatsen" in response.content.decode()
        assert not ModeratorScope.objects.filter(group=group).exists()
