"""`manage.py db_worker`: django-tasks-db's worker, made to survive what kills it, and the site's scheduler.

Before it takes tasks, the worker puts back those left RUNNING by workers that are gone (cms/services.py), and
it waits out a database outage (a restart, a failover) instead of exiting on the first connection error, which
is what django-tasks-db's own worker does. A task that failed because SQLite was locked is queued again.
Beside the tasks, a thread runs Wagtail's publish_scheduled every SCHEDULED_PUBLISHING_INTERVAL seconds, so
go-live and expiry dates take effect (one worker at a time: cms.services.periodic_job_claim).
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from cms.services import (
    scheduled_publishing_run,
    task_result_failed_on_locked_database,
    task_result_retry_locked,
    task_results_requeue_abandoned,
    worker_identity,
)

logger = logging.getLogger("cms.worker")

RETRY_MAX_SECONDS = 30.0
HEALTHY_AFTER_SECONDS = 60.0  # a run this long resets the retry delay


class Worker(db_worker.Worker):
    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        if task_result_failed_on_locked_database(result=db_task_result):
            task_result_retry_locked(result=db_task_result)


class ScheduledPublishing(threading.Thread):
    """Runs publish_scheduled now and then every ``interval`` seconds, for as long as the worker process lives."""

    def __init__(self, interval: float):
        super().__init__(name="scheduled-publishing", daemon=True)
        self.interval = interval

    def run(self) -> None:
        while True:
            try:
                scheduled_publishing_run(interval=self.interval)
            except Exception:
                logger.exception("Scheduled publishing failed; it is tried again in %.0f s.", self.interval)
            finally:
                connection.close()  # this thread's own connection; none is kept open between runs
            time.sleep(self.interval)


class Command(db_worker.Command):
    help = db_worker.Command.help + " (puts back tasks of dead workers; waits out database outages; publishes " \
                                    "scheduled pages)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_identity())

    def handle(self, *args, **options):
        runs_tasks_here = not (options["reload"] and not options["batch"]
                               and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true")
        if runs_tasks_here and not options["batch"] and settings.SCHEDULED_PUBLISHING_INTERVAL > 0:
            ScheduledPublishing(settings.SCHEDULED_PUBLISHING_INTERVAL).start()
        delay = 1.0
        while True:
            started = time.monotonic()
            try:
                requeued = task_results_requeue_abandoned(current_worker_id=options["worker_id"])
                if requeued:
                    logger.warning("Queued again %d task(s) abandoned by workers that are gone.", len(requeued))
                return self.run_worker(**options)
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > HEALTHY_AFTER_SECONDS:
                    delay = 1.0
                logger.warning("The database is unavailable (%s); the task worker retries in %.0f s.",
                               str(error).strip().splitlines()[0] if str(error) else type(error).__name__, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)

    def run_worker(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload,
                   max_tasks, worker_id, exclude_queues, **options) -> None:
        """django-tasks-db's handle(), with this module's Worker."""
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                        startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                        excluded_queue_names=excluded_queue_names)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
