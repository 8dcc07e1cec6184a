"""`manage.py db_worker`: django-tasks-db's worker, made to survive what kills it.

Before it takes tasks, the worker puts back those left RUNNING by workers that are gone (cms/services.py), and
it waits out a database outage (a restart, a failover) instead of exiting on the first connection error, which
is what django-tasks-db's own worker does.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from cms.services import task_results_requeue_abandoned, worker_identity

logger = logging.getLogger("cms.worker")

RETRY_MAX_SECONDS = 30.0
HEALTHY_AFTER_SECONDS = 60.0  # a run this long resets the retry delay


class Command(db_worker.Command):
    help = db_worker.Command.help + " (puts back tasks of dead workers; waits out database outages)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_identity())

    def handle(self, *args, **options):
        delay = 1.0
        while True:
            started = time.monotonic()
            try:
                requeued = task_results_requeue_abandoned(current_worker_id=options["worker_id"])
                if requeued:
                    logger.warning("Queued again %d task(s) abandoned by workers that are gone.", len(requeued))
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > HEALTHY_AFTER_SECONDS:
                    delay = 1.0
                logger.warning("The database is unavailable (%s); the task worker retries in %.0f s.",
                               str(error).strip().splitlines()[0] if str(error) else type(error).__name__, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)
