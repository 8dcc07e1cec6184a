"""MODERATION_AUTO_APPROVE_KNOWN publishes only a sender who proved the address is theirs (a mailed link, followed
by POST) and whose earlier comments are all approved; MODERATION_CONFIRM_EMAIL and it work together."""

import re

import pytest
from django.core import mail

from dialog_moderation.models import CommentDecision, CommentModeration, CommentState

SENDER = "kim@example.com"
CONFIRM_SUBJECT = "Bekräfta din kommentar"
OFFER_SUBJECT = "Publicera din kommentar direkt"


@pytest.fixture
def mailing(immediate_tasks, django_capture_on_commit_callbacks):
    """Runs tasks at once and the on-commit hooks of each call, so the mails are in mail.outbox."""
    immediate_tasks()

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def known_sender(seed_post, approved, mailing):
    """A sender with two approved comments."""
    for text in ("Första godkända tanken.", "Andra godkända tanken."):
        mailing(approved, seed_post, text, name="Kim", email=SENDER)
    mail.outbox.clear()


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def link_in(message) -> str:
    return re.search(r"http://testserver(/kommentarer/bekrafta/\S+/)", message.body).group(1)


def state_of(comment):
    moderation = CommentModeration.objects.select_related("comment").get(comment=comment)
    return moderation.state, moderation.comment.is_public


@pytest.mark.django_db
@pytest.mark.parametrize(("confirm", "auto", "subject", "after_post"), [
    (False, False, None, None),
    (True, False, CONFIRM_SUBJECT, CommentState.PENDING),
    (False, True, OFFER_SUBJECT, CommentState.APPROVED),
    (True, True, CONFIRM_SUBJECT, CommentState.APPROVED),
])
def test_both_settings_together(client, settings, seed_post, submit, known_sender, mailing, confirm, auto, subject,
                                after_post):
    settings.MODERATION_CONFIRM_EMAIL = confirm
    settings.MODERATION_AUTO_APPROVE_KNOWN = auto
    comment = mailing(submit, seed_post, "En ny tanke från en känd avsändare.", name="Kim", email=SENDER)
    assert state_of(comment) == (CommentState.PENDING, False)  # nothing is published on submission
    sent = mails_to(SENDER)
    assert [message.subject for message in sent] == ([subject] if subject else [])
    if not subject:
        return
    link = link_in(sent[0])
    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert state_of(comment) == (CommentState.PENDING, False)
    assert CommentModeration.objects.get(comment=comment).email_confirmed_at is None
    response = mailing(client.post, link)
    assert response.status_code == 200
    assert state_of(comment) == (after_post, after_post == CommentState.APPROVED)
    assert CommentModeration.objects.get(comment=comment).email_confirmed_at is not None
    if after_post == CommentState.APPROVED:
        decision = CommentDecision.objects.filter(comment=comment).last()
        assert decision.actor is None and decision.reason.startswith("Automatiskt godkänd")
        assert "publicerad" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("confirm", [False, True])
def test_someone_who_only_knows_the_address_is_not_published(client, settings, seed_post, submit, known_sender,
                                                             mailing, confirm):
    settings.MODERATION_AUTO_APPROVE_KNOWN = True
    settings.MODERATION_CONFIRM_EMAIL = confirm
    forged = mailing(submit, seed_post, "Något Kim aldrig skrev.", name="Kim", email=SENDER, ip="203.0.113.66")
    assert state_of(forged) == (CommentState.PENDING, False)
    # The only link goes to the real owner's mailbox; without it, no way to publish.
    assert len(mails_to(SENDER)) == 1
    assert client.post("/kommentarer/bekrafta/forfalskad/").status_code == 400
    assert state_of(forged) == (CommentState.PENDING, False)


