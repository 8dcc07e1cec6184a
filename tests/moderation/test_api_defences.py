"""The JSON API is not a cross-site back door: JSON content type only, the HTML form's bot defences (a signed,
counted form token and a honeypot) for headless front ends too, and public comment ids that are not sequential."""

import json
import time

import pytest
from bs4 import BeautifulSoup
from django_comments_xtd.models import XtdComment

from dialog_moderation import services
from dialog_moderation.models import PUBLIC_ID_MAX, PUBLIC_ID_MIN, CommentModeration, CommentState, FormTokenUse
from tests.helpers import COMMENTS_URL, FORM_TOKEN_URL, comment_form_token, post_comment_json
from tests.moderation.conftest import form_data
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db


def payload(post, **overrides):
    data = {"page": post.pk, "name": "Olle", "email": "olle@example.com", "text": "Klokt resonemang.", "consent": True}
    data.update(overrides)
    return data


def refused(response, fragment):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert fragment in response.json()["message"], response.json()
    return response.json()


class TestContentType:
    @pytest.mark.parametrize("content_type", ["text/plain", "text/plain;charset=UTF-8",
                                              "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                              "application/json; charset=latin-1", "application/jsonx"])
    def test_anything_but_json_is_415_and_stores_nothing(self, client, seed_post, content_type):
        body = json.dumps({**payload(seed_post), "form_token": comment_form_token(client, seed_post.pk)})
        response = client.post(COMMENTS_URL, body, content_type=content_type)
        assert response.status_code == 415
        assert response.json()["message"] == "Skicka JSON med Content-Type: application/json."
        assert not CommentModeration.objects.exists()

    def test_json_with_utf8_charset_is_accepted(self, client, seed_post):
        response = post_comment_json(client, payload(seed_post), content_type="application/json; charset=utf-8")
        assert response.status_code == 202, response.content

    def test_moderator_writes_are_415_too(self, client, seed_post, submit, moderator):
        comment = submit(seed_post)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=moderator, name='test')[1]}"}
        response = client.post(f"{COMMENTS_URL}moderation/{comment.pk}/approve/", '{"reason": ""}',
                               content_type="text/plain", **headers)
        assert response.status_code == 415
        assert CommentModeration.objects.get().state == CommentState.PENDING
        response = client.post(f"{COMMENTS_URL}moderation/{comment.pk}/approve/", '{"reason": ""}',
                               content_type="application/json", **headers)
        assert response.status_code == 200


