"""Swedish answers for refused requests: a malformed or oversized request or refused input (400, also raised by
views and URL converters as dialog_moderation.inputs.InputError, whose message is shown) and a form whose CSRF token
expired (403). Readers get a page in Swedish, the APIs under /api/ JSON ``{"message": ...}`` like every other API
error, and signed-in editors inside /admin/ a page in the admin's own layout. A refused comment is shown back so
the text is not lost."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

ADMIN_TEMPLATES = {"400.html": "wagtailadmin/400.html"}


def _in_admin(request) -> bool:
    user = getattr(request, "user", None)
    return (request.path.startswith("/admin/") and user is not None and user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin"))


def error_answer(request, *, status: int, message: str, template: str, context: dict | None = None):
    """JSON ``{"message": ...}`` for the APIs under /api/, the admin's page for editors in /admin/ (where there is
    one), otherwise the Swedish page ``template``."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message}, status=status)
    if template in ADMIN_TEMPLATES and _in_admin(request):
        template = ADMIN_TEMPLATES[template]
    return render(request, template, {"message": message, **(context or {})}, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        message = _("The request is too large. Shorten the text and try again.")
    elif isinstance(getattr(exception, "message", None), str):  # dialog_moderation.inputs.InputError: says what was wrong
        message = exception.message
    else:
        message = _("The request could not be parsed. Check the data and try again.")
    return error_answer(request, status=400, message=message, template="400.html")


def csrf_failure(request, reason=""):
    message = _("The form has expired or came from another page. Reload the page and send it again.")
    try:
        unsent = request.POST.get("text", "")
    except RequestDataTooBig:
        unsent = ""
    referer = request.META.get("HTTP_REFERER", "")
    back_url = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""
    return error_answer(request, status=403, message=message, template="403_csrf.html",
                        context={"unsent_text": unsent, "back_url": back_url})
