"""Putting back task results whose worker is gone.

django-tasks-db 0.13 marks a task RUNNING when a worker claims it and never looks at it again: a worker killed
mid-task (SIGKILL, the OOM killer, a lost host) leaves it RUNNING for ever and its work is never done. Workers
name themselves "<host>:<pid>:<process start>" (`worker_identity`), so a worker can tell that another one on
its host is gone; for a worker on another host, a RUNNING task older than TASKS_ABANDONED_AFTER seconds is taken
as abandoned. A task put back may run twice: the project's tasks are idempotent (search tasks bring the index in
line with the database; mail tasks send at least once).
"""

import logging
import os
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
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
