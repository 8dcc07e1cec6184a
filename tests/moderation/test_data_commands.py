"""prune_comment_data and erase_commenter: the only ways personal data is removed."""

import datetime
import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from dialog_moderation.http import client_ip
from dialog_moderation.models import CommentModeration, SenderLock
from dialog_moderation.services import sender_lock_keys


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_prune_clears_old_ips_only(seed_post, submit, settings):
    old = submit(seed_post, ip="198.51.100.7")
    new = submit(seed_post, ip="198.51.100.8")
    CommentModeration.objects.filter(comment=old).update(submitted_at=timezone.now() - datetime.timedelta(days=31))
    output = run("prune_comment_data")
    assert "Rensade IP-adressen från 1 kommentarer" in output
    assert CommentModeration.objects.get(comment=old).ip is None
    assert CommentModeration.objects.get(comment=new).ip == "198.51.100.8"
    assert "från 1 kommentarer" in run("prune_comment_data", "--days", "0")
    assert XtdComment.objects.filter(ip_address__isnull=False).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("remove_text", [False, True])
def test_erase_commenter(seed_post, submit, approved, remove_text):
    kept = approved(seed_post, "Min åsikt", name="Kim", email="Kim@Example.com")
    submit(seed_post, "En till", name="Kim", email="kim@example.com", followup=True)
    other = submit(seed_post, "Någon annan", email="annan@example.com")
    args = ["erase_commenter", "kim@example.com"] + (["--remove-text"] if remove_text else [])
    output = run(*args)
    assert "Anonymiserade 2 kommentarer från kim@example.com" in output
    assert ("texten borttagen" if remove_text else "texten behållen") in output
    kept.refresh_from_db()
    assert kept.user_name == "Anonym" and kept.user_email == "" and kept.is_public
    assert (kept.comment == "Min åsikt") is (not remove_text)
    assert not XtdComment.objects.filter(user_email__iexact="kim@example.com").exists()
    assert CommentModeration.objects.filter(sender_key="kim@example.com").count() == 0
    assert CommentModeration.objects.filter(ip__isnull=False).count() == 1
    other.refresh_from_db()
    assert other.user_email == "annan@example.com"


@pytest.mark.django_db
def test_sender_locks_hold_no_address_in_clear_and_prune_deletes_old_ones(seed_post, submit):
    old = submit(seed_post, email="Gammal@Example.com", ip="198.51.100.21")
    new = submit(seed_post, email="ny@example.com", ip="198.51.100.22")
    old_keys = sender_lock_keys(ip="198.51.100.21", email="gammal@example.com")
    new_keys = sender_lock_keys(ip="198.51.100.22", email="ny@example.com")
    assert set(SenderLock.objects.values_list("key", flat=True)) == {*old_keys, *new_keys}
    assert sender_lock_keys(ip="::ffff:198.51.100.21", email=" GAMMAL@example.com") == old_keys
    # Keyed digests: neither the address nor the email, nor their plain SHA-256, can be read off a row.
    plain = {hashlib.sha256(value.encode()).hexdigest() for value in
             ["ip:198.51.100.21", "email:gammal@example.com", "198.51.100.21", "gammal@example.com"]}
    for key in old_keys:
        assert len(key) == 64 and key not in plain and "198.51" not in key and "gammal" not in key
    SenderLock.objects.filter(key__in=old_keys).update(created_at=timezone.now() - datetime.timedelta(days=31))
    CommentModeration.objects.filter(comment=old).update(submitted_at=timezone.now() - datetime.timedelta(days=31))

    assert "tog bort 2 avsändarlås" in run("prune_comment_data")
    assert set(SenderLock.objects.values_list("key", flat=True)) == set(new_keys)
    submit(seed_post, email="gammal@example.com", ip="198.51.100.21")
    assert set(SenderLock.objects.values_list("key", flat=True)) == {*old_keys, *new_keys}
    assert CommentModeration.objects.filter(comment=new).exists()


@pytest.mark.django_db
def test_erase_commenter_deletes_the_senders_email_lock(seed_post, submit):
    submit(seed_post, email="Kim@Example.com", ip="198.51.100.31")
    submit(seed_post, email="annan@example.com", ip="198.51.100.32")
    run("erase_commenter", "kim@example.com")
    [kim_email_lock] = sender_lock_keys(ip=None, email="kim@example.com")
    keys = set(SenderLock.objects.values_list("key", flat=True))
    assert kim_email_lock not in keys
    # The address's lock stays until prune_comment_data, like the address on other senders' comments.
    assert keys == {*sender_lock_keys(ip="198.51.100.31", email="kim@example.com"),
                    *sender_lock_keys(ip="198.51.100.32", email="annan@example.com")} - {kim_email_lock}


