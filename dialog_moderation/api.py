"""The comment API under /api/comments/: the public thread and submission, and token-authenticated moderation.

Moderation endpoints use the same services, permissions, scopes and decision history as the admin.
"""

import datetime
from typing import Literal

import pydantic

from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from wagtail.api.v3.auth import BearerTokenAuth

from dialog_moderation import inputs, selectors, services
from dialog_moderation.conf import setting
from dialog_moderation.http import client_ip, json_body_required
from dialog_moderation.inputs import DatabaseId, InputError, SafeText

router = Router(tags=["comments"])

# Larger ids and offsets overflow the database's integers (SQLite raises, PostgreSQL answers "out of range").
MAX_DB_INTEGER = 2**31 - 1


class ModeratorToken(BearerTokenAuth):
    """`Authorization: Bearer <token>` with a Wagtail API token (`manage.py api_tokens create --user U --name N`,
    or Settings > API tokens in the admin). Wagtail resolves the token, refuses revoked ones and records when it was
    last used; an unknown or revoked token, or one of an inactive user, is a 401. Whether the user may moderate is
    checked by each endpoint, so that a valid token without the permission gets a 403 that says so."""


class ErrorOut(Schema):
    message: str
    errors: list[dict] = []


class CommentOut(Schema):
    id: int = Field(description="The comment's public id (random, not sequential); send it as `parent` to reply.")
    name: str
    text: str = Field(description="Plain text; display it escaped.")
    submitted_at: datetime.datetime
    is_staff: bool = Field(description="A reply from the editors.")
    level: int
    parent: int | None = Field(description="Public id of the comment replied to.")
    children: list["CommentOut"] = []


CommentOut.model_rebuild()


class ThreadOut(Schema):
    page: int
    count: int
    open: bool
    comments: list[CommentOut]


class FormTokenOut(Schema):
    page: int
    form_token: str = Field(description="Send it back as `form_token` with the comment.")
    honeypot: str = Field(description="The field to send empty (a trap for bots).")
    min_seconds: int = Field(description="The token is accepted at the earliest this many seconds after it was fetched.")
    max_age: int = Field(description="The token is accepted at most this many seconds after it was fetched.")
    max_uses: int = Field(description="How many times the token may be sent; fetch a new one for the next comment.")


class CommentIn(Schema):
    page: DatabaseId
    form_token: str = Field(description="From GET /api/comments/form-token/?page=<id>.")
    website: str = Field("", description="Leave empty; a trap for bots.")
    name: str
    email: str = Field(description="Never shown publicly.")
    text: str
    consent: bool = Field(description="Consent to how the personal data is handled; must be true.")
    parent: DatabaseId | None = Field(None, description="Public id (`id` in the thread) of the comment replied to.")
    notify_on_publish: bool = False
    followup: bool = False


class SubmittedOut(Schema):
    id: int = Field(description="The comment's public id.")
    state: str
    message: str


class QueueItemOut(Schema):
    id: int
    page: int
    page_title: str
    name: str
    email: str
    text: str
    state: str
    flags: list[dict]
    submitted_at: datetime.datetime
    is_staff: bool


class QueueOut(Schema):
    count: int
    items: list[QueueItemOut]


class DecisionIn(Schema):
    reason: SafeText = Field("", max_length=1000)


class DecisionOut(Schema):
    actor: str | None
    from_state: str
    to_state: str
    reason: str
    created_at: datetime.datetime


class DecidedOut(Schema):
    id: int
    state: str
    history: list[DecisionOut]


def _node(node, parent_public_id: int | None = None) -> dict:
    """One comment as readers see it: public ids only. A reply whose parent is not shown is a root, parent None."""
    comment = node["comment"]
    moderation = comment.moderation
    return {
        "id": moderation.public_id,
        "name": comment.user_name,
        "text": comment.comment,
        "submitted_at": comment.submit_date,
        "is_staff": moderation.is_staff_reply,
        "level": comment.level,
        "parent": parent_public_id,
        "children": [_node(child, moderation.public_id) for child in node["children"]],
    }


