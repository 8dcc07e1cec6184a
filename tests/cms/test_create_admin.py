"""create_admin: one line for `make run`'s summary, and the credentials file where it is told to be."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


def run(**options) -> str:
    out = io.StringIO()
    call_command("create_admin", stdout=out, **options)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_summary_line_names_the_user_and_the_generated_password_both_times(tmp_path, monkeypatch):
    remembered = tmp_path / "secret" / "admin.txt"
    monkeypatch.setenv("ADMIN_CREDENTIALS_FILE", str(remembered))
    monkeypatch.setenv("ADMIN_USERNAME", "newcomer")
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first = run(summary=True)
    password = remembered.read_text().split("password=")[1].strip()
    assert first == f"user newcomer, password {password} (saved in {remembered})"
    assert oct(remembered.stat().st_mode & 0o777) == "0o600"
    assert get_user_model().objects.get(username="newcomer").check_password(password)
    assert run(summary=True) == f"user newcomer, password {password}"


@pytest.mark.django_db
def test_summary_line_with_admin_password(monkeypatch, tmp_path):
    monkeypatch.setenv("ADMIN_CREDENTIALS_FILE", str(tmp_path / "unused.txt"))
    monkeypatch.setenv("ADMIN_USERNAME", "chosen")
    monkeypatch.setenv("ADMIN_PASSWORD", "ett-eget-lösenord")
    assert run(summary=True) == "user chosen, password from ADMIN_PASSWORD"
    assert run(summary=True) == "user chosen, password from ADMIN_PASSWORD"
    assert not (tmp_path / "unused.txt").exists()
    assert get_user_model().objects.get(username="chosen").check_password("ett-eget-lösenord")
