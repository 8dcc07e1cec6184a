"""search_index rebuild | status | verify | sync: keep the Elasticsearch indexes true to the database."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from dialog_search import conf, registry, selectors, services
from dialog_search.client import SearchConfigurationError, SearchUnavailable
from dialog_search.tasks import pending_index_tasks, run_pending_index_tasks
from dialog_search.verification import index_verify


class Command(BaseCommand):
    help = "Rebuild the search indexes with an atomic alias swap, show their status, verify them or run pending index tasks."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Build new versioned indexes, load them and swap the aliases.")
        rebuild.add_argument("--kind", choices=registry.kinds(), action="append",
                             help="Only the index holding this kind (repeatable).")
        rebuild.add_argument("--no-progress", action="store_true", help="No progress bar.")
        sub.add_parser("status", help="Aliases, document counts in the database and the index, pending tasks.")
        verify = sub.add_parser("verify", help="List missing, stale and extra documents; exit 1 if there are any.")
        verify.add_argument("--limit", type=int, default=50, help="How many ids to list per problem.")
        sub.add_parser("sync", help="Run the pending index tasks now, in this process (the worker does this too).")

    def handle(self, *args, action, **options):
        if not conf.enabled():
            raise CommandError("Search is disabled (SEARCH_ENABLED=0 or ELASTICSEARCH_URL empty).")
        try:
            getattr(self, f"handle_{action}")(**options)
        except SearchUnavailable as error:
            raise CommandError(f"Elasticsearch is unavailable at {conf.get('ELASTICSEARCH_URL')}: {error}")
        except SearchConfigurationError as error:
            raise CommandError(str(error))

    def handle_rebuild(self, kind=None, no_progress=False, **options):
        indexes = list(dict.fromkeys(registry.index_of_kind(name) for name in kind)) if kind else registry.indexes()
        total = sum(services.indexable_count(name) for name in indexes)
        with tqdm(total=total, unit="doc", desc="search_index rebuild", disable=no_progress,
                  file=self.stderr._out) as bar:
            results = services.index_rebuild(indexes=indexes, progress=bar.update)
        for result in results:
            rate = result.indexed / result.seconds if result.seconds else 0
            self.stdout.write(self.style.SUCCESS(
                f"{result.kind}: {result.indexed} documents into {result.index} in {result.seconds:.1f} s "
                f"({rate:.0f}/s); alias {conf.index_names(result.kind).alias} swapped"
                + (f"; removed old {', '.join(result.old_indexes)}" if result.old_indexes else "")
            ))

    def handle_status(self, **options):
        counts = selectors.index_counts()
        for kind, info in counts.items():
            in_db = services.indexable_count(kind)
            in_index = "-" if info["documents"] is None else info["documents"]
            self.stdout.write(f"{kind:8} alias {info['alias']} -> {', '.join(info['indexes']) or '(missing)'}; "
                              f"database {in_db}, index {in_index}")
        pending = pending_index_tasks()
        self.stdout.write(f"pending index tasks: {pending.count()} (due now: {pending.ready().count()})")

    def handle_verify(self, limit=50, **options):
        report = index_verify()
        problems = 0
        for kind, found in report.items():
            for problem, ids in found.items():
                problems += len(ids)
                if ids:
                    shown = ", ".join(map(str, sorted(ids)[:limit]))
                    self.stdout.write(f"{kind} {problem} ({len(ids)}): {shown}")
        if problems:
            self.stderr.write(self.style.ERROR(f"{problems} documents are missing, stale or should be gone."))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("The indexes match the database."))

    def handle_sync(self, **options):
        ran = run_pending_index_tasks()
        self.stdout.write(f"{ran} index tasks run; {pending_index_tasks().count()} still pending (retries later).")
