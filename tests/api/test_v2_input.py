"""Inputs the fuzzer found that made the API answer 500 (or wrongly 400, or HTML); each is now a clear answer."""

import pytest

V2 = "/api/v2/"


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "pages/find/?id=abc",
    "images/find/?id=abc",
    "documents/find/?id=-1",
    "pages/find/?id=99999999999999999999999",
    "pages/?offset=99999999999999999999999",
    "images/?offset=99999999999999999999999",
    "documents/?offset=1%2C5",
    "pages/?search=a%00b",
    "images/?search=%00",
    "pages/?search=energi&search_operator=xor",
    "documents/?search=x&search_operator=",
])
def test_malformed_parameters_are_400_with_a_message(client, query):
    response = client.get(V2 + query)
    assert response.status_code == 400, (query, response.status_code)
    assert response.json()["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("value, expected", [("true", 7), ("1", 7), ("false", 0), ("0", 0)])
def test_boolean_filters_take_wagtails_true_and_false(client, value, expected):
    response = client.get(f"{V2}pages/?type=blog.BlogPostPage&allow_comments={value}")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == expected


@pytest.mark.django_db
def test_search_operator_and_find_by_id_still_work(client, seed_post):
    assert client.get(f"{V2}pages/?search=energi&search_operator=and").status_code == 200
    response = client.get(f"{V2}pages/find/?id={seed_post.pk}")
    assert response.status_code == 302 and response["Location"].endswith(f"/api/v2/pages/{seed_post.pk}/?")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v2/pages/abc/", "/api/finns-inte/", "/api/v2/images/-1/"])
def test_unknown_api_addresses_are_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"] == "Adressen finns inte i API:et."


@pytest.mark.django_db
def test_moderation_ids_and_offsets_beyond_the_database_are_400(client, django_user_model):
    from django.contrib.auth.models import Group

    from wagtail.models import APIToken

    user = django_user_model.objects.create_user("mod", "mod@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderatorer"))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='test')[1]}"}
    huge = "18475952281549413548032"
    decided = client.post(f"/api/comments/moderation/{huge}/approve/", {}, content_type="application/json", **headers)
    assert decided.status_code == 400 and decided.json()["message"]
    for query in (f"offset={huge}", f"page={huge}"):
        response = client.get(f"/api/comments/moderation/queue/?{query}", **headers)
        assert response.status_code == 400 and response.json()["message"]
    assert client.get("/api/comments/moderation/queue/").json()["message"]
