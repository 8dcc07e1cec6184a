"""A comment's way through the plugin on the minimal test host: posted (HTML form or JSON API), pending and unseen,
decided (services, moderator API with a Wagtail APIToken, admin queue), shown when approved."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from dialog_moderation import services
from dialog_moderation.conf import setting
from dialog_moderation.forms import form_token
from dialog_moderation.models import CommentDecision, CommentModeration, CommentState

API = "/api/comments/"


def form_data(page, **overrides):
    data = {"page": str(page.pk), "name": "Anna Andersson", "email": "anna@example.com",
            "text": "En fråga om artikeln.", "consent": "on", "ts": form_token(page.pk), "website": ""}
    data.update(overrides)
    return data


def post_json(client, page, **fields):
    token = client.get(f"{API}form-token/", {"page": page.pk}).json()["form_token"]
    body = {"page": page.pk, "form_token": token, "website": "", "name": "Bo Berg", "email": "bo@example.com",
            "text": "En tanke via API:et.", "consent": True, **fields}
    return client.post(API, json.dumps(body), content_type="application/json")


def bearer(user) -> dict:
    _token, plaintext = APIToken.create_token(user=user, name="moderation tool")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.mark.django_db
class TestPosting:
    def test_the_html_form_leaves_the_comment_pending_and_unseen(self, client, article):
        response = client.post(reverse("dialog_moderation:post"), form_data(article))
        assert response.status_code == 302 and response["Location"].startswith(article.url)
        moderation = CommentModeration.objects.get(page=article)
        assert moderation.state == CommentState.PENDING
        assert "En fråga om artikeln." not in client.get(article.url).content.decode()
        assert client.get(API, {"page": article.pk}).json()["count"] == 0

    def test_the_api_leaves_the_comment_pending_and_unseen(self, client, article):
        response = post_json(client, article)
        assert response.status_code == 202 and response.json()["state"] == "pending"
        assert CommentModeration.objects.get(page=article).state == CommentState.PENDING
        assert client.get(API, {"page": article.pk}).json()["comments"] == []

    def test_bad_input_is_a_400_with_a_message(self, client, article):
        response = client.post(API, "{not json", content_type="application/json")
        assert response.status_code == 400 and response.json()["message"]
        missing_fields = client.post(API, json.dumps({"page": article.pk}), content_type="application/json")
        assert missing_fields.status_code == 400 and missing_fields.json()["errors"]

    def test_a_page_without_the_mixin_takes_no_comment(self, client, home):
        assert client.get(f"{API}form-token/", {"page": home.pk}).status_code == 404
        response = client.post(reverse("dialog_moderation:post"), form_data(home))
        assert response.status_code == 404
        assert not CommentModeration.objects.exists()

    def test_a_closed_article_refuses_with_a_message(self, client, make_article):
        closed = make_article("Stängd", allow_comments=False)
        response = post_json(client, closed)
        assert response.status_code in (400, 403) and response.json()["message"]
        assert not CommentModeration.objects.exists()

    def test_the_rate_limit_per_email_answers_429(self, client, article, settings):
        assert setting("RATE_LIMIT_PER_EMAIL") == 5  # the documented default, unset on the host
        settings.MODERATION_RATE_LIMIT_PER_EMAIL = 2
        for number in range(2):
            assert post_json(client, article, text=f"Kommentar {number}").status_code == 202
        refused = post_json(client, article, text="En för mycket")
        assert refused.status_code == 429 and refused.json()["message"]
        assert CommentModeration.objects.count() == 2

    def test_the_rate_limit_per_ip_answers_429(self, client, article, settings):
        assert setting("RATE_LIMIT_PER_IP") == 10
        settings.MODERATION_RATE_LIMIT_PER_IP = 1
        assert post_json(client, article).status_code == 202
        assert post_json(client, article, email="annan@example.com").status_code == 429


@pytest.mark.django_db
class TestThreadDepth:
    def test_the_default_depth_is_two_without_any_setting(self, article, submit, moderator, settings):
        assert not hasattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL") or settings.COMMENTS_XTD_MAX_THREAD_LEVEL == 2
        assert services.max_thread_level() == 2
        root = submit(article)
        services.comment_approve(comment=root, by=moderator)
        reply = submit(article, parent_id=root.pk)
        services.comment_approve(comment=reply, by=moderator)
        reply_to_reply = submit(article, parent_id=reply.pk)
        assert reply_to_reply.level == 2
        services.comment_approve(comment=reply_to_reply, by=moderator)
        with pytest.raises(services.CommentSubmissionError):
            submit(article, parent_id=reply_to_reply.pk)

    def test_a_host_setting_wins(self, article, submit, moderator, settings):
        settings.COMMENTS_XTD_MAX_THREAD_LEVEL = 0
        assert services.max_thread_level() == 0
        root = submit(article)
        services.comment_approve(comment=root, by=moderator)
        with pytest.raises(services.CommentSubmissionError):
            submit(article, parent_id=root.pk)


@pytest.mark.django_db
class TestDeciding:
    @pytest.mark.parametrize(("decide", "state"), [
        (services.comment_approve, CommentState.APPROVED),
        (services.comment_reject, CommentState.REJECTED),
        (services.comment_mark_spam, CommentState.SPAM),
    ])
    def test_services(self, client, article, submit, moderator, decide, state):
        comment = submit(article, text="Beslut via tjänsten.")
        decide(comment=comment, by=moderator, reason="skäl")
        assert CommentModeration.objects.get(comment=comment).state == state
        assert CommentDecision.objects.filter(comment=comment, to_state=state, actor=moderator).exists()
        shown = "Beslut via tjänsten." in client.get(article.url).content.decode()
        assert shown is (state == CommentState.APPROVED)

    @pytest.mark.parametrize(("action", "state"), [("approve", "approved"), ("reject", "rejected"), ("spam", "spam")])
    def test_the_moderator_api_with_a_wagtail_api_token(self, client, article, submit, moderator, action, state):
        comment = submit(article, text="Beslut via API:et.")
        headers = bearer(moderator)
        queue = client.get(f"{API}moderation/queue/", **headers)
        assert queue.status_code == 200 and [item["id"] for item in queue.json()["items"]] == [comment.pk]
        response = client.post(f"{API}moderation/{comment.pk}/{action}/", "{}", content_type="application/json",
                               **headers)
        assert response.status_code == 200 and response.json()["state"] == state
        public = client.get(API, {"page": article.pk}).json()
        assert [c["text"] for c in public["comments"]] == (["Beslut via API:et."] if action == "approve" else [])

    def test_approved_shows_on_the_page(self, client, article, submit, moderator):
        comment = submit(article, text="Nu syns den.")
        assert "Nu syns den." not in client.get(article.url).content.decode()
        services.comment_approve(comment=comment, by=moderator)
        page = client.get(article.url).content.decode()
        assert "Nu syns den." in page

    def test_tokens_that_do_not_moderate(self, client, article, submit, moderator, editor):
        comment = submit(article)
        url = f"{API}moderation/{comment.pk}/approve/"
        missing = client.post(url, "{}", content_type="application/json")
        assert missing.status_code == 401 and "Bearer" in missing.json()["message"]
        assert client.post(url, "{}", content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer wagtail_not-a-token").status_code == 401
        assert client.post(url, "{}", content_type="application/json", **bearer(editor)).status_code == 403
        revoked_headers = bearer(moderator)
        APIToken.objects.get(user=moderator).revoke()
        assert client.post(url, "{}", content_type="application/json", **revoked_headers).status_code == 401
        assert CommentModeration.objects.get(comment=comment).state == CommentState.PENDING


@pytest.mark.django_db
class TestAdmin:
    """Few and name-based: the admin is Wagtail's and is being rebuilt (the site's tests cover it in depth)."""

    QUEUE = "moderation:queue"

    def test_the_queue_lists_a_pending_comment_for_a_moderator(self, client, article, submit, moderator):
        submit(article, text="Står i kön.")
        client.force_login(moderator)
        response = client.get(reverse(self.QUEUE))
        assert response.status_code == 200
        assert "Står i kön." in response.content.decode()

    def test_the_queue_is_closed_to_a_non_moderator(self, client, article, submit, editor):
        submit(article, text="Står i kön.")
        client.force_login(editor)
        response = client.get(reverse(self.QUEUE))
        assert response.status_code in (302, 403)
        assert "Står i kön." not in response.content.decode()

    def test_a_moderator_creates_their_own_api_token_in_wagtails_admin(self, client, article, submit, moderator):
        client.force_login(moderator)
        assert client.get(reverse("wagtailusers_api_tokens:index")).status_code == 200
        response = client.post(reverse("wagtailusers_api_tokens:add"), {"name": "Mitt verktyg", "user": moderator.pk})
        assert response.status_code == 200, response.status_code
        token = APIToken.objects.get(user=moderator, name="Mitt verktyg")
        match = re.search(r'id="api-token-value"\s+value="([^"]+)"', response.content.decode())
        assert match and match.group(1).startswith(token.prefix)
        plaintext = match.group(1)
        client.logout()
        queue = client.get(f"{API}moderation/queue/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
        assert queue.status_code == 200

    def test_an_editor_cannot_create_api_tokens(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("wagtailusers_api_tokens:add")).status_code in (302, 403)
