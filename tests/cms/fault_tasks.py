"""A task for the worker-fault test: its first attempt hangs until the test kills the worker."""

import time
from pathlib import Path

from django_tasks import task


@task()
def record_attempt(path: str) -> int:
    """Appends "start"; the first attempt then hangs, a later one appends "done". Returns the attempts so far."""
    marker = Path(path)
    with marker.open("a") as out:
        out.write("start\n")
    attempts = marker.read_text().split().count("start")
    if attempts == 1:
        time.sleep(300)
    with marker.open("a") as out:
        out.write("done\n")
    return attempts


LOAD_PRIORITY = 100  # the highest django-tasks allows


@task()
def read_then_write(marker: str) -> int:
    """Reads, then writes in the same transaction: the pattern that met "database is locked" on SQLite."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        count = DBTaskResult.objects.count()
        # A write that leaves the queue's order as it was: the load stays ahead of the other queued tasks.
        DBTaskResult.objects.filter(task_path=marker).update(priority=LOAD_PRIORITY)
    return count


@task()
def locked_once(path: str) -> int:
    """Fails as SQLite does when another writer holds the lock, on its first attempt only."""
    from django.db import OperationalError

    marker = Path(path)
    with marker.open("a") as out:
        out.write("start\n")
    attempts = marker.read_text().split().count("start")
    if attempts == 1:
        raise OperationalError("database is locked")
    return attempts
