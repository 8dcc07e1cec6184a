"""One mailbox, one sender: every spelling of an address counts as one sender for limits, duplicates, history and
erasure; addresses with invisible or format characters are refused; what the reader typed is kept."""

import importlib
import json
from io import StringIO

import pytest

from tests.helpers import post_comment_json
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.management import call_command
from django_comments_xtd.models import XtdComment

from dialog_moderation import services
from dialog_moderation.models import CommentModeration
from tests.moderation.conftest import form_data

QUEUE = "/admin/moderation/"
INVISIBLE = {
    "U+200B": "\u200b",  # zero width space
    "U+00AD": "\u00ad",  # soft hyphen
    "U+2060": "\u2060",  # word joiner
    "U+FEFF": "\ufeff",  # zero width no-break space (BOM)
    "U+200C": "\u200c",  # zero width non-joiner
    "U+180E": "\u180e",  # Mongolian vowel separator
    "U+034F": "\u034f",  # combining grapheme joiner (default-ignorable, not Cf)
    "U+200D": "\u200d",  # zero width joiner
    "U+202E": "\u202e",  # right-to-left override
    "U+2066": "\u2066",  # left-to-right isolate
    "U+FE0F": "\ufe0f",  # variation selector 16
    "U+3164": "\u3164",  # Hangul filler
    "U+E0041": "\U000e0041",  # tag latin capital A
    "U+0007": "\u0007",  # a control character
    "U+061C": "\u061c",  # Arabic letter mark
}
# Where the character hides: in the domain (the example), in the local part, at either end.
PLACES = [
    lambda char: f"kim@exa{char}mple.com",
    lambda char: f"ki{char}m@example.com",
    lambda char: f"kim@example.com{char}",
    lambda char: f"{char}kim@example.com",
]


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("kim@example.com", "kim@example.com"),
    ("Kim@Example.COM", "kim@example.com"),
    ("kim+blogg@example.com", "kim@example.com"),
    ("KIM+Nyhetsbrev+2@EXAMPLE.com", "kim@example.com"),
    ('"kim"@example.com', "kim@example.com"),
    ('"kim+x"@example.com', "kim@example.com"),
    ("ｋｉｍ＠ｅｘａｍｐｌｅ.com", "kim@example.com"),  # fullwidth forms fold under NFKC
    ("kim@example.com.", "kim@example.com"),
    ("kim@exa\u200bmple.com", "kim@example.com"),  # rows stored before invisible characters were refused
    ("anna@smörgås.se", "anna@xn--smrgs-pra0j.se"),
    ("Anna@SMÖRGÅS.SE", "anna@xn--smrgs-pra0j.se"),
    ("anna+1@xn--smrgs-pra0j.se", "anna@xn--smrgs-pra0j.se"),
    ('"Anna"@XN--SMRGS-PRA0J.SE', "anna@xn--smrgs-pra0j.se"),
])
def test_spellings_of_one_mailbox_normalise_to_one_sender(spelling, canonical):
    from dialog_moderation.senders import normalise_email

    assert normalise_email(spelling) == canonical


@pytest.mark.parametrize(("one", "other"), [
    ("kim@example.com", "kim.s@example.com"),
    ("kim@example.com", "kim@example.se"),
    ("kim@example.com", "kimm@example.com"),
    ("anna@smörgås.se", "anna@smorgas.se"),
])
def test_different_mailboxes_stay_different(one, other):
    from dialog_moderation.senders import normalise_email

    assert normalise_email(one) != normalise_email(other)


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_invisible_characters_are_found_whatever_their_class(name):
    from dialog_moderation.senders import invisible_characters

    assert invisible_characters(f"kim@exa{INVISIBLE[name]}mple.com") == [name]
    assert invisible_characters("kim+blogg@smörgås.se") == []


@pytest.mark.django_db
@pytest.mark.parametrize("place", range(len(PLACES)))
@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_form_refuses_an_address_with_an_invisible_character(client, seed_post, name, place):
    address = PLACES[place](INVISIBLE[name])
    response = client.post("/kommentarer/skicka/", form_data(seed_post, email=address))
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert "E-postadressen innehåller osynliga tecken eller styrtecken" in soup.get_text()
    assert not CommentModeration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("place", range(len(PLACES)))
@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_api_refuses_an_address_with_an_invisible_character(client, seed_post, name, place):
    address = PLACES[place](INVISIBLE[name])
    body = {"page": seed_post.pk, "name": "Kim", "email": address, "text": "Klokt.", "consent": True}
    response = post_comment_json(client, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["loc"][-1] for error in errors] == ["email"]
    assert "osynliga tecken eller styrtecken" in errors[0]["msg"] and name in errors[0]["msg"]
    assert not CommentModeration.objects.exists()


@pytest.mark.django_db
def test_what_the_reader_typed_is_stored_beside_the_normalised_sender(client, seed_post):
    response = client.post("/kommentarer/skicka/", form_data(seed_post, email="Anna+Blogg@Smörgås.se"))
    assert response.status_code == 302
    comment = XtdComment.objects.get()
    assert comment.user_email == "Anna+Blogg@Smörgås.se"
    assert comment.moderation.sender_key == "anna@xn--smrgs-pra0j.se"


