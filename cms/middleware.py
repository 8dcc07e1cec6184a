"""When the database is away (a restart, a failover, a full connection pool), readers get a clean 503 in Swedish
with Retry-After, and API callers a JSON 503, instead of a 500 page. Django reconnects by itself on the next
request (CONN_HEALTH_CHECKS), so nothing needs restarting when the database is back."""

import logging

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from cms.errors import error_answer

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def service_unavailable(request):
    response = error_answer(request, status=503, template="503.html",
                            message=_("Tjänsten är tillfälligt otillgänglig. Försök igen om en stund."))
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
