from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from dialog_moderation.senders import is_invisible
from dialog_moderation.services import commenter_erase


class Command(BaseCommand):
    help = ("Raderar en avsändares personuppgifter, hur adressen än stavats (versaler, +etikett, punycode): namn, "
            "e-post och IP tas bort från kommentarerna; namn och adress rensas ur texterna, beslutens skäl och "
            "loggposterna. Texten behålls om inte --remove-text anges.")

    def add_arguments(self, parser):
        parser.add_argument("email", help="Avsändarens e-postadress.")
        parser.add_argument("--remove-text", action="store_true", help="Ersätt även kommentarstexten.")

    def handle(self, *args, email, remove_text=False, **options):
        try:
            validate_email("".join(char for char in email.strip() if not is_invisible(char)))
        except ValidationError:
            raise CommandError(f"Ogiltig e-postadress: {email!r}")
        result = commenter_erase(email=email, remove_text=remove_text)
        text = "texten borttagen" if result["text_removed"] else "texten behållen"
        self.stdout.write(f"Anonymiserade {result['comments']} kommentarer från {email.strip()} ({text}).")
        self.stdout.write(
            f"Rensade namn och adress ur {result['own_texts']} egna kommentarstexter, adressen ur "
            f"{result['other_texts']} andras kommentarstexter, {result['decisions']} beslutsskäl och "
            f"{result['log_entries']} loggposter.")
