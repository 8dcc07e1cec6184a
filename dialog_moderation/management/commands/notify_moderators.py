from django.core.management.base import BaseCommand

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialog_moderation.notifications import moderators_notify


class Command(BaseCommand):
    help = gettext_lazy("Sends the moderators the batched message about new comments if the interval has passed (for cron).")

    def handle(self, *args, **options):
        sent = moderators_notify()
        self.stdout.write(_("Sent %(count)s messages.") % {"count": sent})