class TestFormToken:
    def test_endpoint_gives_a_token_and_the_honeypot_name(self, client, seed_post, settings):
        response = client.get(FORM_TOKEN_URL, {"page": seed_post.pk})
        assert response.status_code == 200
        body = response.json()
        assert body["page"] == seed_post.pk and body["honeypot"] == "website"
        assert body["max_uses"] == 3 and body["min_seconds"] == settings.MODERATION_FORM_MIN_SECONDS
        assert body["form_token"] != client.get(FORM_TOKEN_URL, {"page": seed_post.pk}).json()["form_token"]

    def test_endpoint_refuses_pages_without_comments_and_bad_ids(self, client, home):
        assert client.get(FORM_TOKEN_URL, {"page": home.pk}).status_code == 404
        assert client.get(FORM_TOKEN_URL, {"page": 999999}).status_code == 404
        for bad in ("abc", str(2**63), "0", "%ED%A0%80", "1" * 5000):
            response = client.get(f"{FORM_TOKEN_URL}?page={bad}")
            assert response.status_code == 400 and response.json()["message"]
        assert client.get(FORM_TOKEN_URL).status_code == 400

    def test_missing_token(self, client, seed_post):
        response = client.post(COMMENTS_URL, json.dumps(payload(seed_post)), content_type="application/json")
        assert response.status_code == 400
        assert ["body", "form_token"] in [error["loc"][-2:] for error in response.json()["errors"]]
        refused(post_comment_json(client, payload(seed_post), token=""), "Formuläret är ogiltigt")
        assert not CommentModeration.objects.exists()

    # A lone surrogate in the token never reaches the token check: the strict JSON reader refuses it first
    # (tests/cms/test_input_errors.py).
    @pytest.mark.parametrize("token", ["forged", "eyJwIjoxfQ:1vQq:abc", "x" * 5000])
    def test_forged_token(self, client, seed_post, token):
        body = refused(post_comment_json(client, payload(seed_post), token=token), "Formuläret är ogiltigt")
        assert body["errors"][0]["loc"][-1] == "form_token"
        assert not CommentModeration.objects.exists()

    def test_token_signed_with_another_salt_is_forged(self, client, seed_post):
        from django.core import signing

        token = signing.dumps({"p": seed_post.pk, "t": int(time.time()) - 60, "n": "a" * 32}, salt="other")
        refused(post_comment_json(client, payload(seed_post), token=token), "Formuläret är ogiltigt")

    def test_too_fresh(self, client, seed_post, settings):
        settings.MODERATION_FORM_MIN_SECONDS = 60
        refused(post_comment_json(client, payload(seed_post)), "Formuläret skickades för snabbt")
        settings.MODERATION_FORM_MIN_SECONDS = 0
        assert not CommentModeration.objects.exists()

    def test_too_old(self, client, seed_post, settings):
        settings.MODERATION_FORM_MAX_AGE = 7200
        old = services.form_token_issue(page_id=seed_post.pk, issued_at=time.time() - 7201)
        refused(post_comment_json(client, payload(seed_post), token=old), "Formuläret är för gammalt")
        almost = services.form_token_issue(page_id=seed_post.pk, issued_at=time.time() - 7000)
        assert post_comment_json(client, payload(seed_post), token=almost).status_code == 202

    def test_token_for_another_page(self, client, seed_post, make_post):
        other = make_post("Ett annat inlägg")
        token = comment_form_token(client, other.pk)
        refused(post_comment_json(client, payload(seed_post), token=token), "Formuläret hör till en annan sida")
        assert post_comment_json(client, payload(other), token=token).status_code == 202

    def test_reused_a_fourth_time(self, client, seed_post):
        token = comment_form_token(client, seed_post.pk)
        for number in range(3):
            response = post_comment_json(client, payload(seed_post, text=f"Tanke {number}"), token=token)
            assert response.status_code == 202, response.content
        refused(post_comment_json(client, payload(seed_post, text="Tanke 4"), token=token), "för många gånger")
        assert CommentModeration.objects.count() == 3
        assert FormTokenUse.objects.get().uses == 3

    def test_refused_attempts_use_the_token_up_too(self, client, seed_post):
        token = comment_form_token(client, seed_post.pk)
        for _attempt in range(3):
            assert post_comment_json(client, payload(seed_post, email="x"), token=token).status_code == 400
        refused(post_comment_json(client, payload(seed_post), token=token), "för många gånger")

    def test_honeypot_filled(self, client, seed_post):
        body = refused(post_comment_json(client, payload(seed_post, website="http://spam.example")),
                       "Lämna fältet för robotar tomt")
        assert body["errors"][0]["loc"][-1] == "website"
        assert not CommentModeration.objects.exists()

    def test_the_html_form_shares_the_token_check(self, client, seed_post):
        """One service for both paths: the HTML form's token is counted and limited the same way."""
        data = form_data(seed_post)
        for number in range(3):
            assert client.post("/kommentarer/skicka/", {**data, "text": f"Formulär {number}"}).status_code == 302
        response = client.post("/kommentarer/skicka/", {**data, "text": "Formulär 4"})
        assert response.status_code == 400
        assert "för många gånger" in response.content.decode()
        api_token = comment_form_token(client, seed_post.pk)
        assert client.post("/kommentarer/skicka/", {**data, "ts": api_token, "text": "Med API-nyckel"}).status_code == 302

    def test_prune_removes_expired_token_rows(self, client, seed_post, settings):
        settings.MODERATION_FORM_MAX_AGE = 3600
        old = services.form_token_issue(page_id=seed_post.pk, issued_at=time.time() - 3000)
        assert post_comment_json(client, payload(seed_post, text="Gammal"), token=old).status_code == 202
        assert post_comment_json(client, payload(seed_post, text="Ny")).status_code == 202
        settings.MODERATION_FORM_MAX_AGE = 1800
        assert services.comment_data_prune()["form_tokens_pruned"] == 1
        assert FormTokenUse.objects.count() == 1


