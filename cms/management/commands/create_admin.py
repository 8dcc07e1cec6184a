"""Makes sure an admin user exists for `make run`; credentials come from the environment or are generated once."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Creates the admin user from ADMIN_USERNAME/ADMIN_PASSWORD/ADMIN_EMAIL, or with a generated password."

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        email = os.environ.get("ADMIN_EMAIL", "admin@example.com")
        password = os.environ.get("ADMIN_PASSWORD", "")
        remembered = Path(settings.BASE_DIR) / "var" / "admin-credentials.txt"
        user_model = get_user_model()

        if user_model.objects.filter(username=username).exists():
            if password:
                self.stdout.write(f"Admin user '{username}' exists; log in with ADMIN_PASSWORD.")
            elif remembered.exists():
                self.stdout.write(f"Admin user exists. Credentials (generated earlier): {remembered.read_text().strip()}")
            else:
                self.stdout.write(f"Admin user '{username}' exists; its password is unchanged.")
            return

        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email=email, password=password)
        if generated:
            remembered.parent.mkdir(exist_ok=True)
            remembered.write_text(f"username={username} password={password}\n")
            remembered.chmod(0o600)
            self.stdout.write(self.style.SUCCESS(f"Created admin user: username={username} password={password}"))
            self.stdout.write(f"(saved in {remembered}, readable only by you)")
        else:
            self.stdout.write(self.style.SUCCESS(f"Created admin user '{username}' with ADMIN_PASSWORD."))
