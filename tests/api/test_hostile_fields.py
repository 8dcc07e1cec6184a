"""No input is a 5xx: a property of the site, not of a list of fields.

The fields are DISCOVERED, not listed: every field of the public forms (the comment form, the search form, the
moderation queue's filter), every property and parameter of every operation in the OpenAPI document the site
serves at /api/openapi.json, and every URL with an integer, database-id or year parameter (the site's URL
resolver walked, and the routes of each routable page). At each one goes every value in HOSTILE (a lone
surrogate, NUL, 20,000 levels of nesting, 2**63, 2**64, -1, 0, 10**20, 50,000 characters); the admin's URLs are
asked as a signed-in moderator. Each answer is a normal 2xx/3xx or a 4xx that says what was wrong (JSON
``message`` under /api/, text on the page elsewhere), never a 5xx.

Lone surrogates cannot be sent as UTF-8; they reach a form only through a declared charset (unicode_escape), so
the forms get them that way, and each form class is also given them directly.
"""

import json
import re
import uuid
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from dialog_moderation.forms import CommentForm, form_token
from dialog_moderation.viewsets import DecisionForm, QueueFilterSet, QueueSearchForm, ReplyForm
from dialog_search.forms import SearchForm
from tests.search.isolation import own_indexes_of_the_site
from wagtail.models import APIToken

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

SURROGATE = "a\ud800b"
HOSTILE_TEXT = {
    "nul": "a\x00b",
    "nesting": "[" * 20_000 + "]" * 20_000,
    "2**63": str(2**63),
    "2**64": str(2**64),
    "-1": "-1",
    "0": "0",
    "10**20": str(10**20),
    "50000-chars": "x" * 50_000,
}
HOSTILE_NUMBERS = [2**63, 2**64, -1, 0, 10**20]
URL_NUMBERS = [str(value) for value in HOSTILE_NUMBERS]
ABSENT_ID = "987654321"
INTEGER_PARAMETER = re.compile(r"<(int|dbid|year):(\w+)>")
OTHER_PARAMETER = {"str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
FORM_CLASSES = [CommentForm, SearchForm, QueueSearchForm, DecisionForm, ReplyForm]


@pytest.fixture(scope="module")
def search_indexes(elasticsearch_url, django_db_setup, django_db_blocker):
    """Search answers from a real node, so a 503 here would be a real failure, not an absent engine."""
    with own_indexes_of_the_site(elasticsearch_url, "hostile", django_db_blocker) as prefix:
        yield prefix


@pytest.fixture(autouse=True)
def answers_not_raised(client):
    """A view's exception is a 500 answer to record with the rest, not an error that stops the walk."""
    client.raise_request_exception = False


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("hostile-moderator", "hostile@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderatorer"))
    return user


@pytest.fixture
def answers():
    """Every answer that was not a clean one, with what was sent; asserted empty at the end of each test."""
    bad = []

    def check(label, response):
        problem = _problem(response)
        if problem:
            bad.append(f"{label}: {response.status_code} {problem}")
        return response

    check.bad = bad
    return check


def _problem(response) -> str:
    status = response.status_code
    if status >= 500:
        return response.content[:200].decode(errors="replace")
    if status < 400 or status == 405:  # 405: a POST-only view asked with GET, its input never read
        return ""
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        return "" if isinstance(body, dict) and (body.get("message") or body.get("detail")) else f"no message: {body}"
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.select_one("main") or soup.body
    return "" if main is not None and main.get_text(strip=True) else "an empty page"


def _hostile_values():
    return {**HOSTILE_TEXT}


# --- the forms ------------------------------------------------------------------------------------------------

def _form_requests(seed_post):
    """(label, method, url, base data, field names) per public form; the fields come from the form classes."""
    comment = {"page": str(seed_post.pk), "name": "Hanna", "email": "hanna@example.com", "text": "Bra skrivet.",
               "consent": "on", "ts": form_token(seed_post.pk), "website": ""}
    return [
        ("comment form", "post", "/kommentarer/skicka/", comment,
         ["page", *CommentForm(page=seed_post).fields]),
        ("search form", "get", "/sok/", {"q": "innovation"}, ["q", *SearchForm().fields]),
        ("queue filter", "get", "/admin/moderation/", {"state": "pending"}, ["q", *QueueFilterSet.base_filters]),
    ]


