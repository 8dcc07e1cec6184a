"""Mail to moderators (batched), to the commenter on publication, to followers of a thread; email confirmation."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from dialog_moderation import services
from dialog_moderation.models import CommentModeration, CommentState, ModeratorNotificationState
from dialog_moderation.notifications import moderators_notify


@pytest.mark.django_db(transaction=False)
class TestModeratorMail:
    def test_first_comment_mails_moderators_not_managers(self, settings, moderator, superuser, seed_post, submit,
                                                         django_capture_on_commit_callbacks, immediate_tasks):
        immediate_tasks()
        settings.MANAGERS = [("Chef", "chef@example.com")]
        with django_capture_on_commit_callbacks(execute=True):
            submit(seed_post, "Hej från en läsare", name="Lisa")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["moderator@example.com"]
        assert message.subject == "En ny kommentar att granska"
        assert "Lisa" in message.body and "Hej från en läsare" in message.body
        assert "http://testserver/admin/moderation/" in message.body

    def test_batched_at_most_once_per_interval(self, moderator, seed_post, submit, django_capture_on_commit_callbacks,
                                               immediate_tasks):
        immediate_tasks()
        with django_capture_on_commit_callbacks(execute=True):
            submit(seed_post, "Ett")
        with django_capture_on_commit_callbacks(execute=True):
            submit(seed_post, "Två")
            submit(seed_post, "Tre")
        assert len(mail.outbox) == 1
        ModeratorNotificationState.objects.update(last_sent_at=timezone.now() - datetime.timedelta(minutes=16))
        with django_capture_on_commit_callbacks(execute=True):
            submit(seed_post, "Fyra")
        assert len(mail.outbox) == 2
        second = mail.outbox[1]
        assert second.subject == "3 nya kommentarer att granska"
        assert all(word in second.body for word in ("Två", "Tre", "Fyra")) and "Ett" not in second.body
        assert moderators_notify() == 0

    def test_scoped_moderators_get_only_their_part(self, scoped_moderator, make_post, submit,
                                                   django_capture_on_commit_callbacks, immediate_tasks):
        inside = make_post("Inne")
        outside = make_post("Ute")
        elsewhere = make_post("Annanstans")
        scoped_moderator(inside, "inne")
        scoped_moderator(elsewhere, "annan")
        immediate_tasks()
        submit(outside, "Utanför")
        with django_capture_on_commit_callbacks(execute=True):
            submit(inside, "Innanför")
        assert [m.to for m in mail.outbox] == [["inne@example.com"]]
        assert "Innanför" in mail.outbox[0].body and "Utanför" not in mail.outbox[0].body


@pytest.mark.django_db
def test_database_backend_queues_the_mail_for_the_worker(moderator, seed_post, submit, django_capture_on_commit_callbacks):
    """With the site's database backend the submission only enqueues; `db_worker` sends the batched mail."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        submit(seed_post, "Via arbetaren")
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="dialog_moderation.tasks.notify_moderators").count() == 1
    assert moderators_notify() == 1
    assert "Via arbetaren" in mail.outbox[0].body