@pytest.mark.django_db
@pytest.mark.parametrize("confirm", [False, True])
def test_confirmed_sender_with_approved_history_is_published(client, settings, seed_post, submit, known_sender,
                                                             mailing, confirm):
    settings.MODERATION_AUTO_APPROVE_KNOWN = True
    settings.MODERATION_CONFIRM_EMAIL = confirm
    comment = mailing(submit, seed_post, "Publicera mig.", name="Kim", email="Kim+blogg@Example.com")
    (message,) = mails_to("Kim+blogg@Example.com")
    mailing(client.post, link_in(message))
    assert state_of(comment) == (CommentState.APPROVED, True)
    assert "Publicera mig." in client.get(seed_post.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("confirm", [False, True])
def test_flagged_comment_is_not_published(client, settings, seed_post, submit, known_sender, mailing, confirm):
    settings.MODERATION_AUTO_APPROVE_KNOWN = True
    settings.MODERATION_CONFIRM_EMAIL = confirm
    flagged = mailing(submit, seed_post, "Ring mig på 070-123 45 67.", name="Kim", email=SENDER)
    assert CommentModeration.objects.get(comment=flagged).flagged
    sent = mails_to(SENDER)
    if not confirm:
        assert sent == []  # no offer to publish what the first pass flagged
        return
    mailing(client.post, link_in(sent[0]))
    moderation = CommentModeration.objects.get(comment=flagged)
    assert (moderation.state, moderation.awaits_confirmation) == (CommentState.PENDING, False)  # in the queue


@pytest.mark.django_db
def test_sender_without_an_all_approved_history_is_not_published(client, settings, seed_post, submit, approved,
                                                                 superuser, mailing):
    from dialog_moderation import services

    settings.MODERATION_AUTO_APPROVE_KNOWN = True
    settings.MODERATION_CONFIRM_EMAIL = True
    first = mailing(submit, seed_post, "Min första kommentar.", email="ny@example.com")
    mailing(client.post, link_in(mails_to("ny@example.com")[0]))
    assert state_of(first) == (CommentState.PENDING, False)  # no earlier approved comment

    mailing(approved, seed_post, "Godkänd.", email="blandad@example.com")
    rejected = mailing(approved, seed_post, "Sedan avvisad.", email="blandad@example.com")
    services.comment_reject(comment=rejected, by=superuser)
    mail.outbox.clear()
    comment = mailing(submit, seed_post, "En till.", email="blandad@example.com")
    mailing(client.post, link_in(mails_to("blandad@example.com")[0]))
    assert state_of(comment) == (CommentState.PENDING, False)


@pytest.mark.django_db
def test_a_link_publishes_only_a_comment_still_pending(client, settings, seed_post, submit, known_sender, mailing,
                                                       superuser):
    from dialog_moderation import services

    settings.MODERATION_AUTO_APPROVE_KNOWN = True
    comment = mailing(submit, seed_post, "Den här hann avvisas.", email=SENDER)
    (message,) = mails_to(SENDER)
    services.comment_reject(comment=comment, by=superuser)  # a moderator was quicker
    assert mailing(client.post, link_in(message)).status_code == 200
    assert state_of(comment) == (CommentState.REJECTED, False)
    # The rejected comment now stands in the sender's history: the next one gets no offer.
    mail.outbox.clear()
    mailing(submit, seed_post, "Nästa.", email=SENDER)
    assert mails_to(SENDER) == []


@pytest.mark.django_db
def test_a_link_of_an_erased_sender_no_longer_works(client, settings, seed_post, submit, known_sender, mailing):
    from dialog_moderation import services

    settings.MODERATION_AUTO_APPROVE_KNOWN = True
    comment = mailing(submit, seed_post, "Raderas innan länken följs.", email=SENDER)
    (message,) = mails_to(SENDER)
    services.commenter_erase(email=SENDER)
    # The signature is still valid, but it names a sender who is gone.
    assert client.get(link_in(message)).status_code == 400
    assert client.post(link_in(message)).status_code == 400
    assert state_of(comment) == (CommentState.PENDING, False)
