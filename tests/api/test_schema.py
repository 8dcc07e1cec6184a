"""/api/openapi.json is valid OpenAPI 3.1, its schemas valid JSON Schema, and it describes /api/v2/ too."""

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

V2_OPERATIONS = {
    f"/api/v2/{endpoint}/{suffix}" for endpoint in ("pages", "images", "documents") for suffix in ("", "{id}/", "find/")
}


@pytest.fixture(scope="module")
def document():
    from django.test import Client

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_is_valid_openapi_31(document):
    assert document["openapi"].startswith("3.1.")
    assert [error.message for error in OPENAPI_31_VALIDATOR.iter_errors(document)] == []


def test_every_component_is_valid_json_schema_and_every_reference_resolves(document):
    for name, schema in document["components"]["schemas"].items():
        jsonschema_rs.meta.validate(schema)
        # Building a validator over the whole document resolves every $ref the component uses.
        jsonschema_rs.validator_for({**schema, "components": document["components"]})


def test_lists_the_page_image_and_document_endpoints(document):
    assert V2_OPERATIONS <= set(document["paths"])
    for path in V2_OPERATIONS:
        assert set(document["paths"][path]) == {"get"}
    listing = {parameter["name"] for parameter in document["paths"]["/api/v2/pages/"]["get"]["parameters"]}
    assert {"type", "fields", "order", "limit", "offset", "child_of", "descendant_of", "network", "date",
            "tags", "allow_comments"} <= listing
    assert "V2BlogPostPage" in document["components"]["schemas"]


def test_the_project_endpoints_are_still_there(document):
    assert {"/api/comments/", "/api/comments/moderation/queue/", "/api/comments/moderation/{comment_id}/{action}/",
            "/api/search/", "/api/search/suggest/"} <= set(document["paths"])
