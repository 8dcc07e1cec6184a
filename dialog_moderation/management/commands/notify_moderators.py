from django.core.management.base import BaseCommand

from dialog_moderation.notifications import moderators_notify


class Command(BaseCommand):
    help = "Skickar det samlade meddelandet om nya kommentarer till moderatorerna om intervallet har gått (för cron)."

    def handle(self, *args, **options):
        sent = moderators_notify()
        self.stdout.write(f"Skickade {sent} meddelanden.")
