from django.core.management.base import BaseCommand

from dialog_moderation.conf import setting
from dialog_moderation.services import comment_data_prune


class Command(BaseCommand):
    help = ("Rensar IP-adresser från kommentarer äldre än MODERATION_IP_RETENTION_DAYS dagar (de sparas bara mot "
            "missbruk), tar bort avsändarlås skapade före dess och räkningen av utgångna formulärnycklar.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"Antal dagar att behålla IP-adresser (standard: {setting('IP_RETENTION_DAYS')}).")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            self.stderr.write("--days måste vara 0 eller större.")
            raise SystemExit(2)
        result = comment_data_prune(days=days)
        self.stdout.write(f"Rensade IP-adressen från {result['ip_cleared']} kommentarer inskickade före "
                          f"{result['cutoff']:%Y-%m-%d %H:%M} och tog bort {result['locks_deleted']} avsändarlås "
                          f"skapade före dess och {result['form_tokens_pruned']} utgångna formulärnycklar.")
