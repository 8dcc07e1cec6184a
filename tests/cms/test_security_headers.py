"""Content-Security-Policy on public pages, the admin and previews; report-only mode; production's transport headers."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from tests.cms.test_settings import GOOD_KEY, ROOT


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.mark.django_db
class TestPublicPolicy:
    @pytest.mark.parametrize("path", ["/", "/blogg/", "/natverk/bebo/", "/sok/?q=natverk", "/finns-inte/"])
    def test_every_public_page_is_strict(self, client, path):
        response = client.get(path)
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "style-src-elem" not in policy
        assert "Content-Security-Policy-Report-Only" not in response

    def test_post_page_has_no_inline_code(self, client, seed_post):
        html = client.get(seed_post.url).content.decode()
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html


@pytest.mark.django_db
class TestAdminPolicy:
    def test_login_page(self, client):
        policy = directives(client.get("/admin/login/")["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]

    def test_editor_gets_the_admin_policy_and_no_inline_scripts(self, admin_client, seed_post):
        response = admin_client.get(f"/admin/pages/{seed_post.id}/edit/")
        assert response.status_code == 200
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], "the admin runs no inline or eval'd script"
        assert policy["style-src"] == ["'self'"], "style attributes stay refused"
        assert policy["style-src-elem"] == ["'self'", "'unsafe-inline'"]
        assert policy["img-src"] == ["'self'", "data:", "blob:"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        html = response.content.decode()
        assert "<script>" not in html, "a widget still starts with an inline script"
        assert 'data-widget-start-function-value="initDateChooser"' in html
        assert 'data-widget-start-function-value="ImageChooser"' in html
        assert "cms/js/widget-start.js" in html

    def test_moderation_queue(self, admin_client):
        policy = directives(admin_client.get("/admin/moderation/")["Content-Security-Policy"])
        assert policy["frame-ancestors"] == ["'self'"]

    def test_preview_is_the_public_policy_framed_by_the_admin(self, seed_post):
        response = seed_post.make_preview_request()
        assert response.status_code == 200
        policy = directives(response["Content-Security-Policy"])
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert "style-src-elem" not in policy


@pytest.mark.django_db
def test_report_only_mode_sends_only_the_report_only_header(client, admin_client):
    report_only = {"DIRECTIVES": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}
    with override_settings(CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        public = client.get("/")
        admin = admin_client.get("/admin/")
    for response, frame_ancestors in ((public, "'none'"), (admin, "'self'")):
        assert "Content-Security-Policy" not in response
        assert directives(response["Content-Security-Policy-Report-Only"])["frame-ancestors"] == [frame_ancestors]


def settings_from_env(code: str, settings_module: str = "cms.settings.test", **env) -> dict:
    """Runs ``code`` (which prints JSON) in a fresh interpreter with the settings module and environment given."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("CSP_", "AWS_", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL"))}
    environment.update(DJANGO_SETTINGS_MODULE=settings_module, **env)
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


POLICIES = """
import json
from django.conf import settings
print(json.dumps({"enforced": settings.CONTENT_SECURITY_POLICY, "report_only": settings.CONTENT_SECURITY_POLICY_REPORT_ONLY,
                  "admin": settings.CONTENT_SECURITY_POLICY_ADMIN}))
"""


def test_environment_switches_to_report_only_with_a_report_uri():
    policies = settings_from_env(POLICIES, CSP_REPORT_ONLY="1", CSP_REPORT_URI="https://reports.example.se/csp")
    assert policies["enforced"] is None
    assert policies["report_only"]["DIRECTIVES"]["report-uri"] == ["https://reports.example.se/csp"]
    assert policies["report_only"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert policies["admin"]["DIRECTIVES"]["report-uri"] == ["https://reports.example.se/csp"]
    assert policies["admin"]["PREVIEW_DIRECTIVES"]["report-uri"] == ["https://reports.example.se/csp"]


def test_policy_is_enforced_without_a_report_uri_by_default():
    policies = settings_from_env(POLICIES)
    assert policies["report_only"] is None
    assert "report-uri" not in policies["enforced"]["DIRECTIVES"]


PRODUCTION_RESPONSES = """
import json
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.test import Client
client = Client(HTTP_HOST="dialog.example.se")
api = client.get("/api/v2/pages/", secure=True)
User.objects.create_superuser("chef", "chef@example.com", "Ett-langt-losenord-1")
login = client.post("/admin/login/", {"username": "chef", "password": "Ett-langt-losenord-1"}, secure=True)
plain = client.get("/api/v2/pages/")
print(json.dumps({
    "headers": dict(api.headers), "login_status": login.status_code,
    "cookies": {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"])} for name, c in login.cookies.items()},
    "plain_http": [plain.status_code, plain.headers.get("Location")],
}))
"""


def test_production_sends_transport_headers_and_secure_cookies():
    answer = settings_from_env(PRODUCTION_RESPONSES, "cms.settings.production", SECRET_KEY=GOOD_KEY,
                               ALLOWED_HOSTS="dialog.example.se", DATABASE_URL="sqlite://:memory:")
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert directives(headers["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert answer["login_status"] == 302
    assert answer["cookies"] == {"sessionid": {"secure": True, "httponly": True},
                                 "csrftoken": {"secure": True, "httponly": True}}
    assert answer["plain_http"] == [301, "https://dialog.example.se/api/v2/pages/"]
