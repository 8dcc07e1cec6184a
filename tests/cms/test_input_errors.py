"""Each input the hostile review found answering 500 (or a false "database outage" 503) is a clear 400: JSON under
/api/, a Swedish page for readers, the admin's own look inside /admin/. The general property, every field and
every id in a URL, is tests/api/test_hostile_fields.py."""

import json
import sqlite3
from types import SimpleNamespace
from urllib.parse import urlencode

import psycopg
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import DataError, InterfaceError, OperationalError, connection, connections
from django.db.utils import DatabaseErrorWrapper
from django.http import QueryDict

from dialog_moderation.forms import form_token
from dialog_moderation.models import CommentModeration
from tests.cms.test_faults import database_refusing_connections
from tests.helpers import post_comment_json
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db

TOO_BIG = [2**63, 2**64, 10**20]
TWENTY_DIGITS = "12345678901234567890"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.MODERATION_FORM_MIN_SECONDS = 0


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_user("input-moderator", "input-moderator@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderatorer"))
    client.force_login(user)
    return client


def comment_json(post, **overrides):
    return {"page": post.pk, "name": "Hanna", "email": "hanna@example.com", "text": "Bra skrivet.", "consent": True,
            **overrides}


def post_raw(client, body: str | bytes):
    return client.post("/api/comments/", data=body, content_type="application/json")


def assert_json_400(response):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["message"]
    assert message and not message.isascii(), message  # Swedish, with å, ä or ö
    assert not CommentModeration.objects.exists()
    return message


def assert_reader_page_400(response):
    assert response.status_code == 400, response.content[:300]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "sv"
    assert soup.main.get_text(strip=True)
    return soup


def assert_admin_page_400(response):
    assert response.status_code == 400, response.content[:300]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#wagtail-sidebar") and soup.select_one("main#main"), "in the admin's own layout"
    assert soup.select_one("main h1").get_text(strip=True)
    assert soup.select_one("main .help-critical, main .error-message").get_text(strip=True)
    return soup


# --- the JSON body of POST /api/comments/ -------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["name", "text", "email"])
def test_a_lone_surrogate_in_a_json_string_is_a_400(client, seed_post, field):
    body = json.dumps(comment_json(seed_post, **{field: "hej"})).replace('"hej"', '"h\\ud800ej"')
    assert "\\ud800" in body
    message = assert_json_400(post_raw(client, body))
    assert "surrogat" in message.lower() or "tecken" in message.lower()


def test_a_lone_surrogate_in_a_key_is_a_400(client, seed_post):
    body = json.dumps(comment_json(seed_post))[:-1] + ', "x\\udfff": 1}'
    assert_json_400(post_raw(client, body))


def test_a_surrogate_pair_is_a_character_not_an_error(client, seed_post):
    body = json.dumps(comment_json(seed_post, text="Tummen upp \U0001F44D"))  # json.dumps writes \ud83d\udc4d
    assert "\\ud83d\\udc4d" in body
    assert post_comment_json(client, comment_json(seed_post, text="Tummen upp \U0001F44D")).status_code == 202


@pytest.mark.parametrize("depth", [17, 20_000, 32_000])
def test_deeply_nested_json_is_a_400(client, seed_post, depth):
    body = json.dumps(comment_json(seed_post))[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}"
    message = assert_json_400(post_raw(client, body))
    assert "nivå" in message


def test_nesting_inside_strings_is_not_counted(client, seed_post):
    assert post_comment_json(client, comment_json(seed_post, text="[[[[" * 100 + "{{{{" * 100)).status_code == 202


def test_a_nul_escaped_in_a_json_string_is_a_400(client, seed_post):
    assert_json_400(post_raw(client, json.dumps(comment_json(seed_post, name="An\x00na"))))


def test_duplicate_keys_are_a_400(client, seed_post):
    body = json.dumps(comment_json(seed_post))[:-1] + ', "page": 1}'
    assert "dubbelt" in assert_json_400(post_raw(client, body)).lower()


def test_a_body_above_64_kib_is_a_400(client, seed_post):
    body = json.dumps(comment_json(seed_post, filler="x" * 70_000))
    assert "för stor" in assert_json_400(post_raw(client, body))


def test_a_body_that_is_not_utf8_is_a_400(client, seed_post):
    assert_json_400(post_raw(client, json.dumps(comment_json(seed_post)).encode("utf-16")))
    # CESU-style encoded surrogates are not UTF-8 either.
    assert_json_400(post_raw(client, json.dumps(comment_json(seed_post, name="x")).encode().replace(b'"x"', b'"\xed\xa0\x80"')))


