"""Reading the client's address without trusting headers a client can forge, and refusing bodies a foreign page
could send."""

import functools
import ipaddress

from django.http import JsonResponse
from django.utils.translation import gettext as _

from dialog_moderation.conf import setting


def json_body_required(view):
    """415 unless the body is declared `application/json` (optionally `charset=utf-8`).

    A foreign web page can make its visitors' browsers send `text/plain`, `application/x-www-form-urlencoded` or
    `multipart/form-data` without asking (a CORS "simple request"); `application/json` needs a preflight that this
    site never grants, so requiring it closes the cross-site path to every JSON write. A request with neither a
    body nor a declared type carries nothing to write; the view answers it as an empty body (400)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.META.get("CONTENT_TYPE") and not request.body:
            return view(request, *args, **kwargs)
        charset = request.content_params.get("charset", "utf-8") if request.content_params else "utf-8"
        if request.content_type != "application/json" or charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            return JsonResponse({"message": _("Send JSON with Content-Type: application/json."), "errors": []},
                                status=415)
        return view(request, *args, **kwargs)

    return wrapper


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the X-Forwarded-For entry written by the outermost of MODERATION_TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from, so with N proxies the client is the
    N-th entry from the right; anything further left was written by the client and is ignored.
    """
    proxies = setting("TRUSTED_PROXY_COUNT")
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid_ip(forwarded[-proxies]) or remote