@router.get("/", response={200: ThreadOut, 400: ErrorOut, 404: ErrorOut},
            summary="Approved comments on a page", auth=None)
def comments_list(request, page: DatabaseId):
    """The approved comments of a page as a thread, oldest first. No emails, no IP addresses, nothing pending."""
    target = selectors.commentable_page_for_reader(request=request, page_id=page)
    if target is None:
        return Status(404, {"message": _("The page does not exist or does not accept comments.")})
    threads = selectors.comments_public_for(page=target)
    return Status(200, {
        "page": target.pk,
        "count": selectors.public_comment_counts(page_ids=[target.pk]).get(target.pk, 0),
        "open": target.comments_open,
        "comments": [_node(node) for node in threads],
    })


RANGE_ERRORS = {"greater_than_equal", "less_than_equal"}


@router.get("/form-token/", response={200: FormTokenOut, 400: ErrorOut, 404: ErrorOut},
            summary="A form token for posting a comment", auth=None)
def comment_form_token(request, page: DatabaseId):
    """A signed token for one comment on the page, as the HTML form carries one: send it back in `form_token`,
    no sooner than `min_seconds` and no later than `max_age` seconds after fetching it, at most `max_uses` times,
    with the honeypot field empty."""
    target = selectors.commentable_page_for_reader(request=request, page_id=page)
    if target is None:
        return Status(404, {"message": _("The page does not exist or does not accept comments.")})
    return Status(200, {
        "page": target.pk,
        "form_token": services.form_token_issue(page_id=target.pk),
        "honeypot": services.HONEYPOT_FIELD,
        "min_seconds": setting("FORM_MIN_SECONDS"),
        "max_age": setting("FORM_MAX_AGE"),
        "max_uses": setting("FORM_TOKEN_MAX_USES"),
    })


def _parse_comment(request) -> CommentIn:
    """The body is read by dialog_moderation.inputs (strictly: UTF-8, size, depth, characters) rather than by ninja, so
    every refusal gets a Swedish 400 that says what was wrong."""
    try:
        data = inputs.read_json(request)
    except inputs.InputError as error:
        raise services.CommentSubmissionError(error.message)
    try:
        return CommentIn.model_validate(data)
    except pydantic.ValidationError as error:
        raise services.CommentSubmissionError(_("The data is invalid."), errors={
            ".".join(str(part) for part in item["loc"] if part != "int") or "body": [
                inputs.database_id_message() if item["type"] in RANGE_ERRORS else _("Missing or of the wrong type.")]
            for item in error.errors()
        })


