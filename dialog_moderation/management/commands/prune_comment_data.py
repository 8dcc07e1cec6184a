from django.core.management.base import BaseCommand

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialog_moderation.conf import setting
from dialog_moderation.services import comment_data_prune


class Command(BaseCommand):
    help = gettext_lazy(
        "Clears IP addresses from comments older than MODERATION_IP_RETENTION_DAYS days (they are kept only against "
        "abuse), deletes sender locks created before then and the count of expired form tokens.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=_("Number of days to keep IP addresses (default: %(days)s).")
                            % {"days": setting("IP_RETENTION_DAYS")})

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            self.stderr.write(_("--days must be 0 or more."))
            raise SystemExit(2)
        result = comment_data_prune(days=days)
        self.stdout.write(_(
            "Cleared the IP address from %(ip_cleared)s comments submitted before %(cutoff)s and deleted "
            "%(locks_deleted)s sender locks created before then and %(form_tokens_pruned)s expired form tokens.") % {
            "ip_cleared": result["ip_cleared"], "cutoff": f"{result['cutoff']:%Y-%m-%d %H:%M}",
            "locks_deleted": result["locks_deleted"], "form_tokens_pruned": result["form_tokens_pruned"]})
