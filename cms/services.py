"""Putting back task results whose worker is gone, retrying tasks that met a locked SQLite database, and
running the workers' periodic jobs (scheduled publishing) once per interval however many workers run.

django-tasks-db 0.13 marks a task RUNNING when a worker claims it and never looks at it again: a worker killed
mid-task (SIGKILL, the OOM killer, a lost host) leaves it RUNNING for ever and its work is never done. Workers
name themselves "<host>:<pid>:<process start>" (`worker_identity`), so a worker can tell that another one on
its host is gone; for a worker on another host, a RUNNING task older than TASKS_ABANDONED_AFTER seconds is taken
as abandoned. A task put back may run twice: the project's tasks are idempotent (search tasks bring the index in
line with the database; mail tasks send at least once).
"""

import io
import logging
import os
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

HOST = socket.gethostname().split(".")[0][:40]


def _process_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), or None when it is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else fields[19]


def _proc_available() -> bool:
    return Path("/proc/self/stat").exists()


def worker_identity(pid: int | None = None) -> str:
    pid = pid or os.getpid()
    return f"{HOST}:{pid}:{_process_start(pid) or '-'}"


def worker_alive(worker_id: str) -> bool | None:
    """Whether the worker that took this id still runs; None when that cannot be told from here."""
    try:
        host, pid, started = worker_id.rsplit(":", 2)
        pid = int(pid)
    except ValueError:
        return None  # an id from django-tasks-db's own default (random), not ours
    if host != HOST:
        return None
    if started != "-" and _proc_available():
        return _process_start(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def task_results_requeue_abandoned(*, current_worker_id: str | None = None) -> list[str]:
    """Puts RUNNING tasks whose worker is gone back to READY; returns their ids.

    current_worker_id names the calling worker, which runs no task while it calls this: a task still marked
    with its id was abandoned when a database error interrupted the worker.
    """
    stale_before = timezone.now() - timedelta(seconds=settings.TASKS_ABANDONED_AFTER)
    requeued = []
    for result in DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path"):
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        alive = False if worker_id == current_worker_id else worker_alive(worker_id)
        if alive is True or (alive is None and result.started_at and result.started_at > stale_before):
            continue
        # Conditional, so two workers starting together put a task back once and never undo a new claim.
        if DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING,
                                       started_at=result.started_at).update(status=TaskResultStatus.READY,
                                                                            started_at=None):
            logger.warning("Task %s (%s) was left RUNNING by worker %s, which is gone; queued again.",
                           result.pk, result.task_path, worker_id or "?")
            requeued.append(str(result.pk))
    return requeued


LOCKED_RETRY_MAX_DELAY = 60.0  # seconds


def task_result_failed_on_locked_database(*, result: DBTaskResult) -> bool:
    """Whether a FAILED task failed because SQLite was locked by another writer (a passing state, not a bug)."""
    if result.status != TaskResultStatus.FAILED or not result.exception_class_path.endswith(".OperationalError"):
        return False
    last_line = result.traceback.strip().splitlines()[-1] if result.traceback.strip() else ""
    return "database is locked" in last_line or "database table is locked" in last_line


def task_result_retry_locked(*, result: DBTaskResult) -> bool:
    """Queues a task that failed on a locked database again, after a growing delay, up to TASKS_LOCKED_RETRIES
    attempts; returns whether it was queued. The project's tasks are idempotent, so running one again is safe."""
    attempts = len(result.worker_ids)
    if attempts > settings.TASKS_LOCKED_RETRIES:
        logger.error("Task %s (%s) failed on a locked database %d times; it stays FAILED.",
                     result.pk, result.task_path, attempts)
        return False
    delay = min(2.0 ** (attempts - 1), LOCKED_RETRY_MAX_DELAY)
    queued = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now() + timedelta(seconds=delay), finished_at=None)
    if queued:
        logger.warning("Task %s (%s) met a locked database; queued again in %.0f s (attempt %d).",
                       result.pk, result.task_path, delay, attempts + 1)
    return bool(queued)


def periodic_job_claim(*, name: str, interval: float) -> bool:
    """Claims the periodic job ``name`` for this run when it last ran ``interval`` seconds ago or more.

    The row is locked with SKIP LOCKED, so a second worker asking meanwhile is told no at once instead of waiting;
    on SQLite the transaction takes the write lock when it begins, which serialises the claims the same way.
    """
    from cms.models import PeriodicJob

    PeriodicJob.objects.get_or_create(name=name)
    with transaction.atomic():
        job = PeriodicJob.objects.select_for_update(skip_locked=True).filter(name=name).first()
        now = timezone.now()
        if job is None or (job.last_run and now - job.last_run < timedelta(seconds=interval)):
            return False
        job.last_run = now
        job.save(update_fields=["last_run"])
    return True


def scheduled_publishing_run(*, interval: float) -> bool:
    """Runs Wagtail's `publish_scheduled` (go-live and expiry dates) when its turn has come; returns whether it ran."""
    if not periodic_job_claim(name="publish_scheduled", interval=interval):
        return False
    report = io.StringIO()
    call_command("publish_scheduled", stdout=report)
    logger.debug("publish_scheduled: %s", report.getvalue().strip())
    return True
