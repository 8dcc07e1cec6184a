"""When the database is away (a restart, a failover, a full connection pool), readers get a clean 503 in Swedish
with Retry-After, and API callers a JSON 503, instead of a 500 page. Django reconnects by itself on the next
request (CONN_HEALTH_CHECKS), so nothing needs restarting when the database is back.

Inside the Wagtail admin the answer is the admin's own page (cms/admin_503.html), never the readers' one, and an
editor's POST comes back as hidden fields with a "Skicka igen" button, so a form is not lost to the outage.

Only a real outage is a 503 (``is_outage``). A query the database refused because of a value in it (too long, out
of range, a pattern too complex) is the input's fault and a 400 (``is_refused_value``); it is logged as an error,
since the input should have been refused before it reached the database. Anything else is a bug: a 500."""

import codecs
import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DataError, InterfaceError, OperationalError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.errors import error_answer

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# Declared charsets whose decoding can never yield a lone surrogate. Django decodes the query string and form
# fields with the charset of the request's Content-Type; "unicode_escape" or "utf-7" would let any field carry
# one (or smuggle NUL past a byte-level check).
SAFE_REQUEST_ENCODINGS = {"utf-8", "ascii", "iso8859-1", "cp1252"}

# SQLite's primary result codes (https://www.sqlite.org/rescode.html) that mean the database cannot serve now.
SQLITE_OUTAGE_CODES = {
    5,  # SQLITE_BUSY: locked by another connection beyond the busy timeout
    6,  # SQLITE_LOCKED
    7,  # SQLITE_NOMEM
    8,  # SQLITE_READONLY
    10,  # SQLITE_IOERR
    13,  # SQLITE_FULL
    14,  # SQLITE_CANTOPEN
    15,  # SQLITE_PROTOCOL
}
SQLITE_VALUE_CODES = {18, 20, 25}  # SQLITE_TOOBIG, SQLITE_MISMATCH, SQLITE_RANGE
SQLITE_VALUE_MESSAGES = ("pattern too complex", "string or blob too big", "too many sql variables")
# PostgreSQL SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html): connection
# exception, insufficient resources (too many connections, disk full), operator intervention (shutdown, a
# cancelled statement) and system error (I/O).
POSTGRESQL_OUTAGE_CLASSES = ("08", "53", "57", "58")


def _driver_error(exc):
    """The database driver's own exception behind Django's wrapper (or the exception itself)."""
    return exc.__cause__ if exc.__cause__ is not None else exc


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` says the database cannot be reached or cannot serve now, not that it refused a query."""
    if isinstance(exc, InterfaceError):
        return True  # the connection is closed or broken
    if not isinstance(exc, OperationalError):
        return False
    driver = _driver_error(exc)
    sqlite_code = getattr(driver, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return (sqlite_code & 0xFF) in SQLITE_OUTAGE_CODES
    if type(driver).__module__.startswith("psycopg"):
        sqlstate = getattr(driver, "sqlstate", None) or getattr(driver, "pgcode", None)
        # No SQLSTATE: the server never answered (refused, unreachable, the connection dropped).
        return sqlstate is None or sqlstate.startswith(POSTGRESQL_OUTAGE_CLASSES)
    return True  # another backend: an OperationalError is the closest thing to an outage it tells us


def is_refused_value(exc: BaseException) -> bool:
    """True when the database refused a query because of a value in it (the input's fault, not an outage)."""
    if isinstance(exc, DataError):
        return True
    if not isinstance(exc, OperationalError) or is_outage(exc):
        return False
    driver = _driver_error(exc)
    code = getattr(driver, "sqlite_errorcode", None)
    if code is not None and (code & 0xFF) in SQLITE_VALUE_CODES:
        return True
    return any(text in str(exc).lower() for text in SQLITE_VALUE_MESSAGES)


def _first_line(exc) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""


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
    message = _("The service is temporarily unavailable. Try again in a moment.")
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
        if is_outage(exception):
            logger.warning("Database unavailable for %s %s: %s: %s", request.method, request.path,
                           type(exception).__name__, _first_line(exception))
            return service_unavailable(request)
        if is_refused_value(exception):
            logger.error("The database refused a value that should have been refused earlier, %s %s: %s: %s",
                         request.method, request.path, type(exception).__name__, _first_line(exception))
            return error_answer(request, status=400, template="400.html", message=_(
                "The request contains a value that cannot be handled. Check the data and try again."))
        return None


class RequestEncodingMiddleware:
    """Refuses (400) a request whose Content-Type declares a charset outside SAFE_REQUEST_ENCODINGS, before
    anything reads its parameters. Browsers send this site's forms as UTF-8."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.encoding is not None and codecs.lookup(request.encoding).name not in SAFE_REQUEST_ENCODINGS:
            request.encoding = "utf-8"  # the error page itself may read the parameters (the search box)
            return error_answer(request, status=400, template="400.html",
                                message=_("The request must be encoded as UTF-8."))
        return self.get_response(request)