SPELLINGS = ["kim@example.com", "Kim+blogg@Example.com", '"kim"@example.com', "KIM+2@EXAMPLE.COM"]


@pytest.mark.django_db
def test_rate_limit_counts_every_spelling_as_one_sender(seed_post, submit, settings):
    settings.MODERATION_RATE_LIMIT_PER_EMAIL = 3
    for spelling in SPELLINGS[:3]:
        submit(seed_post, email=spelling)
    with pytest.raises(services.CommentSubmissionError) as refused:
        submit(seed_post, email=SPELLINGS[3])
    assert refused.value.status == 429
    submit(seed_post, email="annan@example.com")


@pytest.mark.django_db
def test_rate_limit_counts_punycode_and_unicode_domains_as_one_sender(client, seed_post, settings):
    settings.MODERATION_RATE_LIMIT_PER_EMAIL = 1
    body = {"page": seed_post.pk, "name": "Anna", "text": "Första tanken.", "consent": True}
    first = post_comment_json(client, {**body, "email": "anna@smörgås.se"})
    assert first.status_code == 202
    second = post_comment_json(client, {**body, "email": "anna@xn--smrgs-pra0j.se", "text": "Andra."})
    assert second.status_code == 429


@pytest.mark.django_db
def test_duplicate_check_counts_every_spelling_as_one_sender(seed_post, submit):
    submit(seed_post, "Exakt samma text om upphandling.", email="anna@smörgås.se")
    again = submit(seed_post, "Exakt samma text om upphandling.", email='"Anna+igen"@XN--SMRGS-PRA0J.SE')
    assert [flag["code"] for flag in again.moderation.flags] == ["duplicate"]
    other = submit(seed_post, "Exakt samma text om upphandling.", email="anna@smorgas.se")
    assert other.moderation.flags == []


@pytest.mark.django_db
def test_detail_view_history_counts_every_spelling_as_one_sender(client, moderator, seed_post, submit):
    earlier = [submit(seed_post, f"Tidigare nummer {number}", email=spelling)
               for number, spelling in enumerate(SPELLINGS[:3])]
    submit(seed_post, "Från någon annan", email="kimmy@example.com")
    comment = submit(seed_post, "Den senaste", email=SPELLINGS[3])
    client.force_login(moderator)
    html = client.get(f"{QUEUE}{comment.pk}/").content.decode()
    history = BeautifulSoup(html, "html.parser").select_one("ul.sender-history").get_text()
    for row in earlier:
        assert row.comment in history
    assert "Från någon annan" not in history


@pytest.mark.django_db
def test_erasure_finds_every_spelling_of_the_sender(seed_post, submit, approved):
    comments = [approved(seed_post, "Godkänd", email=SPELLINGS[0])]
    comments += [submit(seed_post, f"Nummer {number}", email=spelling) for number, spelling in enumerate(SPELLINGS[1:])]
    # A row from before invisible characters were refused: the address kept the character, the key its lower case.
    legacy = submit(seed_post, "Gammal rad", email="kim@example.com")
    XtdComment.objects.filter(pk=legacy.pk).update(user_email="kim@exa\u200bmple.com")
    CommentModeration.objects.filter(comment=legacy).update(sender_key="kim@exa\u200bmple.com")
    comments.append(legacy)
    other = submit(seed_post, "Någon annan", email="kimmy@example.com")
    out = StringIO()
    call_command("erase_commenter", "KIM+radera@Example.com", stdout=out)
    assert f"Anonymiserade {len(comments)} kommentarer" in out.getvalue()
    for comment in comments:
        comment.refresh_from_db()
        assert (comment.user_email, comment.user_name) == ("", "Anonym")
        assert comment.moderation.sender_key == ""
    other.refresh_from_db()
    assert other.user_email == "kimmy@example.com"


@pytest.mark.django_db
def test_data_migration_fills_the_normalised_sender_for_existing_rows(seed_post, submit):
    typed = ["Kim+1@Example.com", '"kim"@example.com', "anna@SMÖRGÅS.se", "kim@exa\u00admple.com"]
    rows = [submit(seed_post, email="placeholder@example.com") for _address in typed]
    for row, address in zip(rows, typed):
        XtdComment.objects.filter(pk=row.pk).update(user_email=address)
        CommentModeration.objects.filter(comment=row).update(sender_key=address.lower())  # as 0001–0004 stored it
    migration = importlib.import_module("dialog_moderation.migrations.0006_normalise_sender_emails")
    migration.normalise(apps, None)
    keys = [CommentModeration.objects.get(comment=row).sender_key for row in rows]
    assert keys == ["kim@example.com", "kim@example.com", "anna@xn--smrgs-pra0j.se", "kim@example.com"]
    assert [XtdComment.objects.get(pk=row.pk).user_email for row in rows] == typed
