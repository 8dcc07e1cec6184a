"""GET/POST /api/comments/ and the token-authenticated moderation endpoints, as described in /api/openapi.json."""

import json

import pytest
from django.core.management import call_command

from dialog_moderation.models import CommentDecision, CommentLogEntry, CommentModeration, CommentState, ModeratorScope
from tests.helpers import post_comment_json as post_json
from wagtail.models import APIToken

URL = "/api/comments/"


def payload(post, **overrides):
    data = {"page": post.pk, "name": "Olle", "email": "olle@example.com", "text": "Klokt resonemang.", "consent": True}
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestPublic:
    def test_post_is_202_pending(self, client, seed_post):
        response = post_json(client, payload(seed_post), REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 202
        body = response.json()
        assert body["state"] == "pending" and body["message"] == "Tack! Din kommentar granskas innan den publiceras."
        moderation = CommentModeration.objects.get(public_id=body["id"])
        assert moderation.ip == "203.0.113.9" and moderation.comment.is_public is False

    def test_field_errors_are_400(self, client, seed_post):
        response = post_json(client, payload(seed_post, email="x", text="", consent=False))
        assert response.status_code == 400
        fields = {error["loc"][-1] for error in response.json()["errors"]}
        assert fields == {"email", "text", "consent"}
        response = post_json(client, {"page": seed_post.pk})
        assert response.status_code == 400 and response.json()["message"] == "Uppgifterna är ogiltiga."

    def test_closed_is_403(self, client, seed_post):
        seed_post.allow_comments = False
        seed_post.save_revision().publish()
        response = post_json(client, payload(seed_post))
        assert response.status_code == 403
        assert response.json()["message"] == "Kommentarerna är stängda för det här inlägget."
        assert client.get(f"{URL}?page={seed_post.pk}").json()["open"] is False

    def test_rate_limits_are_429(self, client, seed_post, settings):
        settings.MODERATION_RATE_LIMIT_PER_IP = 3
        for number in range(3):
            assert post_json(client, payload(seed_post, email=f"a{number}@example.com")).status_code == 202
        response = post_json(client, payload(seed_post, email="ny@example.com"))
        assert response.status_code == 429 and "Försök igen senare" in response.json()["message"]
        assert post_json(client, payload(seed_post, email="ny@example.com"), REMOTE_ADDR="198.51.100.1").status_code == 202
        settings.MODERATION_RATE_LIMIT_PER_EMAIL = 1
        response = post_json(client, payload(seed_post, email="ny@example.com"), REMOTE_ADDR="198.51.100.2")
        assert response.status_code == 429

    def test_unknown_or_uncommentable_page(self, client, home):
        assert post_json(client, {"page": home.pk, "name": "a", "email": "a@example.com", "text": "t",
                                  "consent": True}).status_code == 404
        assert client.get(f"{URL}?page={home.pk}").status_code == 404
        assert client.get(f"{URL}?page=999999").status_code == 404
        assert client.get(f"{URL}?page=abc").status_code == 400
        assert client.get(URL).status_code == 400

    def test_thread_has_no_private_data(self, client, seed_post, approved, submit):
        parent = approved(seed_post, "Synlig", email="hemlig@example.com", ip="192.0.2.55")
        approved(seed_post, "Synligt svar", parent_id=parent.pk)
        submit(seed_post, "Väntande")
        body = client.get(f"{URL}?page={seed_post.pk}").json()
        text = json.dumps(body)
        assert body["count"] == 2 and "Väntande" not in text
        assert "hemlig" not in text and "192.0.2.55" not in text and "email" not in text
        assert body["comments"][0]["children"][0]["text"] == "Synligt svar"


@pytest.fixture
def token_for():
    def make(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='test')[1]}"}

    return make