class TestPublicIds:
    def test_random_looking_and_not_sequential(self, client, seed_post):
        ids = []
        for number in range(6):
            response = post_comment_json(client, payload(seed_post, text=f"Kommentar {number}"))
            assert response.status_code == 202
            ids.append(response.json()["id"])
        pks = set(XtdComment.objects.values_list("pk", flat=True))
        assert all(PUBLIC_ID_MIN <= public_id < PUBLIC_ID_MAX for public_id in ids)
        assert not pks & set(ids)
        steps = {later - earlier for earlier, later in zip(ids, ids[1:])}
        assert len(set(ids)) == 6 and not steps & {0, 1, -1} and len(steps) > 1
        assert set(ids) == set(CommentModeration.objects.values_list("public_id", flat=True))

    def test_readers_see_only_public_ids(self, client, seed_post, approved):
        parent = approved(seed_post, "Första")
        reply = approved(seed_post, "Svaret", parent_id=parent.pk)
        parent_public, reply_public = parent.moderation.public_id, reply.moderation.public_id
        thread = client.get(COMMENTS_URL, {"page": seed_post.pk}).json()["comments"]
        assert thread[0]["id"] == parent_public and thread[0]["parent"] is None
        assert thread[0]["children"][0]["id"] == reply_public and thread[0]["children"][0]["parent"] == parent_public
        soup = BeautifulSoup(client.get(seed_post.url).content, "html.parser")
        assert soup.select_one(f"#c{parent_public} .comment-text").get_text() == "Första"
        assert soup.select_one(f"#c{parent.pk}") is None
        assert soup.select_one(f"#c{parent_public} a.reply")["href"] == f"?svara={parent_public}#kommentera"

    def test_parent_by_public_id_works(self, client, seed_post, approved):
        parent = approved(seed_post, "Fråga")
        response = post_comment_json(client, payload(seed_post, parent=parent.moderation.public_id))
        assert response.status_code == 202
        assert CommentModeration.objects.get(public_id=response.json()["id"]).comment.parent_id == parent.pk
        html = client.get(f"{seed_post.url}?svara={parent.moderation.public_id}").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select_one("input[name=parent]")["value"] == str(parent.moderation.public_id)
        form = form_data(seed_post, parent=str(parent.moderation.public_id), email="form@example.com")
        assert client.post("/kommentarer/skicka/", form).status_code == 302
        assert XtdComment.objects.get(user_email="form@example.com").parent_id == parent.pk

    def test_parent_by_database_id_does_not(self, client, seed_post, approved):
        parent = approved(seed_post, "Fråga")
        for value in (parent.pk, 2**53, 2**53 + parent.moderation.public_id, 2**32 - 1):
            response = post_comment_json(client, payload(seed_post, parent=value))
            assert response.status_code == 400, value
            assert {error["loc"][-1] for error in response.json()["errors"]} == {"parent"}
        response = client.post("/kommentarer/skicka/", form_data(seed_post, parent=str(parent.pk)))
        assert response.status_code == 400 and "Kommentaren du svarar på finns inte." in response.content.decode()
        assert CommentModeration.objects.count() == 1

    def test_a_taken_public_id_is_drawn_again(self, seed_post, submit, monkeypatch):
        first = submit(seed_post)
        taken = first.moderation.public_id
        draws = iter([taken, taken, 2**40 + 7])
        monkeypatch.setattr(services, "new_public_id", lambda: next(draws))
        second = submit(seed_post)
        assert second.moderation.public_id == 2**40 + 7
        assert CommentModeration.objects.count() == 2
