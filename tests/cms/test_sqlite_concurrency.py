"""Publishing on SQLite while the task worker writes: `make run`'s setup (a file database, runserver and
`manage.py db_worker`). Publishing once failed in one try of two with "database is locked" and the admin showed
the public 503 page; every publish must succeed, and the worker must lose no task to the lock."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from scripts import processes
from tests.cms.test_faults import ROOT

TRIES = 10
pytestmark = pytest.mark.django_db  # so the session sets its database up; the work happens in the copy


@pytest.fixture
def sqlite_file(tmp_path):
    """A file copy of the session's demo database, as `make run` uses one."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking is under test; the SQLite run of the suite has it")
    path = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    # Not connection.backup(): the test's transaction holds SQLite's write lock, under which a backup never starts.
    copy = sqlite3.connect(path)
    copy.executescript("\n".join(connection.connection.iterdump()))
    copy.close()
    return path


def test_publishing_through_the_admin_succeeds_every_time_while_the_worker_writes(sqlite_file, tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": f"sqlite:///{sqlite_file}",
           "SEARCH_ENABLED": "0"}
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--no-startup-delay"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    load = subprocess.Popen([sys.executable, "-m", "tests.cms.sqlite_load", "enqueue", "600"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        publisher = subprocess.run([sys.executable, "-m", "tests.cms.sqlite_load", "publish", str(TRIES)],
                                   cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    finally:
        for process in (load, worker):
            processes.stop(process)
        log.close()
    assert publisher.returncode == 0, publisher.stderr[-3000:]
    tries = [json.loads(line) for line in publisher.stdout.splitlines() if line.startswith("{")]
    assert len(tries) == TRIES, publisher.stdout[-3000:] + publisher.stderr[-3000:]
    failed = [attempt for attempt in tries if attempt["status"] != 302 or not attempt["live"]]
    assert not failed, failed

    with sqlite3.connect(sqlite_file, timeout=30) as db:
        statuses = dict(db.execute(f"SELECT status, COUNT(*) FROM {DBTaskResult._meta.db_table} "
                                   "WHERE task_path = 'tests.cms.fault_tasks.read_then_write' GROUP BY status"))
    assert statuses.get(TaskResultStatus.SUCCESSFUL, 0) > 0, statuses
    assert TaskResultStatus.FAILED not in statuses, (statuses, (tmp_path / "worker.log").read_text()[-3000:])


def test_a_task_that_met_a_locked_database_is_queued_again_and_runs(tmp_path):
    from cms.management.commands.db_worker import Worker
    from tests.cms.fault_tasks import locked_once, record_attempt

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
    locked = locked_once.enqueue(str(tmp_path / "locked.txt"))
    row = DBTaskResult.objects.get(pk=locked.id)
    row.claim(worker.worker_id)
    worker.run_task(row)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.run_after > row.enqueued_at

    DBTaskResult.objects.filter(pk=locked.id).update(run_after=row.enqueued_at)
    row.refresh_from_db()
    row.claim(worker.worker_id)
    worker.run_task(row)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == 2

    # Any other failure stays a failure.
    other = record_attempt.enqueue(str(tmp_path / "missing" / "attempts.txt"))
    other_row = DBTaskResult.objects.get(pk=other.id)
    other_row.claim(worker.worker_id)
    worker.run_task(other_row)
    other_row.refresh_from_db()
    assert other_row.status == TaskResultStatus.FAILED
