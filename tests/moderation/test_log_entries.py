"""Decisions on comments are logged in moderation's own audit log model (CommentLogEntry). Wagtail's site history
and page history show them only to users who may moderate, and only for the comments in their scope.

Counts are of entries this test writes (by comment or action and user), never totals that demo data could change.
"""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from importlib import import_module
from wagtail.models import ModelLogEntry, PageLogEntry

from dialog_moderation import services
from dialog_moderation.models import CommentLogEntry

SITE_HISTORY = "/admin/reports/site-history/"
APPROVED_MESSAGE = "Kommentar godkänd"
REJECTED_MESSAGE = "Kommentar avvisad"


def history_rows(client, url=SITE_HISTORY, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


@pytest.fixture
def admin_editor(django_user_model):
    """An editor with admin access and page permissions everywhere, but not the moderation permission."""
    user = django_user_model.objects.create_user("redaktor", "redaktor@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    assert user.has_perm("wagtailadmin.access_admin") and not user.has_perm("dialog_moderation.moderate_comments")
    return user


@pytest.fixture
def decided(make_post, submit, superuser):
    """Two posts with one decided comment each: approved on the first, rejected on the second."""
    first, second = make_post("Första loggade inlägget"), make_post("Andra loggade inlägget")
    approved_comment, rejected_comment = submit(first, "Godkänns"), submit(second, "Avvisas")
    services.comment_approve(comment=approved_comment, by=superuser)
    services.comment_reject(comment=rejected_comment, by=superuser, reason="Utanför ämnet")
    return {"first": first, "second": second, "approved": approved_comment, "rejected": rejected_comment}


@pytest.mark.django_db
class TestWhereDecisionsAreLogged:
    def test_decisions_and_replies_go_to_the_comment_log(self, decided, superuser):
        reply = services.comment_reply_as_staff(parent=decided["approved"], by=superuser, text="Tack för kommentaren!")
        entries = CommentLogEntry.objects.filter(comment_id__in=[decided["approved"].pk, decided["rejected"].pk,
                                                                 reply.pk])
        assert sorted(entries.values_list("comment_id", "page_id", "action")) == sorted([
            (decided["approved"].pk, decided["first"].pk, "moderation.comment.approve"),
            (decided["rejected"].pk, decided["second"].pk, "moderation.comment.reject"),
            (reply.pk, decided["first"].pk, "moderation.comment.reply"),
        ])
        rejected = entries.get(comment_id=decided["rejected"].pk)
        assert rejected.user == superuser and rejected.data["reason"] == "Utanför ämnet"
        assert not PageLogEntry.objects.filter(action__startswith="moderation.").exists()
        assert not ModelLogEntry.objects.filter(action__startswith="moderation.").exists()

    def test_comment_log_is_the_registered_log_of_comments(self, decided):
        from wagtail.log_actions import registry

        assert registry.get_log_model_for_instance(decided["approved"]) is CommentLogEntry
        assert list(registry.get_logs_for_instance(decided["approved"]).values_list("action", flat=True)) == [
            "moderation.comment.approve"]


@pytest.mark.django_db
class TestWhoSeesThem:
    def test_editor_without_the_permission_sees_no_moderation_entry(self, client, admin_editor, decided):
        client.force_login(admin_editor)
        text = history_rows(client)
        assert APPROVED_MESSAGE not in text and REJECTED_MESSAGE not in text
        for action in ("moderation.comment.approve", "moderation.comment.reject"):
            assert APPROVED_MESSAGE not in history_rows(client, action=action)
        for post in (decided["first"], decided["second"]):
            page_history = history_rows(client, f"/admin/pages/{post.pk}/history/")
            assert APPROVED_MESSAGE not in page_history and REJECTED_MESSAGE not in page_history
        assert not CommentLogEntry.objects.viewable_by_user(admin_editor).exists()

    def test_moderator_sees_every_moderation_entry(self, client, moderator, decided):
        client.force_login(moderator)
        text = history_rows(client)
        assert APPROVED_MESSAGE in text and REJECTED_MESSAGE in text
        links = {link["href"] for link in BeautifulSoup(client.get(SITE_HISTORY).content, "html.parser").select("a[href]")}
        assert f"/admin/moderation/{decided['approved'].pk}/" in links
        assert {decided["approved"].pk, decided["rejected"].pk} <= set(
            CommentLogEntry.objects.viewable_by_user(moderator).values_list("comment_id", flat=True))

    def test_scoped_moderator_sees_only_their_scope(self, client, scoped_moderator, decided):
        user = scoped_moderator(decided["first"], "loggscope")
        client.force_login(user)
        text = history_rows(client)
        assert APPROVED_MESSAGE in text and REJECTED_MESSAGE not in text
        assert set(CommentLogEntry.objects.viewable_by_user(user).values_list("comment_id", flat=True)) == {
            decided["approved"].pk}

    def test_moderator_whose_scope_lost_its_root_sees_none(self, scoped_moderator, decided, make_post):
        doomed = make_post("Försvinner")
        user = scoped_moderator(doomed, "forlorad")
        doomed.delete()
        assert not CommentLogEntry.objects.viewable_by_user(user).exists()

    def test_editor_who_is_also_a_moderator_sees_them(self, client, admin_editor, decided, moderators_group):
        admin_editor.groups.add(moderators_group)
        client.force_login(admin_editor)
        assert APPROVED_MESSAGE in history_rows(client)


@pytest.mark.django_db
def test_migration_moves_earlier_entries_out_of_wagtails_logs(decided, superuser):
    migration = import_module("dialog_moderation.migrations.0004_comment_log_entries")
    CommentLogEntry.objects.filter(comment_id=decided["approved"].pk).delete()
    old_page_entry = PageLogEntry.objects.log_action(
        decided["first"], "moderation.comment.approve", user=superuser,
        data={"comment_id": decided["approved"].pk, "from_state": "pending", "to_state": "approved", "reason": ""})
    old_model_entry = ModelLogEntry.objects.log_action(
        decided["rejected"], "moderation.comment.spam", user=superuser, data={"reason": "reklam"})
    unrelated = PageLogEntry.objects.log_action(decided["first"], "wagtail.edit", user=superuser)
    migration.move_to_comment_log(django_apps, None)
    assert not PageLogEntry.objects.filter(pk=old_page_entry.pk).exists()
    assert not ModelLogEntry.objects.filter(pk=old_model_entry.pk).exists()
    assert PageLogEntry.objects.filter(pk=unrelated.pk).exists()
    moved = CommentLogEntry.objects.get(comment_id=decided["approved"].pk)
    assert (moved.page_id, moved.action, moved.user_id, moved.timestamp) == (
        decided["first"].pk, "moderation.comment.approve", superuser.pk, old_page_entry.timestamp)
    spam = CommentLogEntry.objects.get(comment_id=decided["rejected"].pk, action="moderation.comment.spam")
    assert spam.page_id == decided["second"].pk and spam.data == {"reason": "reklam"}