@pytest.mark.django_db
def test_erase_refuses_invalid_email():
    with pytest.raises(CommandError):
        call_command("erase_commenter", "inte en adress")


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_client_ip_trusts_only_configured_proxies(settings):
    settings.MODERATION_TRUSTED_PROXY_COUNT = 0
    assert client_ip(FakeRequest("203.0.113.5", "1.2.3.4")) == "203.0.113.5"
    settings.MODERATION_TRUSTED_PROXY_COUNT = 1
    assert client_ip(FakeRequest("10.0.0.1", "6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(FakeRequest("10.0.0.1")) == "10.0.0.1"
    assert client_ip(FakeRequest("10.0.0.1", "inte-en-ip")) == "10.0.0.1"
    settings.MODERATION_TRUSTED_PROXY_COUNT = 2
    assert client_ip(FakeRequest("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.1")) == "198.51.100.9"
    assert client_ip(FakeRequest("10.0.0.2", "198.51.100.9")) == "10.0.0.2"


@pytest.mark.django_db
def test_deleting_a_page_deletes_its_comments_and_nothing_else(make_post, seed_post, submit, approved):
    doomed = make_post(title="Ett inlägg som tas bort")
    first = approved(doomed, "Godkänd på ett inlägg som tas bort", email="a@example.com")
    submit(doomed, "Väntande", email="b@example.com")
    submit(doomed, "Ett svar", email="c@example.com", parent_id=first.pk)
    kept = submit(seed_post, "Stannar kvar", email="d@example.com")
    doomed.delete()
    assert list(XtdComment.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(CommentModeration.objects.values_list("comment_id", flat=True)) == [kept.pk]
    assert not XtdComment.objects.filter(user_email__in=["a@example.com", "b@example.com", "c@example.com"]).exists()


@pytest.mark.django_db
def test_erasure_leaves_no_copy_of_the_name_or_address_anywhere(client, seed_post, submit, approved, moderator):
    from django.contrib.auth.models import Group
    from dialog_moderation.models import CommentLogEntry

    from dialog_moderation import services
    from dialog_moderation.models import CommentDecision

    spellings = ["kerstin.lindqvist@exempel.se", "Kerstin.Lindqvist+blogg@EXEMPEL.se"]
    own = approved(seed_post, "Jag heter Kerstin Lindqvist, mejla kerstin.lindqvist@exempel.se.",
                   name="Kerstin Lindqvist", email=spellings[0])
    second = submit(seed_post, "Ett till inlägg av mig.", name="K. Lindqvist", email=spellings[1])
    services.comment_reject(comment=second, by=moderator,
                            reason="Kerstin Lindqvist (KERSTIN.LINDQVIST+x@exempel.se) igen, ringde henne.")
    services.comment_approve(comment=second, by=moderator, reason="Godkänd efter samtal med kerstin lindqvist.")
    services.comment_reply_as_staff(parent=own, by=moderator, text="Tack Kerstin för din fråga!")
    other = submit(seed_post, "Fråga Kerstin.Lindqvist+blogg@exempel.se om detta.", name="Per", email="per@example.com")
    services.comment_reject(comment=other, by=moderator, reason="Nämner kerstin.lindqvist@exempel.se offentligt.")
    assert CommentLogEntry.objects.filter(data__reason__icontains="lindqvist").count() == 3

    output = run("erase_commenter", "Kerstin.Lindqvist@Exempel.se")

    assert "Anonymiserade 2 kommentarer" in output
    # Her own text; Per's text and the staff reply's greeting; the three reasons and their three log entries.
    assert ("Rensade namn och adress ur 1 egna kommentarstexter, adressen ur 2 andras kommentarstexter, "
            "3 beslutsskäl och 3 loggposter.") in output
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    text = json.dumps(json.loads(dump.getvalue()), ensure_ascii=False).casefold()
    assert "lindqvist" not in text and "kerstin" not in text
    redacted = CommentDecision.objects.filter(redacted_at__isnull=False)
    assert set(redacted.values_list("comment_id", flat=True)) == {second.pk, other.pk}
    assert "[borttaget]" in CommentDecision.objects.get(comment=other, to_state="rejected").reason
    other.refresh_from_db()
    assert other.comment == "Fråga [borttaget] om detta." and other.user_email == "per@example.com"
    erasures = CommentLogEntry.objects.filter(action="moderation.commenter.erase")
    assert sorted(entry.data["comment_id"] for entry in erasures) == sorted([own.pk, second.pk])
    assert all(set(entry.data) == {"comment_id", "text_removed", "decisions_redacted", "log_entries_redacted"}
               for entry in erasures)
    assert Group.objects.exists()  # the dump above covered the whole database, groups included