def test_every_form_field_refuses_hostile_values_clearly(client, seed_post, moderator, search_indexes, answers,
                                                         settings):
    settings.MODERATION_FORM_MIN_SECONDS = 0
    client.force_login(moderator)
    for label, method, url, base, fields in _form_requests(seed_post):
        for field in fields:
            for name, value in _hostile_values().items():
                data = {**base, field: value}
                response = client.post(url, data) if method == "post" else client.get(url, data)
                answers(f"{label} {field}={name}", response)
            # A lone surrogate, sent the only way HTTP can carry one: a charset that decodes escapes.
            body = urlencode({**base, field: "a\\ud800b"}, safe="\\")
            if method == "post":
                response = client.post(url, body, content_type="application/x-www-form-urlencoded; charset=unicode_escape")
            else:
                response = client.get(f"{url}?{body}", CONTENT_TYPE="text/plain; charset=unicode_escape")
            assert response.status_code == 400, (label, field)
            answers(f"{label} {field}=surrogate", response)
    assert not answers.bad, "\n".join(answers.bad)


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda form_class: form_class.__name__)
def test_every_form_class_refuses_surrogates_and_nul_in_each_field(form_class, seed_post, moderator):
    kwargs = {"page": seed_post} if form_class is CommentForm else {}
    for field in form_class.base_fields:
        for value in (SURROGATE, "a\x00b"):
            data = QueryDict(mutable=True)
            data[field] = value
            form = form_class(data, **kwargs)
            assert not form.is_valid(), (field, value)
            errors = " ".join(message for messages in form.errors.values() for message in messages)
            assert "otillåtna tecken" in errors, (field, errors)
            for bound in form:
                str(bound).encode("utf-8")  # shown again, the form can be sent


def test_the_queue_filter_set_refuses_surrogates_and_nul_in_each_filter(seed_post, moderator, rf):
    request = rf.get("/admin/moderation/")
    request.user = moderator
    assert set(QueueFilterSet.base_filters) >= {"state", "page", "flagged", "date_from", "date_to"}
    for field in QueueFilterSet.base_filters:
        for value in (SURROGATE, "a\x00b"):
            data = QueryDict(mutable=True)
            data[field] = value
            filterset = QueueFilterSet(data, request=request)
            assert not filterset.is_valid(), (field, value)
            errors = " ".join(message for messages in filterset.form.errors.values() for message in messages)
            assert "otillåtna tecken" in errors, (field, errors)
            for bound in filterset.form:
                str(bound).encode("utf-8")


# --- the JSON API, from its own OpenAPI document ------------------------------------------------------------------

def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _sample(document, schema, seed_post):
    schema = _resolve(document, schema)
    for option in schema.get("anyOf", []):
        option = _resolve(document, option)
        if option.get("type") != "null":
            return _sample(document, option, seed_post)
    kind = schema.get("type")
    if "default" in schema:
        return schema["default"]
    return {"integer": seed_post.pk, "boolean": True, "string": "Hej", "array": [], "object": {}}.get(kind, "x")


def _operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _json_variants(value_name, value):
    """A hostile value as JSON text: strings as strings, numbers as numbers, nesting as nested arrays."""
    if value_name == "nesting":
        return "[" * 20_000 + "]" * 20_000
    if value_name in ("2**63", "2**64", "-1", "0", "10**20"):
        return value
    return json.dumps(value)


