"""Makes sure an admin user exists for `make run`; credentials come from the environment or are generated once."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


def credentials_file() -> Path:
    """Where a generated password is remembered: ADMIN_CREDENTIALS_FILE, or var/admin-credentials.txt."""
    return Path(os.environ.get("ADMIN_CREDENTIALS_FILE") or Path(settings.BASE_DIR) / "var" / "admin-credentials.txt")


class Command(BaseCommand):
    help = "Creates the admin user from ADMIN_USERNAME/ADMIN_PASSWORD/ADMIN_EMAIL, or with a generated password."

    def add_arguments(self, parser):
        parser.add_argument("--summary", action="store_true",
                            help="Print one line for `make run`'s summary: the user name and how to log in.")

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        email = os.environ.get("ADMIN_EMAIL", "admin@example.com")
        password = os.environ.get("ADMIN_PASSWORD", "")
        remembered = credentials_file()
        user_model = get_user_model()
        summary = options["summary"]

        if user_model.objects.filter(username=username).exists():
            if password:
                self.say(summary, f"user {username}, password from ADMIN_PASSWORD",
                         f"Admin user '{username}' exists; log in with ADMIN_PASSWORD.")
            elif remembered.exists():
                known = dict(part.split("=", 1) for part in remembered.read_text().split() if "=" in part)
                if known.get("username") == username and "password" in known:
                    self.say(summary, f"user {username}, password {known['password']}",
                             f"Admin user exists. Credentials (generated earlier): {remembered.read_text().strip()}")
                else:
                    self.say(summary, f"user {username}, password unchanged (set ADMIN_PASSWORD to choose one)",
                             f"Admin user '{username}' exists; its password is unchanged.")
            else:
                self.say(summary, f"user {username}, password unchanged (set ADMIN_PASSWORD to choose one)",
                         f"Admin user '{username}' exists; its password is unchanged.")
            return

        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email=email, password=password)
        if generated:
            remembered.parent.mkdir(parents=True, exist_ok=True)
            remembered.write_text(f"username={username} password={password}\n")
            remembered.chmod(0o600)
            if summary:
                self.stdout.write(f"user {username}, password {password} (saved in {remembered})")
                return
            self.stdout.write(self.style.SUCCESS(f"Created admin user: username={username} password={password}"))
            self.stdout.write(f"(saved in {remembered}, readable only by you)")
        else:
            self.say(summary, f"user {username}, password from ADMIN_PASSWORD",
                     self.style.SUCCESS(f"Created admin user '{username}' with ADMIN_PASSWORD."))

    def say(self, summary: bool, short: str, long: str) -> None:
        self.stdout.write(short if summary else long)