@pytest.mark.django_db
class TestModerationApi:
    def test_needs_a_token(self, client):
        assert client.get(f"{URL}moderation/queue/").status_code == 401
        assert client.get(f"{URL}moderation/queue/", HTTP_AUTHORIZATION="Bearer fel").status_code == 401

    def test_editor_token_is_403(self, client, editor, seed_post, submit, token_for):
        comment = submit(seed_post)
        headers = token_for(editor)
        assert client.get(f"{URL}moderation/queue/", **headers).status_code == 403
        response = client.post(f"{URL}moderation/{comment.pk}/approve/", "{}", content_type="application/json", **headers)
        assert response.status_code == 403
        assert CommentModeration.objects.get().state == CommentState.PENDING

    def test_queue_and_decisions_with_history(self, client, moderator, seed_post, submit, token_for):
        comment = submit(seed_post, "Mejla mig: x@example.com")
        headers = token_for(moderator)
        queue = client.get(f"{URL}moderation/queue/", **headers).json()
        assert queue["count"] == 1 and queue["items"][0]["flags"][0]["code"] == "email"
        response = client.post(f"{URL}moderation/{comment.pk}/reject/", json.dumps({"reason": "Personuppgifter"}),
                               content_type="application/json", **headers)
        assert response.status_code == 200
        body = response.json()
        assert body["state"] == "rejected"
        assert [(h["from_state"], h["to_state"]) for h in body["history"]] == [("", "pending"), ("pending", "rejected")]
        assert body["history"][-1]["actor"] == "moderator" and body["history"][-1]["reason"] == "Personuppgifter"
        assert CommentLogEntry.objects.filter(action="moderation.comment.reject", user=moderator).count() == 1
        assert client.post(f"{URL}moderation/{comment.pk}/delete/", "{}", content_type="application/json",
                           **headers).status_code == 404
        assert client.get(f"{URL}moderation/queue/?state=rejected", **headers).json()["count"] == 1

    def test_scope_applies(self, client, django_user_model, moderators_group, make_post, submit, token_for):
        from django.contrib.auth.models import Group

        inside, outside = make_post("Inne"), make_post("Ute")
        group = Group.objects.create(name="Moderatorer API")
        group.permissions.set(moderators_group.permissions.all())
        ModeratorScope.objects.create(group=group, root=inside)
        user = django_user_model.objects.create_user("api", "api@example.com", "pw")
        user.groups.add(group)
        mine, theirs = submit(inside), submit(outside)
        headers = token_for(user)
        ids = [item["id"] for item in client.get(f"{URL}moderation/queue/", **headers).json()["items"]]
        assert ids == [mine.pk]
        assert client.post(f"{URL}moderation/{theirs.pk}/approve/", "{}", content_type="application/json",
                           **headers).status_code == 404
        assert CommentDecision.objects.filter(comment=theirs).count() == 1

    def test_a_token_from_wagtails_api_tokens_command_works_on_the_queue(self, client, moderator, seed_post, submit,
                                                                        capsys):
        comment = submit(seed_post)
        call_command("api_tokens", "create", "--user", "moderator", "--name", "Granskningsverktyg")
        token = capsys.readouterr().out.strip()
        assert APIToken.objects.get(user=moderator).name == "Granskningsverktyg"
        assert APIToken.objects.get(user=moderator).last_used_at is None
        queue = client.get(f"{URL}moderation/queue/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert queue.status_code == 200
        assert [item["id"] for item in queue.json()["items"]] == [comment.pk]
        assert APIToken.objects.get(user=moderator).last_used_at is not None  # Wagtail records the use
        response = client.post(f"{URL}moderation/{comment.pk}/approve/", "{}", content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200 and response.json()["state"] == "approved"
        assert CommentDecision.objects.filter(comment=comment, actor=moderator, to_state="approved").count() == 1

    def test_a_token_of_a_user_without_the_permission_is_403_with_a_message(self, client, editor, seed_post, submit,
                                                                           capsys):
        comment = submit(seed_post)
        call_command("api_tokens", "create", "--user", "editor", "--name", "Fel person")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {capsys.readouterr().out.strip()}"}
        response = client.get(f"{URL}moderation/queue/", **headers)
        assert response.status_code == 403
        assert response.json()["message"] == "Du har inte behörighet att moderera kommentarer."
        response = client.post(f"{URL}moderation/{comment.pk}/approve/", "{}", content_type="application/json",
                               **headers)
        assert response.status_code == 403
        assert CommentModeration.objects.get().state == CommentState.PENDING

    def test_a_revoked_unknown_or_inactive_users_token_is_401_with_a_message(self, client, moderator, seed_post,
                                                                            submit, django_user_model):
        comment = submit(seed_post)
        revoked, revoked_plain = APIToken.create_token(user=moderator, name="gammal")
        revoked.revoke()
        quitter = django_user_model.objects.create_user("slutat", "slutat@example.com", "pw", is_active=False)
        quitter.groups.add(*moderator.groups.all())
        inactive_plain = APIToken.create_token(user=quitter, name="slutat")[1]
        unknown = APIToken.generate_token()  # well-formed, never stored
        for token in (revoked_plain, unknown, inactive_plain, "wagtail_nonsense"):
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
            response = client.get(f"{URL}moderation/queue/", **headers)
            assert response.status_code == 401, token
            assert response.json()["message"].startswith("Ange en giltig API-nyckel"), response.json()
            assert client.post(f"{URL}moderation/{comment.pk}/approve/", "{}", content_type="application/json",
                               **headers).status_code == 401
        assert CommentModeration.objects.get().state == CommentState.PENDING

    def test_a_session_does_not_stand_in_for_a_token(self, client, moderator):
        client.force_login(moderator)
        assert client.get(f"{URL}moderation/queue/").status_code == 401

    def test_moderators_can_reach_wagtails_api_token_admin_and_make_their_own(self, client, moderator, editor):
        from django.urls import reverse

        client.force_login(moderator)
        index = reverse("wagtailusers_api_tokens:index")
        assert client.get(index).status_code == 200
        response = client.post(reverse("wagtailusers_api_tokens:add"), {"name": "Mitt verktyg", "user": moderator.pk})
        assert response.status_code in (200, 302), response.content[:500]
        assert APIToken.objects.filter(user=moderator, name="Mitt verktyg").exists()


@pytest.mark.django_db
def test_openapi_documents_the_comment_api(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/comments/"])
    post = paths["/api/comments/"]["post"]
    assert {"202", "400", "403", "429"} <= set(post["responses"])
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert {"page", "name", "email", "text", "consent", "form_token"} <= set(body["required"])
    assert "415" in post["responses"] and "415" in paths["/api/comments/moderation/{comment_id}/{action}/"]["post"][
        "responses"]
    token = paths["/api/comments/form-token/"]["get"]
    assert {"200", "404"} <= set(token["responses"]) and [p["name"] for p in token["parameters"]] == ["page"]
    assert "/api/comments/moderation/queue/" in paths
    assert "/api/comments/moderation/{comment_id}/{action}/" in paths
    assert paths["/api/comments/moderation/queue/"]["get"]["security"]