def test_every_json_field_and_parameter_of_the_api_refuses_hostile_values_clearly(client, seed_post, moderator,
                                                                                  search_indexes, answers):
    document = client.get("/api/openapi.json").json()
    headers = {"Authorization": f"Bearer {APIToken.create_token(user=moderator, name='hostile')[1]}"}
    operations = 0
    for path, method, operation in _operations(document):
        operations += 1
        parameters = operation.get("parameters", [])
        path_values = {p["name"]: ("approve" if p["name"] == "action" else str(seed_post.pk))
                       for p in parameters if p["in"] == "path"}
        query_values = {p["name"]: _sample(document, p.get("schema", {}), seed_post)
                        for p in parameters if p["in"] == "query" and p.get("required")}
        body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        body = {}
        if body_schema:
            body_schema = _resolve(document, body_schema)
            body = {name: _sample(document, prop, seed_post) for name, prop in body_schema.get("properties", {}).items()}

        def call(url_path, query, payload_text=None):
            url = url_path + ("?" + urlencode(query, doseq=True) if query else "")
            if method == "get":
                return client.get(url, headers=headers)
            return client.generic(method.upper(), url, payload_text if payload_text is not None else json.dumps(body),
                                  content_type="application/json", headers=headers)

        def url_with(values):
            url_path = path
            for name, value in values.items():
                url_path = url_path.replace("{" + name + "}", quote(str(value), safe=""))
            return url_path

        for name, value in HOSTILE_TEXT.items():
            for parameter in parameters:
                if parameter["in"] == "path":
                    response = call(url_with({**path_values, parameter["name"]: value}), query_values)
                elif parameter["in"] == "query":
                    response = call(url_with(path_values), {**query_values, parameter["name"]: value})
                else:
                    continue
                answers(f"{method} {path} {parameter['in']} {parameter['name']}={name}", response)
            for field in body:
                text = json.dumps({**body, field: "__HOSTILE__"}).replace('"__HOSTILE__"', _json_variants(name, value))
                answers(f"{method} {path} body {field}={name}", call(url_with(path_values), query_values, text))
        for field in body:  # a lone surrogate as JSON writes one, in the value and in a key
            text = json.dumps({**body, field: "__HOSTILE__"}).replace('"__HOSTILE__"', '"a\\ud800b"')
            answers(f"{method} {path} body {field}=surrogate", call(url_with(path_values), query_values, text))
        if body:
            text = json.dumps(body)[:-1] + ', "k\\udfff": 1}'
            answers(f"{method} {path} body surrogate key", call(url_with(path_values), query_values, text))
    assert operations >= 10, "the OpenAPI document lists the site's operations"
    assert not answers.bad, "\n".join(answers.bad)


# --- every URL with a number in it --------------------------------------------------------------------------------

def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _numbered_routes():
    """Routes with an int, dbid or year parameter: the site's resolver and each routable page's own routes."""
    routes = [route for route in _walk(get_resolver()) if INTEGER_PARAMETER.search(route)]
    for page in Page.objects.live().specific():
        if isinstance(page, RoutablePageMixin):
            routes += [page.url.lstrip("/") + route for route in _walk(page.get_resolver())
                       if INTEGER_PARAMETER.search(route)]
    return routes


def _urls_for(route):
    """The route with each numbered parameter in turn set to each hostile number (the others to an id that names
    nothing, so the answer is about the hostile one)."""
    names = [match.group(2) for match in INTEGER_PARAMETER.finditer(route)]
    for name in names:
        for number in URL_NUMBERS:
            url = route
            for match in INTEGER_PARAMETER.finditer(route):
                url = url.replace(match.group(0), number if match.group(2) == name else ABSENT_ID)
            url = re.sub(r"<(\w+):\w+>", lambda m: OTHER_PARAMETER.get(m.group(1), "x"), url)
            if re.search(r"[()\\\[\]?*+]", url):
                continue  # a regular expression left that cannot be filled in
            yield "/" + url


def test_every_url_with_a_number_refuses_out_of_range_numbers_clearly(client, moderator, answers):
    client.force_login(moderator)
    routes = _numbered_routes()
    assert any("<dbid:" in route for route in routes) and any("<year:" in route for route in routes)
    for route in routes:
        for url in _urls_for(route):
            answers(f"GET {url}", client.get(url))
            if "moderation" in url:
                answers(f"POST {url}", client.post(url, {"action": "approve", "ids": url.rstrip("/").rsplit("/", 1)[-1]}))
    for number in URL_NUMBERS:  # ids in a form that names objects in a URL's stead
        answers(f"POST bulk ids={number}",
                client.post(f"/admin/bulk/dialog_moderation/commentmoderation/approve/?id={number}"))
    assert not answers.bad, "\n".join(answers.bad)
