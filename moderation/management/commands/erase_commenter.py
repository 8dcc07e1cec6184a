from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from moderation.services import commenter_erase


class Command(BaseCommand):
    help = "Anonymiserar alla kommentarer från en e-postadress: namn, e-post och IP tas bort; texten behålls om inte --remove-text anges."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Avsändarens e-postadress.")
        parser.add_argument("--remove-text", action="store_true", help="Ersätt även kommentarstexten.")

    def handle(self, *args, email, remove_text=False, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(f"Ogiltig e-postadress: {email!r}")
        result = commenter_erase(email=email, remove_text=remove_text)
        text = "texten borttagen" if result["text_removed"] else "texten behållen"
        self.stdout.write(f"Anonymiserade {result['comments']} kommentarer från {email.strip()} ({text}).")
