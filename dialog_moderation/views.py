"""The public side: posting a comment from the HTML form (works without JavaScript), confirming and muting."""

from urllib.parse import unquote

from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from dialog_moderation import services
from dialog_moderation.conf import setting
from dialog_moderation.forms import CommentForm
from dialog_moderation.inputs import parse_database_id
from dialog_moderation.http import client_ip
from dialog_moderation.models import CommentState
from dialog_moderation.selectors import commentable_page_for_reader, page_for_reader

FIELD_FOR_ERROR = {"name": "name", "email": "email", "text": "text", "consent": "consent"}  # others: non-field


def _rerender(request, page, form, status):
    """The post page again, with the reader's values kept and the errors shown (no redirect, no lost text).

    Served through Wagtail's own page view, routed on the request's site, so its hooks (view restrictions among
    them) decide exactly as they do for the page's address.
    """
    _site_id, _root_url, path = page.get_url_parts(request) or (None, None, None)
    path = unquote(path) if path is not None else None  # the URL is quoted; Wagtail routes on the slugs
    route = Page.route_for_request(request, path) if path is not None else None
    if route is None or route[0].pk != page.pk:
        raise Http404
    request.comment_form = form
    response = wagtail_serve(request, path)
    if response.status_code == 200:
        response.status_code = status
    return response


@require_POST
def comment_post(request):
    page_id = request.POST.get("page", "").strip()
    if not (page_id.isascii() and page_id.isdigit()):
        raise Http404
    # Digits out of the id range are a 400 (dialog_moderation.inputs.InputError), not a query that overflows.
    page = commentable_page_for_reader(request=request, page_id=parse_database_id(page_id))
    if page is None:
        raise Http404  # absent, unpublished, on another site or restricted from this reader: all look the same
    form = CommentForm(request.POST, page=page)
    if not form.is_valid():
        return _rerender(request, page, form, 400)
    data = form.cleaned_data
    try:
        services.comment_submit_with_token(
            page=page, form_token=data["ts"], honeypot=data["website"],
            name=data["name"], email=data["email"], text=data["text"], consent=data["consent"],
            parent_public_id=data["parent"] or None, ip=client_ip(request),
            notify_on_publish=data["notify_on_publish"], followup=data["followup"],
        )
    except services.CommentSubmissionError as error:
        form.add_error(None, error.message)
        for field_name, messages in error.errors.items():
            for message in messages:
                form.add_error(FIELD_FOR_ERROR.get(field_name), message)
        return _rerender(request, page, form, error.status)
    outcome = "bekrafta" if setting("CONFIRM_EMAIL") else "tack"
    return HttpResponseRedirect(f"{page.url}?kommentar={outcome}#kommentera")


@require_http_methods(["GET", "POST"])
def comment_confirm(request, token):
    """GET shows a button and changes nothing (mail scanners and link previews follow GETs); POST confirms."""
    try:
        services.confirmation_check(token=token)
        if request.method == "GET":
            return render(request, "dialog_moderation/confirm_result.html", {"ask": True})
        comment = services.comment_confirm_email(token=token)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return render(request, "dialog_moderation/confirm_result.html", {"ok": False}, status=400)
    page = page_for_reader(request=request, page_id=comment.object_pk)
    return render(request, "dialog_moderation/confirm_result.html", {
        "ok": True, "page": page, "published": comment.moderation.state == CommentState.APPROVED})


@require_http_methods(["GET", "POST"])
def followup_mute(request, token):
    try:
        signing.loads(token, salt=services.MUTE_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return render(request, "dialog_moderation/mute.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.comment_followup_mute(token=token)
        return render(request, "dialog_moderation/mute.html", {"done": True})
    return render(request, "dialog_moderation/mute.html", {"token": token})