@pytest.mark.django_db
class TestCommenterMail:
    def test_publication_and_followup_mails(self, seed_post, submit, moderator, django_capture_on_commit_callbacks,
                                            immediate_tasks):
        immediate_tasks()
        self.publish_and_follow(seed_post, submit, moderator, django_capture_on_commit_callbacks)

    @staticmethod
    def publish_and_follow(seed_post, submit, moderator, django_capture_on_commit_callbacks):
        ModeratorNotificationState.objects.create(key="moderators", last_sent_at=timezone.now())
        first = submit(seed_post, "Första", email="forst@example.com", followup=True, notify_on_publish=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_approve(comment=first, by=moderator)
        assert [m.to for m in mail.outbox] == [["forst@example.com"]]
        assert mail.outbox[0].subject == "Din kommentar är publicerad"
        mail.outbox.clear()
        reply = submit(seed_post, "Ett svar", email="svar@example.com", parent_id=first.pk)
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_approve(comment=reply, by=moderator)
        assert [m.to for m in mail.outbox] == [["forst@example.com"]]
        followup = mail.outbox[0]
        assert followup.subject == "Nytt svar i en diskussion du följer" and "Ett svar" in followup.body
        mute_path = re.search(r"http://testserver(/kommentarer/avsluta/\S+/)", followup.body).group(1)
        return mute_path

    def test_mute_link_stops_followups(self, client, seed_post, submit, moderator, django_capture_on_commit_callbacks,
                                       immediate_tasks):
        immediate_tasks()
        mute_path = self.publish_and_follow(seed_post, submit, moderator,
                                                             django_capture_on_commit_callbacks)
        assert client.get(mute_path).status_code == 200
        assert client.post(mute_path).status_code == 200
        assert client.get("/kommentarer/avsluta/fel/").status_code == 400
        mail.outbox.clear()
        first = CommentModeration.objects.get(sender_key="forst@example.com").comment
        another = submit(seed_post, "Ett till svar", parent_id=first.pk)
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_approve(comment=another, by=moderator)
        assert mail.outbox == []

    def test_no_mail_when_not_asked(self, seed_post, submit, moderator, django_capture_on_commit_callbacks,
                                    immediate_tasks):
        immediate_tasks()
        ModeratorNotificationState.objects.create(key="moderators", last_sent_at=timezone.now())
        comment = submit(seed_post)
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_approve(comment=comment, by=moderator)
        assert mail.outbox == []


@pytest.mark.django_db
class TestEmailConfirmation:
    def test_off_by_default(self, seed_post, submit):
        assert submit(seed_post).moderation.awaits_confirmation is False

    def test_confirmation_flow_uses_expiring_json_signing(self, client, settings, seed_post, submit, moderator,
                                                          django_capture_on_commit_callbacks, immediate_tasks):
        immediate_tasks()
        settings.MODERATION_CONFIRM_EMAIL = True
        with django_capture_on_commit_callbacks(execute=True):
            comment = submit(seed_post, "Bekräfta mig", email="bekrafta@example.com")
        assert [m.to for m in mail.outbox] == [["bekrafta@example.com"]]
        assert mail.outbox[0].subject == "Bekräfta din kommentar"
        link = re.search(r"http://testserver(/kommentarer/bekrafta/\S+/)", mail.outbox[0].body).group(1)
        assert ":" in link and "(" not in link  # django.core.signing token, not a pickle
        client.force_login(moderator)
        assert "Bekräfta mig" not in client.get("/admin/moderation/").content.decode()
        client.logout()
        settings.MODERATION_CONFIRM_MAX_AGE = -1
        assert client.get(link).status_code == 400
        settings.MODERATION_CONFIRM_MAX_AGE = 3600
        # A GET (a mail scanner, a link preview) only shows the button; the POST confirms.
        shown = client.get(link)
        assert shown.status_code == 200 and '<form method="post">' in shown.content.decode()
        comment.moderation.refresh_from_db()
        assert comment.moderation.awaits_confirmation is True and len(mail.outbox) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(link).status_code == 200
        comment.moderation.refresh_from_db()
        assert comment.moderation.awaits_confirmation is False and comment.moderation.state == CommentState.PENDING
        assert mail.outbox[-1].to == ["moderator@example.com"]
        assert client.get("/kommentarer/bekrafta/forfalskad/").status_code == 400
        assert client.post("/kommentarer/bekrafta/forfalskad/").status_code == 400

    def test_form_says_to_check_email(self, client, settings, seed_post):
        from tests.moderation.conftest import form_data

        settings.MODERATION_CONFIRM_EMAIL = True
        response = client.post("/kommentarer/skicka/", form_data(seed_post))
        assert response["Location"].endswith("?kommentar=bekrafta#kommentera")
        assert "Bekräfta kommentaren via länken" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_throttled_mail_is_deferred_to_the_end_of_the_interval(moderator, seed_post, submit,
                                                               django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    sent_at = timezone.now() - datetime.timedelta(minutes=5)
    ModeratorNotificationState.objects.create(key="moderators", last_sent_at=sent_at)
    submit(seed_post, "Väntar på nästa utskick")
    with django_capture_on_commit_callbacks(execute=True):
        assert moderators_notify() == 0
    deferred = DBTaskResult.objects.get(task_path="dialog_moderation.tasks.notify_moderators")
    assert deferred.run_after == sent_at + datetime.timedelta(minutes=15)


@pytest.mark.django_db
def test_notify_moderators_command(moderator, seed_post, submit):
    from io import StringIO

    from django.core.management import call_command

    submit(seed_post, "Till kommandot")
    out = StringIO()
    call_command("notify_moderators", stdout=out)
    assert "Skickade 1 meddelanden." in out.getvalue()
    assert "Till kommandot" in mail.outbox[0].body
