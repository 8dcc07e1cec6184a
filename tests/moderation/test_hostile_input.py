"""A corpus of hostile input, through the API and the HTML form: each case is either refused with a 4xx and a clear
Swedish message, or stored and later shown inert (escaped plain text). Never a 500, never executable markup."""

import json

import pytest
from bs4 import BeautifulSoup
from django_comments_xtd.models import XtdComment

from dialog_moderation import services
from tests.helpers import post_comment_json
from tests.moderation.conftest import form_data

STORED, REFUSED = "stored", "refused"
MAX = 3000

# (case id, field overrides, expected outcome)
CORPUS = [
    ("script-tag", {"text": "<script>alert(1)</script>"}, STORED),
    ("img-onerror", {"text": '<img src=x onerror="alert(1)">'}, STORED),
    ("javascript-link", {"text": '<a href="javascript:alert(1)">klicka</a>'}, STORED),
    ("markdown-js-link", {"text": "[klicka](javascript:alert(1))"}, STORED),
    ("markdown-formatting", {"text": "# Rubrik\n**fet** _kursiv_ ![bild](http://x/y.png)"}, STORED),
    ("iframe", {"text": '<iframe src="https://evil.example"></iframe>'}, STORED),
    ("svg-onload", {"text": "<svg onload=alert(1)>"}, STORED),
    ("attribute-breakout", {"text": '"><script>alert(document.cookie)</script>'}, STORED),
    ("sql-drop", {"text": "'; DROP TABLE django_comments; --"}, STORED),
    ("sql-union", {"text": "1 OR 1=1 UNION SELECT password FROM auth_user"}, STORED),
    ("rtl-override", {"text": "Titta på filen gpj\u202e.exe nu"}, STORED),
    ("zero-width", {"text": "o\u200bs\u200cy\u200dn\ufeffl\u2060i\u200eg"}, STORED),
    ("bidi-isolates", {"text": "\u2066isolerad\u2069 \u2067text\u2069"}, STORED),
    ("nul-byte", {"text": "hej\x00då"}, REFUSED),
    ("bell-control", {"text": "ding\x07dong"}, REFUSED),
    ("escape-control", {"text": "färg \x1b[31m röd"}, REFUSED),
    ("one-megabyte", {"text": "a" * 1_000_000}, REFUSED),
    ("max-length", {"text": "b" * MAX}, STORED),
    ("max-length-plus-one", {"text": "b" * (MAX + 1)}, REFUSED),
    ("long-word", {"text": "x" * 2500}, STORED),
    ("empty-text", {"text": ""}, REFUSED),
    ("whitespace-text", {"text": " \n\t "}, REFUSED),
    ("name-51", {"name": "N" * 51}, REFUSED),
    ("name-10000", {"name": "N" * 10_000}, REFUSED),
    ("name-script", {"name": "<script>alert(1)</script>"}, STORED),
    ("name-onerror", {"name": "<b onmouseover=alert(1)>Bo</b>"}, STORED),
    ("name-crlf", {"name": "Anna\r\nBcc: x@evil.example"}, REFUSED),
    ("name-nul", {"name": "An\x00na"}, REFUSED),
    ("name-empty", {"name": ""}, REFUSED),
    ("email-newline-bcc", {"email": "a@example.com\nBcc: victim@example.com"}, REFUSED),
    ("email-crlf-subject", {"email": "a@example.com\r\nSubject: hej"}, REFUSED),
    ("email-missing", {"email": ""}, REFUSED),
    ("email-invalid", {"email": "inte-en-adress"}, REFUSED),
    ("email-too-long", {"email": "a" * 250 + "@example.com"}, REFUSED),
    ("email-script", {"email": "<script>@example.com"}, REFUSED),
    ("entities", {"text": "&lt;script&gt;alert(1)&lt;/script&gt; &amp;"}, STORED),
    ("style-tag", {"text": "<style>body{display:none}</style>"}, STORED),
    ("form-phishing", {"text": '<form action="https://evil.example"><input name=pw></form>'}, STORED),
    ("data-uri", {"text": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="}, STORED),
    ("template-injection", {"text": "{{ settings.SECRET_KEY }} {% debug %}"}, STORED),
    ("html-comment", {"text": "före <!-- dolt --> efter"}, STORED),
    ("cdata", {"text": "<![CDATA[<script>alert(1)</script>]]>"}, STORED),
    ("crlf-lines", {"text": "rad ett\r\nrad två\n\nrad tre"}, STORED),
    ("swedish-emoji", {"text": "Åsa och Örjan tycker 👍 om ärligheten"}, STORED),
    ("consent-missing", {"consent": False}, REFUSED),
    ("parent-missing", {"parent": 987654}, REFUSED),
]

HTML_ALLOWED_IN_COMMENT = {"article", "header", "strong", "span", "time", "div", "br", "p", "a", "li", "ol"}


def assert_inert(html, comment_id, scripts_before):
    soup = BeautifulSoup(html, "html.parser")
    node = soup.select_one(f"#c{comment_id}")
    assert node is not None, "the approved comment is shown"
    for element in node.find_all(True):
        assert element.name in HTML_ALLOWED_IN_COMMENT, element.name
        assert not any(attribute.lower().startswith("on") for attribute in element.attrs), element
        if element.name == "a":
            assert element["href"].startswith("?svara=")
    assert all(child.name in (None, "br") for child in node.select_one(".comment-text").children)
    assert active_markup(soup) == scripts_before


def active_markup(soup):
    """Counts of everything that could execute or restyle the page; a shown comment may not add any."""
    counts = {tag: len(soup.find_all(tag)) for tag in ("script", "iframe", "svg", "style", "form", "img", "object")}
    counts["on-attributes"] = sum(
        1 for element in soup.find_all(True) for attribute in element.attrs if attribute.lower().startswith("on"))
    counts["javascript-links"] = sum(
        1 for element in soup.find_all(href=True) if element["href"].strip().lower().startswith("javascript:"))
    return counts


def api_payload(post, overrides):
    payload = {"page": post.pk, "name": "Hanna", "email": "hanna@example.com", "text": "Bra skrivet.", "consent": True}
    payload.update(overrides)
    return payload


@pytest.fixture
def baseline(client, seed_post):
    return active_markup(BeautifulSoup(client.get(seed_post.url).content, "html.parser"))


@pytest.mark.django_db
@pytest.mark.parametrize("case_id, overrides, outcome", CORPUS, ids=[case[0] for case in CORPUS])
def test_api(client, seed_post, superuser, baseline, case_id, overrides, outcome):
    response = post_comment_json(client, api_payload(seed_post, overrides))
    assert response.status_code != 500
    if outcome == REFUSED:
        assert 400 <= response.status_code < 500, response.content
        body = response.json()
        assert body["message"] and body["message"].isascii() is False or "Uppgifterna" in body["message"]
        assert not XtdComment.objects.filter(user_email__iexact="hanna@example.com").exists()
        return
    assert response.status_code == 202, response.content
    comment = XtdComment.objects.get(moderation__public_id=response.json()["id"])
    assert "\u202e" not in comment.comment and "\u200b" not in comment.comment
    services.comment_approve(comment=comment, by=superuser)
    assert_inert(client.get(seed_post.url).content.decode(), comment.moderation.public_id, baseline)


FORM_FIELDS = {"consent": lambda value: "on" if value else None, "parent": str}


@pytest.mark.django_db
@pytest.mark.parametrize("case_id, overrides, outcome", CORPUS, ids=[case[0] for case in CORPUS])
def test_form(client, seed_post, superuser, baseline, case_id, overrides, outcome):
    data = form_data(seed_post, name="Hanna", email="hanna@example.com")
    for key, value in overrides.items():
        value = FORM_FIELDS.get(key, lambda v: v)(value)
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    response = client.post("/kommentarer/skicka/", data)
    assert response.status_code != 500
    if outcome == REFUSED:
        assert response.status_code == 400, case_id
        soup = BeautifulSoup(response.content, "html.parser")
        errors = [node.get_text() for node in soup.select(".form-errors p, strong.error")]
        assert errors and all(error.strip() for error in errors)
        assert not XtdComment.objects.filter(user_email__iexact="hanna@example.com").exists()
        return
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error, .form-errors")
    comment = XtdComment.objects.get(user_email="hanna@example.com")
    services.comment_approve(comment=comment, by=superuser)
    assert_inert(client.get(seed_post.url).content.decode(), comment.moderation.public_id, baseline)


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b'{"page": 1, "name": "\xff\xfe"}', b"\xc3\x28", b"[1, 2]", b"not json", b"",
                                  b'{"page": "x", "name": 1, "email": [], "text": {}, "consent": "yes"}'])
def test_api_malformed_bodies_are_400_in_swedish(client, body):
    response = client.post("/api/comments/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] in {
        "Begäran måste vara JSON kodad som UTF-8.", "Begäran är inte giltig JSON.", "Begäran ska vara ett JSON-objekt.",
        "Uppgifterna är ogiltiga."}
