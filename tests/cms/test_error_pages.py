"""Requests Django refuses before a view runs get a clear Swedish answer: a page for readers, JSON under /api/."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from dialog_moderation.forms import form_token
from dialog_moderation.models import CommentModeration

pytestmark = pytest.mark.django_db

OVERSIZED = "x" * 3_000_000  # above DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)


def test_an_oversized_api_request_is_a_json_400_in_swedish(client, seed_post):
    body = json.dumps({"page": seed_post.pk, "name": "Anna", "email": "anna@example.se", "text": OVERSIZED,
                       "consent": True})
    response = client.post("/api/comments/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json()["message"].startswith("Förfrågan är för stor")
    assert not CommentModeration.objects.exists()


def test_an_oversized_form_post_is_a_swedish_page(client, seed_post):
    response = client.post("/kommentarer/skicka/", data={"page": seed_post.pk, "text": OVERSIZED})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "sv"
    assert soup.h1.get_text() == "Felaktig förfrågan"
    assert "Förfrågan är för stor" in soup.main.get_text()


def test_an_expired_form_shows_the_comment_back_and_stores_nothing(seed_post):
    client = Client(enforce_csrf_checks=True)
    text = "Min långa kommentar om beställarnätverk <b>som inte får försvinna</b>."
    response = client.post("/kommentarer/skicka/", HTTP_REFERER=f"http://testserver{seed_post.url}", data={
        "page": seed_post.pk, "name": "Anna", "email": "anna@example.se", "text": text, "consent": "on",
        "ts": form_token(seed_post.pk),
    })
    assert response.status_code == 403
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Formuläret kunde inte skickas"
    assert soup.select_one("textarea#unsent-text").get_text() == text  # escaped in the HTML, intact as text
    assert b"<b>som" not in response.content
    assert soup.find("a", string="Tillbaka till sidan")["href"] == f"http://testserver{seed_post.url}"
    assert not CommentModeration.objects.exists()


def test_unknown_api_addresses_are_json_404_and_pages_a_swedish_page(client):
    response = client.get("/api/inte-finns/")
    assert response.status_code == 404
    assert response.json() == {"message": "Adressen finns inte i API:et."}
    page = client.get("/inte-finns/")
    assert page.status_code == 404 and "Sidan finns inte" in page.content.decode()