@pytest.mark.parametrize("field", ["page", "parent"])
@pytest.mark.parametrize("value", TOO_BIG + [-1, 0])
def test_out_of_range_ids_in_the_api_are_a_400(client, seed_post, field, value):
    message = assert_json_400(post_raw(client, json.dumps(comment_json(seed_post, **{field: value}))))
    assert message


def test_the_moderator_api_reads_its_body_as_strictly(client, seed_post, django_user_model):
    user = django_user_model.objects.create_user("token-moderator", "t@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderatorer"))
    headers = {"Authorization": f"Bearer {APIToken.create_token(user=user, name='input')[1]}"}
    for body in ['{"reason": "' + "\\ud800" + '"}', '{"reason": ' + "[" * 30_000 + "]" * 30_000 + "}",
                 '{"reason": "a", "reason": "b"}']:
        response = client.post("/api/comments/moderation/1/approve/", data=body, content_type="application/json",
                               headers=headers)
        assert response.status_code == 400, (body[:40], response.content[:200])
        assert not response.json()["message"].isascii()
    response = client.post(f"/api/comments/moderation/{2**63}/approve/", data="{}", content_type="application/json",
                           headers=headers)
    assert response.status_code == 400


# --- the HTML form POST /kommentarer/skicka/ ----------------------------------------------------------------------

def form_post(client, post, **overrides):
    data = {"page": str(post.pk), "name": "Hanna", "email": "hanna@example.com", "text": "Bra skrivet.",
            "consent": "on", "ts": form_token(post.pk), "website": "", **overrides}
    return client.post("/kommentarer/skicka/", data)


@pytest.mark.parametrize("value", TOO_BIG)
def test_an_out_of_range_page_in_the_form_is_a_swedish_400(client, seed_post, value):
    soup = assert_reader_page_400(form_post(client, seed_post, page=str(value)))
    assert "id" in soup.main.get_text().lower()
    assert not CommentModeration.objects.exists()


@pytest.mark.parametrize("value", TOO_BIG)
def test_an_out_of_range_parent_in_the_form_is_a_400_with_the_form_shown_again(client, seed_post, value):
    response = form_post(client, seed_post, parent=str(value))
    soup = assert_reader_page_400(response)
    assert soup.select_one("form textarea[name=text]").get_text().strip() == "Bra skrivet."
    assert not CommentModeration.objects.exists()


@pytest.mark.parametrize("field", ["name", "text", "email", "website", "ts", "parent"])
def test_nul_in_any_form_field_is_a_400_with_the_form_shown_again(client, seed_post, field):
    soup = assert_reader_page_400(form_post(client, seed_post, **{field: "a\x00b"}))
    assert "otillåtna tecken" in soup.get_text() or "styrtecken" in soup.get_text()
    assert not CommentModeration.objects.exists()


def test_a_charset_that_decodes_to_lone_surrogates_is_a_400(client, seed_post):
    """Django decodes fields with the Content-Type's charset: unicode_escape turns \\ud800 into a lone surrogate."""
    body = urlencode({"page": seed_post.pk, "name": "Hanna", "email": "hanna@example.com", "consent": "on",
                      "text": "h\\ud800ej", "ts": form_token(seed_post.pk)})
    response = client.post("/kommentarer/skicka/", data=body,
                           content_type="application/x-www-form-urlencoded; charset=unicode_escape")
    assert "UTF-8" in assert_reader_page_400(response).main.get_text()
    response = client.get("/sok/?q=h\\ud800ej", CONTENT_TYPE="text/plain; charset=unicode_escape")
    assert_reader_page_400(response)
    assert not CommentModeration.objects.exists()


def test_the_form_refuses_lone_surrogates_and_shows_the_value_encodable(seed_post):
    from dialog_moderation.forms import CommentForm

    data = QueryDict(mutable=True)
    data.update({"name": "An\ud800na", "text": "Hej", "ts": form_token(seed_post.pk)})
    form = CommentForm(data, page=seed_post)
    assert not form.is_valid()
    assert "otillåtna tecken" in " ".join(form.errors["name"])
    assert str(form["name"]).encode("utf-8")  # the re-rendered form can be sent


