from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialog_moderation.senders import is_invisible
from dialog_moderation.services import commenter_erase


class Command(BaseCommand):
    help = gettext_lazy(
        "Erases a sender's personal data however the address is spelt (capitals, +tag, punycode): name, email and "
        "IP are removed from the comments; name and address are cleaned out of the texts, the decisions' reasons "
        "and the log entries. The text is kept unless --remove-text is given.")

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("The sender's email address."))
        parser.add_argument("--remove-text", action="store_true", help=_("Replace the comment text too."))

    def handle(self, *args, email, remove_text=False, **options):
        try:
            validate_email("".join(char for char in email.strip() if not is_invisible(char)))
        except ValidationError:
            raise CommandError(_("Invalid email address: %(email)r") % {"email": email})
        result = commenter_erase(email=email, remove_text=remove_text)
        text = _("text removed") if result["text_removed"] else _("text kept")
        self.stdout.write(_("Anonymised %(comments)s comments from %(email)s (%(text)s).") % {
            "comments": result["comments"], "email": email.strip(), "text": text})
        self.stdout.write(_(
            "Cleaned name and address out of %(own_texts)s own comment texts, the address out of %(other_texts)s "
            "other people's comment texts, %(decisions)s decision reasons and %(log_entries)s log entries.") % {
            key: result[key] for key in ("own_texts", "other_texts", "decisions", "log_entries")})
