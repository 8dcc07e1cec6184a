"""The "Kommentera" form under a post: works without JavaScript, PRG on success, values kept on error."""

import time

import pytest
from bs4 import BeautifulSoup
from django_comments_xtd.models import XtdComment

from dialog_moderation.forms import form_token
from dialog_moderation.models import CommentModeration, CommentState
from tests.moderation.conftest import form_data

POST_URL = "/kommentarer/skicka/"


@pytest.mark.django_db
class TestForm:
    def test_form_is_rendered_with_every_field(self, client, seed_post):
        html = client.get(seed_post.url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        form = soup.select_one("form.comment-form")
        assert form is not None and form["method"] == "post"
        names = {field.get("name") for field in form.select("input, textarea")}
        assert {"name", "email", "text", "consent", "website", "ts", "page", "parent", "csrfmiddlewaretoken"} <= names
        assert "Visas aldrig för andra." in html
        assert "personuppgifter" in form.get_text()
        assert soup.select_one("#kommentera").get_text() == "Kommentera"

    def test_post_redirects_with_thanks_and_stores_pending(self, client, seed_post):
        response = client.post(POST_URL, form_data(seed_post))
        assert response.status_code == 302
        assert response["Location"] == f"{seed_post.url}?kommentar=tack#kommentera"
        comment = XtdComment.objects.get(user_email="anna@example.com")
        assert comment.is_public is False
        assert comment.moderation.state == CommentState.PENDING
        assert comment.moderation.ip == "127.0.0.1"
        page = client.get(response["Location"]).content.decode()
        assert "Tack! Din kommentar granskas innan den publiceras." in page
        assert "Intressant inlägg om innovationsupphandling." not in page

    def test_errors_keep_values_and_are_swedish(self, client, seed_post):
        response = client.post(POST_URL, form_data(seed_post, email="inte-en-adress", consent=None))
        assert response.status_code == 400
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("input[name=name]")["value"] == "Anna Andersson"
        assert soup.select_one("textarea[name=text]").get_text().strip() == "Intressant inlägg om innovationsupphandling."
        text = soup.get_text()
        assert "Skriv en giltig e-postadress." in text
        assert "Du behöver godkänna hur vi hanterar dina personuppgifter." in text
        assert not XtdComment.objects.filter(user_name="Anna Andersson").exists()

    def test_honeypot_refuses(self, client, seed_post):
        response = client.post(POST_URL, form_data(seed_post, website="http://spam.example"))
        assert response.status_code == 400
        assert "Lämna fältet för robotar tomt" in response.content.decode()
        assert CommentModeration.objects.count() == 0

    def test_too_fast_and_too_old_are_refused(self, client, seed_post, settings):
        settings.MODERATION_FORM_MIN_SECONDS = 2
        response = client.post(POST_URL, form_data(seed_post, ts=form_token(seed_post.pk)))
        assert response.status_code == 400 and "för snabbt" in response.content.decode()
        old = form_token(seed_post.pk, issued_at=time.time() - 2 * 86400)
        response = client.post(POST_URL, form_data(seed_post, ts=old))
        assert response.status_code == 400 and "för gammalt" in response.content.decode()
        response = client.post(POST_URL, form_data(seed_post, ts="forged"))
        assert response.status_code == 400 and "Formuläret är ogiltigt" in response.content.decode()
        assert CommentModeration.objects.count() == 0

    def test_token_of_another_page_is_refused(self, client, seed_post, make_post):
        other = make_post("Annat")
        response = client.post(POST_URL, form_data(seed_post, ts=form_token(other.pk)))
        assert response.status_code == 400

    def test_get_is_not_allowed_and_unknown_page_is_404(self, client, seed_post):
        assert client.get(POST_URL).status_code == 405
        assert client.post(POST_URL, form_data(seed_post, page="999999")).status_code == 404
        assert client.post(POST_URL, form_data(seed_post, page="abc")).status_code == 404

    def test_reply_link_prefills_parent(self, client, seed_post, approved):
        parent = approved(seed_post, name="Bertil")
        public_id = parent.moderation.public_id
        html = client.get(f"{seed_post.url}?svara={public_id}").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select_one("input[name=parent]")["value"] == str(public_id)
        assert "Du svarar på Bertils kommentar." in soup.get_text()
        response = client.post(POST_URL, form_data(seed_post, parent=str(public_id)))
        assert response.status_code == 302
        reply = XtdComment.objects.get(user_email="anna@example.com")
        assert reply.parent_id == parent.pk and reply.level == 1

    def test_reply_depth_is_limited(self, client, seed_post, approved, settings):
        level0 = approved(seed_post)
        level1 = approved(seed_post, parent_id=level0.pk)
        level2 = approved(seed_post, parent_id=level1.pk)
        assert level2.level == 2
        soup = BeautifulSoup(client.get(seed_post.url).content, "html.parser")
        assert soup.select_one(f"#c{level1.moderation.public_id} a.reply") is not None
        assert soup.select_one(f"#c{level2.moderation.public_id} > article a.reply") is None
        response = client.post(POST_URL, form_data(seed_post, parent=str(level2.moderation.public_id)))
        assert response.status_code == 400
        assert "Det går inte att svara på den kommentaren" in response.content.decode()


@pytest.mark.django_db
class TestClosing:
    def test_closed_post_shows_message_and_refuses(self, client, seed_post):
        seed_post.allow_comments = False
        seed_post.save_revision().publish()
        html = client.get(seed_post.url).content.decode()
        assert "Kommentarerna är stängda." in html and 'id="kommentera"' not in html
        response = client.post(POST_URL, form_data(seed_post))
        assert response.status_code == 403
        assert "Kommentarerna är stängda för det här inlägget." in response.content.decode()
        assert CommentModeration.objects.count() == 0

    def test_comments_close_n_days_after_publication(self, client, make_post, settings):
        import datetime

        settings.MODERATION_CLOSE_AFTER_DAYS = 30
        old = make_post("Gammalt", date=datetime.date.today() - datetime.timedelta(days=31))
        fresh = make_post("Färskt", date=datetime.date.today() - datetime.timedelta(days=29))
        assert old.comments_open is False and fresh.comments_open is True
        assert "Kommentarerna är stängda." in client.get(old.url).content.decode()
        assert client.post(POST_URL, form_data(old)).status_code == 403
        assert client.post(POST_URL, form_data(fresh)).status_code == 302
        settings.MODERATION_CLOSE_AFTER_DAYS = 0
        assert old.comments_open is True