# --- the blog archive ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", ["0", "10000", TWENTY_DIGITS, "0000"])
def test_an_archive_year_outside_1_to_9999_is_a_swedish_400(client, year):
    soup = assert_reader_page_400(client.get(f"/blogg/arkiv/{year}/"))
    assert "9999" in soup.main.get_text()


def test_a_valid_archive_year_still_works(client, seed_post):
    assert client.get(f"/blogg/arkiv/{seed_post.date.year}/").status_code == 200
    assert client.get("/blogg/arkiv/1/").status_code == 404  # a valid year without posts


# --- the moderation admin -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", TOO_BIG)
def test_an_out_of_range_comment_id_in_the_admin_detail_url_is_an_admin_400(moderator_client, value):
    assert_admin_page_400(moderator_client.get(f"/admin/moderation/{value}/"))
    assert_admin_page_400(moderator_client.post(f"/admin/moderation/{value}/", {"action": "approve"}))


@pytest.mark.parametrize("value", TOO_BIG)
def test_an_out_of_range_id_in_a_bulk_decision_is_an_admin_400(moderator_client, value):
    assert_admin_page_400(moderator_client.post(f"/admin/bulk/dialog_moderation/commentmoderation/approve/?id={value}"))


def test_a_50000_character_queue_search_is_an_admin_400_not_an_outage(moderator_client):
    response = moderator_client.get("/admin/moderation/", {"q": "x" * 50_000})
    soup = assert_admin_page_400(response)
    assert "200" in soup.get_text()
    assert moderator_client.get("/admin/moderation/", {"q": "x" * 200}).status_code == 200


def test_nul_in_the_queue_filter_is_an_admin_400(moderator_client):
    soup = assert_admin_page_400(moderator_client.get("/admin/moderation/", {"q": "a\x00b"}))
    assert "otillåtna tecken" in soup.get_text()


@pytest.mark.parametrize("field", ["tag", "network", "year", "sort", "page"])
def test_nul_in_a_search_filter_is_a_400_that_names_it(client, field):
    soup = assert_reader_page_400(client.get("/sok/", {field: "a\x00b"}))
    assert "otillåtna tecken" in soup.main.get_text()
    response = client.get("/api/search/", {field: "a\x00b"})
    assert response.status_code == 400 and response.json()["message"]
    if field in ("tag", "network"):  # the others are refused by their type first
        assert "otillåtna tecken" in json.dumps(response.json(), ensure_ascii=False)


# --- telling an outage from a refused query -------------------------------------------------------------------

def is_outage(error):
    from cms.middleware import is_outage

    return is_outage(error)


def wrapped(raise_error, database=None):
    """The error as Django raises it: a django.db exception whose cause is the driver's own. ``database`` is the
    driver module whose errors are wrapped (the test database's own by default, sqlite3 for SQLite's errors whatever
    database the suite runs on)."""
    wrapper = connection if database is None else SimpleNamespace(Database=database)
    try:
        with DatabaseErrorWrapper(wrapper):
            raise_error()
    except Exception as error:  # noqa: BLE001 - the point is to catch what the wrapper raised
        return error
    raise AssertionError("nothing raised")


def test_a_refused_sqlite_query_is_not_an_outage():
    def too_complex():
        sqlite3.connect(":memory:").execute("SELECT 'a' LIKE ?", ("%" + "x" * 60_000,)).fetchall()

    error = wrapped(too_complex, sqlite3)
    assert isinstance(error, OperationalError)
    assert not is_outage(error)


def test_an_unreachable_sqlite_file_is_an_outage(tmp_path):
    error = wrapped(lambda: sqlite3.connect(str(tmp_path / "missing" / "db.sqlite3")).execute("SELECT 1"), sqlite3)
    assert isinstance(error, OperationalError)
    assert is_outage(error)


def test_an_unreachable_postgresql_server_is_an_outage():
    with database_refusing_connections():
        with pytest.raises(OperationalError) as raised:
            connections["default"].ensure_connection()
    error = raised.value
    assert isinstance(error.__cause__, psycopg.OperationalError)
    assert is_outage(error)
    assert is_outage(InterfaceError("connection already closed"))


def test_a_value_the_database_refused_is_not_an_outage():
    assert not is_outage(DataError("value out of range for type integer"))


@pytest.mark.parametrize("path", ["/api/v2/pages/\n$/", "/api/finns-inte\n/"])
def test_an_api_path_with_a_newline_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json()["message"]
