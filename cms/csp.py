"""django-csp's middleware, with a policy of its own for the Wagtail admin.

The public pages get CONTENT_SECURITY_POLICY (or its report-only twin); paths under one of
CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"] get that setting's DIRECTIVES instead, in the same mode, so the
admin's few extra sources never reach a reader's page. A preview, the public page that Wagtail renders for the
editor through the middleware again (a request it marks ``is_preview``), gets PREVIEW_DIRECTIVES: the public policy,
but framed by the admin. A view's own @csp decorator still wins.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        mode_is_on = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY if report_only else settings.CONTENT_SECURITY_POLICY
        if parts.config is None and mode_is_on:
            admin = settings.CONTENT_SECURITY_POLICY_ADMIN
            if getattr(request, "is_preview", False):
                parts.config = default_config(admin["PREVIEW_DIRECTIVES"])
            elif self._is_admin(request):
                parts.config = default_config(admin["DIRECTIVES"])
        return parts

    @staticmethod
    def _is_admin(request: HttpRequest) -> bool:
        return request.path_info.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"]))

