"""The automatic first pass: flags with Swedish reasons, never a drop."""

import pytest

from dialog_moderation import rules
from dialog_moderation.models import CommentModeration, CommentPolicySettings, CommentState


def codes(**kwargs):
    kwargs.setdefault("name", "Anna")
    kwargs.setdefault("email", "anna@example.com")
    return [flag["code"] for flag in rules.first_pass(**kwargs)]


@pytest.mark.django_db
class TestFirstPass:
    def test_clean_text_has_no_flags(self):
        assert codes(text="Ett vanligt, sakligt inlägg om upphandling.") == []

    def test_too_many_links(self, settings):
        assert codes(text="http://a.se och www.b.se") == []
        assert codes(text="http://a.se www.b.se https://c.com") == ["links"]
        settings.MODERATION_MAX_LINKS = 0
        assert codes(text="se http://a.se") == ["links"]

    def test_blocklist_is_edited_in_the_admin_setting(self):
        policy = CommentPolicySettings.load()
        policy.blocked_words = "köp billigt\nkasino"
        policy.save()
        assert codes(text="Spela på KASINO nu") == ["blocklist"]
        assert codes(text="Hej", name="Köp billigt AB") == ["blocklist"]

    @pytest.mark.parametrize("text", ["Mitt nummer är 811228-9874", "19811228-9874", "198112289874", "811228+9874"])
    def test_valid_personnummer(self, text):
        assert "personnummer" in codes(text=text)

    @pytest.mark.parametrize("text", ["811228-9875", "Ordernummer 123456-7890", "991332-1234"])
    def test_invalid_check_digit_or_date_is_not_a_personnummer(self, text):
        assert "personnummer" not in codes(text=text)

    @pytest.mark.parametrize("text", ["Ring 070-123 45 67", "+46 70 123 45 67", "08-123 456 78", "0701234567"])
    def test_phone_numbers(self, text):
        assert "phone" in codes(text=text)

    def test_email_in_text(self):
        assert codes(text="Skriv till mig: kalle.anka@example.se") == ["email"]

    def test_invisible_characters_are_flagged(self, seed_post, submit):
        comment = submit(seed_post, "dold\u202etext\u200b")
        assert comment.comment == "doldtext"
        assert [f["code"] for f in comment.moderation.flags] == ["invisible"]

    def test_duplicate_from_same_sender(self, seed_post, submit):
        first = submit(seed_post, "Exakt samma text", email="dubbel@example.com")
        second = submit(seed_post, "  exakt   SAMMA text ", email="dubbel@example.com")
        other = submit(seed_post, "Exakt samma text", email="annan@example.com")
        assert first.moderation.flags == [] and other.moderation.flags == []
        assert [f["code"] for f in second.moderation.flags] == ["duplicate"]

    def test_flags_never_drop_and_are_shown_to_moderators(self, client, seed_post, submit, moderator):
        comment = submit(seed_post, "Ring 070-123 45 67 eller mejla a@b.se, pnr 811228-9874")
        moderation = CommentModeration.objects.get(comment=comment)
        assert moderation.state == CommentState.PENDING and moderation.flagged
        assert {f["code"] for f in moderation.flags} == {"phone", "email", "personnummer"}
        client.force_login(moderator)
        html = client.get(f"/admin/moderation/{comment.pk}/").content.decode()
        assert "personnummer" in html and "telefonnummer" in html


def test_luhn():
    assert rules.luhn_valid("8112289874")
    assert not rules.luhn_valid("8112289875")
