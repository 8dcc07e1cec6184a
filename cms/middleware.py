"""When the database is away (a restart, a failover, a full connection pool), readers get a clean 503 in Swedish
with Retry-After, and API callers a JSON 503, instead of a 500 page. Django reconnects by itself on the next
request (CONN_HEALTH_CHECKS), so nothing needs restarting when the database is back.

Inside the Wagtail admin the answer is the admin's own page (cms/admin_503.html), never the readers' one, and an
editor's POST comes back as hidden fields with a "Skicka igen" button, so a form is not lost to the outage."""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.errors import error_answer

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _is_admin(request) -> bool:
    return request.path.startswith(reverse("wagtailadmin_home"))


def _admin_service_unavailable(request, message: str):
    """The admin's outage page. It reads nothing from the database: the user (who lives in the session table) is
    taken as anonymous for this answer, and flash messages are left where they are."""
    request.user = AnonymousUser()
    resend_fields = None
    files_left_out = False
    if request.method == "POST":
        try:
            resend_fields = [(name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
                             for value in values]
            files_left_out = bool(request.FILES)
        except (RequestDataTooBig, TooManyFieldsSent):
            resend_fields = []
    context = {"message": message, "resend_url": request.get_full_path(), "resend_fields": resend_fields,
               "files_left_out": files_left_out, "messages": []}
    return render(request, "cms/admin_503.html", context, status=503)


def service_unavailable(request):
    message = _("Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.")
    if _is_admin(request):
        response = _admin_service_unavailable(request, message)
    else:
        response = error_answer(request, status=503, template="503.html", message=message)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning("Database unavailable for %s %s: %s: %s", request.method, request.path,
                       type(exception).__name__, str(exception).strip().splitlines()[0] if str(exception) else "")
        return service_unavailable(request)
