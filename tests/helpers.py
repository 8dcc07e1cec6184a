"""Shared ways for tests to act as a reader's browser or a headless front end."""

import json

COMMENTS_URL = "/api/comments/"
FORM_TOKEN_URL = "/api/comments/form-token/"


def comment_form_token(client, page_id) -> str:
    """A form token as a headless front end fetches one (`GET /api/comments/form-token/?page=<id>`).

    It is refused when sent sooner than MODERATION_FORM_MIN_SECONDS after issue; tests/moderation sets that to 0,
    tests elsewhere that post set it themselves (`settings.MODERATION_FORM_MIN_SECONDS = 0`)."""
    response = client.get(FORM_TOKEN_URL, {"page": page_id})
    assert response.status_code == 200, response.content
    return response.json()["form_token"]


def post_comment_json(client, payload, *, token: str | None = None, content_type: str = "application/json", **extra):
    """POST /api/comments/ as a headless front end does: a fresh form token for payload["page"] (unless the payload
    or `token` brings one), an empty honeypot, the body as JSON with `content_type`. `extra` goes to client.post."""
    body = dict(payload)
    if "form_token" not in body:
        body["form_token"] = token if token is not None else _token_if_any(client, body.get("page"))
    return client.post(COMMENTS_URL, json.dumps(body), content_type=content_type, **extra)


def _token_if_any(client, page) -> str:
    """A token when the page takes comments; otherwise none, and the post answers what it would for that page."""
    if not isinstance(page, int) or isinstance(page, bool) or not 1 <= page <= 2**31 - 1:
        return ""
    response = client.get(FORM_TOKEN_URL, {"page": page})
    return response.json()["form_token"] if response.status_code == 200 else ""
