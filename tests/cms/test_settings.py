"""Production settings refuse to start without real secrets and hosts, and pass Django's deploy checks with them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ!@#$%"


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_with_real_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="dialog.example.se")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("env, message", [
    ({"ALLOWED_HOSTS": "dialog.example.se"}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "dialog.example.se"}, "at least 50 characters"),
    ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must list"),
    ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*"}, "must not contain wildcards"),
    ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "dialog.example.se,.example.se,*.example.se"}, "wildcards"),
])
def test_production_refuses_to_start_without_real_values(env, message):
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_malformed_boolean_fails_loudly():
    result = manage("check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="a.example.se", DEBUG="kanske")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_database_url_selects_the_engine():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    sqlite = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert sqlite.stdout.splitlines()[-1] == "django.db.backends.sqlite3"
    env["DATABASE_URL"] = "postgres://u:p@127.0.0.1:5432/db"
    postgres = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
    assert postgres.stdout.splitlines()[-1] == "django.db.backends.postgresql"
