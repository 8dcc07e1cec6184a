from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dialog_moderation.selectors import can_moderate
from dialog_moderation.services import moderator_token_create


class Command(BaseCommand):
    help = "Skapar en API-nyckel för en moderator (visas en gång; bara ett hashvärde sparas)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="")

    def handle(self, *args, username, label="", **options):
        user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"Användaren {username!r} finns inte.")
        if not can_moderate(user):
            raise CommandError(f"Användaren {username!r} får inte moderera kommentarer.")
        self.stdout.write(moderator_token_create(user=user, label=label))