@router.post("/", response={202: SubmittedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 415: ErrorOut,
                             429: ErrorOut},
             summary="Post a comment", auth=None,
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": CommentIn.model_json_schema()}}}})
@decorate_view(json_body_required)
def comments_submit(request):
    """Stores the comment as pending; it is published only after a moderator approves it.

    Send `Content-Type: application/json` (other types answer 415), a `form_token` from
    `GET /api/comments/form-token/?page=<id>` and an empty `website`; a refused token answers 400."""
    try:
        payload = _parse_comment(request)
    except services.CommentSubmissionError as error:
        return Status(400, {"message": error.message, "errors": [
            {"loc": ["body", name], "msg": message} for name, messages in error.errors.items() for message in messages]})
    target = selectors.commentable_page_for_reader(request=request, page_id=payload.page)
    if target is None:
        return Status(404, {"message": _("The page does not exist or does not accept comments.")})
    try:
        comment = services.comment_submit_with_token(
            page=target, form_token=payload.form_token, honeypot=payload.website,
            name=payload.name, email=payload.email, text=payload.text, consent=payload.consent,
            parent_public_id=payload.parent, ip=client_ip(request), notify_on_publish=payload.notify_on_publish,
            followup=payload.followup,
        )
    except services.CommentSubmissionError as error:
        errors = [{"loc": ["body", "payload", name], "msg": message}
                  for name, messages in error.errors.items() for message in messages]
        return Status(error.status, {"message": error.message, "errors": errors})
    return Status(202, {"id": comment.moderation.public_id, "state": comment.moderation.state,
                 "message": _("Thank you! Your comment is reviewed before it is published.")})


def _require_moderator(request):
    if not selectors.can_moderate(request.user):
        return Status(403, {"message": _("You do not have permission to moderate comments.")})
    return None


@router.get("/moderation/queue/", response={200: QueueOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
            auth=ModeratorToken(), summary="The moderation queue (moderators)")
def moderation_queue(request, state: Literal["pending", "approved", "rejected", "spam", "all"] = "pending",
                     page: int | None = Query(None, ge=1, le=MAX_DB_INTEGER), flagged: bool | None = None,
                     q: SafeText = Query("", max_length=200), sort: Literal["oldest", "newest", "post", "state"] = "oldest",
                     limit: int = Query(50, ge=1, le=100), offset: int = Query(0, ge=0, le=MAX_DB_INTEGER)):
    """The queue the token's user may see (scoped like the admin), with the first-pass flags."""
    denied = _require_moderator(request)
    if denied:
        return denied
    queryset = selectors.queue_for(user=request.user, filters={
        "state": state, "page": page, "flagged": flagged, "q": q, "sort": sort})
    rows = queryset[offset:offset + limit]
    return Status(200, {"count": queryset.count(), "items": [
        {"id": row.comment_id, "page": row.page_id, "page_title": row.page.title, "name": row.comment.user_name,
         "email": row.comment.user_email, "text": row.comment.comment, "state": row.state, "flags": row.flags,
         "submitted_at": row.submitted_at, "is_staff": row.is_staff_reply}
        for row in rows
    ]})


@router.post("/moderation/{comment_id}/{action}/",
             response={200: DecidedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 415: ErrorOut},
             auth=ModeratorToken(), summary="Decide on a comment: approve, reject or spam")
@decorate_view(json_body_required)
def moderation_decide(request, action: str, payload: DecisionIn,
                      comment_id: DatabaseId = Path(...)):
    denied = _require_moderator(request)
    if denied:
        return denied
    decide = services.DECIDERS.get(action)
    moderation = selectors.moderations_for(user=request.user).select_related("comment").filter(comment_id=comment_id).first()
    if decide is None or moderation is None:
        return Status(404, {"message": _("The comment or the action does not exist.")})
    decide(comment=moderation.comment, by=request.user, reason=payload.reason)
    moderation.refresh_from_db()
    history = moderation.comment.decisions.select_related("actor").order_by("created_at", "pk")
    return Status(200, {"id": comment_id, "state": moderation.state, "history": [
        {"actor": decision.actor.get_username() if decision.actor else None, "from_state": decision.from_state,
         "to_state": decision.to_state, "reason": decision.reason, "created_at": decision.created_at}
        for decision in history
    ]})


def install_error_handlers(api: NinjaAPI) -> None:
    """Give the host's NinjaAPI the plugin's error answers: every error is JSON with a readable ``message`` (and the
    field ``errors``), bad input is a 400 (never ninja's 422), a missing or refused bearer token a 401 that says what
    to send. Call it once on the API that mounts ``router``."""

    def refused_input(request, exc):
        return api.create_response(request, {"message": exc.message, "errors": [
            {"loc": ["body", name], "msg": message} for name, messages in exc.errors.items() for message in messages]},
            status=400)

    def invalid_input(request, exc):
        return api.create_response(request, {"message": _("The data is invalid."), "errors": exc.errors}, status=400)

    def http_error(request, exc):
        """Ninja's own errors (an unparsable body, a missing bearer token) with a `message`, like every error here."""
        if isinstance(exc.__cause__, InputError):  # the body parser refused the body: say why
            return refused_input(request, exc.__cause__)
        messages = {
            400: _("The request could not be parsed."),
            401: _("Give a valid API key (Authorization: Bearer …)."),
        }
        return api.create_response(
            request, {"message": messages.get(exc.status_code, str(exc)), "errors": []}, status=exc.status_code)

    api.add_exception_handler(ValidationError, invalid_input)
    api.add_exception_handler(InputError, refused_input)
    api.add_exception_handler(HttpError, http_error)
