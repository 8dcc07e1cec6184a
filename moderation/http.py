"""Reading the client's address without trusting headers a client can forge."""

import ipaddress

from moderation.conf import setting


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
